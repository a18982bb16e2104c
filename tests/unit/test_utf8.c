/* test_utf8.c - ew_utf8_next (lib/utf8.c): what RFC 3629 calls well-formed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "egresswatch/utf8.h"

static size_t next(const char *s, uint32_t *cp)
{
	return ew_utf8_next((const unsigned char *)s, strlen(s) ? strlen(s) : 1, cp);
}

static void valid(void **state)
{
	(void)state;
	uint32_t cp;
	assert_int_equal(next("A", &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(next("\xC2\x85", &cp), 2);
	assert_int_equal(cp, 0x85);
	assert_int_equal(next("回", &cp), 3);
	assert_int_equal(cp, 0x56DE);
	assert_int_equal(next("\xF0\x9F\x8F\xA5", &cp), 4);
	assert_int_equal(cp, 0x1F3E5);
	assert_int_equal(next("\xF4\x8F\xBF\xBF", &cp), 4);
}

static void invalid(void **state)
{
	(void)state;
	uint32_t cp;
	assert_int_equal(next("\x80", &cp), 0);             /* stray continuation */
	assert_int_equal(next("\xC0\xAF", &cp), 0);         /* overlong '/' */
	assert_int_equal(next("\xE0\x80\xAF", &cp), 0);     /* overlong */
	assert_int_equal(next("\xED\xA0\x80", &cp), 0);     /* surrogate */
	assert_int_equal(next("\xF4\x90\x80\x80", &cp), 0); /* past U+10FFFF */
	assert_int_equal(next("\xF5\x80\x80\x80", &cp), 0);
	assert_int_equal(next("\xE3\x81", &cp), 0);         /* cut short */
	assert_int_equal(next("\xE3\x41\x41", &cp), 0);     /* not a continuation */
	assert_int_equal(ew_utf8_next((const unsigned char *)"\xE3\x81\x82", 2, &cp), 0); /* n bounds it */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid),
		cmocka_unit_test(invalid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
