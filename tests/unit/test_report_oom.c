/* SPDX-License-Identifier: ISC */
/* test_report_oom.c - an allocation failure while the report is built or
 * written never gives a report shorter than the truth: for every allocation
 * made while building and serialising a report, failing that one (and, in a
 * second pass, that one and every later one) must give either no report
 * (NULL, the failure flag set: the agent then exits 2 with one stderr line)
 * or the whole report.
 *
 * The failing allocator replaces malloc/calloc/realloc/free in this test
 * binary (glibc supports replacing them by symbol interposition, and json-c
 * and libc's own strdup then go through it); it forwards to glibc's
 * __libc_* functions and fails on a countdown. No LD_PRELOAD. The sanitizer
 * build has its own allocator, so the test is skipped there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "egresswatch/classify.h"
#include "egresswatch/jsonw.h"
#include "infer_sim.h"

#if defined(__SANITIZE_ADDRESS__)
#define OOM_HOOK 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OOM_HOOK 0
#endif
#endif
#ifndef OOM_HOOK
#define OOM_HOOK 1
#endif

#define GW "00:11:22:00:00:01"
#define HGW "00:3a:9d:00:00:99"
#define HOST_A "00:1b:21:00:00:0a"
#define HOST_B "00:1b:21:00:00:0b"
#define SHIPPED "data/fingerprints.conf" /* run-unit.sh runs from the project root */

/* ---- the failing allocator ---------------------------------------------------- */

static int armed;          /* count (and maybe fail) allocations */
static long alloc_seen;    /* allocations since arming */
static long fail_at;       /* 1-based; 0: never */
static int fail_rest;      /* also fail every allocation after fail_at */

#if OOM_HOOK
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t m);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

static int should_fail(void)
{
	if (!armed)
		return 0;
	alloc_seen++;
	return fail_at && (alloc_seen == fail_at || (fail_rest && alloc_seen > fail_at));
}

void *malloc(size_t n) { return should_fail() ? NULL : __libc_malloc(n); }
void *calloc(size_t n, size_t m) { return should_fail() ? NULL : __libc_calloc(n, m); }
void *realloc(void *p, size_t n) { return should_fail() ? NULL : __libc_realloc(p, n); }
void free(void *p) { __libc_free(p); }
#endif

/* ---- a report with candidates of several kinds ------------------------------- */

static struct sim *scenario(struct ew_fp_db **fp)
{
	struct sim *s = sim_new();
	char err[256];
	*fp = ew_fp_load(SHIPPED, err, sizeof err);
	s->cfg.fp = *fp;
	sim_subnet(s, "10.20.0.0/16");
	sim_declare(s, GW);
	sim_start(s);
	sim_arp(s, GW, 0, "10.20.0.1", "10.20.1.10");
	/* a rogue DHCP server handing out its own router */
	sim_dhcp_reply(s, HGW, "192.168.1.1", HOST_A, 0, 2, "192.168.1.10", "255.255.255.0", "192.168.1.1");
	/* ... that forwards two hosts' traffic to the internet */
	const char *remote[] = { "8.8.8.8", "1.1.1.1", "9.9.9.9", "203.0.113.7" };
	for (int i = 0; i < 4; i++) {
		sim_ip(s, HOST_A, HGW, 0, "10.20.1.10", remote[i], 64);
		sim_ip(s, HGW, HOST_B, 0, remote[i], "10.20.1.11", 117);
	}
	/* the declared gateway doing its job */
	sim_ip(s, HOST_B, GW, 0, "10.20.1.11", "8.8.4.4", 64);
	return s;
}

static const int FLAGS = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE;

/* The report as the agent writes it, or NULL. */
static char *report_text(struct sim *s)
{
	struct ew_report_meta m = sim_meta();
	struct json_object *rep = ew_infer_report(s->inf, &m);
	const char *txt = rep ? ew_json_text(rep, FLAGS) : NULL;
	char *copy = txt ? __builtin_strdup(txt) : NULL;
	int failed = ew_json_failed();
	armed = 0;
	json_object_put(rep);
	if (!txt)
		assert_true(failed); /* a NULL report always says why */
	if (txt && !copy)
		return report_text(s); /* only our strdup failed: retry unarmed */
	return copy;
}

/* Content of a report text, whitespace aside (a failed growth of json-c's
 * buffer in the middle of indentation only loses blanks). */
static char *canonical(const char *txt)
{
	struct json_object *o = json_tokener_parse(txt);
	assert_non_null(o);
	char *c = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return c;
}

static void every_allocation_failure_gives_no_report_or_the_whole_one(void **state)
{
	(void)state;
	if (!OOM_HOOK)
		skip();
	struct ew_fp_db *fp = NULL;
	struct sim *s = scenario(&fp);
	char *ref = report_text(s);
	assert_non_null(ref);
	assert_non_null(strstr(ref, HGW));
	char *ref_c = canonical(ref);

	alloc_seen = 0;
	fail_at = 0;
	armed = 1;
	char *again = report_text(s);
	long total = alloc_seen;
	assert_string_equal(again, ref);
	free(again);
	assert_true(total > 50); /* the hook sees json-c's allocations */

	long none = 0, whole = 0;
	for (int rest = 0; rest <= 1; rest++) {
		for (long n = 1; n <= total; n++) {
			alloc_seen = 0;
			fail_at = n;
			fail_rest = rest;
			armed = 1;
			char *txt = report_text(s);
			if (!txt) {
				none++;
				continue;
			}
			char *c = canonical(txt);
			if (strcmp(c, ref_c) != 0)
				fail_msg("allocation %ld failed (%s): the report differs from the truth", n,
					 rest ? "and every later one" : "alone");
			whole++;
			free(c);
			free(txt);
		}
	}
	print_message("%ld allocations per report; %ld failure runs gave no report, %ld the whole one\n", total,
		      none, whole);
	/* failing any allocation of the build itself must be caught */
	assert_true(none >= total);
	free(ref_c);
	free(ref);
	ew_fp_free(fp);
	sim_free(s);
}

/* The helpers' flag: set by a NULL where a value was needed, not by an absent address. */
static void failure_flag(void **state)
{
	(void)state;
	ew_json_clear_failed();
	struct json_object *o = ew_json_obj();
	struct ew_ip none = { 0 };
	ew_json_add_ip(o, "gone", &none); /* no address: omitted, not a failure */
	assert_false(ew_json_failed());
	ew_json_push(NULL, ew_json_int(1)); /* a NULL array is a failure, and does not abort */
	assert_true(ew_json_failed());
	ew_json_clear_failed();
	ew_json_set(NULL, "k", ew_json_int(2));
	assert_true(ew_json_failed());
	ew_json_clear_failed();
	assert_null(ew_json_text(NULL, 0));
	assert_true(ew_json_failed());
	ew_json_clear_failed();
	ew_json_add_int(o, "n", 1);
	assert_string_equal(ew_json_text(o, JSON_C_TO_STRING_PLAIN), "{\"n\":1}");
	assert_false(ew_json_failed());
	/* every kind of value, every flag: the computed length is json-c's */
	struct json_object *a = ew_json_arr();
	ew_json_push(a, json_object_new_uint64(UINT64_MAX));
	ew_json_push(a, json_object_new_int64(INT64_MIN));
	ew_json_push(a, json_object_new_double(0.1));
	ew_json_push(a, ew_json_double_s(0.5, "0.5"));
	ew_json_push(a, ew_json_string("a/b\"\\\b\f\n\r\t\x01\x7f\xc3\xa9"));
	ew_json_push(a, ew_json_bool(1));
	ew_json_push(a, ew_json_arr());
	ew_json_push(a, ew_json_obj());
	json_object_array_add(a, NULL);
	ew_json_set(o, "a/\"k", a);
	ew_json_set(o, "null", NULL);
	static const int flags[] = { JSON_C_TO_STRING_PLAIN, JSON_C_TO_STRING_SPACED, JSON_C_TO_STRING_PRETTY,
				     JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_PRETTY_TAB,
				     JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED,
				     JSON_C_TO_STRING_NOSLASHESCAPE, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE };
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		const char *t = ew_json_text(o, flags[i]);
		assert_non_null(t);
		assert_string_equal(t, json_object_to_json_string_ext(o, flags[i]));
	}
	assert_false(ew_json_failed());
	json_object_put(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(failure_flag),
		cmocka_unit_test(every_allocation_failure_gives_no_report_or_the_whole_one),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
