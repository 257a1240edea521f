#!/bin/sh
# selftest.sh - tests/run.sh's KTAP and tests/ktap/check.sh, on scripts
# made up here (they only print, through tests/lib/tap.sh: safe on any
# host). The consumers must agree with the suite on a log with passes,
# failures, a skip, a crash, a silent script and one that stops early,
# and check.sh must fail when a case line is lost, when two names fold to
# one, and when a script's top-level verdict hides a failing case.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. "$here/../lib/result.sh"

mkdir "$tmp/guest"
fake() { # NAME BODY
	printf '. "%s/tests/lib/tap.sh"\n%s\n' "$top" "$2" >"$tmp/guest/$1.sh"
}
fake a_pass 't_ok "alpha passes"
t_skip "alpha skips" "a reason given"
diag "a diagnostic"
echo "stray output, not a result"
t_done'
fake b_fail 't_ok "beta passes"
t_fail "beta fails" "the reason"
t_done'
fake c_crash 't_ok "gamma passes"
exit 3'
fake d_silent 'exit 0'
fake e_early 't_ok "epsilon passes"
exit 0'

suite() { # LOG: the runner on the made-up scripts
	HIND=true HIND_CGROUP=v2 HIND_GUEST_DIR="$tmp/guest" sh "$top/tests/run.sh" >"$1" 2>&1
}
# check LOG LABEL: check.sh's verdict and output, in $rc and $tmp/out
check() {
	sh "$here/check.sh" "$1" "$2" >"$tmp/out" 2>&1
	rc=$?
	sed 's/^/# /' "$tmp/out"
}

suite "$tmp/good.log"
check "$tmp/good.log" made-up
# 4 pass (alpha, beta, gamma, epsilon), 1 skip, 4 fail (beta fails, and
# one "ran to its end" case each for c_crash, d_silent and e_early).
r=1
[ $rc = 0 ] &&
	grep -q '^# kunit.py: Ran 9 tests: passed: 4, failed: 4, skipped: 1$' "$tmp/out" &&
	grep -q '^# prove: .*Tests=5, failed: 2 3 4 5 $' "$tmp/out" &&
	grep -q '^  not ok 2 c_crash: the script ran to its end$' "$tmp/good.log" &&
	grep -q '^  ok 2 alpha skips # SKIP a reason given$' "$tmp/good.log" &&
	grep -q '^  # stray output, not a result$' "$tmp/good.log" && r=0
result $r "ktap self-test: kunit.py and prove agree with the suite on passes, failures, a skip, a crash, a silent script and an early stop"

grep -v '^  ok 1 beta passes$' "$tmp/good.log" >"$tmp/lost.log"
check "$tmp/lost.log" lost-line
r=1
[ $rc = 1 ] && grep -q '^not ok 2 lost-line: kunit.py' "$tmp/out" && r=0
result $r "ktap self-test: a lost case line fails the kunit.py check"

sed 's/^not ok 2 b_fail$/ok 2 b_fail/' "$tmp/good.log" >"$tmp/flip.log"
check "$tmp/flip.log" flipped
r=1
[ $rc = 1 ] && grep -q '^not ok 3 flipped: prove' "$tmp/out" && r=0
result $r "ktap self-test: a script passed over a failing case fails the prove check"

fake f_dup 't_ok "Alpha-passes"
t_done'
suite "$tmp/dup.log"
check "$tmp/dup.log" duplicate
r=1
[ $rc = 1 ] && grep -q '^not ok 1 duplicate: case names' "$tmp/out" &&
	grep -q 'alpha_passes' "$tmp/out" && r=0
result $r "ktap self-test: two names that fold to one fail the names check"
exit $fail
