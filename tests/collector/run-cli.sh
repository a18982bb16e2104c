#!/bin/sh
# SPDX-License-Identifier: ISC
# run-cli.sh - drives build/egresswatch-collector end to end on a temp SQLite
# store (or EW_TEST_PG_URL when set): ingest (duplicates, bad JSON, JSON
# lines, all-or-nothing files), ledger import of ../shared/ledgers, reconcile
# in every format, sites, tokens, usage errors. One line per case;
# prints "cli: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
C=${COLLECTOR:-"$ROOT/build/egresswatch-collector"}
DEMO="$ROOT/build/demo-report.json"
LEDGERS="$ROOT/../shared/ledgers"
[ -d "$LEDGERS" ] || LEDGERS=/work/shared/ledgers
if [ ! -x "$C" ]; then
	echo "SKIPPED: $C is not built (make all)"
	exit 0
fi
if [ ! -f "$DEMO" ]; then
	if [ -x build/egresswatch-agent ]; then
		sh tools/demo.sh >/dev/null 2>&1
	fi
	[ -f "$DEMO" ] || { echo "SKIPPED: $DEMO is absent (make demo)"; exit 0; }
fi
tmp=$(mktemp -d /tmp/ew-cli.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
DB=${EW_TEST_PG_URL:-$tmp/cli.db}
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
no() {
	fail=$((fail + 1)); echo "FAIL $1"
	[ -f "$tmp/out" ] && sed 's/^/     out: /' "$tmp/out" | head -n 10
	[ -f "$tmp/err" ] && sed 's/^/     err: /' "$tmp/err" | head -n 10
}
# run ARGS...: the collector on the test store; status in $rc, output in out/err
run() {
	"$C" --db "$DB" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}
has() { grep -q -- "$2" "$tmp/$1"; }
reports() { # the site's stored report count, from `sites`
	"$C" --db "$DB" sites | awk -v s="$1" '$1 == s { print $2 }'
}

# --- ingest ---
run ingest "$DEMO"
if [ $rc -eq 0 ] && has out "1 report stored, 0 duplicates"; then ok "ingest stores the demo report"; else no "ingest stores the demo report"; fi
run ingest "$DEMO"
if [ $rc -eq 0 ] && has out "0 reports stored, 1 duplicate" && has out "is stored already"; then ok "the same report again is a duplicate, not an error"; else no "the same report again is a duplicate, not an error"; fi
[ "$(reports DEMO-HOSPITAL)" = 1 ] && ok "one report stored after two ingests" || no "one report stored after two ingests"

printf '{"schema": "egresswatch.report/1", "report_id": ' >"$tmp/trunc.json"
run ingest "$tmp/trunc.json"
if [ $rc -ne 0 ] && has err "trunc.json" && has err "not JSON"; then ok "truncated JSON: exit non-zero naming the file"; else no "truncated JSON: exit non-zero naming the file"; fi

python3 - "$DEMO" "$tmp" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
t = sys.argv[2]
d["candidates"][1]["mac"] = "00:1B:8B:AA:00:02"
open(t + "/badmac.json", "w").write(json.dumps(d))
# JSON lines: two good reports (new ids) and one bad in the middle
good = json.load(open(sys.argv[1]))
lines = []
for i in range(3):
    g = json.loads(json.dumps(good))
    g["agent"]["site"] = "LINES"
    g["report_id"] = "%08x-0000-8000-8000-000000000000" % (i + 1)
    if i == 1:
        g["candidates"][0]["vlan"] = 5000
    lines.append(json.dumps(g, separators=(",", ":")))
open(t + "/mixed.jsonl", "w").write("\n".join(lines) + "\n")
lines.pop(1)
lines.append(lines[0])  # a duplicate inside the file
open(t + "/good.jsonl", "w").write("\n".join(lines) + "\n")
d = json.load(open(sys.argv[1]))
del d["hosts_seen"]
open(t + "/missing.json", "w").write(json.dumps(d))
PY
run ingest "$tmp/badmac.json"
if [ $rc -ne 0 ] && has err "badmac.json: candidates\[1\].mac: not a MAC address"; then ok "a bad MAC names the file and the JSON path"; else no "a bad MAC names the file and the JSON path"; fi
run ingest "$tmp/missing.json"
if [ $rc -ne 0 ] && has err "missing.json: hosts_seen: required field missing"; then ok "a missing field is named"; else no "a missing field is named"; fi
run ingest "$tmp/mixed.jsonl"
if [ $rc -ne 0 ] && has err "mixed.jsonl:2: candidates\[0\].vlan" && has err "nothing stored from this file"; then ok "JSON lines: the bad line is named by number"; else no "JSON lines: the bad line is named by number"; fi
[ -z "$(reports LINES)" ] && ok "a file with one bad report stores nothing" || no "a file with one bad report stores nothing"
run ingest "$tmp/good.jsonl"
if [ $rc -eq 0 ] && has out "2 reports stored, 1 duplicate" && [ "$(reports LINES)" = 2 ]; then ok "JSON lines: two stored, the repeat a duplicate"; else no "JSON lines: two stored, the repeat a duplicate"; fi
{ head -n 1 "$tmp/good.jsonl"; head -c 300 "$tmp/mixed.jsonl"; } >"$tmp/live.jsonl"
run ingest "$tmp/live.jsonl"
if [ $rc -eq 0 ] && has err "live.jsonl:2: the last line is incomplete" && has out "0 reports stored, 1 duplicate"; then ok "a live file's unfinished last line is left for the next ingest"; else no "a live file's unfinished last line is left for the next ingest"; fi
run ingest "$tmp/nonexistent.json"
if [ $rc -ne 0 ] && has err "nonexistent.json: No such file"; then ok "a missing file is named"; else no "a missing file is named"; fi
run ingest "$tmp"
if [ $rc -ne 0 ] && has err "Is a directory"; then ok "a directory is refused"; else no "a directory is refused"; fi
: >"$tmp/empty.json"
run ingest "$tmp/empty.json"
if [ $rc -ne 0 ] && has err "empty.json"; then ok "an empty file is refused"; else no "an empty file is refused"; fi

# --- ledger import ---
if "$C" --db "$DB" ledger import "$LEDGERS/sheet-example-utf8.csv" --site DEMO-HOSPITAL >"$tmp/out" 2>"$tmp/err" &&
	has out "8 lines imported for site DEMO-HOSPITAL (ledger version 1"; then
	ok "ledger import of the example sheet (8 lines)"
else
	no "ledger import of the example sheet (8 lines)"
fi
run ledger import "$LEDGERS/sheet-example-cp932.csv" --site DEMO-HOSPITAL
if [ $rc -eq 0 ] && has out "8 lines imported" && has out "version 2"; then ok "re-import of the CP932 sheet: version 2"; else no "re-import of the CP932 sheet: version 2"; fi
run ledger import "$LEDGERS/sheet-extended-utf8bom.csv" --site DEMO-HOSPITAL
if [ $rc -eq 0 ] && has out "imported" && has out "version 3"; then ok "import of the extended sheet (BOM, MAC notations)"; else no "import of the extended sheet (BOM, MAC notations)"; fi
printf '番号,電子カルテシステムの所属するネットワークとの接続,回線ID,MACアドレス\n回線1,あり,C1,zz:zz\n回線2,たぶん,C2,\n回線3,なし,C3,00:11:22:33:44:55\n' >"$tmp/bad.csv"
run ledger import "$tmp/bad.csv" --site DEMO-HOSPITAL
if [ $rc -ne 0 ] && has err "bad.csv: row 2" && has err "bad.csv: row 3"; then ok "a bad sheet lists every bad row"; else no "a bad sheet lists every bad row"; fi
"$C" --db "$DB" sites >"$tmp/out" 2>"$tmp/err"
if awk '$1 == "DEMO-HOSPITAL" && $4 == "v3" { f = 1 } END { exit !f }' "$tmp/out"; then ok "a refused sheet leaves the ledger at version 3"; else no "a refused sheet leaves the ledger at version 3"; fi
run ledger import "$tmp/bad.csv" --site DEMO-HOSPITAL --skip-bad-rows
if has err "skipped"; then ok "--skip-bad-rows says what it skipped"; else no "--skip-bad-rows says what it skipped"; fi
run ledger import "$LEDGERS/sheet-example-utf8.csv"
[ $rc -eq 2 ] && ok "ledger import without --site is a usage error" || no "ledger import without --site is a usage error"

# --- reconcile ---
run reconcile --site DEMO-HOSPITAL
if [ $rc -eq 0 ] && [ -s "$tmp/out" ]; then ok "reconcile writes a text table"; else no "reconcile writes a text table"; fi
run reconcile --site DEMO-HOSPITAL --format json
if [ $rc -eq 0 ] && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out" 2>/dev/null; then ok "reconcile --format json is JSON"; else no "reconcile --format json is JSON"; fi
(cd "$tmp" && "$C" --db "$DB" reconcile --site DEMO-HOSPITAL --format json -o - > "$tmp/dash.out" 2> "$tmp/err")
if [ $? -eq 0 ] && [ ! -e "$tmp/-" ] && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/dash.out" 2>/dev/null; then
	ok "reconcile -o - writes standard output"
else no "reconcile -o - writes standard output"; fi
run reconcile --site DEMO-HOSPITAL --format csv -o "$tmp/sheet.csv"
if [ $rc -eq 0 ] && head -c 3 "$tmp/sheet.csv" | od -An -tx1 | grep -q "ef bb bf"; then ok "reconcile --format csv writes UTF-8 with BOM"; else no "reconcile --format csv writes UTF-8 with BOM"; fi
run reconcile --site DEMO-HOSPITAL --format csv --encoding cp932 -o "$tmp/sheet932.csv"
if [ $rc -eq 0 ] && iconv -f CP932 -t UTF-8 "$tmp/sheet932.csv" >/dev/null 2>&1; then ok "reconcile --encoding cp932 is CP932"; else no "reconcile --encoding cp932 is CP932"; fi
run reconcile --site DEMO-HOSPITAL --format xlsx -o "$tmp/sheet.xlsx"
if [ $rc -eq 0 ] && head -c 2 "$tmp/sheet.xlsx" | grep -q PK; then ok "reconcile --format xlsx writes a workbook"; else no "reconcile --format xlsx writes a workbook"; fi
run reconcile --site DEMO-HOSPITAL --format html -o "$tmp/page.html"
if [ $rc -eq 0 ] && grep -qi "<html" "$tmp/page.html"; then ok "reconcile --format html writes a page"; else no "reconcile --format html writes a page"; fi
run reconcile --site DEMO-HOSPITAL --since 2030-01-01T00:00:00Z --format json
if [ $rc -eq 0 ]; then ok "reconcile --since after every report"; else no "reconcile --since after every report"; fi
run reconcile --site DEMO-HOSPITAL --since yesterday
[ $rc -eq 2 ] && has err "since" && ok "a bad --since is a usage error" || no "a bad --since is a usage error"
run reconcile --site DEMO-HOSPITAL --format pdf
[ $rc -eq 2 ] && ok "an unknown --format is a usage error" || no "an unknown --format is a usage error"
run reconcile --site DEMO-HOSPITAL --ledger-version 0
[ $rc -eq 2 ] && ok "--ledger-version 0 is out of range" || no "--ledger-version 0 is out of range"
run reconcile --site DEMO-HOSPITAL --ledger-version 99
[ $rc -ne 0 ] && has err "no ledger version 99" && ok "a ledger version that does not exist" || no "a ledger version that does not exist"

if [ -f data/demo-ledger.csv ]; then
	run ledger import data/demo-ledger.csv --site DEMO-HOSPITAL
	"$C" --db "$DB" reconcile --site DEMO-HOSPITAL --format json >"$tmp/rc.json" 2>"$tmp/err"
	if python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))["summary"]; d = json.load(open(sys.argv[1]));
sys.exit(0 if (s["devices"], s["devices_matched"], s["devices_unlisted"], s["lines"], d["reports"]) == (5, 1, 4, 4, 1) else 1)' "$tmp/rc.json" 2>/dev/null; then
		ok "the demo report against the demo sheet: 4 unlisted, 1 matched, from 1 report"
	else
		no "the demo report against the demo sheet: 4 unlisted, 1 matched, from 1 report"
	fi
fi

# --- sites ---
run sites
if [ $rc -eq 0 ] && has out "DEMO-HOSPITAL" && has out "LINES"; then ok "sites lists both sites"; else no "sites lists both sites"; fi

# --- tokens ---
run token add --role admin
if [ $rc -eq 0 ] && grep -qE '^[0-9a-f]{64}$' "$tmp/out"; then ok "token add --role admin prints a 64-hex token"; else no "token add --role admin prints a 64-hex token"; fi
tok=$(cat "$tmp/out")
run token add --role viewer --site DEMO-HOSPITAL
if [ $rc -eq 0 ] && [ "$(cat "$tmp/out")" != "$tok" ]; then ok "a second token differs"; else no "a second token differs"; fi
if [ -z "${EW_TEST_PG_URL:-}" ] && command -v sqlite3 >/dev/null 2>&1; then
	h=$(printf '%s' "$tok" | sha256sum | cut -d' ' -f1)
	if [ "$(sqlite3 "$DB" "select count(*) from tokens where hash = '$h'")" = 1 ] &&
		[ "$(sqlite3 "$DB" "select count(*) from tokens where hash = '$tok'")" = 0 ]; then
		ok "only the token's SHA-256 is stored"
	else
		no "only the token's SHA-256 is stored"
	fi
fi
run token add --role agent
[ $rc -eq 2 ] && ok "an agent token needs a site" || no "an agent token needs a site"
run token add --role root --site X
[ $rc -eq 2 ] && ok "an unknown role is refused" || no "an unknown role is refused"

# --- usage ---
run frobnicate
[ $rc -eq 2 ] && ok "an unknown command is a usage error" || no "an unknown command is a usage error"
# serve is built now (its suite: run-api.sh); here only that it refuses a bad address instead of running
run serve --listen 127.0.0.1:notaport
[ $rc -eq 1 ] && has err "listen" && ok "serve refuses a bad --listen" || no "serve refuses a bad --listen"
"$C" --db "$tmp/nodir/x.db" sites >"$tmp/out" 2>"$tmp/err"
[ $? -ne 0 ] && has err "nodir/x.db" && ok "an unopenable store is named" || no "an unopenable store is named"

"$C" --db "postgresql://ew:s3cret@/x?host=$tmp/none&connect_timeout=2" sites >"$tmp/out" 2>"$tmp/err"
[ $? -ne 0 ] && has err "ew:\*\*\*@" && ! has err "s3cret" && ok "a password in the --db URL is never printed" || no "a password in the --db URL is never printed"
if [ -z "${EW_TEST_PG_URL:-}" ] && [ "$(stat -c %a "$DB")" = 600 ]; then ok "the SQLite store is readable by its owner only"; else no "the SQLite store is readable by its owner only"; fi

# --- data files: never from the working directory ---
# A data/ledger-columns.conf in the folder the admin runs from must not
# change how a sheet is read: the collector's own file is used.
mkdir -p "$tmp/cwd/data"
printf 'planted: a line without an equals sign\n' >"$tmp/cwd/data/ledger-columns.conf"
CA=$(cd "$(dirname "$C")" && pwd)/$(basename "$C")
(cd "$tmp/cwd" && "$CA" --db "$DB" ledger import "$LEDGERS/sheet-example-utf8.csv" --site CWD-CHECK >"$tmp/out" 2>"$tmp/err")
if [ $? -eq 0 ] && has out "imported for site CWD-CHECK"; then ok "a data/ledger-columns.conf in the working directory is not read"; else no "a data/ledger-columns.conf in the working directory is not read"; fi

# --- -o: never through a symbolic link, never into another's file ---
: >"$tmp/victim"
ln -s "$tmp/victim" "$tmp/link.csv"
run reconcile --site DEMO-HOSPITAL --format csv -o "$tmp/link.csv"
if [ $rc -ne 0 ] && [ ! -s "$tmp/victim" ] && has err "link.csv"; then ok "-o refuses a symbolic link"; else no "-o refuses a symbolic link"; fi
ln -s "$tmp/victim" "$tmp/link.xlsx"
run reconcile --site DEMO-HOSPITAL --format xlsx -o "$tmp/link.xlsx"
if [ $rc -ne 0 ] && [ ! -s "$tmp/victim" ]; then ok "-o refuses a symbolic link for a workbook too"; else no "-o refuses a symbolic link for a workbook too"; fi
rm -f "$tmp/new.csv"
run reconcile --site DEMO-HOSPITAL --format csv -o "$tmp/new.csv"
if [ $rc -eq 0 ] && [ "$(stat -c %a "$tmp/new.csv")" = 600 ]; then ok "-o creates its file readable by its owner only"; else no "-o creates its file readable by its owner only"; fi
printf 'old old old old old old old old old old old old old old old old old old\n' >"$tmp/new.csv"
run reconcile --site DEMO-HOSPITAL --format text -o "$tmp/new.csv"
if [ $rc -eq 0 ] && ! grep -q "old old" "$tmp/new.csv"; then ok "-o replaces the whole of an existing file"; else no "-o replaces the whole of an existing file"; fi

# --- the --db password in any form ---
"$C" --db "postgresql://ew@/x?host=$tmp/none&password=qu3ry&connect_timeout=2" sites >"$tmp/out" 2>"$tmp/err"
[ $? -ne 0 ] && has err "password=\*\*\*" && ! has err "qu3ry" && ok "a password= in the --db URL's query is never printed" || no "a password= in the --db URL's query is never printed"

# --- terminal escapes in a site name ---
python3 - "$DEMO" "$tmp" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["agent"]["site"] = "EVIL\u009b31m\u202eSITE"
d["report_id"] = "0000aaaa-0000-8000-8000-000000000001"
open(sys.argv[2] + "/esc.json", "w").write(json.dumps(d))
PY
run ingest "$tmp/esc.json"
if [ $rc -eq 0 ] && has out "1 report stored, 0 duplicates (site EVIL?31m?SITE)" && ! grep -q "$(printf '\302\233')" "$tmp/out" && ! grep -q "$(printf '\342\200\256')" "$tmp/out"; then ok "ingest names the reports' site, with no C1 control or bidi override"; else no "ingest names the reports' site, with no C1 control or bidi override"; fi
run sites
if [ $rc -eq 0 ] && has out "EVIL" && ! grep -q "$(printf '\302\233')" "$tmp/out" && ! grep -q "$(printf '\342\200\256')" "$tmp/out"; then ok "sites shows no C1 control or bidi override from a site name"; else no "sites shows no C1 control or bidi override from a site name"; fi
python3 - "$DEMO" "$tmp" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["agent"]["\u009b2J\u202e"] = 1
open(sys.argv[2] + "/esckey.json", "w").write(json.dumps(d))
PY
run ingest "$tmp/esckey.json"
if [ $rc -ne 0 ] && has err "unknown field" && has err 'x9b2J' && ! grep -q "$(printf '\302\233')" "$tmp/err" && ! grep -q "$(printf '\342\200\256')" "$tmp/err"; then ok "an error quoting a report's key shows no C1 control or bidi override"; else no "an error quoting a report's key shows no C1 control or bidi override"; fi

# --- a site that is not there is an error, not a clean site ---
run reconcile --site demo-hospital
if [ $rc -eq 1 ] && has err "no site demo-hospital" && has err "DEMO-HOSPITAL?" && [ ! -s "$tmp/out" ]; then ok "reconcile of a site the store does not know fails (a case typo names the site)"; else no "reconcile of a site the store does not know fails (a case typo names the site)"; fi
run reconcile --site NO-SUCH-SITE --format json
if [ $rc -eq 1 ] && has err "no site NO-SUCH-SITE" && [ ! -s "$tmp/out" ]; then ok "reconcile of an unknown site writes nothing"; else no "reconcile of an unknown site writes nothing"; fi

# --- a report saved again on the way (Notepad, PowerShell): a UTF-8 BOM ---
python3 - "$DEMO" "$tmp" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["report_id"] = "0000aaaa-0000-8000-8000-0000000000b0"
open(sys.argv[2] + "/bom.json", "wb").write(b"\xef\xbb\xbf" + json.dumps(d, indent=2).encode().replace(b"\n", b"\r\n"))
d["report_id"] = "0000aaaa-0000-8000-8000-0000000000b1"
open(sys.argv[2] + "/bom.jsonl", "wb").write(b"\xef\xbb\xbf" + json.dumps(d).encode() + b"\r\n")
PY
run ingest "$tmp/bom.json" "$tmp/bom.jsonl"
if [ $rc -eq 0 ] && has out "bom.json: 1 report stored" && has out "bom.jsonl: 1 report stored"; then ok "a report file with a UTF-8 BOM (and CRLF) is read"; else no "a report file with a UTF-8 BOM (and CRLF) is read"; fi
: >"$tmp/empty.json"
printf '\357\273\277\r\n' >"$tmp/bomonly.json"
run ingest "$tmp/empty.json" "$tmp/bomonly.json"
if [ $rc -ne 0 ] && has err "empty.json: no report in the file" && has err "bomonly.json: no report in the file"; then ok "an empty report file says so"; else no "an empty report file says so"; fi

# --- a column the alias file does not know is named, not dropped silently ---
printf '番号,回線ID,電子カルテ接続,MACアドレス（LAN側）,開通日\r\n1,A1,あり,00:11:22:33:44:55,2024/4/1\r\n' >"$tmp/notes.csv"
run ledger import "$tmp/notes.csv" --site NOTES
if [ $rc -eq 0 ] && has err "columns not read (no name in ledger-columns.conf matches): 開通日" && run reconcile --site NOTES --format json && has out '"00:11:22:33:44:55"'; then
	ok "a column name with a note in brackets is read; a column no name matches is listed"
else
	no "a column name with a note in brackets is read; a column no name matches is listed"
fi

# --- the completed sheet imports back to the sheet that was written ---
# (each export's own neutralising of formula-like cells undone on import)
printf '番号,電子カルテ接続,回線ID,回線サービス名,MACアドレス,IPアドレス,備考\r\n回線1,あり,0123,フレッツ光,00:11:22:33:44:55,192.168.1.1,=1+1\r\n回線2,なし,CAF2,,,,-\r\n回線3,あり,,光,,,+81-3-0000\r\n回線4,○,X4,,,,@保守\r\n' >"$tmp/rt.csv"
# sheet: the declared rows' cells (A..S from row 4) of a workbook
sheet_cells() {
	python3 - "$1" <<'PY'
import re, sys, zipfile
x = zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml").decode()
for ref, body in re.findall(r'<c r="([A-S](?:[4-9]|\d\d+))"[^>]*>(.*?)</c>', x):
    print(ref, "".join(re.findall(r"<t[^>]*>(.*?)</t>", body, re.S)))
PY
}
run ledger import "$tmp/rt.csv" --site ROUNDTRIP
run reconcile --site ROUNDTRIP --format xlsx -o "$tmp/rt0.xlsx"
sheet_cells "$tmp/rt0.xlsx" >"$tmp/rt0.cells"
for how in "csv" "csv --encoding cp932" "xlsx"; do
	rm -f "$tmp/rt1" "$tmp/rt1.xlsx"
	run reconcile --site ROUNDTRIP --format $how -o "$tmp/rt1"
	run ledger import "$tmp/rt1" --site ROUNDTRIP-BACK
	r1=$rc
	run reconcile --site ROUNDTRIP-BACK --format xlsx -o "$tmp/rt1.xlsx"
	sheet_cells "$tmp/rt1.xlsx" >"$tmp/rt1.cells"
	if [ $r1 -eq 0 ] && grep -q "=1+1" "$tmp/rt0.cells" && cmp -s "$tmp/rt0.cells" "$tmp/rt1.cells"; then
		ok "sheet -> reconcile --format $how -> ledger import gives the same sheet"
	else
		no "sheet -> reconcile --format $how -> ledger import gives the same sheet"
		diff "$tmp/rt0.cells" "$tmp/rt1.cells" | head -n 8 | sed 's/^/     /'
	fi
done

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
