#!/bin/sh
# 26_run_cgroupns.sh - inside hind-run's cgroup namespace, /sys/fs/cgroup
# shows the container's own cgroup as its root, as /proc/self/cgroup does,
# so programs that read "their" cgroup (cpu_load, memory_load, anything
# that reads cpu.max or memory.max) see the container's limits, not the
# host's root. With NOIMG (host root) and with a directory IMAGE; the host's
# mount table is unchanged afterwards; --cgroupns host keeps the host view.
#
# The view is read-only and shows only the container's own cgroups:
# writing its memory limit, cgroup.procs or a mkdir fails with EROFS and
# the limit reads back unchanged (--privileged: they work); v1: the
# container has a cgroup of its own in every mounted hierarchy (freezer,
# devices, name=systemd too), each hierarchy folder inside is that cgroup
# (pid 1 in its cgroup.procs) and none is a hierarchy root (no
# release_agent); --cgroupns host shows the host's tree, read-only.
# hind-init holds no directory fd (the cgroup's, for clone3, was a way
# out of the view).
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
for a in sh cat ls touch grep sed mkdir dirname readlink wc; do
	ln -s busybox "$R/bin/$a"
done
hr -q --cpus 0.2 "$R" /bin/cat "/sys/fs/cgroup/$quota_file"
t_is "IMAGE: the container's quota at /sys/fs/cgroup" "$rc:$(cat "$O")" "0:$want_quota"
hr -q --cpus 0.2 "$R" /bin/sh -c "touch /sys/fs/cgroup/x 2>/dev/null || echo read-only"
t_is "IMAGE: the cgroup view is read-only" "$(cat "$O")" "read-only"

# --cgroupns host: the host's view, full path in /proc/self/cgroup.
hr -q --cgroupns host --cpus 0.2 NOIMG cat /proc/self/cgroup
if grep -q 'hind-' "$O"; then t_ok "--cgroupns host keeps the host's paths"
else t_fail "--cgroupns host keeps the host's paths" "$(cat "$O")"; fi

# ---- read-only, and only the container's own cgroups ----------------------
# view.sh: each hierarchy folder under /sys/fs/cgroup (v1: the folders,
# not the cpu -> cpu,cpuacct links; v2: /sys/fs/cgroup itself), how many
# hold pid 1 (the container's init) and how many have a release_agent
# (only a hierarchy's root has one); then /proc/self/cgroup's lines and
# how many of them are "/".
cat >"$R/view.sh" <<'EOS'
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
	dirs=/sys/fs/cgroup
else
	dirs=
	for d in /sys/fs/cgroup/*; do
		[ -d "$d" ] && [ ! -L "$d" ] && dirs="$dirs $d"
	done
fi
n=0 own=0 agent=0
for d in $dirs; do
	n=$((n + 1))
	grep -qx 1 "$d/cgroup.procs" && own=$((own + 1))
	[ -e "$d/release_agent" ] && agent=$((agent + 1))
done
# v1: a hybrid host's cgroup2 line (0::) is not one of hind's hierarchies.
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
	lines=$(cat /proc/self/cgroup)
else
	lines=$(grep -v '^0::' /proc/self/cgroup)
fi
echo "hierarchies=$n with-init=$n/$own release_agent=$agent" \
	"lines=$(echo "$lines" | grep -c .) root=$(echo "$lines" | grep -c ':/$')"
EOS
# ro.sh VALUE: the own cgroup's memory limit file (from /proc/self/cgroup,
# so --cgroupns host finds it in the host's tree); try to write VALUE to
# it, to its cgroup.procs and a mkdir next to it; what each gave, and the
# limit read back.
cat >"$R/ro.sh" <<'EOS'
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
	d=/sys/fs/cgroup$(sed -n 's/^0:://p' /proc/self/cgroup | sed 's#^/$##')
	f=$d/memory.max
else
	d=/sys/fs/cgroup/memory$(sed -n 's/^[0-9]*:memory://p' /proc/self/cgroup | sed 's#^/$##')
	f=$d/memory.limit_in_bytes
fi
try() {
	case $1 in *"Read-only file system"*) echo "$2: EROFS" ;;
	*"Operation not permitted"*) echo "$2: EPERM" ;;
	"") echo "$2: ok" ;; *) echo "$2: $1" ;; esac
}
try "$( { echo "$1" >"$f"; } 2>&1)" limit
try "$( { echo 1 >"$d/cgroup.procs"; } 2>&1)" procs
try "$(mkdir "$d/hindtest-x" 2>&1)" mkdir
echo "now: $(cat "$f")"
EOS
# fds.sh: hind-init's fds, and the directories among them.
cat >"$R/fds.sh" <<'EOS'
n=0 dirs=
for f in /proc/1/fd/*; do
	n=$((n + 1))
	[ -d "$f" ] && dirs="$dirs $(readlink "$f")"
done
echo "fds=$n dirs=$dirs"
EOS

# label IMG: NOIMG, or IMAGE for the directory image.
label() { [ "$1" = NOIMG ] && echo NOIMG || echo IMAGE; }
if [ "$HIND_CGROUP" = v2 ]; then
	nh=1
else
	nh=$(grep -vc '^0::' /proc/self/cgroup)
fi
want_view="hierarchies=$nh with-init=$nh/$nh release_agent=0 lines=$nh root=$nh"
diag "the host's /proc/self/cgroup: $(tr '\n' ' ' </proc/self/cgroup)"

if [ "$HIND_CGROUP" = v1 ]; then
	# From the host's side: every hierarchy of the command is its own.
	hr -q --cgroupns host NOIMG cat /proc/self/cgroup
	# Its own: a hind-PID cgroup below the caller's, whatever that is.
	n_own=$(grep -c ':/\(.*/\)\{0,1\}hind-[0-9]*$' "$O")
	t_is "v1: a cgroup of its own in each of the $nh hierarchies" \
		"$rc:$(grep -vc '^0::' "$O"):$n_own" "0:$nh:$nh"
	[ "$n_own" = "$nh" ] || diag "$(tr '\n' ' ' <"$O")"
fi

# A memory limit where the kernel has the controller (Debian's 6.12 has
# no v1 memory controller).
M16=
has_ctrl memory && M16="-m 16M"
hr -q $M16 NOIMG sh "$R/view.sh"
t_is "NOIMG: every hierarchy inside is the container's own cgroup" \
	"$rc:$(cat "$O")" "0:$want_view"
hr -q $M16 "$R" /bin/sh /view.sh
t_is "IMAGE: every hierarchy inside is the container's own cgroup" \
	"$rc:$(cat "$O")" "0:$want_view"

# The limits, in each hierarchy's folder as the command sees it.
if [ "$HIND_CGROUP" = v2 ]; then
	lim_files="memory.max pids.max cpu.max"
else
	lim_files="memory/memory.limit_in_bytes pids/pids.max cpu/cpu.cfs_quota_us"
fi
want_lim="16777216|50|$want_quota|"
if [ -z "$M16" ]; then
	lim_files=${lim_files#* }
	want_lim="50|$want_quota|"
fi
for img in NOIMG "$R"; do
	hr -q $M16 --pids-limit 50 --cpus 0.2 "$img" /bin/sh -c \
		"cd /sys/fs/cgroup && cat $lim_files"
	t_is "$(label "$img"): the limits in every hierarchy inside" \
		"$rc:$(tr '\n' '|' <"$O")" "0:$want_lim"
done

if has_ctrl memory; then
	want_ro="limit: EROFS|procs: EROFS|mkdir: EROFS|now: 16777216|"
	for img in NOIMG "$R"; do
		sh=/bin/sh script=/ro.sh
		[ "$img" = NOIMG ] && script=$R/ro.sh
		hr -q -m 16M "$img" $sh $script -1
		t_is "$(label "$img"): lifting its own limit fails: EROFS, the limit stays" \
			"$rc:$(tr '\n' '|' <"$O")" "0:$want_ro"
		hr -q -m 16M --cgroupns host "$img" $sh $script -1
		t_is "$(label "$img"): --cgroupns host: the host's tree, read-only" \
			"$rc:$(tr '\n' '|' <"$O")" "0:$want_ro"
	done
	# The host's tree it is: v1 shows the roots' release_agent.
	if [ "$HIND_CGROUP" = v1 ]; then
		for img in NOIMG "$R"; do
			hr -q --cgroupns host "$img" /bin/sh -c \
				'ls /sys/fs/cgroup/memory/release_agent && grep -c hind- /proc/self/cgroup'
			t_is "$(label "$img"): --cgroupns host shows the host's roots" \
				"$rc:$(tr '\n' '|' <"$O")" "0:/sys/fs/cgroup/memory/release_agent|$nh|"
		done
	fi
	# --privileged: the powers are back (a lower limit: v1's memsw, 16M,
	# caps a higher one). A v2 tree mounted with nsdelegate still keeps
	# the namespace root's limits (the kernel's own rule), but the mkdir
	# and the cgroup.procs write work.
	want="limit: ok|procs: ok|mkdir: ok|now: 8388608|"
	if [ "$HIND_CGROUP" = v2 ] &&
		grep -q ' /sys/fs/cgroup cgroup2 .*nsdelegate' /proc/mounts; then
		want="limit: EPERM|procs: ok|mkdir: ok|now: 16777216|"
	fi
	hr -q -m 16M --privileged NOIMG sh "$R/ro.sh" 8388608
	t_is "--privileged: the cgroup view is read-write" \
		"$rc:$(tr '\n' '|' <"$O")" "0:$want"
else
	t_skip "lifting its own limit fails: EROFS" "kernel $(uname -r) has no $HIND_CGROUP memory controller"
fi

for img in NOIMG "$R"; do
	sh=/bin/sh script=/fds.sh
	[ "$img" = NOIMG ] && script=$R/fds.sh
	hr -q "$img" $sh $script
	case $rc:$(cat "$O") in
	"0:fds="[1-9]*" dirs=") diag "$(cat "$O")"; t_ok "$(label "$img"): hind-init holds no directory fd" ;;
	*) t_fail "$(label "$img"): hind-init holds no directory fd" "exit $rc: $(cat "$O" "$E")" ;;
	esac
done

t_is "the host's mount table is unchanged" "$(grep -c . /proc/self/mountinfo)" "$mounts_before"
t_check "cgroupns: nothing left behind" leftovers
t_done
