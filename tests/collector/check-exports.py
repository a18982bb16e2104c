#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""check-exports.py - reads back what ew-export-sample wrote (run-exports.sh).

    check-exports.py OUTDIR SCHEMA

Each check prints one line: "ok NAME", "FAIL NAME: why" or "SKIP NAME: why".
The fixture (tests/collector/ew-export-sample.c) carries hostile strings;
every reader here is the one a person or a program would use: openpyxl for
the workbook, Python's csv module, jsonschema, headless Chromium for the page.
"""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

OUT, SCHEMA = sys.argv[1], sys.argv[2]

HEADERS = [
    "番号", "調査希望 装置バージョン確認", "調査希望 脆弱性診断", "電子カルテシステムの所属するネットワークとの接続",
    "用途、システム名", "回線サービス名", "回線ID", "回線事業者", "回線名義", "終端装置種別", "メーカー", "型番",
    "MACアドレス", "IPアドレス", "設置場所", "管理部門", "契約ベンダー", "確認方法", "備考", "照合結果", "照合理由",
    "検出装置", "初回検出", "最終検出", "検出根拠",
]
PWN_LINK = '=HYPERLINK("http://evil.example/","click me")'
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r", "\n")
LINES, UNLISTED = 5, 3

results = []


def check(name):
    def wrap(fn):
        try:
            r = fn()
            if isinstance(r, str) and r.startswith("SKIP"):
                results.append(("SKIP", name, r[5:]))
            else:
                results.append(("ok", name, ""))
        except AssertionError as e:
            results.append(("FAIL", name, str(e) or "assertion"))
        except Exception as e:  # a reader that crashes is a failure too
            results.append(("FAIL", name, "%s: %s" % (type(e).__name__, e)))
        return fn
    return wrap


def path(name):
    return os.path.join(OUT, name)


# --- XLSX -------------------------------------------------------------------
def xlsx_checks(fname):
    import openpyxl

    @check(fname + ": opens; sheet 1 has the Japanese headers")
    def _():
        wb = openpyxl.load_workbook(path(fname))
        assert wb.sheetnames == ["回線・機器情報", "検出根拠"], wb.sheetnames
        ws = wb["回線・機器情報"]
        hdr = [c.value for c in ws[3]]
        assert hdr == HEADERS, hdr

    @check(fname + ": every cell is a string, none a formula")
    def _():
        assert not formula_cells(path(fname)), formula_cells(path(fname))[:5]
        wb = openpyxl.load_workbook(path(fname))
        n = 0
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if c.value is None:
                        continue
                    n += 1
                    assert c.data_type == "s", "%s!%s is %r (%r)" % (ws.title, c.coordinate, c.data_type, c.value)
                    assert isinstance(c.value, str), c.coordinate
        assert n > 100, "only %d cells" % n
        with zipfile.ZipFile(path(fname)) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/"):
                    xml = z.read(name).decode("utf-8")
                    assert "<f>" not in xml and "<f " not in xml, name + " holds a formula"

    @check(fname + ": hostile text kept verbatim as text")
    def _():
        wb = openpyxl.load_workbook(path(fname))
        vals = [c.value for row in wb["回線・機器情報"].iter_rows() for c in row if c.value]
        assert PWN_LINK in vals, "=HYPERLINK cell missing or changed"
        assert any(v.startswith("=") for v in vals), "a value starting with = should stay as typed text"
        assert "<script>document.title='pwned'</script>" in vals

    @check(fname + ": declared rows then 要確認 rows with Japanese class names")
    def _():
        wb = openpyxl.load_workbook(path(fname))
        rows = [[c.value or "" for c in r] for r in wb["回線・機器情報"].iter_rows(min_row=4)]
        assert len(rows) == LINES + UNLISTED, len(rows)
        verdicts = [r[19] for r in rows]
        assert verdicts[:LINES] == ["一致", "一致", "矛盾", "未検出", "未検出"], verdicts
        assert verdicts[LINES:] == ["要確認"] * UNLISTED, verdicts
        assert [r[0] for r in rows[LINES:]] == ["要確認1", "要確認2", "要確認3"]
        kinds = [r[9] for r in rows[LINES:]]
        assert kinds == ["ホームゲートウェイ", "モバイルルーター", "satellite_terminal"], kinds
        assert rows[LINES][12] == "e0:3c:00:00:00:01"

    @check(fname + ": sheet 2 has each device's evidence")
    def _():
        wb = openpyxl.load_workbook(path(fname))
        rows = [[c.value or "" for c in r] for r in wb["検出根拠"].iter_rows(min_row=2)]
        kinds = [r[5] for r in rows if r[1] == "e0:3c:00:00:00:01"]
        assert kinds == ["ssdp_igd", "dhcp_offer"], kinds
        macs = {r[1] for r in rows}
        assert "00:25:dc:00:00:08" in macs and "00:a0:de:20:00:01" in macs


def formula_cells(fname):
    """Cells a spreadsheet would evaluate: openpyxl's formula type, or an <f>
    element in the sheet XML."""
    import openpyxl
    found = []
    wb = openpyxl.load_workbook(fname)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None and c.data_type != "s":
                    found.append(c.coordinate)
    with zipfile.ZipFile(fname) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and re.search(r"<f[ >]", z.read(name).decode("utf-8")):
                found.append(name)
    return found


def checker_self_test():
    @check("the XLSX checker catches a formula (self-test)")
    def _():
        import openpyxl
        wb = openpyxl.Workbook()
        wb.active["A1"] = PWN_LINK  # openpyxl stores a leading = as a formula
        d = tempfile.mkdtemp(prefix="ew-xlsx-")
        try:
            f = os.path.join(d, "f.xlsx")
            wb.save(f)
            assert formula_cells(f), "a formula went unnoticed"
        finally:
            shutil.rmtree(d, ignore_errors=True)


try:
    import openpyxl  # noqa: F401
    checker_self_test()
    xlsx_checks("rc.xlsx")
    xlsx_checks("rc-mem.xlsx")
except ImportError:
    results.append(("SKIP", "xlsx", "python3-openpyxl is not installed"))


# --- CSV --------------------------------------------------------------------
def read_csv(raw, enc):
    return list(csv.reader(io.StringIO(raw.decode(enc), newline="")))


@check("rc.csv: UTF-8 with BOM, RFC 4180, sheet layout")
def _():
    raw = open(path("rc.csv"), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), "no BOM"
    assert b"\r\n" in raw
    rows = read_csv(raw, "utf-8-sig")
    assert rows[0] == HEADERS, rows[0]
    assert len(rows) == 1 + LINES + UNLISTED, len(rows)
    assert all(len(r) == len(HEADERS) for r in rows)
    assert [r[19] for r in rows[1 + LINES:]] == ["要確認"] * UNLISTED
    assert rows[2][18] == '"quoted", with comma', rows[2][18]


@check("rc.csv: cells starting with = + - @ tab CR are neutralised")
def _():
    rows = read_csv(open(path("rc.csv"), "rb").read(), "utf-8-sig")
    for r in rows:
        for v in r:
            assert not v.startswith(FORMULA_LEAD), "cell %r not neutralised" % v
    cells = [v for r in rows for v in r]
    assert "'" + PWN_LINK in cells
    assert "'@SUM(1+1)" in cells and "'+cmd|' /C calc'!A0" in cells and "'-2+3" in cells
    assert "'\t保守回線\r夜間のみ〜 🏥" in cells, "tab/CR cell lost"
    assert "'@SUM(1,2)" in cells


@check("rc-cp932.csv: CP932, unencodable characters become ?")
def _():
    raw = open(path("rc-cp932.csv"), "rb").read()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = read_csv(raw, "cp932")
    assert rows[0] == HEADERS
    assert len(rows) == 1 + LINES + UNLISTED
    cell = rows[1 + 4][4]
    assert cell.startswith("'\t保守回線\r夜間のみ") and cell.endswith("?"), repr(cell)
    assert "🏥" not in raw.decode("cp932")


# --- JSON -------------------------------------------------------------------
@check("rc.json: valid against reconciliation.schema.json")
def _():
    import jsonschema
    schema = json.load(open(SCHEMA))
    doc = json.load(open(path("rc.json")))
    jsonschema.Draft202012Validator.check_schema(schema)
    errs = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=str)
    assert not errs, "; ".join(e.message for e in errs[:3])
    assert doc["schema"] == "egresswatch.reconciliation/1"
    s = doc["summary"]
    assert (s["lines_matched"], s["lines_conflict"], s["lines_unseen"]) == (2, 1, 2), s
    assert (s["devices_unlisted"], s["devices_conflict"], s["devices_matched"], s["devices_infrastructure"]) == (3, 1, 2, 1), s
    assert [d["verdict"] for d in doc["devices"]] == ["unlisted"] * 3 + ["conflict", "matched", "matched", "infrastructure"]
    assert doc["devices"][0]["vendor"] == PWN_LINK
    for ln in doc["lines"]:
        if ln["verdict"] == "unseen":
            assert "not seen on the monitored segments" in ln["why"] and "absent" not in ln["why"]
        for i in ln["devices"]:
            assert doc["devices"][i]["line"] == ln["no"]


@check("rc.json: a forged document fails the schema")
def _():
    import jsonschema
    schema = json.load(open(SCHEMA))
    doc = json.load(open(path("rc.json")))
    doc["devices"][0]["verdict"] = "absent"
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(doc)), "schema accepted verdict 'absent'"


# --- text -------------------------------------------------------------------
@check("rc.txt: counts first, no control characters reach the terminal")
def _():
    raw = open(path("rc.txt"), "rb").read()
    bad = [b for b in raw if (b < 0x20 and b != 0x0A) or b == 0x7F]
    assert not bad, "control bytes %r" % bad[:5]
    text = raw.decode("utf-8")
    assert text.splitlines()[1].startswith("devices 7: unlisted 3")
    assert "\\x1b[31m" in text and "Tab\\x09here" in text
    order = [text.index(k) for k in ("UNLISTED", "CONFLICT", "MATCHED", "UNSEEN")]
    assert order == sorted(order)


# --- HTML -------------------------------------------------------------------
@check("rc.html: every hostile string escaped, no script, no external resource")
def _():
    html = open(path("rc.html"), encoding="utf-8").read()
    low = html.lower()
    assert "<script" not in low and "<img" not in low, "markup from the wire got through"
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in html
    assert "onerror=&quot;document.title" in html
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", low), "external resource"
    assert "@media print" in html
    assert "Content-Security-Policy" in html
    order = [html.index('id="%s"' % k) for k in ("unlisted", "conflict", "matched", "unseen", "evidence")]
    assert order == sorted(order)
    assert "中央病院 &lt;b&gt;&amp;amp;&lt;/b&gt; &#39;site&#39;" in html


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p:
            return p
    return None


def run_chromium(*args):
    prof = tempfile.mkdtemp(prefix="ew-chromium-")
    try:
        cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--user-data-dir=" + prof] + list(args)
        return subprocess.run(cmd, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(prof, ignore_errors=True)


@check("the Chromium check sees a script run (self-test)")
def _():
    if not chromium():
        return "SKIP chromium is not installed"
    d = tempfile.mkdtemp(prefix="ew-html-")
    try:
        f = os.path.join(d, "p.html")
        with open(f, "w") as fp:
            fp.write("<!DOCTYPE html><title>orig</title><p>x<img src=x onerror=\"document.title='pwned'\"></p>")
        dom = run_chromium("--dump-dom", "file://" + f).stdout.decode("utf-8", "replace")
        assert "<title>pwned</title>" in dom, "a forged onerror did not run, so the real check proves nothing"
    finally:
        shutil.rmtree(d, ignore_errors=True)


@check("rc.html: Chromium renders it; title unchanged, unlisted rows in the DOM")
def _():
    if not chromium():
        return "SKIP chromium is not installed"
    url = "file://" + os.path.abspath(path("rc.html"))
    r = run_chromium("--dump-dom", url)
    dom = r.stdout.decode("utf-8", "replace")
    assert "<html" in dom, "no DOM: " + r.stderr.decode("utf-8", "replace")[-300:]
    m = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert m and m.group(1).startswith("回線・機器照合結果") and "pwned" not in m.group(1), m and m.group(1)
    assert len(re.findall(r'<tr class="unlisted"', dom)) == UNLISTED
    assert "<script" not in dom.lower() and "<img" not in dom.lower()
    assert "e0:3c:00:00:00:01" in dom


@check("rc.html: Chromium screenshot written")
def _():
    if not chromium():
        return "SKIP chromium is not installed"
    shot = os.path.abspath(os.environ.get("EW_SCREENSHOT", os.path.join(OUT, "page.png")))
    if os.path.exists(shot):
        os.unlink(shot)
    url = "file://" + os.path.abspath(path("rc.html"))
    run_chromium("--screenshot=" + shot, "--window-size=1280,2000", "--hide-scrollbars", url)
    assert os.path.exists(shot) and os.path.getsize(shot) > 10000, "no screenshot"


for status, name, why in results:
    print("%s %s%s" % (status, name, (": " + why) if why else ""))
