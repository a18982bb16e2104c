/* SPDX-License-Identifier: ISC */
/* test_probe_fetch.c - what the fetcher may address: http:// to an IP
 * literal inside the configured subnets, nothing else (no names, no https,
 * no other scheme, no address outside); relative LOCATION/controlURL
 * resolution. No network: the refusals happen before any connection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "fetch.h"

static struct ew_prefix subnets[2];
static struct ew_fetch_scope scope = { subnets, 2 };

static int setup(void **state)
{
	(void)state;
	ew_prefix_parse("10.20.0.0/24", &subnets[0]);
	ew_prefix_parse("fd00:20::/64", &subnets[1]);
	return ew_fetch_global_init() ? 0 : -1;
}
static int teardown(void **state)
{
	(void)state;
	ew_fetch_global_cleanup();
	return 0;
}

static void only_addresses_inside(void **state)
{
	(void)state;
	struct ew_ip h;
	char s[EW_IP_STRLEN];
	assert_true(ew_fetch_allowed(&scope, "http://10.20.0.250:5000/rootDesc.xml", &h));
	ew_ip_str(&h, s);
	assert_string_equal(s, "10.20.0.250");
	assert_true(ew_fetch_allowed(&scope, "http://[fd00:20::1]/", &h));
	assert_false(ew_fetch_allowed(&scope, "http://10.20.1.1/", &h));       /* another subnet */
	assert_false(ew_fetch_allowed(&scope, "http://192.0.2.1/", &h));
	assert_false(ew_fetch_allowed(&scope, "https://10.20.0.250/", &h));    /* http only */
	assert_false(ew_fetch_allowed(&scope, "ftp://10.20.0.250/", &h));
	assert_false(ew_fetch_allowed(&scope, "file:///etc/passwd", &h));
	assert_false(ew_fetch_allowed(&scope, "http://ntt.setup/", &h));        /* a name: never looked up */
	assert_false(ew_fetch_allowed(&scope, "http://evil.example@10.20.0.250.example/", &h));
	assert_false(ew_fetch_allowed(&scope, "not a url", &h));
}

static void refused_before_connecting(void **state)
{
	(void)state;
	struct ew_fetch_result r;
	assert_false(ew_fetch(&scope, "http://198.51.100.10/", NULL, NULL, &r));
	assert_non_null(strstr(r.err, "outside"));
	assert_int_equal(r.status, 0);
	ew_fetch_result_free(&r);
}

static void relative_urls_resolve(void **state)
{
	(void)state;
	char out[EW_FETCH_URL_LEN];
	assert_true(ew_fetch_resolve("http://10.20.0.250:5000/rootDesc.xml", "/ctl/IPConn", out, sizeof out));
	assert_string_equal(out, "http://10.20.0.250:5000/ctl/IPConn");
	assert_true(ew_fetch_resolve("http://10.20.0.250:5000/a/b.xml", "c", out, sizeof out));
	assert_string_equal(out, "http://10.20.0.250:5000/a/c");
	/* an absolute controlURL elsewhere resolves to itself, and is then refused */
	assert_true(ew_fetch_resolve("http://10.20.0.250:5000/", "http://203.0.113.5/x", out, sizeof out));
	assert_false(ew_fetch_allowed(&scope, out, NULL));
	assert_false(ew_fetch_resolve("http://10.20.0.250/", "/x", out, 10)); /* does not fit */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(only_addresses_inside),
		cmocka_unit_test(refused_before_connecting),
		cmocka_unit_test(relative_urls_resolve),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
