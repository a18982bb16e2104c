/* SPDX-License-Identifier: ISC */
/* deliver.h - one report to the collector over HTTP(S), with libcurl.
 *
 * POST URL/api/v1/reports with `Authorization: Bearer TOKEN`. TLS peer and
 * host name verification are always on (--ca-file names the CA bundle);
 * connect and total timeouts bound every attempt. A transfer runs through
 * curl's multi interface so the caller can wait on its own fd (the parser's
 * pipe) at the same time. */
#ifndef EGRESSWATCH_DELIVER_H
#define EGRESSWATCH_DELIVER_H

#include <stdbool.h>
#include <stddef.h>

#define EW_DELIVER_CONNECT_TIMEOUT_S 10
#define EW_DELIVER_DEFAULT_TIMEOUT_S 30
#define EW_DELIVER_TIMEOUT_MAX_S 86400
#define EW_DELIVER_TOKEN_MAX 512

enum ew_deliver_result {
	EW_DELIVER_BUSY,   /* still in flight */
	EW_DELIVER_OK,     /* 2xx: the collector has it */
	EW_DELIVER_RETRY,  /* no answer, 5xx, 408, 429: try again later */
	EW_DELIVER_REJECT, /* any other answer: sending again would not help */
};

struct ew_deliver;

/* url: the collector's base URL (http:// or https://); token: the bearer
 * token; ca_file may be NULL (the system's CAs). */
struct ew_deliver *ew_deliver_new(const char *url, const char *token, const char *ca_file, long timeout_s);
void ew_deliver_free(struct ew_deliver *d);
/* Reads a token file: one line, surrounding blanks ignored. -1 with a
 * message in err on failure. */
int ew_deliver_read_token(const char *path, char *tok, size_t toklen, char *err, size_t errlen);

/* Starts sending body (kept by the caller until the transfer ends). */
int ew_deliver_start(struct ew_deliver *d, const char *body, size_t len);
/* Waits up to timeout_ms for the transfer or for extra_fd (-1: none) to be
 * readable; returns the transfer's state. */
enum ew_deliver_result ew_deliver_wait(struct ew_deliver *d, int extra_fd, int timeout_ms);
bool ew_deliver_busy(const struct ew_deliver *d);
/* Evidence: PUT URL/api/v1/reports/REPORT_ID/evidence/MAC[?vlan=N] with the
 * pcap as body, after the report itself was stored. Blocking, bounded by the
 * same timeouts. Returns OK, RETRY or REJECT as above. */
#define EW_EVIDENCE_UPLOAD_MAX (16u * 1024 * 1024) /* bytes of one pcap; the collector's cap too */
enum ew_deliver_result ew_deliver_put_evidence(struct ew_deliver *d, const char *report_id, const char *mac,
					       unsigned vlan, const void *pcap, size_t len);
/* What the last finished transfer got: "HTTP 401: {...}" or curl's error. */
const char *ew_deliver_error(const struct ew_deliver *d);

#endif
