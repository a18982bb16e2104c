/* SPDX-License-Identifier: ISC */
/* test_mdns.c - mDNS (DNS message) through its entry point: records kept,
 * name decompression, and hostile names (pointer loops, forward pointers,
 * long chains, over-long names), lying lengths and counts, caps. */
#include "harness.h"
#include "harness_direct.h"

#include "event_json.h"
#include "udp_frame.h"

/* A response announcing a printer. Offsets in the comments count from the
 * start of the DNS message (compression pointers use them). */
static const uint8_t response[] = {
	0x00, 0x00,                         /* 0: id */
	0x84, 0x00,                         /* 2: flags: response, authoritative */
	0x00, 0x00,                         /* 4: qdcount 0 */
	0x00, 0x03,                         /* 6: ancount 3 */
	0x00, 0x00,                         /* 8: nscount 0 */
	0x00, 0x02,                         /* 10: arcount 2 */
	/* answer 1 at 12: _http._tcp.local PTR printer._http._tcp.local */
	0x05, '_', 'h', 't', 't', 'p',      /* 12 */
	0x04, '_', 't', 'c', 'p',           /* 18 */
	0x05, 'l', 'o', 'c', 'a', 'l',      /* 23: "local" */
	0x00,                               /* 29 */
	0x00, 0x0c, 0x00, 0x01,             /* 30: type PTR, class IN */
	0x00, 0x00, 0x11, 0x94,             /* 34: TTL 4500 */
	0x00, 0x0a,                         /* 38: rdlength 10 */
	0x07, 'p', 'r', 'i', 'n', 't', 'e', 'r', /* 40: "printer" */
	0xc0, 0x0c,                         /* 48: -> 12 */
	/* answer 2 at 50: printer._http._tcp.local SRV 0 0 631 prn.local */
	0xc0, 0x28,                         /* 50: -> 40 */
	0x00, 0x21, 0x80, 0x01,             /* 52: type SRV, class IN + cache flush */
	0x00, 0x00, 0x00, 0x78,             /* 56: TTL 120 */
	0x00, 0x0c,                         /* 60: rdlength 12 */
	0x00, 0x00, 0x00, 0x00,             /* 62: priority 0, weight 0 */
	0x02, 0x77,                         /* 66: port 631 */
	0x03, 'p', 'r', 'n',                /* 68: "prn" */
	0xc0, 0x17,                         /* 72: -> 23 "local" */
	/* answer 3 at 74: printer._http._tcp.local TXT (skipped content) */
	0xc0, 0x28,                         /* 74 */
	0x00, 0x10, 0x80, 0x01,             /* type TXT */
	0x00, 0x00, 0x11, 0x94,
	0x00, 0x01, 0x00,                   /* rdlength 1, empty string */
	/* additional 1 at 87: prn.local A 192.168.1.50 */
	0xc0, 0x44,                         /* 87: -> 68 */
	0x00, 0x01, 0x80, 0x01,             /* type A */
	0x00, 0x00, 0x00, 0x78,
	0x00, 0x04, 0xc0, 0xa8, 0x01, 0x32,
	/* additional 2: prn.local AAAA fe80::1 */
	0xc0, 0x44,
	0x00, 0x1c, 0x80, 0x01,             /* type AAAA */
	0x00, 0x00, 0x00, 0x78,
	0x00, 0x10, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
};

static const struct ew_ev_mdns *only_mdns(const struct harness *h)
{
	assert_int_equal(harness_count(h, EW_EV_MDNS), 1);
	return &harness_first(h, EW_EV_MDNS)->u.mdns;
}

static const char *reason(const struct harness *h)
{
	for (size_t i = 0; i < h->n; i++)
		if (h->ev[i].type == EW_EV_MALFORMED)
			return h->ev[i].u.malformed.reason;
	return "";
}

static void decodes_response(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_mdns, response, sizeof response);
	assert_int_equal(harness_malformed(h, EW_P_MDNS), 0);
	const struct ew_ev_mdns *m = only_mdns(h);
	assert_true(m->response);
	assert_int_equal(m->ancount, 3);
	assert_int_equal(m->arcount, 2);
	assert_int_equal(m->rr_count, 5);
	assert_int_equal(m->dropped, 0);
	assert_string_equal(m->rrs[0].name.s, "_http._tcp.local");
	assert_int_equal(m->rrs[0].type, 12);
	assert_int_equal(m->rrs[0].ttl, 4500);
	assert_string_equal(m->rrs[0].target.s, "printer._http._tcp.local");
	assert_string_equal(m->rrs[1].name.s, "printer._http._tcp.local");
	assert_int_equal(m->rrs[1].type, 33);
	assert_int_equal(m->rrs[1].rclass, 1); /* cache-flush bit masked */
	assert_int_equal(m->rrs[1].port, 631);
	assert_string_equal(m->rrs[1].target.s, "prn.local");
	assert_int_equal(m->rrs[2].type, 16);
	assert_string_equal(m->rrs[3].name.s, "prn.local");
	char s[EW_IP_STRLEN];
	ew_ip_str(&m->rrs[3].addr, s);
	assert_string_equal(s, "192.168.1.50");
	ew_ip_str(&m->rrs[4].addr, s);
	assert_string_equal(s, "fe80::1");
	free(h);
}

static void json_fields(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_mdns, response, sizeof response);
	struct json_object *o = ew_event_to_json(&h->frame[0], harness_first(h, EW_EV_MDNS)), *data, *rrs, *v;
	assert_true(json_object_object_get_ex(o, "data", &data));
	assert_true(json_object_object_get_ex(data, "rrs", &rrs));
	assert_int_equal(json_object_array_length(rrs), 5);
	struct json_object *srv = json_object_array_get_idx(rrs, 1);
	assert_true(json_object_object_get_ex(srv, "type_name", &v));
	assert_string_equal(json_object_get_string(v), "SRV");
	assert_true(json_object_object_get_ex(srv, "port", &v));
	assert_int_equal(json_object_get_int(v), 631);
	assert_true(json_object_object_get_ex(srv, "target", &v));
	assert_string_equal(json_object_get_string(v), "prn.local");
	struct json_object *a = json_object_array_get_idx(rrs, 3);
	assert_true(json_object_object_get_ex(a, "addr", &v));
	assert_string_equal(json_object_get_string(v), "192.168.1.50");
	assert_false(json_object_object_get_ex(a, "port", &v));
	json_object_put(o);
	free(h);
}

/* A query: questions and authority records are walked, not kept; the
 * additional record after them is. */
static void query_sections(void **state)
{
	(void)state;
	const uint8_t q[] = {
		0x00, 0x00, 0x00, 0x00,             /* id, flags: query */
		0x00, 0x01, 0x00, 0x00,             /* 1 question, 0 answers */
		0x00, 0x01, 0x00, 0x01,             /* 1 authority, 1 additional */
		0x03, 'p', 'c', '1', 0x05, 'l', 'o', 'c', 'a', 'l', 0x00, /* 12: pc1.local */
		0x00, 0xff, 0x80, 0x01,             /* ANY, QU bit */
		0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, /* authority: pc1.local A (probe) */
		0x00, 0x00, 0x00, 0x78, 0x00, 0x04, 0x0a, 0x00, 0x00, 0x07,
		0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, /* additional: pc1.local A 10.0.0.8 */
		0x00, 0x00, 0x00, 0x78, 0x00, 0x04, 0x0a, 0x00, 0x00, 0x08,
	};
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_mdns, q, sizeof q);
	assert_int_equal(harness_malformed(h, EW_P_MDNS), 0);
	const struct ew_ev_mdns *m = only_mdns(h);
	assert_false(m->response);
	assert_int_equal(m->rr_count, 1);
	assert_string_equal(m->rrs[0].name.s, "pc1.local");
	char s[EW_IP_STRLEN];
	ew_ip_str(&m->rrs[0].addr, s);
	assert_string_equal(s, "10.0.0.8");
	free(h);
}

static void every_truncation_is_safe(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_call_truncations(h, ew_dissect_mdns, response, sizeof response);
	/* cut inside the SRV record: PTR kept, then malformed */
	harness_reset(h);
	harness_call(h, ew_dissect_mdns, response, 70);
	const struct ew_ev_mdns *m = only_mdns(h);
	assert_int_equal(m->rr_count, 1);
	assert_int_equal(harness_malformed(h, EW_P_MDNS), 1);
	harness_reset(h);
	harness_call(h, ew_dissect_mdns, response, 11);
	assert_int_equal(harness_count(h, EW_EV_MDNS), 0);
	assert_string_equal(reason(h), "truncated DNS header");
	free(h);
}

/* A name that is a pointer to itself; a pointer to a later offset; two
 * names pointing at each other. All rejected, none loops. */
static void pointer_loops_rejected(void **state)
{
	(void)state;
	const uint8_t self[] = {
		0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0,
		0xc0, 0x0c,                         /* 12: -> 12 */
		0x00, 0x01, 0x00, 0x01, 0, 0, 0, 0x78, 0x00, 0x04, 10, 0, 0, 1,
	};
	const uint8_t forward[] = {
		0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0,
		0xc0, 0x0e,                         /* 12: -> 14 */
		0x01, 'a', 0x00,
		0x00, 0x01, 0x00, 0x01, 0, 0, 0, 0x78, 0x00, 0x04, 10, 0, 0, 1,
	};
	const uint8_t mutual[] = {
		0, 0, 0x84, 0, 0, 0, 0, 2, 0, 0, 0, 0,
		/* record 1 at 12: name "a" then -> 28 (inside record 2's name) */
		0x01, 'a', 0xc0, 0x1c,
		0x00, 0x01, 0x00, 0x01, 0, 0, 0, 0x78, 0x00, 0x00,
		/* record 2 at 26: name "b" -> 12 */
		0x01, 'b', 0xc0, 0x0c,
		0x00, 0x01, 0x00, 0x01, 0, 0, 0, 0x78, 0x00, 0x00,
	};
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_mdns, self, sizeof self);
	assert_int_equal(only_mdns(h)->rr_count, 0);
	assert_string_equal(reason(h), "DNS name pointer does not point backwards");
	harness_reset(h);
	harness_call(h, ew_dissect_mdns, forward, sizeof forward);
	assert_string_equal(reason(h), "DNS name pointer does not point backwards");
	harness_reset(h);
	harness_call(h, ew_dissect_mdns, mutual, sizeof mutual);
	assert_int_equal(only_mdns(h)->rr_count, 0);
	assert_int_equal(harness_malformed(h, EW_P_MDNS), 1);
	free(h);
}

/* A TXT record holds a chain of 100 pointers, each to the one before; a
 * record named by the last one would take 100 jumps. */
static void pointer_chain_capped(void **state)
{
	(void)state;
	uint8_t msg[12 + 3 + 10 + 200 + 12 + 4];
	size_t o = 0;
	const uint8_t hdr[] = { 0, 0, 0x84, 0, 0, 0, 0, 2, 0, 0, 0, 0 };
	memcpy(msg, hdr, sizeof hdr);
	o = sizeof hdr;
	const uint8_t r1[] = { 0x01, 'a', 0x00, 0x00, 0x10, 0x00, 0x01, 0, 0, 0, 0x78, 0x00, 200 };
	memcpy(msg + o, r1, sizeof r1); /* "a" TXT, rdlength 200 */
	o += sizeof r1;
	size_t chain = o; /* 25 */
	for (size_t i = 0; i < 100; i++) {
		size_t prev = i == 0 ? 12 : chain + 2 * (i - 1);
		msg[o++] = (uint8_t)(0xc0 | (prev >> 8));
		msg[o++] = (uint8_t)prev;
	}
	size_t last = chain + 2 * 99;
	msg[o++] = (uint8_t)(0xc0 | (last >> 8)); /* record 2: -> end of chain */
	msg[o++] = (uint8_t)last;
	const uint8_t r2[] = { 0x00, 0x01, 0x00, 0x01, 0, 0, 0, 0x78, 0x00, 0x04, 10, 0, 0, 1 };
	memcpy(msg + o, r2, sizeof r2);
	o += sizeof r2;
	assert_true(o <= sizeof msg);
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_mdns, msg, o);
	const struct ew_ev_mdns *m = only_mdns(h);
	assert_int_equal(m->rr_count, 1); /* the TXT record */
	assert_string_equal(reason(h), "too many DNS name pointers");
	free(h);
}

/* Five 63-byte labels: 320 bytes on the wire, over the 255 limit. */
static void name_too_long(void **state)
{
	(void)state;
	uint8_t msg[12 + 5 * 64 + 1 + 10];
	memset(msg, 'x', sizeof msg);
	const uint8_t hdr[] = { 0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0 };
	memcpy(msg, hdr, sizeof hdr);
	for (size_t i = 0; i < 5; i++)
		msg[12 + 64 * i] = 63;
	msg[12 + 5 * 64] = 0;
	const uint8_t tail[] = { 0x00, 0x10, 0x00, 0x01, 0, 0, 0, 0x78, 0x00, 0x00 };
	memcpy(msg + 12 + 5 * 64 + 1, tail, sizeof tail);
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_mdns, msg, sizeof msg);
	assert_string_equal(reason(h), "DNS name longer than 255 bytes");
	free(h);
}

static void extended_label_rejected(void **state)
{
	(void)state;
	const uint8_t msg[] = {
		0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0,
		0x41, 0x00,                         /* label type 0x40 */
		0x00, 0x01, 0x00, 0x01, 0, 0, 0, 0x78, 0x00, 0x04, 10, 0, 0, 1,
	};
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_mdns, msg, sizeof msg);
	assert_string_equal(reason(h), "unsupported DNS label type");
	free(h);
}

static void rdlength_lies(void **state)
{
	(void)state;
	const uint8_t beyond[] = {
		0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0,
		0x01, 'a', 0x00,
		0x00, 0x01, 0x00, 0x01, 0, 0, 0, 0x78,
		0x01, 0x00,                         /* rdlength 256: beyond the message */
		10, 0, 0, 1,
	};
	const uint8_t short_a[] = {
		0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0,
		0x01, 'a', 0x00,
		0x00, 0x01, 0x00, 0x01, 0, 0, 0, 0x78,
		0x00, 0x03, 10, 0, 0,               /* A with rdlength 3 */
	};
	/* a PTR whose target name runs past its rdlength */
	const uint8_t ptr_over[] = {
		0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0,
		0x01, 'a', 0x00,
		0x00, 0x0c, 0x00, 0x01, 0, 0, 0, 0x78,
		0x00, 0x02,                         /* rdlength 2 */
		0x05, 'h', 'o', 's', 't', 'x', 0x00,
	};
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_mdns, beyond, sizeof beyond);
	assert_string_equal(reason(h), "DNS record longer than the message");
	harness_reset(h);
	harness_call(h, ew_dissect_mdns, short_a, sizeof short_a);
	assert_string_equal(reason(h), "bad DNS A record length");
	assert_int_equal(only_mdns(h)->rr_count, 0);
	harness_reset(h);
	harness_call(h, ew_dissect_mdns, ptr_over, sizeof ptr_over);
	assert_string_equal(reason(h), "truncated DNS label");
	free(h);
}

static void counts_lie(void **state)
{
	(void)state;
	const uint8_t msg[] = {
		0, 0, 0x84, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* 3 x 65535 records */
		0x01, 'a', 0x00, 0x00, 0x01, 0x00, 0x01, 0, 0, 0, 0x78, 0x00, 0x04, 10, 0, 0, 1,
	};
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_mdns, msg, sizeof msg);
	const struct ew_ev_mdns *m = only_mdns(h);
	assert_int_equal(m->ancount, 65535);
	assert_int_equal(m->rr_count, 1);
	assert_int_equal(harness_malformed(h, EW_P_MDNS), 1);
	free(h);
}

/* 20 A records: 16 kept, 4 counted as dropped. */
static void records_capped(void **state)
{
	(void)state;
	const uint8_t hdr[] = { 0, 0, 0x84, 0, 0, 0, 0, 20, 0, 0, 0, 0 }; /* 20 answers */
	uint8_t big[12 + 20 * 17];
	memcpy(big, hdr, sizeof hdr);
	for (uint8_t i = 0; i < 20; i++) {
		/* "a".."t" A 10.0.0.(i+1) */
		const uint8_t rr[] = { 0x01, (uint8_t)('a' + i), 0x00, 0x00, 0x01, 0x00, 0x01, 0, 0, 0, 0x78,
				       0x00, 0x04, 10, 0, 0, (uint8_t)(i + 1) };
		memcpy(big + 12 + 17 * (size_t)i, rr, sizeof rr);
	}
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_mdns, big, sizeof big);
	assert_int_equal(harness_malformed(h, EW_P_MDNS), 0);
	const struct ew_ev_mdns *m = only_mdns(h);
	assert_int_equal(m->rr_count, EW_MDNS_RR_MAX);
	assert_int_equal(m->dropped, 4);
	assert_string_equal(m->rrs[15].name.s, "p");
	free(h);
}

/* 300 root-name questions: the walk stops at EW_OPT_LOOP_MAX. */
static void walk_capped(void **state)
{
	(void)state;
	uint8_t msg[12 + 300 * 5];
	memset(msg, 0, sizeof msg);
	msg[4] = 0x01; /* qdcount 300 */
	msg[5] = 0x2c;
	struct harness *h = harness_new();
	harness_call(h, ew_dissect_mdns, msg, sizeof msg);
	assert_int_equal(harness_count(h, EW_EV_MDNS), 1);
	assert_string_equal(reason(h), "too many DNS records");
	free(h);
}

/* mDNS only in its shape (RFC 6762 §5, §6): to 224.0.0.251 / ff02::fb port
 * 5353 from any port, or between two 5353 ports (unicast replies and direct
 * unicast queries, §5.4, §5.5). A host whose ephemeral port is 5353 (a DNS
 * query to its resolver, DNSCrypt on 5353, random bytes) is ordinary: no
 * event, nothing malformed. Legacy unicast answers (§6.7) are not read. */
static void shape(void **state)
{
	(void)state;
	static const uint8_t dns_query[] = {
		0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x03, 'w', 'w', 'w', 0x07, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0x03, 'c', 'o', 'm', 0x00,
		0x00, 0x01, 0x00, 0x01,
	};
	static const uint8_t noise[] = { 0x9e, 0x01, 0x55, 0xc3, 0xff, 0x10, 0x80, 0x08, 0x00, 0x2a, 0xc0, 0xff, 0xee, 0x07 };
	struct harness *h = harness_new();
	const struct udp_shape ok[] = {
		{ "10.20.0.30", "224.0.0.251", 255, 5353, 5353 },
		{ "fe80::30", "ff02::fb", 255, 5353, 5353 },
		{ "10.20.3.4", "224.0.0.251", 255, 51000, 5353 },   /* one-shot query, §5.1 */
		{ "10.20.0.30", "10.20.3.4", 255, 5353, 5353 },     /* unicast reply, §5.4 */
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		udp_frame_run(h, &ok[i], response, sizeof response);
		assert_int_equal(harness_count(h, EW_EV_MDNS), 1);
		assert_int_equal(h->d.stats.malformed[EW_P_MDNS], 0);
	}
	const struct udp_shape ordinary[] = {
		{ "10.20.3.4", "10.20.0.5", 128, 5353, 53 },        /* query to the resolver from 5353 */
		{ "10.20.0.5", "10.20.3.4", 64, 53, 5353 },         /* its answer */
		{ "127.0.0.2", "127.0.0.1", 64, 5353, 50893 },      /* DNSCrypt proxy on 5353 */
		{ "127.0.0.1", "127.0.0.2", 64, 50893, 5353 },
		{ "10.20.0.30", "224.0.0.251", 255, 5353, 51000 },  /* the group, not the port */
		{ "10.20.0.30", "224.0.0.252", 255, 5353, 5353 },   /* LLMNR's group */
		{ "fd20:20::34", "fd20:20::5", 64, 5353, 443 },
	};
	for (size_t i = 0; i < sizeof ordinary / sizeof ordinary[0]; i++) {
		udp_frame_run(h, &ordinary[i], dns_query, sizeof dns_query);
		udp_frame_assert_ordinary(h);
		udp_frame_run(h, &ordinary[i], noise, sizeof noise);
		udp_frame_assert_ordinary(h);
		udp_frame_run(h, &ordinary[i], response, sizeof response);
		udp_frame_assert_ordinary(h);
	}
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decodes_response),
		cmocka_unit_test(json_fields),
		cmocka_unit_test(query_sections),
		cmocka_unit_test(every_truncation_is_safe),
		cmocka_unit_test(pointer_loops_rejected),
		cmocka_unit_test(pointer_chain_capped),
		cmocka_unit_test(name_too_long),
		cmocka_unit_test(extended_label_rejected),
		cmocka_unit_test(rdlength_lies),
		cmocka_unit_test(counts_lie),
		cmocka_unit_test(records_capped),
		cmocka_unit_test(walk_capped),
		cmocka_unit_test(shape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
