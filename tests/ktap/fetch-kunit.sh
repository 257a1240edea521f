#!/bin/sh
# fetch-kunit.sh - unpack the kernel's KTAP parser and its specification
# from Debian's kernel source package into the cache, never into the
# repository, and print the path of kunit.py.
#
# Only tools/testing/kunit (kunit.py parse: the parser kernel CI runs on
# KTAP) and Documentation/dev-tools/ktap.rst come out of the tarball that
# 'scripts/deps.sh ktap' installs (linux-source-6.12: /usr/src/
# linux-source-6.12.tar.xz). LINUX_SOURCE names another tarball.
set -eu
ver=${KUNIT_LINUX:-6.12}
tarball=${LINUX_SOURCE:-/usr/src/linux-source-$ver.tar.xz}
cache=${HIND_CACHE:-$HOME/.cache/hind}/linux-source-$ver
kunit=$cache/tools/testing/kunit/kunit.py
if [ ! -f "$cache/.unpacked" ]; then
	if [ ! -r "$tarball" ]; then
		echo "fetch-kunit: no '$tarball' ('sh scripts/deps.sh ktap' installs linux-source-$ver)" >&2
		exit 1
	fi
	rm -rf "$cache"
	mkdir -p "$cache"
	top=linux-source-$ver
	tar -xJf "$tarball" -C "$cache" --strip-components=1 \
		"$top/tools/testing/kunit" "$top/Documentation/dev-tools/ktap.rst"
	[ -f "$kunit" ] || { echo "fetch-kunit: no kunit.py in '$tarball'" >&2; exit 1; }
	: >"$cache/.unpacked"
fi
echo "$kunit"
