#!/bin/sh
# SPDX-License-Identifier: ISC
# bench-api.sh - reports ingested per second over HTTP: N synthetic reports
# of 50 candidates (gen-reports.py), POSTed one after another on one
# keep-alive connection to `serve` on 127.0.0.1, into a fresh SQLite store.
#   sh tests/collector/bench-api.sh [N]     (default 2000)
# Prints the rate; not part of any suite (a measurement, not a check).
set -eu
cd "$(dirname "$0")/../.."
B=${B:-build}
C=$B/egresswatch-collector
PY=${PYTHON:-/usr/bin/python3}
[ -x "$PY" ] || PY=python3
N=${1:-2000}
T=$(mktemp -d)
DB=${BENCH_DB:-$T/bench.db} # BENCH_DB=postgresql://…: an empty PostgreSQL database instead
case "$DB" in postgres*) KIND=postgresql ;; *) KIND=sqlite ;; esac
SPID=""
trap '[ -n "$SPID" ] && kill "$SPID" 2>/dev/null; rm -rf "$T"' EXIT
"$PY" tests/collector/gen-reports.py reports "$T/reports.jsonl" --reports "$N" --candidates 50 --site BENCH >/dev/null
TOKEN=$("$C" --db "$DB" token add --role agent --site BENCH 2>/dev/null)
: >"$T/log"
"$C" --db "$DB" serve --listen 127.0.0.1:0 2>"$T/log" &
SPID=$!
PORT=""
i=0
while [ -z "$PORT" ] && [ $i -lt 100 ]; do
	PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$T/log")
	[ -n "$PORT" ] || sleep 0.1
	i=$((i + 1))
done
[ -n "$PORT" ] || { cat "$T/log"; exit 1; }
"$PY" - "$PORT" "$TOKEN" "$T/reports.jsonl" "$KIND" <<'EOF'
import http.client, sys, time
port, token, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
bodies = [l.encode() for l in open(path) if l.strip()]
conn = http.client.HTTPConnection("127.0.0.1", port)
hdr = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
codes = {}
t0 = last = time.monotonic()
steps = []
for i, b in enumerate(bodies, 1):
    conn.request("POST", "/api/v1/reports", body=b, headers=hdr)
    r = conn.getresponse()
    r.read()
    codes[r.status] = codes.get(r.status, 0) + 1
    if i % 500 == 0:
        now = time.monotonic()
        steps.append("%d-%d: %.0f/s" % (i - 499, i, 500 / (now - last)))
        last = now
dt = time.monotonic() - t0
if steps:
    print("bench-api: by 500 reports as the store grows: " + ", ".join(steps))
size = sum(len(b) for b in bodies) / len(bodies)
print("bench-api: %d reports x 50 candidates (%.0f bytes each) in %.2f s over one keep-alive connection: "
      "%.0f reports/s, %.0f candidates/s (%s); statuses %s" % (len(bodies), size, dt, len(bodies) / dt,
      50 * len(bodies) / dt, sys.argv[4], codes))
EOF
kill -TERM "$SPID"
wait "$SPID" || true
SPID=""
"$C" --db "$DB" sites
