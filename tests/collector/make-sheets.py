#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""make-sheets.py DIR - writes the XLSX line sheets test_ledger_xlsx reads.

Made at test time with python3-openpyxl (never committed as binaries), then
edited at the XML level where openpyxl cannot write what Excel does: inline
and rich-text strings with phonetic guides, a worksheet part with an
unusual name, entity declarations, deep nesting, a zip bomb.
"""
import io
import os
import re
import sys
import zipfile

import openpyxl

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def rewrite(src, dst, edits):
    """Copies zip src to dst, applying edits {name: fn(text) -> text}."""
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            data = zi.read(info.filename)
            if info.filename in edits:
                data = edits[info.filename](data.decode('utf-8')).encode('utf-8')
            zo.writestr(info.filename, data)


# The ministry's sheet as kept in Excel: a title row, a blank row, a two-row
# header with merged cells, a 記入例 row, lines with numeric 回線IDs; a second
# worksheet after it that must not be read.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = '回線一覧'
ws['A1'] = '回線・機器情報記入シート'
ws.merge_cells('A1:I1')
# row 2 blank
ws['A3'] = 'No'
ws.merge_cells('A3:A4')
ws['B3'] = '調査希望'
ws.merge_cells('B3:C3')
ws['B4'] = '装置バージョン確認(*)'
ws['C4'] = '脆弱性診断(*)'
ws['D3'] = '電子カルテシステムの所属するネットワークとの接続(*)'
ws.merge_cells('D3:D4')
ws['E3'] = '回線情報'
ws.merge_cells('E3:I3')
ws['E4'] = '用途、システム名(*)'
ws['F4'] = '回線サービス名'
ws['G4'] = '回線ID'
ws['H4'] = '回線事業者'
ws['I4'] = '回線名義'
ws['K4'] = 'MACアドレス'
rows = [
    ['記入例', '調査希望あり', '調査希望あり', 'あり', '電子カルテ', 'フレッツ光ネクスト', 'CAFXXXX', 'NTT東日本', '株式会社XX'],
    ['回線1', '調査希望あり', '調査希望なし', 'あり', '電子カルテ', 'フレッツ光クロス', 1234567, 'NTT東日本', '医療法人〇〇'],
    ['回線2', '調査希望なし', None, 'なし', '医事', None, 1234567.0, 'NTT西日本', '医療法人〇〇'],
    [],
    ['回線3', None, None, 'あり', None, 'INLINE', 12345678901234, 'KDDI', None],
    ['回線4', None, None, 'なし', None, None, 12345678901234567, None, None],
]
for i, r in enumerate(rows):
    for j, v in enumerate(r):
        if v is not None:
            ws.cell(row=5 + i, column=1 + j, value=v)
ws['K6'] = '00-11-22-33-44-55'
ws['AB4'] = '備考'  # two-letter reference, L:AA omitted
ws['AB6'] = '夜間のみ'
ws['K9'] = 'RICH'  # becomes a rich-text shared string with a phonetic guide
ws2 = wb.create_sheet('説明')
ws2['A1'] = '回線ID'
ws2['B1'] = '電子カルテ接続'
ws2['A2'] = 'WRONG SHEET'
plain = os.path.join(out, 'plain.xlsx')
wb.save(plain)


def unescape(t):
    return re.sub(r'&#(\d+);', lambda m: chr(int(m.group(1))), t)


def esc(t):
    return t.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


# openpyxl writes every string inline; Excel writes shared strings. Move
# each plain inline string but the cell holding INLINE to a shared string
# table; INLINE becomes rich-text runs with a phonetic guide, RICH a rich
# shared string with one.
strings = []


def to_shared(xml):
    def sub(m):
        ref, text = m.group(1), unescape(m.group(2))
        if text == 'INLINE':
            return ('<c r="%s" t="inlineStr"><is><r><t>フレッツ</t></r><r><rPr><b/></rPr><t>光</t></r>'
                    '<rPh sb="0" eb="1"><t>ヒカリ</t></rPh></is></c>') % ref
        strings.append(text)
        return '<c r="%s" t="s"><v>%d</v></c>' % (ref, len(strings) - 1)
    xml = re.sub(r'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>(.*?)</t></is></c>', sub, xml, flags=re.S)
    # numbers as Excel may store them: a float's ".0", an exponent
    xml = xml.replace('<c r="G7" t="n"><v>1234567</v>', '<c r="G7" t="n"><v>1234567.0</v>')
    xml = xml.replace('<v>12345678901234</v>', '<v>1.2345678901234E+13</v>')
    # 17 digits as Excel keeps them (openpyxl rounds to 16): an integer still
    return xml.replace('<v>1.234567890123457e+16</v>', '<v>1.2345678901234568E+16</v>')


def sst():
    items = []
    for t in strings:
        if t == 'RICH':
            items.append('<si><r><t>AA:BB:CC</t></r><r><rPr><i/></rPr><t>:00:00:0A</t></r>'
                         '<rPh sb="0" eb="1"><t>エー</t></rPh></si>')
        else:
            items.append('<si><t>%s</t></si>' % esc(t))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>'
            % (len(items), len(items), ''.join(items)))


def rels(xml):
    xml = xml.replace('worksheets/sheet1.xml', 'worksheets/lines.xml')
    return xml.replace('</Relationships>',
                       '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                       'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')


def types(xml):
    return xml.replace('</Types>', '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                       'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')


ministry = os.path.join(out, 'ministry.xlsx')
with zipfile.ZipFile(plain) as zi, zipfile.ZipFile(ministry, 'w', zipfile.ZIP_DEFLATED) as zo:
    for info in zi.infolist():
        data = zi.read(info.filename).decode('utf-8')
        name = info.filename
        if name == 'xl/worksheets/sheet1.xml':
            data, name = to_shared(data), 'xl/worksheets/lines.xml'
        elif name == 'xl/_rels/workbook.xml.rels':
            data = rels(data)
        elif name == '[Content_Types].xml':
            data = types(data.replace('/xl/worksheets/sheet1.xml', '/xl/worksheets/lines.xml'))
        zo.writestr(name, data.encode('utf-8'))
    zo.writestr('xl/sharedStrings.xml', sst().encode('utf-8'))

# also served under a .csv name: the content decides
with open(ministry, 'rb') as f:
    data = f.read()
with open(os.path.join(out, 'really-xlsx.csv'), 'wb') as f:
    f.write(data)

# rows listed bottom-up, and cells A6:I6 without references (placed by
# order): read as the same sheet
def shuffle(xml):
    head, rest = xml.split('<sheetData>', 1)
    body, tail = rest.split('</sheetData>', 1)
    rows = re.findall(r'<row .*?</row>', body, flags=re.S)
    rows = [re.sub(r'<c r="[A-I]6"', '<c', r) if 'r="6"' in r else r for r in rows]
    return head + '<sheetData>' + ''.join(reversed(rows)) + '</sheetData>' + tail


rewrite(ministry, os.path.join(out, 'shuffled.xlsx'), {'xl/worksheets/lines.xml': shuffle})

# CSV text under an .xlsx name: the content decides
with open(os.path.join(out, 'csv-named.xlsx'), 'w', encoding='utf-8', newline='') as f:
    f.write('回線ID,電子カルテ接続\r\nC1,あり\r\n')

# billion laughs in the shared strings
laughs = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
          '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
          '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&c;</t></si></sst>')
rewrite(ministry, os.path.join(out, 'entities.xlsx'), {'xl/sharedStrings.xml': lambda x: laughs})

# nesting past the cap
deep = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
        '<x>' * 200 + '</x>' * 200 + '</sheetData></worksheet>')
rewrite(ministry, os.path.join(out, 'deep.xlsx'), {'xl/worksheets/lines.xml': lambda x: deep})

# a zip bomb: the worksheet inflates past EW_XLSX_PART_MAX (256 MiB)
bomb = os.path.join(out, 'bomb.xlsx')
with zipfile.ZipFile(ministry) as zi, zipfile.ZipFile(bomb, 'w', zipfile.ZIP_DEFLATED) as zo:
    for info in zi.infolist():
        if info.filename != 'xl/worksheets/lines.xml':
            zo.writestr(info.filename, zi.read(info.filename))
    with zo.open('xl/worksheets/lines.xml', 'w') as w:
        w.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
        block = b' ' * (1 << 20)
        for _ in range(260):
            w.write(block)
        w.write(b'</sheetData></worksheet>')

# the same bomb with its directory lying: the sizes say 1000 bytes
with open(bomb, 'rb') as f:
    raw = bytearray(f.read())
name = b'xl/worksheets/lines.xml'
i = raw.find(b'PK\x01\x02')
while i >= 0:
    nlen = int.from_bytes(raw[i + 28:i + 30], 'little')
    if raw[i + 46:i + 46 + nlen] == name:
        raw[i + 24:i + 28] = (1000).to_bytes(4, 'little')
        local = int.from_bytes(raw[i + 42:i + 46], 'little')
        raw[local + 22:local + 26] = (1000).to_bytes(4, 'little')
    i = raw.find(b'PK\x01\x02', i + 4)
with open(os.path.join(out, 'bomb-lying.xlsx'), 'wb') as f:
    f.write(raw)

# a zip that is not a workbook
with zipfile.ZipFile(os.path.join(out, 'notbook.xlsx'), 'w') as z:
    z.writestr('hello.txt', 'not a workbook')

# a workbook whose sheet refers to a shared string that does not exist
rewrite(ministry, os.path.join(out, 'badindex.xlsx'),
        {'xl/worksheets/lines.xml': lambda x: re.sub(r'(<c r="G5"[^>]*t="s"[^>]*><v>)\d+', r'\g<1>99999', x)})
# Dates as Excel keeps them: a number with a date style (built-in 14, a
# custom yyyy/mm/dd h:mm, a Japanese era format), a time alone; numbers
# with number styles stay numbers; the same in a 1904-based workbook.
def dated(path, epoch=None):
    wb = openpyxl.Workbook()
    if epoch is not None:
        wb.epoch = epoch
    ws = wb.active
    for j, t in enumerate(['番号', '回線ID', '電子カルテ接続', '備考', '設置場所']):
        ws.cell(row=1, column=1 + j, value=t)
    cells = [
        ('D2', datetime.date(2024, 4, 1), 'mm-dd-yy'),  # Excel's built-in 14
        ('D3', datetime.datetime(2024, 1, 2, 3, 4, 5), 'yyyy/mm/dd h:mm:ss'),
        ('D4', datetime.date(2019, 5, 1), '[$-ja-JP]ggge"年"m"月"d"日"'),
        ('D5', datetime.time(13, 30), None),
        ('D6', 1234.5, '#,##0.00"円"'),
        ('D7', 45383, '0'),
        ('E2', datetime.date(1999, 12, 31), 'yyyy"年"m"月"d"日"'),
    ]
    for ref, v, fmt in cells:
        c = ws[ref]
        c.value = v
        if fmt:
            c.number_format = fmt
    for r in range(2, 8):
        ws.cell(row=r, column=1, value=r - 1)
        ws.cell(row=r, column=2, value='D%d' % r)
        ws.cell(row=r, column=3, value='あり')
    wb.save(path)


import datetime  # noqa: E402
from openpyxl.utils.datetime import CALENDAR_MAC_1904  # noqa: E402
dated(os.path.join(out, 'dates.xlsx'))
dated(os.path.join(out, 'dates1904.xlsx'), CALENDAR_MAC_1904)
# the lines on the second tab, after the instructions (記入要領) and a chart
wb = openpyxl.Workbook()
ws = wb.active
ws.title = '記入要領'
ws['A1'] = '回線・機器情報記入シートの記入要領'
ws['A2'] = '回線IDはお客様IDを記入してください'
wb.create_chartsheet('グラフ')
old = wb.create_sheet('回線一覧(旧)')  # an old copy, hidden: not read
old.append(['番号', '回線ID', '電子カルテ接続'])
old.append(['回線1', 'OLD1', 'なし'])
old.sheet_state = 'hidden'
ws2 = wb.create_sheet('回線一覧')
ws2.append(['番号', '回線ID', '電子カルテ接続', 'MACアドレス'])
ws2.append(['回線1', 'CAF1', 'あり', '00:11:22:33:44:55'])
wb.save(os.path.join(out, 'secondtab.xlsx'))
# no tab holds a header
wb = openpyxl.Workbook()
wb.active['A1'] = '記入要領'
wb.create_sheet('メモ')['A1'] = 'メモ'
wb.save(os.path.join(out, 'noheader.xlsx'))
# one line, two boxes: 番号, 電子カルテ接続, 回線ID merged down over the
# ONU's and the HGW's rows, as sheets group a line's devices
wb = openpyxl.Workbook()
ws = wb.active
ws.append(['番号', '電子カルテ接続', '回線サービス名', '回線ID', '終端装置種別', 'MACアドレス', '備考'])
ws.append(['回線1', 'あり', 'フレッツ光', 'CAF1', 'ONU', '00:11:22:33:44:01', '1F'])
ws.append([None, None, None, None, 'HGW', '00:11:22:33:44:10', None])
ws.append(['回線2', 'なし', 'auひかり', 'KDDI2', 'HGW', '00:25:dc:00:00:08', None])
ws.append(['記入例', 'あり', 'フレッツ光', 'CAFXXXX', 'ONU', '00:00:00:00:00:01', None])
ws.append([None, None, None, None, 'HGW', '00:00:00:00:00:02', None])
for col in 'ABCD':
    ws.merge_cells('%s2:%s3' % (col, col))
    ws.merge_cells('%s5:%s6' % (col, col))
ws.merge_cells('G2:H3')  # a note over two rows and two columns: its column only
ws['H1'] = '確認方法'
wb.save(os.path.join(out, 'vmerge.xlsx'))
print('make-sheets: wrote', out)
