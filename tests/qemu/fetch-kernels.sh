#!/bin/sh
# fetch-kernels.sh - download Debian's cloud kernels (6.1 and 6.12 families)
# into a cache outside the repository and print the bzImage paths.
#
# Usage: tests/qemu/fetch-kernels.sh [CACHE_DIR]
# The cache defaults to $HIND_CACHE or ~/.cache/hind. Kernels are never
# committed. Needs apt-get (run 'apt-get update' first) and dpkg-deb.
set -eu
cache=${1:-${HIND_CACHE:-$HOME/.cache/hind}}/kernels
mkdir -p "$cache"

# The packages the meta-packages name today: the 6.1 family behind
# linux-image-cloud-amd64, the 6.12 family behind linux-image-6.12-cloud-amd64.
pkg_of() {
	apt-cache depends "$1" 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | head -n 1
}

for meta in linux-image-cloud-amd64 linux-image-6.12-cloud-amd64; do
	family=6.1
	case $meta in *6.12*) family=6.12 ;; esac
	dest=$cache/$family
	if [ -f "$dest/vmlinuz" ]; then
		echo "$dest/vmlinuz"
		continue
	fi
	pkg=$(pkg_of "$meta")
	if [ -z "$pkg" ]; then
		echo "fetch-kernels: no package behind $meta (run 'apt-get update')" >&2
		exit 1
	fi
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	(cd "$tmp" && apt-get download -q "$pkg" >/dev/null)
	dpkg-deb -x "$tmp"/*.deb "$tmp/x"
	mkdir -p "$dest"
	cp "$tmp"/x/boot/vmlinuz-* "$dest/vmlinuz"
	cp "$tmp"/x/boot/config-* "$dest/config" 2>/dev/null || true
	echo "$pkg" >"$dest/package"
	rm -rf "$tmp"
	trap - EXIT
	echo "$dest/vmlinuz"
done
