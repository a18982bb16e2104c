/* SPDX-License-Identifier: ISC */
/* export_text.c - a short table for a terminal (export_text.h): counts, then
 * unlisted, conflict, matched and unseen. Text from the wire or the sheet
 * may hold escape sequences meant for the terminal: C0 and C1 controls, DEL,
 * bidirectional overrides and invalid UTF-8 are written as \xNN or \u{NNNN},
 * and a backslash as \\, so what is shown is what was received. */
#include "export_text.h"

#include <string.h>

#include "egresswatch/jsonw.h"
#include "egresswatch/utf8.h"
#include "export_utf8.h"

#define TEXT_FIELD_MAX 320u /* bytes shown of one free-text field; longer ones end in … */

static bool text_esc(struct ew_buf *b, const char *str, size_t max)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	size_t n = strlen((const char *)s), shown = 0;
	bool ok = true;
	for (size_t i = 0; i < n && ok;) {
		if (shown >= max) {
			ok = ew_buf_adds(b, "…");
			break;
		}
		uint32_t cp;
		size_t l = ew_export_utf8_next(s + i, n - i, &cp);
		if (l == 0) {
			ok = ew_buf_printf(b, "\\x%02x", s[i]);
			i++;
			shown += 4;
			continue;
		}
		if (cp == '\\')
			ok = ew_buf_adds(b, "\\\\");
		else if (cp < 0x20 || cp == 0x7F)
			ok = ew_buf_printf(b, "\\x%02x", (unsigned)cp);
		else if (!ew_utf8_is_plain(cp)) /* C1 controls, bidi format characters */
			ok = ew_buf_printf(b, "\\u{%04x}", (unsigned)cp);
		else
			ok = ew_buf_add(b, s + i, l);
		i += l;
		shown += l;
	}
	return ok;
}

static bool addrs(struct ew_buf *b, const struct ew_device *d)
{
	bool ok = true;
	size_t shown = 0;
	for (size_t i = 0; i < d->ipv4_count && i < EW_DEVICE_ADDRS_MAX && ok; i++, shown++) {
		char s[EW_IP_STRLEN];
		ew_ip_str(&d->ipv4[i], s);
		ok = ew_buf_printf(b, "%s%s", shown ? "," : "", s);
	}
	for (size_t i = 0; i < d->ipv6_count && i < EW_DEVICE_ADDRS_MAX && ok && shown < 3; i++, shown++) {
		char s[EW_IP_STRLEN];
		ew_ip_str(&d->ipv6[i], s);
		ok = ew_buf_printf(b, "%s%s", shown ? "," : "", s);
	}
	if (ok && shown == 0)
		ok = ew_buf_adds(b, "-");
	return ok;
}

static bool device_row(struct ew_buf *b, const struct ew_reconciliation *rc, const struct ew_rc_device *rd)
{
	const struct ew_device *d = rd->device;
	char mac[EW_MAC_STRLEN];
	ew_mac_str(&d->mac, mac);
	bool ok = ew_buf_printf(b, "  %s ", mac);
	if (d->vlan >= 0)
		ok = ok && ew_buf_printf(b, "vlan %-4d ", d->vlan);
	ok = ok && ew_buf_printf(b, "%-15s %.2f  ", d->cls[0] ? d->cls : "-", d->confidence);
	ok = ok && addrs(b, d);
	if (d->vendor && d->vendor[0]) {
		ok = ok && ew_buf_adds(b, "  ");
		ok = ok && text_esc(b, d->vendor, 40);
	}
	if (rd->line >= 0 && (size_t)rd->line < rc->line_count) {
		ok = ok && ew_buf_adds(b, "  line ");
		ok = ok && text_esc(b, rc->lines[rd->line].line->no, 40);
	}
	ok = ok && ew_buf_adds(b, "\n      ");
	ok = ok && text_esc(b, rd->why, TEXT_FIELD_MAX);
	if (d->location && d->location[0]) {
		ok = ok && ew_buf_adds(b, "\n      where: ");
		ok = ok && text_esc(b, d->location, TEXT_FIELD_MAX);
	}
	if (d->evidence_summary && d->evidence_summary[0] && rd->verdict != EW_DEVICE_MATCHED) {
		ok = ok && ew_buf_adds(b, "\n      evidence: ");
		ok = ok && text_esc(b, d->evidence_summary, TEXT_FIELD_MAX);
	}
	return ok && ew_buf_adds(b, "\n");
}

static bool line_row(struct ew_buf *b, const struct ew_rc_line *rl)
{
	const struct ew_ledger_line *l = rl->line;
	bool ok = ew_buf_adds(b, "  ");
	ok = ok && text_esc(b, l->no && l->no[0] ? l->no : "-", 40);
	ok = ok && ew_buf_printf(b, " (row %u) ", l->row);
	ok = ok && text_esc(b, l->service, 60);
	if (l->line_id && l->line_id[0]) {
		ok = ok && ew_buf_adds(b, " ");
		ok = ok && text_esc(b, l->line_id, 40);
	}
	if (l->carrier && l->carrier[0]) {
		ok = ok && ew_buf_adds(b, " ");
		ok = ok && text_esc(b, l->carrier, 40);
	}
	ok = ok && ew_buf_adds(b, "\n      ");
	ok = ok && text_esc(b, rl->why, TEXT_FIELD_MAX);
	return ok && ew_buf_adds(b, "\n");
}

int ew_export_text_write(const struct ew_reconciliation *rc, struct ew_buf *out)
{
	const struct ew_rc_summary *s = &rc->summary;
	char t0[64] = "?", t1[64] = "?";
	if (rc->window_start)
		ew_rfc3339(rc->window_start, t0);
	if (rc->window_end)
		ew_rfc3339(rc->window_end, t1);
	bool ok = ew_buf_adds(out, "site ");
	ok = ok && text_esc(out, rc->site[0] ? rc->site : "-", 64);
	ok = ok && ew_buf_printf(out, ": %zu reports, %s .. %s\n", rc->reports, t0, t1);
	ok = ok && ew_buf_printf(out, "devices %zu: unlisted %zu, conflict %zu, matched %zu, infrastructure %zu\n",
	                         s->devices, s->devices_unlisted, s->devices_conflict, s->devices_matched,
	                         s->devices_infrastructure);
	ok = ok && ew_buf_printf(out, "lines   %zu: conflict %zu, matched %zu, unseen %zu\n", s->lines, s->lines_conflict,
	                         s->lines_matched, s->lines_unseen);
	static const struct {
		enum ew_device_verdict v;
		const char *title;
	} groups[] = {
		{EW_DEVICE_UNLISTED, "UNLISTED 要確認 (on no line of the sheet)"},
		{EW_DEVICE_CONFLICT, "CONFLICT 矛盾"},
		{EW_DEVICE_MATCHED, "MATCHED 一致"},
	};
	for (size_t g = 0; g < sizeof groups / sizeof groups[0] && ok; g++) {
		bool title = false;
		for (size_t i = 0; i < rc->device_count && ok; i++) {
			if (rc->devices[i].verdict != groups[g].v)
				continue;
			if (!title)
				ok = ew_buf_printf(out, "\n%s\n", groups[g].title);
			title = true;
			ok = ok && device_row(out, rc, &rc->devices[i]);
		}
		if (groups[g].v == EW_DEVICE_CONFLICT) {
			bool lt = false;
			for (size_t i = 0; i < rc->line_count && ok; i++) {
				if (rc->lines[i].verdict != EW_LINE_CONFLICT)
					continue;
				if (!lt)
					ok = ew_buf_adds(out, title ? "  lines:\n" : "\nCONFLICT 矛盾 (lines)\n");
				lt = true;
				ok = ok && line_row(out, &rc->lines[i]);
			}
		}
	}
	bool title = false;
	for (size_t i = 0; i < rc->line_count && ok; i++) {
		if (rc->lines[i].verdict != EW_LINE_UNSEEN)
			continue;
		if (!title)
			ok = ew_buf_adds(out, "\nUNSEEN 未検出 (not seen on the monitored segments)\n");
		title = true;
		ok = ok && line_row(out, &rc->lines[i]);
	}
	if (ok && s->devices_infrastructure)
		ok = ew_buf_printf(out, "\n%zu infrastructure devices with no way out seen are not listed here.\n",
		                   s->devices_infrastructure);
	return ok ? 0 : -1;
}
