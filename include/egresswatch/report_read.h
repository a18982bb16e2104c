/* SPDX-License-Identifier: ISC */
/* report_read.h - one agent report (egresswatch.report/1) read back from JSON
 * text and checked as strictly as include/egresswatch/report.schema.json says.
 *
 * The text is hostile input (it comes over the network to the collector):
 * its size, nesting depth, candidate, address, role and evidence counts and
 * every string's length are capped below; strings must be valid UTF-8 without
 * NUL. An error names the JSON path: "candidates[3].mac: not a MAC address".
 * Beyond the schema: candidates may carry "infrastructure" (boolean) and
 * "class_confidence" (number 0-1), which newer agents add. Every limits
 * field is a count (an integer >= 0, else the report is refused; past
 * INT64_MAX it reads as INT64_MAX); spool_backlog and spool_dropped, which
 * only a delivering agent's spool adds, are kept, each with has_ set when
 * present. */
#ifndef EGRESSWATCH_REPORT_READ_H
#define EGRESSWATCH_REPORT_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "egresswatch/addr.h"

#define EW_REPORT_SCHEMA "egresswatch.report/1"
#define EW_REPORT_TEXT_MAX (64u * 1024 * 1024) /* bytes of one report's JSON text */
#define EW_REPORT_DEPTH_MAX 24                 /* JSON nesting (a report needs 7) */
#define EW_REPORT_CANDIDATES_MAX 10000u
#define EW_REPORT_SUBNETS_MAX 1024u
#define EW_REPORT_ADDRS_MAX 1024u    /* ipv4 and ipv6 addresses of one candidate, each */
#define EW_REPORT_ROLES_MAX 64u
#define EW_REPORT_EVIDENCE_MAX 256u  /* evidence records of one candidate */
#define EW_REPORT_STRING_MAX 4096u   /* bytes of one string (reason, vendor, ids) */
#define EW_REPORT_SUMMARY_MAX 1024u  /* bytes of one evidence summary */
#define EW_REPORT_ERR_MAX 256u       /* a useful size for the err buffer */
#define EW_REPORT_PLACES_MAX 64u     /* location.seen_elsewhere entries of one candidate */
#define EW_REPORT_SWITCHES_MAX 256u  /* location.switch_errors entries of one candidate */

struct ew_report_subnet {
	struct ew_prefix prefix;
	char from[8]; /* config|dhcp|arp|ra|nd */
	int vlan;     /* -1: untagged frames or every VLAN (null) */
};

struct ew_report_candidate {
	struct ew_mac mac;
	int vlan;                 /* -1: untagged (null) */
	bool declared;
	bool has_infrastructure, infrastructure;
	bool mac_local;
	char *vendor, *reason;
	struct ew_ip *ipv4, *ipv6;
	size_t ipv4_count, ipv6_count;
	char cls[32];
	double confidence;
	bool has_class_confidence;
	double class_confidence;
	char **roles;
	size_t role_count;
	int64_t first_seen, last_seen; /* usec since the epoch */
	uint64_t inside_hosts, remote_addrs;
	bool routes;              /* a forwarding or many_addresses evidence record */
	char *evidence_json;      /* the evidence array, compact JSON */
	char *evidence_summary;   /* "forwarding×121 frames_out=62 …; dhcp_offer×2 …" */
	/* "location" (issue 11), as one line for a person (the sheet's 設置場所):
	 * "3F-East-Room-305 (sw-3f-e Gi1/0/17, VLAN 20)" for an edge port, the
	 * uplinks it was seen on otherwise; NULL when the report has no location
	 * or no switch knew the MAC. location_read_at: when the table was read. */
	char *location;
	int64_t location_read_at;
};

struct ew_report {
	char report_id[37];
	char *agent_id, *site, *segment, *interface, *version;
	int64_t window_start, window_end; /* usec since the epoch */
	char source[8];           /* live|file */
	uint64_t packets, bytes, dropped, evicted;
	bool truncated;
	struct ew_report_subnet *subnets;
	size_t subnet_count;
	struct ew_report_candidate *candidates;
	size_t candidate_count;
	uint64_t hosts_seen;
	/* limits.spool_backlog: reports waiting in the agent's spool when this
	 * one was spooled; limits.spool_dropped: reports its cap dropped since
	 * the previous one was spooled (a delta, not a running total). */
	bool has_spool_backlog, has_spool_dropped;
	uint64_t spool_backlog, spool_dropped;
};

/* 0, or -1 with err filled (JSON path and reason) and out empty. */
int ew_report_read(const char *text, size_t len, struct ew_report *out, char *err, size_t errlen);
void ew_report_read_free(struct ew_report *r);
/* RFC 3339 date-time to usec since the epoch (fraction past 6 digits cut). */
bool ew_report_read_time(const char *s, int64_t *usec);

#endif
