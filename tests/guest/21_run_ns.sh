#!/bin/sh
# 21_run_ns.sh - hind-run's namespaces: pid 1 inside, only the container's
# processes in its /proc, hostname, mounts, network (lo up), ipc, cgroup
# namespace, and the --net/--uts/--ipc host opt-outs.
#
# Hierarchy: the container's cgroup below this shell's own (no limits).
# Expected: every namespace link inside differs from the host's unless
# kept with "host"; nothing made inside is visible outside.
. "$(dirname "$0")/../lib/tap.sh"


hr -q --no-init NOIMG sh -c 'echo $$'
t_is "--no-init: the command is pid 1" "$(cat "$O")" 1
hr -q NOIMG sh -c 'echo $$ $(cat /proc/1/comm)'
t_is "default: init is pid 1, the command pid 2" "$(cat "$O")" "2 hind-init"

# Only the container's processes: init, sh and ls.
hr -q NOIMG sh -c 'ls /proc | grep "^[0-9][0-9]*$" | tr "\n" " "'
pids=$(cat "$O")
case " $pids " in
*" $$ "*) t_fail "only the container's processes in /proc" "saw the test shell: $pids" ;;
*) n=$(echo $pids | wc -w)
	if [ "$n" -ge 2 ] && [ "$n" -le 6 ]; then diag "pids: $pids"; t_ok "only the container's processes in /proc"
	else t_fail "only the container's processes in /proc" "$pids"; fi ;;
esac

host_name=$(hostname)
# Setting the host name needs CAP_SYS_ADMIN: --privileged.
hr -q --privileged NOIMG sh -c 'hostname inside-box && hostname'
t_is "hostname can be set inside" "$(cat "$O")" inside-box
t_is "...and the host's is unchanged" "$(hostname)" "$host_name"
hr -q --hostname box1 NOIMG hostname
t_is "--hostname" "$(cat "$O")" box1
hr -q --name hindtest-n$$ NOIMG hostname
t_is "default hostname is the container name" "$(cat "$O")" hindtest-n$$

# A mount made inside is absent outside.
mkdir -p "$HIND_TMP/mnt"
# Mounting needs CAP_SYS_ADMIN: --privileged.
hr -q --privileged NOIMG sh -c "mount -t tmpfs hindtest-in $HIND_TMP/mnt && grep -c hindtest-in /proc/self/mountinfo"
t_is "a mount inside is visible inside" "$(cat "$O")" 1
if grep -q hindtest-in /proc/self/mountinfo; then t_fail "...and absent outside"; else t_ok "...and absent outside"; fi
nproc_out=$(awk '$5 == "/proc"' /proc/self/mountinfo | grep -c ' - proc ')
hr -q NOIMG sh -c "awk '\$5 == \"/proc\"' /proc/self/mountinfo | grep -c ' - proc '"
t_is "a fresh /proc is mounted over the host's" "$(cat "$O")" $((nproc_out + 1))

# Namespace identities.
for ns in pid mnt uts ipc net cgroup; do
	host=$(readlink /proc/self/ns/$ns)
	hr -q NOIMG readlink /proc/self/ns/$ns
	if [ -n "$(cat "$O")" ] && [ "$(cat "$O")" != "$host" ]; then t_ok "new $ns namespace"
	else t_fail "new $ns namespace" "inside '$(cat "$O")' host '$host'"; fi
done
for ns in net uts ipc; do
	host=$(readlink /proc/self/ns/$ns)
	hr -q --$ns host NOIMG readlink /proc/self/ns/$ns
	t_is "--$ns host keeps the host's $ns namespace" "$(cat "$O")" "$host"
done
host=$(readlink /proc/self/ns/cgroup)
hr -q --cgroupns host NOIMG readlink /proc/self/ns/cgroup
t_is "--cgroupns host keeps the host's cgroup namespace" "$(cat "$O")" "$host"

# The cgroup namespace is rooted at the container's cgroup.
hr -q NOIMG cat /proc/self/cgroup
if [ "$rc" = 0 ] && grep -q ':/$' "$O" && ! grep -qv ':/$' "$O"; then t_ok "cgroup namespace rooted at the container's cgroup"
else t_fail "cgroup namespace rooted at the container's cgroup" "exit $rc: $(cat "$O")"; fi

# Network: only lo, and it is up.
hr -q NOIMG sh -c 'ip -o link | wc -l; ip -o link show lo'
if [ "$(head -n 1 "$O")" = 1 ] && grep -q 'UP' "$O"; then t_ok "new net namespace: only lo, up"
else t_fail "new net namespace: only lo, up" "$(cat "$O")"; fi
if command -v ping >/dev/null; then PING=ping; else PING="busybox ping"; fi
hr -q NOIMG $PING -c 1 -W 2 127.0.0.1
t_is "loopback answers" "$rc" 0

leftover=$(leftovers)
t_is "namespaces: nothing left behind" "$leftover" ""
t_done
