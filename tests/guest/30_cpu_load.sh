#!/bin/sh
# 30_cpu_load.sh - cpu_load measured against CFS bandwidth control.
#
# Hierarchy: one cgroup, hind-test30.PID, made by this script below its own
# cgroup (v1: in the cpu hierarchy, and in cpuacct too when that is a
# separate hierarchy; v2: with +cpu in its own subtree_control). A shell
# writes its pid into cgroup.procs and execs cpu_load, so the load is born
# inside.
# Limits: no quota; then 10%, 50% and 90% of one CPU (QUOTA/100000 us), one
# thread for 10, 5 and 5 s; 150% with two threads where there are two CPUs,
# judged against what an unthrottled pair got just before and after.
# Expected: cpu_load's overall share agrees with the share that the
# cgroup's own usage counter (cpu.stat usage_usec, v1 cpuacct.usage) shows
# over its run, and with the quota, within the kernel selftests' 10%; the
# figures are printed as diagnostics (goal: within 1 percentage point).
# --expect exits 0 inside its tolerance and 1 outside; bad options and an
# unreadable cgroup exit 1; SIGTERM ends a run with its summary. Every
# cgroup made here is removed on every path.
. "$(dirname "$0")/../lib/tap.sh"

name=hind-test30.$$
out=$HIND_TMP/out err=$HIND_TMP/err
cpu= acct= made= load= started=

cleanup() {
	[ -n "$load" ] && kill -9 "$load" 2>/dev/null && wait "$load" 2>/dev/null
	# Only what this script made.
	rm_cgroups $made
	made=
	rm -rf "$HIND_TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# usage_us: the cgroup's CPU usage counter in microseconds.
# usage0_us: the same, as the joining shell read it before exec (run_load).
usage_us() {
	if [ "$HIND_CGROUP" = v2 ]; then
		sed -n 's/^usage_usec //p' "$cpu/cpu.stat"
	else
		echo $(($(cat "$acct/cpuacct.usage") / 1000))
	fi
}
usage0_us() {
	if [ "$HIND_CGROUP" = v2 ]; then
		awk '$1 == "usage_usec" { print $2 }' "$HIND_TMP/u0"
	else
		awk '{ printf "%d\n", $1 / 1000 }' "$HIND_TMP/u0"
	fi
}

# throttled, periods: the kernel's nr_throttled and nr_periods.
throttled() { sed -n 's/^nr_throttled //p' "$cpu/cpu.stat"; }
periods() { sed -n 's/^nr_periods //p' "$cpu/cpu.stat"; }

# set_quota US: US microseconds per 100 ms period; "max" for none.
set_quota() {
	if [ "$HIND_CGROUP" = v2 ]; then
		echo "$1 100000" >"$cpu/cpu.max"
	else
		echo 100000 >"$cpu/cpu.cfs_period_us" &&
			echo "$([ "$1" = max ] && echo -1 || echo "$1")" >"$cpu/cpu.cfs_quota_us"
	fi
}

# run_load SECONDS ARGS...: cpu_load ARGS in the test cgroup, stdout in
# $out, stderr in $err, exit status in $rc; killed after SECONDS (rc=timeout).
# The shell that joins the cgroup reads the usage counter with builtins
# just before it execs cpu_load, into $HIND_TMP/u0 (usage_us reads it), so
# the shell's own start-up is not counted against cpu_load.
run_load() {
	_limit=$1
	shift
	rm -f "$HIND_TMP/u0"
	CG_DIRS="$cpu $([ "$acct" != "$cpu" ] && echo "$acct")" \
	USAGE=$([ "$HIND_CGROUP" = v2 ] && echo "$cpu/cpu.stat" || echo "$acct/cpuacct.usage") \
	U0=$HIND_TMP/u0 \
		sh -c 'for d in $CG_DIRS; do echo $$ >"$d/cgroup.procs" || exit 125; done
		read a b <"$USAGE" && echo "$a $b" >"$U0"
		exec "$@"' sh "$HIND" cpu_load "$@" >"$out" 2>"$err" &
	load=$!
	started="$started $load"
	wait_bounded "$load" "$_limit"
	load=
}

# run_limited SECONDS ARGS...: run_load under a quota, with the kernel's
# counters before (u0, th0) and after (u1, th1). When the kernel throttled
# the cgroup in fewer than 80% of its periods, the machine, not the quota,
# held the load back (a busy shared host): run again, 3 runs at most.
run_limited() {
	_try=1
	while :; do
		u0=$(usage_us) th0=$(throttled) np0=$(periods)
		run_load "$@"
		u1=$(usage_us) th1=$(throttled) np1=$(periods)
		# From just before cpu_load's exec, when the shell could read it.
		[ -s "$HIND_TMP/u0" ] && u0=$(usage0_us)
		[ "$rc" = timeout ] || [ $_try -ge 3 ] ||
			[ $(((th1 - th0) * 10)) -ge $(((np1 - np0) * 8)) ] && return
		diag "busy machine: throttled in $((th1 - th0)) of $((np1 - np0)) periods only; running again"
		_try=$((_try + 1))
	done
}

# field NAME: a number from cpu_load's summary line ("share 10.01%").
field() {
	sed -n "s/^cpu_load: summary:.*[ ,]$1 \([0-9.]*\).*/\1/p" "$out"
}

# below A B: A < B for decimals.
below() {
	case $1$2 in *[!0-9.]* | "") return 1 ;; esac
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'
}

# close A B PCT: A and B are numbers, B > 0, and they differ by at most
# PCT% of B.
close() {
	case $1$2 in *[!0-9.]* | "") return 1 ;; esac
	awk -v a="$1" -v b="$2" -v p="$3" 'BEGIN {
		d = a - b; if (d < 0) d = -d; exit !(b > 0 && d <= b * p / 100) }'
}

# ---- options and errors, no cgroup needed ----
for bad in "-t 0" "-t x" "-d 0" "-r 0" "--expect x" "--expect 5:" "extra"; do
	"$HIND" cpu_load $bad >"$out" 2>"$err"
	rc=$?
	if [ $rc = 1 ] && grep -q "Try 'cpu_load --help'" "$err" && [ ! -s "$out" ]; then
		t_ok "cpu_load: bad usage '$bad' exits 1 with a hint"
	else
		t_fail "cpu_load: bad usage '$bad' exits 1 with a hint" "exit $rc: $(cat "$err")"
	fi
done

# No cgroup file system in sight: a private mount namespace with a tmpfs
# over the cgroup root (nothing outside that namespace changes).
if unshare -m true 2>/dev/null; then
	unshare -m sh -c 'mount -t tmpfs none /sys/fs/cgroup && exec "$@"' sh \
		"$HIND" cpu_load -d 1 >"$out" 2>"$err"
	rc=$?
	if [ $rc = 1 ] && grep -q "^cpu_load: cannot read own cgroup: " "$err"; then
		t_ok "cpu_load: unreadable cgroup exits 1 with a message"
		diag "$(cat "$err")"
	else
		t_fail "cpu_load: unreadable cgroup exits 1 with a message" "exit $rc: $(cat "$err")"
	fi
else
	t_fail "cpu_load: unreadable cgroup exits 1 with a message" "unshare -m failed"
fi

# Where the shell runs, with no configuration. A busy host can delay a
# row past the end of the run: up to 3 runs, each miss printed.
try=0 ok=
while [ $try -lt 3 ] && [ -z "$ok" ]; do
	try=$((try + 1))
	"$HIND" cpu_load -d 0.5 -r 250ms >"$out" 2>"$err"
	rc=$?
	if [ $rc = 0 ] && [ -n "$(field share)" ] && [ "$(grep -c '%' "$out")" = 3 ]; then
		ok=1
	else
		diag "own cgroup, run $try: exit $rc, $(grep -c '%' "$out") lines with a share (load $(cut -d' ' -f1-3 /proc/loadavg)):"
		sed 's/^/#   /' "$out" "$err"
	fi
done
if [ -n "$ok" ]; then
	t_ok "in the shell's own cgroup: 2 rows and a summary, exit 0"
else
	t_fail "in the shell's own cgroup: 2 rows and a summary, exit 0" "exit $rc: $(cat "$err")"
fi
diag "own cgroup: $(head -n 1 "$out")"

# ---- the test cgroup ----
if ! has_ctrl cpu; then
	t_skip "cpu_load under CFS quotas" "kernel $(uname -r) has no $HIND_CGROUP cpu controller"
	t_done
fi
cpu=$(cg_dir cpu)
acct=$cpu
if [ "$HIND_CGROUP" = v1 ]; then
	acct=$(cg_dir cpuacct)
	if [ -z "$acct" ] || ! [ -d "$acct" ]; then
		t_skip "cpu_load under CFS quotas" "kernel $(uname -r) has no v1 cpuacct controller"
		t_done
	fi
	# Co-mounted (cpu,cpuacct): one directory under two names.
	[ "$(stat -L -c %d:%i "$acct")" = "$(stat -L -c %d:%i "$cpu")" ] && acct=$cpu
elif ! grep -qw cpu "$cpu/cgroup.subtree_control"; then
	echo +cpu >"$cpu/cgroup.subtree_control" ||
		{ t_fail "enable cpu below '$cpu'"; t_done; }
fi
diag "cgroup $HIND_CGROUP: cpu '$cpu/$name', usage counter '$acct/$name'"
mkdir "$cpu/$name" || { t_fail "create '$cpu/$name'"; t_done; }
made="$cpu/$name"
cpu=$cpu/$name
if [ "$acct" != "${cpu%/*}" ]; then
	mkdir "$acct/$name" || { t_fail "create '$acct/$name'"; t_done; }
	made="$made $acct/$name"
	acct=$acct/$name
else
	acct=$cpu
fi

# ---- no quota: the output format ----
set_quota max
run_load 20 -d 1 -r 250ms
rows=$(grep -cE '^ +[0-9]+\.[0-9]s +[0-9]+\.[0-9]% +[0-9]+\.[0-9]% +([0-9]+\.[0-9]%|-) +none +[0-9]+/[0-9]+$' "$out")
if [ "$rc" = 0 ] && grep -q "^cpu_load: 1 thread for 1.0s, cgroup '.*$name' (v[12]), quota none$" "$out" &&
	grep -qE '^ +time +share +overall +cgroup +quota +throttled$' "$out" &&
	[ "$rows" = 4 ] && [ -n "$(field share)" ] && [ "$(wc -l <"$out")" = 7 ]; then
	t_ok "no quota: header, 4 rows in 1 s at 250 ms, summary, exit 0"
else
	t_fail "no quota: header, 4 rows in 1 s at 250 ms, summary, exit 0" "exit $rc, $rows rows"
	sed 's/^/# /' "$out" "$err"
fi

# ---- 10%, 50%, 90% of one CPU ----
for pct in 10 50 90; do
	set_quota $((pct * 1000)) || { t_fail "quota $pct%: cannot set"; continue; }
	# The 50% run checks that --expect fails outside its tolerance.
	if [ $pct = 50 ]; then want=1 expect=90:5; else want=0 expect=$pct; fi
	# Exec and exit cost the cgroup some 20-45 ms of CPU outside cpu_load's
	# own window under QEMU TCG: 10 s keep that under 0.5 points at 10%.
	if [ $pct = 10 ]; then d=10; else d=5; fi
	run_limited 40 -d $d --expect $expect
	share=$(field share) wall=$(field wall) cpus=$(field cpu)
	if [ "$rc" = timeout ] || [ -z "$share" ]; then
		t_fail "quota $pct%: cpu_load ran" "exit $rc: $(cat "$err")"
		sed 's/^/# /' "$out"
		continue
	fi
	# The cgroup's own view over cpu_load's wall time.
	cgshare=$(awk -v u=$((u1 - u0)) -v w="$wall" 'BEGIN { printf "%.2f", u / w / 1e4 }')
	diag "quota $pct%: cpu_load $share% ($cpus s cpu in $wall s), cgroup counter $cgshare% ($((u1 - u0)) us), throttled $((th1 - th0)) periods"
	# CFS grants QUOTA per period; a window that starts in the middle of a
	# period can hold one quota more than its length in periods.
	diag "quota $pct%: $(awk -v c="$cpus" -v w="$wall" -v q=$pct 'BEGIN { printf "%.2f quotas in %.2f periods", c * 1e3 / q, w * 10 }')"
	diag "quota $pct%: share - quota = $(awk -v a="$share" -v b=$pct 'BEGIN { printf "%+.2f", a - b }') points, share - cgroup = $(awk -v a="$share" -v b="$cgshare" 'BEGIN { printf "%+.2f", a - b }') points (goal: within 1)"
	t_check "quota $pct%: share agrees with the cgroup's usage counter (10%)" \
		close "$share" "$cgshare" 10
	t_check "quota $pct%: share agrees with the quota (10%)" close "$share" $pct 10
	t_check "quota $pct%: the kernel throttled it" [ $((th1 - th0)) -gt 0 ]
	if [ "$rc" = $want ] && grep -q "^cpu_load: expected .*: $([ $want = 0 ] && echo ok || echo FAILED)$" "$out"; then
		t_ok "quota $pct%: --expect $expect exits $want"
	else
		t_fail "quota $pct%: --expect $expect exits $want" "exit $rc"
		sed 's/^/# /' "$out"
	fi
done

# ---- two threads: the share counts every thread ----
# The share must agree with the cgroup's counter, which adds up every
# thread, and stay within the quota. It must also reach the quota, or
# what the machine gave: on a busy host (another QEMU guest on these 2
# CPUs) two threads cannot get 150%, and a TCG guest sees no steal time,
# so /proc/stat cannot tell. An unthrottled pair of burners in the same
# cgroup just before and just after the quota's window measures it: the
# share must reach 90% of the smaller of 150% and what the pair got.
# The pair is measured by the cgroup's own counter, not by cpu_load. Up
# to 3 rounds, each one's figures printed; the first inside passes.
# unthrottled: cap is the cgroup's usage over the wall time of cpu_load
# -t 2 for 1.5 s without a quota, in percent of one CPU (0 if it did not
# run). Not in a $(...) subshell: that would run the EXIT trap.
unthrottled() {
	set_quota max
	_u0=$(usage_us)
	run_load 20 -t 2 -d 1.5
	_u1=$(usage_us)
	[ -s "$HIND_TMP/u0" ] && _u0=$(usage0_us)
	cap=$(awk -v u=$((_u1 - _u0)) -v w="$(field wall)" 'BEGIN { printf "%.2f", (w > 0 ? u / w / 1e4 : 0) }')
}
if [ "$(nproc)" -ge 2 ]; then
	round=0 reached=
	while [ $round -lt 3 ] && [ -z "$reached" ]; do
		round=$((round + 1))
		unthrottled
		cap0=$cap
		set_quota 150000
		u0=$(usage_us) th0=$(throttled) np0=$(periods)
		run_load 30 -t 2 -d 3
		u1=$(usage_us) th1=$(throttled) np1=$(periods)
		[ -s "$HIND_TMP/u0" ] && u0=$(usage0_us)
		share=$(field share) wall=$(field wall)
		cgshare=$(awk -v u=$((u1 - u0)) -v w="${wall:-1}" 'BEGIN { printf "%.2f", u / w / 1e4 }')
		unthrottled
		cap1=$cap
		# 90% of the smaller of the quota and the pair's worst window
		# (of the quota if the pair did not run).
		want=$(awk -v a="$cap0" -v b="$cap1" 'BEGIN { c = a < b ? a : b; if (c <= 0 || c > 150) c = 150; printf "%.2f", c * 0.9 }')
		diag "quota 150%, 2 threads, round $round: cpu_load ${share:-?}%, cgroup counter $cgshare%, throttled $((th1 - th0)) of $((np1 - np0)) periods; unthrottled pair ${cap0}% before, ${cap1}% after: want at least ${want}% (load $(cut -d' ' -f1-3 /proc/loadavg))"
		below "$want" "$share" && reached=1
	done
	t_check "two threads under 150%: share agrees with the cgroup's counter (10%)" \
		close "$share" "$cgshare" 10
	t_check "two threads under 150%: share within the quota" below "$share" 165
	t_check "two threads under 150%: share reaches the quota, or 90% of what an unthrottled pair got" \
		[ -n "$reached" ]
else
	t_skip "two threads under 150%" "needs 2 CPUs, this machine has $(nproc)"
fi

# ---- SIGTERM ends an endless run with a summary ----
set_quota 10000
# Empty first: the last run's output must not look like this one's start.
: >"$out"
CG_DIRS="$cpu $([ "$acct" != "$cpu" ] && echo "$acct")" \
	sh -c 'for d in $CG_DIRS; do echo $$ >"$d/cgroup.procs" || exit 125; done
	exec "$@"' sh "$HIND" cpu_load -r 100ms >"$out" 2>"$err" &
load=$!
started="$started $load"
i=0
while ! grep -q '%' "$out" 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -TERM "$load"
i=0
while kill -0 "$load" 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -0 "$load" 2>/dev/null && kill -9 "$load"
wait "$load"
rc=$?
load=
if [ $rc = 0 ] && grep -q '^cpu_load: 1 thread until killed' "$out" && [ -n "$(field share)" ]; then
	t_ok "SIGTERM ends an endless run with a summary, exit 0"
else
	t_fail "SIGTERM ends an endless run with a summary, exit 0" "exit $rc"
	sed 's/^/# /' "$out" "$err"
fi

cleanup
t_check "cpu_load: no test cgroup is left" sh -c "! [ -d '$cpu' ] && ! [ -d '$acct' ]"
alive=
for p in $started; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
t_is "cpu_load: no load started here is left running" "$alive" ""
t_done
