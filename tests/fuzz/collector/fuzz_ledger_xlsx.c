/* SPDX-License-Identifier: ISC */
/* fuzz_ledger_xlsx.c - libFuzzer: ew_ledger_parse on XLSX workbooks. The
 * first byte chooses what the rest of the input is: (0) a whole file as is
 * (the zip layer), or the text of one part of an otherwise valid workbook
 * built in memory with libzip: (1) the worksheet, (2) the shared strings,
 * (3) the workbook, (4) the workbook's relationships, (5) the styles (which
 * numbers are dates). So the XML readers
 * get inputs that reach them, not zips that fail their checksum. */
#include <zip.h>

#include "fuzz_ledger.h"

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RNS "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

#define PARTS 6
static const char *const part_names[PARTS] = { "", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
	                                       "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml" };
static const char *const part_texts[PARTS] = {
	"",
	"<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
	"</row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>L1</t></is></c><c r=\"B2\" t=\"s\"><v>2</v></c>"
	"<c r=\"C2\" s=\"1\"><v>45383.5</v></c></row></sheetData><mergeCells><mergeCell ref=\"A1:A1\"/></mergeCells>"
	"</worksheet>",
	"<sst " NS "><si><t>回線ID</t></si><si><r><t>電子カルテ</t></r><r><t>接続</t></r></si>"
	"<si><t>あり</t><rPh><t>アリ</t></rPh></si></sst>",
	"<workbook " NS " " RNS "><sheets><sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" REL "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"" REL "sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"" REL "styles\" Target=\"styles.xml\"/></Relationships>",
	"<styleSheet " NS "><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy/m/d h:mm\"/></numFmts>"
	"<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>",
};
static const char root_rels[] = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
				"<Relationship Id=\"rId1\" Type=\"" REL "officeDocument\" Target=\"xl/workbook.xml\"/>"
				"</Relationships>";

static int add(zip_t *za, const char *name, const void *p, size_t n)
{
	zip_source_t *s = zip_source_buffer(za, p, n, 0);
	if (!s)
		return -1;
	if (zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8) < 0) {
		zip_source_free(s);
		return -1;
	}
	return 0;
}

/* A workbook with part `which` replaced by text[0..n); malloc'd, or NULL. */
static uint8_t *build(int which, const uint8_t *text, size_t n, size_t *out_len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_error_fini(&ze);
	if (!src)
		return NULL;
	zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, NULL);
	if (!za) {
		zip_source_free(src);
		return NULL;
	}
	zip_source_keep(src);
	int bad = add(za, "_rels/.rels", root_rels, sizeof root_rels - 1);
	for (int i = 1; i < PARTS; i++)
		bad |= i == which ? add(za, part_names[i], text, n) : add(za, part_names[i], part_texts[i], strlen(part_texts[i]));
	if (bad || zip_close(za) != 0) {
		if (bad)
			zip_discard(za);
		zip_source_free(src);
		return NULL;
	}
	uint8_t *out = NULL;
	zip_stat_t st;
	if (zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && zip_source_open(src) == 0) {
		out = malloc(st.size ? st.size : 1);
		if (out && zip_source_read(src, out, st.size) != (zip_int64_t)st.size) {
			free(out);
			out = NULL;
		}
		*out_len = st.size;
		zip_source_close(src);
	}
	zip_source_free(src);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_ledger_check_columns();
	if (size < 1)
		return 0;
	int which = data[0] % PARTS;
	unsigned flags = (data[0] & 0x80) ? EW_LEDGER_SKIP_BAD_ROWS : 0;
	if (which == 0) {
		fuzz_ledger_run(data + 1, size - 1, flags);
		return 0;
	}
	size_t len = 0;
	uint8_t *book = build(which, data + 1, size - 1, &len);
	if (book) {
		fuzz_ledger_run(book, len, flags);
		free(book);
	}
	return 0;
}
