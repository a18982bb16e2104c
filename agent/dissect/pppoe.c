/* SPDX-License-Identifier: ISC */
/* pppoe.c - PPP over Ethernet (RFC 2516): the discovery stage (ethertype
 * 0x8863: PADI, PADO, PADR, PADS, PADT and their tags, PPP-Max-Payload from
 * RFC 4638) and the session stage (0x8864: header and PPP protocol, then
 * IPv4/IPv6 inside handed back to the ethertype dispatch).
 *
 * A discovery frame whose Length field claims more than was captured is
 * reported with the tags that were captured and then a malformed event: the
 * header and any whole tags are real evidence (an AC answering PADO), and
 * nothing past the capture is ever read. The same holds for a session frame,
 * whose captured part is still handed to IP, which checks its own lengths.
 */
#include "egresswatch/dissect.h"
#include "../event_json.h"

#include <string.h>

#define PPPOE_HDR_LEN 6
/* Nested encapsulations (PPPoE inside IP inside PPPoE...) stop here. */
#define PPPOE_DEPTH_MAX 3

enum {
	TAG_END_OF_LIST = 0x0000,
	TAG_SERVICE_NAME = 0x0101,
	TAG_AC_NAME = 0x0102,
	TAG_HOST_UNIQ = 0x0103,
	TAG_AC_COOKIE = 0x0104,
	TAG_VENDOR_SPECIFIC = 0x0105,
	TAG_RELAY_SESSION_ID = 0x0110,
	TAG_PPP_MAX_PAYLOAD = 0x0120,
	TAG_SERVICE_NAME_ERROR = 0x0201,
	TAG_AC_SYSTEM_ERROR = 0x0202,
	TAG_GENERIC_ERROR = 0x0203,
};

enum { PPP_IPV4 = 0x0021, PPP_IPV6 = 0x0057 };

static const char *code_name(uint8_t code)
{
	switch (code) {
	case EW_PADI: return "PADI";
	case EW_PADO: return "PADO";
	case EW_PADR: return "PADR";
	case EW_PADS: return "PADS";
	case EW_PADT: return "PADT";
	default: return NULL;
	}
}

/* Version and type are both 1 (RFC 2516 §4); anything else is another protocol
 * or noise, never guessed at. */
static bool read_header(struct ew_cursor *c, uint8_t *ver, uint8_t *type, uint8_t *code, uint16_t *sid,
			uint16_t *len)
{
	uint8_t vt = ew_cur_u8(c);
	*code = ew_cur_u8(c);
	*sid = ew_cur_u16(c);
	*len = ew_cur_u16(c);
	*ver = vt >> 4;
	*type = vt & 0x0f;
	return !ew_cur_failed(c);
}

/* The payload as far as the Length field says, or as far as was captured when
 * it says more (the caller reports that). Ethernet padding past Length is
 * never read. */
static struct ew_cursor payload_of(struct ew_cursor *c, uint16_t len, bool *short_capture)
{
	*short_capture = len > ew_cur_left(c);
	return ew_cur_sub(c, *short_capture ? ew_cur_left(c) : len);
}

static void tag_str(struct ew_cursor *t, struct ew_str *dst, bool *seen)
{
	if (*seen)
		return; /* first wins: a PADO lists offered services after the requested one */
	size_t n = ew_cur_left(t);
	const uint8_t *p = ew_cur_view(t, n);
	ew_str_set(dst, p, p ? n : 0);
	*seen = true;
}

static void tag_bytes(struct ew_cursor *t, struct ew_bytes *dst)
{
	if (dst->p)
		return;
	size_t n = ew_cur_left(t);
	const uint8_t *p = ew_cur_view(t, n);
	/* an empty tag is kept as present: a zero-length view of the frame */
	dst->p = p;
	dst->len = (uint16_t)n;
}

void ew_dissect_pppoe_disc(struct ew_dissector *d, struct ew_cursor *c)
{
	ew_count(d, EW_P_PPPOE_DISC);
	uint8_t ver, type, code;
	uint16_t sid, len;
	if (!read_header(c, &ver, &type, &code, &sid, &len)) {
		ew_malformed(d, EW_P_PPPOE_DISC, "truncated PPPoE discovery header");
		return;
	}
	if (ver != 1 || type != 1) {
		ew_malformed(d, EW_P_PPPOE_DISC, "PPPoE version/type not 1/1");
		return;
	}
	if (!code_name(code)) {
		ew_malformed(d, EW_P_PPPOE_DISC, "unknown PPPoE discovery code");
		return;
	}
	struct ew_event *ev = ew_event_begin(d, EW_EV_PPPOE_DISC);
	struct ew_ev_pppoe_disc *p = &ev->u.pppoe;
	p->version = ver;
	p->type = type;
	p->code = code;
	p->session_id = sid;
	p->payload_len = len;

	bool short_capture;
	struct ew_cursor pl = payload_of(c, len, &short_capture);
	const char *bad = short_capture ? "PPPoE length exceeds capture" : NULL;
	/* §5.1-5.3: the session id is 0 until the AC assigns one in the PADS */
	if (!bad && sid != 0 && (code == EW_PADI || code == EW_PADO || code == EW_PADR))
		bad = "PPPoE session id not 0 before PADS";
	bool seen_sn = false, seen_ac = false, seen_sne = false, seen_ase = false, seen_ge = false;
	for (unsigned n = 0; ew_cur_left(&pl) > 0; n++) {
		if (n == EW_OPT_LOOP_MAX) {
			bad = bad ? bad : "too many PPPoE tags";
			break;
		}
		uint16_t ttype = ew_cur_u16(&pl), tlen = ew_cur_u16(&pl);
		if (ew_cur_failed(&pl)) {
			bad = bad ? bad : "truncated PPPoE tag header";
			break;
		}
		if (ttype == TAG_END_OF_LIST)
			break; /* §A: "no further TAGs are present" */
		struct ew_cursor t = ew_cur_sub(&pl, tlen);
		if (ew_cur_failed(&pl)) {
			bad = bad ? bad : "PPPoE tag longer than payload";
			break;
		}
		p->tag_count++;
		switch (ttype) {
		case TAG_SERVICE_NAME:
			p->has_service_name = true;
			tag_str(&t, &p->service_name, &seen_sn);
			break;
		case TAG_AC_NAME: tag_str(&t, &p->ac_name, &seen_ac); break;
		case TAG_HOST_UNIQ: tag_bytes(&t, &p->host_uniq); break;
		case TAG_AC_COOKIE: tag_bytes(&t, &p->ac_cookie); break;
		case TAG_RELAY_SESSION_ID: tag_bytes(&t, &p->relay_session_id); break;
		case TAG_VENDOR_SPECIFIC: {
			/* §A: the first four octets are the vendor id (0 then the IANA SMI number) */
			uint32_t vid = ew_cur_u32(&t);
			if (ew_cur_failed(&t))
				bad = bad ? bad : "vendor-specific tag shorter than 4";
			else if (!p->has_vendor) {
				p->has_vendor = true;
				p->vendor_id = vid;
			}
			break;
		}
		case TAG_PPP_MAX_PAYLOAD: {
			/* RFC 4638 §4: a two-octet value */
			uint16_t mp = ew_cur_u16(&t);
			if (tlen != 2)
				bad = bad ? bad : "PPP-Max-Payload tag length not 2";
			else if (!p->max_payload)
				p->max_payload = mp;
			break;
		}
		case TAG_SERVICE_NAME_ERROR: tag_str(&t, &p->service_name_error, &seen_sne); break;
		case TAG_AC_SYSTEM_ERROR: tag_str(&t, &p->ac_system_error, &seen_ase); break;
		case TAG_GENERIC_ERROR: tag_str(&t, &p->generic_error, &seen_ge); break;
		default: break;
		}
	}
	ew_event_emit(d);
	if (bad)
		ew_malformed(d, EW_P_PPPOE_DISC, bad); /* reuses d->ev: after the emit */
}

void ew_dissect_pppoe_sess(struct ew_dissector *d, struct ew_cursor *c)
{
	ew_count(d, EW_P_PPPOE_SESS);
	uint8_t ver, type, code;
	uint16_t sid, len;
	if (!read_header(c, &ver, &type, &code, &sid, &len)) {
		ew_malformed(d, EW_P_PPPOE_SESS, "truncated PPPoE session header");
		return;
	}
	if (ver != 1 || type != 1) {
		ew_malformed(d, EW_P_PPPOE_SESS, "PPPoE version/type not 1/1");
		return;
	}
	if (code != 0) {
		ew_malformed(d, EW_P_PPPOE_SESS, "PPPoE session code not 0"); /* §5 */
		return;
	}
	bool short_capture;
	struct ew_cursor pl = payload_of(c, len, &short_capture);
	/* PPP protocol field (RFC 1661 §2). Field compression leaves one odd octet
	 * (RFC 1661 §6.5); RFC 2516 §7 advises against it, but it may be seen. */
	uint16_t proto = 0;
	uint8_t b0;
	if (ew_cur_peek_u8(&pl, 0, &b0) && (b0 & 1))
		proto = ew_cur_u8(&pl);
	else
		proto = ew_cur_u16(&pl);
	if (ew_cur_failed(&pl)) {
		ew_malformed(d, EW_P_PPPOE_SESS, "PPPoE session without PPP protocol");
		return;
	}
	struct ew_event *ev = ew_event_begin(d, EW_EV_PPPOE_SESS);
	struct ew_ev_pppoe_sess *s = &ev->u.pppoes;
	s->version = ver;
	s->type = type;
	s->session_id = sid;
	s->payload_len = len;
	s->ppp_proto = proto;
	ew_event_emit(d);
	if (short_capture)
		ew_malformed(d, EW_P_PPPOE_SESS, "PPPoE length exceeds capture");
	if (proto != PPP_IPV4 && proto != PPP_IPV6)
		return;
	if (d->depth >= PPPOE_DEPTH_MAX) {
		ew_malformed(d, EW_P_PPPOE_SESS, "encapsulation too deep");
		return;
	}
	d->depth++;
	ew_dissect_ethertype(d, proto == PPP_IPV4 ? 0x0800 : 0x86dd, &pl);
	d->depth--;
}

/* ---- JSON ------------------------------------------------------------------------ */

EW_JSON_FN(pppoe_disc)
{
	const struct ew_ev_pppoe_disc *p = &ev->u.pppoe;
	ew_json_add_int(o, "code", p->code);
	ew_json_add_cstr(o, "code_name", code_name(p->code));
	ew_json_add_int(o, "session_id", p->session_id);
	if (p->has_service_name) /* present even when empty: empty means "any service" */
		ew_json_add(o, "service_name", ew_json_wire_string(p->service_name.s, p->service_name.len));
	ew_json_add_str(o, "ac_name", &p->ac_name);
	ew_json_add_bytes(o, "host_uniq", &p->host_uniq);
	ew_json_add_bytes(o, "ac_cookie", &p->ac_cookie);
	ew_json_add_bytes(o, "relay_session_id", &p->relay_session_id);
	if (p->has_vendor)
		ew_json_add_int(o, "vendor_id", p->vendor_id);
	ew_json_add_str(o, "service_name_error", &p->service_name_error);
	ew_json_add_str(o, "ac_system_error", &p->ac_system_error);
	ew_json_add_str(o, "generic_error", &p->generic_error);
	if (p->max_payload)
		ew_json_add_int(o, "max_payload", p->max_payload);
	ew_json_add_int(o, "tag_count", p->tag_count);
}

EW_JSON_FN(pppoe_sess)
{
	const struct ew_ev_pppoe_sess *s = &ev->u.pppoes;
	ew_json_add_int(o, "session_id", s->session_id);
	ew_json_add_int(o, "ppp_proto", s->ppp_proto);
	ew_json_add_int(o, "payload_len", s->payload_len);
}
