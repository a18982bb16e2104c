/* SPDX-License-Identifier: ISC */
/* test_ledger.c - the line sheet import: the shared samples with exact
 * values, CSV encodings and shapes, broken sheets, --skip-bad-rows, and the
 * column alias file against the code. Run from the source tree (the alias
 * file is data/ledger-columns.conf; EW_LEDGER_COLUMNS overrides). The shared
 * samples are under $EW_SHARED or ../shared/ledgers; absent, those cases skip. */
#include <dirent.h>
#include <iconv.h>
#include <unistd.h>

#include "ledger_test_util.h"

static char shared_path[512];

static unsigned char *sample(const char *name, size_t *len)
{
	const char *dir = getenv("EW_SHARED");
	snprintf(shared_path, sizeof shared_path, "%s/ledgers/%s", dir ? dir : "../shared", name);
	unsigned char *d = slurp(shared_path, len);
	if (!d)
		fprintf(stderr, "SKIPPED: %s is absent\n", shared_path);
	return d;
}

/* ---- the shared samples ---- */

static void check_example(const struct ew_ledger *l)
{
	assert_int_equal(l->count, 8);
	assert_int_equal(l->header_row, 2);
	assert_int_equal(l->skipped_examples, 1);
	assert_int_equal(l->skipped_bad, 0);
	assert_string_equal(l->format, "csv");
	const struct ew_ledger_line *a = &l->lines[0];
	assert_int_equal(a->row, 4);
	assert_string_equal(a->no, "回線1");
	assert_int_equal(a->want_version_check, EW_YN_YES);
	assert_int_equal(a->want_vuln_scan, EW_YN_YES);
	assert_int_equal(a->emr_connected, EW_YN_YES);
	assert_string_equal(a->purpose, "電子カルテ");
	assert_string_equal(a->service, "フレッツ光クロス");
	assert_string_equal(a->line_id, "CAFXX01");
	assert_string_equal(a->carrier, "NTT東日本");
	assert_string_equal(a->holder, "医療法人〇〇");
	assert_string_equal(a->note, "");
	assert_int_equal(a->mac_count, 0);
	const struct ew_ledger_line *b = &l->lines[1];
	assert_int_equal(b->row, 5);
	assert_string_equal(b->no, "回線2");
	assert_int_equal(b->want_version_check, EW_YN_NO);
	assert_int_equal(b->want_vuln_scan, EW_YN_NO);
	assert_string_equal(b->carrier, "NTT西日本");
	const struct ew_ledger_line *e = &l->lines[4];
	assert_string_equal(e->no, "回線5");
	assert_int_equal(e->want_version_check, EW_YN_YES);
	assert_int_equal(e->want_vuln_scan, EW_YN_NO);
	const struct ew_ledger_line *h = &l->lines[7];
	assert_int_equal(h->row, 11);
	assert_string_equal(h->no, "回線8");
	assert_string_equal(h->service, "auひかり ホーム VFG");
	assert_string_equal(h->line_id, "CAFXX08");
	assert_string_equal(h->carrier, "au");
	assert_string_equal(h->holder, "医療法人社団〇〇");
	for (size_t i = 0; i < l->count; i++) {
		char want[32];
		snprintf(want, sizeof want, "CAFXX0%zu", i + 1);
		assert_string_equal(l->lines[i].line_id, want);
	}
}

static void test_sample_utf8(void **state)
{
	(void)state;
	size_t len;
	unsigned char *d = sample("sheet-example-utf8.csv", &len);
	if (!d)
		skip();
	struct ew_ledger l;
	struct ew_ledger_errors e;
	parse_bytes_ok(d, len, 0, &l, &e);
	assert_string_equal(l.encoding, "utf-8");
	check_example(&l);
	assert_int_equal(e.count, 0);
	ew_ledger_free(&l);
	ew_ledger_errors_free(&e);
	free(d);
}

static void test_sample_cp932(void **state)
{
	(void)state;
	size_t len;
	unsigned char *d = sample("sheet-example-cp932.csv", &len);
	if (!d)
		skip();
	struct ew_ledger l;
	struct ew_ledger_errors e;
	parse_bytes_ok(d, len, 0, &l, &e);
	assert_string_equal(l.encoding, "cp932");
	check_example(&l);
	ew_ledger_free(&l);
	ew_ledger_errors_free(&e);
	free(d);
}

static void test_sample_extended(void **state)
{
	(void)state;
	size_t len;
	unsigned char *d = sample("sheet-extended-utf8bom.csv", &len);
	if (!d)
		skip();
	struct ew_ledger l;
	struct ew_ledger_errors e;
	parse_bytes_ok(d, len, 0, &l, &e);
	assert_string_equal(l.encoding, "utf-8");
	assert_int_equal(l.header_row, 1);
	assert_int_equal(l.count, 4);
	assert_int_equal(l.skipped_examples, 0);
	const struct ew_ledger_line *a = &l.lines[0];
	assert_int_equal(a->row, 2);
	assert_string_equal(a->no, "回線1");
	assert_int_equal(a->want_version_check, EW_YN_YES);
	assert_int_equal(a->emr_connected, EW_YN_YES);
	assert_string_equal(a->device_kind, "HGW");
	assert_string_equal(a->maker, "NEC");
	assert_string_equal(a->model, "XG-100NE");
	assert_int_equal(a->mac_count, 1);
	assert_mac(&a->macs[0], "14:66:82:00:00:01");
	assert_int_equal(a->ip_count, 1);
	assert_ip(&a->ips[0], "192.168.1.1");
	assert_string_equal(a->location, "サーバ室");
	assert_string_equal(a->department, "情報システム課");
	assert_string_equal(a->vendor, "");
	assert_string_equal(a->method, "台帳");
	assert_string_equal(a->note, "");
	const struct ew_ledger_line *b = &l.lines[1];
	assert_int_equal(b->row, 3);
	assert_string_equal(b->no, "回線3");
	assert_string_equal(b->service, "フレッツ光ネクスト ギガラインタイプ");
	assert_string_equal(b->device_kind, "ONU");
	assert_int_equal(b->mac_count, 0);
	assert_int_equal(b->ip_count, 0);
	assert_string_equal(b->vendor, "○○メディカル株式会社");
	assert_string_equal(b->method, "部門");
	const struct ew_ledger_line *c = &l.lines[2];
	assert_int_equal(c->row, 4);
	assert_string_equal(c->no, "回線6");
	assert_int_equal(c->mac_count, 2); /* two MACs in one cell, dash and dotted */
	assert_mac(&c->macs[0], "ac:44:f2:00:00:06");
	assert_mac(&c->macs[1], "ac:44:f2:00:00:07");
	assert_ip(&c->ips[0], "10.20.0.254");
	assert_string_equal(c->maker, "YAMAHA");
	assert_string_equal(c->vendor, "△△システム株式会社");
	assert_string_equal(c->note, "保守回線, 夜間のみ使用"); /* quoted, with a comma */
	const struct ew_ledger_line *h = &l.lines[3];
	assert_int_equal(h->row, 5);
	assert_string_equal(h->no, "回線8");
	assert_int_equal(h->emr_connected, EW_YN_NO);
	assert_int_equal(h->mac_count, 1); /* full-width */
	assert_mac(&h->macs[0], "00:25:dc:00:00:08");
	assert_string_equal(h->location, "薬剤部 倉庫");
	assert_string_equal(h->method, "目視");
	assert_string_equal(h->note, "全角表記のMAC\n要確認"); /* quoted, with a newline */
	ew_ledger_free(&l);
	ew_ledger_errors_free(&e);
	free(d);
}

/* Every sheet in the shared folder imports, including any added later. */
static void test_every_shared_sheet(void **state)
{
	(void)state;
	const char *env = getenv("EW_SHARED");
	char dir[512];
	snprintf(dir, sizeof dir, "%s/ledgers", env ? env : "../shared");
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "SKIPPED: %s is absent\n", dir);
		skip();
	}
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		size_t nl = strlen(de->d_name);
		if (nl < 5 || (strcmp(de->d_name + nl - 4, ".csv") != 0 && strcmp(de->d_name + nl - 5, ".xlsx") != 0))
			continue;
		size_t len;
		unsigned char *data = sample(de->d_name, &len);
		assert_non_null(data);
		struct ew_ledger l;
		struct ew_ledger_errors e;
		int rc = parse_bytes(data, len, 0, &l, &e);
		if (rc != 0) {
			fprintf(stderr, "%s:\n", de->d_name);
			dump_errors(&e);
		}
		assert_int_equal(rc, 0);
		assert_true(l.count > 0);
		ew_ledger_free(&l);
		ew_ledger_errors_free(&e);
		free(data);
		n++;
	}
	closedir(d);
	assert_true(n >= 3);
}

/* ---- CSV shapes ---- */

#define HDR "番号,電子カルテ接続,回線ID,MACアドレス,IPアドレス,備考\r\n"

static void test_csv_shapes(void **state)
{
	(void)state;
	/* title rows, a blank row, English names with (*) and full-width letters,
	 * CRLF, blank rows among the lines, a template row left empty */
	const char *csv = "Line sheet 2026,,,\r\n"
	                  "\r\n"
	                  "No,EMR connected (*),ＬＩＮＥ ＩＤ,Service\r\n"
	                  "1,yes,A-1,\r\n"
	                  "\r\n"
	                  ",,,\r\n"
	                  "2,Ｎ,,Flets\r\n"
	                  "3,,,\r\n";
	struct ew_ledger l;
	struct ew_ledger_errors e;
	parse_str_ok(csv, 0, &l, &e);
	assert_int_equal(l.header_row, 3);
	assert_int_equal(l.count, 2);
	assert_int_equal(l.lines[0].row, 4);
	assert_string_equal(l.lines[0].no, "1");
	assert_int_equal(l.lines[0].emr_connected, EW_YN_YES);
	assert_string_equal(l.lines[0].line_id, "A-1");
	assert_int_equal(l.lines[1].row, 7); /* blank lines count as rows */
	assert_int_equal(l.lines[1].emr_connected, EW_YN_NO);
	assert_string_equal(l.lines[1].service, "Flets");
	ew_ledger_free(&l);
	ew_ledger_errors_free(&e);

	/* a quoted cell over two lines is one row; the next row's number follows */
	parse_str_ok(HDR "1,あり,X1,,,\"a\nb\"\n2,なし,X2,,,\n", 0, &l, &e);
	assert_int_equal(l.count, 2);
	assert_string_equal(l.lines[0].note, "a\nb");
	assert_int_equal(l.lines[1].row, 3);
	ew_ledger_free(&l);
	ew_ledger_errors_free(&e);

	/* half-width katakana in names and answers, folded as NFKC does */
	parse_str_ok("回線ID,電子ｶﾙﾃ接続,ﾊﾞｰｼﾞｮﾝ確認,ﾒｰｶｰ\nK1,ｱﾘ,ﾅｼ,ﾔﾏﾊ\n", 0, &l, &e);
	assert_int_equal(l.lines[0].emr_connected, EW_YN_YES);
	assert_int_equal(l.lines[0].want_version_check, EW_YN_NO);
	assert_string_equal(l.lines[0].maker, "ﾔﾏﾊ"); /* values kept as written */
	ew_ledger_free(&l);
	ew_ledger_errors_free(&e);

	/* はい/いいえ, as a hospital answers 調査希望 */
	parse_str_ok("回線ID,電子カルテ接続,装置バージョン確認,脆弱性診断\nH1,はい,はい,いいえ\nH2,いいえ,,\n", 0, &l, &e);
	assert_int_equal(l.lines[0].emr_connected, EW_YN_YES);
	assert_int_equal(l.lines[0].want_version_check, EW_YN_YES);
	assert_int_equal(l.lines[0].want_vuln_scan, EW_YN_NO);
	assert_int_equal(l.lines[1].emr_connected, EW_YN_NO);
	ew_ledger_free(&l);
	ew_ledger_errors_free(&e);

	/* tab-separated, as Excel's text export */
	parse_str_ok("回線ID\t電子カルテ接続\nT1\t有\n", 0, &l, &e);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.lines[0].line_id, "T1");
	assert_int_equal(l.lines[0].emr_connected, EW_YN_YES);
	ew_ledger_free(&l);
	ew_ledger_errors_free(&e);
}

/* The apostrophe an export puts before a formula-like cell is not the
 * sheet's text: the completed sheet imports back to what was written. */
static void test_formula_guard_dropped(void **state)
{
	(void)state;
	const char *csv = HDR "1,あり,X1,,,\"'=1+1\"\n"
	                      "2,あり,X2,,,'-\n"
	                      "3,あり,'+81,,,\"' @user\"\n"
	                      "4,あり,X4,,,'quoted\n"
	                      "5,あり,X5,,,=plain\n"
	                      "6,あり,X6,,,''=2\n";
	struct ew_ledger l;
	struct ew_ledger_errors e;
	parse_str_ok(csv, 0, &l, &e);
	assert_int_equal(l.count, 6);
	assert_string_equal(l.lines[0].note, "=1+1");
	assert_string_equal(l.lines[1].note, "-");
	assert_string_equal(l.lines[2].line_id, "+81");
	assert_string_equal(l.lines[2].note, "@user");
	assert_string_equal(l.lines[3].note, "'quoted");
	assert_string_equal(l.lines[4].note, "=plain");
	assert_string_equal(l.lines[5].note, "''=2");
	ew_ledger_free(&l);
	ew_ledger_errors_free(&e);
}

/* Headers as hospitals retype them: a note in brackets after the name, the
 * question's 有無. "MACアドレス（LAN側）" matched nothing, so the sheet's
 * MACs were silently not read and its lines matched by nothing; the
 * columns no key matched are now named in the result too. */
static void test_header_notes(void **state)
{
	(void)state;
	const char *csv = "番号,回線ID（お客様ID）,電子カルテ接続の有無,MACアドレス（LAN側）,備考(夜間),開通日,照合結果,担当者\n"
	                  "1,COP123,あり,00:11:22:33:44:55,保守,2024/4/1,一致,山田\n";
	struct ew_ledger l;
	struct ew_ledger_errors e;
	parse_str_ok(csv, 0, &l, &e);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.lines[0].line_id, "COP123");
	assert_int_equal(l.lines[0].emr_connected, EW_YN_YES);
	assert_int_equal(l.lines[0].mac_count, 1);
	assert_mac(&l.lines[0].macs[0], "00:11:22:33:44:55");
	assert_string_equal(l.lines[0].note, "保守");
	assert_string_equal(l.unread_columns, "開通日, 担当者"); /* 照合結果: the export's own */
	ew_ledger_free(&l);
	ew_ledger_errors_free(&e);
	/* a name that is something else with a note stays unmatched */
	parse_str_ok("番号,回線ID,電子カルテ接続,担当(MAC)\n1,A,あり,x\n", 0, &l, &e);
	assert_int_equal(l.lines[0].mac_count, 0);
	assert_string_equal(l.unread_columns, "担当(MAC)");
	ew_ledger_free(&l);
	ew_ledger_errors_free(&e);
}

static void test_addresses(void **state)
{
	(void)state;
	const char *csv = HDR "1,あり,X1,\"00:11:22:33:44:55, 00-11-22-33-44-56/0011.2233.4457\n001122334458；\","
	                      "\"192.168.0.1/24, 2001:db8::1\"\n"
	                      "2,○,X2,００－１１－２２－３３－４４－５９,１０．０．０．１,\n";
	struct ew_ledger l;
	struct ew_ledger_errors e;
	parse_str_ok(csv, 0, &l, &e);
	assert_int_equal(l.lines[0].mac_count, 4);
	assert_mac(&l.lines[0].macs[3], "00:11:22:33:44:58");
	assert_int_equal(l.lines[0].ip_count, 2);
	assert_ip(&l.lines[0].ips[0], "192.168.0.1");
	assert_ip(&l.lines[0].ips[1], "2001:db8::1");
	assert_mac(&l.lines[1].macs[0], "00:11:22:33:44:59");
	assert_ip(&l.lines[1].ips[0], "10.0.0.1");
	assert_int_equal(l.lines[1].emr_connected, EW_YN_YES);
	ew_ledger_free(&l);
	ew_ledger_errors_free(&e);
}

/* ---- broken sheets ---- */

static void test_bad_cells_listed(void **state)
{
	(void)state;
	const char *csv = HDR "1,あり,X1,00:11:22:33:44:5G,,\n"  /* row 2: bad MAC */
	                      "2,あり？,X2,,,\n"                  /* row 3: misspelt */
	                      "3,ありなし,X3,,,\n"                /* row 4: misspelt */
	                      "4,,X4,,,\n"                        /* row 5: required missing */
	                      "5,なし,,,,\n"                      /* row 6: no 回線ID */
	                      "6,なし,X6,,10.0.0.300,\n"          /* row 7: bad IP */
	                      "7,なし,X7,,,fine\n";
	struct ew_ledger l;
	struct ew_ledger_errors e;
	assert_int_equal(parse_str(csv, 0, &l, &e), -1);
	assert_int_equal(l.count, 0);
	assert_null(l.lines);
	const struct ew_ledger_error *x = find_error(&e, 2, "MACアドレス", "00:11:22:33:44:5G");
	assert_non_null(x);
	assert_non_null(find_error(&e, 3, "電子カルテ接続", "あり？"));
	assert_non_null(find_error(&e, 4, "電子カルテ接続", "ありなし"));
	assert_non_null(find_error(&e, 5, "電子カルテ接続", "required"));
	assert_non_null(find_error(&e, 6, "回線ID", "required"));
	assert_non_null(find_error(&e, 7, "IPアドレス", "10.0.0.300"));
	assert_int_equal(e.count, 6);
	assert_null(find_error(&e, 8, NULL, NULL));
	ew_ledger_errors_free(&e);

	/* --skip-bad-rows: the good row is kept, the bad ones listed */
	assert_int_equal(parse_str(csv, EW_LEDGER_SKIP_BAD_ROWS, &l, &e), 0);
	assert_int_equal(l.count, 1);
	assert_int_equal(l.lines[0].row, 8);
	assert_string_equal(l.lines[0].note, "fine");
	assert_int_equal(l.skipped_bad, 6);
	assert_int_equal(e.count, 6);
	assert_non_null(find_error(&e, 2, "MACアドレス", NULL));
	ew_ledger_free(&l);
	ew_ledger_errors_free(&e);
}

static void test_errors_capped(void **state)
{
	(void)state;
	size_t n = EW_LEDGER_ERRORS_MAX + 50, cap = n * 32 + 128, len = 0;
	char *csv = malloc(cap);
	assert_non_null(csv);
	len += (size_t)snprintf(csv, cap, "回線ID,電子カルテ接続\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(csv + len, cap - len, "L%zu,maybe\n", i);
	struct ew_ledger l;
	struct ew_ledger_errors e;
	assert_int_equal(parse_bytes(csv, len, 0, &l, &e), -1);
	assert_int_equal(e.count, EW_LEDGER_ERRORS_MAX);
	assert_int_equal(e.dropped, 50);
	ew_ledger_errors_free(&e);
	free(csv);
}

static void expect_file_error(const void *data, size_t len, const char *message)
{
	struct ew_ledger l;
	struct ew_ledger_errors e;
	assert_int_equal(parse_bytes(data, len, 0, &l, &e), -1);
	assert_int_equal(l.count, 0);
	assert_non_null(find_error(&e, 0, NULL, message));
	ew_ledger_errors_free(&e);
}

static char *to_encoding(const char *to, const char *utf8, size_t *out_len)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t inleft = strlen(utf8), cap = inleft * 4 + 8, outleft = cap;
	char *out = malloc(cap), *in = (char *)(uintptr_t)utf8, *op = out;
	assert_non_null(out);
	assert_true(iconv(cd, &in, &inleft, &op, &outleft) != (size_t)-1);
	iconv_close(cd);
	*out_len = cap - outleft;
	return out;
}

static void test_wrong_files(void **state)
{
	(void)state;
	expect_file_error("", 0, "empty");
	size_t n;
	char *euc = to_encoding("EUC-JP", "回線ID,電子カルテ接続\nA1,あり\n", &n);
	expect_file_error(euc, n, "EUC-JP");
	free(euc);
	char *u16 = to_encoding("UTF-16", "回線ID,電子カルテ接続\nA1,あり\n", &n);
	expect_file_error(u16, n, "UTF-16");
	free(u16);
	static const unsigned char junk[] = { 0x81, 0x7f, 0xfd, 0xfe, 0x41, 0x0a, 0xa0, 0x80, 0xff };
	expect_file_error(junk, sizeof junk, "Shift_JIS");
	static const unsigned char bom_bad[] = { 0xef, 0xbb, 0xbf, 'a', ',', 0xff, '\n' };
	expect_file_error(bom_bad, sizeof bom_bad, "UTF-8");
	static const unsigned char binary[] = { 'a', 0, 'b' };
	expect_file_error(binary, sizeof binary, "binary");
	static const unsigned char stray[] = "回線ID,電子カルテ接続\r\nA1,あり\r\nA2,\0あり\r\n";
	expect_file_error(stray, sizeof stray - 1, "a NUL byte on line 3, at byte offset 46");
	static const unsigned char xls[] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0 };
	expect_file_error(xls, sizeof xls, ".xls");
	static const unsigned char zip[] = { 'P', 'K', 3, 4, 'x', 'y' };
	expect_file_error(zip, sizeof zip, "zip");
	expect_file_error("hello,world\nfoo,bar\n", 20, "no header");
	/* a header without the required column: named, on the header row */
	const char *no_emr = "回線ID,回線事業者\nA,B\n";
	struct ew_ledger l;
	struct ew_ledger_errors e;
	assert_int_equal(parse_str(no_emr, 0, &l, &e), -1);
	assert_non_null(find_error(&e, 1, NULL, "電子カルテ"));
	ew_ledger_errors_free(&e);
}

static void test_too_many_columns(void **state)
{
	(void)state;
	char csv[2048];
	size_t n = (size_t)snprintf(csv, sizeof csv, "回線ID,電子カルテ接続\nA,あり");
	for (unsigned i = 2; i < EW_LEDGER_COLS_MAX + 10; i++)
		csv[n++] = ',';
	memcpy(csv + n, "far\n", 5);
	struct ew_ledger l;
	struct ew_ledger_errors e;
	assert_int_equal(parse_str(csv, 0, &l, &e), -1);
	assert_non_null(find_error(&e, 2, NULL, "past column 256"));
	ew_ledger_errors_free(&e);
}

static void test_long_cell(void **state)
{
	(void)state;
	size_t big = EW_LEDGER_CELL_MAX + 100;
	char *csv = malloc(big + 64);
	assert_non_null(csv);
	int w = snprintf(csv, big + 64, "回線ID,電子カルテ接続,備考\nA,あり,");
	memset(csv + w, 'x', big);
	memcpy(csv + w + big, "\n", 2);
	struct ew_ledger l;
	struct ew_ledger_errors e;
	assert_int_equal(parse_str(csv, 0, &l, &e), -1);
	assert_non_null(find_error(&e, 2, "備考", "longer"));
	ew_ledger_errors_free(&e);
	free(csv);
}

/* ---- the alias file against the code ---- */

/* Every key the code fills has a name in data/ledger-columns.conf, and every
 * key there fills a field: a sheet headed with each key's first alias
 * fills every field of the line. */
static void test_columns_file(void **state)
{
	(void)state;
	const char *path = getenv("EW_LEDGER_COLUMNS") ? getenv("EW_LEDGER_COLUMNS") : "data/ledger-columns.conf";
	size_t len;
	char *conf = (char *)slurp(path, &len);
	assert_non_null(conf);
	conf = realloc(conf, len + 1);
	conf[len] = '\0';
	static const char *const keys[] = { "no", "want_version_check", "want_vuln_scan", "emr_connected", "purpose",
		                            "service", "line_id", "carrier", "holder", "device_kind", "maker",
		                            "model", "mac", "ip", "location", "department", "vendor", "method",
		                            "note" };
	static const char *const values[] = { "N1", "あり", "なし", "あり", "P", "S", "L", "C", "H", "D", "M",
		                              "MO", "00:00:5e:00:53:01", "192.0.2.1", "LOC", "DEP", "V", "目視",
		                              "NOTE" };
	char header[4096] = "", row[1024] = "";
	size_t nkeys = sizeof keys / sizeof keys[0], found = 0;
	for (size_t k = 0; k < nkeys; k++) {
		char *copy = strdup(conf);
		for (char *line = copy, *next; line; line = next) {
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			size_t kl = strlen(keys[k]);
			if (strncmp(line, keys[k], kl) != 0 || (line[kl] != ' ' && line[kl] != '='))
				continue;
			char *eq = strchr(line, '=');
			assert_non_null(eq);
			char *a = eq + 1;
			while (*a == ' ')
				a++;
			size_t al = strcspn(a, "|");
			while (al && a[al - 1] == ' ')
				al--;
			snprintf(header + strlen(header), sizeof header - strlen(header), "%s%.*s", k ? "," : "", (int)al, a);
			snprintf(row + strlen(row), sizeof row - strlen(row), "%s%s", k ? "," : "", values[k]);
			found++;
			break;
		}
		free(copy);
	}
	assert_int_equal(found, nkeys);
	free(conf);
	char csv[8192];
	snprintf(csv, sizeof csv, "%s\n%s\n", header, row);
	struct ew_ledger l;
	struct ew_ledger_errors e;
	parse_str_ok(csv, 0, &l, &e);
	assert_int_equal(l.count, 1);
	const struct ew_ledger_line *x = &l.lines[0];
	assert_string_equal(x->no, "N1");
	assert_int_equal(x->want_version_check, EW_YN_YES);
	assert_int_equal(x->want_vuln_scan, EW_YN_NO);
	assert_int_equal(x->emr_connected, EW_YN_YES);
	assert_string_equal(x->purpose, "P");
	assert_string_equal(x->service, "S");
	assert_string_equal(x->line_id, "L");
	assert_string_equal(x->carrier, "C");
	assert_string_equal(x->holder, "H");
	assert_string_equal(x->device_kind, "D");
	assert_string_equal(x->maker, "M");
	assert_string_equal(x->model, "MO");
	assert_int_equal(x->mac_count, 1);
	assert_int_equal(x->ip_count, 1);
	assert_string_equal(x->location, "LOC");
	assert_string_equal(x->department, "DEP");
	assert_string_equal(x->vendor, "V");
	assert_string_equal(x->method, "目視");
	assert_string_equal(x->note, "NOTE");
	ew_ledger_free(&l);
	ew_ledger_errors_free(&e);
}

static void test_columns_file_errors(void **state)
{
	(void)state;
	char path[] = "/tmp/ew-ledger-cols-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("# a key the code does not know\nline_id = 回線ID\nfavourite_colour = 色\n", f);
	fclose(f);
	struct ew_ledger_options opt = { .columns_file = path };
	struct ew_ledger l;
	struct ew_ledger_errors e;
	const char *csv = "回線ID,色\nA,赤\n";
	assert_int_equal(ew_ledger_parse((const unsigned char *)csv, strlen(csv), &opt, &l, &e), -1);
	assert_non_null(find_error(&e, 0, NULL, "favourite_colour"));
	ew_ledger_errors_free(&e);
	unlink(path);
	opt.columns_file = "/nonexistent/ledger-columns.conf";
	assert_int_equal(ew_ledger_parse((const unsigned char *)csv, strlen(csv), &opt, &l, &e), -1);
	assert_non_null(find_error(&e, 0, NULL, "/nonexistent"));
	ew_ledger_errors_free(&e);
	/* errs may be NULL */
	assert_int_equal(ew_ledger_parse((const unsigned char *)csv, strlen(csv), &opt, &l, NULL), -1);
}

static void test_yesno_str(void **state)
{
	(void)state;
	assert_string_equal(ew_yesno_str(EW_YN_YES), "あり");
	assert_string_equal(ew_yesno_str(EW_YN_NO), "なし");
	assert_string_equal(ew_yesno_str(EW_YN_UNSET), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_utf8),
		cmocka_unit_test(test_sample_cp932),
		cmocka_unit_test(test_sample_extended),
		cmocka_unit_test(test_every_shared_sheet),
		cmocka_unit_test(test_csv_shapes),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_header_notes),
		cmocka_unit_test(test_formula_guard_dropped),
		cmocka_unit_test(test_bad_cells_listed),
		cmocka_unit_test(test_errors_capped),
		cmocka_unit_test(test_wrong_files),
		cmocka_unit_test(test_long_cell),
		cmocka_unit_test(test_too_many_columns),
		cmocka_unit_test(test_columns_file),
		cmocka_unit_test(test_columns_file_errors),
		cmocka_unit_test(test_yesno_str),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
