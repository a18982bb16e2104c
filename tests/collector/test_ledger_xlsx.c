/* SPDX-License-Identifier: ISC */
/* test_ledger_xlsx.c - XLSX line sheets written by make-sheets.py (openpyxl,
 * then edited at the XML level) into $EW_LEDGER_SHEETS: the ministry's sheet
 * as kept in Excel (title row, merged two-row header, 記入例, numeric 回線IDs,
 * shared, inline and rich strings, a worksheet part with an unusual name, a
 * second sheet not read), the same bytes under a .csv name, and hostile or
 * wrong workbooks. run-ledger.sh makes the folder; without it, cases skip. */
#include "ledger_test_util.h"

static unsigned char *sheet(const char *name, size_t *len)
{
	static char path[512];
	const char *dir = getenv("EW_LEDGER_SHEETS");
	if (!dir) {
		fprintf(stderr, "SKIPPED: EW_LEDGER_SHEETS is not set (tests/collector/run-ledger.sh sets it)\n");
		return NULL;
	}
	snprintf(path, sizeof path, "%s/%s", dir, name);
	unsigned char *d = slurp(path, len);
	if (!d)
		fprintf(stderr, "SKIPPED: %s is absent\n", path);
	return d;
}

/* sheet(), or the test is skipped (run-ledger.sh did not make it) */
static unsigned char *need_sheet(const char *name, size_t *len)
{
	unsigned char *d = sheet(name, len);
	if (!d)
		skip();
	return d;
}

static void check_ministry(const char *name)
{
	size_t len;
	unsigned char *d = need_sheet(name, &len);
	struct ew_ledger l;
	struct ew_ledger_errors e;
	parse_bytes_ok(d, len, 0, &l, &e);
	assert_string_equal(l.format, "xlsx");
	assert_string_equal(l.encoding, "xlsx");
	assert_int_equal(l.header_row, 4);
	assert_int_equal(l.skipped_examples, 1);
	assert_int_equal(l.count, 4);
	const struct ew_ledger_line *a = &l.lines[0];
	assert_int_equal(a->row, 6);
	assert_string_equal(a->no, "回線1");
	assert_int_equal(a->want_version_check, EW_YN_YES);
	assert_int_equal(a->want_vuln_scan, EW_YN_NO);
	assert_int_equal(a->emr_connected, EW_YN_YES);
	assert_string_equal(a->purpose, "電子カルテ");
	assert_string_equal(a->service, "フレッツ光クロス");
	assert_string_equal(a->line_id, "1234567"); /* a number read back as text */
	assert_string_equal(a->carrier, "NTT東日本");
	assert_string_equal(a->holder, "医療法人〇〇");
	assert_int_equal(a->mac_count, 1);
	assert_mac(&a->macs[0], "00:11:22:33:44:55");
	assert_string_equal(a->note, "夜間のみ"); /* column AB, the cells before it omitted */
	const struct ew_ledger_line *b = &l.lines[1];
	assert_int_equal(b->row, 7);
	assert_string_equal(b->no, "回線2");
	assert_int_equal(b->want_version_check, EW_YN_NO);
	assert_int_equal(b->want_vuln_scan, EW_YN_UNSET);
	assert_int_equal(b->emr_connected, EW_YN_NO);
	assert_string_equal(b->service, "");
	assert_string_equal(b->line_id, "1234567"); /* stored as 1234567.0 */
	assert_string_equal(b->carrier, "NTT西日本");
	const struct ew_ledger_line *c = &l.lines[2];
	assert_int_equal(c->row, 9); /* row 8 is blank */
	assert_string_equal(c->no, "回線3");
	assert_string_equal(c->service, "フレッツ光");         /* inline rich runs, no ヒカリ */
	assert_string_equal(c->line_id, "12345678901234");     /* stored as 1.2345678901234E+13 */
	assert_string_equal(c->carrier, "KDDI");
	assert_string_equal(c->holder, "");
	assert_int_equal(c->mac_count, 1);
	assert_mac(&c->macs[0], "aa:bb:cc:00:00:0a"); /* a rich shared string, no エー */
	const struct ew_ledger_line *d4 = &l.lines[3];
	assert_int_equal(d4->row, 10);
	assert_string_equal(d4->line_id, "12345678901234568"); /* stored as 1.2345678901234568E+16 */
	ew_ledger_free(&l);
	ew_ledger_errors_free(&e);
	free(d);
}

static void test_ministry(void **state)
{
	(void)state;
	check_ministry("ministry.xlsx");
}

static void test_csv_named_xlsx(void **state)
{
	(void)state;
	size_t len;
	unsigned char *d = need_sheet("csv-named.xlsx", &len);
	struct ew_ledger l;
	struct ew_ledger_errors e;
	assert_int_equal(parse_bytes(d, len, 0, &l, &e), 0);
	assert_string_equal(l.format, "csv");
	assert_int_equal(l.count, 1);
	assert_string_equal(l.lines[0].line_id, "C1");
	ew_ledger_free(&l);
	ew_ledger_errors_free(&e);
	free(d);
}

static void test_rows_out_of_order(void **state)
{
	(void)state;
	check_ministry("shuffled.xlsx");
}

static void test_xlsx_named_csv(void **state)
{
	(void)state;
	check_ministry("really-xlsx.csv"); /* content decides, not the name */
}

/* openpyxl's own file (inline strings only): the cell RICH in the MAC
 * column is a bad MAC, named with its row and the merged header's text */
/* A date typed in a cell is a number with a date style: it read back as
 * Excel's day count ("45383"), so the completed sheet said 45383 where the
 * hospital wrote 2024/4/1. Read as the date (yyyy/m/d, h:mm[:ss] when the
 * cell has a time), in the 1900 and the 1904 date systems. */
static void check_dates(const char *name)
{
	size_t len;
	unsigned char *d = need_sheet(name, &len);
	struct ew_ledger l;
	struct ew_ledger_errors e;
	parse_bytes_ok(d, len, 0, &l, &e);
	assert_int_equal(l.count, 6);
	assert_string_equal(l.lines[0].note, "2024/4/1");
	assert_string_equal(l.lines[0].location, "1999/12/31");
	assert_string_equal(l.lines[1].note, "2024/1/2 3:04:05");
	assert_string_equal(l.lines[2].note, "2019/5/1");
	assert_string_equal(l.lines[3].note, "13:30");
	assert_string_equal(l.lines[4].note, "1234.5"); /* a number style: a number */
	assert_string_equal(l.lines[5].note, "45383");
	ew_ledger_free(&l);
	ew_ledger_errors_free(&e);
	free(d);
}

static void test_dates(void **state)
{
	(void)state;
	check_dates("dates.xlsx");
	check_dates("dates1904.xlsx");
}

/* The lines on the second tab, after 記入要領 and a chart sheet: the import
 * read only the first tab and said "no header row found". */
static void test_second_tab(void **state)
{
	(void)state;
	size_t len;
	unsigned char *d = need_sheet("secondtab.xlsx", &len);
	struct ew_ledger l;
	struct ew_ledger_errors e;
	parse_bytes_ok(d, len, 0, &l, &e);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.lines[0].line_id, "CAF1");
	assert_mac(&l.lines[0].macs[0], "00:11:22:33:44:55");
	ew_ledger_free(&l);
	ew_ledger_errors_free(&e);
	free(d);
	d = sheet("noheader.xlsx", &len);
	assert_non_null(d);
	assert_int_equal(parse_bytes(d, len, 0, &l, &e), -1);
	assert_non_null(find_error(&e, 0, NULL, "no header row found"));
	ew_ledger_errors_free(&e);
	free(d);
}

/* A line's cells merged down over its devices' rows: Excel shows あり and
 * CAF1 on the second row too, but the import read it empty and refused it
 * ("required: あり or なし"). A cell under a vertical merge takes the
 * merge's value, in the merge's first column. */
static void test_merged_down(void **state)
{
	(void)state;
	size_t len;
	unsigned char *d = need_sheet("vmerge.xlsx", &len);
	struct ew_ledger l;
	struct ew_ledger_errors e;
	parse_bytes_ok(d, len, 0, &l, &e);
	assert_int_equal(l.count, 3);
	const struct ew_ledger_line *b = &l.lines[1];
	assert_int_equal(b->row, 3);
	assert_string_equal(b->no, "回線1");
	assert_int_equal(b->emr_connected, EW_YN_YES);
	assert_string_equal(b->line_id, "CAF1");
	assert_string_equal(b->service, "フレッツ光");
	assert_string_equal(b->device_kind, "HGW");
	assert_mac(&b->macs[0], "00:11:22:33:44:10");
	assert_string_equal(b->note, "1F");
	assert_string_equal(b->method, ""); /* not the note's second column */
	assert_string_equal(l.lines[2].no, "回線2");
	assert_int_equal(l.skipped_examples, 2); /* both rows of the 記入例 */
	ew_ledger_free(&l);
	ew_ledger_errors_free(&e);
	free(d);
}

static void test_bad_cell_in_xlsx(void **state)
{
	(void)state;
	size_t len;
	unsigned char *d = need_sheet("plain.xlsx", &len);
	struct ew_ledger l;
	struct ew_ledger_errors e;
	assert_int_equal(parse_bytes(d, len, 0, &l, &e), -1);
	assert_int_equal(e.count, 1);
	assert_non_null(find_error(&e, 9, "MACアドレス", "RICH"));
	ew_ledger_errors_free(&e);
	assert_int_equal(parse_bytes(d, len, EW_LEDGER_SKIP_BAD_ROWS, &l, &e), 0);
	assert_int_equal(l.count, 3);
	assert_int_equal(l.skipped_bad, 1);
	assert_int_equal(e.count, 1);
	assert_string_equal(l.lines[1].line_id, "1234567");
	ew_ledger_free(&l);
	ew_ledger_errors_free(&e);
	free(d);
}

static void expect_error(const char *name, const char *message)
{
	size_t len;
	unsigned char *d = need_sheet(name, &len);
	struct ew_ledger l;
	struct ew_ledger_errors e;
	assert_int_equal(parse_bytes(d, len, 0, &l, &e), -1);
	assert_int_equal(l.count, 0);
	assert_non_null(find_error(&e, 0, NULL, message));
	ew_ledger_errors_free(&e);
	free(d);
}

static void test_not_a_workbook(void **state)
{
	(void)state;
	expect_error("notbook.xlsx", "not an XLSX workbook");
}

static void test_entities(void **state)
{
	(void)state;
	expect_error("entities.xlsx", "entities");
}

static void test_deep(void **state)
{
	(void)state;
	expect_error("deep.xlsx", "nested");
}

static void test_bomb(void **state)
{
	(void)state;
	expect_error("bomb.xlsx", "larger than");
}

static void test_bomb_lying(void **state)
{
	(void)state;
	expect_error("bomb-lying.xlsx", "lines.xml");
}

static void test_bad_string_index(void **state)
{
	(void)state;
	expect_error("badindex.xlsx", "shared string");
}

static void test_truncated_zip(void **state)
{
	(void)state;
	size_t len;
	unsigned char *d = need_sheet("ministry.xlsx", &len);
	struct ew_ledger l;
	struct ew_ledger_errors e;
	for (size_t cut = 4; cut < len; cut += len / 7) { /* any cut is an error, never a crash */
		assert_int_equal(parse_bytes(d, cut, 0, &l, &e), -1);
		assert_true(e.count > 0);
		ew_ledger_errors_free(&e);
	}
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ministry),
		cmocka_unit_test(test_xlsx_named_csv),
		cmocka_unit_test(test_rows_out_of_order),
		cmocka_unit_test(test_csv_named_xlsx),
		cmocka_unit_test(test_bad_cell_in_xlsx),
		cmocka_unit_test(test_second_tab),
		cmocka_unit_test(test_merged_down),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_not_a_workbook),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_deep),
		cmocka_unit_test(test_bomb),
		cmocka_unit_test(test_bomb_lying),
		cmocka_unit_test(test_bad_string_index),
		cmocka_unit_test(test_truncated_zip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
