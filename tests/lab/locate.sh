#!/bin/sh
# SPDX-License-Identifier: ISC
# locate.sh - issue 11 in namespaces: two cascaded switches (Linux bridges) that
# answer SNMP about their own forwarding tables, a planted router on the edge
# switch, and the agent capturing on a SPAN port while it asks the switches,
# over management veths, where each candidate is plugged in.
#
#   mon (agent)  span ◄── mirror of every edge-switch port
#     mc 192.0.2.1/29 ─── core:mgmt0 192.0.2.2  snmpd v2c (community core-ro)
#                          (192.0.2.3: no one: the switch that does not answer)
#     me 192.0.2.9/29 ─── edge:mgmt0 192.0.2.10 snmpd v3 authPriv (SHA/AES)
#     mj 192.0.2.17/29 ── junk:mgmt0 192.0.2.18 snmpd v2c answering garbage rows
#   core: br0 = ge1-0-1 (uplink to edge), ge1-0-2 (srv)
#   edge: br0 = ge1-0-1 (uplink to core), ge1-0-3 (dev: radvd, "3F-East-Room-305"), ge1-0-4 (pc)
#   VLANs: the edge's SNMP agent serves every port as an access port of VLAN 20
#   (pvid=20: no vlan_filtering needed in the kernel) and says VLAN 20 learns in
#   FDB 3 (dot1qVlanFdbId): the report must say VLAN 20, not 3. The core answers
#   no VLAN table: its FDB id 1 is taken as VLAN 1.
# Both bridges carry an address on the data VLAN and ping each other, so each
# learns the other's bridge address on its uplink (the switch_mac rule).
# Prints "locate: N passed, N failed", or SKIPPED without root/netns/snmpd.
set -u
LAB="ewloc$$"
. "$(dirname "$0")/lib.sh"

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/     /'; }

if ! why=$(lab_can_run); then echo "SKIPPED: locate: $why"; exit 0; fi
for c in snmpd python3 radvd bridge; do
	command -v $c >/dev/null 2>&1 || { echo "SKIPPED: locate: $c missing"; exit 0; }
done
[ -x "$AGENT" ] || { echo "SKIPPED: locate: $AGENT not built"; exit 0; }
trap lab_cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE # a closed pipe (| head) must still clean up
PY=$(command -v python3)
HANDLER="$LAB_TOP/tests/lab/locate_bridge_mib.py"
DEV_MAC=00:1b:8b:30:50:03 # NEC OUI: a home gateway in room 305
PC_MAC=00:11:22:33:44:04
SRV_MAC=00:11:22:33:44:02

for n in mon core edge junk dev pc srv; do
	ip netns add "$(ns $n)"
	in_ns $n ip link set dev lo up
	[ "$n" = dev ] || in_ns $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
for sw in core edge; do
	in_ns $sw ip link add name br0 type bridge
	in_ns $sw ip link set dev br0 type bridge stp_state 0 forward_delay 0
	in_ns $sw ip link set dev br0 up
done
port() { # SWITCH PORT PEER_NS PEER_IF [MAC]
	in_ns "$1" ip link add name "$2" type veth peer name "$4" netns "$(ns "$3")"
	[ -n "${5:-}" ] && in_ns "$3" ip link set dev "$4" address "$5"
	in_ns "$1" ip link set dev "$2" master br0
	in_ns "$1" ip link set dev "$2" up
	in_ns "$3" ip link set dev "$4" up
}
# the uplink between the two switches: ge1-0-1 on both sides
in_ns core ip link add name ge1-0-1 type veth peer name ge1-0-1 netns "$(ns edge)"
for sw in core edge; do in_ns $sw ip link set dev ge1-0-1 master br0; in_ns $sw ip link set dev ge1-0-1 up; done
port core ge1-0-2 srv eth0 $SRV_MAC
port edge ge1-0-3 dev eth0 $DEV_MAC
port edge ge1-0-4 pc eth0 $PC_MAC
in_ns edge ip link set dev ge1-0-3 alias 3F-East-Room-305
in_ns edge ip link set dev ge1-0-4 alias 3F-East-Room-306
in_ns core ip link set dev ge1-0-2 alias 1F-Server-Room-Rack-2
in_ns core ip addr add 10.99.0.2/24 dev br0
in_ns edge ip addr add 10.99.0.3/24 dev br0
in_ns srv ip addr add 10.99.0.10/24 dev eth0
in_ns pc ip addr add 10.99.0.11/24 dev eth0
# the SPAN port: every edge port's ingress mirrored to the agent
in_ns edge ip link add name span0 type veth peer name span netns "$(ns mon)"
in_ns edge ip link set dev span0 up
in_ns mon ip link set dev span up
for p in ge1-0-1 ge1-0-3 ge1-0-4; do
	in_ns edge tc qdisc add dev $p ingress
	in_ns edge tc filter add dev $p parent ffff: protocol all u32 match u32 0 0 action mirred egress mirror dev span0
done
# management: one veth per switch from the agent's namespace
mgmt() { # SWITCH AGENT_IF AGENT_ADDR SWITCH_ADDR
	in_ns mon ip link add name "$2" type veth peer name mgmt0 netns "$(ns "$1")"
	in_ns mon ip addr add "$3/29" dev "$2"
	in_ns "$1" ip addr add "$4/29" dev mgmt0
	in_ns mon ip link set dev "$2" up
	in_ns "$1" ip link set dev mgmt0 up
}
mgmt core mc 192.0.2.1 192.0.2.2
mgmt edge me 192.0.2.9 192.0.2.10
mgmt junk mj 192.0.2.17 192.0.2.18
in_ns junk ip link add name br0 type bridge
in_ns junk ip link set dev br0 up

snmpd_start() { # SWITCH ACCESS_LINES HANDLER_ARGS
	d="$LAB_DIR/snmpd-$1"
	mkdir -p "$d"
	addr=$(in_ns "$1" ip -4 -o addr show dev mgmt0 | awk '{print $4}' | cut -d/ -f1)
	cat >"$d/snmpd.conf" <<EOF
agentaddress udp:$addr:161
$2
pass_persist .1.3.6.1.2.1.17 $PY $HANDLER br0 $3
pass_persist .1.3.6.1.2.1.31.1.1.1 $PY $HANDLER br0 $3
pass_persist .1.0.8802.1.1.2.1.4.1.1 $PY $HANDLER br0 $3
EOF
	ip netns exec "$(ns "$1")" env SNMP_PERSISTENT_DIR="$d" MIBS= EW_LLDP_FILE="$d/lldp" EW_VLAN_FILE="$d/vlans" \
		/usr/sbin/snmpd -f -C -c "$d/snmpd.conf" \
		-Lf "$d/log" -p "$d/pid" >>"$LAB_DIR/$1.log" 2>&1 &
	LAB_PIDS="$LAB_PIDS $!"
}
# exactly the view README.md asks a hospital to give the agent
VIEW="view egresswatch included .1.3.6.1.2.1.17.1.1
view egresswatch included .1.3.6.1.2.1.17.1.4.1.2
view egresswatch included .1.3.6.1.2.1.17.4.3.1.2
view egresswatch included .1.3.6.1.2.1.17.7.1.2.2.1.2
view egresswatch included .1.3.6.1.2.1.17.7.1.4.2.1.3
view egresswatch included .1.3.6.1.2.1.2.2.1.2
view egresswatch included .1.3.6.1.2.1.31.1.1.1.1
view egresswatch included .1.3.6.1.2.1.31.1.1.1.18
view egresswatch included .1.0.8802.1.1.2.1.4.1.1"
snmpd_start core "$VIEW
rocommunity core-ro 192.0.2.1 -V egresswatch" ""
snmpd_start edge "$VIEW
createUser ewloc SHA \"edge-auth-pass\" AES \"edge-priv-pass\"
rouser ewloc priv -V egresswatch
createUser ewloc256 SHA-256 \"edge-auth-pass\" AES \"edge-priv-pass\"
rouser ewloc256 priv -V egresswatch" pvid=20
snmpd_start junk "rocommunity junk-ro 192.0.2.17" garbage
echo "20 3" >"$LAB_DIR/snmpd-edge/vlans" # the edge's VLAN 20 learns in FDB 3

# the planted device: a router advertising itself as the default router (a way out)
in_ns dev sysctl -qw net.ipv6.conf.all.forwarding=1
cat >"$LAB_DIR/radvd.conf" <<EOF
interface eth0 {
	AdvSendAdvert on;
	MinRtrAdvInterval 3;
	MaxRtrAdvInterval 4;
	AdvDefaultLifetime 1800;
	prefix 2001:db8:305::/64 { };
};
EOF
lab_bg dev radvd -n -C "$LAB_DIR/radvd.conf" -p "$LAB_DIR/radvd.pid" -m stderr

# traffic so that each bridge learns the others' MACs where they are
sleep 1
in_ns edge busybox ping -c 2 -W 1 10.99.0.2 >/dev/null 2>&1
in_ns pc busybox ping -c 2 -W 1 10.99.0.10 >/dev/null 2>&1
if [ -n "${LOCATE_DEBUG:-}" ]; then
	for sw in core edge; do echo "--- $sw"; in_ns $sw bridge fdb show br br0 | grep -v permanent; in_ns $sw ip -br link; done
	in_ns edge busybox ping -c 1 -W 1 10.99.0.2
fi

# the agent's configuration: 2 answering switches, one that never answers,
# one with a wrong community, one answering garbage
printf 'auth sha:edge-auth-pass\npriv aes:edge-priv-pass\n' >"$LAB_DIR/edge.secret"
chmod 600 "$LAB_DIR/edge.secret"
cat >"$LAB_DIR/agent.conf" <<EOF
site LAB-LOCATE
subnet 10.99.0.0/24
switch core 192.0.2.2 community core-ro
switch edge 192.0.2.10 v3 user ewloc secret-file $LAB_DIR/edge.secret
switch closet-dead 192.0.2.3 community core-ro timeout 500ms retries 0
switch core-wrongcomm 192.0.2.2 community not-the-community
switch junk 192.0.2.18 community junk-ro
snmp-timeout 1s
snmp-retries 0
EOF
chmod 644 "$LAB_DIR/agent.conf"

# wait for both answering switches (snmpd and its pass_persist handler: a busy
# machine may take longer than the agent's 1 s timeout to start them)
V3="-v3 -l authPriv -u ewloc -a SHA -A edge-auth-pass -x AES -X edge-priv-pass -On -t 1 -r 0"
i=0
while [ $i -lt 30 ]; do
	in_ns mon snmpget -v2c -c core-ro -t 0.5 -r 0 -On 192.0.2.2 .1.3.6.1.2.1.17.1.1.0 >/dev/null 2>&1 &&
		in_ns mon snmpget $V3 192.0.2.10 .1.3.6.1.2.1.17.1.1.0 >/dev/null 2>&1 && break
	i=$((i + 1))
done
sleep 1

# --- 1: --locate from the command line ------------------------------------------------
t0=$(date +%s%3N)
out=$(in_ns mon "$AGENT" --locate $DEV_MAC $SRV_MAC 02:00:00:00:00:99 -c "$LAB_DIR/agent.conf" 2>&1)
rc=$?
t1=$(date +%s%3N)
echo "$out" | sed 's/^/     | /'
echo "     --locate took $((t1 - t0)) ms"
echo "$out" | grep -q "^$DEV_MAC: switch edge, port ge1-0-3 \"3F-East-Room-305\", VLAN 20 (1 MAC on it" &&
	ok "locate_cli_planted_device_on_edge_port_vlan_from_fdb_map" || ko "locate_cli_planted_device_on_edge_port_vlan_from_fdb_map"
echo "$out" | grep -q "also: switch core, port ge1-0-1, VLAN 1 (the FDB id: the switch has no VLAN table) .*uplink (switch_mac)" &&
	ok "locate_cli_core_uplink_is_switch_mac_rule_vlan_from_fdb_id" || ko "locate_cli_core_uplink_is_switch_mac_rule_vlan_from_fdb_id"
echo "$out" | grep -q "^$SRV_MAC: switch core, port ge1-0-2 \"1F-Server-Room-Rack-2\"" &&
	ok "locate_cli_server_on_core" || ko "locate_cli_server_on_core"
echo "$out" | grep -q "^02:00:00:00:00:99: not in any answering switch" && [ $rc -eq 1 ] &&
	ok "locate_cli_unknown_mac_not_seen_exit_1" || ko "locate_cli_unknown_mac_not_seen_exit_1" "rc=$rc"
echo "$out" | grep -q "no answer: switch closet-dead: " && echo "$out" | grep -q "no answer: switch core-wrongcomm: no answer" &&
	ok "locate_cli_dead_and_wrong_community_reported_others_located" || ko "locate_cli_dead_and_wrong_community_reported_others_located"
# the dead switch and the wrong community cost one timeout each (1 s, no retry), not more
[ $((t1 - t0)) -lt 6000 ] && ok "locate_cli_timeouts_bounded" || ko "locate_cli_timeouts_bounded" "$((t1 - t0)) ms"

# the fixture: the edge really answers the device in FDB 3, and VLAN 20 -> FDB 3
dev_oid=$(for b in $(echo $DEV_MAC | tr ':' ' '); do printf '.%d' "0x$b"; done)
walked=$(in_ns mon snmpwalk $V3 192.0.2.10 .1.3.6.1.2.1.17.7.1 2>&1)
echo "$walked" | grep -q "^\.1\.3\.6\.1\.2\.1\.17\.7\.1\.2\.2\.1\.2\.3$dev_oid = INTEGER: " &&
	echo "$walked" | grep -q "^\.1\.3\.6\.1\.2\.1\.17\.7\.1\.4\.2\.1\.3\.0\.20 = Gauge32: 3$" &&
	ok "lab_edge_fdb_id_differs_from_vlan" || ko "lab_edge_fdb_id_differs_from_vlan" "$walked"

# --- 1b: shared VLAN learning: VLANs 20 and 30 in FDB 3, --locate knows no captured VLAN
printf '20 3\n30 3\n' >"$LAB_DIR/snmpd-edge/vlans"
out=$(in_ns mon "$AGENT" --locate $DEV_MAC --switch "edge 192.0.2.10 v3 user ewloc secret-file $LAB_DIR/edge.secret" 2>&1)
echo "20 3" >"$LAB_DIR/snmpd-edge/vlans"
echo "$out" | sed 's/^/     | /'
echo "$out" | grep -q "^$DEV_MAC: switch edge, port ge1-0-3 \"3F-East-Room-305\", FDB 3 shared by VLANs 20, 30 (1 MAC on it" &&
	ok "locate_cli_shared_fdb_names_its_vlans" || ko "locate_cli_shared_fdb_names_its_vlans"

# --- 2: the fallback rule: only the core configured, threshold 3 ----------------------
out=$(in_ns mon "$AGENT" --locate $DEV_MAC --switch "core 192.0.2.2 community core-ro" --uplink-macs 3 2>&1)
echo "$out" | sed 's/^/     | /'
echo "$out" | grep -q "seen only on uplinks" && echo "$out" | grep -q "port ge1-0-1.*uplink (many_macs)" &&
	ok "locate_cli_many_macs_rule_when_edge_not_configured" || ko "locate_cli_many_macs_rule_when_edge_not_configured"

# --- 2b: LLDP names the edge switch on the core's uplink -------------------------------
printf 'ge1-0-1 sw-edge-lldp 02:00:00:00:ed:01 2800\n' >"$LAB_DIR/snmpd-core/lldp"
out=$(in_ns mon "$AGENT" --locate $DEV_MAC --switch "core 192.0.2.2 community core-ro" 2>&1)
rm -f "$LAB_DIR/snmpd-core/lldp"
echo "$out" | sed 's/^/     | /'
echo "$out" | grep -q "seen only on uplinks" && echo "$out" | grep -q "port ge1-0-1.*uplink (lldp_neighbour)" &&
	ok "locate_cli_lldp_neighbour_rule" || ko "locate_cli_lldp_neighbour_rule"

# --- 3: a wrong v3 password is a failed switch, not a crash ---------------------------
out=$(in_ns mon "$AGENT" --locate $DEV_MAC --switch "edge 192.0.2.10 v3 user ewloc auth sha:wrong-password priv aes:edge-priv-pass" \
	--switch "core 192.0.2.2 community core-ro" --snmp-timeout 1s --snmp-retries 0 --uplink-macs 3 2>&1)
echo "$out" | sed 's/^/     | /'
echo "$out" | grep -q "no answer: switch edge: " && echo "$out" | grep -q "^$DEV_MAC: seen only on uplinks" &&
	ok "locate_cli_wrong_v3_password" || ko "locate_cli_wrong_v3_password"

# --- 3b: SNMPv3 with SHA-256 ------------------------------------------------------------
out=$(in_ns mon "$AGENT" --locate $DEV_MAC --switch "edge 192.0.2.10 v3 user ewloc256 auth sha256:edge-auth-pass priv aes:edge-priv-pass" 2>&1)
echo "$out" | grep -q "^$DEV_MAC: switch edge, port ge1-0-3" && ok "locate_cli_v3_sha256" || ko "locate_cli_v3_sha256" "$out"

# --- 4: a secret file others can read is refused ---------------------------------------
chmod 644 "$LAB_DIR/edge.secret"
out=$("$AGENT" --locate $DEV_MAC --switch "edge 192.0.2.10 v3 user ewloc secret-file $LAB_DIR/edge.secret" 2>&1)
rc=$?
chmod 600 "$LAB_DIR/edge.secret"
[ $rc -eq 2 ] && echo "$out" | grep -q "other users may read it" &&
	ok "secret_file_readable_by_others_refused" || ko "secret_file_readable_by_others_refused" "$out"

# --- 4b: a switch the kernel would reach by the SPAN port is not asked ------------------
in_ns mon ip route add 198.51.100.0/24 dev span
out=$(in_ns mon "$AGENT" --locate $DEV_MAC -i span --switch "spanroute 198.51.100.7 community core-ro" \
	--switch "core 192.0.2.2 community core-ro" 2>&1)
echo "$out" | sed 's/^/     | /'
echo "$out" | grep -q "no answer: switch spanroute: the route to the switch leaves by the capture interface span" &&
	ok "switch_routed_by_span_port_not_asked" || ko "switch_routed_by_span_port_not_asked"

# --- 5: live: the report's candidate carries its location -----------------------------
: >"$LAB_DIR/report.jsonl"
chmod 666 "$LAB_DIR/report.jsonl"
lab_bg mon "$AGENT" -i span -c "$LAB_DIR/agent.conf" -o "$LAB_DIR/report.jsonl" --window 8s
AGENT_PID=$(echo "$LAB_PIDS" | awk '{print $NF}')
i=0
while [ $i -lt 200 ]; do
	sleep 0.1
	[ "$(wc -l <"$LAB_DIR/report.jsonl")" -ge 1 ] && break
	i=$((i + 1))
done
# two reports asked within one window reuse that window's walk (at most one
# walk per switch per window); asked 4.5 s into the window, when the device
# (an RA every 3-4 s) has shown itself again
sleep 4.5
n0=$(wc -l <"$LAB_DIR/report.jsonl")
kill -USR1 "$AGENT_PID" 2>/dev/null
sleep 0.5
kill -USR1 "$AGENT_PID" 2>/dev/null
i=0
while [ $i -lt 50 ] && [ "$(wc -l <"$LAB_DIR/report.jsonl")" -lt $((n0 + 2)) ]; do sleep 0.1; i=$((i + 1)); done
tail -n 2 "$LAB_DIR/report.jsonl" >"$LAB_DIR/last2.jsonl"
kill "$AGENT_PID" 2>/dev/null
# (its final report may walk the switches again: the dead ones cost their timeouts)
# (an exited child stays a zombie until waited for, and kill -0 still finds it: read its state)
running() { [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
i=0
while [ $i -lt 150 ] && running "$AGENT_PID"; do sleep 0.1; i=$((i + 1)); done
if running "$AGENT_PID"; then
	AGENT_RC="still running 15 s after SIGTERM"
else
	wait "$AGENT_PID"
	AGENT_RC=$?
fi
python3 - "$LAB_DIR/last2.jsonl" "$DEV_MAC" <<'EOF2' && ok "live_one_walk_per_window" || ko "live_one_walk_per_window"
import json, sys
reps = [json.loads(l) for l in open(sys.argv[1])]
at = [next(c["location"]["read_at"] for c in r["candidates"] if c["mac"] == sys.argv[2]) for r in reps]
print("     read_at of two reports in one window:", at)
sys.exit(0 if len(at) == 2 and at[0] == at[1] else 1)
EOF2
python3 - "$LAB_DIR/report.jsonl" "$DEV_MAC" "$LAB_TOP/include/egresswatch/report.schema.json" >"$LAB_DIR/check.out" 2>&1 <<'EOF'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
mac = sys.argv[2]
def check(name, cond, why=""):
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else "  " + str(why)[:600]))
if not lines:
    check("live_report_written", False, "no report"); sys.exit()
rep = next((r for r in reversed(lines) if any(c["mac"] == mac for c in r["candidates"])), lines[-1])
c = next((c for c in rep["candidates"] if c["mac"] == mac), None)
check("live_planted_device_is_candidate", c is not None and not c["declared"], [x["mac"] for x in rep["candidates"]])
loc = (c or {}).get("location", {})
check("live_location_edge_port", loc.get("status") == "edge_port" and loc.get("switch") == "edge" and loc.get("port") == "ge1-0-3"
      and loc.get("alias") == "3F-East-Room-305" and loc.get("rule") == "edge" and loc.get("port_macs") == 1 and "read_at" in loc, loc)
# the edge's FDB 3 is VLAN 20 by its dot1qVlanFdbId; the core has no VLAN table: its FDB id 1 is the VLAN
check("live_location_vlan_from_fdb_map", loc.get("vlan") == 20 and loc.get("vlan_from") == "vlan_table", loc)
el = loc.get("seen_elsewhere", [])
check("live_location_core_uplink_elsewhere", any(s["switch"] == "core" and s["port"] == "ge1-0-1" and s["rule"] == "switch_mac"
      and s.get("vlan") == 1 and s.get("vlan_from") == "fdb_id" for s in el), el)
errs = {e["switch"]: e for e in loc.get("switch_errors", [])}
check("live_failed_switches_listed", "closet-dead" in errs and "core-wrongcomm" in errs and not errs["closet-dead"]["answered"]
      and "core" not in errs and "edge" not in errs, errs)
check("live_garbage_switch_rows_refused_and_counted", "junk" in errs and errs["junk"]["answered"] and "refused" in errs["junk"]["error"]
      and "bad_index" in errs["junk"]["error"] and "bad_type" in errs["junk"]["error"], errs.get("junk"))
try:
    import jsonschema
    schema = json.load(open(sys.argv[3]))
    bad = [str(e.message)[:200] for r in lines for e in jsonschema.Draft202012Validator(schema).iter_errors(r)]
    check("live_reports_match_schema", not bad, bad[:3])
except ImportError:
    print("skip live_reports_match_schema: python3-jsonschema missing")
print("checks-done")
# one walk per switch per window: the dead switch's 1 s timeout at most once per 5 s window
EOF
rc=$?
cat "$LAB_DIR/check.out"
p=$(grep -c '^ok ' "$LAB_DIR/check.out")
f=$(grep -c '^FAIL ' "$LAB_DIR/check.out")
pass=$((pass + p))
fail=$((fail + f))
# a check script that died half way (a report that does not parse) must not pass by saying nothing
[ $rc -eq 0 ] && grep -q '^checks-done$' "$LAB_DIR/check.out" && [ $((p + f)) -ge 7 ] &&
	ok "live_checks_all_ran" || ko "live_checks_all_ran" "rc=$rc, $((p + f)) checks"
# what a person reads: tools/report-summary.py names the socket
grep -F "\"$DEV_MAC\"" "$LAB_DIR/report.jsonl" | grep -F '"location"' | tail -n 1 >"$LAB_DIR/one.json"
out=$(python3 "$LAB_TOP/tools/report-summary.py" "$LAB_DIR/one.json" 2>&1)
echo "$out" | grep -q 'where: switch edge, port ge1-0-3 "3F-East-Room-305", VLAN 20 (1 MAC(s) on it' &&
	ok "report_summary_names_the_socket" || ko "report_summary_names_the_socket" "$out"
# the collector: the report stored, the sheet's 要確認 row has 設置場所 = the socket
COLL="$LAB_TOP/build/egresswatch-collector"
# (make builds the collector with the agent: one missing is a failure, not a skip)
if [ -x "$COLL" ] && "$COLL" --db "$LAB_DIR/c.db" ingest "$LAB_DIR/one.json" >"$LAB_DIR/coll.out" 2>&1 &&
	"$COLL" --db "$LAB_DIR/c.db" reconcile --site LAB-LOCATE --format csv -o "$LAB_DIR/sheet.csv" >>"$LAB_DIR/coll.out" 2>&1 &&
	grep -F "$DEV_MAC" "$LAB_DIR/sheet.csv" | grep -q '"要確認[0-9]*",.*"3F-East-Room-305 (edge ge1-0-3, VLAN 20)"'; then
	ok "collector_sheet_location_filled"
else
	ko "collector_sheet_location_filled" "$([ -x "$COLL" ] || echo "$COLL not built"; cat "$LAB_DIR/coll.out" 2>/dev/null
		grep -F "$DEV_MAC" "$LAB_DIR/sheet.csv" 2>/dev/null | cut -c1-300)"
fi
# the agent never sent a frame on the SPAN port: its peer received nothing
rx=$(in_ns edge cat /sys/class/net/span0/statistics/rx_packets)
[ "$rx" -eq 0 ] && ok "nothing_sent_on_span_port" || ko "nothing_sent_on_span_port" "span0 received $rx frames"
# the agent's log: it must exist (the live agent wrote its stderr there) and
# hold no sanitizer report or crash; and the agent ended cleanly on SIGTERM
if [ ! -f "$LAB_DIR/mon.log" ]; then
	ko "agent_log_clean" "no $LAB_DIR/mon.log: the live agent's stderr went nowhere checked"
elif grep -qE "ERROR: (Address|Leak)Sanitizer|runtime error|Segmentation|Aborted" "$LAB_DIR/mon.log"; then
	ko "agent_log_clean" "$(tail -5 "$LAB_DIR/mon.log")"
else
	ok "agent_log_clean"
fi
[ "$AGENT_RC" = 0 ] && ok "agent_exit_clean_on_sigterm" || ko "agent_exit_clean_on_sigterm" "exit status $AGENT_RC"
[ $fail -eq 0 ] || { echo "     lab dir: $LAB_DIR"; for f in "$LAB_DIR"/*.log; do echo "--- $f"; tail -5 "$f"; done; }
echo "locate: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
