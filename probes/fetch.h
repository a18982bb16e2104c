/* SPDX-License-Identifier: ISC */
/* fetch.h - HTTP GET and SOAP POST to devices inside the configured subnets
 * (libcurl). Every fetch has a timeout and a size cap; only http:// URLs whose
 * host is an IP literal inside one of the allowed prefixes are fetched (no
 * name lookup, no proxy); a redirect is followed only when its target passes
 * the same test, at most EW_FETCH_REDIRECTS times. */
#ifndef EW_PROBES_FETCH_H
#define EW_PROBES_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "egresswatch/addr.h"

#define EW_FETCH_MAX_BYTES (64 * 1024)
#define EW_FETCH_TIMEOUT_MS 4000
#define EW_FETCH_CONNECT_MS 2000
#define EW_FETCH_REDIRECTS 3
#define EW_FETCH_SERVER_LEN 128
#define EW_FETCH_URL_LEN 512

struct ew_fetch_scope {
	const struct ew_prefix *prefixes;
	size_t n;
};

struct ew_fetch_result {
	long status;                          /* HTTP status, 0 when none */
	char *body;                           /* NUL-terminated, caller frees; at most EW_FETCH_MAX_BYTES */
	size_t len;
	bool truncated;                       /* the body was longer than the cap */
	char server[EW_FETCH_SERVER_LEN + 1]; /* Server header */
	struct ew_ip host;                    /* the address finally fetched */
	char err[128];                        /* why it failed, when it did */
};

bool ew_fetch_global_init(void);
void ew_fetch_global_cleanup(void);
/* True when url is http:// with an IP-literal host inside scope; host set. */
bool ew_fetch_allowed(const struct ew_fetch_scope *scope, const char *url, struct ew_ip *host);
/* Resolves rel against base into out (absolute URL). */
bool ew_fetch_resolve(const char *base, const char *rel, char *out, size_t outlen);
/* GET (soap_action NULL) or SOAP POST of body. False on failure (err set). */
bool ew_fetch(const struct ew_fetch_scope *scope, const char *url, const char *soap_action, const char *body,
	      struct ew_fetch_result *r);
void ew_fetch_result_free(struct ew_fetch_result *r);

#endif
