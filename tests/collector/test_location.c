/* SPDX-License-Identifier: ISC */
/* test_location.c - a candidate's "location" (the agent's switch lookup,
 * issue 11) through the collector: read and checked from a report (each
 * mutation breaks one rule), turned into one line for people, kept by the
 * device merge (the most recently read), and written to the sheet's 設置場所
 * of a 要確認 row and to the HTML page, escaped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "device.h"
#include "egresswatch/buf.h"
#include "egresswatch/report_read.h"
#include "export_html.h"
#include "export_sheet.h"
#include "rc_fixture.h"
#include "store.h"
#include <unistd.h>

#define LIMITS                                                                                                \
	"\"limits\":{\"max_devices\":1,\"devices\":1,\"evicted_devices\":0,\"evicted_with_evidence\":0,"       \
	"\"table_full_drops\":0,\"evidence_records_max\":1,\"evidence_records\":1,\"evidence_reclaimed\":0,"   \
	"\"evidence_dropped\":0,\"addresses_per_device\":1,\"addresses_dropped\":0,\"inside_hosts_exact\":1," \
	"\"remote_addrs_exact\":1,\"evidence_frames_per_device\":1,\"subnets_dropped\":0}"

/* A report with one candidate whose location is %s. */
static const char REPORT[] =
	"{\"schema\":\"egresswatch.report/1\",\"report_id\":\"d552a6f2-74ad-8aa3-ae31-e966d62d2ff9\","
	"\"agent\":{\"id\":\"a\",\"site\":\"S\",\"segment\":\"EMR\",\"interface\":\"eth1\",\"version\":\"0.1\"},"
	"\"window\":{\"start\":\"2026-11-25T19:39:57Z\",\"end\":\"2026-11-25T19:40:17Z\"},"
	"\"capture\":{\"source\":\"live\",\"packets\":1,\"bytes\":2,\"dropped\":0,\"evicted\":0},\"subnets\":[],"
	"\"candidates\":[{\"mac\":\"00:1b:8b:aa:00:01\",\"vlan\":null,\"declared\":false,\"vendor\":\"NEC\","
	"\"ipv4\":[],\"ipv6\":[],\"class\":\"hgw\",\"confidence\":0.9,\"roles\":[],\"reason\":\"r\","
	"\"first_seen\":\"2026-11-25T19:39:59Z\",\"last_seen\":\"2026-11-25T19:40:17Z\",\"inside_hosts\":1,"
	"\"remote_addrs\":1,\"mac_local\":false,\"location\":%s,\"evidence\":[]}],\"hosts_seen\":3," LIMITS "}";

#define CORE_UPLINK                                                                                   \
	"{\"switch\":\"sw-core\",\"port\":\"Gi1/0/1\",\"bridge_port\":1,\"vlan\":20,\"port_macs\":212," \
	"\"rule\":\"switch_mac\",\"read_at\":\"2026-11-25T19:40:16.5Z\"}"
#define DEAD "{\"switch\":\"sw-2f\",\"answered\":false,\"error\":\"no answer (timeout)\"}"
#define EDGE                                                                                                     \
	"{\"status\":\"edge_port\",\"switch\":\"sw-3f-e\",\"port\":\"Gi1/0/17\",\"alias\":\"3F東 305号室\","           \
	"\"bridge_port\":17,\"vlan\":20,\"port_macs\":1,\"rule\":\"edge\",\"read_at\":\"2026-11-25T19:40:17Z\"," \
	"\"seen_elsewhere\":[" CORE_UPLINK "],\"switch_errors\":[" DEAD "]}"

static int read_with(const char *loc, struct ew_report *r, char *err)
{
	char buf[8192];
	int n = snprintf(buf, sizeof buf, REPORT, loc);
	assert_true(n > 0 && (size_t)n < sizeof buf);
	return ew_report_read(buf, (size_t)n, r, err, EW_REPORT_ERR_MAX);
}

static void reads_an_edge_port(void **state)
{
	(void)state;
	struct ew_report r;
	char err[EW_REPORT_ERR_MAX];
	int rc = read_with(EDGE, &r, err);
	if (rc)
		fprintf(stderr, "%s\n", err);
	assert_int_equal(rc, 0);
	assert_string_equal(r.candidates[0].location, "3F東 305号室 (sw-3f-e Gi1/0/17, VLAN 20)");
	assert_int_equal(r.candidates[0].location_read_at, 1795635617000000LL);
	ew_report_read_free(&r);
	/* no alias, no VLAN */
	rc = read_with("{\"status\":\"edge_port\",\"switch\":\"s\",\"port\":\"ge1-0-3\",\"bridge_port\":3,\"vlan\":null,"
		       "\"port_macs\":1,\"rule\":\"edge\",\"read_at\":\"2026-11-25T19:40:17Z\",\"seen_elsewhere\":[],"
		       "\"switch_errors\":[]}",
		       &r, err);
	if (rc)
		fprintf(stderr, "%s\n", err);
	assert_int_equal(rc, 0);
	assert_string_equal(r.candidates[0].location, "s ge1-0-3");
	ew_report_read_free(&r);
}

/* vlan_from (newer agents: how the VLAN is known), at the top and in each place; older reports have none */
static void reads_vlan_from(void **state)
{
	(void)state;
	struct ew_report r;
	char err[EW_REPORT_ERR_MAX];
	int rc = read_with("{\"status\":\"edge_port\",\"switch\":\"s\",\"port\":\"ge1-0-3\",\"bridge_port\":3,\"vlan\":20,"
			   "\"vlan_from\":\"vlan_table\",\"port_macs\":1,\"rule\":\"edge\",\"read_at\":\"2026-11-25T19:40:17Z\","
			   "\"seen_elsewhere\":[{\"switch\":\"c\",\"port\":\"p\",\"bridge_port\":1,\"vlan\":null,"
			   "\"vlan_from\":\"shared_fdb\",\"port_macs\":40,\"rule\":\"many_macs\","
			   "\"read_at\":\"2026-11-25T19:40:17Z\"}],\"switch_errors\":[]}",
			   &r, err);
	if (rc)
		fprintf(stderr, "%s\n", err);
	assert_int_equal(rc, 0);
	assert_string_equal(r.candidates[0].location, "s ge1-0-3, VLAN 20");
	ew_report_read_free(&r);
	static const char *const bad[][2] = {
		{"{\"status\":\"uplinks_only\",\"seen_elsewhere\":[{\"switch\":\"c\",\"port\":\"p\",\"bridge_port\":1,"
		 "\"vlan\":1,\"vlan_from\":\"guess\",\"port_macs\":40,\"rule\":\"many_macs\","
		 "\"read_at\":\"2026-11-25T19:40:17Z\"}],\"switch_errors\":[]}",
		 "candidates[0].location.seen_elsewhere[0].vlan_from: unknown value"},
		{"{\"status\":\"uplinks_only\",\"seen_elsewhere\":[{\"switch\":\"c\",\"port\":\"p\",\"bridge_port\":1,"
		 "\"vlan\":1,\"vlan_from\":7,\"port_macs\":40,\"rule\":\"many_macs\","
		 "\"read_at\":\"2026-11-25T19:40:17Z\"}],\"switch_errors\":[]}",
		 "candidates[0].location.seen_elsewhere[0].vlan_from: not a string"},
		{"{\"status\":\"not_seen\",\"vlan_from\":\"fdb_id\",\"seen_elsewhere\":[],\"switch_errors\":[]}",
		 "candidates[0].location.vlan_from: only with status edge_port"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		rc = read_with(bad[i][0], &r, err);
		if (rc == 0 || strncmp(err, bad[i][1], strlen(bad[i][1])) != 0)
			fprintf(stderr, "case %zu: rc %d, \"%s\"\n", i, rc, err);
		assert_int_equal(rc, -1);
		assert_memory_equal(err, bad[i][1], strlen(bad[i][1]));
	}
}

static void reads_uplinks_and_nothing(void **state)
{
	(void)state;
	struct ew_report r;
	char err[EW_REPORT_ERR_MAX];
	assert_int_equal(read_with("{\"status\":\"uplinks_only\",\"seen_elsewhere\":[" CORE_UPLINK "],\"switch_errors\":[]}",
				   &r, err),
			 0);
	assert_string_equal(r.candidates[0].location, "未特定: sw-core Gi1/0/1, VLAN 20 の先 (設定されていないスイッチ経由)");
	assert_int_equal(r.candidates[0].location_read_at, 1795635616500000LL);
	ew_report_read_free(&r);
	assert_int_equal(read_with("{\"status\":\"no_answer\",\"seen_elsewhere\":[],\"switch_errors\":[" DEAD "]}", &r, err), 0);
	assert_null(r.candidates[0].location);
	ew_report_read_free(&r);
}

static void refuses_bad_locations(void **state)
{
	(void)state;
	static const struct {
		const char *loc, *err;
	} bad[] = {
		{"[]", "candidates[0].location: not an object"},
		{"{\"status\":\"here\",\"seen_elsewhere\":[],\"switch_errors\":[]}", "candidates[0].location.status: unknown status"},
		{"{\"status\":\"not_seen\",\"seen_elsewhere\":[]}", "candidates[0].location.switch_errors: required field missing"},
		{"{\"status\":\"not_seen\",\"seen_elsewhere\":[],\"switch_errors\":[],\"x\":1}", "candidates[0].location.x: unknown field"},
		{"{\"status\":\"not_seen\",\"port\":\"p\",\"seen_elsewhere\":[],\"switch_errors\":[]}",
		 "candidates[0].location.port: only with status edge_port"},
		{"{\"status\":\"edge_port\",\"seen_elsewhere\":[],\"switch_errors\":[]}", "candidates[0].location.switch: required"},
		{"{\"status\":\"uplinks_only\",\"seen_elsewhere\":[{\"switch\":\"s\",\"port\":\"p\",\"bridge_port\":70000,\"vlan\":1,"
		 "\"port_macs\":1,\"rule\":\"many_macs\",\"read_at\":\"2026-11-25T19:40:17Z\"}],\"switch_errors\":[]}",
		 "candidates[0].location.seen_elsewhere[0].bridge_port: more than 65535"},
		{"{\"status\":\"uplinks_only\",\"seen_elsewhere\":[{\"switch\":\"s\",\"port\":\"p\",\"bridge_port\":7,\"vlan\":4095,"
		 "\"port_macs\":1,\"rule\":\"many_macs\",\"read_at\":\"2026-11-25T19:40:17Z\"}],\"switch_errors\":[]}",
		 "candidates[0].location.seen_elsewhere[0].vlan: not a VLAN id"},
		{"{\"status\":\"uplinks_only\",\"seen_elsewhere\":[{\"switch\":\"s\",\"port\":\"p\",\"bridge_port\":7,\"vlan\":1,"
		 "\"port_macs\":1,\"rule\":\"guess\",\"read_at\":\"2026-11-25T19:40:17Z\"}],\"switch_errors\":[]}",
		 "candidates[0].location.seen_elsewhere[0].rule: not a rule name"},
		{"{\"status\":\"uplinks_only\",\"seen_elsewhere\":[{\"switch\":\"\",\"port\":\"p\",\"bridge_port\":7,\"vlan\":1,"
		 "\"port_macs\":1,\"rule\":\"edge\",\"read_at\":\"2026-11-25T19:40:17Z\"}],\"switch_errors\":[]}",
		 "candidates[0].location.seen_elsewhere[0].switch: empty"},
		{"{\"status\":\"not_seen\",\"seen_elsewhere\":[],\"switch_errors\":[{\"switch\":\"s\",\"answered\":1,\"error\":\"e\"}]}",
		 "candidates[0].location.switch_errors[0].answered: not a boolean"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct ew_report r;
		char err[EW_REPORT_ERR_MAX] = "";
		int rc = read_with(bad[i].loc, &r, err);
		if (rc == 0 || strncmp(err, bad[i].err, strlen(bad[i].err)) != 0)
			fprintf(stderr, "case %zu: rc %d, \"%s\"\n", i, rc, err);
		assert_int_equal(rc, -1);
		assert_memory_equal(err, bad[i].err, strlen(bad[i].err));
		assert_null(r.candidates);
	}
	/* the edge port's rule must be "edge" */
	char loc[1024];
	snprintf(loc, sizeof loc, "%s", EDGE);
	char *e = strstr(loc, "\"rule\":\"edge\"");
	memcpy(e, "\"rule\":\"many\"", 13);
	struct ew_report r;
	char err[EW_REPORT_ERR_MAX];
	assert_int_equal(read_with(loc, &r, err), -1);
	assert_string_equal(err, "candidates[0].location.rule: not \"edge\"");
}

/* Through the store (SQLite, or PostgreSQL with EW_TEST_PG_URL; schema version 2) and back as a device. */
static void stored_and_read_back(void **state)
{
	(void)state;
	char path[] = "/tmp/ew-test-location-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	struct ew_store *st;
	char err[EW_STORE_ERR_MAX];
	const char *pg = getenv("EW_TEST_PG_URL"); /* run-store-pg.sh with STORE_TEST_BIN=…/test_location */
	if (ew_store_open(pg && *pg ? pg : path, &st, err, sizeof err) < 0)
		fprintf(stderr, "%s\n", err);
	char text[8192];
	int n = snprintf(text, sizeof text, REPORT, EDGE);
	struct ew_report r;
	char rerr[EW_REPORT_ERR_MAX];
	assert_int_equal(ew_report_read(text, (size_t)n, &r, rerr, sizeof rerr), 0);
	assert_int_equal(ew_store_report_add(st, &r, text), 0);
	struct ew_device *devs;
	size_t count;
	struct ew_store_window w;
	assert_int_equal(ew_store_devices(st, "S", 0, &devs, &count, &w), 0);
	assert_int_equal(count, 1);
	assert_string_equal(devs[0].location, "3F東 305号室 (sw-3f-e Gi1/0/17, VLAN 20)");
	assert_int_equal(devs[0].location_read_at, 1795635617000000LL);
	ew_devices_free(devs, count);
	ew_report_read_free(&r);
	ew_store_close(st);
	unlink(path);
}

static void merge_keeps_the_latest_read(void **state)
{
	(void)state;
	struct ew_device acc, c;
	memset(&acc, 0, sizeof acc);
	fx_device(&c, "00:1b:8b:aa:00:01", NULL, "hgw", 0.9);
	fx_set(&c.location, "room 305 (sw-3f-e Gi1/0/17)");
	c.location_read_at = 200;
	assert_int_equal(ew_device_merge(&acc, &c), 0);
	assert_string_equal(acc.location, "room 305 (sw-3f-e Gi1/0/17)");
	/* an older read, and a report without a location, change nothing */
	fx_set(&c.location, "room 101 (sw-1f Gi1/0/1)");
	c.location_read_at = 100;
	assert_int_equal(ew_device_merge(&acc, &c), 0);
	free(c.location);
	c.location = NULL;
	assert_int_equal(ew_device_merge(&acc, &c), 0);
	assert_string_equal(acc.location, "room 305 (sw-3f-e Gi1/0/17)");
	fx_set(&c.location, "room 306 (sw-3f-e Gi1/0/18)");
	c.location_read_at = 300;
	assert_int_equal(ew_device_merge(&acc, &c), 0);
	assert_string_equal(acc.location, "room 306 (sw-3f-e Gi1/0/18)");
	assert_int_equal(acc.location_read_at, 300);
	ew_device_free(&c);
	ew_device_free(&acc);
}

static void sheet_and_page_show_it(void **state)
{
	(void)state;
	struct ew_ledger lg;
	memset(&lg, 0, sizeof lg);
	struct ew_device d[2];
	fx_device(&d[0], "00:1b:8b:aa:00:01", "192.168.1.1", "hgw", 0.95);
	fx_set(&d[0].location, "=HYPERLINK(\"x\") <script>alert(1)</script> 3F東 305号室 (sw-3f-e Gi1/0/17)");
	fx_device(&d[1], "00:1b:8b:aa:00:02", "192.168.1.2", "hgw", 0.95);
	struct ew_reconciliation rc;
	assert_int_equal(ew_reconcile(&lg, d, 2, &rc), 0);
	struct ew_sheet sh;
	assert_int_equal(ew_export_sheet_build(&rc, &sh), 0);
	size_t col = 0;
	while (col < sh.ncols && strcmp(sh.headers[col], "設置場所") != 0)
		col++;
	assert_true(col < sh.ncols);
	bool found = false, empty = false;
	for (size_t i = 0; i < sh.nrows; i++) {
		const char *cell = sh.rows[i].cells[col] ? sh.rows[i].cells[col] : "";
		if (strstr(cell, "3F東 305号室 (sw-3f-e Gi1/0/17)"))
			found = true; /* as text: the CSV and XLSX writers neutralise a leading '=' (test_export) */
		else if (!cell[0]) {
			empty = true;
		}
	}
	assert_true(found);
	assert_true(empty); /* the device without a location: 設置場所 left for people */
	ew_export_sheet_free(&sh);
	struct ew_buf b;
	ew_buf_init(&b, 16u << 20);
	assert_int_equal(ew_export_html_write(&rc, &b), 0);
	assert_non_null(strstr(b.data, "設置場所: =HYPERLINK(&quot;x&quot;) &lt;script&gt;alert(1)&lt;/script&gt; 3F東 305号室"));
	assert_null(strstr(b.data, "<script>alert(1)"));
	ew_buf_free(&b);
	ew_reconciliation_free(&rc);
	ew_device_free(&d[0]);
	ew_device_free(&d[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_an_edge_port),
		cmocka_unit_test(reads_vlan_from),
		cmocka_unit_test(reads_uplinks_and_nothing),
		cmocka_unit_test(refuses_bad_locations),
		cmocka_unit_test(stored_and_read_back),
		cmocka_unit_test(merge_keeps_the_latest_read),
		cmocka_unit_test(sheet_and_page_show_it),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
