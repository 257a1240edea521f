#!/bin/sh
# podman-spec.sh OUT PROBE - the extra gen_cpio lines (mkinitramfs.sh's
# EXTRA_SPEC) of the "podman" test image, where podman drives an OCI
# runtime through conmon:
#   /usr/bin/{podman,conmon}, /usr/sbin/runc, /usr/bin/crun   Debian's,
#                      each with its shared libraries (ldd)
#   /usr/share/containers/{containers.conf,seccomp.json}      podman's
#                      defaults and its default seccomp profile
#   /etc/containers/   initramfs/containers: containers.conf (cgroupfs, no
#                      journald, no network, hind-oci), storage.conf (vfs
#                      on the tmpfs), policy.json
#   /oci/rootfs        the containers' root (--rootfs): busybox, its applet
#                      links, /etc/passwd and /etc/group, and PROBE
#                      (tests/lib/probe.c, static) as /bin/hind-probe
#   /tests/podman      the podman cell's scripts (tests/run.sh runs them
#                      in /init's podman mode)
# The runtime under test, /bin/hind-oci, is one of hind's applets: it
# comes with /bin/hind (mkinitramfs.sh links every applet).
set -eu
out=$1 probe=$2
busybox=${BUSYBOX:-/bin/busybox}
missing=
for t in podman conmon runc crun; do
	command -v $t >/dev/null 2>&1 || missing="$missing $t"
done
for f in /usr/share/containers/containers.conf /usr/share/containers/seccomp.json; do
	[ -r $f ] || missing="$missing $f"
done
if [ -n "$missing" ]; then
	echo "podman-spec: missing:$missing (sh scripts/deps.sh installs podman, conmon, runc, crun)" >&2
	exit 1
fi
[ -x "$probe" ] || { echo "podman-spec: no probe at $probe" >&2; exit 1; }
# libs_of BINARY: its shared libraries and loader, as ldd names them.
libs_of() {
	ldd "$1" 2>/dev/null | awk '/=>/ { print $3 } /^\t\/[^ ]*ld-linux/ { print $1 }'
}
{
	for t in podman conmon runc crun; do
		p=$(command -v $t)
		# Debian's paths (/usr/bin/runc is a link to /usr/sbin/runc).
		real=$(readlink -f "$p")
		echo "file $real $real 0755 0 0"
		[ "$p" = "$real" ] || echo "slink $p $real 0777 0 0"
		for lib in $(libs_of "$real"); do
			echo "file $lib $(readlink -f "$lib") 0755 0 0"
		done
	done
	for f in containers.conf seccomp.json; do
		echo "file /usr/share/containers/$f /usr/share/containers/$f 0644 0 0"
	done
	for f in containers.conf storage.conf policy.json; do
		echo "file /etc/containers/$f initramfs/containers/$f 0644 0 0"
	done
	for d in /var/lib/containers /run/containers /oci /oci/rootfs /oci/rootfs/bin \
		 /oci/rootfs/etc /oci/rootfs/proc /oci/rootfs/sys /oci/rootfs/dev \
		 /oci/rootfs/tmp; do
		echo "dir $d 0755 0 0"
	done
	echo "file /oci/rootfs/bin/busybox $busybox 0755 0 0"
	for a in $("$busybox" --list); do
		[ "$a" = busybox ] || echo "slink /oci/rootfs/bin/$a busybox 0777 0 0"
	done
	echo "file /oci/rootfs/bin/hind-probe $probe 0755 0 0"
	echo "file /oci/rootfs/etc/passwd initramfs/passwd 0644 0 0"
	echo "file /oci/rootfs/etc/group initramfs/group 0644 0 0"
	echo "dir /tests/podman 0755 0 0"
	for f in tests/podman/*.sh; do
		[ -e "$f" ] && echo "file /$f $f 0755 0 0"
	done
} | awk '!seen[$2]++' >"$out"
