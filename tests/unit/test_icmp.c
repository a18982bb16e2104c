/* SPDX-License-Identifier: ISC */
/* test_icmp.c - ICMPv4: echo, redirect and the other errors with their quoted
 * header, IRDP advertisements (entries, the cap, lying counts) and
 * solicitations, other types. */
#include "harness.h"

#include "event_json.h"

/* Ethernet + IPv4 192.168.1.254 -> 192.168.1.20, protocol ICMP, total length
 * set to 20 + the ICMP bytes; returns the frame length. */
static size_t wrap_icmp(uint8_t *out, size_t cap, const uint8_t *icmp, size_t n)
{
	const uint8_t hdr[] = {
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, /* dst */
		0x00, 0x00, 0x5e, 0x00, 0x01, 0x01, /* src */
		0x08, 0x00,                         /* IPv4 */
		0x45, 0x00, 0x00, 0x00,             /* v4 IHL 5, total (below) */
		0x00, 0x00, 0x00, 0x00,             /* id, no fragment */
		0xff, 0x01, 0x00, 0x00,             /* ttl 255, ICMP */
		192, 168, 1, 254,                   /* src */
		192, 168, 1, 20,                    /* dst */
	};
	assert_true(sizeof hdr + n <= cap);
	memcpy(out, hdr, sizeof hdr);
	memcpy(out + sizeof hdr, icmp, n);
	out[16] = (uint8_t)((20 + n) >> 8);
	out[17] = (uint8_t)(20 + n);
	return sizeof hdr + n;
}

/* Dissects an ICMP message; the ICMP event (or malformed) is the second event. */
static struct harness *run(const uint8_t *icmp, size_t n)
{
	uint8_t f[1600];
	size_t len = wrap_icmp(f, sizeof f, icmp, n);
	struct harness *h = harness_new();
	harness_eth(h, f, len);
	assert_true(h->n >= 2);
	assert_int_equal(h->ev[0].type, EW_EV_IPV4);
	assert_int_equal(h->d.stats.proto[EW_P_ICMP], 1);
	return h;
}

static void truncations(const uint8_t *icmp, size_t n)
{
	uint8_t f[1600];
	size_t len = wrap_icmp(f, sizeof f, icmp, n);
	struct harness *h = harness_new();
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, f, len);
	/* and every ICMP length the IP header could claim, captured whole */
	for (size_t k = 0; k < n; k++) {
		len = wrap_icmp(f, sizeof f, icmp, k);
		harness_reset(h);
		harness_eth(h, f, len);
	}
	free(h);
}

static const char *json_of(const struct harness *h, size_t i, struct json_object **keep)
{
	*keep = ew_event_to_json(&h->frame[i], &h->ev[i]);
	return json_object_to_json_string_ext(*keep, JSON_C_TO_STRING_PLAIN);
}

static void echo(void **state)
{
	(void)state;
	const uint8_t m[] = {
		0x08, 0x00, 0x00, 0x00, /* echo request, code 0, checksum */
		0x12, 0x34, 0x00, 0x05, /* id 0x1234, seq 5 */
		'p', 'i', 'n', 'g',
	};
	struct harness *h = run(m, sizeof m);
	assert_int_equal(h->n, 2);
	const struct ew_ev_icmp *e = &h->ev[1].u.icmp;
	assert_int_equal(h->ev[1].type, EW_EV_ICMP);
	assert_int_equal(e->type, 8);
	assert_int_equal(e->id, 0x1234);
	assert_int_equal(e->seq, 5);
	assert_false(e->has_inner);
	struct json_object *o;
	assert_non_null(strstr(json_of(h, 1, &o), "\"data\":{\"type\":8,\"code\":0,\"id\":4660,\"seq\":5}"));
	json_object_put(o);
	free(h);
	truncations(m, sizeof m);

	/* 6 bytes of ICMP in a whole packet: the id/seq word is cut */
	h = run(m, 6);
	assert_int_equal(h->n, 2);
	assert_string_equal(h->ev[1].u.malformed.reason, "truncated ICMP header");
	free(h);
	h = run(m, 3);
	assert_string_equal(h->ev[1].u.malformed.reason, "truncated ICMP header");
	free(h);
}

/* the quoted datagram: UDP 192.168.1.20:5000 -> 8.8.8.8:53 */
#define QUOTED_UDP                                                                                    \
	0x45, 0x00, 0x00, 0x30, 0x1a, 0x2b, 0x00, 0x00, /* v4, total 48, id 0x1a2b */                 \
	0x40, 0x11, 0x00, 0x00,                         /* ttl 64, UDP */                             \
	192, 168, 1, 20,                                /* src */                                     \
	8, 8, 8, 8,                                     /* dst */                                     \
	0x13, 0x88, 0x00, 0x35, 0x00, 0x1c, 0x00, 0x00  /* first 8 bytes of the UDP datagram */

static void redirect(void **state)
{
	(void)state;
	const uint8_t m[] = {
		0x05, 0x01, 0x00, 0x00, /* redirect, code 1 (host), checksum */
		192, 168, 1, 1,         /* gateway */
		QUOTED_UDP,
	};
	struct harness *h = run(m, sizeof m);
	assert_int_equal(h->n, 2);
	const struct ew_ev_icmp *e = &h->ev[1].u.icmp;
	assert_int_equal(e->type, 5);
	assert_int_equal(e->code, 1);
	assert_int_equal(ew_ip4_u32(&e->gateway), 0xc0a80101);
	assert_true(e->has_inner);
	assert_int_equal(ew_ip4_u32(&e->inner_src), 0xc0a80114);
	assert_int_equal(ew_ip4_u32(&e->inner_dst), 0x08080808);
	assert_int_equal(e->inner_proto, 17);
	assert_int_equal(e->inner_id, 0x1a2b); /* to match the sender's forwarded copy (infer_proto.c) */
	assert_int_equal(e->inner_ttl, 64);
	/* the quoted header is not a packet here: the frame keeps the outer one */
	assert_int_equal(ew_ip4_u32(&h->frame[1].ip_src), 0xc0a801fe);
	assert_int_equal(h->d.stats.proto[EW_P_IPV4], 1);
	struct json_object *o;
	assert_non_null(strstr(json_of(h, 1, &o), "\"data\":{\"type\":5,\"code\":1,\"gateway\":\"192.168.1.1\","
						 "\"inner_src\":\"192.168.1.20\",\"inner_dst\":\"8.8.8.8\","
						 "\"inner_proto\":17}"));
	json_object_put(o);
	free(h);
	truncations(m, sizeof m);

	/* a redirect without the quoted header: the event (gateway), then malformed */
	h = run(m, 8);
	assert_int_equal(h->n, 3);
	assert_int_equal(ew_ip4_u32(&h->ev[1].u.icmp.gateway), 0xc0a80101);
	assert_false(h->ev[1].u.icmp.has_inner);
	assert_string_equal(h->ev[2].u.malformed.reason, "ICMP error without embedded IPv4 header");
	free(h);

	/* a quoted header that is not IPv4 */
	uint8_t bad[sizeof m];
	memcpy(bad, m, sizeof bad);
	bad[8] = 0x65;
	h = run(bad, sizeof bad);
	assert_false(h->ev[1].u.icmp.has_inner);
	assert_int_equal(h->ev[2].type, EW_EV_MALFORMED);
	free(h);
}

static void unreachable_and_time_exceeded(void **state)
{
	(void)state;
	const uint8_t unreach[] = { 0x03, 0x03, 0x00, 0x00, 0, 0, 0, 0, /* port unreachable, unused */ QUOTED_UDP };
	struct harness *h = run(unreach, sizeof unreach);
	assert_int_equal(h->n, 2);
	assert_int_equal(h->ev[1].u.icmp.type, 3);
	assert_int_equal(h->ev[1].u.icmp.code, 3);
	assert_true(h->ev[1].u.icmp.has_inner);
	assert_int_equal(h->ev[1].u.icmp.inner_dst.a[0], 8);
	assert_true(ew_ip_is_zero(&h->ev[1].u.icmp.gateway) || h->ev[1].u.icmp.gateway.family == EW_AF_NONE);
	free(h);
	truncations(unreach, sizeof unreach);

	const uint8_t exceeded[] = { 0x0b, 0x00, 0x00, 0x00, 0, 0, 0, 0, /* TTL exceeded in transit */ QUOTED_UDP };
	h = run(exceeded, sizeof exceeded);
	assert_int_equal(h->ev[1].u.icmp.type, 11);
	assert_int_equal(h->ev[1].u.icmp.inner_proto, 17);
	free(h);
}

static void other_types(void **state)
{
	(void)state;
	const uint8_t ts[] = { 13, 0, 0, 0, 0x00, 0x09, 0x00, 0x02, /* timestamp, id 9 seq 2 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	struct harness *h = run(ts, sizeof ts);
	assert_int_equal(h->ev[1].u.icmp.id, 9);
	assert_int_equal(h->ev[1].u.icmp.seq, 2);
	free(h);
	/* an unknown type: type and code only, however short */
	const uint8_t x[] = { 42, 7, 0, 0 };
	h = run(x, sizeof x);
	assert_int_equal(h->n, 2);
	assert_int_equal(h->ev[1].type, EW_EV_ICMP);
	assert_int_equal(h->ev[1].u.icmp.type, 42);
	assert_int_equal(h->ev[1].u.icmp.code, 7);
	struct json_object *o;
	assert_non_null(strstr(json_of(h, 1, &o), "\"data\":{\"type\":42,\"code\":7}"));
	json_object_put(o);
	free(h);
}

static void irdp_advert_two_entries(void **state)
{
	(void)state;
	const uint8_t m[] = {
		0x09, 0x00, 0x00, 0x00, /* router advertisement, code 0, checksum */
		2, 2,                   /* num addrs 2, entry size 2 words */
		0x07, 0x08,             /* lifetime 1800 */
		192, 168, 1, 254,       /* router 1 */
		0x00, 0x00, 0x00, 0x10, /* preference 16 */
		192, 168, 1, 253,       /* router 2 */
		0xff, 0xff, 0xff, 0xff, /* preference -1 */
	};
	struct harness *h = run(m, sizeof m);
	assert_int_equal(h->n, 2);
	assert_int_equal(h->ev[1].type, EW_EV_IRDP_ADVERT);
	const struct ew_ev_irdp_advert *a = &h->ev[1].u.irdp;
	assert_int_equal(a->code, 0);
	assert_int_equal(a->num_addrs, 2);
	assert_int_equal(a->addr_entry_size, 2);
	assert_int_equal(a->lifetime, 1800);
	assert_int_equal(a->count, 2);
	assert_int_equal(a->entries_more, 0);
	assert_int_equal(ew_ip4_u32(&a->entries[0].addr), 0xc0a801fe);
	assert_int_equal(a->entries[0].preference, 16);
	assert_int_equal(ew_ip4_u32(&a->entries[1].addr), 0xc0a801fd);
	assert_int_equal(a->entries[1].preference, -1);
	struct json_object *o;
	assert_non_null(strstr(json_of(h, 1, &o),
			       "\"data\":{\"code\":0,\"num_addrs\":2,\"addr_entry_size\":2,\"lifetime\":1800,\"count\":2,"
			       "\"entries\":[{\"addr\":\"192.168.1.254\",\"preference\":16},"
			       "{\"addr\":\"192.168.1.253\",\"preference\":-1}],\"entries_more\":0}"));
	json_object_put(o);
	free(h);
	truncations(m, sizeof m);
}

static void irdp_wider_entries(void **state)
{
	(void)state;
	const uint8_t m[] = {
		0x09, 0x10, 0x00, 0x00, /* code 16: a mobility agent that does not route */
		2, 3, 0x00, 0x1e,       /* 2 entries of 3 words, lifetime 30 */
		10, 0, 0, 1, 0, 0, 0, 1, 0xaa, 0xaa, 0xaa, 0xaa, /* addr, pref, extra word */
		10, 0, 0, 2, 0, 0, 0, 2, 0xbb, 0xbb, 0xbb, 0xbb,
	};
	struct harness *h = run(m, sizeof m);
	const struct ew_ev_irdp_advert *a = &h->ev[1].u.irdp;
	assert_int_equal(a->code, 16);
	assert_int_equal(a->count, 2);
	assert_int_equal(a->entries[1].addr.a[3], 2); /* found past the extra word */
	assert_int_equal(a->entries[1].preference, 2);
	free(h);
	truncations(m, sizeof m);
}

static void irdp_over_cap(void **state)
{
	(void)state;
	uint8_t m[8 + 8 * 12] = { 0x09, 0x00, 0x00, 0x00, 12, 2, 0x00, 0x3c }; /* 12 entries, lifetime 60 */
	for (uint8_t i = 0; i < 12; i++) {
		uint8_t *e = m + 8 + 8 * i;
		e[0] = 10, e[1] = 0, e[2] = 0, e[3] = (uint8_t)(i + 1); /* 10.0.0.i+1 */
		e[7] = i;                                                /* preference i */
	}
	struct harness *h = run(m, sizeof m);
	const struct ew_ev_irdp_advert *a = &h->ev[1].u.irdp;
	assert_int_equal(a->num_addrs, 12);
	assert_int_equal(a->count, EW_ADDR_LIST_MAX);
	assert_int_equal(a->entries_more, 12 - EW_ADDR_LIST_MAX);
	assert_int_equal(a->entries[EW_ADDR_LIST_MAX - 1].addr.a[3], EW_ADDR_LIST_MAX);
	free(h);
	truncations(m, sizeof m);
}

static void irdp_lying_and_invalid(void **state)
{
	(void)state;
	uint8_t m[] = { 0x09, 0x00, 0x00, 0x00, 5, 2, 0x00, 0x3c, /* claims 5 entries */
			10, 0, 0, 1, 0, 0, 0, 0, 10, 0, 0, 2, 0, 0, 0, 0 /* holds 2 */ };
	struct harness *h = run(m, sizeof m);
	assert_int_equal(h->n, 2);
	assert_string_equal(h->ev[1].u.malformed.reason, "IRDP addresses beyond message");
	free(h);

	m[4] = 255; /* the most it can claim */
	h = run(m, sizeof m);
	assert_int_equal(h->ev[1].type, EW_EV_MALFORMED);
	free(h);

	m[4] = 0;
	h = run(m, sizeof m);
	assert_string_equal(h->ev[1].u.malformed.reason, "IRDP advertisement with no addresses");
	free(h);

	m[4] = 2;
	m[5] = 1;
	h = run(m, sizeof m);
	assert_string_equal(h->ev[1].u.malformed.reason, "IRDP address entry size below 2");
	free(h);

	m[5] = 255; /* entries of 1020 bytes */
	h = run(m, sizeof m);
	assert_string_equal(h->ev[1].u.malformed.reason, "IRDP addresses beyond message");
	free(h);

	/* in a frame cut by the snaplen, the entries captured are kept */
	m[4] = 3;
	m[5] = 2;
	uint8_t f[128];
	size_t len = wrap_icmp(f, sizeof f, m, sizeof m);
	f[17] = (uint8_t)(20 + 8 + 3 * 8); /* IP total as for 3 entries */
	h = harness_new();
	uint8_t *copy = malloc(len);
	assert_non_null(copy);
	memcpy(copy, f, len);
	ew_dissect_frame(&h->d, EW_LINKTYPE_ETHERNET, copy, len, len + 8, 0);
	free(copy);
	assert_int_equal(h->n, 2);
	const struct ew_ev_irdp_advert *a = &h->ev[1].u.irdp;
	assert_int_equal(h->ev[1].type, EW_EV_IRDP_ADVERT);
	assert_int_equal(a->count, 2);
	assert_int_equal(a->entries_more, 1);
	free(h);
}

static void irdp_solicitation(void **state)
{
	(void)state;
	const uint8_t m[] = { 0x0a, 0x00, 0x00, 0x00, 0, 0, 0, 0 /* reserved */ };
	struct harness *h = run(m, sizeof m);
	assert_int_equal(h->n, 2);
	assert_int_equal(h->ev[1].type, EW_EV_IRDP_SOLICIT);
	free(h);
	h = run(m, 5);
	assert_string_equal(h->ev[1].u.malformed.reason, "truncated IRDP solicitation");
	free(h);
	truncations(m, sizeof m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(echo),
		cmocka_unit_test(redirect),
		cmocka_unit_test(unreachable_and_time_exceeded),
		cmocka_unit_test(other_types),
		cmocka_unit_test(irdp_advert_two_entries),
		cmocka_unit_test(irdp_wider_entries),
		cmocka_unit_test(irdp_over_cap),
		cmocka_unit_test(irdp_lying_and_invalid),
		cmocka_unit_test(irdp_solicitation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
