#!/bin/sh
# deps.sh [bench] [fuzz] [lint] [ktap] [lava] - install what building and
# testing hind needs (the oci cells' containerd, runc and crun too), if
# missing; with 'bench', also the peers 'make
# bench' measures hind against; with 'fuzz', clang and its libFuzzer
# runtime for 'make fuzz' (and the replay in 'make check'); with 'lint',
# cppcheck; with 'ktap', the consumers of the suite's KTAP that 'make
# check' runs (the kernel's kunit.py from linux-source-6.12, prove from
# perl, python3); with 'lava', also LAVA's dispatcher for 'make lava'.
# Debian/Ubuntu: apt-get as root (or through sudo). Elsewhere it names
# what is missing and stops. Run by 'make run', 'make check', 'make bench',
# 'make fuzz' and CI. apt-get's own output goes to stderr, never into a
# results file.
set -eu
need=
have() { command -v "$1" >/dev/null 2>&1; }
have musl-gcc || need="$need musl-tools"
have kconfig-conf || need="$need kconfig-frontends"
have qemu-system-x86_64 || need="$need qemu-system-x86"
# The image needs a static busybox (Debian's busybox package is dynamic).
[ -x /bin/busybox ] && /bin/busybox --list-full >/dev/null 2>&1 &&
	LC_ALL=C ldd /bin/busybox 2>&1 | grep -q 'not a dynamic' ||
	need="$need busybox-static"
have stress-ng || need="$need stress-ng"
have gcc || need="$need gcc libc6-dev"
have make || need="$need make"
have file || need="$need file"
[ -e /usr/include/linux/magic.h ] || need="$need linux-libc-dev"
# The unit tests' references for core/sc_compile.c: libseccomp (linked
# into the host test only) and podman's default seccomp profile.
[ -e /usr/include/seccomp.h ] || need="$need libseccomp-dev"
[ -e /usr/share/containers/seccomp.json ] ||
	need="$need golang-github-containers-common"
# hind-oci parses config.json with jsmn (a header-only JSON tokenizer).
[ -e /usr/include/jsmn.h ] || need="$need libjsmn-dev"
# The oci cells (make check-oci): containerd, its ctr and runc shim drive
# the OCI runtime under test; runc and crun are its peers.
have containerd && have ctr && have containerd-shim-runc-v2 || need="$need containerd"
# The podman cell (make check-podman): podman and conmon drive the OCI
# runtime under test; runc and crun are its peers. Packed into the guest
# image only: podman never runs a container on this machine.
have podman || need="$need podman"
have conmon || need="$need conmon"
have runc || need="$need runc"
have crun || need="$need crun"
want() { case " $ARGS " in *" $1 "*) return 0 ;; esac; return 1; }
ARGS="$*"
if want bench; then
	have crun || need="$need crun"
	have runc || need="$need runc"
	have bwrap || need="$need bubblewrap"
	have unshare || need="$need util-linux"
	have hyperfine || need="$need hyperfine"
	have python3 || need="$need python3"
fi
if want lint; then
	have cppcheck || need="$need cppcheck"
fi
if want fuzz; then
	have clang || need="$need clang"
	# libFuzzer and the sanitizers' runtimes (Debian: libclang-rt-N-dev).
	echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' |
		clang -fsanitize=fuzzer,address,undefined -x c - \
			-o /dev/null >/dev/null 2>&1 ||
		need="$need libclang-rt-dev"
fi
if want ktap || want lava; then
	# tests/ktap/fetch-kunit.sh unpacks kunit.py from the tarball
	[ -r /usr/src/linux-source-6.12.tar.xz ] || need="$need linux-source-6.12"
	have xz || need="$need xz-utils"
	have prove || need="$need perl"
	have python3 || need="$need python3"
fi
if want lava; then
	have lava-run || need="$need lava-dispatcher"
fi
[ -n "$need" ] || exit 0
echo "deps: installing:$need" >&2
if ! have apt-get; then
	echo "deps: missing:$need (install them with your package manager)" >&2
	exit 1
fi
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
# 'update' first: on a fresh machine the package lists are empty.
$sudo apt-get update -q >&2
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $need >&2
