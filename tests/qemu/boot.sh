#!/bin/sh
# boot.sh KERNEL INITRD CGROUP MODE LOG [TESTS]
#
# Boots the hind image under QEMU (TCG: KVM hangs guests on the machines
# this project was built on; QEMU_ACCEL=kvm to try it), streams the
# guest's console, keeps the whole serial log in LOG, and exits with the
# guest suite's status, read from the sentinel "hind-guest: exit=N".
# A panic, a missing sentinel or a timeout is a failure. A kernel oops
# (Debian's 6.12 oopses about 1 boot in 12 under TCG right after a CPU
# quota write: a code-patching race in TCG) makes the cell run once more,
# and the output says so.
#
# MODE is test, oci, demo or shell (interactive). QEMU_MEM (MiB, default
# 2048) and QEMU_SMP (vCPUs, default 2) size the guest.
set -u
kernel=$1 initrd=$2 cgroup=$3 mode=$4 log=$5 tests=${6:-}
accel=${QEMU_ACCEL:-tcg}
limit=${QEMU_TIMEOUT:-1800}
mem=${QEMU_MEM:-2048}
smp=${QEMU_SMP:-2}

append="console=ttyS0 panic=-1 oops=panic quiet loglevel=3 hind.mode=$mode hind.cgroup=$cgroup"
[ "$cgroup" = v2 ] && append="$append cgroup_no_v1=all"
[ -n "$tests" ] && append="$append hind.tests=$tests"
# The guest suite's knobs reach /init, and so the tests, as environment.
[ -n "${HIND_SOAK_RUNS:-}" ] && append="$append HIND_SOAK_RUNS=$HIND_SOAK_RUNS"

# A 64 MiB sparse disk the guest may swap on (NVMe is built into Debian's
# kernels); unknown NAME=VALUE words on the kernel command line reach /init
# as environment, so the tests find it in HIND_TEST_SWAPDEV.
swapimg=$log.swapdisk
truncate -s 64M "$swapimg" 2>/dev/null || : >"$swapimg"
trap 'rm -f "$swapimg"' EXIT
disk="-drive file=$swapimg,if=none,id=sw,format=raw -device nvme,drive=sw,serial=hindswap"
append="$append HIND_TEST_SWAPDEV=/dev/nvme0n1"

if [ ! -r "$kernel" ]; then
	echo "boot: no kernel at '$kernel' (tests/qemu/fetch-kernels.sh fetches Debian's)" >&2
	exit 2
fi

qemu() {
	qemu-system-x86_64 -accel "$accel" -m "$mem" -smp "$smp" -nographic -nic none \
		-no-reboot -kernel "$kernel" -initrd "$initrd" -append "$append" $disk "$@"
}

if [ "$mode" = shell ]; then
	qemu
	exit $?
fi

boot_once() {
	# No stdin: the guest must not wait for a terminal. Carriage returns
	# from the serial console are dropped as the log is written.
	timeout "$limit" sh -c 'qemu-system-x86_64 "$@" </dev/null' qemu \
		-accel "$accel" -m "$mem" -smp "$smp" -nographic -nic none -no-reboot \
		-kernel "$kernel" -initrd "$initrd" -append "$append" $disk 2>&1 |
		tr -d '\r' | sed 's/\x1b[[(]\{0,1\}[0-9;?]*[a-zA-Z]//g' | tee "$log"
}

oopsed() {
	grep -qE 'Oops:|BUG:|Kernel panic|general protection fault|invalid opcode:|int3: 0000' "$log"
}

boot_once
if oopsed; then
	echo "# boot: the guest kernel oopsed (log kept as $log.oops); retrying this cell once"
	cp "$log" "$log.oops"
	boot_once
	if oopsed; then
		echo "# boot: the guest kernel oopsed again; see $log"
		exit 1
	fi
fi
rc=$(sed -n 's/^hind-guest: exit=\([0-9]*\).*/\1/p' "$log" | tail -n 1)
if [ -z "$rc" ]; then
	echo "# boot: no end sentinel in $log (timeout after ${limit}s, panic or crash)"
	exit 1
fi
exit "$rc"
