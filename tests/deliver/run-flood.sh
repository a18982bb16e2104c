#!/bin/sh
# SPDX-License-Identifier: ISC
# run-flood.sh - a live agent under a replayed flood keeps delivering, and
# its reports say how many packets the kernel dropped (issue 9).
#
# Two namespaces this test makes and always deletes, joined by a veth and
# linked to nothing else: "tx" replays data/demo.pcapng at top speed
# (tcpreplay --topspeed, looped) into its end; "mon" runs the collector on
# its own loopback and the live agent on the other end, with a 1 MiB kernel
# buffer, 1 s windows and delivery to that collector. Every window's report
# must reach the collector while the flood runs, and each report carries
# capture.dropped; the sum of the reports' packets and drops is printed.
set -u
cd "$(dirname "$0")/../.."
. tests/deliver/lib.sh
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIPPED: needs root (network namespaces)"
	exit 0
fi
for cmd in ip tcpreplay sqlite3 "$AGENT" "$C"; do
	if ! command -v "$cmd" >/dev/null; then
		echo "SKIPPED: $cmd is not installed"
		exit 0
	fi
done
P=ewfl$$
T=$(mktemp -d)
chmod 755 "$T"
SPID=""
RPID=""
APID=""
cleanup() {
	[ -n "$RPID" ] && kill "$RPID" 2>/dev/null
	[ -n "$APID" ] && kill "$APID" 2>/dev/null
	[ -n "$SPID" ] && kill "$SPID" 2>/dev/null
	wait 2>/dev/null
	ip netns del "$P-tx" 2>/dev/null
	ip netns del "$P-mon" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE
if ! ip netns add "$P-tx" 2>/dev/null || ! ip netns add "$P-mon" 2>/dev/null; then
	echo "SKIPPED: cannot create network namespaces"
	exit 0
fi
ip -n "$P-tx" link add tx0 type veth peer name span0 netns "$P-mon"
ip -n "$P-tx" link set tx0 up
ip -n "$P-mon" link set span0 up
ip -n "$P-mon" link set lo up
ip netns exec "$P-mon" sysctl -qw net.ipv6.conf.span0.disable_ipv6=1

DB=$T/c.db
SITE=DEMO-HOSPITAL
"$C" --db "$DB" token add --role agent --site $SITE >"$T/tok" 2>/dev/null
chmod 644 "$T/tok"
NS="ip netns exec $P-mon"
serve "$T/serve.log" 0
if [ -z "$PORT" ]; then
	ko "the collector listens in the monitor namespace"
	echo "deliver-flood: $pass passed, $fail failed"
	exit 1
fi
mkdir -p "$T/spool"
chown "$AGENT_USER" "$T/spool"
ip netns exec "$P-mon" "$AGENT" -i span0 -c data/demo.conf --buffer-size 1 --window 1s --duration 8s \
	--collector "http://127.0.0.1:$PORT" --token-file "$T/tok" --spool "$T/spool" --user "$AGENT_USER" \
	-o "$T/live.jsonl" 2>"$T/agent.err" &
APID=$!
sleep 1
ip netns exec "$P-tx" tcpreplay --topspeed --loop 0 -q -i tx0 data/demo.pcapng >"$T/replay.log" 2>&1 &
RPID=$!
wait "$APID"
arc=$?
APID=""
kill "$RPID" 2>/dev/null
wait "$RPID" 2>/dev/null
RPID=""
check "the agent ends on --duration with exit 0" 0 "$arc"
lines=$(wc -l <"$T/live.jsonl" | tr -d ' ')
stored=$(rows)
if [ "$lines" -ge 5 ]; then ok "a report per window while flooded ($lines)"; else ko "a report per window while flooded (got $lines)"; fi
check "every report reached the collector during the flood" "$lines" "$stored"
check "nothing is left in the spool" 0 "$(count_files "$T/spool")"
sums=$("$PY" - "$T/live.jsonl" <<'PYEOF'
import json, sys
pk = dr = 0
ok = True
for line in open(sys.argv[1]):
    c = json.loads(line)["capture"]
    ok = ok and isinstance(c.get("dropped"), int)
    pk += c["packets"]
    dr += c["dropped"]
print(pk, dr, "yes" if ok else "no")
PYEOF
)
set -- $sums
if [ "${3:-no}" = yes ] && [ "${1:-0}" -gt 10000 ]; then
	ok "every report says capture.dropped (flood: $1 packets read, $2 dropped by the kernel)"
else
	ko "every report says capture.dropped (got: $sums)"
fi
echo "deliver-flood: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
