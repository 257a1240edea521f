#!/bin/sh
# 27_run_security.sh - hind-run is secure by default (issue 9): a contained
# root process cannot lift its limits, reach the host kernel or the host's
# files and devices, or use what it was not given; --privileged gives
# today's powers back. Every attack of the issue's table, NOIMG and with
# an image.
#
# The defaults under test:
# - capabilities: Docker's 14 minus MKNOD (CHOWN 0, DAC_OVERRIDE 1,
#   FOWNER 3, FSETID 4, KILL 5, SETGID 6, SETUID 7, SETPCAP 8,
#   NET_BIND_SERVICE 10, NET_RAW 13, SYS_CHROOT 18, AUDIT_WRITE 29,
#   SETFCAP 31: 0x00000000a00425fb) in the permitted, effective and
#   bounding sets, nothing inheritable or ambient; none for a non-root
#   --user; --cap-add, --cap-drop CAP|ALL change them.
# - no_new_privs and a seccomp filter (Seccomp: 2): EPERM for keyrings,
#   userfaultfd, perf, bpf, io_uring, kexec, modules, open_by_handle_at and
#   new user namespaces; ENOSYS for clone3 and the mount API (unless
#   --cap-add SYS_ADMIN); an x32 or i386 system call kills (SIGSYS: 159).
# - /proc/sys, sysrq-trigger, irq, bus, fs and /sys read-only; kcore, keys,
#   timer_list, ... masked; the cgroup view read-only and only the
#   container's own cgroups (v1: one in every hierarchy).
# - only fds 0-2 reach the command (--preserve-fds N adds 3..N+2) and
#   hind-init holds nothing of the host's; a new session, so TIOCSTI cannot
#   reach the caller's terminal; the environment is PATH, HOME, HOSTNAME
#   (TERM with -t) and what -e gives.
# - the image and volumes nodev; NOIMG gets the minimal /dev of an image;
#   --device brings a node in.
# Bad input (an unknown capability, --cap-add with --privileged, a
# --preserve-fds beyond the open fds): 125, one line, nothing created.
#
# The attacker is hind-probe (tests/lib/probe.c): it prints "ok" or the
# errno name. Cases that could change the machine run only in the QEMU
# guest (the kernel command line has hind.mode=); on any other machine
# they are skipped. What a case changes when it fails today (core_pattern,
# the host name, a tmpfs remounted read-only, an address on lo) is put
# back right after it.
. "$(dirname "$0")/../lib/tap.sh"

PROBE=${HIND_PROBE:-$(which hind-probe 2>/dev/null)}
PRIV=--privileged
# The default capability set, and the full one (the caller's bounding set).
DEF=00000000a00425fb
FULL=$(sed -n 's/^CapBnd:[[:space:]]*//p' /proc/self/status)
NONE=0000000000000000
REFUSED="EROFS EACCES EPERM"
# A secret and a PATH entry only the caller has.
export SECTEST_SECRET=s3cr3t-token
export PATH="$PATH:/sectest-caller-path"
export TERM=${TERM:-vt100}

# have_probe NAME: true if hind-probe is installed; else NAME is skipped.
have_probe() {
	[ -n "$PROBE" ] && return 0
	t_skip "$1" "no hind-probe (tests/lib/probe.c) installed"
	return 1
}
# t_any NAME GOT WANT...: pass if GOT is one of the WANTs.
t_any() {
	_n=$1 _g=$2
	shift 2
	for _w in "$@"; do
		[ "$_g" = "$_w" ] && { t_ok "$_n"; return; }
	done
	t_fail "$_n" "got '$_g', want one of: $*"
}
# line N: line N of the command's output, without a carriage return.
line() { sed -n "${1}p" "$O" | tr -d '\r'; }
# field KEY: the value of the first "KEY: value" (status) or "KEY=value"
# line in $O.
field() {
	tr -d '\r' <"$O" | awk -v k="$1" 'index($0, k) == 1 {
		r = substr($0, length(k) + 1)
		if (r ~ /^[:=]/) { sub(/^[:=][ \t]*/, "", r); print r; exit }
	}'
}
# words: the output on one line.
words() { tr -d '\r' <"$O" | tr '\n' ' ' | sed 's/ *$//'; }

# ---- the image: busybox with every applet, and the probe -----------------
# which, not command -v: busybox sh names its own applets without a path.
BB=$(which busybox)
[ -L "$BB" ] && BB=$(readlink -f "$BB")
R=$HIND_TMP/root
mkdir -p "$R/bin" "$R/proc" "$R/dev" "$R/sys" "$R/tmp" "$R/etc" "$R/mnt" "$R/data"
if [ -n "$BB" ]; then
	cp "$BB" "$R/bin/busybox"
	for a in $("$R/bin/busybox" --list); do
		[ -e "$R/bin/$a" ] || ln -s busybox "$R/bin/$a"
	done
fi
if [ -n "$PROBE" ]; then
	cp "$PROBE" "$R/bin/hind-probe"
fi
IMG_OK=
[ -n "$BB" ] && [ -n "$PROBE" ] && IMG_OK=1
# img W: the IMAGE argument for W (NOIMG or image).
img() { if [ "$1" = NOIMG ]; then echo NOIMG; else echo "$R"; fi; }
# pin W: the probe's path inside W.
pin() { if [ "$1" = NOIMG ]; then echo "$PROBE"; else echo /bin/hind-probe; fi; }
# where W NAME: W can run (an image needs busybox and the probe), or
# NAME is skipped.
where() {
	[ "$1" = NOIMG ] || [ -n "$IMG_OK" ] && return 0
	t_skip "$2" "no busybox or hind-probe to build an image from"
	return 1
}
# can W NAME NEED...: W can run NAME, which needs the probe and/or the
# guest (NEED: probe, guest); else NAME (a case, or a group of cases) is
# skipped with the reason.
can() {
	_cw=$1 _cn=$2
	shift 2
	where "$_cw" "$_cn" || return 1
	for _cx; do
		case $_cx in
		probe) have_probe "$_cn" || return 1 ;;
		guest) in_guest "$_cn" || return 1 ;;
		esac
	done
}

STATUS='grep -E "^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):" /proc/self/status'

# ---- 1. capabilities, no_new_privs, seccomp (read-only observations) -------
for W in NOIMG image; do
	n="$W: default capabilities: the 13 in CapPrm, CapEff and CapBnd, CapInh and CapAmb empty"
	where $W "$W: capability cases" || continue
	hr -q "$(img $W)" /bin/sh -c "$STATUS"
	t_is "$n" "$(field CapInh) $(field CapPrm) $(field CapEff) $(field CapBnd) $(field CapAmb)" \
		"$NONE $DEF $DEF $DEF $NONE"
	t_is "$W: no_new_privs is set and a seccomp filter is loaded" \
		"$(field NoNewPrivs) $(field Seccomp)" "1 2"

	# hind-init: at most the default set, under the same filter.
	hr -q "$(img $W)" /bin/sh -c 'grep -E "^(CapEff|CapBnd|NoNewPrivs|Seccomp):" /proc/1/status'
	e=$(field CapEff) b=$(field CapBnd)
	if [ -n "$e" ] && [ $((0x$e & ~0x$DEF)) = 0 ] && [ $((0x$b & ~0x$DEF)) = 0 ] &&
		[ "$(field NoNewPrivs) $(field Seccomp)" = "1 2" ]; then
		t_ok "$W: hind-init has at most the default capabilities, no_new_privs and the filter"
	else
		t_fail "$W: hind-init has at most the default capabilities, no_new_privs and the filter" "$(words)"
	fi

	hr -q --user 1000 "$(img $W)" /bin/sh -c "$STATUS"
	t_is "$W: --user 1000: no capabilities, the default bounding set" \
		"$(field CapPrm) $(field CapEff) $(field CapAmb) $(field CapBnd)" "$NONE $NONE $NONE $DEF"

	hr -q --cap-add SYS_ADMIN "$(img $W)" /bin/sh -c "$STATUS"
	t_is "$W: --cap-add SYS_ADMIN adds bit 21" "$(field CapEff) $(field CapBnd)" \
		"00000000a02425fb 00000000a02425fb"
	hr -q --cap-drop ALL "$(img $W)" /bin/sh -c "$STATUS"
	t_is "$W: --cap-drop ALL: no capability in any set" \
		"$(field CapPrm) $(field CapEff) $(field CapBnd)" "$NONE $NONE $NONE"

	hr -q $PRIV "$(img $W)" /bin/sh -c "$STATUS"
	t_is "$W: --privileged: every capability, no seccomp filter" \
		"$(field CapEff) $(field CapBnd) $(field Seccomp)" "$FULL $FULL 0"
done

# Capability names: with or without CAP_, any case; drop, then add.
for spelling in sys_admin CAP_SYS_ADMIN Cap_Sys_Admin; do
	hr -q --cap-add $spelling NOIMG /bin/sh -c "$STATUS"
	case $spelling in sys_*) how="lower case, no CAP_" ;; CAP_*) how="upper case" ;; *) how="mixed case" ;; esac
	t_is "NOIMG: --cap-add $spelling ($how) is SYS_ADMIN" "$(field CapEff)" 00000000a02425fb
done
hr -q --cap-drop chown NOIMG /bin/sh -c "$STATUS"
t_is "NOIMG: --cap-drop chown removes bit 0" "$(field CapEff)" 00000000a00425fa
hr -q --cap-drop ALL --cap-add NET_BIND_SERVICE NOIMG /bin/sh -c "$STATUS"
t_is "NOIMG: --cap-drop ALL --cap-add NET_BIND_SERVICE leaves only bit 10" \
	"$(field CapEff)" 0000000000000400
hr -q --seccomp unconfined NOIMG /bin/sh -c "$STATUS"
t_is "NOIMG: --seccomp unconfined: no filter, capabilities and no_new_privs stay" \
	"$(field Seccomp) $(field CapEff) $(field NoNewPrivs)" "0 $DEF 1"

# no_new_privs: a setuid-root binary does not give root back to --user.
for W in NOIMG image; do
	n="$W: no_new_privs: a setuid-root binary leaves --user 1000 at euid 1000"
	can $W "$n" probe guest || continue
	if [ $W = NOIMG ]; then s=$HIND_TMP/suid-probe h=$s; else s=/bin/suid-probe h=$R$s; fi
	cp "$PROBE" "$h" && chmod 4755 "$h"
	hr -q --user 1000 "$(img $W)" "$s" ids
	t_is "$n" "$(words)" "uid=1000 euid=1000"
	rm -f "$h"
done

# ---- 2. seccomp --------------------------------------------------------------
EPERM_CALLS="keyctl add_key request_key userfaultfd perf_event_open bpf
	io_uring_setup io_uring_enter io_uring_register kexec_load
	kexec_file_load open_by_handle_at init_module finit_module delete_module
	unshare-user clone-user"
ENOSYS_CALLS="clone3 fsopen fsmount move_mount open_tree fspick mount_setattr"
OK_CALLS="clone getpid"
CALLS='p=$1; shift; for s; do echo "$s=$("$p" syscall "$s")"; done'
# call_name NAME: how a probe's system call reads in a case name.
call_name() {
	case $1 in
	unshare-user) echo "unshare(CLONE_NEWUSER)" ;;
	clone-user) echo "clone(CLONE_NEWUSER)" ;;
	clone) echo "clone without CLONE_NEWUSER" ;;
	*) echo "$1" ;;
	esac
}
I386=
[ -n "$GUEST" ] && [ -n "$PROBE" ] && [ "$("$PROBE" i386 2>/dev/null)" = ok ] && I386=1
for W in NOIMG image; do
	can $W "$W: seccomp cases" probe guest || continue
	hr -q "$(img $W)" /bin/sh -c "$CALLS" sh "$(pin $W)" $EPERM_CALLS $ENOSYS_CALLS $OK_CALLS
	[ "$rc" = 0 ] || diag "$W: the probe run exited $rc: $(cat "$E")"
	for s in $EPERM_CALLS; do
		t_is "$W: seccomp: $(call_name $s) gives EPERM" "$(field "$s")" EPERM
	done
	for s in $ENOSYS_CALLS; do
		t_is "$W: seccomp: $(call_name $s) gives ENOSYS" "$(field "$s")" ENOSYS
	done
	for s in $OK_CALLS; do
		t_is "$W: seccomp: $(call_name $s) stays allowed" "$(field "$s")" ok
	done

	hr -q "$(img $W)" "$(pin $W)" x32
	t_is "$W: seccomp: an x32 system call kills the process (SIGSYS: 159)" "$rc:$(words)" "159:"
	if [ -n "$I386" ]; then
		hr -q "$(img $W)" "$(pin $W)" i386
		t_is "$W: seccomp: an i386 system call (int 0x80) kills the process (SIGSYS: 159)" "$rc:$(words)" "159:"
	else
		t_skip "$W: seccomp: an i386 system call (int 0x80) kills the process (SIGSYS: 159)" "this kernel has no i386 entry (int 0x80 fails outside too)"
	fi

	hr -q $PRIV "$(img $W)" /bin/sh -c "$CALLS" sh "$(pin $W)" keyctl bpf unshare-user clone3 fsopen
	t_is "$W: --privileged: keyctl, bpf, user namespaces, clone3 and fsopen work" "$(words)" \
		"keyctl=ok bpf=ok unshare-user=ok clone3=ok fsopen=ok"
	hr -q $PRIV "$(img $W)" "$(pin $W)" x32
	t_any "$W: --privileged: an x32 system call is not killed" "$rc:$(words)" "0:ENOSYS" "0:ok"
done
n="NOIMG: --cap-add SYS_ADMIN: clone3 and fsopen are allowed, mount works"
if can NOIMG "$n" probe guest; then
	mkdir -p "$HIND_TMP/mnt"
	hr -q --cap-add SYS_ADMIN NOIMG /bin/sh -c "$CALLS; \"\$p\" mount tmpfs $HIND_TMP/mnt" sh "$PROBE" clone3 fsopen
	t_is "$n" "$(words)" "clone3=ok fsopen=ok ok"
fi
n="NOIMG: --seccomp unconfined: user namespaces and clone3 work, x32 is not killed"
if can NOIMG "$n" probe guest; then
	hr -q --seccomp unconfined NOIMG /bin/sh -c "$CALLS; \"\$p\" x32" sh "$PROBE" unshare-user clone3
	t_any "$n" "$rc:$(words)" "0:unshare-user=ok clone3=ok ENOSYS" "0:unshare-user=ok clone3=ok ok"
fi

# ---- 3. /proc and /sys ---------------------------------------------------------
CP0=$(cat /proc/sys/kernel/core_pattern)
# core_pattern_back NAME: put the guest's core_pattern back if NAME changed it.
core_pattern_back() {
	_now=$(cat /proc/sys/kernel/core_pattern)
	[ "$_now" = "$CP0" ] && return 0
	echo "$CP0" >/proc/sys/kernel/core_pattern
	diag "$1: core_pattern was changed to '$_now': restored"
	return 1
}
# ro_at PATH: the mount at PATH inside is read-only ("ro") per $O
# (mountinfo).
ro_at() { awk -v p="$1" '$5 == p { split($6, o, ","); r = o[1] } END { print r }' "$O"; }
# A sysfs file root can open for writing outside (the /sys witness).
SYSW=
for f in /sys/kernel/mm/transparent_hugepage/enabled /sys/kernel/mm/ksm/run /sys/power/state; do
	[ -n "$GUEST" ] && [ -n "$PROBE" ] && [ -e "$f" ] &&
		[ "$("$PROBE" open "$f" w)" = ok ] && { SYSW=$f; break; }
done
# What the masks hide, with the witness that it has content outside.
MASKED="/proc/kcore /proc/keys /proc/timer_list /proc/timer_stats
	/proc/sched_debug /proc/latency_stats /proc/acpi /proc/asound /proc/scsi
	/sys/firmware /sys/devices/virtual/powercap"
# size_of PATH: bytes a read of a file gives (at most 64), entries of a
# directory.
size_of() {
	if [ -d "$1" ]; then ls -A "$1" 2>/dev/null | wc -l; else head -c 64 "$1" 2>/dev/null | wc -c; fi
}
SIZES='for f; do if [ -d "$f" ]; then n=$(ls -A "$f" 2>/dev/null | wc -l); else n=$(head -c 64 "$f" 2>/dev/null | wc -c); fi; echo "$f=$n"; done'

for W in NOIMG image; do
	n="$W: core_pattern write refused, the host's value unchanged"
	can $W "$W: /proc and /sys cases" probe guest || continue
	P=$(pin $W)
	hr -q "$(img $W)" "$P" write /proc/sys/kernel/core_pattern sectest-core
	r=$(words)
	if core_pattern_back "$n" && echo " $REFUSED " | grep -q " $r "; then t_ok "$n"
	else t_fail "$n" "the write gave '$r', want one of: $REFUSED"; fi

	hr -q "$(img $W)" "$P" open /proc/sysrq-trigger w
	t_any "$W: /proc/sysrq-trigger cannot be opened for writing" "$(words)" $REFUSED
	hr -q "$(img $W)" "$P" write /proc/sys/vm/drop_caches 1
	t_any "$W: drop_caches write refused" "$(words)" $REFUSED

	hr -q "$(img $W)" /bin/cat /proc/self/mountinfo
	for p in /proc/sys /proc/sysrq-trigger /proc/irq /proc/bus /proc/fs /sys; do
		if [ -e "$p" ]; then
			t_is "$W: $p is mounted read-only" "$(ro_at "$p")" ro
		else
			t_skip "$W: $p is mounted read-only" "this kernel has no $p"
		fi
	done
	if [ -n "$SYSW" ]; then
		hr -q "$(img $W)" "$P" open "$SYSW" w
		t_is "$W: a sysfs file root can write outside is read-only inside" "$(words)" EROFS
	else
		t_skip "$W: a sysfs file root can write outside is read-only inside" "no writable sysfs file found outside"
	fi

	hr -q "$(img $W)" /bin/sh -c "$SIZES" sh $MASKED
	for p in $MASKED; do
		out=$(size_of "$p")
		if [ ! -e "$p" ] || [ "$out" = 0 ]; then
			t_skip "$W: $p is masked (a read gives nothing)" "this kernel has no $p, or it is empty outside"
		else
			t_is "$W: $p is masked (a read gives nothing)" "$(field "$p")" 0
		fi
	done
done
n="NOIMG: --privileged: core_pattern is writable again (then restored)"
if can NOIMG "$n" probe guest; then
	hr -q $PRIV NOIMG "$PROBE" write /proc/sys/kernel/core_pattern sectest-core
	r=$(words)
	now=$(cat /proc/sys/kernel/core_pattern)
	core_pattern_back "$n" >/dev/null
	t_is "$n" "$r $now" "ok sectest-core"
	hr -q $PRIV NOIMG /bin/sh -c "$SIZES" sh /proc/kcore
	t_is "NOIMG: --privileged: /proc/kcore is readable again" "$(field /proc/kcore)" 64
fi

# ---- 4. the cgroup view ----------------------------------------------------------
if [ "$HIND_CGROUP" = v2 ]; then
	CGD=/sys/fs/cgroup MEMF=memory.max LIFT=max
else
	CGD=/sys/fs/cgroup/memory MEMF=memory.limit_in_bytes LIFT=-1
fi
# A limit the kernel offers (Debian's 6.12 has no v1 memory controller).
MLIM="-m 64M"
has_ctrl memory || MLIM="--pids-limit 64"
for W in NOIMG image; do
	n="$W: the cgroup view is read-only (mkdir refused)"
	can $W "$W: cgroup view cases" probe guest || continue
	P=$(pin $W)
	if has_ctrl memory; then
		# v1: memsw first, or the kernel refuses a limit above it.
		hr -q -m 64M "$(img $W)" /bin/sh -c "[ -e $CGD/memory.memsw.limit_in_bytes ] &&
			\"$P\" write $CGD/memory.memsw.limit_in_bytes -1 >/dev/null
			\"$P\" write $CGD/$MEMF $LIFT; cat $CGD/$MEMF"
		if echo " $REFUSED " | grep -q " $(line 1) " && [ "$(line 2)" = 67108864 ]; then
			t_ok "$W: writing its own memory limit is refused, the limit stays"
		else
			t_fail "$W: writing its own memory limit is refused, the limit stays" "$(words)"
		fi
	else
		t_skip "$W: writing its own memory limit is refused, the limit stays" "no $HIND_CGROUP memory controller"
		CGD=$(dirname "$(ls -d /sys/fs/cgroup/*/cgroup.procs | head -n 1)")
	fi
	hr -q $MLIM "$(img $W)" "$P" mkdir "$CGD/sectest"
	t_is "$n" "$(words)" EROFS

	# --cgroupns host: the host's tree, read-only.
	hr -q --cgroupns host "$(img $W)" /bin/sh -c "ls $CGD | wc -l; \"$P\" mkdir $CGD/sectest"
	if [ "$(line 1)" -gt 0 ] 2>/dev/null && [ "$(line 2)" = EROFS ]; then
		t_ok "$W: --cgroupns host: the host's cgroup tree, read-only"
	else
		t_fail "$W: --cgroupns host: the host's cgroup tree, read-only" "$(words)"
	fi
	rmdir "$CGD/sectest" 2>/dev/null && diag "$W: removed the cgroup '$CGD/sectest' the container made"

	# Mounting a cgroup hierarchy inside (v1: one the container is not in).
	if [ "$HIND_CGROUP" = v2 ]; then set -- cgroup2; else set -- cgroup freezer; fi
	if [ $W = NOIMG ]; then d=$HIND_TMP/cgmnt; mkdir -p "$d"; else d=/mnt; fi
	hr -q "$(img $W)" /bin/sh -c "\"$P\" mount $1 $d $2; ls $d | grep -c release_agent"
	t_is "$W: mounting a cgroup hierarchy inside is refused" "$(line 1)" EPERM
	hr -q $PRIV $MLIM "$(img $W)" "$P" mkdir "$CGD/sectest"
	t_is "$W: --privileged: the cgroup view is writable again" "$(words)" ok
done

n="v1: the container has its own cgroup in every mounted hierarchy"
if [ "$HIND_CGROUP" != v1 ]; then
	t_skip "$n" "cgroup v1 only (v2 has one hierarchy)"
elif in_guest "$n"; then
	name=sectest-cg$$
	"$HIND" run --name $name NOIMG sleep 30 >"$O" 2>"$E" </dev/null &
	hp=$!
	i=0
	while [ $i -lt 100 ] && ! grep -q 'started pid' "$E"; do sleep 0.1; i=$((i + 1)); done
	cpid=$(sed -n 's/.*started pid=\([0-9]*\).*/\1/p' "$E")
	hier=$(grep ' - cgroup ' /proc/self/mountinfo | awk '{ print $5 }' | sed 's#.*/##' | sort | tr '\n' ' ')
	own=
	[ -n "$cpid" ] && own=$(awk -F: -v n="/$name" '$2 != "" && substr($3, length($3) - length(n) + 1) == n { sub(/^name=/, "", $2); print $2 }' "/proc/$cpid/cgroup" | sort | tr '\n' ' ')
	kill -TERM $hp
	wait $hp
	t_is "$n" "$own" "$hier"
	# release_agent exists only at a hierarchy's root: none may show, and
	# at least one hierarchy must (that every one holds the container's
	# own cgroup is the case above).
	HIER='n=0; for d in /sys/fs/cgroup/*/; do [ -e "$d/release_agent" ] && echo "$d"; [ -e "$d/cgroup.procs" ] && n=$((n + 1)); done; echo "hierarchies=$n"'
	for W in NOIMG image; do
		n="$W: v1: no hierarchy inside shows a root (no release_agent)"
		where $W "$n" || continue
		hr -q "$(img $W)" /bin/sh -c "$HIER"
		got=$(field hierarchies)
		if [ "$(line 1)" = "hierarchies=$got" ] && [ "${got:-0}" -gt 0 ]; then
			t_ok "$n"
		else
			t_fail "$n" "$(words)"
		fi
	done
fi

# ---- 5. file descriptors ---------------------------------------------------------
for W in NOIMG image; do
	n="$W: the caller's fd 9 does not reach the command"
	can $W "$W: file descriptor cases" probe || continue
	hr -q "$(img $W)" "$(pin $W)" fds 9</etc/passwd
	t_is "$n" "$(words)" "0 1 2"
	# What init holds while the command runs (it drops the error pipe
	# and the stdio sources right after the command's exec: wait that out).
	hr -q "$(img $W)" /bin/sh -c 'sleep 0.3; ls -1 /proc/1/fd' 9</etc/passwd
	t_is "$W: hind-init holds only its stdio" "$(words)" "0 1 2"
	hr -q -t "$(img $W)" /bin/sh -c 'sleep 0.3; ls -1 /proc/1/fd' 9</etc/passwd
	t_is "$W: -t: hind-init holds only its stdio (no pty master)" "$(words)" "0 1 2"
	hr -q --preserve-fds 7 "$(img $W)" "$(pin $W)" fds 3</etc/passwd 4</etc/passwd \
		5</etc/passwd 6</etc/passwd 7</etc/passwd 8</etc/passwd 9</etc/passwd
	t_is "$W: --preserve-fds 7 passes fds 3 to 9" "$(words)" "0 1 2 3 4 5 6 7 8 9"
	hr -q --preserve-fds 1 "$(img $W)" "$(pin $W)" fds 3</etc/passwd 9</etc/passwd
	t_is "$W: --preserve-fds 1 passes fd 3 only" "$(words)" "0 1 2 3"
done
hr -q --preserve-fds 1 NOIMG /bin/sh -c 'head -n 1 <&3' 3</etc/passwd
t_is "NOIMG: --preserve-fds: fd 3 reads the caller's file" "$(words)" "$(head -n 1 /etc/passwd)"

# ---- 6. the terminal -------------------------------------------------------------
# hind-probe pty gives hind-run a terminal of its own as its controlling
# tty (the caller's), then reports what waits in that terminal's input.
for W in NOIMG image; do
	n="$W: TIOCSTI without -t cannot reach the caller's terminal"
	can $W "$W: terminal cases" probe guest || continue
	"$PROBE" pty "$HIND" run -q "$(img $W)" "$(pin $W)" tiocsti >"$O" 2>"$E" </dev/null
	r=$(line 1) in=$(field input)
	if [ "$in" = none ] && echo " EPERM EIO " | grep -q " $r "; then t_ok "$n"
	else t_fail "$n" "TIOCSTI gave '$r', the caller's terminal got '$in'"; fi
	"$PROBE" pty "$HIND" run -q "$(img $W)" "$(pin $W)" session >"$O" 2>"$E" </dev/null
	s=$(line 1)
	case $s in
	"sid=0 "*) t_fail "$W: the command is in a new session, without a controlling terminal" "$s" ;;
	*" tty=0") t_ok "$W: the command is in a new session, without a controlling terminal" ;;
	*) t_fail "$W: the command is in a new session, without a controlling terminal" "$s" ;;
	esac
	"$PROBE" pty "$HIND" run -q -t "$(img $W)" "$(pin $W)" tiocsti >"$O" 2>"$E" </dev/null
	t_is "$W: -t: TIOCSTI reaches only the container's own pty" "$(field input)" none
done
n="NOIMG: --privileged: TIOCSTI reaches the terminal again (CAP_SYS_ADMIN)"
if can NOIMG "$n" probe guest; then
	"$PROBE" pty "$HIND" run -q $PRIV NOIMG "$PROBE" tiocsti >"$O" 2>"$E" </dev/null
	t_is "$n" "$(line 1) $(field input)" "ok echo INJECTED"
fi

# ---- 7. the environment ----------------------------------------------------------
# names: the variable names the command got, sorted, on one line.
names() { tr -d '\r' <"$O" | sed -n 's/=.*//p' | sort | tr '\n' ' ' | sed 's/ *$//'; }
for W in NOIMG image; do
	n="$W: env: only PATH, HOME and HOSTNAME, no caller secret"
	where $W "$W: environment cases" || continue
	hr -q --hostname sectest "$(img $W)" env
	t_is "$n" "$(names)" "HOME HOSTNAME PATH"
	t_is "$W: env: HOME is /root, HOSTNAME the host name" "$(field HOME) $(field HOSTNAME)" "/root sectest"
	if [ $W = NOIMG ]; then
		t_is "NOIMG: env: PATH is the caller's" "$(field PATH)" "$PATH"
	else
		p=$(field PATH)
		case ":$p:" in
		*:/sectest-caller-path:* | ::) t_fail "image: env: PATH is the standard one, not the caller's" "$p" ;;
		*:/bin:*) t_ok "image: env: PATH is the standard one, not the caller's" ;;
		*) t_fail "image: env: PATH is the standard one, not the caller's" "$p" ;;
		esac
	fi
	hr -q -e SECTEST_A=1 -e SECTEST_SECRET "$(img $W)" env
	t_is "$W: env: -e KEY=VALUE and -e KEY (the caller's value) are added" \
		"$(names) $(field SECTEST_A) $(field SECTEST_SECRET)" \
		"HOME HOSTNAME PATH SECTEST_A SECTEST_SECRET 1 s3cr3t-token"
	hr -q -e PATH=/usr/bin:/bin --user 1000 "$(img $W)" env
	t_is "$W: env: -e PATH sets PATH, HOME is / for --user 1000" \
		"$(names) $(field PATH) $(field HOME)" "HOME HOSTNAME PATH /usr/bin:/bin /"
	hr -q -t "$(img $W)" env
	t_is "$W: env: -t adds the caller's TERM" "$(names) $(field TERM)" "HOME HOSTNAME PATH TERM $TERM"
done

# ---- 8. devices and mounts ---------------------------------------------------------
DISK=${HIND_TEST_SWAPDEV:-}
[ -b "$DISK" ] || DISK=
for W in NOIMG image; do
	n="$W: mknod of a block device is refused (EPERM)"
	can $W "$W: device node cases" probe guest || continue
	if [ $W = NOIMG ]; then b=$HIND_TMP/sectest-blk; else b=/tmp/sectest-blk; fi
	hr -q "$(img $W)" "$(pin $W)" mknod "$b" b 259 0
	t_is "$n" "$(words)" EPERM
	rm -f "$HIND_TMP/sectest-blk" "$R/tmp/sectest-blk"
	hr -q $PRIV "$(img $W)" "$(pin $W)" mknod "$b" b 259 0
	t_is "$W: --privileged: mknod works again" "$(words)" ok
	rm -f "$HIND_TMP/sectest-blk" "$R/tmp/sectest-blk"

	# A node shipped in a volume (and the image) is inert: nodev.
	mkdir -p "$HIND_TMP/devvol" "$HIND_TMP/devvol-dst"
	[ -c "$HIND_TMP/devvol/null" ] || mknod "$HIND_TMP/devvol/null" c 1 3
	if [ $W = NOIMG ]; then v=$HIND_TMP/devvol-dst; else v=/data; fi
	hr -q -v "$HIND_TMP/devvol:$v" "$(img $W)" "$(pin $W)" open "$v/null" w
	t_is "$W: a device node in a volume cannot be opened (nodev: EACCES)" "$(words)" EACCES
done
n="image: a device node shipped in the image cannot be opened (nodev: EACCES)"
if can image "$n" probe guest; then
	[ -c "$R/sectest-null" ] || mknod "$R/sectest-null" c 1 3
	hr -q "$R" /bin/hind-probe open /sectest-null w
	t_is "$n" "$(words)" EACCES
	rm -f "$R/sectest-null"
fi

n="NOIMG: /dev is the minimal one an image gets"
if can image "$n" probe guest; then
	hr -q "$R" /bin/ls -1 /dev
	want=$(words)
	hr -q NOIMG /bin/ls -1 /dev
	t_is "$n" "$(words)" "$want"
	hr -q NOIMG /bin/sh -c "echo null=\$(\"$PROBE\" write /dev/null x) disk=\$(\"$PROBE\" open ${DISK:-/dev/nvme0n1} r) mem=\$(\"$PROBE\" open /dev/mem r)"
	t_is "NOIMG: /dev/null works, the host's disk and /dev/mem are absent" "$(words)" "null=ok disk=ENOENT mem=ENOENT"
	if [ -n "$DISK" ]; then
		hr -q $PRIV NOIMG "$PROBE" open "$DISK" r
		t_is "NOIMG: --privileged: the host's /dev again (its disk opens)" "$(words)" ok
	else
		t_skip "NOIMG: --privileged: the host's /dev again (its disk opens)" "no block device in HIND_TEST_SWAPDEV"
	fi
fi
for W in NOIMG image; do
	n="$W: --device PATH and --device PATH:PATH bring a host node in"
	can $W "$n" probe guest || continue
	if [ -z "$DISK" ]; then
		t_skip "$n" "no block device in HIND_TEST_SWAPDEV"
		continue
	fi
	hr -q --device "$DISK" --device "$DISK:/dev/sectest-disk" "$(img $W)" /bin/sh -c \
		"\"$(pin $W)\" open $DISK r; \"$(pin $W)\" open /dev/sectest-disk r; stat -c %t:%T /dev/sectest-disk"
	t_is "$n" "$(words)" "ok ok $(stat -c %t:%T "$DISK")"
done

# open_by_handle_at: read a file outside the image through a handle on the
# image's own filesystem (both live on /tmp).
echo secret >"$HIND_TMP/marker"
H=
[ -n "$PROBE" ] && [ -n "$GUEST" ] && H=$("$PROBE" handle "$HIND_TMP/marker")
for W in NOIMG image; do
	n="$W: open_by_handle_at is refused (EPERM)"
	can $W "$n" probe guest || continue
	if [ $W = NOIMG ]; then d=/tmp; else d=/; fi
	hr -q "$(img $W)" "$(pin $W)" open-handle $d "$H"
	t_is "$n" "$(words)" EPERM
done
n="NOIMG: --privileged: open_by_handle_at works again"
if can NOIMG "$n" probe guest; then
	hr -q $PRIV NOIMG "$PROBE" open-handle /tmp "$H"
	t_is "$n" "$(words)" "ok: secret"
fi

# A tmpfs of the host's: remounting it read-only from inside would make it
# read-only for the host too (one superblock). The image case lives on it.
TFS=/tmp/sectest-tfs.$$
if [ -n "$GUEST" ] && [ -n "$PROBE" ]; then
	mkdir -p "$TFS" && mount -t tmpfs -o size=16m sectest "$TFS" && cp -a "$R" "$TFS/root"
fi
# tfs_back NAME: the host's tmpfs is writable, or made so again.
tfs_back() {
	_r=$("$PROBE" create "$TFS/w.$2")
	rm -f "$TFS/w.$2"
	[ "$_r" = ok ] && return 0
	mount -o remount,rw "$TFS"
	diag "$1: the host's tmpfs was left read-only ($_r): remounted rw"
	return 1
}
for W in NOIMG image; do
	n="$W: remounting a host tmpfs read-only is refused, the host's stays writable"
	can $W "$n" probe guest || continue
	if [ $W = NOIMG ]; then
		hr -q NOIMG "$PROBE" remount "$TFS" ro
	else
		hr -q "$TFS/root" /bin/hind-probe remount / ro
	fi
	r=$(words)
	if tfs_back "$n" $W && [ "$r" = EPERM ]; then t_ok "$n"; else t_fail "$n" "the remount gave '$r'"; fi
done
n="NOIMG: --privileged: a host tmpfs can be remounted read-only again (then restored)"
if can NOIMG "$n" probe guest; then
	hr -q $PRIV NOIMG "$PROBE" remount "$TFS" ro
	r=$(words)
	if ! tfs_back "$n" priv >/dev/null && [ "$r" = ok ]; then t_ok "$n"; else t_fail "$n" "the remount gave '$r'"; fi
fi
[ -n "$GUEST" ] && umount "$TFS" 2>/dev/null
rmdir "$TFS" 2>/dev/null

# A :ro volume stays read-only.
mkdir -p "$HIND_TMP/vol" "$HIND_TMP/vol-dst"
for W in NOIMG image; do
	n="$W: a :ro volume cannot be remounted read-write nor written"
	can $W "$n" probe guest || continue
	if [ $W = NOIMG ]; then v=$HIND_TMP/vol-dst; else v=/data; fi
	hr -q -v "$HIND_TMP/vol:$v:ro" "$(img $W)" /bin/sh -c "\"$(pin $W)\" remount $v rw bind; \"$(pin $W)\" create $v/sectest-w"
	r=$(words)
	if [ -e "$HIND_TMP/vol/sectest-w" ]; then r="$r (written outside)"; rm -f "$HIND_TMP/vol/sectest-w"; fi
	t_is "$n" "$r" "EPERM EROFS"
done
n="NOIMG: --privileged: a :ro volume can be remounted read-write again"
if can NOIMG "$n" probe guest; then
	hr -q $PRIV -v "$HIND_TMP/vol:$HIND_TMP/vol-dst:ro" NOIMG /bin/sh -c "\"$PROBE\" remount $HIND_TMP/vol-dst rw bind; \"$PROBE\" create $HIND_TMP/vol-dst/sectest-w"
	t_is "$n" "$(words)" "ok ok"
	rm -f "$HIND_TMP/vol/sectest-w"
fi

# --uts host / --net host: the host's name and network stay the host's.
H0=$(hostname)
# hostname_back NAME: put the guest's host name back if NAME changed it.
hostname_back() {
	[ "$(hostname)" = "$H0" ] && return 0
	hostname "$H0"
	diag "$1: the host name was changed: restored"
	return 1
}
ADDR=10.254.254.1
# addr_back NAME: remove the test address from the host's lo if it is there.
addr_back() {
	ip addr show lo | grep -q "inet $ADDR/" || return 0
	ip addr del "$ADDR/32" dev lo
	diag "$1: $ADDR was added to the host's lo: removed"
	return 1
}
for W in NOIMG image; do
	n="$W: --uts host: setting the host name is refused (EPERM), the host's stays"
	can $W "$W: --uts host and --net host cases" probe guest || continue
	hr -q --uts host "$(img $W)" "$(pin $W)" sethostname sectest-hacked
	r=$(words)
	if hostname_back "$n" && [ "$r" = EPERM ]; then t_ok "$n"; else t_fail "$n" "sethostname gave '$r'"; fi
	n="$W: --net host: adding an address to the host's lo is refused"
	hr -q --net host "$(img $W)" ip addr add "$ADDR/32" dev lo
	if addr_back "$n" && [ "$rc" != 0 ] && grep -q 'not permitted' "$E"; then t_ok "$n"
	else t_fail "$n" "exit $rc: $(cat "$E")"; fi
done
n="NOIMG: --privileged --uts host: the host name can be set again (then restored)"
if can NOIMG "$n" probe guest; then
	hr -q $PRIV --uts host NOIMG "$PROBE" sethostname sectest-hacked
	r="$(words) $(hostname)"
	hostname_back "$n" >/dev/null
	t_is "$n" "$r" "ok sectest-hacked"
	hr -q $PRIV --net host NOIMG ip addr add "$ADDR/32" dev lo
	r=$rc
	addr_back "$n" >/dev/null && r="$r (not on the host's lo)"
	t_is "NOIMG: --privileged --net host: an address can be added to the host's lo again (then removed)" "$r" 0
fi

# ---- 9. bad input ---------------------------------------------------------------------
# bad NAME WORDS OPTIONS...: 125, one line (besides the "Try" hint) that
# names every word of WORDS and is not "unknown option", nothing created.
bad() {
	_n=$1 _w=$2
	shift 2
	hr "$@"
	_l=$(grep -v "^Try 'hind-run --help'" "$E")
	_ok=1
	[ "$rc" = 125 ] && [ "$(printf '%s\n' "$_l" | wc -l)" = 1 ] || _ok=
	case $_l in *"unknown option"*) _ok= ;; esac
	for _x in $_w; do
		case $_l in *"$_x"*) ;; *) _ok= ;; esac
	done
	[ -z "$(leftovers)" ] || _ok=
	if [ -n "$_ok" ]; then t_ok "bad input: $_n: 125, one line, nothing left"
	else t_fail "bad input: $_n: 125, one line, nothing left" "rc=$rc stderr: $(cat "$E")"; fi
}
bad "an unknown capability for --cap-add" "BOGUS" --cap-add CAP_BOGUS NOIMG true
bad "an unknown capability for --cap-drop" "bogus" --cap-drop bogus NOIMG true
bad "--cap-add with --privileged" "--cap-add --privileged" --privileged --cap-add SYS_ADMIN NOIMG true
bad "--preserve-fds beyond the open fds" "--preserve-fds" --preserve-fds 5 NOIMG true 3</etc/passwd
bad "an unknown --seccomp mode" "--seccomp" --seccomp bogus NOIMG true

no_leftovers "security cases"
t_done
