#!/bin/sh
# 20_run_exit.sh - hind-run's exit statuses, usage errors, options that
# stop at IMAGE, stdin, environment, workdir, user and logging.
#
# Hierarchy: the container's cgroup below this shell's own (no limits).
# Expected: the command's status (0, 42), 128+N for signal N (137, 143),
# 125 for hind-run's own failure (bad input: one line plus "Try
# 'hind-run --help'", nothing created), 126 found but not executable,
# 127 not found; never a leftover cgroup or mount.
. "$(dirname "$0")/../lib/tap.sh"


hr NOIMG true
t_is "true exits 0" "$rc" 0
no_leftovers "true"

hr NOIMG sh -c 'exit 42'
t_is "exit 42 is passed through" "$rc" 42

hr NOIMG sh -c 'exit 127'
t_is "a command exiting 127 gives 127" "$rc" 127
if grep -q 'cannot execute' "$E"; then t_fail "...without an exec error" "$(cat "$E")"; else t_ok "...without an exec error"; fi

hr NOIMG /nonexistent/command
t_is "command not found gives 127" "$rc" 127
t_check "...with a message naming it" grep -q "cannot execute '/nonexistent/command': No such file" "$E"
no_leftovers "not found"

printf 'echo hi\n' >"$HIND_TMP/noexec"
chmod 644 "$HIND_TMP/noexec"
hr NOIMG "$HIND_TMP/noexec"
t_is "not executable gives 126" "$rc" 126
t_check "...with a message" grep -q "Permission denied" "$E"
no_leftovers "not executable"

hr NOIMG sh -c 'kill -KILL $$'
t_is "killed by SIGKILL gives 137" "$rc" 137
hr NOIMG sh -c 'kill -TERM $$'
t_is "killed by SIGTERM gives 143" "$rc" 143
no_leftovers "signals"

# Signal forwarding: SIGTERM to hind-run reaches the command through init.
"$HIND" run NOIMG sleep 30 >"$O" 2>"$E" </dev/null &
hp=$!
# bounded wait until the container's sleep runs
i=0
while [ $i -lt 100 ] && ! grep -q 'started pid' "$E"; do sleep 0.1; i=$((i + 1)); done
sleep 0.2
kill -TERM $hp
i=0
while [ $i -lt 100 ] && kill -0 $hp 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
wait $hp
rc=$?
t_is "SIGTERM to hind-run is forwarded: 143" "$rc" 143
no_leftovers "SIGTERM to hind-run"

for sig in INT HUP QUIT; do
	"$HIND" run NOIMG sleep 30 >"$O" 2>"$E" </dev/null &
	hp=$!
	i=0
	while [ $i -lt 100 ] && ! grep -q 'started pid' "$E"; do sleep 0.1; i=$((i + 1)); done
	sleep 0.2
	kill -$sig $hp
	wait $hp
	rc=$?
	case $sig in INT) want=130 ;; HUP) want=129 ;; QUIT) want=131 ;; esac
	t_is "SIG$sig to hind-run is forwarded: $want" "$rc" $want
done
no_leftovers "forwarded signals"

# Bad input: 125, one line + "Try", nothing created.
bad() {
	_name=$1
	shift
	hr "$@"
	if [ "$rc" = 125 ] && [ "$(wc -l <"$E")" -eq 2 ] &&
		grep -q "^Try 'hind-run --help' for more information.$" "$E" &&
		[ -z "$(leftovers)" ]; then
		t_ok "bad input: $_name"
	else
		t_fail "bad input: $_name" "rc=$rc stderr: $(cat "$E")"
	fi
}
bad "unknown option" --bogus NOIMG true
nl='
'
bad "a newline in --name" --name "a${nl}b" NOIMG true
bad "a newline in --hostname" --hostname "a${nl}b" NOIMG true
bad "missing IMAGE" 
bad "missing COMMAND" NOIMG
bad "malformed size" -m 12X NOIMG true
bad "malformed cpus" --cpus abc NOIMG true
bad "malformed pids limit" --pids-limit -3 NOIMG true
bad "malformed cpuset" --cpuset-cpus 1-x NOIMG true
bad "nonexistent rootfs" /nonexistent/rootfs true
bad "contradictory cpu limits" --cpus 0.5 --cpu-quota 10000 NOIMG true
bad "bad volume" -v /nonexistent:/x NOIMG true
bad "bad user" --user bob NOIMG true
bad "user with an empty gid (not gid 0)" --user 1000: NOIMG true
bad "user with a signed gid" --user 100:+0 NOIMG true
bad "bad env" -e =x NOIMG true

"$HIND" run --help >"$O" 2>"$E"
rc=$?
t_is "--help exits 0" "$rc" 0
t_check "--help prints the usage on stdout" grep -q '^Usage: hind-run' "$O"
hind-run -q NOIMG true >"$O" 2>"$E" </dev/null
t_is "the hind-run link works" "$?" 0

# Options stop at IMAGE: the command's own flags pass through.
hr -q NOIMG sh -c 'echo "$@"' x -m 1 -q --help
t_is "options stop at IMAGE" "$(cat "$O")" "-m 1 -q --help"

# stdin is /dev/null without -i.
echo hello | "$HIND" run -q NOIMG cat >"$O" 2>"$E"
t_is "stdin is /dev/null without -i" "$(cat "$O")" ""
echo hello | "$HIND" run -q -i NOIMG cat >"$O" 2>"$E"
t_is "-i keeps stdin" "$(cat "$O")" "hello"

hr -q -e HIND_X=yes -e PATH=/bin:/usr/bin NOIMG sh -c 'echo $HIND_X'
t_is "-e sets the environment" "$(cat "$O")" "yes"
hr -q -w /proc NOIMG pwd
t_is "-w sets the working directory" "$(cat "$O")" "/proc"
hr -q --user 1234:2345 NOIMG sh -c 'echo $(id -u):$(id -g)'
t_is "--user sets uid and gid" "$(cat "$O")" "1234:2345"

# Logging.
hr NOIMG true
t_check "log: container process started pid=N" grep -q '^INFO \[host\] container process started pid=[0-9]' "$E"
hr -q NOIMG true
t_is "-q prints nothing on success" "$(cat "$E")" ""
hr -v NOIMG true
t_check "-v prints debug lines (mounts)" grep -q '^DEBUG \[mount\]' "$E"
t_check "-v logs hind-run's own peak RSS (VmHWM)" grep -q '^DEBUG \[host\] hind-run peak RSS [0-9][0-9]* kB (VmHWM)$' "$E"
hr --log-json NOIMG true
if [ "$rc" = 0 ] && grep -q '^{"level":"info","tag":"host","msg":"container process started pid=[0-9]*"}$' "$E" &&
	! grep -qv '^{"level":"[a-z]*","tag":"[a-z]*","msg":".*"}$' "$E"; then
	t_ok "--log-json: one JSON object per line"
else
	t_fail "--log-json: one JSON object per line" "exit $rc: $(cat "$E")"
fi
# Bytes that are not UTF-8 in a message: JSON text is UTF-8, so each
# ill-formed part is \ufffd (the unit tests judge the escaper with python3's
# json module on every byte value); here the line is all ASCII.
hr --log-json -w "$(printf '/\377x')" NOIMG true
want='{"level":"error","tag":"setup","msg":"container setup: cannot change to '\''/\ufffdx'\'': No such file or directory"}'
if [ "$rc" = 125 ] && grep -qxF "$want" "$E" && [ "$(tr -d '\000-\177' <"$E" | wc -c)" = 0 ]; then
	t_ok "--log-json: a workdir that is not UTF-8 is escaped as \\ufffd, 125"
else
	t_fail "--log-json: a workdir that is not UTF-8 is escaped as \\ufffd, 125" "exit $rc: $(od -c "$E" | head -n 20)"
fi
no_leftovers "all cases"
t_done
