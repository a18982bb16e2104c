/* SPDX-License-Identifier: ISC */
/* ledger_test_util.h - helpers the ledger tests share (header-only, static). */
#ifndef EW_LEDGER_TEST_UTIL_H
#define EW_LEDGER_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ledger.h"

/* The whole file, or NULL (len 0) if it cannot be read. */
__attribute__((unused)) static unsigned char *slurp(const char *path, size_t *len)
{
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	unsigned char *buf = malloc(cap);
	size_t r;
	while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			unsigned char *q = realloc(buf, cap * 2);
			if (!q) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = q;
			cap *= 2;
		}
	}
	fclose(f);
	*len = n;
	return buf;
}

__attribute__((unused)) static int parse_bytes(const void *data, size_t len, unsigned flags, struct ew_ledger *l, struct ew_ledger_errors *e)
{
	struct ew_ledger_options opt = { .flags = flags, .columns_file = getenv("EW_LEDGER_COLUMNS") };
	/* exact-size copy, as the fuzzers do: a read past the end is caught */
	unsigned char *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, data, len);
	int rc = ew_ledger_parse(copy, len, &opt, l, e);
	free(copy);
	return rc;
}

__attribute__((unused)) static int parse_str(const char *text, unsigned flags, struct ew_ledger *l, struct ew_ledger_errors *e)
{
	return parse_bytes(text, strlen(text), flags, l, e);
}

__attribute__((unused)) static void dump_errors(const struct ew_ledger_errors *e)
{
	for (size_t i = 0; i < e->count; i++)
		fprintf(stderr, "  row %u [%s] %s\n", e->items[i].row, e->items[i].column, e->items[i].message);
}

/* parse_bytes, expected to succeed: the errors are shown when it does not. */
__attribute__((unused)) static void parse_bytes_ok(const void *data, size_t len, unsigned flags, struct ew_ledger *l,
                                                   struct ew_ledger_errors *e)
{
	int rc = parse_bytes(data, len, flags, l, e);
	if (rc)
		dump_errors(e);
	assert_int_equal(rc, 0);
}

__attribute__((unused)) static void parse_str_ok(const char *text, unsigned flags, struct ew_ledger *l,
                                                 struct ew_ledger_errors *e)
{
	parse_bytes_ok(text, strlen(text), flags, l, e);
}

/* The error on `row` whose column and message contain the given texts. */
__attribute__((unused)) static const struct ew_ledger_error *find_error(const struct ew_ledger_errors *e, unsigned row, const char *column,
                                                const char *message)
{
	for (size_t i = 0; i < e->count; i++) {
		const struct ew_ledger_error *it = &e->items[i];
		if (it->row == row && (!column || strstr(it->column, column)) && (!message || strstr(it->message, message)))
			return it;
	}
	dump_errors(e);
	return NULL;
}

__attribute__((unused)) static void assert_mac(const struct ew_mac *m, const char *want)
{
	char s[EW_MAC_STRLEN];
	ew_mac_str(m, s);
	assert_string_equal(s, want);
}

__attribute__((unused)) static void assert_ip(const struct ew_ip *ip, const char *want)
{
	char s[EW_IP_STRLEN];
	ew_ip_str(ip, s);
	assert_string_equal(s, want);
}

#endif
