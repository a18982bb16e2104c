/* SPDX-License-Identifier: ISC */
/* ew-export-sample.c - reconciles a small hostile fixture and writes every
 * export format, for tests/collector/run-exports.sh and for a person who
 * wants to look at the outputs.
 *
 *   ew-export-sample OUTDIR
 *
 * writes OUTDIR/rc.json, rc.txt, rc.csv (UTF-8 with BOM), rc-cp932.csv,
 * rc.xlsx (to a file), rc-mem.xlsx (through the in-memory writer), rc.html.
 * The fixture's strings are what a forged report, an SSDP SERVER header or a
 * DHCP host name could carry: formulas, script and img onerror payloads,
 * tab, CR, quotes, Japanese text and characters CP932 cannot encode. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "egresswatch/buf.h"
#include "export_csv.h"
#include "export_html.h"
#include "export_json.h"
#include "export_text.h"
#include "export_xlsx.h"
#include "export_fixture.h"
#include "rc_fixture.h"
#include "reconcile.h"

#define SAMPLE_OUT_MAX (64u * 1024 * 1024)

static int write_file(const char *dir, const char *name, const struct ew_buf *b)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *fp = fopen(path, "wb");
	if (fp == NULL || fwrite(b->data ? b->data : "", 1, b->len, fp) != b->len || fclose(fp) != 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: ew-export-sample OUTDIR\n", stderr);
		return 2;
	}
	const char *dir = argv[1];
	static struct ew_ledger_line lines[FX_LINES];
	static struct ew_device devs[FX_DEVS];
	struct ew_ledger lg = {0};
	export_fixture(&lg, lines, devs);
	struct ew_reconciliation rc;
	if (ew_reconcile(&lg, devs, FX_DEVS, &rc) != 0) {
		fputs("ew_reconcile: out of memory\n", stderr);
		return 1;
	}
	snprintf(rc.site, sizeof rc.site, "%s", "中央病院 <b>&amp;</b> 'site'");
	rc.reports = 3;

	int fails = 0;
	struct ew_buf b;
	ew_buf_init(&b, SAMPLE_OUT_MAX);
	fails += ew_export_json_write(&rc, &b) != 0 || write_file(dir, "rc.json", &b) != 0;
	ew_buf_reset(&b);
	fails += ew_export_text_write(&rc, &b) != 0 || write_file(dir, "rc.txt", &b) != 0;
	ew_buf_reset(&b);
	fails += ew_export_csv_write(&rc, EW_CSV_UTF8_BOM, &b) != 0 || write_file(dir, "rc.csv", &b) != 0;
	ew_buf_reset(&b);
	fails += ew_export_csv_write(&rc, EW_CSV_CP932, &b) != 0 || write_file(dir, "rc-cp932.csv", &b) != 0;
	ew_buf_reset(&b);
	fails += ew_export_html_write(&rc, &b) != 0 || write_file(dir, "rc.html", &b) != 0;
	ew_buf_reset(&b);
	char err[512] = "", path[4096];
	snprintf(path, sizeof path, "%s/rc.xlsx", dir);
	if (ew_export_xlsx_file(&rc, path, err, sizeof err) != 0) {
		fprintf(stderr, "xlsx: %s\n", err);
		fails++;
	}
	if (ew_export_xlsx_write(&rc, &b, err, sizeof err) != 0 || write_file(dir, "rc-mem.xlsx", &b) != 0) {
		fprintf(stderr, "xlsx in memory: %s\n", err);
		fails++;
	}
	ew_buf_free(&b);
	ew_reconciliation_free(&rc);
	for (size_t i = 0; i < FX_LINES; i++)
		fx_line_free(&lines[i]);
	for (size_t i = 0; i < FX_DEVS; i++)
		fx_device_free(&devs[i]);
	if (fails)
		fprintf(stderr, "ew-export-sample: %d formats failed\n", fails);
	return fails ? 1 : 0;
}
