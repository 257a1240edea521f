#!/bin/sh
# 60_oci_cli.sh - hind-oci's own command line, without an engine: spec,
# features, run, the create/start/state/ps/exec/kill/delete life cycle,
# limits and capabilities from config.json, and bad bundles (one error
# line in the log, exit 1, nothing left).
#
# The bundle: `hind-oci spec`'s config.json, edited with sed, over a
# busybox root built in the test's scratch folder. containerd's and
# crun's view of the same runtime are in tests/oci (the oci cells).
. "$(dirname "$0")/../lib/tap.sh"

OCI=hind-oci
BB=$(which busybox)
[ -L "$BB" ] && BB=$(readlink -f "$BB")
B=$HIND_TMP/bundle S=$HIND_TMP/state L=$HIND_TMP/oci.log
mkdir -p "$B/rootfs/bin" "$B/rootfs/proc" "$B/rootfs/dev" "$B/rootfs/sys" \
	"$B/rootfs/tmp" "$B/rootfs/etc"
cp "$BB" "$B/rootfs/bin/busybox"
for a in sh cat echo grep sleep ls hostname id head tr wc readlink ps mknod rm; do
	ln -s busybox "$B/rootfs/bin/$a"
done

# o ARGS...: hind-oci with our state root and a JSON log: stdout in $O,
# stderr in $E, the status in $rc.
o() {
	"$OCI" --root "$S" --log "$L" --log-format json "$@" >"$O" 2>"$E" </dev/null
	rc=$?
}
# the last error line's msg in the log
last_msg() { grep '"level":"error"' "$L" | tail -n 1 | sed 's/.*"msg":"\(.*\)"}$/\1/'; }

# cfg ARGS-JSON [SED...]: config.json with process.args ARGS-JSON and no
# terminal, then each sed expression.
cfg() {
	_args=$1
	shift
	rm -f "$B/config.json"
	"$OCI" spec --bundle "$B" || return 1
	sed -i -e 's/"terminal": true/"terminal": false/' \
		-e "/\"args\": \[/,/\]/c\\		\"args\": $_args," "$B/config.json"
	for _e in "$@"; do sed -i "$_e" "$B/config.json"; done
}

# ---- spec, features --------------------------------------------------------
rm -f "$B/config.json"
"$OCI" spec --bundle "$B" >"$O" 2>"$E"
rc=$?
t_check "spec: exit 0 and a config.json with ociVersion and a rootfs" \
	sh -c "[ $rc = 0 ] && grep -q '\"ociVersion\": \"1.0.2\"' $B/config.json && grep -q '\"path\": \"rootfs\"' $B/config.json"
"$OCI" spec --bundle "$B" >"$O" 2>"$E"
rc=$?
if [ $rc = 1 ] && grep -q 'exists' "$E"; then t_ok "spec: refuses to overwrite config.json (exit 1)"
else t_fail "spec: refuses to overwrite config.json (exit 1)" "exit $rc: $(cat "$E")"; fi
"$OCI" features >"$O" 2>"$E"
rc=$?
t_check "features: exit 0, ociVersionMax, seccomp operators and CAP_SYS_ADMIN" \
	sh -c "[ $rc = 0 ] && grep -q '\"ociVersionMax\":\"1.1.0\"' $O && grep -q SCMP_CMP_MASKED_EQ $O && grep -q CAP_SYS_ADMIN $O"
o --version
t_check "--version: exit 0 and 'hind-oci (hind)'" sh -c "[ $rc = 0 ] && grep -q 'hind-oci (hind)' $O"

# ---- run: create, start, wait, delete --------------------------------------
cfg '["sh", "-c", "echo hello-oci; exit 42"]'
o run --bundle "$B" r1
if [ $rc = 42 ] && grep -qx "hello-oci" "$O"; then t_ok "run: the process's output and its status 42"
else t_fail "run: the process's output and its status 42" "exit $rc: $(cat "$O" "$E")"; fi
t_check "run: no state left for r1" sh -c "! [ -e $S/r1 ]"

# pid 1 of a namespace cannot be killed from inside: from outside.
cfg '["sleep", "1000"]'
"$OCI" --root "$S" run --bundle "$B" r2 >"$O" 2>"$E" </dev/null &
bg=$!
i=0
while [ $i -lt 100 ] && ! "$OCI" --root "$S" state r2 2>/dev/null | grep -q '"status":"running"'; do
	sleep 0.1
	i=$((i + 1))
done
"$OCI" --root "$S" kill r2 KILL
wait $bg
t_is "run: killed by SIGKILL (kill r2 KILL) is 137" "$?" 137

# ---- the life cycle --------------------------------------------------------
cfg '["sh", "-c", "echo started >/tmp/started; exec sleep 1000"]' \
	's/"readonly": true/"readonly": false/'
o create --bundle "$B" --pid-file "$HIND_TMP/pid" c1
t_is "create: exit 0" "$rc" 0
pid=$(cat "$HIND_TMP/pid" 2>/dev/null)
case $pid in
''|*[!0-9]*) t_fail "create: the pid file holds a decimal pid and no newline" "'$pid'" ;;
*) t_is "create: the pid file holds a decimal pid and no newline" "$(wc -l <"$HIND_TMP/pid")" 0 ;;
esac
o state c1
if [ $rc = 0 ] && grep -q '"status":"created"' "$O" && grep -q "\"pid\":$pid," "$O" &&
	grep -q '"id":"c1"' "$O" && grep -q "\"bundle\":\"$B\"" "$O"; then
	t_ok "state: created, with the pid, the id and the bundle"
else
	t_fail "state: created, with the pid, the id and the bundle" "$(cat "$O" "$E")"
fi
comm=$(cat /proc/$pid/comm 2>/dev/null)
t_is "create: the container's process waits before its execve" "$comm" hind-oci
o start c1
t_is "start: exit 0" "$rc" 0
i=0
while [ $i -lt 50 ] && [ "$(cat /proc/$pid/comm 2>/dev/null)" != sleep ]; do sleep 0.1; i=$((i + 1)); done
t_is "start: the process is the command now (pid 1 of the container)" "$(cat /proc/$pid/comm 2>/dev/null)" sleep
o state c1
t_check "state: running" grep -q '"status":"running"' "$O"
o start c1
if [ $rc = 1 ] && [ -n "$(last_msg)" ]; then t_ok "start twice: exit 1 and an error line in the log ($(last_msg))"
else t_fail "start twice: exit 1 and an error line in the log" "exit $rc"; fi
o ps --format json c1
t_check "ps --format json: a JSON array holding the pid" grep -q "^\[.*$pid.*\]$" "$O"
o exec c1 sh -c 'echo in-$(hostname); cat /tmp/started'
if [ $rc = 0 ] && grep -qx 'in-hind' "$O" && grep -qx started "$O"; then
	t_ok "exec: runs in the container (its host name, its /tmp)"
else
	t_fail "exec: runs in the container (its host name, its /tmp)" "exit $rc: $(cat "$O" "$E")"
fi
o exec c1 sh -c 'exit 7'
t_is "exec: the process's status" "$rc" 7
o exec c1 /nope
if [ $rc != 0 ] && grep -q nope "$L"; then t_ok "exec of a missing command: non-zero and the message in the log"
else t_fail "exec of a missing command: non-zero and the message in the log" "exit $rc"; fi
o list
t_check "list: c1 running" grep -q "^c1	$pid	running" "$O"
o delete c1
if [ $rc = 1 ] && last_msg | grep -q 'not stopped'; then t_ok "delete of a running container: exit 1, 'not stopped'"
else t_fail "delete of a running container: exit 1, 'not stopped'" "exit $rc: $(last_msg)"; fi
o kill c1 KILL
t_is "kill c1 KILL: exit 0" "$rc" 0
i=0
while [ $i -lt 50 ] && ! grep -q '"status":"stopped"' "$O"; do o state c1; sleep 0.1; i=$((i + 1)); done
t_check "state after kill: stopped" grep -q '"status":"stopped"' "$O"
o kill c1 TERM
if [ $rc = 1 ] && last_msg | grep -q 'container not running'; then t_ok "kill of a stopped container: exit 1, 'container not running'"
else t_fail "kill of a stopped container: exit 1, 'container not running'" "exit $rc: $(last_msg)"; fi
o delete c1
t_is "delete: exit 0" "$rc" 0
o state c1
if [ $rc = 1 ] && last_msg | grep -q 'does not exist'; then t_ok "state after delete: exit 1, 'does not exist'"
else t_fail "state after delete: exit 1, 'does not exist'" "exit $rc: $(last_msg)"; fi
o delete --force c1
t_is "delete --force of a container that is gone: exit 0" "$rc" 0
t_check "delete: no state, no cgroup c1" sh -c "! [ -e $S/c1 ] && [ -z \"\$(find /sys/fs/cgroup -name c1 -type d)\" ]"

# delete --force of a created container kills it
cfg '["sleep", "1000"]'
o create --bundle "$B" c2
o delete --force c2
t_is "delete --force of a created container: exit 0" "$rc" 0
t_check "delete --force: no state, no cgroup c2" sh -c "! [ -e $S/c2 ] && [ -z \"\$(find /sys/fs/cgroup -name c2 -type d)\" ]"

# ---- config.json is what the container gets --------------------------------
# cpu.shares 512 is cpu.weight 20 on v2 (runc's mapping: 1 + 510 * 9999 /
# 262142); memory.reservation is memory.low (v1: the soft limit).
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
	MEM=/sys/fs/cgroup/memory.max PIDS=/sys/fs/cgroup/pids.max
	CPUW=/sys/fs/cgroup/cpu.weight LOW=/sys/fs/cgroup/memory.low WANTW=20
else
	MEM=/sys/fs/cgroup/memory/memory.limit_in_bytes PIDS=/sys/fs/cgroup/pids/pids.max
	CPUW=/sys/fs/cgroup/cpu/cpu.shares LOW=/sys/fs/cgroup/memory/memory.soft_limit_in_bytes WANTW=512
fi
cfg "[\"sh\", \"-c\", \"cat $PIDS; grep CapEff /proc/self/status; echo \$FOO; cat $CPUW\"]" \
	's/"resources": {/"resources": { "cpu": { "shares": 512 }, "pids": { "limit": 64 },/' \
	's/"TERM=xterm"/"TERM=xterm", "FOO=bar-oci"/'
o run --bundle "$B" r3
t_is "linux.resources: pids 64, read back inside" "$rc $(sed -n 1p "$O")" "0 64"
# runc spec's capabilities: AUDIT_WRITE, KILL, NET_BIND_SERVICE
t_check "process.capabilities: CapEff is AUDIT_WRITE, KILL, NET_BIND_SERVICE" \
	grep -q 'CapEff:	0000000020000420' "$O"
t_check "process.env: FOO=bar-oci" grep -qx bar-oci "$O"
t_is "linux.resources.cpu.shares 512: $CPUW $WANTW" "$(sed -n 4p "$O")" "$WANTW"
# memory: read back where the kernel has the controller; where it has
# not (Debian's 6.12 has no v1 memory controller), create says so.
cfg "[\"cat\", \"$MEM\", \"$LOW\"]" \
	's/"resources": {/"resources": { "memory": { "limit": 33554432, "swap": 33554432, "reservation": 16777216 },/'
o run --bundle "$B" r3m
if has_ctrl memory; then
	t_is "linux.resources.memory: limit 32 MiB, read back inside" "$rc $(sed -n 1p "$O")" "0 33554432"
	t_is "linux.resources.memory.reservation 16 MiB: $LOW" "$(sed -n 2p "$O")" 16777216
else
	if [ $rc = 1 ] && last_msg | grep -q 'no cgroup v1 memory controller' &&
		[ -z "$(find /sys/fs/cgroup -name r3m -type d)" ]; then
		t_ok "linux.resources.memory without the kernel's controller: exit 1, the reason, nothing left"
	else
		t_fail "linux.resources.memory without the kernel's controller: exit 1, the reason, nothing left" "exit $rc: $(last_msg)"
	fi
	t_skip "linux.resources.memory.reservation 16 MiB: $LOW" "kernel $(uname -r) has no v1 memory controller"
fi

# linux.namespaces with a path, as Kubernetes puts a pod's containers in
# the namespaces of its pause container: c3 holds them, r5 joins.
cfg '["sleep", "1000"]'
o create --bundle "$B" --pid-file "$HIND_TMP/pid3" c3
o start c3
p3=$(cat "$HIND_TMP/pid3")
want=$(for n in net ipc uts pid; do readlink /proc/$p3/ns/$n; done | tr '\n' ' ')
cat >"$B/rootfs/ns.sh" <<'EOF'
for n in net ipc uts pid; do readlink /proc/self/ns/$n; done | tr '\n' ' '
echo
ps -o comm | grep -c sleep
EOF
cfg '["sh", "/ns.sh"]' \
	"s|\"type\": \"network\"$|\"type\": \"network\", \"path\": \"/proc/$p3/ns/net\"|" \
	"s|\"type\": \"ipc\"$|\"type\": \"ipc\", \"path\": \"/proc/$p3/ns/ipc\"|" \
	"s|\"type\": \"uts\"$|\"type\": \"uts\", \"path\": \"/proc/$p3/ns/uts\"|" \
	"s|\"type\": \"pid\"$|\"type\": \"pid\", \"path\": \"/proc/$p3/ns/pid\"|" \
	'/"hostname":/d'
o run --bundle "$B" r5
t_is "linux.namespaces path: r5 is in c3's net, ipc, uts and pid namespaces" "$(sed -n 1p "$O")" "$want"
t_is "linux.namespaces path: r5 sees c3's sleep (one pid namespace)" "$(sed -n 2p "$O")" 1
o delete --force c3

# linux.resources.devices: runc spec's "deny all" plus runc's default
# allows; CAP_MKNOD given: a null node made works, a kmsg node does not.
cat >"$B/rootfs/dev.sh" <<'EOF'
mknod /tmp/n c 1 3 && echo x >/tmp/n && echo null-ok
mknod /tmp/k c 1 11 && { head -c1 /tmp/k >/dev/null 2>&1 && echo kmsg-read || echo kmsg-denied; }
rm -f /tmp/n /tmp/k
EOF
cfg '["sh", "/dev.sh"]' \
	's/"CAP_KILL",/"CAP_KILL", "CAP_MKNOD",/' 's/"readonly": true/"readonly": false/'
if in_guest "devices: a c 1:3 node made inside works (mknod is allowed)"; then
	o run --bundle "$B" r6
	t_check "devices: a c 1:3 node made inside works (mknod is allowed)" grep -qx null-ok "$O"
	t_check "devices: a c 1:11 (kmsg) node made inside is refused" grep -qx kmsg-denied "$O"
else
	t_skip "devices: a c 1:11 (kmsg) node made inside is refused" "makes device nodes: guest only"
fi

# process.rlimits (runc spec: NOFILE 1024), oomScoreAdj, apparmorProfile,
# linux.sysctl (then /proc/sys is read-only)
if [ -e /proc/self/attr/apparmor/current ]; then AA=/proc/self/attr/apparmor/current
else AA=/proc/self/attr/current; fi
cfg '["sh", "-c", "ulimit -n; cat /proc/self/oom_score_adj /proc/sys/net/ipv4/ip_forward; echo 0 >/proc/sys/net/ipv4/ip_forward || echo ro-sys"]' \
	's/"noNewPrivileges": true/"noNewPrivileges": true, "oomScoreAdj": 123/' \
	's/"linux": {/"linux": { "sysctl": { "net.ipv4.ip_forward": "1" },/'
o run --bundle "$B" r4
[ $rc = 0 ] || diag "r4: exit $rc: $(last_msg) $(cat "$E")"
t_is "process.rlimits: RLIMIT_NOFILE 1024 (ulimit -n)" "$(sed -n 1p "$O")" 1024
t_is "process.oomScoreAdj: 123 in /proc/self/oom_score_adj" "$(sed -n 2p "$O")" 123
t_is "linux.sysctl: net.ipv4.ip_forward=1 inside" "$(sed -n 3p "$O")" 1
t_check "linux.sysctl: /proc/sys read-only after the sysctls" grep -qx ro-sys "$O"
if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ]; then
	cfg "[\"cat\", \"$AA\"]" \
		's/"noNewPrivileges": true/"noNewPrivileges": true, "apparmorProfile": "unconfined"/'
	o run --bundle "$B" r7
	t_check "process.apparmorProfile unconfined: the command runs unconfined" grep -q '^unconfined' "$O"
else
	t_skip "process.apparmorProfile unconfined: the command runs unconfined" "AppArmor is off in kernel $(uname -r)"
fi

# process.user: a non-root uid keeps config.json's capabilities (runc's
# rule, unlike hind-run's): across execve only through the ambient set,
# which needs them inheritable too (runc spec has no inheritable set);
# its additional gids; create/start still work (pid 1 opens the fifo
# after the switch of user).
cfg '["sh", "-c", "id -u; id -G; grep CapEff /proc/self/status"]' \
	's/"uid": 0,/"uid": 1000,/' 's/"gid": 0$/"gid": 1000, "additionalGids": [ 27 ]/' \
	's/"capabilities": {/"capabilities": { "inheritable": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ],/'
o create --bundle "$B" u1
o start u1
i=0
while [ $i -lt 50 ] && "$OCI" --root "$S" state u1 2>/dev/null | grep -q '"status":"running"'; do sleep 0.1; i=$((i + 1)); done
o delete u1
t_is "process.user 1000: create, start and delete of a non-root process work" "$rc" 0
o run --bundle "$B" u2
t_is "process.user 1000: uid 1000" "$(sed -n 1p "$O")" 1000
t_is "process.user 1000: gid 1000 and additionalGids 27" "$(sed -n 2p "$O")" "1000 27"
t_is "process.user 1000: CapEff is config.json's ambient set (AUDIT_WRITE, KILL, NET_BIND_SERVICE)" \
	"$(sed -n 3p "$O")" "CapEff:	0000000020000420"

# ---- bad bundles: one error line, exit 1, nothing created ------------------
bad() {
	_name=$1 _want=$2
	: >"$L"
	o create --bundle "$B" bad1
	if [ $rc = 1 ] && [ "$(grep -c '"level":"error"' "$L")" -ge 1 ] &&
		last_msg | grep -q "$_want" && ! [ -e "$S/bad1" ] &&
		[ -z "$(find /sys/fs/cgroup -name bad1 -type d)" ]; then
		t_ok "bad bundle, $_name: exit 1, '$_want' in the log, nothing left"
	else
		t_fail "bad bundle, $_name: exit 1, '$_want' in the log, nothing left" "exit $rc: $(cat "$L" "$E")"
	fi
}
rm -f "$B/config.json"
bad "no config.json" "No such file"
echo '{"ociVersion": "1.0.2", "process": ' >"$B/config.json"
bad "bad JSON" "config.json"
cfg '["true"]' 's/"terminal": false/"terminal": 7/'
bad "a field of the wrong type" "process.terminal"
cfg '["true"]' 's/"CAP_KILL"/"CAP_FOO"/'
bad "an unknown capability" "CAP_FOO"
cfg '["true"]' 's/"type": "mqueue"/"type": "nfs"/'
bad "a mount type hind does not know" "nfs"
cfg '["/nope"]'
bad "a missing command" "nope"
cfg '["true"]' 's/"terminal": false/"terminal": true/'
bad "a terminal without a console socket" "console socket"
cfg '["true"]' 's/"linux": {/"linux": { "sysctl": { "vm.swappiness": "10" },/'
bad "a sysctl of no namespace" "vm.swappiness"
if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ]; then
	cfg '["true"]' 's/"noNewPrivileges": true/"noNewPrivileges": true, "apparmorProfile": "hind-no-such-profile"/'
	bad "an AppArmor profile the kernel has not loaded" "AppArmor profile"
else
	cfg '["true"]' 's/"noNewPrivileges": true/"noNewPrivileges": true, "apparmorProfile": "hind-no-such-profile"/'
	bad "apparmorProfile without AppArmor" "no AppArmor"
fi
o --systemd-cgroup list
if [ $rc = 1 ] && last_msg | grep -q systemd; then t_ok "--systemd-cgroup: refused, exit 1"
else t_fail "--systemd-cgroup: refused, exit 1" "exit $rc"; fi

o list
t_is "list: nothing left under the state root" "$(sed 1d "$O")" ""
no_leftovers "hind-oci"
t_done
