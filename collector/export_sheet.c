/* SPDX-License-Identifier: ISC */
/* export_sheet.c - the completed line sheet as text cells (export_sheet.h). */
#include "export_sheet.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "classes_ja.h"
#include "egresswatch/buf.h"
#include "export_utf8.h"

/* The sheet's columns as the ministry names them (DESIGN §5), its extension
 * columns, then ours. Kept in step with EW_SHEET_COLS. */
static const char *const sheet_headers[] = {
	"番号",
	"調査希望 装置バージョン確認",
	"調査希望 脆弱性診断",
	"電子カルテシステムの所属するネットワークとの接続",
	"用途、システム名",
	"回線サービス名",
	"回線ID",
	"回線事業者",
	"回線名義",
	"終端装置種別",
	"メーカー",
	"型番",
	"MACアドレス",
	"IPアドレス",
	"設置場所",
	"管理部門",
	"契約ベンダー",
	"確認方法",
	"備考",
	"照合結果",
	"照合理由",
	"検出装置",
	"初回検出",
	"最終検出",
	"検出根拠",
};
_Static_assert(sizeof sheet_headers / sizeof sheet_headers[0] == EW_SHEET_COLS, "one header per column");
_Static_assert(EW_SHEET_COL_VERDICT < EW_SHEET_COLS, "照合結果 is a column");

static const char *const evidence_headers[] = {
	"番号", "MACアドレス", "VLAN", "照合結果", "終端装置種別", "証拠種別", "回数", "初回検出", "最終検出", "詳細",
};
_Static_assert(sizeof evidence_headers / sizeof evidence_headers[0] == EW_SHEET_EVIDENCE_COLS, "one header per column");

#define SHEET_DEVICES_NAMED 8u /* devices named in one declared row's 検出装置 */

enum {
	C_NO, C_WANT_VER, C_WANT_VULN, C_EMR, C_PURPOSE, C_SERVICE, C_LINE_ID, C_CARRIER, C_HOLDER, C_KIND, C_MAKER,
	C_MODEL, C_MAC, C_IP, C_LOCATION, C_DEPT, C_VENDOR, C_METHOD, C_NOTE, C_VERDICT, C_WHY, C_SEEN, C_FIRST,
	C_LAST, C_EVIDENCE,
};
_Static_assert((int)C_VERDICT == (int)EW_SHEET_COL_VERDICT, "照合結果 column");
_Static_assert(C_EVIDENCE + 1 == EW_SHEET_COLS, "columns");

int ew_export_sheet_is_formula_lead(unsigned char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\n';
}

bool ew_export_sheet_needs_quote(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	if (ew_export_sheet_is_formula_lead(*p))
		return true;
	for (;;) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\v' || *p == '\f')
			p++;
		else if (p[0] == 0xc2 && p[1] == 0xa0) /* U+00A0 NO-BREAK SPACE */
			p += 2;
		else if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) /* U+3000 IDEOGRAPHIC SPACE */
			p += 3;
		else
			return ew_export_sheet_is_formula_lead(*p);
	}
}

/* Every empty cell: one shared "", never freed (about half the cells of an
 * unlisted device's row are empty). */
static char sheet_empty[1];

static void cell_free(char *c)
{
	if (c != sheet_empty)
		free(c);
}

/* Length of the valid UTF-8 that starts s (all of it when it is valid). */
static size_t utf8_valid_prefix(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t len = ew_export_utf8_next(s + i, n - i, &cp);
		if (len == 0)
			break;
		i += len;
	}
	return i;
}

/* Valid UTF-8 of s, at most EW_SHEET_CELL_MAX bytes, cut at a character;
 * each invalid byte becomes U+FFFD. NULL when out of memory. */
static char *cell_dup(const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	size_t n = strlen((const char *)s);
	if (n == 0)
		return sheet_empty;
	if (n <= EW_SHEET_CELL_MAX && utf8_valid_prefix(s, n) == n) { /* the usual case: a copy */
		char *c = malloc(n + 1);
		if (c)
			memcpy(c, s, n + 1);
		return c;
	}
	struct ew_buf b;
	ew_buf_init(&b, EW_SHEET_CELL_MAX);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = ew_export_utf8_next(s + i, n - i, &cp);
		bool ok = len > 0;
		if (!ok) {
			len = 1;
			if (!ew_buf_add(&b, "\xEF\xBF\xBD", 3))
				break; /* full: cut here */
		} else if (!ew_buf_add(&b, s + i, len)) {
			break;
		}
		i += len;
	}
	size_t l;
	char *c = ew_buf_take(&b, &l);
	if (c && l == 0) {
		free(c);
		return sheet_empty;
	}
	return c;
}

static int set(struct ew_sheet_row *r, size_t col, const char *s)
{
	char *c = cell_dup(s);
	if (c == NULL)
		return -1;
	cell_free(r->cells[col]);
	r->cells[col] = c;
	return 0;
}

static int setb(struct ew_sheet_row *r, size_t col, struct ew_buf *b)
{
	int rv = set(r, col, b->data ? b->data : "");
	ew_buf_free(b);
	return rv;
}

static void sheet_time(int64_t usec, char out[32])
{
	out[0] = '\0';
	if (usec == 0)
		return;
	time_t t = (time_t)(usec / 1000000);
	struct tm tm;
	if (gmtime_r(&t, &tm))
		strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *yesno_want(enum ew_yesno v)
{
	return v == EW_YN_YES ? "調査希望あり" : v == EW_YN_NO ? "調査希望なし" : "";
}

static const char *line_verdict_ja(enum ew_line_verdict v)
{
	switch (v) {
	case EW_LINE_MATCHED: return "一致";
	case EW_LINE_UNSEEN: return "未検出";
	case EW_LINE_CONFLICT: return "矛盾";
	}
	return "";
}

static bool dev_addrs(struct ew_buf *b, const struct ew_device *d, const char *sep)
{
	bool ok = true, first = true;
	for (size_t i = 0; i < d->ipv4_count && i < EW_DEVICE_ADDRS_MAX && ok; i++, first = false) {
		char s[EW_IP_STRLEN];
		ew_ip_str(&d->ipv4[i], s);
		ok = ew_buf_printf(b, "%s%s", first ? "" : sep, s);
	}
	for (size_t i = 0; i < d->ipv6_count && i < EW_DEVICE_ADDRS_MAX && ok; i++, first = false) {
		char s[EW_IP_STRLEN];
		ew_ip_str(&d->ipv6[i], s);
		ok = ew_buf_printf(b, "%s%s", first ? "" : sep, s);
	}
	return ok;
}

static int row_alloc(struct ew_sheet *s, size_t ncols)
{
	struct ew_sheet_row *r = &s->rows[s->nrows];
	r->cells = calloc(ncols, sizeof *r->cells);
	if (r->cells == NULL)
		return -1;
	s->nrows++;
	for (size_t c = 0; c < ncols; c++)
		r->cells[c] = sheet_empty;
	return 0;
}

static int declared_row(const struct ew_reconciliation *rc, const struct ew_rc_line *rl, struct ew_sheet_row *r)
{
	const struct ew_ledger_line *l = rl->line;
	r->kind = EW_SHEET_DECLARED;
	r->verdict = (int)rl->verdict;
	if (set(r, C_NO, l->no) || set(r, C_WANT_VER, yesno_want(l->want_version_check)) ||
	    set(r, C_WANT_VULN, yesno_want(l->want_vuln_scan)) ||
	    set(r, C_EMR, l->emr_connected == EW_YN_YES ? "あり" : l->emr_connected == EW_YN_NO ? "なし" : "") ||
	    set(r, C_PURPOSE, l->purpose) || set(r, C_SERVICE, l->service) || set(r, C_LINE_ID, l->line_id) ||
	    set(r, C_CARRIER, l->carrier) || set(r, C_HOLDER, l->holder) || set(r, C_KIND, l->device_kind) ||
	    set(r, C_MAKER, l->maker) || set(r, C_MODEL, l->model) || set(r, C_LOCATION, l->location) ||
	    set(r, C_DEPT, l->department) || set(r, C_VENDOR, l->vendor) || set(r, C_METHOD, l->method) ||
	    set(r, C_NOTE, l->note) || set(r, C_VERDICT, line_verdict_ja(rl->verdict)) || set(r, C_WHY, rl->why))
		return -1;
	struct ew_buf b;
	bool ok = true;
	ew_buf_init(&b, EW_SHEET_CELL_MAX);
	for (size_t i = 0; i < l->mac_count && i < EW_LEDGER_MACS_MAX && ok; i++) {
		char m[EW_MAC_STRLEN];
		ew_mac_str(&l->macs[i], m);
		ok = ew_buf_printf(&b, "%s%s", i ? "; " : "", m);
	}
	if (setb(r, C_MAC, &b))
		return -1;
	ew_buf_init(&b, EW_SHEET_CELL_MAX);
	for (size_t i = 0; i < l->ip_count && i < EW_LEDGER_IPS_MAX && ok; i++) {
		char a[EW_IP_STRLEN];
		ew_ip_str(&l->ips[i], a);
		ok = ew_buf_printf(&b, "%s%s", i ? "; " : "", a);
	}
	if (setb(r, C_IP, &b))
		return -1;
	/* the devices tied to the line: who, when, on what evidence */
	struct ew_buf seen, ev;
	ew_buf_init(&seen, EW_SHEET_CELL_MAX);
	ew_buf_init(&ev, EW_SHEET_CELL_MAX);
	int64_t first = 0, last = 0;
	for (size_t i = 0; i < rl->device_count; i++) {
		if (rl->devices[i] >= rc->device_count)
			continue;
		const struct ew_device *d = rc->devices[rl->devices[i]].device;
		if (d->first_seen && (first == 0 || d->first_seen < first))
			first = d->first_seen;
		if (d->last_seen > last)
			last = d->last_seen;
		if (i >= SHEET_DEVICES_NAMED)
			continue;
		char m[EW_MAC_STRLEN];
		ew_mac_str(&d->mac, m);
		ok = ew_buf_printf(&seen, "%s%s (", i ? "; " : "", m) && dev_addrs(&seen, d, ", ") &&
		     ew_buf_printf(&seen, "%s%s)", d->ipv4_count + d->ipv6_count ? ", " : "", ew_classes_ja_name(d->cls));
		if (d->evidence_summary && d->evidence_summary[0])
			ok = ew_buf_printf(&ev, "%s%s: %s", ev.len ? " / " : "", m, d->evidence_summary);
	}
	if (rl->device_count > SHEET_DEVICES_NAMED)
		ew_buf_printf(&seen, "; ほか %zu 台", rl->device_count - SHEET_DEVICES_NAMED);
	(void)ok; /* a full buffer is a cut cell, not an error */
	char t[32];
	if (setb(r, C_SEEN, &seen) || setb(r, C_EVIDENCE, &ev))
		return -1;
	sheet_time(first, t);
	if (set(r, C_FIRST, t))
		return -1;
	sheet_time(last, t);
	return set(r, C_LAST, t);
}

static int unlisted_row(const struct ew_rc_device *rd, size_t n, struct ew_sheet_row *r)
{
	const struct ew_device *d = rd->device;
	r->kind = EW_SHEET_UNLISTED;
	r->verdict = (int)rd->verdict;
	char no[32], m[EW_MAC_STRLEN], t[32];
	snprintf(no, sizeof no, "要確認%zu", n);
	ew_mac_str(&d->mac, m);
	if (set(r, C_NO, no) || set(r, C_EMR, "あり") || set(r, C_KIND, ew_classes_ja_name(d->cls)) ||
	    set(r, C_MAKER, d->vendor) || set(r, C_MAC, m) || set(r, C_VERDICT, "要確認") ||
	    set(r, C_EVIDENCE, d->evidence_summary))
		return -1;
	/* 設置場所: the switch port the agent found it on (issue 11) */
	if (d->location && d->location[0] && set(r, C_LOCATION, d->location))
		return -1;
	/* why it is listed, then what the agent made of it */
	struct ew_buf b;
	ew_buf_init(&b, EW_SHEET_CELL_MAX);
	ew_buf_printf(&b, "台帳に記載なし: %s", rd->why);
	if (d->reason && d->reason[0])
		ew_buf_printf(&b, " — %s", d->reason);
	if (setb(r, C_WHY, &b))
		return -1;
	ew_buf_init(&b, EW_SHEET_CELL_MAX);
	dev_addrs(&b, d, "; ");
	if (setb(r, C_IP, &b))
		return -1;
	ew_buf_init(&b, EW_SHEET_CELL_MAX);
	ew_buf_printf(&b, "%s (", m);
	dev_addrs(&b, d, ", ");
	ew_buf_printf(&b, "%s%s, 確度 %.2f", d->ipv4_count + d->ipv6_count ? ", " : "", ew_classes_ja_name(d->cls),
	              d->confidence);
	if (d->vlan >= 0)
		ew_buf_printf(&b, ", VLAN %d", d->vlan);
	ew_buf_adds(&b, ")");
	if (setb(r, C_SEEN, &b))
		return -1;
	sheet_time(d->first_seen, t);
	if (set(r, C_FIRST, t))
		return -1;
	sheet_time(d->last_seen, t);
	return set(r, C_LAST, t);
}

void ew_export_sheet_free(struct ew_sheet *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nrows; i++) {
		if (s->rows[i].cells)
			for (size_t c = 0; c < s->ncols; c++)
				cell_free(s->rows[i].cells[c]);
		free(s->rows[i].cells);
	}
	free(s->rows);
	memset(s, 0, sizeof *s);
}

int ew_export_sheet_build(const struct ew_reconciliation *rc, struct ew_sheet *out)
{
	memset(out, 0, sizeof *out);
	out->ncols = EW_SHEET_COLS;
	out->headers = sheet_headers;
	size_t n = rc->line_count + rc->summary.devices_unlisted;
	out->rows = calloc(n ? n : 1, sizeof *out->rows);
	if (out->rows == NULL)
		return -1;
	for (size_t i = 0; i < rc->line_count; i++)
		if (row_alloc(out, EW_SHEET_COLS) || declared_row(rc, &rc->lines[i], &out->rows[out->nrows - 1]))
			goto fail;
	size_t k = 0;
	for (size_t i = 0; i < rc->device_count && out->nrows < n; i++) {
		if (rc->devices[i].verdict != EW_DEVICE_UNLISTED)
			continue;
		if (row_alloc(out, EW_SHEET_COLS) || unlisted_row(&rc->devices[i], ++k, &out->rows[out->nrows - 1]))
			goto fail;
	}
	return 0;
fail:
	ew_export_sheet_free(out);
	return -1;
}

/* Each device's evidence: one row per entry of its evidence array (kind,
 * count, first/last seen, detail as compact JSON), or one row with its
 * summary when it has none. */
int ew_export_sheet_evidence(const struct ew_reconciliation *rc, struct ew_sheet *out)
{
	memset(out, 0, sizeof *out);
	out->ncols = EW_SHEET_EVIDENCE_COLS;
	out->headers = evidence_headers;
	size_t cap = rc->device_count + 16, unlisted = 0;
	out->rows = calloc(cap, sizeof *out->rows);
	json_tokener *tok = json_tokener_new(); /* one for every device's evidence */
	if (out->rows == NULL || tok == NULL) {
		free(out->rows);
		out->rows = NULL;
		json_tokener_free(tok);
		return -1;
	}
	for (size_t i = 0; i < rc->device_count; i++) {
		const struct ew_rc_device *rd = &rc->devices[i];
		const struct ew_device *d = rd->device;
		char no[64] = "", m[EW_MAC_STRLEN], vlan[16] = "";
		if (rd->verdict == EW_DEVICE_UNLISTED)
			snprintf(no, sizeof no, "要確認%zu", ++unlisted);
		else if (rd->line >= 0 && (size_t)rd->line < rc->line_count)
			snprintf(no, sizeof no, "%s", rc->lines[rd->line].line->no);
		ew_mac_str(&d->mac, m);
		if (d->vlan >= 0)
			snprintf(vlan, sizeof vlan, "%d", d->vlan);
		const char *verdict = rd->verdict == EW_DEVICE_UNLISTED ? "要確認"
		                      : rd->verdict == EW_DEVICE_CONFLICT ? "矛盾"
		                      : rd->verdict == EW_DEVICE_MATCHED ? "一致" : "基盤機器";
		struct json_object *ev = NULL;
		if (d->evidence_json) { /* as json_tokener_parse, without a tokener each */
			json_tokener_reset(tok);
			ev = json_tokener_parse_ex(tok, d->evidence_json, -1);
			if (json_tokener_get_error(tok) != json_tokener_success) {
				json_object_put(ev);
				ev = NULL;
			}
		}
		size_t ne = ev && json_object_is_type(ev, json_type_array) ? json_object_array_length(ev) : 0;
		for (size_t e = 0; e < (ne ? ne : 1); e++) {
			if (out->nrows == cap) {
				struct ew_sheet_row *nr = realloc(out->rows, cap * 2 * sizeof *nr);
				if (nr == NULL)
					goto fail_ev;
				memset(nr + cap, 0, cap * sizeof *nr);
				out->rows = nr;
				cap *= 2;
			}
			if (row_alloc(out, EW_SHEET_EVIDENCE_COLS))
				goto fail_ev;
			struct ew_sheet_row *r = &out->rows[out->nrows - 1];
			r->kind = rd->verdict == EW_DEVICE_UNLISTED ? EW_SHEET_UNLISTED : EW_SHEET_DECLARED;
			r->verdict = (int)rd->verdict;
			if (set(r, 0, no) || set(r, 1, m) || set(r, 2, vlan) || set(r, 3, verdict) ||
			    set(r, 4, ew_classes_ja_name(d->cls)))
				goto fail_ev;
			if (ne == 0) {
				if (set(r, 9, d->evidence_summary))
					goto fail_ev;
				continue;
			}
			struct json_object *it = json_object_array_get_idx(ev, e), *v;
			char buf[32];
			if (json_object_object_get_ex(it, "kind", &v) && set(r, 5, json_object_get_string(v)))
				goto fail_ev;
			if (json_object_object_get_ex(it, "count", &v)) {
				snprintf(buf, sizeof buf, "%lld", (long long)json_object_get_int64(v));
				if (set(r, 6, buf))
					goto fail_ev;
			}
			if (json_object_object_get_ex(it, "first_seen", &v) && set(r, 7, json_object_get_string(v)))
				goto fail_ev;
			if (json_object_object_get_ex(it, "last_seen", &v) && set(r, 8, json_object_get_string(v)))
				goto fail_ev;
			if (json_object_object_get_ex(it, "detail", &v) &&
			    set(r, 9, json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)))
				goto fail_ev;
		}
		json_object_put(ev);
		continue;
	fail_ev:
		json_object_put(ev);
		json_tokener_free(tok);
		ew_export_sheet_free(out);
		return -1;
	}
	json_tokener_free(tok);
	return 0;
}
