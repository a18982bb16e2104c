/* SPDX-License-Identifier: ISC */
/* store.c - the store's operations, written once over the backend interface
 * (store_backend.h): every statement here runs on SQLite and PostgreSQL. */
#include "store.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "egresswatch/buf.h"
#include "store_backend.h"
#include "store_pg.h"
#include "store_sqlite.h"

#define LIST_TEXT_MAX (1024u * 64) /* bytes of one stored address or role list */

struct ew_store {
	const struct ew_store_backend *b;
	void *db;
	bool in_tx;
	char err[EW_STORE_ERR_MAX];
};

#define P_T(x) {EW_SP_TEXT, (x), 0, 0.0}
#define P_I(x) {EW_SP_INT, NULL, (int64_t)(x), 0.0}
#define P_R(x) {EW_SP_REAL, NULL, 0, (x)}
#define NPARAMS(a) (sizeof(a) / sizeof((a)[0]))

static int64_t now_usec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t clamp_u64(uint64_t v)
{
	return v > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)v;
}

static int store_fail(struct ew_store *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int store_fail(struct ew_store *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
	return -1;
}

int ew_store_open(const char *url, struct ew_store **out, char *err, size_t errlen)
{
	*out = NULL;
	struct ew_store *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	const char *target = url && *url ? url : EW_STORE_DEFAULT_URL;
	if (strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0) {
		s->b = &ew_store_pg;
	} else {
		s->b = &ew_store_sqlite;
		if (strncmp(target, "sqlite:", 7) == 0)
			target += 7;
		if (!*target) {
			snprintf(err, errlen, "sqlite: no database path in %s", url);
			free(s);
			return -1;
		}
	}
	s->db = s->b->open(target, err, errlen);
	if (!s->db) {
		free(s);
		return -1;
	}
	*out = s;
	return 0;
}

void ew_store_close(struct ew_store *s)
{
	if (!s)
		return;
	if (s->in_tx)
		s->b->rollback(s->db);
	s->b->close(s->db);
	free(s);
}

const char *ew_store_error(const struct ew_store *s)
{
	return s->err;
}

const char *ew_store_backend_name(const struct ew_store *s)
{
	return s->b->name;
}

int ew_store_begin(struct ew_store *s)
{
	if (s->in_tx)
		return store_fail(s, "%s: a transaction is already open", s->b->name);
	if (s->b->begin(s->db, s->err, sizeof s->err) < 0)
		return -1;
	s->in_tx = true;
	return 0;
}

int ew_store_commit(struct ew_store *s)
{
	if (!s->in_tx)
		return store_fail(s, "%s: no transaction is open", s->b->name);
	s->in_tx = false;
	if (s->b->commit(s->db, s->err, sizeof s->err) < 0) {
		s->b->rollback(s->db);
		return -1;
	}
	return 0;
}

void ew_store_rollback(struct ew_store *s)
{
	if (s->in_tx)
		s->b->rollback(s->db);
	s->in_tx = false;
}

/* A call outside a transaction gets its own: *own says whether to end it. */
static int tx_enter(struct ew_store *s, bool *own)
{
	*own = !s->in_tx;
	return *own ? ew_store_begin(s) : 0;
}

static int tx_leave(struct ew_store *s, bool own, int rc)
{
	if (!own)
		return rc;
	if (rc < 0) {
		ew_store_rollback(s);
		return rc;
	}
	return ew_store_commit(s) < 0 ? -1 : rc;
}

static struct ew_store_stmt *run(struct ew_store *s, const char *sql, const struct ew_store_param *p, size_t n)
{
	return s->b->run(s->db, sql, p, n, s->err, sizeof s->err);
}

/* A statement whose rows, if any, are not wanted. */
static int exec(struct ew_store *s, const char *sql, const struct ew_store_param *p, size_t n)
{
	struct ew_store_stmt *st = run(s, sql, p, n);
	if (!st)
		return -1;
	int rc;
	while ((rc = s->b->next(st, s->err, sizeof s->err)) > 0)
		;
	s->b->finish(st);
	return rc;
}

/* The first column of the first row as an integer: 1 found, 0 no row, -1. */
static int one_int(struct ew_store *s, const char *sql, const struct ew_store_param *p, size_t n, int64_t *out)
{
	struct ew_store_stmt *st = run(s, sql, p, n);
	if (!st)
		return -1;
	int rc = s->b->next(st, s->err, sizeof s->err);
	if (rc > 0)
		*out = s->b->is_null(st, 0) ? 0 : s->b->int64(st, 0);
	s->b->finish(st);
	return rc;
}

static const char SQL_SITE_FIND[] = "SELECT id FROM sites WHERE name = $1";
static const char SQL_SITE_ADD[] =
	"INSERT INTO sites (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id";

/* The site's id: 1 found (or created), 0 absent (create false), -1 error. */
static int site_id(struct ew_store *s, const char *name, bool create, int64_t *id)
{
	if (strlen(name) >= EW_STORE_SITE_MAX || !*name)
		return store_fail(s, "site name empty or longer than %u bytes", EW_STORE_SITE_MAX - 1);
	struct ew_store_param p[] = {P_T(name), P_I(now_usec())};
	int rc = one_int(s, SQL_SITE_FIND, p, 1, id);
	if (rc != 0 || !create)
		return rc;
	rc = one_int(s, SQL_SITE_ADD, p, 2, id);
	if (rc == 0) /* another writer created it between the two */
		rc = one_int(s, SQL_SITE_FIND, p, 1, id);
	return rc;
}

static bool list_ips(struct ew_buf *b, const struct ew_ip *ips, size_t n)
{
	ew_buf_reset(b);
	for (size_t i = 0; i < n; i++) {
		char t[EW_IP_STRLEN];
		ew_ip_str(&ips[i], t);
		if ((i && !ew_buf_adds(b, ",")) || !ew_buf_adds(b, t))
			return false;
	}
	return ew_buf_adds(b, "");
}

static const char SQL_REPORT_ADD[] =
	"INSERT INTO reports (report_id, site_id, agent_id, segment, interface, agent_version, window_start,"
	" window_end, received_at, source, packets, bytes, dropped, evicted, hosts_seen, candidate_count, raw)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
	" ON CONFLICT (report_id) DO NOTHING RETURNING id";
static const char SQL_CANDIDATE_ADD[] =
	"INSERT INTO candidates (report_ref, site_id, mac, vlan, declared, infrastructure, routes, vendor, ipv4, ipv6,"
	" class, confidence, class_confidence, roles, reason, first_seen, last_seen, inside_hosts, remote_addrs,"
	" evidence_summary, evidence_json, location, location_read_at)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,"
	" $23)";

/* The agent's row: the latest take and window; the backlog of the newest
 * window that carried one; the dropped reports added up, saturating (an
 * agent sending INT64_MAX twice must not make its next report fail). A
 * report without the spool counts passes NULL and 0. */
static const char SQL_AGENT_SEEN[] =
	"INSERT INTO agents (site_id, agent_id, last_received_at, last_window_end, spool_window_end, spool_backlog,"
	" spool_dropped) VALUES ($1, $2, $3, $4, $5, $6, $7)"
	" ON CONFLICT (site_id, agent_id) DO UPDATE SET last_received_at = excluded.last_received_at,"
	" last_window_end = CASE WHEN excluded.last_window_end > agents.last_window_end"
	" THEN excluded.last_window_end ELSE agents.last_window_end END,"
	" spool_window_end = CASE WHEN excluded.spool_backlog IS NOT NULL AND (agents.spool_backlog IS NULL"
	" OR excluded.spool_window_end >= agents.spool_window_end) THEN excluded.spool_window_end"
	" ELSE agents.spool_window_end END,"
	" spool_backlog = CASE WHEN excluded.spool_backlog IS NOT NULL AND (agents.spool_backlog IS NULL"
	" OR excluded.spool_window_end >= agents.spool_window_end) THEN excluded.spool_backlog"
	" ELSE agents.spool_backlog END,"
	" spool_dropped = CASE WHEN agents.spool_dropped > 9223372036854775807 - excluded.spool_dropped"
	" THEN 9223372036854775807 ELSE agents.spool_dropped + excluded.spool_dropped END";

static int agent_seen(struct ew_store *s, int64_t site, const struct ew_report *r, int64_t received)
{
	struct ew_store_param p[] = {P_I(site), P_T(r->agent_id), P_I(received), P_I(r->window_end),
				     P_I(r->window_end), P_I(clamp_u64(r->spool_backlog)),
				     P_I(r->has_spool_dropped ? clamp_u64(r->spool_dropped) : 0)};
	if (!r->has_spool_backlog)
		p[4].type = p[5].type = EW_SP_NULL;
	return exec(s, SQL_AGENT_SEEN, p, NPARAMS(p));
}

/* Candidates go in CAND_BATCH rows per statement (fewer round trips to a
 * PostgreSQL server); the statement text is built once from the one-row form. */
#define CAND_COLS 23
#define CAND_BATCH 10
_Static_assert(CAND_COLS * CAND_BATCH <= EW_STORE_PARAMS_MAX, "a candidate batch fits the parameter cap");

static const char *sql_candidate_batch(void)
{
	static char sql[sizeof SQL_CANDIDATE_ADD + CAND_BATCH * CAND_COLS * 8];
	if (sql[0])
		return sql;
	const char *values = strstr(SQL_CANDIDATE_ADD, " VALUES ");
	size_t o = (size_t)(values - SQL_CANDIDATE_ADD);
	memcpy(sql, SQL_CANDIDATE_ADD, o);
	o += (size_t)snprintf(sql + o, sizeof sql - o, " VALUES ");
	for (int r = 0; r < CAND_BATCH; r++) {
		o += (size_t)snprintf(sql + o, sizeof sql - o, "%s(", r ? ", " : "");
		for (int c = 0; c < CAND_COLS; c++)
			o += (size_t)snprintf(sql + o, sizeof sql - o, "%s$%d", c ? ", " : "", r * CAND_COLS + c + 1);
		o += (size_t)snprintf(sql + o, sizeof sql - o, ")");
	}
	return sql;
}

/* The text columns of one candidate row, kept alive until its batch runs. */
struct cand_text {
	char mac[EW_MAC_STRLEN];
	struct ew_buf v4, v6, roles;
};

static int report_insert(struct ew_store *s, const struct ew_report *r, const char *raw)
{
	int64_t site, ref, received = now_usec();
	if (strlen(r->agent_id) >= EW_STORE_AGENT_MAX)
		return store_fail(s, "agent.id: longer than %u bytes", EW_STORE_AGENT_MAX - 1);
	int rc = site_id(s, r->site, true, &site);
	if (rc <= 0)
		return rc < 0 ? -1 : store_fail(s, "site %s could not be created", r->site);
	struct ew_store_param rp[] = {
		P_T(r->report_id), P_I(site), P_T(r->agent_id), P_T(r->segment), P_T(r->interface), P_T(r->version),
		P_I(r->window_start), P_I(r->window_end), P_I(received), P_T(r->source), P_I(clamp_u64(r->packets)),
		P_I(clamp_u64(r->bytes)), P_I(clamp_u64(r->dropped)), P_I(clamp_u64(r->evicted)),
		P_I(clamp_u64(r->hosts_seen)), P_I(r->candidate_count), P_T(raw)};
	rc = one_int(s, SQL_REPORT_ADD, rp, NPARAMS(rp), &ref);
	if (rc <= 0)
		return rc < 0 ? -1 : 1; /* no row: the report_id is stored already */
	if (agent_seen(s, site, r, received) < 0)
		return -1;
	struct ew_store_param cp[CAND_COLS * CAND_BATCH];
	struct cand_text t[CAND_BATCH];
	for (size_t k = 0; k < CAND_BATCH; k++) {
		ew_buf_init(&t[k].v4, LIST_TEXT_MAX);
		ew_buf_init(&t[k].v6, LIST_TEXT_MAX);
		ew_buf_init(&t[k].roles, LIST_TEXT_MAX);
	}
	rc = 0;
	for (size_t i = 0; i < r->candidate_count && rc == 0;) {
		size_t n = r->candidate_count - i >= CAND_BATCH ? CAND_BATCH : 1;
		for (size_t k = 0; k < n; k++) {
			const struct ew_report_candidate *c = &r->candidates[i + k];
			struct cand_text *x = &t[k];
			ew_mac_str(&c->mac, x->mac);
			ew_buf_reset(&x->roles);
			bool ok = list_ips(&x->v4, c->ipv4, c->ipv4_count) && list_ips(&x->v6, c->ipv6, c->ipv6_count) &&
				  ew_buf_adds(&x->roles, "");
			for (size_t q = 0; ok && q < c->role_count; q++)
				ok = (!q || ew_buf_adds(&x->roles, ",")) && ew_buf_adds(&x->roles, c->roles[q]);
			if (!ok) {
				rc = store_fail(s, "candidates[%zu]: address or role list longer than %u bytes", i + k,
						LIST_TEXT_MAX);
				break;
			}
			struct ew_store_param row[CAND_COLS] = {
				P_I(ref), P_I(site), P_T(x->mac), P_I(c->vlan), P_I(c->declared),
				P_I(c->has_infrastructure && c->infrastructure), P_I(c->routes), P_T(c->vendor),
				P_T(x->v4.data), P_T(x->v6.data), P_T(c->cls), P_R(c->confidence),
				P_R(c->has_class_confidence ? c->class_confidence : c->confidence), P_T(x->roles.data),
				P_T(c->reason), P_I(c->first_seen), P_I(c->last_seen), P_I(clamp_u64(c->inside_hosts)),
				P_I(clamp_u64(c->remote_addrs)), P_T(c->evidence_summary), P_T(c->evidence_json),
				P_T(c->location ? c->location : ""), P_I(c->location_read_at)};
			memcpy(&cp[k * CAND_COLS], row, sizeof row);
		}
		if (rc == 0)
			rc = exec(s, n == CAND_BATCH ? sql_candidate_batch() : SQL_CANDIDATE_ADD, cp, n * CAND_COLS);
		i += n;
	}
	for (size_t k = 0; k < CAND_BATCH; k++) {
		ew_buf_free(&t[k].v4);
		ew_buf_free(&t[k].v6);
		ew_buf_free(&t[k].roles);
	}
	return rc;
}

int ew_store_report_add(struct ew_store *s, const struct ew_report *r, const char *raw)
{
	bool own;
	if (tx_enter(s, &own) < 0)
		return -1;
	return tx_leave(s, own, report_insert(s, r, raw));
}

size_t ew_store_report_count(struct ew_store *s, const char *site)
{
	static const char sql[] = "SELECT count(*) FROM reports r JOIN sites s ON s.id = r.site_id WHERE s.name = $1";
	struct ew_store_param p[] = {P_T(site)};
	int64_t n = 0;
	return one_int(s, sql, p, 1, &n) > 0 && n > 0 ? (size_t)n : 0;
}

/* Ledgers */

static const char SQL_LEDGER_MAXV[] = "SELECT coalesce(max(version), 0) FROM ledger_versions WHERE site_id = $1";
static const char SQL_LEDGER_VADD[] =
	"INSERT INTO ledger_versions (site_id, version, imported_at, source, format, encoding, line_count)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
static const char SQL_LEDGER_LINE_ADD[] =
	"INSERT INTO ledger_lines (version_id, seq, row, no, want_version_check, want_vuln_scan, emr_connected,"
	" purpose, service, line_id, carrier, holder, device_kind, maker, model, location, department, vendor,"
	" method, note, macs, ips)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)";

static const char *nz(const char *s)
{
	return s ? s : "";
}

static int ledger_insert(struct ew_store *s, const char *site, const struct ew_ledger *l, const char *source,
			 unsigned *version)
{
	int64_t sid, maxv = 0, vid;
	int rc = site_id(s, site, true, &sid);
	if (rc <= 0)
		return -1;
	struct ew_store_param vp[] = {P_I(sid)};
	if (one_int(s, SQL_LEDGER_MAXV, vp, 1, &maxv) < 0)
		return -1;
	struct ew_store_param ap[] = {P_I(sid), P_I(maxv + 1), P_I(now_usec()), P_T(nz(source)), P_T(l->format),
				      P_T(l->encoding), P_I(l->count)};
	if (one_int(s, SQL_LEDGER_VADD, ap, NPARAMS(ap), &vid) <= 0)
		return -1;
	struct ew_buf macs, ips;
	ew_buf_init(&macs, LIST_TEXT_MAX);
	ew_buf_init(&ips, LIST_TEXT_MAX);
	rc = 0;
	for (size_t i = 0; i < l->count && rc == 0; i++) {
		const struct ew_ledger_line *ln = &l->lines[i];
		ew_buf_reset(&macs);
		bool ok = ew_buf_adds(&macs, "");
		for (size_t k = 0; ok && k < ln->mac_count; k++) {
			char m[EW_MAC_STRLEN];
			ew_mac_str(&ln->macs[k], m);
			ok = (!k || ew_buf_adds(&macs, ",")) && ew_buf_adds(&macs, m);
		}
		if (!ok || !list_ips(&ips, ln->ips, ln->ip_count)) {
			rc = store_fail(s, "ledger row %u: address list too long", ln->row);
			break;
		}
		struct ew_store_param lp[] = {
			P_I(vid), P_I(i), P_I(ln->row), P_T(nz(ln->no)), P_I(ln->want_version_check),
			P_I(ln->want_vuln_scan), P_I(ln->emr_connected), P_T(nz(ln->purpose)), P_T(nz(ln->service)),
			P_T(nz(ln->line_id)), P_T(nz(ln->carrier)), P_T(nz(ln->holder)), P_T(nz(ln->device_kind)),
			P_T(nz(ln->maker)), P_T(nz(ln->model)), P_T(nz(ln->location)), P_T(nz(ln->department)),
			P_T(nz(ln->vendor)), P_T(nz(ln->method)), P_T(nz(ln->note)), P_T(macs.data), P_T(ips.data)};
		rc = exec(s, SQL_LEDGER_LINE_ADD, lp, NPARAMS(lp));
	}
	ew_buf_free(&macs);
	ew_buf_free(&ips);
	if (rc == 0)
		*version = (unsigned)(maxv + 1);
	return rc;
}

int ew_store_ledger_replace(struct ew_store *s, const char *site, const struct ew_ledger *l, const char *source,
			    unsigned *version)
{
	bool own;
	if (tx_enter(s, &own) < 0)
		return -1;
	return tx_leave(s, own, ledger_insert(s, site, l, source, version));
}

static char *text_copy(struct ew_store *s, struct ew_store_stmt *st, int col, bool *ok)
{
	char *t = strdup(s->b->text(st, col));
	if (!t)
		*ok = false;
	return t;
}

static enum ew_yesno yesno(int64_t v)
{
	return v == EW_YN_YES ? EW_YN_YES : v == EW_YN_NO ? EW_YN_NO : EW_YN_UNSET;
}

/* "a,b,c" into at most max parsed values; unparsable items are skipped
 * (they were written by this store from parsed values). */
static size_t parse_macs(const char *t, struct ew_mac *out, size_t max)
{
	size_t n = 0;
	while (*t && n < max) {
		char item[EW_MAC_STRLEN + 8];
		size_t len = strcspn(t, ",");
		if (len < sizeof item) {
			memcpy(item, t, len);
			item[len] = '\0';
			if (ew_mac_parse(item, &out[n]))
				n++;
		}
		t += len;
		if (*t == ',')
			t++;
	}
	return n;
}

static size_t parse_ips(const char *t, struct ew_ip *out, size_t max)
{
	size_t n = 0;
	while (*t && n < max) {
		char item[EW_IP_STRLEN];
		size_t len = strcspn(t, ",");
		if (len < sizeof item) {
			memcpy(item, t, len);
			item[len] = '\0';
			if (ew_ip_parse(item, &out[n]))
				n++;
		}
		t += len;
		if (*t == ',')
			t++;
	}
	return n;
}

void ew_store_ledger_free(struct ew_ledger *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->count; i++) {
		struct ew_ledger_line *ln = &l->lines[i];
		char *strs[] = {ln->no,	   ln->purpose,	 ln->service,	 ln->line_id, ln->carrier,
				ln->holder,	   ln->device_kind, ln->maker,	 ln->model,	 ln->location,
				ln->department, ln->vendor,	 ln->method,	 ln->note};
		for (size_t k = 0; k < NPARAMS(strs); k++)
			free(strs[k]);
	}
	free(l->lines);
	memset(l, 0, sizeof *l);
}

static const char SQL_LEDGER_CUR[] = "SELECT id, version, format, encoding, line_count FROM ledger_versions"
				     " WHERE site_id = $1 ORDER BY version DESC LIMIT 1";
static const char SQL_LEDGER_VER[] = "SELECT id, version, format, encoding, line_count FROM ledger_versions"
				     " WHERE site_id = $1 AND version = $2";
static const char SQL_LEDGER_LINES[] =
	"SELECT row, no, want_version_check, want_vuln_scan, emr_connected, purpose, service, line_id, carrier,"
	" holder, device_kind, maker, model, location, department, vendor, method, note, macs, ips"
	" FROM ledger_lines WHERE version_id = $1 ORDER BY seq";

int ew_store_ledger_load(struct ew_store *s, const char *site, unsigned version, struct ew_ledger *out,
			 unsigned *loaded_version)
{
	memset(out, 0, sizeof *out);
	int64_t sid;
	int rc = site_id(s, site, false, &sid);
	if (rc <= 0)
		return rc < 0 ? -1 : 1;
	struct ew_store_param vp[] = {P_I(sid), P_I(version)};
	struct ew_store_stmt *st = run(s, version ? SQL_LEDGER_VER : SQL_LEDGER_CUR, vp, version ? 2 : 1);
	if (!st)
		return -1;
	rc = s->b->next(st, s->err, sizeof s->err);
	int64_t vid = 0, count = 0;
	if (rc > 0) {
		vid = s->b->int64(st, 0);
		if (loaded_version)
			*loaded_version = (unsigned)s->b->int64(st, 1);
		snprintf(out->format, sizeof out->format, "%s", s->b->text(st, 2));
		snprintf(out->encoding, sizeof out->encoding, "%s", s->b->text(st, 3));
		count = s->b->int64(st, 4);
	}
	s->b->finish(st);
	if (rc <= 0)
		return rc < 0 ? -1 : 1;
	if (count < 0 || count > (int64_t)EW_LEDGER_ROWS_MAX)
		return store_fail(s, "%s: ledger version of %s holds %lld lines", s->b->name, site, (long long)count);
	out->lines = calloc(count ? (size_t)count : 1, sizeof *out->lines);
	if (!out->lines)
		return store_fail(s, "out of memory");
	struct ew_store_param lp[] = {P_I(vid)};
	if (!(st = run(s, SQL_LEDGER_LINES, lp, 1))) {
		ew_store_ledger_free(out);
		return -1;
	}
	bool ok = true;
	while (ok && (rc = s->b->next(st, s->err, sizeof s->err)) > 0 && out->count < (size_t)count) {
		struct ew_ledger_line *ln = &out->lines[out->count++];
		ln->row = (unsigned)s->b->int64(st, 0);
		ln->no = text_copy(s, st, 1, &ok);
		ln->want_version_check = yesno(s->b->int64(st, 2));
		ln->want_vuln_scan = yesno(s->b->int64(st, 3));
		ln->emr_connected = yesno(s->b->int64(st, 4));
		char **dst[] = {&ln->purpose, &ln->service, &ln->line_id, &ln->carrier, &ln->holder,
				&ln->device_kind, &ln->maker, &ln->model, &ln->location, &ln->department,
				&ln->vendor, &ln->method, &ln->note};
		for (size_t k = 0; k < NPARAMS(dst); k++)
			*dst[k] = text_copy(s, st, 5 + (int)k, &ok);
		ln->mac_count = parse_macs(s->b->text(st, 18), ln->macs, EW_LEDGER_MACS_MAX);
		ln->ip_count = parse_ips(s->b->text(st, 19), ln->ips, EW_LEDGER_IPS_MAX);
	}
	s->b->finish(st);
	if (!ok)
		rc = store_fail(s, "out of memory");
	if (rc < 0) {
		ew_store_ledger_free(out);
		return -1;
	}
	return 0;
}

/* Devices */

static const char SQL_DEVICES[] =
	"SELECT c.mac, c.vlan, c.declared, c.infrastructure, c.routes, c.vendor, c.ipv4, c.ipv6, c.class,"
	" c.confidence, c.class_confidence, c.roles, c.reason, c.first_seen, c.last_seen, c.inside_hosts,"
	" c.evidence_summary, c.evidence_json, r.agent_id, c.location, c.location_read_at"
	" FROM candidates c JOIN reports r ON r.id = c.report_ref"
	" WHERE c.site_id = $1 AND c.last_seen >= $2 ORDER BY c.mac, c.vlan";
static const char SQL_WINDOW[] =
	"SELECT count(*), coalesce(min(window_start), 0), coalesce(max(window_end), 0) FROM reports"
	" WHERE site_id = $1 AND window_end >= $2";

static int device_cmp(const void *x, const void *y)
{
	const struct ew_device *a = x, *b = y;
	int c = memcmp(a->mac.b, b->mac.b, EW_MAC_LEN);
	return c ? c : (a->vlan > b->vlan) - (a->vlan < b->vlan);
}

int ew_store_devices(struct ew_store *s, const char *site, int64_t since, struct ew_device **out, size_t *count,
		     struct ew_store_window *w)
{
	*out = NULL;
	*count = 0;
	memset(w, 0, sizeof *w);
	int64_t sid;
	int rc = site_id(s, site, false, &sid);
	if (rc <= 0)
		return rc;
	struct ew_store_param p[] = {P_I(sid), P_I(since)};
	struct ew_store_stmt *st = run(s, SQL_WINDOW, p, 2);
	if (!st)
		return -1;
	if ((rc = s->b->next(st, s->err, sizeof s->err)) > 0) {
		w->reports = (size_t)s->b->int64(st, 0);
		w->start = s->b->int64(st, 1);
		w->end = s->b->int64(st, 2);
	}
	s->b->finish(st);
	if (rc < 0)
		return -1;
	if (!(st = run(s, SQL_DEVICES, p, 2)))
		return -1;
	struct ew_device *devs = NULL;
	size_t n = 0, cap = 0;
	while ((rc = s->b->next(st, s->err, sizeof s->err)) > 0) {
		struct ew_device c;
		memset(&c, 0, sizeof c);
		if (!ew_mac_parse(s->b->text(st, 0), &c.mac))
			continue; /* written by this store from a parsed MAC: cannot happen */
		c.vlan = (int)s->b->int64(st, 1);
		c.declared = s->b->int64(st, 2) != 0;
		c.infrastructure = s->b->int64(st, 3) != 0;
		c.routes = s->b->int64(st, 4) != 0;
		/* borrowed: ew_device_merge copies what it keeps */
		c.vendor = (char *)s->b->text(st, 5);
		c.ipv4_count = parse_ips(s->b->text(st, 6), c.ipv4, EW_DEVICE_ADDRS_MAX);
		c.ipv6_count = parse_ips(s->b->text(st, 7), c.ipv6, EW_DEVICE_ADDRS_MAX);
		snprintf(c.cls, sizeof c.cls, "%s", s->b->text(st, 8));
		c.confidence = s->b->real(st, 9);
		c.class_confidence = s->b->real(st, 10);
		c.roles = (char *)s->b->text(st, 11);
		c.reason = (char *)s->b->text(st, 12);
		c.first_seen = s->b->int64(st, 13);
		c.last_seen = s->b->int64(st, 14);
		int64_t ih = s->b->int64(st, 15);
		c.inside_hosts = ih < 0 ? 0 : ih > (int64_t)UINT32_MAX ? UINT32_MAX : (unsigned)ih;
		c.evidence_summary = (char *)s->b->text(st, 16);
		c.evidence_json = (char *)s->b->text(st, 17);
		c.agents[0] = (char *)s->b->text(st, 18);
		c.location = (char *)s->b->text(st, 19);
		c.location_read_at = s->b->int64(st, 20);
		c.agent_count = 1;
		if (n > 0 && ew_mac_eq(&devs[n - 1].mac, &c.mac) && devs[n - 1].vlan == c.vlan) {
			if (ew_device_merge(&devs[n - 1], &c) < 0)
				goto oom;
			continue;
		}
		if (n == EW_STORE_DEVICES_MAX) {
			rc = store_fail(s, "site %s has more than %u devices", site, EW_STORE_DEVICES_MAX);
			break;
		}
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 256;
			struct ew_device *nd = realloc(devs, nc * sizeof *nd);
			if (!nd)
				goto oom;
			devs = nd;
			cap = nc;
		}
		memset(&devs[n], 0, sizeof devs[n]);
		if (ew_device_merge(&devs[n], &c) < 0)
			goto oom;
		n++;
	}
	s->b->finish(st);
	if (rc < 0) {
		ew_devices_free(devs, n);
		return -1;
	}
	if (n > 1)
		qsort(devs, n, sizeof *devs, device_cmp);
	*out = devs;
	*count = n;
	return 0;
oom:
	s->b->finish(st);
	ew_devices_free(devs, n);
	return store_fail(s, "out of memory");
}

/* Sites */

static const char SQL_SITES[] =
	"SELECT s.name,"
	" (SELECT count(*) FROM reports r WHERE r.site_id = s.id),"
	" (SELECT count(*) FROM candidates c WHERE c.site_id = s.id),"
	" (SELECT coalesce(max(v.version), 0) FROM ledger_versions v WHERE v.site_id = s.id),"
	" (SELECT v.line_count FROM ledger_versions v WHERE v.site_id = s.id ORDER BY v.version DESC LIMIT 1),"
	" (SELECT coalesce(max(r.window_end), 0) FROM reports r WHERE r.site_id = s.id)"
	" FROM sites s ORDER BY s.name";

int ew_store_sites(struct ew_store *s, struct ew_store_site **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	struct ew_store_stmt *st = run(s, SQL_SITES, NULL, 0);
	if (!st)
		return -1;
	struct ew_store_site *v = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = s->b->next(st, s->err, sizeof s->err)) > 0) {
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 16;
			struct ew_store_site *nv = realloc(v, nc * sizeof *nv);
			if (!nv) {
				rc = store_fail(s, "out of memory");
				break;
			}
			v = nv;
			cap = nc;
		}
		struct ew_store_site *e = &v[n++];
		memset(e, 0, sizeof *e);
		snprintf(e->name, sizeof e->name, "%s", s->b->text(st, 0));
		e->reports = (size_t)s->b->int64(st, 1);
		e->candidates = (size_t)s->b->int64(st, 2);
		e->ledger_version = (unsigned)s->b->int64(st, 3);
		e->ledger_lines = s->b->is_null(st, 4) ? 0 : (size_t)s->b->int64(st, 4);
		e->last_window_end = s->b->int64(st, 5);
	}
	s->b->finish(st);
	if (rc < 0) {
		free(v);
		return -1;
	}
	*out = v;
	*count = n;
	return 0;
}

/* Agents */

static const char SQL_AGENTS[] =
	"SELECT s.name, a.agent_id, a.last_received_at, a.last_window_end, a.spool_backlog, a.spool_dropped"
	" FROM agents a JOIN sites s ON s.id = a.site_id ORDER BY s.name, a.agent_id LIMIT $1";

int ew_store_agents(struct ew_store *s, size_t max, struct ew_store_agent **out, size_t *count, bool *more)
{
	*out = NULL;
	*count = 0;
	*more = false;
	struct ew_store_param p[] = {P_I(max < (size_t)INT64_MAX ? (int64_t)max + 1 : INT64_MAX)};
	struct ew_store_stmt *st = run(s, SQL_AGENTS, p, 1);
	if (!st)
		return -1;
	struct ew_store_agent *v = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = s->b->next(st, s->err, sizeof s->err)) > 0) {
		if (n == max) { /* the row past max: there are more */
			*more = true;
			continue;
		}
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 16;
			struct ew_store_agent *nv = realloc(v, nc * sizeof *nv);
			if (!nv) {
				rc = store_fail(s, "out of memory");
				break;
			}
			v = nv;
			cap = nc;
		}
		struct ew_store_agent *e = &v[n++];
		memset(e, 0, sizeof *e);
		snprintf(e->site, sizeof e->site, "%s", s->b->text(st, 0));
		snprintf(e->id, sizeof e->id, "%s", s->b->text(st, 1));
		e->last_received_at = s->b->int64(st, 2);
		e->last_window_end = s->b->int64(st, 3);
		e->has_spool = !s->b->is_null(st, 4);
		e->spool_backlog = e->has_spool ? s->b->int64(st, 4) : 0;
		e->spool_dropped = s->b->int64(st, 5);
	}
	s->b->finish(st);
	if (rc < 0) {
		free(v);
		return -1;
	}
	*out = v;
	*count = n;
	return 0;
}

/* Tokens */

static bool hash_hex_ok(const char *h)
{
	if (strlen(h) != 64)
		return false;
	for (; *h; h++)
		if (!((*h >= '0' && *h <= '9') || (*h >= 'a' && *h <= 'f')))
			return false;
	return true;
}

int ew_store_token_add(struct ew_store *s, const char *hash_hex, const char *role, const char *site)
{
	static const char sql[] = "INSERT INTO tokens (hash, role, site_id, created_at) VALUES ($1, $2, $3, $4)";
	if (!hash_hex_ok(hash_hex))
		return store_fail(s, "token hash is not 64 hex digits");
	bool admin = strcmp(role, "admin") == 0;
	if (!admin && strcmp(role, "agent") != 0 && strcmp(role, "viewer") != 0)
		return store_fail(s, "role %s is not agent, viewer or admin", role);
	if (admin != (site == NULL))
		return store_fail(s, admin ? "an admin token has no site" : "an %s token needs a site", role);
	bool own;
	if (tx_enter(s, &own) < 0)
		return -1;
	int64_t sid = 0;
	int rc = 0;
	if (site && site_id(s, site, true, &sid) <= 0)
		rc = -1;
	if (rc == 0) {
		struct ew_store_param p[] = {P_T(hash_hex), P_T(role), P_I(sid), P_I(now_usec())};
		if (admin)
			p[2].type = EW_SP_NULL;
		rc = exec(s, sql, p, NPARAMS(p));
	}
	return tx_leave(s, own, rc);
}

int ew_store_token_find(struct ew_store *s, const char *hash_hex, char role[16], char site[EW_STORE_SITE_MAX],
			char stored_hash[65])
{
	static const char sql[] = "SELECT t.role, coalesce(s.name, ''), t.hash FROM tokens t"
				  " LEFT JOIN sites s ON s.id = t.site_id WHERE t.hash = $1";
	if (!hash_hex_ok(hash_hex))
		return 1;
	struct ew_store_param p[] = {P_T(hash_hex)};
	struct ew_store_stmt *st = run(s, sql, p, 1);
	if (!st)
		return -1;
	int rc = s->b->next(st, s->err, sizeof s->err);
	if (rc > 0) {
		snprintf(role, 16, "%s", s->b->text(st, 0));
		snprintf(site, EW_STORE_SITE_MAX, "%s", s->b->text(st, 1));
		snprintf(stored_hash, 65, "%s", s->b->text(st, 2));
	}
	s->b->finish(st);
	return rc < 0 ? -1 : rc > 0 ? 0 : 1;
}

/* ---- evidence captures ---- */

int ew_store_report_site(struct ew_store *s, const char *report_id, char site[EW_STORE_SITE_MAX])
{
	static const char sql[] = "SELECT s.name FROM reports r JOIN sites s ON s.id = r.site_id WHERE r.report_id = $1";
	struct ew_store_param p[] = {P_T(report_id)};
	struct ew_store_stmt *st = run(s, sql, p, 1);
	if (!st)
		return -1;
	int rc = s->b->next(st, s->err, sizeof s->err);
	if (rc > 0)
		snprintf(site, EW_STORE_SITE_MAX, "%s", s->b->text(st, 0));
	s->b->finish(st);
	return rc < 0 ? -1 : rc > 0 ? 0 : 1;
}

int ew_store_evidence_put(struct ew_store *s, const char *report_id, const char *mac, unsigned vlan, size_t size,
			  const char *b64)
{
	static const char sql_ref[] = "SELECT id FROM reports WHERE report_id = $1";
	static const char sql_del[] = "DELETE FROM evidence WHERE report_ref = $1 AND mac = $2 AND vlan = $3";
	static const char sql_add[] = "INSERT INTO evidence (report_ref, mac, vlan, size, received_at, data)"
				      " VALUES ($1, $2, $3, $4, $5, $6)";
	bool own;
	if (tx_enter(s, &own) < 0)
		return -1;
	int64_t ref = 0;
	struct ew_store_param pr[] = {P_T(report_id)};
	int rc = one_int(s, sql_ref, pr, 1, &ref);
	if (rc > 0) {
		struct ew_store_param pd[] = {P_I(ref), P_T(mac), P_I(vlan)};
		struct ew_store_param pa[] = {P_I(ref), P_T(mac), P_I(vlan), P_I(size), P_I(now_usec()), P_T(b64)};
		rc = exec(s, sql_del, pd, 3) < 0 || exec(s, sql_add, pa, 6) < 0 ? -1 : 0;
	} else if (rc == 0) {
		rc = 1;
	}
	return tx_leave(s, own, rc);
}

int ew_store_evidence_get(struct ew_store *s, const char *report_id, const char *mac, unsigned vlan,
			  char site[EW_STORE_SITE_MAX], char **b64)
{
	static const char sql[] = "SELECT s.name, e.data FROM evidence e JOIN reports r ON r.id = e.report_ref"
				  " JOIN sites s ON s.id = r.site_id WHERE r.report_id = $1 AND e.mac = $2 AND e.vlan = $3";
	struct ew_store_param p[] = {P_T(report_id), P_T(mac), P_I(vlan)};
	struct ew_store_stmt *st = run(s, sql, p, 3);
	*b64 = NULL;
	if (!st)
		return -1;
	int rc = s->b->next(st, s->err, sizeof s->err);
	if (rc > 0) {
		snprintf(site, EW_STORE_SITE_MAX, "%s", s->b->text(st, 0));
		if (!(*b64 = strdup(s->b->text(st, 1))))
			rc = store_fail(s, "out of memory");
	}
	s->b->finish(st);
	return rc < 0 ? -1 : rc > 0 ? 0 : 1;
}

int ew_store_evidence_list(struct ew_store *s, const char *site, struct ew_store_evidence **out, size_t *count)
{
	static const char sql[] = "SELECT e.mac, e.vlan, r.report_id, e.size, r.window_end FROM evidence e"
				  " JOIN reports r ON r.id = e.report_ref JOIN sites s ON s.id = r.site_id"
				  " WHERE s.name = $1 ORDER BY e.mac, e.vlan, r.window_end DESC, e.id DESC";
	struct ew_store_param p[] = {P_T(site)};
	*out = NULL;
	*count = 0;
	struct ew_store_stmt *st = run(s, sql, p, 1);
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = s->b->next(st, s->err, sizeof s->err)) > 0) {
		const char *mac = s->b->text(st, 0);
		unsigned vlan = (unsigned)s->b->int64(st, 1);
		/* the first row of each (MAC, VLAN) is its latest */
		if (*count && strcmp((*out)[*count - 1].mac, mac) == 0 && (*out)[*count - 1].vlan == vlan)
			continue;
		if (*count == EW_STORE_EVIDENCE_MAX)
			break;
		if (*count == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct ew_store_evidence *n = realloc(*out, ncap * sizeof *n);
			if (!n) {
				rc = store_fail(s, "out of memory");
				break;
			}
			*out = n;
			cap = ncap;
		}
		struct ew_store_evidence *e = &(*out)[(*count)++];
		snprintf(e->mac, sizeof e->mac, "%s", mac);
		e->vlan = vlan;
		snprintf(e->report_id, sizeof e->report_id, "%s", s->b->text(st, 2));
		e->size = s->b->int64(st, 3);
		e->window_end = s->b->int64(st, 4);
	}
	s->b->finish(st);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*count = 0;
		return -1;
	}
	return 0;
}
