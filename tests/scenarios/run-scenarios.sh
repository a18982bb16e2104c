#!/bin/sh
# SPDX-License-Identifier: ISC
# run-scenarios.sh - issue 3 item 9: the agent's verdicts on generated captures.
#
# For each scenario of build/tools/ew-gen (see tests/scenarios/README.md):
#   - tshark decodes the capture, checksums checked, with no warning or error
#     (skipped with a note when tshark is not installed);
#   - the agent reads it with the truth's --subnet/--declared and writes a report;
#   - check-report.py: every planted device is a candidate with an allowed
#     class and declared:false, the declared ones are declared:true, nothing
#     else is unlisted, and the normalised report equals expected/NAME.json.
# Then the same verdict checks on the span capture of `make bench` (all
# planted devices found among thousands of hosts, nothing else flagged).
#
# Prints one line per check and closes with "scenarios: N passed, N failed".
# Environment: SCENARIOS="benign hgw ..." to run some; SCENARIO_SPAN=0 skips
# the span capture; REGEN=1 rewrites expected/NAME.json instead of comparing
# (tests/scenarios/regen-expected.sh).
set -u
cd "$(dirname "$0")/../.."
GEN=build/tools/ew-gen
AGENT=build/egresswatch-agent
CHECK=tests/scenarios/check-report.py
EXPECTED=tests/scenarios/expected
# A case is a scenario name, or a scenario with ew-gen options joined by
# commas (its golden file: the words joined by "_", dashes dropped). The
# redirect cases are seeds where the old router forwards one datagram to one
# remote address, proven only by its redirect and forwarded copy (RFC 792).
ALL="benign hgw onu_pppoe mobile_router host_sharing rip_default irdp redirect dhcp121 vlan trunk port_collide
redirect,--seed,6 redirect,--hosts,200,--packets,3000,--seed,5"
SCENARIOS=${SCENARIOS:-$ALL}

if ! command -v python3 > /dev/null 2>&1; then
	echo "SKIPPED: python3 is not installed"
	exit 0
fi
for b in "$GEN" "$AGENT"; do
	if [ ! -x "$b" ]; then
		echo "scenarios: $b missing: run make all"
		echo "scenarios: 0 passed, 1 failed"
		exit 1
	fi
done
have_tshark=0
command -v tshark > /dev/null 2>&1 && have_tshark=1
[ "$have_tshark" = 1 ] || echo "note tshark not installed: decode checks skipped"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
pass=0
fail=0
ok() {
	echo "ok   $*"
	pass=$((pass + 1))
}
bad() {
	echo "FAIL $*"
	fail=$((fail + 1))
}
# adds the ok/FAIL lines of a log to the totals
tally() {
	p=$(grep -c '^ok ' "$1" || true)
	f=$(grep -c '^FAIL' "$1" || true)
	pass=$((pass + p))
	fail=$((fail + f))
}

# tshark_decode_as NAME: extra tshark options for a scenario. port_collide
# sends random bytes and look-alikes on well-known UDP ports used as
# ephemeral ports; tshark picks a dissector by port alone (and then tries its
# heuristics on random bytes), so those ports are decoded as plain data: the
# check is that the frames are well built, not that the bytes are protocols.
tshark_decode_as() {
	case $1 in
	port_collide)
		for p in 67 68 520 521 546 547 1900 1985 2029 5353; do
			printf ' -d udp.port==%s,data' "$p"
		done
		;;
	esac
}

# tshark_clean NAME PCAP: no expert warning or error with checksums verified
tshark_clean() {
	[ "$have_tshark" = 1 ] || return 0
	# shellcheck disable=SC2046 # the options are single words
	tshark -r "$2" -q -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE -o tcp.check_checksum:TRUE \
		$(tshark_decode_as "$1") -z expert,warn > "$work/$1.expert" 2>&1
	if grep -qE '^(Errors|Warnings) \(' "$work/$1.expert"; then
		bad "$1: tshark reports warnings or errors:"
		grep -vE '^(Running as|$)' "$work/$1.expert" | head -20 | sed 's/^/     /'
	else
		ok "$1: tshark decodes $(capinfos -c -M "$2" 2>/dev/null | awk '/^Number of packets/ {print $NF}') packets with no warning"
	fi
}

# verdict NAME PCAP TRUTH [GOLDEN]: runs the agent and checks its report
verdict() {
	name=$1 pcap=$2 truth=$3 golden=${4:-}
	args=$(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["agent_args"]))' "$truth")
	# shellcheck disable=SC2086 # the truth's arguments are single words
	if ! "$AGENT" -r "$pcap" $args -o "$work/$name.report.json" 2> "$work/$name.agent.err"; then
		bad "$name: egresswatch-agent failed:"
		head -20 "$work/$name.agent.err" | sed 's/^/     /'
		return
	fi
	ok "$name: egresswatch-agent wrote a report"
	if [ "${REGEN:-0}" = 1 ] && [ -n "$golden" ]; then
		mkdir -p "$EXPECTED"
		python3 "$CHECK" "$truth" "$work/$name.report.json" --write-golden "$golden"
		echo "note $name: wrote $golden"
		return
	fi
	if [ -n "$golden" ]; then
		python3 "$CHECK" "$truth" "$work/$name.report.json" --name "$name" --golden "$golden" > "$work/$name.check"
	else
		python3 "$CHECK" "$truth" "$work/$name.report.json" --name "$name" > "$work/$name.check"
	fi
	cat "$work/$name.check"
	tally "$work/$name.check"
	summary_check "$name" "$work/$name.report.json"
}

# summary_check NAME REPORT: tools/report-summary.py reads the report, and no
# infrastructure device (declared or not) is labelled a hint
summary_check() {
	if ! python3 tools/report-summary.py "$2" > "$work/$1.summary" 2>&1; then
		bad "$1: report-summary.py failed: $(tail -1 "$work/$1.summary")"
		return
	fi
	wrong=$(python3 -c '
import json, sys
rep = json.load(open(sys.argv[1]))
lines = open(sys.argv[2]).read().splitlines()
for c in rep["candidates"]:
    if c.get("infrastructure"):
        for l in lines:
            if c["mac"] in l and " hint " in l:
                print(l.strip())
' "$2" "$work/$1.summary")
	if [ -n "$wrong" ]; then
		bad "$1: summary labels infrastructure a hint: $wrong"
	else
		ok "$1: summary labels no infrastructure a hint"
	fi
}

# the generator itself: the same arguments give the same bytes, another seed other bytes
if "$GEN" hgw --packets 3000 -o "$work/det1.pcap" && "$GEN" hgw --packets 3000 -o "$work/det2.pcap" &&
	"$GEN" hgw --packets 3000 --seed 7 -o "$work/det3.pcap"; then
	if cmp -s "$work/det1.pcap" "$work/det2.pcap" && ! cmp -s "$work/det1.pcap" "$work/det3.pcap"; then
		ok "ew-gen: deterministic for a seed, different across seeds"
	else
		bad "ew-gen: output not deterministic for a given seed (or the seed changes nothing)"
	fi
else
	bad "ew-gen: could not write a capture"
fi

for case in $SCENARIOS; do
	gen_args=$(echo "$case" | tr ',' ' ')
	s=$(echo "$case" | tr ',' '_' | tr -d -- '-')
	pcap="$work/$s.pcap"
	truth="$work/$s.truth.json"
	# shellcheck disable=SC2086 # the case's words are ew-gen's arguments
	if ! "$GEN" $gen_args -o "$pcap" 2> "$work/$s.gen.err" || ! "$GEN" $gen_args --truth > "$truth" 2>> "$work/$s.gen.err"; then
		bad "$s: ew-gen failed: $(head -1 "$work/$s.gen.err")"
		continue
	fi
	tshark_clean "$s" "$pcap"
	verdict "$s" "$pcap" "$truth" "$EXPECTED/$s.json"
done

if [ "${SCENARIO_SPAN:-1}" != 0 ] && [ "${REGEN:-0}" != 1 ]; then
	# a small sample of the same traffic for tshark (2M packets would take minutes)
	if "$GEN" span --packets 20000 -o "$work/span-sample.pcap" 2> /dev/null; then
		tshark_clean span-sample "$work/span-sample.pcap"
	else
		bad "span-sample: ew-gen failed"
	fi
	if paths=$(sh tests/bench/span-capture.sh); then
		verdict span "$(echo "$paths" | sed -n 1p)" "$(echo "$paths" | sed -n 2p)"
	else
		bad "span: could not make the capture"
	fi
fi

echo "scenarios: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
