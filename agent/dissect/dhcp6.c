/* SPDX-License-Identifier: ISC */
/* dhcp6.c - DHCPv6 (RFC 8415): relay wrappers down to the client/server
 * message, then DUIDs, IA_NA/IA_TA/IA_PD with their addresses and prefixes,
 * DNS servers and domain list (RFC 3646), vendor class and vendor options
 * (enterprise 210 is NTT, which the inference looks for), status codes and
 * rapid commit.
 *
 * Malformed input: as in dhcp4.c, the event is emitted first with what was
 * decoded, then one malformed event naming the first problem. Problems before
 * the innermost message header (relay headers, relay nesting) give only the
 * malformed event.
 */
#include "egresswatch/dissect.h"
#include "../event_json.h"

#include <stdio.h>
#include <string.h>

/* RFC 8415 §7.2: clients listen on 546, servers and relay agents on 547.
 * Clients send from 546 to 547, servers and relays answer clients from 547
 * to 546 and talk to each other from 547 to 547. A message to
 * All_DHCP_Relay_Agents_and_Servers or All_DHCP_Servers (§7.1) on 547 is
 * read from any port. Anything else with 546 or 547 at one end is an
 * ordinary flow whose ephemeral port collides (a relay using another source
 * port, RFC 8357, is not read). */
#define DHCP6_CLIENT_PORT 546
#define DHCP6_SERVER_PORT 547
static const uint8_t DHCP6_ALL_AGENTS[16] = { 0xff, 0x02, [13] = 0x01, [15] = 0x02 };  /* ff02::1:2 */
static const uint8_t DHCP6_ALL_SERVERS[16] = { 0xff, 0x05, [13] = 0x01, [15] = 0x03 }; /* ff05::1:3 */

bool ew_dhcp6_fits(const struct ew_frame *f, const struct ew_cursor *payload)
{
	(void)payload;
	if (f->ip_version != 6)
		return false;
	if (f->dport == DHCP6_SERVER_PORT)
		return f->sport == DHCP6_CLIENT_PORT || f->sport == DHCP6_SERVER_PORT ||
		       ew_frame_dst_is6(f, DHCP6_ALL_AGENTS) || ew_frame_dst_is6(f, DHCP6_ALL_SERVERS);
	return f->sport == DHCP6_SERVER_PORT && f->dport == DHCP6_CLIENT_PORT;
}

#define MSG_RELAY_FORW 12
#define MSG_RELAY_REPL 13
#define RELAY_MAX 8 /* relay wrappers walked; RFC 8415 §7.6 HOP_COUNT_LIMIT is 8 */

#define OPT_CLIENTID 1
#define OPT_SERVERID 2
#define OPT_IA_NA 3
#define OPT_IA_TA 4
#define OPT_IAADDR 5
#define OPT_RELAY_MSG 9
#define OPT_STATUS_CODE 13
#define OPT_RAPID_COMMIT 14
#define OPT_VENDOR_CLASS 16
#define OPT_VENDOR_OPTS 17
#define OPT_DNS_SERVERS 23
#define OPT_DOMAIN_LIST 24
#define OPT_IA_PD 25
#define OPT_IAPREFIX 26

#define NAME_LABEL_MAX 128 /* a 255-byte name has at most 127 labels */

static void set_bad(const char **bad, const char *reason)
{
	if (!*bad)
		*bad = reason;
}

static void drop(struct ew_ev_dhcp6 *e, size_t n)
{
	e->dropped = (uint8_t)(n >= (size_t)(UINT8_MAX - e->dropped) ? UINT8_MAX : e->dropped + n);
}

static struct ew_ip read_ip6(struct ew_cursor *c)
{
	uint8_t b[16];
	ew_cur_copy(c, b, sizeof b);
	return ew_ip6_from_bytes(b);
}

/* Reads one option header and confines its value to a sub-cursor. Returns
 * false at the end of the container or on a header/length that does not fit
 * (then *bad is set). RFC 8415 §21.1: code(2) length(2) value. */
static bool next_option(struct ew_cursor *c, uint16_t *code, struct ew_cursor *val, const char **bad,
			const char *reason)
{
	if (ew_cur_left(c) == 0)
		return false;
	*code = ew_cur_u16(c);
	uint16_t len = ew_cur_u16(c);
	if (ew_cur_failed(c)) {
		set_bad(bad, "truncated option header");
		return false;
	}
	*val = ew_cur_sub(c, len);
	if (ew_cur_failed(c)) {
		set_bad(bad, reason);
		return false;
	}
	return true;
}

/* A status code option (RFC 8415 §21.13): code(2) then a UTF-8 message. */
static bool read_status(struct ew_cursor *v, uint16_t *out, const char **bad)
{
	uint16_t s = ew_cur_u16(v);
	if (ew_cur_failed(v)) {
		set_bad(bad, "short status code option");
		return false;
	}
	*out = s;
	return true;
}

/* The options nested inside an IA address or IA prefix: only a status code
 * matters here; it is kept on the IA when the IA has none of its own. */
static void decode_addr_options(struct ew_cursor *c, uint16_t *addr_status, const char **bad)
{
	uint16_t code;
	struct ew_cursor v;
	for (unsigned n = 0; n < EW_OPT_LOOP_MAX; n++) {
		if (!next_option(c, &code, &v, bad, "nested option length exceeds container"))
			return;
		if (code == OPT_STATUS_CODE)
			read_status(&v, addr_status, bad);
	}
	if (ew_cur_left(c) > 0)
		set_bad(bad, "too many nested options");
}

/* IA_NA (§21.4) and IA_PD (§21.21): IAID, T1, T2, options. IA_TA (§21.5): IAID, options. */
static void decode_ia(struct ew_ev_dhcp6 *e, uint16_t type, struct ew_cursor *v, const char **bad)
{
	struct ew_dhcp6_ia ia;
	memset(&ia, 0, sizeof ia);
	ia.type = type;
	ia.iaid = ew_cur_u32(v);
	if (type != OPT_IA_TA) {
		ia.t1 = ew_cur_u32(v);
		ia.t2 = ew_cur_u32(v);
	}
	if (ew_cur_failed(v)) {
		set_bad(bad, "short IA option");
		return;
	}
	uint16_t addr_status = 0, code;
	struct ew_cursor o;
	bool ended = false;
	for (unsigned n = 0; n < EW_OPT_LOOP_MAX; n++) {
		if (!next_option(v, &code, &o, bad, "nested option length exceeds container")) {
			ended = true;
			break;
		}
		if (code == OPT_STATUS_CODE) {
			read_status(&o, &ia.status, bad);
		} else if ((code == OPT_IAADDR && type != OPT_IA_PD) || (code == OPT_IAPREFIX && type == OPT_IA_PD)) {
			struct ew_dhcp6_ia_addr a;
			memset(&a, 0, sizeof a);
			if (code == OPT_IAADDR) {
				/* §21.6: address(16) preferred(4) valid(4) options */
				a.prefix.addr = read_ip6(&o);
				a.prefix.len = 128;
				a.preferred = ew_cur_u32(&o);
				a.valid = ew_cur_u32(&o);
			} else {
				/* §21.22: preferred(4) valid(4) prefix-length(1) prefix(16) options */
				a.preferred = ew_cur_u32(&o);
				a.valid = ew_cur_u32(&o);
				a.prefix.len = ew_cur_u8(&o);
				a.prefix.addr = read_ip6(&o);
			}
			if (ew_cur_failed(&o)) {
				set_bad(bad, code == OPT_IAADDR ? "short IA address option" : "short IA prefix option");
				continue;
			}
			if (a.prefix.len > 128) {
				set_bad(bad, "invalid IA prefix length");
				continue;
			}
			decode_addr_options(&o, &addr_status, bad);
			if (ia.addr_count == EW_DHCP6_IA_ADDR_MAX)
				drop(e, 1);
			else
				ia.addrs[ia.addr_count++] = a;
		}
	}
	if (!ended && ew_cur_left(v) > 0)
		set_bad(bad, "too many nested options");
	if (ia.status == 0)
		ia.status = addr_status;
	if (e->ia_count == EW_DHCP6_IA_MAX)
		drop(e, 1);
	else
		e->ias[e->ia_count++] = ia;
}

/* Appends text to an ew_lstr, marking it truncated when it does not fit. */
static void lstr_put(struct ew_lstr *s, const uint8_t *p, size_t k)
{
	for (size_t i = 0; i < k; i++) {
		if (s->len == EW_LSTR_MAX) {
			s->truncated = true;
			return;
		}
		s->s[s->len++] = (char)p[i];
	}
	s->s[s->len] = '\0';
}

/* Option 24 (RFC 3646 §4, RFC 8415 §10): RFC 1035 §3.1 wire names, no
 * compression, one after another; joined with commas. A last name without
 * its root label is kept as it is. */
static void decode_domain_list(struct ew_ev_dhcp6 *e, struct ew_cursor *v, const char **bad)
{
	for (unsigned names = 0; ew_cur_left(v) > 0; names++) {
		if (names == EW_OPT_LOOP_MAX) {
			set_bad(bad, "too many names in domain list");
			return;
		}
		if (names > 0)
			lstr_put(&e->domains, (const uint8_t *)",", 1);
		unsigned labels = 0;
		for (;; labels++) {
			if (labels == NAME_LABEL_MAX) {
				set_bad(bad, "too many labels in domain name");
				return;
			}
			if (ew_cur_left(v) == 0)
				break; /* partial last name */
			uint8_t len = ew_cur_u8(v);
			if (len == 0)
				break;
			if (len > 63) {
				set_bad(bad, "compressed or invalid label in domain list");
				return;
			}
			uint8_t label[63];
			if (!ew_cur_copy(v, label, len)) {
				set_bad(bad, "label runs past domain list");
				return;
			}
			if (labels > 0)
				lstr_put(&e->domains, (const uint8_t *)".", 1);
			lstr_put(&e->domains, label, len);
		}
		if (labels == 0)
			lstr_put(&e->domains, (const uint8_t *)".", 1); /* the root name */
	}
}

static void decode_options(struct ew_ev_dhcp6 *e, struct ew_cursor *c, const char **bad)
{
	uint16_t code;
	struct ew_cursor v;
	for (unsigned n = 0;; n++) {
		if (n == EW_OPT_LOOP_MAX) {
			if (ew_cur_left(c) > 0)
				set_bad(bad, "too many options");
			return;
		}
		if (!next_option(c, &code, &v, bad, "option length exceeds packet"))
			return;
		switch (code) {
		case OPT_CLIENTID:
			if (!e->client_duid.p) {
				e->client_duid.len = (uint16_t)ew_cur_left(&v);
				e->client_duid.p = ew_cur_view(&v, e->client_duid.len);
			}
			break;
		case OPT_SERVERID:
			if (!e->server_duid.p) {
				uint16_t duid_type;
				if (ew_cur_peek_u16(&v, 0, &duid_type))
					e->server_duid_type = duid_type; /* RFC 8415 §11.1 */
				e->server_duid.len = (uint16_t)ew_cur_left(&v);
				e->server_duid.p = ew_cur_view(&v, e->server_duid.len);
			}
			break;
		case OPT_IA_NA:
		case OPT_IA_TA:
		case OPT_IA_PD:
			decode_ia(e, code, &v, bad);
			break;
		case OPT_STATUS_CODE:
			read_status(&v, &e->status, bad);
			break;
		case OPT_RAPID_COMMIT:
			e->rapid_commit = true;
			break;
		case OPT_DNS_SERVERS: {
			/* RFC 3646 §3: a list of 16-byte addresses */
			size_t count = ew_cur_left(&v) / 16;
			if (ew_cur_left(&v) % 16 != 0)
				set_bad(bad, "DNS server list length not a multiple of 16");
			while (count > 0 && e->dns_count < EW_ADDR_LIST_MAX) {
				e->dns[e->dns_count++] = read_ip6(&v);
				count--;
			}
			drop(e, count);
			break;
		}
		case OPT_DOMAIN_LIST:
			decode_domain_list(e, &v, bad);
			break;
		case OPT_VENDOR_CLASS:
		case OPT_VENDOR_OPTS: {
			/* §21.16 / §21.17: enterprise number(4) then vendor data, kept raw */
			uint32_t ent = ew_cur_u32(&v);
			if (ew_cur_failed(&v)) {
				set_bad(bad, "short vendor option");
				break;
			}
			if (e->vendor_count == EW_DHCP6_VENDOR_MAX) {
				drop(e, 1);
				break;
			}
			struct ew_dhcp6_vendor *vo = &e->vendors[e->vendor_count++];
			vo->option = code;
			vo->enterprise = ent;
			vo->data.len = (uint16_t)ew_cur_left(&v);
			vo->data.p = ew_cur_view(&v, vo->data.len);
			break;
		}
		default:
			break;
		}
	}
}

/* Relay-forw/relay-reply (§9): msg-type, hop-count, link-address,
 * peer-address, options; the Relay Message option holds the next message.
 * Returns false after reporting a malformed relay. On success *msg is the
 * innermost message positioned after its type byte. */
static bool unwrap_relays(struct ew_dissector *d, struct ew_ev_dhcp6 *e, struct ew_cursor *msg, uint8_t *type)
{
	while (*type == MSG_RELAY_FORW || *type == MSG_RELAY_REPL) {
		if (e->relay_hops == RELAY_MAX) {
			ew_malformed(d, EW_P_DHCP6, "too many relay layers");
			return false;
		}
		(void)ew_cur_u8(msg); /* hop-count */
		struct ew_ip link = read_ip6(msg);
		struct ew_ip peer = read_ip6(msg);
		if (ew_cur_failed(msg)) {
			ew_malformed(d, EW_P_DHCP6, "truncated relay header");
			return false;
		}
		if (e->relay_hops == 0) {
			e->relay_link = link;
			e->relay_peer = peer;
		}
		e->relay_hops++;
		const char *bad = NULL;
		uint16_t code;
		struct ew_cursor v;
		bool found = false;
		for (unsigned n = 0; n < EW_OPT_LOOP_MAX; n++) {
			if (!next_option(msg, &code, &v, &bad, "relay option length exceeds packet"))
				break;
			if (code == OPT_RELAY_MSG) {
				found = true;
				break;
			}
		}
		if (bad) {
			ew_malformed(d, EW_P_DHCP6, bad);
			return false;
		}
		if (!found) {
			/* the relay itself is a fact worth keeping */
			e->msg_type = *type;
			ew_event_emit(d);
			ew_malformed(d, EW_P_DHCP6, "relay message option missing");
			return false;
		}
		*msg = v;
		*type = ew_cur_u8(msg);
		if (ew_cur_failed(msg)) {
			ew_malformed(d, EW_P_DHCP6, "empty relayed message");
			return false;
		}
	}
	return true;
}

void ew_dissect_dhcp6(struct ew_dissector *d, struct ew_cursor *c)
{
	ew_count(d, EW_P_DHCP6);
	struct ew_ev_dhcp6 *e = &ew_event_begin(d, EW_EV_DHCP6)->u.dhcp6;
	struct ew_cursor msg = ew_cur_rest(c);
	uint8_t type = ew_cur_u8(&msg);
	if (ew_cur_failed(&msg)) {
		ew_malformed(d, EW_P_DHCP6, "truncated DHCPv6 header");
		return;
	}
	if (!unwrap_relays(d, e, &msg, &type))
		return;
	/* §8: msg-type(1) transaction-id(3) options */
	e->msg_type = type;
	e->xid = ew_cur_u24(&msg);
	if (ew_cur_failed(&msg)) {
		ew_malformed(d, EW_P_DHCP6, "truncated DHCPv6 header");
		return;
	}
	const char *bad = NULL;
	decode_options(e, &msg, &bad);
	ew_event_emit(d);
	if (bad)
		ew_malformed(d, EW_P_DHCP6, bad);
}

/* ---- JSON ---------------------------------------------------------------- */

static const char *const msg_names[] = {
	[1] = "solicit", [2] = "advertise", [3] = "request", [4] = "confirm", [5] = "renew",
	[6] = "rebind", [7] = "reply", [8] = "release", [9] = "decline", [10] = "reconfigure",
	[11] = "information-request", [12] = "relay-forw", [13] = "relay-reply",
};

static const char *ia_type_name(uint16_t t)
{
	switch (t) {
	case OPT_IA_NA: return "na";
	case OPT_IA_TA: return "ta";
	case OPT_IA_PD: return "pd";
	default: return "unknown";
	}
}

EW_JSON_FN(dhcp6)
{
	const struct ew_ev_dhcp6 *e = &ev->u.dhcp6;
	ew_json_add_int(o, "msg_type", e->msg_type);
	if (e->msg_type < sizeof msg_names / sizeof msg_names[0] && msg_names[e->msg_type]) {
		ew_json_add_cstr(o, "msg_type_name", msg_names[e->msg_type]);
	} else {
		char num[8];
		snprintf(num, sizeof num, "%u", e->msg_type);
		ew_json_add_cstr(o, "msg_type_name", num);
	}
	ew_json_add_int(o, "xid", e->xid);
	if (e->relay_hops) {
		ew_json_add_int(o, "relay_hops", e->relay_hops);
		ew_json_add_ip(o, "relay_link", &e->relay_link);
		ew_json_add_ip(o, "relay_peer", &e->relay_peer);
	}
	ew_json_add_bytes(o, "client_duid", &e->client_duid);
	if (e->server_duid.p) {
		ew_json_add_bytes(o, "server_duid", &e->server_duid);
		ew_json_add_int(o, "server_duid_type", e->server_duid_type);
	}
	if (e->ia_count) {
		struct json_object *ias = json_object_new_array();
		for (unsigned i = 0; i < e->ia_count && i < EW_DHCP6_IA_MAX; i++) {
			const struct ew_dhcp6_ia *ia = &e->ias[i];
			struct json_object *j = json_object_new_object();
			ew_json_add_cstr(j, "type", ia_type_name(ia->type));
			ew_json_add_int(j, "iaid", ia->iaid);
			if (ia->type != OPT_IA_TA) {
				ew_json_add_int(j, "t1", ia->t1);
				ew_json_add_int(j, "t2", ia->t2);
			}
			bool pd = ia->type == OPT_IA_PD;
			struct json_object *list = json_object_new_array();
			for (unsigned k = 0; k < ia->addr_count && k < EW_DHCP6_IA_ADDR_MAX; k++) {
				const struct ew_dhcp6_ia_addr *a = &ia->addrs[k];
				struct json_object *aj = json_object_new_object();
				if (pd)
					ew_json_add(aj, "prefix", ew_json_prefix(&a->prefix));
				else
					ew_json_add_ip(aj, "addr", &a->prefix.addr);
				ew_json_add_int(aj, "preferred", a->preferred);
				ew_json_add_int(aj, "valid", a->valid);
				json_object_array_add(list, aj);
			}
			ew_json_add(j, pd ? "prefixes" : "addrs", list);
			if (ia->status)
				ew_json_add_int(j, "status", ia->status);
			json_object_array_add(ias, j);
		}
		ew_json_add(o, "ia", ias);
	}
	if (e->dns_count)
		ew_json_add_ip_list(o, "dns", e->dns, e->dns_count);
	ew_json_add_lstr(o, "domains", &e->domains);
	if (e->vendor_count) {
		struct json_object *vs = json_object_new_array();
		for (unsigned i = 0; i < e->vendor_count && i < EW_DHCP6_VENDOR_MAX; i++) {
			struct json_object *vj = json_object_new_object();
			ew_json_add_int(vj, "option", e->vendors[i].option);
			ew_json_add_int(vj, "enterprise", e->vendors[i].enterprise);
			ew_json_add_bytes(vj, "data", &e->vendors[i].data);
			json_object_array_add(vs, vj);
		}
		ew_json_add(o, "vendors", vs);
	}
	if (e->status)
		ew_json_add_int(o, "status", e->status);
	if (e->rapid_commit)
		ew_json_add_bool(o, "rapid_commit", 1);
	ew_json_add_int(o, "dropped", e->dropped);
}
