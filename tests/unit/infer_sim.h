/* SPDX-License-Identifier: ISC */
/* infer_sim.h - scripted frames and events for the inference core's tests.
 * Header-only; include once per test file (after cmocka.h).
 *
 * Builds `struct ew_frame` and `struct ew_event` by hand, the way the
 * dissectors would (an IP frame first delivers its IPv4/IPv6 event, then the
 * event of what it carries), feeds them to ew_infer_event, and reads the
 * report back. Each frame is 1 ms after the previous one.
 *
 * When EW_INFER_REPORT_DIR is set, sim_dump() writes reports there so
 * tests/infer/run-infer.sh can validate them against the JSON Schema.
 */
#ifndef EGRESSWATCH_INFER_SIM_H
#define EGRESSWATCH_INFER_SIM_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "egresswatch/infer.h"
#include "infer_internal.h"

#define SIM_SHIPPED_RULES "data/fingerprints.conf" /* run-unit.sh runs from the project root */
#define SIM_T0 1700000000000000LL
#define SIM_CB_MAX 4096

struct sim {
	struct ew_infer *inf;
	struct ew_infer_config cfg;
	int64_t ts;
	uint64_t number; /* the last frame's, as the dissector numbers them */
	struct ew_frame f;
	struct ew_event ev;
	/* evidence callback log */
	size_t cb_n;
	struct ew_mac cb_mac[SIM_CB_MAX];
	uint16_t cb_vlan[SIM_CB_MAX];
};

static inline struct ew_mac MAC(const char *s)
{
	struct ew_mac m;
	if (!ew_mac_parse(s, &m))
		fail_msg("bad MAC in test: %s", s);
	return m;
}

static inline struct ew_ip IP(const char *s)
{
	struct ew_ip ip;
	if (!ew_ip_parse(s, &ip))
		fail_msg("bad IP in test: %s", s);
	return ip;
}

static inline struct ew_prefix PFX(const char *s)
{
	struct ew_prefix p;
	if (!ew_prefix_parse(s, &p))
		fail_msg("bad prefix in test: %s", s);
	return p;
}

static inline void sim_cb(void *user, const struct ew_mac *mac, uint16_t vlan)
{
	struct sim *s = user;
	if (s->cb_n < SIM_CB_MAX) {
		s->cb_mac[s->cb_n] = *mac;
		s->cb_vlan[s->cb_n] = vlan;
	}
	s->cb_n++;
}

/* A config to fill before sim_start(). */
static inline struct sim *sim_new(void)
{
	struct sim *s = calloc(1, sizeof *s);
	assert_non_null(s);
	s->ts = SIM_T0;
	s->cfg.evidence_cb = sim_cb;
	s->cfg.evidence_user = s;
	return s;
}

/* The rules the agent ships (ew_fp_free them); the test fails when they do not load. */
static inline struct ew_fp_db *sim_shipped_rules(void)
{
	char err[512];
	struct ew_fp_db *db = ew_fp_load(SIM_SHIPPED_RULES, err, sizeof err);
	if (!db)
		fail_msg("%s", err);
	return db;
}

static inline void sim_subnet(struct sim *s, const char *p)
{
	s->cfg.subnets[s->cfg.subnet_count++] = PFX(p);
}

static inline void sim_declare(struct sim *s, const char *mac_or_ip)
{
	struct ew_declared d = { 0 };
	if (ew_mac_parse(mac_or_ip, &d.mac))
		d.is_mac = true;
	else
		d.ip = IP(mac_or_ip);
	s->cfg.declared[s->cfg.declared_count++] = d;
}

static inline void sim_start(struct sim *s)
{
	s->inf = ew_infer_new(&s->cfg);
	assert_non_null(s->inf);
}

static inline void sim_free(struct sim *s)
{
	ew_infer_free(s->inf);
	free(s);
}

/* ---- frames ---------------------------------------------------------------------- */

static inline void sim_frame(struct sim *s, const char *src, const char *dst, uint16_t vlan)
{
	memset(&s->f, 0, sizeof s->f);
	s->ts += 1000;
	s->f.ts_usec = s->ts;
	s->f.number = ++s->number;
	s->f.caplen = s->f.wirelen = 100;
	s->f.has_l2 = true;
	s->f.src = MAC(src);
	s->f.dst = MAC(dst);
	if (vlan) {
		s->f.vlan_count = 1;
		s->f.vlan_tpid[0] = 0x8100;
		s->f.vlan_id[0] = vlan;
	}
}

static inline struct ew_event *sim_ev(struct sim *s, enum ew_event_type t)
{
	memset(&s->ev, 0, sizeof s->ev);
	s->ev.type = t;
	return &s->ev;
}

static inline void sim_feed(struct sim *s)
{
	ew_infer_event(s->inf, &s->f, &s->ev);
}

/* The IP header event of the current frame (after sim_frame). */
static inline void sim_iphdr(struct sim *s, const char *sip, const char *dip, uint8_t ttl, uint8_t proto)
{
	struct ew_ip a = IP(sip), b = IP(dip);
	s->f.ip_version = a.family;
	s->f.ip_src = a;
	s->f.ip_dst = b;
	s->f.ttl = ttl;
	s->f.l4_proto = proto;
	struct ew_event *ev = sim_ev(s, a.family == EW_AF_INET ? EW_EV_IPV4 : EW_EV_IPV6);
	if (a.family == EW_AF_INET) {
		ev->u.ipv4.src = a;
		ev->u.ipv4.dst = b;
		ev->u.ipv4.ttl = ttl;
		ev->u.ipv4.proto = proto;
	} else {
		ev->u.ipv6.src = a;
		ev->u.ipv6.dst = b;
		ev->u.ipv6.hop_limit = ttl;
		ev->u.ipv6.next_header = proto;
	}
	sim_feed(s);
}

/* One IP frame (TCP by default) from MAC src to MAC dst. */
static inline void sim_ip(struct sim *s, const char *src, const char *dst, uint16_t vlan, const char *sip,
			  const char *dip, uint8_t ttl)
{
	sim_frame(s, src, dst, vlan);
	sim_iphdr(s, sip, dip, ttl, 6);
}

/* ARP request (broadcast) or reply claiming sip for src. */
static inline void sim_arp(struct sim *s, const char *src, uint16_t vlan, const char *sip, const char *tip)
{
	sim_frame(s, src, "ff:ff:ff:ff:ff:ff", vlan);
	s->f.ethertype = 0x0806;
	struct ew_event *ev = sim_ev(s, EW_EV_ARP);
	ev->u.arp.op = 1;
	ev->u.arp.htype = 1;
	ev->u.arp.ptype = 0x0800;
	ev->u.arp.sha = MAC(src);
	ev->u.arp.spa = IP(sip);
	ev->u.arp.tpa = IP(tip);
	sim_feed(s);
}

/* DHCPv4 reply (OFFER 2 / ACK 5) from a server; mask/router/dns may be NULL. */
/* An IP frame from src to dst (MACs) carrying sip -> dip with ttl and
 * proto, and the event of type t it delivers, to fill in and sim_feed. */
static inline struct ew_event *sim_ip_event(struct sim *s, const char *src, const char *dst, uint16_t vlan,
					    const char *sip, const char *dip, uint8_t ttl, uint8_t proto,
					    enum ew_event_type t)
{
	sim_frame(s, src, dst, vlan);
	sim_iphdr(s, sip, dip, ttl, proto);
	return sim_ev(s, t);
}

/* A DHCP reply (op 2, Ethernet, msg_type, yiaddr for chaddr) in a frame
 * from frame_src to frame_dst carrying IP ip_src -> ip_dst with ttl, no
 * server id yet: for replies that are not a server's straight to its
 * client (relayed, routed, sent to a relay). Fill in the rest, sim_feed. */
static inline struct ew_ev_dhcp4 *sim_dhcp_reply_framed(struct sim *s, const char *frame_src, const char *frame_dst,
							uint16_t vlan, const char *ip_src, const char *ip_dst,
							uint8_t ttl, uint8_t msg_type, const char *yiaddr,
							const char *chaddr)
{
	struct ew_ev_dhcp4 *d =
		&sim_ip_event(s, frame_src, frame_dst, vlan, ip_src, ip_dst, ttl, 17, EW_EV_DHCP4)->u.dhcp4;
	d->op = 2;
	d->htype = 1;
	d->hlen = 6;
	d->msg_type = msg_type;
	d->yiaddr = IP(yiaddr);
	d->chaddr = MAC(chaddr);
	return d;
}

static inline struct ew_ev_dhcp4 *sim_dhcp_reply_begin(struct sim *s, const char *server_mac, const char *server_ip,
						       const char *client_mac, uint16_t vlan, uint8_t msg_type,
						       const char *yiaddr)
{
	struct ew_ev_dhcp4 *d =
		sim_dhcp_reply_framed(s, server_mac, client_mac, vlan, server_ip, yiaddr, 64, msg_type, yiaddr, client_mac);
	d->has_server_id = true;
	d->server_id = IP(server_ip);
	return d;
}

static inline void sim_dhcp_reply(struct sim *s, const char *server_mac, const char *server_ip, const char *client_mac,
				  uint16_t vlan, uint8_t msg_type, const char *yiaddr, const char *mask, const char *router)
{
	struct ew_ev_dhcp4 *d = sim_dhcp_reply_begin(s, server_mac, server_ip, client_mac, vlan, msg_type, yiaddr);
	if (mask) {
		d->has_mask = true;
		d->mask = IP(mask);
	}
	if (router) {
		d->router_count = 1;
		d->routers[0] = IP(router);
	}
	sim_feed(s);
}

/* DHCPDISCOVER (1) / DHCPREQUEST (3) from a client, 0.0.0.0 -> broadcast. */
static inline void sim_dhcp_request(struct sim *s, const char *client_mac, uint16_t vlan, uint8_t msg_type,
				    const char *hostname)
{
	sim_frame(s, client_mac, "ff:ff:ff:ff:ff:ff", vlan);
	sim_iphdr(s, "0.0.0.0", "255.255.255.255", 64, 17);
	struct ew_event *ev = sim_ev(s, EW_EV_DHCP4);
	struct ew_ev_dhcp4 *d = &ev->u.dhcp4;
	d->op = 1;
	d->htype = 1;
	d->hlen = 6;
	d->msg_type = msg_type;
	d->chaddr = MAC(client_mac);
	if (hostname)
		ew_str_set(&d->hostname, (const uint8_t *)hostname, strlen(hostname));
	sim_feed(s);
}

/* Neighbor Solicitation for target from src (sip "::" = DAD). */
static inline void sim_ns(struct sim *s, const char *src, uint16_t vlan, const char *sip, const char *target)
{
	sim_frame(s, src, "33:33:ff:00:00:01", vlan);
	sim_iphdr(s, sip, "ff02::1:ff00:1", 255, 58);
	struct ew_event *ev = sim_ev(s, EW_EV_ND_NS);
	ev->u.ns.target = IP(target);
	if (strcmp(sip, "::") != 0) {
		ev->u.ns.has_src_lladdr = true;
		ev->u.ns.src_lladdr = MAC(src);
	}
	sim_feed(s);
}

/* An ICMP host redirect (type 5, code 1) from router src to host dst: the
 * better first hop to inner_dst (for inner_src's packet) is gateway. */
static inline void sim_icmp_redirect(struct sim *s, const char *src, const char *dst, const char *sip,
				     const char *dip, const char *gateway, const char *inner_src, const char *inner_dst)
{
	sim_frame(s, src, dst, 0);
	sim_iphdr(s, sip, dip, 64, 1);
	struct ew_event *ev = sim_ev(s, EW_EV_ICMP);
	ev->u.icmp.type = 5;
	ev->u.icmp.code = 1;
	ev->u.icmp.gateway = IP(gateway);
	ev->u.icmp.has_inner = true;
	ev->u.icmp.inner_src = IP(inner_src);
	ev->u.icmp.inner_dst = IP(inner_dst);
	sim_feed(s);
}

/* ---- reading the report ----------------------------------------------------------- */

static inline struct ew_report_meta sim_meta(void)
{
	struct ew_report_meta m = {
		.agent_id = "test-agent",
		.site = "H0001",
		.segment = "EMR core",
		.interface = "eth1",
		.version = "test",
		.source = "file",
		.window_start_usec = SIM_T0,
		.window_end_usec = SIM_T0 + 900000000LL,
		.packets = 1,
		.bytes = 100,
	};
	return m;
}

static inline struct json_object *sim_report(struct sim *s)
{
	struct ew_report_meta m = sim_meta();
	struct json_object *r = ew_infer_report(s->inf, &m);
	assert_non_null(r);
	return r;
}

static inline void sim_dump(struct json_object *rep, const char *name)
{
	const char *dir = getenv("EW_INFER_REPORT_DIR");
	if (!dir || !*dir)
		return;
	char path[512];
	snprintf(path, sizeof path, "%s/%s.json", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(json_object_to_json_string_ext(rep, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE), f);
	fputc('\n', f);
	fclose(f);
}

static inline struct json_object *jget(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;
	if (!o || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

static inline const char *jstr(struct json_object *o, const char *key)
{
	struct json_object *v = jget(o, key);
	return v ? json_object_get_string(v) : NULL;
}

static inline int64_t jint(struct json_object *o, const char *key)
{
	struct json_object *v = jget(o, key);
	if (!v)
		fail_msg("missing key %s", key);
	return json_object_get_int64(v);
}

/* The candidate for (mac, vlan) or NULL. */
static inline struct json_object *sim_cand(struct json_object *rep, const char *mac, uint16_t vlan)
{
	struct json_object *arr = jget(rep, "candidates");
	assert_non_null(arr);
	char want[EW_MAC_STRLEN];
	struct ew_mac m = MAC(mac);
	ew_mac_str(&m, want);
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		struct json_object *c = json_object_array_get_idx(arr, i);
		struct json_object *v = jget(c, "vlan");
		uint16_t cv = v ? (uint16_t)json_object_get_int(v) : 0;
		if (strcmp(jstr(c, "mac"), want) == 0 && cv == vlan)
			return c;
	}
	return NULL;
}

/* Unlisted (not declared) candidates in the report. */
static inline size_t sim_unlisted(struct json_object *rep)
{
	struct json_object *arr = jget(rep, "candidates");
	size_t n = 0;
	for (size_t i = 0; i < json_object_array_length(arr); i++)
		n += !json_object_get_boolean(jget(json_object_array_get_idx(arr, i), "declared"));
	return n;
}

/* The evidence item of a kind in a candidate, or NULL. */
static inline struct json_object *sim_evidence(struct json_object *cand, const char *kind)
{
	struct json_object *arr = jget(cand, "evidence");
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *e = json_object_array_get_idx(arr, i);
		if (strcmp(jstr(e, "kind"), kind) == 0)
			return e;
	}
	return NULL;
}

static inline struct json_object *sim_detail(struct json_object *cand, const char *kind)
{
	struct json_object *e = sim_evidence(cand, kind);
	if (!e)
		fail_msg("no %s evidence", kind);
	return jget(e, "detail");
}

/* Does a JSON array of strings hold s? */
static inline bool jarr_has(struct json_object *arr, const char *s)
{
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++)
		if (strcmp(json_object_get_string(json_object_array_get_idx(arr, i)), s) == 0)
			return true;
	return false;
}

/* Report-time roles of a device (white box: the roles array's names come
 * from the classifier module). */
static inline uint32_t sim_roles(struct sim *s, const char *mac, uint16_t vlan)
{
	struct ew_mac m = MAC(mac);
	uint32_t i = ew_dev_find(&s->inf->t, &m, vlan);
	if (i == EW_NONE)
		return 0;
	struct dev_view v;
	ew_dev_view(s->inf, ew_dev(&s->inf->t, i), &v);
	return v.roles;
}

static inline bool sim_has_subnet(struct json_object *rep, const char *prefix, const char *from)
{
	struct json_object *arr = jget(rep, "subnets");
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		if (strcmp(jstr(o, "prefix"), prefix) == 0 && (!from || strcmp(jstr(o, "from"), from) == 0))
			return true;
	}
	return false;
}

static inline size_t sim_cb_count(const struct sim *s, const char *mac)
{
	struct ew_mac m = MAC(mac);
	size_t n = 0;
	for (size_t i = 0; i < s->cb_n && i < SIM_CB_MAX; i++)
		n += ew_mac_eq(&s->cb_mac[i], &m);
	return n;
}

#endif
