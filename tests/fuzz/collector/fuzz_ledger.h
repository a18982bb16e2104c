/* SPDX-License-Identifier: ISC */
/* fuzz_ledger.h - what the ledger harnesses share: one parse of an
 * exact-size copy, and the checks every result must pass. */
#ifndef EW_FUZZ_LEDGER_H
#define EW_FUZZ_LEDGER_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "egresswatch/utf8.h"
#include "ledger.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_ledger_utf8(const char *s)
{
	if (!s || !ew_utf8_valid((const unsigned char *)s, strlen(s)) || strlen(s) > EW_LEDGER_CELL_MAX) {
		fprintf(stderr, "a kept cell is NULL, not UTF-8 or too long\n");
		abort();
	}
}

static void fuzz_ledger_run(const uint8_t *data, size_t size, unsigned flags)
{
	uint8_t *buf = malloc(size ? size : 1);
	if (!buf)
		return;
	if (size)
		memcpy(buf, data, size);
	struct ew_ledger_options opt = { .flags = flags, .columns_file = getenv("EW_LEDGER_COLUMNS") };
	struct ew_ledger l;
	struct ew_ledger_errors e;
	int rc = ew_ledger_parse(buf, size, &opt, &l, &e);
	if (rc != 0 && (l.count || l.lines || (e.count == 0 && e.dropped == 0)))
		abort(); /* a failure is empty and says why */
	for (size_t i = 0; i < l.count; i++) {
		const struct ew_ledger_line *x = &l.lines[i];
		const char *f[] = { x->no, x->purpose, x->service, x->line_id, x->carrier, x->holder, x->device_kind,
			            x->maker, x->model, x->location, x->department, x->vendor, x->method, x->note };
		for (size_t k = 0; k < sizeof f / sizeof f[0]; k++)
			fuzz_ledger_utf8(f[k]);
		if (x->mac_count > EW_LEDGER_MACS_MAX || x->ip_count > EW_LEDGER_IPS_MAX || x->row == 0)
			abort();
	}
	for (size_t i = 0; i < e.count; i++)
		if (!ew_utf8_valid((const unsigned char *)e.items[i].column, strlen(e.items[i].column)) ||
		    !ew_utf8_valid((const unsigned char *)e.items[i].message, strlen(e.items[i].message))) {
			fprintf(stderr, "an error text is not UTF-8\n");
			abort();
		}
	ew_ledger_free(&l);
	ew_ledger_errors_free(&e);
	free(buf);
}

/* Once: the column names must load, or every input would stop there. */
static void fuzz_ledger_check_columns(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	static const char probe[] = "回線ID,電子カルテ接続\nA,あり\n";
	struct ew_ledger_options opt = { .columns_file = getenv("EW_LEDGER_COLUMNS") };
	struct ew_ledger l;
	struct ew_ledger_errors e;
	if (ew_ledger_parse((const unsigned char *)probe, sizeof probe - 1, &opt, &l, &e) != 0) {
		fprintf(stderr, "fuzz_ledger: %s (run from the source tree or set EW_LEDGER_COLUMNS)\n",
		        e.count ? e.items[0].message : "the probe sheet does not parse");
		abort();
	}
	ew_ledger_free(&l);
	ew_ledger_errors_free(&e);
}

#endif
