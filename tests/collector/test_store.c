/* SPDX-License-Identifier: ISC */
/* test_store.c - the store's contract, run on SQLite (a temp file) and, when
 * EW_TEST_PG_URL is set, on that PostgreSQL database (emptied per test). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "egresswatch/report_read.h"
#include "store.h"
#include "token.h"

static char sqlite_path[256];

static const char *store_url(void)
{
	const char *pg = getenv("EW_TEST_PG_URL");
	return pg && *pg ? pg : sqlite_path;
}

static int setup(void **state)
{
	const char *pg = getenv("EW_TEST_PG_URL");
	if (pg && *pg) {
		PGconn *c = PQconnectdb(pg);
		if (PQstatus(c) != CONNECTION_OK) {
			fprintf(stderr, "EW_TEST_PG_URL: %s", PQerrorMessage(c));
			PQfinish(c);
			return -1;
		}
		PGresult *r = PQexec(c, "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public");
		int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		PQclear(r);
		PQfinish(c);
		if (!ok)
			return -1;
	} else {
		snprintf(sqlite_path, sizeof sqlite_path, "/tmp/ew-test-store-XXXXXX");
		int fd = mkstemp(sqlite_path);
		if (fd < 0)
			return -1;
		close(fd);
	}
	struct ew_store *s;
	char err[EW_STORE_ERR_MAX];
	if (ew_store_open(store_url(), &s, err, sizeof err) < 0) {
		fprintf(stderr, "open: %s\n", err);
		return -1;
	}
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	ew_store_close(*state);
	if (sqlite_path[0]) {
		char p[300];
		unlink(sqlite_path);
		snprintf(p, sizeof p, "%s-wal", sqlite_path);
		unlink(p);
		snprintf(p, sizeof p, "%s-shm", sqlite_path);
		unlink(p);
		sqlite_path[0] = '\0';
	}
	return 0;
}

struct cand {
	const char *mac;
	int vlan;
	const char *cls;
	double conf;
	const char *first, *last;
	const char *ipv4;
	const char *vendor;
};

/* A valid report with the given candidates. */
static void make_report(char *buf, size_t cap, const char *id, const char *site, const char *agent,
			const char *wstart, const char *wend, const struct cand *c, size_t n)
{
	size_t o = (size_t)snprintf(buf, cap,
				    "{\"schema\":\"egresswatch.report/1\",\"report_id\":\"%s\","
				    "\"agent\":{\"id\":\"%s\",\"site\":\"%s\",\"segment\":\"EMR core\",\"interface\":\"eth1\",\"version\":\"0.1.0\"},"
				    "\"window\":{\"start\":\"%s\",\"end\":\"%s\"},"
				    "\"capture\":{\"source\":\"live\",\"packets\":10,\"bytes\":1000,\"dropped\":0,\"evicted\":0},"
				    "\"subnets\":[{\"prefix\":\"10.20.0.0/16\",\"from\":\"config\"}],\"candidates\":[",
				    id, agent, site, wstart, wend);
	for (size_t i = 0; i < n; i++) {
		char vlan[16];
		if (c[i].vlan < 0)
			snprintf(vlan, sizeof vlan, "null");
		else
			snprintf(vlan, sizeof vlan, "%d", c[i].vlan);
		o += (size_t)snprintf(buf + o, cap - o,
				      "%s{\"mac\":\"%s\",\"vlan\":%s,\"declared\":false,\"vendor\":\"%s\",\"ipv4\":[\"%s\"],"
				      "\"ipv6\":[],\"class\":\"%s\",\"confidence\":%.3f,\"roles\":[\"router\"],"
				      "\"reason\":\"routes\",\"first_seen\":\"%s\",\"last_seen\":\"%s\",\"inside_hosts\":2,"
				      "\"remote_addrs\":3,\"mac_local\":false,\"evidence\":[{\"kind\":\"rip\",\"count\":2,"
				      "\"first_seen\":\"%s\",\"last_seen\":\"%s\",\"detail\":{\"version\":2,\"entries\":1,"
				      "\"default_route\":true}}]}",
				      i ? "," : "", c[i].mac, vlan, c[i].vendor ? c[i].vendor : "NEC", c[i].ipv4, c[i].cls,
				      c[i].conf, c[i].first, c[i].last, c[i].first, c[i].last);
	}
	snprintf(buf + o, cap - o,
		 "],\"hosts_seen\":5,\"limits\":{\"max_devices\":1,\"devices\":1,\"evicted_devices\":0,"
		 "\"evicted_with_evidence\":0,\"table_full_drops\":0,\"evidence_records_max\":1,\"evidence_records\":1,"
		 "\"evidence_reclaimed\":0,\"evidence_dropped\":0,\"addresses_per_device\":1,\"addresses_dropped\":0,"
		 "\"inside_hosts_exact\":1,\"remote_addrs_exact\":1,\"evidence_frames_per_device\":1,\"subnets_dropped\":0}}");
}

static int add(struct ew_store *s, const char *json)
{
	struct ew_report r;
	char err[EW_REPORT_ERR_MAX];
	if (ew_report_read(json, strlen(json), &r, err, sizeof err) < 0) {
		fprintf(stderr, "report: %s\n", err);
		return -2;
	}
	int rc = ew_store_report_add(s, &r, json);
	if (rc < 0)
		fprintf(stderr, "store: %s\n", ew_store_error(s));
	ew_report_read_free(&r);
	return rc;
}

#define ID1 "00000000-0000-8000-8000-000000000001"
#define ID2 "00000000-0000-8000-8000-000000000002"
#define ID3 "00000000-0000-8000-8000-000000000003"
#define T(h) "2026-11-29T" h ":00:00Z"

static const struct cand C1 = {"00:1b:8b:aa:00:01", -1, "hgw", 0.6, T("10"), T("11"), "192.168.1.1", NULL};

static void report_stored_once(void **state)
{
	struct ew_store *s = *state;
	char buf[8192];
	make_report(buf, sizeof buf, ID1, "SITE-A", "a1", T("10"), T("11"), &C1, 1);
	assert_int_equal(add(s, buf), 0);
	assert_int_equal(add(s, buf), 1); /* the same report_id: a duplicate, not an error */
	assert_int_equal(ew_store_report_count(s, "SITE-A"), 1);
	struct ew_store_site *v;
	size_t n;
	assert_int_equal(ew_store_sites(s, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].name, "SITE-A");
	assert_int_equal(v[0].reports, 1);
	assert_int_equal(v[0].candidates, 1);
	free(v);
}

/* Evidence captures: kept per (report, MAC, VLAN), replaced by the same
 * key, found by the report's site, listed latest first per device. */
static void evidence_kept_per_report(void **state)
{
	struct ew_store *s = *state;
	char buf[8192], site[EW_STORE_SITE_MAX], *b64 = NULL;
	make_report(buf, sizeof buf, ID1, "SITE-A", "a1", T("10"), T("11"), &C1, 1);
	assert_int_equal(add(s, buf), 0);
	make_report(buf, sizeof buf, ID2, "SITE-A", "a1", T("11"), T("12"), &C1, 1);
	assert_int_equal(add(s, buf), 0);
	assert_int_equal(ew_store_report_site(s, ID1, site), 0);
	assert_string_equal(site, "SITE-A");
	assert_int_equal(ew_store_report_site(s, ID3, site), 1);
	assert_int_equal(ew_store_evidence_put(s, ID3, C1.mac, 0, 3, "AAAA"), 1); /* no such report */
	assert_int_equal(ew_store_evidence_put(s, ID1, C1.mac, 0, 3, "AAAA"), 0);
	assert_int_equal(ew_store_evidence_put(s, ID1, C1.mac, 0, 3, "BBBB"), 0); /* replaces */
	assert_int_equal(ew_store_evidence_put(s, ID2, C1.mac, 0, 6, "CCCCCCCC"), 0);
	assert_int_equal(ew_store_evidence_put(s, ID2, C1.mac, 7, 3, "DDDD"), 0);
	assert_int_equal(ew_store_evidence_get(s, ID1, C1.mac, 0, site, &b64), 0);
	assert_string_equal(b64, "BBBB");
	assert_string_equal(site, "SITE-A");
	free(b64);
	assert_int_equal(ew_store_evidence_get(s, ID1, C1.mac, 7, site, &b64), 1);
	assert_null(b64);
	struct ew_store_evidence *ev;
	size_t n;
	assert_int_equal(ew_store_evidence_list(s, "SITE-A", &ev, &n), 0);
	assert_int_equal(n, 2); /* (mac, 0) latest from ID2, (mac, 7) */
	assert_string_equal(ev[0].report_id, ID2);
	assert_int_equal(ev[0].vlan, 0);
	assert_int_equal(ev[0].size, 6);
	assert_int_equal(ev[1].vlan, 7);
	free(ev);
	assert_int_equal(ew_store_evidence_list(s, "SITE-B", &ev, &n), 0);
	assert_int_equal(n, 0);
	free(ev);
}

static void rollback_stores_nothing(void **state)
{
	struct ew_store *s = *state;
	char buf[8192];
	make_report(buf, sizeof buf, ID1, "SITE-A", "a1", T("10"), T("11"), &C1, 1);
	assert_int_equal(ew_store_begin(s), 0);
	assert_int_equal(add(s, buf), 0);
	ew_store_rollback(s);
	assert_int_equal(ew_store_report_count(s, "SITE-A"), 0);
	assert_int_equal(add(s, buf), 0); /* and it can be stored after */
}

static void devices_accumulate(void **state)
{
	struct ew_store *s = *state;
	char buf[16384];
	struct cand a[2] = {C1, {"02:00:00:00:00:09", 20, "mobile_router", 0.4, T("10"), T("10"), "10.20.0.9", NULL}};
	make_report(buf, sizeof buf, ID1, "SITE-A", "a1", T("10"), T("11"), a, 2);
	assert_int_equal(add(s, buf), 0);
	struct cand b = {"00:1b:8b:aa:00:01", -1, "home_router", 0.9, T("12"), T("13"), "192.168.1.254", "unknown"};
	make_report(buf, sizeof buf, ID2, "SITE-A", "a2", T("12"), T("13"), &b, 1);
	assert_int_equal(add(s, buf), 0);
	struct cand c = {"00:1b:8b:aa:00:01", -1, "hgw", 0.5, T("14"), T("15"), "192.168.1.1", NULL};
	make_report(buf, sizeof buf, ID3, "SITE-B", "b1", T("14"), T("15"), &c, 1);
	assert_int_equal(add(s, buf), 0);

	struct ew_device *d;
	size_t n;
	struct ew_store_window w;
	assert_int_equal(ew_store_devices(s, "SITE-A", 0, &d, &n, &w), 0);
	assert_int_equal(n, 2);
	assert_int_equal(w.reports, 2);
	int64_t t10, t13;
	assert_true(ew_report_read_time(T("10"), &t10));
	assert_true(ew_report_read_time(T("13"), &t13));
	assert_true(w.start == t10 && w.end == t13);
	/* sorted by MAC: 00:1b… first */
	assert_int_equal(d[0].mac.b[1], 0x1b);
	assert_int_equal(d[0].vlan, -1);
	assert_string_equal(d[0].cls, "home_router"); /* the surest report's class */
	assert_true(d[0].confidence > 0.89);
	assert_int_equal(d[0].ipv4_count, 2); /* union */
	assert_int_equal(d[0].agent_count, 2);
	assert_string_equal(d[0].vendor, "NEC"); /* "unknown" never replaces a name */
	assert_true(d[0].first_seen == t10 && d[0].last_seen == t13);
	assert_true(d[0].routes == false);
	assert_int_equal(d[1].vlan, 20);
	assert_string_equal(d[1].evidence_json,
			    "[{\"kind\":\"rip\",\"count\":2,\"first_seen\":\"2026-11-29T10:00:00Z\",\"last_seen\":"
			    "\"2026-11-29T10:00:00Z\",\"detail\":{\"version\":2,\"entries\":1,\"default_route\":true}}]");
	assert_non_null(strstr(d[1].evidence_summary, "rip\xc3\x97" "2"));
	ew_devices_free(d, n);

	/* since: only candidates seen at or after 12:00, reports ending after it */
	int64_t t12;
	assert_true(ew_report_read_time(T("12"), &t12));
	assert_int_equal(ew_store_devices(s, "SITE-A", t12, &d, &n, &w), 0);
	assert_int_equal(n, 1);
	assert_int_equal(w.reports, 1);
	assert_int_equal(d[0].agent_count, 1);
	ew_devices_free(d, n);

	assert_int_equal(ew_store_devices(s, "NO-SUCH-SITE", 0, &d, &n, &w), 0);
	assert_int_equal(n, 0);
}

static void strings_round_trip(void **state)
{
	struct ew_store *s = *state;
	char buf[8192];
	struct cand c = C1;
	c.vendor = "O'Brien \\\"x\\\" \xe6\x97\xa5\xe6\x9c\xac; DROP TABLE sites; --";
	make_report(buf, sizeof buf, ID1, "病院 'A'", "a1", T("10"), T("11"), &c, 1);
	assert_int_equal(add(s, buf), 0);
	struct ew_device *d;
	size_t n;
	struct ew_store_window w;
	assert_int_equal(ew_store_devices(s, "病院 'A'", 0, &d, &n, &w), 0);
	assert_int_equal(n, 1);
	assert_string_equal(d[0].vendor, "O'Brien \"x\" \xe6\x97\xa5\xe6\x9c\xac; DROP TABLE sites; --");
	ew_devices_free(d, n);
}

static struct ew_ledger_line line(unsigned row, const char *no, const char *mac)
{
	struct ew_ledger_line l;
	memset(&l, 0, sizeof l);
	l.row = row;
	l.no = (char *)no;
	l.purpose = (char *)"電子カルテ保守";
	l.emr_connected = EW_YN_YES;
	if (mac && ew_mac_parse(mac, &l.macs[0]))
		l.mac_count = 1;
	ew_ip_parse("192.168.1.1", &l.ips[0]);
	l.ip_count = 1;
	return l;
}

static void ledger_versions_kept(void **state)
{
	struct ew_store *s = *state;
	struct ew_ledger_line v1[2] = {line(5, "回線1", "00:1b:8b:aa:00:01"), line(6, "回線2", NULL)};
	struct ew_ledger l1 = {v1, 2, "csv", "utf-8", 4, 1, 0, ""};
	unsigned ver = 0;
	assert_int_equal(ew_store_ledger_replace(s, "SITE-A", &l1, "sheet.csv", &ver), 0);
	assert_int_equal(ver, 1);
	struct ew_ledger_line v2[1] = {line(5, "回線9", NULL)};
	struct ew_ledger l2 = {v2, 1, "xlsx", "xlsx", 4, 0, 0, ""};
	assert_int_equal(ew_store_ledger_replace(s, "SITE-A", &l2, "sheet.xlsx", &ver), 0);
	assert_int_equal(ver, 2);

	struct ew_ledger got;
	unsigned lv = 0;
	assert_int_equal(ew_store_ledger_load(s, "SITE-A", 0, &got, &lv), 0);
	assert_int_equal(lv, 2);
	assert_int_equal(got.count, 1);
	assert_string_equal(got.lines[0].no, "回線9");
	assert_string_equal(got.format, "xlsx");
	ew_store_ledger_free(&got);
	assert_int_equal(ew_store_ledger_load(s, "SITE-A", 1, &got, &lv), 0);
	assert_int_equal(got.count, 2);
	assert_int_equal(got.lines[0].row, 5);
	assert_string_equal(got.lines[0].purpose, "電子カルテ保守");
	assert_string_equal(got.lines[1].service, "");
	assert_int_equal(got.lines[0].emr_connected, EW_YN_YES);
	assert_int_equal(got.lines[0].mac_count, 1);
	assert_int_equal(got.lines[0].macs[0].b[5], 1);
	assert_int_equal(got.lines[1].mac_count, 0);
	assert_int_equal(got.lines[0].ip_count, 1);
	ew_store_ledger_free(&got);
	assert_int_equal(ew_store_ledger_load(s, "SITE-B", 0, &got, &lv), 1); /* none */
	struct ew_store_site *v;
	size_t n;
	assert_int_equal(ew_store_sites(s, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].ledger_version, 2);
	assert_int_equal(v[0].ledger_lines, 1);
	free(v);
}

static void tokens_hashed(void **state)
{
	struct ew_store *s = *state;
	char tok[EW_TOKEN_HEXLEN + 1], hash[EW_TOKEN_HASH_HEXLEN + 1], tok2[EW_TOKEN_HEXLEN + 1],
		hash2[EW_TOKEN_HASH_HEXLEN + 1];
	assert_int_equal(ew_token_new(tok, hash), 0);
	assert_int_equal(ew_token_new(tok2, hash2), 0);
	assert_string_not_equal(tok, tok2);
	assert_string_not_equal(tok, hash);
	assert_int_equal(ew_store_token_add(s, hash, "viewer", "SITE-A"), 0);
	assert_int_equal(ew_store_token_add(s, hash2, "admin", NULL), 0);
	assert_int_equal(ew_store_token_add(s, hash, "admin", NULL), -1); /* hash unique */
	char bad[EW_TOKEN_HASH_HEXLEN + 1];
	ew_token_hash("x", 1, bad);
	assert_int_equal(ew_store_token_add(s, bad, "root", NULL), -1);
	assert_int_equal(ew_store_token_add(s, bad, "agent", NULL), -1); /* needs a site */
	assert_int_equal(ew_store_token_add(s, bad, "admin", "SITE-A"), -1);
	char role[16], site[EW_STORE_SITE_MAX];
	assert_int_equal(ew_token_authenticate(s, tok, strlen(tok), role, site), 0);
	assert_string_equal(role, "viewer");
	assert_string_equal(site, "SITE-A");
	assert_int_equal(ew_token_authenticate(s, tok2, strlen(tok2), role, site), 0);
	assert_string_equal(role, "admin");
	assert_string_equal(site, "");
	tok[0] = tok[0] == 'a' ? 'b' : 'a';
	assert_int_equal(ew_token_authenticate(s, tok, strlen(tok), role, site), 1);
	assert_int_equal(ew_token_authenticate(s, "", 0, role, site), 1);
	assert_true(ew_token_verify("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
	assert_false(ew_token_verify("abd", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
}

static void reopen_keeps_data(void **state)
{
	struct ew_store *s = *state;
	char buf[8192];
	make_report(buf, sizeof buf, ID1, "SITE-A", "a1", T("10"), T("11"), &C1, 1);
	assert_int_equal(add(s, buf), 0);
	ew_store_close(s);
	char err[EW_STORE_ERR_MAX];
	assert_int_equal(ew_store_open(store_url(), &s, err, sizeof err), 0); /* migrations already applied */
	*state = s;
	assert_int_equal(ew_store_report_count(s, "SITE-A"), 1);
	assert_int_equal(add(s, buf), 1);
}

/* make_report's report with the spool counts a delivering agent adds. */
static void make_spooled(char *buf, size_t cap, const char *id, const char *agent, const char *wend,
			 const char *spool)
{
	char tmp[8192];
	make_report(tmp, sizeof tmp, id, "SITE-A", agent, T("09"), wend, &C1, 1);
	const char *at = strstr(tmp, "\"subnets_dropped\":0");
	assert_non_null(at);
	at += strlen("\"subnets_dropped\":0");
	snprintf(buf, cap, "%.*s%s%s", (int)(at - tmp), tmp, spool, at);
}

static const struct ew_store_agent *agent_named(const struct ew_store_agent *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].id, id) == 0)
			return &v[i];
	return NULL;
}

/* Per agent: the newest window's backlog (a late report does not undo it),
 * the dropped counts added up once per stored report, saturating. */
static void agents_kept(void **state)
{
	struct ew_store *s = *state;
	char buf[8192];
	make_spooled(buf, sizeof buf, ID1, "a1", T("11"), ",\"spool_backlog\":5,\"spool_dropped\":1");
	assert_int_equal(add(s, buf), 0);
	make_spooled(buf, sizeof buf, ID2, "a1", T("12"), ",\"spool_backlog\":2,\"spool_dropped\":0");
	assert_int_equal(add(s, buf), 0);
	assert_int_equal(add(s, buf), 1); /* a duplicate adds nothing */
	make_spooled(buf, sizeof buf, ID3, "a1", T("10"), ",\"spool_backlog\":9,\"spool_dropped\":3");
	assert_int_equal(add(s, buf), 0); /* older window, stored later */
	make_spooled(buf, sizeof buf, "00000000-0000-8000-8000-000000000004", "a2", T("13"), "");
	assert_int_equal(add(s, buf), 0); /* no spool: an agent writing a file */
	make_spooled(buf, sizeof buf, "00000000-0000-8000-8000-000000000005", "big", T("13"),
		     ",\"spool_backlog\":18446744073709551615,\"spool_dropped\":9223372036854775807");
	assert_int_equal(add(s, buf), 0);
	make_spooled(buf, sizeof buf, "00000000-0000-8000-8000-000000000006", "big", T("14"),
		     ",\"spool_backlog\":1,\"spool_dropped\":9223372036854775807");
	assert_int_equal(add(s, buf), 0); /* the sum saturates, the report is stored */
	char longid[EW_STORE_AGENT_MAX + 1];
	memset(longid, 'x', EW_STORE_AGENT_MAX);
	longid[EW_STORE_AGENT_MAX] = '\0';
	make_spooled(buf, sizeof buf, "00000000-0000-8000-8000-000000000007", longid, T("14"), "");
	assert_int_equal(add(s, buf), -1);
	assert_non_null(strstr(ew_store_error(s), "agent.id"));
	longid[EW_STORE_AGENT_MAX - 1] = '\0'; /* the longest id kept */
	make_spooled(buf, sizeof buf, "00000000-0000-8000-8000-000000000008", longid, T("14"), "");
	assert_int_equal(add(s, buf), 0);

	struct ew_store_agent *v;
	size_t n;
	bool more;
	assert_int_equal(ew_store_agents(s, 100, &v, &n, &more), 0);
	assert_int_equal(n, 4);
	assert_false(more);
	int64_t t12, t13;
	assert_true(ew_report_read_time(T("12"), &t12));
	assert_true(ew_report_read_time(T("13"), &t13));
	const struct ew_store_agent *a = agent_named(v, n, "a1");
	assert_non_null(a);
	assert_string_equal(a->site, "SITE-A");
	assert_true(a->has_spool);
	assert_int_equal(a->spool_backlog, 2);
	assert_int_equal(a->spool_dropped, 4);
	assert_true(a->last_window_end == t12);
	assert_true(a->last_received_at > 0);
	a = agent_named(v, n, "a2");
	assert_non_null(a);
	assert_false(a->has_spool);
	assert_int_equal(a->spool_dropped, 0);
	assert_true(a->last_window_end == t13);
	a = agent_named(v, n, "big");
	assert_non_null(a);
	assert_int_equal(a->spool_backlog, 1);
	assert_true(a->spool_dropped == INT64_MAX);
	assert_non_null(agent_named(v, n, longid));
	free(v);
	assert_int_equal(ew_store_agents(s, 2, &v, &n, &more), 0); /* the cap */
	assert_int_equal(n, 2);
	assert_true(more);
	free(v);

	/* a restart: the same rows */
	ew_store_close(s);
	char err[EW_STORE_ERR_MAX];
	assert_int_equal(ew_store_open(store_url(), &s, err, sizeof err), 0);
	*state = s;
	assert_int_equal(ew_store_agents(s, 100, &v, &n, &more), 0);
	assert_int_equal(n, 4);
	a = agent_named(v, n, "a1");
	assert_non_null(a);
	assert_true(a->has_spool && a->spool_backlog == 2 && a->spool_dropped == 4 && a->last_window_end == t12);
	free(v);
}

/* A store of schema version 3 (before the agents table) with reports in it:
 * opening it migrates, and every agent gets its row from its reports. */
static void agents_migrated_from_reports(void **state)
{
	struct ew_store *s = *state;
	char buf[8192];
	make_spooled(buf, sizeof buf, ID1, "a1", T("11"), ",\"spool_backlog\":5,\"spool_dropped\":1");
	assert_int_equal(add(s, buf), 0);
	make_spooled(buf, sizeof buf, ID2, "a1", T("12"), "");
	assert_int_equal(add(s, buf), 0);
	make_spooled(buf, sizeof buf, ID3, "a2", T("10"), "");
	assert_int_equal(add(s, buf), 0);
	ew_store_close(s);
	/* back to version 3 (this must follow the migrations if a version 5 comes) */
	const char *pg = getenv("EW_TEST_PG_URL");
	if (pg && *pg) {
		PGconn *c = PQconnectdb(pg);
		PGresult *r = PQexec(c, "DROP TABLE agents; DELETE FROM schema_version WHERE version = 4");
		assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
		PQclear(r);
		PQfinish(c);
	} else {
		sqlite3 *db;
		assert_int_equal(sqlite3_open(sqlite_path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, "DROP TABLE agents; PRAGMA user_version = 3", NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(db);
	}
	char err[EW_STORE_ERR_MAX];
	assert_int_equal(ew_store_open(store_url(), &s, err, sizeof err), 0);
	*state = s;
	struct ew_store_agent *v;
	size_t n;
	bool more;
	assert_int_equal(ew_store_agents(s, 100, &v, &n, &more), 0);
	assert_int_equal(n, 2);
	int64_t t10, t12;
	assert_true(ew_report_read_time(T("10"), &t10));
	assert_true(ew_report_read_time(T("12"), &t12));
	assert_string_equal(v[0].id, "a1");
	assert_true(v[0].last_window_end == t12 && v[0].last_received_at > 0);
	assert_false(v[0].has_spool); /* reports stored before were read without the counts */
	assert_string_equal(v[1].id, "a2");
	assert_true(v[1].last_window_end == t10);
	free(v);
	/* and the next report fills them */
	make_spooled(buf, sizeof buf, "00000000-0000-8000-8000-000000000004", "a1", T("13"),
		     ",\"spool_backlog\":7,\"spool_dropped\":2");
	assert_int_equal(add(s, buf), 0);
	assert_int_equal(ew_store_agents(s, 100, &v, &n, &more), 0);
	assert_true(v[0].has_spool && v[0].spool_backlog == 7 && v[0].spool_dropped == 2);
	free(v);
}

static void open_errors(void **state)
{
	(void)state;
	struct ew_store *s;
	char err[EW_STORE_ERR_MAX];
	assert_int_equal(ew_store_open("/nonexistent-dir/x.db", &s, err, sizeof err), -1);
	assert_null(s);
	assert_non_null(strstr(err, "sqlite"));
	assert_int_equal(ew_store_open("sqlite:", &s, err, sizeof err), -1);
	assert_int_equal(ew_store_open("postgresql://nobody@/nodb?host=/nonexistent&connect_timeout=1", &s, err, sizeof err), -1);
	assert_non_null(strstr(err, "postgresql"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(report_stored_once, setup, teardown),
		cmocka_unit_test_setup_teardown(evidence_kept_per_report, setup, teardown),
		cmocka_unit_test_setup_teardown(rollback_stores_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(devices_accumulate, setup, teardown),
		cmocka_unit_test_setup_teardown(strings_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(ledger_versions_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(tokens_hashed, setup, teardown),
		cmocka_unit_test_setup_teardown(reopen_keeps_data, setup, teardown),
		cmocka_unit_test_setup_teardown(agents_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(agents_migrated_from_reports, setup, teardown),
		cmocka_unit_test_setup_teardown(open_errors, setup, teardown),
	};
	const char *pg = getenv("EW_TEST_PG_URL");
	return cmocka_run_group_tests_name(pg && *pg ? "store (postgresql)" : "store (sqlite)", tests, NULL, NULL);
}
