#!/bin/sh
# SPDX-License-Identifier: ISC
# lib.sh - the virtual hospital: network namespaces made and removed by the test.
#
# Topology (docs/LAB.md draws it): namespace "sw" holds bridge br0, the EMR
# switch. Every host namespace is linked to br0 by a veth pair. Every bridge
# port's ingress is mirrored with tc u32 + mirred to span0, whose peer "span"
# lives in namespace "mon" where the agent captures: a switch's SPAN port.
# Nothing is ever linked to the root namespace. All names carry $LAB (a
# per-run prefix) so cleanup removes exactly what this run made.
set -u

LAB="${LAB:-ewl$$}"
LAB_DIR="${LAB_DIR:-$(mktemp -d /tmp/ewlab.XXXXXX)}"
LAB_PIDS=""
LAB_TOP="${LAB_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}"
AGENT="${AGENT:-$LAB_TOP/build/egresswatch-agent}"

ns() { echo "${LAB}-$1"; }
in_ns() { n=$1; shift; ip netns exec "$(ns "$n")" "$@"; }

lab_log() { printf '  [%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# Can this machine make namespaces, veths, bridges and u32 mirred? Prints the
# reason and returns 1 if not.
lab_can_run() {
	if [ "$(id -u)" -ne 0 ]; then echo "not root"; return 1; fi
	command -v ip >/dev/null || { echo "iproute2 missing"; return 1; }
	command -v tc >/dev/null || { echo "tc missing"; return 1; }
	t="ewprobe$$"
	if ! ip netns add "$t" 2>/dev/null; then echo "cannot create network namespaces"; return 1; fi
	ok=1
	ip -n "$t" link add name a type veth peer name b 2>/dev/null || ok=0
	[ $ok -eq 1 ] && { ip -n "$t" link add name br type bridge 2>/dev/null || ok=0; }
	[ $ok -eq 1 ] && { ip netns exec "$t" tc qdisc add dev a ingress 2>/dev/null || ok=0; }
	[ $ok -eq 1 ] && { ip netns exec "$t" tc filter add dev a parent ffff: protocol all u32 match u32 0 0 \
		action mirred egress mirror dev b 2>/dev/null || ok=0; }
	ip netns del "$t" 2>/dev/null
	[ $ok -eq 1 ] || { echo "veth/bridge/tc u32 mirred not available in namespaces"; return 1; }
	return 0
}

# Removes every namespace and process of this run. Safe to call twice.
lab_cleanup() {
	set +e # cleanup must run to the end whatever the caller's shell options
	for p in $LAB_PIDS; do kill "$p" 2>/dev/null; done
	sleep 0.2
	for p in $LAB_PIDS; do kill -9 "$p" 2>/dev/null; done
	LAB_PIDS=""
	for n in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^${LAB}-"); do
		# kill anything still running inside (daemons that forked)
		for p in $(ip netns pids "$n" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
		ip netns del "$n" 2>/dev/null
	done
	[ -n "${LAB_KEEP_DIR:-}" ] || rm -rf "$LAB_DIR"
	return 0
}

lab_bg() { # lab_bg NS CMD...: run in the background inside a namespace, remember the pid
	n=$1; shift
	ip netns exec "$(ns "$n")" "$@" >>"$LAB_DIR/$n.log" 2>&1 &
	LAB_PIDS="$LAB_PIDS $!"
}

# The switch and its SPAN port.
lab_switch() {
	ip netns add "$(ns sw)"
	ip netns add "$(ns mon)"
	in_ns sw ip link set dev lo up
	in_ns mon ip link set dev lo up
	# the switch and the monitor never speak: no IPv6 (no RS, no DAD, no MLD)
	for n in sw mon; do
		in_ns $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	done
	in_ns sw ip link add name br0 type bridge
	# no STP, forward at once: a hospital access switch port with portfast
	in_ns sw ip link set dev br0 type bridge stp_state 0 forward_delay 0
	in_ns sw ip link set dev br0 up
	in_ns sw ip link add name span0 type veth peer name span netns "$(ns mon)"
	in_ns sw ip link set dev span0 up
	in_ns mon ip link set dev span up
	SW_PORTS=0
}

# lab_host NAME [MAC]: a namespace with eth0 on the EMR switch.
lab_host() {
	name=$1
	mac=${2:-}
	ip netns add "$(ns "$name")"
	in_ns "$name" ip link set dev lo up
	SW_PORTS=$((SW_PORTS + 1))
	port="p$SW_PORTS"
	in_ns sw ip link add name "$port" type veth peer name eth0 netns "$(ns "$name")"
	[ -n "$mac" ] && in_ns "$name" ip link set dev eth0 address "$mac"
	in_ns sw ip link set dev "$port" master br0
	in_ns sw ip link set dev "$port" up
	in_ns "$name" ip link set dev eth0 up
	# the SPAN: mirror everything this port receives from its host
	in_ns sw tc qdisc add dev "$port" ingress
	in_ns sw tc filter add dev "$port" parent ffff: protocol all u32 match u32 0 0 \
		action mirred egress mirror dev span0
}

# lab_link A IFA B IFB: a point-to-point link between two namespaces (WAN side).
lab_link() {
	in_ns "$1" ip link add name "$2" type veth peer name "$4" netns "$(ns "$3")"
	in_ns "$1" ip link set dev "$2" up
	in_ns "$3" ip link set dev "$4" up
}

lab_ns_only() { # a namespace not on the switch (internet, carrier)
	ip netns add "$(ns "$1")"
	in_ns "$1" ip link set dev lo up
}

# Starts the agent live on the SPAN port. Reports go to $LAB_DIR/report.jsonl
# (one JSON document per line, one per report).
lab_agent_start() {
	: >"$LAB_DIR/report.jsonl"
	chmod 666 "$LAB_DIR/report.jsonl"
	lab_bg mon "$AGENT" -i span -o "$LAB_DIR/report.jsonl" --window 10m "$@"
	AGENT_PID=$(echo "$LAB_PIDS" | awk '{print $NF}')
}

# Asks the running agent for a report (SIGUSR1) and waits until it is written.
lab_agent_report() {
	before=$(wc -l <"$LAB_DIR/report.jsonl")
	kill -USR1 "$AGENT_PID" 2>/dev/null || return 1
	_waits=0 # not "i": callers loop on i, and sh has no local scope here
	while [ $_waits -lt 50 ]; do
		now=$(wc -l <"$LAB_DIR/report.jsonl")
		[ "$now" -gt "$before" ] && return 0
		sleep 0.1
		_waits=$((_waits + 1))
	done
	return 1
}

# Polls reports until CHECK (a python expression over `c`, each candidate) holds
# for some candidate, or TIMEOUT seconds pass. Prints the seconds it took.
# Usage: lab_wait_candidate TIMEOUT START_EPOCH_MS 'c["class"]=="hgw"'
lab_wait_candidate() {
	timeout=$1 start_ms=$2 expr=$3
	end=$(( $(date +%s) + timeout ))
	while [ "$(date +%s)" -lt "$end" ]; do
		lab_agent_report || true
		if python3 "$LAB_TOP/tests/lab/report_query.py" last "$LAB_DIR/report.jsonl" "$expr" >/dev/null 2>&1; then
			now_ms=$(date +%s%3N)
			echo $(( (now_ms - start_ms) ))
			return 0
		fi
		sleep 1
	done
	return 1
}
