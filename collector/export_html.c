/* SPDX-License-Identifier: ISC */
/* export_html.c - a site's reconciliation as one HTML page (export_html.h).
 *
 * One self-contained document: inline CSS (screen and print), no script, no
 * external resource, and a Content-Security-Policy that forbids scripts and
 * loads, so even a missed escape could not run anything. Every string from
 * the sheet, a report or the wire goes through html_text: & < > " ' become
 * entities, invalid UTF-8 becomes U+FFFD, control characters are shown as
 * \xNN. Order: counts, unlisted devices, conflicts, matched lines, unseen
 * lines, then each device's evidence. */
#include "export_html.h"

#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "classes_ja.h"
#include "egresswatch/utf8.h"
#include "export_utf8.h"

/* Devices whose evidence is listed in full; past it the page says how many
 * were left out (the JSON and XLSX exports have them all). */
#define HTML_EVIDENCE_DEVICES 2000u
/* Bytes of a device's evidence summary in the tables (the evidence section
 * below has it whole). */
#define HTML_SUMMARY_MAX 300u
/* Devices shown in the matched section (the sheet's lines are all shown). */
#define HTML_MATCHED_DEVICES 5000u

static const char page_css[] =
	"body{font-family:\"Noto Sans CJK JP\",\"Hiragino Sans\",\"Yu Gothic\",Meiryo,\"IPAPGothic\",sans-serif;margin:1.5em;color:#111;"
	"line-height:1.45;font-size:14px}"
	"h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.2em;margin:1.6em 0 .4em;padding:.2em .4em;border-left:6px solid #888}"
	"h3{font-size:1em;margin:1em 0 .3em}"
	".en{color:#555;font-weight:normal;font-size:.85em}"
	".meta{color:#333;margin:.2em 0 1em}"
	"table{border-collapse:collapse;width:100%;margin:.3em 0 1em}"
	"th,td{border:1px solid #999;padding:.25em .4em;vertical-align:top;text-align:left;overflow-wrap:break-word}"
	"th{background:#e8ecf4}"
	"td.mono,span.mono{font-family:\"DejaVu Sans Mono\",monospace;white-space:nowrap}"
	"#unlisted h2{border-color:#c60}#conflict h2{border-color:#c00}#matched h2{border-color:#080}#unseen h2{border-color:#888}"
	"tr.unlisted td{background:#fff4e0}tr.conflict td{background:#fde4e4}tr.unseen td{color:#444}"
	".counts td,.counts th{text-align:center}.counts{width:auto}"
	".badge{display:inline-block;padding:0 .4em;border-radius:3px;font-weight:bold;white-space:nowrap}"
	"td:first-child,th:first-child{white-space:nowrap}td.nw{white-space:nowrap}"
	"td.addr{min-width:9em}td.addr span.mono{white-space:normal;word-break:break-all}"
	"td.w-cls{min-width:5.5em}td.w-ven{min-width:6em}td.w-why{min-width:11em}td.w-ev{min-width:12em;overflow-wrap:anywhere}"
	"td.mono,span.mono,a.mono{font-size:.9em}"
	".b-unlisted{background:#f90;color:#000}.b-conflict{background:#c00;color:#fff}"
	".b-matched{background:#2a2;color:#fff}.b-unseen{background:#999;color:#fff}"
	".note{color:#444;font-size:.9em}"
	"pre{white-space:pre-wrap;word-break:break-all;margin:0;font-size:.85em}"
	"article.ev{border-top:1px solid #bbb;padding-top:.3em;page-break-inside:avoid}"
	"@media print{body{margin:0;font-size:10pt}a{color:inherit;text-decoration:none}"
	"h2{page-break-after:avoid}tr{page-break-inside:avoid}"
	"th{background:#eee!important;-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"tr.unlisted td,tr.conflict td{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"@page{size:A4 landscape;margin:12mm}}";

struct hw {
	struct ew_buf *b;
	bool ok;
};

static void raw(struct hw *w, const char *s)
{
	if (w->ok)
		w->ok = ew_buf_adds(w->b, s);
}

static void rawf(struct hw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void rawf(struct hw *w, const char *fmt, ...)
{
	if (!w->ok)
		return;
	va_list ap;
	va_start(ap, fmt);
	w->ok = ew_buf_vprintf(w->b, fmt, ap);
	va_end(ap);
}

/* Escaped text: untrusted bytes in, safe HTML text (and attribute value) out. */
static void html_text(struct hw *w, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	size_t n = strlen((const char *)s);
	for (size_t i = 0; i < n && w->ok;) {
		unsigned c = s[i];
		if (c < 0x80) {
			switch (c) {
			case '&': raw(w, "&amp;"); break;
			case '<': raw(w, "&lt;"); break;
			case '>': raw(w, "&gt;"); break;
			case '"': raw(w, "&quot;"); break;
			case '\'': raw(w, "&#39;"); break;
			case '\n': raw(w, "\n"); break;
			default:
				if (c < 0x20 || c == 0x7F)
					rawf(w, "\\x%02x", c);
				else
					w->ok = ew_buf_add(w->b, s + i, 1);
			}
			i++;
			continue;
		}
		uint32_t cp;
		size_t len = ew_export_utf8_next(s + i, n - i, &cp);
		bool ok = len > 0;
		/* C1 controls (U+0080..U+009F) as \xNN too; bidi format
		 * characters as \u{NNNN}: an override from the wire would turn
		 * the rest of its cell around */
		if (ok && cp <= 0x9F) {
			rawf(w, "\\x%02x", (unsigned)cp);
		} else if (ok && !ew_utf8_is_plain(cp)) {
			rawf(w, "\\u{%04x}", (unsigned)cp);
		} else if (ok) {
			w->ok = ew_buf_add(w->b, s + i, len);
		} else {
			raw(w, "\xEF\xBF\xBD");
			len = 1;
		}
		i += len;
	}
}

/* At most max bytes of str (cut at a character), "…" when cut. */
static void html_text_cut(struct hw *w, const char *str, size_t max)
{
	size_t n = str ? strlen(str) : 0;
	if (n <= max) {
		html_text(w, str);
		return;
	}
	while (max > 0 && ((unsigned char)str[max] & 0xC0) == 0x80)
		max--;
	char *cut = strndup(str, max);
	if (cut == NULL) {
		w->ok = false;
		return;
	}
	html_text(w, cut);
	free(cut);
	raw(w, "…");
}

static void td(struct hw *w, const char *cls, const char *s)
{
	if (cls)
		rawf(w, "<td class=\"%s\">", cls);
	else
		raw(w, "<td>");
	html_text(w, s);
	raw(w, "</td>");
}

static void time_str(int64_t usec, char out[32])
{
	out[0] = '\0';
	if (usec == 0)
		return;
	time_t t = (time_t)(usec / 1000000);
	struct tm tm;
	if (gmtime_r(&t, &tm))
		strftime(out, 32, "%Y-%m-%d %H:%M:%SZ", &tm);
}

static void addrs(struct hw *w, const struct ew_device *d)
{
	bool any = false;
	for (size_t i = 0; i < d->ipv4_count && i < EW_DEVICE_ADDRS_MAX; i++, any = true) {
		char s[EW_IP_STRLEN];
		ew_ip_str(&d->ipv4[i], s);
		rawf(w, "%s<span class=\"mono\">%s</span>", any ? "<br>" : "", s);
	}
	for (size_t i = 0; i < d->ipv6_count && i < EW_DEVICE_ADDRS_MAX; i++, any = true) {
		char s[EW_IP_STRLEN];
		ew_ip_str(&d->ipv6[i], s);
		rawf(w, "%s<span class=\"mono\">%s</span>", any ? "<br>" : "", s);
	}
}

static const char *verdict_badge(enum ew_device_verdict v)
{
	switch (v) {
	case EW_DEVICE_UNLISTED: return "<span class=\"badge b-unlisted\">要確認</span>";
	case EW_DEVICE_CONFLICT: return "<span class=\"badge b-conflict\">矛盾</span>";
	case EW_DEVICE_MATCHED: return "<span class=\"badge b-matched\">一致</span>";
	case EW_DEVICE_INFRASTRUCTURE: return "<span class=\"badge\">基盤</span>";
	}
	return "";
}

static const char *line_badge(enum ew_line_verdict v)
{
	switch (v) {
	case EW_LINE_MATCHED: return "<span class=\"badge b-matched\">一致</span>";
	case EW_LINE_UNSEEN: return "<span class=\"badge b-unseen\">未検出</span>";
	case EW_LINE_CONFLICT: return "<span class=\"badge b-conflict\">矛盾</span>";
	}
	return "";
}

static void device_head(struct hw *w)
{
	raw(w, "<table><thead><tr><th>照合<br><span class=\"en\">Verdict</span></th>"
	       "<th>MACアドレス<br><span class=\"en\">MAC / VLAN</span></th>"
	       "<th>種別<br><span class=\"en\">Class</span></th><th>確度<br><span class=\"en\">Confidence</span></th>"
	       "<th>アドレス<br><span class=\"en\">Addresses</span></th><th>メーカー<br><span class=\"en\">Vendor</span></th>"
	       "<th>初回・最終検出 (UTC)<br><span class=\"en\">First / last seen</span></th>"
	       "<th>回線<br><span class=\"en\">Line</span></th>"
	       "<th>理由<br><span class=\"en\">Why</span></th><th>根拠<br><span class=\"en\">Evidence</span></th></tr></thead><tbody>\n");
}

static void device_row(struct hw *w, const struct ew_reconciliation *rc, size_t i)
{
	const struct ew_rc_device *rd = &rc->devices[i];
	const struct ew_device *d = rd->device;
	char mac[EW_MAC_STRLEN], t0[32], t1[32];
	ew_mac_str(&d->mac, mac);
	rawf(w, "<tr class=\"%s\" id=\"dev-%zu\"><td>%s</td><td class=\"mono\">%s", ew_device_verdict_str(rd->verdict), i,
	     verdict_badge(rd->verdict), mac);
	if (d->vlan >= 0)
		rawf(w, "<br>VLAN %d", d->vlan);
	if (d->location && d->location[0]) { /* the switch port it is on (issue 11) */
		raw(w, "<br><span class=\"loc\">設置場所: ");
		html_text(w, d->location);
		raw(w, "</span>");
	}
	raw(w, "</td><td class=\"w-cls\">");
	html_text(w, ew_classes_ja_name(d->cls));
	if (d->cls[0] && strcmp(ew_classes_ja_name(d->cls), d->cls) != 0) {
		raw(w, "<br><span class=\"en\">");
		html_text(w, d->cls);
		raw(w, "</span>");
	}
	rawf(w, "</td><td>%.2f</td><td class=\"addr\">", d->confidence);
	addrs(w, d);
	raw(w, "</td>");
	td(w, "w-ven", d->vendor);
	time_str(d->first_seen, t0);
	time_str(d->last_seen, t1);
	rawf(w, "<td class=\"mono\">%s<br>%s</td><td class=\"nw\">", t0, t1);
	if (rd->line >= 0 && (size_t)rd->line < rc->line_count) {
		rawf(w, "<a href=\"#line-%ld\">", rd->line);
		html_text(w, rc->lines[rd->line].line->no);
		raw(w, "</a>");
	}
	raw(w, "</td>");
	/* an unlisted device's why is the section's title; the agent's reason
	 * says what it is */
	td(w, "w-why", rd->verdict == EW_DEVICE_UNLISTED && d->reason && d->reason[0] ? d->reason : rd->why);
	raw(w, "<td class=\"w-ev\">");
	html_text_cut(w, d->evidence_summary, HTML_SUMMARY_MAX);
	if (i < HTML_EVIDENCE_DEVICES)
		rawf(w, " <a href=\"#ev-%zu\">→</a>", i);
	raw(w, "</td></tr>\n");
}

static void line_head(struct hw *w)
{
	raw(w, "<table><thead><tr><th>照合<br><span class=\"en\">Verdict</span></th>"
	       "<th>番号<br><span class=\"en\">No. (row)</span></th>"
	       "<th>用途、システム名<br><span class=\"en\">Purpose</span></th>"
	       "<th>回線サービス名<br><span class=\"en\">Service</span></th><th>回線ID<br><span class=\"en\">Line ID</span></th>"
	       "<th>回線事業者<br><span class=\"en\">Carrier</span></th><th>回線名義<br><span class=\"en\">Holder</span></th>"
	       "<th>電子カルテ接続<br><span class=\"en\">EMR</span></th>"
	       "<th>MAC・IPアドレス<br><span class=\"en\">Declared MAC / IP</span></th>"
	       "<th>検出装置<br><span class=\"en\">Devices seen</span></th>"
	       "<th>理由<br><span class=\"en\">Why</span></th></tr></thead><tbody>\n");
}

static void line_row(struct hw *w, const struct ew_reconciliation *rc, size_t i)
{
	const struct ew_rc_line *rl = &rc->lines[i];
	const struct ew_ledger_line *l = rl->line;
	rawf(w, "<tr class=\"%s\" id=\"line-%zu\"><td>%s</td><td>", ew_line_verdict_str(rl->verdict), i,
	     line_badge(rl->verdict));
	html_text(w, l->no);
	rawf(w, " <span class=\"en\">(%u)</span></td>", l->row);
	td(w, NULL, l->purpose);
	td(w, NULL, l->service);
	td(w, NULL, l->line_id);
	td(w, NULL, l->carrier);
	td(w, NULL, l->holder);
	td(w, NULL, l->emr_connected == EW_YN_YES ? "あり" : l->emr_connected == EW_YN_NO ? "なし" : "");
	raw(w, "<td>");
	for (size_t k = 0; k < l->mac_count && k < EW_LEDGER_MACS_MAX; k++) {
		char s[EW_MAC_STRLEN];
		ew_mac_str(&l->macs[k], s);
		rawf(w, "%s<span class=\"mono\">%s</span>", k ? "<br>" : "", s);
	}
	for (size_t k = 0; k < l->ip_count && k < EW_LEDGER_IPS_MAX; k++) {
		char s[EW_IP_STRLEN];
		ew_ip_str(&l->ips[k], s);
		rawf(w, "%s<span class=\"mono\">%s</span>", k || l->mac_count ? "<br>" : "", s);
	}
	raw(w, "</td><td>");
	for (size_t k = 0; k < rl->device_count && k < 16; k++) {
		if (rl->devices[k] >= rc->device_count)
			continue;
		char s[EW_MAC_STRLEN];
		ew_mac_str(&rc->devices[rl->devices[k]].device->mac, s);
		rawf(w, "%s<a class=\"mono\" href=\"#dev-%zu\">%s</a>", k ? "<br>" : "", rl->devices[k], s);
	}
	if (rl->device_count > 16)
		rawf(w, "<br>… %zu", rl->device_count);
	raw(w, "</td>");
	if (rl->verdict == EW_LINE_UNSEEN)
		raw(w, "<td>監視対象のセグメントでは検出されず <span class=\"en\">(");
	else
		raw(w, "<td>");
	html_text(w, rl->why);
	raw(w, rl->verdict == EW_LINE_UNSEEN ? ")</span></td></tr>\n" : "</td></tr>\n");
}

/* One device's evidence entries as a table (kind, count, first, last, detail). */
static void evidence(struct hw *w, const struct ew_reconciliation *rc, size_t i)
{
	const struct ew_rc_device *rd = &rc->devices[i];
	const struct ew_device *d = rd->device;
	char mac[EW_MAC_STRLEN];
	ew_mac_str(&d->mac, mac);
	rawf(w, "<article class=\"ev\" id=\"ev-%zu\"><h3>%s <a class=\"mono\" href=\"#dev-%zu\">%s</a> ", i,
	     verdict_badge(rd->verdict), i, mac);
	html_text(w, ew_classes_ja_name(d->cls));
	raw(w, " ");
	html_text(w, d->vendor);
	raw(w, "</h3><p class=\"note\">");
	html_text(w, d->reason);
	if (d->roles && d->roles[0]) {
		raw(w, " — roles: ");
		html_text(w, d->roles);
	}
	if (d->agent_count) {
		raw(w, " — agents: ");
		for (size_t a = 0; a < d->agent_count && a < EW_DEVICE_AGENTS_MAX; a++) {
			raw(w, a ? ", " : "");
			html_text(w, d->agents[a]);
		}
	}
	raw(w, "</p>");
	struct json_object *ev = d->evidence_json ? json_tokener_parse(d->evidence_json) : NULL;
	size_t n = ev && json_object_is_type(ev, json_type_array) ? json_object_array_length(ev) : 0;
	if (n) {
		raw(w, "<table><thead><tr><th>種別 <span class=\"en\">Kind</span></th><th>回数 <span class=\"en\">Count</span></th>"
		       "<th>初回 <span class=\"en\">First</span></th><th>最終 <span class=\"en\">Last</span></th>"
		       "<th>詳細 <span class=\"en\">Detail</span></th></tr></thead><tbody>\n");
		for (size_t k = 0; k < n && w->ok; k++) {
			struct json_object *it = json_object_array_get_idx(ev, k), *v;
			raw(w, "<tr>");
			td(w, "mono", json_object_object_get_ex(it, "kind", &v) ? json_object_get_string(v) : "");
			td(w, NULL, json_object_object_get_ex(it, "count", &v) ? json_object_get_string(v) : "");
			td(w, "mono", json_object_object_get_ex(it, "first_seen", &v) ? json_object_get_string(v) : "");
			td(w, "mono", json_object_object_get_ex(it, "last_seen", &v) ? json_object_get_string(v) : "");
			raw(w, "<td><pre>");
			if (json_object_object_get_ex(it, "detail", &v))
				html_text(w, json_object_to_json_string_ext(
					v, JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE));
			raw(w, "</pre></td></tr>\n");
		}
		raw(w, "</tbody></table>");
	} else {
		raw(w, "<p>");
		html_text(w, d->evidence_summary);
		raw(w, "</p>");
	}
	json_object_put(ev);
	raw(w, "</article>\n");
}

int ew_export_html_write(const struct ew_reconciliation *rc, struct ew_buf *out)
{
	struct hw w = {.b = out, .ok = true};
	const struct ew_rc_summary *s = &rc->summary;
	char t0[32] = "", t1[32] = "";
	time_str(rc->window_start, t0);
	time_str(rc->window_end, t1);
	raw(&w, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
	        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
	        "img-src 'none'; script-src 'none'; form-action 'none'; base-uri 'none'\">\n"
	        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	        "<meta name=\"generator\" content=\"egresswatch-collector\">\n<title>回線・機器照合結果 ");
	html_text(&w, rc->site);
	raw(&w, " — egresswatch reconciliation</title>\n<style>");
	raw(&w, page_css);
	raw(&w, "</style>\n</head>\n<body>\n<header><h1>回線・機器照合結果 <span class=\"en\">Line and device reconciliation</span></h1>\n"
	        "<p class=\"meta\">施設 <span class=\"en\">Site</span>: <strong>");
	html_text(&w, rc->site);
	rawf(&w, "</strong> — 期間 <span class=\"en\">Window</span>: %s – %s — 報告数 <span class=\"en\">Reports</span>: %zu</p>\n",
	     t0[0] ? t0 : "?", t1[0] ? t1 : "?", rc->reports);
	rawf(&w, "<table class=\"counts\"><tr><th></th><th>要確認<br><span class=\"en\">Unlisted</span></th>"
	         "<th>矛盾<br><span class=\"en\">Conflict</span></th><th>一致<br><span class=\"en\">Matched</span></th>"
	         "<th>未検出<br><span class=\"en\">Unseen</span></th><th>基盤機器<br><span class=\"en\">Infrastructure</span></th>"
	         "<th>計<br><span class=\"en\">Total</span></th></tr>\n"
	         "<tr><th>装置 <span class=\"en\">Devices</span></th><td><a href=\"#unlisted\">%zu</a></td><td><a href=\"#conflict\">%zu</a></td>"
	         "<td>%zu</td><td>—</td><td>%zu</td><td>%zu</td></tr>\n"
	         "<tr><th>回線 <span class=\"en\">Lines</span></th><td>—</td><td>%zu</td><td><a href=\"#matched\">%zu</a></td>"
	         "<td><a href=\"#unseen\">%zu</a></td><td>—</td><td>%zu</td></tr></table>\n</header>\n",
	     s->devices_unlisted, s->devices_conflict, s->devices_matched, s->devices_infrastructure, s->devices,
	     s->lines_conflict, s->lines_matched, s->lines_unseen, s->lines);

	raw(&w, "<section id=\"unlisted\"><h2>要確認：台帳にない装置 <span class=\"en\">Unlisted devices — on no line of the sheet</span></h2>\n");
	if (s->devices_unlisted == 0) {
		raw(&w, "<p>なし <span class=\"en\">(none)</span></p>\n");
	} else {
		raw(&w, "<p class=\"note\">台帳に記載のない外部接続の可能性がある装置です。設置場所と回線を確認し、台帳に追記してください。"
		        " <span class=\"en\">Possible ways out that no line of the sheet declares: find them and complete the sheet.</span></p>\n");
		device_head(&w);
		for (size_t i = 0; i < rc->device_count; i++)
			if (rc->devices[i].verdict == EW_DEVICE_UNLISTED)
				device_row(&w, rc, i);
		raw(&w, "</tbody></table>\n");
	}
	raw(&w, "</section>\n");

	raw(&w, "<section id=\"conflict\"><h2>矛盾 <span class=\"en\">Conflicts — the sheet contradicts what is seen</span></h2>\n");
	if (s->devices_conflict == 0 && s->lines_conflict == 0) {
		raw(&w, "<p>なし <span class=\"en\">(none)</span></p>\n");
	} else {
		if (s->devices_conflict) {
			device_head(&w);
			for (size_t i = 0; i < rc->device_count; i++)
				if (rc->devices[i].verdict == EW_DEVICE_CONFLICT)
					device_row(&w, rc, i);
			raw(&w, "</tbody></table>\n");
		}
		if (s->lines_conflict) {
			line_head(&w);
			for (size_t i = 0; i < rc->line_count; i++)
				if (rc->lines[i].verdict == EW_LINE_CONFLICT)
					line_row(&w, rc, i);
			raw(&w, "</tbody></table>\n");
		}
	}
	raw(&w, "</section>\n");

	raw(&w, "<section id=\"matched\"><h2>一致 <span class=\"en\">Matched — declared lines seen</span></h2>\n");
	if (s->lines_matched == 0 && s->devices_matched == 0) {
		raw(&w, "<p>なし <span class=\"en\">(none)</span></p>\n");
	} else {
		if (s->lines_matched) {
			line_head(&w);
			for (size_t i = 0; i < rc->line_count; i++)
				if (rc->lines[i].verdict == EW_LINE_MATCHED)
					line_row(&w, rc, i);
			raw(&w, "</tbody></table>\n");
		}
		if (s->devices_matched) {
			size_t shown = 0;
			device_head(&w);
			for (size_t i = 0; i < rc->device_count && shown < HTML_MATCHED_DEVICES; i++)
				if (rc->devices[i].verdict == EW_DEVICE_MATCHED) {
					device_row(&w, rc, i);
					shown++;
				}
			raw(&w, "</tbody></table>\n");
			if (s->devices_matched > shown)
				rawf(&w, "<p class=\"note\">ほか %zu 台 <span class=\"en\">(%zu more matched devices: see the JSON or XLSX export)</span></p>\n",
				     s->devices_matched - shown, s->devices_matched - shown);
		}
	}
	raw(&w, "</section>\n");

	raw(&w, "<section id=\"unseen\"><h2>未検出 <span class=\"en\">Unseen — declared lines not seen on the monitored segments</span></h2>\n");
	if (s->lines_unseen == 0) {
		raw(&w, "<p>なし <span class=\"en\">(none)</span></p>\n");
	} else {
		raw(&w, "<p class=\"note\">監視しているセグメントで検出されなかった回線です。存在しないことを意味するものではありません。"
		        " <span class=\"en\">Not seen on the monitored segments in the window; this does not mean the line does not exist.</span></p>\n");
		line_head(&w);
		for (size_t i = 0; i < rc->line_count; i++)
			if (rc->lines[i].verdict == EW_LINE_UNSEEN)
				line_row(&w, rc, i);
		raw(&w, "</tbody></table>\n");
	}
	raw(&w, "</section>\n");

	raw(&w, "<section id=\"evidence\"><h2>検出根拠 <span class=\"en\">Evidence, device by device</span></h2>\n");
	size_t listed = 0;
	for (size_t i = 0; i < rc->device_count && i < HTML_EVIDENCE_DEVICES; i++) {
		if (rc->devices[i].verdict == EW_DEVICE_INFRASTRUCTURE)
			continue;
		evidence(&w, rc, i);
		listed++;
	}
	if (rc->device_count > HTML_EVIDENCE_DEVICES)
		rawf(&w, "<p class=\"note\">ほか %zu 台の根拠は省略 <span class=\"en\">(%zu more devices: see the JSON or XLSX export)</span></p>\n",
		     rc->device_count - HTML_EVIDENCE_DEVICES, rc->device_count - HTML_EVIDENCE_DEVICES);
	if (listed == 0)
		raw(&w, "<p>なし <span class=\"en\">(none)</span></p>\n");
	if (s->devices_infrastructure)
		rawf(&w, "<p class=\"note\">外部接続の兆候のない基盤機器 %zu 台は省略 <span class=\"en\">(%zu infrastructure devices with no way out seen are not listed)</span></p>\n",
		     s->devices_infrastructure, s->devices_infrastructure);
	raw(&w, "</section>\n<footer class=\"note\">egresswatch-collector — egresswatch.reconciliation/1</footer>\n</body>\n</html>\n");
	return w.ok ? 0 : -1;
}
