# oci.sh - helpers of the oci cells (tests/oci/*.sh, in the oci image
# only: initramfs/oci-spec.sh), sourced after tap.sh.
#
#   OCI_RUNTIME        the runtime under test: /bin/hind-oci (hind's
#                      applet, 'hind oci'); runc while the image has none
#   OCI_ROOTFS         the containers' busybox root (/oci/rootfs)
#   oci_start          start containerd in the background, wait for its
#                      socket; false (and a diagnostic) if it never came
#   oci_stop           stop it (SIGTERM, then SIGKILL), print its log's tail
#   c ARGS...          run ctr: stdout in $O, stderr in $E, status in $rc
#   ctr_run 'FLAGS' ID CMD...   c run --runc-binary $OCI_RUNTIME
#                      --env PATH=/bin FLAGS --rootfs $OCI_ROOTFS ID CMD...
#   oci_left ID        what of container ID is left: its processes, its
#                      shim, cgroups, state and bundle dirs, mounts
#   oci_wait_gone ID S wait up to S seconds until oci_left ID is empty
OCI_ROOTFS=${OCI_ROOTFS:-/oci/rootfs}
OCI_SOCK=/run/containerd/containerd.sock
OCI_LOG=$HIND_TMP/containerd.log
if [ -z "${OCI_RUNTIME:-}" ]; then
	OCI_RUNTIME=/bin/hind-oci
	if [ ! -x "$OCI_RUNTIME" ]; then
		diag "no /bin/hind-oci in this image yet: the runtime under test is runc"
		OCI_RUNTIME=$(command -v runc)
	fi
fi
diag "runtime under test: $OCI_RUNTIME ($("$OCI_RUNTIME" --version 2>&1 | head -n 1))"
export OCI_RUNTIME

oci_start() {
	mkdir -p /run/containerd /var/lib/containerd
	containerd --config /etc/containerd/config.toml >"$OCI_LOG" 2>&1 &
	OCI_PID=$!
	_i=0
	while [ $_i -lt 600 ]; do
		[ -S "$OCI_SOCK" ] && ctr version >/dev/null 2>&1 && break
		kill -0 $OCI_PID 2>/dev/null || break
		sleep 0.1
		_i=$((_i + 1))
	done
	diag "containerd answered after $((_i / 10)).$((_i % 10)) s"
	if ! ctr version >/dev/null 2>&1; then
		diag "containerd did not come up; its log:"
		tail -n 20 "$OCI_LOG" | sed 's/^/#   /'
		return 1
	fi
}

oci_stop() {
	[ -n "${OCI_PID:-}" ] || return 0
	kill $OCI_PID 2>/dev/null
	wait_bounded $OCI_PID 20
	diag "containerd stopped ($rc); the last lines of its log:"
	grep -v 'level=info' "$OCI_LOG" | tail -n 8 | cut -c 1-300 | sed 's/^/#   /'
	OCI_PID=
}

c() {
	ctr "$@" >"$O" 2>"$E" </dev/null
	rc=$?
}

ctr_run() {
	_fl=$1
	shift
	# shellcheck disable=SC2086
	c run --runc-binary "$OCI_RUNTIME" --env PATH=/bin $_fl --rootfs "$OCI_ROOTFS" "$@"
}

# oci_show: the last ctr's status, output and errors, on one line.
oci_show() {
	echo "exit $rc; stdout: $(head -c 300 "$O" | tr '\n' '|'); stderr: $(head -c 400 "$E" | tr '\n' '|')"
}

oci_left() {
	# its processes: those in its cgroup (ctr's default path is
	# /NAMESPACE/ID); its shim: the one with '-id ID' on its command line
	for _p in /proc/[0-9]*; do
		grep -q "/default/$1\$" "$_p/cgroup" 2>/dev/null &&
			echo "process ${_p#/proc/}: $(tr '\0' ' ' <"$_p/cmdline" 2>/dev/null)"
		case " $(tr '\0' ' ' <"$_p/cmdline" 2>/dev/null) " in
		*containerd-shim*" $1 "*) echo "shim ${_p#/proc/}" ;;
		esac
	done
	for _r in $(cg_roots); do
		find "$_r" -type d -name "$1" 2>/dev/null | sed 's/^/cgroup /'
	done
	for _d in "/run/containerd/runc/default/$1" \
		  "/run/containerd/io.containerd.runtime.v2.task/default/$1"; do
		[ -e "$_d" ] && echo "state $_d"
	done
	grep -e "/default/$1[/ ]" -e " $OCI_ROOTFS[/ ]" /proc/mounts | sed 's/^/mount /'
	return 0
}

oci_wait_gone() {
	_i=0
	while [ -n "$(oci_left "$1")" ] && [ $_i -lt $(($2 * 10)) ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ -z "$(oci_left "$1")" ]
}
