#!/bin/sh
# 22_run_rootfs.sh - hind-run with a directory IMAGE: pivot_root into it
# (from an initramfs too, where pivot_root(2) alone fails with EINVAL),
# isolation (a marker outside the rootfs is unreachable, a chroot escape as
# root inside fails), minimal /dev, read-only /sys, --read-only, -v, -w.
#
# The image: a busybox-static root built in the test's scratch folder. The
# marker: a file at the host's / (in the guest, the initramfs itself).
. "$(dirname "$0")/../lib/tap.sh"

BB=$(which busybox)
[ -L "$BB" ] && BB=$(readlink -f "$BB")
[ -n "$BB" ] || { t_skip "rootfs tests" "no busybox to build an image from"; t_done; }
R=$HIND_TMP/root
mkdir -p "$R/bin" "$R/proc" "$R/dev" "$R/sys" "$R/tmp" "$R/etc"
cp "$BB" "$R/bin/busybox"
for a in sh ls cat mount umount mkdir chroot readlink grep touch echo rm \
	hostname wc head sort tr pwd sleep stat; do
	ln -s busybox "$R/bin/$a"
done
MARK=/hind-marker-$$
echo secret >"$MARK"
echo secret >"$HIND_TMP/marker"

hr -v "$R" /bin/sh -c 'ls /'
t_is "the image's root: exit 0" "$rc" 0
t_is "/ inside is the image" "$(tr '\n' ' ' <"$O")" "bin dev etc proc sys tmp "
if grep -q 'falling back' "$E"; then t_fail "no MS_MOVE+chroot fallback" "$(cat "$E")"
else t_ok "no MS_MOVE+chroot fallback"; fi
t_check "pivot_root was used" grep -q 'pivot_root into' "$E"
grep -q 'is the initramfs' "$E" && diag "/ is the initramfs here: the rbind-move-chroot step ran before pivot_root"

hr -q "$R" /bin/sh -c "cat $MARK; cat $HIND_TMP/marker; ls -d /tests /init $HIND_TMP; echo ran-$$"
if [ "$rc" = 0 ] && grep -qx "ran-$$" "$O" && ! grep -q secret "$O"; then t_ok "markers outside the rootfs are unreachable"
else t_fail "markers outside the rootfs are unreachable" "exit $rc: $(cat "$O")"; fi

# A chroot escape as root: keep an fd on the container's /, chroot into a
# subdirectory, climb out through the fd and then up with "..". Leaving the
# inner chroot must work (it proves the attempt is real); leaving the
# container's root must not.
# The jail is built with mount --bind, which needs CAP_SYS_ADMIN.
hr -q --privileged "$R" /bin/sh -c "
mkdir -p /jail/bin /jail/proc
mount --bind /bin /jail/bin
mount -t proc proc /jail/proc
exec 3</
chroot /jail /bin/sh -c 'cd -P /proc/self/fd/3 && cd -P .. && cd -P .. && cd -P .. && cd -P .. && ls . && cat .$MARK .$HIND_TMP/marker'
true"
if grep -q '^jail$' "$O" && ! grep -q secret "$O"; then
	t_ok "chroot escape inside stops at the container's root"
else
	t_fail "chroot escape inside stops at the container's root" "$(cat "$O" "$E")"
fi
rm -rf "$R/jail"

hr -q "$R" /bin/sh -c "umount -l / 2>/dev/null; ls /; cat $MARK; echo ran-$$"
if [ "$rc" = 0 ] && grep -qx "ran-$$" "$O" && ! grep -q secret "$O"; then t_ok "umount -l / inside reveals nothing"
else t_fail "umount -l / inside reveals nothing" "exit $rc: $(cat "$O")"; fi

# The only cgroup mounts inside are the container's own cgroup view at
# /sys/fs/cgroup, each rooted at the cgroup namespace's root ("/").
hr -q "$R" /bin/sh -c 'grep cgroup /proc/self/mountinfo; true'
if [ "$rc" = 0 ] && awk '$4 != "/" || $5 !~ "^/sys/fs/cgroup(/|$)" { bad = 1 } END { exit bad || !NR }' "$O"; then
	t_ok "no host mount is visible inside"
else
	t_fail "no host mount is visible inside" "$(cat "$O")"
fi

hr -q "$R" /bin/sh -c 'ls /dev | tr "\n" " "'
t_is "minimal /dev" "$(cat "$O")" "fd full null ptmx pts random shm stderr stdin stdout tty urandom zero "
hr -q "$R" /bin/sh -c 'echo x >/dev/null && head -c 4 /dev/zero | wc -c'
t_is "/dev/null and /dev/zero work" "$(cat "$O")" 4
hr -q "$R" /bin/sh -c 'stat -c %t:%T /dev/pts/ptmx'
t_is "/dev/pts is a devpts of its own (ptmx 5:2)" "$(cat "$O")" "5:2"

hr -q "$R" /bin/sh -c 'touch /sys/hind 2>/dev/null && echo writable; grep " /sys " /proc/self/mountinfo'
if grep -q writable "$O" || ! grep -q ' ro[, ]' "$O"; then t_fail "/sys is read-only" "$(cat "$O")"
else t_ok "/sys is read-only"; fi

hr -q --read-only "$R" /bin/sh -c 'touch /tmp/x 2>/dev/null && echo writable; true'
t_is "--read-only: the root is read-only" "$(cat "$O")" ""
hr -q "$R" /bin/sh -c 'touch /tmp/x && echo writable && rm /tmp/x'
t_is "without --read-only it is writable" "$(cat "$O")" writable
hr -q --read-only NOIMG sh -c "touch /hind-ro-$$ 2>/dev/null && echo writable; true"
t_is "--read-only NOIMG: the host's / is read-only inside" "$(cat "$O")" ""
if touch /hind-ro-$$ 2>/dev/null; then t_ok "...and still writable outside"; rm -f /hind-ro-$$
else t_fail "...and still writable outside"; fi

mkdir -p "$HIND_TMP/vol"
echo volume-data >"$HIND_TMP/vol/f"
hr -q -v "$HIND_TMP/vol:/data" "$R" /bin/sh -c 'cat /data/f && touch /data/g'
t_is "-v SRC:DST binds SRC" "$(cat "$O")" volume-data
t_check "...read-write" [ -e "$HIND_TMP/vol/g" ]
hr -q -v "$HIND_TMP/vol:/data:ro" "$R" /bin/sh -c 'touch /data/h 2>/dev/null && echo writable; cat /data/f'
t_is "-v SRC:DST:ro is read-only" "$(cat "$O")" volume-data
hr -q -v "$HIND_TMP/vol/f:/etc/f" "$R" cat /etc/f
t_is "-v binds a file" "$(cat "$O")" volume-data

hr -q "$R" pwd
t_is "the working directory defaults to /" "$(cat "$O")" /
hr -q -w /tmp "$R" pwd
t_is "-w inside the image" "$(cat "$O")" /tmp
hr -q "$R" /bin/nonexistent
t_is "a command missing from the image gives 127" "$rc" 127

rm -f "$MARK"
leftover=$(leftovers)
t_is "rootfs: nothing left behind" "$leftover" ""
t_done
