#!/bin/sh
# run-bench.sh - `make bench`: how fast the agent reads a SPAN capture.
#
# On the synthetic capture of tests/bench/span-capture.sh (2,000,000 packets,
# 4,000 hosts, planted egress devices), best of BENCH_RUNS (3) runs each:
#   (a) the bare libpcap read loop (build/tools/pcap-readloop): the baseline;
#   (b) dissection only (build/bench/ew-dissect-bench): issue 2 target <= 1.5x (a);
#   (c) the agent end to end, -r with the truth's --subnet/--declared and the
#       report written: issue 3 target <= 2.0x (a);
# each with packets/s and its ratio to (a), then whether that run of (c)
# found the planted devices, correctly classed, with nothing else flagged.
# Exit status: 0, or 1 when a program fails; with BENCH_STRICT=1 also 1 when
# a target is missed or a planted device is not found.
set -eu
cd "$(dirname "$0")/../.."
RUNS=${BENCH_RUNS:-3}
READLOOP=build/tools/pcap-readloop
DISSECT=build/bench/ew-dissect-bench
AGENT=build/egresswatch-agent
for b in "$READLOOP" "$DISSECT" "$AGENT"; do
	[ -x "$b" ] || { echo "bench: $b missing: run make all"; exit 1; }
done
paths=$(sh tests/bench/span-capture.sh)
cap=$(echo "$paths" | sed -n 1p)
truth=$(echo "$paths" | sed -n 2p)
out=build/bench/out
mkdir -p "$out"
args=$(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["agent_args"]))' "$truth")

# Page the file in first so no run pays for the disk.
cat "$cap" > /dev/null

# best_of NAME CMD...: runs CMD RUNS times; sets $best (seconds) and leaves
# the last run's stdout in $out/NAME.out.
best_of() {
	name=$1
	shift
	best=""
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		t0=$(date +%s.%N)
		if ! "$@" > "$out/$name.out" 2> "$out/$name.err"; then
			echo "bench: $name failed:"
			cat "$out/$name.err"
			exit 1
		fi
		t1=$(date +%s.%N)
		el=$(echo "$t1 $t0" | awk '{printf "%.6f", $1 - $2}')
		if [ -z "$best" ]; then best=$el; else best=$(echo "$best $el" | awk '{print ($2 < $1) ? $2 : $1}'); fi
		i=$((i + 1))
	done
}

best_of readloop "$READLOOP" "$cap"
t_read=$best
packets=$(awk '{print $2}' "$out/readloop.out")
bytes=$(awk '{print $4}' "$out/readloop.out")
best_of dissect "$DISSECT" "$cap"
t_dis=$best
# shellcheck disable=SC2086 # the truth's arguments are single words
best_of agent "$AGENT" -r "$cap" $args -o "$out/report.json"
t_agent=$best

missed=0
line() { # label seconds target
	echo "$1 $2 $t_read $packets $3" | awk '{
		label = $1; gsub(/~/, " ", label)
		ratio = $2 / $3
		verdict = ""
		if ($5 != "-") verdict = sprintf("target <= %.1fx  %s", $5, ratio <= $5 ? "met" : "MISSED")
		printf "  %-38s %8.3f s  %6.2f Mpkt/s  %5.2fx  %s\n", label, $2, $4 / $2 / 1e6, ratio, verdict
	}'
	if [ "$3" != "-" ] && [ "$(echo "$2 $t_read $3" | awk '{print ($1 / $2 <= $3) ? 0 : 1}')" = 1 ]; then
		missed=1
	fi
}
echo "bench: $cap"
echo "bench: $packets packets, $bytes bytes; best of $RUNS runs each"
line "(a)~read~loop~(pcap_next_ex)" "$t_read" -
line "(b)~dissect~only~(ew_dissect_frame)" "$t_dis" 1.5
line "(c)~agent~end~to~end~(-r,~report)" "$t_agent" 2.0
echo "  dissect-only: $(cat "$out/dissect.out")"
printf "bench: planted devices found in that run: "
found=0
python3 tests/scenarios/check-report.py "$truth" "$out/report.json" --summary || found=1
if [ "${BENCH_STRICT:-0}" = 1 ] && { [ "$missed" = 1 ] || [ "$found" = 1 ]; }; then
	exit 1
fi
exit 0
