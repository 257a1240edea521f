#!/bin/sh
# 40_cgls.sh - hind-cgls: tree shape, processes, usage against the kernel's
# own files, JSON, options, robustness against cgroups that vanish.
#
# Hierarchy: below this shell's own cgroup, in every hierarchy where that
# cgroup has the same path as in the main one (v2: the one hierarchy; v1:
# pids, else cpu, plus the others at the same path, so hind-cgls's merged
# view lines them up), a tree hind-test40.PID:
#
#   hind-test40.PID/        (pids.max 50 where pids is there)
#     a/b/                  sleep 1001
#     c/                    sleep 1002
#     ctl<TAB>name<SOH>/    sh -c 'sleep 1003; :' x<SOH>y, and its sleep
#     e/                    empty: hidden unless --all
#     churn/                cgroups and processes come and go here
#
# and one cgroup hind-test40.PIDu below our own cgroup in each hierarchy
# (v1: each controller's, wherever our cgroup is there) with a sleep in it,
# memory.max 64M, pids.max 7 and a 50% CPU quota, whose values hind-cgls
# must show as the kernel's files have them (read here, not through hind).
# JSON is checked by a small awk parser (the guest has neither python nor
# jq), and also by python3's json module where python3 exists (the host).
# Every cgroup and process made here is removed on every path.
. "$(dirname "$0")/../lib/tap.sh"

CGLS="$HIND hind-cgls"
name=hind-test40.$$
out=$HIND_TMP/out err=$HIND_TMP/err
TAB=$(printf '\t')
SOH=$(printf '\001')
ctlname="ctl${TAB}name${SOH}"
pids= made= churn=

# Only what this script made: the tops in $made (no blanks in them).
cleanup() {
	[ -n "$churn" ] && kill "$churn" 2>/dev/null && wait "$churn" 2>/dev/null
	for p in $pids; do kill -9 "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	for d in $made; do
		[ -d "$d" ] || continue
		for p in $(find "$d" -name cgroup.procs -exec cat {} + 2>/dev/null); do
			kill -9 "$p" 2>/dev/null
		done
		i=0
		while [ -d "$d" ] && [ $i -lt 50 ]; do
			find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null
			[ -d "$d" ] && sleep 0.1
			i=$((i + 1))
		done
		[ -d "$d" ] && echo "# cleanup: cannot remove '$d'"
	done
	made= pids=
	rm -rf "$HIND_TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# ---- where things go ----------------------------------------------------
ctrls="cpu cpuacct cpuset memory pids"
if [ "$HIND_CGROUP" = v2 ]; then
	main=pids
else
	main=pids
	has_ctrl pids || main=cpu
fi
# rel_of DIR CONTROLLER: DIR's path below the hierarchy root.
rel_of() {
	if [ "$HIND_CGROUP" = v2 ]; then
		_r=${1#/sys/fs/cgroup}
	else
		_r=${1#/sys/fs/cgroup/$2}
	fi
	echo "${_r:-/}"
}
main_own=$(cg_dir $main)
main_rel=$(rel_of "$main_own" $main)
top_rel=$(echo "$main_rel/$name" | sed 's#^//#/#')
top=$main_own/$name

# The hierarchy folders holding the tree (real paths, each once), and the
# folder of the usage cgroup in each hierarchy.
tree_dirs= use_dirs=
for c in $ctrls; do
	has_ctrl $c || continue
	d=$(cg_dir $c)
	[ -n "$d" ] && [ -d "$d" ] || continue
	real=$(cd "$d" && pwd -P)
	case " $use_dirs " in *" $real/${name}u "*) continue ;; esac
	use_dirs="$use_dirs $real/${name}u"
	[ "$(rel_of "$d" $c)" = "$main_rel" ] && tree_dirs="$tree_dirs $real"
	[ "$HIND_CGROUP" = v2 ] && break
done
diag "tree in:$tree_dirs; usage cgroup:$use_dirs"

# mk_in DIR: make cgroup DIR (v1 cpuset: with its parent's cpus and mems).
mk_in() {
	mkdir "$1" || return 1
	if [ -e "$1/cpuset.cpus" ] && [ "$HIND_CGROUP" = v1 ]; then
		cat "$(dirname "$1")/cpuset.cpus" >"$1/cpuset.cpus"
		cat "$(dirname "$1")/cpuset.mems" >"$1/cpuset.mems"
	fi
}
# mk REL: make REL below the test tree's top in each tree folder.
mk() {
	for _d in $tree_dirs; do
		[ -z "$1" ] && made="$made $_d/$name"
		mk_in "$_d/$name$1" || return 1
	done
}
# start REL CMD...: run CMD in the background, born in cgroup REL of every
# tree folder (it moves itself, then execs); sets $last.
start() {
	for _d in $tree_dirs; do echo "$_d/$name$1/cgroup.procs"; done >"$HIND_TMP/procs"
	shift
	sh -c 'while IFS= read -r f; do echo $$ >"$f" || exit 125; done <"$0"
		exec "$@"' "$HIND_TMP/procs" "$@" &
	last=$!
	pids="$pids $last"
	# Bounded wait until it is in (and has exec'd).
	for _i in $(seq 50); do
		case $(tr '\0' ' ' </proc/$last/cmdline 2>/dev/null) in
		*"while IFS"*) ;;
		?*) break ;;
		esac
		sleep 0.1
	done
}

# ---- build the tree -------------------------------------------------------
if ! { mk "" && mk /a && mk /a/b && mk /c && mk "/$ctlname" && mk /e &&
	mk /churn; }; then
	t_fail "build the test tree" "mkdir failed"
	t_done
fi
[ -e "$top/pids.max" ] && echo 50 >"$top/pids.max"
start /a/b sleep 1001; p1=$last
start /c sleep 1002; p2=$last
start "/$ctlname" sh -c 'sleep 1003; :' "x${SOH}y"; p3=$last
# The shell forks its sleep (a command follows it): wait for both.
for i in $(seq 50); do
	[ "$(wc -l <"$top/$ctlname/cgroup.procs")" -ge 2 ] && break
	sleep 0.1
done
kids=$(sort -n "$top/$ctlname/cgroup.procs" | tr '\n' ' ')
# pad W TEXT: TEXT right-aligned in W columns.
pad() { _s=$2; while [ ${#_s} -lt "$1" ]; do _s=" $_s"; done; echo "$_s"; }

# ---- tree shape and processes ------------------------------------------------
# The expected tree, built from what the kernel lists.
w3=$(for p in $kids; do echo ${#p}; done | sort -n | tail -n 1)
# line TEXT: TEXT and a newline, backslashes as they are.
line() { printf '%s\n' "$1"; }
{
	line "$top_rel"
	line "├─a"
	line "│ └─b"
	line "│   └─$p1 sleep 1001"
	line "├─c"
	line "│ └─$p2 sleep 1002"
	line "└─ctl\tname\x01"
	set -- $kids
	while [ $# -gt 0 ]; do
		if [ "$1" = "$p3" ]; then cmd='sh -c sleep 1003; : x\x01y'; else cmd="sleep 1003"; fi
		[ $# -gt 1 ] && b="├─" || b="└─"
		line "  $b$(pad "$w3" "$1") $cmd"
		shift
	done
} >"$HIND_TMP/want"

$CGLS --no-usage "$top" >"$out" 2>"$err"; rc=$?
t_is "tree of an absolute path: exit 0" "$rc" 0
if cmp -s "$out" "$HIND_TMP/want"; then
	t_ok "tree shape, processes and escapes of an absolute path"
else
	t_fail "tree shape, processes and escapes of an absolute path" "got:"
	sed 's/^/#   /' "$out"
	diag "want:"
	sed 's/^/#   /' "$HIND_TMP/want"
fi
t_is "no messages on stderr" "$(cat "$err")" ""

# The relative path: the merged view of every hierarchy holding it.
$CGLS --no-usage "$top_rel" >"$out" 2>"$err"; rc=$?
t_check "merged view of the relative path is the same tree" \
	cmp -s "$out" "$HIND_TMP/want"
t_is "merged view: exit 0, no messages" "$rc:$(cat "$err")" "0:"

# The whole hierarchy holds our tree too.
$CGLS --no-usage >"$out" 2>"$err"; rc=$?
t_is "whole hierarchy: exit 0" "$rc" 0
t_check "whole hierarchy shows the test processes" \
	grep -q "─ *$p1 sleep 1001\$" "$out"

# --all shows the empty cgroups; without it they are hidden.
$CGLS --no-usage --all "$top" >"$out"
t_check "--all shows empty cgroups" grep -qx '├─churn' "$out"
t_check "--all: the last one gets the corner" grep -qx '└─e' "$out"
$CGLS --no-usage "$top" | grep -q '─e$' &&
	t_fail "empty cgroups are hidden without --all" ||
	t_ok "empty cgroups are hidden without --all"

# --depth
# Level 1 cgroups with their own processes, nothing deeper.
got=$($CGLS --no-usage --depth 1 "$top" | tr '\n' '|')
t_is "--depth 1 stops below the first level" "$got" \
	"$(sed '/─b$/d; /sleep 1001$/d' "$HIND_TMP/want" | tr '\n' '|')"
t_is "--depth 0 prints the cgroup alone" \
	"$($CGLS --no-usage -d 0 "$top")" "$top_rel"

# --ascii
$CGLS --no-usage --ascii "$top" >"$out"
if grep -q "$(printf '\342')" "$out"; then
	t_fail "--ascii has no UTF-8 box drawing"
else
	sed 's/|-/├─/; s/`-/└─/; s/^| /│ /; s/^\(.\)| /\1│ /; s/^\(...\)| /\1│ /' "$out" >"$out.u"
	t_check "--ascii: the same tree in ASCII" cmp -s "$out.u" "$HIND_TMP/want"
fi

# ---- JSON ------------------------------------------------------------------
# json_ok FILE: exit 0 if FILE holds exactly one valid JSON value.
json_ok() {
	awk '
	function err(m) { if (!bad) print "# json: " m " at " p; bad = 1 }
	function ws() { while (p <= n && index(" \t\n\r", substr(s, p, 1))) p++ }
	function str(   c) {
		if (substr(s, p, 1) != "\"") { err("string expected"); return }
		p++
		while (p <= n && !bad) {
			c = substr(s, p, 1)
			if (c == "\"") { p++; return }
			if (c == "\\") {
				c = substr(s, p + 1, 1)
				if (c == "u") {
					if (substr(s, p + 2, 4) !~ /^[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]$/) err("bad \\u")
					p += 6
				} else if (index("\"\\/bfnrt", c)) p += 2
				else err("bad escape")
				continue
			}
			if (c < " ") err("raw control character")
			p++
		}
		err("unterminated string")
	}
	function num(   t) {
		t = substr(s, p)
		if (match(t, /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/)) p += RLENGTH
		else err("bad value")
	}
	function val(   c) {
		ws(); c = substr(s, p, 1)
		if (c == "{") {
			p++; ws()
			if (substr(s, p, 1) == "}") { p++; return }
			while (!bad) {
				ws(); str(); ws()
				if (substr(s, p, 1) != ":") { err(": expected"); return }
				p++; val(); ws(); c = substr(s, p, 1); p++
				if (c == "}") return
				if (c != ",") { err(", or } expected"); return }
			}
		} else if (c == "[") {
			p++; ws()
			if (substr(s, p, 1) == "]") { p++; return }
			while (!bad) {
				val(); ws(); c = substr(s, p, 1); p++
				if (c == "]") return
				if (c != ",") { err(", or ] expected"); return }
			}
		} else if (c == "\"") str()
		else if (substr(s, p, 4) == "true" || substr(s, p, 4) == "null") p += 4
		else if (substr(s, p, 5) == "false") p += 5
		else num()
	}
	{ s = s $0 "\n" }
	END { n = length(s); p = 1; val(); ws(); if (p <= n) err("trailing data"); exit bad }
	' "$1"
}

$CGLS --json --all "$top" >"$out" 2>"$err"; rc=$?
t_is "--json: exit 0" "$rc" 0
t_check "--json is valid JSON (awk parser)" json_ok "$out"
if command -v python3 >/dev/null 2>&1; then
	t_check "--json is valid JSON (python3)" \
		python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$out"
fi
# The same content: every pid and cgroup of the text tree, escaped alike.
jp=$(grep -o '"pid":[0-9]*' "$out" | cut -d: -f2 | sort -n | tr '\n' ' ')
tp=$($CGLS --no-usage --all "$top" | sed -n 's/^[^0-9]*─ *\([0-9][0-9]*\) .*/\1/p' | sort -n | tr '\n' ' ')
t_is "--json lists the processes of the text tree" "$jp" "$tp"
t_is "--json lists the processes the kernel lists" "$jp" \
	"$(echo $p1 $p2 $kids | tr ' ' '\n' | sort -n | tr '\n' ' ')"
jn=$(grep -o '"name":"[^"]*"' "$out" | sed 's/"name":"//; s/"$//' | tr '\n' '|')
t_is "--json names the cgroups, control characters escaped" "$jn" \
	"$top_rel|a|b|c|churn|ctl\\tname\\u0001|e|"
t_check "--json escapes the command line" grep -q '"cmdline":"sh -c sleep 1003; : x\\u0001y"' "$out"
t_check "--json paths" grep -q "\"path\":\"$top_rel/a/b\"" "$out"

# ---- usage against the kernel's files ----------------------------------------
# kval FILE [KEY]: a value from a kernel file ("max" and v1's huge "no
# limit" numbers and -1 as max).
kval() {
	if [ -n "${2:-}" ]; then
		_v=$(sed -n "s/^$2 //p" "$1")
	else
		_v=$(cat "$1")
	fi
	case $_v in
	max | -1 | 9223372036854771712 | 9223372036854775807) echo max ;;
	*) echo "$_v" ;;
	esac
}
# jval KEY: a value from the JSON in $out ("max" unquoted, null as null).
jval() { sed -n "s/.*\"$1\":\"\{0,1\}\([0-9a-z]*\)\"\{0,1\}[,}].*/\1/p" "$out" | head -n 1; }
# in_range V A B: A <= V <= B, or V equals A or B.
in_range() { [ "$1" = "$2" ] || [ "$1" = "$3" ] || { [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; } 2>/dev/null; }

for d in $use_dirs; do
	made="$made $d"
	mk_in "$d" || { t_fail "make the usage cgroup '$d'"; t_done; }
done
# Born inside (it moves itself, then execs), so its pages and CPU time are
# charged there.
for d in $use_dirs; do echo "$d/cgroup.procs"; done >"$HIND_TMP/procs"
sh -c 'while IFS= read -r f; do echo $$ >"$f" || exit 125; done <"$0"
	exec sleep 1004' "$HIND_TMP/procs" &
pu=$!
pids="$pids $pu"
for i in $(seq 50); do
	[ "$(tr '\0' ' ' </proc/$pu/cmdline)" = "sleep 1004 " ] && break
	sleep 0.1
done
for d in $use_dirs; do
	[ -e "$d/memory.max" ] && echo $((64 << 20)) >"$d/memory.max"
	[ -e "$d/memory.limit_in_bytes" ] && echo $((64 << 20)) >"$d/memory.limit_in_bytes"
	[ -e "$d/pids.max" ] && echo 7 >"$d/pids.max"
	[ -e "$d/cpu.max" ] && echo "50000 100000" >"$d/cpu.max"
	[ -e "$d/cpu.cfs_quota_us" ] && echo 100000 >"$d/cpu.cfs_period_us" &&
		echo 50000 >"$d/cpu.cfs_quota_us"
done

# file_of FILE: the usage cgroup's FILE in whichever hierarchy has it.
file_of() { for _d in $use_dirs; do [ -e "$_d/$1" ] && { echo "$_d/$1"; return; }; done; }
# dir_with FILE: the usage cgroup folder holding FILE.
dir_with() { _f=$(file_of "$1"); [ -n "$_f" ] && dirname "$_f"; }

# Memory
md=$(dir_with memory.max)
[ -z "$md" ] && md=$(dir_with memory.limit_in_bytes)
if [ -z "$md" ]; then
	t_skip "memory usage equals the kernel's" "no memory controller here"
else
	if [ -e "$md/memory.current" ]; then cur=memory.current lim=memory.max; else cur=memory.usage_in_bytes lim=memory.limit_in_bytes; fi
	a=$(cat "$md/$cur")
	$CGLS --json -d 0 -c memory "$md" >"$out" 2>"$err"
	b=$(cat "$md/$cur")
	lo=$a hi=$b
	[ "$a" -gt "$b" ] && lo=$b hi=$a
	diag "memory_current: $a..$b"; t_check "memory_current is the kernel's $cur" in_range "$(jval memory_current)" "$lo" "$hi"
	t_is "memory_max is the kernel's $lim" "$(jval memory_max)" "$(kval "$md/$lim")"
	if [ -e "$md/memory.events" ]; then k=$(kval "$md/memory.events" oom_kill); else k=$(kval "$md/memory.oom_control" oom_kill); fi
	t_is "oom_kill is the kernel's" "$(jval oom_kill)" "$k"
	pk=$(file_of memory.peak)
	[ -z "$pk" ] && pk=$(file_of memory.max_usage_in_bytes)
	if [ -n "$pk" ]; then
		t_check "memory_peak is the kernel's $(basename "$pk")" in_range "$(jval memory_peak)" "$(cat "$pk")" "$(cat "$pk")"
	else
		t_skip "memory_peak is the kernel's" "this kernel has no memory.peak"
	fi
	t_is "-c memory shows no other controller" "$(grep -c '"pids_\|"cpu_' "$out")" 0
	# An unreadable file shows as '-': mode 000, read from a user
	# namespace without a uid map, where root has no CAP_DAC_OVERRIDE.
	chmod 000 "$md/$lim"
	if ! unshare -U true 2>/dev/null; then
		t_skip "an unreadable file shows as '-'" "no user namespaces (unshare -U) on this kernel"
	else
		unshare -U $CGLS -d 0 -c memory "$md" >"$out" 2>"$err"; rc=$?
		t_is "an unreadable file: exit 0, no messages" "$rc:$(cat "$err")" "0:"
		t_check "an unreadable file shows as '-', the rest as read" \
			grep -q " mem=- .*oom=[0-9]" "$out"
	fi
	chmod 644 "$md/$lim"
	$CGLS -d 0 -c memory "$md" >"$out"
	t_check "text: mem=CUR/64M(PCT%)" grep -q ' mem=[0-9.]*[BKMG0]*/64M([0-9]*%)' "$out"
fi

# Pids
pd=$(dir_with pids.max)
if [ -z "$pd" ]; then
	t_skip "pids usage equals the kernel's" "no pids controller here"
else
	$CGLS --json -d 0 -c pids "$pd" >"$out"
	t_is "pids_current is the kernel's" "$(jval pids_current)" "$(cat "$pd/pids.current")"
	t_is "pids_max is the kernel's" "$(jval pids_max)" "$(kval "$pd/pids.max")"
	$CGLS -d 0 "$pd" >"$out"
	t_check "text: pids=1/7" grep -q " pids=$(cat "$pd/pids.current")/7\$" "$out"
	# A pids.max of "max" shows as max.
	echo max >"$pd/pids.max"
	$CGLS --json -d 0 -c pids "$pd" >"$out"
	t_is "pids_max 'max' is shown as max" "$(jval pids_max)" "$(kval "$pd/pids.max")"
	echo 7 >"$pd/pids.max"
fi

# CPU
cd_=$(dir_with cpu.max)
[ -z "$cd_" ] && cd_=$(dir_with cpu.cfs_quota_us)
if [ -z "$cd_" ]; then
	t_skip "cpu quota equals the kernel's" "no cpu controller here"
else
	$CGLS --json -d 0 -c cpu "$cd_" >"$out"
	if [ -e "$cd_/cpu.max" ]; then
		q=$(cut -d' ' -f1 "$cd_/cpu.max") per=$(cut -d' ' -f2 "$cd_/cpu.max")
	else
		q=$(cat "$cd_/cpu.cfs_quota_us") per=$(cat "$cd_/cpu.cfs_period_us")
	fi
	t_is "cpu quota and period are the kernel's" "$(jval cpu_quota_usec)/$(jval cpu_period_usec)" "$q/$per"
	t_is "nr_throttled is the kernel's" "$(jval nr_throttled)" "$(kval "$cd_/cpu.stat" nr_throttled)"
	$CGLS -d 0 -c cpu "$cd_" >"$out"
	t_check "text: quota=50%" grep -q ' quota=50%' "$out"
fi
ud=$(dir_with cpuacct.usage)
if [ -n "$ud" ]; then
	a=$(($(cat "$ud/cpuacct.usage") / 1000))
	$CGLS --json -d 0 -c cpuacct "$ud" >"$out"
	b=$(($(cat "$ud/cpuacct.usage") / 1000))
	diag "cpu_usage_usec: $a..$b"; t_check "cpu_usage_usec is the kernel's cpuacct.usage/1000" in_range "$(jval cpu_usage_usec)" "$a" "$b"
elif [ -n "$cd_" ] && [ -e "$cd_/cpu.stat" ] && grep -q usage_usec "$cd_/cpu.stat"; then
	a=$(kval "$cd_/cpu.stat" usage_usec)
	$CGLS --json -d 0 -c cpu "$cd_" >"$out"
	b=$(kval "$cd_/cpu.stat" usage_usec)
	diag "cpu_usage_usec: $a..$b"; t_check "cpu_usage_usec is the kernel's cpu.stat usage_usec" in_range "$(jval cpu_usage_usec)" "$a" "$b"
else
	t_skip "cpu usage equals the kernel's" "no cpuacct or cpu.stat usage here"
fi

# What it looked like (a sample for the documentation and for debugging).
diag "hind-cgls $top_rel; hind-cgls -d 0 on the usage cgroup:"
{ $CGLS "$top_rel"; for d in $use_dirs; do $CGLS -d 0 "$d"; done; } 2>&1 | sed 's/^/#   /'

# ---- robustness ---------------------------------------------------------------
# Cgroups and processes come and go in churn/ while hind-cgls walks.
for d in $tree_dirs; do echo "$d/$name/churn"; done >"$HIND_TMP/churn_dirs"
(
	i=0
	while [ $i -lt 100000 ]; do
		for d in $(cat "$HIND_TMP/churn_dirs"); do
			mkdir -p "$d/x$i/y" 2>/dev/null
		done
		sh -c 'for d in $(cat "$1"); do echo $$ >"$d/cgroup.procs"; done; exit 0' sh "$HIND_TMP/churn_dirs" 2>/dev/null
		for d in $(cat "$HIND_TMP/churn_dirs"); do
			rmdir "$d/x$i/y" "$d/x$i" 2>/dev/null
		done
		i=$((i + 1))
	done
) &
churn=$!
bad=0 runs=0
end=$(($(date +%s) + 3))
while [ "$(date +%s)" -lt $end ] || [ $runs -lt 20 ]; do
	$CGLS --all "$top_rel" >"$out" 2>"$err"
	rc=$?
	runs=$((runs + 1))
	if [ $rc != 0 ] || [ -s "$err" ]; then
		bad=$((bad + 1))
		diag "run $runs: exit $rc: $(head -c 300 "$err")"
	fi
	[ $runs -ge 200 ] && break
done
kill $churn 2>/dev/null
wait $churn 2>/dev/null
churn=
for d in $(cat "$HIND_TMP/churn_dirs"); do
	find "$d" -mindepth 1 -depth -type d -exec rmdir {} \; 2>/dev/null
done
diag "vanishing mid-walk: $runs runs"; t_is "cgroups and processes vanishing mid-walk: no run failed" "$bad" 0

# A deep tree: 100 levels.
deep=$top/e
p=$deep
for i in $(seq 100); do p=$p/d; mkdir "$p" || break; done
$CGLS --all --no-usage "$top" >"$out" 2>"$err"; rc=$?
t_is "a 100-level tree: exit 0, no messages" "$rc:$(cat "$err")" "0:"
t_is "a 100-level tree: every level shown" "$(grep -c '─d$' "$out")" 100
while [ "$p" != "$deep" ]; do rmdir "$p"; p=$(dirname "$p"); done

# 10,000 cgroups (100 x 100) below e: all listed with --all, none without.
big=$top/e
ok=1
for g in $(seq 0 99); do
	mkdir "$big/g$g" || { ok=; break; }
	(cd "$big/g$g" && mkdir $(seq 0 99 | sed 's/^/c/')) || { ok=; break; }
done
if [ -n "$ok" ]; then
	$CGLS --all --no-usage "$top" >"$out" 2>"$err"; rc=$?
	t_is "10,000 cgroups: exit 0, no messages" "$rc:$(cat "$err")" "0:"
	t_is "10,000 cgroups: every one listed" "$(grep -c '─c[0-9][0-9]*$' "$out")" 10000
	$CGLS "$top" >"$out" 2>"$err"; rc=$?
	t_is "10,000 empty cgroups: hidden, exit 0" "$rc:$(grep -c '─c[0-9][0-9]*$' "$out")" "0:0"
else
	t_fail "10,000 cgroups" "mkdir failed"
fi
find "$big" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null

# ---- errors -------------------------------------------------------------------
$CGLS --bogus >"$out" 2>"$err"; rc=$?
t_is "bad option: exit 1" "$rc" 1
t_check "bad option: message and hint" grep -q "^hind-cgls: .*--bogus.*" "$err"
t_check "bad option: hint to --help" grep -q "Try 'hind-cgls --help'" "$err"
$CGLS -c nosuch >"$out" 2>"$err"; rc=$?
t_is "unknown controller: exit 1" "$rc" 1
$CGLS -d x >"$out" 2>"$err"; rc=$?
t_is "bad depth: exit 1" "$rc" 1
$CGLS "$top_rel/no-such-cgroup" >"$out" 2>"$err"; rc=$?
t_is "a root that cannot be read: exit 1" "$rc" 1
t_check "a root that cannot be read: says which" grep -q "cannot read cgroup '$top_rel/no-such-cgroup'" "$err"
# The absolute form says the same: the path does not exist.
$CGLS /sys/fs/cgroup/no-such-cgroup$$ >"$out" 2>"$err"; rc=$?
t_is "an absolute path that does not exist: exit 1 and why" "$rc:$(cat "$err")" \
	"1:hind-cgls: cannot read cgroup '/sys/fs/cgroup/no-such-cgroup$$': No such file or directory"

# ---- a container started by hind-run --------------------------------------------
if ! "$HIND" hind-run --help 2>/dev/null | grep -q -- '-m'; then
	t_skip "a hind-run container appears with its limits" "hind-run not implemented"
elif ! has_ctrl memory; then
	t_skip "a hind-run container appears with its limits" "this kernel has no $HIND_CGROUP memory controller"
else
	cname=t40$$
	"$HIND" hind-run --name "$cname" -m 16M NOIMG sleep 5 >"$HIND_TMP/run.out" 2>&1 &
	rp=$!
	pids="$pids $rp"
	found=
	for i in $(seq 50); do
		$CGLS >"$out" 2>/dev/null
		grep "$cname" "$out" | grep -q '/16M(' && { found=1; break; }
		sleep 0.1
	done
	if [ -n "$found" ]; then
		t_ok "a hind-run container appears with its limits"
		grep -B 1 -A 2 "$cname" "$out" | sed 's/^/#   /'
	else
		t_fail "a hind-run container appears with its limits" "no line with '$cname' and '/16M('"
		grep -i "hind" "$out" | head -n 5 | sed 's/^/#   /'
	fi
	kill "$rp" 2>/dev/null
	wait "$rp" 2>/dev/null
fi

# ---- v1: the container's own cgroup in every hierarchy ---------------------------
# A container without limits is in a cgroup of its own in every hierarchy
# (the kernel's /proc/PID/cgroup says so), and hind-cgls shows its sleep
# there: in pids, in freezer (no controller hind reads) and in the named
# name=systemd hierarchy, by absolute path and with -c.
if [ "$HIND_CGROUP" != v1 ]; then
	t_skip "v1: the container's own cgroup in every hierarchy" "v2 has one hierarchy"
elif ! "$HIND" hind-run --help 2>/dev/null | grep -q -- '--name'; then
	t_skip "v1: the container's own cgroup in every hierarchy" "hind-run not implemented"
else
	cname=t40h$$
	"$HIND" hind-run --name "$cname" NOIMG sleep 7 >"$HIND_TMP/run.out" 2>&1 &
	rp=$!
	pids="$pids $rp"
	# Bounded wait until the sleep runs: the kernel's list in pids.
	pd=$(cg_dir pids)/$cname sp=
	for i in $(seq 50); do
		for p in $(cat "$pd/cgroup.procs" 2>/dev/null); do
			[ "$(cat /proc/$p/comm 2>/dev/null)" = sleep ] && sp=$p
		done
		[ -n "$sp" ] && break
		sleep 0.1
	done
	nh=$(grep -vc '^0::' /proc/self/cgroup)
	t_is "v1: the container's sleep is in its own cgroup in all $nh hierarchies (kernel's view)" \
		"$(grep -v '^0::' /proc/${sp:-0}/cgroup 2>/dev/null | grep -c "/$cname\$")" "$nh"
	for h in pids freezer systemd; do
		d=
		for x in $(cg_dirs); do
			case $x in /sys/fs/cgroup/$h | /sys/fs/cgroup/$h/*) d=$x ;; esac
		done
		if [ -z "$d" ]; then
			t_skip "v1: hind-cgls shows the container in the $h hierarchy" "no $h hierarchy mounted"
			continue
		fi
		rel=$(rel_of "$d/$cname" "$h")
		$CGLS --no-usage "$d/$cname" >"$out" 2>"$err"; rc=$?
		if [ "$rc" = 0 ] && [ "$(head -n 1 "$out")" = "$rel" ] &&
			grep -q "─ *$sp sleep 7\$" "$out"; then
			t_ok "v1: hind-cgls shows the container's sleep in its own $h cgroup"
		else
			t_fail "v1: hind-cgls shows the container's sleep in its own $h cgroup" \
				"exit $rc, sleep '$sp': $(tr '\n' '|' <"$out") $(cat "$err")"
		fi
		c=$h
		[ "$h" = systemd ] && c=name=systemd
		$CGLS --no-usage -c "$c" "$rel" >"$out" 2>"$err"; rc=$?
		if [ "$rc" = 0 ] && grep -q "─ *$sp sleep 7\$" "$out" &&
			[ "$(head -n 1 "$out")" = "$rel" ]; then
			t_ok "v1: hind-cgls -c $c shows it too"
		else
			t_fail "v1: hind-cgls -c $c shows it too" \
				"exit $rc: $(tr '\n' '|' <"$out") $(cat "$err")"
		fi
	done
	kill "$rp" 2>/dev/null
	wait "$rp" 2>/dev/null
fi

# ---- nothing left behind ----------------------------------------------------------
cleanup
mkdir -p "$HIND_TMP"
t_check "hind-cgls: nothing left behind" leftovers
t_done
