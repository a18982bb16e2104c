/* SPDX-License-Identifier: ISC */
/* test_fingerprints.c - the fingerprints data file parser: the shipped file
 * loads; every kind of error fails the load with "file:line: message" naming
 * the right line; the caps hold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "egresswatch/classify.h"
#include "fingerprints.h"

#define SHIPPED "data/fingerprints.conf" /* run-unit.sh runs from the project root */

static const char head[] = "[classes]\n"
			   "hgw onu_bridged ctu modem mobile_router home_router host_sharing router dhcp_server\n"
			   "[rules]\n"; /* three lines: a body's first line is line 4 */

static char tmp_path[64];

static void write_text(const char *text, size_t n)
{
	snprintf(tmp_path, sizeof tmp_path, "/tmp/ew-fp-XXXXXX");
	int fd = mkstemp(tmp_path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static struct ew_fp_db *load_text(const char *text, char *err, size_t errlen)
{
	write_text(text, strlen(text));
	struct ew_fp_db *db = ew_fp_load(tmp_path, err, errlen);
	unlink(tmp_path);
	return db;
}

/* Loads head + body and expects an error at `line` whose message contains `msg`. */
static void expect_error_at(const char *body, unsigned line, const char *msg)
{
	char text[8192];
	snprintf(text, sizeof text, "%s%s", head, body);
	char err[512] = "";
	struct ew_fp_db *db = load_text(text, err, sizeof err);
	if (db) {
		ew_fp_free(db);
		fail_msg("loaded, expected \"%s\" at line %u", msg, line);
	}
	char want[96];
	snprintf(want, sizeof want, "%s:%u: ", tmp_path, line);
	if (strncmp(err, want, strlen(want)) != 0 || !strstr(err, msg))
		fail_msg("got \"%s\", want \"%s...%s\"", err, want, msg);
}

/* The same, for a whole file (no head). */
static void expect_raw_error_at(const char *text, unsigned line, const char *msg)
{
	char err[512] = "";
	struct ew_fp_db *db = load_text(text, err, sizeof err);
	if (db) {
		ew_fp_free(db);
		fail_msg("loaded, expected \"%s\" at line %u", msg, line);
	}
	char want[96];
	snprintf(want, sizeof want, "%s:%u: ", tmp_path, line);
	if (strncmp(err, want, strlen(want)) != 0 || !strstr(err, msg))
		fail_msg("got \"%s\", want \"%s...%s\"", err, want, msg);
}

static void shipped_file_loads(void **state)
{
	(void)state;
	char err[512] = "";
	struct ew_fp_db *db = ew_fp_load(SHIPPED, err, sizeof err);
	if (!db)
		fail_msg("%s", err);
	assert_true(ew_fp_rule_count(db) >= 60);
	/* the classes section declares exactly the DESIGN §3 classes */
	uint32_t all = 0;
	for (int c = EW_CLASS_NONE + 1; c < EW_CLASS__COUNT; c++)
		all |= 1u << c;
	assert_int_equal(db->declared, all);
	/* every class has at least one rule with weight > 0 */
	for (int c = EW_CLASS_NONE + 1; c < EW_CLASS__COUNT; c++) {
		bool any = false;
		for (size_t i = 0; i < db->nrules; i++)
			any |= db->rules[i].cls == c && db->rules[i].weight > 0;
		if (!any)
			fail_msg("no rule for class %s", ew_class_name((enum ew_class)c));
	}
	ew_fp_free(db);
}

static void grammar_accepts_comments_crlf_and_tight_operators(void **state)
{
	(void)state;
	const char text[] = "# a comment\r\n"
			    "[classes]   # inline comment\r\n"
			    "hgw, router\r\n"
			    "\r\n"
			    "[rules]\r\n"
			    "rule hgw 0.5 S \"quoted \\\"text\\\" and {vendor}\" # comment\r\n"
			    "  inside_hosts>=3\r\n"
			    "\tvendor ~ \"NEC Platforms\", zte   # bare word value\r\n"
			    "  not role dhcp_server|upnp_igd\r\n"
			    "  addr in 192.168.1.1, 2408::/22\r\n"
			    "rule router 0 W \"a note\"\r\n"
			    "  foreign_subnet\r\n"
			    "rule router 1 U \"full weight\"\r\n"
			    "  dhcp_lease<=86400\r\n";
	char err[512] = "";
	struct ew_fp_db *db = load_text(text, err, sizeof err);
	if (!db)
		fail_msg("%s", err);
	assert_int_equal(ew_fp_rule_count(db), 3);
	const struct fp_rule *r = &db->rules[0];
	assert_int_equal(r->cls, EW_CLASS_HGW);
	assert_int_equal(r->weight, 500);
	assert_int_equal(r->strength, EW_STRENGTH_S);
	assert_int_equal(r->ncond, 4);
	assert_int_equal(r->line, 6);
	assert_string_equal(db->strs + r->desc, "quoted \"text\" and {vendor}");
	const struct fp_cond *c = &db->conds[r->cond];
	assert_int_equal(c[0].fact, FP_INSIDE_HOSTS);
	assert_int_equal(c[0].op, OP_GE);
	assert_int_equal(db->vals[c[0].val].num, 3);
	assert_int_equal(c[1].fact, FP_VENDOR);
	assert_int_equal(c[1].nval, 2);
	assert_string_equal(db->strs + db->vals[c[1].val + 1].str, "zte");
	assert_true(c[2].neg);
	assert_int_equal(c[2].roles, EW_ROLE_DHCP_SERVER | EW_ROLE_UPNP_IGD);
	assert_int_equal(c[3].nval, 2);
	assert_int_equal(db->vals[c[3].val + 1].pfx.len, 22);
	assert_int_equal(db->rules[1].weight, 0);
	assert_int_equal(db->conds[db->rules[1].cond].op, OP_PRESENT);
	assert_int_equal(db->rules[2].weight, 1000);
	assert_int_equal(db->rules[2].strength, EW_STRENGTH_U);
	assert_int_equal(db->conds[db->rules[2].cond].op, OP_LE);
	ew_fp_free(db);
}

static void syntax_errors_name_their_line(void **state)
{
	(void)state;
	expect_error_at("rule hgw 0.5 S\n  role router\n", 4, "expected: rule CLASS WEIGHT STRENGTH");
	expect_error_at("rule hgw 0.5 S \"ok\"\n  role router\nrule hgw 0.5 S \"open\n", 6, "unterminated string");
	expect_error_at("rule hgw 0.5 S \"bad \\n escape\"\n  role router\n", 4, "bad escape");
	expect_error_at("rule hgw 0.5 S unquoted\n  role router\n", 4, "must be a quoted string");
	expect_error_at("  role router\n", 4, "condition outside a rule");
	expect_error_at("rule hgw 0.5 S \"x\"\n  vendor ~\n", 5, "missing value after '~'");
	expect_error_at("rule hgw 0.5 S \"x\"\n  vendor ~ a,\n", 5, "missing value after ','");
	expect_error_at("rule hgw 0.5 S \"x\"\n  vendor ~ a b\n", 5, "expected ',' between values");
	expect_error_at("rule hgw 0.5 S \"x\"\n  role router dhcp_server\n", 5, "trailing text after role list");
	expect_error_at("rule hgw 0.5 S \"x\"\n  role\n", 5, "'role' needs a role name");
	expect_error_at("rule hgw 0.5 S \"x\"\n  not\n", 5, "'not' without a condition");
	expect_error_at("rule hgw 0.5 S \"x\"\n  dhcp_lease != 5\n", 5, "unknown operator '!='");
	expect_error_at("rule hgw 0.5 S \"x\"\n  role router\n  vendor ~ \"a\x01\"\n", 6, "control character");
}

static void unknown_and_undeclared_classes(void **state)
{
	(void)state;
	expect_error_at("rule gateway 0.5 S \"x\"\n  role router\n", 4, "unknown class 'gateway'");
	expect_error_at("rule none 0.5 S \"x\"\n  role router\n", 4, "unknown class 'none'");
	expect_raw_error_at("[classes]\nhgw router\n[rules]\nrule modem 0.5 W \"x\"\n  role router\n", 4,
			    "class 'modem' is not declared in [classes]");
	expect_raw_error_at("[classes]\nhgw\nrouter gateway\n", 3, "unknown class 'gateway'");
	expect_raw_error_at("[classes]\nhgw router\nhgw\n", 3, "class 'hgw' declared twice");
	expect_raw_error_at("[classes]\nhgw\n[rules]\n[classes]\nrouter\n", 4, "duplicate [classes] section");
	expect_raw_error_at("[classes]\nhgw\n[classes]\n", 3, "duplicate [classes] section");
	expect_raw_error_at("[classes]\nhgw\n[rules]\n[rules]\n", 4, "duplicate [rules] section");
	expect_raw_error_at("# only rules\n[rules]\n", 2, "[rules] before [classes]");
	expect_raw_error_at("[classes]\n[rules]\n", 2, "[classes] declares no class");
	expect_raw_error_at("[classes]\nhgw\n[signatures]\n", 3, "unknown section [signatures]");
	expect_raw_error_at("[classes]\nhgw\n[rules] x\n", 3, "text after section header");
	expect_raw_error_at("\nrule hgw 0.5 S \"x\"\n", 2, "text outside any section");
	expect_raw_error_at("# nothing but a comment\n\n", 2, "no [classes] section");
}

static void unknown_facts_roles_and_operators(void **state)
{
	(void)state;
	expect_error_at("rule hgw 0.5 S \"x\"\n  role router\n  vendr ~ NEC\n", 6, "unknown fact 'vendr'");
	expect_error_at("rule hgw 0.5 S \"x\"\n  role router|gateway\n", 5, "unknown role 'gateway'");
	expect_error_at("rule hgw 0.5 S \"x\"\n  role router||dhcp_server\n", 5, "bad role list");
	expect_error_at("rule hgw 0.5 S \"x\"\n  vendor in 10.0.0.0/8\n", 5, "operator 'in' does not apply to fact 'vendor'");
	expect_error_at("rule hgw 0.5 S \"x\"\n  addr ~ \"10.\"\n", 5, "operator '~' does not apply to fact 'addr'");
	expect_error_at("rule hgw 0.5 S \"x\"\n  foreign_subnet = 1\n", 5, "does not apply to fact 'foreign_subnet'");
	expect_error_at("rule hgw 0.5 S \"x\"\n  dhcp_lease ~ 14400\n", 5, "does not apply to fact 'dhcp_lease'");
	expect_error_at("rule hgw 0.5 S \"{vendr} x\"\n  role router\n", 4, "unknown placeholder {vendr}");
	expect_error_at("rule hgw 0.5 S \"{role} x\"\n  role router\n", 4, "unknown placeholder {role}");
	expect_error_at("rule hgw 0.5 S \"{vendor x\"\n  role router\n", 4, "'{' without '}'");
	expect_error_at("rule hgw 0.5 S \"\"\n  role router\n", 4, "empty description");
}

static void bad_values(void **state)
{
	(void)state;
	expect_error_at("rule hgw 0.5 S \"x\"\n  addr in 192.168.1.300\n", 5, "bad address or prefix '192.168.1.300'");
	expect_error_at("rule hgw 0.5 S \"x\"\n  addr in 10.0.0.0/33\n", 5, "bad address or prefix");
	expect_error_at("rule hgw 0.5 S \"x\"\n  ra_prefix in 2408::/129\n", 5, "bad address or prefix");
	expect_error_at("rule hgw 0.5 S \"x\"\n  ra_prefix in \"2408::/22\"\n", 5, "bad address or prefix");
	expect_error_at("rule hgw 0.5 S \"x\"\n  dhcp_lease = 14400x\n", 5, "bad number '14400x'");
	expect_error_at("rule hgw 0.5 S \"x\"\n  dhcp_lease = 4294967296\n", 5, "bad number");
	expect_error_at("rule hgw 0.5 S \"x\"\n  dhcp_lease = -1\n", 5, "bad number '-1'");
	expect_error_at("rule hgw 1.5 S \"x\"\n  role router\n", 4, "bad weight '1.5'");
	expect_error_at("rule hgw 0.1234 S \"x\"\n  role router\n", 4, "bad weight");
	expect_error_at("rule hgw .5 S \"x\"\n  role router\n", 4, "bad weight");
	expect_error_at("rule hgw 0. S \"x\"\n  role router\n", 4, "bad weight");
	expect_error_at("rule hgw 0.5 X \"x\"\n  role router\n", 4, "bad strength 'X'");
	expect_error_at("rule hgw 0.5 s \"x\"\n  role router\n", 4, "bad strength");
}

static void rule_without_conditions(void **state)
{
	(void)state;
	/* reported at the rule's own line, whether the next rule or EOF closes it */
	expect_error_at("rule hgw 0.5 S \"x\"\n  role router\nrule hgw 0.5 S \"empty\"\n# c\nrule hgw 0.5 S \"y\"\n  role router\n",
			6, "rule has no conditions");
	expect_error_at("rule hgw 0.5 S \"x\"\n  role router\n\nrule hgw 0.5 S \"empty at end\"\n\n", 7,
			"rule has no conditions");
}

static void caps_hold(void **state)
{
	(void)state;
	/* line length */
	char body[2048];
	int k = snprintf(body, sizeof body, "rule hgw 0.5 S \"x\"\n  vendor ~ \"");
	memset(body + k, 'a', EW_FP_LINE_MAX);
	snprintf(body + k + EW_FP_LINE_MAX, sizeof body - (size_t)k - EW_FP_LINE_MAX, "\"\n");
	expect_error_at(body, 5, "line too long");

	/* values per condition */
	k = snprintf(body, sizeof body, "rule hgw 0.5 S \"x\"\n  dhcp_lease = 1");
	for (int i = 0; i < EW_FP_VALUES_MAX; i++)
		k += snprintf(body + k, sizeof body - (size_t)k, ", %d", i + 2);
	snprintf(body + k, sizeof body - (size_t)k, "\n");
	expect_error_at(body, 5, "too many values");

	/* conditions per rule: the 17th fails on its own line */
	k = snprintf(body, sizeof body, "rule hgw 0.5 S \"x\"\n");
	for (int i = 0; i <= EW_FP_CONDS_MAX; i++)
		k += snprintf(body + k, sizeof body - (size_t)k, "  role router\n");
	expect_error_at(body, 4 + 1 + EW_FP_CONDS_MAX, "too many conditions");

	/* string value length */
	k = snprintf(body, sizeof body, "rule hgw 0.5 S \"x\"\n  vendor ~ \"");
	memset(body + k, 'b', EW_FP_STRVAL_MAX + 1);
	snprintf(body + k + EW_FP_STRVAL_MAX + 1, 8, "\"\n");
	expect_error_at(body, 5, "string value too long");

	/* description length */
	k = snprintf(body, sizeof body, "rule hgw 0.5 S \"");
	memset(body + k, 'c', EW_FP_DESC_MAX + 1);
	snprintf(body + k + EW_FP_DESC_MAX + 1, 32, "\"\n  role router\n");
	expect_error_at(body, 4, "description too long");

	/* rules per file */
	size_t cap = (EW_FP_RULES_MAX + 2) * 40 + sizeof head;
	char *big = malloc(cap);
	assert_non_null(big);
	size_t n = (size_t)snprintf(big, cap, "%s", head);
	for (int i = 0; i <= EW_FP_RULES_MAX; i++)
		n += (size_t)snprintf(big + n, cap - n, "rule hgw 0.5 S \"r\"\n role router\n");
	expect_raw_error_at(big, 3 + 2 * EW_FP_RULES_MAX + 1, "too many rules");
	/* exactly the cap loads */
	n = (size_t)snprintf(big, cap, "%s", head);
	for (int i = 0; i < EW_FP_RULES_MAX; i++)
		n += (size_t)snprintf(big + n, cap - n, "rule hgw 0.5 S \"r\"\n role router\n");
	char err[512];
	struct ew_fp_db *db = load_text(big, err, sizeof err);
	assert_non_null(db);
	assert_int_equal(ew_fp_rule_count(db), EW_FP_RULES_MAX);
	ew_fp_free(db);
	free(big);
}

static void nul_byte_and_missing_file(void **state)
{
	(void)state;
	static const char text[] = "[classes]\nhgw\n[rules]\nrule hgw 0.5 S \"x\0\"\n";
	write_text(text, sizeof text - 1);
	char err[512] = "";
	assert_null(ew_fp_load(tmp_path, err, sizeof err));
	char want[96];
	snprintf(want, sizeof want, "%s:4: NUL byte in line", tmp_path);
	assert_string_equal(err, want);
	unlink(tmp_path);

	assert_null(ew_fp_load("/nonexistent/fingerprints.conf", err, sizeof err));
	assert_non_null(strstr(err, "/nonexistent/fingerprints.conf: cannot open"));
	assert_null(ew_fp_load(NULL, err, sizeof err));
	/* a tiny err buffer is cut, never overrun */
	char small[8];
	assert_null(ew_fp_load("/nonexistent/fingerprints.conf", small, sizeof small));
	assert_int_equal(strlen(small), sizeof small - 1);
	assert_null(ew_fp_load("/nonexistent/fingerprints.conf", NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_file_loads),
		cmocka_unit_test(grammar_accepts_comments_crlf_and_tight_operators),
		cmocka_unit_test(syntax_errors_name_their_line),
		cmocka_unit_test(unknown_and_undeclared_classes),
		cmocka_unit_test(unknown_facts_roles_and_operators),
		cmocka_unit_test(bad_values),
		cmocka_unit_test(rule_without_conditions),
		cmocka_unit_test(caps_hold),
		cmocka_unit_test(nul_byte_and_missing_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
