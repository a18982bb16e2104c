/* SPDX-License-Identifier: ISC */
/* http.h - the collector's HTTP server (libmicrohttpd, GnuTLS for TLS).
 *
 * Listens on one address, reads each request whole (bodies counted while
 * they arrive, capped per route by ew_api_body_max: 413 past it, whatever
 * Content-Length said), hands it to api.c, sends the answer. A pool of
 * threads serves connections; connections are capped in total and per
 * client address and time out when idle. Runs until SIGTERM or SIGINT. */
#ifndef EGRESSWATCH_COLLECTOR_HTTP_H
#define EGRESSWATCH_COLLECTOR_HTTP_H

#include "api.h"

#define EW_HTTP_DEFAULT_LISTEN "127.0.0.1:8443"
#define EW_HTTP_THREADS 4u         /* threads serving connections */
#define EW_HTTP_CONN_LIMIT 256u    /* connections at once */
#define EW_HTTP_PER_IP_LIMIT 32u   /* connections at once from one address */
#define EW_HTTP_TIMEOUT 30u        /* seconds a connection may stay idle */
#define EW_HTTP_TLS_PRIORITIES "NORMAL:-VERS-SSL3.0:-VERS-TLS1.0:-VERS-TLS1.1"
#define EW_HTTP_PEM_MAX (1024u * 1024) /* bytes of a certificate or key file */
/* Body bytes held by all requests at once: past it a request is answered 503
 * (256 connections x an 8 MiB report would otherwise be 2 GiB). */
#define EW_HTTP_INFLIGHT_MAX (256u * 1024 * 1024)

struct ew_http_options {
	const char *listen;   /* ADDR:PORT, [V6ADDR]:PORT; port 0 takes a free one */
	const char *tls_cert; /* PEM files; both or neither */
	const char *tls_key;
	unsigned threads, conn_limit, per_ip_limit, timeout;
};

/* Serves until SIGTERM or SIGINT, then stops the daemon (in-flight requests
 * finish) and returns 0. -1 when it cannot start (bad address, port taken,
 * unreadable certificate), after logging why. The address actually bound is
 * logged as "listening on ADDR:PORT". */
int ew_http_serve(struct ew_api *api, const struct ew_http_options *o);

#endif
