/* SPDX-License-Identifier: ISC */
/* test_dhcp6.c - DHCPv6 dissector: solicit, advertise and reply with IA_NA
 * and IA_PD, DNS and domain list, vendor options (enterprise 210, NTT),
 * relays up to and past the nesting cap, truncated and length-lying
 * messages. The dissector is called directly on UDP payloads. */
#include "harness.h"

#include <json-c/json.h>
#include <stdio.h>

#include "event_json.h"
#include "udp_frame.h"

/* Calls the entry point on an exact-size copy and returns it: event views
 * point into it until the caller frees it. */
static uint8_t *run_keep(struct harness *h, const uint8_t *bytes, size_t n)
{
	harness_reset(h);
	uint8_t *copy = malloc(n ? n : 1);
	assert_non_null(copy);
	if (n)
		memcpy(copy, bytes, n);
	struct ew_cursor c = ew_cur_make(copy, n);
	ew_dissect_dhcp6(&h->d, &c);
	return copy;
}

static void run(struct harness *h, const uint8_t *bytes, size_t n)
{
	free(run_keep(h, bytes, n));
	for (size_t i = 0; i < h->n; i++) {
		struct ew_ev_dhcp6 *e = &h->ev[i].u.dhcp6;
		if (h->ev[i].type != EW_EV_DHCP6)
			continue;
		e->client_duid.p = e->server_duid.p = NULL;
		for (unsigned k = 0; k < e->vendor_count; k++)
			e->vendors[k].data.p = NULL;
	}
}

static const struct ew_ev_dhcp6 *dhcp6(const struct harness *h)
{
	const struct ew_event *e = harness_first(h, EW_EV_DHCP6);
	assert_non_null(e);
	return &e->u.dhcp6;
}

static const char *malformed_reason(const struct harness *h)
{
	const struct ew_event *e = harness_first(h, EW_EV_MALFORMED);
	return e ? e->u.malformed.reason : NULL;
}

static void assert_ip6_str(const struct ew_ip *ip, const char *want)
{
	char s[EW_IP_STRLEN];
	assert_int_equal(ip->family, EW_AF_INET6);
	ew_ip_str(ip, s);
	assert_string_equal(s, want);
}

static char *to_json(const struct ew_event *ev)
{
	struct json_object *o = json_object_new_object();
	ew_json_dhcp6(ev, o);
	char *s = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	assert_non_null(s);
	return s;
}

static const uint8_t solicit[] = {
	1,                            /* msg type: solicit */
	0x12, 0x34, 0x56,             /* transaction id */
	0, 1, 0, 14,                  /* client id, 14 bytes: */
	0, 1, 0, 1,                   /*   DUID-LLT, hardware type 1 */
	0x1c, 0x39, 0xcf, 0x88,       /*   time */
	0x08, 0x00, 0x27, 0xfe, 0x8f, 0x95, /* link-layer address */
	0, 3, 0, 12,                  /* IA_NA, 12 bytes: */
	0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, /* IAID 1, T1 0, T2 0 */
	0, 14, 0, 0,                  /* rapid commit */
	0, 8, 0, 2, 0, 0,             /* elapsed time 0 */
	0, 6, 0, 4, 0, 23, 0, 24,     /* option request: DNS servers, domain list */
};

static void solicit_decodes(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	uint8_t *copy = run_keep(h, solicit, sizeof solicit);
	assert_int_equal(h->n, 1);
	const struct ew_ev_dhcp6 *e = dhcp6(h);
	assert_int_equal(e->msg_type, 1);
	assert_int_equal(e->xid, 0x123456);
	assert_int_equal(e->relay_hops, 0);
	assert_int_equal(e->client_duid.len, 14);
	assert_int_equal(e->client_duid.p[1], 1);
	assert_int_equal(e->client_duid.p[13], 0x95);
	assert_null(e->server_duid.p);
	assert_int_equal(e->ia_count, 1);
	assert_int_equal(e->ias[0].type, 3);
	assert_int_equal(e->ias[0].iaid, 1);
	assert_int_equal(e->ias[0].addr_count, 0);
	assert_true(e->rapid_commit);
	char *s = to_json(&h->ev[0]);
	assert_non_null(strstr(s, "\"msg_type\":1,\"msg_type_name\":\"solicit\",\"xid\":1193046"));
	assert_non_null(strstr(s, "\"client_duid\":\"000100011c39cf88080027fe8f95\""));
	assert_non_null(strstr(s, "\"ia\":[{\"type\":\"na\",\"iaid\":1,\"t1\":0,\"t2\":0,\"addrs\":[]}]"));
	assert_non_null(strstr(s, "\"rapid_commit\":true"));
	assert_null(strstr(s, "relay_link"));
	free(s);
	free(copy);
	assert_int_equal(h->d.stats.proto[EW_P_DHCP6], 1);
	free(h);
}

static const uint8_t advertise[] = {
	2,                            /* msg type: advertise */
	0x12, 0x34, 0x56,             /* transaction id */
	0, 1, 0, 10,                  /* client id: DUID-LL */
	0, 3, 0, 1, 0x08, 0x00, 0x27, 0xfe, 0x8f, 0x95,
	0, 2, 0, 10,                  /* server id: DUID-LL (type 3), hw 1, MAC */
	0, 3, 0, 1, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
	0, 3, 0, 46,                  /* IA_NA, 46 bytes: */
	0, 0, 0, 1,                   /*   IAID 1 */
	0, 0, 0x0e, 0x10,             /*   T1 3600 */
	0, 0, 0x15, 0x18,             /*   T2 5400 */
	0, 5, 0, 30,                  /*   IA address, 30 bytes: */
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, /* 2001:db8::1 */
	0, 0, 0x1c, 0x20,             /*     preferred 7200 */
	0, 0, 0x2a, 0x30,             /*     valid 10800 */
	0, 13, 0, 2, 0, 0,            /*     status code: success */
	0, 23, 0, 32,                 /* DNS servers (NTT East NGN) */
	0x24, 0x04, 0x01, 0xa8, 0x7f, 0x01, 0x00, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0x03,
	0x24, 0x04, 0x01, 0xa8, 0x7f, 0x01, 0x00, 0x0b, 0, 0, 0, 0, 0, 0, 0, 0x03,
	0, 24, 0, 28,                 /* domain list: */
	10, 'f', 'l', 'e', 't', 's', '-', 'e', 'a', 's', 't', 2, 'j', 'p', 0, /* flets-east.jp */
	7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,            /* example.com */
	0, 7, 0, 1, 255,              /* preference 255 */
};

static void advertise_decodes(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	uint8_t *copy = run_keep(h, advertise, sizeof advertise);
	assert_int_equal(h->n, 1);
	const struct ew_ev_dhcp6 *e = dhcp6(h);
	assert_int_equal(e->msg_type, 2);
	assert_int_equal(e->server_duid.len, 10);
	assert_int_equal(e->server_duid_type, 3);
	assert_int_equal(e->ia_count, 1);
	const struct ew_dhcp6_ia *ia = &e->ias[0];
	assert_int_equal(ia->t1, 3600);
	assert_int_equal(ia->t2, 5400);
	assert_int_equal(ia->addr_count, 1);
	assert_ip6_str(&ia->addrs[0].prefix.addr, "2001:db8::1");
	assert_int_equal(ia->addrs[0].prefix.len, 128);
	assert_int_equal(ia->addrs[0].preferred, 7200);
	assert_int_equal(ia->addrs[0].valid, 10800);
	assert_int_equal(ia->status, 0);
	assert_int_equal(e->dns_count, 2);
	assert_ip6_str(&e->dns[0], "2404:1a8:7f01:a::3");
	assert_ip6_str(&e->dns[1], "2404:1a8:7f01:b::3");
	assert_string_equal(e->domains.s, "flets-east.jp,example.com");
	assert_int_equal(e->dropped, 0);
	char *s = to_json(&h->ev[0]);
	assert_non_null(strstr(s, "\"msg_type_name\":\"advertise\""));
	assert_non_null(strstr(s, "\"server_duid\":\"00030001001122334455\",\"server_duid_type\":3"));
	assert_non_null(strstr(s, "\"addrs\":[{\"addr\":\"2001:db8::1\",\"preferred\":7200,\"valid\":10800}]"));
	assert_non_null(strstr(s, "\"dns\":[\"2404:1a8:7f01:a::3\",\"2404:1a8:7f01:b::3\"]"));
	assert_non_null(strstr(s, "\"domains\":\"flets-east.jp,example.com\""));
	free(s);
	free(copy);
	free(h);
}

static const uint8_t reply_pd[] = {
	7,                            /* msg type: reply */
	0xab, 0xcd, 0xef,             /* transaction id */
	0, 2, 0, 10,                  /* server id: DUID-LL */
	0, 3, 0, 1, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
	0, 25, 0, 41,                 /* IA_PD, 41 bytes: */
	0, 0, 0, 2,                   /*   IAID 2 */
	0, 0, 0x07, 0x08,             /*   T1 1800 */
	0, 0, 0x0b, 0x40,             /*   T2 2880 */
	0, 26, 0, 25,                 /*   IA prefix, 25 bytes: */
	0, 0, 0x0e, 0x10,             /*     preferred 3600 */
	0, 0, 0x1c, 0x20,             /*     valid 7200 */
	60,                           /*     prefix length */
	0x24, 0x08, 0x02, 0x11, 0x12, 0x34, 0x56, 0x70, 0, 0, 0, 0, 0, 0, 0, 0, /* 2408:211:1234:5670:: */
	0, 17, 0, 12,                 /* vendor-specific information: */
	0, 0, 0, 210,                 /*   enterprise 210 (NTT) */
	0, 1, 0, 4, 'N', 'T', 'T', '1', /* vendor sub-option 1 */
	0, 16, 0, 10,                 /* vendor class: */
	0, 0, 0x01, 0x37,             /*   enterprise 311 (Microsoft) */
	0, 4, 'M', 'S', 'F', 'T',     /*   one class datum */
	0, 13, 0, 4, 0, 6, 'o', 'k',  /* status code 6 (NoPrefixAvail), "ok" */
};

static void reply_with_pd_and_vendor(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	uint8_t *copy = run_keep(h, reply_pd, sizeof reply_pd);
	assert_int_equal(h->n, 1);
	const struct ew_ev_dhcp6 *e = dhcp6(h);
	assert_int_equal(e->msg_type, 7);
	assert_int_equal(e->xid, 0xabcdef);
	assert_int_equal(e->ia_count, 1);
	const struct ew_dhcp6_ia *ia = &e->ias[0];
	assert_int_equal(ia->type, 25);
	assert_int_equal(ia->iaid, 2);
	assert_int_equal(ia->t1, 1800);
	assert_int_equal(ia->addr_count, 1);
	assert_int_equal(ia->addrs[0].prefix.len, 60);
	assert_ip6_str(&ia->addrs[0].prefix.addr, "2408:211:1234:5670::");
	assert_int_equal(ia->addrs[0].valid, 7200);
	assert_int_equal(e->vendor_count, 2);
	assert_int_equal(e->vendors[0].option, 17);
	assert_int_equal(e->vendors[0].enterprise, 210);
	assert_int_equal(e->vendors[0].data.len, 8);
	assert_int_equal(e->vendors[0].data.p[4], 'N');
	assert_int_equal(e->vendors[1].option, 16);
	assert_int_equal(e->vendors[1].enterprise, 311);
	assert_int_equal(e->status, 6);
	char *s = to_json(&h->ev[0]);
	assert_non_null(strstr(s, "\"msg_type_name\":\"reply\""));
	assert_non_null(strstr(s, "{\"type\":\"pd\",\"iaid\":2,\"t1\":1800,\"t2\":2880,"
				  "\"prefixes\":[{\"prefix\":\"2408:211:1234:5670::/60\",\"preferred\":3600,\"valid\":7200}]}"));
	assert_non_null(strstr(s, "{\"option\":17,\"enterprise\":210,\"data\":\"000100044e545431\"}"));
	assert_non_null(strstr(s, "\"status\":6"));
	free(s);
	free(copy);
	free(h);
}

/* Status inside an IA address is kept on the IA when the IA has none. */
static void ia_status_and_ta(void **state)
{
	(void)state;
	const uint8_t pkt[] = {
		7, 0, 0, 1,                   /* reply, xid 1 */
		0, 3, 0, 18,                  /* IA_NA, 18 bytes: */
		0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, /* IAID 9, T1, T2 */
		0, 13, 0, 2, 0, 2,            /*   status NoAddrsAvail */
		0, 4, 0, 32,                  /* IA_TA, 32 bytes: */
		0, 0, 0, 7,                   /*   IAID 7 */
		0, 5, 0, 24,                  /*   IA address */
		0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x07,
		0, 0, 0, 1, 0, 0, 0, 2,       /*     preferred 1, valid 2 */
		0, 3, 0, 46,                  /* IA_NA, 46 bytes: */
		0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, /* IAID 8, T1, T2 */
		0, 5, 0, 30,                  /*   IA address */
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08,
		0, 0, 0, 0, 0, 0, 0, 0,       /*     preferred 0, valid 0 */
		0, 13, 0, 2, 0, 3,            /*     status NoBinding, inside the address */
	};
	struct harness *h = harness_new();
	run(h, pkt, sizeof pkt);
	assert_int_equal(h->n, 1);
	const struct ew_ev_dhcp6 *e = dhcp6(h);
	assert_int_equal(e->ia_count, 3);
	assert_int_equal(e->ias[2].status, 3);
	assert_int_equal(e->ias[2].addr_count, 1);
	assert_int_equal(e->ias[0].status, 2);
	assert_int_equal(e->ias[1].type, 4);
	assert_int_equal(e->ias[1].iaid, 7);
	assert_int_equal(e->ias[1].addr_count, 1);
	assert_ip6_str(&e->ias[1].addrs[0].prefix.addr, "fe80::7");
	char *s = to_json(&h->ev[0]);
	assert_non_null(strstr(s, "\"status\":2"));
	assert_non_null(strstr(s, "{\"type\":\"ta\",\"iaid\":7,\"addrs\""));
	free(s);
	free(h);
}

/* relay-forw header (RFC 8415 §9.1) written once; nested by the tests. */
static const uint8_t relay_head[] = {
	12,                           /* msg type: relay-forw */
	0,                            /* hop count */
	0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, /* link 2001:db8:1::1 */
	0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x22,       /* peer fe80::22 */
	0, 18, 0, 4, 'e', 't', 'h', '0', /* interface-id option */
};

/* Wraps `inner` in `depth` relay-forw messages; returns a malloc'd buffer. */
static uint8_t *nest_relays(const uint8_t *inner, size_t inner_len, unsigned depth, size_t *out_len)
{
	size_t len = inner_len;
	uint8_t *buf = malloc(len);
	assert_non_null(buf);
	memcpy(buf, inner, len);
	for (unsigned i = 0; i < depth; i++) {
		size_t nlen = sizeof relay_head + 4 + len;
		uint8_t *nb = malloc(nlen);
		assert_non_null(nb);
		memcpy(nb, relay_head, sizeof relay_head);
		nb[1] = (uint8_t)(depth - 1 - i); /* hop count grows outwards */
		nb[sizeof relay_head] = 0;
		nb[sizeof relay_head + 1] = 9;    /* relay message option */
		nb[sizeof relay_head + 2] = (uint8_t)(len >> 8);
		nb[sizeof relay_head + 3] = (uint8_t)len;
		memcpy(nb + sizeof relay_head + 4, buf, len);
		free(buf);
		buf = nb;
		len = nlen;
	}
	*out_len = len;
	return buf;
}

static void relayed_solicit(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	size_t n;
	uint8_t *pkt = nest_relays(solicit, sizeof solicit, 1, &n);
	run(h, pkt, n);
	assert_int_equal(h->n, 1);
	const struct ew_ev_dhcp6 *e = dhcp6(h);
	assert_int_equal(e->msg_type, 1);
	assert_int_equal(e->xid, 0x123456);
	assert_int_equal(e->relay_hops, 1);
	assert_ip6_str(&e->relay_link, "2001:db8:1::1");
	assert_ip6_str(&e->relay_peer, "fe80::22");
	assert_true(e->rapid_commit);
	char *s = to_json(&h->ev[0]);
	assert_non_null(strstr(s, "\"relay_hops\":1,\"relay_link\":\"2001:db8:1::1\",\"relay_peer\":\"fe80::22\""));
	free(s);
	/* every truncation of the relayed message */
	for (size_t len = 0; len < n; len++) {
		run(h, pkt, len);
		assert_true(h->n >= 1 && h->n <= 2);
		if (len == 34 || len == sizeof relay_head) {
			/* ends after the relay header or the interface id: a relay without its message */
			assert_string_equal(malformed_reason(h), "relay message option missing");
		} else if (len < sizeof relay_head + 4 + 4) {
			/* relay header, relay message option or inner header cut: malformed only */
			assert_int_equal(harness_count(h, EW_EV_DHCP6), 0);
			assert_int_equal(h->n, 1);
		}
	}
	free(pkt);
	free(h);
}

static void relay_nesting_cap(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	size_t n;
	uint8_t *pkt = nest_relays(solicit, sizeof solicit, 8, &n);
	run(h, pkt, n);
	assert_int_equal(h->n, 1);
	assert_int_equal(dhcp6(h)->relay_hops, 8);
	assert_int_equal(dhcp6(h)->msg_type, 1);
	assert_int_equal(dhcp6(h)->client_duid.len, 14);
	free(pkt);

	pkt = nest_relays(solicit, sizeof solicit, 9, &n);
	run(h, pkt, n);
	assert_int_equal(h->n, 1);
	assert_string_equal(malformed_reason(h), "too many relay layers");
	assert_int_equal(h->d.stats.malformed[EW_P_DHCP6], 1);
	free(pkt);

	/* a relay whose only option is the interface id */
	run(h, relay_head, sizeof relay_head);
	assert_int_equal(h->n, 2);
	assert_int_equal(h->ev[0].type, EW_EV_DHCP6);
	assert_int_equal(dhcp6(h)->msg_type, 12);
	assert_int_equal(dhcp6(h)->relay_hops, 1);
	assert_string_equal(malformed_reason(h), "relay message option missing");

	/* a relay message option that claims more than the relay holds */
	pkt = nest_relays(solicit, sizeof solicit, 1, &n);
	pkt[sizeof relay_head + 3] = (uint8_t)(pkt[sizeof relay_head + 3] + 1);
	run(h, pkt, n);
	assert_int_equal(h->n, 1);
	assert_string_equal(malformed_reason(h), "relay option length exceeds packet");
	free(pkt);
	free(h);
}

/* Every truncation of the advertise and the reply: at most one event of
 * each kind, and nothing decoded beyond the bytes given. */
static void every_truncation(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	for (size_t len = 0; len < sizeof advertise; len++) {
		run(h, advertise, len);
		if (len < 4) {
			assert_int_equal(h->n, 1);
			assert_string_equal(malformed_reason(h), "truncated DHCPv6 header");
			continue;
		}
		assert_int_equal(harness_count(h, EW_EV_DHCP6), 1);
		assert_int_equal(h->ev[0].type, EW_EV_DHCP6);
		assert_true(h->n <= 2);
		assert_true(dhcp6(h)->dns_count <= 2);
		assert_true(dhcp6(h)->ia_count <= 1);
	}
	for (size_t len = 0; len < sizeof reply_pd; len++) {
		run(h, reply_pd, len);
		assert_true(h->n >= 1 && h->n <= 2);
		assert_true(harness_count(h, EW_EV_DHCP6) <= 1);
	}
	/* cut in the middle of the DNS option */
	run(h, advertise, 4 + 14 + 14 + 50 + 4 + 20);
	assert_string_equal(malformed_reason(h), "option length exceeds packet");
	assert_int_equal(dhcp6(h)->dns_count, 0);
	assert_int_equal(dhcp6(h)->ia_count, 1);
	/* a dangling half option header */
	run(h, advertise, 4 + 14 + 2);
	assert_string_equal(malformed_reason(h), "truncated option header");
	free(h);
}

/* Nested lengths that lie about their container. */
static void lying_nested_lengths(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	const uint8_t addr_too_long[] = {
		7, 0, 0, 2,                   /* reply */
		0, 3, 0, 40,                  /* IA_NA, 40 bytes: */
		0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 5, 0, 40,                  /*   IA address claiming 40 bytes; 24 left in the IA */
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
		0, 0, 0, 1, 0, 0, 0, 2,
		0, 23, 0, 16,                 /* DNS after the IA still decodes */
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x53,
	};
	run(h, addr_too_long, sizeof addr_too_long);
	assert_int_equal(h->n, 2);
	assert_int_equal(h->ev[0].type, EW_EV_DHCP6);
	assert_int_equal(dhcp6(h)->ia_count, 1);
	assert_int_equal(dhcp6(h)->ias[0].addr_count, 0);
	assert_int_equal(dhcp6(h)->dns_count, 1);
	assert_string_equal(malformed_reason(h), "nested option length exceeds container");

	const uint8_t short_iaaddr[] = {
		7, 0, 0, 2,
		0, 25, 0, 24,                 /* IA_PD, 24 bytes: */
		0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 26, 0, 8,                  /*   IA prefix of only 8 bytes */
		0, 0, 0, 1, 0, 0, 0, 2,
	};
	run(h, short_iaaddr, sizeof short_iaaddr);
	assert_int_equal(dhcp6(h)->ias[0].addr_count, 0);
	assert_string_equal(malformed_reason(h), "short IA prefix option");

	const uint8_t bad_plen[] = {
		7, 0, 0, 2,
		0, 25, 0, 41,                 /* IA_PD */
		0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 26, 0, 25,                 /*   IA prefix */
		0, 0, 0, 1, 0, 0, 0, 2, 129,  /*     prefix length 129 */
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	run(h, bad_plen, sizeof bad_plen);
	assert_int_equal(dhcp6(h)->ias[0].addr_count, 0);
	assert_string_equal(malformed_reason(h), "invalid IA prefix length");

	const uint8_t short_ia[] = {
		7, 0, 0, 2,
		0, 3, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0, /* IA_NA of 8 bytes: no T2 */
	};
	run(h, short_ia, sizeof short_ia);
	assert_int_equal(dhcp6(h)->ia_count, 0);
	assert_string_equal(malformed_reason(h), "short IA option");

	const uint8_t dns20[] = {
		7, 0, 0, 2,
		0, 23, 0, 20,                 /* DNS of 20 bytes */
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x53, 1, 2, 3, 4,
	};
	run(h, dns20, sizeof dns20);
	assert_int_equal(dhcp6(h)->dns_count, 1);
	assert_string_equal(malformed_reason(h), "DNS server list length not a multiple of 16");

	const uint8_t dom_ptr[] = {
		7, 0, 0, 2,
		0, 24, 0, 7,                  /* domain list: */
		3, 'f', 'o', 'o', 0xc0, 0x00, 0, /* "foo" then a compression pointer */
	};
	run(h, dom_ptr, sizeof dom_ptr);
	assert_string_equal(dhcp6(h)->domains.s, "foo");
	assert_string_equal(malformed_reason(h), "compressed or invalid label in domain list");

	const uint8_t dom_cut[] = {
		7, 0, 0, 2,
		0, 24, 0, 5,                  /* domain list: */
		3, 'f', 'o', 'o',             /* foo, no root label (partial, kept) */
		9,                            /* a label that runs past the option */
	};
	run(h, dom_cut, sizeof dom_cut);
	assert_string_equal(malformed_reason(h), "label runs past domain list");

	const uint8_t short_vendor[] = {
		7, 0, 0, 2,
		0, 17, 0, 2, 0, 0,            /* vendor opts without a full enterprise number */
		0, 14, 0, 0,                  /* rapid commit */
	};
	run(h, short_vendor, sizeof short_vendor);
	assert_int_equal(dhcp6(h)->vendor_count, 0);
	assert_true(dhcp6(h)->rapid_commit);
	assert_string_equal(malformed_reason(h), "short vendor option");

	/* every length byte of the advertise set to hostile values */
	uint8_t mut[sizeof advertise];
	static const uint8_t vals[] = { 0, 1, 2, 0x10, 0x7f, 0xff };
	for (size_t pos = 4; pos < sizeof advertise; pos++) {
		for (size_t k = 0; k < sizeof vals; k++) {
			memcpy(mut, advertise, sizeof advertise);
			mut[pos] = vals[k];
			run(h, mut, sizeof mut);
			assert_int_equal(harness_count(h, EW_EV_DHCP6), 1);
			assert_true(h->n <= 2);
		}
	}
	free(h);
}

/* Caps: IAs, addresses, vendors, DNS servers, options. */
static void caps_count_dropped(void **state)
{
	(void)state;
	uint8_t pkt[4 + 6 * 16 + 4 + 10 * 16];
	size_t n = 0;
	const uint8_t head[] = { 7, 0, 0, 3 }; /* reply, xid 3 */
	const uint8_t ia[] = { 0, 3, 0, 12, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0 }; /* empty IA_NA, IAID 5 */
	const uint8_t dns_head[] = { 0, 23, 0, 160 }; /* ten DNS servers follow */
	memcpy(pkt, head, sizeof head);
	n += sizeof head;
	for (int i = 0; i < 6; i++) {
		memcpy(pkt + n, ia, sizeof ia);
		n += sizeof ia;
	}
	memcpy(pkt + n, dns_head, sizeof dns_head);
	n += sizeof dns_head;
	memset(pkt + n, 0x20, 160);
	n += 160;
	assert_int_equal(n, sizeof pkt);
	struct harness *h = harness_new();
	run(h, pkt, n);
	assert_int_equal(h->n, 1);
	assert_int_equal(dhcp6(h)->ia_count, EW_DHCP6_IA_MAX);
	assert_int_equal(dhcp6(h)->dns_count, EW_ADDR_LIST_MAX);
	assert_int_equal(dhcp6(h)->dropped, 2 + 2);

	/* 300 empty options: the walk stops at EW_OPT_LOOP_MAX */
	size_t big = 4 + 300 * 4;
	uint8_t *many = calloc(1, big);
	assert_non_null(many);
	many[0] = 7;
	for (size_t i = 0; i < 300; i++)
		many[4 + 4 * i + 1] = 14;   /* rapid commit, length 0 */
	run(h, many, big);
	assert_int_equal(h->n, 2);
	assert_true(dhcp6(h)->rapid_commit);
	assert_string_equal(malformed_reason(h), "too many options");
	free(many);
	free(h);
}

/* The root name and a last name without its root label (a partial name). */
static void domain_list_edge_names(void **state)
{
	(void)state;
	const uint8_t pkt[] = {
		7, 0, 0, 4,
		0, 24, 0, 8,                  /* domain list: */
		0,                            /* the root name */
		2, 'j', 'p', 0,               /* jp */
		2, 'a', 'b',                  /* ab, no root label */
	};
	struct harness *h = harness_new();
	run(h, pkt, sizeof pkt);
	assert_int_equal(h->n, 1);
	assert_string_equal(dhcp6(h)->domains.s, ".,jp,ab");
	/* a list longer than the string cap is cut and marked */
	uint8_t big[4 + 4 + 80 * 5];     /* 80 names "abN": 319 characters joined */
	memcpy(big, pkt, 4);
	big[4] = 0, big[5] = 24, big[6] = 1, big[7] = 400 - 256; /* option 24, length 400 */
	for (int i = 0; i < 80; i++) {
		uint8_t *p = big + 8 + 5 * i;
		p[0] = 3, p[1] = 'a', p[2] = 'b', p[3] = (uint8_t)('0' + i % 10), p[4] = 0; /* abN. */
	}
	run(h, big, sizeof big);
	assert_int_equal(h->n, 1);
	assert_int_equal(dhcp6(h)->domains.len, EW_LSTR_MAX);
	assert_true(dhcp6(h)->domains.truncated);
	assert_int_equal(strncmp(dhcp6(h)->domains.s, "ab0,ab1,ab2", 11), 0);
	free(h);
}

static void names_of_types(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	const uint8_t info[] = { 11, 0, 0, 1 };     /* information-request */
	run(h, info, sizeof info);
	char *s = to_json(&h->ev[0]);
	assert_non_null(strstr(s, "\"msg_type_name\":\"information-request\""));
	free(s);
	const uint8_t odd[] = { 42, 0, 0, 1 };      /* unassigned */
	run(h, odd, sizeof odd);
	s = to_json(&h->ev[0]);
	assert_non_null(strstr(s, "\"msg_type_name\":\"42\""));
	free(s);
	free(h);
}

/* DHCPv6 only between its ports (RFC 8415 §7.2): client 546 -> 547, server
 * or relay 547 -> 546 and 547 -> 547, and anything to the relay/server
 * groups (§7.1) on 547. 546 or 547 at one end only, or over IPv4, is a
 * host's ephemeral port: no event, nothing malformed. */
static void shape(void **state)
{
	(void)state;
	static const uint8_t noise[] = { 0x0d, 0x01, 0xff, 0x00, 0x07 }; /* relay-reply, cut short */
	struct harness *h = harness_new();
	const struct udp_shape ok[] = {
		{ "fe80::34", "ff02::1:2", 1, 546, 547 },
		{ "fe80::34", "ff02::1:2", 1, 51000, 547 },
		{ "fd20:20::7", "ff05::1:3", 8, 547, 547 },
		{ "fe80::5", "fe80::34", 64, 547, 546 },
		{ "fd20:20::5", "fd20:20::7", 64, 547, 547 },
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		udp_frame_run(h, &ok[i], solicit, sizeof solicit);
		assert_int_equal(harness_count(h, EW_EV_DHCP6), 1);
	}
	const struct udp_shape ordinary[] = {
		{ "fd20:20::5", "fd20:20::34", 64, 547, 51000 },
		{ "fd20:20::34", "fd20:20::5", 64, 51000, 547 },
		{ "fd20:20::34", "fd20:20::5", 64, 546, 53 },
		{ "fd20:20::5", "fd20:20::34", 64, 443, 546 },
		{ "fd20:20::34", "fd20:20::5", 64, 546, 546 },
		{ "10.20.0.5", "10.20.3.4", 64, 547, 546 },     /* DHCPv6 is IPv6 */
	};
	for (size_t i = 0; i < sizeof ordinary / sizeof ordinary[0]; i++) {
		udp_frame_run(h, &ordinary[i], solicit, sizeof solicit);
		udp_frame_assert_ordinary(h);
		udp_frame_run(h, &ordinary[i], noise, sizeof noise);
		udp_frame_assert_ordinary(h);
	}
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(solicit_decodes),
		cmocka_unit_test(advertise_decodes),
		cmocka_unit_test(reply_with_pd_and_vendor),
		cmocka_unit_test(ia_status_and_ta),
		cmocka_unit_test(relayed_solicit),
		cmocka_unit_test(relay_nesting_cap),
		cmocka_unit_test(every_truncation),
		cmocka_unit_test(lying_nested_lengths),
		cmocka_unit_test(caps_count_dropped),
		cmocka_unit_test(domain_list_edge_names),
		cmocka_unit_test(names_of_types),
		cmocka_unit_test(shape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
