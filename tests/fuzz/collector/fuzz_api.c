/* SPDX-License-Identifier: ISC */
/* fuzz_api.c - libFuzzer harness for the HTTP API's handlers: any request
 * (method, path with query, token, body) is answered, never crashes, and
 * every JSON error is JSON naming an error. The store is SQLite in memory
 * with one token per role, shared by all inputs (reports a run stores stay).
 *
 * Input: byte 0 picks a route (method and the start of the path, so the
 * fuzzer reaches every handler without seeds), byte 1 who asks (admin,
 * viewer or agent of site S, the viewer's cookie, no token, or the next
 * line as the Authorization header), then the rest of the path and query up
 * to a newline, then the body. The body is copied into an allocation of
 * exactly its size plus the NUL http.c guarantees. */
#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "store.h"
#include "token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ew_api *api;
static char tok_admin[EW_TOKEN_HEXLEN + 1], tok_viewer[EW_TOKEN_HEXLEN + 1], tok_agent[EW_TOKEN_HEXLEN + 1];
static char auth[EW_TOKEN_HEXLEN + 16];

static void add_token(struct ew_store *s, char *tok, const char *role, const char *site)
{
	char hash[EW_TOKEN_HASH_HEXLEN + 1];
	if (ew_token_new(tok, hash) < 0 || ew_store_token_add(s, hash, role, site) < 0)
		abort();
}

static void setup(void)
{
	struct ew_store *s;
	char err[EW_STORE_ERR_MAX];
	if (ew_store_open("sqlite::memory:", &s, err, sizeof err) < 0) {
		fprintf(stderr, "fuzz_api: %s\n", err);
		abort();
	}
	add_token(s, tok_admin, "admin", NULL);
	add_token(s, tok_viewer, "viewer", "S");
	add_token(s, tok_agent, "agent", "S");
	api = ew_api_new(s, false);
	if (!api)
		abort();
}

struct q {
	const char *query;
	char vals[4][256];
	size_t n;
};

/* The raw value of name in the query (no decoding: the handlers must cope). */
static const char *arg(void *ctx, const char *name)
{
	struct q *q = ctx;
	size_t nl = strlen(name);
	for (const char *p = q->query; p && *p;) {
		const char *amp = strchr(p, '&');
		size_t len = amp ? (size_t)(amp - p) : strlen(p);
		if (len > nl && strncmp(p, name, nl) == 0 && p[nl] == '=' && q->n < 4) {
			snprintf(q->vals[q->n], sizeof q->vals[q->n], "%.*s", (int)(len - nl - 1), p + nl + 1);
			return q->vals[q->n++];
		}
		p = amp ? amp + 1 : NULL;
	}
	return NULL;
}

static char *line(const uint8_t **p, const uint8_t *end)
{
	const uint8_t *nl = memchr(*p, '\n', (size_t)(end - *p));
	size_t n = nl ? (size_t)(nl - *p) : (size_t)(end - *p);
	char *s = malloc(n + 1);
	if (!s)
		abort();
	memcpy(s, *p, n);
	s[n] = '\0';
	*p = nl ? nl + 1 : end;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!api)
		setup();
	static const struct {
		const char *method, *path;
	} routes[] = {
		{"POST", "/api/v1/reports"},
		{"GET", "/api/v1/sites"},
		{"GET", "/api/v1/sites/"},
		{"GET", "/api/v1/sites/S/reconciliation?format="},
		{"GET", "/api/v1/sites/S/reconciliation?since="},
		{"POST", "/api/v1/sites/S/ledger?skip_bad_rows="},
		{"POST", "/api/v1/sites/"},
		{"GET", "/sites/"},
		{"POST", "/login"},
		{"GET", "/login?next="},
		{"GET", "/"},
		{"GET", "/metrics"},
		{"GET", "/healthz"},
		{"DELETE", "/"},
		{"PUT", "/api/v1/reports/"},  /* {report_id}/evidence/{mac}[?vlan=N] */
		{"GET", "/api/v1/reports/"},
	};
	if (size < 2)
		return 0;
	const uint8_t *p = data + 2, *end = data + size;
	size_t ri = data[0] % (sizeof routes / sizeof routes[0]);
	unsigned wi = data[1] % 6u;
	char *who = wi == 5 ? line(&p, end) : NULL;
	char *rest = line(&p, end);
	size_t pl = strlen(routes[ri].path) + strlen(rest) + 1;
	char *path = malloc(pl);
	if (!path)
		abort();
	snprintf(path, pl, "%s%s", routes[ri].path, rest);
	free(rest);
	const char *method = routes[ri].method;
	size_t blen = (size_t)(end - p);
	char *body = malloc(blen + 1);
	if (!body)
		abort();
	memcpy(body, p, blen);
	body[blen] = '\0';
	struct q q = {NULL, {{0}}, 0};
	char *qm = strchr(path, '?');
	if (qm) {
		*qm = '\0';
		q.query = qm + 1;
	}
	struct ew_api_request in = {method, path, arg, &q, NULL, NULL, NULL, body, blen, NULL, NULL, NULL};
	if (wi <= 2) {
		snprintf(auth, sizeof auth, "Bearer %s", wi == 0 ? tok_admin : wi == 1 ? tok_viewer : tok_agent);
		in.authorization = auth;
	} else if (wi == 3) {
		in.cookie_token = tok_viewer;
	} else if (wi == 5) {
		in.authorization = who;
	}
	struct ew_api_response r;
	ew_api_response_init(&r);
	if (blen > ew_api_body_max(method, path))
		ew_api_too_large(api, path, ew_api_body_max(method, path), &r);
	else
		ew_api_handle(api, &in, &r);
	if (r.status < 200 || r.status > 599)
		abort();
	const char *ct = NULL;
	for (size_t i = 0; i < r.header_count; i++)
		if (strcmp(r.headers[i].name, "Content-Type") == 0)
			ct = r.headers[i].value;
	if (r.status >= 400 && ct && strcmp(ct, "application/json") == 0) {
		struct json_object *o = json_tokener_parse(r.body.data ? r.body.data : "");
		if (!o || !json_object_object_get_ex(o, "error", NULL))
			abort(); /* an API error is JSON with an error */
		json_object_put(o);
	}
	ew_api_response_free(&r);
	free(path);
	free(who);
	free(body);
	return 0;
}
