# tap.sh - KTAP version 1 results (the kernel's Documentation/dev-tools/
# ktap.rst) for hind's guest and host tests. Sourced by every
# tests/guest/*.sh; runs under busybox sh, dash and bash. A script alone
# prints its plan last; tests/run.sh moves it up and nests the script as
# one subtest of the suite.
#
# NAME is the case's description: unique in the whole suite and the same
# from run to run (no PIDs, temporary paths or measured figures: those go
# to diag lines), no '#'. LAVA folds it to lower case with every run of
# non-word characters as '_', so it stays unique after that too
# (tests/ktap/check.sh checks both).
#
#   t_ok NAME            pass
#   t_fail NAME [WHY]    fail, WHY as a '#' diagnostic
#   t_skip NAME WHY      skip; WHY is required (a skip always says why)
#   t_check NAME CMD...  pass if CMD exits 0
#   t_is NAME GOT WANT   pass if the strings are equal
#   diag TEXT...         a '# ' diagnostic line
#   t_done               print the plan, exit 1 if anything failed
#
# Environment: HIND (the binary, default 'hind'), HIND_CGROUP (v1 or v2,
# read from 'hind --version' when unset), HIND_TMP (scratch folder).
# Tests create cgroups only below their own cgroup and remove them.

T_N=0
T_FAILED=0
HIND=$(command -v "${HIND:-hind}") || HIND=${HIND:-hind}
echo "KTAP version 1"

diag() { echo "# $*"; }

t_ok() {
	T_N=$((T_N + 1))
	echo "ok $T_N $1"
}

t_fail() {
	T_N=$((T_N + 1))
	T_FAILED=$((T_FAILED + 1))
	echo "not ok $T_N $1"
	shift
	[ $# -gt 0 ] && diag "$*"
	return 0
}

t_skip() {
	[ -n "${2:-}" ] || { t_fail "$1" "skip without a reason"; return; }
	T_N=$((T_N + 1))
	echo "ok $T_N $1 # SKIP $2"
}

t_check() {
	_name=$1
	shift
	if "$@"; then t_ok "$_name"; else t_fail "$_name" "failed: $*"; fi
}

t_is() {
	if [ "$2" = "$3" ]; then
		t_ok "$1"
	else
		t_fail "$1" "got '$2', want '$3'"
	fi
}

t_done() {
	echo "1..$T_N"
	[ "$T_FAILED" -eq 0 ]
	exit $?
}

# In the QEMU guest, the kernel command line has hind.mode= (initramfs/
# init.sh). Security tests (core_pattern, sysrq, mounts, device nodes) run
# only there. in_guest NAME: true in the guest; elsewhere NAME is skipped.
GUEST=
grep -q 'hind\.mode=' /proc/cmdline 2>/dev/null && GUEST=1
in_guest() {
	[ -n "$GUEST" ] && return 0
	t_skip "$1" "changes the machine: guest only"
	return 1
}

# is_cgroup2 DIR: DIR is a cgroup2 mount (busybox stat has no name for
# its magic, so compare the number: CGROUP2_SUPER_MAGIC).
is_cgroup2() {
	[ "$(stat -f -c %t "$1" 2>/dev/null)" = 63677270 ]
}

# The cgroup version the binary drives (its --version line says it).
if [ -z "${HIND_CGROUP:-}" ]; then
	case $("$HIND" --version 2>/dev/null) in
	*"cgroup v1"*) HIND_CGROUP=v1 ;;
	*"cgroup v2"*) HIND_CGROUP=v2 ;;
	*) # auto: what is mounted decides
		if is_cgroup2 /sys/fs/cgroup; then
			HIND_CGROUP=v2
		else
			HIND_CGROUP=v1
		fi ;;
	esac
fi
export HIND HIND_CGROUP

HIND_TMP=${HIND_TMP:-${TMPDIR:-/tmp}/hind-test.$$}
mkdir -p "$HIND_TMP"
trap 'rm -rf "$HIND_TMP"' EXIT

# cg_dir CONTROLLER: this shell's cgroup directory in CONTROLLER's
# hierarchy (v2: the one hierarchy). Empty if the controller is absent.
cg_dir() {
	if [ "$HIND_CGROUP" = v2 ]; then
		echo "/sys/fs/cgroup$(sed -n 's/^0:://p' /proc/self/cgroup | sed 's#^/$##')"
		return
	fi
	[ -e "/sys/fs/cgroup/$1" ] || return 0
	_p=$(awk -F: -v c="$1" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) print $3 }' /proc/self/cgroup)
	[ -n "$_p" ] || return 0
	[ "$_p" = / ] && _p=
	echo "/sys/fs/cgroup/$1$_p"
}

# cg_roots: the mount point of every mounted hierarchy (v1: each cgroup
# mount of a whole hierarchy, freezer and name=systemd too; v2: the one).
cg_roots() {
	if [ "$HIND_CGROUP" = v2 ]; then
		echo /sys/fs/cgroup
		return
	fi
	awk '{ for (i = 7; i <= NF && $i != "-"; i++) ;
		if ($(i + 1) == "cgroup" && $4 == "/") print $5 }' /proc/self/mountinfo
}

# cg_dirs: this shell's cgroup directory in every mounted hierarchy (v2:
# the one), from /proc/self/cgroup and mountinfo, one per line.
cg_dirs() {
	if [ "$HIND_CGROUP" = v2 ]; then
		cg_dir pids
		return
	fi
	awk 'NR == FNR {
		for (i = 7; i <= NF && $i != "-"; i++) ;
		if ($(i + 1) != "cgroup" || $4 != "/") next
		n = split($(i + 3), o, ",")
		for (k = 1; k <= n; k++) mnt[o[k]] = $5
		next
	}
	{
		id = $0; sub(/:.*/, "", id)
		if (id == "0") next
		rest = substr($0, length(id) + 2)
		names = rest; sub(/:.*/, "", names)
		path = substr(rest, length(names) + 2)
		split(names, w, ",")
		if (mnt[w[1]] != "") print mnt[w[1]] (path == "/" ? "" : path)
	}' /proc/self/mountinfo /proc/self/cgroup
}

# has_ctrl CONTROLLER: the running kernel offers it in this hierarchy.
has_ctrl() {
	if [ "$HIND_CGROUP" = v2 ]; then
		grep -qw "$1" /sys/fs/cgroup/cgroup.controllers
	else
		case $1 in
		memory) [ -e /sys/fs/cgroup/memory/memory.limit_in_bytes ] ;;
		cpuset) [ -e /sys/fs/cgroup/cpuset/cpuset.cpus ] ;;
		*) [ -e "/sys/fs/cgroup/$1/cgroup.procs" ] ;;
		esac
	fi
}

# leftovers: hind cgroups below our own cgroups (in every hierarchy) and
# hind mounts. Prints what it finds; exit 0 when there is nothing.
leftovers() {
	_found=
	for _d in $(cg_dirs); do
		[ -d "$_d" ] || continue
		for _x in "$_d"/hind-* "$_d"/hind.*; do
			[ -d "$_x" ] && { echo "$_x"; _found=1; }
		done
	done
	grep -E 'hind' /proc/self/mountinfo && _found=1
	[ -z "$_found" ]
}

# hr ARGS...: run hind-run as the user would: stdout in $O, stderr in $E,
# the exit status in $rc, stdin from /dev/null.
O=$HIND_TMP/out E=$HIND_TMP/err
hr() {
	"$HIND" run "$@" >"$O" 2>"$E" </dev/null
	rc=$?
}

# no_leftovers NAME: a case that passes when no hind cgroup or mount is left.
no_leftovers() {
	_l=$(leftovers)
	if [ -z "$_l" ]; then t_ok "$1: nothing left behind"; else t_fail "$1: nothing left behind" "$_l"; fi
}

# rm_cgroups DIR...: remove cgroups this script made: SIGKILL what is in
# them, then rmdir with a bounded wait (a just-emptied cgroup can be busy).
rm_cgroups() {
	for _d in "$@"; do
		for _p in $(cat "$_d/cgroup.procs" 2>/dev/null); do
			kill -9 "$_p" 2>/dev/null
		done
		_i=0
		while [ -d "$_d" ] && ! rmdir "$_d" 2>/dev/null && [ $_i -lt 50 ]; do
			sleep 0.1
			_i=$((_i + 1))
		done
		[ -d "$_d" ] && echo "# cleanup: cannot remove '$_d'"
	done
	return 0
}

# wait_bounded PID SECONDS: wait for PID at most SECONDS; rc is its exit
# status, or "timeout" after SIGKILLing it.
wait_bounded() {
	_i=0
	while kill -0 "$1" 2>/dev/null && [ $_i -lt $(($2 * 10)) ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	if kill -0 "$1" 2>/dev/null; then
		kill -9 "$1"
		wait "$1"
		rc=timeout
	else
		wait "$1"
		rc=$?
	fi
}
