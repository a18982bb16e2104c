/* SPDX-License-Identifier: ISC */
/* test_buf.c - the capped growable buffer: appends stop at the cap and leave it whole; consume drops a prefix. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "egresswatch/buf.h"

static void append_stops_at_max(void **state)
{
	(void)state;
	struct ew_buf b;
	ew_buf_init(&b, 10);
	assert_true(ew_buf_adds(&b, "abcdef"));
	assert_false(ew_buf_adds(&b, "ghijk")); /* 11 > 10: refused, unchanged */
	assert_int_equal(b.len, 6);
	assert_string_equal(b.data, "abcdef");
	assert_true(ew_buf_adds(&b, "ghij"));
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "abcdefghij");
	ew_buf_free(&b);
}

static void consume_drops_a_prefix(void **state)
{
	(void)state;
	struct ew_buf b;
	ew_buf_init(&b, 64);
	assert_true(ew_buf_add(&b, "\x03\x00\x00\x00xyz\x01", 8));
	ew_buf_consume(&b, 7); /* one frame taken: the next one's first byte stays */
	assert_int_equal(b.len, 1);
	assert_memory_equal(b.data, "\x01", 2); /* and the NUL after it */
	assert_true(ew_buf_adds(&b, "more"));
	assert_int_equal(b.len, 5);
	ew_buf_consume(&b, 100); /* past the end: empty, memory kept */
	assert_int_equal(b.len, 0);
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	/* the room freed counts against max again */
	for (int i = 0; i < 8; i++)
		assert_true(ew_buf_add(&b, "01234567", 8));
	assert_false(ew_buf_add(&b, "x", 1));
	ew_buf_consume(&b, 8);
	assert_true(ew_buf_add(&b, "01234567", 8));
	assert_int_equal(b.len, 64);
	ew_buf_free(&b);
}

static void consume_of_an_empty_buffer(void **state)
{
	(void)state;
	struct ew_buf b;
	ew_buf_init(&b, 8);
	ew_buf_consume(&b, 3); /* no memory yet: nothing to do, nothing to crash on */
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	ew_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(append_stops_at_max),
		cmocka_unit_test(consume_drops_a_prefix),
		cmocka_unit_test(consume_of_an_empty_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
