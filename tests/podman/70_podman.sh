#!/bin/sh
# 70_podman.sh - podman drives the OCI runtime under test ($OCI_RUNTIME,
# as --runtime, through conmon) with its defaults: its seccomp profile,
# its capabilities, cgroupfs. run passes the exit status, stdout and
# stdin through; --memory ends in an OOM kill (137); a detached container
# is listed, inspected, shown by top, exec'd into, killed, waited for and
# removed, another stopped (SIGTERM, then SIGKILL); -t gives run and exec
# a terminal; a missing command exits 127 with the
# runtime's message; the profile denies what it lists (add_key,
# io_uring_setup: ENOSYS) and allows the rest; and nothing of a removed
# container is left behind. At the end, the runtime's command lines as
# podman and conmon called it (diagnostics).
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/podman.sh"

# gone NAME ID: the case "NAME: nothing of ID is left" (a bounded wait:
# conmon and podman's cleanup go a moment after podman returns).
gone() {
	if [ -z "$2" ]; then
		t_fail "$1: nothing is left (processes, conmon, cgroups, state, mounts)" "no container id"
	elif pm_wait_gone "$2" 10; then
		t_ok "$1: nothing is left (processes, conmon, cgroups, state, mounts)"
	else
		t_fail "$1: nothing is left (processes, conmon, cgroups, state, mounts)" \
			"$(pm_left "$2" | tr '\n' ';' | head -c 800)"
	fi
}
cid() { cat "$HIND_TMP/cid.$1" 2>/dev/null; }

p info --format '{{.Host.CgroupManager}} {{.Host.CgroupsVersion}} {{.Host.OCIRuntime.Path}} {{.Store.GraphDriverName}} {{.Store.GraphRoot}}'
if [ "$rc" = 0 ] && grep -q "^cgroupfs $HIND_CGROUP $PM_RT vfs /var/lib/containers/storage" "$O"; then
	t_ok "podman info: cgroupfs, this hierarchy, the runtime under test, vfs storage"
else
	t_fail "podman info: cgroupfs, this hierarchy, the runtime under test, vfs storage" "$(pm_show)"
fi
diag "podman $(podman --version | cut -d' ' -f3), $(conmon --version | head -n 1); graph root on $(stat -f -c %T /var/lib/containers 2>/dev/null)"

# ---- exit status, stdout, stdin -----------------------------------------
prun "--rm --cidfile $HIND_TMP/cid.exit" /bin/sh -c 'exit 42'
t_is "podman run: the exit status passes through (exit 42)" "$rc" 42
[ "$rc" = 42 ] || diag "$(pm_show)"
gone "podman run --rm of 'exit 42'" "$(cid exit)"

prun "--rm --cidfile $HIND_TMP/cid.echo" /bin/echo hello from the container
if [ "$rc" = 0 ] && grep -qx 'hello from the container' "$O"; then
	t_ok "podman run: stdout arrives (echo), exit 0"
else
	t_fail "podman run: stdout arrives (echo), exit 0" "$(pm_show)"
fi
gone "podman run --rm of echo" "$(cid echo)"

# -i: podman copies its stdin into the container's (conmon's pipe) and
# closes it at EOF.
out=$(printf 'line one\nline two\n' |
	podman --runtime "$PM_RT" run --rm -i --network none \
		--cidfile "$HIND_TMP/cid.stdin" --rootfs "$PM_ROOTFS" /bin/sh -c 'wc -l; echo read-to-eof' 2>"$E")
rc=$?
if [ "$rc" = 0 ] && [ "$(echo "$out" | tr -d ' ' | tr '\n' ,)" = "2,read-to-eof," ]; then
	t_ok "podman run -i: stdin reaches the container to its end (2 lines, then EOF)"
else
	t_fail "podman run -i: stdin reaches the container to its end (2 lines, then EOF)" \
		"exit $rc, stdout '$out', stderr $(head -c 300 "$E")"
fi
gone "podman run --rm -i" "$(cid stdin)"

# ---- memory limit: OOM kill ----------------------------------------------
# 64 MiB into a shell variable under a 32 MiB limit (no swap is on).
prun "--name pm-oom --memory 32m --cidfile $HIND_TMP/cid.oom" /bin/sh -c \
	'x=$(head -c 64m /dev/zero | tr "\0" a); echo survived ${#x}'
t_is "podman run --memory 32m: the 64 MiB shell is OOM-killed (exit 137)" "$rc" 137
[ "$rc" = 137 ] || diag "$(pm_show)"
p inspect --format '{{.State.ExitCode}} {{.HostConfig.Memory}} {{.State.OOMKilled}}' pm-oom
set -- $(cat "$O")
t_is "podman inspect of the OOM-killed container: exit code 137, Memory 32 MiB" "$rc:${1:-} ${2:-}" "0:137 33554432"
# OOMKilled is conmon's finding (memory.events or the v1 eventfd), not
# the runtime's: a diagnostic.
diag "podman inspect: OOMKilled ${3:-?}"
p rm pm-oom
t_is "podman rm of the OOM-killed container: exit 0" "$rc" 0
gone "podman rm after an OOM kill" "$(cid oom)"

# ---- detached: ps, inspect, top, exec, kill, wait, rm --------------------
prun "-d --name pm-det" /bin/sleep 600
id=$(head -n 1 "$O")
if [ "$rc" = 0 ] && echo "$id" | grep -qE '^[0-9a-f]{64}$'; then
	t_ok "podman run -d: exit 0, prints the container's 64-digit id"
else
	t_fail "podman run -d: exit 0, prints the container's 64-digit id" "$(pm_show)"
fi
p ps --format '{{.ID}} {{.Names}} {{.Status}}'
if [ "$rc" = 0 ] && grep -q "^${id%"${id#????????????}"} pm-det Up" "$O"; then
	t_ok "podman ps: the container is listed, Up"
else
	t_fail "podman ps: the container is listed, Up" "$(pm_show)"
fi
p inspect --format '{{.State.Status}} {{.State.Pid}} {{.State.ConmonPid}}' pm-det
set -- $(cat "$O")
pid=${2:-} cpid=${3:-}
if [ "$rc" = 0 ] && [ "${1:-}" = running ] && [ -n "$pid" ] &&
	grep -q '^/bin/sleep' "/proc/$pid/cmdline" 2>/dev/null &&
	grep -q conmon "/proc/$cpid/cmdline" 2>/dev/null; then
	t_ok "podman inspect: running, Pid is the container's sleep, ConmonPid a conmon"
else
	t_fail "podman inspect: running, Pid is the container's sleep, ConmonPid a conmon" "$(pm_show)"
fi
[ -n "$cpid" ] && diag "conmon's command line: $(tr '\0' ' ' <"/proc/$cpid/cmdline" 2>/dev/null)"
p top pm-det
if [ "$rc" = 0 ] && grep -q 'sleep 600' "$O"; then
	t_ok "podman top: shows the container's sleep 600"
else
	t_fail "podman top: shows the container's sleep 600" "$(pm_show)"
fi
# In the container's pid namespace, its pid 1 is the sleep.
p exec pm-det /bin/sh -c 'echo exec sees pid 1: $(tr "\0" " " </proc/1/cmdline); exit 7'
if [ "$rc" = 7 ] && grep -qx "exec sees pid 1: /bin/sleep 600 *" "$O"; then
	t_ok "podman exec: runs in the container (its pid 1 is the task), its exit status (7) passes"
else
	t_fail "podman exec: runs in the container (its pid 1 is the task), its exit status (7) passes" "$(pm_show)"
fi
p kill pm-det
t_is "podman kill: exit 0" "$rc" 0
[ "$rc" = 0 ] || diag "$(pm_show)"
p wait pm-det
if [ "$rc" = 0 ] && [ "$(cat "$O")" = 137 ] && [ ! -d "/proc/$pid" ]; then
	t_ok "podman wait: the killed container's exit code is 137, its process gone"
else
	t_fail "podman wait: the killed container's exit code is 137, its process gone" "$(pm_show)"
fi
p rm pm-det
t_is "podman rm: exit 0" "$rc" 0
[ "$rc" = 0 ] || diag "$(pm_show)"
p ps -a --format '{{.Names}}'
if [ "$rc" = 0 ] && ! grep -qx pm-det "$O"; then
	t_ok "podman ps -a: the removed container is not listed"
else
	t_fail "podman ps -a: the removed container is not listed" "$(pm_show)"
fi
gone "podman kill, wait and rm of a detached container" "$id"

# ---- stop, and exec -t ----------------------------------------------------
# podman stop sends SIGTERM, then SIGKILL after -t seconds: a sleep as
# pid 1 has no handler, so SIGTERM does nothing and the SIGKILL ends it.
prun "-d --name pm-stop" /bin/sleep 600
id=$(head -n 1 "$O")
[ "$rc" = 0 ] || diag "$(pm_show)"
hind-probe pty podman --runtime "$PM_RT" exec -t pm-stop /bin/sh -c 'tty; [ -t 0 ] && echo stdin-is-a-tty' \
	>"$O" 2>"$E" </dev/null
rc=$?
if [ "$rc" = 0 ] && grep -q '^/dev/pts/' "$O" && grep -q '^stdin-is-a-tty' "$O"; then
	t_ok "podman exec -t: the exec'd process has a terminal, exit 0"
else
	t_fail "podman exec -t: the exec'd process has a terminal, exit 0" "$(pm_show)"
fi
p stop -t 1 pm-stop
t_is "podman stop -t 1: exit 0, prints the name" "$rc:$(cat "$O")" "0:pm-stop"
p inspect --format '{{.State.Status}} {{.State.ExitCode}}' pm-stop
t_is "podman stop: the sleep ignored SIGTERM, the SIGKILL after 1 s ended it (exited 137)" \
	"$rc:$(cat "$O")" "0:exited 137"
p rm pm-stop
t_is "podman rm of the stopped container: exit 0" "$rc" 0
gone "podman stop and rm of a detached container" "$id"

# ---- a terminal: podman run -t -------------------------------------------
# podman -t wants a terminal of its own: hind-probe pty gives it one (a
# new pty, its controlling terminal); conmon hands the runtime a console
# socket (--console-socket) to receive the container's pty master on.
hind-probe pty podman --runtime "$PM_RT" run --rm -t --network none \
	--cidfile "$HIND_TMP/cid.tty" --rootfs "$PM_ROOTFS" /bin/sh -c 'tty; [ -t 0 ] && echo stdin-is-a-tty' \
	>"$O" 2>"$E" </dev/null
rc=$?
if [ "$rc" = 0 ] && grep -q '^/dev/pts/0' "$O" && grep -q '^stdin-is-a-tty' "$O"; then
	t_ok "podman run -t: the container's stdin is a terminal, /dev/pts/0, exit 0"
else
	t_fail "podman run -t: the container's stdin is a terminal, /dev/pts/0, exit 0" "$(pm_show)"
fi
grep -q -- '--console-socket' "$PM_RTLOG" &&
	t_ok "podman run -t: conmon gives the runtime --console-socket" ||
	t_fail "podman run -t: conmon gives the runtime --console-socket" "$(grep ' create ' "$PM_RTLOG" | tail -n 1 | cut -c 1-300)"
gone "podman run --rm -t" "$(cid tty)"

# ---- a missing command -----------------------------------------------------
prun "--rm --cidfile $HIND_TMP/cid.nocmd" /bin/no-such-command
if [ "$rc" = 127 ] && grep -q 'no-such-command' "$E"; then
	t_ok "podman run of a missing command: exit 127, the message names it"
else
	t_fail "podman run of a missing command: exit 127, the message names it" "$(pm_show)"
fi
diag "missing command: $(head -c 300 "$E" | tr '\n' '|')"
gone "podman run --rm of a missing command" "$(cid nocmd)"

# ---- podman's seccomp profile ----------------------------------------------
prun --rm /bin/sh -c 'grep ^Seccomp: /proc/self/status; grep ^CapEff: /proc/self/status'
if [ "$rc" = 0 ] && grep -q '^Seccomp:[[:space:]]*2' "$O"; then
	t_ok "podman run: the container runs under a seccomp filter (Seccomp: 2)"
else
	t_fail "podman run: the container runs under a seccomp filter (Seccomp: 2)" "$(pm_show)"
fi
diag "in the container: $(tr '\n' ' ' <"$O")"
# add_key and io_uring_setup are not in the profile: its default action,
# SCMP_ACT_ERRNO with defaultErrnoRet 38 (ENOSYS).
for sc in add_key io_uring_setup; do
	prun --rm /bin/hind-probe syscall $sc
	t_is "podman's profile denies $sc with its default errno (ENOSYS)" "$rc:$(cat "$O")" "0:ENOSYS"
done
# keyctl and getpid are allowed.
for sc in keyctl getpid; do
	prun --rm /bin/hind-probe syscall $sc
	t_is "podman's profile allows $sc" "$rc:$(cat "$O")" "0:ok"
done
# Without the profile, add_key works: the profile made the ENOSYS.
prun "--rm --security-opt seccomp=unconfined" /bin/hind-probe syscall add_key
t_is "with seccomp=unconfined add_key works (the profile denied it)" "$rc:$(cat "$O")" "0:ok"

# ---- nothing left at all ----------------------------------------------------
p ps -a -q
t_is "podman ps -a: no container is left" "$rc:$(cat "$O")" "0:"
left=
for _p in /proc/[0-9]*; do
	case $(tr '\0' ' ' <"$_p/cmdline" 2>/dev/null) in
	*conmon*|*"$(basename "$OCI_RUNTIME") "*|*"podman "*) left="$left ${_p#/proc/}:$(tr '\0' ' ' <"$_p/cmdline" | cut -c 1-80)" ;;
	esac
done
for _r in $(cg_roots); do
	for _d in $(find "$_r" -type d -name 'libpod-*' 2>/dev/null); do left="$left cgroup:$_d"; done
done
grep -q -e /var/lib/containers -e /run/containers /proc/mounts && left="$left $(grep -e /var/lib/containers -e /run/containers /proc/mounts | tr '\n' ';')"
t_is "after every case: no conmon, runtime or podman process, no libpod cgroup, no container mount" "$left" ""

# ---- how podman and conmon called the runtime ------------------------------
diag "the runtime's command lines ($PM_RT, $(grep -c '^argv:' "$PM_RTLOG") calls):"
grep '^argv:' "$PM_RTLOG" | sed -e 's/[0-9a-f]\{64\}/<ID>/g' -e 's/[0-9a-f]\{64\}/<ID>/g' \
	-e 's/hind-test\.[0-9]*/hind-test.N/g' | awk '!seen[$0]++' | cut -c 1-1500 |
	while read -r l; do diag "  $l"; done
diag "the environment of the first create: $(grep -A1 -m1 '^argv:.* create ' "$PM_RTLOG" | sed -n 's/^env: //p' | cut -c 1-1500)"
# The open fds of the first call of each kind: the 'ls -l' lines after
# its argv line, as "FD=TARGET". busybox sh runs that ls in its own
# process, its stdout and stderr moved to 11 and 12 while they point at
# the log: 11 and 12 are the caller's 1 and 2, 10 is the wrapper script.
for sub in ' create ' ' start ' ' exec ' ' kill ' ' delete ' '--console-socket'; do
	diag "the open fds of the first call with '$sub': $(awk -v s="$sub" '
		/^argv:/ { if (on) exit; on = index($0, s) > 0; next }
		on && / -> / {
			fd = $(NF - 2)
			if (fd == 1 || fd == 2 || fd == 10) next
			if (fd == 11 || fd == 12) fd -= 10
			printf "%s=%s ", fd, $NF
		}' "$PM_RTLOG" |
		sed -e 's/[0-9a-f]\{64\}/<ID>/g' -e 's/hind-test\.[0-9]*/hind-test.N/g' | cut -c 1-800)"
done
t_done
