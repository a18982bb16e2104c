/* SPDX-License-Identifier: ISC */
/* test_api.c - the HTTP API's handlers without a socket: requests in,
 * responses out, over an in-memory SQLite store with one token per role.
 * The same routes over a real server: tests/collector/run-api.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "api.h"
#include "auth.h"
#include "store.h"
#include "token.h"

struct fx {
	struct ew_store *store;
	struct ew_api *api;
	char admin[EW_TOKEN_HEXLEN + 1], viewer[EW_TOKEN_HEXLEN + 1], agent[EW_TOKEN_HEXLEN + 1];
	char viewer_b[EW_TOKEN_HEXLEN + 1];
	struct ew_api_response r;
	char auth[EW_TOKEN_HEXLEN + 16];
	const char *query; /* the query the arg callback reads, "k=v&k=v" */
	char argval[4][256]; /* one per argument asked, as http.c keeps them */
	size_t argn;
};

/* A valid report of site `site` with no candidates. */
static char *report(const char *id_tail, const char *agent_json, const char *site)
{
	static const char lim[] = "\"limits\":{\"max_devices\":0,\"devices\":0,\"evicted_devices\":0,"
				  "\"evicted_with_evidence\":0,\"table_full_drops\":0,\"evidence_records_max\":0,"
				  "\"evidence_records\":0,\"evidence_reclaimed\":0,\"evidence_dropped\":0,"
				  "\"addresses_per_device\":0,\"addresses_dropped\":0,\"inside_hosts_exact\":0,"
				  "\"remote_addrs_exact\":0,\"evidence_frames_per_device\":0,\"subnets_dropped\":0}";
	size_t cap = 2048;
	char *s = malloc(cap);
	assert_non_null(s);
	int n = snprintf(s, cap,
			 "{\"schema\":\"egresswatch.report/1\",\"report_id\":\"00000000-0000-4000-8000-%s\","
			 "\"agent\":{\"id\":%s,\"site\":\"%s\",\"segment\":\"EMR\",\"interface\":\"eth1\",\"version\":\"0.1\"},"
			 "\"window\":{\"start\":\"2026-11-29T00:00:00Z\",\"end\":\"2026-11-29T01:00:00Z\"},"
			 "\"capture\":{\"source\":\"live\",\"packets\":1,\"bytes\":1,\"dropped\":0,\"evicted\":0},"
			 "\"subnets\":[],\"candidates\":[],\"hosts_seen\":0,%s}",
			 id_tail, agent_json, site, lim);
	assert_true(n > 0 && (size_t)n < cap);
	return s;
}

static void token(struct ew_store *s, char *tok, const char *role, const char *site)
{
	char hash[EW_TOKEN_HASH_HEXLEN + 1];
	assert_int_equal(ew_token_new(tok, hash), 0);
	assert_int_equal(ew_store_token_add(s, hash, role, site), 0);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	char err[EW_STORE_ERR_MAX];
	assert_non_null(f);
	assert_int_equal(ew_store_open("sqlite::memory:", &f->store, err, sizeof err), 0);
	token(f->store, f->admin, "admin", NULL);
	token(f->store, f->viewer, "viewer", "S");
	token(f->store, f->agent, "agent", "S");
	token(f->store, f->viewer_b, "viewer", "B");
	f->api = ew_api_new(f->store, false);
	assert_non_null(f->api);
	ew_api_response_init(&f->r);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	ew_api_response_free(&f->r);
	ew_api_free(f->api);
	ew_store_close(f->store);
	free(f);
	return 0;
}

static const char *arg(void *ctx, const char *name)
{
	struct fx *f = ctx;
	size_t nl = strlen(name);
	for (const char *p = f->query; p && *p;) {
		const char *amp = strchr(p, '&');
		size_t len = amp ? (size_t)(amp - p) : strlen(p);
		if (len > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
			char *v = f->argval[f->argn++ % 4];
			snprintf(v, sizeof f->argval[0], "%.*s", (int)(len - nl - 1), p + nl + 1);
			return v;
		}
		p = amp ? amp + 1 : NULL;
	}
	return NULL;
}

/* Sends one request; tok may be NULL; cookie puts it in the cookie instead. */
static unsigned call_full(struct fx *f, const char *method, const char *path, const char *tok, bool cookie,
			  const char *body)
{
	ew_api_response_free(&f->r);
	ew_api_response_init(&f->r);
	char p[512];
	snprintf(p, sizeof p, "%s", path);
	char *q = strchr(p, '?');
	f->query = NULL;
	if (q) {
		*q = '\0';
		f->query = path + (q - p) + 1;
	}
	struct ew_api_request in = {method, p, arg, f, NULL, NULL, NULL, body ? body : "", body ? strlen(body) : 0, NULL, NULL, NULL};
	if (tok && cookie) {
		in.cookie_token = tok;
	} else if (tok) {
		snprintf(f->auth, sizeof f->auth, "Bearer %s", tok);
		in.authorization = f->auth;
	}
	ew_api_handle(f->api, &in, &f->r);
	return f->r.status;
}

static unsigned call(struct fx *f, const char *method, const char *path, const char *tok, const char *body)
{
	return call_full(f, method, path, tok, false, body);
}

static const char *header(struct fx *f, const char *name)
{
	for (size_t i = 0; i < f->r.header_count; i++)
		if (strcmp(f->r.headers[i].name, name) == 0)
			return f->r.headers[i].value;
	return "";
}

/* A string field of the JSON body ("" when absent), copied into out. */
static const char *field(struct fx *f, const char *key, char *out, size_t outlen)
{
	struct json_object *o = json_tokener_parse(f->r.body.data ? f->r.body.data : ""), *v;
	out[0] = '\0';
	if (o && json_object_object_get_ex(o, key, &v))
		snprintf(out, outlen, "%s", json_object_get_string(v));
	json_object_put(o);
	return out;
}

static void roles_decide_who_may_do_what(void **state)
{
	struct fx *f = *state;
	char *rep = report("000000000001", "\"a1\"", "S");
	char *rep_b = report("000000000002", "\"a2\"", "B");
	assert_int_equal(call(f, "POST", "/api/v1/reports", NULL, rep), 401);
	assert_int_equal(call(f, "POST", "/api/v1/reports", "feedface", rep), 401);
	assert_int_equal(call(f, "POST", "/api/v1/reports", f->viewer, rep), 403);
	assert_int_equal(call(f, "POST", "/api/v1/reports", f->agent, rep_b), 403);
	assert_int_equal(call(f, "POST", "/api/v1/reports", f->agent, rep), 201);
	assert_int_equal(call(f, "POST", "/api/v1/reports", f->admin, rep_b), 201); /* admin: any site */
	assert_int_equal(call(f, "GET", "/api/v1/sites/S/reconciliation", f->agent, NULL), 403);
	assert_int_equal(call(f, "GET", "/api/v1/sites/S/reconciliation", f->viewer_b, NULL), 403);
	assert_int_equal(call(f, "GET", "/api/v1/sites/S/reconciliation", f->viewer, NULL), 200);
	assert_int_equal(call(f, "GET", "/api/v1/sites/B/reconciliation", f->admin, NULL), 200);
	assert_int_equal(call(f, "GET", "/api/v1/sites/NOPE/reconciliation", f->admin, NULL), 404);
	assert_int_equal(call(f, "POST", "/api/v1/sites/S/ledger", f->viewer, "x"), 403);
	assert_int_equal(call(f, "GET", "/metrics", f->viewer, NULL), 403);
	assert_int_equal(call(f, "GET", "/metrics", f->admin, NULL), 200);
	assert_int_equal(call(f, "GET", "/healthz", NULL, NULL), 200);
	assert_int_equal(call(f, "GET", "/sites/S", f->agent, NULL), 403);
	assert_int_equal(call(f, "GET", "/sites/S", f->viewer, NULL), 200);
	free(rep);
	free(rep_b);
}

static void a_report_is_stored_once(void **state)
{
	struct fx *f = *state;
	char *rep = report("000000000003", "\"a1\"", "S");
	char v[64];
	assert_int_equal(call(f, "POST", "/api/v1/reports", f->agent, rep), 201);
	assert_string_equal(field(f, "stored", v, sizeof v), "true");
	assert_int_equal(call(f, "POST", "/api/v1/reports", f->agent, rep), 200);
	assert_string_equal(field(f, "duplicate", v, sizeof v), "true");
	assert_string_equal(field(f, "stored", v, sizeof v), "false");
	assert_int_equal(ew_store_report_count(f->store, "S"), 1);
	free(rep);
}

static void refusals_name_the_json_path(void **state)
{
	struct fx *f = *state;
	char v[256];
	assert_int_equal(call(f, "POST", "/api/v1/reports", f->agent, "{\"schema\": "), 400);
	assert_string_equal(field(f, "path", v, sizeof v), "");
	assert_true(strlen(field(f, "error", v, sizeof v)) > 0);
	char *rep = report("000000000004", "\"a1\"", "S");
	size_t off = (size_t)(strstr(rep, "report/1") - rep);
	rep[off + 7] = '9';
	assert_int_equal(call(f, "POST", "/api/v1/reports", f->agent, rep), 422);
	assert_string_equal(field(f, "path", v, sizeof v), "schema");
	assert_string_equal(header(f, "Content-Type"), "application/json");
	free(rep);
	rep = report("000000000005", "7", "S");
	assert_int_equal(call(f, "POST", "/api/v1/reports", f->agent, rep), 422);
	assert_string_equal(field(f, "path", v, sizeof v), "agent.id");
	free(rep);
}

static void site_names_are_decoded_then_checked(void **state)
{
	struct fx *f = *state;
	assert_int_equal(call(f, "GET", "/api/v1/sites/a%2Fb/reconciliation", f->admin, NULL), 400);
	assert_int_equal(call(f, "GET", "/api/v1/sites/a%00b/reconciliation", f->admin, NULL), 400);
	assert_int_equal(call(f, "GET", "/api/v1/sites/%FF/reconciliation", f->admin, NULL), 400);
	assert_int_equal(call(f, "GET", "/api/v1/sites/../reconciliation", f->admin, NULL), 400);
	assert_int_equal(call(f, "GET", "/api/v1/sites/%0A/reconciliation", f->admin, NULL), 400);
	assert_int_equal(call(f, "GET", "/api/v1/sites/%zz/reconciliation", f->admin, NULL), 400);
	assert_int_equal(call(f, "GET", "/api/v1/sites/%4/reconciliation", f->admin, NULL), 400);
	char p[400];
	snprintf(p, sizeof p, "/api/v1/sites/%0127d/reconciliation", 0);
	assert_int_equal(call(f, "GET", p, f->admin, NULL), 404); /* 127 bytes: a name, unknown */
	snprintf(p, sizeof p, "/api/v1/sites/%0128d/reconciliation", 0);
	assert_int_equal(call(f, "GET", p, f->admin, NULL), 400);
	assert_int_equal(call(f, "GET", "/api/v1/sites/%53/reconciliation", f->viewer, NULL), 200); /* %53 is S */
	assert_int_equal(call(f, "GET", "/1/2/3/4/5/6/", f->admin, NULL), 404);
	assert_int_equal(call(f, "GET", "/1/2/3/4/5/6/7", f->admin, NULL), 404);
	assert_int_equal(call(f, "GET", "relative", f->admin, NULL), 400);
	/* a viewer of S reaches no other site by spelling: case, blanks, escapes, slashes */
	assert_int_equal(call(f, "GET", "/api/v1/sites/s/reconciliation", f->viewer, NULL), 403);
	assert_int_equal(call(f, "GET", "/api/v1/sites/S%20/reconciliation", f->viewer, NULL), 403);
	assert_int_equal(call(f, "GET", "/api/v1/sites/B/reconciliation", f->viewer, NULL), 403);
	assert_int_equal(call(f, "GET", "/api/v1/sites/%42/reconciliation", f->viewer, NULL), 403); /* %42 is B */
	assert_int_equal(call(f, "GET", "/api/v1/sites/S%2F..%2FB/reconciliation", f->viewer, NULL), 400);
	assert_int_equal(call(f, "GET", "/api/v1/sites/S/../B/reconciliation", f->viewer, NULL), 404);
	assert_int_equal(call(f, "GET", "/api/v1/sites/S/reconciliation/", f->viewer, NULL), 404);
	assert_int_equal(call(f, "GET", "/sites/B", f->viewer, NULL), 403);
	assert_int_equal(call(f, "GET", "/sites/%42", f->viewer, NULL), 403);
	assert_int_equal(call_full(f, "GET", "/sites/B", f->viewer, true, NULL), 403);
}

static void the_cookie_works_on_get_only(void **state)
{
	struct fx *f = *state;
	char *rep = report("000000000006", "\"a1\"", "S");
	assert_int_equal(call_full(f, "POST", "/api/v1/reports", f->agent, true, rep), 401);
	assert_int_equal(call_full(f, "GET", "/api/v1/sites", f->viewer, true, NULL), 200);
	assert_int_equal(call_full(f, "GET", "/sites/S", f->viewer, true, NULL), 200);
	assert_int_equal(call_full(f, "GET", "/metrics", f->admin, true, NULL), 401); /* scrapers send a header */
	free(rep);
}

static void login_sets_a_strict_httponly_cookie(void **state)
{
	struct fx *f = *state;
	char body[256];
	snprintf(body, sizeof body, "token=%s&next=%%2Fsites%%2FS", f->viewer);
	assert_int_equal(call(f, "POST", "/login", NULL, body), 200);
	const char *c = header(f, "Set-Cookie");
	assert_non_null(strstr(c, "HttpOnly"));
	assert_non_null(strstr(c, "SameSite=Strict"));
	assert_null(strstr(c, "Secure")); /* not TLS here */
	assert_non_null(strstr(f->r.body.data, "url=/sites/S\""));
	snprintf(body, sizeof body, "token=%s&next=https%%3A%%2F%%2Fevil.example%%2F", f->viewer);
	assert_int_equal(call(f, "POST", "/login", NULL, body), 200);
	assert_null(strstr(f->r.body.data, "evil"));
	snprintf(body, sizeof body, "token=%s", f->agent);
	assert_int_equal(call(f, "POST", "/login", NULL, body), 401);
	assert_string_equal(header(f, "Set-Cookie"), "");
	assert_int_equal(call(f, "POST", "/login", NULL, "token=00"), 401);
	assert_int_equal(call(f, "GET", "/sites/S?token=x", NULL, NULL), 401);
	assert_non_null(strstr(f->r.body.data, "action=\"/login\""));
}

/* A cross-site form cannot sign a browser in (login CSRF) or out. */
static unsigned call_from(struct fx *f, const char *path, const char *body, const char *origin, const char *sfs)
{
	ew_api_response_free(&f->r);
	ew_api_response_init(&f->r);
	f->query = NULL;
	struct ew_api_request in = {"POST", path, arg, f, NULL, NULL, NULL, body, strlen(body), NULL, NULL, NULL};
	in.origin = origin;
	in.sec_fetch_site = sfs;
	in.host = "collector.example:8443";
	ew_api_handle(f->api, &in, &f->r);
	return f->r.status;
}

static void login_refuses_cross_site_forms(void **state)
{
	struct fx *f = *state;
	char body[256];
	snprintf(body, sizeof body, "token=%s", f->viewer);
	assert_int_equal(call_from(f, "/login", body, "https://evil.example", "cross-site"), 403);
	assert_string_equal(header(f, "Set-Cookie"), "");
	assert_int_equal(call_from(f, "/login", body, "https://evil.example", NULL), 403);
	assert_int_equal(call_from(f, "/login", body, "null", NULL), 403);
	assert_int_equal(call_from(f, "/login", body, NULL, "same-site"), 403);
	assert_int_equal(call_from(f, "/logout", "", "https://evil.example", "cross-site"), 403);
	assert_int_equal(call_from(f, "/login", body, "https://collector.example:8443", "same-origin"), 200);
	assert_non_null(strstr(header(f, "Set-Cookie"), "HttpOnly"));
	assert_int_equal(call_from(f, "/logout", "", "https://collector.example:8443", "same-origin"), 303);
	/* our pages send Referrer-Policy: no-referrer: a browser's own form then says Origin: null */
	assert_int_equal(call_from(f, "/login", body, "null", "same-origin"), 200);
	assert_int_equal(call_from(f, "/login", body, "https://collector.example:8443", NULL), 200);
	assert_int_equal(call_from(f, "/login", body, NULL, NULL), 200); /* curl: no browser to drive */
}

static void pages_forbid_scripts(void **state)
{
	struct fx *f = *state;
	assert_int_equal(call(f, "GET", "/sites/S", f->viewer, NULL), 200);
	assert_non_null(strstr(header(f, "Content-Security-Policy"), "default-src 'none'"));
	assert_non_null(strstr(header(f, "Content-Security-Policy"), "script-src 'none'"));
	assert_string_equal(header(f, "X-Content-Type-Options"), "nosniff");
	assert_string_equal(header(f, "Cache-Control"), "no-store");
	assert_int_equal(call(f, "GET", "/login", NULL, NULL), 200);
	assert_non_null(strstr(header(f, "Content-Security-Policy"), "form-action 'self'"));
}

static void exports_carry_their_types(void **state)
{
	struct fx *f = *state;
	assert_int_equal(call(f, "GET", "/api/v1/sites/S/reconciliation?format=csv", f->viewer, NULL), 200);
	assert_string_equal(header(f, "Content-Type"), "text/csv; charset=utf-8");
	assert_non_null(strstr(header(f, "Content-Disposition"), "attachment; filename=\"egresswatch-S.csv\""));
	assert_int_equal(call(f, "GET", "/api/v1/sites/S/reconciliation?format=csv&encoding=cp932", f->viewer, NULL),
			 200);
	assert_string_equal(header(f, "Content-Type"), "text/csv; charset=Shift_JIS");
	assert_int_equal(call(f, "GET", "/api/v1/sites/S/reconciliation?format=xlsx", f->viewer, NULL), 200);
	assert_memory_equal(f->r.body.data, "PK", 2);
	assert_int_equal(call(f, "GET", "/api/v1/sites/S/reconciliation?format=json&encoding=cp932", f->viewer, NULL),
			 400);
	assert_int_equal(call(f, "GET", "/api/v1/sites/S/reconciliation?since=2026-13-01T00:00:00Z", f->viewer, NULL),
			 400);
	assert_int_equal(call(f, "DELETE", "/api/v1/sites/S/reconciliation", f->viewer, NULL), 405);
	assert_string_equal(header(f, "Allow"), "GET, HEAD");
}

static void a_long_utf8_site_name_keeps_its_file_name(void **state)
{
	struct fx *f = *state;
	char site[128] = "", path[1024];
	for (int i = 0; i < 42; i++)
		strcat(site, "\xe7\x97\x85"); /* 病: 126 bytes */
	char *rep = report("000000000008", "\"a1\"", site);
	assert_int_equal(call(f, "POST", "/api/v1/reports", f->admin, rep), 201);
	int n = snprintf(path, sizeof path, "/api/v1/sites/");
	for (int i = 0; i < 42; i++)
		n += snprintf(path + n, sizeof path - (size_t)n, "%%E7%%97%%85");
	snprintf(path + n, sizeof path - (size_t)n, "/reconciliation?format=csv");
	assert_int_equal(call(f, "GET", path, f->admin, NULL), 200);
	const char *d = header(f, "Content-Disposition");
	assert_non_null(strstr(d, "filename=\"egresswatch-"));
	assert_string_equal(d + strlen(d) - 13, "%E7%97%85.csv");
	free(rep);
}

static void metrics_escape_labels(void **state)
{
	struct fx *f = *state;
	char *rep = report("000000000007", "\"ag\\\"x\\\\y\\nz\"", "S"); /* agent id: ag"x\y<LF>z */
	assert_int_equal(call(f, "POST", "/api/v1/reports", f->agent, rep), 201);
	assert_int_equal(call(f, "POST", "/api/v1/reports", f->agent, "nope"), 400);
	assert_int_equal(call(f, "GET", "/metrics", f->admin, NULL), 200);
	const char *b = f->r.body.data;
	assert_non_null(strstr(b, "egresswatch_agent_last_report_timestamp_seconds{site=\"S\",agent=\"ag\\\"x\\\\y\\nz\"}"));
	assert_non_null(strstr(b, "egresswatch_reports_received_total{result=\"stored\"} 1\n"));
	assert_non_null(strstr(b, "egresswatch_reports_rejected_total{reason=\"not_json\"} 1\n"));
	assert_non_null(strstr(b, "egresswatch_site_unlisted_devices{site=\"S\"} 0\n"));
	free(rep);
}

static void bodies_need_the_right_token_first(void **state)
{
	struct fx *f = *state;
	char h[EW_TOKEN_HEXLEN + 16];
	struct ew_api_response r;
	ew_api_response_init(&r);
	assert_false(ew_api_admit(f->api, "POST", "/api/v1/reports", NULL, &r));
	assert_int_equal(r.status, 401);
	snprintf(h, sizeof h, "Bearer %s", f->viewer);
	assert_false(ew_api_admit(f->api, "POST", "/api/v1/reports", h, &r));
	assert_int_equal(r.status, 403);
	assert_false(ew_api_admit(f->api, "POST", "/api/v1/sites/S/ledger", h, &r));
	assert_int_equal(r.status, 403);
	snprintf(h, sizeof h, "Bearer %s", f->agent);
	assert_true(ew_api_admit(f->api, "POST", "/api/v1/reports", h, &r));
	assert_false(ew_api_admit(f->api, "POST", "/api/v1/sites/S/ledger", h, &r));
	snprintf(h, sizeof h, "Bearer %s", f->admin);
	assert_true(ew_api_admit(f->api, "POST", "/api/v1/sites/S/ledger", h, &r));
	assert_true(ew_api_admit(f->api, "POST", "/login", NULL, &r));
	assert_true(ew_api_admit(f->api, "GET", "/api/v1/sites", NULL, &r)); /* no body: decided later */
	ew_api_response_free(&r);
}

static void bearer_headers_and_role_rules(void **state)
{
	(void)state;
	const char *t;
	size_t n;
	assert_true(ew_auth_bearer("Bearer abc", &t, &n));
	assert_int_equal(n, 3);
	assert_true(ew_auth_bearer("  bearer \t abc \r\n", &t, &n));
	assert_memory_equal(t, "abc", 3);
	assert_int_equal(n, 3);
	assert_false(ew_auth_bearer("Basic abc", &t, &n));
	assert_false(ew_auth_bearer("Bearerabc", &t, &n));
	assert_false(ew_auth_bearer("Bearer   ", &t, &n));
	assert_false(ew_auth_bearer("", &t, &n));
	struct ew_principal admin = {EW_ROLE_ADMIN, ""}, viewer = {EW_ROLE_VIEWER, "S"}, agent = {EW_ROLE_AGENT, "S"},
			    none = {EW_ROLE_NONE, "S"};
	assert_true(ew_auth_may_read(&admin, "X"));
	assert_true(ew_auth_may_read(&viewer, "S"));
	assert_false(ew_auth_may_read(&viewer, "X"));
	assert_false(ew_auth_may_read(&agent, "S"));
	assert_false(ew_auth_may_read(&none, "S"));
	assert_true(ew_auth_may_send(&agent, "S"));
	assert_false(ew_auth_may_send(&agent, "X"));
	assert_false(ew_auth_may_send(&viewer, "S"));
	assert_true(ew_auth_may_send(&admin, "X"));
	assert_true(ew_auth_may_list(&agent, "S"));
	assert_false(ew_auth_may_list(&agent, "X"));
	assert_false(ew_auth_may_list(&none, "S"));
	assert_string_equal(ew_auth_role_name(EW_ROLE_VIEWER), "viewer");
}

static void body_caps_by_route(void **state)
{
	(void)state;
	assert_int_equal(ew_api_body_max("POST", "/api/v1/reports"), EW_API_REPORT_BODY_MAX);
	assert_int_equal(ew_api_body_max("POST", "/api/v1/sites/S/ledger"), 32u * 1024 * 1024);
	assert_int_equal(ew_api_body_max("POST", "/login"), EW_API_FORM_BODY_MAX);
	assert_int_equal(ew_api_body_max("GET", "/api/v1/reports"), 0);
	assert_int_equal(ew_api_body_max("POST", "/api/v1/sites//ledger/x"), 0);
	assert_int_equal(ew_api_body_max("POST", "/healthz"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(roles_decide_who_may_do_what, setup, teardown),
		cmocka_unit_test_setup_teardown(a_report_is_stored_once, setup, teardown),
		cmocka_unit_test_setup_teardown(refusals_name_the_json_path, setup, teardown),
		cmocka_unit_test_setup_teardown(site_names_are_decoded_then_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(the_cookie_works_on_get_only, setup, teardown),
		cmocka_unit_test_setup_teardown(login_sets_a_strict_httponly_cookie, setup, teardown),
		cmocka_unit_test_setup_teardown(login_refuses_cross_site_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(pages_forbid_scripts, setup, teardown),
		cmocka_unit_test_setup_teardown(exports_carry_their_types, setup, teardown),
		cmocka_unit_test_setup_teardown(a_long_utf8_site_name_keeps_its_file_name, setup, teardown),
		cmocka_unit_test_setup_teardown(metrics_escape_labels, setup, teardown),
		cmocka_unit_test_setup_teardown(bodies_need_the_right_token_first, setup, teardown),
		cmocka_unit_test(bearer_headers_and_role_rules),
		cmocka_unit_test(body_caps_by_route),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
