#!/bin/sh
# demo.sh - the seeds' experiments, narrated: what 'make run' shows.
#
# Runs in the QEMU guest (busybox sh, /bin/hind with its applet links,
# stress-ng) after /init has mounted the cgroup hierarchy; /init powers
# off afterwards. Each experiment prints the command, its output and its
# exit status. A failing step is reported and the demo goes on: the demo
# shows what happened, it does not judge (tests/guest does that).
#
# The experiments (../shared/seeds/README.md):
#   1. cpu_load under a 10% and a 90% CFS quota: the share it measures
#      beside the quota, instead of watching top.
#   2. memory_load under a 5 MiB limit: OOM-killed at the limit, with
#      hind-run's verdict.
#   3. the same with --no-touch: why the seed saw its program run far past
#      the limit, with the cgroup charging an order of magnitude less.
#   4. the hind seed's 1 MB versus 2 MB limit (stress-ng --vm-bytes 800m
#      --vm-keep -m 1 under 1024000 bytes is OOM-killed).
#   5. hind-cgls showing the tree while a container runs.

STEP_TIMEOUT=${DEMO_STEP_TIMEOUT:-60}
PATH=/bin:/sbin:/usr/bin:/usr/sbin:$PATH
failed=0

say() {
	echo
	echo "==== $*"
}

tell() {
	for line in "$@"; do echo "  $line"; done
}

# run CMD...: show the command, run it (bounded), show its exit status.
# A status of 137 is the kernel's SIGKILL: the OOM killer in these steps.
run() {
	echo "\$ $*"
	timeout "$STEP_TIMEOUT" "$@"
	rc=$?
	case $rc in
	0) echo "[exit 0]" ;;
	137) echo "[exit 137: killed by SIGKILL]" ;;
	124 | 143) echo "[stopped after ${STEP_TIMEOUT}s]" ;;
	*) echo "[exit $rc]" ;;
	esac
	return 0
}

# have_run: hind-run can run a command here at all.
have_run() {
	hind-run -q NOIMG true >/dev/null 2>&1 && return 0
	echo "  (hind-run does not work here: '$(hind-run -q NOIMG true 2>&1 |
		head -n 1)'; skipping this experiment)"
	failed=$((failed + 1))
	return 1
}

say "hind demo: $(hind --version 2>&1), kernel $(uname -r), $(nproc) CPUs"
if grep -q '^[^ ]* /sys/fs/cgroup cgroup2 ' /proc/mounts; then
	tell "cgroup v2 is mounted at /sys/fs/cgroup."
else
	tell "cgroup v1 hierarchies are mounted under /sys/fs/cgroup:" \
		"$(ls /sys/fs/cgroup | tr '\n' ' ')"
fi
tell "Every experiment below is one of the seeds' experiments, made" \
	"repeatable: the load tools measure themselves against the limit" \
	"their own cgroup applies, and hind-run says how the command ended."

# ---- 1. CPU quota -------------------------------------------------------
say "1. cpu_load under a CPU quota (the seed's -cpu=10000 and -cpu=90000)"
tell "The seed checked its CFS quota by watching top. cpu_load prints the" \
	"share of one CPU it got (own CPU time / wall time), the share the" \
	"cgroup's usage counter saw, and the quota of its cgroup; --expect" \
	"turns that into an exit status."
if have_run; then
	echo
	tell "10000 us per 100000 us period = 10% of one CPU:"
	run hind-run --cpu-quota 10000 --cpu-period 100000 NOIMG \
		cpu_load -d 3 --expect 10
	echo
	tell "90000 us per 100000 us = 90%:"
	run hind-run --cpu-quota 90000 --cpu-period 100000 NOIMG \
		cpu_load -d 3 --expect 90
fi
echo
tell "Outside any container there is no quota ('none'):"
run cpu_load -d 1 -r 500ms

# ---- 2. memory limit, pages touched ---------------------------------------
say "2. memory_load under a 5 MiB limit"
tell "memory_load allocates 1 MiB per step and writes every page. Swap is" \
	"limited to 0 with the memory limit (hind-run's default), so at the" \
	"limit the kernel has nowhere to put the pages and the OOM killer" \
	"ends the process. Its last line is the last step it completed."
if have_run; then
	run hind-run -m 5M NOIMG memory_load -i 100ms
fi

# ---- 3. the seed's puzzle: pages never touched ----------------------------
say "3. the same limit with --no-touch: the seed's puzzle"
tell "The seed's memory_load ran far past its 5 MB limit while the cgroup" \
	"reported an order of magnitude less. mmap() only reserves addresses:" \
	"the kernel allocates a page, and charges it to the cgroup, when it is" \
	"first written. Pages never written are never charged:"
if have_run; then
	run hind-run -m 5M NOIMG memory_load --no-touch -s 4M -m 64M -i 50ms
	tell "(Limiting swap did not help the seed either: with nothing" \
		"touched, nothing is charged and nothing can be swapped.)"
	case $(awk 'NR > 1 { s += $3 } END { print s + 0 }' /proc/swaps) in
	0) tell "This machine has no swap; where it has, a memory limit" \
		"without a swap limit lets the overflow go to swap, and" \
		"memory_load warns about it." ;;
	*) echo
	   tell "This machine has swap. With the memory limit but no swap" \
		"limit, memory_load warns that the overflow goes to swap:"
	   run hind-run -m 5M --swap max NOIMG memory_load -m 8M -i 100ms ;;
	esac
fi

# ---- 4. the hind seed's 1 MB and 2 MB -------------------------------------
say "4. the hind seed: a 1 MB versus a 2 MB memory limit"
tell "The seed ran 'stress --vm-bytes 800m --vm-keep -m 1' under" \
	"memory.limit_in_bytes = 1024000 and saw it OOM-killed (signal 9);" \
	"with 2024000 bytes a small load ran."
if have_run; then
	if command -v stress-ng >/dev/null 2>&1; then
		run hind-run -m 1024000 NOIMG stress-ng --vm-bytes 800m \
			--vm-keep -m 1 --timeout 3s
		tell "(stress-ng is a dynamic program with many libraries: under" \
			"1 MB it may be killed before its worker even starts.)"
	else
		tell "(stress-ng is not in this image; memory_load stands in.)"
	fi
	echo
	tell "The same with memory_load, which reports each step. Under" \
		"1024000 bytes, 800 MiB of touched memory stops at once:"
	run hind-run -m 1024000 NOIMG memory_load -m 800M -i 0
	echo
	tell "Under 2024000 bytes, 1 MiB fits beside the program itself:"
	run hind-run -m 2024000 NOIMG memory_load -m 1M -i 0
	if command -v stress-ng >/dev/null 2>&1; then
		echo
		tell "The seed's 'stress --vm-bytes 1m' under 2024000 bytes:"
		run hind-run -m 2024000 NOIMG stress-ng --vm-bytes 1m \
			--vm-keep -m 1 --timeout 2s
		tell "(stress-ng loads some 25 shared libraries: on these" \
			"kernels its own start-up may not fit in 2 MB, where the" \
			"static memory_load needs about 0.4 MiB besides its load.)"
	fi
fi

# ---- 5. the tree while a container runs -----------------------------------
say "5. hind-cgls while a container runs"
tell "A container named hind-demo with a 20% CPU quota and a 16 MiB" \
	"limit runs cpu_load for 4 s; hind-cgls shows its cgroup tree with" \
	"the processes and their usage against the limits."
if have_run; then
	echo "\$ hind-run --name hind-demo --cpus 0.2 -m 16M NOIMG cpu_load -d 4 -r 2s &"
	timeout "$STEP_TIMEOUT" hind-run --name hind-demo --cpus 0.2 -m 16M \
		NOIMG cpu_load -d 4 -r 2s &
	bg=$!
	# Until the container's cpu_load shows up in a cgroup (bounded).
	i=0
	while [ $i -lt 50 ] && ! grep -qs '^cpu_load' /proc/[0-9]*/comm; do
		sleep 0.1
		i=$((i + 1))
	done
	sleep 1
	run hind-cgls hind-demo
	wait $bg
	echo "[the container exited $?]"
fi

if [ "$failed" = 0 ]; then
	say "demo done"
	tell "Each figure above came from the kernel's own counters; 'make" \
		"check' runs the same experiments as tests."
else
	say "demo done; $failed experiment(s) could not run hind-run"
fi
exit 0
