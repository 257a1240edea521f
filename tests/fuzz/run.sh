#!/bin/sh
# run.sh DIR RUNS NAME... - run each harness DIR/fuzz_NAME for RUNS inputs
# and print one line per harness:
#
#   fuzz parse: ok, 1000000 runs in 11.2 s (89285/s), cov 263 ft 802,
#     corpus 150 (+545), peak rss 262 MB
#
# (cov: edges of the code reached, ft: libFuzzer's finer features,
# corpus: the inputs kept, and how many it added on the way.)
#
# Each run starts from the seeds in tests/fuzz/corpus/NAME (read only)
# and writes what it finds to DIR/corpus/NAME, emptied first so that the
# figures do not depend on earlier runs. A crash (or a leak, a timeout of
# 10 s on one input, or a failed property) stops that harness: its input
# is kept as DIR/crash-NAME-*, the log as DIR/NAME.log, the status is 1.
# The exit status is 0 only if every harness did all its runs.
set -u
dir=$1 runs=$2
shift 2
status=0
for name in "$@"; do
	bin=$dir/fuzz_$name
	seeds=tests/fuzz/corpus/$name
	work=$dir/corpus/$name
	log=$dir/$name.log
	# Inputs longer than a real one only slow the search down.
	case $name in
	parse | caps) max_len=128 ;;
	opt | hind_run) max_len=1024 ;;
	mountinfo) max_len=40000 ;;
	*) max_len=8192 ;;
	esac
	rm -rf "$work" "$dir/crash-$name-"*
	mkdir -p "$work"
	start=$(date +%s%N)
	"$bin" -runs="$runs" -max_len=$max_len -timeout=10 -close_fd_mask=3 \
		-print_final_stats=1 -artifact_prefix="$dir/crash-$name-" \
		"$work" "$seeds" >"$log" 2>&1
	rc=$?
	ns=$(($(date +%s%N) - start))
	done_runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	# Wall time (libFuzzer's own rate is runs per whole second).
	secs=$(awk -v ns=$ns 'BEGIN { printf "%.1f", ns / 1e9 }')
	rate=$(awk -v ns=$ns -v n="${done_runs:-0}" \
		'BEGIN { printf "%d", ns ? n / (ns / 1e9) : 0 }')
	rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
	new=$(sed -n 's/^stat::new_units_added: *//p' "$log")
	# The last status line: "#1000000 DONE cov: 312 ft: 1450 corp: 212/3Kb ..."
	last=$(grep '^#[0-9]' "$log" | tail -n 1)
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
	if [ "$rc" = 0 ] && grep -q "^Done $runs runs" "$log"; then
		echo "fuzz $name: ok, ${done_runs:-?} runs in $secs s (${rate:-?}/s)," \
			"cov ${cov:-?} ft ${ft:-?}, corpus ${corp:-?} (+${new:-?})," \
			"peak rss ${rss:-?} MB"
	else
		status=1
		crash=$(ls "$dir/crash-$name-"* 2>/dev/null | head -n 1)
		echo "fuzz $name: FAILED (exit $rc after ${done_runs:-?} runs," \
			"$secs s): input ${crash:-none}, log $log"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz: )' "$log" | head -n 5 | sed 's/^/  /'
	fi
done
exit $status
