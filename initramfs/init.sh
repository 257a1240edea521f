#!/bin/busybox sh
# /init of hind's test image: mount the basics and the cgroup hierarchy the
# build expects, run what the kernel command line asks, power off.
#
# Kernel command line:
#   hind.mode=test|oci|podman|demo|bench|ocibench|shell   (default: shell)
#   hind.cgroup=v1|v2           which hierarchy to mount (default: v2)
#   hind.tests=PATTERN          run only tests/guest/*PATTERN*
# oci mode runs tests/oci (the oci image's containerd cells) instead,
# podman mode tests/podman (the podman image's cell); ocibench mode
# bench/ocibench.sh (make bench's containerd part, packed into the oci image).
# The end of a test run is the sentinel line "hind-guest: exit=N".
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root TERM=${TERM:-vt100}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts
ln -sf pts/ptmx /dev/ptmx 2>/dev/null
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t tmpfs -o mode=1777 tmpfs /tmp
exec </dev/console >/dev/console 2>&1
hostname hind-guest
ip link set lo up 2>/dev/null

mode=shell cgroup=v2 tests=
for arg in $(cat /proc/cmdline); do
	case $arg in
	hind.mode=*) mode=${arg#*=} ;;
	hind.cgroup=*) cgroup=${arg#*=} ;;
	hind.tests=*) tests=${arg#*=} ;;
	esac
done

missing=
if [ "$cgroup" = v2 ]; then
	mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup ||
		echo "hind-init: cannot mount cgroup2"
	for c in cpu cpuset io memory pids; do
		if grep -qw $c /sys/fs/cgroup/cgroup.controllers; then
			echo "+$c" >/sys/fs/cgroup/cgroup.subtree_control ||
				echo "hind-init: cannot enable $c"
		else
			missing="$missing $c"
		fi
	done
else
	mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup
	cd /sys/fs/cgroup
	mkdir cpu,cpuacct
	if mount -t cgroup -o cpu,cpuacct cgroup cpu,cpuacct 2>/dev/null; then
		ln -s cpu,cpuacct cpu
		ln -s cpu,cpuacct cpuacct
	else
		rmdir cpu,cpuacct
		missing="$missing cpu cpuacct"
	fi
	for c in cpuset memory pids freezer devices blkio; do
		mkdir $c
		mount -t cgroup -o $c cgroup $c 2>/dev/null || {
			rmdir $c
			missing="$missing $c"
		}
	done
	# A named hierarchy without controllers, as systemd's on a v1 host.
	mkdir systemd
	mount -t cgroup -o none,name=systemd cgroup systemd 2>/dev/null || {
		rmdir systemd
		missing="$missing name=systemd"
	}
	cd /
fi
# Pin the scheduler's and the allocator's cgroup static keys on: the first
# cpuset cgroup and the first CPU quota flip static branches, and the
# kernel patches its own code to do it. Under multi-threaded TCG another
# vCPU can run into the half-patched instruction (int3 oopses in
# __set_next_task_fair and __alloc_pages, seen on 6.12 in most runs that
# create and remove many cpuset cgroups). An empty cgroup with cpuset and a
# quota keeps the keys' counts above zero, so they never flip again.
if [ "$cgroup" = v2 ]; then
	pin=/sys/fs/cgroup/keys.pin
	mkdir -p $pin && echo "1000000 100000" >$pin/cpu.max
else
	for c in cpuset cpu; do
		[ -d /sys/fs/cgroup/$c ] && mkdir -p /sys/fs/cgroup/$c/keys.pin
	done
	[ -d /sys/fs/cgroup/cpu/keys.pin ] &&
		echo 1000000 >/sys/fs/cgroup/cpu/keys.pin/cpu.cfs_quota_us
fi
echo "hind-init: kernel $(uname -r), cgroup $cgroup hierarchy mounted${missing:+; the kernel lacks:$missing}"

case $mode in
test)
	sh /tests/run.sh $tests
	rc=$?
	echo "hind-guest: exit=$rc"
	;;
oci|podman)
	# The OCI runtimes pivot_root into the container's root, which fails
	# with EINVAL while / is the initramfs: make / a mount with a parent
	# (rbind it, move it onto /, chroot), as bench/guest.sh does. Then
	# the mode's own scripts: tests/oci or tests/podman.
	mkdir -p /mnt/root
	mount --rbind / /mnt/root && cd /mnt/root && mount --move . / &&
		chroot . /bin/sh -c 'cd / && HIND_GUEST_DIR=/tests/$2 sh /tests/run.sh "$1"' sh "$tests" "$mode"
	rc=$?
	cd /
	echo "hind-guest: exit=$rc"
	;;
bench)
	sh /bench/guest.sh
	rc=$?
	echo "hind-guest: exit=$rc"
	;;
ocibench)
	# As in oci mode: / a mount with a parent, so the runtimes can
	# pivot_root.
	mkdir -p /mnt/root
	mount --rbind / /mnt/root && cd /mnt/root && mount --move . / &&
		chroot . /bin/sh -c 'cd / && sh /bench/ocibench.sh'
	rc=$?
	cd /
	echo "hind-guest: exit=$rc"
	;;
demo)
	sh /demo.sh
	rc=$?
	echo "hind-guest: exit=$rc"
	;;
*)
	echo "hind-init: shell; 'poweroff -f' or Ctrl-D ends the session"
	setsid cttyhack sh -l
	;;
esac
sync
poweroff -f
