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
#include "rc_fixture.h"
#include "reconcile.h"

#define SAMPLE_OUT_MAX (64u * 1024 * 1024)

#define PWN_SCRIPT "<script>document.title='pwned'</script>"
#define PWN_IMG "<img src=x onerror=\"document.title='pwned'\">"
#define PWN_LINK "=HYPERLINK(\"http://evil.example/\",\"click me\")"

enum { NLINES = 5, NDEVS = 7 };

static void fixture(struct ew_ledger *lg, struct ew_ledger_line *l, struct ew_device *d)
{
	fx_line(&l[0], 2, "回線1", EW_YN_YES, "00:a0:de:20:00:01", "10.20.0.1");
	fx_set(&l[0].purpose, "電子カルテ");
	fx_set(&l[0].service, "フレッツ光クロス");
	fx_set(&l[0].line_id, "CAF0000001");
	fx_set(&l[0].carrier, "NTT東日本");
	fx_set(&l[0].holder, "医療法人〇〇会");
	fx_set(&l[0].device_kind, "ルータ");
	fx_set(&l[0].maker, "YAMAHA");
	fx_set(&l[0].model, "RTX830");
	fx_set(&l[0].location, "サーバ室");
	fx_set(&l[0].department, "情報システム課");
	fx_set(&l[0].method, "台帳");

	fx_line(&l[1], 3, "回線2", EW_YN_YES, "14:66:82:00:00:01", NULL);
	fx_set(&l[1].purpose, PWN_LINK);
	fx_set(&l[1].service, "フレッツ光ネクスト");
	fx_set(&l[1].carrier, "NTT東日本");
	fx_set(&l[1].device_kind, "HGW");
	fx_set(&l[1].note, "\"quoted\", with comma");

	fx_line(&l[2], 4, "回線3", EW_YN_NO, "00:25:dc:00:00:08", NULL);
	fx_set(&l[2].purpose, "医事");
	fx_set(&l[2].holder, PWN_SCRIPT);
	fx_set(&l[2].service, "auひかり");
	fx_set(&l[2].carrier, "KDDI");

	fx_line(&l[3], 5, "回線4", EW_YN_YES, "00:80:45:aa:bb:cc", "172.16.9.1");
	fx_set(&l[3].purpose, "検査装置 保守VPN");
	fx_set(&l[3].carrier, "@SUM(1+1)");
	fx_set(&l[3].note, "+cmd|' /C calc'!A0");
	fx_set(&l[3].vendor, "-2+3");

	fx_line(&l[4], 6, "回線5", EW_YN_UNSET, NULL, NULL);
	fx_set(&l[4].purpose, "\t保守回線\r夜間のみ〜 🏥");
	fx_set(&l[4].note, "\rCR first");
	lg->lines = l;
	lg->count = NLINES;

	fx_device(&d[0], "00:a0:de:20:00:01", "10.20.0.1", "router", 0.95);
	fx_set(&d[0].vendor, "YAMAHA CORPORATION");
	fx_set(&d[0].roles, "router");
	fx_set(&d[0].reason, "forwarding for 40 inside hosts");
	fx_set(&d[0].evidence_summary, "forwarding ×1200 (40 inside hosts)");
	d[0].routes = true;
	d[0].declared = true;
	d[0].inside_hosts = 40;
	fx_device_agent(&d[0], "emr-core-1");

	fx_device(&d[1], "14:66:82:00:00:02", "192.168.1.1", "hgw", 0.9);
	fx_set(&d[1].vendor, "NEC Platforms, Ltd.");
	fx_set(&d[1].roles, "dhcp_server,upnp_igd");
	fx_set(&d[1].evidence_summary, "dhcp_offer ×3 (router 192.168.1.1)");
	fx_device_agent(&d[1], "emr-core-1");

	fx_device(&d[2], "00:25:dc:00:00:08", "192.168.0.1", "onu_bridged", 0.85);
	fx_set(&d[2].vendor, "Sumitomo Electric Industries,Ltd");
	fx_set(&d[2].roles, "router,pppoe_ac");
	fx_set(&d[2].evidence_summary, "pppoe_ac ×2 (AC-Name " PWN_SCRIPT ")");
	d[2].routes = true;
	d[2].inside_hosts = 3;

	fx_device(&d[3], "e0:3c:00:00:00:01", "192.168.43.1 2001:db8::43", "hgw", 0.92);
	fx_set(&d[3].vendor, PWN_LINK);
	fx_set(&d[3].roles, "router,dhcp_server,upnp_igd");
	fx_set(&d[3].reason, "@SUM(A1:A9) SSDP InternetGatewayDevice");
	fx_set(&d[3].evidence_summary, "ssdp ×4 (SERVER " PWN_SCRIPT " " PWN_IMG ")");
	fx_set(&d[3].evidence_json,
	       "[{\"kind\":\"ssdp_igd\",\"count\":4,\"first_seen\":\"2025-11-30T00:00:01.000000Z\",\"last_seen\":\"2025-11-30T00:59:00.000000Z\","
	       "\"detail\":{\"server\":\"" PWN_SCRIPT " <img src=x onerror=document.title='pwned'>\",\"location\":\"http://192.168.43.1:2869/\"}},"
	       "{\"kind\":\"dhcp_offer\",\"count\":2,\"first_seen\":\"2025-11-30T00:00:02.000000Z\",\"last_seen\":\"2025-11-30T00:30:00.000000Z\","
	       "\"detail\":{\"router\":\"192.168.43.1\",\"host_name\":\"=cmd|' /C calc'!A0\"}}]");
	d[3].routes = true;
	d[3].inside_hosts = 5;
	fx_device_agent(&d[3], "emr-core-1");
	fx_device_agent(&d[3], "emr-ward-2 <b>");

	fx_device(&d[4], "02:11:22:33:44:55", "192.168.179.1", "mobile_router", 0.7);
	fx_set(&d[4].vendor, "@SUM(1,2)");
	fx_set(&d[4].evidence_summary, "dhcp host name \"Tab\there\" and CR\rhere; ESC \x1b[31mred\x1b[0m; 全角「テスト」");
	fx_set(&d[4].reason, "\tforeign subnet 192.168.179.0/24");

	fx_device(&d[5], "00:1b:21:00:00:09", "10.20.0.9", "", 0.1);
	fx_set(&d[5].vendor, "Intel Corporate");
	d[5].infrastructure = true;

	fx_device(&d[6], "02:00:5e:00:00:77", "10.20.0.77", "satellite_terminal", 0.55);
	fx_set(&d[6].vendor, "+SUM(1)");
	fx_set(&d[6].evidence_summary, "-foreign subnet");
}

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
	static struct ew_ledger_line lines[NLINES];
	static struct ew_device devs[NDEVS];
	struct ew_ledger lg = {0};
	fixture(&lg, lines, devs);
	struct ew_reconciliation rc;
	if (ew_reconcile(&lg, devs, NDEVS, &rc) != 0) {
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
	for (size_t i = 0; i < NLINES; i++)
		fx_line_free(&lines[i]);
	for (size_t i = 0; i < NDEVS; i++)
		fx_device_free(&devs[i]);
	if (fails)
		fprintf(stderr, "ew-export-sample: %d formats failed\n", fails);
	return fails ? 1 : 0;
}
