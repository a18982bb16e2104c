/* SPDX-License-Identifier: ISC */
/* ssdp.c - SSDP discovery messages (UPnP Device Architecture 1.1 §1, 2.0 §1):
 * NOTIFY and M-SEARCH requests and their HTTP/1.x responses over UDP 1900,
 * read only in their multicast or unicast-reply shape (ew_ssdp_fits).
 *
 * The message is HTTP-like text (HTTPU). A start line that is none of
 * "NOTIFY * HTTP/1.x", "M-SEARCH * HTTP/1.x", "HTTP/1.x NNN ..." is not SSDP
 * and is only counted (port 1900 carries other chatter too); a line that
 * begins like one of them and then breaks is malformed. Header names are
 * case-insensitive (RFC 7230 §3.2), whitespace around values is dropped, CRLF
 * and bare LF both end a line, the last line may end with the datagram. A
 * line without a colon is skipped; a repeated header keeps its first value.
 * Folded lines (obsolete, RFC 7230 §3.2.4) are not joined.
 */
#include "egresswatch/dissect.h"
#include "../event_json.h"

#include <stddef.h>
#include <string.h>

/* Takes the next line as a sub-cursor without its LF and a CR before it.
 * Returns false when nothing is left. */
static bool next_line(struct ew_cursor *c, struct ew_cursor *line)
{
	size_t left = ew_cur_left(c);
	if (ew_cur_failed(c) || left == 0)
		return false;
	size_t n = 0;
	uint8_t b;
	while (ew_cur_peek_u8(c, n, &b) && b != '\n')
		n++;
	size_t keep = n;
	if (keep > 0 && ew_cur_peek_u8(c, keep - 1, &b) && b == '\r')
		keep--;
	*line = ew_cur_sub(c, keep);
	ew_cur_skip(c, n - keep + (n < left ? 1 : 0)); /* the CR and LF */
	return true;
}

static bool is_ws(uint8_t b)
{
	return b == ' ' || b == '\t';
}

static uint8_t lower(uint8_t b)
{
	return b >= 'A' && b <= 'Z' ? (uint8_t)(b + 32) : b;
}

/* Consumes `lit` if the cursor starts with it. */
static bool eat(struct ew_cursor *c, const char *lit, bool nocase)
{
	size_t n = strlen(lit);
	for (size_t i = 0; i < n; i++) {
		uint8_t b;
		if (!ew_cur_peek_u8(c, i, &b))
			return false;
		uint8_t l = (uint8_t)lit[i];
		if (nocase ? lower(b) != lower(l) : b != l)
			return false;
	}
	return ew_cur_skip(c, n);
}

static void skip_ws(struct ew_cursor *c)
{
	uint8_t b;
	while (ew_cur_peek_u8(c, 0, &b) && is_ws(b))
		ew_cur_skip(c, 1);
}

static bool at_end_after_ws(struct ew_cursor *c)
{
	skip_ws(c);
	return ew_cur_left(c) == 0;
}

static bool digit(struct ew_cursor *c, unsigned *v)
{
	uint8_t b;
	if (!ew_cur_peek_u8(c, 0, &b) || b < '0' || b > '9')
		return false;
	*v = *v * 10 + (unsigned)(b - '0');
	return ew_cur_skip(c, 1);
}

enum start { START_NOT_SSDP, START_BROKEN, START_OK };

/* "HTTP/1." and one digit: UDA requires 1.1, 1.0 senders exist. */
static bool http_version(struct ew_cursor *c)
{
	unsigned minor = 0;
	return eat(c, "HTTP/1.", false) && digit(c, &minor);
}

static enum start parse_start(struct ew_cursor *line, struct ew_ev_ssdp *s)
{
	if (eat(line, "NOTIFY ", false))
		s->kind = EW_SSDP_NOTIFY;
	else if (eat(line, "M-SEARCH ", false))
		s->kind = EW_SSDP_MSEARCH;
	if (s->kind) {
		/* UDA 1.1 §1.1.2/§1.3.2: the request target is always "*" */
		if (eat(line, "* ", false) && http_version(line) && at_end_after_ws(line))
			return START_OK;
		return START_BROKEN;
	}
	struct ew_cursor probe = *line;
	if (!eat(&probe, "HTTP/", false))
		return START_NOT_SSDP;
	s->kind = EW_SSDP_RESPONSE;
	unsigned status = 0;
	/* RFC 7230 §3.1.2: HTTP-version SP 3DIGIT SP reason-phrase */
	if (!http_version(line) || !eat(line, " ", false) || !digit(line, &status) || !digit(line, &status) ||
	    !digit(line, &status))
		return START_BROKEN;
	if (ew_cur_left(line) > 0 && !eat(line, " ", false))
		return START_BROKEN;
	s->status = (uint16_t)status;
	return START_OK;
}

/* The shape (UDA 1.1 §1.1.2, §1.3.2, §1.3.3; UDA 2.0 §1.1.2): NOTIFY and
 * multicast M-SEARCH go to 239.255.255.250 or ff0X::c (scope X) on port
 * 1900 from any port; a unicast M-SEARCH goes to a device's port 1900; a
 * search response is a unicast from port 1900 to the searcher's port that
 * begins "HTTP/1.1 200". What else touches 1900 (an ordinary host whose
 * ephemeral port it is) is not SSDP: a unicast datagram to or from 1900
 * must start like the message its direction carries. */
#define SSDP_PORT 1900
#define SSDP_GROUP4 UINT32_C(0xeffffffa) /* 239.255.255.250 */
#define SSDP_GROUP6_ID 0x0c              /* ff0X::c */

static bool ssdp_group(const struct ew_frame *f)
{
	if (f->ip_dst.family == EW_AF_INET)
		return ew_frame_dst_is4(f, SSDP_GROUP4);
	if (f->ip_dst.family != EW_AF_INET6)
		return false;
	const uint8_t *a = f->ip_dst.a;
	if (a[0] != 0xff || (a[1] & 0xf0) != 0 || a[15] != SSDP_GROUP6_ID)
		return false; /* flags 0: the permanent group, any scope */
	for (unsigned i = 2; i < 15; i++)
		if (a[i])
			return false;
	return true;
}

bool ew_ssdp_fits(const struct ew_frame *f, const struct ew_cursor *payload)
{
	struct ew_cursor p = *payload;
	unsigned minor = 0;
	if (f->dport == SSDP_PORT && ssdp_group(f))
		return true;
	if (!ew_frame_dst_unicast(f))
		return false;
	if (f->dport == SSDP_PORT)
		return eat(&p, "M-SEARCH * HTTP/1.", false);
	if (f->sport == SSDP_PORT)
		return eat(&p, "HTTP/1.", false) && digit(&p, &minor) && eat(&p, " 200", false);
	return false;
}

/* The headers the event keeps: wire name, JSON key, field. */
static const struct {
	const char *wire, *json;
	size_t off;
} hdrs[] = {
	{ "NT", "nt", offsetof(struct ew_ev_ssdp, nt) },
	{ "NTS", "nts", offsetof(struct ew_ev_ssdp, nts) },
	{ "ST", "st", offsetof(struct ew_ev_ssdp, st) },
	{ "USN", "usn", offsetof(struct ew_ev_ssdp, usn) },
	{ "SERVER", "server", offsetof(struct ew_ev_ssdp, server) },
	{ "LOCATION", "location", offsetof(struct ew_ev_ssdp, location) },
	{ "USER-AGENT", "user_agent", offsetof(struct ew_ev_ssdp, user_agent) },
	{ "MAN", "man", offsetof(struct ew_ev_ssdp, man) },
};
#define HDR_COUNT (sizeof hdrs / sizeof hdrs[0])

/* One header line: name, colon, optional whitespace, value. */
static void parse_header(struct ew_cursor *line, struct ew_ev_ssdp *s, unsigned *seen)
{
	size_t colon = 0;
	uint8_t b;
	while (ew_cur_peek_u8(line, colon, &b) && b != ':')
		colon++;
	if (colon == ew_cur_left(line))
		return; /* no colon: not a header */
	struct ew_cursor name = ew_cur_sub(line, colon);
	ew_cur_skip(line, 1);
	for (size_t i = 0; i < HDR_COUNT; i++) {
		struct ew_cursor n = name;
		if (ew_cur_left(&n) != strlen(hdrs[i].wire) || !eat(&n, hdrs[i].wire, true))
			continue;
		if (*seen & (1u << i))
			return; /* first wins */
		*seen |= 1u << i;
		skip_ws(line);
		size_t len = ew_cur_left(line);
		while (len > 0 && ew_cur_peek_u8(line, len - 1, &b) && is_ws(b))
			len--;
		const uint8_t *v = ew_cur_view(line, len);
		ew_lstr_set((struct ew_lstr *)((char *)s + hdrs[i].off), v, v ? len : 0);
		return;
	}
}

void ew_dissect_ssdp(struct ew_dissector *d, struct ew_cursor *c)
{
	ew_count(d, EW_P_SSDP);
	struct ew_cursor line;
	if (!next_line(c, &line))
		return; /* empty datagram: nothing to say */
	struct ew_event *ev = ew_event_begin(d, EW_EV_SSDP);
	struct ew_ev_ssdp *s = &ev->u.ssdp;
	switch (parse_start(&line, s)) {
	case START_NOT_SSDP: return;
	case START_BROKEN: ew_malformed(d, EW_P_SSDP, "bad SSDP start line"); return;
	case START_OK: break;
	}
	unsigned seen = 0;
	const char *bad = NULL;
	for (unsigned n = 0;; n++) {
		if (!next_line(c, &line))
			break;
		if (ew_cur_left(&line) == 0)
			break; /* end of headers; a body is not ours */
		if (n == EW_OPT_LOOP_MAX) {
			bad = "too many SSDP header lines";
			break;
		}
		parse_header(&line, s, &seen);
	}
	ew_event_emit(d);
	if (bad)
		ew_malformed(d, EW_P_SSDP, bad); /* reuses d->ev: after the emit */
}

/* ---- JSON ------------------------------------------------------------------------ */

static const char *kind_name(uint8_t k)
{
	switch (k) {
	case EW_SSDP_NOTIFY: return "notify";
	case EW_SSDP_MSEARCH: return "msearch";
	case EW_SSDP_RESPONSE: return "response";
	default: return "unknown";
	}
}

EW_JSON_FN(ssdp)
{
	const struct ew_ev_ssdp *s = &ev->u.ssdp;
	ew_json_add_cstr(o, "kind", kind_name(s->kind));
	if (s->kind == EW_SSDP_RESPONSE)
		ew_json_add_int(o, "status", s->status);
	struct json_object *trunc = NULL;
	for (size_t i = 0; i < HDR_COUNT; i++) {
		const struct ew_lstr *f = (const struct ew_lstr *)((const char *)s + hdrs[i].off);
		ew_json_add_lstr(o, hdrs[i].json, f);
		if (f->truncated) {
			if (!trunc)
				trunc = json_object_new_array();
			json_object_array_add(trunc, json_object_new_string(hdrs[i].json));
		}
	}
	ew_json_add(o, "truncated", trunc);
}
