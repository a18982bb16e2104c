# SPDX-License-Identifier: ISC
# lib.sh - shared by run-deliver.sh and run-privsep.sh: a throw-away
# collector on loopback, tokens, counting rows, spooling synthetic reports.
B=${B:-build}
AGENT=${AGENT:-$B/egresswatch-agent}
C=${COLLECTOR:-$B/egresswatch-collector}
PY=${PYTHON:-python3}
AGENT_USER=nobody
id egresswatch >/dev/null 2>&1 && AGENT_USER=egresswatch
pass=0
fail=0
skip=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }
sk() { skip=$((skip + 1)); echo "skip $1"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else ko "$1 (want $2, got $3)"; fi; }

# serve LOG [PORT] [serve args]: starts the collector on DB; sets SPID, PORT
serve() {
	log=$1
	want=${2:-0}
	shift 2
	: >"$log"
	$NS "$C" --db "$DB" serve --listen 127.0.0.1:"$want" "$@" 2>"$log" &
	SPID=$!
	PORT=""
	i=0
	while [ $i -lt 100 ] && [ -z "$PORT" ]; do
		PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$log")
		[ -n "$PORT" ] || sleep 0.1
		i=$((i + 1))
	done
}
stop() { kill "$SPID" 2>/dev/null; wait "$SPID" 2>/dev/null; }
rows() { sqlite3 "$DB" "select count(*) from reports" 2>/dev/null || echo "?"; }
distinct_rows() { sqlite3 "$DB" "select count(distinct report_id) from reports" 2>/dev/null || echo "?"; }
# spool_reports DIR N SITE: N synthetic reports as spool files, oldest first
spool_reports() {
	mkdir -p "$1"
	"$PY" tests/collector/gen-reports.py reports "$T/gen.jsonl" --reports "$2" --candidates 2 --site "$3" \
		--seed "$(date +%s%N | cut -c10-18)" >/dev/null
	"$PY" - "$T/gen.jsonl" "$1" <<'PYEOF'
import sys
for i, line in enumerate(open(sys.argv[1])):
    with open("%s/%016d-1-%d.json" % (sys.argv[2], 1000000 + i, i), "w") as f:
        f.write(line)
PYEOF
	[ "$(id -u)" = 0 ] && chown -R "$AGENT_USER" "$1"
	return 0
}
count_files() { find "$1" -maxdepth 1 -name '*.json' 2>/dev/null | wc -l | tr -d ' '; }
