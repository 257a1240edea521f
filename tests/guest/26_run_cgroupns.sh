#!/bin/sh
# 26_run_cgroupns.sh - inside hind-run's cgroup namespace, /sys/fs/cgroup
# shows the container's own cgroup as its root, as /proc/self/cgroup does,
# so programs that read "their" cgroup (cpu_load, memory_load, anything
# that reads cpu.max or memory.max) see the container's limits, not the
# host's root. With NOIMG (host root) and with a directory IMAGE; the host's
# mount table is unchanged afterwards; --cgroupns host keeps the host view.
. "$(dirname "$0")/../lib/tap.sh"

if [ "$HIND_CGROUP" = v2 ]; then
	quota_file=cpu.max want_quota="20000 100000"
	mem_file=memory.max
else
	quota_file=cpu/cpu.cfs_quota_us want_quota=20000
	mem_file=memory/memory.limit_in_bytes
fi
mounts_before=$(grep -c . /proc/self/mountinfo)

hr -q --cpus 0.2 NOIMG cat /proc/self/cgroup "/sys/fs/cgroup/$quota_file"
t_is "NOIMG: the quota file at the hierarchy root is the container's" \
	"$rc:$(tail -n 1 "$O")" "0:$want_quota"
if [ -n "$(sed '$d' "$O" | grep -v ':/$')" ]; then
	t_fail "NOIMG: /proc/self/cgroup shows the namespace root" "$(cat "$O")"
else
	t_ok "NOIMG: /proc/self/cgroup shows the namespace root"
fi

hr -q --cpus 0.2 NOIMG cpu_load -d 0.5 -r 0.5
case $(head -n 1 "$O") in
*"quota 20.0%"*) t_ok "cpu_load inside sees the 20% quota" ;;
*) t_fail "cpu_load inside sees the 20% quota" "$(head -n 1 "$O")" ;;
esac

if has_ctrl memory; then
	hr -q -m 16M NOIMG memory_load -m 1M -i 0
	if [ "$rc" = 0 ] && grep -q "memory limit 16.0 MiB" "$O"; then
		t_ok "memory_load inside sees the 16 MiB limit"
	else
		t_fail "memory_load inside sees the 16 MiB limit" "exit $rc: $(head -n 2 "$O")"
	fi
	hr -q -m 16M NOIMG cat "/sys/fs/cgroup/$mem_file"
	t_is "NOIMG: memory limit file at the root is the container's" "$rc:$(cat "$O")" "0:16777216"
else
	t_skip "memory_load inside sees the 16 MiB limit" "kernel $(uname -r) has no $HIND_CGROUP memory controller"
	t_skip "NOIMG: memory limit file at the root is the container's" "kernel $(uname -r) has no $HIND_CGROUP memory controller"
fi

# A directory image gets the same view, read-only, on its fresh /sys.
BB=$(which busybox)
[ -L "$BB" ] && BB=$(readlink -f "$BB")
R=$HIND_TMP/root
mkdir -p "$R/bin" "$R/proc" "$R/dev" "$R/sys" "$R/tmp"
cp "$BB" "$R/bin/busybox"
for a in sh cat ls touch; do ln -s busybox "$R/bin/$a"; done
hr -q --cpus 0.2 "$R" /bin/cat "/sys/fs/cgroup/$quota_file"
t_is "IMAGE: the container's quota at /sys/fs/cgroup" "$rc:$(cat "$O")" "0:$want_quota"
hr -q --cpus 0.2 "$R" /bin/sh -c "touch /sys/fs/cgroup/x 2>/dev/null || echo read-only"
t_is "IMAGE: the cgroup view is read-only" "$(cat "$O")" "read-only"

# --cgroupns host: the host's view, full path in /proc/self/cgroup.
hr -q --cgroupns host --cpus 0.2 NOIMG cat /proc/self/cgroup
if grep -q 'hind-' "$O"; then t_ok "--cgroupns host keeps the host's paths"
else t_fail "--cgroupns host keeps the host's paths" "$(cat "$O")"; fi

t_is "the host's mount table is unchanged" "$(grep -c . /proc/self/mountinfo)" "$mounts_before"
t_check "nothing left behind" leftovers
t_done
