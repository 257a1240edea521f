#!/bin/sh
# oci-spec.sh OUT - the extra gen_cpio lines (mkinitramfs.sh's EXTRA_SPEC)
# of the "oci" test image, where containerd drives an OCI runtime:
#   /usr/bin/{containerd,ctr,containerd-shim-runc-v2}, /usr/sbin/runc,
#   /usr/bin/crun      Debian's, each with its shared libraries
#   /etc/containerd/config.toml   initramfs/containerd.toml
#   /oci/rootfs        the containers' root: busybox, its applet links,
#                      /etc/passwd and /etc/group
#   /tests/oci         the oci cells' scripts (tests/run.sh runs them in
#                      /init's oci mode)
# The runtime under test, /bin/hind-oci, is one of hind's applets: it
# comes with /bin/hind (mkinitramfs.sh links every applet).
# OCI_EXTRA_SPEC names a file of more lines ('make bench' adds its
# ocibench script, timeit and a bundle's config.json that way).
set -eu
out=$1
busybox=${BUSYBOX:-/bin/busybox}
missing=
for t in containerd ctr containerd-shim-runc-v2 runc crun; do
	command -v $t >/dev/null 2>&1 || missing="$missing $t"
done
if [ -n "$missing" ]; then
	echo "oci-spec: missing:$missing (sh scripts/deps.sh installs containerd, runc, crun)" >&2
	exit 1
fi
# libs_of BINARY: its shared libraries and loader, as ldd names them.
libs_of() {
	ldd "$1" 2>/dev/null | awk '/=>/ { print $3 } /^\t\/[^ ]*ld-linux/ { print $1 }'
}
{
	for t in containerd ctr containerd-shim-runc-v2 runc crun; do
		p=$(command -v $t)
		# Debian's paths (/usr/bin/runc is a link to /usr/sbin/runc).
		real=$(readlink -f "$p")
		echo "file $real $real 0755 0 0"
		[ "$p" = "$real" ] || echo "slink $p $real 0777 0 0"
		for lib in $(libs_of "$real"); do
			echo "file $lib $(readlink -f "$lib") 0755 0 0"
		done
	done
	echo "file /etc/containerd/config.toml initramfs/containerd.toml 0644 0 0"
	for d in /oci /oci/rootfs /oci/rootfs/bin /oci/rootfs/etc /oci/rootfs/proc \
		 /oci/rootfs/sys /oci/rootfs/dev /oci/rootfs/tmp; do
		echo "dir $d 0755 0 0"
	done
	echo "file /oci/rootfs/bin/busybox $busybox 0755 0 0"
	for a in $("$busybox" --list); do
		[ "$a" = busybox ] || echo "slink /oci/rootfs/bin/$a busybox 0777 0 0"
	done
	echo "file /oci/rootfs/etc/passwd initramfs/passwd 0644 0 0"
	echo "file /oci/rootfs/etc/group initramfs/group 0644 0 0"
	echo "dir /tests/oci 0755 0 0"
	for f in tests/oci/*.sh; do
		[ -e "$f" ] && echo "file /$f $f 0755 0 0"
	done
	[ -z "${OCI_EXTRA_SPEC:-}" ] || cat "$OCI_EXTRA_SPEC"
} | awk '!seen[$2]++' >"$out"
