#!/bin/sh
# SPDX-License-Identifier: ISC
# scenarios.sh - one function per lab scenario, named after the behaviour.
# Each builds its network, runs the agent live on the SPAN port, asserts on
# its report and prints "detect_ms=N" when it measured a time to detect.
# Sourced by run-lab.sh after lib.sh, hospital.sh and devices.sh.

DETECT_TIMEOUT=${DETECT_TIMEOUT:-60}
Q="python3 $LAB_TOP/tests/lab/report_query.py"

fail() { echo "    FAIL: $*"; $Q show "$LAB_DIR/report.jsonl" 2>/dev/null | sed 's/^/      /'; return 1; }

# Common start: the hospital, the agent on the SPAN port, N clients with traffic.
start_hospital() {
	nclients=$1
	shift
	hospital_core
	# shellcheck disable=SC2046
	lab_agent_start $(declared_args) "$@"
	sleep 1
	i=1
	while [ $i -le "$nclients" ]; do
		hospital_client "c$i" "00:06:5b:00:10:0$i"
		hospital_traffic "c$i" 10.20.0.10 "$INET_SERVER"
		i=$((i + 1))
	done
}

# The candidate exists and is what we expect; prints the time to detect.
expect_candidate() { # START_MS EXPR WHAT
	ms=$(lab_wait_candidate "$DETECT_TIMEOUT" "$1" "$2") || { fail "no candidate with $3 within ${DETECT_TIMEOUT}s"; return 1; }
	echo "    detect_ms=$ms ($3)"
}

expect_no_unlisted() {
	lab_agent_report || { fail "agent wrote no report"; return 1; }
	$Q none "$LAB_DIR/report.jsonl" 'not c["declared"] and not c.get("infrastructure")' >/dev/null || { fail "unlisted candidates on a clean segment"; return 1; }
}

scenario_baseline_declared_router_only() {
	start_hospital 5
	sleep 8
	expect_no_unlisted || return 1
	$Q last "$LAB_DIR/report.jsonl" "c['declared'] and c['mac']=='$CORE_MAC' and 'router' in c['roles']" >/dev/null ||
		{ fail "core router not reported as a declared router"; return 1; }
}

scenario_rogue_hgw_is_hgw() {
	start_hospital 3
	core_ignore_macs "$HGW_CLIENT_MAC"
	t0=$(date +%s%3N)
	device_hgw
	sleep 2
	hospital_client dept "$HGW_CLIENT_MAC"
	hospital_traffic dept "$CARRIER_SERVER"
	expect_candidate "$t0" "c['mac']=='$HGW_MAC' and not c['declared'] and c['class']=='hgw'" "class hgw" || return 1
	# The first verdict can rest on UPnP and the vendor alone; the rest of the
	# evidence (DHCP, RA, forwarding) follows within seconds. Wait for all of
	# it in fresh reports, then name any kind still missing.
	kinds="dhcp_offer router_advertisement ssdp_igd forwarding"
	# (c must be the first iterable: a comprehension sees no other eval local)
	all="c['mac']=='$HGW_MAC' and c['class']=='hgw' and set('$kinds'.split()) <= set(e['kind'] for e in c['evidence'])"
	tries=0
	while [ $tries -lt 20 ]; do
		lab_agent_report || true
		$Q last "$LAB_DIR/report.jsonl" "$all" >/dev/null 2>&1 && return 0
		sleep 1
		tries=$((tries + 1))
	done
	for k in $kinds; do
		$Q last "$LAB_DIR/report.jsonl" "c['mac']=='$HGW_MAC' and any(e['kind']=='$k' for e in c['evidence'])" >/dev/null ||
			{ fail "hgw candidate lacks $k evidence"; return 1; }
	done
	fail "hgw candidate has every evidence kind but is no longer class hgw"
	return 1
}

scenario_mobile_router_on_default_subnet() {
	start_hospital 2
	core_ignore_macs "$MOBILE_CLIENT_MAC"
	t0=$(date +%s%3N)
	device_mobile_router
	sleep 1
	hospital_client phone "$MOBILE_CLIENT_MAC"
	hospital_traffic phone "$CARRIER_SERVER"
	expect_candidate "$t0" "c['mac']=='$MOBILE_MAC' and not c['declared'] and c['class']=='mobile_router' and c['reason']" "class mobile_router" || return 1
}

scenario_pc_sharing_connection_is_host_sharing() {
	start_hospital 2
	t0=$(date +%s%3N)
	device_pc_sharing
	[ -n "$PC_IP" ] || { fail "the sharing PC got no address"; return 1; }
	hospital_client ward "$PC_CLIENT_MAC"
	in_ns ward ip route add "$CARRIER_SERVER/32" via "$PC_IP"
	hospital_traffic ward "$CARRIER_SERVER" 10.20.0.10
	hospital_traffic pc 10.20.0.10
	expect_candidate "$t0" "c['mac']=='$PC_MAC' and not c['declared'] and c['class']=='host_sharing'" "class host_sharing" || return 1
}

scenario_pppoe_line_bridged_in() {
	start_hospital 2
	t0=$(date +%s%3N)
	device_pppoe_line
	sleep 1
	lab_host dialer "$PPPOE_CLIENT_MAC"
	pppoe_discover dialer
	grep -q "$AC_NAME" "$LAB_DIR/dialer.pppoe" || { fail "pppoe -A saw no PADO: $(cat "$LAB_DIR/dialer.pppoe")"; return 1; }
	expect_candidate "$t0" "c['mac']=='$AC_MAC' and c['class']=='onu_bridged' and '$AC_NAME' in str(c['evidence'])" "class onu_bridged with the AC-Name" || return 1
}

# The SPAN carries 802.1Q tags: record a rogue-HGW run, tag the HGW's frames
# with VLAN 20 and the rest with VLAN 10, and replay them into the mirror port.
scenario_vlan_trunk_reports_vlan() {
	command -v tcprewrite >/dev/null && command -v tcpreplay >/dev/null && command -v mergecap >/dev/null ||
		{ fail "tcprewrite/tcpreplay/mergecap missing"; return 1; }
	start_hospital 2
	core_ignore_macs "$HGW_CLIENT_MAC"
	lab_bg mon dumpcap -q -i span -w "$LAB_DIR/trunk-raw.pcap"
	device_hgw
	sleep 2
	hospital_client dept "$HGW_CLIENT_MAC"
	hospital_traffic dept "$CARRIER_SERVER"
	sleep 8
	kill "$AGENT_PID" 2>/dev/null
	for p in $(ip netns pids "$(ns mon)"); do kill "$p" 2>/dev/null; done
	sleep 1
	f="eth.addr==$HGW_MAC || eth.addr==$HGW_CLIENT_MAC"
	tshark -r "$LAB_DIR/trunk-raw.pcap" -Y "$f" -w "$LAB_DIR/v20.pcap" -F pcap 2>/dev/null
	tshark -r "$LAB_DIR/trunk-raw.pcap" -Y "!($f)" -w "$LAB_DIR/v10.pcap" -F pcap 2>/dev/null
	tcprewrite --enet-vlan=add --enet-vlan-tag=20 --enet-vlan-cfi=0 --enet-vlan-pri=0 -i "$LAB_DIR/v20.pcap" -o "$LAB_DIR/v20t.pcap" || { fail "tcprewrite"; return 1; }
	tcprewrite --enet-vlan=add --enet-vlan-tag=10 --enet-vlan-cfi=0 --enet-vlan-pri=0 -i "$LAB_DIR/v10.pcap" -o "$LAB_DIR/v10t.pcap" || { fail "tcprewrite"; return 1; }
	mergecap -F pcap -w "$LAB_DIR/trunk.pcap" "$LAB_DIR/v10t.pcap" "$LAB_DIR/v20t.pcap"
	# a fresh agent on the same SPAN port; the replay is the only traffic it sees
	lab_agent_start $(declared_args)
	sleep 1
	t0=$(date +%s%3N)
	in_ns sw tcpreplay -q -i span0 --mbps 10 "$LAB_DIR/trunk.pcap" >>"$LAB_DIR/tcpreplay.log" 2>&1 || { fail "tcpreplay: $(tail -3 "$LAB_DIR/tcpreplay.log")"; return 1; }
	expect_candidate "$t0" "c['mac']=='$HGW_MAC' and c['vlan']==20 and c['class']=='hgw'" "hgw on VLAN 20" || return 1
	$Q none "$LAB_DIR/report.jsonl" "not c['declared'] and not c.get('infrastructure') and c['vlan']==10" >/dev/null || { fail "something unlisted on VLAN 10"; return 1; }
}

scenario_benign_crowd_no_unlisted() {
	start_hospital 5
	# the EMR server has a second local address (a service address)
	in_ns emr ip addr add 10.20.0.11/24 dev eth0
	hospital_traffic c1 10.20.0.11
	# a printer announcing itself with mDNS
	lab_host printer 00:00:5e:00:53:20
	in_ns printer ip addr add 10.20.0.30/24 dev eth0
	lab_bg printer python3 "$LAB_TOP/tests/lab/mdns_announce.py" 10.20.0.30 "lab-printer"
	# a phone-like host with a randomised (locally administered) MAC
	hospital_client randmac 02:5e:11:22:33:44
	hospital_traffic randmac 10.20.0.10 "$INET_SERVER"
	sleep 10
	expect_no_unlisted || return 1
}

# A scheduled scan (--duration) on the live SPAN port writes one report and
# exits 0 by itself; the long-running agent, as nobody, writes a final report
# on SIGTERM and exits 0.
scenario_scheduled_scan_reports_and_exits() {
	start_hospital 1
	: >"$LAB_DIR/scan.jsonl"
	chmod 666 "$LAB_DIR/scan.jsonl"
	# shellcheck disable=SC2046
	lab_bg mon "$AGENT" -i span -o "$LAB_DIR/scan.jsonl" --duration 12s $(declared_args)
	scan_pid=$(echo "$LAB_PIDS" | awk '{print $NF}')
	scan_t0=$(date +%s)
	device_mobile_router
	sleep 1
	hospital_client phone "$MOBILE_CLIENT_MAC"
	hospital_traffic phone "$CARRIER_SERVER"
	wait "$scan_pid"
	scan_rc=$?
	scan_s=$(($(date +%s) - scan_t0))
	[ "$scan_rc" -eq 0 ] || { fail "the --duration 12s scan exited with status $scan_rc"; return 1; }
	[ "$scan_s" -ge 11 ] && [ "$scan_s" -le 20 ] || { fail "the --duration 12s scan ran ${scan_s}s"; return 1; }
	lines=$(grep -c . "$LAB_DIR/scan.jsonl")
	[ "$lines" -eq 1 ] || { fail "the scan wrote $lines reports, expected its one final report"; return 1; }
	$Q last "$LAB_DIR/scan.jsonl" "c['mac']=='$MOBILE_MAC' and not c['declared'] and c['class']=='mobile_router'" >/dev/null ||
		{ fail "the scan's report lacks the mobile router"; $Q show "$LAB_DIR/scan.jsonl" | sed 's/^/      /'; return 1; }
	echo "    scan: exited 0 after ${scan_s}s with one report naming the mobile router"

	# as root the agent is a supervisor whose child ew-parser reads the packets
	parser=""
	for c in $(pgrep -P "$AGENT_PID"); do
		[ "$(cat "/proc/$c/comm" 2>/dev/null)" = ew-parser ] && parser=$c
	done
	user=$(ps -o user= -p "${parser:-$AGENT_PID}" | tr -d ' ')
	case "$user" in
	nobody | egresswatch) ;;
	*) fail "the live agent's parser runs as '$user', not egresswatch or nobody"; return 1 ;;
	esac
	before=$(grep -c . "$LAB_DIR/report.jsonl")
	kill -TERM "$AGENT_PID"
	wait "$AGENT_PID"
	term_rc=$?
	[ "$term_rc" -eq 0 ] || { fail "the agent exited with status $term_rc on SIGTERM"; return 1; }
	after=$(grep -c . "$LAB_DIR/report.jsonl")
	[ "$after" -eq $((before + 1)) ] || { fail "SIGTERM wrote $((after - before)) reports, expected one final report"; return 1; }
	echo "    live agent's parser ran as $user; SIGTERM: one final report, exit 0"
}

SCENARIOS="baseline_declared_router_only rogue_hgw_is_hgw mobile_router_on_default_subnet
pc_sharing_connection_is_host_sharing pppoe_line_bridged_in vlan_trunk_reports_vlan benign_crowd_no_unlisted scheduled_scan_reports_and_exits"
