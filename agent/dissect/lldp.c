/* SPDX-License-Identifier: ISC */
/* lldp.c - IEEE 802.1AB Link Layer Discovery Protocol: the LLDPDU after
 * ethertype 0x88cc. Reduced to one EW_EV_LLDP event: chassis and port ids,
 * TTL, names, capabilities, management addresses.
 *
 * A problem after some TLVs were read (missing or out-of-order mandatory
 * TLVs, a TLV longer than the PDU) delivers the event with what was read and
 * then a malformed event: a switch that announces "router" is worth knowing
 * even when its LLDPDU is broken. */
#include "egresswatch/dissect.h"
#include "../event_json.h"

/* TLV types, IEEE 802.1AB-2016 table 8-1 */
enum {
	TLV_END = 0,
	TLV_CHASSIS_ID = 1,
	TLV_PORT_ID = 2,
	TLV_TTL = 3,
	TLV_PORT_DESCR = 4,
	TLV_SYSTEM_NAME = 5,
	TLV_SYSTEM_DESCR = 6,
	TLV_SYSTEM_CAPS = 7,
	TLV_MGMT_ADDR = 8,
	TLV_ORG_SPECIFIC = 127,
};

/* Chassis ID subtypes (§8.5.2.2) and port ID subtypes (§8.5.3.2) that are
 * not free text. */
enum { CHASSIS_MAC = 4, CHASSIS_NETADDR = 5, PORT_MAC = 3, PORT_NETADDR = 4 };

/* IANA address family numbers used by network-address ids and the
 * management address TLV. */
enum { IANA_AF_IPV4 = 1, IANA_AF_IPV6 = 2 };

#define LLDP_MGMT_MAX ((int)(sizeof ((struct ew_ev_lldp *)0)->mgmt / sizeof(struct ew_ip)))

/* The rest of a cursor as "aa:bb:cc..." text; cut at the string cap
 * (truncated set). */
static void hex_colon(struct ew_str *dst, struct ew_cursor *t)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	dst->truncated = false;
	while (ew_cur_left(t) > 0) {
		if (o + (o ? 3 : 2) > EW_STR_MAX) {
			dst->truncated = true;
			break;
		}
		uint8_t b = ew_cur_u8(t);
		if (o)
			dst->s[o++] = ':';
		dst->s[o++] = hex[b >> 4];
		dst->s[o++] = hex[b & 15];
	}
	dst->s[o] = '\0';
	dst->len = (uint16_t)o;
}

/* An IANA address family number and the rest of the cursor as an IP; false
 * (cursor untouched) unless it is IPv4 or IPv6 of the right length. */
static bool iana_addr(uint8_t family, struct ew_cursor *t, struct ew_ip *out)
{
	uint8_t b[16];
	size_t n = ew_cur_left(t);
	if (family == IANA_AF_IPV4 && n == 4 && ew_cur_copy(t, b, 4)) {
		*out = ew_ip4_from_bytes(b);
		return true;
	}
	if (family == IANA_AF_IPV6 && n == 16 && ew_cur_copy(t, b, 16)) {
		*out = ew_ip6_from_bytes(b);
		return true;
	}
	return false;
}

/* Chassis or port id (§8.5.2, §8.5.3): subtype byte, then 1..255 bytes. MAC
 * ids become "aa:bb:..", network addresses (IANA family + address) IP text,
 * everything else stays raw bytes (the JSON writer makes them valid text). */
static bool read_id(struct ew_cursor *t, uint8_t mac_subtype, uint8_t net_subtype, uint8_t *subtype,
		    struct ew_str *out)
{
	*subtype = ew_cur_u8(t);
	size_t n = ew_cur_left(t);
	if (ew_cur_failed(t) || n == 0)
		return false;
	if (*subtype == mac_subtype) {
		hex_colon(out, t);
		return true;
	}
	uint8_t family;
	if (*subtype == net_subtype && ew_cur_peek_u8(t, 0, &family)) {
		struct ew_cursor a = *t;
		struct ew_ip ip;
		ew_cur_skip(&a, 1);
		if (iana_addr(family, &a, &ip)) {
			char s[EW_IP_STRLEN];
			ew_ip_str(&ip, s);
			ew_str_set(out, (const uint8_t *)s, strlen(s));
			return true;
		}
	}
	ew_str_set(out, ew_cur_view(t, n), n);
	return true;
}

/* Management address TLV (§8.5.9): address string length (subtype + address,
 * 2..32), subtype, address, interface numbering subtype, interface number,
 * OID length (0..128), OID. Every length is checked against the TLV. */
static bool read_mgmt(struct ew_cursor *t, struct ew_ev_lldp *l)
{
	uint8_t alen = ew_cur_u8(t);
	if (alen < 2 || alen > 32)
		return false;
	struct ew_cursor a = ew_cur_sub(t, alen);
	uint8_t family = ew_cur_u8(&a);
	(void)ew_cur_u8(t);  /* interface numbering subtype */
	(void)ew_cur_u32(t); /* interface number */
	uint8_t oidlen = ew_cur_u8(t);
	if (oidlen > 128)
		return false;
	ew_cur_skip(t, oidlen);
	if (ew_cur_failed(t) || ew_cur_failed(&a))
		return false;
	struct ew_ip ip;
	if (l->mgmt_count < LLDP_MGMT_MAX && iana_addr(family, &a, &ip))
		l->mgmt[l->mgmt_count++] = ip;
	return true;
}

void ew_dissect_lldp(struct ew_dissector *d, struct ew_cursor *c)
{
	ew_count(d, EW_P_LLDP);
	struct ew_ev_lldp *l = &ew_event_begin(d, EW_EV_LLDP)->u.lldp;
	const char *bad = NULL;
	/* §9.2.7.7.1: chassis ID, port ID and TTL are the first three TLVs, in
	 * that order. `mandatory` counts how many arrived in place. */
	unsigned mandatory = 0;
	bool ended = false;

	while (ew_cur_left(c) > 0 && !ended) {
		if (l->tlv_count == EW_OPT_LOOP_MAX) {
			bad = "too many LLDP TLVs";
			break;
		}
		uint16_t hdr = ew_cur_u16(c);
		if (ew_cur_failed(c)) {
			bad = "truncated LLDP TLV header";
			break;
		}
		uint8_t type = (uint8_t)(hdr >> 9);
		size_t len = hdr & 0x1ff;
		struct ew_cursor t = ew_cur_sub(c, len);
		if (ew_cur_failed(c)) {
			bad = "LLDP TLV longer than the PDU";
			break;
		}
		l->tlv_count++;
		if (mandatory < 3 && type != TLV_CHASSIS_ID + mandatory) {
			if (!bad)
				bad = "LLDP mandatory TLVs missing or out of order";
			mandatory = 3; /* reported once; keep reading the rest */
		}
		switch (type) {
		case TLV_END:
			ended = true;
			break;
		case TLV_CHASSIS_ID:
			if (!read_id(&t, CHASSIS_MAC, CHASSIS_NETADDR, &l->chassis_subtype, &l->chassis_id) && !bad)
				bad = "bad LLDP chassis ID TLV";
			if (mandatory == 0)
				mandatory = 1;
			break;
		case TLV_PORT_ID:
			if (!read_id(&t, PORT_MAC, PORT_NETADDR, &l->port_subtype, &l->port_id) && !bad)
				bad = "bad LLDP port ID TLV";
			if (mandatory == 1)
				mandatory = 2;
			break;
		case TLV_TTL:
			l->ttl = ew_cur_u16(&t);
			if (ew_cur_failed(&t) && !bad)
				bad = "bad LLDP TTL TLV";
			if (mandatory == 2)
				mandatory = 3;
			break;
		case TLV_PORT_DESCR:
			ew_str_set(&l->port_descr, ew_cur_view(&t, len), len);
			break;
		case TLV_SYSTEM_NAME:
			ew_str_set(&l->system_name, ew_cur_view(&t, len), len);
			break;
		case TLV_SYSTEM_DESCR:
			ew_lstr_set(&l->system_descr, ew_cur_view(&t, len), len);
			break;
		case TLV_SYSTEM_CAPS:
			/* §8.5.8: two 16-bit masks, length exactly 4 */
			if (len != 4) {
				if (!bad)
					bad = "bad LLDP capabilities TLV length";
				break;
			}
			l->caps_system = ew_cur_u16(&t);
			l->caps_enabled = ew_cur_u16(&t);
			l->has_caps = true;
			break;
		case TLV_MGMT_ADDR:
			if (!read_mgmt(&t, l) && !bad)
				bad = "bad LLDP management address TLV";
			break;
		default: /* organisation-specific (127) and reserved types: skipped */
			break;
		}
	}
	if (!bad && mandatory < 3)
		bad = "LLDP mandatory TLVs missing or out of order";
	if (l->tlv_count > 0)
		ew_event_emit(d);
	if (bad)
		ew_malformed(d, EW_P_LLDP, bad);
}

/* Capability bit names, IEEE 802.1AB-2016 table 8-4 (bit 0 first). */
static const char *const cap_names[] = { "other", "repeater", "bridge", "wlan_ap", "router", "phone",
					 "docsis", "station", "cvlan", "svlan", "tpmr" };

static struct json_object *cap_list(uint16_t mask)
{
	struct json_object *a = json_object_new_array();
	for (unsigned i = 0; i < sizeof cap_names / sizeof cap_names[0]; i++)
		if (mask & (1u << i))
			json_object_array_add(a, json_object_new_string(cap_names[i]));
	return a;
}

EW_JSON_FN(lldp)
{
	const struct ew_ev_lldp *l = &ev->u.lldp;
	ew_json_add_int(o, "chassis_subtype", l->chassis_subtype);
	ew_json_add_str(o, "chassis_id", &l->chassis_id);
	ew_json_add_int(o, "port_subtype", l->port_subtype);
	ew_json_add_str(o, "port_id", &l->port_id);
	ew_json_add_int(o, "ttl", l->ttl);
	ew_json_add_str(o, "port_descr", &l->port_descr);
	ew_json_add_str(o, "system_name", &l->system_name);
	ew_json_add_lstr(o, "system_descr", &l->system_descr);
	if (l->has_caps) {
		ew_json_add_int(o, "caps_system", l->caps_system);
		ew_json_add_int(o, "caps_enabled", l->caps_enabled);
		ew_json_add(o, "caps_system_names", cap_list(l->caps_system));
		ew_json_add(o, "caps_enabled_names", cap_list(l->caps_enabled));
	}
	size_t n = l->mgmt_count < LLDP_MGMT_MAX ? l->mgmt_count : LLDP_MGMT_MAX;
	ew_json_add_ip_list(o, "mgmt", l->mgmt, n);
	ew_json_add_int(o, "tlv_count", l->tlv_count);
}
