#!/bin/sh
# check.sh LOG [LABEL [OTHER]] - read the guest suite's KTAP (a QEMU
# cell's serial log, or tests/run.sh's output) with consumers nobody here
# wrote, and check that each one agrees with the suite's own count.
#
#   names   every case has a name, no '#' in it, printable ASCII, and no two
#           cases share a name after LAVA's folding (lower case, each run
#           of non-word characters as '_': LAVA keeps every case of a
#           monitor in one suite, so a repeated name would hide a case)
#   kunit   the kernel's parser, tools/testing/kunit/kunit.py parse: no
#           [ERROR], and its "Ran N tests: passed: P, failed: F,
#           skipped: S" (zero counts left out) is the suite's count
#   prove   Perl's TAP::Harness reads the top level only (one test per
#           script): as many tests as scripts, and it fails exactly the
#           scripts with a failing case under them
#   stable  (with OTHER, another run's log of the same scripts) the same
#           case names in the same order: no PID, temporary path or
#           measured figure in a name
#
# The suite's own count is tests/check.sh's: the result lines indented
# one level (the cases), SKIP lines counted as skipped. Prints one TAP line
# per check ("ok N LABEL: ...") and diagnostics; exit 1 if one failed.
set -u
log=$1
label=${2:-$(basename "$log" .log)}
other=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. "$here/../lib/result.sh"

if [ ! -r "$log" ]; then
	echo "# ktap: no log '$log'"
	result 1 "$label: case names are unique after LAVA's folding"
	result 1 "$label: kunit.py parse counts what the suite counts"
	result 1 "$label: prove fails exactly the scripts with a failing case"
	exit 1
fi

# The suite's count.
sed -n 's/^  \(\(not \)\{0,1\}ok [0-9].*\)/\1/p' "$log" >"$tmp/cases"
skipped=$(grep -c '^ok .*# SKIP' "$tmp/cases")
passed=$(($(grep -c '^ok ' "$tmp/cases") - skipped))
failed=$(grep -c '^not ok ' "$tmp/cases")
total=$((passed + failed + skipped))
echo "# $label: the suite counts $total cases: $passed passed, $failed failed, $skipped skipped"

# names: the description is what stands between the number and a '#'.
awk '
function bad(why) { print "# " why ": " script ": " $0; nbad++ }
/^  # Subtest: / { script = substr($0, 14); next }
!/^  (not )?ok [0-9]/ { next }
{
	line = $0
	sub(/^  (not )?ok [0-9]+ ?/, "", line)
	name = line
	dir = ""
	if ((i = index(line, "#")) > 0) {
		name = substr(line, 1, i - 1)
		dir = substr(line, i)
	}
	sub(/[ \t]+$/, "", name)
	if (name == "")
		bad("a case with no name")
	else if (dir != "" && dir !~ /^# SKIP( |$)/)
		bad("a \"#\" in a name, or a directive other than SKIP")
	else if (name ~ /[^ -~]/)
		bad("a character outside printable ASCII")
	# LAVA: test_case_id.strip().lower(), then re.sub(r"\W+", "_", ...)
	key = tolower(name)
	gsub(/^[ \t]+|[ \t]+$/, "", key)
	gsub(/[^a-z0-9_]+/, "_", key)
	if (key in seen) {
		print "# same name after folding (" key "): " seen[key] " and " script ": \"" name "\""
		nbad++
	}
	seen[key] = script ": \"" name "\""
}
END { exit nbad > 0 }' "$log"
result $? "$label: case names are unique after LAVA's folding"

# kunit: what it prints for a test tree, zero counts left out.
want="Ran $total tests:"
sep=
for kv in "passed:$passed" "failed:$failed" "skipped:$skipped"; do
	[ "${kv#*:}" -gt 0 ] || continue
	want="$want$sep ${kv%%:*}: ${kv#*:}"
	sep=,
done
r=1
if kunit=$(sh "$here/fetch-kunit.sh"); then
	python3 "$kunit" parse <"$log" >"$tmp/kunit" 2>&1
	krc=$?
	got=$(sed -n 's/.*Testing complete\. //p' "$tmp/kunit")
	grep '\[ERROR\]' "$tmp/kunit" | sed 's/^/# /' | head -n 20
	# kunit.py exits 1 when a test failed (or on a parse error)
	wrc=0
	[ "$failed" -eq 0 ] || wrc=1
	if ! grep -q '\[ERROR\]' "$tmp/kunit" && [ "$got" = "$want" ] && [ $krc = $wrc ]; then
		r=0
		echo "# kunit.py: $got"
	else
		echo "# kunit.py: '$got' (exit $krc), want '$want' (exit $wrc)"
	fi
fi
result $r "$label: kunit.py parse counts what the suite counts"

# prove: the top-level result lines, and which scripts have a failing case.
awk '
/^KTAP version 1$/ { top = 1; next }
!top { next }
/^  not ok [0-9]+/ { bad = 1; next }
/^(not )?ok [0-9]+/ {
	verdict = ($1 == "not") ? "fail" : "pass"
	num = ($1 == "not") ? $3 : $2
	print num, verdict, (bad ? "fail" : "pass")
	bad = 0
}' "$log" >"$tmp/top"
scripts=$(wc -l <"$tmp/top")
# The suite's rule: a script is not ok when a case under it failed.
awk '$2 != $3 { print "# top-level line " $1 " is " $2 " but its cases " $3; e = 1 } END { exit e }' "$tmp/top"
rule=$?
wantfail=$(awk '$3 == "fail" { printf "%s ", $1 }' "$tmp/top")
prove -e cat "$log" >"$tmp/prove" 2>&1
# "Failed tests:  3, 5-7" lists ranges; "Files=1, Tests=13" the total.
gotfail=$(sed -n 's/^ *Failed tests\{0,1\}: *//p' "$tmp/prove" | tr ',' '\n' |
	awk -F- '{ gsub(/ /, ""); if ($0 == "") next; to = NF > 1 ? $2 : $1; for (i = $1; i <= to; i++) printf "%d ", i }')
gottests=$(sed -n 's/^Files=1, Tests=\([0-9]*\),.*/\1/p' "$tmp/prove")
if [ $rule = 0 ] && [ "$gottests" = "$scripts" ] && [ "$gotfail" = "$wantfail" ] &&
	! grep -q 'Parse errors' "$tmp/prove"; then
	r=0
	echo "# prove: $(tail -n 1 "$tmp/prove"), Tests=$gottests, failed: ${gotfail:-none}"
else
	r=1
	echo "# prove: Tests=$gottests failed '${gotfail}', want Tests=$scripts failed '${wantfail}'"
	grep -i 'parse errors\|planned' "$tmp/prove" | sed 's/^/# /'
fi
result $r "$label: prove fails exactly the scripts with a failing case"

# stable: "SCRIPT: NAME" of every case, in order, in both logs.
names() {
	sed -n 's/^  # Subtest: //p; s/^  \(not \)\{0,1\}ok [0-9]* \([^#]*\).*/  \2/p' "$1" |
		sed 's/ *$//'
}
if [ -n "$other" ]; then
	names "$log" >"$tmp/names"
	names "$other" >"$tmp/other"
	if [ ! -r "$other" ] || [ "$(grep -v '^  ' "$tmp/names")" != "$(grep -v '^  ' "$tmp/other")" ]; then
		n=$((n + 1))
		echo "ok $n $label: the case names are those of another run # SKIP no log of another run of the same scripts"
	else
		r=0
		cmp -s "$tmp/names" "$tmp/other" || {
			r=1
			diff "$tmp/names" "$tmp/other" | head -n 20 | sed 's/^/# this|other: /'
		}
		echo "# the other run: $other"
		result $r "$label: the case names are those of another run"
	fi
fi
exit $fail
