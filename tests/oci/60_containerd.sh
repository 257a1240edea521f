#!/bin/sh
# 60_containerd.sh - containerd drives the OCI runtime under test
# ($OCI_RUNTIME, through containerd-shim-runc-v2's --runc-binary): ctr run
# passes the exit status, stdout and stdin through; --memory-limit ends in
# an OOM kill (137) and containerd's /tasks/oom event; a detached task is
# listed, its processes shown, exec'd into, killed and removed; -t gives
# the container a terminal; a missing command fails with the runtime's
# message; and nothing of a removed container is left behind.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/oci.sh"

if ! oci_start; then
	t_fail "containerd starts and answers on its socket"
	oci_stop
	t_done
fi
t_ok "containerd starts and answers on its socket"

# rm_ctr ID: remove what a failed case may have left (task, container).
rm_ctr() {
	ctr task kill -s SIGKILL "$1" >/dev/null 2>&1
	ctr task rm -f "$1" >/dev/null 2>&1
	ctr c rm "$1" >/dev/null 2>&1
	return 0
}

# gone NAME ID: the case "NAME: nothing of ID is left" (a bounded wait:
# the shim and the cgroup go a moment after ctr returns).
gone() {
	if oci_wait_gone "$2" 30; then
		t_ok "$1: nothing is left (processes, shim, cgroup, state, mounts)"
	else
		t_fail "$1: nothing is left (processes, shim, cgroup, state, mounts)" \
			"$(oci_left "$2" | tr '\n' ';')"
	fi
	rm_ctr "$2"
}

# ---- exit status, stdout, stdin -----------------------------------------
ctr_run --rm oci-exit /bin/sh -c 'exit 42'
t_is "ctr run: the exit status passes through (exit 42)" "$rc" 42
[ "$rc" = 42 ] || diag "$(oci_show)"
gone "ctr run --rm of 'exit 42'" oci-exit

ctr_run --rm oci-echo /bin/echo hello from the container
if [ "$rc" = 0 ] && grep -qx 'hello from the container' "$O"; then
	t_ok "ctr run: stdout arrives (echo), exit 0"
else
	t_fail "ctr run: stdout arrives (echo), exit 0" "$(oci_show)"
fi
gone "ctr run --rm of echo" oci-echo

# Without -t, ctr copies its stdin into the container's (a fifo). It
# does not pass the end of it on: ctr 1.6 never closes the task's stdin
# (CloseIO), so a reader of stdin to its EOF (cat, wc) never ends; the
# container reads the two lines it expects and exits.
out=$(printf 'line one\nline two\n' |
	ctr run --runc-binary "$OCI_RUNTIME" --env PATH=/bin --rm --rootfs "$OCI_ROOTFS" \
		oci-stdin /bin/sh -c 'read a; read b; echo "got <$a> <$b>"' 2>"$E")
rc=$?
if [ "$rc" = 0 ] && [ "$out" = "got <line one> <line two>" ]; then
	t_ok "ctr run: stdin reaches the container (2 lines read), exit 0"
else
	t_fail "ctr run: stdin reaches the container (2 lines read), exit 0" \
		"exit $rc, stdout '$out', stderr $(head -c 300 "$E")"
fi
gone "ctr run --rm with stdin" oci-stdin

# ---- memory limit: OOM kill and containerd's event ----------------------
ctr events >"$HIND_TMP/events" 2>&1 &
ev=$!
# ctr events sees only what happens after it subscribed: create and
# remove a probe container until its event shows up (at most 30 s).
i=0
while ! grep -q oci-evprobe "$HIND_TMP/events" && [ $i -lt 30 ]; do
	ctr c create --rootfs "$OCI_ROOTFS" oci-evprobe /bin/true >/dev/null 2>&1
	ctr c rm oci-evprobe >/dev/null 2>&1
	sleep 1
	i=$((i + 1))
done
grep -q oci-evprobe "$HIND_TMP/events" || diag "ctr events shows no event of a probe container after 30 s"
# 64 MiB into a shell variable under a 32 MiB limit (no swap is on).
ctr_run "--rm --memory-limit 33554432" oci-oom /bin/sh -c \
	'x=$(head -c 64m /dev/zero | tr "\0" a); echo survived ${#x}'
t_is "--memory-limit 32 MiB: the 64 MiB shell is OOM-killed (exit 137)" "$rc" 137
[ "$rc" = 137 ] || diag "$(oci_show)"
i=0
while ! grep -q '/tasks/oom' "$HIND_TMP/events" && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
if grep '/tasks/oom' "$HIND_TMP/events" | grep -q oci-oom; then
	t_ok "--memory-limit: containerd reports /tasks/oom for the container"
else
	t_fail "--memory-limit: containerd reports /tasks/oom for the container" \
		"events: $(cut -c 1-160 "$HIND_TMP/events" | tr '\n' ';' | head -c 600)"
fi
kill $ev 2>/dev/null
wait $ev 2>/dev/null
gone "ctr run --rm after an OOM kill" oci-oom

# ---- detached: task ls, ps, exec, kill, rm -------------------------------
ID=oci-detached
ctr_run "-d --null-io" $ID /bin/sleep 600
t_is "ctr run -d: starts the task (exit 0)" "$rc" 0
[ "$rc" = 0 ] || diag "$(oci_show)"
c task ls
pid=$(awk -v id=$ID '$1 == id && $3 == "RUNNING" { print $2 }' "$O")
if [ -n "$pid" ] && [ -d "/proc/$pid" ] && grep -q sleep "/proc/$pid/cmdline"; then
	t_ok "ctr task ls: RUNNING, with the pid of the container's sleep"
else
	t_fail "ctr task ls: RUNNING, with the pid of the container's sleep" "$(tr '\n' ';' <"$O")"
fi
# The leftover check sees a live container: every kind of trace at once.
l=$(oci_left $ID)
if echo "$l" | grep -q '^process ' && echo "$l" | grep -q '^shim ' &&
	echo "$l" | grep -q '^cgroup ' && echo "$l" | grep -q "^state /run/containerd/runc/default/$ID"; then
	t_ok "the leftover check sees the running task's process, shim, cgroup and state"
else
	t_fail "the leftover check sees the running task's process, shim, cgroup and state" "$(echo "$l" | tr '\n' ';')"
fi
diag "a running task leaves: $(echo "$l" | cut -d' ' -f1,2 | tr '\n' ';')"
c task ps $ID
if [ "$rc" = 0 ] && [ -n "$pid" ] && awk -v p="$pid" '$1 == p { f = 1 } END { exit !f }' "$O"; then
	t_ok "ctr task ps: lists the task's pid"
else
	t_fail "ctr task ps: lists the task's pid" "$(oci_show)"
fi
# In the container's pid namespace, its pid 1 is the sleep.
c task exec --exec-id e1 $ID /bin/sh -c 'echo exec sees pid 1: $(tr "\0" " " </proc/1/cmdline); exit 7'
if [ "$rc" = 7 ] && grep -qx "exec sees pid 1: /bin/sleep 600 *" "$O"; then
	t_ok "ctr task exec: runs in the container (its pid 1 is the task), its exit status (7) passes"
else
	t_fail "ctr task exec: runs in the container (its pid 1 is the task), its exit status (7) passes" "$(oci_show)"
fi
c task kill -s SIGKILL $ID
t_is "ctr task kill -s SIGKILL: exit 0" "$rc" 0
i=0
while ! ctr task ls 2>/dev/null | awk -v id=$ID '$1 == id && $3 == "STOPPED" { f = 1 } END { exit !f }' &&
	[ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
c task ls
if awk -v id=$ID '$1 == id && $3 == "STOPPED" { f = 1 } END { exit !f }' "$O" && [ ! -d "/proc/$pid" ]; then
	t_ok "ctr task kill: the task is STOPPED and its process gone"
else
	t_fail "ctr task kill: the task is STOPPED and its process gone" "$(tr '\n' ';' <"$O")"
fi
c task rm $ID
t_is "ctr task rm: exit 0" "$rc" 0
[ "$rc" = 0 ] || diag "$(oci_show)"
c c rm $ID
t_is "ctr c rm: exit 0" "$rc" 0
[ "$rc" = 0 ] || diag "$(oci_show)"
c c ls -q
if [ "$rc" = 0 ] && ! grep -qx $ID "$O"; then
	t_ok "ctr c ls: the removed container is not listed"
else
	t_fail "ctr c ls: the removed container is not listed" "$(oci_show)"
fi
gone "ctr task rm and ctr c rm of a detached task" $ID

# ---- a terminal: ctr run -t ----------------------------------------------
# ctr -t needs a terminal of its own: hind-run -t gives it one (a pty),
# with the host's files (NOIMG), so that it reaches containerd's socket
# and fifos.
if "$HIND" run --help 2>&1 | grep -q -- '--tty'; then
	"$HIND" run -q -t --privileged NOIMG ctr run -t --runc-binary "$OCI_RUNTIME" \
		--env PATH=/bin --rm --rootfs "$OCI_ROOTFS" oci-tty \
		/bin/sh -c '[ -t 0 ] && [ -t 1 ] && tty && exit 5' >"$O" 2>"$E" </dev/null
	rc=$?
	if [ "$rc" = 5 ] && tr -d '\r' <"$O" | grep -q '^/dev/pts/[0-9]*$'; then
		t_ok "ctr run -t: the container's stdio is a terminal (tty names its pty), exit 5 passes"
	else
		t_fail "ctr run -t: the container's stdio is a terminal (tty names its pty), exit 5 passes" "$(oci_show)"
	fi
	gone "ctr run -t --rm" oci-tty
else
	t_skip "ctr run -t: the container's stdio is a terminal (tty names its pty), exit 5 passes" \
		"no hind-run -t to give ctr a terminal"
	t_skip "ctr run -t --rm: nothing is left (processes, shim, cgroup, state, mounts)" \
		"no hind-run -t to give ctr a terminal"
fi

# ---- a missing command ---------------------------------------------------
ctr_run --rm oci-missing /bin/no-such-command
if [ "$rc" != 0 ] && grep -qiE 'no such file|not found' "$E"; then
	t_ok "ctr run of a missing command: fails, with the runtime's 'no such file' or 'not found'"
else
	t_fail "ctr run of a missing command: fails, with the runtime's 'no such file' or 'not found'" "$(oci_show)"
fi
diag "missing command: exit $rc: $(tail -n 1 "$E" | cut -c 1-300)"
gone "ctr run --rm of a missing command" oci-missing

# ---- containerd itself -----------------------------------------------------
oci_stop
if [ -z "$(pidof containerd-shim-runc-v2)" ]; then
	t_ok "after containerd stops, no shim runs"
else
	t_fail "after containerd stops, no shim runs" "$(pidof containerd-shim-runc-v2)"
fi
t_done
