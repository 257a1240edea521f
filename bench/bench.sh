#!/bin/bash
# bench.sh - 'make bench': hind against the tools users would pick instead,
# in one run, as ratios (the machine is shared and noisy), written into
# README.md between the BENCH markers with the date, machine and command.
#
#   1. contained /bin/true on this host: hind-run (all namespaces, memory,
#      CPU and pids limits, busybox rootfs, cleanup) vs crun run, runc run
#      (an equivalent OCI bundle from 'crun spec'), bwrap --unshare-all and
#      util-linux unshare (no cgroup), back to back and one-off (0.2 s apart)
#   2. the same inside a QEMU v2 guest (clone3 CLONE_INTO_CGROUP): ratios
#   3. binary sizes (hind with and without CONFIG_HIND_OCI, crun, runc);
#      the smallest memory limit that still starts /bin/true
#   4. hind-cgls vs systemd-cgls on 1010 cgroups holding 20 processes
#   5. cpu_load's share at 10/50/90% quota; memory_load's kill point
#   6. containerd in a QEMU v2 guest (the oci image, bench/ocibench.sh):
#      'ctr run --rm' of /bin/true with hind-oci, runc and crun as the
#      runtime, and the runtimes alone (create, start, delete of a bundle)
#
# Root on the host. Everything it creates is removed on every path.
# BENCH_RUNS (40), BENCH_ONEOFF_RUNS (20) and BENCH_OCI_RUNS (20) set the
# run counts; BENCH_SKIP="host guest sizes smallest cgls loads oci" leaves
# parts out ('smallest': the memory-limit column of 3). A part left out
# keeps its section from README.md's last block, marked with that block's
# date. BENCH_NOTE adds a sentence to the block's first line (the machine's
# load, say).
set -euo pipefail
cd "$(dirname "$0")/.."
O=${O:-build}
B=$O/bench
N=${BENCH_RUNS:-40}
N1=${BENCH_ONEOFF_RUNS:-20}
NOCI=${BENCH_OCI_RUNS:-20}
SKIP=${BENCH_SKIP:-}
KCACHE=${KERNEL_CACHE:-$HOME/.cache/hind/kernels}
mkdir -p "$B"
work=$(mktemp -d /tmp/hind-bench.XXXXXX)
out=$B/results.md

cleanup() {
	crun delete -f hind-bench-crun >/dev/null 2>&1 || true
	runc delete -f hind-bench-runc >/dev/null 2>&1 || true
	# The OCI runtimes' cgroup, should one of them leave it behind.
	for d in /sys/fs/cgroup/*/hind-bench-oci /sys/fs/cgroup/hind-bench-oci; do
		[ ! -d "$d" ] || rmdir "$d" 2>/dev/null || true
	done
	rm -rf "$work"
}
trap cleanup EXIT
# A signal ends the script through exit once the command running has
# ended (Ctrl-C ends timeit and its runtimes too): untrapped, bash would run
# cleanup at once, while a runtime may still be creating its container.
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

say() { echo "bench: $*" >&2; }
skip() { case " $SKIP " in *" $1 "*) return 0 ;; esac; return 1; }
# keep N: section N is left out; README.md's last one stays in its place.
keep() { printf '<!-- KEEP %s -->\n\n' "$1" >>"$out"; }

for t in crun runc bwrap unshare python3 qemu-system-x86_64; do
	command -v $t >/dev/null || { say "needs $t (apt-get install crun runc bubblewrap util-linux python3 qemu-system-x86)"; exit 1; }
done
[ "$(id -u)" = 0 ] || { say "needs root"; exit 1; }

# ---- builds ------------------------------------------------------------------
say "building hind (auto for this host, v2 for the guest) and timeit"
make -s O="$B/host" auto_defconfig >/dev/null
make -s O="$B/host" >/dev/null
make -s O="$B/guest" v2_defconfig >/dev/null
make -s O="$B/guest" >/dev/null
gcc -O2 -o "$B/timeit" bench/timeit.c
musl-gcc -static -O2 -o "$B/timeit.static" bench/timeit.c
HIND=$(readlink -f "$B/host/hind")
TIMEIT=$(readlink -f "$B/timeit")
mkdir -p "$work/bin"
"$HIND" --install -s "$work/bin"
ln -s "$HIND" "$work/bin/hind"

# ---- rootfs and OCI bundle -----------------------------------------------------
R=$work/bundle/rootfs
mkdir -p "$R/bin" "$R/proc" "$R/dev" "$R/sys" "$R/tmp"
cp /bin/busybox "$R/bin/busybox"
ln -s busybox "$R/bin/true"
ln -s busybox "$R/bin/sh"
(cd "$work/bundle" && crun spec)
# bundle_config MEMORY_BYTES: /bin/true, no terminal, the limits hind gets,
# and the security work hind-run does by default, so that both do the same
# work: its capability set (bounding, effective, permitted; inheritable and
# ambient empty), no_new_privs, the same masked and read-only paths, a
# cgroup namespace with a read-only cgroup mount, and a seccomp filter with
# the same rules as hind's (core/seccomp.c): EPERM for 15 system calls and
# for unshare/clone with CLONE_NEWUSER, ENOSYS for clone3 and the mount API.
bundle_config() {
	python3 - "$work/bundle/config.json" "$1" <<'PY'
import json, sys
path, mem = sys.argv[1], int(sys.argv[2])
c = json.load(open(path))
p, lx = c["process"], c["linux"]
p["args"] = ["/bin/true"]
p["terminal"] = False
caps = ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
        "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP",
        "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
        "CAP_AUDIT_WRITE"]
p["capabilities"] = {"bounding": caps, "effective": caps,
                     "permitted": caps, "inheritable": [], "ambient": []}
p["noNewPrivileges"] = True
lx["maskedPaths"] = ["/proc/kcore", "/proc/keys", "/proc/timer_list",
                     "/proc/timer_stats", "/proc/sched_debug",
                     "/proc/latency_stats", "/proc/acpi", "/proc/asound",
                     "/proc/scsi", "/sys/firmware",
                     "/sys/devices/virtual/powercap"]
lx["readonlyPaths"] = ["/proc/sys", "/proc/sysrq-trigger", "/proc/irq",
                       "/proc/bus", "/proc/fs"]
CLONE_NEWUSER = 0x10000000
newuser = [{"index": 0, "value": CLONE_NEWUSER, "valueTwo": CLONE_NEWUSER,
            "op": "SCMP_CMP_MASKED_EQ"}]
eperm = ["keyctl", "add_key", "request_key", "userfaultfd",
         "perf_event_open", "bpf", "io_uring_setup", "io_uring_enter",
         "io_uring_register", "kexec_load", "kexec_file_load",
         "open_by_handle_at", "init_module", "finit_module", "delete_module"]
enosys = ["clone3", "fsopen", "fsconfig", "fsmount", "fspick", "move_mount",
          "open_tree", "mount_setattr"]
lx["seccomp"] = {
    "defaultAction": "SCMP_ACT_ALLOW",
    "architectures": ["SCMP_ARCH_X86_64"],
    "syscalls": [
        {"names": eperm, "action": "SCMP_ACT_ERRNO", "errnoRet": 1},
        {"names": ["unshare"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1,
         "args": newuser},
        {"names": ["clone"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1,
         "args": newuser},
        {"names": enosys, "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]}
if {"type": "cgroup"} not in lx["namespaces"]:
    lx["namespaces"].append({"type": "cgroup"})
# The cgroup view: read-only (crun spec has it so; make sure).
cg = [m for m in c["mounts"] if m["destination"] == "/sys/fs/cgroup"]
if not cg:
    cg = [{"destination": "/sys/fs/cgroup", "type": "cgroup",
           "source": "cgroup",
           "options": ["nosuid", "noexec", "nodev", "relatime"]}]
    c["mounts"].append(cg[0])
if "ro" not in cg[0].setdefault("options", []):
    cg[0]["options"].append("ro")
lx["cgroupsPath"] = "/hind-bench-oci"
lx["resources"].update({
    "memory": {"limit": mem, "swap": mem},
    "cpu": {"quota": 50000, "period": 100000},
    "pids": {"limit": 64}})
json.dump(c, open(path, "w"), indent=1)
PY
}
bundle_config $((64 << 20))

# hind-run with its defaults, with the busybox image and NOIMG (the host's
# files as the root; its own /bin/true).
hind_cmd=("$work/bin/hind-run" -q -m 64M --cpus 0.5 --pids-limit 64 "$R" /bin/true)
hind_noimg_cmd=("$work/bin/hind-run" -q -m 64M --cpus 0.5 --pids-limit 64 NOIMG /bin/true)
peers=(hind "${hind_cmd[@]}"
	::: hind-noimg "${hind_noimg_cmd[@]}"
	::: crun crun run -b "$work/bundle" hind-bench-crun
	::: runc runc run -b "$work/bundle" hind-bench-runc
	::: bwrap bwrap --unshare-all --bind "$R" / --proc /proc --dev /dev /bin/true
	::: unshare unshare --fork --pid --mount --ipc --uts --net --root="$R" /bin/true)

# In a private mount namespace without /sys/fs/cgroup/unified: crun 1.8.1
# refuses hybrid hosts ("cgroups in hybrid mode not supported").
in_v1_ns() {
	unshare -m --propagation private sh -c \
		'if mountpoint -q /sys/fs/cgroup/unified; then umount /sys/fs/cgroup/unified; fi; exec "$@"' sh "$@"
}

# median wall of NAME in a timeit output file
field() { awk -v n="$2" -v f="$3" '$1 == n { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == f) print kv[2] } }' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

{
echo "Measured $(date -u +%Y-%m-%d) on $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), with \`make bench\` (bench/bench.sh${SKIP:+, BENCH_SKIP=\"$SKIP\"}).${BENCH_NOTE:+ $BENCH_NOTE}"
echo
} >"$out"

# ---- 1. contained /bin/true on the host --------------------------------------------
if ! skip host; then
	say "1. contained /bin/true on this host: $N back to back, $N1 one-off"
	in_v1_ns "${hind_cmd[@]}" || { say "hind-run cannot start the benchmark container"; exit 1; }
	in_v1_ns "${hind_noimg_cmd[@]}" || { say "hind-run cannot start the NOIMG benchmark container"; exit 1; }
	for t in crun runc; do
		in_v1_ns $t run -b "$work/bundle" hind-bench-$t ||
			{ say "$t cannot start the benchmark bundle"; exit 1; }
	done
	in_v1_ns "$TIMEIT" -n "$N" "${peers[@]}" >"$B/host-b2b.txt"
	in_v1_ns "$TIMEIT" -n "$N1" -s 200 "${peers[@]}" >"$B/host-oneoff.txt"
	cat "$B/host-b2b.txt" "$B/host-oneoff.txt" >&2
	# hind-run's own peak: its VmHWM, which -v logs (wait4's ru_maxrss,
	# like GNU time, starts from the launcher's peak: exec keeps it).
	hwm=$(in_v1_ns "$work/bin/hind-run" -v -m 64M --cpus 0.5 --pids-limit 64 "$R" /bin/true 2>&1 |
		sed -n 's/.*hind-run peak RSS \(.*\) (VmHWM).*/\1/p')
	{
	echo "### 1. Contained /bin/true on the host ($(uname -r), cgroup v1 hierarchy)"
	echo
	echo "hind-run: pid, mount, uts, ipc, net and cgroup namespaces, 64 MiB memory (+0 swap), 0.5 CPU, 64 pids, cleanup, and its default security work: 13 capabilities, no_new_privs, a seccomp filter, masked and read-only /proc and /sys paths, a read-only cgroup view; with a busybox root filesystem (hind) and NOIMG (hind NOIMG: the host's files). crun/runc: the same limits, namespaces and security work in an OCI bundle from \`crun spec\` (the same capabilities in the bounding, effective and permitted sets, inheritable and ambient empty; noNewPrivileges; the same maskedPaths and readonlyPaths; a read-only cgroup mount; a linux.seccomp with the same rules as hind's filter: EPERM for 15 system calls and for unshare and clone with CLONE_NEWUSER, ENOSYS for clone3 and the 7 mount-API calls). bwrap and unshare: namespaces only, no cgroup. Medians of $N back-to-back runs and of $N1 runs spaced by 0.2 s, taken round-robin in one run; peak RSS is the maximum over runs (wait4, as GNU time reports it)."
	echo
	echo "| tool | back to back wall | CPU | one-off wall | CPU | peak RSS | wall vs crun (b2b / one-off) |"
	echo "|---|---|---|---|---|---|---|"
	for t in hind hind-noimg crun runc bwrap unshare; do
		w=$(field "$B/host-b2b.txt" $t wall_ms) c=$(field "$B/host-b2b.txt" $t cpu_ms)
		w1=$(field "$B/host-oneoff.txt" $t wall_ms) c1=$(field "$B/host-oneoff.txt" $t cpu_ms)
		r=$(field "$B/host-b2b.txt" $t rss_kib)
		f=$(( $(field "$B/host-b2b.txt" $t fail) + $(field "$B/host-oneoff.txt" $t fail) ))
		echo "| ${t/-noimg/ NOIMG}$([ $f = 0 ] || echo " ($f failed runs)") | $w ms | $c ms | $w1 ms | $c1 ms | $r KiB | $(ratio "$w" "$(field "$B/host-b2b.txt" crun wall_ms)")x / $(ratio "$w1" "$(field "$B/host-oneoff.txt" crun wall_ms)")x |"
	done
	echo
	echo "Peak RSS here is wait4's ru_maxrss, what GNU time prints; it cannot go below the launcher's own peak (exec keeps it in the record; a 44 KiB static program shows about 450 KiB), so it overstates small tools. hind-run's own peak, its VmHWM as \`hind-run -v\` logs it: **${hwm:-unknown}**."
	echo
	echo "crun 1.8.1 refuses this hybrid host (\"cgroups in hybrid mode not supported\"), so every tool runs in a private mount namespace with /sys/fs/cgroup/unified unmounted."
	echo
	} >>"$out"
else
	keep 1
fi

# ---- 2. the same inside a QEMU v2 guest -----------------------------------------------
# crun and runc go in with their libraries; the guest runs bench/guest.sh.
libs_of() { ldd "$1" 2>/dev/null | awk '/=>/ { print $3 } /^\t\/[^ ]*ld-linux/ { print $1 }'; }
if ! skip guest; then
	say "2. the same in a QEMU v2 guest (Debian 6.12, TCG): ratios"
	sh tests/qemu/fetch-kernels.sh >/dev/null
	spec=$work/extra.spec
	{
		echo "file /bench/guest.sh bench/guest.sh 0755 0 0"
		echo "file /bench/timeit $B/timeit.static 0755 0 0"
		echo "file /bench/config.json $work/bundle/config.json 0644 0 0"
		echo "dir /bench/bundle 0755 0 0"
		echo "dir /bench/bundle/rootfs 0755 0 0"
		echo "dir /bench/bundle/rootfs/bin 0755 0 0"
		for d in proc dev sys tmp; do echo "dir /bench/bundle/rootfs/$d 0755 0 0"; done
		echo "file /bench/bundle/rootfs/bin/busybox /bin/busybox 0755 0 0"
		echo "slink /bench/bundle/rootfs/bin/true busybox 0777 0 0"
		echo "slink /bench/bundle/rootfs/bin/sh busybox 0777 0 0"
		for t in crun runc bwrap unshare; do
			p=$(command -v $t)
			echo "file /usr/local/bin/$t $(readlink -f "$p") 0755 0 0"
			for lib in $(libs_of "$p"); do echo "file $lib $(readlink -f "$lib") 0755 0 0"; done
		done
	} | awk '!seen[$2]++' >"$spec"
	EXTRA_SPEC=$spec make -s O="$B/guest" initramfs >/dev/null
	sh tests/qemu/boot.sh "$KCACHE/6.12/vmlinuz" "$B/guest/initramfs.cpio.gz" v2 bench "$B/qemu-bench.log" >/dev/null || true
	sed -n 's/^BENCH-B2B //p' "$B/qemu-bench.log" >"$B/guest-b2b.txt"
	sed -n 's/^BENCH-ONEOFF //p' "$B/qemu-bench.log" >"$B/guest-oneoff.txt"
	cat "$B/guest-b2b.txt" "$B/guest-oneoff.txt" >&2
	if [ -s "$B/guest-b2b.txt" ]; then
		{
		echo "### 2. The same inside a QEMU v2 guest (Debian $(cat "$KCACHE/6.12/package" 2>/dev/null), TCG, 2 vCPUs)"
		echo
		echo "clone3(CLONE_INTO_CGROUP) path; TCG is several times slower than the host, so only ratios count. With / the initramfs, as the guest boots, only hind-run and unshare start at all:"
		echo
		sed -n 's/^BENCH-ROOTFS \([^ ]*\) \(.*\)/- `\1`: \2/p' "$B/qemu-bench.log"
		echo
		echo "For the timing below, / was first made a mount with a parent (rbind, move, chroot), as hind-run does by itself, so that crun, runc and bwrap can pivot_root."
		echo
		echo "| tool | back to back wall | one-off wall | vs crun (b2b / one-off) |"
		echo "|---|---|---|---|"
		for t in hind crun runc bwrap unshare; do
			w=$(field "$B/guest-b2b.txt" $t wall_ms) w1=$(field "$B/guest-oneoff.txt" $t wall_ms)
			f=$(( $(field "$B/guest-b2b.txt" $t fail) + $(field "$B/guest-oneoff.txt" $t fail) ))
			echo "| $t$([ "$f" = 0 ] || echo " ($f failed runs)") | $w ms | $w1 ms | $(ratio "$w" "$(field "$B/guest-b2b.txt" crun wall_ms)")x / $(ratio "$w1" "$(field "$B/guest-oneoff.txt" crun wall_ms)")x |"
		done
		echo
		} >>"$out"
	else
		say "the guest benchmark printed nothing; see $B/qemu-bench.log"
		echo "### 2. QEMU guest: no result (see $B/qemu-bench.log)" >>"$out"
	fi
else
	keep 2
fi

# ---- 3. sizes and the smallest memory limit -------------------------------------------------
if ! skip sizes; then
	say "3. binary sizes and the smallest memory limit that starts /bin/true"
	cp "$B/guest/hind" "$B/hind.stripped"
	strip "$B/hind.stripped"
	# The same v2 build without the OCI runtime.
	make -s O="$B/nooci" v2_defconfig >/dev/null
	sed -i 's/CONFIG_HIND_OCI=y/# CONFIG_HIND_OCI is not set/' "$B/nooci/.config"
	make -s O="$B/nooci" >/dev/null
	cp "$B/nooci/hind" "$B/hind-nooci.stripped"
	strip "$B/hind-nooci.stripped"
	! "$B/nooci/hind" --list | grep -qx hind-oci || { say "CONFIG_HIND_OCI did not go off"; exit 1; }
	with=$(stat -c %s "$B/hind.stripped") without=$(stat -c %s "$B/hind-nooci.stripped")
	# starts_under TOOL BYTES: does TOOL start /bin/true under that limit?
	starts_under() {
		case $1 in
		hind) in_v1_ns "$work/bin/hind-run" -q -m "$2" --pids-limit 64 "$R" /bin/true >/dev/null 2>&1 ;;
		crun|runc)
			bundle_config "$2"
			in_v1_ns "$1" run -b "$work/bundle" "hind-bench-$1" >/dev/null 2>&1
			r=$?
			# A start that failed may leave its state and cgroup.
			"$1" delete -f "hind-bench-$1" >/dev/null 2>&1
			for d in /sys/fs/cgroup/*/hind-bench-oci; do
				[ -d "$d" ] && rmdir "$d" 2>/dev/null
			done
			return $r ;;
		esac
	}
	# bisect in 4 KiB steps between 4 KiB and 64 MiB; with 'smallest'
	# left out, the figure of README.md's last block, with its date
	smallest() {
		if skip smallest; then
			v=$(awk -v t="| $1 " '/<!-- BENCH -->/ { b = 1 } /^### / { s = b && /^### 3\./ }
				s && index($0, t) == 1 { split($0, f, "|"); v = f[5]; gsub(/^ +| +$/, "", v); print v; exit }' README.md)
			old=$(sed -n 's/^Measured \([0-9-]*\) .*/\1/p' README.md | head -n 1)
			case $v in
			"") echo "-" ;;
			*"run of"*) echo "$v" ;;
			*) echo "$v (run of $old)" ;;
			esac
			return
		fi
		lo=1 hi=16384
		starts_under "$1" $((hi * 4096)) || { echo "over 64 MiB"; return; }
		while [ $((hi - lo)) -gt 1 ]; do
			mid=$(((lo + hi) / 2))
			if starts_under "$1" $((mid * 4096)); then hi=$mid; else lo=$mid; fi
		done
		echo "$((hi * 4)) KiB"
	}
	{
	echo "### 3. Size and the smallest memory limit that starts /bin/true"
	echo
	echo "| tool | binary | shared libraries | smallest memory limit for /bin/true (this host, v1) |"
	echo "|---|---|---|---|"
	echo "| hind (static, v2 build, all applets: $("$B/guest/hind" --list | tr '\n' ' ' | sed 's/ $//; s/ /, /g')) | $with B | 0 | $(smallest hind) |"
	echo "| hind without CONFIG_HIND_OCI (the same, no hind-oci) | $without B | 0 | - |"
	for t in crun runc; do
		p=$(readlink -f "$(command -v $t)")
		lsz=0
		for lib in $(libs_of "$p"); do lsz=$((lsz + $(stat -L -c %s "$lib"))); done
		echo "| $t $($t --version | head -n 1 | sed 's/.*version //') | $(stat -c %s "$p") B | $(libs_of "$p" | wc -l) ($lsz B) | $(smallest $t) |"
	done
	for t in bwrap busybox; do
		p=$(readlink -f "$(command -v $t)")
		echo "| $t | $(stat -c %s "$p") B | $(libs_of "$p" | wc -l) | - (no cgroup) |"
	done
	echo
	echo "Stripped sizes. hind-oci (the OCI runtime, its config.json reader and JSON parser) adds $((with - without)) B to the v2 build ($(awk -v a=$with -v b=$without 'BEGIN { printf "%.0f", (a - b) * 100 / b }')%). crun's shared libraries: $(libs_of "$(readlink -f "$(command -v crun)")" | xargs -n 1 basename | tr '\n' ' ' | sed 's/ $//; s/ /, /g')."
	echo
	} >>"$out"
	bundle_config $((64 << 20))
else
	keep 3
fi

# ---- 4. hind-cgls vs systemd-cgls ----------------------------------------------------------------
if ! skip cgls && [ -f bench/cgls.sh ]; then
	say "4. hind-cgls vs systemd-cgls"
	{
	echo "### 4. hind-cgls against systemd-cgls"
	echo
	HIND="$HIND" bash bench/cgls.sh 2>&1 | grep -v 'unpacking systemd-cgls' | sed 's/^/    /'
	echo
	} >>"$out"
else
	keep 4
fi

# ---- 5. the load oracles ---------------------------------------------------------------------------
if ! skip loads; then
	say "5. cpu_load under 10/50/90% quota; memory_load's kill point"
	{
	echo "### 5. cpu_load's achieved share and memory_load's kill point (this host)"
	echo
	echo "| run | result |"
	echo "|---|---|"
	for cpus in 0.1 0.5 0.9; do
		line=$("$work/bin/hind-run" -q --cpus $cpus NOIMG "$work/bin/cpu_load" -d 5 2>&1 | tail -n 1) || true
		echo "| \`hind-run --cpus $cpus NOIMG cpu_load -d 5\` | \`$line\` |"
	done
	# It is OOM-killed (137): pipefail must not end the benchmark there.
	line=$("$work/bin/hind-run" -q -m 16M NOIMG "$work/bin/memory_load" -i 0 2>&1 | tail -n 2 | tr '\n' ' ') || true
	echo "| \`hind-run -m 16M NOIMG memory_load\` | \`$line\` |"
	echo
	} >>"$out"
else
	keep 5
fi

# ---- 6. containerd in a QEMU v2 guest -------------------------------------------------------------
# The oci image (initramfs/oci-spec.sh: containerd, ctr, the runc shim,
# runc, crun, /oci/rootfs) with bench/ocibench.sh, timeit and the bundle's
# config.json, in /init's ocibench mode. One vCPU, as the oci cells: under
# TCG two locked such a guest up now and then at a container start.
if ! skip oci; then
	say "6. containerd in a QEMU v2 guest: ctr run of /bin/true with hind-oci, runc and crun"
	sh tests/qemu/fetch-kernels.sh >/dev/null
	ospec=$work/ocibench.spec
	echo "BENCH_OCI_RUNS=$NOCI" >"$work/ocibench.env"
	{
		echo "file /bench/ocibench.sh bench/ocibench.sh 0755 0 0"
		echo "file /bench/ocibench.env $work/ocibench.env 0644 0 0"
		echo "file /bench/timeit $B/timeit.static 0755 0 0"
		echo "file /bench/config.json $work/bundle/config.json 0644 0 0"
	} >"$ospec"
	OCI_EXTRA_SPEC=$ospec make -s O="$B/guest" initramfs-oci >/dev/null
	t0=$(date +%s)
	QEMU_SMP=1 sh tests/qemu/boot.sh "$KCACHE/6.12/vmlinuz" "$B/guest/initramfs-oci.cpio.gz" v2 ocibench "$B/qemu-ocibench.log" >/dev/null || true
	say "the ocibench guest took $(($(date +%s) - t0)) s"
	sed -n 's/^BENCH-OCI-CTR //p' "$B/qemu-ocibench.log" >"$B/oci-ctr.txt"
	sed -n 's/^BENCH-OCI-RT //p' "$B/qemu-ocibench.log" >"$B/oci-rt.txt"
	grep '^BENCH-OCI-' "$B/qemu-ocibench.log" >&2 || true
	if [ -s "$B/oci-ctr.txt" ]; then
		ver() { sed -n "s/^BENCH-OCI-VERSION $1 //p" "$B/qemu-ocibench.log" | head -n 1; }
		cell() {
			w=$(field "$1" "$2" wall_ms) m=$(field "$1" "$2" wall_min_ms) f=$(field "$1" "$2" fail)
			[ -n "$w" ] || { echo "- | -"; return; }
			echo "$w ms | $m ms$([ "$f" = 0 ] || echo " ($f failed runs)")"
		}
		{
		echo "### 6. containerd: \`ctr run\` of /bin/true with hind-oci, runc and crun (QEMU v2 guest, Debian $(cat "$KCACHE/6.12/package" 2>/dev/null), TCG, 1 vCPU)"
		echo
		echo "$(containerd --version | awk '{ print $1, $3 }') with containerd-shim-runc-v2 in the oci image (\`make initramfs-oci\`), booted in /init's ocibench mode (bench/ocibench.sh). Each runtime, taken in turns (hind-oci, runc, crun, hind-oci, ...; $NOCI runs each after 2 warm-up rounds): \`ctr run --rm --runc-binary RUNTIME --env PATH=/bin --rootfs /oci/rootfs ctr-NAME-N /bin/true\` (ctr 1.6: --rootfs is a switch, the directory is the first argument), a fresh ID each run; the wall time is ctr's, start to exit (containerd, the shim, the runtime's create and start, /bin/true, the shim's delete). The runtime alone, no containerd: \`sh -c 'RUNTIME create -b BUNDLE ID && RUNTIME start ID && RUNTIME delete -f ID'\` with section 1's bundle (its security work and limits) rooted at /oci/rootfs. TCG is several times slower than the host: only ratios count. Runtimes: $(ver hind-oci), $(ver runc), $(ver crun)."
		echo
		echo "| runtime | ctr run median | ctr run min | alone median | alone min |"
		echo "|---|---|---|---|---|"
		for t in hind-oci runc crun; do
			echo "| $t | $(cell "$B/oci-ctr.txt" $t) | $(cell "$B/oci-rt.txt" $t) |"
		done
		echo
		hc=$(field "$B/oci-ctr.txt" hind-oci wall_ms) hr=$(field "$B/oci-rt.txt" hind-oci wall_ms)
		echo "Medians: hind-oci / runc **$(ratio "$hc" "$(field "$B/oci-ctr.txt" runc wall_ms)")x** under ctr run, $(ratio "$hr" "$(field "$B/oci-rt.txt" runc wall_ms)")x alone; hind-oci / crun **$(ratio "$hc" "$(field "$B/oci-ctr.txt" crun wall_ms)")x** under ctr run, $(ratio "$hr" "$(field "$B/oci-rt.txt" crun wall_ms)")x alone."
		echo
		# a runtime that failed its first run, as it said
		sed -n 's/^BENCH-OCI-CHECK \([^ ]*\) exit=\([1-9][0-9]*\) \(.*\)/- `\1` failed its first run (exit \2): \3/p' "$B/qemu-ocibench.log"
		echo
		} >>"$out"
	else
		say "the ocibench guest printed nothing; see $B/qemu-ocibench.log"
		echo "### 6. containerd in a QEMU guest: no result (see $B/qemu-ocibench.log)" >>"$out"
	fi
else
	keep 6
fi

# ---- into the README ------------------------------------------------------------------------------
say "results in $out"
cat "$out"
if [ "${BENCH_README:-1}" = 1 ] && grep -q '<!-- BENCH -->' README.md; then
	python3 - "$out" <<'PY'
import re, sys
res = open(sys.argv[1]).read()
readme = open("README.md").read()
# A section left out (<!-- KEEP N -->) keeps the last block's, its heading
# marked with that block's date (or the date it already carries).
m = re.search(r"<!-- BENCH -->(.*?)(<!-- /BENCH -->|$)", readme, flags=re.S)
old = m.group(1) if m else ""
d = re.search(r"^Measured (\S+)", old, flags=re.M)
date = d.group(1) if d else "an earlier run"
secs = {}
for sec in re.split(r"(?m)^(?=### )", old):
    n = re.match(r"### (\d+)\.", sec)
    if n:
        secs[n.group(1)] = sec.rstrip() + "\n\n"
def kept(k):
    sec = secs.get(k.group(1), "")
    if sec and "(kept from the run of" not in sec.split("\n", 1)[0]:
        head, rest = sec.split("\n", 1)
        sec = head + " (kept from the run of " + date + ")\n" + rest
    return sec
res = re.sub(r"<!-- KEEP (\d+) -->\n\n?", kept, res)
# Only the measured block is rewritten: the heading and the targets
# table above the marker are the README's own.
block = "<!-- BENCH -->\n" + res.rstrip() + "\n<!-- /BENCH -->"
if "<!-- /BENCH -->" in readme:
    readme = re.sub(r"<!-- BENCH -->.*?<!-- /BENCH -->", lambda m: block, readme, flags=re.S)
else:
    readme = readme.replace("<!-- BENCH -->", block)
open("README.md", "w").write(readme)
PY
	say "README.md updated"
fi
