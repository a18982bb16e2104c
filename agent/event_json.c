/* SPDX-License-Identifier: ISC */
/* event_json.c - the JSON-lines envelope of an event. */
#include "event_json.h"

static void json_malformed(const struct ew_event *ev, struct json_object *o)
{
	ew_json_add_cstr(o, "proto", ew_proto_name(ev->u.malformed.proto));
	ew_json_add_cstr(o, "reason", ev->u.malformed.reason);
}

static void json_none(const struct ew_event *ev, struct json_object *o)
{
	(void)ev;
	(void)o;
}

typedef void (*json_fn)(const struct ew_event *, struct json_object *);
static const json_fn writers[EW_EV__COUNT] = {
	[EW_EV_MALFORMED] = json_malformed, [EW_EV_ARP] = ew_json_arp, [EW_EV_IPV4] = ew_json_ipv4,
	[EW_EV_IPV6] = ew_json_ipv6, [EW_EV_ICMP] = ew_json_icmp, [EW_EV_IRDP_ADVERT] = ew_json_irdp_advert,
	[EW_EV_IRDP_SOLICIT] = json_none, [EW_EV_ND_RS] = ew_json_nd_rs, [EW_EV_ND_RA] = ew_json_nd_ra,
	[EW_EV_ND_NS] = ew_json_nd_ns, [EW_EV_ND_NA] = ew_json_nd_na, [EW_EV_ND_REDIRECT] = ew_json_nd_redirect,
	[EW_EV_DHCP4] = ew_json_dhcp4, [EW_EV_DHCP6] = ew_json_dhcp6, [EW_EV_PPPOE_DISC] = ew_json_pppoe_disc,
	[EW_EV_PPPOE_SESS] = ew_json_pppoe_sess, [EW_EV_LLDP] = ew_json_lldp, [EW_EV_CDP] = ew_json_cdp,
	[EW_EV_SSDP] = ew_json_ssdp, [EW_EV_MDNS] = ew_json_mdns, [EW_EV_RIP] = ew_json_rip,
	[EW_EV_RIPNG] = ew_json_ripng, [EW_EV_VRRP] = ew_json_vrrp, [EW_EV_HSRP] = ew_json_hsrp,
	[EW_EV_OSPF_HELLO] = ew_json_ospf_hello,
};

struct json_object *ew_event_to_json(const struct ew_frame *f, const struct ew_event *ev)
{
	struct json_object *o = json_object_new_object();
	char ts[64];
	ew_rfc3339(f->ts_usec, ts);
	ew_json_add_cstr(o, "ts", ts);
	ew_json_add_int(o, "frame", (int64_t)f->number);
	ew_json_add_cstr(o, "event", ew_event_name(ev->type));
	if (f->has_l2) {
		struct json_object *l2 = json_object_new_object();
		ew_json_add_mac(l2, "src", &f->src);
		ew_json_add_mac(l2, "dst", &f->dst);
		ew_json_add(o, "l2", l2);
	}
	if (f->vlan_count) {
		struct json_object *tags = json_object_new_array();
		for (unsigned i = 0; i < f->vlan_count; i++) {
			struct json_object *t = json_object_new_object();
			ew_json_add_int(t, "tpid", f->vlan_tpid[i]);
			ew_json_add_int(t, "id", f->vlan_id[i]);
			ew_json_add_int(t, "pcp", f->vlan_pcp[i]);
			json_object_array_add(tags, t);
		}
		ew_json_add(o, "vlan", tags);
	}
	struct json_object *data = json_object_new_object();
	if ((unsigned)ev->type < EW_EV__COUNT && writers[ev->type])
		writers[ev->type](ev, data);
	ew_json_add(o, "data", data);
	return o;
}
