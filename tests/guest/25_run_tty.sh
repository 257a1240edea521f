#!/bin/sh
# 25_run_tty.sh - hind-run -t: the command runs on a real pty, output is
# relayed and drained at exit, the exit status passes through, and, with
# -i on a terminal, the terminal goes raw, follows SIGWINCH and is
# restored afterwards.
#
# How the terminal cases get a terminal without script(1) or python: an
# outer 'hind-run -t' gives its shell a pty; that shell runs an inner
# 'hind-run -i -t' with the pty as stdin, and observes the pty from the
# outside with 'stty -F' (raw mode while the inner one runs, the same
# settings afterwards) and 'stty rows/cols' (SIGWINCH). The outer keeps
# the host's cgroup namespace so that the inner one nests its cgroup.
#
# The pty is made inside the container, from its own devpts, so its name
# resolves there: tty(1) names it, NOIMG and with an image. The outer
# shells below run with --privileged (NOIMG then keeps the host's /dev),
# as does the inner one that opens the outer's pty by name.
. "$(dirname "$0")/../lib/tap.sh"

R=$HIND_TMP/rootfs-tty
mkdir -p "$R/bin"
cp "$(which busybox)" "$R/bin/busybox"
for a in sh tty; do ln -sf busybox "$R/bin/$a"; done
for img in NOIMG "$R"; do
	w=$([ "$img" = NOIMG ] && echo NOIMG || echo image)
	hr -q -t "$img" /bin/sh -c '[ -t 0 ] && [ -t 1 ] && [ -t 2 ] && tty'
	t_is "-t $w: stdio is a terminal" "$rc" 0
	if tr -d '\r' <"$O" | grep -q '^/dev/pts/[0-9]*$'; then
		t_ok "-t $w: tty names the container's pty"
	else
		t_fail "-t $w: tty names the container's pty" "$(cat "$O" "$E")"
	fi
done
rm -rf "$R"

hr -q -t NOIMG sh -c 'i=0; while [ $i -lt 3000 ]; do echo line$i; i=$((i + 1)); done; printf last'
t_is "-t: all output arrives (3000 lines)" "$(tr -d '\r' <"$O" | grep -c '^line')" 3000
t_is "-t: the final chunk without a newline is drained" "$(tail -c 4 "$O")" last

hr -q -t NOIMG sh -c 'exit 3'
t_is "-t: exit status passes through" "$rc" 3

hr -q -t --privileged --cgroupns host NOIMG sh -c '
p=$(tty)
stty rows 33 cols 77
before=$(stty -g)
hind-run -q -i -t --privileged NOIMG sh -c "stty -F $p -a | grep -o -- \" -icanon\" | head -n 1; stty size"
after=$(stty -g)
[ "$before" = "$after" ] && echo restored'
tr -d '\r' <"$O" >"$O.1"
t_check "-i -t on a terminal: raw mode while it runs" grep -q '^ -icanon$' "$O.1"
t_check "...the window size is copied" grep -q '^33 77$' "$O.1"
t_check "...and the terminal is restored" grep -q '^restored$' "$O.1"
[ -s "$O.1" ] && diag "$(tr '\n' '|' <"$O.1") $(cat "$E")"

hr -q -t --privileged --cgroupns host NOIMG sh -c '
p=$(tty)
stty rows 20 cols 60
hind-run -q -i -t NOIMG sh -c "sleep 1.5; stty size" <$p &
sleep 0.7
stty rows 44 cols 99
wait'
t_check "-t follows SIGWINCH" grep -q '^44 99' "$O"
[ -s "$O" ] && diag "$(tr -d '\r' <"$O" | tr '\n' '|') $(cat "$E")"

# SIGTERM to the inner hind-run while it relays: the terminal is restored.
hr -q -t --privileged --cgroupns host NOIMG sh -c '
p=$(tty)
before=$(stty -g)
hind-run -q -i -t NOIMG sleep 30 <$p &
hp=$!
i=0
while [ $i -lt 50 ] && stty -a | grep -q " icanon"; do sleep 0.1; i=$((i + 1)); done
stty -a | grep -q -- "-icanon" && echo raw
kill -TERM $hp
wait $hp
echo status=$?
after=$(stty -g)
[ "$before" = "$after" ] && echo restored'
tr -d '\r' <"$O" >"$O.1"
if grep -q '^raw$' "$O.1" && grep -q '^status=143$' "$O.1" && grep -q '^restored$' "$O.1"; then
	t_ok "SIGTERM to hind-run -i -t: 143 and the terminal restored"
else
	t_fail "SIGTERM to hind-run -i -t: 143 and the terminal restored" "$(tr '\n' '|' <"$O.1") $(cat "$E")"
fi

leftover=$(leftovers)
t_is "tty: nothing left behind" "$leftover" ""
t_done
