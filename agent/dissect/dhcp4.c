/* SPDX-License-Identifier: ISC */
/* dhcp4.c - DHCPv4 and BOOTP (RFC 951, RFC 2131, RFC 2132): the fixed header,
 * the magic cookie, and the options that say who hands out addresses, routers,
 * DNS and routes (including RFC 3442 classless routes, option overload and
 * RFC 3396 split options).
 *
 * Malformed input: the event is emitted first with everything decoded, then
 * one malformed event naming the first problem found, so a broken option does
 * not hide a server id or router decoded next to it. A header too short for
 * the fixed BOOTP fields gives only the malformed event.
 */
#include "egresswatch/dissect.h"
#include "../event_json.h"

#include <stdio.h>
#include <string.h>

#define BOOTP_CHADDR_LEN 16
#define BOOTP_SNAME_LEN 64
#define BOOTP_FILE_LEN 128
#define DHCP_MAGIC_COOKIE 0x63825363u /* 99.130.83.99, RFC 2131 §3 */

/* RFC 2131 §4.1: a client sends to the server port from the client port,
 * a server answers a client on the client port, and (with giaddr set) a
 * relay agent on the server port; relays send from the server port (RFC 1542
 * §4.1, §5). Both ports are always these two, so a datagram with either at
 * one end only is an ordinary flow whose ephemeral port collides (a DHCP
 * client that sends from another port, dhcping for one, is not read). */
#define DHCP4_SERVER_PORT 67
#define DHCP4_CLIENT_PORT 68

bool ew_dhcp4_fits(const struct ew_frame *f, const struct ew_cursor *payload)
{
	(void)payload;
	if (f->ip_version != 4)
		return false;
	if (f->dport == DHCP4_SERVER_PORT)
		return f->sport == DHCP4_CLIENT_PORT || f->sport == DHCP4_SERVER_PORT;
	return f->sport == DHCP4_SERVER_PORT && f->dport == DHCP4_CLIENT_PORT;
}

#define OPT_PAD 0
#define OPT_MASK 1
#define OPT_ROUTER 3
#define OPT_DNS 6
#define OPT_HOSTNAME 12
#define OPT_DOMAIN 15
#define OPT_REQUESTED_IP 50
#define OPT_LEASE 51
#define OPT_OVERLOAD 52
#define OPT_MSG_TYPE 53
#define OPT_SERVER_ID 54
#define OPT_PRL 55
#define OPT_VENDOR_CLASS 60
#define OPT_CLIENT_ID 61
#define OPT_CLIENT_FQDN 81
#define OPT_CLASSLESS_ROUTE 121
#define OPT_MS_CLASSLESS_ROUTE 249
#define OPT_WPAD 252
#define OPT_END 255

#define FQDN_FLAG_E 0x04 /* RFC 4702 §2.1: name in canonical wire format */
#define NAME_LABEL_MAX 128 /* a 255-byte name has at most 127 labels */

/* RFC 3396 concatenation buffer. Every decoded value that is copied keeps far
 * less than this (16 routes of 9 bytes, 8 addresses, 128-byte strings), so a
 * longer concatenation only loses what a cap would drop anyway; the list
 * length checks use the full concatenated length. */
#define CONCAT_MAX 1024

/* One option instance as found on the wire, before interpretation. */
struct optref {
	uint8_t code;
	uint8_t len;
	const uint8_t *p; /* from ew_cur_view, read only through a cursor */
};

/* The first pass: every option in wire order over the options field, then the
 * file and sname fields when overloaded (RFC 2131 §4.1). Non-pad options are
 * capped at EW_OPT_LOOP_MAX; pads cost one byte each, so their loop is bounded
 * by the payload length. */
struct walk {
	struct optref ref[EW_OPT_LOOP_MAX];
	unsigned n;
	bool full;         /* stopped at the option cap */
	uint8_t overload;  /* option 52 value from the options field */
	const char *bad;   /* first malformation, reported after the event */
};

static void set_bad(struct walk *w, const char *reason)
{
	if (!w->bad)
		w->bad = reason;
}

/* Counts options or list entries beyond a cap; saturates. */
static void drop(struct ew_ev_dhcp4 *e, size_t n)
{
	e->dropped = (uint8_t)(n >= (size_t)(UINT8_MAX - e->dropped) ? UINT8_MAX : e->dropped + n);
}

static struct ew_ip read_ip4(struct ew_cursor *c)
{
	uint8_t b[4];
	ew_cur_copy(c, b, sizeof b);
	return ew_ip4_from_bytes(b);
}

/* Walks one region (options, file or sname). Option 52 is honoured only in
 * the options field: RFC 2131 §4.1 puts it there, and one inside an
 * overloaded field would make the walk recurse. */
static void walk_region(struct walk *w, struct ew_cursor *r, bool options_field)
{
	while (!w->full && ew_cur_left(r) > 0) {
		uint8_t code = ew_cur_u8(r);
		if (code == OPT_PAD)
			continue;
		if (code == OPT_END)
			return; /* what follows END is padding */
		if (w->n == EW_OPT_LOOP_MAX) {
			w->full = true;
			set_bad(w, "too many options");
			return;
		}
		uint8_t len = ew_cur_u8(r);
		const uint8_t *p = ew_cur_view(r, len);
		if (!p) { /* the length byte or the value is past the end */
			set_bad(w, "option length exceeds packet");
			return;
		}
		w->ref[w->n].code = code;
		w->ref[w->n].len = len;
		w->ref[w->n].p = p;
		w->n++;
		if (options_field && code == OPT_OVERLOAD && w->overload == 0) {
			if (len != 1) {
				set_bad(w, "bad option overload length");
				continue;
			}
			struct ew_cursor v = ew_cur_make(p, len);
			uint8_t ov = ew_cur_u8(&v);
			if (ov < 1 || ov > 3) /* RFC 2132 §9.3: 1 file, 2 sname, 3 both */
				set_bad(w, "invalid option overload value");
			else
				w->overload = ov;
		}
	}
}

static struct ew_cursor ref_cursor(const struct optref *r)
{
	return ew_cur_make(r->p, r->len);
}

/* First instance of a fixed-size option. Those are not concatenated: two
 * message types or server ids are a conflict, not a split (the first wins). */
static const struct optref *first_opt(const struct walk *w, uint8_t code)
{
	for (unsigned i = 0; i < w->n; i++)
		if (w->ref[i].code == code)
			return &w->ref[i];
	return NULL;
}

struct gathered {
	struct ew_cursor c; /* the value, in place or in the caller's buffer */
	size_t total;       /* concatenated length on the wire */
};

/* RFC 3396 §6: every instance of a variable-length option, in the order
 * options, file, sname, is one value. One instance is read in place; several
 * are copied into buf (at most cap bytes). Returns false when absent. */
static bool gather(const struct walk *w, uint8_t code, uint8_t *buf, size_t cap, struct gathered *g)
{
	unsigned count = 0;
	const struct optref *only = NULL;
	g->total = 0;
	for (unsigned i = 0; i < w->n; i++) {
		if (w->ref[i].code != code)
			continue;
		if (count++ == 0)
			only = &w->ref[i];
		g->total += w->ref[i].len;
	}
	if (count <= 1) {
		if (only)
			g->c = ref_cursor(only);
		return only != NULL;
	}
	size_t used = 0;
	for (unsigned i = 0; i < w->n && used < cap; i++) {
		const struct optref *r = &w->ref[i];
		if (r->code != code)
			continue;
		size_t take = r->len < cap - used ? r->len : cap - used;
		struct ew_cursor src = ref_cursor(r);
		ew_cur_copy(&src, buf + used, take);
		used += take;
	}
	g->c = ew_cur_make(buf, used);
	return true;
}

/* Wire strings are often NUL-terminated by their sender (several clients and
 * servers do it for 12, 15, 60, 252); the terminator is not part of the name. */
static size_t strip_nuls(const uint8_t *s, size_t n)
{
	while (n > 0 && s[n - 1] == 0)
		n--;
	return n;
}

/* Copies a string option (at most cap bytes, cap <= EW_LSTR_MAX) into a
 * local buffer: the value may itself live in the concatenation buffer. */
static void take_string(struct ew_cursor *v, size_t cap, struct ew_str *s, struct ew_lstr *ls)
{
	uint8_t tmp[EW_LSTR_MAX];
	size_t n = ew_cur_left(v);
	size_t keep = n < cap ? n : cap;
	ew_cur_copy(v, tmp, keep);
	bool cut = keep < n;
	if (!cut)
		keep = strip_nuls(tmp, keep);
	if (s) {
		ew_str_set(s, tmp, keep);
		s->truncated = cut;
	} else {
		ew_lstr_set(ls, tmp, keep);
		ls->truncated = cut;
	}
}

/* Appends text to a fixed buffer, remembering that some did not fit. */
struct text {
	uint8_t buf[EW_STR_MAX];
	size_t n;
	bool cut;
};

static void text_put(struct text *t, const uint8_t *p, size_t k)
{
	for (size_t i = 0; i < k; i++) {
		if (t->n == sizeof t->buf) {
			t->cut = true;
			return;
		}
		t->buf[t->n++] = p[i];
	}
}

/* RFC 1035 §3.1 name in wire format, as used by option 81 with the E flag.
 * RFC 4702 §2.3.1 forbids compression and allows a partial name (no root
 * label), so running out of data between labels ends the name. */
static const char *decode_wire_name(struct ew_cursor *v, struct text *t)
{
	for (unsigned labels = 0; labels < NAME_LABEL_MAX; labels++) {
		if (ew_cur_left(v) == 0)
			return NULL; /* partial name */
		uint8_t len = ew_cur_u8(v);
		if (len == 0)
			return NULL; /* root label: a fully qualified name */
		if (len > 63)
			return "compressed or invalid label in client FQDN";
		uint8_t label[63];
		if (!ew_cur_copy(v, label, len))
			return "label runs past client FQDN";
		if (labels > 0)
			text_put(t, (const uint8_t *)".", 1);
		text_put(t, label, len);
	}
	return "too many labels in client FQDN";
}

/* Option 81, RFC 4702 §2: flags, two obsolete rcodes, then the name. */
static void decode_fqdn(struct ew_ev_dhcp4 *e, struct ew_cursor *v, struct walk *w)
{
	uint8_t flags = ew_cur_u8(v);
	(void)ew_cur_u8(v); /* rcode1 */
	(void)ew_cur_u8(v); /* rcode2 */
	if (ew_cur_failed(v)) {
		set_bad(w, "short client FQDN option");
		return;
	}
	if (flags & FQDN_FLAG_E) {
		struct text t = { .n = 0 };
		const char *why = decode_wire_name(v, &t);
		if (why)
			set_bad(w, why);
		ew_str_set(&e->client_fqdn, t.buf, t.n);
		e->client_fqdn.truncated = t.cut;
	} else {
		take_string(v, EW_STR_MAX, &e->client_fqdn, NULL);
	}
}

/* Options 3 and 6: lists of addresses, length a multiple of 4 (RFC 2132 §3.5, §3.8).
 * Whole addresses before a ragged tail are kept. */
static uint8_t decode_addr_list(struct ew_ev_dhcp4 *e, const struct gathered *g, struct ew_ip *out,
				struct walk *w, const char *reason)
{
	struct ew_cursor v = g->c;
	uint8_t n = 0;
	if (g->total % 4 != 0)
		set_bad(w, reason);
	size_t count = g->total / 4;
	while (n < count && n < EW_ADDR_LIST_MAX && ew_cur_left(&v) >= 4)
		out[n++] = read_ip4(&v);
	drop(e, count - n);
	return n;
}

/* RFC 3442 §2: width (0..32), ceil(width/8) significant octets of the
 * destination, then the router. Option 249 (Microsoft) is the same format. */
static void decode_routes(struct ew_ev_dhcp4 *e, struct gathered *g, uint16_t which, struct walk *w)
{
	struct ew_cursor *v = &g->c;
	bool cut = g->total > ew_cur_left(v); /* concatenation longer than CONCAT_MAX */
	e->route_option = which;
	/* each route takes at least 5 bytes, so the CONCAT_MAX buffer ends this loop first */
	for (unsigned i = 0; i < EW_OPT_LOOP_MAX && ew_cur_left(v) > 0; i++) {
		uint8_t width = ew_cur_u8(v);
		if (width > 32) {
			set_bad(w, "invalid classless route width");
			return;
		}
		struct ew_route4 r;
		memset(&r, 0, sizeof r);
		r.dest.addr.family = EW_AF_INET;
		r.dest.len = width;
		ew_cur_copy(v, r.dest.addr.a, (size_t)(width + 7) / 8);
		r.router = read_ip4(v);
		if (ew_cur_failed(v)) {
			if (cut)
				drop(e, 1); /* our buffer ended, not the option */
			else
				set_bad(w, "truncated classless route");
			return;
		}
		ew_prefix_normalize(&r.dest);
		if (e->route_count == EW_ROUTE_MAX) {
			drop(e, 1);
			continue;
		}
		e->routes[e->route_count++] = r;
	}
}

/* A fixed-size option: the first instance, which must have exactly `len` bytes. */
static bool fixed_opt(struct walk *w, uint8_t code, uint8_t len, struct ew_cursor *out, const char *reason)
{
	const struct optref *r = first_opt(w, code);
	if (!r)
		return false;
	if (r->len != len) {
		set_bad(w, reason);
		return false;
	}
	*out = ref_cursor(r);
	return true;
}

static void decode_options(struct ew_ev_dhcp4 *e, struct walk *w)
{
	uint8_t buf[CONCAT_MAX];
	struct gathered g;
	struct ew_cursor v;

	for (unsigned i = 0; i < w->n; i++) {
		if (e->opt_count == EW_DHCP_OPT_MAX) {
			drop(e, 1);
			continue;
		}
		struct ew_dhcp_opt *o = &e->opts[e->opt_count++];
		o->code = w->ref[i].code;
		o->data.p = w->ref[i].p;
		o->data.len = w->ref[i].len;
	}
	if (w->overload)
		e->overload = w->overload;

	if (fixed_opt(w, OPT_MSG_TYPE, 1, &v, "bad message type length"))
		e->msg_type = ew_cur_u8(&v);
	if (fixed_opt(w, OPT_MASK, 4, &v, "bad subnet mask length")) {
		e->has_mask = true;
		e->mask = read_ip4(&v);
	}
	if (fixed_opt(w, OPT_REQUESTED_IP, 4, &v, "bad requested address length")) {
		e->has_requested_ip = true;
		e->requested_ip = read_ip4(&v);
	}
	if (fixed_opt(w, OPT_LEASE, 4, &v, "bad lease time length")) {
		e->has_lease = true;
		e->lease = ew_cur_u32(&v);
	}
	if (fixed_opt(w, OPT_SERVER_ID, 4, &v, "bad server identifier length")) {
		e->has_server_id = true;
		e->server_id = read_ip4(&v);
	}
	if (gather(w, OPT_ROUTER, buf, sizeof buf, &g))
		e->router_count = decode_addr_list(e, &g, e->routers, w, "router list length not a multiple of 4");
	if (gather(w, OPT_DNS, buf, sizeof buf, &g))
		e->dns_count = decode_addr_list(e, &g, e->dns, w, "DNS server list length not a multiple of 4");
	if (gather(w, OPT_HOSTNAME, buf, sizeof buf, &g))
		take_string(&g.c, EW_STR_MAX, &e->hostname, NULL);
	if (gather(w, OPT_DOMAIN, buf, sizeof buf, &g))
		take_string(&g.c, EW_STR_MAX, &e->domain, NULL);
	if (gather(w, OPT_VENDOR_CLASS, buf, sizeof buf, &g))
		take_string(&g.c, EW_STR_MAX, &e->vendor_class, NULL);
	if (gather(w, OPT_WPAD, buf, sizeof buf, &g))
		take_string(&g.c, EW_LSTR_MAX, NULL, &e->wpad);
	if (gather(w, OPT_PRL, buf, sizeof buf, &g)) {
		size_t n = g.total;
		e->prl_len = (uint8_t)(n < EW_DHCP_OPT_MAX ? n : EW_DHCP_OPT_MAX);
		ew_cur_copy(&g.c, e->prl, e->prl_len);
		if (n > EW_DHCP_OPT_MAX)
			drop(e, n - EW_DHCP_OPT_MAX);
	}
	/* The client id stays a view into the frame, so a split one (RFC 3396)
	 * is not joined: the first instance is kept. Real ids are a few bytes. */
	const struct optref *cid = first_opt(w, OPT_CLIENT_ID);
	if (cid) {
		e->client_id.p = cid->p;
		e->client_id.len = cid->len;
	}
	if (gather(w, OPT_CLIENT_FQDN, buf, sizeof buf, &g))
		decode_fqdn(e, &g.c, w);
	/* 121 wins over 249 when a server sends both (RFC 3442 §2 is the standard) */
	if (gather(w, OPT_CLASSLESS_ROUTE, buf, sizeof buf, &g))
		decode_routes(e, &g, OPT_CLASSLESS_ROUTE, w);
	else if (gather(w, OPT_MS_CLASSLESS_ROUTE, buf, sizeof buf, &g))
		decode_routes(e, &g, OPT_MS_CLASSLESS_ROUTE, w);
}

static void emit_then_malformed(struct ew_dissector *d, const char *reason)
{
	ew_event_emit(d);
	if (reason)
		ew_malformed(d, EW_P_DHCP4, reason);
}

void ew_dissect_dhcp4(struct ew_dissector *d, struct ew_cursor *c)
{
	ew_count(d, EW_P_DHCP4);
	struct ew_ev_dhcp4 *e = &ew_event_begin(d, EW_EV_DHCP4)->u.dhcp4;

	/* RFC 2131 §2, figure 1: the fixed 236-byte BOOTP header */
	e->op = ew_cur_u8(c);
	e->htype = ew_cur_u8(c);
	e->hlen = ew_cur_u8(c);
	e->hops = ew_cur_u8(c);
	e->xid = ew_cur_u32(c);
	e->secs = ew_cur_u16(c);
	e->flags = ew_cur_u16(c);
	e->ciaddr = read_ip4(c);
	e->yiaddr = read_ip4(c);
	e->siaddr = read_ip4(c);
	e->giaddr = read_ip4(c);
	struct ew_cursor chaddr = ew_cur_sub(c, BOOTP_CHADDR_LEN);
	struct ew_cursor sname = ew_cur_sub(c, BOOTP_SNAME_LEN);
	struct ew_cursor file = ew_cur_sub(c, BOOTP_FILE_LEN);
	if (ew_cur_failed(c)) {
		ew_malformed(d, EW_P_DHCP4, "truncated BOOTP header");
		return;
	}
	if (e->htype == 1 && e->hlen == EW_MAC_LEN)
		ew_cur_copy(&chaddr, e->chaddr.b, EW_MAC_LEN);

	/* RFC 951 BOOTP may end after the header: legal, no options. Four bytes
	 * that are not the cookie (zeros included) are not DHCP options and are
	 * reported, as Wireshark does (RFC 2131 §3). */
	if (ew_cur_left(c) == 0) {
		emit_then_malformed(d, NULL);
		return;
	}
	uint32_t cookie = ew_cur_u32(c);
	if (ew_cur_failed(c)) {
		emit_then_malformed(d, "truncated magic cookie");
		return;
	}
	if (cookie != DHCP_MAGIC_COOKIE) {
		emit_then_malformed(d, "wrong magic cookie");
		return;
	}

	struct walk w;
	w.n = 0;
	w.full = false;
	w.overload = 0;
	w.bad = NULL;
	walk_region(&w, c, true);
	/* RFC 2131 §4.1: options field, then file, then sname */
	if (w.overload & 1)
		walk_region(&w, &file, false);
	if (w.overload & 2)
		walk_region(&w, &sname, false);
	decode_options(e, &w);
	emit_then_malformed(d, w.bad);
}

/* ---- JSON ---------------------------------------------------------------- */

static const char *const msg_names[] = {
	[0] = "bootp", [1] = "discover", [2] = "offer", [3] = "request", [4] = "decline",
	[5] = "ack", [6] = "nak", [7] = "release", [8] = "inform",
};

EW_JSON_FN(dhcp4)
{
	const struct ew_ev_dhcp4 *e = &ev->u.dhcp4;
	ew_json_add_int(o, "op", e->op);
	ew_json_add_int(o, "xid", e->xid);
	ew_json_add_ip(o, "ciaddr", &e->ciaddr);
	ew_json_add_ip(o, "yiaddr", &e->yiaddr);
	ew_json_add_ip(o, "siaddr", &e->siaddr);
	ew_json_add_ip(o, "giaddr", &e->giaddr);
	if (e->htype == 1 && e->hlen == EW_MAC_LEN)
		ew_json_add_mac(o, "chaddr", &e->chaddr);
	ew_json_add_int(o, "msg_type", e->msg_type);
	if (e->msg_type < sizeof msg_names / sizeof msg_names[0]) {
		ew_json_add_cstr(o, "msg_type_name", msg_names[e->msg_type]);
	} else {
		char num[8];
		snprintf(num, sizeof num, "%u", e->msg_type);
		ew_json_add_cstr(o, "msg_type_name", num);
	}
	if (e->has_mask)
		ew_json_add_ip(o, "mask", &e->mask);
	if (e->router_count)
		ew_json_add_ip_list(o, "routers", e->routers, e->router_count);
	if (e->dns_count)
		ew_json_add_ip_list(o, "dns", e->dns, e->dns_count);
	ew_json_add_str(o, "hostname", &e->hostname);
	ew_json_add_str(o, "domain", &e->domain);
	if (e->has_requested_ip)
		ew_json_add_ip(o, "requested_ip", &e->requested_ip);
	if (e->has_lease)
		ew_json_add_int(o, "lease", e->lease);
	if (e->has_server_id)
		ew_json_add_ip(o, "server_id", &e->server_id);
	if (e->prl_len) {
		struct json_object *a = json_object_new_array();
		for (unsigned i = 0; i < e->prl_len && i < EW_DHCP_OPT_MAX; i++)
			json_object_array_add(a, json_object_new_int(e->prl[i]));
		ew_json_add(o, "prl", a);
	}
	ew_json_add_str(o, "vendor_class", &e->vendor_class);
	ew_json_add_bytes(o, "client_id", &e->client_id);
	ew_json_add_str(o, "client_fqdn", &e->client_fqdn);
	if (e->route_option) {
		struct json_object *a = json_object_new_array();
		for (unsigned i = 0; i < e->route_count && i < EW_ROUTE_MAX; i++) {
			struct json_object *r = json_object_new_object();
			ew_json_add(r, "dest", ew_json_prefix(&e->routes[i].dest));
			ew_json_add_ip(r, "router", &e->routes[i].router);
			json_object_array_add(a, r);
		}
		ew_json_add(o, "routes", a);
		ew_json_add_int(o, "route_option", e->route_option);
	}
	ew_json_add_lstr(o, "wpad", &e->wpad);
	struct json_object *codes = json_object_new_array();
	for (unsigned i = 0; i < e->opt_count && i < EW_DHCP_OPT_MAX; i++)
		json_object_array_add(codes, json_object_new_int(e->opts[i].code));
	ew_json_add(o, "options", codes);
	ew_json_add_int(o, "dropped", e->dropped);
}
