/* SPDX-License-Identifier: ISC */
/* ew-reconcile-bench.c - times ew_reconcile on a synthetic site.
 *
 *   ew-reconcile-bench [lines [devices [runs]]]     (default 10000 100000 5)
 *
 * With EW_BENCH_EXPORTS=1 in the environment it also times each export of
 * the last reconciliation (XLSX through the in-memory writer).
 *
 * Lines declare one MAC and one address each; a tenth of the devices match a
 * line exactly, a tenth sit on a neighbouring port (+2), the rest are
 * unlisted. Prints the best and the median of the runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "egresswatch/buf.h"
#include "export_csv.h"
#include "export_html.h"
#include "export_json.h"
#include "export_text.h"
#include "export_xlsx.h"
#include "rc_fixture.h"
#include "reconcile.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Times every export of rc; prints seconds and bytes. */
static void bench_exports(const struct ew_reconciliation *rc)
{
	static const char *const names[] = {"json", "text", "csv", "csv-cp932", "html", "xlsx"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct ew_buf b;
		ew_buf_init(&b, (size_t)1 << 31);
		char err[256] = "";
		double t0 = now();
		int rv = i == 0 ? ew_export_json_write(rc, &b)
		         : i == 1 ? ew_export_text_write(rc, &b)
		         : i == 2 ? ew_export_csv_write(rc, EW_CSV_UTF8_BOM, &b)
		         : i == 3 ? ew_export_csv_write(rc, EW_CSV_CP932, &b)
		         : i == 4 ? ew_export_html_write(rc, &b)
		                  : ew_export_xlsx_write(rc, &b, err, sizeof err);
		double t1 = now();
		printf("  export %-9s %7.3f s %10zu bytes%s%s\n", names[i], t1 - t0, b.len, rv ? " FAILED " : "", err);
		ew_buf_free(&b);
	}
}

static unsigned long arg(int argc, char **argv, int i, unsigned long def, unsigned long max)
{
	if (argc <= i)
		return def;
	char *end;
	unsigned long v = strtoul(argv[i], &end, 10);
	if (*end || v == 0 || v > max) {
		fprintf(stderr, "usage: ew-reconcile-bench [lines [devices [runs]]]\n");
		exit(2);
	}
	return v;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	unsigned long nl = arg(argc, argv, 1, 10000, EW_LEDGER_ROWS_MAX);
	unsigned long nd = arg(argc, argv, 2, 100000, 10000000);
	unsigned long runs = arg(argc, argv, 3, 5, 100);
	struct ew_ledger lg = {0};
	lg.lines = calloc(nl, sizeof *lg.lines);
	struct ew_device *devs = calloc(nd, sizeof *devs);
	double *t = calloc(runs, sizeof *t);
	if (!lg.lines || !devs || !t) {
		fputs("out of memory\n", stderr);
		return 1;
	}
	char mac[32], ip[48];
	for (unsigned long i = 0; i < nl; i++) {
		snprintf(mac, sizeof mac, "00:a0:de:%02lx:%02lx:00", i >> 8 & 0xff, i & 0xff);
		snprintf(ip, sizeof ip, "10.%lu.%lu.1", i >> 8 & 0xff, i & 0xff);
		fx_line(&lg.lines[i], (unsigned)i + 2, "回線", i % 10 ? EW_YN_YES : EW_YN_NO, mac, ip);
	}
	lg.count = nl;
	for (unsigned long i = 0; i < nd; i++) {
		unsigned long k = (i / 10) % nl;
		if (i % 10 == 0)
			snprintf(mac, sizeof mac, "00:a0:de:%02lx:%02lx:00", k >> 8 & 0xff, k & 0xff);
		else if (i % 10 == 1)
			snprintf(mac, sizeof mac, "00:a0:de:%02lx:%02lx:02", k >> 8 & 0xff, k & 0xff);
		else
			snprintf(mac, sizeof mac, "02:%02lx:%02lx:%02lx:00:01", i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff);
		snprintf(ip, sizeof ip, "10.%lu.%lu.%lu", k >> 8 & 0xff, k & 0xff, i % 10 == 0 ? 1 : 2 + i % 200);
		fx_device(&devs[i], mac, ip, "hgw", (double)(i % 100) / 100.0);
	}
	struct ew_rc_summary sm = {0};
	for (unsigned long r = 0; r < runs; r++) {
		struct timespec t0, t1;
		struct ew_reconciliation rc;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (ew_reconcile(&lg, devs, nd, &rc) != 0) {
			fputs("ew_reconcile: out of memory\n", stderr);
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		t[r] = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		sm = rc.summary;
		if (r + 1 == runs && getenv("EW_BENCH_EXPORTS"))
			bench_exports(&rc);
		ew_reconciliation_free(&rc);
	}
	qsort(t, runs, sizeof *t, cmp_double);
	printf("reconcile: %lu lines x %lu devices: best %.3f s, median %.3f s over %lu runs\n", nl, nd, t[0],
	       t[runs / 2], runs);
	printf("  lines matched %zu unseen %zu conflict %zu; devices matched %zu unlisted %zu conflict %zu\n",
	       sm.lines_matched, sm.lines_unseen, sm.lines_conflict, sm.devices_matched, sm.devices_unlisted,
	       sm.devices_conflict);
	for (unsigned long i = 0; i < nl; i++)
		fx_line_free(&lg.lines[i]);
	for (unsigned long i = 0; i < nd; i++)
		fx_device_free(&devs[i]);
	free(lg.lines);
	free(devs);
	free(t);
	return 0;
}
