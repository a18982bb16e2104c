/* SPDX-License-Identifier: ISC */
/* icmpv6.c - ICMPv6 Neighbor Discovery: RS, RA, NS, NA, Redirect and their
 * options (RFC 4861; route information RFC 4191; RDNSS/DNSSL RFC 8106;
 * PREF64 RFC 8781). Other ICMPv6 types (echo, errors, MLD...) are counted and
 * produce no event.
 *
 * Policy for bad input: a message whose fixed part is cut short yields only a
 * malformed event. A message whose options are bad (zero length, longer than
 * the message, wrong length for their type) or which fails an RFC 4861
 * validity check (code, hop limit, source address) is still reported with
 * what was decoded before the fault, followed by one malformed event naming
 * the first fault: hosts discard such a message, but the device that sent it
 * is evidence all the same, and the malformed event says hosts ignored it.
 */
#include "egresswatch/dissect.h"
#include "../event_json.h"

#include <string.h>

enum {
	ND_RS = 133,
	ND_RA = 134,
	ND_NS = 135,
	ND_NA = 136,
	ND_REDIRECT = 137,
};

enum {
	OPT_SLLA = 1,
	OPT_TLLA = 2,
	OPT_PREFIX = 3,
	OPT_REDIR_HDR = 4,
	OPT_MTU = 5,
	OPT_ROUTE = 24,
	OPT_RDNSS = 25,
	OPT_DNSSL = 31,
	OPT_PREF64 = 38,
};

/* Router preference (RFC 4191 §2.1) as kept in ew_ev_nd_ra.preference and
 * ew_ra_route.preference. The reserved code 10 is kept as PRF_RESERVED so the
 * event shows what was sent; for the default router preference hosts treat it
 * as medium (§2.2). */
enum { PRF_LOW = -1, PRF_MEDIUM = 0, PRF_HIGH = 1, PRF_RESERVED = 2 };

static int8_t prf_decode(uint8_t two_bits)
{
	switch (two_bits & 3) {
	case 1: return PRF_HIGH;
	case 3: return PRF_LOW;
	case 2: return PRF_RESERVED;
	default: return PRF_MEDIUM;
	}
}

/* State of one message's option walk. The options are walked before the
 * RFC 4861 validity checks, so a broken option is the fault reported. */
struct nd_walk {
	struct ew_event *ev;
	const char *bad;   /* first fault, reported after the event */
	bool seen_mtu, seen_rdnss;
};

static void walk_bad(struct nd_walk *w, const char *reason)
{
	if (!w->bad)
		w->bad = reason;
}

static void ra_drop(struct ew_ev_nd_ra *ra)
{
	if (ra->dropped < UINT8_MAX)
		ra->dropped++;
}

/* Reads a 16-byte IPv6 address. */
static struct ew_ip cur_ip6(struct ew_cursor *c)
{
	uint8_t b[16];
	ew_cur_copy(c, b, sizeof b);
	return ew_ip6_from_bytes(b);
}

/* Source/target link-layer address (RFC 4861 §4.6.1). On Ethernet the option
 * is one unit long and holds a MAC (RFC 2464 §8); other lengths belong to
 * other link types and are ignored. */
static void opt_lladdr(struct ew_cursor *o, uint8_t len, bool *has, struct ew_mac *mac)
{
	if (len != 1 || *has)
		return;
	if (ew_cur_copy(o, mac->b, EW_MAC_LEN))
		*has = true;
}

/* Prefix information (RFC 4861 §4.6.2): length 4. Bits past the prefix length
 * "MUST be ignored by the receiver", so they are zeroed. */
static void opt_prefix(struct nd_walk *w, struct ew_cursor *o, uint8_t len)
{
	struct ew_ev_nd_ra *ra = &w->ev->u.ra;
	if (len != 4) {
		walk_bad(w, "prefix information option length not 4");
		return;
	}
	uint8_t plen = ew_cur_u8(o), flags = ew_cur_u8(o);
	uint32_t valid = ew_cur_u32(o), preferred = ew_cur_u32(o);
	ew_cur_skip(o, 4); /* Reserved2 */
	struct ew_ip pfx = cur_ip6(o);
	if (ew_cur_failed(o))
		return; /* cannot happen: length 4 is 30 bytes here */
	if (plen > 128) {
		walk_bad(w, "prefix length above 128");
		return;
	}
	if (ra->prefix_count == EW_RA_PREFIX_MAX) {
		ra_drop(ra);
		return;
	}
	struct ew_ra_prefix *p = &ra->prefixes[ra->prefix_count++];
	p->prefix.addr = pfx;
	p->prefix.len = plen;
	ew_prefix_normalize(&p->prefix);
	p->onlink = flags & 0x80;
	p->autonomous = flags & 0x40;
	p->valid = valid;
	p->preferred = preferred;
}

/* MTU (RFC 4861 §4.6.4): length 1; the first one counts. */
static void opt_mtu(struct nd_walk *w, struct ew_cursor *o, uint8_t len)
{
	struct ew_ev_nd_ra *ra = &w->ev->u.ra;
	if (len != 1) {
		walk_bad(w, "MTU option length not 1");
		return;
	}
	ew_cur_skip(o, 2);
	uint32_t mtu = ew_cur_u32(o);
	if (ew_cur_failed(o) || w->seen_mtu)
		return;
	w->seen_mtu = true;
	ra->has_mtu = true;
	ra->mtu = mtu;
}

/* Route information (RFC 4191 §2.3): length 1, 2 or 3 units; a prefix longer
 * than 64 needs length 3, any nonzero prefix length needs at least 2. The
 * prefix field holds (length - 1) * 8 bytes. Reserved preference (10): the
 * option "MUST be ignored". */
static void opt_route(struct nd_walk *w, struct ew_cursor *o, uint8_t len)
{
	struct ew_ev_nd_ra *ra = &w->ev->u.ra;
	uint8_t plen = ew_cur_u8(o), flags = ew_cur_u8(o);
	uint32_t lifetime = ew_cur_u32(o);
	if (len < 1 || len > 3) {
		walk_bad(w, "route information option length not 1..3");
		return;
	}
	if (plen > 128 || (plen > 64 && len < 3) || (plen > 0 && len < 2)) {
		walk_bad(w, "route information prefix length inconsistent with option length");
		return;
	}
	uint8_t b[16] = { 0 };
	ew_cur_copy(o, b, (size_t)(len - 1) * 8);
	if (ew_cur_failed(o))
		return; /* cannot happen: the sub-cursor is len * 8 - 2 bytes */
	int8_t prf = prf_decode((uint8_t)(flags >> 3));
	if (prf == PRF_RESERVED)
		return;
	if (ra->route_count == EW_RA_PREFIX_MAX) {
		ra_drop(ra);
		return;
	}
	struct ew_ra_route *r = &ra->routes[ra->route_count++];
	r->prefix.addr = ew_ip6_from_bytes(b);
	r->prefix.len = plen;
	ew_prefix_normalize(&r->prefix);
	r->preference = prf;
	r->lifetime = lifetime;
}

/* RDNSS (RFC 8106 §5.1): odd length >= 3, (length - 1) / 2 addresses. The
 * lifetime of the first RDNSS option is kept. */
static void opt_rdnss(struct nd_walk *w, struct ew_cursor *o, uint8_t len)
{
	struct ew_ev_nd_ra *ra = &w->ev->u.ra;
	if (len < 3 || len % 2 == 0) {
		walk_bad(w, "RDNSS option length not odd and >= 3");
		return;
	}
	ew_cur_skip(o, 2);
	uint32_t lifetime = ew_cur_u32(o);
	if (!w->seen_rdnss) {
		w->seen_rdnss = true;
		ra->rdnss_lifetime = lifetime;
	}
	for (unsigned i = 0; i < (unsigned)(len - 1) / 2; i++) {
		struct ew_ip a = cur_ip6(o);
		if (ew_cur_failed(o))
			return;
		if (ra->rdnss_count == EW_ADDR_LIST_MAX) {
			ra_drop(ra);
			continue;
		}
		ra->rdnss[ra->rdnss_count++] = a;
	}
}

/* Appends one whole name to the comma-separated list; a name that does not
 * fit is left out (never cut: a cut domain could match the wrong rule). */
static void dnssl_append(struct ew_ev_nd_ra *ra, const char *name, size_t n)
{
	struct ew_lstr *s = &ra->dnssl;
	size_t need = n + (s->len ? 1 : 0);
	if (s->len + need > EW_LSTR_MAX) {
		s->truncated = true;
		ra_drop(ra);
		return;
	}
	if (s->len)
		s->s[s->len++] = ',';
	memcpy(s->s + s->len, name, n);
	s->len = (uint16_t)(s->len + n);
	s->s[s->len] = '\0';
}

/* DNSSL (RFC 8106 §5.2): length >= 2; names in RFC 1035 §3.1 label form
 * without compression, then zero padding to the end of the option. */
static void opt_dnssl(struct nd_walk *w, struct ew_cursor *o, uint8_t len)
{
	struct ew_ev_nd_ra *ra = &w->ev->u.ra;
	if (len < 2) {
		walk_bad(w, "DNSSL option length below 2");
		return;
	}
	ew_cur_skip(o, 2);
	(void)ew_cur_u32(o); /* lifetime: not kept (no field) */
	for (unsigned names = 0; ew_cur_left(o) > 0; names++) {
		uint8_t first;
		if (!ew_cur_peek_u8(o, 0, &first) || first == 0)
			return; /* padding */
		if (names == EW_OPT_LOOP_MAX) {
			ra_drop(ra);
			return;
		}
		char name[256];
		size_t n = 0;
		for (;;) {
			uint8_t l = ew_cur_u8(o);
			if (ew_cur_failed(o)) {
				walk_bad(w, "DNSSL name not terminated");
				return;
			}
			if (l == 0)
				break;
			if (l > 63) {
				/* 0xc0 pointers are forbidden here, 0x40/0x80 are reserved */
				walk_bad(w, "DNSSL label length above 63");
				return;
			}
			/* RFC 1035 §2.3.4: 255 octets on the wire, so 254 in text */
			if (n + (n ? 1 : 0) + l > 253) {
				walk_bad(w, "DNSSL name longer than 255");
				return;
			}
			if (n)
				name[n++] = '.';
			if (!ew_cur_copy(o, name + n, l)) {
				walk_bad(w, "DNSSL label truncated");
				return;
			}
			n += l;
		}
		dnssl_append(ra, name, n);
	}
}

/* PREF64 (RFC 8781 §4): length 2; 13-bit lifetime in units of 8 seconds and a
 * 3-bit prefix length code; 96 bits of prefix. Codes 6 and 7: the option
 * "MUST be ignored" (§4). */
static void opt_pref64(struct nd_walk *w, struct ew_cursor *o, uint8_t len)
{
	static const uint8_t plc_len[6] = { 96, 64, 56, 48, 40, 32 };
	struct ew_ev_nd_ra *ra = &w->ev->u.ra;
	if (len != 2) {
		walk_bad(w, "PREF64 option length not 2");
		return;
	}
	uint16_t v = ew_cur_u16(o);
	uint8_t b[16] = { 0 };
	ew_cur_copy(o, b, 12);
	if (ew_cur_failed(o) || (v & 7) > 5 || ra->has_pref64)
		return;
	ra->has_pref64 = true;
	ra->pref64.addr = ew_ip6_from_bytes(b);
	ra->pref64.len = plc_len[v & 7];
	ew_prefix_normalize(&ra->pref64);
	ra->pref64_lifetime = (uint16_t)((v >> 3) * 8);
}

/* Walks the options after a message's fixed part (RFC 4861 §4.6). Options not
 * defined for the message type are skipped ("MUST be ignored", §6.1.2 etc.);
 * a zero length stops the walk: "nodes MUST silently discard an ND packet
 * that contains an option with length zero" (§4.6). */
static void walk_options(struct nd_walk *w, struct ew_cursor *c)
{
	struct ew_event *ev = w->ev;
	for (unsigned n = 0; ew_cur_left(c) > 0; n++) {
		if (n == EW_OPT_LOOP_MAX) {
			/* only a jumbogram can hold this many: keep what we have */
			if (ev->type == EW_EV_ND_RA)
				ra_drop(&ev->u.ra);
			return;
		}
		uint8_t type = ew_cur_u8(c), len = ew_cur_u8(c);
		if (ew_cur_failed(c)) {
			walk_bad(w, "truncated ND option header");
			return;
		}
		if (len == 0) {
			walk_bad(w, "ND option length zero");
			return;
		}
		struct ew_cursor o = ew_cur_sub(c, (size_t)len * 8 - 2);
		if (ew_cur_failed(c)) {
			walk_bad(w, "ND option longer than message");
			return;
		}
		switch (ev->type) {
		case EW_EV_ND_RS:
			if (type == OPT_SLLA)
				opt_lladdr(&o, len, &ev->u.rs.has_src_lladdr, &ev->u.rs.src_lladdr);
			break;
		case EW_EV_ND_NS:
			if (type == OPT_SLLA)
				opt_lladdr(&o, len, &ev->u.ns.has_src_lladdr, &ev->u.ns.src_lladdr);
			break;
		case EW_EV_ND_NA:
			if (type == OPT_TLLA)
				opt_lladdr(&o, len, &ev->u.na.has_tgt_lladdr, &ev->u.na.tgt_lladdr);
			break;
		case EW_EV_ND_REDIRECT:
			/* the redirected header (4) is skipped: it only echoes our own traffic */
			if (type == OPT_TLLA)
				opt_lladdr(&o, len, &ev->u.redirect.has_tgt_lladdr, &ev->u.redirect.tgt_lladdr);
			break;
		case EW_EV_ND_RA:
			switch (type) {
			case OPT_SLLA: opt_lladdr(&o, len, &ev->u.ra.has_src_lladdr, &ev->u.ra.src_lladdr); break;
			case OPT_PREFIX: opt_prefix(w, &o, len); break;
			case OPT_MTU: opt_mtu(w, &o, len); break;
			case OPT_ROUTE: opt_route(w, &o, len); break;
			case OPT_RDNSS: opt_rdnss(w, &o, len); break;
			case OPT_DNSSL: opt_dnssl(w, &o, len); break;
			case OPT_PREF64: opt_pref64(w, &o, len); break;
			default: break;
			}
			break;
		default:
			break;
		}
	}
}

/* The checks every ND message shares (RFC 4861 §6.1.1, 6.1.2, 7.1.1, 7.1.2,
 * 8.1): code 0 and hop limit 255, the latter proving the sender is on-link.
 * The IP checks only apply when an IPv6 layer filled the frame. */
static void check_common(struct ew_dissector *d, struct nd_walk *w, uint8_t code)
{
	if (code != 0)
		walk_bad(w, "ND code not 0");
	if (d->frame.ip_version == 6 && d->frame.ttl != 255)
		walk_bad(w, "ND hop limit not 255");
}

static bool src_unspecified(const struct ew_dissector *d)
{
	return d->frame.ip_version == 6 && ew_ip_is_zero(&d->frame.ip_src);
}

static bool src_not_linklocal(const struct ew_dissector *d)
{
	return d->frame.ip_version == 6 && !ew_ip_is_linklocal(&d->frame.ip_src);
}

static void finish(struct ew_dissector *d, struct nd_walk *w)
{
	ew_event_emit(d);
	if (w->bad)
		ew_malformed(d, EW_P_ICMPV6, w->bad); /* reuses d->ev: after the emit */
}

static void dissect_rs(struct ew_dissector *d, struct ew_cursor *c, uint8_t code)
{
	struct nd_walk w = { .ev = ew_event_begin(d, EW_EV_ND_RS) };
	if (!ew_cur_skip(c, 4)) {
		ew_malformed(d, EW_P_ICMPV6, "truncated router solicitation");
		return;
	}
	walk_options(&w, c);
	check_common(d, &w, code);
	/* §6.1.1: no source link-layer option when the source is unspecified */
	if (w.ev->u.rs.has_src_lladdr && src_unspecified(d))
		walk_bad(&w, "RS from :: with source link-layer address");
	finish(d, &w);
}

static void dissect_ra(struct ew_dissector *d, struct ew_cursor *c, uint8_t code)
{
	struct nd_walk w = { .ev = ew_event_begin(d, EW_EV_ND_RA) };
	struct ew_ev_nd_ra *ra = &w.ev->u.ra;
	ra->cur_hop_limit = ew_cur_u8(c);
	uint8_t flags = ew_cur_u8(c);
	ra->router_lifetime = ew_cur_u16(c);
	ra->reachable = ew_cur_u32(c);
	ra->retrans = ew_cur_u32(c);
	if (ew_cur_failed(c)) {
		ew_malformed(d, EW_P_ICMPV6, "truncated router advertisement");
		return;
	}
	ra->managed = flags & 0x80;
	ra->other = flags & 0x40;
	ra->home_agent = flags & 0x20;     /* RFC 6275 §7.1 */
	ra->preference = prf_decode((uint8_t)(flags >> 3)); /* RFC 4191 §2.2 */
	ra->proxy = flags & 0x04;          /* RFC 4389 §4.1.3.3 */
	walk_options(&w, c);
	check_common(d, &w, code);
	/* §6.1.2: the source must be link-local */
	if (src_not_linklocal(d))
		walk_bad(&w, "RA source not link-local");
	finish(d, &w);
}

static void dissect_ns(struct ew_dissector *d, struct ew_cursor *c, uint8_t code)
{
	struct nd_walk w = { .ev = ew_event_begin(d, EW_EV_ND_NS) };
	ew_cur_skip(c, 4);
	w.ev->u.ns.target = cur_ip6(c);
	if (ew_cur_failed(c)) {
		ew_malformed(d, EW_P_ICMPV6, "truncated neighbor solicitation");
		return;
	}
	walk_options(&w, c);
	check_common(d, &w, code);
	if (ew_ip_is_multicast(&w.ev->u.ns.target))
		walk_bad(&w, "NS target is multicast"); /* §7.1.1 */
	if (w.ev->u.ns.has_src_lladdr && src_unspecified(d))
		walk_bad(&w, "NS from :: with source link-layer address"); /* §7.1.1 */
	finish(d, &w);
}

static void dissect_na(struct ew_dissector *d, struct ew_cursor *c, uint8_t code)
{
	struct nd_walk w = { .ev = ew_event_begin(d, EW_EV_ND_NA) };
	struct ew_ev_nd_na *na = &w.ev->u.na;
	uint8_t flags = ew_cur_u8(c);
	ew_cur_skip(c, 3);
	na->target = cur_ip6(c);
	if (ew_cur_failed(c)) {
		ew_malformed(d, EW_P_ICMPV6, "truncated neighbor advertisement");
		return;
	}
	na->router = flags & 0x80;
	na->solicited = flags & 0x40;
	na->override = flags & 0x20;
	walk_options(&w, c);
	check_common(d, &w, code);
	/* §7.1.2: target not multicast; solicited flag never to a multicast destination */
	if (ew_ip_is_multicast(&na->target))
		walk_bad(&w, "NA target is multicast");
	if (na->solicited && d->frame.ip_version == 6 && ew_ip_is_multicast(&d->frame.ip_dst))
		walk_bad(&w, "solicited NA to multicast");
	finish(d, &w);
}

static void dissect_redirect(struct ew_dissector *d, struct ew_cursor *c, uint8_t code)
{
	struct nd_walk w = { .ev = ew_event_begin(d, EW_EV_ND_REDIRECT) };
	struct ew_ev_nd_redirect *r = &w.ev->u.redirect;
	ew_cur_skip(c, 4);
	r->target = cur_ip6(c);
	r->dest = cur_ip6(c);
	if (ew_cur_failed(c)) {
		ew_malformed(d, EW_P_ICMPV6, "truncated redirect");
		return;
	}
	walk_options(&w, c);
	check_common(d, &w, code);
	/* §8.1: from the link-local address of the current first hop */
	if (src_not_linklocal(d))
		walk_bad(&w, "redirect source not link-local");
	if (ew_ip_is_multicast(&r->dest))
		walk_bad(&w, "redirect destination is multicast");
	finish(d, &w);
}

void ew_dissect_icmpv6(struct ew_dissector *d, struct ew_cursor *c)
{
	ew_count(d, EW_P_ICMPV6);
	uint8_t type = ew_cur_u8(c), code = ew_cur_u8(c);
	(void)ew_cur_u16(c); /* checksum: not verified, a passive observer reports what it saw */
	if (ew_cur_failed(c)) {
		ew_malformed(d, EW_P_ICMPV6, "truncated ICMPv6 header");
		return;
	}
	switch (type) {
	case ND_RS: dissect_rs(d, c, code); break;
	case ND_RA: dissect_ra(d, c, code); break;
	case ND_NS: dissect_ns(d, c, code); break;
	case ND_NA: dissect_na(d, c, code); break;
	case ND_REDIRECT: dissect_redirect(d, c, code); break;
	default: break; /* counted only */
	}
}

/* ---- JSON ------------------------------------------------------------------------ */

static const char *prf_name(int8_t p)
{
	switch (p) {
	case PRF_LOW: return "low";
	case PRF_MEDIUM: return "medium";
	case PRF_HIGH: return "high";
	default: return "reserved";
	}
}

EW_JSON_FN(nd_rs)
{
	const struct ew_ev_nd_rs *rs = &ev->u.rs;
	if (rs->has_src_lladdr)
		ew_json_add_mac(o, "src_lladdr", &rs->src_lladdr);
}

EW_JSON_FN(nd_ra)
{
	const struct ew_ev_nd_ra *ra = &ev->u.ra;
	ew_json_add_int(o, "cur_hop_limit", ra->cur_hop_limit);
	ew_json_add_bool(o, "managed", ra->managed);
	ew_json_add_bool(o, "other", ra->other);
	ew_json_add_bool(o, "home_agent", ra->home_agent);
	ew_json_add_bool(o, "proxy", ra->proxy);
	ew_json_add_cstr(o, "preference", prf_name(ra->preference));
	ew_json_add_int(o, "router_lifetime", ra->router_lifetime);
	ew_json_add_int(o, "reachable", ra->reachable);
	ew_json_add_int(o, "retrans", ra->retrans);
	if (ra->has_src_lladdr)
		ew_json_add_mac(o, "src_lladdr", &ra->src_lladdr);
	if (ra->has_mtu)
		ew_json_add_int(o, "mtu", ra->mtu);
	struct json_object *pa = json_object_new_array();
	for (unsigned i = 0; i < ra->prefix_count && i < EW_RA_PREFIX_MAX; i++) {
		const struct ew_ra_prefix *p = &ra->prefixes[i];
		struct json_object *j = json_object_new_object();
		ew_json_add(j, "prefix", ew_json_prefix(&p->prefix));
		ew_json_add_bool(j, "onlink", p->onlink);
		ew_json_add_bool(j, "autonomous", p->autonomous);
		ew_json_add_int(j, "valid", p->valid);
		ew_json_add_int(j, "preferred", p->preferred);
		json_object_array_add(pa, j);
	}
	ew_json_add(o, "prefixes", pa);
	unsigned nr = ra->rdnss_count < EW_ADDR_LIST_MAX ? ra->rdnss_count : EW_ADDR_LIST_MAX;
	ew_json_add_ip_list(o, "rdnss", ra->rdnss, nr);
	if (nr)
		ew_json_add_int(o, "rdnss_lifetime", ra->rdnss_lifetime);
	ew_json_add_lstr(o, "dnssl", &ra->dnssl);
	if (ra->dnssl.truncated)
		ew_json_add_bool(o, "dnssl_truncated", 1);
	struct json_object *ra_routes = json_object_new_array();
	for (unsigned i = 0; i < ra->route_count && i < EW_RA_PREFIX_MAX; i++) {
		const struct ew_ra_route *r = &ra->routes[i];
		struct json_object *j = json_object_new_object();
		ew_json_add(j, "prefix", ew_json_prefix(&r->prefix));
		ew_json_add_cstr(j, "preference", prf_name(r->preference));
		ew_json_add_int(j, "lifetime", r->lifetime);
		json_object_array_add(ra_routes, j);
	}
	ew_json_add(o, "routes", ra_routes);
	if (ra->has_pref64) {
		struct json_object *j = json_object_new_object();
		ew_json_add(j, "prefix", ew_json_prefix(&ra->pref64));
		ew_json_add_int(j, "lifetime", ra->pref64_lifetime);
		ew_json_add(o, "pref64", j);
	}
	ew_json_add_int(o, "dropped", ra->dropped);
}

EW_JSON_FN(nd_ns)
{
	const struct ew_ev_nd_ns *ns = &ev->u.ns;
	ew_json_add_ip(o, "target", &ns->target);
	if (ns->has_src_lladdr)
		ew_json_add_mac(o, "src_lladdr", &ns->src_lladdr);
}

EW_JSON_FN(nd_na)
{
	const struct ew_ev_nd_na *na = &ev->u.na;
	ew_json_add_bool(o, "router", na->router);
	ew_json_add_bool(o, "solicited", na->solicited);
	ew_json_add_bool(o, "override", na->override);
	ew_json_add_ip(o, "target", &na->target);
	if (na->has_tgt_lladdr)
		ew_json_add_mac(o, "tgt_lladdr", &na->tgt_lladdr);
}

EW_JSON_FN(nd_redirect)
{
	const struct ew_ev_nd_redirect *r = &ev->u.redirect;
	ew_json_add_ip(o, "target", &r->target);
	ew_json_add_ip(o, "destination", &r->dest);
	if (r->has_tgt_lladdr)
		ew_json_add_mac(o, "tgt_lladdr", &r->tgt_lladdr);
}
