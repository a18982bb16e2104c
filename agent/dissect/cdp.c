/* SPDX-License-Identifier: ISC */
/* cdp.c - Cisco Discovery Protocol v1/v2: the payload after LLC/SNAP (OUI
 * 00:00:0c, PID 0x2000), dispatched by link.c. Reduced to one EW_EV_CDP
 * event: device id, platform, software, port, capabilities, addresses,
 * native VLAN.
 *
 * There is no RFC; the layout is Cisco's published CDP format as Wireshark
 * and tcpdump read it: version(1) TTL(1) checksum(2), then TLVs of type(2)
 * length(2) where the length counts the 4-byte TLV header. A problem after
 * the header delivers the event with what was read, then a malformed event. */
#include "egresswatch/dissect.h"
#include "../event_json.h"

enum {
	TLV_DEVICE_ID = 0x0001,
	TLV_ADDRESSES = 0x0002,
	TLV_PORT_ID = 0x0003,
	TLV_CAPABILITIES = 0x0004,
	TLV_SOFTWARE = 0x0005,
	TLV_PLATFORM = 0x0006,
	TLV_NATIVE_VLAN = 0x000a,
	TLV_MGMT_ADDRESSES = 0x0016, /* same layout as TLV_ADDRESSES */
};

/* Address protocol types: NLPID (1 byte protocol) or 802.2 (LLC/SNAP header
 * naming an ethertype, 3 or 8 bytes). */
enum { PT_NLPID = 1, PT_8022 = 2 };
#define NLPID_IP 0xcc

#define CDP_ADDR_MAX ((int)(sizeof ((struct ew_ev_cdp *)0)->addrs / sizeof(struct ew_ip)))

static void add_addr(struct ew_ev_cdp *p, const struct ew_ip *ip)
{
	for (unsigned i = 0; i < p->addr_count; i++)
		if (ew_ip_eq(&p->addrs[i], ip))
			return; /* the same address is usually in both address TLVs */
	if (p->addr_count < CDP_ADDR_MAX)
		p->addrs[p->addr_count++] = *ip;
}

/* Address list: count(4), then per address protocol type(1), protocol
 * length(1), protocol, address length(2), address. The count is bounded by
 * the TLV: a count that does not fit fails the cursor. */
static bool read_addresses(struct ew_cursor *t, struct ew_ev_cdp *p)
{
	static const uint8_t snap_ipv6[8] = { 0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x86, 0xdd };
	uint32_t count = ew_cur_u32(t);
	for (uint32_t i = 0; i < count && !ew_cur_failed(t); i++) {
		if (i == EW_OPT_LOOP_MAX)
			return false;
		uint8_t ptype = ew_cur_u8(t);
		uint8_t plen = ew_cur_u8(t);
		struct ew_cursor pc = ew_cur_sub(t, plen);
		uint16_t alen = ew_cur_u16(t);
		struct ew_cursor ac = ew_cur_sub(t, alen);
		if (ew_cur_failed(t))
			break;
		uint8_t proto[sizeof snap_ipv6], addr[16];
		if (plen > sizeof proto || !ew_cur_copy(&pc, proto, plen))
			continue; /* not a protocol we read */
		struct ew_ip ip;
		if (ptype == PT_NLPID && plen == 1 && proto[0] == NLPID_IP && alen == 4) {
			ew_cur_copy(&ac, addr, 4);
			ip = ew_ip4_from_bytes(addr);
			add_addr(p, &ip);
		} else if (ptype == PT_8022 && plen == sizeof snap_ipv6 &&
			   memcmp(proto, snap_ipv6, sizeof snap_ipv6) == 0 && alen == 16) {
			ew_cur_copy(&ac, addr, 16);
			ip = ew_ip6_from_bytes(addr);
			add_addr(p, &ip);
		}
	}
	return !ew_cur_failed(t);
}

void ew_dissect_cdp(struct ew_dissector *d, struct ew_cursor *c)
{
	ew_count(d, EW_P_CDP);
	uint8_t version = ew_cur_u8(c);
	uint8_t ttl = ew_cur_u8(c);
	(void)ew_cur_u16(c); /* checksum: not verified, a SPAN copy is what it is */
	if (ew_cur_failed(c)) {
		ew_malformed(d, EW_P_CDP, "truncated CDP header");
		return;
	}
	struct ew_ev_cdp *p = &ew_event_begin(d, EW_EV_CDP)->u.cdp;
	p->version = version;
	p->ttl = ttl;
	const char *bad = NULL;

	while (ew_cur_left(c) > 0) {
		if (p->tlv_count == EW_OPT_LOOP_MAX) {
			bad = "too many CDP TLVs";
			break;
		}
		uint16_t type = ew_cur_u16(c);
		uint16_t len = ew_cur_u16(c);
		if (ew_cur_failed(c)) {
			bad = "truncated CDP TLV header";
			break;
		}
		if (len < 4) {
			bad = "CDP TLV length below its header";
			break;
		}
		struct ew_cursor t = ew_cur_sub(c, (size_t)len - 4);
		if (ew_cur_failed(c)) {
			bad = "CDP TLV longer than the packet";
			break;
		}
		p->tlv_count++;
		size_t n = ew_cur_left(&t);
		switch (type) {
		case TLV_DEVICE_ID:
			ew_str_set(&p->device_id, ew_cur_view(&t, n), n);
			break;
		case TLV_PORT_ID:
			ew_str_set(&p->port_id, ew_cur_view(&t, n), n);
			break;
		case TLV_SOFTWARE:
			ew_lstr_set(&p->software, ew_cur_view(&t, n), n);
			break;
		case TLV_PLATFORM:
			ew_str_set(&p->platform, ew_cur_view(&t, n), n);
			break;
		case TLV_CAPABILITIES:
			if (n != 4) {
				if (!bad)
					bad = "bad CDP capabilities TLV length";
				break;
			}
			p->caps = ew_cur_u32(&t);
			p->has_caps = true;
			break;
		case TLV_NATIVE_VLAN:
			if (n != 2) {
				if (!bad)
					bad = "bad CDP native VLAN TLV length";
				break;
			}
			p->native_vlan = ew_cur_u16(&t);
			break;
		case TLV_ADDRESSES:
		case TLV_MGMT_ADDRESSES:
			if (!read_addresses(&t, p) && !bad)
				bad = "bad CDP address TLV";
			break;
		default:
			break;
		}
	}
	ew_event_emit(d);
	if (bad)
		ew_malformed(d, EW_P_CDP, bad);
}

/* Capability bits as Cisco defines them (Wireshark packet-cdp.c names). */
static const char *const cap_names[] = { "router", "trans_bridge", "sr_bridge", "switch",
					 "host",   "igmp",	   "repeater",	"phone" };

EW_JSON_FN(cdp)
{
	const struct ew_ev_cdp *p = &ev->u.cdp;
	ew_json_add_int(o, "version", p->version);
	ew_json_add_int(o, "ttl", p->ttl);
	ew_json_add_str(o, "device_id", &p->device_id);
	ew_json_add_str(o, "platform", &p->platform);
	ew_json_add_lstr(o, "software", &p->software);
	ew_json_add_str(o, "port_id", &p->port_id);
	if (p->has_caps) {
		ew_json_add_int(o, "caps", p->caps);
		struct json_object *a = json_object_new_array();
		for (unsigned i = 0; i < sizeof cap_names / sizeof cap_names[0]; i++)
			if (p->caps & (1u << i))
				json_object_array_add(a, json_object_new_string(cap_names[i]));
		ew_json_add(o, "caps_names", a);
	}
	size_t n = p->addr_count < CDP_ADDR_MAX ? p->addr_count : CDP_ADDR_MAX;
	ew_json_add_ip_list(o, "addrs", p->addrs, n);
	if (p->native_vlan)
		ew_json_add_int(o, "native_vlan", p->native_vlan);
	ew_json_add_int(o, "tlv_count", p->tlv_count);
}
