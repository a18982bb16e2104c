/* SPDX-License-Identifier: ISC */
/* test_report_read.c - a report is read whole or refused with its JSON path;
 * each mutation of a valid report breaks one schema rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <json-c/json.h>

#include "egresswatch/report_read.h"

#define LIMITS                                                                                                \
	"\"limits\":{\"max_devices\":1,\"devices\":1,\"evicted_devices\":0,\"evicted_with_evidence\":0,"       \
	"\"table_full_drops\":0,\"evidence_records_max\":1,\"evidence_records\":1,\"evidence_reclaimed\":0,"   \
	"\"evidence_dropped\":0,\"addresses_per_device\":1,\"addresses_dropped\":0,\"inside_hosts_exact\":1," \
	"\"remote_addrs_exact\":1,\"evidence_frames_per_device\":1,\"subnets_dropped\":0}"

/* One valid report; %s marks are replaced by mutations. */
static const char GOOD[] =
	"{\"schema\":\"egresswatch.report/1\",\"report_id\":\"d552a6f2-74ad-8aa3-ae31-e966d62d2ff9\","
	"\"agent\":{\"id\":\"a\",\"site\":\"S\",\"segment\":\"EMR\",\"interface\":\"eth1\",\"version\":\"0.1\"},"
	"\"window\":{\"start\":\"2026-11-25T19:39:57.736310Z\",\"end\":\"2026-11-26T04:40:17+09:00\"},"
	"\"capture\":{\"source\":\"file\",\"packets\":1,\"bytes\":2,\"dropped\":0,\"evicted\":0},"
	"\"subnets\":[{\"prefix\":\"10.20.0.0/24\",\"from\":\"config\"},{\"prefix\":\"2408:210::/64\",\"from\":\"ra\"}],"
	"\"candidates\":[{\"mac\":\"00:1b:8b:aa:00:01\",\"vlan\":null,\"declared\":false,\"vendor\":\"NEC\","
	"\"ipv4\":[\"192.168.1.1\"],\"ipv6\":[\"fe80::1\"],\"class\":\"hgw\",\"confidence\":0.98,"
	"\"roles\":[\"router\",\"dhcp_server\"],\"reason\":\"routes\",\"first_seen\":\"2026-11-25T19:39:59Z\","
	"\"last_seen\":\"2026-11-25T19:40:17Z\",\"inside_hosts\":1,\"remote_addrs\":1,\"mac_local\":false,"
	"\"evidence\":[{\"kind\":\"dhcp_offer\",\"count\":2,\"first_seen\":\"2026-11-25T19:40:01Z\","
	"\"last_seen\":\"2026-11-25T19:40:01Z\",\"detail\":{\"offers\":1,\"acks\":1,\"naks\":0,"
	"\"routers\":[\"192.168.1.1\"],\"dns\":[\"192.168.1.1\"],\"offered\":[\"192.168.1.100\"]}},"
	"{\"kind\":\"forwarding\",\"count\":3,\"first_seen\":\"2026-11-25T19:40:01Z\",\"last_seen\":\"2026-11-25T19:40:02Z\","
	"\"detail\":{\"frames_out\":1,\"frames_in\":1,\"frames_in_routed\":1,\"bytes\":9,\"inside_hosts\":1,"
	"\"remote_addrs\":1,\"inside_sample\":[],\"remote_sample\":[],\"ttls_in\":[]}}]}],"
	"\"hosts_seen\":3," LIMITS "}";

static void reads_a_good_report(void **state)
{
	(void)state;
	struct ew_report r;
	char err[EW_REPORT_ERR_MAX];
	int rc = ew_report_read(GOOD, strlen(GOOD), &r, err, sizeof err);
	if (rc)
		fprintf(stderr, "%s\n", err);
	assert_int_equal(rc, 0);
	assert_string_equal(r.report_id, "d552a6f2-74ad-8aa3-ae31-e966d62d2ff9");
	assert_string_equal(r.site, "S");
	assert_int_equal(r.window_start, 1795635597736310LL);
	assert_int_equal(r.window_end, 1795635617000000LL);
	assert_int_equal(r.subnet_count, 2);
	assert_int_equal(r.candidate_count, 1);
	const struct ew_report_candidate *c = &r.candidates[0];
	assert_int_equal(c->vlan, -1);
	assert_int_equal(c->mac.b[1], 0x1b);
	assert_string_equal(c->cls, "hgw");
	assert_int_equal(c->role_count, 2);
	assert_true(c->routes);
	assert_false(c->has_class_confidence);
	assert_false(c->has_infrastructure);
	assert_int_equal(c->ipv4_count, 1);
	assert_int_equal(c->ipv6_count, 1);
	assert_non_null(strstr(c->evidence_summary, "dhcp_offer\xc3\x97" "2 offers=1"));
	assert_non_null(strstr(c->evidence_summary, "; forwarding\xc3\x97" "3"));
	assert_int_equal(c->evidence_json[0], '[');
	ew_report_read_free(&r);
}

struct mutation {
	const char *from, *to; /* first occurrence of from in GOOD replaced by to */
	const char *error;     /* expected start of the error */
};

static const struct mutation mutations[] = {
	{"egresswatch.report/1", "egresswatch.report/2", "schema: not egresswatch.report/1"},
	{"d552a6f2-74ad", "D552A6F2-74ad", "report_id: not a UUID"},
	{"\"id\":\"a\",", "", "agent.id: required field missing"},
	{"\"site\":\"S\"", "\"site\":5", "agent.site: not a string"},
	{"2026-11-25T19:39:57.736310Z", "2026-02-30T19:39:57Z", "window.start: not an RFC 3339"},
	{"2026-11-25T19:39:57.736310Z", "2026-11-25 19:39:57Z", "window.start: not an RFC 3339"},
	{"\"source\":\"file\"", "\"source\":\"pcap\"", "capture.source: not live or file"},
	{"\"packets\":1", "\"packets\":-1", "capture.packets: less than 0"},
	{"\"packets\":1", "\"packets\":1.5", "capture.packets: not an integer"},
	{"10.20.0.0/24", "10.20.0.0/33", "subnets[0].prefix: not an address prefix"},
	{"\"from\":\"config\"", "\"from\":\"guess\"", "subnets[0].from:"},
	{"00:1b:8b:aa:00:01", "00-1b-8b-aa-00-01", "candidates[0].mac: not a MAC address"},
	{"\"vlan\":null", "\"vlan\":4096", "candidates[0].vlan: not a VLAN id"},
	{"\"vlan\":null", "\"vlan\":0", "candidates[0].vlan: not a VLAN id"},
	{"\"vlan\":null", "\"vlan\":\"1\"", "candidates[0].vlan: not an integer or null"},
	{"\"vendor\":\"NEC\"", "\"vendor\":\"\"", "candidates[0].vendor: empty"},
	{"\"192.168.1.1\"],\"ipv6\"", "\"192.168.1.256\"],\"ipv6\"", "candidates[0].ipv4[0]: not an IPv4 address"},
	{"fe80::1", "FE80::1", "candidates[0].ipv6[0]: not an IPv6 address"},
	{"\"class\":\"hgw\"", "\"class\":\"toaster\"", "candidates[0].class: unknown class"},
	{"\"confidence\":0.98", "\"confidence\":1.5", "candidates[0].confidence: not between 0 and 1"},
	{"\"dhcp_server\"", "\"DHCP\"", "candidates[0].roles[1]: not a role name"},
	{"\"mac_local\":false", "\"mac_local\":false,\"colour\":1", "candidates[0].colour: unknown field"},
	{"\"kind\":\"dhcp_offer\"", "\"kind\":\"telepathy\"", "candidates[0].evidence[0].kind: unknown evidence kind"},
	{"\"offers\":1,", "", "candidates[0].evidence[0].detail.offers: required field missing"},
	{"\"count\":2", "\"count\":0", "candidates[0].evidence[0].count: less than 1"},
	{"\"routers\":[\"192.168.1.1\"]", "\"routers\":[\"router\"]", "candidates[0].evidence[0].detail.routers[0]: not an IP"},
	{"\"hosts_seen\":3,", "", "hosts_seen: required field missing"},
	{"\"subnets_dropped\":0", "\"subnets_dropped\":0,\"extra\":-2", "limits.extra: less than 0"},
	{"\"mac_local\":false", "\"mac_local\":false,\"class_confidence\":2", "candidates[0].class_confidence: not between"},
	{"\"mac_local\":false", "\"mac_local\":false,\"infrastructure\":1", "candidates[0].infrastructure: not a boolean"},
	{"\"reason\":\"routes\"", "\"reason\":\"a\\u0000b\"", "candidates[0].reason: contains a NUL"},
	{"\"confidence\":0.98", "\"confidence\":NaN", "candidates[0].confidence: not between 0 and 1"},
	{"\"subnets_dropped\":0", "\"subnets_dropped\":0,\"spool_backlog\":-1", "limits.spool_backlog: less than 0"},
	{"\"subnets_dropped\":0", "\"subnets_dropped\":0,\"spool_backlog\":2.5", "limits.spool_backlog: not an integer"},
	{"\"subnets_dropped\":0", "\"subnets_dropped\":0,\"spool_backlog\":1e3", "limits.spool_backlog: not an integer"},
	{"\"subnets_dropped\":0", "\"subnets_dropped\":0,\"spool_backlog\":\"3\"", "limits.spool_backlog: not an integer"},
	{"\"subnets_dropped\":0", "\"subnets_dropped\":0,\"spool_dropped\":null", "limits.spool_dropped: not an integer"},
	{"\"subnets_dropped\":0", "\"subnets_dropped\":0,\"spool_dropped\":-9223372036854775809",
	 "limits.spool_dropped: less than 0"},
	{"{\"schema\"", "[{\"schema\"", "(report): not JSON"},
	{"\"site\":\"S\"", "\"site\":\"\xff\"", "(report): not JSON"},
};

static void refuses_with_the_path(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof mutations / sizeof mutations[0]; i++) {
		const struct mutation *m = &mutations[i];
		const char *at = strstr(GOOD, m->from);
		assert_non_null(at);
		char buf[8192];
		int n = snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - GOOD), GOOD, m->to, at + strlen(m->from));
		assert_true(n > 0 && (size_t)n < sizeof buf);
		struct ew_report r;
		char err[EW_REPORT_ERR_MAX];
		int rc = ew_report_read(buf, (size_t)n, &r, err, sizeof err);
		if (rc == 0 || strncmp(err, m->error, strlen(m->error)) != 0)
			fprintf(stderr, "mutation %zu (%s): got rc %d, \"%s\"\n", i, m->to, rc, rc ? err : "");
		assert_int_equal(rc, -1);
		assert_memory_equal(err, m->error, strlen(m->error));
		assert_null(r.candidates); /* nothing half-read */
	}
}

static void refuses_hostile_shapes(void **state)
{
	(void)state;
	struct ew_report r;
	char err[EW_REPORT_ERR_MAX];
	/* deeper than the tokener's limit */
	char deep[200];
	memset(deep, '[', sizeof deep);
	assert_int_equal(ew_report_read(deep, sizeof deep, &r, err, sizeof err), -1);
	assert_non_null(strstr(err, "not JSON"));
	/* trailing text, a NUL byte, an empty file */
	char two[sizeof GOOD * 2 + 2];
	snprintf(two, sizeof two, "%s\n%s", GOOD, GOOD);
	assert_int_equal(ew_report_read(two, strlen(two), &r, err, sizeof err), -1);
	assert_non_null(strstr(err, "not JSON"));
	assert_int_equal(ew_report_read("{\0}", 3, &r, err, sizeof err), -1);
	assert_int_equal(ew_report_read("", 0, &r, err, sizeof err), -1);
	/* more candidates than the cap */
	size_t cap = (EW_REPORT_CANDIDATES_MAX + 1) * 3 + 1024;
	char *big = malloc(cap);
	assert_non_null(big);
	size_t o = (size_t)snprintf(big, cap, "{\"schema\":\"egresswatch.report/1\",\"report_id\":\"d552a6f2-74ad-8aa3-ae31-e966d62d2ff9\","
					      "\"agent\":{\"id\":\"a\",\"site\":\"S\",\"segment\":\"\",\"interface\":\"\",\"version\":\"\"},"
					      "\"window\":{\"start\":\"2026-11-25T19:39:57Z\",\"end\":\"2026-11-25T19:39:57Z\"},"
					      "\"capture\":{\"source\":\"file\",\"packets\":1,\"bytes\":2,\"dropped\":0,\"evicted\":0},"
					      "\"subnets\":[],\"candidates\":[");
	for (unsigned i = 0; i <= EW_REPORT_CANDIDATES_MAX; i++)
		o += (size_t)snprintf(big + o, cap - o, "%s{}", i ? "," : "");
	snprintf(big + o, cap - o, "],\"hosts_seen\":0," LIMITS "}");
	assert_int_equal(ew_report_read(big, strlen(big), &r, err, sizeof err), -1);
	assert_string_equal(err, "candidates: more than 10000 candidates");
	free(big);
}

static void times(void **state)
{
	(void)state;
	int64_t t;
	assert_true(ew_report_read_time("1970-01-01T00:00:00Z", &t) && t == 0);
	assert_true(ew_report_read_time("2024-02-29T00:00:00.1234567Z", &t) && t % 1000000 == 123456);
	assert_true(ew_report_read_time("1970-01-01T09:00:00+09:00", &t) && t == 0);
	assert_true(ew_report_read_time("2016-12-31T23:59:60Z", &t)); /* a leap second */
	assert_false(ew_report_read_time("2023-02-29T00:00:00Z", &t));
	assert_false(ew_report_read_time("2024-01-01T24:00:00Z", &t));
	assert_false(ew_report_read_time("2024-01-01T00:00:00", &t));
	assert_false(ew_report_read_time("2024-01-01T00:00:00.Z", &t));
	assert_false(ew_report_read_time("2024-01-01T00:00:00+9:00", &t));
}

/* GOOD with one substring replaced; the caller frees. */
static char *good_with(const char *from, const char *to)
{
	const char *at = strstr(GOOD, from);
	assert_non_null(at);
	size_t n = strlen(GOOD) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);
	assert_non_null(out);
	snprintf(out, n, "%.*s%s%s", (int)(at - GOOD), GOOD, to, at + strlen(from));
	return out;
}

static bool reads(const char *text)
{
	struct ew_report r;
	char err[EW_REPORT_ERR_MAX];
	if (ew_report_read(text, strlen(text), &r, err, sizeof err) != 0) {
		fprintf(stderr, "refused: %s\n", err);
		return false;
	}
	ew_report_read_free(&r);
	return true;
}

/* limits.spool_backlog and spool_dropped: optional (older agents, agents
 * without a collector), counts when present, saturated past INT64_MAX like
 * every other count. */
static void reads_the_spool_counts(void **state)
{
	(void)state;
	struct ew_report r;
	char err[EW_REPORT_ERR_MAX];
	assert_int_equal(ew_report_read(GOOD, strlen(GOOD), &r, err, sizeof err), 0);
	assert_false(r.has_spool_backlog);
	assert_false(r.has_spool_dropped);
	ew_report_read_free(&r);
	static const struct {
		const char *to;
		bool backlog, dropped;
		uint64_t b, d;
	} cases[] = {
		{"\"subnets_dropped\":0,\"spool_dropped\":2,\"spool_backlog\":17", true, true, 17, 2},
		{"\"spool_backlog\":0,\"spool_dropped\":0,\"subnets_dropped\":0", true, true, 0, 0},
		{"\"subnets_dropped\":0,\"spool_backlog\":5", true, false, 5, 0},
		{"\"subnets_dropped\":0,\"spool_dropped\":9223372036854775807", false, true, 0, INT64_MAX},
		{"\"subnets_dropped\":0,\"spool_backlog\":18446744073709551616,\"spool_dropped\":99999999999999999999999",
		 true, true, INT64_MAX, INT64_MAX},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *t = good_with("\"subnets_dropped\":0", cases[i].to);
		int rc = ew_report_read(t, strlen(t), &r, err, sizeof err);
		if (rc)
			fprintf(stderr, "case %zu: %s\n", i, err);
		assert_int_equal(rc, 0);
		assert_int_equal(r.has_spool_backlog, cases[i].backlog);
		assert_int_equal(r.has_spool_dropped, cases[i].dropped);
		assert_true(r.spool_backlog == cases[i].b);
		assert_true(r.spool_dropped == cases[i].d);
		ew_report_read_free(&r);
		free(t);
	}
}

/* "helpers" (agents with --probe or switches, schema optional): a report
 * with it is read like one without (old reports have none); its shape is
 * checked as the schema says. */
static void reads_the_helpers_member(void **state)
{
	(void)state;
	static const char *const good[] = {
		"\"helpers\":{\"prober\":{\"state\":\"running\"}},",
		"\"helpers\":{\"prober\":{\"state\":\"running\"},\"locator\":{\"state\":\"stopped\","
		"\"since\":\"2026-11-30T05:40:01.000000Z\",\"reason\":\"killed by signal 31 (SIGSYS)\"}},",
		"\"helpers\":{\"locator\":{\"state\":\"stopped\",\"since\":\"2026-11-30T05:40:01Z\",\"reason\":\"\"}},",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		char to[512];
		snprintf(to, sizeof to, "%s\"subnets\":", good[i]);
		char *t = good_with("\"subnets\":", to);
		assert_true(reads(t));
		struct ew_report r;
		char err[EW_REPORT_ERR_MAX];
		assert_int_equal(ew_report_read(t, strlen(t), &r, err, sizeof err), 0);
		assert_int_equal(r.candidate_count, 1); /* the rest read as without it */
		ew_report_read_free(&r);
		free(t);
	}
	static const struct mutation bad[] = {
		{"\"subnets\":", "\"helpers\":null,\"subnets\":", "helpers: not an object"},
		{"\"subnets\":", "\"helpers\":{},\"subnets\":", "helpers: empty"},
		{"\"subnets\":", "\"helpers\":{\"sender\":{\"state\":\"running\"}},\"subnets\":",
		 "helpers.sender: unknown field"},
		{"\"subnets\":", "\"helpers\":{\"prober\":{}},\"subnets\":", "helpers.prober.state: required field missing"},
		{"\"subnets\":", "\"helpers\":{\"prober\":{\"state\":\"dead\"}},\"subnets\":",
		 "helpers.prober.state: not running or stopped"},
		{"\"subnets\":", "\"helpers\":{\"prober\":{\"state\":\"stopped\",\"reason\":\"x\"}},\"subnets\":",
		 "helpers.prober.since: not a string"},
		{"\"subnets\":",
		 "\"helpers\":{\"prober\":{\"state\":\"stopped\",\"since\":\"2026-11-30T05:40:01Z\"}},\"subnets\":",
		 "helpers.prober.reason: not a string"},
		{"\"subnets\":", "\"helpers\":{\"prober\":{\"state\":\"running\",\"reason\":\"x\"}},\"subnets\":",
		 "helpers.prober.reason: unknown field"},
		{"\"subnets\":", "\"helpers\":{\"prober\":{\"state\":\"running\",\"pid\":7}},\"subnets\":",
		 "helpers.prober.pid: unknown field"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *t = good_with(bad[i].from, bad[i].to);
		struct ew_report r;
		char err[EW_REPORT_ERR_MAX];
		int rc = ew_report_read(t, strlen(t), &r, err, sizeof err);
		if (rc == 0 || strncmp(err, bad[i].error, strlen(bad[i].error)) != 0)
			fprintf(stderr, "helpers case %zu: got rc %d, \"%s\"\n", i, rc, rc ? err : "");
		assert_int_equal(rc, -1);
		assert_memory_equal(err, bad[i].error, strlen(bad[i].error));
		free(t);
	}
}

/* The reader's enums follow the schema file: every class and way-out kind
 * the schema allows is read, an unknown one refused; a subnet's vlan too. */
static void follows_the_schema_enums(void **state)
{
	(void)state;
	struct json_object *schema = json_object_from_file("include/egresswatch/report.schema.json");
	assert_non_null(schema);
	struct json_object *defs, *cand, *props, *cls, *way, *items, *e;
	assert_true(json_object_object_get_ex(schema, "$defs", &defs));
	assert_true(json_object_object_get_ex(defs, "candidate", &cand));
	assert_true(json_object_object_get_ex(cand, "properties", &props));
	assert_true(json_object_object_get_ex(props, "class", &cls));
	assert_true(json_object_object_get_ex(cls, "enum", &e));
	for (size_t i = 0; i < json_object_array_length(e); i++) {
		char to[96];
		snprintf(to, sizeof to, "\"class\":\"%s\"", json_object_get_string(json_object_array_get_idx(e, i)));
		char *t = good_with("\"class\":\"hgw\"", to);
		assert_true(reads(t));
		free(t);
	}
	assert_true(json_object_object_get_ex(props, "way_out", &way));
	assert_true(json_object_object_get_ex(way, "items", &items));
	assert_true(json_object_object_get_ex(items, "enum", &e));
	for (size_t i = 0; i < json_object_array_length(e); i++) {
		char to[128];
		snprintf(to, sizeof to, "\"confidence\":0.98,\"way_out\":[\"%s\"],",
			 json_object_get_string(json_object_array_get_idx(e, i)));
		char *t = good_with("\"confidence\":0.98,", to);
		assert_true(reads(t));
		free(t);
	}
	json_object_put(schema);
	char *t = good_with("\"class\":\"hgw\"", "\"class\":\"toaster\"");
	assert_false(reads(t));
	free(t);
	t = good_with("\"confidence\":0.98,", "\"confidence\":0.98,\"way_out\":[\"teleport\"],");
	assert_false(reads(t));
	free(t);
	t = good_with("\"confidence\":0.98,", "\"confidence\":0.98,\"way_out\":[\"ssdp_igd\",\"ssdp_igd\"],");
	assert_false(reads(t));
	free(t);
	t = good_with("\"from\":\"config\"}", "\"from\":\"config\",\"vlan\":30}");
	assert_true(reads(t));
	free(t);
	t = good_with("\"from\":\"config\"}", "\"from\":\"config\",\"vlan\":4096}");
	assert_false(reads(t));
	free(t);
}

/* The detail fields the schema's allOf requires of evidence kind `kind`. */
static struct json_object *required_detail(struct json_object *evidence, const char *kind)
{
	struct json_object *all, *detail = json_object_new_object();
	if (!json_object_object_get_ex(evidence, "allOf", &all))
		return detail;
	for (size_t i = 0; i < json_object_array_length(all); i++) {
		struct json_object *rule = json_object_array_get_idx(all, i), *o = rule, *req = NULL, *c;
		const char *path[] = {"if", "properties", "kind"};
		for (size_t k = 0; k < 3 && o; k++)
			if (!json_object_object_get_ex(o, path[k], &o))
				o = NULL;
		bool mine = false;
		if (o && json_object_object_get_ex(o, "const", &c))
			mine = strcmp(json_object_get_string(c), kind) == 0;
		else if (o && json_object_object_get_ex(o, "enum", &c))
			for (size_t k = 0; k < json_object_array_length(c); k++)
				mine |= strcmp(json_object_get_string(json_object_array_get_idx(c, k)), kind) == 0;
		if (!mine)
			continue;
		const char *then[] = {"then", "properties", "detail", "required"};
		o = rule;
		for (size_t k = 0; k < 4 && o; k++)
			if (!json_object_object_get_ex(o, then[k], &o))
				o = NULL;
		req = o;
		for (size_t k = 0; req && k < json_object_array_length(req); k++) {
			/* an address list satisfies every required field the reader types */
			struct json_object *v = json_object_new_array();
			json_object_array_add(v, json_object_new_string("10.0.0.1"));
			json_object_object_add(detail, json_object_get_string(json_object_array_get_idx(req, k)), v);
		}
	}
	return detail;
}

/* Every evidence kind the schema allows is read: a report the agent wrote
 * with redirect_gateway evidence was refused whole ("unknown evidence
 * kind"), so nothing of that capture reached the sheet. */
static void reads_every_schema_evidence_kind(void **state)
{
	(void)state;
	static const char first[] =
		"{\"kind\":\"dhcp_offer\",\"count\":2,\"first_seen\":\"2026-11-25T19:40:01Z\","
		"\"last_seen\":\"2026-11-25T19:40:01Z\",\"detail\":{\"offers\":1,\"acks\":1,\"naks\":0,"
		"\"routers\":[\"192.168.1.1\"],\"dns\":[\"192.168.1.1\"],\"offered\":[\"192.168.1.100\"]}}";
	struct json_object *schema = json_object_from_file("include/egresswatch/report.schema.json");
	assert_non_null(schema);
	struct json_object *defs, *ev, *props, *kind, *e;
	assert_true(json_object_object_get_ex(schema, "$defs", &defs));
	assert_true(json_object_object_get_ex(defs, "evidence", &ev));
	assert_true(json_object_object_get_ex(ev, "properties", &props));
	assert_true(json_object_object_get_ex(props, "kind", &kind));
	assert_true(json_object_object_get_ex(kind, "enum", &e));
	size_t refused = 0;
	for (size_t i = 0; i < json_object_array_length(e); i++) {
		const char *k = json_object_get_string(json_object_array_get_idx(e, i));
		struct json_object *detail = required_detail(ev, k);
		char to[1024];
		snprintf(to, sizeof to,
			 "{\"kind\":\"%s\",\"count\":1,\"first_seen\":\"2026-11-25T19:40:01Z\","
			 "\"last_seen\":\"2026-11-25T19:40:01Z\",\"detail\":%s}",
			 k, json_object_to_json_string_ext(detail, JSON_C_TO_STRING_PLAIN));
		json_object_put(detail);
		char *t = good_with(first, to);
		if (!reads(t)) {
			fprintf(stderr, "evidence kind %s refused\n", k);
			refused++;
		}
		free(t);
	}
	json_object_put(schema);
	assert_int_equal(refused, 0);
	char *t = good_with("\"kind\":\"dhcp_offer\"", "\"kind\":\"telepathy\"");
	assert_false(reads(t));
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_a_good_report),
		cmocka_unit_test(refuses_with_the_path),
		cmocka_unit_test(refuses_hostile_shapes),
		cmocka_unit_test(times),
		cmocka_unit_test(follows_the_schema_enums),
		cmocka_unit_test(reads_every_schema_evidence_kind),
		cmocka_unit_test(reads_the_spool_counts),
		cmocka_unit_test(reads_the_helpers_member),
	};
	return cmocka_run_group_tests_name("report_read", tests, NULL, NULL);
}
