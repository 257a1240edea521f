#!/bin/sh
# 31_memory_load.sh - memory_load against a memory limit.
#
# Hierarchy: one cgroup, hind-test31.PID, made by this script below its own
# memory cgroup (v2: with +memory in its own subtree_control). A shell
# writes its pid into cgroup.procs and execs memory_load, so the load is
# born inside.
# Limits: none (format, --hold); then 16 MiB with swap limited to 0 where
# the kernel accounts swap (v1 memory.memsw.limit_in_bytes = 16 MiB, v2
# memory.swap.max = 0).
# Expected: 1 MiB steps of touched memory are OOM-killed (SIGKILL, 137)
# before 18 MiB, read from memory_load's last line, and the kernel's
# oom_kill counter grows; with --no-touch 64 MiB are allocated under the
# 16 MiB limit and it exits 0, charged below the limit; where swap exists
# and is not limited, a warning appears (SKIP on a machine without swap,
# unless HIND_TEST_SWAPDEV names a block device to swap on for the case);
# --hold keeps the memory charged until killed; bad options and an
# unreadable cgroup exit 1. Every cgroup made here is removed on every path.
. "$(dirname "$0")/../lib/tap.sh"

name=hind-test31.$$
out=$HIND_TMP/out err=$HIND_TMP/err
mem= made= load= started= swapdev=
MiB=1048576

cleanup() {
	[ -n "$load" ] && kill -9 "$load" 2>/dev/null && wait "$load" 2>/dev/null
	[ -n "$swapdev" ] && swapoff "$swapdev" 2>/dev/null
	swapdev=
	# Only what this script made.
	rm_cgroups $made
	made=
	rm -rf "$HIND_TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# start_load ARGS...: memory_load ARGS in the test cgroup, in the
# background ($load), stdout in $out, stderr in $err.
start_load() {
	sh -c 'echo $$ >"$1/cgroup.procs" || exit 125; shift; exec "$@"' sh \
		"$mem" "$HIND" memory_load "$@" >"$out" 2>"$err" &
	load=$!
	started="$started $load"
}

# wait_load SECONDS: wait for $load at most SECONDS, then kill it; the
# exit status in $rc ("timeout" if it had to be killed).
wait_load() {
	wait_bounded "$load" "$1"
	load=
}

# The kernel's files for the test cgroup, read here, not through hind.
charged() {
	if [ "$HIND_CGROUP" = v2 ]; then cat "$mem/memory.current"
	else cat "$mem/memory.usage_in_bytes"; fi
}
oom_kills() {
	if [ "$HIND_CGROUP" = v2 ]; then
		sed -n 's/^oom_kill //p' "$mem/memory.events"
	else
		sed -n 's/^oom_kill //p' "$mem/memory.oom_control"
	fi
}
peak() {
	if [ "$HIND_CGROUP" = v2 ]; then cat "$mem/memory.peak" 2>/dev/null
	else cat "$mem/memory.max_usage_in_bytes"; fi
}
# set_limit BYTES SWAP: memory limit and swap on top ("max": none).
# Returns 2 when the kernel does not account swap (nothing to write to).
set_limit() {
	if [ "$HIND_CGROUP" = v2 ]; then
		echo "$1" >"$mem/memory.max" || return 1
		[ -e "$mem/memory.swap.max" ] || return 2
		echo "$2" >"$mem/memory.swap.max"
		return
	fi
	if [ ! -e "$mem/memory.memsw.limit_in_bytes" ]; then
		[ "$1" = max ] && set -- -1 "$2"
		echo "$1" >"$mem/memory.limit_in_bytes" || return 1
		return 2
	fi
	# memsw (memory + swap) may never be below the memory limit.
	echo -1 >"$mem/memory.memsw.limit_in_bytes" || return 1
	if [ "$1" = max ]; then
		echo -1 >"$mem/memory.limit_in_bytes"
		return
	fi
	echo "$1" >"$mem/memory.limit_in_bytes" || return 1
	[ "$2" = max ] && return
	echo $(($1 + $2)) >"$mem/memory.memsw.limit_in_bytes"
}
# col N: column N (1 alloc, 3 charged) of the last row, in MiB.
col() { grep -E '^ +[0-9]' "$out" | tail -n 1 | awk -v n="$1" '{ print $n }'; }
# below A B: A < B for decimals.
below() {
	case $1$2 in *[!0-9.]* | "") return 1 ;; esac
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'
}
swap_total() { awk 'NR > 1 { s += $3 } END { print s + 0 }' /proc/swaps; }

# ---- options and errors, no cgroup needed ----
for bad in "-s 0" "-s x" "-m 0" "-i x" "--hold=1" "extra"; do
	"$HIND" memory_load $bad >"$out" 2>"$err"
	rc=$?
	if [ $rc = 1 ] && grep -q "Try 'memory_load --help'" "$err" && [ ! -s "$out" ]; then
		t_ok "memory_load: bad usage '$bad' exits 1 with a hint"
	else
		t_fail "memory_load: bad usage '$bad' exits 1 with a hint" "exit $rc: $(cat "$err")"
	fi
done

# No cgroup file system in sight: a private mount namespace with a tmpfs
# over the cgroup root (nothing outside that namespace changes).
unshare -m sh -c 'mount -t tmpfs none /sys/fs/cgroup && exec "$@"' sh \
	"$HIND" memory_load -m 1M >"$out" 2>"$err"
rc=$?
if [ $rc = 1 ] && grep -q "^memory_load: cannot read own cgroup: " "$err" && [ ! -s "$out" ]; then
	t_ok "memory_load: unreadable cgroup exits 1 with a message"
	diag "$(cat "$err")"
else
	t_fail "memory_load: unreadable cgroup exits 1 with a message" "exit $rc: $(cat "$err")"
fi

# ---- the test cgroup ----
if ! has_ctrl memory; then
	# Nothing to measure against: memory_load says so and exits 1.
	"$HIND" memory_load -m 1M -i 0 >"$out" 2>"$err"
	rc=$?
	if [ $rc = 1 ] && grep -q "^memory_load: cannot read own cgroup: this kernel offers no memory controller" "$err"; then
		t_ok "no memory controller: exit 1 with a message"
	else
		t_fail "no memory controller: exit 1 with a message" "exit $rc: $(cat "$err")"
	fi
	t_skip "memory_load under memory limits" "kernel $(uname -r) has no $HIND_CGROUP memory controller"
	t_done
fi

# Where the shell runs, with no configuration (v2 guest: the root cgroup,
# which keeps no charge counter; the host: its own memory cgroup).
"$HIND" memory_load -m 2M -i 0 >"$out" 2>"$err"
rc=$?
if [ $rc = 0 ] && [ "$(grep -cE '^ +[0-9]' "$out")" = 3 ] && [ "$(col 1)" = 2.0 ]; then
	t_ok "in the shell's own cgroup: 2 MiB, exit 0"
else
	t_fail "in the shell's own cgroup: 2 MiB, exit 0" "exit $rc: $(cat "$err")"
fi
diag "own cgroup: $(sed -n 2p "$out")"

mem=$(cg_dir memory)
if [ "$HIND_CGROUP" = v2 ] && ! grep -qw memory "$mem/cgroup.subtree_control"; then
	echo +memory >"$mem/cgroup.subtree_control" ||
		{ t_fail "enable memory below '$mem'"; t_done; }
fi
mkdir "$mem/$name" || { t_fail "create '$mem/$name'"; t_done; }
made="$mem/$name"
mem=$mem/$name
diag "cgroup $HIND_CGROUP: '$mem'"

# ---- no limit: the output format, exit 0 at MAX ----
start_load -m 4M -i 0
wait_load 30
rows=$(grep -cE '^ +[0-9]+\.[0-9]( +([0-9]+\.[0-9]|max|-)){4} +([0-9]+|-) +([0-9]+|-)$' "$out")
if [ "$rc" = 0 ] && [ "$rows" = 5 ] && [ "$(col 1)" = 4.0 ] &&
	grep -q "^memory_load: 1.0 MiB without pause up to 4.0 MiB, writing every page$" "$out" &&
	grep -q "^memory_load: cgroup '.*/$name' (v[12]): memory limit none, swap limit " "$out" &&
	grep -qE '^ +alloc +rss +charged +limit +swap +limit-hits +oom-kills$' "$out"; then
	t_ok "no limit: header, a row per step, exit 0 at -m"
else
	t_fail "no limit: header, a row per step, exit 0 at -m" "exit $rc, $rows rows"
	sed 's/^/# /' "$out" "$err"
fi

# ---- --hold: the memory stays charged until the process is killed ----
start_load -m 8M -i 0 --hold
i=0
while ! grep -q '^memory_load: holding' "$out" && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
sleep 0.3
c=$(charged)
if kill -0 "$load" 2>/dev/null && grep -q '^memory_load: holding 8.0 MiB' "$out" &&
	[ "$c" -ge $((8 * MiB)) ]; then
	t_ok "--hold keeps 8 MiB charged and waits"
else
	t_fail "--hold keeps 8 MiB charged and waits" "charged $c"
	sed 's/^/# /' "$out" "$err"
fi
diag "--hold: the kernel charges $c bytes for 8 MiB held"
kill -9 "$load"
wait_load 10
t_is "--hold: killed, it exits 137" "$rc" 137

# ---- 16 MiB, swap 0: OOM-killed at the limit ----
set_limit $((16 * MiB)) 0
case $? in
0) swap_limited=1 ;;
2) swap_limited= ;;
*) t_fail "set a 16 MiB limit"; t_done ;;
esac
if [ -z "$swap_limited" ] && [ "$(swap_total)" -gt 0 ]; then
	t_skip "16 MiB: OOM-killed before 18 MiB" "this kernel does not account swap and swap exists: the overflow would go to swap"
else
	k0=$(oom_kills)
	start_load -i 0
	wait_load 60
	k1=$(oom_kills)
	last=$(grep -E '^ +[0-9]' "$out" | tail -n 1)
	diag "16 MiB limit: last line '$last'; kernel: oom_kill +$((k1 - k0)), peak $(peak) bytes"
	t_is "16 MiB: killed by SIGKILL (137)" "$rc" 137
	t_check "16 MiB: last line allocated less than 18 MiB" below "$(col 1)" 18
	t_check "16 MiB: last line charged less than 18 MiB" below "$(col 3)" 18
	t_check "16 MiB: got to at least 12 MiB first" below 12 "$(col 1)"
	t_check "16 MiB: the kernel counted an OOM kill" [ "$((k1 - k0))" -ge 1 ]
	t_check "16 MiB: the last line shows the kill counter" [ "$(col 7)" = "$k0" ]
	if grep -q 'swap is not limited' "$err"; then
		t_fail "16 MiB, swap limited or absent: no swap warning" "$(cat "$err")"
	else
		t_ok "16 MiB, swap limited or absent: no swap warning"
	fi
fi

# ---- --no-touch: 64 MiB mapped, not charged, not killed ----
start_load -m 64M -s 4M -i 0 --no-touch
wait_load 30
diag "--no-touch: last line '$(grep -E '^ +[0-9]' "$out" | tail -n 1)'"
if [ "$rc" = 0 ] && [ "$(col 1)" = 64.0 ] && below "$(col 3)" 16 &&
	grep -q "^memory_load: 64.0 MiB allocated, .* MiB charged: the kernel charges a page when it is first written" "$out"; then
	t_ok "--no-touch: 64 MiB allocated under 16 MiB, charged below it, exit 0"
else
	t_fail "--no-touch: 64 MiB allocated under 16 MiB, charged below it, exit 0" "exit $rc"
	sed 's/^/# /' "$out" "$err"
fi

# ---- a memory limit without a swap limit, where swap exists ----
if [ "$(swap_total)" = 0 ] && [ -b "${HIND_TEST_SWAPDEV:-}" ]; then
	mkswap "$HIND_TEST_SWAPDEV" >/dev/null 2>&1 &&
		swapon "$HIND_TEST_SWAPDEV" && swapdev=$HIND_TEST_SWAPDEV
fi
if [ "$(swap_total)" = 0 ]; then
	t_skip "limit without swap limit: the warning" "no swap on this machine"
else
	set_limit $((16 * MiB)) max
	start_load -m 1M -i 0
	wait_load 30
	if [ "$rc" = 0 ] && grep -q "^memory_load: warning: memory limit 16.0 MiB, but swap is not limited" "$err"; then
		t_ok "limit without swap limit: the warning"
		diag "$(cat "$err")"
	else
		t_fail "limit without swap limit: the warning" "exit $rc: $(cat "$err")"
	fi
	# The seed's case: past the limit, pages go to swap and nobody dies.
	start_load -m 24M -i 0
	wait_load 60
	diag "24 MiB under 16 MiB, swap not limited: last line '$(grep -E '^ +[0-9]' "$out" | tail -n 1)'"
	if [ "$rc" = 0 ] && [ "$(col 1)" = 24.0 ] && below 0 "$(col 5)"; then
		t_ok "limit without swap limit: 24 MiB survive, swapped out"
	else
		t_fail "limit without swap limit: 24 MiB survive, swapped out" "exit $rc"
	fi
fi

cleanup
t_check "memory_load: no test cgroup is left" [ ! -d "$mem" ]
alive=
for p in $started; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
t_is "memory_load: no load started here is left running" "$alive" ""
t_done
