#!/bin/sh
# ocibench.sh - the containerd half of bench/bench.sh, run by /init in
# ocibench mode (the oci image; / is already a mount with a parent, so the
# runtimes can pivot_root). containerd drives each OCI runtime through
# containerd-shim-runc-v2's --runc-binary: 'ctr run --rm' of /bin/true with
# hind-oci, runc and crun, taken in turns by timeit (hind-oci, runc, crun,
# hind-oci, ...). Then the runtimes alone, without containerd: create,
# start and delete of a bundle. Prints, for the host to read:
#   BENCH-OCI-CHECK NAME exit=N LAST-LINE   one ctr run of each, as it is
#   BENCH-OCI-CTR ...                       timeit's lines, ctr run
#   BENCH-OCI-RT ...                        timeit's lines, the runtime alone
#   BENCH-OCI-VERSION NAME VERSION
# BENCH_OCI_RUNS (20) sets the run count; 2 warm-up rounds come first.
export PATH=/usr/local/bin:/usr/bin:/usr/sbin:/bin:/sbin
[ ! -r /bench/ocibench.env ] || . /bench/ocibench.env
N=${BENCH_OCI_RUNS:-20}
ROOTFS=/oci/rootfs
sock=/run/containerd/containerd.sock
log=/tmp/containerd.log

mkdir -p /run/containerd /var/lib/containerd
containerd --config /etc/containerd/config.toml >"$log" 2>&1 &
cpid=$!
i=0
while [ $i -lt 600 ] && ! { [ -S $sock ] && ctr version >/dev/null 2>&1; }; do
	kill -0 $cpid 2>/dev/null || break
	sleep 0.1
	i=$((i + 1))
done
if ! ctr version >/dev/null 2>&1; then
	echo "ocibench: containerd did not come up; its log:"
	tail -n 20 "$log"
	exit 1
fi
echo "ocibench: containerd answered after $((i / 10)).$((i % 10)) s"

hind_oci=/bin/hind-oci runc=$(command -v runc) crun=$(command -v crun)
for r in "$hind_oci" "$runc" "$crun"; do
	echo "BENCH-OCI-VERSION ${r##*/} $("$r" --version 2>&1 | head -n 1)"
done
# One run of each as it is: a runtime that fails here fails every run.
for r in "$hind_oci" "$runc" "$crun"; do
	err=$(ctr run --rm --runc-binary "$r" --env PATH=/bin --rootfs $ROOTFS \
		"check-${r##*/}" /bin/true 2>&1)
	echo "BENCH-OCI-CHECK ${r##*/} exit=$? $(echo "$err" | tail -n 1)"
done

# ctr_run NAME RUNTIME: timeit's words for it (none holds a blank). A
# fresh ID each run (timeit's @RUN@), so that what is still going away of
# the last container (its shim, its cgroup) is not in the way.
ctr_run() {
	echo "$1" ctr run --rm --runc-binary "$2" --env PATH=/bin --rootfs $ROOTFS \
		"ctr-$1-@RUN@" /bin/true
}
# shellcheck disable=SC2046
/bench/timeit -n "$N" -w 2 $(ctr_run hind-oci $hind_oci) ::: \
	$(ctr_run runc "$runc") ::: $(ctr_run crun "$crun") | sed 's/^/BENCH-OCI-CTR /'

# The runtime alone: create, start and delete -f (true may not have ended
# when start returns) of bench.sh's bundle, rooted at the busybox rootfs.
mkdir -p /tmp/bundle
sed "s|\"path\": \"rootfs\"|\"path\": \"$ROOTFS\"|" /bench/config.json >/tmp/bundle/config.json
for r in "$hind_oci" "$runc" "$crun"; do
	id=rt-check-${r##*/}
	err=$({ "$r" create -b /tmp/bundle "$id" && "$r" start "$id" && "$r" delete -f "$id"; } 2>&1)
	echo "BENCH-OCI-CHECK ${r##*/}-alone exit=$? $(echo "$err" | tail -n 1)"
done
script='"$0" create -b /tmp/bundle "$1" && "$0" start "$1" && "$0" delete -f "$1"'
/bench/timeit -n "$N" -w 2 hind-oci sh -c "$script" $hind_oci rt-hind-oci-@RUN@ ::: \
	runc sh -c "$script" "$runc" rt-runc-@RUN@ ::: \
	crun sh -c "$script" "$crun" rt-crun-@RUN@ | sed 's/^/BENCH-OCI-RT /'

kill $cpid 2>/dev/null
i=0
while kill -0 $cpid 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
exit 0
