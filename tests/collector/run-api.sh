#!/bin/sh
# SPDX-License-Identifier: ISC
# run-api.sh - the collector's HTTP API over a real loopback socket: a
# throw-away store, `serve` on a free port of 127.0.0.1 (port 0, read back
# from its log), curl for every route and role, headless Chromium for the
# site page (signed in through the cookie login, over http://), and a TLS
# listener with a CA and certificate made here by openssl.
# Needs `make all` and build/demo-report.json (sh tools/demo.sh); with
# COLLECTOR=build/san/egresswatch-collector the server runs under ASan and
# UBSan, and a report of theirs in its log fails the suite.
# Prints "api: N passed, N failed" (and what was skipped, and why).
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
C=${COLLECTOR:-$B/egresswatch-collector} # COLLECTOR=build/san/egresswatch-collector: the same under ASan
PY=${PYTHON:-/usr/bin/python3}
[ -x "$PY" ] || PY=python3
DEMO=$B/demo-report.json
LEDGERS=../shared/ledgers
[ -d "$LEDGERS" ] || LEDGERS=/work/shared/ledgers
SHEET=$LEDGERS/sheet-extended-utf8bom.csv
OUT=$B/test-output/api
pass=0
fail=0
skip=0
skipped=""
ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }
sk() { skip=$((skip + 1)); skipped="$skipped; $1"; echo "skip $1"; }
# check NAME WANT GOT
check() { if [ "$2" = "$3" ]; then ok "$1"; else ko "$1 (want $2, got $3)"; fi; }

if [ ! -x "$C" ]; then
	echo "SKIPPED: $C is not built (make all)"
	exit 0
fi
if [ ! -f "$DEMO" ] && [ -x "$B/egresswatch-agent" ]; then
	sh tools/demo.sh >/dev/null 2>&1 || true
fi
for need in "$DEMO" "$SHEET"; do
	if [ ! -f "$need" ]; then
		echo "SKIPPED: $need is missing (the demo report: make all && sh tools/demo.sh; the sheet: ../shared/ledgers)"
		exit 0
	fi
done
for cmd in curl "$PY"; do
	if ! command -v "$cmd" >/dev/null; then
		echo "SKIPPED: $cmd is not installed"
		exit 0
	fi
done

T=$(mktemp -d)
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
rm -rf "$OUT"
mkdir -p "$OUT"
DB=${API_DB:-$T/api.db} # API_DB=postgresql://…: the same against an empty PostgreSQL database

tok() { "$C" --db "$DB" token add "$@" 2>/dev/null; }
ADMIN=$(tok --role admin)
AGENT=$(tok --role agent --site DEMO-HOSPITAL)
VIEWER=$(tok --role viewer --site DEMO-HOSPITAL)
AGENT_B=$(tok --role agent --site OTHER-HOSPITAL)
VIEWER_B=$(tok --role viewer --site OTHER-HOSPITAL)

# start LOG ARGS...: serve in the background; sets SPID and PORT
start() {
	log=$1
	shift
	: >"$log"
	"$C" --db "$DB" serve --listen 127.0.0.1:0 "$@" 2>"$log" &
	SPID=$!
	PIDS="$PIDS $SPID"
	PORT=""
	i=0
	while [ $i -lt 100 ] && [ -z "$PORT" ]; do
		PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$log")
		[ -n "$PORT" ] || sleep 0.1
		i=$((i + 1))
	done
}

# req METHOD PATH TOKEN [curl args]: status in $code, body in $T/body, headers in $T/hdr
req() {
	m=$1
	p=$2
	t=$3
	shift 3
	if [ -n "$t" ]; then
		code=$(curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' -X "$m" -H "Authorization: Bearer $t" "$@" "$U$p")
	else
		code=$(curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' -X "$m" "$@" "$U$p")
	fi
}
# jf EXPR: a value from the JSON body (d is the document)
jf() { "$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$T/body" 2>/dev/null; }
hdr() { grep -i "^$1:" "$T/hdr" | head -n 1 | sed 's/^[^:]*: *//; s/\r$//'; }

start "$T/serve.log"
if [ -z "$PORT" ]; then
	cat "$T/serve.log"
	ko "serve starts on a free port of 127.0.0.1"
	echo "api: $pass passed, $fail failed"
	exit 1
fi
ok "serve starts on a free port of 127.0.0.1 ($PORT)"
U=http://127.0.0.1:$PORT

# ---- health and authentication ----
req GET /healthz ""
check "healthz without a token: 200" 200 "$code"
req POST /api/v1/reports "" --data-binary @"$DEMO"
check "a report without a token: 401" 401 "$code"
check "401 says how to authenticate" "Bearer realm=\"egresswatch\"" "$(hdr WWW-Authenticate)"
req POST /api/v1/reports "0000000000000000000000000000000000000000000000000000000000000000" --data-binary @"$DEMO"
check "a report with a wrong token: 401" 401 "$code"
req GET /api/v1/sites "" -H "Authorization: Basic YWRtaW46YWRtaW4="
check "Basic instead of Bearer: 401" 401 "$code"
req POST /api/v1/reports "$AGENT_B" --data-binary @"$DEMO"
check "an agent token of another site: 403" 403 "$code"
check "the 403 names agent.site" "agent.site" "$(jf 'd["path"]')"
req POST /api/v1/reports "$VIEWER" --data-binary @"$DEMO"
check "a viewer token cannot send a report: 403" 403 "$code"
req POST /api/v1/reports "" -b "ew_token=$AGENT" --data-binary @"$DEMO"
check "the cookie never authorises a POST: 401" 401 "$code"

# ---- reports: store once, refuse with the JSON path ----
req POST /api/v1/reports "$AGENT" -H "Content-Type: application/json" --data-binary @"$DEMO"
check "the agent's report: 201" 201 "$code"
check "201 says stored" "True False" "$(jf 'd["stored"], d["duplicate"]' | tr -d '(),')"
req POST /api/v1/reports "$AGENT" -H "Content-Type: application/json" --data-binary @"$DEMO"
check "the same report_id again: 200" 200 "$code"
check "200 says duplicate, not stored" "False True" "$(jf 'd["stored"], d["duplicate"]' | tr -d '(),')"
req GET /api/v1/sites "$VIEWER"
check "sites as the viewer: 200" 200 "$code"
check "the duplicate was stored once (sites: reports 1)" "DEMO-HOSPITAL 1" \
	"$(jf '" ".join("%s %s" % (s["name"], s["reports"]) for s in d["sites"])')"
req GET /api/v1/sites "$AGENT"
check "sites as an agent lists its own site only" "DEMO-HOSPITAL" "$(jf '",".join(s["name"] for s in d["sites"])')"
req GET /api/v1/sites "$ADMIN"
check "sites as the admin lists every site" "DEMO-HOSPITAL,OTHER-HOSPITAL" \
	"$(jf '",".join(sorted(s["name"] for s in d["sites"]))')"

printf '{"schema": "egresswatch.report/1", "report_id": ' >"$T/badjson"
req POST /api/v1/reports "$AGENT" --data-binary @"$T/badjson"
check "bad JSON: 400" 400 "$code"
msg=$(jf 'd["error"]')
if [ -n "$msg" ]; then ok "bad JSON: the error says why ($msg)"; else ko "bad JSON: an error message"; fi
sed 's#egresswatch.report/1#egresswatch.report/2#' "$DEMO" >"$T/schema2.json"
req POST /api/v1/reports "$AGENT" --data-binary @"$T/schema2.json"
check "schema egresswatch.report/2: 422" 422 "$code"
check "the error names the path schema" "schema" "$(jf 'd["path"]')"
"$PY" - "$DEMO" "$T/badmac.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["report_id"] = "00000000-0000-4000-8000-00000000bad1"
d["candidates"][3]["mac"] = "not-a-mac"
json.dump(d, open(sys.argv[2], "w"))
EOF
req POST /api/v1/reports "$AGENT" --data-binary @"$T/badmac.json"
check "a bad MAC: 422 with the path" "422 candidates[3].mac" "$code $(jf 'd["path"]')"
head -c 9437184 /dev/zero | tr '\0' ' ' >"$T/big"
req POST /api/v1/reports "$AGENT" --data-binary @"$T/big"
check "a 9 MiB body with Content-Length: 413" 413 "$code"
req POST /api/v1/reports "$AGENT" -H "Transfer-Encoding: chunked" --data-binary @"$T/big"
check "a 9 MiB chunked body (no length; counted while received): 413" 413 "$code"
req POST /api/v1/reports "" -H "Transfer-Encoding: chunked" --data-binary @"$T/big"
check "a 9 MiB body without a token: 401 on the headers, the body unread" 401 "$code"
req POST /api/v1/sites/DEMO-HOSPITAL/ledger "$AGENT" -H "Transfer-Encoding: chunked" --data-binary @"$T/big"
check "a 9 MiB ledger from an agent token: 403 on the headers" 403 "$code"
req GET /healthz ""
check "the server still answers after the 413s" 200 "$code"

# a forged report: markup in the fields a page shows
"$PY" - "$DEMO" "$T/forged.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["report_id"] = "00000000-0000-4000-8000-0000000f0a6e"
c = d["candidates"][0]
c["mac"] = "02:00:5e:66:66:66"
c["vendor"] = "<script>document.title='pwned'</script>"
c["reason"] = "<img src=x onerror=\"document.title='pwned2'\"> forged"
c["ipv4"] = ["192.0.2.66"]
c["ipv6"] = []
json.dump(d, open(sys.argv[2], "w"))
EOF
req POST /api/v1/reports "$AGENT" --data-binary @"$T/forged.json"
check "a forged report with markup is stored (it is data): 201" 201 "$code"

# ---- ledger upload ----
req POST /api/v1/sites/DEMO-HOSPITAL/ledger "$VIEWER" --data-binary @"$SHEET"
check "ledger upload by a viewer: 403" 403 "$code"
{
	head -n 1 "$SHEET"
	printf '回線1,調査希望あり,調査希望あり,あり,電子カルテ,光,ID1,NTT,病院,HGW,NEC,X,zz:zz:zz,192.168.1.1,,,,台帳,\n'
	printf '回線2,調査希望あり,調査希望あり,あり,電子カルテ,光,ID2,NTT,病院,HGW,NEC,X,00:11:22:33:44:55,999.1.1.1,,,,台帳,\n'
	printf '回線3,調査希望あり,調査希望あり,あり,電子カルテ,光,ID3,NTT,病院,HGW,NEC,X,00:11:22:33:44:56,10.0.0.1,,,,台帳,\n'
} >"$T/bad.csv"
req POST /api/v1/sites/DEMO-HOSPITAL/ledger "$ADMIN" --data-binary @"$T/bad.csv"
check "a sheet with bad rows: 422" 422 "$code"
check "the errors list rows 2 and 3" "2,3" "$(jf '",".join(sorted(set(str(e["row"]) for e in d["errors"])))')"
req POST "/api/v1/sites/DEMO-HOSPITAL/ledger?skip_bad_rows=1" "$ADMIN" --data-binary @"$T/bad.csv"
check "the same with skip_bad_rows=1: 201, one line" "201 1" "$code $(jf 'd["lines"]')"
req POST /api/v1/sites/DEMO-HOSPITAL/ledger "$ADMIN" --data-binary @"$SHEET"
check "the shared sheet by the admin: 201" 201 "$code"
check "it is version 2 with 4 lines" "2 4" "$(jf 'd["version"], d["lines"]' | tr -d '(),')"

# ---- reconciliation as the viewer ----
R=/api/v1/sites/DEMO-HOSPITAL/reconciliation
req GET "$R" "$AGENT"
check "an agent token reading the reconciliation: 403" 403 "$code"
req GET "$R" "$VIEWER_B"
check "a viewer of another site: 403" 403 "$code"
req GET /api/v1/sites/NO-SUCH-SITE/reconciliation "$ADMIN"
check "an unknown site (admin): 404" 404 "$code"
req GET "$R" "$VIEWER"
check "json: 200 application/json" "200 application/json" "$code $(hdr Content-Type)"
cp "$T/body" "$OUT/reconciliation.json"
check "json: the schema, 2 reports, 4 unlisted devices" "egresswatch.reconciliation/1 2 4" \
	"$(jf 'd["schema"], d["reports"], d["summary"]["devices_unlisted"]' | tr -d "(),'")"
req GET "$R?format=csv" "$VIEWER"
check "csv: 200 text/csv" "200 text/csv; charset=utf-8" "$code $(hdr Content-Type)"
case "$(hdr Content-Disposition)" in
attachment\;*filename=\"egresswatch-DEMO-HOSPITAL.csv\"*) ok "csv: Content-Disposition attachment with a file name" ;;
*) ko "csv: Content-Disposition ($(hdr Content-Disposition))" ;;
esac
cp "$T/body" "$OUT/reconciliation.csv"
n=$(grep -c '^"要確認' "$T/body")
check "csv: the unlisted devices are 要確認 rows" 4 "$n"
req GET "$R?format=xlsx" "$VIEWER"
check "xlsx: 200 and the OOXML type" "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" \
	"$code $(hdr Content-Type)"
case "$(hdr Content-Disposition)" in
attachment\;*filename=\"egresswatch-DEMO-HOSPITAL.xlsx\"*) ok "xlsx: Content-Disposition attachment" ;;
*) ko "xlsx: Content-Disposition ($(hdr Content-Disposition))" ;;
esac
cp "$T/body" "$OUT/reconciliation.xlsx"
if "$PY" -c 'import openpyxl' 2>/dev/null; then
	n=$("$PY" -c '
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
print(sum(1 for r in ws.iter_rows(values_only=True) if r and str(r[0] or "").startswith("要確認")))' "$OUT/reconciliation.xlsx")
	check "xlsx: openpyxl reads 4 要確認 rows" 4 "$n"
else
	check "xlsx: a zip (PK)" PK "$(head -c 2 "$T/body")"
	sk "xlsx contents: python3-openpyxl is not installed"
fi
req GET "$R?format=html" "$VIEWER"
check "html: 200 text/html" "200 text/html; charset=utf-8" "$code $(hdr Content-Type)"
req GET "$R?since=2030-01-01T00:00:00Z" "$VIEWER"
check "since after every report: 0 reports, 0 unlisted" "0 0" "$(jf 'd["reports"], d["summary"]["devices_unlisted"]' | tr -d '(),')"
req GET "$R?since=2030-01-01T09:00:00+09:00" "$VIEWER"
check "since with a literal + offset: 200, 0 reports" "200 0" "$code $(jf 'd["reports"]')"
req GET "$R?since=2020-01-01T09:00:00%2B09:00" "$VIEWER"
check "since with %2B: 200, 2 reports" "200 2" "$code $(jf 'd["reports"]')"
req GET "$R?since=yesterday" "$VIEWER"
check "since not RFC 3339: 400" "400 since" "$code $(jf 'd["path"]')"
req GET "$R?format=pdf" "$VIEWER"
check "format=pdf: 400" 400 "$code"
req GET "/api/v1/sites/DEMO%2FHOSPITAL/reconciliation" "$ADMIN"
check "a site name with %2F: 400" 400 "$code"
req GET "/api/v1/sites/DEMO%00X/reconciliation" "$ADMIN"
check "a site name with %00: 400" 400 "$code"
long=$(printf '%0200d' 0)
req GET "/api/v1/sites/$long/reconciliation" "$ADMIN"
check "a 200-byte site name: 400" 400 "$code"
req GET "/api/v1/sites/%E7%97%85%E9%99%A2/reconciliation" "$ADMIN"
check "a percent-encoded UTF-8 site name is decoded (unknown: 404)" 404 "$code"
req DELETE "$R" "$ADMIN"
check "DELETE: 405 with Allow" "405 GET, HEAD" "$code $(hdr Allow)"
req GET /api/v1/nothing "$ADMIN"
check "an unknown path: 404" 404 "$code"
# fuzz_api found these two: a seventh, empty segment written past the table;
# a site without devices sorted a NULL array
req GET /1/2/3/4/5/6/ "$ADMIN"
check "six segments and a trailing slash: 404" 404 "$code"
req GET "/api/v1/sites/OTHER-HOSPITAL/reconciliation" "$VIEWER_B"
check "a site with no report and no ledger: 200, 0 devices" "200 0" "$code $(jf 'd["summary"]["devices"]')"

# ---- the site page ----
req GET /sites/DEMO-HOSPITAL ""
check "the page without a token: 401 and the login form" "401 1" "$code $(grep -c 'action="/login"' "$T/body")"
req GET /sites/DEMO-HOSPITAL "$VIEWER"
check "the page with the viewer's bearer token: 200" 200 "$code"
check "page: Content-Security-Policy" "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; script-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'" "$(hdr Content-Security-Policy)"
check "page: nosniff, no-store" "nosniff no-store" "$(hdr X-Content-Type-Options) $(hdr Cache-Control)"
# escaped, and shown: an empty or cut body must not pass
if ! grep -q "<script>document.title" "$T/body" && grep -q "&lt;script&gt;document.title" "$T/body"; then ok "page: the forged <script> is escaped"; else ko "page: the forged <script> is escaped"; fi
req GET /sites/DEMO-HOSPITAL "$AGENT"
check "the page with an agent token: 403" 403 "$code"
req GET "/sites/DEMO-HOSPITAL?token=$VIEWER" ""
check "a ?token= query is not accepted: 401" 401 "$code"
req POST /login "" --data-urlencode "token=$VIEWER" --data-urlencode "next=/sites/DEMO-HOSPITAL"
check "login with the viewer token: 200" 200 "$code"
sc=$(hdr Set-Cookie)
case "$sc" in
ew_token=*HttpOnly*SameSite=Strict*) ok "login sets an HttpOnly, SameSite=Strict cookie" ;;
*) ko "login cookie flags ($sc)" ;;
esac
req POST /login "" --data-urlencode "token=0123"
check "login with a wrong token: 401, no cookie" "401 " "$code $(hdr Set-Cookie)"
req GET /sites/DEMO-HOSPITAL "" -b "ew_token=$VIEWER"
check "the page with the cookie: 200" 200 "$code"

CHROME=""
for c in chromium chromium-browser google-chrome; do command -v "$c" >/dev/null && CHROME=$c && break; done
if [ -n "$CHROME" ]; then
	chrome() {
		timeout 90 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
			--disable-background-networking --disable-component-update --disable-sync \
			--user-data-dir="$(mktemp -d "$T/chrome.XXXXXX")" --virtual-time-budget=10000 "$@" 2>>"$T/chrome.log"
	}
	# the browser signs in as a person would: it opens the sign-in page,
	# the token is typed into the form and submitted (a same-origin POST;
	# one from another page, even a file://, is refused as login CSRF), the
	# answer sets the cookie and moves on to the site page
	if node --experimental-websocket -e 'process.exit(typeof WebSocket === "function" ? 0 : 1)' 2>/dev/null; then
		timeout 90 node --experimental-websocket tests/collector/chrome-login.mjs "$CHROME" "$U" "$VIEWER" \
			/sites/DEMO-HOSPITAL "$(mktemp -d "$T/chrome.XXXXXX")" >"$OUT/page-dom.html" 2>>"$T/chrome.log"
	else
		echo "SKIPPED: the Chromium sign-in needs node with WebSocket (node >= 20.10)"
		: >"$OUT/page-dom.html"
	fi
	title=$(sed -n 's:.*<title>\(.*\)</title>.*:\1:p' "$OUT/page-dom.html" | head -n 1)
	case "$title" in
	*DEMO-HOSPITAL*) ok "Chromium signed in over http:// and loaded the site page ($title)" ;;
	*) ko "Chromium loaded the site page (title: $title)" ;;
	esac
	if grep -q 'pwned' "$OUT/page-dom.html" && ! grep -q "<title>.*pwned" "$OUT/page-dom.html"; then
		ok "the forged <script> and onerror did not run (title unchanged)"
	else
		ko "the forged <script> and onerror did not run"
	fi
	if grep -q "&lt;script&gt;document.title='pwned'&lt;/script&gt;" "$OUT/page-dom.html"; then
		ok "the forged markup is text in the DOM"
	else
		ko "the forged markup is text in the DOM"
	fi
	n=0
	for m in 02:00:5e:66:66:66 00:00:0c:dd:00:01 00:06:5b:00:50:01 00:15:eb:bb:00:01; do
		grep -q "$m" "$OUT/page-dom.html" && n=$((n + 1))
	done
	check "the 4 unlisted devices are in the DOM" 4 "$n"
	# the oracle itself: a page whose script does run shows its title in the dump
	printf '<!DOCTYPE html><title>x</title><img src=x onerror="document.title=%s">\n' "'pwned'" >"$T/oracle.html"
	if chrome --dump-dom "file://$T/oracle.html" | grep -q "<title>pwned</title>"; then
		ok "self-test: a running onerror would show as <title>pwned</title> in the dump"
	else
		ko "self-test: a running onerror would show as <title>pwned</title> in the dump"
	fi
	# login CSRF: another page's form posting a token to /login is refused
	cat >"$T/forged-login.html" <<EOF
<!DOCTYPE html><html><body><form id="f" method="post" action="$U/login">
<input name="token" value="$VIEWER"><input name="next" value="/sites/DEMO-HOSPITAL"></form>
<script>document.getElementById('f').submit()</script></body></html>
EOF
	chrome --dump-dom "file://$T/forged-login.html" >"$T/forged-dom.html"
	if grep -q "from another site: refused" "$T/forged-dom.html" && ! grep -q "00:00:0c:dd:00:01" "$T/forged-dom.html"; then
		ok "Chromium: a sign-in form posted from another page is refused (login CSRF)"
	else
		ko "Chromium: a sign-in form posted from another page is refused (login CSRF)"
	fi
	chrome --window-size=1280,2400 --screenshot="$OUT/page.png" "file://$(cd "$OUT" && pwd)/page-dom.html" >/dev/null
	if [ -s "$OUT/page.png" ]; then ok "screenshot $OUT/page.png"; else ko "screenshot $OUT/page.png"; fi
else
	sk "Chromium page checks: no chromium"
fi

# ---- many agents at once: the store is behind one mutex ----
AGENT_G=$(tok --role agent --site GEN-HOSPITAL)
"$PY" tests/collector/gen-reports.py reports "$T/gen.jsonl" --reports 40 --candidates 20 --site GEN-HOSPITAL >/dev/null
mkdir -p "$T/gen"
split -l 1 -a 3 "$T/gen.jsonl" "$T/gen/r."
ls "$T"/gen/r.* | xargs -P 8 -I{} curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $AGENT_G" \
	--data-binary @{} "$U/api/v1/reports" >"$T/gen.codes"
check "40 reports from 8 clients at once: all 201" "40" "$(grep -c '^201$' "$T/gen.codes")"
ls "$T"/gen/r.* | xargs -P 8 -I{} curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $AGENT_G" \
	--data-binary @{} "$U/api/v1/reports" >"$T/gen.codes"
check "the same 40 again at once: all 200 (duplicates)" "40" "$(grep -c '^200$' "$T/gen.codes")"
req GET /api/v1/sites "$AGENT_G"
check "the site holds 40 reports and 800 candidates" "40 800" "$(jf 'd["sites"][0]["reports"], d["sites"][0]["candidates"]' | tr -d '(),')"
code=$(curl -s -o /dev/null -w '%{http_code}' -I -H "Authorization: Bearer $VIEWER" "$U/api/v1/sites")
check "HEAD: 200 without a body" 200 "$code"

# ---- connection limits ----
lim=$("$PY" - "$PORT" <<'EOF'
import socket, subprocess, sys, time
port = int(sys.argv[1])
url = "http://127.0.0.1:%d/healthz" % port
get = lambda: subprocess.run(["curl", "-s", "-m", "5", "-o", "/dev/null", "-w", "%{http_code}", url],
                             capture_output=True, text=True).stdout
socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(32)]
time.sleep(0.3)
held = get()
for s in socks:
    s.close()
time.sleep(0.3)
print(held, get())
EOF
)
check "32 idle connections from one address: the 33rd is refused, then served once they close" "000 200" "$lim"

# ---- malformed HTTP: refused, and the server stays up ----
"$PY" - "$PORT" "$AGENT" >"$T/raw.out" <<'EOF'
import socket, sys
port, tok = int(sys.argv[1]), sys.argv[2].encode()
def send(raw):
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(2)
    try:
        s.sendall(raw)
        d = s.recv(200)
    except Exception:
        d = b"no answer"
    s.close()
    return d.split(b"\r\n")[0].split(b" ")[1].decode() if d.startswith(b"HTTP/") else "none"
post = b"POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + tok + b"\r\n"
for name, raw in [
    ("a 100 KB header: 431", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 100000 + b"\r\n\r\n"),
    ("a bad chunk size: 400", post + b"Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"),
    ("Content-Length -1: 400", post + b"Content-Length: -1\r\n\r\n"),
    ("Content-Length of 23 digits: 413", post + b"Content-Length: 99999999999999999999999\r\n\r\n"),
    ("an absolute URI: 400", b"GET http://evil/healthz HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("dot segments are not resolved: 404", b"GET /api/v1/sites/../../metrics HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("a TLS hello on the plain port: no answer", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 50),
    ("then /healthz: 200", b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"),
]:
    print(name + "|" + send(raw))
EOF
while IFS='|' read -r name got; do
	want=${name##*: }
	[ "$want" = "no answer" ] && want=none
	check "malformed HTTP: $name" "$want" "$got"
done <"$T/raw.out"

# ---- the agents' spool, for /metrics: two agents deliver reports with limits.spool_* ----
# agent ids come from the network: this one needs every escape of the text format,
# and its backslash-n (two characters) must not come back as a newline
SPOOL_ID=$(printf 'ward "3F" \\n\\ west\nline 2')
spooled() { # OUT ID REPORT_ID WINDOW_END BACKLOG DROPPED
	"$PY" - "$DEMO" "$@" <<'EOF2'
import json, sys
src, out, agent, rid, end, backlog, dropped = sys.argv[1:8]
d = json.load(open(src))
d["report_id"] = rid
d["agent"]["id"] = agent
d["window"]["end"] = end
d["limits"]["spool_backlog"] = int(backlog)
d["limits"]["spool_dropped"] = int(dropped)
json.dump(d, open(out, "w"))
EOF2
}
spooled "$T/sp1.json" spool-agent 00000000-0000-4000-8000-00000000000a 2030-01-01T00:01:00Z 3 2
spooled "$T/sp2.json" spool-agent 00000000-0000-4000-8000-00000000000b 2030-01-01T00:02:00Z 1 1
spooled "$T/sp3.json" "$SPOOL_ID" 00000000-0000-4000-8000-00000000000c 2030-01-01T00:03:00Z 7 0
spooled "$T/splong.json" "$(head -c 256 /dev/zero | tr '\0' a)" 00000000-0000-4000-8000-00000000000d 2030-01-01T00:03:00Z 0 0
for f in sp1 sp2 sp3; do
	req POST /api/v1/reports "$AGENT" --data-binary @"$T/$f.json"
	check "a report with spool counts ($f): 201" 201 "$code"
done
req POST /api/v1/reports "$AGENT" --data-binary @"$T/splong.json"
check "an agent id of 256 bytes: 422 at agent.id" "422 agent.id" "$code $(jf 'd["path"]')"

# metrics_check FILE WHAT: the per-agent values as "name|site|agent|value" lines (sorted)
# in $T/agents.WHAT, read by prometheus_client's parser; exit 1 (and why) when a line
# breaks the text format's grammar, which that parser is lenient about
metrics_check() {
	"$PY" - "$1" "$T/agents.$2" <<'EOF2'
import collections, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
name = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
value = r'"(?:[^"\\\n]|\\[\\"n])*"'
label = r"[a-zA-Z_][a-zA-Z0-9_]*=" + value
sample = re.compile(r"^(%s)(?:\{%s(?:,%s)*\})? (?:[-+]?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|NaN|[-+]Inf)$" % (name, label, label))
typed, current = set(), None
for n, line in enumerate(text.split("\n")[:-1], 1):
    m = re.match(r"^# (HELP|TYPE) (%s) (.*)$" % name, line)
    if m:
        if m.group(1) == "TYPE":
            if m.group(2) in typed or m.group(3) not in ("counter", "gauge"):
                sys.exit("line %d: a second or bad TYPE: %r" % (n, line))
            typed.add(m.group(2))
            current = m.group(2)
        continue
    m = sample.match(line)
    if not m or m.group(1) != current:
        sys.exit("line %d: not a sample of the family typed above it: %r" % (n, line))
if not text.endswith("\n"):
    sys.exit("the last line has no newline")
try:
    from prometheus_client.parser import text_string_to_metric_families
    samples = [s for fam in text_string_to_metric_families(text) for s in fam.samples]
except ImportError: # python3-prometheus-client (make check-deps): the grammar above, unescaped here
    S = collections.namedtuple("S", "name labels value")
    unesc = lambda v: re.sub(r'\\(.)', lambda m: "\n" if m.group(1) == "n" else m.group(1), v)
    samples = []
    for line in text.split("\n"):
        m = re.match(r'^(egresswatch_agent_\w+)\{site="((?:[^"\\]|\\.)*)",agent="((?:[^"\\]|\\.)*)"\} (\S+)$', line)
        if m:
            samples.append(S(m.group(1), {"site": unesc(m.group(2)), "agent": unesc(m.group(3))}, float(m.group(4))))
rows = ["%s|%s|%s|%s" % (s.name, s.labels["site"], s.labels["agent"].replace("\n", "<NL>"), s.value)
        for s in samples if s.name.startswith("egresswatch_agent_")]
open(sys.argv[2], "w").write("\n".join(sorted(rows)) + "\n")
EOF2
}
# agent_value WHAT NAME AGENT: one value from $T/agents.WHAT
agent_value() {
	a=$(printf '%s' "$3" | "$PY" -c 'import sys; print(sys.stdin.read().replace("\n", "<NL>"))')
	"$PY" - "$T/agents.$1" "$2" "$a" <<'EOF2'
import sys
for row in open(sys.argv[1]).read().splitlines():
    name, site, agent, value = row.split("|", 3)
    if name == sys.argv[2] and agent == sys.argv[3]:
        print(value)
EOF2
}

# ---- metrics ----
req GET /metrics "$VIEWER"
check "metrics as a viewer: 403" 403 "$code"
req GET /metrics "$ADMIN"
check "metrics: 200 Prometheus text" "200 text/plain; version=0.0.4; charset=utf-8" "$code $(hdr Content-Type)"
cp "$T/body" "$OUT/metrics.txt"
check "metrics: reports stored 45, duplicate 41" "45 41" \
	"$(sed -n 's/^egresswatch_reports_received_total{result="stored"} //p' "$T/body") $(sed -n 's/^egresswatch_reports_received_total{result="duplicate"} //p' "$T/body")"
check "metrics: rejected not_json 1, schema 3, wrong_site 1, too_large 2, unauthorized 4" "1 3 1 2 4" \
	"$(for r in not_json schema wrong_site too_large unauthorized; do sed -n "s/^egresswatch_reports_rejected_total{reason=\"$r\"} //p" "$T/body"; done | tr '\n' ' ' | sed 's/ $//')"
check "metrics: unlisted devices of the site" 4 "$(sed -n 's/^egresswatch_site_unlisted_devices{site="DEMO-HOSPITAL"} //p' "$T/body")"
if grep -q '^egresswatch_agent_last_report_timestamp_seconds{site="DEMO-HOSPITAL",agent="demo-agent"} [0-9]' "$T/body"; then
	ok "metrics: the agent's last report time"
else
	ko "metrics: the agent's last report time"
fi
if ! "$PY" -c 'import prometheus_client' 2>/dev/null; then
	sk "prometheus_client's parser: python3-prometheus-client is not installed (the strict grammar check still runs)"
fi
if metrics_check "$T/body" before; then ok "metrics: the text format's grammar, and its parser reads it"; else ko "metrics: the text format's grammar"; fi
check "metrics: spool-agent's backlog is its newest report's (1)" 1.0 \
	"$(agent_value before egresswatch_agent_spool_backlog_reports spool-agent)"
check "metrics: spool-agent's dropped reports add up (2 + 1)" 3.0 \
	"$(agent_value before egresswatch_agent_spool_dropped_reports_total spool-agent)"
check "metrics: an agent id with a quote, backslashes and a newline comes back whole (backlog 7)" 7.0 \
	"$(agent_value before egresswatch_agent_spool_backlog_reports "$SPOOL_ID")"
check "metrics: spool-agent's window end" 1893456120.0 \
	"$(agent_value before egresswatch_agent_last_window_end_timestamp_seconds spool-agent)"
check "metrics: the demo agent (a file, no spool) has no backlog" "" \
	"$(agent_value before egresswatch_agent_spool_backlog_reports demo-agent)"
if [ -n "$(agent_value before egresswatch_agent_last_report_timestamp_seconds "$SPOOL_ID")" ]; then
	ok "metrics: the escaped agent's last report time"
else
	ko "metrics: the escaped agent's last report time"
fi

# ---- a clean stop ----
kill -TERM "$SPID"
wait "$SPID"
rc=$?
check "SIGTERM: the server stops with status 0" 0 "$rc"
grep -q "stopping" "$T/serve.log" && ok "SIGTERM: it says it stops" || ko "SIGTERM: it says it stops"

# ---- a restart: the per-agent metrics come from the store ----
start "$T/restart.log"
U=http://127.0.0.1:$PORT
req GET /metrics "$ADMIN"
cp "$T/body" "$OUT/metrics-restarted.txt"
metrics_check "$T/body" after || ko "metrics after a restart: the text format's grammar"
check "after a restart: every agent's last report time, window end, backlog and dropped as before" \
	"$(cat "$T/agents.before")" "$(cat "$T/agents.after")"
check "after a restart: spool-agent's backlog still 1" 1.0 \
	"$(agent_value after egresswatch_agent_spool_backlog_reports spool-agent)"
check "after a restart: the counters of this process start again" 0 \
	"$(sed -n 's/^egresswatch_reports_received_total{result="stored"} //p' "$T/body")"
kill -TERM "$SPID"
wait "$SPID"

# ---- TLS ----
if command -v openssl >/dev/null; then
	(
		cd "$T" || exit 1
		openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=egresswatch test CA" \
			-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
		openssl req -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr -subj "/CN=127.0.0.1"
		printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >srv.ext
		openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out srv.pem -days 2 -extfile srv.ext
	) >"$T/openssl.log" 2>&1
	start "$T/tls.log" --tls-cert "$T/srv.pem" --tls-key "$T/srv.key"
	if [ -n "$PORT" ]; then
		ok "serve with --tls-cert/--tls-key starts ($PORT)"
		code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$T/ca.pem" "https://127.0.0.1:$PORT/healthz")
		check "https with the test CA: 200" 200 "$code"
		code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$T/ca.pem" -H "Authorization: Bearer $VIEWER" \
			"https://127.0.0.1:$PORT/api/v1/sites")
		check "https: an API call with a token: 200" 200 "$code"
		curl -s -o /dev/null "https://127.0.0.1:$PORT/healthz"
		rc=$?
		if [ "$rc" -ne 0 ]; then ok "https without the CA: refused by curl (exit $rc)"; else ko "https without the CA is refused"; fi
		code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz")
		rc=$?
		if [ "$rc" -ne 0 ] && [ "$code" != 200 ]; then
			ok "plain http:// to the TLS port fails (curl exit $rc, status $code)"
		else
			ko "plain http:// to the TLS port fails (exit $rc, status $code)"
		fi
		v11=$(echo | timeout 5 openssl s_client -connect "127.0.0.1:$PORT" -tls1_1 -cipher 'DEFAULT@SECLEVEL=0' 2>&1 |
			sed -n 's/.*Cipher is \(.*\)/\1/p' | head -n 1)
		v12=$(echo | timeout 5 openssl s_client -connect "127.0.0.1:$PORT" -tls1_2 2>&1 |
			sed -n 's/.*Cipher is \(.*\)/\1/p' | head -n 1)
		case "$v11:$v12" in
		"(NONE):(NONE)" | *:) ko "TLS 1.2 accepted, 1.1 refused (1.1: $v11, 1.2: $v12)" ;;
		"(NONE):"* | ":"*) ok "TLS 1.2 accepted ($v12), TLS 1.1 refused" ;;
		*) ko "TLS 1.1 refused (it got $v11)" ;;
		esac
		code=$(curl -s -o /dev/null -D "$T/hdr" -w '%{http_code}' --cacert "$T/ca.pem" \
			--data-urlencode "token=$VIEWER" "https://127.0.0.1:$PORT/login")
		case "$(hdr Set-Cookie)" in
		*Secure*) ok "over TLS the login cookie is Secure" ;;
		*) ko "over TLS the login cookie is Secure ($(hdr Set-Cookie))" ;;
		esac
		kill -TERM "$SPID"
		wait "$SPID"
		check "TLS server: SIGTERM, status 0" 0 "$?"
	else
		cat "$T/tls.log" "$T/openssl.log"
		ko "serve with --tls-cert/--tls-key starts"
	fi
	"$C" --db "$DB" serve --listen 127.0.0.1:0 --tls-cert "$T/srv.pem" 2>/dev/null
	check "--tls-cert without --tls-key: usage error (2)" 2 "$?"
else
	sk "TLS: no openssl"
fi
start "$T/int.log"
kill -INT "$SPID"
wait "$SPID"
check "SIGINT: the server stops with status 0" 0 "$?"
: >"$T/v6.log"
"$C" --db "$DB" serve --listen '[::1]:0' 2>"$T/v6.log" &
V6PID=$!
PIDS="$PIDS $V6PID"
sleep 0.5
P6=$(sed -n 's/.*listening on \[::1\]:\([0-9][0-9]*\).*/\1/p' "$T/v6.log")
if [ -n "$P6" ]; then
	check "--listen [::1]:0 serves over IPv6" 200 "$(curl -s -g -o /dev/null -w '%{http_code}' "http://[::1]:$P6/healthz")"
	kill -TERM "$V6PID"
	wait "$V6PID"
else
	sk "IPv6: no ::1 here ($(tail -n 1 "$T/v6.log"))"
	kill "$V6PID" 2>/dev/null
fi
"$C" --db "$DB" serve --listen nowhere:80 2>/dev/null
check "--listen with a name, not an address: exit 1" 1 "$?"

if grep -qE '^==[0-9]+==ERROR|runtime error|LeakSanitizer' "$T"/serve.log "$T"/restart.log "$T"/tls.log 2>/dev/null; then
	grep -hE -A12 '^==[0-9]+==ERROR|runtime error' "$T"/serve.log "$T"/restart.log "$T"/tls.log | head -40
	ko "the server's log holds no sanitizer report"
else
	ok "the server's log holds no sanitizer report"
fi

if [ "$skip" -gt 0 ]; then
	echo "api: $pass passed, $fail failed ($skip skipped:${skipped#;})"
else
	echo "api: $pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
