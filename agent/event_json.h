/* SPDX-License-Identifier: ISC */
/* event_json.h - events as JSON lines (`--events`). Each protocol's file under
 * agent/dissect/ writes its own event's fields (ew_json_<event>), next to the
 * code that reads them. */
#ifndef EGRESSWATCH_EVENT_JSON_H
#define EGRESSWATCH_EVENT_JSON_H

#include <json-c/json.h>

#include "egresswatch/dissect.h"
#include "egresswatch/jsonw.h"

/* The whole line: {"ts":…, "frame":N (1-based), "event":…, "l2":{…}, "vlan":[…], "data":{…}}. */
struct json_object *ew_event_to_json(const struct ew_frame *f, const struct ew_event *ev);

#define EW_JSON_FN(name) void ew_json_##name(const struct ew_event *ev, struct json_object *o)
EW_JSON_FN(arp);
EW_JSON_FN(ipv4);
EW_JSON_FN(ipv6);
EW_JSON_FN(icmp);
EW_JSON_FN(irdp_advert);
EW_JSON_FN(nd_rs);
EW_JSON_FN(nd_ra);
EW_JSON_FN(nd_ns);
EW_JSON_FN(nd_na);
EW_JSON_FN(nd_redirect);
EW_JSON_FN(dhcp4);
EW_JSON_FN(dhcp6);
EW_JSON_FN(pppoe_disc);
EW_JSON_FN(pppoe_sess);
EW_JSON_FN(lldp);
EW_JSON_FN(cdp);
EW_JSON_FN(ssdp);
EW_JSON_FN(mdns);
EW_JSON_FN(rip);
EW_JSON_FN(ripng);
EW_JSON_FN(vrrp);
EW_JSON_FN(hsrp);
EW_JSON_FN(ospf_hello);

#endif
