#!/bin/sh
# check.sh STAGE... - hind's test driver, called by make.
#
#   unit               host unit tests, plain and under ASan/UBSan, and the
#                      fuzz harnesses replaying their corpora (clang)
#   cell KERNEL v1|v2  one QEMU cell: that build on that kernel
#   cells              the 4 cells: v1 and v2 builds on Debian 6.1 and 6.12
#   oci KERNEL v1|v2   one oci cell: containerd drives the OCI runtime
#                      (tests/oci) in that build's oci image, 1 vCPU
#   podman KERNEL v1|v2  one podman cell: podman and conmon drive the OCI
#                      runtime (tests/podman) in that build's podman
#                      image, 1 vCPU
#   host               the guest suite on this machine (root; auto build)
#   fresh              'make' and 'make -j2' in fresh clones of this repository
#   ktap               tests/ktap/selftest.sh: the KTAP format and its checks
#   ktap-log LOG       the KTAP consumers' checks (tests/ktap/check.sh) on LOG
#   lava KERNEL v1|v2  the LAVA job (tests/lava/) of that cell, under lava-run
#   all                unit fresh ktap cells, oci and podman (v1 on 6.1, v2
#                      on 6.12),
#                      lava on 6.12 v2, host
#
# Every stage prints TAP; the guest suite prints KTAP (tests/run.sh), and
# each cell's log is read by kunit.py and prove (tests/ktap/check.sh). The
# last line is the total over all stages, counted per test case: "N
# passed, N failed, N skipped". The exit status is 0 only when nothing
# failed.
set -u
O=${O:-build}
MAKE=${MAKE:-make}
KCACHE=${KERNEL_CACHE:-$HOME/.cache/hind/kernels}
TESTS=${TESTS:-}
results=$(mktemp)
trap 'rm -f "$results"' EXIT
fail=0

# count FILE 0|1: add the case lines of a log to the totals. In the guest
# suite's KTAP (0) the cases are the result lines indented one level
# ("  ok 3 name"), not the runner's per-script lines; a unit-test log (1)
# has its cases at the top level.
count() {
	if [ "$2" = 1 ]; then
		grep -E '^(not )?ok [0-9]' "$1"
	else
		sed -n 's/^  \(\(not \)\{0,1\}ok [0-9].*\)/\1/p' "$1"
	fi >>"$results"
}

# ktap LOG LABEL: kunit.py and prove read LOG and must agree with the
# suite's count, and no two case names may fold to one (tests/ktap/check.sh).
ktap() {
	_out=$(mktemp)
	sh tests/ktap/check.sh "$1" "$2" >"$_out" 2>&1 || fail=1
	cat "$_out"
	grep -E '^(not )?ok [0-9]' "$_out" >>"$results"
	rm -f "$_out"
}

stage_ktap() {
	echo "## KTAP: tests/run.sh's format and its consumers (kunit.py, prove)"
	_out=$(mktemp)
	sh tests/ktap/selftest.sh >"$_out" 2>&1 || fail=1
	cat "$_out"
	grep -E '^(not )?ok [0-9]' "$_out" >>"$results"
	rm -f "$_out"
}

# case_result 0|1 NAME: a case checked here on the host, as TAP.
ncase=0
case_result() {
	ncase=$((ncase + 1))
	if [ "$1" = 0 ]; then
		echo "ok $ncase $2" | tee -a "$results"
	else
		echo "not ok $ncase $2" | tee -a "$results"
		fail=1
	fi
}

stage_unit() {
	echo "## unit tests (glibc, then ASan/UBSan)"
	$MAKE -s O="$O" "$O/unit/test_unit" "$O/unit/test_unit_asan" || { fail=1; return; }
	for t in "$O/unit/test_unit" "$O/unit/test_unit_asan"; do
		log=$(mktemp)
		"$t" >"$log" 2>&1 || fail=1
		cat "$log"
		count "$log" 1
		rm -f "$log"
	done
	stage_fuzz_replay
	# The static analysis (make lint, cppcheck) must stay clean.
	if command -v cppcheck >/dev/null 2>&1; then
		$MAKE -s O="$O" lint >"$O/lint.log" 2>&1
		r=$?
		[ $r = 0 ] || sed 's/^/# /' "$O/lint.log"
		case_result $r "make lint (cppcheck) reports nothing"
	else
		echo "ok $((ncase + 1)) make lint (cppcheck) reports nothing # SKIP no cppcheck (sh scripts/deps.sh lint)" | tee -a "$results"
		ncase=$((ncase + 1))
	fi
}

# The fuzz harnesses (tests/fuzz) replay their seeds and crash
# reproducers: seconds, where 'make fuzz' takes minutes. Needs clang
# with libFuzzer; installs nothing (sh scripts/deps.sh fuzz does).
stage_fuzz_replay() {
	cc=${FUZZ_CC:-clang}
	if ! echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' |
		"$cc" -fsanitize=fuzzer,address,undefined -x c - -o /dev/null >/dev/null 2>&1; then
		echo "ok $((ncase + 1)) fuzz harnesses replay their corpora # SKIP no $cc with libFuzzer (sh scripts/deps.sh fuzz)" |
			tee -a "$results"
		ncase=$((ncase + 1))
		return
	fi
	if ! $MAKE -s O="$O" fuzz-build >/dev/null; then
		case_result 1 "fuzz harnesses build"
		return
	fi
	for src in tests/fuzz/fuzz_*.c; do
		name=${src#tests/fuzz/fuzz_}
		name=${name%.c}
		set -- tests/fuzz/corpus/"$name"/*
		seeds=$#
		[ -e "$1" ] || seeds=0
		[ -d tests/fuzz/crashes/"$name" ] && set -- "$@" tests/fuzz/crashes/"$name"/*
		crashes=$(($# - seeds))
		log=$(mktemp)
		"$O/fuzz/fuzz_$name" "$@" >"$log" 2>&1
		r=$?
		[ $r = 0 ] && [ "$(grep -c '^Executed ' "$log")" = $# ] || r=1
		[ $r = 0 ] || grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz: )' "$log" | head -n 5 | sed 's/^/# /'
		rm -f "$log"
		case_result $r "fuzz_$name replays its $seeds seeds and $crashes crash reproducers"
	done
}

# A new user's first command: 'make' (then 'hind --list') and 'make -j2'
# in fresh clones of the committed tree, with nothing built there before.
stage_fresh() {
	echo "## fresh clones: the first make builds every applet"
	if ! git rev-parse --git-dir >/dev/null 2>&1; then
		echo "ok 1 fresh clone builds # SKIP not a git checkout" | tee -a "$results"
		return
	fi
	for how in make "make -j2"; do
		tmp=$(mktemp -d)
		# A new user's make: not this run's O= (make passes it on in
		# MAKEFLAGS and the environment).
		if git clone -q . "$tmp/hind" && (cd "$tmp/hind" &&
			env -u O -u MAKEFLAGS -u MFLAGS -u MAKELEVEL $how >"$tmp/log" 2>&1); then
			list=$("$tmp/hind/build/hind" --list | tr '\n' ' ')
			r=1
			case " $list" in *" cpu_load hind-cgls hind-oci hind-run memory_load "*) r=0 ;; esac
			[ $r = 0 ] || echo "# hind --list: $list"
		else
			r=1
			sed 's/^/# /' "$tmp/log" | tail -n 20
		fi
		case_result $r "'$how' in a fresh clone builds, and hind --list names every applet"
		rm -rf "$tmp"
	done
}

stage_cell() {
	kernel=$1 cg=$2
	dir=$O/cell-$cg
	name=$(basename "$(dirname "$kernel")")
	echo "## QEMU cell: $cg build on kernel $name ($kernel)"
	if [ ! -r "$kernel" ]; then
		sh tests/qemu/fetch-kernels.sh >/dev/null || { fail=1; echo "not ok cannot fetch kernels"; return; }
	fi
	# The defconfig every time: a .config from before a new option lacks it.
	$MAKE -s O="$dir" "${cg}_defconfig" >/dev/null
	$MAKE -s O="$dir" WERROR=1 initramfs || { fail=1; echo "not ok build $cg"; return; }
	file "$dir/hind" | grep -q 'statically linked'
	case_result $? "the $cg build is statically linked ($(file -b "$dir/hind" | cut -d, -f1-5))"
	# The image is reproducible: the same inputs give the same bytes.
	sh initramfs/mkinitramfs.sh "$dir/gen_cpio" "$dir/hind" "$dir/initramfs2.spec" "$dir/initramfs2.cpio.gz" &&
		cmp -s "$dir/initramfs.cpio.gz" "$dir/initramfs2.cpio.gz"
	case_result $? "the $cg initramfs is reproducible (two builds, same bytes)"
	rm -f "$dir/initramfs2.spec" "$dir/initramfs2.cpio.gz"
	log=$O/qemu-$cg-$name.log
	sh tests/qemu/boot.sh "$kernel" "$dir/initramfs.cpio.gz" "$cg" test "$log" "$TESTS" |
		grep -E '^( *(#|ok |not ok |KTAP |1\.\.)|hind-)' 
	rc=$(sed -n 's/^hind-guest: exit=\([0-9]*\).*/\1/p' "$log" | tail -n 1)
	[ "${rc:-1}" = 0 ] || { fail=1; echo "not ok cell $cg/$name (guest exit ${rc:-missing})"; echo "not ok cell $cg/$name" >>"$results"; }
	count "$log" 0
	ktap "$log" "$cg/$name"
}

# One engine cell: the KIND image of the cg build on KERNEL, in /init's
# KIND mode: oci (initramfs/oci-spec.sh: containerd, ctr, the runc shim,
# runc, crun; tests/oci) or podman (initramfs/podman-spec.sh: podman,
# conmon, runc, crun; tests/podman). One vCPU: under TCG, 2 vCPUs locked
# containerd's guests up about once in four boots at the first container
# start; 1 never did.
stage_engine() {
	kind=$1 kernel=$2 cg=$3
	dir=$O/cell-$cg
	name=$(basename "$(dirname "$kernel")")
	case $kind in
	oci) what="containerd and the OCI runtime" ;;
	*) what="podman, conmon and the OCI runtime" ;;
	esac
	echo "## QEMU $kind cell: $what, $cg build on kernel $name ($kernel)"
	if [ ! -r "$kernel" ]; then
		sh tests/qemu/fetch-kernels.sh >/dev/null || { fail=1; echo "not ok cannot fetch kernels"; return; }
	fi
	# The defconfig every time: a .config from before a new option lacks it.
	$MAKE -s O="$dir" "${cg}_defconfig" >/dev/null
	if ! sh scripts/deps.sh >/dev/null || ! $MAKE -s O="$dir" WERROR=1 "initramfs-$kind"; then
		fail=1
		echo "not ok build the $cg $kind image"
		echo "not ok build the $cg $kind image" >>"$results"
		return
	fi
	log=$O/qemu-$kind-$cg-$name.log
	QEMU_SMP=${QEMU_SMP:-1} sh tests/qemu/boot.sh "$kernel" "$dir/initramfs-$kind.cpio.gz" "$cg" "$kind" "$log" "$TESTS" |
		grep -E '^( *(#|ok |not ok |KTAP |1\.\.)|hind-)'
	rc=$(sed -n 's/^hind-guest: exit=\([0-9]*\).*/\1/p' "$log" | tail -n 1)
	[ "${rc:-1}" = 0 ] || { fail=1; echo "not ok $kind cell $cg/$name (guest exit ${rc:-missing})"; echo "not ok $kind cell $cg/$name" >>"$results"; }
	count "$log" 0
	ktap "$log" "$kind-$cg/$name"
}

# The LAVA job of one cell under lava-run (tests/lava/run.sh): LAVA's
# cases are the suite's, and their names those of the cell's own run
# (when check.sh ran it with the same TESTS).
stage_lava() {
	kernel=$1 cg=$2
	dir=$O/cell-$cg
	name=$(basename "$(dirname "$kernel")")
	echo "## LAVA: tests/lava/hind-ktap.yaml under lava-run, $cg build on kernel $name"
	# The defconfig every time: a .config from before a new option lacks it.
	$MAKE -s O="$dir" "${cg}_defconfig" >/dev/null
	$MAKE -s O="$dir" WERROR=1 initramfs >/dev/null || { fail=1; echo "not ok build $cg"; return; }
	_out=$(mktemp)
	sh tests/lava/run.sh "$kernel" "$dir/initramfs.cpio.gz" "$cg" "$O/lava-$cg-$name" \
		"$TESTS" "$O/qemu-$cg-$name.log" >"$_out" 2>&1 || fail=1
	cat "$_out"
	grep -E '^(not )?ok [0-9]' "$_out" >>"$results"
	rm -f "$_out"
}

stage_host() {
	echo "## host: the guest suite on this machine"
	if [ "$(id -u)" != 0 ]; then
		echo "not ok host suite: needs root (cgroups and namespaces)"
		echo "not ok host suite" >>"$results"
		fail=1
		return
	fi
	dir=$O/host
	$MAKE -s O="$dir" auto_defconfig >/dev/null
	$MAKE -s O="$dir" WERROR=1 || { fail=1; return; }
	# A build for the other hierarchy refuses, with a sentence, and
	# creates nothing: a v2 build on this v1 (or hybrid) host.
	if [ "$(stat -f -c %t /sys/fs/cgroup)" != 63677270 ]; then
		[ -f "$O/host-v2/.config" ] || $MAKE -s O="$O/host-v2" v2_defconfig >/dev/null
		$MAKE -s O="$O/host-v2" WERROR=1 >/dev/null || fail=1
		err=$("$O/host-v2/hind" run -m 16M NOIMG true 2>&1)
		rc=$?
		case "$rc:$err" in
		"125:hind-run: built for cgroup v2, but '/sys/fs/cgroup' is not a cgroup2 mount"*) r=0 ;;
		*) r=1; echo "# got $rc: $err" ;;
		esac
		case_result $r "a v2 build on this v1 host exits 125 with a sentence"
	fi
	bin=$(mktemp -d)
	"$dir/hind" --install -s "$bin"
	ln -s "$(pwd)/$dir/hind" "$bin/hind"
	log=$(mktemp)
	PATH="$bin:$PATH" HIND="$bin/hind" sh tests/run.sh "$TESTS" >"$log" 2>&1 || fail=1
	cat "$log"
	count "$log" 0
	ktap "$log" host
	rm -rf "$bin" "$log"
}

[ $# -gt 0 ] || set -- all
while [ $# -gt 0 ]; do
	case $1 in
	unit) stage_unit ;;
	cell) stage_cell "$2" "$3"; shift 2 ;;
	cells)
		for k in 6.1 6.12; do
			for cg in v1 v2; do stage_cell "$KCACHE/$k/vmlinuz" $cg; done
		done ;;
	oci|podman) stage_engine "$1" "$2" "$3"; shift 2 ;;
	host) stage_host ;;
	fresh) stage_fresh ;;
	ktap) stage_ktap ;;
	ktap-log)
		ktap "$2" "$(basename "$2" .log)"
		shift ;;
	lava) stage_lava "$2" "$3"; shift 2 ;;
	all) set -- "$@" unit fresh ktap cells oci "$KCACHE/6.1/vmlinuz" v1 \
		oci "$KCACHE/6.12/vmlinuz" v2 podman "$KCACHE/6.1/vmlinuz" v1 \
		podman "$KCACHE/6.12/vmlinuz" v2 lava "$KCACHE/6.12/vmlinuz" v2 host ;;
	*) echo "check.sh: unknown stage '$1'" >&2; exit 2 ;;
	esac
	shift
done

skipped=$(grep -c '^ok .*# SKIP' "$results")
passed=$(($(grep -c '^ok ' "$results") - skipped))
failed=$(grep -c '^not ok ' "$results")
[ "$failed" -eq 0 ] || fail=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $fail
