#!/bin/sh
# SPDX-License-Identifier: ISC
# demo.sh - `make demo`: the whole loop on bundled data, with the embedded
# SQLite store: the agent over the lab capture, the demo line sheet imported,
# the agent's report ingested, the reconciliation printed, and the completed
# sheet (XLSX, CSV) and the site's page written.
set -eu
cd "$(dirname "$0")/.."
out=build/demo-report.json
db=build/demo.db
site=DEMO-HOSPITAL
collector=build/egresswatch-collector

echo "== egresswatch-agent -r data/demo.pcapng -c data/demo.conf --evidence build/demo-evidence -o $out"
rm -rf build/demo-evidence
build/egresswatch-agent -r data/demo.pcapng -c data/demo.conf --evidence build/demo-evidence -o "$out"
python3 tools/report-summary.py "$out"

if [ ! -x "$collector" ]; then
	echo "== $collector is not built: the collector's half of the demo is skipped"
	exit 0
fi
rm -f "$db" "$db-wal" "$db-shm"
echo
echo "== egresswatch-collector --db $db ledger import data/demo-ledger.csv --site $site"
"$collector" --db "$db" ledger import data/demo-ledger.csv --site "$site"
echo "== egresswatch-collector --db $db ingest $out"
"$collector" --db "$db" ingest "$out"
echo "== egresswatch-collector --db $db reconcile --site $site"
"$collector" --db "$db" reconcile --site "$site"
"$collector" --db "$db" reconcile --site "$site" --format xlsx -o build/demo-sheet.xlsx
"$collector" --db "$db" reconcile --site "$site" --format csv -o build/demo-sheet.csv
"$collector" --db "$db" reconcile --site "$site" --format html -o build/demo-page.html
echo
echo "== the completed sheet: build/demo-sheet.xlsx (and build/demo-sheet.csv, UTF-8 with BOM)"
echo "== the site's page:     build/demo-page.html"
echo "== full report: $out; evidence captures (open in Wireshark): build/demo-evidence/"
echo "== to serve the page:   $collector --db $db serve --listen 127.0.0.1:8080"
echo "   (a viewer token first: $collector --db $db token add --role viewer --site $site)"
