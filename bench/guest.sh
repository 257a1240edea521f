#!/bin/sh
# guest.sh - the guest half of bench/bench.sh, run by /init in bench mode
# (a v2 guest): contained /bin/true with hind-run, crun, runc, bwrap and
# unshare, back to back and one-off. Prints "BENCH-B2B ..." and
# "BENCH-ONEOFF ..." lines (timeit's format) for the host to read.
export PATH=/usr/local/bin:$PATH
mkdir -p /run
cp /bench/config.json /bench/bundle/config.json
R=/bench/bundle/rootfs
set -- hind hind-run -q -m 64M --cpus 0.5 --pids-limit 64 $R /bin/true \
	::: crun crun run -b /bench/bundle hind-bench-crun \
	::: runc runc run -b /bench/bundle hind-bench-runc \
	::: bwrap bwrap --unshare-all --bind $R / --proc /proc --dev /dev /bin/true \
	::: unshare unshare --fork --pid --mount --ipc --uts --net --root=$R /bin/true
for t in hind-run crun runc bwrap unshare; do
	command -v $t >/dev/null || echo "guest: $t missing"
done
hind-run -m 64M --cpus 0.5 --pids-limit 64 $R /bin/true || echo "guest: hind-run failed: $?"
crun run -b /bench/bundle hind-bench-crun || echo "guest: crun failed: $?"
/bench/timeit -n "${BENCH_RUNS:-30}" "$@" | sed 's/^/BENCH-B2B /'
/bench/timeit -n "${BENCH_ONEOFF_RUNS:-15}" -s 200 "$@" | sed 's/^/BENCH-ONEOFF /'
