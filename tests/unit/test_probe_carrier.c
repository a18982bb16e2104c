/* SPDX-License-Identifier: ISC */
/* test_probe_carrier.c - an external address to a carrier hint
 * (data/carriers.conf, longest prefix), and the file's grammar. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "carrier.h"

static struct ew_carriers *db;

static int load(void **state)
{
	(void)state;
	char err[256];
	db = calloc(1, sizeof *db);
	if (!db || !ew_carrier_load(db, "data/carriers.conf", err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}
static int unload(void **state)
{
	(void)state;
	free(db);
	return 0;
}

static const struct ew_carrier *look(const char *a)
{
	struct ew_ip ip;
	assert_true(ew_ip_parse(a, &ip));
	return ew_carrier_lookup(db, &ip);
}

static void mobile_ranges_name_their_carrier(void **state)
{
	(void)state;
	const struct ew_carrier *c = look("1.66.12.34");
	assert_non_null(c);
	assert_string_equal(c->name, "docomo");
	assert_int_equal(c->kind, EW_CARRIER_MOBILE);
	assert_int_equal(c->asn, 9605);
	c = look("49.106.255.255");
	assert_string_equal(c->name, "docomo");
	c = look("182.251.0.1");
	assert_string_equal(c->name, "au");
	assert_int_equal(c->asn, 2516);
	c = look("240b:c010::1");
	assert_string_equal(c->name, "rakuten");
	assert_int_equal(c->kind, EW_CARRIER_MOBILE);
}

static void softbank_is_mixed_and_others_unknown(void **state)
{
	(void)state;
	const struct ew_carrier *c = look("126.10.20.30");
	assert_non_null(c);
	assert_int_equal(c->kind, EW_CARRIER_MIXED);
	assert_null(look("1.80.0.1"));      /* just past docomo's 1.79.x */
	assert_null(look("192.0.2.1"));     /* documentation range: nobody's */
	assert_null(look("2001:db8::1"));
}

static void longest_prefix_wins_and_grammar_is_strict(void **state)
{
	(void)state;
	struct ew_carriers *c = calloc(1, sizeof *c);
	char err[128];
	const char ok[] = "# x\n10.0.0.0/8 wide fixed 1 S\n10.1.0.0/16 narrow mobile 2 W # comment\n\n";
	assert_true(ew_carrier_parse(c, ok, sizeof ok - 1, err, sizeof err));
	struct ew_ip ip;
	ew_ip_parse("10.1.2.3", &ip);
	assert_string_equal(ew_carrier_lookup(c, &ip)->name, "narrow");
	ew_ip_parse("10.2.2.3", &ip);
	assert_string_equal(ew_carrier_lookup(c, &ip)->name, "wide");
	const char *bad[] = { "10.0.0.0/33 a mobile 1 W\n", "10.0.0.0/8 a roaming 1 W\n", "10.0.0.0/8 a mobile x W\n",
			      "10.0.0.0/8 a mobile 1 Q\n", "10.0.0.0/8 a mobile 1\n",
			      "10.0.0.0/8 a-name-that-is-far-too-long-for-the-table mobile 1 W\n" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_false(ew_carrier_parse(c, bad[i], strlen(bad[i]), err, sizeof err));
		assert_non_null(strstr(err, "line 1"));
	}
	assert_false(ew_carrier_parse(c, "\0", 1, err, sizeof err));
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mobile_ranges_name_their_carrier),
		cmocka_unit_test(softbank_is_mixed_and_others_unknown),
		cmocka_unit_test(longest_prefix_wins_and_grammar_is_strict),
	};
	return cmocka_run_group_tests(tests, load, unload);
}
