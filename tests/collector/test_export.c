/* SPDX-License-Identifier: ISC */
/* test_export.c - the exports on the hostile fixture, byte by byte: CSV
 * quoting and neutralising, CP932, HTML escaping, the text table's escapes,
 * JSON nulls and json-c's layout, the XLSX container, caps, an empty site,
 * the class names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <json-c/json.h>
#include <string.h>

#include "classes_ja.h"
#include "export_csv.h"
#include "export_fixture.h"
#include "export_html.h"
#include "egresswatch/jsonw.h"
#include "export_json.h"
#include "export_jsonw.h"
#include "export_sheet.h"
#include "export_text.h"
#include "export_utf8.h"
#include "export_xlsx.h"
#include "reconcile.h"

#define OUT_MAX (16u * 1024 * 1024)

static struct ew_ledger_line L[FX_LINES];
static struct ew_device D[FX_DEVS];
static struct ew_ledger LG;
static struct ew_reconciliation RC;
static struct ew_buf B;

static int setup(void **state)
{
	(void)state;
	memset(&LG, 0, sizeof LG);
	export_fixture(&LG, L, D);
	if (ew_reconcile(&LG, D, FX_DEVS, &RC) != 0)
		return -1;
	snprintf(RC.site, sizeof RC.site, "%s", "site <x>&'\"");
	ew_buf_init(&B, OUT_MAX);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ew_buf_free(&B);
	ew_reconciliation_free(&RC);
	for (size_t i = 0; i < FX_LINES; i++)
		fx_line_free(&L[i]);
	for (size_t i = 0; i < FX_DEVS; i++)
		fx_device_free(&D[i]);
	return 0;
}

static void assert_has(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL)
		fail_msg("output lacks \"%s\"", needle);
}

static void assert_lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle) != NULL)
		fail_msg("output holds \"%s\"", needle);
}

static void csv_utf8(void **state)
{
	(void)state;
	assert_int_equal(ew_export_csv_write(&RC, EW_CSV_UTF8_BOM, &B), 0);
	assert_memory_equal(B.data, "\xEF\xBB\xBF\"番号\",", strlen("\xEF\xBB\xBF\"番号\","));
	/* quotes doubled, formula neutralised inside the quotes */
	assert_has(B.data, "\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"click me\"\")\"");
	assert_has(B.data, "\"'@SUM(1+1)\"");
	assert_has(B.data, "\"'+cmd|' /C calc'!A0\"");
	assert_has(B.data, "\"'-2+3\"");
	assert_has(B.data, "\"'\t保守回線\r夜間のみ〜 🏥\"");
	assert_has(B.data, "\"'\rCR first\"");
	assert_has(B.data, "\"\"\"quoted\"\", with comma\"");
	assert_has(B.data, "\"要確認1\"");
	assert_has(B.data, "\"ホームゲートウェイ\"");
	/* no cell begins with a formula character */
	for (const char *p = B.data; (p = strstr(p, ",\"")) != NULL; p += 2)
		assert_false(ew_export_sheet_is_formula_lead((unsigned char)p[2]));
	/* records end in CRLF */
	assert_memory_equal(B.data + B.len - 2, "\r\n", 2);
}

/* A formula lead after blanks is neutralised too: spreadsheets trim leading
 * blanks on import (LibreOffice's "trim spaces", Power Query). */
static void csv_formula_after_blanks(void **state)
{
	(void)state;
	fx_set(&L[0].purpose, " =HYPERLINK(\"http://evil.example/\")");
	fx_set(&L[0].service, "\xE3\x80\x80@SUM(1+1)");
	fx_set(&L[0].carrier, "\xC2\xA0 +cmd");
	fx_set(&L[0].holder, "  plain text");
	assert_int_equal(ew_export_csv_write(&RC, EW_CSV_UTF8_BOM, &B), 0);
	assert_has(B.data, "\"' =HYPERLINK(\"\"http://evil.example/\"\")\"");
	assert_has(B.data, "\"'\xE3\x80\x80@SUM(1+1)\"");
	assert_has(B.data, "\"'\xC2\xA0 +cmd\"");
	assert_has(B.data, "\"  plain text\"");
	assert_true(ew_export_sheet_needs_quote("-1"));
	assert_true(ew_export_sheet_needs_quote("\t\t="));
	assert_false(ew_export_sheet_needs_quote("   "));
	assert_false(ew_export_sheet_needs_quote(""));
	assert_false(ew_export_sheet_needs_quote(" a=b"));
}

static void csv_cp932(void **state)
{
	(void)state;
	assert_int_equal(ew_export_csv_write(&RC, EW_CSV_CP932, &B), 0);
	/* 番号 in CP932, no BOM */
	assert_memory_equal(B.data, "\"\x94\xD4\x8D\x86\"", 6);
	/* the hospital emoji has no CP932 code: '?' */
	assert_has(B.data, " ?\"");
	for (size_t i = 0; i < B.len; i++)
		assert_true((unsigned char)B.data[i] != 0xF0); /* no UTF-8 4-byte lead left */
}

static void html_escapes(void **state)
{
	(void)state;
	assert_int_equal(ew_export_html_write(&RC, &B), 0);
	assert_lacks(B.data, "<script");
	assert_lacks(B.data, "<img");
	assert_lacks(B.data, "<b>");
	assert_has(B.data, "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;");
	assert_has(B.data, "onerror=&quot;document.title=&#39;pwned&#39;&quot;");
	assert_has(B.data, "<title>回線・機器照合結果 site &lt;x&gt;&amp;&#39;&quot; — egresswatch");
	assert_has(B.data, "\\x1b[31m");
	assert_has(B.data, "@media print");
	assert_lacks(B.data, "http://fonts");
	/* order: unlisted, conflict, matched, unseen, evidence */
	const char *ids[] = {"id=\"unlisted\"", "id=\"conflict\"", "id=\"matched\"", "id=\"unseen\"", "id=\"evidence\""};
	const char *prev = B.data;
	for (size_t i = 0; i < 5; i++) {
		const char *p = strstr(B.data, ids[i]);
		assert_non_null(p);
		assert_true(p > prev);
		prev = p;
	}
}

static void html_invalid_utf8(void **state)
{
	(void)state;
	fx_set(&D[3].vendor, "bad \xff\xfe byte \xe3\x81 cut \xc2\x85 c1");
	assert_int_equal(ew_export_html_write(&RC, &B), 0);
	assert_has(B.data, "bad \xEF\xBF\xBD\xEF\xBF\xBD byte \xEF\xBF\xBD\xEF\xBF\xBD cut \\x85 c1");
}

/* A bidi override from the wire (an SSDP SERVER, a DHCP host name) turned
 * the rest of its cell around on the page: "\u202e1.1.861.291 retuor"
 * reads as a router address. Shown as \u{202e}, as the text export does. */
static void html_bidi_shown(void **state)
{
	(void)state;
	fx_set(&D[3].vendor, "rtl \xE2\x80\xAE evil \xE2\x81\xA6 isolate \xE2\x80\x8F mark");
	assert_int_equal(ew_export_html_write(&RC, &B), 0);
	assert_has(B.data, "rtl \\u{202e} evil \\u{2066} isolate \\u{200f} mark");
	assert_lacks(B.data, "\xE2\x80\xAE");
}

static void text_escapes(void **state)
{
	(void)state;
	fx_set(&D[4].vendor, "rtl \xE2\x80\xAE evil \\ back");
	assert_int_equal(ew_export_text_write(&RC, &B), 0);
	for (size_t i = 0; i < B.len; i++) {
		unsigned char c = (unsigned char)B.data[i];
		assert_true(c >= 0x20 || c == '\n');
		assert_true(c != 0x7F);
	}
	assert_has(B.data, "Tab\\x09here");
	assert_has(B.data, "\\x1b[31m");
	assert_has(B.data, "\\u{202e}");
	assert_has(B.data, "\\\\ back");
	assert_true(strncmp(B.data, "site ", 5) == 0);
	assert_has(B.data, "devices 7: unlisted 3, conflict 1, matched 2, infrastructure 1");
}

static void json_fields(void **state)
{
	(void)state;
	assert_int_equal(ew_export_json_write(&RC, &B), 0);
	struct json_object *o = json_tokener_parse(B.data), *v, *d0, *lines;
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "schema", &v));
	assert_string_equal(json_object_get_string(v), "egresswatch.reconciliation/1");
	assert_true(json_object_object_get_ex(o, "devices", &v));
	d0 = json_object_array_get_idx(v, 0);
	assert_true(json_object_object_get_ex(d0, "line", &v));
	assert_null(v); /* unlisted: null, present */
	assert_true(json_object_object_get_ex(d0, "vlan", &v));
	assert_null(v);
	assert_true(json_object_object_get_ex(d0, "evidence", &v));
	assert_int_equal(json_object_array_length(v), 2);
	assert_true(json_object_object_get_ex(o, "lines", &lines));
	assert_true(json_object_object_get_ex(json_object_array_get_idx(lines, 4), "emr_connected", &v));
	assert_null(v);
	assert_true(json_object_object_get_ex(json_object_array_get_idx(lines, 2), "emr_connected", &v));
	assert_false(json_object_get_boolean(v));
	json_object_put(o);
}

/* The JSON export is written as it goes (export_jsonw.c) but must be the
 * text json-c prints for the same document: parsed back and printed by
 * json-c with the export's flags, it is the same bytes. */
static void assert_json_c_layout(const struct ew_buf *b)
{
	struct json_object *o = json_tokener_parse(b->data);
	assert_non_null(o);
	size_t len = 0;
	const char *txt = json_object_to_json_string_length(
		o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	assert_non_null(txt);
	assert_int_equal(b->len, len + 1);
	assert_memory_equal(b->data, txt, len);
	assert_int_equal(b->data[len], '\n');
	json_object_put(o);
}

static void json_is_json_c_layout(void **state)
{
	(void)state;
	/* evidence of several objects, with entries the schema does not allow */
	fx_set(&D[2].evidence_json, "[{\"kind\":\"a\",\"detail\":{\"x\":[1,2.50,{}],\"y\":[],\"z\":18446744073709551615}},"
	                            "7,\"s\",{},[],{\"kind\":\"b\\u0000\\/\",\"n\":null,\"k\\\"\":[[[[[[[[[[[[[[[[[[[["
	                            "1]]]]]]]]]]]]]]]]]]]]}]"); /* the export parses back: 32 levels at most */
	fx_set(&D[3].evidence_json, "{\"not\":\"an array\"}");
	fx_set(&D[4].evidence_json, "[1,2]");
	fx_set(&D[5].evidence_json, "not json");
	assert_int_equal(ew_export_json_write(&RC, &B), 0);
	assert_json_c_layout(&B);
	assert_has(B.data, "\"kind\": \"b\\u0000/\"");
	ew_buf_reset(&B);
	struct ew_reconciliation rc;
	assert_int_equal(ew_reconcile(NULL, NULL, 0, &rc), 0);
	assert_int_equal(ew_export_json_write(&rc, &B), 0); /* empty arrays */
	assert_json_c_layout(&B);
	ew_reconciliation_free(&rc);
}

/* Every byte, and UTF-8 good and bad, in a string: json-c's escaping of
 * what ew_json_wire_string keeps. */
static void jsonw_strings_as_json_c(void **state)
{
	(void)state;
	static const char *const seqs[] = {
		"\xC2\x85", "回", "\xF0\x9F\x8F\xA5", "\xF4\x8F\xBF\xBF", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80",
		"\xF4\x90\x80\x80", "\xE3\x81", "\xE3\x41\x41", "\xE2\x80\xAE", "</script>", "\x7F\x1B[31m",
	};
	char in[16];
	for (unsigned i = 0; i < 256 + sizeof seqs / sizeof seqs[0]; i++) {
		size_t n;
		if (i < 256) {
			in[0] = 'a';
			in[1] = (char)i;
			in[2] = 'z';
			n = 3;
		} else {
			n = strlen(seqs[i - 256]);
			memcpy(in, seqs[i - 256], n);
		}
		struct ew_buf b;
		ew_buf_init(&b, 1024);
		struct ew_export_jsonw w;
		ew_export_jsonw_init(&w, &b);
		ew_export_jsonw_string(&w, in, n);
		assert_true(ew_export_jsonw_finish(&w));
		struct json_object *o = ew_json_wire_string(in, n);
		const char *want = json_object_to_json_string_ext(o, JSON_C_TO_STRING_NOSLASHESCAPE);
		if (strcmp(b.data, want) != 0)
			fail_msg("string %u: %s, json-c %s", i, b.data, want);
		json_object_put(o);
		ew_buf_free(&b);
	}
}

/* A tree json-c parsed, written by ew_export_jsonw_tree: json-c's own text
 * of it (numbers as parsed, big unsigned, NUL and controls in strings and
 * keys, raw bytes json-c lets through, nesting as deep as it parses). */
static void jsonw_tree_as_json_c(void **state)
{
	(void)state;
	static const char *const docs[] = {
		"[{\"kind\":\"forwarding\",\"count\":12,\"detail\":{\"a\":[],\"b\":{},\"c\":[1,[2,[3]]]}}]",
		"{\"d\":[2.50,1e5,-0.0,1E-7,3.0,18446744073709551615,9223372036854775807,-9223372036854775808]}",
		"{\"k\\u0000\\\"\\/\\u001f\":\"a\\u0000b\\t\\u00e9\\ud83c\\udfe5 \\\\ \x7f\",\"t\":true,\"f\":false,\"n\":null}",
		"\"top \xc3\xa9\"",
		"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
		"[]",
		"{}",
		"-17",
	};
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		struct json_object *o = json_tokener_parse(docs[i]);
		if (o == NULL && strcmp(docs[i], "null") != 0)
			fail_msg("doc %zu does not parse", i);
		struct ew_buf b;
		ew_buf_init(&b, 1 << 20);
		struct ew_export_jsonw w;
		ew_export_jsonw_init(&w, &b);
		ew_export_jsonw_tree(&w, o);
		assert_true(ew_export_jsonw_finish(&w));
		const char *want = json_object_to_json_string_ext(
			o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);
		if (strcmp(b.data, want) != 0)
			fail_msg("doc %zu:\n%s\njson-c:\n%s", i, b.data, want);
		json_object_put(o);
		ew_buf_free(&b);
	}
}

static void xlsx_in_memory(void **state)
{
	(void)state;
	char err[256] = "";
	assert_int_equal(ew_export_xlsx_write(&RC, &B, err, sizeof err), 0);
	assert_true(B.len > 1000);
	assert_memory_equal(B.data, "PK\x03\x04", 4);
}

static void xlsx_bad_path(void **state)
{
	(void)state;
	char err[256] = "";
	assert_int_equal(ew_export_xlsx_file(&RC, "/nonexistent-dir/x.xlsx", err, sizeof err), -1);
	assert_true(err[0] != '\0');
}

static void caps_fail_cleanly(void **state)
{
	(void)state;
	struct ew_buf small;
	ew_buf_init(&small, 100);
	assert_int_equal(ew_export_csv_write(&RC, EW_CSV_UTF8_BOM, &small), -1);
	assert_int_equal(ew_export_csv_write(&RC, EW_CSV_CP932, &small), -1);
	assert_int_equal(ew_export_html_write(&RC, &small), -1);
	assert_int_equal(ew_export_json_write(&RC, &small), -1);
	assert_int_equal(ew_export_text_write(&RC, &small), -1);
	ew_buf_free(&small);
}

static void empty_site(void **state)
{
	(void)state;
	struct ew_reconciliation rc;
	assert_int_equal(ew_reconcile(NULL, NULL, 0, &rc), 0);
	char err[256];
	assert_int_equal(ew_export_csv_write(&rc, EW_CSV_UTF8_BOM, &B), 0);
	ew_buf_reset(&B);
	assert_int_equal(ew_export_csv_write(&rc, EW_CSV_CP932, &B), 0);
	ew_buf_reset(&B);
	assert_int_equal(ew_export_html_write(&rc, &B), 0);
	assert_has(B.data, "なし");
	ew_buf_reset(&B);
	assert_int_equal(ew_export_json_write(&rc, &B), 0);
	assert_has(B.data, "\"start\": null");
	ew_buf_reset(&B);
	assert_int_equal(ew_export_text_write(&rc, &B), 0);
	ew_buf_reset(&B);
	assert_int_equal(ew_export_xlsx_write(&rc, &B, err, sizeof err), 0);
	ew_reconciliation_free(&rc);
}

static void sheet_cells_are_valid_utf8_and_capped(void **state)
{
	(void)state;
	static char big[EW_SHEET_CELL_MAX + 100];
	memset(big, 'a', sizeof big - 1);
	memcpy(big + EW_SHEET_CELL_MAX - 1, "回", 3); /* straddles the cap */
	fx_set(&D[3].evidence_summary, big);
	fx_set(&D[4].vendor, "x\xff\xc3");
	struct ew_sheet sh;
	assert_int_equal(ew_export_sheet_build(&RC, &sh), 0);
	assert_int_equal(sh.nrows, FX_LINES + 3);
	const struct ew_sheet_row *r = &sh.rows[FX_LINES];
	assert_int_equal(r->kind, EW_SHEET_UNLISTED);
	assert_true(strlen(r->cells[EW_SHEET_COLS - 1]) <= EW_SHEET_CELL_MAX);
	assert_int_equal(strlen(r->cells[EW_SHEET_COLS - 1]), EW_SHEET_CELL_MAX - 1);
	assert_string_equal(sh.rows[FX_LINES + 1].cells[10], "x\xEF\xBF\xBD\xEF\xBF\xBD");
	ew_export_sheet_free(&sh);
}

static void class_names(void **state)
{
	(void)state;
	/* every class the agent reports (README.md) has a Japanese name */
	const char *agent[] = {"hgw", "onu_bridged", "ctu", "modem", "mobile_router", "home_router",
	                       "host_sharing", "router", "dhcp_server"};
	for (size_t i = 0; i < sizeof agent / sizeof agent[0]; i++)
		assert_string_not_equal(ew_classes_ja_name(agent[i]), agent[i]);
	assert_string_equal(ew_classes_ja_name("hgw"), "ホームゲートウェイ");
	assert_string_equal(ew_classes_ja_name("onu_bridged"), "ONU（ブリッジ接続）");
	assert_string_equal(ew_classes_ja_name("satellite_terminal"), "satellite_terminal");
	assert_string_equal(ew_classes_ja_name(NULL), "");
	size_t n = 0;
	while (ew_classes_ja_class(n))
		n++;
	assert_true(n >= 9);
}

static size_t u8(const char *s, uint32_t *cp)
{
	return ew_export_utf8_next((const unsigned char *)s, strlen(s) ? strlen(s) : 1, cp);
}

static void utf8_decoder(void **state)
{
	(void)state;
	uint32_t cp;
	assert_int_equal(u8("A", &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(u8("\xC2\x85", &cp), 2);
	assert_int_equal(cp, 0x85);
	assert_int_equal(u8("回", &cp), 3);
	assert_int_equal(cp, 0x56DE);
	assert_int_equal(u8("\xF0\x9F\x8F\xA5", &cp), 4);
	assert_int_equal(cp, 0x1F3E5);
	assert_int_equal(u8("\xF4\x8F\xBF\xBF", &cp), 4);
	assert_int_equal(u8("\x80", &cp), 0);             /* stray continuation */
	assert_int_equal(u8("\xC0\xAF", &cp), 0);         /* overlong '/' */
	assert_int_equal(u8("\xE0\x80\xAF", &cp), 0);     /* overlong */
	assert_int_equal(u8("\xED\xA0\x80", &cp), 0);     /* surrogate */
	assert_int_equal(u8("\xF4\x90\x80\x80", &cp), 0); /* past U+10FFFF */
	assert_int_equal(u8("\xF5\x80\x80\x80", &cp), 0);
	assert_int_equal(u8("\xE3\x81", &cp), 0);         /* cut short */
	assert_int_equal(u8("\xE3\x41\x41", &cp), 0);     /* not a continuation */
	assert_int_equal(ew_export_utf8_next((const unsigned char *)"\xE3\x81\x82", 2, &cp), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(csv_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(csv_formula_after_blanks, setup, teardown),
		cmocka_unit_test_setup_teardown(csv_cp932, setup, teardown),
		cmocka_unit_test_setup_teardown(html_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(html_invalid_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(html_bidi_shown, setup, teardown),
		cmocka_unit_test_setup_teardown(text_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(json_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(json_is_json_c_layout, setup, teardown),
		cmocka_unit_test(jsonw_strings_as_json_c),
		cmocka_unit_test(jsonw_tree_as_json_c),
		cmocka_unit_test_setup_teardown(xlsx_in_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(xlsx_bad_path, setup, teardown),
		cmocka_unit_test_setup_teardown(caps_fail_cleanly, setup, teardown),
		cmocka_unit_test_setup_teardown(empty_site, setup, teardown),
		cmocka_unit_test_setup_teardown(sheet_cells_are_valid_utf8_and_capped, setup, teardown),
		cmocka_unit_test(class_names),
		cmocka_unit_test(utf8_decoder),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
