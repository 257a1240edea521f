#!/bin/sh
# 61_side_by_side.sh - one OCI bundle (crun spec, edited: the command, the
# busybox root, a 64 MiB memory and a 64 pids limit, a cgroup namespace)
# run by crun and by the runtime under test ($OCI_RUNTIME run): what the
# container sees must be the same: its capability sets, which namespaces
# are new, the limits read back from its cgroup, its mount points and its
# environment. Each runtime must also meet the bundle (the limits it
# asked for), so that two equally wrong runtimes do not pass.
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/oci.sh"

B=$HIND_TMP/bundle
V=$OCI_ROOTFS/oci-view.sh
MEM=67108864 PIDS=64
mkdir -p "$B"
trap 'rm -rf "$HIND_TMP" "$V"' EXIT

# What the container reports, one "key value" line each.
cat >"$V" <<'VIEW'
grep '^Cap' /proc/self/status | sed 's/:[[:space:]]*/ /; s/^/cap /'
for n in cgroup ipc mnt net pid time user uts; do
	echo "ns $n $(readlink /proc/self/ns/$n)"
done
if [ -e /sys/fs/cgroup/memory.max ]; then
	echo "memory $(cat /sys/fs/cgroup/memory.max)"
	echo "pids $(cat /sys/fs/cgroup/pids.max)"
else
	echo "memory $(cat /sys/fs/cgroup/memory/memory.limit_in_bytes)"
	echo "pids $(cat /sys/fs/cgroup/pids/pids.max)"
fi
awk '{ print "mount " $5 }' /proc/self/mountinfo | sort
env | sort | sed 's/^/env /'
VIEW

# The bundle: crun's default spec, edited with sed (no jq in the image):
# no terminal, the view script, the busybox root, the limits, a cgroup
# namespace (so that /sys/fs/cgroup shows the container's own cgroup)
# and a cgroup path of its own (/ID).
(cd "$B" && crun spec) || { t_fail "crun spec writes a config.json"; t_done; }
# bundle ID: the config of the run named ID.
bundle() {
	sed -e 's/"terminal": true/"terminal": false/' \
	    -e '/"args": \[/,/\]/ s#"sh"#"/bin/sh", "/oci-view.sh"#' \
	    -e "s#\"path\": \"rootfs\"#\"path\": \"$OCI_ROOTFS\"#" \
	    -e "s#\"resources\": {#\"resources\": { \"memory\": { \"limit\": $MEM }, \"pids\": { \"limit\": $PIDS },#" \
	    -e "s#\"namespaces\": \[#\"namespaces\": [ $cgns#" \
	    -e "s#\"linux\": {#\"linux\": { \"cgroupsPath\": \"/$1\",#" \
	    "$B/config.json.orig" >"$B/config.json"
}
mv "$B/config.json" "$B/config.json.orig"
# crun spec has a cgroup namespace on a v2 host, none on v1.
cgns='{ "type": "cgroup" },'
grep -q '"type": "cgroup"$' "$B/config.json.orig" && cgns=

# The host's own namespaces, to count which the container has anew.
host_ns=$HIND_TMP/host.ns
for n in cgroup ipc mnt net pid time user uts; do
	echo "ns $n $(readlink /proc/self/ns/$n)"
done >"$host_ns"

# run LABEL ID CMD...: run the bundle; the view in $HIND_TMP/ID.view.
run() {
	_l=$1 _id=$2 _f=$2
	shift 2
	bundle "$_id"
	"$@" run -b "$B" "$_id" >"$HIND_TMP/$_f.view" 2>"$HIND_TMP/$_f.err" </dev/null
	rc=$?
	if [ "$rc" = 0 ] && grep -q '^memory ' "$HIND_TMP/$_f.view"; then
		t_ok "$_l: 'run' of the bundle exits 0 and prints the view"
	else
		t_fail "$_l: 'run' of the bundle exits 0 and prints the view" \
			"exit $rc: $(head -c 400 "$HIND_TMP/$_f.err" | tr '\n' ';')"
	fi
	# its new namespaces: those whose inode differs from the host's
	awk 'NR == FNR { h[$2] = $3; next } $1 == "ns" && h[$2] != $3 { n = n " " $2 }
		END { print "newns" n }' "$host_ns" "$HIND_TMP/$_f.view" >>"$HIND_TMP/$_f.view"
	diag "$_l ($1): $(grep -E '^(newns|memory|pids)' "$HIND_TMP/$_f.view" | tr '\n' ';')"
}
run crun oci-sbs-crun crun
# Case names say "the runtime under test", so that they stay the same
# when it changes (runc now, hind-oci later); the diagnostics name it.
rt="the runtime under test"
run "$rt" oci-sbs-rt "$OCI_RUNTIME"

# Each meets the bundle.
for l in crun "$rt"; do
	v=$HIND_TMP/oci-sbs-crun.view
	[ "$l" = crun ] || v=$HIND_TMP/oci-sbs-rt.view
	t_is "$l: the container's cgroup reads memory limit $MEM" "$(sed -n 's/^memory //p' "$v")" $MEM
	t_is "$l: the container's cgroup reads pids limit $PIDS" "$(sed -n 's/^pids //p' "$v")" $PIDS
	t_is "$l: new namespaces cgroup, ipc, mnt, net, pid, uts" "$(sed -n 's/^newns //p' "$v")" \
		"cgroup ipc mnt net pid uts"
done

# Side by side.
same() {
	_k=$1
	shift
	grep "^$_k " "$HIND_TMP/oci-sbs-crun.view" >"$HIND_TMP/a.$_k"
	grep "^$_k " "$HIND_TMP/oci-sbs-rt.view" >"$HIND_TMP/b.$_k"
	if [ ! -s "$HIND_TMP/a.$_k" ]; then
		t_fail "$* the same under crun and $rt" "crun's view has no '$_k' line"
	elif cmp -s "$HIND_TMP/a.$_k" "$HIND_TMP/b.$_k"; then
		t_ok "$* the same under crun and $rt"
	else
		t_fail "$* the same under crun and $rt" \
			"$(diff "$HIND_TMP/a.$_k" "$HIND_TMP/b.$_k" | grep '^[-+][^-+]' | tr '\n' ';')"
	fi
}
same cap "the capability sets (/proc/self/status Cap*) are"
same newns "the new namespaces are"
same memory "the memory limit read back is"
same pids "the pids limit read back is"
same mount "the mount points (/proc/self/mountinfo) are"
same env "the environment is"

# Both runtimes removed their containers at the end of 'run'.
left=
for id in oci-sbs-crun oci-sbs-rt; do
	for r in $(cg_roots); do
		[ -d "$r/$id" ] && left="$left $r/$id"
	done
	for d in /run/crun/$id /run/runc/$id /run/hind-oci/$id; do
		[ -e "$d" ] && left="$left $d"
	done
done
if grep -q " $OCI_ROOTFS[/ ]" /proc/mounts; then
	left="$left $(grep " $OCI_ROOTFS[/ ]" /proc/mounts | tr '\n' ';')"
fi
if [ -z "$left" ]; then
	t_ok "after both runs: no cgroup, state dir or mount of theirs is left"
else
	t_fail "after both runs: no cgroup, state dir or mount of theirs is left" "$left"
fi
t_done
