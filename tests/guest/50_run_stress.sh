#!/bin/sh
# 50_run_stress.sh - soak, concurrency and faults: hind-run leaves nothing
# behind after many runs, many at once, runs killed at random, and runs
# killed or failing at each step of their setup.
#
# Hierarchy: the containers' cgroups below this shell's own cgroup (v1: in
# every mounted hierarchy), default names hind-PID and --name
# hindtest-s*; limits $LIM: a 32 MiB memory limit (pids where v1 has no
# memory controller) and --pids-limit 64.
# Expected:
# - soak: HIND_SOAK_RUNS sequential runs of 'true' (default 300, some 25 s
#   in a TCG cell; HIND_SOAK_RUNS=1000 on the kernel command line or in
#   the environment for the full soak, some 80 s) all exit 0; after them
#   no hind cgroup, mount, user process or zombie more than before; the fds
#   of a hind-run at its end (HIND_FAULT=end, read in /proc/PID/fd while
#   it is stopped) are those it had at its start (HIND_FAULT=start).
# - 32 runs at once with limits, default names and then --name: each
#   exits 0 with its output, 32 distinct cgroups while they run (each
#   container prints its own), none after.
# - 32 runs at once while 8 of them are SIGKILLed at random moments: each
#   survivor exits 0 with its output; each victim's cgroup is removed by
#   the next run, which says so; nothing is left.
# - faults: hind-run SIGKILLed while stopped after mkdir, after the limits,
#   after the clone and during the wait: the next run removes its cgroup
#   and says so, no process of it is left; the command cannot be executed
#   (127, 126); a memory limit too small for hind-init (137 and a verdict
#   that says so); pids.max reached while starting (125 and why); an rmdir
#   that is EBUSY until a process hind-run cannot see leaves (a nested
#   hind-run; v1: the cleanup waits for it, v2: cgroup.kill kills it).
#   Each one: nothing left.
. "$(dirname "$0")/../lib/tap.sh"

LIM="--pids-limit 64" ctl=pids
has_ctrl memory && LIM="-m 32M $LIM" ctl=memory
has_ctrl pids || { LIM=${LIM% --pids-limit 64}; ctl=memory; }
runs=${HIND_SOAK_RUNS:-300}
mydir=$(cg_dir $ctl)

# now_cs: uptime in centiseconds.
now_cs() { tr -d . </proc/uptime | cut -d' ' -f1; }
# state PID: the state letter of PID (R, S, T, Z...), empty if gone.
state() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1; }
# wait_stopped PID: bounded wait (20 s) until PID is stopped.
wait_stopped() {
	_i=0
	while [ $_i -lt 200 ] && [ "$(state "$1")" != T ]; do sleep 0.1; _i=$((_i + 1)); done
	[ "$(state "$1")" = T ]
}
# wait_empty DIR: bounded wait (10 s) until cgroup DIR holds no process.
wait_empty() {
	_i=0
	while [ $_i -lt 100 ] && [ -n "$(cat "$1/cgroup.procs" 2>/dev/null)" ]; do sleep 0.1; _i=$((_i + 1)); done
}
# snapshot FILE: what a run could leak, one item per line: hind cgroups
# and the number of cgroups below ours in each hierarchy, the mount
# count, and every user process but this shell and its children (the
# snapshot's own), as "pid comm" (outside the guest, where others come
# and go, only hind's: hind and hind-init).
snapshot() {
	{
		for _d in $(cg_dirs); do
			echo "cgroups $_d $(find "$_d" -mindepth 1 -type d | wc -l)"
		done
		leftovers
		echo "mounts $(grep -c . /proc/self/mountinfo)"
		for _s in /proc/[0-9]*/stat; do
			cat "$_s" 2>/dev/null
			echo
		done | awk -v me=$$ -v all="$GUEST" '{
			pid = $1; rest = $0; sub(/^[^(]*\(/, "", rest)
			comm = rest; sub(/\).*/, "", comm); sub(/.*\) /, "", rest)
			split(rest, f, " ")
			if (pid == "" || pid == 2 || f[2] == 2 || pid == me || f[2] == me) next
			if (!all && comm != "hind" && comm != "hind-init") next
			print "proc " pid " " comm
		}' | sort
	} >"$1" 2>/dev/null
}
# zombies: "pid comm" of every zombie.
zombies() {
	for _s in /proc/[0-9]*/stat; do cat "$_s" 2>/dev/null; echo; done |
		awk '{ rest = $0; sub(/.*\) /, "", rest); if (substr(rest, 1, 1) == "Z") print $1, $2 }'
}
# fds_at PID: the fd numbers of PID, as the kernel lists them.
fds_at() { ls "/proc/$1/fd" 2>/dev/null | sort -n | tr '\n' ' '; }

# ---- hind-run's own fds: the same at its end as at its start ----------------
# fd_check NAME: one run with limits, stopped at start and at the end.
fd_check() {
	HIND_FAULT=start,end "$HIND" run -q $LIM NOIMG true >"$O" 2>"$E" </dev/null &
	_p=$!
	_f0= _f1=
	wait_stopped $_p && _f0=$(fds_at $_p)
	kill -CONT $_p
	# It stops again at the end: wait until it has left the first stop.
	_i=0
	while [ $_i -lt 200 ] && ! grep -q "stops at 'end'" "$E"; do sleep 0.1; _i=$((_i + 1)); done
	wait_stopped $_p && _f1=$(fds_at $_p)
	kill -CONT $_p
	wait $_p
	_rc=$?
	diag "$1: hind-run's fds at its start: $_f0; at its end: $_f1"
	if [ "$_rc" = 0 ] && [ -n "$_f0" ] && [ "$_f0" = "$_f1" ]; then
		t_ok "$1: hind-run's fds at its end are those of its start"
	else
		t_fail "$1: hind-run's fds at its end are those of its start" "exit $_rc; start '$_f0', end '$_f1'; $(cat "$E")"
	fi
}

# ---- soak --------------------------------------------------------------------
snapshot "$HIND_TMP/before"
fd_check "soak, first run"
t0=$(now_cs)
i=0 bad=0
while [ $i -lt "$runs" ]; do
	"$HIND" run -q $LIM NOIMG true </dev/null >"$O" 2>"$E" || {
		bad=$((bad + 1))
		[ $bad -le 3 ] && diag "run $i: exit $?: $(cat "$E")"
	}
	i=$((i + 1))
done
t1=$(now_cs)
diag "soak: $runs runs of 'hind-run $LIM NOIMG true' in $(((t1 - t0) / 100)).$(((t1 - t0) % 100 / 10)) s, $(((t1 - t0) * 10 / runs)) ms each"
t_is "soak: every sequential run with limits exits 0" "$bad" 0
fd_check "soak, last run"
snapshot "$HIND_TMP/after"
# New lines are leaks (a count that changed is a new line too); a
# process of before that has ended meanwhile is not.
new=$(grep -vxF -f "$HIND_TMP/before" "$HIND_TMP/after")
if [ -z "$new" ] && grep -q '^mounts [0-9]' "$HIND_TMP/after"; then
	t_ok "soak: no cgroup, mount or process more than before"
else
	t_fail "soak: no cgroup, mount or process more than before" "$(diff "$HIND_TMP/before" "$HIND_TMP/after")"
fi
t_is "soak: no zombie" "$(zombies)" ""

# ---- 32 at once --------------------------------------------------------------
# burst NAME NAMEARG: 32 runs with limits; each prints its cgroup and then
# waits for $HIND_TMP/go, so that all 32 run at the same time.
burst() {
	rm -f "$HIND_TMP/go" "$HIND_TMP"/c*.out
	_pids= _i=0
	while [ $_i -lt 32 ]; do
		_name=
		[ -n "$2" ] && _name="--name $2$_i"
		"$HIND" run -q $LIM $_name --cgroupns host NOIMG sh -c "
			echo cg \$(tr '\n' ' ' </proc/self/cgroup)
			i=0; while [ ! -e '$HIND_TMP/go' ] && [ \$i -lt 600 ]; do sleep 0.1; i=\$((i + 1)); done
			echo done-$_i" >"$HIND_TMP/c$_i.out" 2>"$HIND_TMP/c$_i.err" </dev/null &
		_pids="$_pids $!"
		_i=$((_i + 1))
	done
	# All 32 up: each printed its cgroup.
	_i=0
	while [ $_i -lt 600 ] && [ "$(cat "$HIND_TMP"/c*.out 2>/dev/null | grep -c '^cg ')" -lt 32 ]; do sleep 0.1; _i=$((_i + 1)); done
	_n=$(cat "$HIND_TMP"/c*.out | grep '^cg ' | sort -u | wc -l)
	_dirs=$(ls -d "$mydir"/${2:-hind-}* 2>/dev/null | wc -l)
	diag "$1: $_n distinct cgroups seen from inside, $_dirs below ours"
	t_is "$1: 32 distinct cgroups while they run, each container's own" "$_n:$_dirs" "32:32"
	touch "$HIND_TMP/go"
	_bad=0 _i=0
	for _p in $_pids; do
		wait $_p
		_rc=$?
		if [ $_rc != 0 ] || ! grep -qx "done-$_i" "$HIND_TMP/c$_i.out"; then
			_bad=$((_bad + 1))
			diag "$1: run $_i: exit $_rc: $(cat "$HIND_TMP/c$_i.out" "$HIND_TMP/c$_i.err")"
		fi
		_i=$((_i + 1))
	done
	t_is "$1: all 32 exit 0 with their output" "$_bad" 0
	no_leftovers "$1"
}
burst "32 at once, default names" ""
burst "32 at once, --name" hindtest-s$$-

# ---- 32 at once, 8 SIGKILLed at random -----------------------------------------
seed=$(now_cs)
diag "victims: seed $seed"
rm -f "$HIND_TMP"/k*.out
pids= i=0
while [ $i -lt 32 ]; do
	"$HIND" run -q $LIM NOIMG sh -c "sleep 3; echo done-$i" >"$HIND_TMP/k$i.out" 2>"$HIND_TMP/k$i.err" </dev/null &
	pids="$pids $!"
	i=$((i + 1))
done
# 8 distinct victims, each killed at its own moment in the first 2.5 s.
awk -v s="$seed" 'BEGIN { srand(s); n = 0
	while (n < 8) { v = int(rand() * 32); if (!(v in seen)) { seen[v] = 1; n++; print v, int(rand() * 25) } } }' |
	sort -k2n >"$HIND_TMP/victims"
last=0 victims=
while read -r v at; do
	[ "$at" -gt "$last" ] && sleep "$(((at - last) / 10)).$(((at - last) % 10))"
	last=$at
	set -- $pids
	shift "$v"
	kill -KILL "$1" 2>/dev/null
	victims="$victims $1"
done <"$HIND_TMP/victims"
bad=0 i=0 dead=
for p in $pids; do
	wait $p
	rc=$?
	case " $victims " in
	*" $p "*) dead="$dead $p" ;;
	*)
		if [ $rc != 0 ] || ! grep -qx "done-$i" "$HIND_TMP/k$i.out"; then
			bad=$((bad + 1))
			diag "survivor $i (pid $p): exit $rc: $(cat "$HIND_TMP/k$i.out" "$HIND_TMP/k$i.err")"
		fi ;;
	esac
	i=$((i + 1))
done
t_is "32 at once, 8 SIGKILLed at random: every survivor exits 0 with its output" "$bad" 0
# The victims' containers die with them; their cgroups (those that had
# been made) stay until the next run.
left=
for p in $dead; do
	for d in $(cg_dirs); do
		[ -d "$d/hind-$p" ] || continue
		wait_empty "$d/hind-$p"
		left="$left $d/hind-$p"
	done
done
diag "victims:$dead; they left $(echo $left | wc -w) cgroups (in $(cg_dirs | wc -l) hierarchies)"
hr $LIM NOIMG true
missed=
for d in $left; do
	[ -d "$d" ] && missed="$missed $d(still there)"
	grep -q "removed stale cgroup '$d' (its hind-run [0-9]* is gone)" "$E" || missed="$missed $d(not said)"
done
t_is "the next run exits 0 and removes every victim's cgroup, saying so" "$rc:$missed" "0:"
no_leftovers "SIGKILLs at random"

# ---- SIGKILL of hind-run at each step of its setup ---------------------------------
for step in mkdir limits clone wait; do
	n="SIGKILL of hind-run stopped at '$step'"
	: >"$E"
	HIND_FAULT=$step "$HIND" run $LIM NOIMG sleep 4242$$ >"$O" 2>"$E" </dev/null &
	hp=$!
	if ! wait_stopped $hp || ! grep -q "HIND_FAULT: pid $hp stops at '$step'" "$E"; then
		t_fail "$n" "it did not stop: $(cat "$E")"
		kill -KILL $hp
		wait $hp
		continue
	fi
	kill -KILL $hp
	wait $hp 2>/dev/null
	for d in $(cg_dirs); do wait_empty "$d/hind-$hp"; done
	hr $LIM NOIMG true
	missed=
	for d in $(cg_dirs); do
		[ -d "$d/hind-$hp" ] && missed="$missed $d/hind-$hp"
		grep -q "removed stale cgroup '$d/hind-$hp' (its hind-run $hp is gone)" "$E" || missed="$missed $d(not said)"
	done
	t_is "$n: the next run removes its cgroup in every hierarchy, saying so" "$rc:$missed" "0:"
	alive=
	for c in /proc/[0-9]*/cmdline; do
		tr '\0' ' ' <"$c" 2>/dev/null | grep -q "^sleep 4242$$" && alive="$alive $c"
	done
	t_is "$n: no process of it is left" "$alive" ""
	no_leftovers "$n"
done

# ---- the command cannot be executed ------------------------------------------------
# has_line TEXT: $E has the line TEXT.
has_line() { grep -qxF "$1" "$E"; }
hr $LIM NOIMG /nonexistent/cmd
if [ "$rc" = 127 ] && has_line "hind-run: cannot execute '/nonexistent/cmd': No such file or directory"; then
	t_ok "a command that does not exist: 127 and why"
else
	t_fail "a command that does not exist: 127 and why" "exit $rc: $(cat "$E")"
fi
no_leftovers "a command that does not exist"
hr $LIM NOIMG /etc/passwd
if [ "$rc" = 126 ] && has_line "hind-run: cannot execute '/etc/passwd': Permission denied"; then
	t_ok "a command that is not executable: 126 and why"
else
	t_fail "a command that is not executable: 126 and why" "exit $rc: $(cat "$E")"
fi
no_leftovers "a command that is not executable"

# ---- a memory limit too small for hind-init ------------------------------------------
if has_ctrl memory; then
	hr -m 16k NOIMG true
	if [ "$rc" = 137 ] && grep -q "^hind-run: killed by the OOM killer before the command started: the memory limit 16.0 KiB is too small for the container's init (hind-init; peak " "$E"; then
		t_ok "a memory limit too small for hind-init: 137 and a verdict that says so"
	else
		t_fail "a memory limit too small for hind-init: 137 and a verdict that says so" "exit $rc: $(cat "$E")"
	fi
	no_leftovers "a memory limit too small for hind-init"
else
	t_skip "a memory limit too small for hind-init" "this kernel has no cgroup $HIND_CGROUP memory controller"
fi

# ---- pids.max reached while starting ----------------------------------------------
if has_ctrl pids; then
	hr --pids-limit 1 NOIMG true
	if [ "$rc" = 125 ] && has_line "hind-run: container setup: cannot start the command (--pids-limit 1 counts hind-init, pid 1, as one): fork: Resource temporarily unavailable"; then
		t_ok "--pids-limit 1: hind-init cannot start the command: 125 and why"
	else
		t_fail "--pids-limit 1: hind-init cannot start the command: 125 and why" "exit $rc: $(cat "$E")"
	fi
	no_leftovers "--pids-limit 1"
	hr -q --no-init --pids-limit 1 NOIMG sh -c 'echo alone'
	t_is "--pids-limit 1 --no-init: the command is the one process: 0 and its output" "$rc:$(cat "$O")" "0:alone"
	no_leftovers "--pids-limit 1 --no-init"
else
	t_skip "pids.max reached while starting" "this kernel has no cgroup $HIND_CGROUP pids controller"
fi

# ---- an rmdir that is EBUSY until a process leaves --------------------------------
# A nested hind-run (in a --privileged container, whose cgroup view is
# writable) cannot see a process of this shell's pid namespace that sits
# in its cgroup: its kill pass finds nobody. v1: rmdir answers EBUSY
# until that process exits by itself (4 s), then works; the cleanup
# retries meanwhile. v2: cgroup.kill kills every process of the cgroup,
# seen or not.
o=hindtest-o$$ in=hindtest-i$$
"$HIND" run -q --privileged --name $o NOIMG "$HIND" run -v --name $in NOIMG sh -c 'sleep 1.5; echo inner' >"$O" 2>"$E" </dev/null &
op=$!
inner=
i=0
while [ $i -lt 100 ] && [ -z "$inner" ]; do
	[ -d "$mydir/$o/$in" ] && inner=1 || { sleep 0.1; i=$((i + 1)); }
done
sleep 4 &
sp=$!
moved=
for d in $(cg_dirs); do echo $sp >"$d/$o/$in/cgroup.procs" 2>/dev/null && moved=1; done
wait $op
rc=$?
wait $sp
src=$?
busy=$(sed -n "s/^DEBUG \[cgroup\] removed the container's cgroup (busy for \([0-9]*\) ms first)$/\1/p" "$E" | head -n 1)
diag "nested: inner cgroup seen: ${inner:-no}, a process of ours moved in: ${moved:-no}; it exited $src; the inner cleanup was busy for ${busy:-0} ms"
t_is "nested hind-run with a process it cannot see in its cgroup: 0 and its output" "$rc:$(cat "$O")" "0:inner"
if [ "$HIND_CGROUP" = v1 ]; then
	if [ -n "$moved" ] && [ "$src" = 0 ] && [ "${busy:-0}" -ge 200 ]; then
		t_ok "v1: the cleanup waits out EBUSY until that process leaves by itself, then removes the cgroup"
	else
		t_fail "v1: the cleanup waits out EBUSY until that process leaves by itself, then removes the cgroup" "$(cat "$E")"
	fi
else
	t_is "v2: cgroup.kill kills that process too (137)" "${moved:-no}:$src" "1:137"
fi
no_leftovers "an rmdir that is EBUSY for a while"
t_done
