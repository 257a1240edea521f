#!/bin/bash
# cgls.sh - hind-cgls against systemd-cgls on 1010 cgroups holding 20
# processes, in one run, as medians and their ratio. Part of 'make bench';
# runs alone too:  HIND=build/hind bash bench/cgls.sh
#
# The tree: 10 cgroups of 100 cgroups each (1010), below this shell's own
# cgroup, with one 'sleep' in each of 20 leaves. Where it goes:
# - cgroup v2 (/sys/fs/cgroup is cgroup2): below our own v2 cgroup;
# - v1 or hybrid: in the pids hierarchy (cpu if there is no pids), below our
#   own cgroup there. One hierarchy is what systemd-cgls walks, so both
#   tools get the same absolute path and walk the same 1010 directories.
#   The merged view (hind-cgls given the relative path, so it looks in
#   every hierarchy) is timed as a third line for information.
# Both tools print the processes with their command lines; hind-cgls also
# reads each shown cgroup's usage (pids current/max here), systemd-cgls
# never does. Output goes to /dev/null.
#
# systemd-cgls comes from Debian's packages, unpacked without installing
# ('apt-get download systemd libsystemd-shared', 'dpkg -x') into
# ~/.cache/hind/systemd and run with LD_LIBRARY_PATH; given a path it needs
# no running systemd. Timing: hyperfine if installed, else a round-robin
# loop (BENCH_CGLS_LOOP=1 forces it; bash's fork and exec add about 2 ms a
# run to both tools there, so its ratio favours systemd-cgls). Everything
# created (cgroups, sleeps) is removed on every path, traps included.
# Bounded: about 20 s with hyperfine (BENCH_CGLS_RUNS, default 40).
set -eu
cd "$(dirname "$0")/.."
HIND=$(readlink -f "${HIND:-build/hind}")
RUNS=${BENCH_CGLS_RUNS:-40}
SD=${SYSTEMD_CACHE:-$HOME/.cache/hind/systemd}
CGROOT=/sys/fs/cgroup

say() { echo "cgls.sh: $*" >&2; }

[ "$(id -u)" = 0 ] || { say "needs root (it makes cgroups)"; exit 1; }
[ -x "$HIND" ] || { say "no hind binary at '$HIND' (set HIND=)"; exit 1; }

# ---- systemd-cgls, unpacked once -------------------------------------------
if [ ! -x "$SD/root/usr/bin/systemd-cgls" ]; then
	echo "cgls.sh: unpacking systemd-cgls into $SD (once)" >&2
	mkdir -p "$SD"
	# apt-get's own lines (warnings too) stay out of the results, which
	# go into README.md; they are shown only if the download fails.
	(cd "$SD" && apt-get download systemd libsystemd-shared >apt.log 2>&1 &&
		for f in ./*.deb; do dpkg -x "$f" root; done) ||
		{ cat "$SD/apt.log" >&2; say "cannot get systemd-cgls (apt-get download failed)"; exit 1; }
fi
SDLIB=$(dirname "$(find "$SD/root" -name 'libsystemd-shared-*.so' | head -n 1)")
SDCGLS="$SD/root/usr/bin/systemd-cgls"

# ---- where the tree goes ---------------------------------------------------
if [ "$(stat -f -c %T "$CGROOT")" = cgroup2fs ]; then
	own=$(sed -n 's/^0:://p' /proc/self/cgroup)
	hier=$CGROOT
else
	ctrl=pids
	[ -e "$CGROOT/pids/cgroup.procs" ] || ctrl=cpu
	own=$(awk -F: -v c=$ctrl '{ n = split($2, a, ",");
		for (i = 1; i <= n; i++) if (a[i] == c) print $3 }' /proc/self/cgroup)
	hier=$CGROOT/$ctrl
fi
[ "$own" = / ] && own=
top=$hier$own/cgls-bench.$$
rel=$own/cgls-bench.$$

pids=
cleanup() {
	local p
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
	if [ -d "$top" ]; then
		find "$top" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null || true
		rmdir "$top" 2>/dev/null || say "could not remove '$top'"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

say "building 1010 cgroups with 20 processes under '$top'"
mkdir "$top"
for g in 0 1 2 3 4 5 6 7 8 9; do
	mkdir "$top/g$g"
	(cd "$top/g$g" && mkdir c{0..99})
done
for g in 0 1 2 3 4 5 6 7 8 9; do
	for c in 7 42; do
		sleep 300 &
		pids="$pids $!"
		echo $! >"$top/g$g/c$c/cgroup.procs"
	done
done
n=$(find "$top" -mindepth 1 -type d | wc -l)
say "$n cgroups, $(cat "$top"/g*/c*/cgroup.procs | wc -l) processes"

# ---- time them ---------------------------------------------------------------
cgls_sd() { LD_LIBRARY_PATH=$SDLIB "$SDCGLS" --no-pager "$top"; }
# Sanity: both list the 20 processes.
a=$(cgls_sd | grep -c 'sleep 300' || true)
b=$("$HIND" hind-cgls "$top" | grep -c 'sleep 300' || true)
[ "$a" = 20 ] && [ "$b" = 20 ] ||
	{ say "listing mismatch: systemd-cgls $a, hind-cgls $b sleeps"; exit 1; }

csv=$(mktemp /tmp/hind-bench-cgls.XXXXXX)
if [ -z "${BENCH_CGLS_LOOP:-}" ] && command -v hyperfine >/dev/null; then
	hyperfine -N --style none --warmup 5 --runs "$RUNS" --export-csv "$csv" \
		-n systemd-cgls "env LD_LIBRARY_PATH=$SDLIB $SDCGLS --no-pager $top" \
		-n hind-cgls "$HIND hind-cgls $top" \
		-n "hind-cgls merged" "$HIND hind-cgls $rel" \
		-n "hind-cgls --no-usage" "$HIND hind-cgls --no-usage $top" \
		>/dev/null 2>"$csv.err" ||
		{ cat "$csv.err" >&2; rm -f "$csv" "$csv.err"; exit 1; }
	rm -f "$csv.err"	# outlier warnings on a shared machine
	# command,mean,stddev,median,... in seconds
	med() { awk -F, -v n="$1" '$1 == n { printf "%.2f", $4 * 1000 }' "$csv"; }
else
	# Round-robin loop, median of RUNS, in ms. $EPOCHREALTIME (bash 5)
	# reads the clock without a fork, so only the command is timed.
	for name in sd hind merged nousage; do : >"$csv.$name"; done
	for i in $(seq "$RUNS"); do
		a=${EPOCHREALTIME/./}; cgls_sd >/dev/null; b=${EPOCHREALTIME/./}
		echo $((b - a)) >>"$csv.sd"
		a=${EPOCHREALTIME/./}; "$HIND" hind-cgls "$top" >/dev/null; b=${EPOCHREALTIME/./}
		echo $((b - a)) >>"$csv.hind"
		a=${EPOCHREALTIME/./}; "$HIND" hind-cgls "$rel" >/dev/null; b=${EPOCHREALTIME/./}
		echo $((b - a)) >>"$csv.merged"
		a=${EPOCHREALTIME/./}; "$HIND" hind-cgls --no-usage "$top" >/dev/null; b=${EPOCHREALTIME/./}
		echo $((b - a)) >>"$csv.nousage"
	done
	med() {
		local f
		case $1 in
		systemd-cgls) f=sd ;; hind-cgls) f=hind ;;
		"hind-cgls merged") f=merged ;; *) f=nousage ;;
		esac
		sort -n "$csv.$f" | awk '{ v[NR] = $1 } END {
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.2f", m / 1e3 }'
		rm -f "$csv.$f"
	}
fi
sd=$(med systemd-cgls)
hd=$(med hind-cgls)
mg=$(med "hind-cgls merged")
nu=$(med "hind-cgls --no-usage")
rm -f "$csv"

echo "hind-cgls vs systemd-cgls, $n cgroups holding 20 processes ($(basename "$hier") hierarchy, $RUNS runs, median wall)"
printf '  %-36s %8s ms\n' "systemd-cgls $(basename "$hier")/..." "$sd" \
	"hind-cgls (same path)" "$hd" \
	"hind-cgls --no-usage (same path)" "$nu" \
	"hind-cgls merged (all hierarchies)" "$mg"
awk -v a="$hd" -v b="$sd" 'BEGIN { printf "  ratio hind-cgls / systemd-cgls: %.2f (target <= 0.33)\n", a / b }'
