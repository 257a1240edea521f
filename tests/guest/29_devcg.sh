#!/bin/sh
# 29_devcg.sh - the device cgroup policy (core/devcg.c, cg_ops()->devices)
# enforces containerd's default list: deny all, then rwm for null, zero,
# full, random, urandom, tty, console, ptmx and pts, and mknod of any node
# ("c *:* m", "b *:* m"). v1: devices.deny/allow in the devices hierarchy;
# v2: an eBPF program attached to the cgroup.
#
# hind-devcg-test (tests/lib/devcg_test.c) makes a cgroup below its own,
# applies the rules and runs its probes in a child that joined it: /dev/null
# and /dev/zero open, /dev/kmsg (c 1:11) does not (EPERM); mknod of c 1:3,
# c 1:11 and b 7:0 works, and of those nodes only the c 1:3 one opens.
# Outside the cgroup the same kmsg and b 7:0 opens are not refused with
# EPERM, so the refusals are the policy's. Afterwards no cgroup is left.
. "$(dirname "$0")/../lib/tap.sh"

TEST=$(which hind-devcg-test 2>/dev/null)
O=$HIND_TMP/devcg.out E=$HIND_TMP/devcg.err

# result WHAT: the probe's result word in $O ("ok", "EPERM", ...).
result() { sed -n "s/^$1: //p" "$O" | tr -d '\r'; }

if [ -z "$TEST" ]; then
	t_skip "devcg: the probes ran" "no hind-devcg-test installed"
	t_done
fi
in_guest "devcg: the probes ran" || t_done

"$TEST" >"$O" 2>"$E"
rc=$?
if [ "$rc" = 0 ] && [ "$(grep -c ': ' "$O")" -ge 10 ]; then
	t_ok "devcg: the probes ran"
else
	t_fail "devcg: the probes ran" "exit $rc: $(cat "$E" "$O")"
fi
t_is "devcg: /dev/null opens read-write" "$(result 'null rw')" ok
t_is "devcg: /dev/zero opens" "$(result 'zero r')" ok
t_is "devcg: /dev/kmsg (c 1:11) is refused" "$(result 'kmsg r')" EPERM
t_is "devcg: mknod c 1:3 works (c *:* m)" "$(result 'mknod c 1:3')" ok
t_is "devcg: the c 1:3 node made opens read-write" \
	"$(result 'made c 1:3 rw')" ok
t_is "devcg: mknod c 1:11 works (c *:* m)" "$(result 'mknod c 1:11')" ok
t_is "devcg: the c 1:11 node made is refused" "$(result 'made c 1:11 r')" EPERM
t_is "devcg: mknod b 7:0 works (b *:* m)" "$(result 'mknod b 7:0')" ok
t_is "devcg: the b 7:0 node made is refused" "$(result 'made b 7:0 r')" EPERM
for w in "outside kmsg r" "outside made b 7:0 r"; do
	got=$(result "$w")
	case $got in
	'' | EPERM) t_fail "devcg: $w is not refused by the policy" "got '$got'" ;;
	*) t_ok "devcg: $w is not refused by the policy"; diag "$w: $got" ;;
	esac
done
left=
for d in $(cg_dirs); do
	for x in "$d"/devcg-test.*; do
		[ -d "$x" ] && left="$left $x"
	done
done
if [ -z "$left" ]; then
	t_ok "devcg: no cgroup is left"
else
	t_fail "devcg: no cgroup is left" "$left"
	rm_cgroups $left
fi
t_done
