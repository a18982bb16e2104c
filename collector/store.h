/* SPDX-License-Identifier: ISC */
/* store.h - everything the collector keeps, behind one interface with two
 * backends: SQLite (embedded, the default) and PostgreSQL.
 *
 * Sites; ledgers (a re-import replaces the site's ledger atomically and keeps
 * every previous version); reports (report_id unique, so storing one again is
 * a no-op, and the raw JSON is kept); one candidate row per report candidate;
 * access tokens (only their SHA-256). Every multi-row write is one
 * transaction: nothing is half-stored. Errors: -1 and ew_store_error() says
 * what, prefixed with the backend ("sqlite: …", "postgresql: …"). */
#ifndef EGRESSWATCH_COLLECTOR_STORE_H
#define EGRESSWATCH_COLLECTOR_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "device.h"
#include "egresswatch/report_read.h"
#include "ledger.h"

#define EW_STORE_DEFAULT_URL "egresswatch.db"
#define EW_STORE_SITE_MAX 128u   /* bytes of a site name */
#define EW_STORE_AGENT_MAX 256u  /* bytes of an agent id (a key PostgreSQL can index) */
#define EW_STORE_DEVICES_MAX 1000000u /* devices one query returns */
#define EW_STORE_ERR_MAX 512u     /* bytes of an error message */

struct ew_store;

/* url: "postgresql://…" or "postgres://…" (libpq), "sqlite:PATH", or a PATH.
 * Creates or migrates the schema. 0, or -1 with err filled and *out NULL. */
int ew_store_open(const char *url, struct ew_store **out, char *err, size_t errlen);
void ew_store_close(struct ew_store *s);
const char *ew_store_error(const struct ew_store *s);
const char *ew_store_backend_name(const struct ew_store *s); /* "sqlite" or "postgresql" */

/* A transaction around several calls (ingest of one file). Calls made
 * outside one run in their own. */
int ew_store_begin(struct ew_store *s);
int ew_store_commit(struct ew_store *s);
void ew_store_rollback(struct ew_store *s);

/* Stores a checked report and its candidates under r->site (created if new),
 * and updates its agent's row (ew_store_agents) in the same transaction.
 * raw is the report's JSON text as received. 0 stored, 1 already stored (the
 * same report_id: nothing changes), -1 error (an agent id of
 * EW_STORE_AGENT_MAX bytes or more too). */
int ew_store_report_add(struct ew_store *s, const struct ew_report *r, const char *raw);
size_t ew_store_report_count(struct ew_store *s, const char *site); /* 0 on error too */

/* Makes l the site's current ledger (a new version; the previous ones stay).
 * source names the file. 0 with *version set, or -1. */
int ew_store_ledger_replace(struct ew_store *s, const char *site, const struct ew_ledger *l, const char *source,
			    unsigned *version);
/* The site's current ledger (or version `version` when it is not 0), to be
 * freed with ew_store_ledger_free. 0, 1 when the site has none, -1 error. */
int ew_store_ledger_load(struct ew_store *s, const char *site, unsigned version, struct ew_ledger *out,
			 unsigned *loaded_version);
void ew_store_ledger_free(struct ew_ledger *l);

/* The site's devices: every candidate with last_seen >= since (usec; 0 for
 * all) folded per (MAC, VLAN) with ew_device_merge, sorted by MAC then VLAN.
 * reports and the window count the site's reports whose window ends at or
 * after since. Free with ew_devices_free. */
struct ew_store_window {
	size_t reports;
	int64_t start, end; /* usec; 0 when there are no reports */
};
int ew_store_devices(struct ew_store *s, const char *site, int64_t since, struct ew_device **out, size_t *count,
		     struct ew_store_window *w);

struct ew_store_site {
	char name[EW_STORE_SITE_MAX];
	size_t reports, candidates, ledger_lines;
	unsigned ledger_version;  /* 0: no ledger */
	int64_t last_window_end;  /* usec, 0: no reports */
};
/* Every site, by name. Free *out with free(). */
int ew_store_sites(struct ew_store *s, struct ew_store_site **out, size_t *count);

/* Each agent that has a report stored, as of its reports: when the latest
 * was stored, the latest window end, and what its spool said. The spool
 * backlog is the one of the agent's report with the latest window end among
 * those that carried it (a report carried late by hand does not undo a newer
 * one); spool_dropped adds up every stored report's limits.spool_dropped
 * (each counts the drops since the one before), saturating at INT64_MAX. */
struct ew_store_agent {
	char site[EW_STORE_SITE_MAX];
	char id[EW_STORE_AGENT_MAX];
	int64_t last_received_at, last_window_end; /* usec */
	bool has_spool;         /* a report of the agent carried limits.spool_backlog */
	int64_t spool_backlog;  /* when has_spool */
	int64_t spool_dropped;  /* 0 when none carried it */
};
/* At most max agents, by site then agent id; *more says whether the store
 * holds others. Free *out with free(). */
int ew_store_agents(struct ew_store *s, size_t max, struct ew_store_agent **out, size_t *count, bool *more);

/* Evidence captures (a pcap per report, MAC and VLAN), kept as base64
 * text. report_site: the stored report's site (so the caller can check the
 * token's) -- 0 found, 1 no such report, -1 error. evidence_put replaces
 * what the same report, MAC and VLAN had. evidence_get: 0 found (*b64
 * malloc'd, site filled), 1 none, -1 error. */
#define EW_STORE_EVIDENCE_MAX 100000u /* captures one listing returns */
int ew_store_report_site(struct ew_store *s, const char *report_id, char site[EW_STORE_SITE_MAX]);
int ew_store_evidence_put(struct ew_store *s, const char *report_id, const char *mac, unsigned vlan, size_t size,
			  const char *b64);
int ew_store_evidence_get(struct ew_store *s, const char *report_id, const char *mac, unsigned vlan,
			  char site[EW_STORE_SITE_MAX], char **b64);
struct ew_store_evidence {
	char mac[18];
	unsigned vlan;
	char report_id[37];
	int64_t size, window_end;
};
/* The latest capture of each (MAC, VLAN) of the site. Free *out with free(). */
int ew_store_evidence_list(struct ew_store *s, const char *site, struct ew_store_evidence **out, size_t *count);

/* Tokens: hash_hex is the SHA-256 of the token as 64 lowercase hex digits;
 * role is agent, viewer or admin; site is NULL for admin, required for the
 * others (created if new). */
int ew_store_token_add(struct ew_store *s, const char *hash_hex, const char *role, const char *site);
/* 0 found (role, site and the stored hash filled; site "" for admin),
 * 1 unknown, -1 error. */
int ew_store_token_find(struct ew_store *s, const char *hash_hex, char role[16], char site[EW_STORE_SITE_MAX],
			char stored_hash[65]);

#endif
