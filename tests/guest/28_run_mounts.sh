#!/bin/sh
# 28_run_mounts.sh - hind-run's mounts are secure by default, NOIMG and
# with an IMAGE:
# - /proc/sys, /proc/sysrq-trigger, /proc/irq, /proc/bus and /proc/fs are
#   read-only binds; /proc/kcore, keys, timer_list, ... are masked with
#   /dev/null, /proc/acpi, asound, scsi, /sys/firmware and
#   /sys/devices/virtual/powercap with an empty read-only tmpfs (paths the
#   kernel lacks are skipped);
# - NOIMG gets a fresh read-only /sys and the minimal /dev an image gets;
#   --device SRC[:DST] binds one host node in;
# - the image and the volumes are nodev (a device node in them is inert);
# - a symlink in the image cannot send a volume target out of it, and an
#   image whose /dev is a symlink is refused;
# - --privileged: the host's /dev and /sys with NOIMG, no masks.
# Each check pairs the denial with a positive witness (the same path
# still reads, the node exists, the guest's own file is larger).
#
# The container still has every capability here (dropping them is another
# part of hind-run), so these tests look at the mounts' state and at
# writes that fail because a mount is read-only, never at what a
# capability would stop.
. "$(dirname "$0")/../lib/tap.sh"

# Mounts and device nodes: a security test, run in the QEMU guest only.
in_guest "mount and device hardening cases" || t_done

BB=$(which busybox)
[ -L "$BB" ] && BB=$(readlink -f "$BB")
[ -n "$BB" ] || { t_skip "mount tests" "no busybox to build an image from"; t_done; }
R=$HIND_TMP/root
mkdir -p "$R/bin" "$R/proc" "$R/dev" "$R/sys" "$R/tmp" "$R/etc"
cp "$BB" "$R/bin/busybox"
for a in sh ls cat awk grep head wc stat echo touch rm mkdir readlink tr; do
	ln -s busybox "$R/bin/$a"
done

# 'top PATH', defined inside by $TOP: the options and the type of the
# topmost mount at PATH ("ro,nosuid,nodev,noexec,relatime proc"), or "".
TOP='top() { awk -v m="$1" '\''$5 == m { for (i = 7; $i != "-"; i++) ; o = $6 " " $(i + 1) } END { print o }'\'' /proc/self/mountinfo; }'

# ---- read-only /proc paths ------------------------------------------------
for img in NOIMG "$R"; do
	what=NOIMG
	[ "$img" = NOIMG ] || what=IMAGE
	hr -q --hostname box28 "$img" /bin/sh -c 'cat /proc/sys/kernel/hostname; echo x >/proc/sys/kernel/domainname'
	if [ "$(head -n 1 "$O")" = box28 ] && [ "$rc" != 0 ] && grep -q 'Read-only' "$E"; then
		t_ok "$what: /proc/sys reads (hostname) and a write fails read-only"
	else
		t_fail "$what: /proc/sys reads (hostname) and a write fails read-only" "exit $rc: $(cat "$O" "$E")"
	fi
	hr -q "$img" /bin/sh -c 'echo h >/proc/sysrq-trigger'
	if [ "$rc" != 0 ] && grep -q 'Read-only' "$E"; then t_ok "$what: /proc/sysrq-trigger is read-only"
	else t_fail "$what: /proc/sysrq-trigger is read-only" "exit $rc: $(cat "$E")"; fi
	for p in /proc/sys /proc/sysrq-trigger /proc/irq /proc/bus /proc/fs; do
		if [ ! -e "$p" ]; then
			t_skip "$what: $p is a read-only bind" "kernel $(uname -r) has no $p"
			continue
		fi
		hr -q "$img" /bin/sh -c "$TOP; top $p; ls $p >/dev/null && echo listed"
		case $(head -n 1 "$O"):$(tail -n 1 "$O") in
		ro,*:listed) t_ok "$what: $p is a read-only bind and still reads" ;;
		*) t_fail "$what: $p is a read-only bind and still reads" "$(cat "$O" "$E")" ;;
		esac
	done
done

# ---- masked paths -----------------------------------------------------------
# Files: /dev/null (1:3) over them, so a read gives 0 bytes, where the
# guest's own file is a regular proc file (kcore: its first 16 bytes read).
t_is "the guest's own /proc/kcore reads (16 bytes)" "$(head -c 16 /proc/kcore | wc -c)" 16
for img in NOIMG "$R"; do
	what=NOIMG
	[ "$img" = NOIMG ] || what=IMAGE
	hr -q "$img" /bin/sh -c 'head -c 16 /proc/kcore | wc -c; stat -c %t:%T /proc/kcore'
	t_is "$what: /proc/kcore reads 0 bytes (it is /dev/null, 1:3)" "$(tr '\n' ' ' <"$O")" "0 1:3 "
	for p in /proc/keys /proc/timer_list /proc/timer_stats /proc/sched_debug /proc/latency_stats; do
		if [ ! -e "$p" ]; then
			t_skip "$what: $p is masked" "kernel $(uname -r) has no $p"
			continue
		fi
		hr -q "$img" /bin/sh -c "$TOP; stat -c %t:%T $p; wc -c <$p; top $p"
		case $(tr '\n' ' ' <"$O") in
		"1:3 0 ro,"*) t_ok "$what: $p is masked with a read-only /dev/null" ;;
		*) t_fail "$what: $p is masked with a read-only /dev/null" "$(cat "$O" "$E")" ;;
		esac
	done
	# Directories: an empty read-only tmpfs, where the guest's has
	# entries (an empty one is still checked: a tmpfs on it).
	for p in /proc/acpi /proc/asound /proc/scsi /sys/firmware /sys/devices/virtual/powercap; do
		if [ ! -d "$p" ]; then
			t_skip "$what: $p is an empty read-only tmpfs" "kernel $(uname -r) has no $p in this guest"
			continue
		fi
		n=$(ls -A "$p" | wc -l)
		hr -q "$img" /bin/sh -c "$TOP; ls -A $p | wc -l; top $p"
		case $(tr '\n' ' ' <"$O") in
		"0 ro,"*" tmpfs ") diag "$p: $n entries in the guest"; t_ok "$what: $p is an empty read-only tmpfs" ;;
		*) t_fail "$what: $p is an empty read-only tmpfs" "$n entries in the guest: $(cat "$O" "$E")" ;;
		esac
	done
done
hr -v NOIMG true
t_check "-v logs each mask" grep -q "masked '/proc/kcore' (/dev/null, read-only)" "$E"
t_check "-v logs each read-only path" grep -q "read-only '/proc/sys'" "$E"

# ---- /sys read-only with NOIMG ---------------------------------------------
# The loopback's mtu: the container's own lo (a fresh sysfs shows the new
# net namespace); a write of the same value would be harmless anyway.
hr -q NOIMG sh -c 'cat /sys/class/net/lo/mtu; echo 65536 >/sys/class/net/lo/mtu'
if [ "$(cat "$O")" = 65536 ] && [ "$rc" != 0 ] && grep -q 'Read-only' "$E"; then
	t_ok "NOIMG: /sys reads (lo's mtu) and a write fails read-only"
else
	t_fail "NOIMG: /sys reads (lo's mtu) and a write fails read-only" "exit $rc: $(cat "$O" "$E")"
fi
hr -q NOIMG sh -c "$TOP; top /sys"
t_is "NOIMG: the top /sys mount is a read-only sysfs" "$(cut -d, -f1 <"$O"):$(awk '{ print $NF }' "$O")" "ro:sysfs"
if [ "$HIND_CGROUP" = v2 ]; then f=cgroup.controllers; else f=pids/cgroup.procs; has_ctrl pids || f=memory/cgroup.procs; fi
hr -q NOIMG sh -c "test -r /sys/fs/cgroup/$f && echo view"
t_is "NOIMG: the cgroup view sits on the new /sys ($f)" "$(cat "$O")" view
hr -q --cgroupns host NOIMG sh -c "ls /sys/fs/cgroup | grep -c ."
if [ "${rc}" = 0 ] && [ "$(cat "$O")" -gt 0 ]; then t_ok "NOIMG --cgroupns host: the host's hierarchy on the new /sys"
else t_fail "NOIMG --cgroupns host: the host's hierarchy on the new /sys" "exit $rc: $(cat "$O" "$E")"; fi

# ---- the minimal /dev with NOIMG, --device ---------------------------------
disk=
for d in /dev/nvme0n1 /dev/vda /dev/sda; do
	[ -b "$d" ] && { disk=$d; break; }
done
hr -q NOIMG sh -c 'ls /dev | tr "\n" " "'
t_is "NOIMG: minimal /dev" "$(cat "$O")" "fd full null ptmx pts random shm stderr stdin stdout tty urandom zero "
hr -q NOIMG sh -c 'echo x >/dev/null && head -c 4 /dev/zero | wc -c && stat -c %t:%T /dev/pts/ptmx'
t_is "NOIMG: /dev/null, /dev/zero and a devpts of its own work" "$(tr '\n' ' ' <"$O")" "4 5:2 "
if [ -n "$disk" ]; then
	want=$(stat -c %t:%T "$disk")
	hr -q NOIMG sh -c "ls $disk 2>/dev/null; ls /dev | wc -l"
	t_is "NOIMG: the guest's disk $disk is not in /dev" "$(cat "$O")" 13
	hr -q --device "$disk" NOIMG sh -c "stat -c %t:%T $disk; head -c 512 $disk | wc -c; ls /dev | wc -l"
	t_is "--device $disk: the node is in, works (512 bytes read), one more entry" "$(tr '\n' ' ' <"$O")" "$want 512 14 "
	hr -q --device "$disk:/dev/hind/disk0" "$R" /bin/sh -c 'stat -c %t:%T /dev/hind/disk0; head -c 512 /dev/hind/disk0 | wc -c'
	t_is "--device SRC:DST into an image" "$(tr '\n' ' ' <"$O")" "$want 512 "
	hr -q --privileged NOIMG sh -c "stat -c %t:%T $disk"
	t_is "--privileged NOIMG: the host's /dev is back ($disk)" "$(cat "$O")" "$want"
else
	t_skip "NOIMG: the guest's disk is not in /dev" "no block device in this guest"
	t_skip "--device" "no block device in this guest"
fi
hr -q --device /tmp NOIMG true
t_is "--device of a non-device: exit 125" "$rc:$(grep -c . "$E")" "125:2"
t_check "--device of a non-device says why" grep -q "is not a device node" "$E"
hr -q --device /dev/null:/tmp/null NOIMG true
t_is "--device with a target outside /dev: exit 125" "$rc" 125
t_check "--device with a target outside /dev says why" grep -q "DST a path under /dev" "$E"
hr -q --privileged --device /dev/null NOIMG true
t_is "--device with --privileged NOIMG: exit 125" "$rc" 125
t_check "--device with --privileged NOIMG says why" grep -q "NOIMG keeps the host's /dev" "$E"

# ---- nodev: the image and volumes ------------------------------------------
# A /dev/null twin (1:3) made from the guest side: it works outside, and
# inside the node is there (stat) but cannot be opened.
mknod "$R/nulldev" c 1 3
mkdir -p "$HIND_TMP/vol" "$HIND_TMP/vt"
mknod "$HIND_TMP/vol/nulldev" c 1 3
t_check "the twin nodes work outside" sh -c "cat '$R/nulldev' '$HIND_TMP/vol/nulldev'"
hr -q "$R" /bin/sh -c "$TOP; stat -c %t:%T /nulldev; cat /nulldev && echo opened; echo x >/dev/null && echo devnull; top /"
if grep -q '^1:3$' "$O" && ! grep -q opened "$O" && grep -q 'Permission denied' "$E" &&
	grep -q '^devnull$' "$O" && tail -n 1 "$O" | grep -q '^rw,nodev'; then
	t_ok "IMAGE: the image is nodev (its node is inert, /dev/null works)"
else
	t_fail "IMAGE: the image is nodev (its node is inert, /dev/null works)" "$(cat "$O" "$E")"
fi
hr -q --read-only "$R" /bin/sh -c "$TOP; top /"
t_check "IMAGE --read-only: the root is ro and nodev" grep -q '^ro,nodev' "$O"
for img in NOIMG "$R"; do
	what=NOIMG dst=$HIND_TMP/vt
	[ "$img" = NOIMG ] || what=IMAGE dst=/data
	hr -q -v "$HIND_TMP/vol:$dst" "$img" /bin/sh -c "stat -c %t:%T $dst/nulldev; cat $dst/nulldev && echo opened"
	if [ "$(cat "$O")" = 1:3 ] && grep -q 'Permission denied' "$E"; then t_ok "$what: a volume is nodev"
	else t_fail "$what: a volume is nodev" "$(cat "$O" "$E")"; fi
done
rm -f "$R/nulldev" "$HIND_TMP/vol/nulldev"

# ---- a symlink in the image does not lead a volume out ----------------------
# /lnk -> /etc (absolute) and /up -> ../../../../etc (climbs past the
# image's root on the guest's side): both must land in the image's /etc.
echo volume-data >"$HIND_TMP/vol/f"
ln -s /etc "$R/lnk"
ln -s ../../../../etc "$R/up"
hr -q -v "$HIND_TMP/vol:/lnk/hv1" -v "$HIND_TMP/vol:/up/hv2" "$R" /bin/sh -c 'cat /etc/hv1/f /etc/hv2/f'
t_is "volumes through image symlinks are mounted inside" "$rc:$(tr '\n' ' ' <"$O")" "0:volume-data volume-data "
if [ -d "$R/etc/hv1" ] && [ -d "$R/etc/hv2" ] && [ ! -e /etc/hv1 ] && [ ! -e /etc/hv2 ]; then
	t_ok "...their mount points are in the image's /etc, the guest's /etc is untouched"
else
	t_fail "...their mount points are in the image's /etc, the guest's /etc is untouched" "$(ls -d "$R"/etc/hv* /etc/hv* 2>&1)"
fi
rm -rf "$R/etc/hv1" "$R/etc/hv2"

# ---- the same on kernels before 5.6 / 5.2 -----------------------------------
# HIND_MOUNT=legacy: no openat2 (targets are walked with O_NOFOLLOW, a
# symlink on the way is refused) and no open_tree (volumes are bound
# before pivot_root, on targets resolved inside the image).
export HIND_MOUNT=legacy
hr -q -v "$HIND_TMP/vol:/data" -v "$HIND_TMP/vol:/ro:ro" "$R" /bin/sh -c 'cat /data/f; touch /ro/x || echo ro'
t_is "legacy: volumes, :ro read-only" "$rc:$(tr '\n' ' ' <"$O")" "0:volume-data ro "
mknod "$HIND_TMP/vol/nulldev" c 1 3
hr -q -v "$HIND_TMP/vol:/data" "$R" /bin/sh -c 'stat -c %t:%T /data/nulldev; cat /data/nulldev'
if [ "$(cat "$O")" = 1:3 ] && grep -q 'Permission denied' "$E"; then t_ok "legacy: a volume is nodev"
else t_fail "legacy: a volume is nodev" "$(cat "$O" "$E")"; fi
rm -f "$HIND_TMP/vol/nulldev"
hr -q -v "$HIND_TMP/vol:/lnk/hv1" "$R" /bin/cat /lnk/hv1/f
t_is "legacy: a volume target through an image symlink is refused: 125" "$rc" 125
t_check "legacy: the refused volume target says why" grep -q "cannot resolve '/lnk' inside the root" "$E"
if [ ! -e /etc/hv1 ] && [ ! -e "$R/etc/hv1" ]; then t_ok "...and nothing was made, in the guest or the image"
else t_fail "...and nothing was made, in the guest or the image" "$(ls -d /etc/hv1 "$R/etc/hv1" 2>&1)"; fi
if [ -n "$disk" ]; then
	hr -q --device "$disk:/dev/hind/disk0" "$R" /bin/sh -c 'head -c 512 /dev/hind/disk0 | wc -c'
	t_is "legacy: --device SRC:DST into an image" "$(cat "$O")" 512
fi
unset HIND_MOUNT
rm -rf "$R/lnk" "$R/up" "$R/etc/hv1" "$R/data" "$R/ro"

# An image whose /dev is a symlink: refused, nothing mounted outside.
mv "$R/dev" "$R/dev.real"
ln -s /mnt "$R/dev"
hr -q "$R" /bin/sh -c 'ls /dev'
t_is "an image whose /dev is a symlink is refused: exit 125" "$rc" 125
t_check "an image whose /dev is a symlink: the refusal says why" grep -q "/dev' must be a directory, not a symlink" "$E"
rm "$R/dev"
mv "$R/dev.real" "$R/dev"

# ---- --privileged: no masks, the host's /sys -------------------------------
hr -q --privileged NOIMG sh -c "$TOP; head -c 16 /proc/kcore | wc -c; top /proc/sys; top /sys"
t_is "--privileged: /proc/kcore reads, /proc/sys not a bind" "$(head -n 2 "$O" | tr '\n' ' ')" "16  "
t_check "--privileged NOIMG: the host's /sys, read-write" sh -c "tail -n 1 '$O' | grep -q '^rw'"
hr -q --privileged --hostname box28 NOIMG sh -c 'echo box28.dom >/proc/sys/kernel/domainname && cat /proc/sys/kernel/domainname'
t_is "--privileged: /proc/sys is writable (domainname of its own uts ns)" "$rc:$(cat "$O")" "0:box28.dom"
hr -q --privileged "$R" /bin/sh -c 'head -c 16 /proc/kcore | wc -c'
t_is "--privileged IMAGE: /proc/kcore reads" "$(cat "$O")" 16

leftover=$(leftovers)
t_is "mounts: nothing left behind" "$leftover" ""
t_done
