/* SPDX-License-Identifier: ISC */
/* hsrp.c - Cisco Hot Standby Router Protocol: v1 (RFC 2281) on UDP 1985 and
 * v2 (TLVs; UDP 1985 over IPv4, 2029 over IPv6), to its multicast group
 * only (ew_hsrp_fits). One EW_EV_HSRP event per
 * group announced: a router offering a virtual gateway address.
 *
 * The first byte tells the formats apart: v1 starts with its version field
 * (0), v2 with a TLV type (1..4). */
#include "egresswatch/dissect.h"
#include "../event_json.h"

/* The shape: RFC 2281 §5 sends v1 "to the multicast address 224.0.0.2 with
 * TTL 1" on UDP port 1985, from the same port; v2 uses group 224.0.0.102 and
 * the same port. HSRP for IPv6 goes to ff02::66 on UDP 2029 at both ends.
 * The TTL or hop limit is 1 (RFC 2281) or 255: Cisco sends v2 over IPv4
 * with TTL 255 (the ndpi hsrp2 capture) and over IPv6 with hop limit 255
 * (ndpi hsrp2_ipv6), as ND does. Either says "not forwarded": 1 cannot be,
 * 255 was not. Anything else on these ports (an ordinary host's TTL 64 or
 * 128, one end only, unicast, another group) is an ephemeral port that
 * collides. */
#define HSRP_PORT 1985
#define HSRP6_PORT 2029
#define HSRP_TTL 1
#define HSRP_TTL_LINK 255
#define HSRP_V1_GROUP UINT32_C(0xe0000002) /* 224.0.0.2 */
#define HSRP_V2_GROUP UINT32_C(0xe0000066) /* 224.0.0.102 */
static const uint8_t HSRP6_GROUP[16] = { 0xff, 0x02, [15] = 0x66 }; /* ff02::66 */

#define HSRP_V1_ADVERTISE 3     /* opcode with its own layout (not in RFC 2281) */
#define HSRP2_GROUP_STATE 1     /* TLV types */
#define HSRP2_GROUP_STATE_LEN 40
#define HSRP2_GROUP_MAX 4095    /* v2 groups are 12 bits */

/* The virtual MAC a group uses unless configured otherwise: RFC 2281
 * gives 00:00:0c:07:ac:XX for v1; Cisco documents 00:00:0c:9f:fX:XX for v2
 * over IPv4 and 00:05:73:a0:0X:XX for v2 over IPv6. */
static void derive_virtual_mac(struct ew_ev_hsrp *h, bool ipv6)
{
	uint8_t *m = h->virtual_mac.b;
	if (h->version < 2) {
		m[0] = 0x00, m[1] = 0x00, m[2] = 0x0c, m[3] = 0x07, m[4] = 0xac;
		m[5] = (uint8_t)h->group;
	} else if (!ipv6) {
		m[0] = 0x00, m[1] = 0x00, m[2] = 0x0c, m[3] = 0x9f;
		m[4] = (uint8_t)(0xf0 | ((h->group >> 8) & 0x0f));
		m[5] = (uint8_t)h->group;
	} else {
		m[0] = 0x00, m[1] = 0x05, m[2] = 0x73, m[3] = 0xa0;
		m[4] = (uint8_t)((h->group >> 8) & 0x0f);
		m[5] = (uint8_t)h->group;
	}
	h->has_virtual_mac = true;
}

/* RFC 2281 §5: version, opcode, state, hellotime, holdtime, priority, group,
 * reserved, authentication data (8), virtual IP address. */
static void dissect_v1(struct ew_dissector *d, struct ew_cursor *c)
{
	uint8_t version = ew_cur_u8(c);
	uint8_t opcode = ew_cur_u8(c);
	if (opcode == HSRP_V1_ADVERTISE) {
		/* interface state: TLV type(2) length(2) state(1) ...; only the
		 * state is kept, there is no group in it */
		(void)ew_cur_u16(c);
		(void)ew_cur_u16(c);
		uint8_t state = ew_cur_u8(c);
		if (ew_cur_failed(c)) {
			ew_malformed(d, EW_P_HSRP, "truncated HSRP advertisement");
			return;
		}
		struct ew_ev_hsrp *h = &ew_event_begin(d, EW_EV_HSRP)->u.hsrp;
		h->version = version;
		h->opcode = opcode;
		h->state = state;
		ew_event_emit(d);
		return;
	}
	uint8_t state = ew_cur_u8(c), hello = ew_cur_u8(c), hold = ew_cur_u8(c);
	uint8_t priority = ew_cur_u8(c), group = ew_cur_u8(c);
	(void)ew_cur_u8(c);
	ew_cur_skip(c, 8); /* authentication data: cleartext, not kept */
	uint8_t vip[4];
	ew_cur_copy(c, vip, sizeof vip);
	if (ew_cur_failed(c)) {
		ew_malformed(d, EW_P_HSRP, "truncated HSRP v1 message");
		return;
	}
	struct ew_ev_hsrp *h = &ew_event_begin(d, EW_EV_HSRP)->u.hsrp;
	h->version = version;
	h->opcode = opcode;
	h->state = state;
	h->hellotime = hello;
	h->holdtime = hold;
	h->priority = priority;
	h->group = group;
	h->virtual_ip = ew_ip4_from_bytes(vip);
	derive_virtual_mac(h, false);
	ew_event_emit(d);
}

/* Group state TLV value: version, opcode, state, IP version, group(2),
 * identifier(6), priority(4), hellotime(4), holdtime(4) in milliseconds,
 * virtual IP (16; IPv4 in the first 4 bytes). */
static bool group_state(struct ew_dissector *d, struct ew_cursor *t)
{
	uint8_t version = ew_cur_u8(t), opcode = ew_cur_u8(t), state = ew_cur_u8(t);
	uint8_t ipver = ew_cur_u8(t);
	uint16_t group = ew_cur_u16(t);
	struct ew_mac ident;
	ew_cur_copy(t, ident.b, EW_MAC_LEN);
	uint32_t priority = ew_cur_u32(t), hello = ew_cur_u32(t), hold = ew_cur_u32(t);
	uint8_t vip[16];
	ew_cur_copy(t, vip, sizeof vip);
	if (ew_cur_failed(t) || (ipver != 4 && ipver != 6) || group > HSRP2_GROUP_MAX)
		return false;
	struct ew_ev_hsrp *h = &ew_event_begin(d, EW_EV_HSRP)->u.hsrp;
	h->version = version;
	h->opcode = opcode;
	h->state = state;
	h->group = group;
	h->priority = priority;
	h->hellotime = hello;
	h->holdtime = hold;
	h->identifier = ident;
	h->has_identifier = true;
	h->virtual_ip = ipver == 4 ? ew_ip4_from_bytes(vip) : ew_ip6_from_bytes(vip);
	derive_virtual_mac(h, ipver == 6);
	ew_event_emit(d);
	return true;
}

/* v2: TLVs of type(1) length(1) value. Group state (1) makes an event;
 * interface state (2), text (3) and MD5 (4) authentication are skipped. */
static void dissect_v2(struct ew_dissector *d, struct ew_cursor *c)
{
	for (unsigned n = 0; ew_cur_left(c) > 0; n++) {
		if (n == EW_OPT_LOOP_MAX) {
			ew_malformed(d, EW_P_HSRP, "too many HSRP TLVs");
			return;
		}
		uint8_t type = ew_cur_u8(c), len = ew_cur_u8(c);
		struct ew_cursor t = ew_cur_sub(c, len);
		if (ew_cur_failed(c)) {
			ew_malformed(d, EW_P_HSRP, "HSRP TLV longer than the packet");
			return;
		}
		if (type != HSRP2_GROUP_STATE)
			continue;
		if (len < HSRP2_GROUP_STATE_LEN || !group_state(d, &t)) {
			ew_malformed(d, EW_P_HSRP, "bad HSRP group state TLV");
			return;
		}
	}
}

bool ew_hsrp_fits(const struct ew_frame *f, const struct ew_cursor *payload)
{
	(void)payload;
	if (f->ttl != HSRP_TTL && f->ttl != HSRP_TTL_LINK)
		return false;
	if (f->ip_version == 4)
		return f->sport == HSRP_PORT && f->dport == HSRP_PORT &&
		       (ew_frame_dst_is4(f, HSRP_V1_GROUP) || ew_frame_dst_is4(f, HSRP_V2_GROUP));
	if (f->ip_version == 6)
		return f->sport == HSRP6_PORT && f->dport == HSRP6_PORT && ew_frame_dst_is6(f, HSRP6_GROUP);
	return false;
}

void ew_dissect_hsrp(struct ew_dissector *d, struct ew_cursor *c)
{
	ew_count(d, EW_P_HSRP);
	uint8_t first;
	if (!ew_cur_peek_u8(c, 0, &first)) {
		ew_malformed(d, EW_P_HSRP, "empty HSRP message");
		return;
	}
	if (first == 0)
		dissect_v1(d, c);
	else
		dissect_v2(d, c);
}

static const char *opcode_name(uint8_t op)
{
	static const char *const names[] = { "hello", "coup", "resign", "advertise" };
	return op < sizeof names / sizeof names[0] ? names[op] : NULL;
}

static const char *state_name(uint8_t version, uint8_t state)
{
	if (version < 2) {
		switch (state) { /* RFC 2281 §5 */
		case 0: return "initial";
		case 1: return "learn";
		case 2: return "listen";
		case 4: return "speak";
		case 8: return "standby";
		case 16: return "active";
		default: return NULL;
		}
	}
	static const char *const v2[] = { NULL, "initial", "learn", "listen", "speak", "standby", "active" };
	return state < sizeof v2 / sizeof v2[0] ? v2[state] : NULL;
}

EW_JSON_FN(hsrp)
{
	const struct ew_ev_hsrp *h = &ev->u.hsrp;
	ew_json_add_int(o, "version", h->version);
	ew_json_add_int(o, "opcode", h->opcode);
	ew_json_add_cstr(o, "opcode_name", opcode_name(h->opcode));
	ew_json_add_int(o, "state", h->state);
	ew_json_add_cstr(o, "state_name", state_name(h->version, h->state));
	if (h->opcode == HSRP_V1_ADVERTISE && h->version < 2)
		return;
	ew_json_add_int(o, "group", h->group);
	ew_json_add_int(o, "priority", h->priority);
	ew_json_add_int(o, "hellotime", h->hellotime);
	ew_json_add_int(o, "holdtime", h->holdtime);
	ew_json_add_ip(o, "virtual_ip", &h->virtual_ip);
	if (h->has_virtual_mac)
		ew_json_add_mac(o, "virtual_mac", &h->virtual_mac);
	if (h->has_identifier)
		ew_json_add_mac(o, "identifier", &h->identifier);
}
