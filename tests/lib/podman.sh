# podman.sh - helpers of the podman cell (tests/podman/*.sh, in the podman
# image only: initramfs/podman-spec.sh), sourced after tap.sh.
#
#   OCI_RUNTIME        the runtime under test: /bin/hind-oci (hind's
#                      applet); runc while the image has none
#   PM_ROOTFS          the containers' busybox root (/oci/rootfs)
#   PM_RT              what podman is given as --runtime: a shell script
#                      named as OCI_RUNTIME that appends its argv,
#                      environment and open fds to $PM_RTLOG, then execs
#                      OCI_RUNTIME
#   p ARGS...          podman --runtime $PM_RT ARGS: stdout in $O, stderr
#                      in $E, status in $rc, stdin from /dev/null
#   prun FLAGS CMD...  p run --network none FLAGS --rootfs $PM_ROOTFS
#                      CMD... (FLAGS one word list; --rootfs is a switch:
#                      the directory is the first argument, where the
#                      image would be, so it ends podman's options)
#   pm_show            the last p's status, stdout and stderr, one line
#   pm_left ID         what of container ID is left: its processes (conmon
#                      too), cgroups, state dirs, mounts
#   pm_wait_gone ID S  wait up to S seconds until pm_left ID is empty
PM_ROOTFS=${PM_ROOTFS:-/oci/rootfs}
if [ -z "${OCI_RUNTIME:-}" ]; then
	OCI_RUNTIME=/bin/hind-oci
	if [ ! -x "$OCI_RUNTIME" ]; then
		diag "no /bin/hind-oci in this image yet: the runtime under test is runc"
		OCI_RUNTIME=$(command -v runc)
	fi
fi
export OCI_RUNTIME
PM_RTLOG=$HIND_TMP/runtime.log
mkdir -p "$HIND_TMP/rt"
PM_RT=$HIND_TMP/rt/$(basename "$OCI_RUNTIME")
# The wrapper's name is the runtime's, so that podman treats it as that
# runtime (runtime_supports_json is a list of names).
cat >"$PM_RT" <<EOW
#!/bin/sh
{
	printf 'argv:'
	for a in "\$@"; do printf ' %s' "\$a"; done
	echo
	echo "env: \$(env | sort | tr '\n' ' ')"
} >>$PM_RTLOG
# Its open fds as the caller left them (and this shell's script, fd 10),
# listed by a child: a command substitution would open a pipe here.
ls -l /proc/\$\$/fd >>$PM_RTLOG 2>&1
exec $OCI_RUNTIME "\$@"
EOW
chmod 755 "$PM_RT"
diag "runtime under test: $OCI_RUNTIME ($("$OCI_RUNTIME" --version 2>&1 | head -n 1)), given to podman as $PM_RT"

p() {
	podman --runtime "$PM_RT" "$@" >"$O" 2>"$E" </dev/null
	rc=$?
}

prun() {
	_fl=$1
	shift
	# shellcheck disable=SC2086
	p run --network none $_fl --rootfs "$PM_ROOTFS" "$@"
}

pm_show() {
	echo "exit $rc; stdout: $(head -c 300 "$O" | tr '\n' '|'); stderr: $(head -c 500 "$E" | tr '\n' '|')"
}

pm_left() {
	for _p in /proc/[0-9]*; do
		case " $(tr '\0' ' ' <"$_p/cmdline" 2>/dev/null) " in
		*"$1"*) echo "process ${_p#/proc/}: $(tr '\0' ' ' <"$_p/cmdline" | cut -c 1-120)" ;;
		esac
	done
	for _r in $(cg_roots); do
		find "$_r" -type d -name "*$1*" 2>/dev/null | sed 's/^/cgroup /'
	done
	for _d in /run/runc /run/crun /run/hind-oci /run/libpod /run/containers/storage \
		  /var/lib/containers/storage; do
		[ -d "$_d" ] && find "$_d" -name "*$1*" 2>/dev/null | sed 's/^/state /'
	done
	grep -e "$1" -e " $PM_ROOTFS[/ ]" /proc/mounts | sed 's/^/mount /'
	return 0
}

pm_wait_gone() {
	_i=0
	while [ -n "$(pm_left "$1")" ] && [ $_i -lt $(($2 * 10)) ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ -z "$(pm_left "$1")" ]
}
