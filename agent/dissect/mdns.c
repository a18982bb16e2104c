/* SPDX-License-Identifier: ISC */
/* mdns.c - Multicast DNS (RFC 6762) on UDP 5353: the DNS message (RFC 1035
 * §4.1), to its group or between two 5353 ports (ew_mdns_fits), reduced to one EW_EV_MDNS event with the answer and additional
 * records that name hosts and services (A, AAAA, PTR, CNAME, SRV).
 *
 * Names are decompressed with pointers confined to the message: a pointer
 * must point strictly before itself (so a chain always ends), jumps are
 * capped, and the whole name is at most 255 bytes on the wire (§3.1). A
 * problem after the header delivers the event with the records read so far,
 * then a malformed event. */
#include "egresswatch/dissect.h"
#include "../event_json.h"

#define DNS_HDR_LEN 12
#define DNS_NAME_MAX 255    /* RFC 1035 §3.1: wire length of a name */
#define DNS_PTR_JUMPS_MAX 64 /* more than any real name needs (≤127 labels) */

enum { T_A = 1, T_NS = 2, T_CNAME = 5, T_PTR = 12, T_HINFO = 13, T_TXT = 16, T_AAAA = 28, T_SRV = 33,
       T_OPT = 41, T_NSEC = 47, T_ANY = 255 };

/* Reads a (possibly compressed) name starting at the current position of
 * `c`, a view whose first byte sits at offset `abs` of the message `msg`. `c` moves
 * past the name as written in place (up to and including the first
 * pointer). Labels are joined with '.' into `out` (raw bytes, capped).
 * Returns a static reason on failure, NULL on success. */
static const char *read_name(const struct ew_cursor *msg, struct ew_cursor *c, size_t abs, struct ew_str *out)
{
	char buf[DNS_NAME_MAX + 1];
	size_t o = 0, wire = 0;
	unsigned jumps = 0;
	struct ew_cursor cur = *c; /* where labels are read from now */
	size_t cur_abs = abs;      /* message offset of cur's first byte */
	bool jumped = false;

	for (;;) {
		size_t here = cur_abs + ew_cur_pos(&cur);
		uint8_t len = ew_cur_u8(&cur);
		if (ew_cur_failed(&cur))
			return "truncated DNS name";
		if ((len & 0xc0) == 0xc0) {
			/* RFC 1035 §4.1.4 compression pointer */
			uint8_t lo = ew_cur_u8(&cur);
			if (ew_cur_failed(&cur))
				return "truncated DNS name pointer";
			size_t target = ((size_t)(len & 0x3f) << 8) | lo;
			if (target >= here)
				return "DNS name pointer does not point backwards";
			if (++jumps > DNS_PTR_JUMPS_MAX)
				return "too many DNS name pointers";
			if (!jumped) {
				*c = cur; /* the name ends here in the record */
				jumped = true;
			}
			cur = ew_cur_at(msg, target);
			cur_abs = target;
			continue;
		}
		if (len & 0xc0)
			return "unsupported DNS label type"; /* RFC 6891 extended labels */
		wire += 1u + len;
		if (wire > DNS_NAME_MAX)
			return "DNS name longer than 255 bytes";
		if (len == 0)
			break;
		if (o)
			buf[o++] = '.';
		if (!ew_cur_copy(&cur, buf + o, len))
			return "truncated DNS label";
		o += len;
	}
	if (!jumped)
		*c = cur;
	if (o == 0)
		buf[o++] = '.'; /* the root */
	ew_str_set(out, (const uint8_t *)buf, o);
	return NULL;
}

static const char *skip_name(const struct ew_cursor *msg, struct ew_cursor *c)
{
	struct ew_str scratch;
	return read_name(msg, c, 0, &scratch);
}

/* One resource record (RFC 1035 §4.1.3) read from the message cursor `c`
 * (a copy of `msg` moved forward); kept in `rr` when non-NULL. */
static const char *read_rr(const struct ew_cursor *msg, struct ew_cursor *c, struct ew_mdns_rr *rr)
{
	struct ew_mdns_rr scratch;
	struct ew_mdns_rr *r = rr ? rr : &scratch;
	memset(r, 0, sizeof *r);
	const char *why = read_name(msg, c, 0, &r->name);
	if (why)
		return why;
	r->type = ew_cur_u16(c);
	r->rclass = ew_cur_u16(c) & 0x7fff; /* RFC 6762 §10.2: top bit is cache-flush */
	r->ttl = ew_cur_u32(c);
	uint16_t rdlen = ew_cur_u16(c);
	size_t rd_abs = ew_cur_pos(c);
	struct ew_cursor rd = ew_cur_sub(c, rdlen);
	if (ew_cur_failed(c))
		return "DNS record longer than the message";
	if (!rr)
		return NULL;
	uint8_t b[16];
	switch (r->type) {
	case T_A:
		if (rdlen != 4 || !ew_cur_copy(&rd, b, 4))
			return "bad DNS A record length";
		r->addr = ew_ip4_from_bytes(b);
		break;
	case T_AAAA:
		if (rdlen != 16 || !ew_cur_copy(&rd, b, 16))
			return "bad DNS AAAA record length";
		r->addr = ew_ip6_from_bytes(b);
		break;
	case T_PTR:
	case T_CNAME:
		return read_name(msg, &rd, rd_abs, &r->target);
	case T_SRV:
		/* RFC 2782: priority, weight, port, target */
		(void)ew_cur_u16(&rd);
		(void)ew_cur_u16(&rd);
		r->port = ew_cur_u16(&rd);
		if (ew_cur_failed(&rd))
			return "truncated DNS SRV record";
		return read_name(msg, &rd, rd_abs, &r->target);
	default:
		break;
	}
	return NULL;
}

/* The shape (RFC 6762): queries and responses go to 224.0.0.251 or ff02::fb
 * on port 5353 (§5, §6; a one-shot querier's source port is any, §5.1),
 * unicast replies to QU questions and direct unicast queries go from 5353
 * to 5353 (§5.4, §5.5: "sent to UDP port 5353"). Not read: legacy unicast
 * responses (§6.7), from 5353 to the querier's own port. That direction is
 * also what an ordinary host with 5353 as its ephemeral port sends (a DNS
 * query to a resolver, for one), and the answer repeats records the
 * responder multicasts anyway. */
#define MDNS_PORT 5353
#define MDNS_GROUP4 UINT32_C(0xe00000fb) /* 224.0.0.251 */
static const uint8_t MDNS_GROUP6[16] = { 0xff, 0x02, [15] = 0xfb }; /* ff02::fb */

bool ew_mdns_fits(const struct ew_frame *f, const struct ew_cursor *payload)
{
	(void)payload;
	if (f->dport != MDNS_PORT)
		return false;
	if (ew_frame_dst_is4(f, MDNS_GROUP4) || ew_frame_dst_is6(f, MDNS_GROUP6))
		return true;
	return f->sport == MDNS_PORT && ew_frame_dst_unicast(f);
}

void ew_dissect_mdns(struct ew_dissector *d, struct ew_cursor *c)
{
	ew_count(d, EW_P_MDNS);
	/* the whole message from its first byte: names point into it */
	struct ew_cursor msg = ew_cur_rest(c);
	struct ew_cursor m = msg;
	uint16_t id = ew_cur_u16(&m), flags = ew_cur_u16(&m);
	uint16_t qd = ew_cur_u16(&m), an = ew_cur_u16(&m), ns = ew_cur_u16(&m), ar = ew_cur_u16(&m);
	if (ew_cur_failed(&m)) {
		ew_malformed(d, EW_P_MDNS, "truncated DNS header");
		return;
	}
	struct ew_ev_mdns *e = &ew_event_begin(d, EW_EV_MDNS)->u.mdns;
	e->id = id;
	e->flags = flags;
	e->response = (flags & 0x8000) != 0;
	e->qdcount = qd;
	e->ancount = an;
	e->nscount = ns;
	e->arcount = ar;
	const char *bad = NULL;

	/* Each question and record takes at least 5 bytes, so the counts are
	 * bounded by the message; the walk is capped as well. */
	uint32_t walked = 0;
	for (uint32_t i = 0; i < qd && !bad; i++, walked++) {
		if (walked == EW_OPT_LOOP_MAX)
			bad = "too many DNS records";
		else if ((bad = skip_name(&msg, &m)) == NULL && !ew_cur_skip(&m, 4))
			bad = "truncated DNS question";
	}
	/* answers, authority (walked, not kept: probe tie-breaking data),
	 * additionals */
	uint32_t total = (uint32_t)an + ns + ar;
	for (uint32_t i = 0; i < total && !bad; i++, walked++) {
		if (walked == EW_OPT_LOOP_MAX) {
			bad = "too many DNS records";
			break;
		}
		bool keep = i < an || i >= (uint32_t)an + ns;
		struct ew_mdns_rr *rr = NULL;
		if (keep && e->rr_count < EW_MDNS_RR_MAX)
			rr = &e->rrs[e->rr_count];
		else if (keep && e->dropped < UINT8_MAX)
			e->dropped++;
		bad = read_rr(&msg, &m, rr);
		if (!bad && rr)
			e->rr_count++;
	}
	ew_event_emit(d);
	if (bad)
		ew_malformed(d, EW_P_MDNS, bad);
}

static const char *type_name(uint16_t t)
{
	switch (t) {
	case T_A: return "A";
	case T_NS: return "NS";
	case T_CNAME: return "CNAME";
	case T_PTR: return "PTR";
	case T_HINFO: return "HINFO";
	case T_TXT: return "TXT";
	case T_AAAA: return "AAAA";
	case T_SRV: return "SRV";
	case T_OPT: return "OPT";
	case T_NSEC: return "NSEC";
	case T_ANY: return "ANY";
	default: return NULL;
	}
}

EW_JSON_FN(mdns)
{
	const struct ew_ev_mdns *e = &ev->u.mdns;
	ew_json_add_bool(o, "response", e->response);
	ew_json_add_int(o, "qdcount", e->qdcount);
	ew_json_add_int(o, "ancount", e->ancount);
	ew_json_add_int(o, "nscount", e->nscount);
	ew_json_add_int(o, "arcount", e->arcount);
	struct json_object *a = json_object_new_array();
	for (unsigned i = 0; i < e->rr_count && i < EW_MDNS_RR_MAX; i++) {
		const struct ew_mdns_rr *r = &e->rrs[i];
		struct json_object *j = json_object_new_object();
		ew_json_add_str(j, "name", &r->name);
		ew_json_add_int(j, "type", r->type);
		ew_json_add_cstr(j, "type_name", type_name(r->type));
		ew_json_add_int(j, "ttl", r->ttl);
		ew_json_add_ip(j, "addr", &r->addr);
		ew_json_add_str(j, "target", &r->target);
		if (r->type == T_SRV)
			ew_json_add_int(j, "port", r->port);
		json_object_array_add(a, j);
	}
	ew_json_add(o, "rrs", a);
	ew_json_add_int(o, "dropped", e->dropped);
}
