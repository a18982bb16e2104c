/* SPDX-License-Identifier: ISC */
/* test_ssdp.c - SSDP NOTIFY / M-SEARCH / responses: start lines, header
 * parsing (case, whitespace, LF-only, repeats, no colon), caps, garbage.
 * The messages are UDP payloads fed straight to ew_dissect_ssdp; they are
 * text, so they are written as string literals (without the final NUL). */
#include "harness.h"

#include <stdio.h>

#include "event_json.h"
#include "udp_frame.h"

static void feed(struct harness *h, const char *msg, size_t n)
{
	harness_reset(h);
	uint8_t *copy = malloc(n ? n : 1);
	assert_non_null(copy);
	if (n)
		memcpy(copy, msg, n);
	struct ew_cursor c = ew_cur_make(copy, n);
	ew_dissect_ssdp(&h->d, &c);
	free(copy);
}

#define FEED(h, lit) feed((h), (lit), sizeof(lit) - 1)

static const struct ew_ev_ssdp *ssdp(const struct harness *h)
{
	const struct ew_event *e = harness_first(h, EW_EV_SSDP);
	assert_non_null(e);
	return &e->u.ssdp;
}

static const char *malformed_reason(const struct harness *h)
{
	const struct ew_event *e = harness_first(h, EW_EV_MALFORMED);
	if (!e)
		return NULL;
	assert_int_equal(e->u.malformed.proto, EW_P_SSDP);
	return e->u.malformed.reason;
}

/* An IGD announcing itself (the shape of zeek's raw_packets.pcap NOTIFY). */
static const char NOTIFY_IGD[] =
	"NOTIFY * HTTP/1.1\r\n"
	"HOST: 239.255.255.250:1900\r\n"
	"CACHE-CONTROL: max-age=100\r\n"
	"LOCATION: http://192.168.1.1:1900/igd.xml\r\n"
	"NT: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
	"NTS: ssdp:alive\r\n"
	"SERVER: ipos/7.0 UPnP/1.0 TL-WDR3600/1.0\r\n"
	"USN: uuid:060b7353-fca6-4070-85f4-1fbfb9add62c::urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
	"\r\n";

static void notify_igd(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	FEED(h, NOTIFY_IGD);
	assert_int_equal(h->n, 1);
	assert_int_equal(h->d.stats.proto[EW_P_SSDP], 1);
	const struct ew_ev_ssdp *s = ssdp(h);
	assert_int_equal(s->kind, EW_SSDP_NOTIFY);
	assert_string_equal(s->nt.s, "urn:schemas-upnp-org:device:InternetGatewayDevice:1");
	assert_string_equal(s->nts.s, "ssdp:alive");
	assert_string_equal(s->server.s, "ipos/7.0 UPnP/1.0 TL-WDR3600/1.0");
	assert_string_equal(s->location.s, "http://192.168.1.1:1900/igd.xml");
	assert_string_equal(s->usn.s,
			    "uuid:060b7353-fca6-4070-85f4-1fbfb9add62c::urn:schemas-upnp-org:device:InternetGatewayDevice:1");
	assert_int_equal(s->st.len, 0);
	assert_int_equal(s->man.len, 0);

	struct json_object *o = json_object_new_object();
	ew_json_ssdp(&h->ev[0], o);
	const char *js = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	assert_non_null(strstr(js, "{\"kind\":\"notify\",\"nt\":\"urn:schemas-upnp-org:device:InternetGatewayDevice:1\","
				   "\"nts\":\"ssdp:alive\","));
	assert_non_null(strstr(js, "\"server\":\"ipos/7.0 UPnP/1.0 TL-WDR3600/1.0\","
				   "\"location\":\"http://192.168.1.1:1900/igd.xml\"}"));
	assert_null(strstr(js, "status"));
	assert_null(strstr(js, "truncated"));
	json_object_put(o);

	/* every cut: never a crash, never more than was given; once the start line
	 * is whole (19 bytes with CRLF, 17 without) it is a notify */
	for (size_t len = 0; len < sizeof NOTIFY_IGD - 1; len++) {
		feed(h, NOTIFY_IGD, len);
		if (len < 17) {
			assert_int_equal(harness_count(h, EW_EV_SSDP), 0);
			continue;
		}
		assert_int_equal(harness_count(h, EW_EV_SSDP), 1);
		assert_true(ssdp(h)->nt.len <= 52);
	}
	free(h);
}

/* M-SEARCH as ndpi's ssdp-m-search-ua.pcap: lower-case and odd-case names,
 * no space or several spaces/tabs after the colon, trailing blanks. */
static void msearch(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	FEED(h, "M-SEARCH * HTTP/1.1\r\n"
		"host: 239.255.255.250:1900\r\n"
		"Man:\"ssdp:discover\"\r\n"
		"mx: 1\r\n"
		"sT: \t urn:dial-multiscreen-org:service:dial:1  \r\n"
		"User-Agent: Google Chrome/99.0.4844.74 Mac OS X\r\n"
		"\r\n");
	assert_int_equal(h->n, 1);
	const struct ew_ev_ssdp *s = ssdp(h);
	assert_int_equal(s->kind, EW_SSDP_MSEARCH);
	assert_string_equal(s->man.s, "\"ssdp:discover\"");
	assert_string_equal(s->st.s, "urn:dial-multiscreen-org:service:dial:1");
	assert_string_equal(s->user_agent.s, "Google Chrome/99.0.4844.74 Mac OS X");
	struct json_object *o = json_object_new_object();
	ew_json_ssdp(&h->ev[0], o);
	assert_string_equal(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE),
			    "{\"kind\":\"msearch\",\"st\":\"urn:dial-multiscreen-org:service:dial:1\","
			    "\"user_agent\":\"Google Chrome/99.0.4844.74 Mac OS X\",\"man\":\"\\\"ssdp:discover\\\"\"}");
	json_object_put(o);
	free(h);
}

/* A unicast answer to M-SEARCH: status parsed, ST/USN/SERVER/LOCATION kept;
 * the body after the blank line is not read as headers. */
static void response_200(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	FEED(h, "HTTP/1.1 200 OK\r\n"
		"CACHE-CONTROL: max-age=1800\r\n"
		"EXT:\r\n"
		"LOCATION: http://192.168.0.1:49152/rootDesc.xml\r\n"
		"SERVER: Linux/3.14 UPnP/1.1 MiniUPnPd/2.1\r\n"
		"ST: urn:schemas-upnp-org:service:WANIPConnection:1\r\n"
		"USN: uuid:aa::urn:schemas-upnp-org:service:WANIPConnection:1\r\n"
		"\r\n"
		"NT: body, not a header\r\n");
	assert_int_equal(h->n, 1);
	const struct ew_ev_ssdp *s = ssdp(h);
	assert_int_equal(s->kind, EW_SSDP_RESPONSE);
	assert_int_equal(s->status, 200);
	assert_string_equal(s->st.s, "urn:schemas-upnp-org:service:WANIPConnection:1");
	assert_string_equal(s->server.s, "Linux/3.14 UPnP/1.1 MiniUPnPd/2.1");
	assert_string_equal(s->location.s, "http://192.168.0.1:49152/rootDesc.xml");
	assert_int_equal(s->nt.len, 0);
	struct json_object *o = json_object_new_object();
	ew_json_ssdp(&h->ev[0], o);
	const char *js = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	assert_non_null(strstr(js, "{\"kind\":\"response\",\"status\":200,"));
	json_object_put(o);

	/* a status line with no reason phrase, HTTP/1.0, a 404 */
	FEED(h, "HTTP/1.0 404\r\n\r\n");
	assert_int_equal(h->n, 1);
	assert_int_equal(ssdp(h)->status, 404);
	free(h);
}

/* Bare LF line ends, a last line without any line end, a repeated header
 * (first wins), a line without a colon (skipped), an empty value. */
static void lf_only_repeats_no_colon(void **state)
{
	(void)state;
	struct harness *h = harness_new();
	FEED(h, "NOTIFY * HTTP/1.1\n"
		"NT: upnp:rootdevice\n"
		"this line has no colon\n"
		"NT: urn:second:ignored\n"
		"NTS: ssdp:byebye\n"
		"SERVER:\n"
		"SERVER: later value ignored\n"
		"USN: uuid:1234::upnp:rootdevice");
	assert_int_equal(h->n, 1);
	const struct ew_ev_ssdp *s = ssdp(h);
	assert_int_equal(s->kind, EW_SSDP_NOTIFY);
	assert_string_equal(s->nt.s, "upnp:rootdevice");
	assert_string_equal(s->nts.s, "ssdp:byebye");
	assert_int_equal(s->server.len, 0); /* present but empty: first wins */
	assert_string_equal(s->usn.s, "uuid:1234::upnp:rootdevice");
	/* a name with a blank before the colon is not the same header */
	FEED(h, "NOTIFY * HTTP/1.1\r\nNT : x\r\nNT:y\r\n\r\n");
	assert_string_equal(ssdp(h)->nt.s, "y");
	/* a CR alone inside a line stays part of the value; only CR before LF goes */
	FEED(h, "NOTIFY * HTTP/1.1\r\nNT: a\rb\r\n\r\n");
	assert_int_equal(ssdp(h)->nt.len, 3);
	free(h);
}

/* A SERVER longer than EW_LSTR_MAX: cut at the cap, truncated flag set and shown. */
static void long_server_truncated(void **state)
{
	(void)state;
	char msg[600];
	int n = snprintf(msg, sizeof msg, "NOTIFY * HTTP/1.1\r\nSERVER: ");
	memset(msg + n, 'S', 300);
	n += 300;
	n += snprintf(msg + n, sizeof msg - (size_t)n, "\r\nNT: upnp:rootdevice\r\n\r\n");
	struct harness *h = harness_new();
	feed(h, msg, (size_t)n);
	assert_int_equal(h->n, 1);
	const struct ew_ev_ssdp *s = ssdp(h);
	assert_int_equal(s->server.len, EW_LSTR_MAX);
	assert_true(s->server.truncated);
	assert_int_equal(s->server.s[EW_LSTR_MAX], '\0');
	assert_string_equal(s->nt.s, "upnp:rootdevice");
	struct json_object *o = json_object_new_object();
	ew_json_ssdp(&h->ev[0], o);
	assert_non_null(strstr(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN), "\"truncated\":[\"server\"]"));
	json_object_put(o);
	free(h);
}

/* 300 header lines: the walk stops at EW_OPT_LOOP_MAX, what was read is kept. */
static void header_line_cap(void **state)
{
	(void)state;
	static char msg[32 + 300 * 8 + 64];
	size_t n = (size_t)snprintf(msg, sizeof msg, "NOTIFY * HTTP/1.1\r\nNTS: ssdp:alive\r\n");
	for (int i = 0; i < 299; i++) {
		memcpy(msg + n, "X: y\r\n", 6);
		n += 6;
	}
	n += (size_t)snprintf(msg + n, sizeof msg - n, "NT: too-late\r\n\r\n");
	struct harness *h = harness_new();
	feed(h, msg, n);
	assert_int_equal(h->n, 2);
	assert_string_equal(ssdp(h)->nts.s, "ssdp:alive");
	assert_int_equal(ssdp(h)->nt.len, 0);
	assert_string_equal(malformed_reason(h), "too many SSDP header lines");
	free(h);
}

/* Not SSDP at all: counted, no event. Starts like SSDP, then broken: malformed. */
static void garbage(void **state)
{
	(void)state;
	static const uint8_t binary[] = { 0x00, 0xff, 0x13, 0x37, 0x0a, 0x0d, 0x0a };
	struct harness *h = harness_new();
	feed(h, (const char *)binary, sizeof binary);
	assert_int_equal(h->n, 0);
	assert_int_equal(h->d.stats.proto[EW_P_SSDP], 1);
	FEED(h, "SUBSCRIBE /evt HTTP/1.1\r\n\r\n");
	assert_int_equal(h->n, 0);
	FEED(h, "notify * HTTP/1.1\r\n\r\n"); /* methods are case-sensitive */
	assert_int_equal(h->n, 0);
	feed(h, "", 0);
	assert_int_equal(h->n, 0);

	static const char *const broken[] = {
		"NOTIFY /x HTTP/1.1\r\n\r\n",    /* target not "*" */
		"M-SEARCH * HTTP/2.0\r\n\r\n",   /* not HTTP/1.x */
		"NOTIFY * HTTP/1.1 extra\r\n",   /* junk after the version */
		"HTTP/1.1 2OO OK\r\n\r\n",       /* status not three digits */
		"HTTP/1.1 200OK\r\n\r\n",        /* no space before the reason */
		"HTTP/1.x 200 OK\r\n\r\n",       /* minor version not a digit */
		"M-SEARCH *",                    /* cut inside the start line */
	};
	for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
		feed(h, broken[i], strlen(broken[i]));
		assert_int_equal(h->n, 1);
		assert_string_equal(malformed_reason(h), "bad SSDP start line");
	}
	free(h);
}

/* SSDP only in its shape (UDA 1.1 §1.1.2, §1.3.2, §1.3.3): NOTIFY and
 * M-SEARCH to 239.255.255.250 / ff0X::c port 1900 from any port; a unicast
 * M-SEARCH to port 1900; a response from port 1900 to a unicast searcher
 * that begins "HTTP/1.1 200". Any other datagram with 1900 at one end is a
 * host's ephemeral port: no event, not counted, not malformed. */
static void shape(void **state)
{
	(void)state;
	static const char notify[] = "NOTIFY * HTTP/1.1\r\nNT: upnp:rootdevice\r\nNTS: ssdp:alive\r\n\r\n";
	static const char search[] = "M-SEARCH * HTTP/1.1\r\nMAN: \"ssdp:discover\"\r\nST: ssdp:all\r\n\r\n";
	static const char ok200[] = "HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\nSERVER: Linux UPnP/1.0\r\n\r\n";
	static const char notfound[] = "HTTP/1.1 404 Not Found\r\n\r\n";
	static const char broken[] = "NOTIFY /index.html HTTP/1.1\r\n\r\n";
	static const uint8_t noise[] = { 0x17, 0x03, 0x03, 0x00, 0x20, 0x9c, 0x41 };
	struct harness *h = harness_new();
	const struct {
		struct udp_shape s;
		const char *msg;
	} ssdp_ok[] = {
		{ { "192.168.1.1", "239.255.255.250", 4, 1900, 1900 }, notify },
		{ { "10.20.3.4", "239.255.255.250", 2, 51000, 1900 }, search },
		{ { "fe80::1", "ff02::c", 2, 1900, 1900 }, notify },
		{ { "fd20:20::1", "ff05::c", 2, 1900, 1900 }, notify },
		{ { "192.168.1.1", "10.20.3.4", 64, 1900, 51000 }, ok200 },
		{ { "10.20.3.4", "192.168.1.1", 64, 51000, 1900 }, search },
	};
	for (size_t i = 0; i < sizeof ssdp_ok / sizeof ssdp_ok[0]; i++) {
		udp_frame_run(h, &ssdp_ok[i].s, ssdp_ok[i].msg, strlen(ssdp_ok[i].msg));
		assert_int_equal(harness_count(h, EW_EV_SSDP), 1);
		assert_int_equal(h->d.stats.malformed[EW_P_SSDP], 0);
	}
	const struct {
		struct udp_shape s;
		const void *p;
		size_t n;
	} ordinary[] = {
		{ { "10.20.3.4", "10.20.0.5", 128, 1900, 443 }, noise, sizeof noise },
		{ { "10.20.0.5", "10.20.3.4", 64, 443, 1900 }, noise, sizeof noise },
		{ { "10.20.3.4", "10.20.0.5", 128, 1900, 53 }, broken, sizeof broken - 1 },  /* malformed today */
		{ { "192.168.1.1", "10.20.3.4", 64, 1900, 51000 }, notfound, sizeof notfound - 1 },
		{ { "192.168.1.1", "10.20.3.4", 64, 1900, 51000 }, notify, sizeof notify - 1 }, /* NOTIFY is multicast */
		{ { "10.20.3.4", "192.168.1.1", 64, 51000, 1900 }, notify, sizeof notify - 1 },
		{ { "192.168.1.1", "239.255.255.250", 4, 1900, 51000 }, notify, sizeof notify - 1 },
		{ { "192.168.1.1", "224.0.0.251", 4, 1900, 1900 }, notify, sizeof notify - 1 },
		{ { "fe80::1", "ff02::1c", 2, 1900, 1900 }, notify, sizeof notify - 1 },
		{ { "192.168.1.1", "255.255.255.255", 4, 1900, 51000 }, ok200, sizeof ok200 - 1 },
	};
	for (size_t i = 0; i < sizeof ordinary / sizeof ordinary[0]; i++) {
		udp_frame_run(h, &ordinary[i].s, ordinary[i].p, ordinary[i].n);
		udp_frame_assert_ordinary(h);
	}
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(notify_igd),
		cmocka_unit_test(msearch),
		cmocka_unit_test(response_200),
		cmocka_unit_test(lf_only_repeats_no_colon),
		cmocka_unit_test(long_server_truncated),
		cmocka_unit_test(header_line_cap),
		cmocka_unit_test(garbage),
		cmocka_unit_test(shape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
