#!/bin/sh
# run.sh KERNEL INITRD CGROUP OUTDIR [TESTS [LOG]] - run tests/lava/hind-ktap.yaml
# for real with LAVA's dispatcher (Debian's lava-dispatcher: lava-run, no
# server), print LAVA's result for every case, and check that LAVA saw
# what the suite printed.
#
# The job is filled in with file:// URLs (OUTDIR/job.yaml) and run on the
# local device tests/lava/qemu-tcg.yaml. lava-run logs one YAML mapping a
# line on stderr (OUTDIR/lava.log): "lvl: results" lines are LAVA's test
# cases, "lvl: target" lines the guest's serial console, kept as
# OUTDIR/serial.log. A kernel oops (see tests/qemu/boot.sh) makes the job
# run once more, and the output says so. Prints TAP cases:
#   - the job passes LAVA's job schema (what a server checks on submission)
#   - the job completes and the monitor found the suite's end
#   - LAVA has one case per suite case, with the suite's result each time
#     (so its pass, fail and skip counts are the suite's)
# then tests/ktap/check.sh on the serial log (kunit.py, prove, names; with
# LOG, another run's log of the same cell, the names must be its names).
# Exit 1 if one of them failed.
set -u
kernel=$1 initrd=$2 cgroup=$3 out=$4 tests=${5:-} other=${6:-}
here=$(cd "$(dirname "$0")" && pwd)
# LAVA's own Python (its modules are in Debian's python3, not in another
# python3 that may come first in PATH).
py=$(sed -n '1s/^#! *//p' "$(command -v lava-run)" 2>/dev/null)
[ -x "${py%% *}" ] || py=python3

. "$here/../lib/result.sh"

abspath() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
for f in "$kernel" "$initrd"; do
	[ -r "$f" ] || { echo "lava: no '$f'" >&2; exit 2; }
done
mkdir -p "$out"
out=$(abspath "$out")
kernel=$(abspath "$kernel")
initrd=$(abspath "$initrd")
# The swap disk tests/qemu/boot.sh gives the guest: 64 MiB of zeros,
# gzip'd (LAVA decompresses it).
head -c 67108864 /dev/zero | gzip -1 >"$out/swap.img.gz"
no_v1=
[ "$cgroup" = v2 ] && no_v1="cgroup_no_v1=all "
sed -e "s|@KERNEL_URL@|file://$kernel|" -e "s|@RAMDISK_URL@|file://$initrd|" \
	-e "s|@SWAP_URL@|file://$out/swap.img.gz|" -e "s|@CGROUP@|$cgroup|g" \
	-e "s|@NO_V1@|$no_v1|" -e "s|@TESTS@|$tests|" \
	-e "s|@KERNEL_NAME@|$(basename "$(dirname "$kernel")")|" \
	"$here/hind-ktap.yaml" >"$out/job.yaml"

$py - "$out/job.yaml" <<'EOF'
import sys, yaml
from lava_common.schemas import validate
try:
	validate(yaml.safe_load(open(sys.argv[1])), strict=True)
except Exception as e:
	print("# schema: %s" % e)
	sys.exit(1)
EOF
result $? "LAVA: the job passes LAVA's job schema"

# lava_run: one job; the guest's console in serial.log, LAVA's cases
# (definition "hind") in cases.txt as "RESULT CASE", the job's own in job.txt.
lava_run() {
	rm -rf "$out/run"
	start=$(date +%s)
	lava-run --job-id "hind-$$" --output-dir "$out/run" \
		--device "$here/qemu-tcg.yaml" "$out/job.yaml" >"$out/lava.out" 2>"$out/lava.log"
	lrc=$?
	secs=$(($(date +%s) - start))
	$py - "$out" <<'EOF'
import sys, yaml
out = sys.argv[1]
load = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
serial = open(out + "/serial.log", "w")
cases = open(out + "/cases.txt", "w")
job = open(out + "/job.txt", "w")
for line in open(out + "/lava.log", errors="replace"):
	try:
		d = yaml.load(line, Loader=load)
	except yaml.YAMLError:
		continue
	if not isinstance(d, dict):
		continue
	if d.get("lvl") == "target":
		serial.write(str(d.get("msg", "")).rstrip("\r") + "\n")
	elif d.get("lvl") == "results":
		m = d["msg"]
		if m.get("definition") == "hind":
			cases.write("%s %s\n" % (m["result"], m["case"]))
		else:
			job.write("%s %s %s\n" % (m.get("definition"), m.get("case"), m.get("result")))
EOF
}

lava_run
if grep -qE 'Oops:|BUG:|Kernel panic|general protection fault|invalid opcode:|int3: 0000' "$out/serial.log"; then
	echo "# lava: the guest kernel oopsed (log kept as $out/serial.log.oops); running the job once more"
	cp "$out/serial.log" "$out/serial.log.oops"
	lava_run
fi
echo "# lava-run: exit $lrc after ${secs}s; job.yaml, lava.log (lava-run's log), serial.log in $out"

# LAVA's per-case results, as a table.
echo "# LAVA results (definition hind):"
awk '{ printf "#   %-5s %s\n", $1, $2 }' "$out/cases.txt"
awk '{ c[$1]++ } END { printf "# LAVA: %d cases: %d pass, %d fail, %d skip\n", NR, c["pass"], c["fail"], c["skip"] }' "$out/cases.txt"
sed 's/^/# LAVA job: /' "$out/job.txt"

r=1
[ $lrc = 0 ] && grep -q '^lava job pass$' "$out/job.txt" &&
	grep -q '^lava lava-test-monitor pass$' "$out/job.txt" &&
	grep -q '^hind-guest: exit=' "$out/serial.log" && r=0
result $r "LAVA: lava-run completes the job and the monitor finds the suite's end"

# The suite's cases in the same serial log, folded as LAVA folds them.
sed -n 's/^  \(\(not \)\{0,1\}ok [0-9].*\)/\1/p' "$out/serial.log" | awk '{
	res = ($1 == "not") ? "fail" : "pass"
	line = $0
	sub(/^(not )?ok [0-9]+ /, "", line)
	if ((i = index(line, " # SKIP")) > 0) {
		res = "skip"
		line = substr(line, 1, i - 1)
	}
	key = tolower(line)
	gsub(/^[ \t]+|[ \t]+$/, "", key)
	gsub(/[^a-z0-9_]+/, "_", key)
	print res, key
}' >"$out/suite.txt"
echo "# the suite (serial log): $(awk '{ c[$1]++ } END { printf "%d cases: %d pass, %d fail, %d skip", NR, c["pass"], c["fail"], c["skip"] }' "$out/suite.txt")"
r=1
if [ -s "$out/suite.txt" ] && cmp -s "$out/suite.txt" "$out/cases.txt"; then
	r=0
else
	diff "$out/suite.txt" "$out/cases.txt" | head -n 20 | sed 's/^/# suite|LAVA: /'
fi
result $r "LAVA: one LAVA case per suite case, each with the suite's result"

sh "$here/../ktap/check.sh" "$out/serial.log" "LAVA serial log" "$other" || fail=1
exit $fail
