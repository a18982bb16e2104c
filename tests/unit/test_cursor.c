/* SPDX-License-Identifier: ISC */
/* test_cursor.c - the bounds-checked cursor: every read past the end fails and sticks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "egresswatch/cursor.h"

static void reads_in_network_order(void **state)
{
	(void)state;
	const uint8_t b[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	struct ew_cursor c = ew_cur_make(b, sizeof b);
	assert_int_equal(ew_cur_u8(&c), 1);
	assert_int_equal(ew_cur_u16(&c), 0x0203);
	assert_int_equal(ew_cur_u24(&c), 0x040506);
	assert_int_equal(ew_cur_u32(&c), 0x0708090a);
	assert_false(ew_cur_failed(&c));
	assert_int_equal(ew_cur_left(&c), 0);
}

static void short_read_fails_and_sticks(void **state)
{
	(void)state;
	const uint8_t b[] = { 0xff, 0xee, 0xdd };
	struct ew_cursor c = ew_cur_make(b, sizeof b);
	assert_int_equal(ew_cur_u32(&c), 0);
	assert_true(ew_cur_failed(&c));
	assert_int_equal(ew_cur_pos(&c), 0);
	/* once failed, even an in-range read yields nothing */
	assert_int_equal(ew_cur_u8(&c), 0);
	assert_true(ew_cur_failed(&c));
}

static void sub_cursor_confines_and_lying_length_fails(void **state)
{
	(void)state;
	const uint8_t b[] = { 0, 4, 'a', 'b', 'c', 'd', 'e' };
	struct ew_cursor c = ew_cur_make(b, sizeof b);
	uint16_t n = ew_cur_u16(&c);
	struct ew_cursor s = ew_cur_sub(&c, n);
	assert_false(ew_cur_failed(&s));
	assert_int_equal(ew_cur_left(&s), 4);
	assert_int_equal(ew_cur_u32(&s), 0x61626364);
	assert_int_equal(ew_cur_u8(&s), 0);
	assert_true(ew_cur_failed(&s));
	assert_false(ew_cur_failed(&c)); /* the parent is unaffected */
	assert_int_equal(ew_cur_u8(&c), 'e');
	struct ew_cursor lie = ew_cur_make(b, sizeof b);
	struct ew_cursor s2 = ew_cur_sub(&lie, 100);
	assert_true(ew_cur_failed(&lie));
	assert_true(ew_cur_failed(&s2));
	assert_int_equal(ew_cur_left(&s2), 0);
}

static void copy_and_view(void **state)
{
	(void)state;
	const uint8_t b[] = { 1, 2, 3 };
	uint8_t out[4] = { 9, 9, 9, 9 };
	struct ew_cursor c = ew_cur_make(b, sizeof b);
	assert_false(ew_cur_copy(&c, out, 4));
	assert_int_equal(out[0], 0); /* zeroed on failure */
	struct ew_cursor d = ew_cur_make(b, sizeof b);
	const uint8_t *v = ew_cur_view(&d, 2);
	assert_non_null(v);
	assert_int_equal(v[1], 2);
	assert_null(ew_cur_view(&d, 2));
	struct ew_cursor e = ew_cur_make(NULL, 10);
	assert_int_equal(ew_cur_left(&e), 0);
	assert_int_equal(ew_cur_u8(&e), 0);
	assert_true(ew_cur_failed(&e));
}

static void peek_does_not_move(void **state)
{
	(void)state;
	const uint8_t b[] = { 0x45, 0x00 };
	struct ew_cursor c = ew_cur_make(b, sizeof b);
	uint8_t v;
	uint16_t w;
	assert_true(ew_cur_peek_u8(&c, 0, &v));
	assert_int_equal(v, 0x45);
	assert_true(ew_cur_peek_u16(&c, 0, &w));
	assert_false(ew_cur_peek_u16(&c, 1, &w));
	assert_false(ew_cur_peek_u8(&c, 2, &v));
	assert_int_equal(ew_cur_pos(&c), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_in_network_order),
		cmocka_unit_test(short_read_fails_and_sticks),
		cmocka_unit_test(sub_cursor_confines_and_lying_length_fails),
		cmocka_unit_test(copy_and_view),
		cmocka_unit_test(peek_does_not_move),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
