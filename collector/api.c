/* SPDX-License-Identifier: ISC */
/* api.c - the HTTP API's handlers (api.h, docs/API.md).
 *
 * Every request: route (path segments percent-decoded one by one, a site
 * name checked: UTF-8, no '/', no control character, under 128 bytes), then
 * authenticate (Authorization: Bearer TOKEN; the ew_token cookie only on GET,
 * so a cross-site form can never act with it), then authorise by role:
 * agent (POST reports of its site, list its site), viewer (read its site),
 * admin (everything). Errors are JSON {"error": "...", "path": "..."} on the
 * API and small HTML pages on the browser routes. */
#include "api.h"

#include <json-c/json.h>
#include <nettle/base64.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "egresswatch/jsonw.h"
#include "egresswatch/report_read.h"
#include "egresswatch/utf8.h"
#include "export_csv.h"
#include "export_html.h"
#include "export_json.h"
#include "export_xlsx.h"
#include "ledger.h"
#include "reconcile.h"
#include "token.h"

#define SEGMENTS_MAX 6u
#define SEGMENT_MAX 256u /* bytes of one decoded path segment */
#define LEDGER_ERRORS_SHOWN 200u

/* The CSP of every page this program serves: nothing loads, nothing runs;
 * forms may post only back here. */
#define PAGE_CSP                                                                                                     \
	"default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; script-src 'none'; form-action 'self'; "     \
	"frame-ancestors 'none'; base-uri 'none'"

_Static_assert(EW_API_REPORT_BODY_MAX <= EW_REPORT_TEXT_MAX, "a report the API takes must be one report_read reads");
_Static_assert(EW_API_AUTH_MAX >= EW_TOKEN_HEXLEN, "a token must fit the Authorization cap");
_Static_assert(EW_API_FORM_BODY_MAX != EW_API_REPORT_BODY_MAX && EW_API_FORM_BODY_MAX != EW_LEDGER_FILE_MAX &&
		       EW_API_REPORT_BODY_MAX != EW_LEDGER_FILE_MAX && EW_API_EVIDENCE_BODY_MAX != EW_LEDGER_FILE_MAX &&
		       EW_API_EVIDENCE_BODY_MAX != EW_API_REPORT_BODY_MAX && EW_API_EVIDENCE_BODY_MAX != EW_API_FORM_BODY_MAX,
	       "ew_api_admit tells the routes apart by their caps");

/* Why a report was refused: the labels of egresswatch_reports_rejected_total. */
enum reject {
	REJ_UNAUTHORIZED = 0,
	REJ_FORBIDDEN,
	REJ_WRONG_SITE,
	REJ_TOO_LARGE,
	REJ_NOT_JSON,
	REJ_SCHEMA,
	REJ_STORE,
	REJ_COUNT
};
static const char *const reject_name[REJ_COUNT] = {"unauthorized", "forbidden", "wrong_site", "too_large",
						    "not_json", "schema", "store_error"};

struct ew_api {
	struct ew_store *store;
	bool tls;
	pthread_mutex_t lock; /* the store and everything below */
	uint64_t stored, duplicates, rejected[REJ_COUNT];
};

struct route {
	char seg[SEGMENTS_MAX][SEGMENT_MAX];
	size_t n;
};

/* ---- responses ---- */

void ew_api_response_init(struct ew_api_response *r)
{
	memset(r, 0, sizeof *r);
	ew_buf_init(&r->body, EW_API_RESPONSE_MAX);
}

void ew_api_response_free(struct ew_api_response *r)
{
	ew_buf_free(&r->body);
	r->header_count = 0;
}

bool ew_api_header_set(struct ew_api_response *r, const char *name, const char *value)
{
	for (size_t i = 0; i < r->header_count; i++)
		if (strcasecmp(r->headers[i].name, name) == 0) {
			snprintf(r->headers[i].value, sizeof r->headers[i].value, "%s", value);
			return true;
		}
	if (r->header_count >= EW_API_HEADERS_MAX)
		return false;
	r->headers[r->header_count].name = name;
	snprintf(r->headers[r->header_count].value, sizeof r->headers[r->header_count].value, "%s", value);
	r->header_count++;
	return true;
}

/* Replaces the body; on overflow the response becomes a bare 500. */
static void body_set(struct ew_api_response *r, const char *s, size_t n)
{
	ew_buf_reset(&r->body);
	if (!ew_buf_add(&r->body, s, n)) {
		r->status = 500;
		ew_buf_reset(&r->body);
	}
}

static void respond_json_obj(struct ew_api_response *r, unsigned status, struct json_object *o)
{
	r->status = status;
	ew_api_header_set(r, "Content-Type", "application/json");
	const char *s = o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)
			  : NULL;
	if (!s) {
		r->status = 500;
		s = "{\"error\":\"out of memory\"}";
	}
	body_set(r, s, strlen(s));
	ew_buf_adds(&r->body, "\n");
	json_object_put(o);
}

/* A copy of s with invalid UTF-8 replaced by '?' (messages may quote input). */
static struct json_object *jstr(const char *s)
{
	size_t n = strlen(s);
	if (ew_utf8_valid((const unsigned char *)s, n))
		return json_object_new_string(s);
	char *c = strdup(s);
	if (!c)
		return NULL;
	for (size_t at = 0; (at = ew_utf8_invalid_at((unsigned char *)c, n)) < n;)
		c[at] = '?';
	struct json_object *o = json_object_new_string(c);
	free(c);
	return o;
}

static void respond_error(struct ew_api_response *r, unsigned status, const char *msg, const char *path)
{
	struct json_object *o = json_object_new_object();
	if (o) {
		json_object_object_add(o, "error", jstr(msg));
		if (path && *path)
			json_object_object_add(o, "path", jstr(path));
	}
	respond_json_obj(r, status, o);
}

static void security_headers(struct ew_api_response *r)
{
	ew_api_header_set(r, "X-Content-Type-Options", "nosniff");
	/* everything here is behind a token, or is the form that takes one */
	ew_api_header_set(r, "Cache-Control", "no-store");
	ew_api_header_set(r, "Referrer-Policy", "no-referrer");
}

static void html_headers(struct ew_api_response *r)
{
	ew_api_header_set(r, "Content-Type", "text/html; charset=utf-8");
	ew_api_header_set(r, "Content-Security-Policy", PAGE_CSP);
	ew_api_header_set(r, "X-Frame-Options", "DENY");
}

static void html_text(struct ew_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': ew_buf_adds(b, "&amp;"); break;
		case '<': ew_buf_adds(b, "&lt;"); break;
		case '>': ew_buf_adds(b, "&gt;"); break;
		case '"': ew_buf_adds(b, "&quot;"); break;
		case '\'': ew_buf_adds(b, "&#39;"); break;
		default: ew_buf_add(b, s, 1); break;
		}
	}
}

/* Percent-encodes everything but RFC 3986 unreserved characters. */
static void pct_encode(struct ew_buf *b, const char *s)
{
	static const char hexd[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		    *p == '.' || *p == '_' || *p == '~') {
			ew_buf_add(b, p, 1);
		} else {
			char e[3] = {'%', hexd[*p >> 4], hexd[*p & 15]};
			ew_buf_add(b, e, 3);
		}
	}
}

static void page_start(struct ew_buf *b, const char *title)
{
	ew_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html_text(b, title);
	ew_buf_adds(b, "</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:40em}"
		       "input[type=password]{width:100%;font-family:monospace}.err{color:#b00}</style>\n"
		       "</head>\n<body>\n");
}

/* The login form: the token goes in a POST body, comes back as an HttpOnly,
 * SameSite=Strict cookie. next is a path on this server (checked on POST). */
static void respond_login(struct ew_api_response *r, unsigned status, const char *msg, const char *next)
{
	r->status = status;
	security_headers(r);
	html_headers(r);
	struct ew_buf *b = &r->body;
	ew_buf_reset(b);
	page_start(b, "egresswatch - sign in");
	ew_buf_adds(b, "<h1>egresswatch</h1>\n");
	if (msg) {
		ew_buf_adds(b, "<p class=\"err\">");
		html_text(b, msg);
		ew_buf_adds(b, "</p>\n");
	}
	ew_buf_adds(b, "<form method=\"post\" action=\"/login\">\n<p><label>アクセストークン <span>(access token)</span><br>"
		       "<input type=\"password\" name=\"token\" autocomplete=\"off\" required></label></p>\n");
	if (next && *next) {
		ew_buf_adds(b, "<input type=\"hidden\" name=\"next\" value=\"");
		html_text(b, next);
		ew_buf_adds(b, "\">\n");
	}
	ew_buf_adds(b, "<p><button type=\"submit\">Sign in</button></p>\n</form>\n</body>\n</html>\n");
}

static void respond_html_error(struct ew_api_response *r, unsigned status, const char *msg)
{
	r->status = status;
	security_headers(r);
	html_headers(r);
	ew_buf_reset(&r->body);
	page_start(&r->body, "egresswatch - error");
	ew_buf_adds(&r->body, "<h1>egresswatch</h1>\n<p class=\"err\">");
	html_text(&r->body, msg);
	ew_buf_adds(&r->body, "</p>\n<p><a href=\"/login\">Sign in</a></p>\n</body>\n</html>\n");
}

/* ---- lifecycle ---- */

struct ew_api *ew_api_new(struct ew_store *store, bool tls)
{
	struct ew_api *api = calloc(1, sizeof *api);
	if (!api)
		return NULL;
	api->store = store;
	api->tls = tls;
	if (pthread_mutex_init(&api->lock, NULL) != 0) {
		free(api);
		return NULL;
	}
	return api;
}

void ew_api_free(struct ew_api *api)
{
	if (!api)
		return;
	pthread_mutex_destroy(&api->lock);
	free(api);
}

static void count_reject(struct ew_api *api, enum reject why)
{
	pthread_mutex_lock(&api->lock);
	api->rejected[why]++;
	pthread_mutex_unlock(&api->lock);
}

/* ---- routing ---- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes %XX in s[0..n) into out (NUL-terminated); plus_space for form
 * bodies. -1 on a bad escape, a NUL or too long a result. */
static int pct_decode(const char *s, size_t n, char *out, size_t outlen, bool plus_space)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			if (i + 2 >= n)
				return -1;
			int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (char)(hi * 16 + lo);
			i += 2;
		} else if (c == '+' && plus_space) {
			c = ' ';
		}
		if (c == '\0' || k + 1 >= outlen)
			return -1;
		out[k++] = c;
	}
	out[k] = '\0';
	return 0;
}

/* 0; -1 with msg set (a 400); -2 more segments than any route has (404). The path is split at '/' before any
 * decoding, so %2F inside a segment is data, then refused in a site name. */
static int route_parse(const char *path, struct route *rt, const char **msg)
{
	rt->n = 0;
	if (path[0] != '/') {
		*msg = "the path does not start with /";
		return -1;
	}
	const char *p = path + 1;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (rt->n >= SEGMENTS_MAX) {
			*msg = "no such path";
			return -2;
		}
		if (pct_decode(p, n, rt->seg[rt->n], SEGMENT_MAX, false) < 0) {
			*msg = "the path has a bad percent escape, a NUL or a segment longer than 255 bytes";
			return -1;
		}
		rt->n++;
		if (!e)
			break;
		p = e + 1;
		if (!*p) { /* a trailing slash is an empty last segment */
			if (rt->n >= SEGMENTS_MAX) {
				*msg = "no such path";
				return -2;
			}
			rt->seg[rt->n++][0] = '\0';
		}
	}
	return 0;
}

static bool seg_is(const struct route *rt, size_t i, const char *s)
{
	return i < rt->n && strcmp(rt->seg[i], s) == 0;
}

/* NULL when name is a usable site name, else why not. */
static const char *site_check(const char *name)
{
	size_t n = strlen(name);
	if (n == 0)
		return "site name: empty";
	if (n >= EW_STORE_SITE_MAX)
		return "site name: longer than 127 bytes";
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return "site name: . and .. are not site names";
	if (!ew_utf8_valid((const unsigned char *)name, n))
		return "site name: not UTF-8";
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '/')
			return "site name: contains '/' or a control character";
	return NULL;
}

static bool method_is(const struct ew_api_request *q, const char *m)
{
	return strcmp(q->method, m) == 0;
}

static bool method_read(const struct ew_api_request *q)
{
	return method_is(q, "GET") || method_is(q, "HEAD");
}

size_t ew_api_body_max(const char *method, const char *path)
{
	if (strcmp(method, "POST") != 0 && strcmp(method, "PUT") != 0)
		return 0;
	if (strcmp(path, "/api/v1/reports") == 0)
		return EW_API_REPORT_BODY_MAX;
	if (strcmp(path, "/login") == 0 || strcmp(path, "/logout") == 0)
		return EW_API_FORM_BODY_MAX;
	size_t n = strlen(path);
	static const char rep_pre[] = "/api/v1/reports/";
	if (strcmp(method, "PUT") == 0 && strncmp(path, rep_pre, sizeof rep_pre - 1) == 0 &&
	    strstr(path + sizeof rep_pre - 1, "/evidence/"))
		return EW_API_EVIDENCE_BODY_MAX;
	static const char pre[] = "/api/v1/sites/", suf[] = "/ledger";
	if (n > sizeof pre - 1 + sizeof suf - 1 && strncmp(path, pre, sizeof pre - 1) == 0 &&
	    strcmp(path + n - (sizeof suf - 1), suf) == 0)
		return EW_LEDGER_FILE_MAX;
	return 0;
}

/* ---- authentication ---- */

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t'))
		(*s)++, (*n)--;
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r' || (*s)[*n - 1] == '\n'))
		(*n)--;
}

/* Looks a presented token up, the store under the lock. 0 valid, 1 unknown,
 * -1 store error. */
static int token_check(struct ew_api *api, const char *tok, size_t n, struct ew_principal *p)
{
	trim(&tok, &n);
	memset(p, 0, sizeof *p);
	if (n == 0 || n > EW_API_AUTH_MAX)
		return 1;
	pthread_mutex_lock(&api->lock);
	int rc = ew_auth_lookup(api->store, tok, n, p);
	pthread_mutex_unlock(&api->lock);
	return rc;
}

/* 0 authenticated; else the status to answer (401, 500) with *msg. The
 * cookie counts only when the caller allows it (GET routes). */
static unsigned authenticate(struct ew_api *api, const struct ew_api_request *q, bool cookie_ok, struct ew_principal *p,
			     const char **msg)
{
	memset(p, 0, sizeof *p);
	const char *tok = NULL;
	size_t n = 0;
	if (q->authorization) {
		if (!ew_auth_bearer(q->authorization, &tok, &n)) {
			*msg = "Authorization: not a Bearer token";
			return 401;
		}
	} else if (cookie_ok && q->cookie_token) {
		tok = q->cookie_token;
		n = strlen(tok);
	} else {
		*msg = "no token: send Authorization: Bearer TOKEN";
		return 401;
	}
	int rc = token_check(api, tok, n, p);
	if (rc < 0) {
		*msg = "the store failed while checking the token";
		return 500;
	}
	if (rc > 0) {
		*msg = "unknown token";
		return 401;
	}
	return 0;
}

static void respond_auth(struct ew_api_response *r, unsigned status, const char *msg)
{
	respond_error(r, status, msg, NULL);
	if (status == 401)
		ew_api_header_set(r, "WWW-Authenticate", "Bearer realm=\"egresswatch\"");
}

/* ---- a site's reconciliation ---- */

struct rc_bundle {
	struct ew_ledger ledger;
	struct ew_device *devs;
	size_t ndev;
	struct ew_reconciliation rc;
	bool have_rc;
};

static void rc_bundle_free(struct rc_bundle *b)
{
	if (b->have_rc)
		ew_reconciliation_free(&b->rc);
	ew_devices_free(b->devs, b->ndev);
	ew_store_ledger_free(&b->ledger);
	memset(b, 0, sizeof *b);
}

/* Does the store know site? 1 yes, 0 no, -1 store error. Lock held. */
static int site_known_locked(struct ew_api *api, const char *site)
{
	struct ew_store_site *v;
	size_t n;
	if (ew_store_sites(api->store, &v, &n) < 0)
		return -1;
	int found = 0;
	for (size_t i = 0; i < n && !found; i++)
		found = strcmp(v[i].name, site) == 0;
	free(v);
	return found;
}

/* 0; 1 no such site; -1 with err (store or memory). Loads under the lock,
 * reconciles outside it. */
static int rc_build(struct ew_api *api, const char *site, int64_t since, struct rc_bundle *b, char *err, size_t errlen)
{
	memset(b, 0, sizeof *b);
	struct ew_store_window w = {0, 0, 0};
	pthread_mutex_lock(&api->lock);
	int rc = site_known_locked(api, site);
	if (rc == 1) {
		unsigned v = 0;
		int lr = ew_store_ledger_load(api->store, site, 0, &b->ledger, &v);
		rc = lr < 0 ? -1 : ew_store_devices(api->store, site, since, &b->devs, &b->ndev, &w) < 0 ? -1 : 1;
	}
	if (rc < 0)
		snprintf(err, errlen, "%s", ew_store_error(api->store));
	pthread_mutex_unlock(&api->lock);
	if (rc <= 0) {
		rc_bundle_free(b);
		return rc < 0 ? -1 : 1;
	}
	if (ew_reconcile(&b->ledger, b->devs, b->ndev, &b->rc) < 0) {
		snprintf(err, errlen, "out of memory");
		rc_bundle_free(b);
		return -1;
	}
	b->have_rc = true;
	snprintf(b->rc.site, sizeof b->rc.site, "%s", site);
	b->rc.reports = w.reports;
	b->rc.window_start = w.start;
	b->rc.window_end = w.end;
	return 0;
}

/* Content-Disposition for a download: an ASCII fallback name and the
 * UTF-8 one (RFC 6266, RFC 8187). */
static void disposition(struct ew_api_response *r, const char *site, const char *ext)
{
	char ascii[96];
	size_t k = 0;
	for (const char *p = site; *p && k < 48; p++)
		ascii[k++] = ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
			      *p == '-' || *p == '_' || *p == '.')
				     ? *p
				     : '_';
	ascii[k] = '\0';
	struct ew_buf b;
	ew_buf_init(&b, 1000); /* a 127-byte name percent-encoded is 381 bytes */
	ew_buf_printf(&b, "attachment; filename=\"egresswatch-%s.%s\"; filename*=UTF-8''egresswatch-", ascii, ext);
	pct_encode(&b, site);
	ew_buf_printf(&b, ".%s", ext);
	ew_api_header_set(r, "Content-Disposition", b.data ? b.data : "attachment");
	ew_buf_free(&b);
}

static void get_reconciliation(struct ew_api *api, const struct ew_api_request *q, const struct ew_principal *p,
			       const char *site, struct ew_api_response *r)
{
	const char *fmt = q->arg(q->arg_ctx, "format");
	const char *since_s = q->arg(q->arg_ctx, "since");
	const char *enc_s = q->arg(q->arg_ctx, "encoding");
	if (!fmt || !*fmt)
		fmt = "json";
	if (strcmp(fmt, "json") != 0 && strcmp(fmt, "csv") != 0 && strcmp(fmt, "xlsx") != 0 &&
	    strcmp(fmt, "html") != 0) {
		respond_error(r, 400, "format: not json, csv, xlsx or html", "format");
		return;
	}
	int64_t since = 0;
	if (since_s && *since_s && !ew_report_read_time(since_s, &since)) {
		respond_error(r, 400, "since: not an RFC 3339 date-time (2026-11-30T00:00:00Z or 2026-11-30T09:00:00+09:00)", "since");
		return;
	}
	enum ew_csv_encoding enc = EW_CSV_UTF8_BOM;
	if (enc_s && *enc_s) {
		if (strcmp(fmt, "csv") != 0) {
			respond_error(r, 400, "encoding: applies to format=csv only", "encoding");
			return;
		}
		if (strcmp(enc_s, "cp932") == 0 || strcmp(enc_s, "shift_jis") == 0)
			enc = EW_CSV_CP932;
		else if (strcmp(enc_s, "utf-8") != 0 && strcmp(enc_s, "utf8") != 0) {
			respond_error(r, 400, "encoding: not utf-8 or cp932", "encoding");
			return;
		}
	}
	if (!ew_auth_may_read(p, site)) {
		respond_error(r, 403, p->role == EW_ROLE_AGENT ? "an agent token sends reports; it reads nothing"
							     : "this token is for another site",
			      NULL);
		return;
	}
	struct rc_bundle b;
	char err[EW_STORE_ERR_MAX] = "";
	int rc = rc_build(api, site, since, &b, err, sizeof err);
	if (rc == 1) {
		respond_error(r, 404, "no such site", "site");
		return;
	}
	if (rc < 0) {
		respond_error(r, 500, err, NULL);
		return;
	}
	char xerr[256] = "";
	ew_buf_reset(&r->body);
	int xr;
	if (strcmp(fmt, "csv") == 0) {
		xr = ew_export_csv_write(&b.rc, enc, &r->body);
		ew_api_header_set(r, "Content-Type", enc == EW_CSV_CP932 ? "text/csv; charset=Shift_JIS"
									  : "text/csv; charset=utf-8");
		disposition(r, site, "csv");
	} else if (strcmp(fmt, "xlsx") == 0) {
		xr = ew_export_xlsx_write(&b.rc, &r->body, xerr, sizeof xerr);
		ew_api_header_set(r, "Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
		disposition(r, site, "xlsx");
	} else if (strcmp(fmt, "html") == 0) {
		xr = ew_export_html_write(&b.rc, &r->body);
		html_headers(r);
	} else {
		xr = ew_export_json_write(&b.rc, &r->body);
		ew_api_header_set(r, "Content-Type", "application/json");
	}
	rc_bundle_free(&b);
	if (xr < 0) {
		r->header_count = 0;
		respond_error(r, 500, xerr[0] ? xerr : "the export failed (out of memory or too large)", NULL);
		return;
	}
	r->status = 200;
}

/* ---- reports ---- */

static void post_report(struct ew_api *api, const struct ew_api_request *q, const struct ew_principal *p,
			struct ew_api_response *r)
{
	if (p->role == EW_ROLE_VIEWER) {
		count_reject(api, REJ_FORBIDDEN);
		respond_error(r, 403, "a viewer token cannot send reports", NULL);
		return;
	}
	struct ew_report rep;
	char err[EW_REPORT_ERR_MAX];
	if (ew_report_read(q->body, q->body_len, &rep, err, sizeof err) < 0) {
		/* "PATH: why" or "(report): why" */
		char path[128] = "";
		const char *msg = err;
		const char *colon = strstr(err, ": ");
		if (colon && (size_t)(colon - err) < sizeof path) {
			memcpy(path, err, (size_t)(colon - err));
			path[colon - err] = '\0';
			msg = colon + 2;
			if (strcmp(path, "(report)") == 0)
				path[0] = '\0';
		}
		bool not_json = !path[0] && (strncmp(msg, "not JSON", 8) == 0 || strncmp(msg, "larger", 6) == 0);
		count_reject(api, not_json ? REJ_NOT_JSON : REJ_SCHEMA);
		respond_error(r, not_json ? 400 : 422, msg, path);
		return;
	}
	if (!ew_auth_may_send(p, rep.site)) {
		count_reject(api, REJ_WRONG_SITE);
		char msg[EW_STORE_SITE_MAX + 96];
		snprintf(msg, sizeof msg, "this agent token is for site %s, not the report's agent.site", p->site);
		respond_error(r, 403, msg, "agent.site");
		ew_report_read_free(&rep);
		return;
	}
	if (strlen(rep.site) >= EW_STORE_SITE_MAX || site_check(rep.site)) {
		count_reject(api, REJ_SCHEMA);
		respond_error(r, 422, site_check(rep.site) ? site_check(rep.site) : "longer than 127 bytes",
			      "agent.site");
		ew_report_read_free(&rep);
		return;
	}
	if (strlen(rep.agent_id) >= EW_STORE_AGENT_MAX) {
		count_reject(api, REJ_SCHEMA);
		char msg[64];
		snprintf(msg, sizeof msg, "longer than %u bytes", EW_STORE_AGENT_MAX - 1);
		respond_error(r, 422, msg, "agent.id");
		ew_report_read_free(&rep);
		return;
	}
	pthread_mutex_lock(&api->lock);
	int rc = ew_store_report_add(api->store, &rep, q->body);
	char serr[EW_STORE_ERR_MAX] = "";
	if (rc < 0) {
		snprintf(serr, sizeof serr, "%s", ew_store_error(api->store));
		api->rejected[REJ_STORE]++;
	} else {
		if (rc == 0)
			api->stored++;
		else
			api->duplicates++;
	}
	pthread_mutex_unlock(&api->lock);
	if (rc < 0) {
		respond_error(r, 500, serr, NULL);
	} else {
		struct json_object *o = json_object_new_object();
		if (o) {
			json_object_object_add(o, "stored", json_object_new_boolean(rc == 0));
			json_object_object_add(o, "duplicate", json_object_new_boolean(rc == 1));
			json_object_object_add(o, "report_id", json_object_new_string(rep.report_id));
			json_object_object_add(o, "site", jstr(rep.site));
		}
		respond_json_obj(r, rc == 0 ? 201 : 200, o);
	}
	ew_report_read_free(&rep);
}

/* ---- sites ---- */

static void get_sites(struct ew_api *api, const struct ew_principal *p, struct ew_api_response *r)
{
	struct ew_store_site *v;
	size_t n;
	pthread_mutex_lock(&api->lock);
	int rc = ew_store_sites(api->store, &v, &n);
	char err[EW_STORE_ERR_MAX] = "";
	if (rc < 0)
		snprintf(err, sizeof err, "%s", ew_store_error(api->store));
	pthread_mutex_unlock(&api->lock);
	if (rc < 0) {
		respond_error(r, 500, err, NULL);
		return;
	}
	struct json_object *o = json_object_new_object(), *a = json_object_new_array();
	for (size_t i = 0; o && a && i < n; i++) {
		if (!ew_auth_may_list(p, v[i].name))
			continue;
		struct json_object *s = json_object_new_object();
		if (!s)
			break;
		json_object_object_add(s, "name", jstr(v[i].name));
		json_object_object_add(s, "reports", json_object_new_int64((int64_t)v[i].reports));
		json_object_object_add(s, "candidates", json_object_new_int64((int64_t)v[i].candidates));
		json_object_object_add(s, "ledger_version", json_object_new_int64(v[i].ledger_version));
		json_object_object_add(s, "ledger_lines", json_object_new_int64((int64_t)v[i].ledger_lines));
		char t[64];
		if (v[i].last_window_end) {
			ew_rfc3339(v[i].last_window_end, t);
			json_object_object_add(s, "last_window_end", json_object_new_string(t));
		} else {
			json_object_object_add(s, "last_window_end", NULL);
		}
		json_object_array_add(a, s);
	}
	free(v);
	if (o && a) {
		json_object_object_add(o, "role", json_object_new_string(ew_auth_role_name(p->role)));
		json_object_object_add(o, "sites", a);
	} else {
		json_object_put(a);
		json_object_put(o);
		o = NULL;
	}
	respond_json_obj(r, 200, o);
}

/* ---- ledger upload ---- */

static void post_ledger(struct ew_api *api, const struct ew_api_request *q, const struct ew_principal *p,
			const char *site, struct ew_api_response *r)
{
	if (p->role != EW_ROLE_ADMIN) {
		respond_error(r, 403, "only an admin token uploads a ledger", NULL);
		return;
	}
	if (q->body_len == 0) {
		respond_error(r, 400, "no body: send the sheet's CSV or XLSX file as the request body", NULL);
		return;
	}
	const char *skip = q->arg(q->arg_ctx, "skip_bad_rows");
	struct ew_ledger_options lo = {0, NULL};
	if (skip && (strcmp(skip, "1") == 0 || strcmp(skip, "true") == 0))
		lo.flags |= EW_LEDGER_SKIP_BAD_ROWS;
	else if (skip && *skip && strcmp(skip, "0") != 0 && strcmp(skip, "false") != 0) {
		respond_error(r, 400, "skip_bad_rows: not 0 or 1", "skip_bad_rows");
		return;
	}
	struct ew_ledger l;
	struct ew_ledger_errors errs;
	memset(&l, 0, sizeof l);
	memset(&errs, 0, sizeof errs);
	int rc = ew_ledger_parse((const unsigned char *)q->body, q->body_len, &lo, &l, &errs);
	struct json_object *o = json_object_new_object(), *ea = json_object_new_array();
	for (size_t i = 0; o && ea && i < errs.count && i < LEDGER_ERRORS_SHOWN; i++) {
		const struct ew_ledger_error *e = &errs.items[i];
		struct json_object *eo = json_object_new_object();
		if (!eo)
			break;
		json_object_object_add(eo, "row", json_object_new_int64(e->row));
		json_object_object_add(eo, "column", jstr(e->column));
		json_object_object_add(eo, "message", jstr(e->message));
		json_object_array_add(ea, eo);
	}
	size_t more = errs.dropped + (errs.count > LEDGER_ERRORS_SHOWN ? errs.count - LEDGER_ERRORS_SHOWN : 0);
	ew_ledger_errors_free(&errs);
	if (!o || !ea) {
		json_object_put(ea);
		json_object_put(o);
		ew_ledger_free(&l);
		respond_error(r, 500, "out of memory", NULL);
		return;
	}
	if (rc < 0) {
		json_object_object_add(o, "error",
				       json_object_new_string("the sheet was refused: nothing imported (bad rows are "
							      "listed; ?skip_bad_rows=1 imports the others)"));
		json_object_object_add(o, "errors", ea);
		json_object_object_add(o, "errors_not_listed", json_object_new_int64((int64_t)more));
		ew_ledger_free(&l);
		respond_json_obj(r, 422, o);
		return;
	}
	unsigned version = 0;
	char source[32];
	snprintf(source, sizeof source, "http upload (%s)", l.format);
	pthread_mutex_lock(&api->lock);
	rc = ew_store_ledger_replace(api->store, site, &l, source, &version);
	char err[EW_STORE_ERR_MAX] = "";
	if (rc < 0)
		snprintf(err, sizeof err, "%s", ew_store_error(api->store));
	pthread_mutex_unlock(&api->lock);
	if (rc < 0) {
		json_object_put(ea);
		json_object_put(o);
		ew_ledger_free(&l);
		respond_error(r, 500, err, NULL);
		return;
	}
	json_object_object_add(o, "site", jstr(site));
	json_object_object_add(o, "version", json_object_new_int64(version));
	json_object_object_add(o, "lines", json_object_new_int64((int64_t)l.count));
	json_object_object_add(o, "format", json_object_new_string(l.format));
	json_object_object_add(o, "encoding", json_object_new_string(l.encoding));
	json_object_object_add(o, "header_row", json_object_new_int64(l.header_row));
	json_object_object_add(o, "skipped_examples", json_object_new_int64((int64_t)l.skipped_examples));
	json_object_object_add(o, "skipped_bad", json_object_new_int64((int64_t)l.skipped_bad));
	json_object_object_add(o, "unread_columns", jstr(l.unread_columns));
	json_object_object_add(o, "errors", ea);
	json_object_object_add(o, "errors_not_listed", json_object_new_int64((int64_t)more));
	ew_ledger_free(&l);
	respond_json_obj(r, 201, o);
}

/* ---- the browser: login, site list, site page ---- */

/* Value of name in an application/x-www-form-urlencoded body, decoded. */
static bool form_value(const char *body, size_t len, const char *name, char *out, size_t outlen)
{
	size_t nl = strlen(name);
	const char *p = body, *end = body + len;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *e = amp ? amp : end;
		if ((size_t)(e - p) > nl && strncmp(p, name, nl) == 0 && p[nl] == '=')
			return pct_decode(p + nl + 1, (size_t)(e - p - (ptrdiff_t)nl - 1), out, outlen, true) == 0;
		p = e + 1;
	}
	return false;
}

/* A local path we may send the browser to after login: /sites/... made of
 * URL-safe characters only. */
static bool next_ok(const char *n)
{
	if (strncmp(n, "/sites/", 7) != 0 || strlen(n) > 400)
		return false;
	for (const char *p = n; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      strchr("/%-._~", *p)))
			return false;
	return true;
}

static void set_cookie(struct ew_api *api, struct ew_api_response *r, const char *token, int max_age)
{
	char v[EW_API_AUTH_MAX + 128];
	snprintf(v, sizeof v, EW_API_COOKIE "=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s", token, max_age,
		 api->tls ? "; Secure" : "");
	ew_api_header_set(r, "Set-Cookie", v);
}

/* A form POST (login, logout) sent by a page of this server, not by another
 * site's form: the cookie is SameSite=Strict, but a cross-site POST /login
 * would still set it (login CSRF: the victim browses as the attacker's
 * token, and what they upload or read is the attacker's) and a cross-site
 * POST /logout would end a session. Sec-Fetch-Site decides when the
 * browser sends it (all current ones do); else Origin must be this Host.
 * (Our pages say Referrer-Policy: no-referrer, so a browser's own form
 * POST carries Origin: null: only browsers without Sec-Fetch-Site are
 * refused then.) A client that sends neither (curl) is no browser a third
 * site could drive. */
static bool same_origin_form(const struct ew_api_request *q)
{
	if (q->sec_fetch_site)
		return strcmp(q->sec_fetch_site, "same-origin") == 0 || strcmp(q->sec_fetch_site, "none") == 0;
	if (!q->origin)
		return true;
	const char *h = strstr(q->origin, "://");
	return h && q->host && h[3] && strcasecmp(h + 3, q->host) == 0;
}

static void post_login(struct ew_api *api, const struct ew_api_request *q, struct ew_api_response *r)
{
	char tok[EW_API_AUTH_MAX + 1], next[512] = "";
	form_value(q->body, q->body_len, "next", next, sizeof next);
	if (next[0] && !next_ok(next))
		next[0] = '\0';
	if (!form_value(q->body, q->body_len, "token", tok, sizeof tok) || !tok[0]) {
		respond_login(r, 400, "トークンを入力してください (enter a token)", next);
		return;
	}
	struct ew_principal p;
	memset(&p, 0, sizeof p);
	const char *t = tok;
	size_t n = strlen(tok);
	trim(&t, &n);
	int rc = token_check(api, t, n, &p);
	if (rc < 0) {
		respond_html_error(r, 500, "the store failed while checking the token");
		return;
	}
	/* only hex survives: a token was issued as 64 hex digits */
	bool hex = n == EW_TOKEN_HEXLEN;
	for (size_t i = 0; hex && i < n; i++)
		hex = (t[i] >= '0' && t[i] <= '9') || (t[i] >= 'a' && t[i] <= 'f');
	if (rc > 0 || !hex || p.role == EW_ROLE_AGENT) {
		respond_login(r, 401, rc > 0 || !hex ? "トークンが違います (unknown token)"
						     : "エージェントのトークンでは閲覧できません (an agent token cannot read)",
			      next);
		return;
	}
	char clean[EW_TOKEN_HEXLEN + 1];
	memcpy(clean, t, n);
	clean[n] = '\0';
	struct ew_buf dest;
	ew_buf_init(&dest, 1024);
	if (next[0]) {
		ew_buf_adds(&dest, next);
	} else if (p.role == EW_ROLE_VIEWER) {
		ew_buf_adds(&dest, "/sites/");
		pct_encode(&dest, p.site);
	} else {
		ew_buf_adds(&dest, "/");
	}
	/* A page that moves on by itself, not a 303: the next request is then
	 * started by this origin, so the SameSite=Strict cookie goes with it. */
	r->status = 200;
	security_headers(r);
	html_headers(r);
	set_cookie(api, r, clean, EW_API_COOKIE_MAX_AGE);
	memset(clean, 0, sizeof clean);
	memset(tok, 0, sizeof tok);
	struct ew_buf *b = &r->body;
	ew_buf_reset(b);
	ew_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
		       "<meta http-equiv=\"refresh\" content=\"0;url=");
	html_text(b, dest.data ? dest.data : "/");
	ew_buf_adds(b, "\">\n<title>egresswatch</title>\n</head>\n<body>\n<p><a href=\"");
	html_text(b, dest.data ? dest.data : "/");
	ew_buf_adds(b, "\">続ける (continue)</a></p>\n</body>\n</html>\n");
	ew_buf_free(&dest);
}

static void post_logout(struct ew_api *api, struct ew_api_response *r)
{
	r->status = 303;
	security_headers(r);
	set_cookie(api, r, "", 0);
	ew_api_header_set(r, "Location", "/login");
	body_set(r, "", 0);
}

/* GET /: the sites this browser's token may read, or the login form. */
static void get_root(struct ew_api *api, const struct ew_api_request *q, struct ew_api_response *r)
{
	struct ew_principal p;
	const char *msg;
	unsigned st = authenticate(api, q, true, &p, &msg);
	if (st == 500) {
		respond_html_error(r, 500, msg);
		return;
	}
	if (st || p.role == EW_ROLE_AGENT) {
		respond_login(r, 200, NULL, NULL);
		return;
	}
	struct ew_store_site *v;
	size_t n;
	pthread_mutex_lock(&api->lock);
	int rc = ew_store_sites(api->store, &v, &n);
	pthread_mutex_unlock(&api->lock);
	if (rc < 0) {
		respond_html_error(r, 500, "the store failed");
		return;
	}
	r->status = 200;
	security_headers(r);
	html_headers(r);
	struct ew_buf *b = &r->body;
	ew_buf_reset(b);
	page_start(b, "egresswatch - sites");
	ew_buf_adds(b, "<h1>egresswatch</h1>\n<ul>\n");
	for (size_t i = 0; i < n; i++) {
		if (!ew_auth_may_read(&p, v[i].name))
			continue;
		ew_buf_adds(b, "<li><a href=\"/sites/");
		pct_encode(b, v[i].name);
		ew_buf_adds(b, "\">");
		html_text(b, v[i].name);
		ew_buf_printf(b, "</a> (%zu reports)</li>\n", v[i].reports);
	}
	free(v);
	ew_buf_adds(b, "</ul>\n<form method=\"post\" action=\"/logout\"><button type=\"submit\">Sign out</button>"
		       "</form>\n</body>\n</html>\n");
}

/* ---- evidence captures: /api/v1/reports/{report_id}/evidence/{mac}[?vlan=N] ---- */

static bool evidence_key_ok(const char *report_id, const char *mac, const char *vlan_arg, unsigned *vlan)
{
	size_t n = strlen(report_id);
	if (n != 36 || strspn(report_id, "0123456789abcdef-") != n)
		return false;
	if (strlen(mac) != 17 || strspn(mac, "0123456789abcdef:") != 17)
		return false;
	for (int i = 0; i < 17; i++)
		if ((i % 3 == 2) != (mac[i] == ':'))
			return false;
	*vlan = 0;
	if (vlan_arg) {
		size_t l = strlen(vlan_arg);
		if (l == 0 || l > 4 || strspn(vlan_arg, "0123456789") != l)
			return false;
		*vlan = (unsigned)strtoul(vlan_arg, NULL, 10);
		if (*vlan > 4095)
			return false;
	}
	return true;
}

/* A pcap (either byte order, µs or ns) or a pcapng section header. */
static bool looks_like_capture(const unsigned char *b, size_t n)
{
	static const unsigned char magic[][4] = {{0xd4, 0xc3, 0xb2, 0xa1}, {0xa1, 0xb2, 0xc3, 0xd4},
						 {0x4d, 0x3c, 0xb2, 0xa1}, {0xa1, 0xb2, 0x3c, 0x4d},
						 {0x0a, 0x0d, 0x0d, 0x0a}};
	if (n < 24)
		return false;
	for (size_t i = 0; i < sizeof magic / sizeof magic[0]; i++)
		if (memcmp(b, magic[i], 4) == 0)
			return true;
	return false;
}

static void put_evidence(struct ew_api *api, const struct ew_api_request *q, const struct ew_principal *p,
			 const char *report_id, const char *mac, struct ew_api_response *r)
{
	unsigned vlan;
	if (p->role == EW_ROLE_VIEWER)
		{ respond_error(r, 403, "a viewer token cannot send evidence", NULL); return; }
	if (!evidence_key_ok(report_id, mac, q->arg(q->arg_ctx, "vlan"), &vlan))
		{ respond_error(r, 400, "expected /api/v1/reports/UUID/evidence/xx:xx:xx:xx:xx:xx[?vlan=0-4095]", NULL); return; }
	if (!looks_like_capture((const unsigned char *)q->body, q->body_len))
		{ respond_error(r, 422, "not a pcap or pcapng capture", NULL); return; }
	char *b64 = malloc(BASE64_ENCODE_RAW_LENGTH(q->body_len) + 1);
	if (!b64)
		{ respond_error(r, 500, "out of memory", NULL); return; }
	base64_encode_raw(b64, q->body_len, (const uint8_t *)q->body);
	b64[BASE64_ENCODE_RAW_LENGTH(q->body_len)] = '\0';
	char site[EW_STORE_SITE_MAX];
	pthread_mutex_lock(&api->lock);
	int rc = ew_store_report_site(api->store, report_id, site);
	if (rc == 0 && p->role == EW_ROLE_AGENT && strcmp(site, p->site) != 0)
		rc = 2;
	else if (rc == 0)
		rc = ew_store_evidence_put(api->store, report_id, mac, vlan, q->body_len, b64);
	char err[EW_STORE_ERR_MAX];
	snprintf(err, sizeof err, "%s", rc < 0 ? ew_store_error(api->store) : "");
	pthread_mutex_unlock(&api->lock);
	free(b64);
	if (rc < 0)
		{ respond_error(r, 500, err, NULL); return; }
	if (rc == 1)
		{ respond_error(r, 404, "no such report (send the report first)", NULL); return; }
	if (rc == 2)
		{ respond_error(r, 403, "the report belongs to another site", NULL); return; }
	struct json_object *o = ew_json_obj();
	ew_json_add_cstr(o, "report_id", report_id);
	ew_json_add_cstr(o, "mac", mac);
	ew_json_add_int(o, "vlan", vlan);
	ew_json_add_int(o, "size", (int64_t)q->body_len);
	respond_json_obj(r, 201, o);
}

static void get_evidence(struct ew_api *api, const struct ew_api_request *q, const struct ew_principal *p,
			 const char *report_id, const char *mac, struct ew_api_response *r)
{
	unsigned vlan;
	if (p->role == EW_ROLE_AGENT)
		{ respond_error(r, 403, "an agent token cannot read evidence", NULL); return; }
	if (!evidence_key_ok(report_id, mac, q->arg(q->arg_ctx, "vlan"), &vlan))
		{ respond_error(r, 400, "expected /api/v1/reports/UUID/evidence/xx:xx:xx:xx:xx:xx[?vlan=0-4095]", NULL); return; }
	char site[EW_STORE_SITE_MAX], *b64 = NULL;
	pthread_mutex_lock(&api->lock);
	int rc = ew_store_evidence_get(api->store, report_id, mac, vlan, site, &b64);
	char err[EW_STORE_ERR_MAX];
	snprintf(err, sizeof err, "%s", rc < 0 ? ew_store_error(api->store) : "");
	pthread_mutex_unlock(&api->lock);
	/* another site's capture is "not found" too: a viewer learns nothing of other sites */
	if (rc == 0 && !ew_auth_may_read(p, site))
		rc = 1;
	if (rc != 0) {
		free(b64);
		respond_error(r, rc < 0 ? 500 : 404, rc < 0 ? err : "no such evidence", NULL);
		return;
	}
	size_t n = strlen(b64), out = 0;
	uint8_t *raw = malloc(BASE64_DECODE_LENGTH(n) + 1);
	struct base64_decode_ctx ctx;
	base64_decode_init(&ctx);
	bool ok = raw && base64_decode_update(&ctx, &out, raw, n, b64) && base64_decode_final(&ctx);
	free(b64);
	if (!ok || !ew_buf_add(&r->body, raw, out)) {
		free(raw);
		respond_error(r, 500, "the stored capture could not be decoded", NULL);
		return;
	}
	free(raw);
	r->status = 200;
	ew_api_header_set(r, "Content-Type", "application/vnd.tcpdump.pcap");
	char cd[128], m[18];
	memcpy(m, mac, sizeof m); /* 17 characters, checked by evidence_key_ok */
	for (char *c = m; *c; c++)
		if (*c == ':')
			*c = '-';
	if (vlan)
		snprintf(cd, sizeof cd, "attachment; filename=\"evidence-%s-vlan%u.pcap\"", m, vlan);
	else
		snprintf(cd, sizeof cd, "attachment; filename=\"evidence-%s.pcap\"", m);
	ew_api_header_set(r, "Content-Disposition", cd);
}

/* The site page's list of evidence captures: the latest of each device,
 * each a download link (the viewer's cookie goes with it: a GET). Put
 * before the page's footer. */
static int page_evidence(struct ew_api *api, const char *site, struct ew_buf *page)
{
	struct ew_store_evidence *ev = NULL;
	size_t n = 0;
	pthread_mutex_lock(&api->lock);
	int rc = ew_store_evidence_list(api->store, site, &ev, &n);
	pthread_mutex_unlock(&api->lock);
	if (rc < 0 || n == 0)
		return rc;
	static const char foot[] = "<footer class=\"note\">";
	char *at = page->data ? strstr(page->data, foot) : NULL;
	if (!at) {
		free(ev);
		return 0;
	}
	size_t head = (size_t)(at - page->data);
	struct ew_buf b;
	ew_buf_init(&b, page->max);
	bool ok = ew_buf_add(&b, page->data, head) &&
		  ew_buf_adds(&b, "<section id=\"evidence\">\n<h2>証跡パケット (evidence captures)</h2>\n<ul>\n");
	for (size_t i = 0; ok && i < n; i++) {
		char vq[24] = "", vt[24] = "";
		if (ev[i].vlan) {
			snprintf(vq, sizeof vq, "?vlan=%u", ev[i].vlan);
			snprintf(vt, sizeof vt, " VLAN %u", ev[i].vlan);
		}
		/* mac and report_id are hex, ':' and '-' only (checked on the way in) */
		ok = ew_buf_printf(&b, "<li><a href=\"/api/v1/reports/%s/evidence/%s%s\" download>%s%s</a> (%lld bytes)</li>\n",
				   ev[i].report_id, ev[i].mac, vq, ev[i].mac, vt, (long long)ev[i].size);
	}
	ok = ok && ew_buf_adds(&b, "</ul>\n</section>\n") && ew_buf_add(&b, at, page->len - head);
	free(ev);
	if (!ok) {
		ew_buf_free(&b);
		return -1;
	}
	ew_buf_free(page);
	*page = b;
	return 0;
}

static void get_site_page(struct ew_api *api, const struct ew_api_request *q, const char *raw_path, const char *site,
			  struct ew_api_response *r)
{
	struct ew_principal p;
	const char *msg;
	unsigned st = authenticate(api, q, true, &p, &msg);
	if (st == 500) {
		respond_html_error(r, 500, msg);
		return;
	}
	if (st) {
		respond_login(r, 401, q->authorization || q->cookie_token ? "トークンが違います (unknown token)" : NULL,
			      next_ok(raw_path) ? raw_path : NULL);
		return;
	}
	if (!ew_auth_may_read(&p, site)) {
		respond_html_error(r, 403, p.role == EW_ROLE_AGENT ? "an agent token cannot read a site"
							       : "this token is for another site");
		return;
	}
	struct rc_bundle b;
	char err[EW_STORE_ERR_MAX] = "";
	int rc = rc_build(api, site, 0, &b, err, sizeof err);
	if (rc != 0) {
		respond_html_error(r, rc == 1 ? 404 : 500, rc == 1 ? "no such site" : err);
		return;
	}
	ew_buf_reset(&r->body);
	int xr = ew_export_html_write(&b.rc, &r->body);
	rc_bundle_free(&b);
	if (xr >= 0)
		xr = page_evidence(api, site, &r->body);
	if (xr < 0) {
		respond_html_error(r, 500, "the page could not be written (out of memory or too large)");
		return;
	}
	r->status = 200;
	security_headers(r);
	html_headers(r);
}

/* ---- /metrics (Prometheus text format 0.0.4) ---- */

static void prom_label(struct ew_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			ew_buf_adds(b, "\\\\");
		else if (*s == '"')
			ew_buf_adds(b, "\\\"");
		else if (*s == '\n')
			ew_buf_adds(b, "\\n");
		else
			ew_buf_add(b, s, 1);
	}
}

/* The per-agent families, in the order get_metrics writes their values;
 * spool: only for agents whose reports carried the spool counts (agents
 * that deliver; one writing a file has no spool). The values are the
 * store's (store.h, ew_store_agents), so they survive a restart. */
enum agent_value { AV_RECEIVED, AV_WINDOW_END, AV_BACKLOG, AV_DROPPED };
static const struct agent_family {
	const char *name, *type, *help;
	enum agent_value value;
	bool spool;
} agent_families[] = {
	{"egresswatch_agent_last_report_timestamp_seconds", "gauge",
	 "When the collector stored the agent's latest new report (over HTTP or by ingest).", AV_RECEIVED, false},
	{"egresswatch_agent_last_window_end_timestamp_seconds", "gauge",
	 "The end of the latest capture window the agent reported.", AV_WINDOW_END, false},
	{"egresswatch_agent_spool_backlog_reports", "gauge",
	 "Reports waiting in the agent's spool when its newest report was spooled.", AV_BACKLOG, true},
	{"egresswatch_agent_spool_dropped_reports_total", "counter",
	 "Reports the agent's spool cap dropped, undelivered, as its stored reports said.", AV_DROPPED, true},
};

static void agent_sample(struct ew_buf *b, const struct agent_family *f, const struct ew_store_agent *a)
{
	ew_buf_printf(b, "%s{site=\"", f->name);
	prom_label(b, a->site);
	ew_buf_adds(b, "\",agent=\"");
	prom_label(b, a->id);
	switch (f->value) {
	case AV_RECEIVED:
		ew_buf_printf(b, "\"} %.3f\n", (double)a->last_received_at / 1e6);
		break;
	case AV_WINDOW_END:
		ew_buf_printf(b, "\"} %.3f\n", (double)a->last_window_end / 1e6);
		break;
	case AV_BACKLOG:
		ew_buf_printf(b, "\"} %lld\n", (long long)a->spool_backlog);
		break;
	case AV_DROPPED:
		ew_buf_printf(b, "\"} %lld\n", (long long)a->spool_dropped);
		break;
	}
}

static void get_metrics(struct ew_api *api, struct ew_api_response *r)
{
	struct ew_buf *b = &r->body;
	ew_buf_reset(b);
	struct ew_store_site *v = NULL;
	size_t n = 0;
	struct ew_store_agent *ag = NULL;
	size_t an = 0;
	bool more = false;
	pthread_mutex_lock(&api->lock);
	int rc = ew_store_sites(api->store, &v, &n);
	if (rc == 0)
		rc = ew_store_agents(api->store, EW_API_AGENTS_MAX, &ag, &an, &more);
	ew_buf_adds(b, "# HELP egresswatch_reports_received_total Reports taken over HTTP, by result.\n"
		       "# TYPE egresswatch_reports_received_total counter\n");
	ew_buf_printf(b, "egresswatch_reports_received_total{result=\"stored\"} %llu\n", (unsigned long long)api->stored);
	ew_buf_printf(b, "egresswatch_reports_received_total{result=\"duplicate\"} %llu\n",
		      (unsigned long long)api->duplicates);
	ew_buf_adds(b, "# HELP egresswatch_reports_rejected_total Reports refused over HTTP, by reason.\n"
		       "# TYPE egresswatch_reports_rejected_total counter\n");
	for (size_t i = 0; i < REJ_COUNT; i++)
		ew_buf_printf(b, "egresswatch_reports_rejected_total{reason=\"%s\"} %llu\n", reject_name[i],
			      (unsigned long long)api->rejected[i]);
	for (size_t k = 0; k < sizeof agent_families / sizeof agent_families[0]; k++) {
		const struct agent_family *f = &agent_families[k];
		ew_buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", f->name, f->help, f->name, f->type);
		for (size_t i = 0; i < an; i++)
			if (!f->spool || ag[i].has_spool)
				agent_sample(b, f, &ag[i]);
	}
	free(ag);
	ew_buf_printf(b, "# HELP egresswatch_agents_untracked 1 when more than %u agents reported and the rest are not "
			 "listed.\n# TYPE egresswatch_agents_untracked gauge\negresswatch_agents_untracked %d\n",
		      EW_API_AGENTS_MAX, more ? 1 : 0);
	pthread_mutex_unlock(&api->lock);
	if (rc < 0) {
		free(v);
		respond_error(r, 500, "the store failed listing sites and agents", NULL);
		return;
	}
	ew_buf_adds(b, "# HELP egresswatch_site_reports Reports stored for the site.\n"
		       "# TYPE egresswatch_site_reports gauge\n");
	for (size_t i = 0; i < n; i++) {
		ew_buf_adds(b, "egresswatch_site_reports{site=\"");
		prom_label(b, v[i].name);
		ew_buf_printf(b, "\"} %zu\n", v[i].reports);
	}
	ew_buf_adds(b, "# HELP egresswatch_site_unlisted_devices Devices seen that no ledger line explains.\n"
		       "# TYPE egresswatch_site_unlisted_devices gauge\n");
	struct ew_buf conflicts;
	ew_buf_init(&conflicts, EW_API_RESPONSE_MAX);
	ew_buf_adds(&conflicts, "# HELP egresswatch_site_conflict_devices Devices whose ledger line contradicts "
				"what is seen.\n# TYPE egresswatch_site_conflict_devices gauge\n");
	for (size_t i = 0; i < n; i++) {
		struct rc_bundle bundle;
		char err[EW_STORE_ERR_MAX];
		if (rc_build(api, v[i].name, 0, &bundle, err, sizeof err) != 0)
			continue;
		ew_buf_adds(b, "egresswatch_site_unlisted_devices{site=\"");
		prom_label(b, v[i].name);
		ew_buf_printf(b, "\"} %zu\n", bundle.rc.summary.devices_unlisted);
		ew_buf_adds(&conflicts, "egresswatch_site_conflict_devices{site=\"");
		prom_label(&conflicts, v[i].name);
		ew_buf_printf(&conflicts, "\"} %zu\n", bundle.rc.summary.devices_conflict);
		rc_bundle_free(&bundle);
	}
	free(v);
	ew_buf_add(b, conflicts.data ? conflicts.data : "", conflicts.len);
	ew_buf_free(&conflicts);
	r->status = 200;
	ew_api_header_set(r, "Content-Type", "text/plain; version=0.0.4; charset=utf-8");
}

/* ---- the router ---- */

void ew_api_too_large(struct ew_api *api, const char *path, size_t max, struct ew_api_response *r)
{
	if (strcmp(path, "/api/v1/reports") == 0)
		count_reject(api, REJ_TOO_LARGE);
	char msg[128];
	if (max)
		snprintf(msg, sizeof msg, "the body is larger than %zu bytes", max);
	else
		snprintf(msg, sizeof msg, "this request takes no body");
	security_headers(r);
	respond_error(r, 413, msg, NULL);
}

bool ew_api_admit(struct ew_api *api, const char *method, const char *path, const char *authorization,
		  struct ew_api_response *r)
{
	size_t max = ew_api_body_max(method, path);
	if (max == 0 || max == EW_API_FORM_BODY_MAX)
		return true; /* no body, or the login form (small, and without a token by design) */
	bool ledger = max == EW_LEDGER_FILE_MAX; /* else a report or an evidence pcap: agent or admin */
	struct ew_api_request q = {.method = method, .path = path, .authorization = authorization};
	struct ew_principal p;
	const char *msg;
	security_headers(r);
	unsigned st = authenticate(api, &q, false, &p, &msg);
	if (st) {
		if (!ledger)
			count_reject(api, REJ_UNAUTHORIZED);
		respond_auth(r, st, msg);
		return false;
	}
	if (ledger ? p.role != EW_ROLE_ADMIN : p.role == EW_ROLE_VIEWER) {
		if (!ledger)
			count_reject(api, REJ_FORBIDDEN);
		respond_error(r, 403, ledger ? "only an admin token uploads a ledger" : "a viewer token cannot send reports",
			      NULL);
		return false;
	}
	return true;
}

static void not_allowed(struct ew_api_response *r, const char *allow)
{
	respond_error(r, 405, "method not allowed", NULL);
	ew_api_header_set(r, "Allow", allow);
}

void ew_api_handle(struct ew_api *api, const struct ew_api_request *q, struct ew_api_response *r)
{
	struct route rt;
	const char *msg = NULL;
	security_headers(r);
	int pr = route_parse(q->path, &rt, &msg);
	if (pr < 0) {
		respond_error(r, pr == -2 ? 404 : 400, msg, NULL);
		return;
	}
	/* /healthz: no auth, no store */
	if (rt.n == 1 && seg_is(&rt, 0, "healthz")) {
		if (!method_read(q))
			{ not_allowed(r, "GET, HEAD"); return; }
		r->status = 200;
		ew_api_header_set(r, "Content-Type", "application/json");
		body_set(r, "{\"status\":\"ok\"}\n", 16);
		return;
	}
	if (rt.n == 1 && (seg_is(&rt, 0, "") || seg_is(&rt, 0, "login"))) {
		if (seg_is(&rt, 0, "login") && method_is(q, "POST")) {
			if (!same_origin_form(q))
				{ respond_html_error(r, 403, "a sign-in form from another site: refused"); return; }
			post_login(api, q, r);
			return;
		}
		if (!method_read(q))
			{ not_allowed(r, seg_is(&rt, 0, "login") ? "GET, HEAD, POST" : "GET, HEAD"); return; }
		if (seg_is(&rt, 0, "login")) {
			const char *next = q->arg(q->arg_ctx, "next");
			{ respond_login(r, 200, NULL, next && next_ok(next) ? next : NULL); return; }
		}
		{ get_root(api, q, r); return; }
	}
	if (rt.n == 1 && seg_is(&rt, 0, "logout")) {
		if (!method_is(q, "POST"))
			{ not_allowed(r, "POST"); return; }
		if (!same_origin_form(q))
			{ respond_html_error(r, 403, "a sign-out form from another site: refused"); return; }
		{ post_logout(api, r); return; }
	}
	if (rt.n == 2 && seg_is(&rt, 0, "sites")) {
		const char *bad = site_check(rt.seg[1]);
		if (bad)
			{ respond_html_error(r, 400, bad); return; }
		if (!method_read(q))
			{ not_allowed(r, "GET, HEAD"); return; }
		{ get_site_page(api, q, q->path, rt.seg[1], r); return; }
	}
	bool metrics = rt.n == 1 && seg_is(&rt, 0, "metrics");
	bool v1 = rt.n >= 3 && seg_is(&rt, 0, "api") && seg_is(&rt, 1, "v1");
	bool reports = v1 && rt.n == 3 && seg_is(&rt, 2, "reports");
	bool sites = v1 && rt.n == 3 && seg_is(&rt, 2, "sites");
	bool recon = v1 && rt.n == 5 && seg_is(&rt, 2, "sites") && seg_is(&rt, 4, "reconciliation");
	bool ledger = v1 && rt.n == 5 && seg_is(&rt, 2, "sites") && seg_is(&rt, 4, "ledger");
	bool evidence = v1 && rt.n == 6 && seg_is(&rt, 2, "reports") && seg_is(&rt, 4, "evidence");
	if (!metrics && !reports && !sites && !recon && !ledger && !evidence) {
		respond_error(r, 404, "no such path", NULL);
		return;
	}
	const char *site = recon || ledger ? rt.seg[3] : NULL;
	if (site && (msg = site_check(site)) != NULL) {
		respond_error(r, 400, msg, "site");
		return;
	}
	/* the method before the token: a wrong method is the same answer for all */
	if (reports || ledger) {
		if (!method_is(q, "POST"))
			{ not_allowed(r, "POST"); return; }
	} else if (evidence) {
		if (!method_is(q, "PUT") && !method_read(q))
			{ not_allowed(r, "GET, HEAD, PUT"); return; }
	} else if (!method_read(q)) {
		{ not_allowed(r, "GET, HEAD"); return; }
	}
	struct ew_principal p;
	unsigned st = authenticate(api, q, method_read(q) && !metrics, &p, &msg);
	if (st) {
		if (reports)
			count_reject(api, REJ_UNAUTHORIZED);
		respond_auth(r, st, msg);
		return;
	}
	if (metrics) {
		if (p.role != EW_ROLE_ADMIN)
			{ respond_error(r, 403, "only an admin token reads /metrics", NULL); return; }
		{ get_metrics(api, r); return; }
	}
	if (reports)
		{ post_report(api, q, &p, r); return; }
	if (evidence && method_is(q, "PUT"))
		{ put_evidence(api, q, &p, rt.seg[3], rt.seg[5], r); return; }
	if (evidence)
		{ get_evidence(api, q, &p, rt.seg[3], rt.seg[5], r); return; }
	if (sites)
		{ get_sites(api, &p, r); return; }
	if (recon)
		{ get_reconciliation(api, q, &p, site, r); return; }
	{ post_ledger(api, q, &p, site, r); return; }
}
