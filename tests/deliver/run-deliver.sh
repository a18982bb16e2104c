#!/bin/sh
# SPDX-License-Identifier: ISC
# run-deliver.sh - the agent delivers every report through collector
# outages, restarts and crashes: real processes, real sockets on loopback,
# the real collector (`serve`), tokens made with `token add`, rows counted
# with sqlite3 in the collector's store. TLS with CAs and certificates made
# here by openssl (right CA, wrong CA, expired, wrong host name). The sender
# runs in its seccomp filter throughout; host names are resolved in it too
# (/etc/hosts and a DNS server, in namespaces made here; root only).
# Prints "deliver: N passed, N failed" (and what was skipped, and why).
set -u
cd "$(dirname "$0")/../.."
. tests/deliver/lib.sh

for need in "$AGENT" "$C"; do
	if [ ! -x "$need" ]; then
		echo "SKIPPED: $need is not built (make all)"
		exit 0
	fi
done
for cmd in sqlite3 curl openssl "$PY"; do
	if ! command -v "$cmd" >/dev/null; then
		echo "SKIPPED: $cmd is not installed"
		exit 0
	fi
done

T=$(mktemp -d)
chmod 755 "$T" # the agent's user (egresswatch or nobody) reaches its spool in here
SPID=""
cleanup() {
	[ -n "$SPID" ] && kill "$SPID" 2>/dev/null
	[ -n "${FPID:-}" ] && kill "$FPID" 2>/dev/null
	[ -n "${DPID:-}" ] && kill "$DPID" 2>/dev/null
	[ -n "${APID:-}" ] && kill "$APID" 2>/dev/null
	[ -n "${DNSNS:-}" ] && ip netns del "$DNSNS" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
DB=$T/c.db
NS=""
SITE=DEMO-HOSPITAL
"$C" --db "$DB" token add --role agent --site $SITE >"$T/tok" 2>/dev/null
echo 0000000000000000000000000000000000000000000000000000000000000000 >"$T/badtok"
chmod 644 "$T/tok" "$T/badtok"
# the sender's seccomp filter is loaded but in a sanitizer build
SANDBOX=1
"$AGENT" --sandbox-test-sender socket >/dev/null 2>&1
[ $? = 77 ] && SANDBOX=0
# the agent drops root to egresswatch (else nobody): the packaging makes the
# spool the user's; here the test does (the agent never chowns a folder it
# did not make)
own() { [ "$(id -u)" = 0 ] && chown -R "$AGENT_USER" "$1"; }

# flush SPOOL URL [args]: the agent's --flush; status in $rc, stderr in $T/flush.err
flush() {
	sp=$1
	url=$2
	shift 2
	"$AGENT" --flush --collector "$url" --token-file "$T/tok" --spool "$sp" "$@" 2>"$T/flush.err"
	rc=$?
}

# ---- a collector that is down: -r spools, exits 3; --flush delivers once ----
serve "$T/s0.log" 0
DOWN_PORT=$PORT
stop
SP=$T/spool-outage
"$AGENT" -r data/demo.pcapng -c data/demo.conf --collector http://127.0.0.1:$DOWN_PORT --token-file "$T/tok" \
	--spool "$SP" --deliver-timeout 2 -o "$T/r.json" 2>"$T/r.err"
check "-r with the collector down: exit 3" 3 $?
check "the report is kept in the spool" 1 "$(count_files "$SP")"
if grep -q "kept in the spool $SP" "$T/r.err"; then ok "-r says the report is kept in the spool"; else ko "-r says the report is kept in the spool: $(cat "$T/r.err")"; fi
check "-o still has the report" 1 "$("$PY" -c 'import json,sys; json.load(open(sys.argv[1])); print(1)' "$T/r.json")"
if "$PY" -c 'import json,sys,glob; d=json.load(open(glob.glob(sys.argv[1]+"/*.json")[0])); l=d["limits"]; sys.exit(0 if l["spool_backlog"]==0 and l["spool_dropped"]==0 else 1)' "$SP"; then
	ok "the spooled report says spool_backlog 0, spool_dropped 0"
else
	ko "the spooled report says spool_backlog 0, spool_dropped 0"
fi
spool_reports "$SP" 5 $SITE
serve "$T/s1.log" "$DOWN_PORT"
flush "$SP" http://127.0.0.1:$PORT
check "--flush with the collector back: exit 0" 0 "$rc"
check "--flush empties the spool" 0 "$(count_files "$SP")"
# the agent's own report needs a collector that reads today's schema; the
# synthetic ones always can
check "every spooled report stored once (6 rows)" 6 "$(rows)"
flush "$SP" http://127.0.0.1:$PORT
check "--flush of an empty spool: exit 0" 0 "$rc"
check "still 6 rows" 6 "$(rows)"
check "each report was stored by one 201" 6 "$(grep -c 'POST /api/v1/reports 201' "$T/s1.log")"

# ---- a long backlog: glibc's qsort of 60 or more spool names asks
# sysinfo(2) unless something asked it before the filter went on; the
# sender's filter allows it. 59 waiting when the sender starts, the 60th
# comes from the pipe while the collector is down, then --flush ----
SP=$T/spool-long
spool_reports "$SP" 59 $SITE
stop
"$AGENT" -r data/demo.pcapng -c data/demo.conf --collector http://127.0.0.1:$DOWN_PORT --token-file "$T/tok" \
	--spool "$SP" --deliver-timeout 2 -o /dev/null 2>"$T/long.err"
check "a 60th report spooled inside the filter, collector down: exit 3" 3 $?
check "60 reports wait in the spool" 60 "$(count_files "$SP")"
serve "$T/s1.log" "$DOWN_PORT"
flush "$SP" http://127.0.0.1:$PORT
check "--flush of a 60-report backlog inside the filter: exit 0" 0 "$rc"
check "the 60-report backlog is delivered" 0 "$(count_files "$SP")"
check "the 59 synthetic reports stored (65 rows)" 65 "$(rows)"

# ---- oldest first ----
SP=$T/spool-order
spool_reports "$SP" 3 $SITE
ls "$SP" | sort >"$T/order.want"
flush "$SP" http://127.0.0.1:$PORT
sqlite3 "$DB" "select report_id from reports order by id desc limit 3" | sort >"$T/ids.got"
"$PY" -c '
import json,sys,glob
ids=[json.load(open(f))["report_id"] for f in sorted(glob.glob(sys.argv[1]))]
print("\n".join(ids))' "$T/gen.jsonl" >/dev/null 2>&1
got=$(sqlite3 "$DB" "select report_id from reports order by id desc limit 3" | tac | tr '\n' ' ')
want=$("$PY" -c 'import json,sys; print(" ".join(json.loads(l)["report_id"] for l in open(sys.argv[1])) + " ")' "$T/gen.jsonl")
check "the backlog goes oldest first" "$want" "$got"

# ---- a wrong token: kept in rejected/, logged once, not resent, exit 4 ----
SP=$T/spool-badtok
spool_reports "$SP" 2 $SITE
before=$(grep -c 'POST /api/v1/reports 401' "$T/s1.log")
"$AGENT" --flush --collector http://127.0.0.1:$PORT --token-file "$T/badtok" --spool "$SP" --deliver-timeout 3 2>"$T/bad.err"
check "a wrong token: exit 4" 4 $?
check "both reports kept, in rejected/" 2 "$(count_files "$SP/rejected")"
check "none left waiting" 0 "$(count_files "$SP")"
after=$(grep -c 'POST /api/v1/reports 401' "$T/s1.log")
check "each refused report sent once (no retry loop)" 2 $((after - before))
check "the refusal is logged once per report" 2 "$(grep -c 'refused report' "$T/bad.err")"
"$AGENT" --flush --collector http://127.0.0.1:$PORT --token-file "$T/badtok" --spool "$SP" --deliver-timeout 3 2>/dev/null
check "a second --flush does not resend rejected reports" "$after" "$(grep -c 'POST /api/v1/reports 401' "$T/s1.log")"

# ---- the agent killed with SIGKILL mid-send: no loss, no duplicate ----
SP=$T/spool-kill
spool_reports "$SP" 200 $SITE
base=$(rows)
"$AGENT" --flush --collector http://127.0.0.1:$PORT --token-file "$T/tok" --spool "$SP" 2>/dev/null &
FPID=$!
i=0
while [ $i -lt 200 ] && [ "$(rows)" -lt $((base + 20)) ]; do
	sleep 0.05
	i=$((i + 1))
done
if [ "$SANDBOX" = 1 ]; then
	check "--flush sends inside the sender's seccomp filter (Seccomp 2)" 2 \
		"$(sed -n 's/^Seccomp:[[:space:]]*//p' /proc/$FPID/status 2>/dev/null)"
else
	sk "--flush inside the sender's seccomp filter: not loaded in a sanitizer build"
fi
kill -9 $FPID 2>/dev/null
wait $FPID 2>/dev/null
FPID=""
mid=$(($(rows) - base))
left=$(count_files "$SP")
if [ "$mid" -gt 0 ] && [ "$left" -gt 0 ]; then ok "SIGKILL mid-send ($mid stored, $left waiting)"; else ko "SIGKILL mid-send (stored $mid, waiting $left)"; fi
check "nothing lost at the kill: stored + waiting >= 200" 1 $((mid + left >= 200))
flush "$SP" http://127.0.0.1:$PORT
check "the restarted agent sends the rest: exit 0" 0 "$rc"
check "all 200 stored" 200 $(($(rows) - base))
check "no duplicate rows" "$(rows)" "$(distinct_rows)"
stop

# ---- the collector killed with SIGKILL during a burst of 200 ----
SP=$T/spool-crash
spool_reports "$SP" 200 $SITE
serve "$T/s2.log" "$DOWN_PORT"
base=$(rows)
"$AGENT" --flush --collector http://127.0.0.1:$PORT --token-file "$T/tok" --spool "$SP" --deliver-timeout 60 \
	2>"$T/crash.err" &
FPID=$!
i=0
while [ $i -lt 200 ] && [ "$(grep -c 'POST /api/v1/reports 201' "$T/s2.log")" -lt 30 ]; do
	sleep 0.05
	i=$((i + 1))
done
kill -9 "$SPID"
wait "$SPID" 2>/dev/null
acked=$(grep -c 'POST /api/v1/reports 20[01]' "$T/s2.log")
stored=$(($(rows) - base))
check "every report the collector acknowledged is stored after its crash" 1 $((stored >= acked))
sleep 1
serve "$T/s3.log" "$DOWN_PORT"
if [ "$PORT" = "$DOWN_PORT" ]; then ok "the collector restarts on its port"; else ko "the collector restarts on its port"; fi
wait $FPID
frc=$?
FPID=""
check "the agent re-sends the rest: exit 0" 0 "$frc"
check "all 200 stored once" 200 $(($(rows) - base))
check "no duplicate rows" "$(rows)" "$(distinct_rows)"
if grep -q "reachable again" "$T/crash.err"; then ok "the agent says the collector is back"; else ko "the agent says the collector is back"; fi
stop

# ---- evidence: each candidate's pcap follows its report; viewers download it ----
serve "$T/s4.log" 0
SP=$T/spool-ev
EV=$T/evidence
mkdir -p "$EV"
spool_reports "$SP" 1 $SITE
f=$(ls "$SP"/*.json)
mac=$("$PY" - "$f" "$EV" <<'PYEOF'
import json, sys
f, ev = sys.argv[1], sys.argv[2]
d = json.load(open(f))
c = d["candidates"][0]
c["vlan"] = None
name = c["mac"].replace(":", "-") + ".pcap"
c["evidence_file"] = ev + "/" + name
d["candidates"][1]["evidence_file"] = "/etc/passwd"   # only files in --evidence DIR ever go
json.dump(d, open(f, "w"))
print(c["mac"])
PYEOF
)
rid=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["report_id"])' "$f")
cp data/demo.pcapng "$EV/$(echo "$mac" | tr : -).pcap"
own "$SP"
own "$EV"
flush "$SP" http://127.0.0.1:$PORT --evidence "$EV"
check "a report with evidence: exit 0" 0 "$rc"
check "one evidence capture stored (not /etc/passwd)" 1 "$(sqlite3 "$DB" 'select count(*) from evidence')"
VIEWER=$("$C" --db "$DB" token add --role viewer --site $SITE 2>/dev/null)
code=$(curl -s -o "$T/ev.pcap" -w '%{http_code}' -H "Authorization: Bearer $VIEWER" \
	"http://127.0.0.1:$PORT/api/v1/reports/$rid/evidence/$mac")
check "a viewer downloads the capture: 200" 200 "$code"
if cmp -s "$T/ev.pcap" data/demo.pcapng; then ok "the capture comes back byte for byte"; else ko "the capture comes back byte for byte"; fi
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok")" \
	"http://127.0.0.1:$PORT/api/v1/reports/$rid/evidence/$mac")
check "an agent token cannot download it: 403" 403 "$code"
curl -s -H "Authorization: Bearer $VIEWER" "http://127.0.0.1:$PORT/sites/$SITE" >"$T/page.html"
if grep -q "/api/v1/reports/$rid/evidence/$mac" "$T/page.html"; then ok "the site page links the capture"; else ko "the site page links the capture"; fi
code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "Authorization: Bearer $(cat "$T/tok")" \
	--data-binary 'not a capture, just text long enough' "http://127.0.0.1:$PORT/api/v1/reports/$rid/evidence/$mac")
check "a body that is not a capture: 422" 422 "$code"
code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "Authorization: Bearer $(cat "$T/tok")" \
	--data-binary @data/demo.pcapng "http://127.0.0.1:$PORT/api/v1/reports/00000000-0000-8000-8000-000000000000/evidence/$mac")
check "evidence for an unknown report: 404" 404 "$code"
stop

# ---- a sender its filter killed (SIGSYS): said so, the report kept ----
SP=$T/spool-sigsys
(
	ulimit -c 0
	exec "$AGENT" -r data/demo.pcapng -c data/demo.conf --collector http://127.0.0.1:$DOWN_PORT \
		--token-file "$T/tok" --spool "$SP" --deliver-timeout 30 -o /dev/null 2>"$T/sigsys.err"
) &
APID=$!
i=0
KPID=""
while [ $i -lt 100 ] && { [ -z "$KPID" ] || [ "$(count_files "$SP")" != 1 ]; }; do
	sleep 0.1
	KPID=$(pgrep -P $APID -x ew-sender)
	i=$((i + 1))
done
[ -n "$KPID" ] && kill -SYS "$KPID"
wait $APID
check "the sender killed by SIGSYS: the agent exits 2" 2 $?
APID=""
if grep -q "killed by its seccomp filter" "$T/sigsys.err"; then ok "... and says the filter killed it"; else ko "... and says the filter killed it: $(cat "$T/sigsys.err")"; fi
check "... its report stays in the spool" 1 "$(count_files "$SP")"

# ---- the spool's cap drops the oldest and the next report says so ----
SP=$T/spool-cap
mkdir -p "$SP"
own "$SP"
head -c 1200000 /dev/zero | tr '\0' ' ' >"$SP/0000000000000001-1-0.json"
"$AGENT" -r data/demo.pcapng -c data/demo.conf --collector http://127.0.0.1:$DOWN_PORT --token-file "$T/tok" \
	--spool "$SP" --spool-max 1 --deliver-timeout 1 -o /dev/null 2>/dev/null
check "over the cap: exit 3" 3 $?
check "the oldest report was dropped for the new one" 1 "$(count_files "$SP")"
check "the new report counts it (limits.spool_dropped 1)" 1 "$("$PY" -c 'import json,sys,glob; print(json.load(open(glob.glob(sys.argv[1]+"/*.json")[0]))["limits"]["spool_dropped"])' "$SP")"

# ---- what the agent's spool said reaches /metrics, and stays after a restart ----
SP=$T/spool-metrics
for seg in "EMR first" "EMR second"; do # two reports (another segment: another report_id)
	"$AGENT" -r data/demo.pcapng -c data/demo.conf --agent-id metrics-agent --segment "$seg" \
		--collector http://127.0.0.1:$DOWN_PORT --token-file "$T/tok" --spool "$SP" --deliver-timeout 1 \
		-o /dev/null 2>/dev/null
done
check "two reports wait in the spool, the second with spool_backlog 1" "2 1" "$(count_files "$SP") $("$PY" -c '
import json,sys,glob
print(max(json.load(open(f))["limits"]["spool_backlog"] for f in glob.glob(sys.argv[1]+"/*.json")))' "$SP")"
ADMIN=$("$C" --db "$DB" token add --role admin 2>/dev/null)
# spool_metric NAME: the agent's sample of NAME in /metrics ("" when absent)
spool_metric() {
	curl -s -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$PORT/metrics" |
		sed -n "s/^$1{site=\"$SITE\",agent=\"metrics-agent\"} //p"
}
serve "$T/s-metrics.log" 0
flush "$SP" http://127.0.0.1:$PORT
check "both delivered: exit 0" 0 "$rc"
check "/metrics: the backlog the newest report carried" 1 "$(spool_metric egresswatch_agent_spool_backlog_reports)"
check "/metrics: nothing dropped" 0 "$(spool_metric egresswatch_agent_spool_dropped_reports_total)"
stop
serve "$T/s-metrics2.log" 0
check "/metrics after the collector restarts: the same backlog" 1 "$(spool_metric egresswatch_agent_spool_backlog_reports)"
if [ -n "$(spool_metric egresswatch_agent_last_report_timestamp_seconds)" ]; then
	ok "/metrics after the collector restarts: the agent's last report time"
else
	ko "/metrics after the collector restarts: the agent's last report time"
fi
stop

# ---- TLS: CA, certificates and an expired one made here ----
K=$T/pki
mkdir -p "$K"
mkca() {
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$K/$1.key" -out "$K/$1.pem" -days 2 -subj "/CN=$1" 2>/dev/null
}
# mkcert NAME SAN [startdate enddate]
mkcert() {
	openssl req -newkey rsa:2048 -nodes -keyout "$K/$1.key" -out "$K/$1.csr" -subj "/CN=$1" 2>/dev/null
	: >"$K/index.txt"
	echo 01 >"$K/serial"
	cat >"$K/ca.cnf" <<CNF
[ca]
default_ca = d
[d]
dir = $K
database = $K/index.txt
serial = $K/serial
new_certs_dir = $K
certificate = $K/ca.pem
private_key = $K/ca.key
default_md = sha256
policy = p
copy_extensions = none
x509_extensions = e
unique_subject = no
[p]
commonName = supplied
[e]
subjectAltName = $2
basicConstraints = CA:FALSE
CNF
	if [ $# -ge 4 ]; then
		set -- "$1" "$2" -startdate "$3" -enddate "$4"
	else
		set -- "$1" "$2" -days 2
	fi
	n=$1
	shift 2
	openssl ca -batch -config "$K/ca.cnf" -in "$K/$n.csr" -out "$K/$n.pem" -notext "$@" >/dev/null 2>&1
}
mkca ca
mkca otherca
mkcert good "IP:127.0.0.1,DNS:localhost"
mkcert wronghost "DNS:collector.invalid"
mkcert expired "IP:127.0.0.1,DNS:localhost" 20200101000000Z 20200201000000Z
if [ ! -s "$K/good.pem" ] || [ ! -s "$K/expired.pem" ] || [ ! -s "$K/wronghost.pem" ]; then
	ko "TLS: openssl could not make the certificates (openssl is installed: every TLS case would go untested)"
else
	# tls CERT CAFILE: a fresh report through an https collector; status in $rc
	tls() {
		serve "$T/tls-$1.log" 0 --tls-cert "$K/$1.pem" --tls-key "$K/$1.key"
		SP=$T/spool-tls-$1-$(basename "$2")
		spool_reports "$SP" 1 $SITE
		b=$(rows)
		flush "$SP" https://127.0.0.1:$PORT --ca-file "$2" --deliver-timeout 3
		stored=$(($(rows) - b))
		kept=$(count_files "$SP")
		stop
	}
	tls good "$K/ca.pem"
	check "TLS with the right CA: exit 0" 0 "$rc"
	check "TLS with the right CA: stored" "1 0" "$stored $kept"
	tls good "$K/otherca.pem"
	check "TLS with a wrong CA: refused, exit 3" 3 "$rc"
	check "TLS with a wrong CA: not stored, kept in the spool" "0 1" "$stored $kept"
	tls expired "$K/ca.pem"
	check "TLS with an expired certificate: refused, exit 3" 3 "$rc"
	check "TLS with an expired certificate: kept in the spool" "0 1" "$stored $kept"
	if grep -qi "expired" "$T/flush.err"; then ok "the log says the certificate expired"; else ko "the log says the certificate expired: $(cat "$T/flush.err")"; fi
	tls wronghost "$K/ca.pem"
	check "TLS with a wrong host name: refused, exit 3" 3 "$rc"
	check "TLS with a wrong host name: kept in the spool" "0 1" "$stored $kept"
fi

# ---- host names: the resolver's thread, /etc/hosts and DNS inside the filter ----
# In a network namespace made here, with a private mount namespace per run
# whose /etc/hosts and /etc/resolv.conf are the test's: a name with two
# addresses in hosts (glibc then asks netlink, which the filter refuses, to
# sort them) and a name a DNS server (dnsmasq on the namespace's loopback)
# answers.
if [ "$(id -u)" != 0 ] || ! command -v dnsmasq >/dev/null || ! command -v unshare >/dev/null; then
	sk "host names: needs root, dnsmasq and unshare"
elif ! ip netns add "ewdns$$" 2>/dev/null; then
	sk "host names: cannot make a network namespace"
else
	DNSNS=ewdns$$
	NS="ip netns exec $DNSNS"
	$NS ip link set lo up
	printf '127.0.0.1 collector-hosts.test\n::1 collector-hosts.test\n' >"$T/hosts"
	printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:2\n' >"$T/resolv.conf"
	$NS dnsmasq -k --conf-file=/dev/null --listen-address=127.0.0.1 --bind-interfaces --port=53 --no-resolv \
		--no-hosts --address=/collector-dns.test/127.0.0.1 --pid-file="$T/dnsmasq.pid" \
		--log-queries --log-facility="$T/dnsmasq.log" 2>/dev/null &
	DPID=$!
	serve "$T/s-dns.log" 0
	for h in collector-hosts.test collector-dns.test; do
		SP=$T/spool-$h
		spool_reports "$SP" 2 $SITE
		b=$(rows)
		$NS unshare -m --propagation private sh -c \
			'mount --bind "$1" /etc/hosts && mount --bind "$2" /etc/resolv.conf && shift 2 && exec "$@"' \
			sh "$T/hosts" "$T/resolv.conf" "$AGENT" --flush --collector "http://$h:$PORT" --token-file "$T/tok" \
			--spool "$SP" --deliver-timeout 5 2>"$T/flush-$h.err"
		check "a collector named $h: exit 0, both stored" "0 2 0" "$? $(($(rows) - b)) $(count_files "$SP")"
	done
	if grep -q "query\[A\] collector-dns.test" "$T/dnsmasq.log" 2>/dev/null; then ok "... the name was asked of the DNS server"; else ko "... the name was asked of the DNS server"; fi
	stop
	kill "$DPID" 2>/dev/null
	wait "$DPID" 2>/dev/null
	DPID=""
	NS=""
	ip netns del "$DNSNS"
	DNSNS=""
fi

# ---- configuration errors name the file and the line ----
printf 'site H1\n\nwindow 15x\n' >"$T/bad.conf"
"$AGENT" --check-config -c "$T/bad.conf" 2>"$T/cfg.err" >/dev/null
check "--check-config on a bad file: exit 2" 2 $?
if grep -q "$T/bad.conf:3:" "$T/cfg.err"; then ok "--check-config says FILE:LINE"; else ko "--check-config says FILE:LINE: $(cat "$T/cfg.err")"; fi
printf 'site H1\ncollector ftp://x\n' >"$T/bad2.conf"
"$AGENT" --check-config -c "$T/bad2.conf" 2>"$T/cfg.err" >/dev/null
if grep -q "$T/bad2.conf:2: --collector" "$T/cfg.err"; then ok "a bad collector URL: FILE:LINE"; else ko "a bad collector URL: FILE:LINE: $(cat "$T/cfg.err")"; fi
printf 'site H1\ncollector https://c.example\ntoken-file %s\nspool %s/sp\n' "$T/tok" "$T" >"$T/good.conf"
out=$("$AGENT" --check-config -c "$T/good.conf" 2>&1)
check "--check-config on a good file: OK" "configuration OK" "$out"

# ---- --log syslog: the messages leave stderr ----
"$AGENT" --flush --collector http://127.0.0.1:1 --token-file "$T/missing-token" --spool "$T/sp-log" --log syslog \
	2>"$T/log.err"
check "--log syslog: a missing token file is exit 2" 2 $?
check "--log syslog: nothing on stderr" 0 "$(wc -c <"$T/log.err" | tr -d ' ')"
"$AGENT" --flush --collector http://127.0.0.1:1 --token-file "$T/missing-token" --spool "$T/sp-log" 2>"$T/log.err"
if grep -q "missing-token" "$T/log.err"; then ok "--log stderr (default): the message names the file"; else ko "--log stderr (default): the message names the file"; fi

# with COLLECTOR or AGENT from build/san: no sanitizer report in any log
if grep -l -E "ERROR: (Address|Leak)Sanitizer|runtime error:" "$T"/*.log "$T"/*.err 2>/dev/null | grep -q .; then
	ko "a sanitizer report in $(grep -l -E "ERROR: (Address|Leak)Sanitizer|runtime error:" "$T"/*.log "$T"/*.err | tr '\n' ' ')"
else
	ok "no sanitizer report in the collector's or the agent's logs"
fi
echo "deliver: $pass passed, $fail failed${skip:+ ($skip skipped)}"
[ "$fail" -eq 0 ]
