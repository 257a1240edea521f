#!/bin/sh
# run.sh [PATTERN] - the guest-suite runner: KTAP version 1, the kernel's
# dialect of TAP (Documentation/dev-tools/ktap.rst).
#
# Runs every tests/guest/*.sh (those whose name contains PATTERN), each
# under a timeout, as one subtest per script:
#
#   KTAP version 1
#   1..13
#     KTAP version 1
#     # Subtest: 20_run_exit
#     1..46
#     ok 1 true exits 0
#     ok 2 a skipped case # SKIP why it was skipped
#     # a diagnostic
#   ok 2 20_run_exit
#
# Each script's output is buffered, so its plan is counted and printed
# right after its version line. The script's own version and plan lines
# are dropped, its result lines renumbered, and any other line becomes a
# '# ' diagnostic (so stray output never looks like a result). A script
# that exits non-zero with no failed case, prints no case, or whose own
# plan disagrees with its cases gets one more case, "NAME: the script ran
# to its end", that fails: a "not ok" script always has a failing case
# under it, so the tools that count cases (kunit.py, LAVA) and those that
# read the top level only (prove) agree. Exit 0 only if every script
# passed. Runs in the QEMU guest and on the host (make check-host);
# HIND_GUEST_DIR replaces tests/guest (check.sh's self-test of this format).
here=$(cd "$(dirname "$0")" && pwd)
pattern=${1:-}
timeout_s=${HIND_TEST_TIMEOUT:-900}
guest=${HIND_GUEST_DIR:-$here/guest}
scripts=
for f in "$guest"/*.sh; do
	[ -e "$f" ] || continue
	case $(basename "$f") in *"$pattern"*) scripts="$scripts $f" ;; esac
done
set -- $scripts
echo "KTAP version 1"
echo "1..$#"
n=0 failed=0
out=${TMPDIR:-/tmp}/hind-run.$$
for f in "$@"; do
	n=$((n + 1))
	name=$(basename "$f" .sh)
	timeout "$timeout_s" sh "$f" >"$out" 2>&1
	rc=$?
	case $rc in
	0) why= directive= ;;
	124 | 143) why="timed out after ${timeout_s}s" directive=" # TIMEOUT ${timeout_s}s" ;;
	*) why="exit status $rc" directive= ;;
	esac
	awk -v name="$name" -v rc=$rc -v why="$why" '
	NR == 1 && /^(K?TAP) version [0-9]+$/ { next }
	/^1\.\.[0-9]+$/ { plan = substr($0, 4); next }
	/^(not )?ok [0-9]+( |$)/ {
		cases++
		if (substr($0, 1, 4) == "not ") {
			failed++
			head = "not ok"
			rest = substr($0, 8)
		} else {
			head = "ok"
			rest = substr($0, 4)
		}
		sub(/^[0-9]+/, "", rest)
		line[++k] = head " " cases rest
		next
	}
	/^#/ { line[++k] = $0; next }
	/^$/ { line[++k] = "#"; next }
	{ line[++k] = "# " $0 }
	END {
		bad = ""
		if (rc != 0 && !failed)
			bad = why " with no failed case"
		else if (!cases)
			bad = "no case ran"
		else if (plan == "")
			bad = (why != "" ? why ", " : "") "no plan: it stopped early"
		else if (plan + 0 != cases)
			bad = "its plan is 1.." plan " but " cases " cases ran"
		if (bad != "") {
			cases++
			failed++
			line[++k] = "# " name ": " bad
			line[++k] = "not ok " cases " " name ": the script ran to its end"
		}
		print "  KTAP version 1"
		print "  # Subtest: " name
		print "  1.." cases
		for (i = 1; i <= k; i++)
			print "  " line[i]
		exit failed ? 1 : 0
	}' "$out"
	if [ $? -eq 0 ] && [ $rc -eq 0 ]; then
		echo "ok $n $name"
	else
		echo "not ok $n $name$directive"
		failed=$((failed + 1))
	fi
done
rm -f "$out"
[ $failed -eq 0 ]
