#!/bin/sh
# run.sh [PATTERN] - the guest-suite runner (kselftest runner.sh style).
#
# Runs every tests/guest/*.sh (those whose name contains PATTERN), each
# under a timeout, prints its TAP nested behind "# " and one
# "ok N selftests: hind: NAME" line per script. Exit 0 only if every
# script passed. Runs in the QEMU guest and on the host (make check-host).
here=$(cd "$(dirname "$0")" && pwd)
pattern=${1:-}
timeout_s=${HIND_TEST_TIMEOUT:-900}
scripts=
for f in "$here"/guest/*.sh; do
	case $(basename "$f") in *"$pattern"*) scripts="$scripts $f" ;; esac
done
set -- $scripts
echo "TAP version 13"
echo "1..$#"
n=0 failed=0
out=${TMPDIR:-/tmp}/hind-run.$$
for f in "$@"; do
	n=$((n + 1))
	name=$(basename "$f" .sh)
	timeout "$timeout_s" sh "$f" >"$out" 2>&1
	rc=$?
	sed 's/^/# /' "$out"
	if [ $rc -eq 0 ]; then
		echo "ok $n selftests: hind: $name"
	elif [ $rc -eq 124 ] || [ $rc -eq 143 ]; then
		echo "not ok $n selftests: hind: $name # TIMEOUT ${timeout_s}s"
		failed=$((failed + 1))
	else
		echo "not ok $n selftests: hind: $name # exit=$rc"
		failed=$((failed + 1))
	fi
done
rm -f "$out"
[ $failed -eq 0 ]
