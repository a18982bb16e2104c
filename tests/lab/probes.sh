#!/bin/sh
# SPDX-License-Identifier: ISC
# probes.sh - egresswatch-probe in the virtual hospital (docs/LAB.md).
#
# One hospital (declared core router, EMR server, clients, the agent on the
# SPAN port) with three devices that a passive listener misses because nobody
# uses them: a retail router whose DHCP server no client asks, a PC with
# forwarding on and a dongle as its default route that nobody routes through,
# and a mobile-line home router on the EMR subnet whose UPnP IGD (miniupnpd)
# reports a docomo external address. The agent listens first
# (PASSIVE_WAIT seconds); then the probe runs from an ordinary access port
# (host "probe", 10.20.0.50) with its outgoing frames captured, and each case
# is asserted on its report, its log and that capture.
# Every namespace is made here and removed on exit (lib.sh, trap); nothing is
# linked to the root namespace, so no probe leaves the test.
# Prints one line per case and "probes: N passed, N failed", or SKIPPED.
set -u
cd "$(dirname "$0")/../.."
LAB_TOP=$(pwd)
export LAB_TOP
LAB="ewp$$"
. tests/lab/lib.sh
if ! why=$(lab_can_run); then
	echo "SKIPPED: probes: $why"
	exit 0
fi
for tool in dnsmasq miniupnpd busybox curl tcpdump tshark iptables python3; do
	command -v "$tool" >/dev/null 2>&1 || { echo "SKIPPED: probes: $tool is not installed (make deps installs it)"; exit 0; }
done
PROBE="$LAB_TOP/build/egresswatch-probe"
for b in "$PROBE" "$AGENT"; do
	[ -x "$b" ] || { echo "probes: $b missing (make all)"; echo "probes: 0 passed, 1 failed"; exit 1; }
done
. tests/lab/hospital.sh
. tests/lab/devices.sh
trap 'lab_cleanup' EXIT
trap 'exit 130' INT TERM

PASSIVE_WAIT=${PASSIVE_WAIT:-20}
RATE=50
PROBE_MAC=00:00:5e:00:53:50   # IANA documentation OUI (RFC 7042)
PROBE_IP=10.20.0.50
RTR_MAC=00:24:a5:aa:00:11     # a Buffalo OUI: a retail router a department bought
RTR_LAN=192.168.11.1          # Buffalo's factory LAN address
H5G_MAC=00:22:a5:bb:00:22     # a Sharp OUI (docomo home 5G HR01 maker)
H5G_IP=10.20.0.250
H5G_EXT=1.66.12.34            # docomo mobile range (data/carriers.conf); exists only in these namespaces
Q="python3 $LAB_TOP/tests/lab/report_query.py"
pass=0
fail=0
result() { # NAME OK(0/1) [why]
	if [ "$2" -eq 0 ]; then
		pass=$((pass + 1)); echo "ok   $1"
	else
		fail=$((fail + 1)); echo "FAIL $1${3:+: $3}"
	fi
}

# ---- the devices nobody uses ------------------------------------------------------------

# A retail router (Buffalo) on its factory subnet: DHCP for anyone who asks,
# NAT to a carrier. Nobody asks: the declared server answers the hospital's clients.
device_quiet_router() {
	lab_host rtr "$RTR_MAC"
	carrier_ns rcarrier
	lab_link rtr wan0 rcarrier eth0
	in_ns rtr ip addr add "$RTR_LAN/24" dev eth0
	in_ns rtr ip addr add 100.64.4.2/24 dev wan0
	in_ns rcarrier ip addr add 100.64.4.1/24 dev eth0
	in_ns rtr ip route add default via 100.64.4.1
	in_ns rtr sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.disable_ipv6=1
	in_ns rtr iptables -t nat -A POSTROUTING -o wan0 -j MASQUERADE
	touch "$LAB_DIR/rtr.leases"
	chmod 666 "$LAB_DIR/rtr.leases"
	lab_bg rtr dnsmasq --no-daemon --conf-file=/dev/null --port=0 --interface=eth0 --bind-interfaces \
		--dhcp-range=192.168.11.100,192.168.11.150,255.255.255.0,1h --dhcp-option=3,"$RTR_LAN" \
		--dhcp-leasefile="$LAB_DIR/rtr.leases" --user=root --group=root --no-ping
	# the core's server must not hand out this router's addresses either: it already ignores nobody
}

# A PC with a USB LTE dongle as its default route and forwarding on; nobody routes through it.
device_quiet_pc() {
	device_pc_sharing
	if [ -z "$PC_IP" ]; then # the declared server was slow to answer: once more
		in_ns pc busybox udhcpc -i eth0 -s "$LAB_TOP/tests/lab/udhcpc.script" -q -n -t 5 -T 1 >>"$LAB_DIR/pc.log" 2>&1
		PC_IP=$(in_ns pc ip -4 -o addr show dev eth0 | awk '{print $4}' | cut -d/ -f1)
	fi
	echo "   the PC has ${PC_IP:-no address}"
	# a web page on the PC that redirects outside the subnets: the fetcher must not follow it
	lab_bg pc python3 -c '
import http.server as h
class R(h.BaseHTTPRequestHandler):
    def do_GET(s):
        s.send_response(302); s.send_header("Location", "http://198.51.100.10/admin"); s.end_headers()
    def log_message(s, *a): pass
h.HTTPServer(("0.0.0.0", 80), R).serve_forever()'

	# IPv6 too: forwarding on, a default route out of the dongle (the hop-limit-1 test)
	in_ns pc sysctl -qw net.ipv6.conf.all.forwarding=1
	in_ns pc ip -6 addr add fd00:64:1::2/64 dev wan0 nodad
	in_ns pcarrier ip -6 addr add fd00:64:1::1/64 dev eth0 nodad
	in_ns pc ip -6 route add default via fd00:64:1::1 dev wan0
	in_ns pc ip route replace default via 100.64.1.1 dev wan0
}

# A mobile-line home router plugged in with a LAN address on the EMR subnet:
# miniupnpd with a docomo external address; its periodic NOTIFYs are 15
# minutes apart and the first burst went out before the agent listened.
device_quiet_igd() {
	lab_host h5g "$H5G_MAC"
	lab_ns_only hcarrier
	lab_link h5g wan0 hcarrier eth0
	in_ns h5g ip addr add "$H5G_IP/24" dev eth0
	in_ns h5g ip addr add 100.64.5.2/24 dev wan0
	in_ns hcarrier ip addr add 100.64.5.1/24 dev eth0
	in_ns h5g ip route add default via 100.64.5.1
	in_ns h5g sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.disable_ipv6=1
	in_ns h5g iptables -t nat -A POSTROUTING -o wan0 -j MASQUERADE
	cat >"$LAB_DIR/h5g-upnp.conf" <<M
ext_ifname=wan0
ext_ip=$H5G_EXT
listening_ip=eth0
port=5000
enable_natpmp=no
enable_upnp=yes
secure_mode=yes
notify_interval=900
uuid=3d3cec3a-8cf0-11e0-98ee-0022a5bb0022
friendly_name=home 5G
manufacturer_name=SHARP
model_name=HR01
model_number=1.0
allow 1024-65535 10.20.0.0/24 1024-65535
deny 0-65535 0.0.0.0/0 0-65535
M
	lab_bg h5g miniupnpd -d -f "$LAB_DIR/h5g-upnp.conf" -P "$LAB_DIR/h5g-upnp.pid"
	# its admin page (the http probe reads the <title> and the Server header only)
	mkdir -p "$LAB_DIR/h5g-www"
	printf '<html><head><title>docomo home 5G HR01 &lt;login&gt;</title></head><body>password</body></html>\n' \
		>"$LAB_DIR/h5g-www/index.html"
	lab_bg h5g busybox httpd -f -p 80 -h "$LAB_DIR/h5g-www"
}

probe_host() {
	lab_host probe "$PROBE_MAC"
	in_ns probe ip addr add "$PROBE_IP/24" dev eth0
	in_ns probe ip route add default via 10.20.0.1
	# an access port with an address; the kernel keeps quiet so the capture shows the probe
	in_ns probe sysctl -qw net.ipv6.conf.eth0.router_solicitations=0 net.ipv6.conf.eth0.accept_ra=0
}

# Captures what leaves the probe's port (outgoing only) into FILE until capture_stop.
capture_start() {
	# not through in_ns: $! must be tcpdump itself (ip netns exec execs it) so it can be stopped
	ip netns exec "$(ns probe)" tcpdump -i eth0 -Q out -n -U -Z root -w "$1" >"$LAB_DIR/tcpdump.log" 2>&1 &
	CAP_PID=$!
	LAB_PIDS="$LAB_PIDS $CAP_PID"
	_w=0
	while [ $_w -lt 50 ] && ! grep -q 'listening on' "$LAB_DIR/tcpdump.log" 2>/dev/null; do sleep 0.1; _w=$((_w + 1)); done
}
capture_stop() {
	sleep 0.5
	kill -INT "$CAP_PID" 2>/dev/null
	_w=0
	while [ $_w -lt 30 ] && kill -0 "$CAP_PID" 2>/dev/null; do sleep 0.1; _w=$((_w + 1)); done
	kill -9 "$CAP_PID" 2>/dev/null
}
frames() { tshark -r "$1" -T fields -e frame.number 2>/dev/null | wc -l; }

# ---- build ----------------------------------------------------------------------------------
echo "-- building the hospital and three devices nobody uses"
hospital_core
probe_host
hospital_client c1 00:06:5b:00:10:01
hospital_traffic c1 10.20.0.10 "$INET_SERVER"
device_quiet_pc     # first: its lease must come from the declared server, not the router below
device_quiet_router
device_quiet_igd
sleep 3 # the IGD's start-up NOTIFY burst is over before anyone listens
in_ns probe ip neigh flush dev eth0 2>/dev/null

# ---- safety first: a dry run and a refused sweep send nothing --------------------------------
capture_start "$LAB_DIR/dry.pcap"
in_ns probe timeout 120 "$PROBE" -i eth0 --subnet "$EMR_SUBNET" --probe all --dry-run >"$LAB_DIR/dry.out" 2>&1
drc=$?
in_ns probe timeout 120 "$PROBE" -i eth0 --subnet 10.20.0.0/16 --probe arp -o "$LAB_DIR/refused.json" >"$LAB_DIR/refused.out" 2>&1
rrc=$?
capture_stop
n=$(frames "$LAB_DIR/dry.pcap")
lines=$(grep -cE '^would send (dhcp|dhcp6|rs|irdp|ssdp|arp|forward) ' "$LAB_DIR/dry.out")
# 1 DHCP + 1 DHCPv6 + 1 RS + 1 IRDP + 2 M-SEARCH + 253 ARP + 2 forwarding tests
[ $drc -eq 0 ] && [ "$n" -eq 0 ] && [ "$lines" -eq 261 ]
result dry_run_prints_every_packet_and_sends_nothing $? "rc=$drc, $lines lines, $n frames left the port"
[ $rrc -eq 2 ] && grep -q 'allow-large-sweep' "$LAB_DIR/refused.out" && grep -q '65534 addresses, 3277 s at 20/s' "$LAB_DIR/refused.out" &&
	[ ! -e "$LAB_DIR/refused.json" ] && [ "$n" -eq 0 ]
result slash16_sweep_refused_without_flag_and_says_how_long $? "rc=$rrc: $(head -c 200 "$LAB_DIR/refused.out")"

# ---- listening alone -------------------------------------------------------------------------
echo "-- listening alone for ${PASSIVE_WAIT}s"
# shellcheck disable=SC2046
lab_agent_start $(declared_args)
t0=$(date +%s%3N)
passive_rtr="" passive_pc="" passive_igd=""
end=$(( $(date +%s) + PASSIVE_WAIT ))
while [ "$(date +%s)" -lt "$end" ]; do
	lab_agent_report || true
	now=$(( $(date +%s%3N) - t0 ))
	[ -z "$passive_rtr" ] && $Q last "$LAB_DIR/report.jsonl" "c['mac']=='$RTR_MAC' and c['confidence']>=0.7" >/dev/null 2>&1 && passive_rtr=$now
	[ -z "$passive_pc" ] && $Q last "$LAB_DIR/report.jsonl" "c['mac']=='$PC_MAC' and c['confidence']>=0.7" >/dev/null 2>&1 && passive_pc=$now
	[ -z "$passive_igd" ] && $Q last "$LAB_DIR/report.jsonl" "c['mac']=='$H5G_MAC' and c['confidence']>=0.7" >/dev/null 2>&1 && passive_igd=$now
	sleep 1
done

# ---- the probe -------------------------------------------------------------------------------
echo "-- probing from $PROBE_IP (rate $RATE/s)"
capture_start "$LAB_DIR/probe.pcap"
p0=$(date +%s%3N)
in_ns probe timeout 120 "$PROBE" -i eth0 --subnet "$EMR_SUBNET" --declared "$CORE_MAC" --declared 10.20.0.1 \
	--probe all --rate $RATE --listen 3 --carriers "$LAB_TOP/data/carriers.conf" \
	--fingerprints "$LAB_TOP/data/fingerprints.conf" -o "$LAB_DIR/probe.json" 2>"$LAB_DIR/probe.log"
prc=$?
p1=$(date +%s%3N)
capture_stop
echo "   probe run: rc=$prc, $(( (p1 - p0) / 1000 )) s; $(tail -n 1 "$LAB_DIR/probe.log")"
R="$LAB_DIR/probe.json"
at() { sed -n "s/^$1.* at +\([0-9.]*\) s.*/\1/p" "$LAB_DIR/probe.log" | head -n 1; }
cand() { python3 - "$R" "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = [c for c in r["candidates"] if c["mac"] == sys.argv[2]]
print(json.dumps(c[0])[:400] if c else "no candidate")
PY
}
check() { # MAC PYTHON-EXPR over c
	python3 - "$R" "$1" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = [c for c in r["candidates"] if c["mac"] == sys.argv[2]]
ev = {e["kind"]: e for e in c[0]["evidence"]} if c else {}
sys.exit(0 if c and eval(sys.argv[3], {"c": c[0], "ev": ev}) else 1)
PY
}
[ $prc -eq 0 ] || { echo "   probe log:"; sed 's/^/     /' "$LAB_DIR/probe.log" | tail -n 20; }

python3 -c "
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))" "$R" "$LAB_TOP/include/egresswatch/report.schema.json" >"$LAB_DIR/schema.out" 2>&1
result probe_report_valid_against_the_report_schema $? "$(tail -n 3 "$LAB_DIR/schema.out")"

check "$RTR_MAC" "'dhcp_rogue_router' in c['way_out'] and c['confidence']>=0.7 and c.get('found_by')=='probes' and 'dhcp' in ev['probe_answer']['detail']['stimuli'] and '$RTR_LAN' in ev['dhcp_rogue_router']['detail']['routers']"
result router_whose_dhcp_nobody_asks_found_by_discover $? "$(cand "$RTR_MAC")"

check "$PC_MAC" "'probe_forwarding' in c['way_out'] and c['confidence']>=0.9 and c['class']=='host_sharing' and ev['probe_forwarding']['detail']['ipv4'] and ev['probe_forwarding']['detail']['ipv6']"
result pc_forwarding_nobody_uses_found_by_ttl1_test_ipv4_and_ipv6 $? "$(cand "$PC_MAC")"

check "$H5G_MAC" "ev['probe_wan_addr']['detail']['external_addr']=='$H5G_EXT' and ev['probe_wan_addr']['detail']['carrier']=='docomo' and ev['probe_wan_addr']['detail']['mobile'] and ev['probe_upnp']['detail']['model_name']=='HR01' and ev['probe_upnp']['detail']['manufacturer']=='SHARP' and 'docomo' in c['reason'] and c['class'] in ('home_router','mobile_router')"
result igd_external_address_and_model_with_mobile_carrier_hint $?

check "$H5G_MAC" "ev['probe_http']['detail']['title']=='docomo home 5G HR01 &lt;login&gt;' and ev['probe_http']['detail']['at']=='$H5G_IP'"
result admin_page_title_read_and_kept_as_text $? "$(cand "$H5G_MAC")" "$(cand "$H5G_MAC")"

check 00:00:5e:00:53:10 "False"
emr=$?
[ $emr -ne 0 ]
result emr_server_without_forwarding_is_no_candidate $?

grep -q "fetch admin page http://$PC_IP/: redirect outside the configured subnets" "$LAB_DIR/probe.log" &&
	check "$PC_MAC" "'probe_http' not in ev"
result redirect_outside_the_subnets_not_followed $? "$(grep "fetch admin page http://$PC_IP/" "$LAB_DIR/probe.log")"

# times: the probe's, from its start to the decisive answer; listening's, or "> PASSIVE_WAIT"
t_rtr=$(at "answer dhcp from $RTR_MAC") t_pc=$(at "answer forward from $PC_MAC") t_igd=$(at "external address $H5G_EXT")
fmt_passive() { if [ -n "$1" ]; then echo "$(( $1 / 1000 )).$(( $1 % 1000 / 100 ))s"; else echo ">${PASSIVE_WAIT}s (not found)"; fi; }
echo "probes times to detect: router probe=${t_rtr:-?}s listening=$(fmt_passive "$passive_rtr");" \
	"pc probe=${t_pc:-?}s listening=$(fmt_passive "$passive_pc");" \
	"igd probe=${t_igd:-?}s listening=$(fmt_passive "$passive_igd")"
faster() { # PROBE_S PASSIVE_MS
	[ -n "$1" ] || return 1
	[ -z "$2" ] && return 0
	python3 -c "import sys; sys.exit(0 if float('$1')*1000 < $2 else 1)"
}
faster "$t_rtr" "$passive_rtr" && faster "$t_pc" "$passive_pc" && faster "$t_igd" "$passive_igd"
result probes_find_each_device_faster_than_listening $?

# the capture of what left the probe's port: rate and destinations
python3 - "$LAB_DIR/probe.pcap" "$RATE" "$PROBE_MAC" >"$LAB_DIR/capcheck.out" 2>&1 <<'PY'
import ipaddress, subprocess, sys
cap, rate, mac = sys.argv[1], int(sys.argv[2]), sys.argv[3]
f = "frame.time_epoch eth.src eth.type ip.dst ip.ttl ipv6.dst ipv6.hlim arp.opcode arp.dst.proto_ipv4 udp.dstport icmp.type icmpv6.type".split()
out = subprocess.run(["tshark", "-r", cap, "-T", "fields", "-E", "separator=|"] + sum([["-e", x] for x in f], []),
                     capture_output=True, text=True).stdout.splitlines()
local = ipaddress.ip_network("10.20.0.0/24")
bad, sent = [], []
for line in out:
    v = dict(zip(f, line.split("|")))
    ts = float(v["frame.time_epoch"])
    # the stimuli (the kernel's own ARP replies, neighbour discovery, MLD and the fetches' TCP are not)
    stim = (v["arp.opcode"] == "1" or v["udp.dstport"] in ("67", "547", "1900", "33434")
            or v["icmp.type"] == "10" or v["icmpv6.type"] == "133")
    if stim:
        sent.append(ts)
    for d, hl in ((v["ip.dst"], v["ip.ttl"]), (v["ipv6.dst"], v["ipv6.hlim"])):
        if not d:
            continue
        a = ipaddress.ip_address(d.split(",")[0])
        ok = (a in local or a.is_multicast or a.is_link_local or str(a) == "255.255.255.255"
              or (str(a) in ("192.0.2.1", "2001:db8::1") and hl.split(",")[0] == "1"))
        if not ok:
            bad.append(line)
    if v["arp.dst.proto_ipv4"] and ipaddress.ip_address(v["arp.dst.proto_ipv4"]) not in local:
        bad.append(line)
sent.sort()
worst = max((sum(1 for t in sent[i:] if t < s + 1.0) for i, s in enumerate(sent)), default=0)
print(f"{len(out)} frames out, {len(sent)} stimuli, at most {worst} in any 1 s window (rate {rate}/s), {len(bad)} outside")
for b in bad[:5]:
    print("outside:", b)
sys.exit(0 if not bad and len(sent) > 250 else 1)
PY
capok=$?
cat "$LAB_DIR/capcheck.out" | head -n 1 | sed 's/^/   /'
grep -q 'at most' "$LAB_DIR/capcheck.out" && python3 - "$LAB_DIR/capcheck.out" "$RATE" <<'PY'
import re, sys
m = re.search(r"at most (\d+) in any 1 s window", open(sys.argv[1]).read())
sys.exit(0 if m and int(m.group(1)) <= int(sys.argv[2]) + 1 else 1)
PY
result rate_limit_holds_in_the_capture $?
! grep -q '^outside:' "$LAB_DIR/capcheck.out" && [ $capok -eq 0 ]
result nothing_outside_the_subnets_but_ttl1_tests $? "$(grep '^outside' "$LAB_DIR/capcheck.out" | head -n 2)"
grep -c '^sent ' "$LAB_DIR/probe.log" | { read -r logged; [ "$logged" -gt 250 ]; }
result each_run_logs_what_it_sent $?

# the live agent runs the same probes on a schedule and reports what they found
# (here it listens on the probe's own port: a namespace holds one of them)
in_ns probe timeout 60 "$AGENT" -i eth0 $(declared_args) --probe arp,forward --probe-interface eth0 \
	--probe-rate 100 --probe-every 1m --duration 10s --window 1h -o "$LAB_DIR/agent-probe.jsonl" \
	2>"$LAB_DIR/agent-probe.log"
arc=$?
python3 - "$LAB_DIR/agent-probe.jsonl" "$PC_MAC" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
c = [c for c in json.loads(lines[-1])["candidates"] if c["mac"] == sys.argv[2]] if lines else []
sys.exit(0 if c and "probe_forwarding" in c[0]["way_out"] and c[0]["confidence"] >= 0.9 else 1)
PY
[ $? -eq 0 ] && [ $arc -eq 0 ] && grep -q '^sent .* forward ' "$LAB_DIR/agent-probe.log"
result agent_scheduled_probes_find_the_forwarding_pc $? "rc=$arc $(tail -n 2 "$LAB_DIR/agent-probe.log")"

echo "probes: $pass passed, $fail failed"
[ $fail -eq 0 ]
