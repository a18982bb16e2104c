/* SPDX-License-Identifier: ISC */
/* icmp.c - ICMP for IPv4 (RFC 792): echo and the other id/sequence queries,
 * redirects (gateway and the redirected datagram), unreachable, time exceeded
 * and the other errors (the embedded IP header), and ICMP router discovery
 * (IRDP, RFC 1256): advertisements with their router list, solicitations.
 * Every other type is still an event with its type and code.
 */
#include "egresswatch/dissect.h"
#include "../event_json.h"

#define ICMP_HDR_LEN 8
#define IPV4_HDR_MIN 20

enum {
	ICMP_ECHOREPLY = 0,
	ICMP_UNREACH = 3,
	ICMP_SOURCEQUENCH = 4,
	ICMP_REDIRECT = 5,
	ICMP_ECHO = 8,
	ICMP_ROUTERADVERT = 9,
	ICMP_ROUTERSOLICIT = 10,
	ICMP_TIMXCEED = 11,
	ICMP_PARAMPROB = 12,
	ICMP_TSTAMP = 13,
	ICMP_MASKREPLY = 18,
};

/* Types whose second word is an identifier and sequence number: echo (0, 8),
 * timestamp (13, 14), information (15, 16), address mask (17, 18, RFC 950). */
static bool has_id_seq(uint8_t type)
{
	return type == ICMP_ECHOREPLY || type == ICMP_ECHO || (type >= ICMP_TSTAMP && type <= ICMP_MASKREPLY);
}

/* Error messages that quote the offending datagram's IP header (RFC 792). */
static bool has_inner(uint8_t type)
{
	return type == ICMP_UNREACH || type == ICMP_SOURCEQUENCH || type == ICMP_REDIRECT ||
	       type == ICMP_TIMXCEED || type == ICMP_PARAMPROB;
}

/* RFC 792 defines an 8-byte header for all of these; other types may differ. */
static bool has_second_word(uint8_t type)
{
	return has_id_seq(type) || has_inner(type);
}

/* The quoted IPv4 header: only what says whose packet it was is kept, and
 * its id and TTL (the datagram a redirect quotes can then be matched with
 * its sender's forwarded copy). It is read here, not by the IPv4 dissector:
 * it is not a packet on this wire, and must not become an event or
 * overwrite the frame's addresses. */
static bool read_inner(struct ew_cursor *c, struct ew_ev_icmp *e)
{
	uint8_t vihl = ew_cur_u8(c);
	ew_cur_skip(c, 3); /* tos, total length */
	uint16_t id = ew_cur_u16(c);
	ew_cur_skip(c, 2); /* fragment */
	uint8_t ttl = ew_cur_u8(c);
	uint8_t proto = ew_cur_u8(c);
	ew_cur_skip(c, 2); /* checksum */
	uint8_t src[4], dst[4];
	ew_cur_copy(c, src, 4);
	ew_cur_copy(c, dst, 4);
	if (ew_cur_failed(c) || vihl >> 4 != 4 || (vihl & 0x0f) < 5)
		return false;
	e->has_inner = true;
	e->inner_src = ew_ip4_from_bytes(src);
	e->inner_dst = ew_ip4_from_bytes(dst);
	e->inner_proto = proto;
	e->inner_id = id;
	e->inner_ttl = ttl;
	return true;
}

/* RFC 1256 §3.1 / §5.2: an advertisement is valid with at least one address,
 * an entry size of at least 2 words and an ICMP length that holds
 * num_addrs × entry size words; hosts discard the others, so do we (as
 * malformed). Each entry begins with the router address and its preference;
 * words past those (entry size > 2) are skipped. */
static void dissect_irdp_advert(struct ew_dissector *d, struct ew_cursor *c, uint8_t code)
{
	const struct ew_frame *f = &d->frame;
	size_t avail = ew_cur_left(c);
	uint8_t num = ew_cur_u8(c);
	uint8_t esz = ew_cur_u8(c);
	uint16_t lifetime = ew_cur_u16(c);
	if (ew_cur_failed(c)) {
		if (!ew_frame_cut_explains(f, 4, avail))
			ew_malformed(d, EW_P_ICMP, "truncated IRDP advertisement");
		return;
	}
	if (num == 0) {
		ew_malformed(d, EW_P_ICMP, "IRDP advertisement with no addresses");
		return;
	}
	if (esz < 2) {
		ew_malformed(d, EW_P_ICMP, "IRDP address entry size below 2");
		return;
	}
	size_t entry_len = (size_t)esz * 4;
	if (!ew_frame_cut_explains(f, (size_t)num * entry_len, ew_cur_left(c))) {
		ew_malformed(d, EW_P_ICMP, "IRDP addresses beyond message");
		return;
	}
	struct ew_ev_irdp_advert *a = &ew_event_begin(d, EW_EV_IRDP_ADVERT)->u.irdp;
	a->code = code;
	a->num_addrs = num;
	a->addr_entry_size = esz;
	a->lifetime = lifetime;
	/* Kept: the first EW_ADDR_LIST_MAX entries the capture holds. */
	for (unsigned i = 0; i < num && a->count < EW_ADDR_LIST_MAX; i++) {
		struct ew_cursor ent = ew_cur_sub(c, entry_len);
		uint8_t addr[4];
		ew_cur_copy(&ent, addr, 4);
		uint32_t pref = ew_cur_u32(&ent);
		if (ew_cur_failed(&ent))
			break; /* only in a cut capture: the length was checked above */
		a->entries[a->count].addr = ew_ip4_from_bytes(addr);
		a->entries[a->count].preference = (int32_t)pref; /* two's complement, RFC 1256 §3.1 */
		a->count++;
	}
	a->entries_more = (uint8_t)(num - a->count);
	ew_event_emit(d);
}

void ew_dissect_icmp(struct ew_dissector *d, struct ew_cursor *c)
{
	ew_count(d, EW_P_ICMP);
	const struct ew_frame *f = &d->frame;
	size_t avail = ew_cur_left(c);
	uint8_t type = ew_cur_u8(c);
	uint8_t code = ew_cur_u8(c);
	(void)ew_cur_u16(c); /* checksum: not verified */
	if (ew_cur_failed(c)) {
		if (!ew_frame_cut_explains(f, ICMP_HDR_LEN, avail))
			ew_malformed(d, EW_P_ICMP, "truncated ICMP header");
		return;
	}
	if (type == ICMP_ROUTERADVERT) {
		dissect_irdp_advert(d, c, code);
		return;
	}
	if (type == ICMP_ROUTERSOLICIT) {
		/* RFC 1256 §3.2: a reserved word follows; §5.1 requires 8 bytes */
		if (!ew_cur_skip(c, 4) && !ew_frame_cut_explains(f, ICMP_HDR_LEN, avail)) {
			ew_malformed(d, EW_P_ICMP, "truncated IRDP solicitation");
			return;
		}
		ew_event_begin(d, EW_EV_IRDP_SOLICIT);
		ew_event_emit(d);
		return;
	}

	uint16_t w1 = ew_cur_u16(c), w2 = ew_cur_u16(c);
	bool have_word = !ew_cur_failed(c);
	if (!have_word && has_second_word(type) && !ew_frame_cut_explains(f, ICMP_HDR_LEN, avail)) {
		ew_malformed(d, EW_P_ICMP, "truncated ICMP header");
		return;
	}
	struct ew_ev_icmp *e = &ew_event_begin(d, EW_EV_ICMP)->u.icmp;
	e->type = type;
	e->code = code;
	bool inner_missing = false;
	size_t inner_avail = ew_cur_left(c);
	if (have_word && has_id_seq(type)) {
		e->id = w1;
		e->seq = w2;
	} else if (have_word && has_inner(type)) {
		if (type == ICMP_REDIRECT)
			e->gateway = ew_ip4_from_u32((uint32_t)w1 << 16 | w2);
		inner_missing = !read_inner(c, e);
	}
	ew_event_emit(d);
	/* RFC 792: errors carry the internet header of the datagram they are about */
	if (inner_missing && !(inner_avail < IPV4_HDR_MIN && ew_frame_cut_explains(f, IPV4_HDR_MIN, inner_avail)))
		ew_malformed(d, EW_P_ICMP, "ICMP error without embedded IPv4 header");
}

/* Field names follow struct ew_ev_icmp; id/seq for query types, gateway for
 * redirects, inner_* when the quoted header was read. */
EW_JSON_FN(icmp)
{
	const struct ew_ev_icmp *e = &ev->u.icmp;
	ew_json_add_int(o, "type", e->type);
	ew_json_add_int(o, "code", e->code);
	if (has_id_seq(e->type)) {
		ew_json_add_int(o, "id", e->id);
		ew_json_add_int(o, "seq", e->seq);
	}
	ew_json_add_ip(o, "gateway", &e->gateway);
	if (e->has_inner) {
		ew_json_add_ip(o, "inner_src", &e->inner_src);
		ew_json_add_ip(o, "inner_dst", &e->inner_dst);
		ew_json_add_int(o, "inner_proto", e->inner_proto);
	}
}

EW_JSON_FN(irdp_advert)
{
	const struct ew_ev_irdp_advert *a = &ev->u.irdp;
	ew_json_add_int(o, "code", a->code);
	ew_json_add_int(o, "num_addrs", a->num_addrs);
	ew_json_add_int(o, "addr_entry_size", a->addr_entry_size);
	ew_json_add_int(o, "lifetime", a->lifetime);
	ew_json_add_int(o, "count", a->count);
	struct json_object *arr = json_object_new_array();
	for (unsigned i = 0; i < a->count && i < EW_ADDR_LIST_MAX; i++) {
		struct json_object *ent = json_object_new_object();
		ew_json_add_ip(ent, "addr", &a->entries[i].addr);
		ew_json_add_int(ent, "preference", a->entries[i].preference);
		json_object_array_add(arr, ent);
	}
	ew_json_add(o, "entries", arr);
	ew_json_add_int(o, "entries_more", a->entries_more);
}
