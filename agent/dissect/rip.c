/* SPDX-License-Identifier: ISC */
/* rip.c - RIP v1/v2 (RFC 1058, RFC 2453) on UDP 520 and RIPng (RFC 2080) on
 * UDP 521, by their whole shape (ew_rip_fits, ew_ripng_fits): the routes a speaker announces, and whether one of them is a
 * default route (a device offering itself as a way out).
 *
 * Both have a 4-byte header and 20-byte entries. A trailing partial entry,
 * or a bad header field, is malformed; entries read before it are still
 * delivered. Entries beyond EW_ROUTE_MAX are counted in `dropped`. */
#include "egresswatch/dissect.h"
#include "../event_json.h"

#define RIP_ENTRY_LEN 20
#define RIP_AFI_IP 2
#define RIP_AFI_AUTH 0xffff /* RFC 2453 §4.1 */
#define RIP_INFINITY 16
#define RIPNG_NEXT_HOP 0xff /* RFC 2080 §2.1.1 */

enum { RIP_REQUEST = 1, RIP_RESPONSE = 2 };

#define RIP_HDR_LEN 4
#define RIP_PORT 520                      /* RFC 2453 §3.6 (and §3.9.2) */
#define RIPNG_PORT 521                    /* RFC 2080 §2.1 */
#define RIP_GROUP UINT32_C(0xe0000009)    /* 224.0.0.9, RFC 2453 §4.5 */
static const uint8_t RIPNG_GROUP[16] = { 0xff, 0x02, [15] = 0x09 }; /* ff02::9, RFC 2080 §2.5 */
#define RIPNG_HOP_LIMIT 255               /* RFC 2080 §2.4.2 */
#define RIP_VERSION_MAX 2
#define RIPNG_VERSION 1

/* The header a datagram that is not between two RIP ports must carry to be
 * read as RIP: the command wanted, a version of ours, the must-be-zero field
 * zero (RFC 2453 §3.6, RFC 2080 §2.1) and at least one whole entry. Random
 * bytes or another protocol's payload fail it. */
static bool header_fits(const struct ew_cursor *c, uint8_t command, uint8_t vmin, uint8_t vmax)
{
	uint8_t cmd, ver;
	uint16_t mbz;
	return ew_cur_peek_u8(c, 0, &cmd) && cmd == command && ew_cur_peek_u8(c, 1, &ver) && ver >= vmin &&
	       ver <= vmax && ew_cur_peek_u16(c, 2, &mbz) && mbz == 0 &&
	       ew_cur_left(c) >= RIP_HDR_LEN + RIP_ENTRY_LEN;
}

/* RFC 2453 §3.9: routers talk from port 520 to port 520, to 224.0.0.9 (v2,
 * §4.5), a broadcast (v1) or a neighbour; no other group. A request may come
 * from any port to 520 (§3.9.1: a monitoring process such as rtquery), and
 * is answered from 520 to the requester's port; a response from any other
 * port is ignored (§3.9.2), as is anything else here: an ordinary host whose
 * ephemeral port is 520. Whether a unicast requester is a neighbour cannot
 * be told from one datagram (no subnet here), so a request that reaches 520
 * with the header of a request is read wherever it comes from: requests are
 * not evidence of routing, only responses are. */
bool ew_rip_fits(const struct ew_frame *f, const struct ew_cursor *payload)
{
	if (f->ip_version != 4)
		return false;
	bool multicast = ew_ip_is_multicast(&f->ip_dst);
	if (multicast && !ew_frame_dst_is4(f, RIP_GROUP))
		return false;
	if (f->sport == RIP_PORT && f->dport == RIP_PORT)
		return true;
	if (f->dport == RIP_PORT)
		return header_fits(payload, RIP_REQUEST, 1, RIP_VERSION_MAX);
	if (f->sport == RIP_PORT)
		return ew_frame_dst_unicast(f) && header_fits(payload, RIP_RESPONSE, 1, RIP_VERSION_MAX);
	return false;
}

/* RFC 2080 §2.4: as RIP, on port 521. Between two 521 ports, to ff02::9 or
 * a neighbour, from a link-local address (§2.4.2) with hop limit 255 (§2.4.2: periodic and triggered updates
 * are sent with 255 and a multicast one with less is dropped). A request
 * from any port reaches 521 (§2.4.1); its answer goes from 521 to the
 * requester's port. */
bool ew_ripng_fits(const struct ew_frame *f, const struct ew_cursor *payload)
{
	if (f->ip_version != 6)
		return false;
	bool multicast = ew_ip_is_multicast(&f->ip_dst);
	if (multicast && !ew_frame_dst_is6(f, RIPNG_GROUP))
		return false;
	if (f->sport == RIPNG_PORT && f->dport == RIPNG_PORT)
		return f->ttl == RIPNG_HOP_LIMIT && ew_ip_is_linklocal(&f->ip_src);
	if (f->dport == RIPNG_PORT)
		return header_fits(payload, RIP_REQUEST, RIPNG_VERSION, RIPNG_VERSION);
	if (f->sport == RIPNG_PORT)
		return ew_frame_dst_unicast(f) && header_fits(payload, RIP_RESPONSE, RIPNG_VERSION, RIPNG_VERSION);
	return false;
}

/* Entry count from what follows the header: must be whole entries. */
static bool whole_entries(const struct ew_cursor *c)
{
	return ew_cur_left(c) % RIP_ENTRY_LEN == 0;
}

void ew_dissect_rip(struct ew_dissector *d, struct ew_cursor *c)
{
	ew_count(d, EW_P_RIP);
	struct ew_cursor all = ew_cur_rest(c); /* offsets below count from the RIP header */
	uint8_t command = ew_cur_u8(&all);
	uint8_t version = ew_cur_u8(&all);
	(void)ew_cur_u16(&all); /* must be zero (v1) / unused (v2) */
	if (ew_cur_failed(&all)) {
		ew_malformed(d, EW_P_RIP, "truncated RIP header");
		return;
	}
	/* RFC 2453 §4: version 0 is discarded; versions above 2 are not ours */
	if (version < 1 || version > RIP_VERSION_MAX) {
		ew_malformed(d, EW_P_RIP, "unknown RIP version");
		return;
	}
	struct ew_ev_rip *r = &ew_event_begin(d, EW_EV_RIP)->u.rip;
	r->command = command;
	r->version = version;
	const char *bad = NULL;

	/* Keyed authentication (RFC 4822 §2.1, type 3): the first entry gives
	 * the length of header + entries; the digest trailer after it need not
	 * be 20 bytes, so it is cut off before the entries are walked. */
	size_t body_len = ew_cur_left(&all);
	uint16_t afi0, type0, len0;
	if (version == 2 && ew_cur_peek_u16(&all, 0, &afi0) && afi0 == RIP_AFI_AUTH &&
	    ew_cur_peek_u16(&all, 2, &type0) && type0 == 3 && ew_cur_peek_u16(&all, 4, &len0)) {
		if (len0 < 4 + RIP_ENTRY_LEN || len0 - 4u > body_len)
			bad = "bad RIP keyed authentication length";
		else
			body_len = len0 - 4u;
	}
	struct ew_cursor body = ew_cur_sub(&all, body_len);
	c = &body;
	if (!bad && !whole_entries(c))
		bad = "RIP packet is not whole entries";

	/* at most 25 entries on the wire (RFC 2453 §3.6), but a capture may hold
	 * up to ~3,200 in a jumbo datagram: the walk stays under the cap */
	for (unsigned i = 0; ew_cur_left(c) >= RIP_ENTRY_LEN; i++) {
		if (i == EW_OPT_LOOP_MAX) {
			bad = "too many RIP entries";
			break;
		}
		uint16_t afi = ew_cur_u16(c);
		uint16_t tag = ew_cur_u16(c);
		uint32_t addr = ew_cur_u32(c);
		uint32_t mask = ew_cur_u32(c);
		uint32_t next_hop = ew_cur_u32(c);
		uint32_t metric = ew_cur_u32(c);
		if (version == 2 && afi == RIP_AFI_AUTH) {
			/* RFC 2453 §4.1 / RFC 4822: authentication entry or the
			 * keyed-digest trailer; the route entries are elsewhere */
			r->authenticated = true;
			continue;
		}
		struct ew_rip_entry e = { 0 };
		e.afi = afi;
		e.tag = version == 2 ? tag : 0;
		e.metric = metric;
		e.prefix.addr = ew_ip4_from_u32(addr);
		if (version == 2) {
			int plen = ew_mask_to_len(mask);
			/* a non-contiguous mask is kept as /32: the address is what
			 * matters, and it cannot pass for a default route */
			e.prefix.len = (uint8_t)(plen < 0 ? 32 : plen);
			if (next_hop)
				e.next_hop = ew_ip4_from_u32(next_hop);
		} else {
			/* RFC 1058 has no mask; the receiver infers it from its own
			 * interfaces (§3.2). Without them we keep it simple: 0.0.0.0
			 * is the default route (/0), anything else a host (/32). */
			e.prefix.len = addr == 0 ? 0 : 32;
		}
		if (command == RIP_RESPONSE && afi == RIP_AFI_IP && addr == 0 && e.prefix.len == 0 &&
		    metric < RIP_INFINITY)
			r->has_default = true;
		if (r->entry_count < EW_ROUTE_MAX)
			r->entries[r->entry_count++] = e;
		else if (r->dropped < UINT8_MAX)
			r->dropped++;
	}
	ew_event_emit(d);
	if (bad)
		ew_malformed(d, EW_P_RIP, bad);
}

void ew_dissect_ripng(struct ew_dissector *d, struct ew_cursor *c)
{
	ew_count(d, EW_P_RIPNG);
	uint8_t command = ew_cur_u8(c);
	uint8_t version = ew_cur_u8(c);
	(void)ew_cur_u16(c);
	if (ew_cur_failed(c)) {
		ew_malformed(d, EW_P_RIPNG, "truncated RIPng header");
		return;
	}
	if (version != RIPNG_VERSION) { /* RFC 2080 §2.1: the only version */
		ew_malformed(d, EW_P_RIPNG, "unknown RIPng version");
		return;
	}
	struct ew_ev_ripng *r = &ew_event_begin(d, EW_EV_RIPNG)->u.ripng;
	r->command = command;
	r->version = version;
	const char *bad = whole_entries(c) ? NULL : "RIPng packet is not whole entries";

	for (unsigned i = 0; ew_cur_left(c) >= RIP_ENTRY_LEN; i++) {
		if (i == EW_OPT_LOOP_MAX) {
			bad = "too many RIPng entries";
			break;
		}
		uint8_t a[16];
		ew_cur_copy(c, a, sizeof a);
		uint16_t tag = ew_cur_u16(c);
		uint8_t plen = ew_cur_u8(c);
		uint8_t metric = ew_cur_u8(c);
		struct ew_ripng_entry e = { 0 };
		e.prefix.addr = ew_ip6_from_bytes(a);
		e.tag = tag;
		e.metric = metric;
		/* a next-hop entry (metric 0xff) carries an address, not a route;
		 * its prefix length field is zero (§2.1.1) and is kept as /128 so
		 * it cannot be mistaken for ::/0 */
		if (metric == RIPNG_NEXT_HOP) {
			e.prefix.len = 128;
		} else if (plen > 128) {
			if (!bad)
				bad = "RIPng prefix length above 128";
			continue;
		} else {
			e.prefix.len = plen;
		}
		if (command == RIP_RESPONSE && metric != RIPNG_NEXT_HOP && plen == 0 && ew_ip_is_zero(&e.prefix.addr) &&
		    metric < RIP_INFINITY)
			r->has_default = true;
		if (r->entry_count < EW_ROUTE_MAX)
			r->entries[r->entry_count++] = e;
		else if (r->dropped < UINT8_MAX)
			r->dropped++;
	}
	ew_event_emit(d);
	if (bad)
		ew_malformed(d, EW_P_RIPNG, bad);
}

EW_JSON_FN(rip)
{
	const struct ew_ev_rip *r = &ev->u.rip;
	ew_json_add_int(o, "command", r->command);
	ew_json_add_int(o, "version", r->version);
	ew_json_add_bool(o, "authenticated", r->authenticated);
	struct json_object *a = json_object_new_array();
	for (unsigned i = 0; i < r->entry_count && i < EW_ROUTE_MAX; i++) {
		const struct ew_rip_entry *e = &r->entries[i];
		struct json_object *j = json_object_new_object();
		ew_json_add_int(j, "afi", e->afi);
		ew_json_add_int(j, "tag", e->tag);
		ew_json_add(j, "prefix", ew_json_prefix(&e->prefix));
		ew_json_add_ip(j, "next_hop", &e->next_hop);
		ew_json_add_int(j, "metric", e->metric);
		json_object_array_add(a, j);
	}
	ew_json_add(o, "entries", a);
	ew_json_add_bool(o, "has_default", r->has_default);
	ew_json_add_int(o, "dropped", r->dropped);
}

EW_JSON_FN(ripng)
{
	const struct ew_ev_ripng *r = &ev->u.ripng;
	ew_json_add_int(o, "command", r->command);
	ew_json_add_int(o, "version", r->version);
	struct json_object *a = json_object_new_array();
	for (unsigned i = 0; i < r->entry_count && i < EW_ROUTE_MAX; i++) {
		const struct ew_ripng_entry *e = &r->entries[i];
		struct json_object *j = json_object_new_object();
		if (e->metric == RIPNG_NEXT_HOP) {
			ew_json_add_ip(j, "next_hop", &e->prefix.addr);
		} else {
			ew_json_add(j, "prefix", ew_json_prefix(&e->prefix));
			ew_json_add_int(j, "tag", e->tag);
		}
		ew_json_add_int(j, "metric", e->metric);
		json_object_array_add(a, j);
	}
	ew_json_add(o, "entries", a);
	ew_json_add_bool(o, "has_default", r->has_default);
	ew_json_add_int(o, "dropped", r->dropped);
}
