/* SPDX-License-Identifier: ISC */
/* api.h - the collector's HTTP API as request in, response out (docs/API.md).
 *
 * http.c owns the sockets (libmicrohttpd) and hands each whole request here;
 * api.c authenticates it, routes it and fills the response. No MHD type
 * crosses this interface, so the handlers read as plain functions.
 *
 * Threads: http.c runs a small pool of threads; they share one store
 * connection, and every store call is made with api->lock held (SQLite
 * handles and libpq connections are not shared between threads otherwise).
 * Parsing a body, reconciling and serialising an export happen outside the
 * lock. */
#ifndef EGRESSWATCH_COLLECTOR_API_H
#define EGRESSWATCH_COLLECTOR_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "egresswatch/buf.h"
#include "store.h"

#define EW_API_REPORT_BODY_MAX (8u * 1024 * 1024) /* bytes of one POSTed report */
#define EW_API_FORM_BODY_MAX 4096u                /* bytes of the login form */
#define EW_API_EVIDENCE_BODY_MAX (16u * 1024 * 1024) /* bytes of one evidence pcap (the agent's cap too) */
#define EW_API_RESPONSE_MAX (512u * 1024 * 1024)  /* bytes of one response (an export) */
#define EW_API_AGENTS_MAX 10000u                  /* agents /metrics lists (from the store) */
#define EW_API_COOKIE "ew_token"                  /* the browser's token cookie */
#define EW_API_COOKIE_MAX_AGE 28800               /* seconds (a working day) */
#define EW_API_AUTH_MAX 256u                      /* bytes of an Authorization header or cookie */

struct ew_api;

/* One request as read off the wire. path is still percent-encoded, without
 * the query; arg returns a query argument percent-decoded, or NULL. */
struct ew_api_request {
	const char *method;
	const char *path;
	const char *(*arg)(void *ctx, const char *name);
	void *arg_ctx;
	const char *authorization; /* the header, NULL when absent */
	const char *cookie_token;  /* the ew_token cookie, NULL when absent */
	const char *content_type;
	const char *body;          /* NUL-terminated; "" without a body */
	size_t body_len;
	const char *origin;         /* the Origin header, NULL when absent */
	const char *sec_fetch_site; /* Sec-Fetch-Site, NULL when absent */
	const char *host;           /* Host, NULL when absent */
};

#define EW_API_HEADERS_MAX 10u
struct ew_api_header {
	const char *name;
	char value[1024];
};

struct ew_api_response {
	unsigned status;
	struct ew_api_header headers[EW_API_HEADERS_MAX]; /* Content-Type among them */
	size_t header_count;
	struct ew_buf body;
};

/* A response starts empty; add headers with ew_api_header_set. */
void ew_api_response_init(struct ew_api_response *r);
void ew_api_response_free(struct ew_api_response *r);
/* false when the header table is full (a bug: EW_API_HEADERS_MAX is sized for every route) */
bool ew_api_header_set(struct ew_api_response *r, const char *name, const char *value);

/* store stays the caller's; tls says whether cookies get the Secure flag. */
struct ew_api *ew_api_new(struct ew_store *store, bool tls);
void ew_api_free(struct ew_api *api);

/* The largest body this route takes (0: none). Decided before the body is
 * read, from the method and the raw path; http.c counts the bytes as they
 * arrive and answers 413 past it, whatever Content-Length said. */
size_t ew_api_body_max(const char *method, const char *path);
/* Fills resp (status, headers, body) for req. Never fails: a store error is
 * a 500 with a JSON message. */
void ew_api_handle(struct ew_api *api, const struct ew_api_request *req, struct ew_api_response *resp);
/* Before a body is read: may this request send one? A route that takes a
 * body from a token (reports, ledger) answers 401 or 403 here, on the
 * headers alone, so no one without the right token makes the server hold
 * megabytes. true: read the body; false: resp is the answer. */
bool ew_api_admit(struct ew_api *api, const char *method, const char *path, const char *authorization,
		  struct ew_api_response *resp);
/* The 413 for a body past ew_api_body_max (counted while receiving). */
void ew_api_too_large(struct ew_api *api, const char *path, size_t max, struct ew_api_response *resp);

#endif
