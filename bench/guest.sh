#!/bin/sh
# guest.sh - the guest half of bench/bench.sh, run by /init in bench mode
# (a v2 guest): contained /bin/true with hind-run, crun, runc, bwrap and
# unshare, back to back and one-off. Prints "BENCH-B2B ..." and
# "BENCH-ONEOFF ..." lines (timeit's format) for the host to read.
#
# First each tool runs once as it is, with / the initramfs: crun, runc
# and bwrap fail there (pivot_root(2) gives EINVAL on the rootfs), which
# "BENCH-ROOTFS" lines record. For the timing, / is then made a mount
# with a parent (rbind it, move it onto /, chroot: what hind-run does by
# itself), so that all five can run.
export PATH=/usr/local/bin:$PATH
R=/bench/bundle/rootfs
if [ "${1:-}" != timing ]; then
	mkdir -p /run
	cp /bench/config.json /bench/bundle/config.json
	for t in "hind-run -q -m 64M --cpus 0.5 --pids-limit 64 $R /bin/true" \
		"crun run -b /bench/bundle hind-bench-crun" \
		"runc run -b /bench/bundle hind-bench-runc" \
		"bwrap --unshare-all --bind $R / --proc /proc --dev /dev /bin/true"; do
		err=$($t 2>&1)
		echo "BENCH-ROOTFS ${t%% *} exit=$? $(echo "$err" | tail -n 1)"
	done
	mkdir -p /mnt/root
	mount --rbind / /mnt/root
	cd /mnt/root || exit 1
	mount --move . / || exit 1
	exec chroot . /bin/sh /bench/guest.sh timing
fi
set -- hind hind-run -q -m 64M --cpus 0.5 --pids-limit 64 $R /bin/true \
	::: crun crun run -b /bench/bundle hind-bench-crun \
	::: runc runc run -b /bench/bundle hind-bench-runc \
	::: bwrap bwrap --unshare-all --bind $R / --proc /proc --dev /dev /bin/true \
	::: unshare unshare --fork --pid --mount --ipc --uts --net --root=$R /bin/true
for t in crun runc bwrap; do
	$t --version >/dev/null 2>&1 || echo "guest: $t does not run"
done
crun run -b /bench/bundle hind-bench-crun || echo "guest: crun failed: $?"
/bench/timeit -n "${BENCH_RUNS:-30}" "$@" | sed 's/^/BENCH-B2B /'
/bench/timeit -n "${BENCH_ONEOFF_RUNS:-15}" -s 200 "$@" | sed 's/^/BENCH-ONEOFF /'
