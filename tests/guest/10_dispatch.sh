#!/bin/sh
# 10_dispatch.sh - the multi-call binary: dispatch by link and by
# 'hind APPLET', --list, --install, --help/--version, unknown applets, and
# the mounted cgroup hierarchy matching the build.
. "$(dirname "$0")/../lib/tap.sh"

applets="cpu_load hind-cgls hind-run memory_load"
bin=$HIND_TMP/bin
mkdir -p "$bin"

# --list names every applet, one a line, sorted.
list=$("$HIND" --list | awk '{ print $1 }' | tr '\n' ' ')
t_is "--list names the applets in order" "$list" "$applets "
t_is "no arguments lists too" "$("$HIND" | awk '{ print $1 }' | tr '\n' ' ')" "$applets "

# --install -s: a symlink per applet; --install: hard links.
"$HIND" --install -s "$bin"
ok=1
for a in $applets; do [ -L "$bin/$a" ] || ok=; done
t_check "--install -s makes a symlink per applet" [ -n "$ok" ]
# Hard links need the binary's file system: a scratch folder beside it.
hard=$(mktemp -d "$(dirname "$(readlink -f "$HIND")")/.hind-test.XXXXXX")
"$HIND" --install "$hard"
ok=1
for a in $applets; do
	[ -f "$hard/$a" ] && [ ! -L "$hard/$a" ] &&
		[ "$(stat -c %i "$hard/$a")" = "$(stat -L -c %i "$HIND")" ] || ok=
done
rm -rf "$hard"
t_check "--install makes hard links to the binary" [ -n "$ok" ]

# Every applet answers --help on stdout with exit 0, by link and by name.
for a in $applets; do
	out=$("$bin/$a" --help 2>/dev/null); rc=$?
	case $out in
	Usage:*"$a"*) [ $rc = 0 ] && t_ok "$a --help by link" || t_fail "$a --help by link" "exit $rc" ;;
	*) t_fail "$a --help by link" "stdout: $out" ;;
	esac
	out2=$("$HIND" "$a" --help 2>/dev/null)
	t_is "hind $a --help matches the link's" "$out2" "$out"
done
t_is "'hind run' is hind-run" "$("$HIND" run --help | head -n 1)" "$("$bin/hind-run" --help | head -n 1)"
v=$("$bin/cpu_load" --version)
case $v in "cpu_load (hind) "*) t_ok "--version by link" ;; *) t_fail "--version by link" "$v" ;; esac

# Unknown applets: one line on stderr and 127, by name and by link.
err=$("$HIND" no-such-applet 2>&1 >/dev/null); rc=$?
t_is "unknown applet exits 127" "$rc" 127
t_is "unknown applet message" "$err" "hind: applet not found: no-such-applet"
ln -s "$HIND" "$bin/bogus"
err=$("$bin/bogus" 2>&1 >/dev/null); rc=$?
t_is "unknown link name exits 127" "$rc:$err" "127:hind: applet not found: bogus"
"$HIND" --bogus >/dev/null 2>&1; rc=$?
t_is "unknown option of hind itself exits 1" "$rc" 1

# The build's hierarchy is what /init mounted (or what the host has).
case $HIND_CGROUP in
v2) t_check "cgroup2 is mounted at /sys/fs/cgroup for the v2 build" \
	is_cgroup2 /sys/fs/cgroup ;;
v1) t_check "v1 hierarchies are mounted for the v1 build" \
	sh -c '! [ "$(stat -f -c %t /sys/fs/cgroup)" = 63677270 ] &&
	       grep -q " /sys/fs/cgroup/[^ ]* .* - cgroup " /proc/self/mountinfo' ;;
esac
for c in cpu pids; do
	t_check "controller $c is available" has_ctrl $c
done
for c in memory cpuset; do
	if has_ctrl $c; then
		t_ok "controller $c is available"
	elif [ "$HIND_CGROUP" = v1 ]; then
		t_skip "controller $c is available" "kernel $(uname -r) has no v1 $c controller"
	else
		t_fail "controller $c is available"
	fi
done
t_done
