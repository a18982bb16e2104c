/* SPDX-License-Identifier: ISC */
/* store_sqlite.c - the store on SQLite (embedded, the default). */
#include "store_sqlite.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SQ_CACHE 64u          /* distinct statements store.c runs (fewer than this) */
#define SQ_BUSY_MS 5000       /* wait this long for another writer */
#define SQ_SQL_MAX 4096u      /* bytes of one statement's text */

struct ew_store_stmt {
	sqlite3_stmt *st;
	int rc; /* of the last step */
};

struct sq_entry {
	const char *sql;      /* the caller's static string: the cache key */
	struct ew_store_stmt w;
};

struct sq {
	sqlite3 *db;
	struct sq_entry cache[SQ_CACHE];
};

_Static_assert(EW_STORE_AGENT_MAX == 256u, "migration 4 backfills agent ids under 256 bytes only");

/* Schema versions, in order; PRAGMA user_version is how many have run. */
static const char *const sq_migrations[] = {
	/* 1: sites, ledgers (every version kept), reports, candidates, tokens */
	"CREATE TABLE sites (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL);"
	"CREATE TABLE ledger_versions (id INTEGER PRIMARY KEY, site_id INTEGER NOT NULL REFERENCES sites(id),"
	" version INTEGER NOT NULL, imported_at INTEGER NOT NULL, source TEXT NOT NULL, format TEXT NOT NULL,"
	" encoding TEXT NOT NULL, line_count INTEGER NOT NULL, UNIQUE (site_id, version));"
	"CREATE TABLE ledger_lines (id INTEGER PRIMARY KEY,"
	" version_id INTEGER NOT NULL REFERENCES ledger_versions(id) ON DELETE CASCADE, seq INTEGER NOT NULL,"
	" row INTEGER NOT NULL, no TEXT NOT NULL, want_version_check INTEGER NOT NULL, want_vuln_scan INTEGER NOT NULL,"
	" emr_connected INTEGER NOT NULL, purpose TEXT NOT NULL, service TEXT NOT NULL, line_id TEXT NOT NULL,"
	" carrier TEXT NOT NULL, holder TEXT NOT NULL, device_kind TEXT NOT NULL, maker TEXT NOT NULL,"
	" model TEXT NOT NULL, location TEXT NOT NULL, department TEXT NOT NULL, vendor TEXT NOT NULL,"
	" method TEXT NOT NULL, note TEXT NOT NULL, macs TEXT NOT NULL, ips TEXT NOT NULL, UNIQUE (version_id, seq));"
	"CREATE TABLE reports (id INTEGER PRIMARY KEY, report_id TEXT NOT NULL UNIQUE,"
	" site_id INTEGER NOT NULL REFERENCES sites(id), agent_id TEXT NOT NULL, segment TEXT NOT NULL,"
	" interface TEXT NOT NULL, agent_version TEXT NOT NULL, window_start INTEGER NOT NULL,"
	" window_end INTEGER NOT NULL, received_at INTEGER NOT NULL, source TEXT NOT NULL, packets INTEGER NOT NULL,"
	" bytes INTEGER NOT NULL, dropped INTEGER NOT NULL, evicted INTEGER NOT NULL, hosts_seen INTEGER NOT NULL,"
	" candidate_count INTEGER NOT NULL, raw TEXT NOT NULL);"
	"CREATE INDEX reports_site_window ON reports (site_id, window_end);"
	"CREATE TABLE candidates (id INTEGER PRIMARY KEY,"
	" report_ref INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,"
	" site_id INTEGER NOT NULL REFERENCES sites(id), mac TEXT NOT NULL, vlan INTEGER NOT NULL,"
	" declared INTEGER NOT NULL, infrastructure INTEGER NOT NULL, routes INTEGER NOT NULL, vendor TEXT NOT NULL,"
	" ipv4 TEXT NOT NULL, ipv6 TEXT NOT NULL, class TEXT NOT NULL, confidence REAL NOT NULL,"
	" class_confidence REAL NOT NULL, roles TEXT NOT NULL, reason TEXT NOT NULL, first_seen INTEGER NOT NULL,"
	" last_seen INTEGER NOT NULL, inside_hosts INTEGER NOT NULL, remote_addrs INTEGER NOT NULL,"
	" evidence_summary TEXT NOT NULL, evidence_json TEXT NOT NULL);"
	"CREATE INDEX candidates_device ON candidates (site_id, mac, vlan, last_seen);"
	"CREATE INDEX candidates_report ON candidates (report_ref);"
	"CREATE TABLE tokens (id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE,"
	" role TEXT NOT NULL CHECK (role IN ('agent', 'viewer', 'admin')), site_id INTEGER REFERENCES sites(id),"
	" created_at INTEGER NOT NULL);",
	/* 2: where each candidate is plugged in (the agent's switch lookup, issue 11) */
	"ALTER TABLE candidates ADD COLUMN location TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE candidates ADD COLUMN location_read_at INTEGER NOT NULL DEFAULT 0;",
	/* 3: evidence captures sent with a report, one per (report, MAC, VLAN); base64 text, as in PostgreSQL */
	"CREATE TABLE evidence (id INTEGER PRIMARY KEY,"
	" report_ref INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE, mac TEXT NOT NULL,"
	" vlan INTEGER NOT NULL, size INTEGER NOT NULL, received_at INTEGER NOT NULL, data TEXT NOT NULL,"
	" UNIQUE (report_ref, mac, vlan));",
	/* 4: per agent, what /metrics shows after a restart (store.c keeps it with each report stored). The
	 * spool counts start empty: the reports stored before were read without them. */
	"CREATE TABLE agents (site_id INTEGER NOT NULL REFERENCES sites(id), agent_id TEXT NOT NULL,"
	" last_received_at INTEGER NOT NULL, last_window_end INTEGER NOT NULL, spool_window_end INTEGER,"
	" spool_backlog INTEGER, spool_dropped INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (site_id, agent_id));"
	"INSERT INTO agents (site_id, agent_id, last_received_at, last_window_end)"
	" SELECT site_id, agent_id, max(received_at), max(window_end) FROM reports"
	" WHERE length(CAST(agent_id AS BLOB)) < 256 GROUP BY site_id, agent_id;", /* EW_STORE_AGENT_MAX */
};
#define SQ_VERSION ((int)(sizeof sq_migrations / sizeof sq_migrations[0]))

static void sq_err(sqlite3 *db, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "sqlite: %s: %s", what, db ? sqlite3_errmsg(db) : "out of memory");
}

static int sq_exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "sqlite: %s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int sq_user_version(sqlite3 *db, int *v, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK) {
		sq_err(db, "user_version", err, errlen);
		return -1;
	}
	*v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return 0;
}

/* Each migration and its version bump in one transaction. */
static int sq_migrate(sqlite3 *db, char *err, size_t errlen)
{
	if (sq_exec(db, "BEGIN IMMEDIATE", err, errlen) < 0)
		return -1;
	int v;
	if (sq_user_version(db, &v, err, errlen) < 0)
		goto fail;
	if (v > SQ_VERSION) {
		snprintf(err, errlen, "sqlite: the database is schema version %d, newer than this collector (%d)", v,
			 SQ_VERSION);
		goto fail;
	}
	for (; v < SQ_VERSION; v++) {
		char bump[64];
		snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v + 1);
		if (sq_exec(db, sq_migrations[v], err, errlen) < 0 || sq_exec(db, bump, err, errlen) < 0)
			goto fail;
	}
	return sq_exec(db, "COMMIT", err, errlen);
fail:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static void *sq_open(const char *target, char *err, size_t errlen)
{
	struct sq *q = calloc(1, sizeof *q);
	if (!q) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (sqlite3_open_v2(target, &q->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "sqlite: %s: %s", target, q->db ? sqlite3_errmsg(q->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(q->db, SQ_BUSY_MS);
	sqlite3_extended_result_codes(q->db, 1);
	if (sq_exec(q->db, "PRAGMA journal_mode = WAL", err, errlen) < 0 ||
	    sq_exec(q->db, "PRAGMA synchronous = NORMAL", err, errlen) < 0 ||
	    sq_exec(q->db, "PRAGMA foreign_keys = ON", err, errlen) < 0 || sq_migrate(q->db, err, errlen) < 0)
		goto fail;
	return q;
fail:
	sqlite3_close(q->db);
	free(q);
	return NULL;
}

static void sq_close(void *db)
{
	struct sq *q = db;
	if (!q)
		return;
	for (size_t i = 0; i < SQ_CACHE; i++)
		sqlite3_finalize(q->cache[i].w.st);
	sqlite3_close(q->db);
	free(q);
}

static int sq_begin(void *db, char *err, size_t errlen)
{
	return sq_exec(((struct sq *)db)->db, "BEGIN IMMEDIATE", err, errlen);
}

static int sq_commit(void *db, char *err, size_t errlen)
{
	return sq_exec(((struct sq *)db)->db, "COMMIT", err, errlen);
}

static void sq_rollback(void *db)
{
	sqlite3_exec(((struct sq *)db)->db, "ROLLBACK", NULL, NULL, NULL);
}

/* The cached statement for sql, prepared on first use ($N read as ?N). */
static struct sq_entry *sq_prepare(struct sq *q, const char *sql, char *err, size_t errlen)
{
	size_t h = ((uintptr_t)sql >> 3) % SQ_CACHE;
	for (size_t k = 0; k < SQ_CACHE; k++, h = (h + 1) % SQ_CACHE) {
		struct sq_entry *e = &q->cache[h];
		if (e->sql == sql)
			return e;
		if (e->sql)
			continue;
		char text[SQ_SQL_MAX];
		size_t n = strlen(sql);
		if (n >= sizeof text) {
			snprintf(err, errlen, "sqlite: statement longer than %u bytes", SQ_SQL_MAX);
			return NULL;
		}
		for (size_t i = 0; i <= n; i++)
			text[i] = sql[i] == '$' ? '?' : sql[i];
		if (sqlite3_prepare_v3(q->db, text, -1, SQLITE_PREPARE_PERSISTENT, &e->w.st, NULL) != SQLITE_OK) {
			sq_err(q->db, "prepare", err, errlen);
			e->w.st = NULL;
			return NULL;
		}
		e->sql = sql;
		return e;
	}
	snprintf(err, errlen, "sqlite: more than %u distinct statements", SQ_CACHE);
	return NULL;
}

static struct ew_store_stmt *sq_run(void *db, const char *sql, const struct ew_store_param *p, size_t n, char *err,
				    size_t errlen)
{
	struct sq *q = db;
	struct sq_entry *e = sq_prepare(q, sql, err, errlen);
	if (!e)
		return NULL;
	sqlite3_stmt *st = e->w.st;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	for (size_t i = 0; i < n; i++) {
		int c = (int)i + 1, rc;
		switch (p[i].type) {
		case EW_SP_TEXT:
			rc = sqlite3_bind_text(st, c, p[i].s, -1, SQLITE_STATIC);
			break;
		case EW_SP_INT:
			rc = sqlite3_bind_int64(st, c, p[i].i);
			break;
		case EW_SP_REAL:
			rc = sqlite3_bind_double(st, c, p[i].d);
			break;
		default:
			rc = sqlite3_bind_null(st, c);
			break;
		}
		if (rc != SQLITE_OK) {
			sq_err(q->db, "bind", err, errlen);
			return NULL;
		}
	}
	e->w.rc = SQLITE_OK;
	return &e->w;
}

static int sq_next(struct ew_store_stmt *w, char *err, size_t errlen)
{
	w->rc = sqlite3_step(w->st);
	if (w->rc == SQLITE_ROW)
		return 1;
	if (w->rc == SQLITE_DONE)
		return 0;
	sq_err(sqlite3_db_handle(w->st), "step", err, errlen);
	return -1;
}

static int sq_is_null(struct ew_store_stmt *w, int col)
{
	return sqlite3_column_type(w->st, col) == SQLITE_NULL;
}

static const char *sq_text(struct ew_store_stmt *w, int col)
{
	const unsigned char *t = sqlite3_column_text(w->st, col);
	return t ? (const char *)t : "";
}

static int64_t sq_int64(struct ew_store_stmt *w, int col)
{
	return sqlite3_column_int64(w->st, col);
}

static double sq_real(struct ew_store_stmt *w, int col)
{
	return sqlite3_column_double(w->st, col);
}

static void sq_finish(struct ew_store_stmt *w)
{
	if (w) {
		sqlite3_reset(w->st);
		sqlite3_clear_bindings(w->st);
	}
}

const struct ew_store_backend ew_store_sqlite = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.run = sq_run,
	.next = sq_next,
	.is_null = sq_is_null,
	.text = sq_text,
	.int64 = sq_int64,
	.real = sq_real,
	.finish = sq_finish,
};
