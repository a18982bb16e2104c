/* SPDX-License-Identifier: ISC */
/* test_dhcp4.c - DHCPv4/BOOTP dissector: offers and acks, classless routes
 * (121, 249), option overload, RFC 3396 split options, FQDN, truncated,
 * length-lying, pad-flooded and option-flooded messages. The dissector is
 * called directly on UDP payloads (ew_dissect_dhcp4). */
#include "harness.h"

#include <json-c/json.h>
#include <stdio.h>

#include "event_json.h"
#include "udp_frame.h"

/* Zero runs for the fixed BOOTP fields. */
#define Z4 0, 0, 0, 0
#define Z10 Z4, Z4, 0, 0
#define Z16 Z4, Z4, Z4, Z4
#define Z64 Z16, Z16, Z16, Z16
#define Z128 Z64, Z64
#define COOKIE 99, 130, 83, 99 /* RFC 2131 §3 magic cookie */

/* Calls the entry point on an exact-size copy (so ASan sees a one-byte
 * over-read) and returns the copy: event views point into it until the
 * caller frees it. */
static uint8_t *run_keep(struct harness *h, const uint8_t *bytes, size_t n)
{
	harness_reset(h);
	uint8_t *copy = malloc(n ? n : 1);
	assert_non_null(copy);
	if (n)
		memcpy(copy, bytes, n);
	struct ew_cursor c = ew_cur_make(copy, n);
	ew_dissect_dhcp4(&h->d, &c);
	return copy;
}

/* Same, freeing the copy and clearing the views into it. */
static void run(struct harness *h, const uint8_t *bytes, size_t n)
{
	free(run_keep(h, bytes, n));
	for (size_t i = 0; i < h->n; i++) {
		if (h->ev[i].type != EW_EV_DHCP4)
			continue;
		h->ev[i].u.dhcp4.client_id.p = NULL;
		for (unsigned k = 0; k < h->ev[i].u.dhcp4.opt_count; k++)
			h->ev[i].u.dhcp4.opts[k].data.p = NULL;
	}
}

static const struct ew_ev_dhcp4 *dhcp(const struct harness *h)
{
	const struct ew_event *e = harness_first(h, EW_EV_DHCP4);
	assert_non_null(e);
	return &e->u.dhcp4;
}

static const char *malformed_reason(const struct harness *h)
{
	const struct ew_event *e = harness_first(h, EW_EV_MALFORMED);
	return e ? e->u.malformed.reason : NULL;
}

static void assert_ip4(const struct ew_ip *ip, uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	assert_int_equal(ip->family, EW_AF_INET);
	assert_int_equal(ip->a[0], a);
	assert_int_equal(ip->a[1], b);
	assert_int_equal(ip->a[2], c);
	assert_int_equal(ip->a[3], d);
}

/* A server's OFFER as an NTT HGW would send it. */
static const uint8_t offer[] = {
	2, 1, 6, 0,                   /* op 2 (reply), htype 1 (Ethernet), hlen 6, hops 0 */
	0x12, 0x34, 0x56, 0x78,       /* xid */
	0x00, 0x00, 0x80, 0x00,       /* secs 0, flags: broadcast */
	Z4,                           /* ciaddr 0.0.0.0 */
	192, 168, 1, 4,               /* yiaddr */
	192, 168, 1, 1,               /* siaddr */
	Z4,                           /* giaddr */
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, Z10, /* chaddr: MAC and 10 bytes padding */
	Z64,                          /* sname */
	Z128,                         /* file */
	COOKIE,
	53, 1, 2,                     /* message type: offer */
	54, 4, 192, 168, 1, 1,        /* server identifier */
	51, 4, 0x00, 0x00, 0x38, 0x40, /* lease 14400 s */
	1, 4, 255, 255, 255, 0,       /* subnet mask */
	3, 4, 192, 168, 1, 1,         /* router */
	6, 8, 192, 168, 1, 1, 8, 8, 4, 4, /* DNS: two servers */
	15, 10, 'n', 't', 't', '.', 's', 'e', 't', 'u', 'p', 0, /* domain, NUL-terminated by its sender */
	252, 6, 'h', 't', 't', 'p', ':', '/', /* WPAD URL */
	255,                          /* end */
	0, 0, 0,                      /* padding after end */
};

static void offer_decodes(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	run(h, offer, sizeof offer);
	assert_int_equal(h->n, 1);
	const struct ew_ev_dhcp4 *e = dhcp(h);
	assert_int_equal(e->op, 2);
	assert_int_equal(e->xid, 0x12345678);
	assert_int_equal(e->flags, 0x8000);
	assert_ip4(&e->yiaddr, 192, 168, 1, 4);
	assert_ip4(&e->siaddr, 192, 168, 1, 1);
	assert_ip4(&e->ciaddr, 0, 0, 0, 0);
	assert_int_equal(e->chaddr.b[0], 0x00);
	assert_int_equal(e->chaddr.b[5], 0x55);
	assert_int_equal(e->msg_type, 2);
	assert_true(e->has_server_id);
	assert_ip4(&e->server_id, 192, 168, 1, 1);
	assert_true(e->has_lease);
	assert_int_equal(e->lease, 14400);
	assert_true(e->has_mask);
	assert_ip4(&e->mask, 255, 255, 255, 0);
	assert_int_equal(e->router_count, 1);
	assert_ip4(&e->routers[0], 192, 168, 1, 1);
	assert_int_equal(e->dns_count, 2);
	assert_ip4(&e->dns[1], 8, 8, 4, 4);
	assert_string_equal(e->domain.s, "ntt.setup");
	assert_false(e->domain.truncated);
	assert_string_equal(e->wpad.s, "http:/");
	assert_int_equal(e->opt_count, 8);
	assert_int_equal(e->opts[0].code, 53);
	assert_int_equal(e->opts[7].code, 252);
	assert_int_equal(e->opts[1].data.len, 4);
	assert_int_equal(e->route_option, 0);
	assert_int_equal(e->dropped, 0);
	assert_false(e->has_requested_ip);
	assert_int_equal(h->d.stats.proto[EW_P_DHCP4], 1);
	free(h);
}

static void offer_json(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	run(h, offer, sizeof offer);
	struct json_object *o = json_object_new_object();
	ew_json_dhcp4(&h->ev[0], o);
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	assert_non_null(strstr(s, "\"msg_type\":2,\"msg_type_name\":\"offer\""));
	assert_non_null(strstr(s, "\"yiaddr\":\"192.168.1.4\""));
	assert_non_null(strstr(s, "\"chaddr\":\"00:11:22:33:44:55\""));
	assert_non_null(strstr(s, "\"routers\":[\"192.168.1.1\"]"));
	assert_non_null(strstr(s, "\"dns\":[\"192.168.1.1\",\"8.8.4.4\"]"));
	assert_non_null(strstr(s, "\"lease\":14400"));
	assert_non_null(strstr(s, "\"server_id\":\"192.168.1.1\""));
	assert_non_null(strstr(s, "\"domain\":\"ntt.setup\""));
	assert_non_null(strstr(s, "\"options\":[53,54,51,1,3,6,15,252]"));
	assert_non_null(strstr(s, "\"dropped\":0"));
	assert_null(strstr(s, "routes"));
	json_object_put(o);
	free(h);
}

/* A client's REQUEST: requested address, parameter list, vendor class, client
 * id, hostname with a trailing NUL, FQDN in wire format (RFC 4702, E flag). */
static const uint8_t request[] = {
	1, 1, 6, 0,                   /* op 1 (request), Ethernet, hlen 6, hops 0 */
	0xde, 0xad, 0xbe, 0xef,       /* xid */
	0, 3, 0, 0,                   /* secs 3, flags 0 */
	Z4, Z4, Z4, Z4,               /* ciaddr, yiaddr, siaddr, giaddr */
	0x02, 0, 0, 0, 0, 0x01, Z10,  /* chaddr */
	Z64, Z128,                    /* sname, file */
	COOKIE,
	53, 1, 3,                     /* message type: request */
	50, 4, 10, 0, 0, 7,           /* requested address 10.0.0.7 */
	55, 4, 1, 3, 6, 121,          /* parameter request list */
	60, 8, 'M', 'S', 'F', 'T', ' ', '5', '.', '0', /* vendor class */
	61, 7, 1, 0x02, 0, 0, 0, 0, 0x01, /* client id: htype 1 + MAC */
	12, 4, 'p', 'c', '1', 0,      /* hostname "pc1" + NUL */
	81, 16, 0x05, 0, 0,           /* client FQDN: flags S|E, rcode1, rcode2 */
	3, 'p', 'c', '1', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, /* pc1.example. */
	255,
};

static void request_decodes(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	uint8_t *copy = run_keep(h, request, sizeof request);
	assert_int_equal(h->n, 1);
	const struct ew_ev_dhcp4 *e = dhcp(h);
	assert_int_equal(e->op, 1);
	assert_int_equal(e->msg_type, 3);
	assert_int_equal(e->secs, 3);
	assert_true(e->has_requested_ip);
	assert_ip4(&e->requested_ip, 10, 0, 0, 7);
	assert_int_equal(e->prl_len, 4);
	assert_int_equal(e->prl[3], 121);
	assert_string_equal(e->vendor_class.s, "MSFT 5.0");
	assert_int_equal(e->client_id.len, 7);
	assert_int_equal(e->client_id.p[0], 1);
	assert_int_equal(e->client_id.p[6], 0x01);
	assert_string_equal(e->hostname.s, "pc1");
	assert_string_equal(e->client_fqdn.s, "pc1.example");
	struct json_object *o = json_object_new_object();
	ew_json_dhcp4(&h->ev[0], o);
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	assert_non_null(strstr(s, "\"msg_type_name\":\"request\""));
	assert_non_null(strstr(s, "\"client_id\":\"01020000000001\""));
	assert_non_null(strstr(s, "\"prl\":[1,3,6,121]"));
	assert_non_null(strstr(s, "\"client_fqdn\":\"pc1.example\""));
	json_object_put(o);
	free(copy);
	free(h);
}

/* FQDN without the E flag is ASCII; with E, a compression pointer is refused. */
static void fqdn_ascii_and_bad_wire(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	const uint8_t ascii[] = {
		1, 1, 6, 0, Z4, Z4, Z16, Z16, Z64, Z128, /* request header, all zero */
		COOKIE,
		81, 9, 0x01, 0, 0, 'h', 'o', 's', 't', '.', 'j', /* flags S, name "host.j" */
		255,
	};
	run(h, ascii, sizeof ascii);
	assert_int_equal(h->n, 1);
	assert_string_equal(dhcp(h)->client_fqdn.s, "host.j");

	const uint8_t pointer[] = {
		1, 1, 6, 0, Z4, Z4, Z16, Z16, Z64, Z128,
		COOKIE,
		81, 8, 0x04, 0, 0,            /* flags E */
		1, 'a', 0xc0, 0x0c,           /* "a" then a compression pointer */
		0,
		53, 1, 1,                     /* message type after it still decodes */
		255,
	};
	run(h, pointer, sizeof pointer);
	assert_int_equal(h->n, 2);
	assert_int_equal(h->ev[0].type, EW_EV_DHCP4); /* the event first, then the malformed one */
	assert_int_equal(h->ev[1].type, EW_EV_MALFORMED);
	assert_string_equal(malformed_reason(h), "compressed or invalid label in client FQDN");
	assert_string_equal(dhcp(h)->client_fqdn.s, "a");
	assert_int_equal(dhcp(h)->msg_type, 1);

	const uint8_t short_fqdn[] = {
		1, 1, 6, 0, Z4, Z4, Z16, Z16, Z64, Z128, COOKIE,
		81, 2, 0x04, 0,               /* only flags and rcode1 */
		255,
	};
	run(h, short_fqdn, sizeof short_fqdn);
	assert_string_equal(malformed_reason(h), "short client FQDN option");
	free(h);
}

/* RFC 3442 routes with widths 0, 8, 24 and 32, and a 249 that must lose to 121. */
static const uint8_t ack_routes[] = {
	2, 1, 6, 0,                   /* reply, Ethernet */
	0, 0, 0, 9,                   /* xid */
	0, 0, 0, 0,                   /* secs, flags */
	Z4, 10, 0, 0, 50, Z4, Z4,     /* ciaddr, yiaddr 10.0.0.50, siaddr, giaddr */
	Z16, Z64, Z128,               /* chaddr (not a MAC: all zero), sname, file */
	COOKIE,
	53, 1, 5,                     /* ack */
	121, 28,
	0, 10, 0, 0, 1,               /* 0.0.0.0/0 via 10.0.0.1 */
	8, 10, 10, 0, 0, 2,           /* 10.0.0.0/8 via 10.0.0.2 */
	24, 192, 168, 5, 10, 0, 0, 3, /* 192.168.5.0/24 via 10.0.0.3 */
	32, 203, 0, 113, 9, 10, 0, 0, 4, /* 203.0.113.9/32 via 10.0.0.4 */
	249, 5, 0, 10, 9, 9, 9,       /* Microsoft form: 0.0.0.0/0 via 10.9.9.9 */
	255,
};

static void classless_routes_121_preferred(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	run(h, ack_routes, sizeof ack_routes);
	assert_int_equal(h->n, 1);
	const struct ew_ev_dhcp4 *e = dhcp(h);
	assert_int_equal(e->msg_type, 5);
	assert_int_equal(e->route_option, 121);
	assert_int_equal(e->route_count, 4);
	assert_int_equal(e->routes[0].dest.len, 0);
	assert_ip4(&e->routes[0].dest.addr, 0, 0, 0, 0);
	assert_ip4(&e->routes[0].router, 10, 0, 0, 1);
	assert_int_equal(e->routes[1].dest.len, 8);
	assert_ip4(&e->routes[1].dest.addr, 10, 0, 0, 0);
	assert_int_equal(e->routes[2].dest.len, 24);
	assert_ip4(&e->routes[2].dest.addr, 192, 168, 5, 0);
	assert_ip4(&e->routes[2].router, 10, 0, 0, 3);
	assert_int_equal(e->routes[3].dest.len, 32);
	assert_ip4(&e->routes[3].dest.addr, 203, 0, 113, 9);
	assert_ip4(&e->routes[3].router, 10, 0, 0, 4);
	struct json_object *o = json_object_new_object();
	ew_json_dhcp4(&h->ev[0], o);
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	assert_non_null(strstr(s, "{\"dest\":\"10.0.0.0/8\",\"router\":\"10.0.0.2\"}"));
	assert_non_null(strstr(s, "{\"dest\":\"0.0.0.0/0\",\"router\":\"10.0.0.1\"}"));
	assert_non_null(strstr(s, "\"route_option\":121"));
	assert_non_null(strstr(s, "\"msg_type_name\":\"ack\""));
	json_object_put(o);
	free(h);
}

static void classless_routes_249_only_and_bad_width(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	const uint8_t ms[] = {
		2, 1, 6, 0, Z4, Z4, Z16, Z16, Z64, Z128, COOKIE,
		249, 13,
		16, 172, 16, 192, 168, 0, 1,  /* 172.16.0.0/16 via 192.168.0.1 */
		1, 0x80, 192, 168, 0, 2,      /* 128.0.0.0/1 via 192.168.0.2 */
		255,
	};
	run(h, ms, sizeof ms);
	assert_int_equal(h->n, 1);
	assert_int_equal(dhcp(h)->route_option, 249);
	assert_int_equal(dhcp(h)->route_count, 2);
	assert_ip4(&dhcp(h)->routes[0].dest.addr, 172, 16, 0, 0);
	assert_int_equal(dhcp(h)->routes[1].dest.len, 1);
	assert_ip4(&dhcp(h)->routes[1].dest.addr, 128, 0, 0, 0);

	const uint8_t bad[] = {
		2, 1, 6, 0, Z4, Z4, Z16, Z16, Z64, Z128, COOKIE,
		121, 11,
		8, 10, 10, 0, 0, 1,           /* 10.0.0.0/8 via 10.0.0.1 */
		33, 1, 2, 3, 4,               /* width 33: invalid */
		54, 4, 10, 0, 0, 1,           /* server id after the bad option still decodes */
		255,
	};
	run(h, bad, sizeof bad);
	assert_int_equal(h->n, 2);
	assert_int_equal(h->ev[0].type, EW_EV_DHCP4);
	assert_int_equal(dhcp(h)->route_count, 1);
	assert_true(dhcp(h)->has_server_id);
	assert_string_equal(malformed_reason(h), "invalid classless route width");

	const uint8_t cut[] = {
		2, 1, 6, 0, Z4, Z4, Z16, Z16, Z64, Z128, COOKIE,
		121, 4, 24, 10, 0, 0,         /* /24 needs 3 octets + router: 4 bytes is short */
		255,
	};
	run(h, cut, sizeof cut);
	assert_int_equal(dhcp(h)->route_count, 0);
	assert_string_equal(malformed_reason(h), "truncated classless route");
	free(h);
}

/* Option overload (RFC 2131 §4.1, RFC 2132 §9.3): options continue in file
 * then sname. The message type is in sname, the router in file; the 52 inside
 * file is ignored. Built from three commented arrays. */
static void overload_file_and_sname(void **state)
{
	(void)state;
	const uint8_t head[] = {
		2, 1, 6, 0, 0, 0, 0, 1, 0, 0, 0, 0, /* reply, xid 1 */
		Z4, 192, 168, 0, 10, Z4, Z4,       /* yiaddr 192.168.0.10 */
		0xaa, 0xbb, 0xcc, 0, 0, 1, Z10,    /* chaddr */
	};
	const uint8_t sname[] = {
		53, 1, 5,                     /* message type ack */
		12, 3, 'h', 'g', 'w',         /* hostname */
		255,
	};
	const uint8_t file[] = {
		3, 4, 192, 168, 0, 1,         /* router */
		52, 1, 3,                     /* overload inside file: ignored */
		0, 0,                         /* pads */
		15, 3, 'l', 'a', 'n',         /* domain */
		255,
	};
	const uint8_t opts[] = {
		COOKIE,
		52, 1, 3,                     /* overload: file and sname */
		54, 4, 192, 168, 0, 1,        /* server id */
		255,
	};
	uint8_t pkt[236 + sizeof opts];
	memset(pkt, 0, sizeof pkt);
	memcpy(pkt, head, sizeof head);
	memcpy(pkt + 44, sname, sizeof sname);
	memcpy(pkt + 108, file, sizeof file);
	memcpy(pkt + 236, opts, sizeof opts);
	struct harness *h = harness_new();
	run(h, pkt, sizeof pkt);
	assert_int_equal(h->n, 1);
	const struct ew_ev_dhcp4 *e = dhcp(h);
	assert_int_equal(e->overload, 3);
	assert_int_equal(e->msg_type, 5);
	assert_int_equal(e->router_count, 1);
	assert_ip4(&e->routers[0], 192, 168, 0, 1);
	assert_string_equal(e->hostname.s, "hgw");
	assert_string_equal(e->domain.s, "lan");
	/* wire order: options, then file, then sname */
	assert_int_equal(e->opt_count, 7);
	const uint8_t order[] = { 52, 54, 3, 52, 15, 53, 12 };
	for (unsigned i = 0; i < sizeof order; i++)
		assert_int_equal(e->opts[i].code, order[i]);

	/* overload 1 (file only): the options in sname are not read */
	pkt[236 + 6] = 1;
	run(h, pkt, sizeof pkt);
	assert_int_equal(dhcp(h)->msg_type, 0);
	assert_int_equal(dhcp(h)->router_count, 1);
	/* overload 2 (sname only) */
	pkt[236 + 6] = 2;
	run(h, pkt, sizeof pkt);
	assert_int_equal(dhcp(h)->msg_type, 5);
	assert_int_equal(dhcp(h)->router_count, 0);
	/* overload 7: invalid, no field is read, reported */
	pkt[236 + 6] = 7;
	run(h, pkt, sizeof pkt);
	assert_int_equal(dhcp(h)->msg_type, 0);
	assert_int_equal(dhcp(h)->overload, 0);
	assert_string_equal(malformed_reason(h), "invalid option overload value");
	free(h);
}

/* RFC 3396: a long option split into several instances is one value. */
static void split_options_are_concatenated(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	const uint8_t split[] = {
		2, 1, 6, 0, Z4, Z4, Z16, Z16, Z64, Z128, COOKIE,
		121, 7, 8, 10, 10, 0, 0, 1, 16, /* 10/8 via 10.0.0.1, then the width of a second route */
		12, 2, 'a', 'b',              /* hostname, first part */
		121, 6, 172, 16, 10, 0, 0, 2, /* 172.16/16 via 10.0.0.2 */
		12, 2, 'c', 'd',              /* hostname, second part */
		6, 2, 1, 1,                   /* DNS split mid-address */
		6, 2, 1, 1,
		255,
	};
	run(h, split, sizeof split);
	assert_int_equal(h->n, 1);
	const struct ew_ev_dhcp4 *e = dhcp(h);
	assert_int_equal(e->route_count, 2);
	assert_int_equal(e->routes[1].dest.len, 16);
	assert_ip4(&e->routes[1].dest.addr, 172, 16, 0, 0);
	assert_ip4(&e->routes[1].router, 10, 0, 0, 2);
	assert_string_equal(e->hostname.s, "abcd");
	assert_int_equal(e->dns_count, 1);
	assert_ip4(&e->dns[0], 1, 1, 1, 1);
	assert_int_equal(e->opt_count, 6);
	free(h);
}

/* A concatenation longer than the decoder's buffer (5 x 255 bytes of /0
 * routes) keeps the capped routes and counts the rest, without calling the
 * cut at the buffer's edge a malformed route. */
static void split_option_longer_than_buffer(void **state)
{
	(void)state;
	const uint8_t head[] = { 2, 1, 6, 0, Z4, Z4, Z16, Z16, Z64, Z128, COOKIE };
	size_t n = sizeof head + 5 * 257 + 1;
	uint8_t *pkt = calloc(1, n);
	assert_non_null(pkt);
	memcpy(pkt, head, sizeof head);
	for (size_t i = 0; i < 5; i++) {
		uint8_t *o = pkt + sizeof head + 257 * i;
		o[0] = 121, o[1] = 255;     /* classless routes, 255 bytes: */
		for (size_t r = 0; r < 51; r++)
			o[2 + 5 * r + 4] = (uint8_t)(r + 1); /* width 0, router 0.0.0.(r+1) */
	}
	pkt[n - 1] = 255;
	struct harness *h = harness_new();
	run(h, pkt, n);
	assert_int_equal(h->n, 1);
	assert_int_equal(dhcp(h)->route_count, EW_ROUTE_MAX);
	assert_ip4(&dhcp(h)->routes[15].router, 0, 0, 0, 16);
	assert_true(dhcp(h)->dropped >= 1024 / 5 - EW_ROUTE_MAX);
	free(pkt);
	free(h);
}

/* BOOTP: no vendor area is legal; a wrong (or zero) cookie is reported. */
static void bootp_and_cookies(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	run(h, offer, 236);
	assert_int_equal(h->n, 1);
	assert_int_equal(dhcp(h)->msg_type, 0);
	assert_int_equal(dhcp(h)->opt_count, 0);
	assert_ip4(&dhcp(h)->yiaddr, 192, 168, 1, 4);

	uint8_t bad[sizeof offer];
	memcpy(bad, offer, sizeof offer);
	bad[236] = 0x63; bad[237] = 0x82; bad[238] = 0x53; bad[239] = 0x64; /* one off */
	run(h, bad, sizeof bad);
	assert_int_equal(h->n, 2);
	assert_int_equal(h->ev[0].type, EW_EV_DHCP4);
	assert_int_equal(dhcp(h)->msg_type, 0);
	assert_int_equal(dhcp(h)->opt_count, 0);
	assert_false(dhcp(h)->has_server_id);
	assert_string_equal(malformed_reason(h), "wrong magic cookie");
	memset(bad + 236, 0, 4);
	run(h, bad, sizeof bad);
	assert_string_equal(malformed_reason(h), "wrong magic cookie");
	run(h, offer, 238);
	assert_int_equal(h->n, 2);
	assert_string_equal(malformed_reason(h), "truncated magic cookie");
	struct json_object *o = json_object_new_object();
	ew_json_dhcp4(&h->ev[0], o);
	assert_non_null(strstr(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN), "\"msg_type_name\":\"bootp\""));
	json_object_put(o);
	free(h);
}

/* Every truncation of the offer: a short header gives only a malformed event;
 * past the header there is exactly one DHCP event, never with more options
 * than the bytes hold, and a malformed one when an option is cut. */
static void every_truncation(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	for (size_t len = 0; len < sizeof offer; len++) {
		run(h, offer, len);
		if (len < 236) {
			assert_int_equal(h->n, 1);
			assert_string_equal(malformed_reason(h), "truncated BOOTP header");
			continue;
		}
		assert_int_equal(harness_count(h, EW_EV_DHCP4), 1);
		assert_int_equal(h->ev[0].type, EW_EV_DHCP4);
		assert_true(h->n <= 2);
		const struct ew_ev_dhcp4 *e = dhcp(h);
		assert_true(e->opt_count <= 8);
		if (len >= 243)
			assert_int_equal(e->msg_type, 2);
		else
			assert_int_equal(e->msg_type, 0);
		assert_true(!e->has_lease || e->lease == 14400);
	}
	/* cut inside the server id option */
	run(h, offer, 240 + 3 + 4);
	assert_string_equal(malformed_reason(h), "option length exceeds packet");
	assert_int_equal(dhcp(h)->msg_type, 2);
	assert_false(dhcp(h)->has_server_id);
	/* cut exactly between options: no end option, nothing malformed */
	run(h, offer, 240 + 3 + 6);
	assert_int_equal(h->n, 1);
	assert_true(dhcp(h)->has_server_id);
	free(h);
}

/* Option lengths that lie: a length past the end, fixed-size options with the
 * wrong size, address lists that are not multiples of 4. */
static void lying_lengths(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	const uint8_t past[] = {
		2, 1, 6, 0, Z4, Z4, Z16, Z16, Z64, Z128, COOKIE,
		53, 1, 2,                     /* offer */
		3, 4, 10, 0, 0, 1,            /* router */
		54, 200, 10, 0, 0, 1,         /* server id claiming 200 bytes */
	};
	run(h, past, sizeof past);
	assert_int_equal(h->n, 2);
	assert_int_equal(h->ev[0].type, EW_EV_DHCP4);
	assert_int_equal(h->ev[1].type, EW_EV_MALFORMED);
	assert_int_equal(h->ev[1].u.malformed.proto, EW_P_DHCP4);
	assert_string_equal(malformed_reason(h), "option length exceeds packet");
	assert_int_equal(dhcp(h)->msg_type, 2);
	assert_int_equal(dhcp(h)->router_count, 1);
	assert_false(dhcp(h)->has_server_id);
	assert_int_equal(dhcp(h)->opt_count, 2);
	assert_int_equal(h->d.stats.malformed[EW_P_DHCP4], 1);

	const uint8_t sizes[] = {
		2, 1, 6, 0, Z4, Z4, Z16, Z16, Z64, Z128, COOKIE,
		54, 3, 10, 0, 0,              /* server id of 3 bytes */
		51, 4, 0, 0, 1, 0,            /* lease 256: fine */
		3, 6, 10, 0, 0, 1, 10, 0,     /* router list of 6 bytes */
		255,
	};
	run(h, sizes, sizeof sizes);
	assert_int_equal(h->n, 2);
	assert_false(dhcp(h)->has_server_id);
	assert_int_equal(dhcp(h)->lease, 256);
	assert_int_equal(dhcp(h)->router_count, 1);
	/* the first problem is the one reported */
	assert_string_equal(malformed_reason(h), "bad server identifier length");

	const uint8_t dns[] = {
		2, 1, 6, 0, Z4, Z4, Z16, Z16, Z64, Z128, COOKIE,
		6, 5, 1, 1, 1, 1, 2,          /* DNS list of 5 bytes */
		255,
	};
	run(h, dns, sizeof dns);
	assert_int_equal(dhcp(h)->dns_count, 1);
	assert_string_equal(malformed_reason(h), "DNS server list length not a multiple of 4");

	/* only the option code fits: the length byte is missing */
	const uint8_t nolen[] = { 2, 1, 6, 0, Z4, Z4, Z16, Z16, Z64, Z128, COOKIE, 53 };
	run(h, nolen, sizeof nolen);
	assert_string_equal(malformed_reason(h), "option length exceeds packet");

	/* every option-area byte replaced by hostile values: nothing may crash,
	 * and there is always exactly one DHCP event */
	uint8_t mut[sizeof offer];
	static const uint8_t vals[] = { 0, 1, 3, 4, 0x20, 0x7f, 0xfe, 0xff };
	for (size_t pos = 240; pos < sizeof offer; pos++) {
		for (size_t k = 0; k < sizeof vals; k++) {
			memcpy(mut, offer, sizeof offer);
			mut[pos] = vals[k];
			run(h, mut, sizeof mut);
			assert_int_equal(harness_count(h, EW_EV_DHCP4), 1);
			assert_true(h->n <= 2);
		}
	}
	free(h);
}

/* 10,000 pads before a server id: pads are skipped and the option is found. */
static void ten_thousand_pads(void **state)
{
	(void)state;
	const uint8_t head[] = { 2, 1, 6, 0, Z4, Z4, Z16, Z16, Z64, Z128, COOKIE };
	const uint8_t tail[] = {
		54, 4, 172, 16, 0, 1,         /* server id */
		255,
	};
	size_t n = sizeof head + 10000 + sizeof tail;
	uint8_t *pkt = calloc(1, n);
	assert_non_null(pkt);
	memcpy(pkt, head, sizeof head);
	memcpy(pkt + sizeof head + 10000, tail, sizeof tail);
	struct harness *h = harness_new();
	run(h, pkt, n);
	assert_int_equal(h->n, 1);
	assert_true(dhcp(h)->has_server_id);
	assert_ip4(&dhcp(h)->server_id, 172, 16, 0, 1);
	assert_int_equal(dhcp(h)->opt_count, 1);
	/* only pads and no end */
	run(h, pkt, sizeof head + 10000);
	assert_int_equal(h->n, 1);
	assert_int_equal(dhcp(h)->opt_count, 0);
	free(pkt);
	free(h);
}

/* More options than the caps: 64 kept raw, the walk stops at EW_OPT_LOOP_MAX. */
static void option_flood(void **state)
{
	(void)state;
	const uint8_t head[] = { 2, 1, 6, 0, Z4, Z4, Z16, Z16, Z64, Z128, COOKIE };
	size_t nopts = 300;
	size_t n = sizeof head + nopts * 2 + 1;
	uint8_t *pkt = malloc(n);
	assert_non_null(pkt);
	memcpy(pkt, head, sizeof head);
	for (size_t i = 0; i < nopts; i++) {
		pkt[sizeof head + 2 * i] = 200;  /* unassigned option code */
		pkt[sizeof head + 2 * i + 1] = 0; /* empty */
	}
	pkt[n - 1] = 255;
	struct harness *h = harness_new();
	run(h, pkt, n);
	assert_int_equal(h->n, 2);
	assert_int_equal(dhcp(h)->opt_count, EW_DHCP_OPT_MAX);
	assert_int_equal(dhcp(h)->dropped, EW_OPT_LOOP_MAX - EW_DHCP_OPT_MAX);
	assert_string_equal(malformed_reason(h), "too many options");
	free(pkt);

	/* ten DNS servers: eight kept, two counted as dropped */
	const uint8_t dns[] = {
		2, 1, 6, 0, Z4, Z4, Z16, Z16, Z64, Z128, COOKIE,
		6, 40, 1, 0, 0, 1, 1, 0, 0, 2, 1, 0, 0, 3, 1, 0, 0, 4, 1, 0, 0, 5,
		1, 0, 0, 6, 1, 0, 0, 7, 1, 0, 0, 8, 1, 0, 0, 9, 1, 0, 0, 10,
		255,
	};
	run(h, dns, sizeof dns);
	assert_int_equal(h->n, 1);
	assert_int_equal(dhcp(h)->dns_count, EW_ADDR_LIST_MAX);
	assert_ip4(&dhcp(h)->dns[7], 1, 0, 0, 8);
	assert_int_equal(dhcp(h)->dropped, 2);
	free(h);
}

/* Unknown message types print their number. */
static void unknown_msg_type_name(void **state)
{
	(void)state;
	const uint8_t pkt[] = {
		1, 1, 6, 0, Z4, Z4, Z16, Z16, Z64, Z128, COOKIE,
		53, 1, 13,                    /* DHCPLEASEACTIVE (RFC 4388): not in our name table */
		255,
	};
	struct harness *h = harness_new();
	run(h, pkt, sizeof pkt);
	struct json_object *o = json_object_new_object();
	ew_json_dhcp4(&h->ev[0], o);
	assert_non_null(strstr(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN), "\"msg_type_name\":\"13\""));
	json_object_put(o);
	free(h);
}

/* DHCP only between its two ports (RFC 2131 §4.1, RFC 1542 §5): client
 * 68 -> 67, server 67 -> 68, relay and server 67 -> 67. An offer or random
 * bytes with 67 or 68 at one end only is a host's ephemeral port: no event,
 * nothing malformed. */
static void shape(void **state)
{
	(void)state;
	static const uint8_t noise[] = { 0x02, 0x01, 0x06, 0x00, 0xa5, 0x5a, 0x13 }; /* BOOTP-ish, cut short */
	struct harness *h = harness_new();
	const struct udp_shape ok[] = {
		{ "10.20.0.5", "255.255.255.255", 64, 67, 68 },
		{ "10.20.0.5", "10.20.3.4", 64, 67, 68 },
		{ "0.0.0.0", "255.255.255.255", 64, 68, 67 },
		{ "10.20.0.5", "10.30.0.1", 64, 67, 67 },       /* to a relay */
		{ "10.30.0.1", "10.20.0.5", 63, 67, 67 },       /* from a relay */
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		udp_frame_run(h, &ok[i], offer, sizeof offer);
		assert_int_equal(harness_count(h, EW_EV_DHCP4), 1);
	}
	const struct udp_shape ordinary[] = {
		{ "10.20.0.5", "10.20.3.4", 64, 67, 51000 },
		{ "10.20.3.4", "10.20.0.5", 128, 51000, 67 },
		{ "10.20.3.4", "10.20.0.5", 128, 68, 53 },
		{ "10.20.0.5", "10.20.3.4", 64, 53, 68 },
		{ "10.20.3.4", "10.20.0.5", 128, 68, 68 },
		{ "fd20:20::5", "fd20:20::34", 64, 67, 68 },    /* DHCPv4 is IPv4 */
	};
	for (size_t i = 0; i < sizeof ordinary / sizeof ordinary[0]; i++) {
		udp_frame_run(h, &ordinary[i], offer, sizeof offer);
		udp_frame_assert_ordinary(h);
		udp_frame_run(h, &ordinary[i], noise, sizeof noise);
		udp_frame_assert_ordinary(h);
	}
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(offer_decodes),
		cmocka_unit_test(offer_json),
		cmocka_unit_test(request_decodes),
		cmocka_unit_test(fqdn_ascii_and_bad_wire),
		cmocka_unit_test(classless_routes_121_preferred),
		cmocka_unit_test(classless_routes_249_only_and_bad_width),
		cmocka_unit_test(overload_file_and_sname),
		cmocka_unit_test(split_options_are_concatenated),
		cmocka_unit_test(split_option_longer_than_buffer),
		cmocka_unit_test(bootp_and_cookies),
		cmocka_unit_test(every_truncation),
		cmocka_unit_test(lying_lengths),
		cmocka_unit_test(ten_thousand_pads),
		cmocka_unit_test(option_flood),
		cmocka_unit_test(unknown_msg_type_name),
		cmocka_unit_test(shape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
