#!/bin/sh
# 24_run_cleanup.sh - hind-run leaves nothing behind on any path: normal
# exit, setup failure, a limit the kernel refuses, SIGTERM to hind-run,
# SIGKILL of the command, SIGKILL of hind-run itself (the container dies
# with it, and the next hind-run removes the stale empty cgroup at once:
# hind default names, --name'd ones, below --cgroup-parent), a nested
# --cgroup-parent, deep and wide trees made inside, and a name taken.
#
# Hierarchy: the container's cgroup below this shell's own cgroup, or below
# --cgroup-parent hindtest-pPID/sub (relative to the hierarchy root).
. "$(dirname "$0")/../lib/tap.sh"

wait_started() {
	_i=0
	while [ $_i -lt 100 ] && ! grep -q 'started pid' "$E"; do sleep 0.1; _i=$((_i + 1)); done
}
# The container's cgroup directory of hind-run PID (no --name).
# A limit every kernel here offers: memory, or pids where v1 has no memory.
ctl=memory LIM="-m 32M"
has_ctrl memory || { ctl=pids; LIM="--pids-limit 1000"; }
cgdir() { echo "$(cg_dir $ctl)/hind-$1"; }

hr NOIMG true
no_leftovers "normal exit"

hr -w /nonexistent NOIMG true
t_is "setup failure (workdir): 125" "$rc" 125
t_check "...with the reason" grep -q "container setup: cannot change to '/nonexistent'" "$E"
no_leftovers "setup failure"

hr $LIM NOIMG sh -c 'kill -KILL $$'
t_is "command SIGKILLed: 137" "$rc" 137
no_leftovers "command SIGKILLed"

# SIGTERM to hind-run while the command ignores it (--no-init: the
# command is pid 1 and has no handler); a second SIGTERM kills it.
"$HIND" run --no-init NOIMG sleep 30 >"$O" 2>"$E" </dev/null &
hp=$!
wait_started
sleep 0.2
kill -TERM $hp
sleep 0.3
kill -0 $hp 2>/dev/null && t_ok "pid 1 without a handler ignores the first SIGTERM" ||
	t_fail "pid 1 without a handler ignores the first SIGTERM"
kill -TERM $hp
wait $hp
rc=$?
t_is "a second SIGTERM kills the container: 137" "$rc" 137
no_leftovers "SIGTERM twice"

# SIGKILL of hind-run: the container dies (PR_SET_PDEATHSIG), its empty
# cgroup stays; the next hind-run removes it.
: >"$E"
"$HIND" run $LIM NOIMG sleep 30 >"$O" 2>"$E" </dev/null &
hp=$!
wait_started
d=$(cgdir $hp)
t_check "the container's cgroup exists" [ -d "$d" ]
kill -KILL $hp
wait $hp 2>/dev/null
i=0
while [ $i -lt 50 ] && [ -n "$(cat "$d/cgroup.procs" 2>/dev/null)" ]; do sleep 0.1; i=$((i + 1)); done
t_is "SIGKILL of hind-run kills the container" "$(cat "$d/cgroup.procs" 2>/dev/null)" ""
t_check "...and leaves its empty cgroup" [ -d "$d" ]
# No wait: the dead hind-run's lock is free at once.
hr $LIM NOIMG true
if [ ! -d "$d" ] && grep -q "removed stale cgroup '$d'" "$E"; then t_ok "the next hind-run removes the stale cgroup"
else t_fail "the next hind-run removes the stale cgroup" "$(cat "$E")"; rmdir "$d" 2>/dev/null; fi
no_leftovers "SIGKILL of hind-run"

# killed_run ARGS...: start hind-run ARGS with a long command and SIGKILL
# it once started. wait_empty DIR: bounded wait until no process is left
# in cgroup DIR (the container dies with hind-run, not in the same instant).
killed_run() {
	: >"$E"
	"$HIND" run "$@" NOIMG sleep 30 >"$O" 2>"$E" </dev/null &
	hp=$!
	wait_started
	kill -KILL $hp
	wait $hp 2>/dev/null
}
wait_empty() {
	_i=0
	while [ $_i -lt 50 ] && [ -n "$(cat "$1/cgroup.procs" 2>/dev/null)" ]; do sleep 0.1; _i=$((_i + 1)); done
}
# A --name'd one: hind knows its cgroups by their mark (an xattr), not by
# the name, and sweeps them too; a cgroup of another name without the
# mark is never touched, even empty.
keep=$(cg_dir $ctl)/hindtest-keep$$
mkdir "$keep"
d=$(cg_dir $ctl)/hindtest-named$$
killed_run $LIM --name hindtest-named$$
wait_empty "$d"
t_check "--name: SIGKILL of hind-run leaves its empty cgroup" [ -d "$d" ]
hr $LIM NOIMG true
if [ ! -d "$d" ] && grep -q "removed stale cgroup '$d' (its hind-run [0-9]* is gone)" "$E"; then
	t_ok "--name: the next hind-run removes the stale cgroup"
else
	t_fail "--name: the next hind-run removes the stale cgroup" "$(cat "$E")"
	rm_cgroups "$d"
fi
t_check "...and leaves an unmarked empty cgroup of another name" [ -d "$keep" ]
rmdir "$keep"
# --cgroup-parent: the sweep looks where the cgroup is made, below it.
p=hindtest-sp$$
killed_run $LIM --cgroup-parent $p
d=$(ls -d "$(cg_roots | head -n 1)/$p"/hind-* 2>/dev/null | head -n 1)
wait_empty "$d"
t_check "--cgroup-parent: SIGKILL of hind-run leaves its cgroup there" [ -n "$d" ]
hr $LIM --cgroup-parent $p NOIMG true
if [ -n "$d" ] && [ ! -d "$d" ] && grep -q "removed stale cgroup '$d'" "$E"; then
	t_ok "--cgroup-parent: the next hind-run there removes it"
else
	t_fail "--cgroup-parent: the next hind-run there removes it" "$(cat "$E")"
fi
for r in $(cg_roots); do
	[ -d "$r/$p" ] || continue
	for x in "$r/$p"/hind-*; do [ -d "$x" ] && rm_cgroups "$x"; done
	rm_cgroups "$r/$p"
done
no_leftovers "stale named and --cgroup-parent cgroups"

# Deep and wide trees the container makes in its cgroup (its view is
# read-only by default: --privileged makes it writable). The cleanup walks
# them without recursion (a recursive walk with 68 KiB of buffers per
# level crashed with SIGSEGV at 200 levels) and removes them leaf first.
sub=
[ "$HIND_CGROUP" = v1 ] && sub=/$ctl
for depth in 200 1000; do
	hr -q --privileged $LIM NOIMG sh -c "cd /sys/fs/cgroup$sub || exit 9
		i=0; while [ \$i -lt $depth ]; do mkdir x && cd x || exit 1; i=\$((i + 1)); done; echo made \$i"
	t_is "$depth nested cgroups made inside: the command's exit 0 and its output" "$rc:$(cat "$O")" "0:made $depth"
	[ "$rc" = 0 ] || diag "$(cat "$E")"
	no_leftovers "$depth nested cgroups"
done
hr -q --privileged $LIM NOIMG sh -c "cd /sys/fs/cgroup$sub || exit 9
	i=0; while [ \$i -lt 500 ]; do mkdir w\$i w\$i/x || exit 1; i=\$((i + 1)); done; echo made \$i"
t_is "500 sibling cgroups with a child each: exit 0 and its output" "$rc:$(cat "$O")" "0:made 500"
no_leftovers "a wide tree"

# --cgroup-parent: made levels are removed too.
p=hindtest-p$$
hr -q --cgroupns host --cgroup-parent $p/sub $LIM NOIMG cat /proc/self/cgroup
if grep -q "/$p/sub/hind-[0-9]*$" "$O"; then t_ok "--cgroup-parent places the cgroup"
else t_fail "--cgroup-parent places the cgroup" "$(cat "$O")"; fi
left= roots=0
for r in $(cg_roots); do
	roots=$((roots + 1))
	[ -d "$r/$p" ] && left="$left $r/$p"
done
diag "--cgroup-parent: $roots hierarchies"; t_is "--cgroup-parent levels made by hind-run are removed (in every hierarchy)" "$left" ""

# The three ways into the cgroup; each one's command runs inside it.
hr $LIM --cgroupns host NOIMG cat /proc/self/cgroup
if [ "$HIND_CGROUP" = v2 ]; then
	t_check "v2 joins with clone3(CLONE_INTO_CGROUP)" grep -q 'joined with clone3(CLONE_INTO_CGROUP)' "$E"
else
	t_check "v1: the child joins itself through 'tasks'" grep -q "joined by the child itself" "$E"
fi
t_check "...and the command runs in the container's cgroup (default join)" grep -q "/hind-[0-9]*$" "$O"
HIND_JOIN=procs "$HIND" run $LIM --cgroupns host NOIMG cat /proc/self/cgroup >"$O" 2>"$E" </dev/null
t_check "HIND_JOIN=procs: the parent writes cgroup.procs while the child waits" grep -q 'joined with a cgroup.procs write' "$E"
t_check "...and the command runs in the container's cgroup (HIND_JOIN=procs)" grep -q "/hind-[0-9]*$" "$O"
no_leftovers "join paths"

# A name already taken: 125, and the first container is untouched.
"$HIND" run --name hindtest-dup$$ NOIMG sleep 2 >"$O" 2>"$E.1" </dev/null &
hp=$!
E0=$E E=$E.1
wait_started
E=$E0
hr --name hindtest-dup$$ NOIMG true
t_is "a name already taken: 125" "$rc" 125
wait $hp
rc1=$?
t_is "...and the first container runs on" "$rc1" 0
[ "$rc1" = 0 ] || diag "the first: $(cat "$E.1")"
rm -f "$E.1"
no_leftovers "all cleanup cases"
t_done
