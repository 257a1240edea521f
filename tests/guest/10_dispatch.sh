#!/bin/sh
# 10_dispatch.sh - the multi-call binary: dispatch by link and by
# 'hind APPLET', --list, --install, --help/--version, unknown applets, and
# the mounted cgroup hierarchy matching the build.
. "$(dirname "$0")/../lib/tap.sh"

applets="cpu_load hind-cgls hind-oci hind-run memory_load"
bin=$HIND_TMP/bin
mkdir -p "$bin"

# --list: bare names, one a line, sorted (busybox's form, so that
# 'for a in $(hind --list)' works); --list-full: install paths.
list=$("$HIND" --list | tr '\n' ' ')
t_is "--list prints bare applet names in order" "$list" "$applets "
t_is "--list-full prints bin/ paths" "$("$HIND" --list-full | tr '\n' ' ')" \
	"bin/cpu_load bin/hind-cgls bin/hind-oci bin/hind-run bin/memory_load "
out=$("$HIND"); rc=$?
case $rc:$out in
"0:Usage: hind APPLET"*"hind-run     run a command"*) t_ok "no arguments prints the usage and each applet's summary" ;;
*) t_fail "no arguments prints the usage and each applet's summary" "exit $rc: $out" ;;
esac
t_is "hind --help is the same text" "$("$HIND" --help)" "$out"

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

# The one option front end: --help first, in the middle and last among an
# applet's options prints its usage and exits 0; a missing argument and an
# unknown option give the same two lines in every applet, with the
# applet's own status (125 for hind-run, 1 for the others).
# front NAME ARGS...: run the applet, "rc|first stderr line|second".
front() {
	_a=$1
	shift
	_err=$("$bin/$_a" "$@" 2>&1 >/dev/null)
	_rc=$?
	printf '%s|%s' "$_rc" "$(printf '%s\n' "$_err" | tr '\n' '|')"
}
for spec in "cpu_load -t 1|-t|1" "hind-cgls -a|-c|1" "hind-run -q|-m|125" \
	    "memory_load --hold|-s|1"; do
	a=${spec%% *} rest=${spec#* }
	flag=${rest%%|*} rest=${rest#*|}
	needarg=${rest%%|*} st=${rest#*|}
	for where in first middle last; do
		case $where in
		first) set -- --help $flag ;;
		middle) set -- $flag --help $flag ;;
		last) set -- $flag --help ;;
		esac
		[ "$a" = hind-run ] && [ $where != first ] && set -- "$@" NOIMG true
		out=$("$bin/$a" "$@" 2>/dev/null); rc=$?
		case $rc:$out in
		"0:Usage: $a "*) t_ok "$a --help $where among its options" ;;
		*) t_fail "$a --help $where among its options" "exit $rc: $out" ;;
		esac
	done
	t_is "$a: a missing argument" "$(front "$a" "$needarg")" \
		"$st|$a: option '$needarg' needs an argument|Try '$a --help' for more information.|"
	t_is "$a: an unknown short option" "$(front "$a" -Z)" \
		"$st|$a: unknown option '-Z'|Try '$a --help' for more information.|"
	t_is "$a: an unknown long option" "$(front "$a" --no-such=1)" \
		"$st|$a: unknown option '--no-such'|Try '$a --help' for more information.|"
	t_is "$a: --version after an option" "$("$bin/$a" $flag --version 2>&1)" \
		"$a (hind) $("$HIND" --version | awk '{ print $2 }')"
done
# After hind-run's IMAGE, --help is the command's argument.
out=$("$bin/hind-run" -q NOIMG sh -c 'echo "$0"' --help 2>&1); rc=$?
t_is "hind-run: --help after IMAGE belongs to the command" "$rc:$out" "0:--help"

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
