/* SPDX-License-Identifier: ISC */
/* test_pppoe.c - PPPoE discovery (PADI/PADO/PADR/PADS/PADT and tags) and the
 * session stage with its hand-off to IP, fed as whole Ethernet frames. */
#include "harness.h"

#include "event_json.h"

/* Ethernet header lines used below. */
#define ETH_BCAST_DISC 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x0c, 0x29, 0x90, 0x3a, 0x8b, 0x88, 0x63
#define ETH_AC_DISC 0x00, 0x0c, 0x29, 0x90, 0x3a, 0x8b, 0x00, 0x90, 0x1a, 0x42, 0x00, 0x01, 0x88, 0x63
#define ETH_SESS 0x00, 0x90, 0x1a, 0x42, 0x00, 0x01, 0x00, 0x0c, 0x29, 0x90, 0x3a, 0x8b, 0x88, 0x64

static const char *malformed_reason(const struct harness *h, enum ew_proto p)
{
	const struct ew_event *e = harness_first(h, EW_EV_MALFORMED);
	if (!e)
		return NULL;
	assert_int_equal(e->u.malformed.proto, p);
	return e->u.malformed.reason;
}

static const struct ew_ev_pppoe_disc *disc(const struct harness *h)
{
	const struct ew_event *e = harness_first(h, EW_EV_PPPOE_DISC);
	assert_non_null(e);
	return &e->u.pppoe;
}

/* PADI as in tcpdump's pppoe.pcap: empty Service-Name (any service), RFC 4638
 * PPP-Max-Payload 1500, Host-Uniq. */
static const uint8_t PADI[] = {
	ETH_BCAST_DISC,
	0x11, 0x09, 0x00, 0x00, 0x00, 0x12, /* ver 1 type 1, PADI, session 0, length 18 */
	0x01, 0x01, 0x00, 0x00,             /* Service-Name, empty */
	0x01, 0x20, 0x00, 0x02, 0x05, 0xdc, /* PPP-Max-Payload 1500 */
	0x01, 0x03, 0x00, 0x04, 0x16, 0x37, 0x2c, 0x16, /* Host-Uniq */
};

static void padi(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_eth(h, PADI, sizeof PADI);
	assert_int_equal(h->n, 1);
	const struct ew_ev_pppoe_disc *p = disc(h);
	assert_int_equal(p->version, 1);
	assert_int_equal(p->type, 1);
	assert_int_equal(p->code, EW_PADI);
	assert_int_equal(p->session_id, 0);
	assert_int_equal(p->payload_len, 18);
	assert_true(p->has_service_name);
	assert_int_equal(p->service_name.len, 0);
	assert_int_equal(p->max_payload, 1500);
	assert_int_equal(p->host_uniq.len, 4);
	assert_int_equal(p->ac_name.len, 0);
	assert_false(p->has_vendor);
	assert_int_equal(p->tag_count, 3);
	assert_int_equal(h->d.stats.proto[EW_P_PPPOE_DISC], 1);
	free(h);
}

/* The JSON writer needs the views alive: dissect without the harness copy. */
static void padi_json(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	struct ew_cursor c = ew_cur_make(PADI + 14, sizeof PADI - 14);
	ew_dissect_pppoe_disc(&h->d, &c);
	assert_int_equal(h->n, 1);
	struct json_object *o = json_object_new_object();
	ew_json_pppoe_disc(&h->ev[0], o);
	assert_string_equal(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN),
			    "{\"code\":9,\"code_name\":\"PADI\",\"session_id\":0,\"service_name\":\"\","
			    "\"host_uniq\":\"16372c16\",\"max_payload\":1500,\"tag_count\":3}");
	json_object_put(o);
	free(h);
}

/* PADO from an AC, with every tag kind; a second Service-Name (another offered
 * service) and a second AC-Name do not replace the first; End-Of-List ends the
 * walk before trailing bytes. */
static const uint8_t PADO[] = {
	ETH_AC_DISC,
	0x11, 0x07, 0x00, 0x00, 0x00, 0x5d, /* PADO, session 0, length 93 */
	0x01, 0x02, 0x00, 0x0d, 'B', 'R', 'A', 'S', '-', 'T', 'O', 'K', 'Y', 'O', '-', '0', '1', /* AC-Name (17) */
	0x01, 0x01, 0x00, 0x00,                                 /* Service-Name "" (4) */
	0x01, 0x01, 0x00, 0x05, 'f', 'l', 'e', 't', 's',        /* Service-Name "flets": ignored (9) */
	0x01, 0x02, 0x00, 0x02, 'X', 'X',                       /* AC-Name again: ignored (6) */
	0x01, 0x04, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 7, 8,         /* AC-Cookie (12) */
	0x01, 0x03, 0x00, 0x02, 0xbe, 0xef,                     /* Host-Uniq (6) */
	0x01, 0x05, 0x00, 0x06, 0x00, 0x00, 0x0d, 0xe9, 0xaa, 0xbb, /* Vendor-Specific, vendor 3561 (10) */
	0x01, 0x10, 0x00, 0x03, 0x0a, 0x0b, 0x0c,               /* Relay-Session-Id (7) */
	0x01, 0x20, 0x00, 0x02, 0x05, 0xd4,                     /* PPP-Max-Payload 1492 (6) */
	0x01, 0x05, 0x00, 0x04, 0x00, 0x00, 0x00, 0x09,         /* second vendor tag: ignored (8) */
	0x00, 0x00, 0x00, 0x00,                                 /* End-Of-List (4) */
	0x01, 0x02, 0x00, 0x00,                                 /* after End-Of-List: never read (4) */
};

static void pado(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_eth(h, PADO, sizeof PADO);
	assert_int_equal(h->n, 1);
	const struct ew_ev_pppoe_disc *p = disc(h);
	assert_int_equal(p->code, EW_PADO);
	assert_string_equal(p->ac_name.s, "BRAS-TOKYO-01");
	assert_true(p->has_service_name);
	assert_int_equal(p->service_name.len, 0);
	assert_int_equal(p->ac_cookie.len, 8);
	assert_int_equal(p->host_uniq.len, 2);
	assert_int_equal(p->relay_session_id.len, 3);
	assert_true(p->has_vendor);
	assert_int_equal(p->vendor_id, 3561);
	assert_int_equal(p->max_payload, 1492);
	assert_int_equal(p->tag_count, 10);

	struct ew_cursor c = ew_cur_make(PADO + 14, sizeof PADO - 14);
	harness_reset(h);
	ew_dissect_pppoe_disc(&h->d, &c);
	struct json_object *o = json_object_new_object();
	ew_json_pppoe_disc(&h->ev[0], o);
	const char *js = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	assert_non_null(strstr(js, "\"code_name\":\"PADO\""));
	assert_non_null(strstr(js, "\"ac_name\":\"BRAS-TOKYO-01\""));
	assert_non_null(strstr(js, "\"ac_cookie\":\"0102030405060708\""));
	assert_non_null(strstr(js, "\"relay_session_id\":\"0a0b0c\""));
	assert_non_null(strstr(js, "\"vendor_id\":3561"));
	json_object_put(o);
	free(h);
}

/* Every cut of the PADO: below the 6-byte PPPoE header only the header fault;
 * from there on the event with the whole tags captured, then "length exceeds
 * capture". */
static void pado_truncations(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	for (size_t len = 0; len < sizeof PADO; len++) {
		harness_reset(h);
		harness_eth(h, PADO, len);
		if (len < 14) {
			assert_int_equal(h->n, 1);
			assert_string_equal(malformed_reason(h, EW_P_ETH), "truncated Ethernet header");
			continue;
		}
		if (len < 20) {
			assert_int_equal(h->n, 1);
			assert_string_equal(malformed_reason(h, EW_P_PPPOE_DISC), "truncated PPPoE discovery header");
			continue;
		}
		assert_int_equal(h->n, 2);
		assert_string_equal(malformed_reason(h, EW_P_PPPOE_DISC), "PPPoE length exceeds capture");
		const struct ew_ev_pppoe_disc *p = disc(h);
		/* the AC-Name tag ends at byte 37 */
		assert_int_equal(p->ac_name.len, len >= 37 ? 13 : 0);
		assert_true(p->tag_count <= 10);
	}
	free(h);
}

/* PADR, PADS (session assigned), PADS refusing with Service-Name-Error, PADT
 * with Generic-Error; Ethernet padding after Length is not read. */
static void padr_pads_padt(void **state)
{
	(void)state;
	static const uint8_t padr[] = {
		ETH_AC_DISC,
		0x11, 0x19, 0x00, 0x00, 0x00, 0x10,                         /* PADR, length 16 */
		0x01, 0x01, 0x00, 0x00,                                     /* Service-Name "" */
		0x01, 0x04, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 7, 8,             /* AC-Cookie echoed */
	};
	static const uint8_t pads[] = {
		ETH_AC_DISC,
		0x11, 0x65, 0x12, 0x34, 0x00, 0x0a,                         /* PADS, session 0x1234, length 10 */
		0x01, 0x01, 0x00, 0x06, 'i', 'n', 't', 'e', 'r', 'n',       /* Service-Name "intern" */
	};
	static const uint8_t pads_err[] = {
		ETH_AC_DISC,
		0x11, 0x65, 0x00, 0x00, 0x00, 0x13,                         /* PADS, session 0 = refused */
		0x02, 0x01, 0x00, 0x0f, 'n', 'o', ' ', 's', 'u', 'c', 'h', ' ',
		's', 'e', 'r', 'v', 'i', 'c', 'e',                          /* Service-Name-Error */
	};
	static const uint8_t padt[] = {
		ETH_AC_DISC,
		0x11, 0xa7, 0x12, 0x34, 0x00, 0x08,                         /* PADT, session 0x1234, length 8 */
		0x02, 0x03, 0x00, 0x04, 'b', 'y', 'e', '!',                 /* Generic-Error "bye!" */
		0x01, 0x02, 0x00, 0x02, 'N', 'O',                           /* Ethernet padding: not a tag */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00,
	};
	struct harness *h = harness_new();
	harness_eth(h, padr, sizeof padr);
	assert_int_equal(h->n, 1);
	assert_int_equal(disc(h)->code, EW_PADR);
	assert_int_equal(disc(h)->ac_cookie.len, 8);

	harness_reset(h);
	harness_eth(h, pads, sizeof pads);
	assert_int_equal(h->n, 1);
	assert_int_equal(disc(h)->code, EW_PADS);
	assert_int_equal(disc(h)->session_id, 0x1234);
	assert_string_equal(disc(h)->service_name.s, "intern");

	harness_reset(h);
	harness_eth(h, pads_err, sizeof pads_err);
	assert_int_equal(h->n, 1);
	assert_string_equal(disc(h)->service_name_error.s, "no such service");
	assert_false(disc(h)->has_service_name);

	harness_reset(h);
	harness_eth(h, padt, sizeof padt);
	assert_int_equal(h->n, 1);
	assert_int_equal(disc(h)->code, EW_PADT);
	assert_string_equal(disc(h)->generic_error.s, "bye!");
	assert_int_equal(disc(h)->ac_name.len, 0);
	assert_int_equal(disc(h)->tag_count, 1);
	free(h);
}

/* A tag whose length runs past the payload: the tags before it are kept. */
static void lying_tag_length(void **state)
{
	(void)state;
	static const uint8_t b[] = {
		ETH_AC_DISC,
		0x11, 0x07, 0x00, 0x00, 0x00, 0x0e,     /* PADO, length 14 */
		0x01, 0x01, 0x00, 0x00,                 /* Service-Name "" */
		0x01, 0x02, 0x01, 0x00, 'A', 'C', '1', 'x', 'y', 'z', /* AC-Name claiming 256 bytes */
		0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, /* past Length: padding */
	};
	struct harness *h = harness_new();
	harness_eth(h, b, sizeof b);
	assert_int_equal(h->n, 2);
	assert_true(disc(h)->has_service_name);
	assert_int_equal(disc(h)->ac_name.len, 0);
	assert_int_equal(disc(h)->tag_count, 1);
	assert_string_equal(malformed_reason(h, EW_P_PPPOE_DISC), "PPPoE tag longer than payload");

	/* a PPP-Max-Payload tag of 3 bytes and a 2-byte vendor tag */
	static const uint8_t b2[] = {
		ETH_BCAST_DISC,
		0x11, 0x09, 0x00, 0x00, 0x00, 0x0d,     /* PADI, length 13 */
		0x01, 0x20, 0x00, 0x03, 0x05, 0xdc, 0x00, /* PPP-Max-Payload, length 3 */
		0x01, 0x05, 0x00, 0x02, 0x00, 0x00,     /* Vendor-Specific, too short */
	};
	harness_reset(h);
	harness_eth(h, b2, sizeof b2);
	assert_int_equal(h->n, 2);
	assert_int_equal(disc(h)->max_payload, 0);
	assert_false(disc(h)->has_vendor);
	assert_int_equal(disc(h)->tag_count, 2);
	assert_string_equal(malformed_reason(h, EW_P_PPPOE_DISC), "PPP-Max-Payload tag length not 2");
	free(h);
}

/* 1000 empty unknown tags (4 bytes each): the walk stops at EW_OPT_LOOP_MAX. */
static void thousand_tiny_tags(void **state)
{
	(void)state;
	static uint8_t b[14 + 6 + 4000 + 4];
	static const uint8_t hdr[] = { ETH_BCAST_DISC, 0x11, 0x09, 0x00, 0x00, 0x0f, 0xa4 /* 4004 */ };
	memset(b, 0, sizeof b);
	memcpy(b, hdr, sizeof hdr);
	for (int i = 0; i < 1000; i++) {
		b[20 + i * 4] = 0x7f;      /* tag 0x7f7f, length 0 */
		b[20 + i * 4 + 1] = 0x7f;
	}
	/* an AC-Name after the thousand: past the cap, never read */
	static const uint8_t tail[] = { 0x01, 0x02, 0x00, 0x00 };
	memcpy(b + 20 + 4000, tail, sizeof tail);
	struct harness *h = harness_new();
	harness_eth(h, b, sizeof b);
	assert_int_equal(h->n, 2);
	assert_int_equal(disc(h)->tag_count, EW_OPT_LOOP_MAX);
	assert_string_equal(malformed_reason(h, EW_P_PPPOE_DISC), "too many PPPoE tags");
	free(h);
}

static void bad_version_code_session(void **state)
{
	(void)state;
	static const uint8_t v2[] = { ETH_BCAST_DISC, 0x21, 0x09, 0x00, 0x00, 0x00, 0x00 }; /* version 2 */
	static const uint8_t t2[] = { ETH_BCAST_DISC, 0x12, 0x09, 0x00, 0x00, 0x00, 0x00 }; /* type 2 */
	static const uint8_t code[] = { ETH_BCAST_DISC, 0x11, 0x55, 0x00, 0x00, 0x00, 0x00 }; /* code 0x55 */
	static const uint8_t sid[] = { ETH_BCAST_DISC, 0x11, 0x09, 0x00, 0x07, 0x00, 0x00 }; /* PADI, session 7 */
	struct harness *h = harness_new();
	harness_eth(h, v2, sizeof v2);
	assert_int_equal(h->n, 1);
	assert_string_equal(malformed_reason(h, EW_P_PPPOE_DISC), "PPPoE version/type not 1/1");
	harness_reset(h);
	harness_eth(h, t2, sizeof t2);
	assert_int_equal(h->n, 1);
	assert_string_equal(malformed_reason(h, EW_P_PPPOE_DISC), "PPPoE version/type not 1/1");
	harness_reset(h);
	harness_eth(h, code, sizeof code);
	assert_int_equal(h->n, 1);
	assert_string_equal(malformed_reason(h, EW_P_PPPOE_DISC), "unknown PPPoE discovery code");
	harness_reset(h);
	harness_eth(h, sid, sizeof sid);
	assert_int_equal(h->n, 2);
	assert_int_equal(disc(h)->session_id, 7);
	assert_string_equal(malformed_reason(h, EW_P_PPPOE_DISC), "PPPoE session id not 0 before PADS");
	free(h);
}

/* ---- session stage ------------------------------------------------------------------ */

/* PPPoE session carrying IPv4: handed to the IPv4 dissector. */
static const uint8_t SESS_IPV4[] = {
	ETH_SESS,
	0x11, 0x00, 0x00, 0x17, 0x00, 0x1e, /* session data, session 0x17, length 30 */
	0x00, 0x21,                         /* PPP protocol: IPv4 */
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, /* IPv4, 28 bytes, UDP */
	0x0a, 0x00, 0x00, 0x01, 0xc0, 0x00, 0x02, 0x01,                         /* 10.0.0.1 -> 192.0.2.1 */
	0x04, 0xd2, 0x00, 0x09, 0x00, 0x08, 0x00, 0x00,                         /* UDP 1234 -> 9, empty */
};

static void session_ipv4(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	harness_eth(h, SESS_IPV4, sizeof SESS_IPV4);
	const struct ew_event *e = harness_first(h, EW_EV_PPPOE_SESS);
	assert_non_null(e);
	assert_int_equal(e->u.pppoes.version, 1);
	assert_int_equal(e->u.pppoes.session_id, 0x17);
	assert_int_equal(e->u.pppoes.payload_len, 30);
	assert_int_equal(e->u.pppoes.ppp_proto, 0x0021);
	assert_int_equal(harness_count(h, EW_EV_MALFORMED), 0);
	/* the IPv4 inside the session became an IPv4 event with its addresses */
	const struct ew_event *ip = harness_first(h, EW_EV_IPV4);
	assert_non_null(ip);
	assert_int_equal(ip->u.ipv4.src.a[0], 10);
	assert_int_equal(ip->u.ipv4.dst.a[3], 1);
	assert_int_equal(ip->u.ipv4.dport, 9);
	/* the dispatch reached the IPv4 entry */
	assert_int_equal(h->d.frame.ethertype, 0x0800);
	assert_int_equal(h->d.depth, 0);

	struct json_object *o = json_object_new_object();
	ew_json_pppoe_sess(e, o);
	assert_string_equal(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN),
			    "{\"session_id\":23,\"ppp_proto\":33,\"payload_len\":30}");
	json_object_put(o);
	free(h);
}

/* Already three encapsulations deep: the session is reported, IP is not entered. */
static void session_depth_cap(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	uint8_t *copy = malloc(sizeof SESS_IPV4);
	assert_non_null(copy);
	memcpy(copy, SESS_IPV4, sizeof SESS_IPV4);
	struct ew_cursor c = ew_cur_make(copy, sizeof SESS_IPV4);
	h->d.depth = 3;
	ew_dissect_ethernet(&h->d, &c);
	free(copy);
	assert_int_equal(harness_count(h, EW_EV_PPPOE_SESS), 1);
	assert_string_equal(malformed_reason(h, EW_P_PPPOE_SESS), "encapsulation too deep");
	assert_int_equal(h->d.frame.ethertype, 0x8864);

	/* one below the cap still goes in */
	harness_reset(h);
	copy = malloc(sizeof SESS_IPV4);
	assert_non_null(copy);
	memcpy(copy, SESS_IPV4, sizeof SESS_IPV4);
	c = ew_cur_make(copy, sizeof SESS_IPV4);
	h->d.depth = 2;
	ew_dissect_ethernet(&h->d, &c);
	free(copy);
	assert_int_equal(harness_count(h, EW_EV_MALFORMED), 0);
	assert_int_equal(h->d.frame.ethertype, 0x0800);
	assert_int_equal(h->d.depth, 2);
	free(h);
}

/* LCP (as in tcpdump's pppoes.pcap) is reported and not dispatched; a
 * compressed one-byte protocol (0x57 IPv6) is; a non-zero code, a missing
 * protocol and a lying length are faults. QinQ in front works. */
static void session_variants(void **state)
{
	(void)state;
	static const uint8_t lcp[] = {
		ETH_SESS,
		0x11, 0x00, 0x00, 0x3b, 0x00, 0x0e, /* session 0x3b, length 14 */
		0xc0, 0x21,                         /* LCP */
		0x09, 0x67, 0x00, 0x0c, 0xb4, 0x80, 0xd7, 0xba, 0x73, 0xb7, 0x20, 0x12, /* echo request */
	};
	static const uint8_t pfc[] = {
		ETH_SESS,
		0x11, 0x00, 0x00, 0x01, 0x00, 0x01, /* length 1 */
		0x57,                               /* compressed protocol field: IPv6 */
	};
	static const uint8_t code[] = { ETH_SESS, 0x11, 0x09, 0x00, 0x01, 0x00, 0x02, 0x00, 0x21 };
	static const uint8_t noproto[] = { ETH_SESS, 0x11, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x21 };
	static const uint8_t lying[] = {
		ETH_SESS,
		0x11, 0x00, 0x00, 0x01, 0x05, 0xd4, /* length 1492, 4 captured */
		0xc0, 0x21, 0x09, 0x67,
	};
	static const uint8_t qinq[] = {
		0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x81, 0x00, 0x0e, 0x78,             /* 802.1Q, VLAN 0xe78 */
		0x81, 0x00, 0x09, 0xaa,             /* 802.1Q, VLAN 0x9aa */
		0x88, 0x64,                         /* PPPoE session */
		0x11, 0x00, 0x0f, 0x07, 0x00, 0x02, /* session 0xf07, length 2 */
		0xc0, 0x23,                         /* PAP */
	};
	struct harness *h = harness_new();
	harness_eth(h, lcp, sizeof lcp);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].u.pppoes.ppp_proto, 0xc021);
	assert_int_equal(h->ev[0].u.pppoes.session_id, 0x3b);
	assert_int_equal(h->d.frame.ethertype, 0x8864);

	harness_reset(h);
	harness_eth(h, pfc, sizeof pfc);
	assert_int_equal(harness_count(h, EW_EV_PPPOE_SESS), 1);
	assert_int_equal(h->ev[0].u.pppoes.ppp_proto, 0x57);
	assert_int_equal(h->d.frame.ethertype, 0x86dd);

	harness_reset(h);
	harness_eth(h, code, sizeof code);
	assert_int_equal(h->n, 1);
	assert_string_equal(malformed_reason(h, EW_P_PPPOE_SESS), "PPPoE session code not 0");

	harness_reset(h);
	harness_eth(h, noproto, sizeof noproto);
	assert_int_equal(h->n, 1);
	assert_string_equal(malformed_reason(h, EW_P_PPPOE_SESS), "PPPoE session without PPP protocol");

	harness_reset(h);
	harness_eth(h, lying, sizeof lying);
	assert_int_equal(h->n, 2);
	assert_int_equal(h->ev[0].u.pppoes.payload_len, 1492);
	assert_string_equal(malformed_reason(h, EW_P_PPPOE_SESS), "PPPoE length exceeds capture");

	harness_reset(h);
	harness_eth(h, qinq, sizeof qinq);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->ev[0].u.pppoes.session_id, 0xf07);
	assert_int_equal(h->frame[0].vlan_count, 2);
	assert_int_equal(h->frame[0].vlan_id[1], 0x9aa);

	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, SESS_IPV4, sizeof SESS_IPV4);
	harness_all_truncations(h, EW_LINKTYPE_ETHERNET, qinq, sizeof qinq);
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(padi),
		cmocka_unit_test(padi_json),
		cmocka_unit_test(pado),
		cmocka_unit_test(pado_truncations),
		cmocka_unit_test(padr_pads_padt),
		cmocka_unit_test(lying_tag_length),
		cmocka_unit_test(thousand_tiny_tags),
		cmocka_unit_test(bad_version_code_session),
		cmocka_unit_test(session_ipv4),
		cmocka_unit_test(session_depth_cap),
		cmocka_unit_test(session_variants),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
