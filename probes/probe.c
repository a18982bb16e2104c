/* SPDX-License-Identifier: ISC */
/* probe.c - one probe run (include/egresswatch/probe.h): plan the stimuli,
 * send them at the rate limit (libnet), capture on the same interface
 * (libpcap), recognise answers (the agent's dissectors), match time exceeded
 * to TTL-1 tests (tematch.c), then fetch UPnP descriptions, IGD external
 * addresses and admin-page titles (fetch.c, upnp.c, html.c).
 *
 * Order: DHCP DISCOVER, DHCPv6 SOLICIT, RS, IRDP, M-SEARCH x2, the ARP sweep,
 * and a TTL-1 test (IPv4, IPv6) for each MAC as soon as it has answered;
 * then listen_sec of listening after the last packet; then the fetches. */
#include "egresswatch/probe.h"

#include <errno.h>
#include <ifaddrs.h>
#include <libnet.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <time.h>

#include "carrier.h"
#include "egresswatch/dissect.h"
#include "fetch.h"
#include "html.h"
#include "pkt.h"
#include "rate.h"
#include "sweep.h"
#include "tematch.h"
#include "upnp.h"
#include "wire.h"

#define LOCATIONS_MAX 64
#define SSDP_ST_IGD "urn:schemas-upnp-org:device:InternetGatewayDevice:1"
#define SSDP_ST_ALL "ssdp:all"
#define SOAP_GET_EXT "GetExternalIPAddress"

static const char *const stim_names[] = { "dhcp", "dhcp6", "rs", "irdp", "ssdp", "arp", "forward", "http" };
#define STIM_N (sizeof stim_names / sizeof stim_names[0])

const char *ew_probe_stim_name(uint32_t bit)
{
	for (unsigned i = 0; i < STIM_N; i++)
		if (bit == 1u << i)
			return stim_names[i];
	return "unknown";
}

static unsigned stim_index(uint32_t bit)
{
	for (unsigned i = 0; i < STIM_N; i++)
		if (bit == 1u << i)
			return i;
	return 0;
}

bool ew_probe_parse_list(const char *s, uint32_t *mask)
{
	*mask = 0;
	while (*s) {
		size_t n = strcspn(s, ",");
		bool ok = false;
		if (n == 3 && !strncmp(s, "all", 3)) {
			*mask |= EW_PROBE_ALL;
			ok = true;
		}
		for (unsigned i = 0; i < STIM_N && !ok; i++)
			if (strlen(stim_names[i]) == n && !strncmp(s, stim_names[i], n)) {
				*mask |= 1u << i;
				ok = true;
			}
		if (!ok)
			return false;
		s += n;
		if (*s == ',')
			s++;
	}
	return *mask != 0;
}

static int64_t now_usec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---- the run's state ----------------------------------------------------------------- */

struct cand {
	struct ew_mac mac;
	struct ew_ip ip4;
	uint32_t answered;   /* stimuli */
	bool tested;         /* TTL-1 tests queued */
	bool fetched_http;
};

struct run {
	const struct ew_probe_config *cfg;
	struct ew_probe_stats *st;
	struct ew_mac mac, dhcp_mac;
	struct ew_ip ip4, ip6;  /* our addresses (ip6: global in a subnet, else link-local) */
	struct ew_ip target4, target6;
	uint32_t dhcp_xid, dhcp6_xid;
	uint16_t ssdp_port;
	uint32_t sent_mask;     /* stimuli sent so far */
	libnet_t *ln;
	pcap_t *pc;
	struct ew_rate rate;
	struct ew_dissector dis;
	struct ew_tematch *te;
	struct cand *cands;
	size_t ncand;
	char locations[LOCATIONS_MAX][EW_FETCH_URL_LEN];
	struct ew_mac location_mac[LOCATIONS_MAX];
	size_t nloc;
	struct ew_carriers *carriers;
	/* the sweep's position */
	size_t sweep_prefix;
	uint64_t sweep_i;
	int step;               /* next fixed stimulus */
	size_t next_test;       /* next candidate whose test is due */
	unsigned test_family;   /* 0: v4 next, 1: v6 next */
	const uint8_t *cur_frame;
	size_t cur_len;
	uint64_t rnd;
};

static uint32_t rnd32(struct run *r)
{
	/* splitmix64: identifiers that need only be unpredictable enough to tell
	 * our tests apart from others' packets, seeded from the clock and pid */
	uint64_t z = (r->rnd += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)(z ^ (z >> 31));
}

static bool in_subnets(const struct ew_probe_config *c, const struct ew_ip *ip)
{
	for (size_t i = 0; i < c->subnet_count; i++)
		if (ew_prefix_contains(&c->subnets[i], ip))
			return true;
	return false;
}

static void logf_line(const struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logf_line(const struct run *r, const char *fmt, ...)
{
	FILE *out = r->cfg->dry_run ? (r->cfg->dry_out ? r->cfg->dry_out : stdout) : r->cfg->log;
	if (!out)
		return;
	va_list ap;
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
	fflush(out);
}

/* ---- findings to the caller -------------------------------------------------------- */

static void finding(struct run *r, const struct ew_mac *mac, int64_t ts, const struct ew_ev_probe *p)
{
	if (p->finding == EW_PROBE_FORWARDED || p->finding == EW_PROBE_ANSWERED)
		if (!r->st->first_finding_usec)
			r->st->first_finding_usec = ts;
	if (!r->cfg->event_cb)
		return;
	struct ew_frame f;
	memset(&f, 0, sizeof f);
	f.ts_usec = ts;
	f.has_l2 = true;
	f.src = *mac;
	f.dst = r->mac;
	struct ew_event ev;
	memset(&ev, 0, sizeof ev);
	ev.type = EW_EV_PROBE;
	ev.u.probe = *p;
	r->cfg->event_cb(r->cfg->user, &f, &ev);
}

static struct cand *cand_get(struct run *r, const struct ew_mac *mac)
{
	for (size_t i = 0; i < r->ncand; i++)
		if (ew_mac_eq(&r->cands[i].mac, mac))
			return &r->cands[i];
	if (r->ncand >= EW_PROBE_CANDIDATES_MAX)
		return NULL;
	struct cand *c = &r->cands[r->ncand++];
	memset(c, 0, sizeof *c);
	c->mac = *mac;
	r->st->candidates++;
	return c;
}

static void answered(struct run *r, const struct ew_frame *f, uint32_t stim, const struct ew_ip *from)
{
	if (ew_mac_eq(&f->src, &r->mac) || ew_mac_eq(&f->src, &r->dhcp_mac))
		return;
	struct cand *c = cand_get(r, &f->src);
	if (c && from && from->family == EW_AF_INET && in_subnets(r->cfg, from))
		c->ip4 = *from;
	if (c && (c->answered & stim))
		return;
	if (c)
		c->answered |= stim;
	r->st->answers++;
	struct ew_ev_probe p;
	memset(&p, 0, sizeof p);
	p.finding = EW_PROBE_ANSWERED;
	p.stimulus = stim;
	if (from)
		p.addr = *from;
	char m[EW_MAC_STRLEN], a[EW_IP_STRLEN] = "-";
	ew_mac_str(&f->src, m);
	if (from)
		ew_ip_str(from, a);
	logf_line(r, "answer %s from %s %s at +%.3f s", ew_probe_stim_name(stim), m, a,
		  (double)(f->ts_usec - r->st->start_usec) / 1e6);
	finding(r, &f->src, f->ts_usec, &p);
}

static void add_location(struct run *r, const struct ew_mac *mac, const struct ew_lstr *loc)
{
	if (!loc->len || loc->truncated || loc->len >= EW_FETCH_URL_LEN || r->nloc >= LOCATIONS_MAX)
		return;
	for (size_t i = 0; i < r->nloc; i++)
		if (!strcmp(r->locations[i], loc->s))
			return;
	memcpy(r->locations[r->nloc], loc->s, loc->len + 1);
	r->location_mac[r->nloc++] = *mac;
}

/* Events of a captured frame: answers are recognised, then everything goes
 * to the caller when it wants frames. */
static void on_event(const struct ew_frame *f, const struct ew_event *ev, void *user)
{
	struct run *r = user;
	if (f->has_l2 && !ew_mac_eq(&f->src, &r->mac)) {
		switch (ev->type) {
		case EW_EV_DHCP4:
			if (ev->u.dhcp4.op == DHCP4_OP_REPLY && ev->u.dhcp4.xid == r->dhcp_xid)
				answered(r, f, EW_PROBE_STIM_DHCP, &f->ip_src);
			break;
		case EW_EV_DHCP6:
			if (ev->u.dhcp6.xid == (r->dhcp6_xid & 0xffffff) && ev->u.dhcp6.msg_type == DHCP6_ADVERTISE)
				answered(r, f, EW_PROBE_STIM_DHCP6, &f->ip_src);
			break;
		case EW_EV_ND_RA:
			if (r->sent_mask & EW_PROBE_STIM_RS)
				answered(r, f, EW_PROBE_STIM_RS, &f->ip_src);
			break;
		case EW_EV_IRDP_ADVERT:
			if (r->sent_mask & EW_PROBE_STIM_IRDP)
				answered(r, f, EW_PROBE_STIM_IRDP, &f->ip_src);
			break;
		case EW_EV_SSDP:
			if (ev->u.ssdp.kind == EW_SSDP_RESPONSE && f->dport == r->ssdp_port) {
				answered(r, f, EW_PROBE_STIM_SSDP, &f->ip_src);
				add_location(r, &f->src, &ev->u.ssdp.location);
			}
			break;
		case EW_EV_ARP:
			if (ev->u.arp.op == ARP_OP_REPLY && ew_ip_eq(&ev->u.arp.tpa, &r->ip4) &&
			    in_subnets(r->cfg, &ev->u.arp.spa))
				answered(r, f, EW_PROBE_STIM_ARP, &ev->u.arp.spa);
			break;
		default: break;
		}
	}
	if (r->cfg->deliver_frames && r->cfg->event_cb)
		r->cfg->event_cb(r->cfg->user, f, ev);
}

static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *data)
{
	struct run *r = (struct run *)user;
	int64_t ts = (int64_t)h->ts.tv_sec * 1000000 + h->ts.tv_usec;
	size_t idx;
	r->st->frames++;
	r->st->bytes += h->len;
	enum ew_te_result m = ew_tematch_frame(r->te, data, h->caplen, &idx);
	if (m == EW_TE_MATCH) {
		r->te->answers[idx]++;
		if (r->te->answers[idx] == 1) {
			r->st->te_matched++;
			const struct ew_pkt_test *t = &r->te->t[idx];
			struct ew_ev_probe p;
			memset(&p, 0, sizeof p);
			p.finding = EW_PROBE_FORWARDED;
			p.stimulus = EW_PROBE_STIM_FORWARD;
			p.addr = t->target;
			char mac[EW_MAC_STRLEN], tg[EW_IP_STRLEN];
			ew_mac_str(&t->dst_mac, mac);
			ew_ip_str(&t->target, tg);
			logf_line(r, "answer forward from %s: time exceeded for the TTL-1 test to %s at +%.3f s", mac, tg,
				  (double)(ts - r->st->start_usec) / 1e6);
			struct cand *c = cand_get(r, &t->dst_mac);
			if (c)
				c->answered |= EW_PROBE_STIM_FORWARD; /* a router: its admin page is fetched */
			finding(r, &t->dst_mac, ts, &p);
		}
	} else if (m == EW_TE_UNMATCHED) {
		r->st->te_unmatched++;
	}
	ew_dissect_frame(&r->dis, EW_LINKTYPE_ETHERNET, data, h->caplen, h->len, ts);
}

static void discard(u_char *user, const struct pcap_pkthdr *h, const u_char *data)
{
	(void)user, (void)h, (void)data;
}

/* ---- sending ------------------------------------------------------------------------- */

struct out {
	uint8_t buf[EW_PKT_MAX];
	size_t len;
	uint32_t stim;
	char what[200];
};

static void describe(const struct out *o, char *line, size_t n)
{
	char s[EW_MAC_STRLEN], d[EW_MAC_STRLEN];
	struct ew_mac ms, md;
	memcpy(md.b, o->buf, EW_MAC_LEN);
	memcpy(ms.b, o->buf + EW_MAC_LEN, EW_MAC_LEN);
	ew_mac_str(&ms, s);
	ew_mac_str(&md, d);
	snprintf(line, n, "%-7s %s > %s len %zu %s", ew_probe_stim_name(o->stim), s, d, o->len, o->what);
}

static bool emit(struct run *r, struct out *o, char *err, size_t errlen)
{
	if (!o->len) {
		snprintf(err, errlen, "could not build a %s packet", ew_probe_stim_name(o->stim));
		return false;
	}
	char line[320];
	describe(o, line, sizeof line);
	if (r->cfg->dry_run) {
		logf_line(r, "would send %s", line);
	} else {
		int64_t t;
		for (;;) { /* the rate limit, while listening */
			t = now_usec();
			int64_t w = ew_rate_wait(&r->rate, t);
			if (w == 0)
				break;
			struct pollfd pfd = { pcap_get_selectable_fd(r->pc), POLLIN, 0 };
			int ms = (int)((w + 999) / 1000);
			if (poll(&pfd, 1, ms) > 0)
				pcap_dispatch(r->pc, -1, on_packet, (u_char *)r);
		}
		if (libnet_adv_write_link(r->ln, o->buf, (uint32_t)o->len) < 0) {
			snprintf(err, errlen, "sending on %s: %s", r->cfg->iface, libnet_geterror(r->ln));
			return false;
		}
		ew_rate_sent(&r->rate, t);
		r->st->last_send_usec = t;
		struct timeval tv = { (time_t)(t / 1000000), (suseconds_t)(t % 1000000) };
		struct tm tm;
		char ts[32];
		strftime(ts, sizeof ts, "%H:%M:%S", gmtime_r(&tv.tv_sec, &tm));
		logf_line(r, "sent %s.%06ld %s", ts, (long)tv.tv_usec, line);
	}
	r->sent_mask |= o->stim;
	r->st->sent[stim_index(o->stim)]++;
	r->st->sent_total++;
	return true;
}

/* The next fixed stimulus or sweep packet into o; false when none is left. */
static bool next_stimulus(struct run *r, struct out *o)
{
	const struct ew_probe_config *c = r->cfg;
	char a[EW_IP_STRLEN];
	for (;;) {
		int s = r->step;
		if (s >= 7)
			break;
		r->step++;
		switch (s) {
		case 0:
			if (!(c->stimuli & EW_PROBE_STIM_DHCP))
				continue;
			o->stim = EW_PROBE_STIM_DHCP;
			o->len = ew_pkt_dhcp_discover(o->buf, sizeof o->buf, &r->dhcp_mac, r->dhcp_xid);
			snprintf(o->what, sizeof o->what, "DHCP DISCOVER 0.0.0.0:68 > 255.255.255.255:67 xid 0x%08x",
				 r->dhcp_xid);
			return true;
		case 1:
			if (!(c->stimuli & EW_PROBE_STIM_DHCP6) || r->ip6.family != EW_AF_INET6)
				continue;
			o->stim = EW_PROBE_STIM_DHCP6;
			o->len = ew_pkt_dhcp6_solicit(o->buf, sizeof o->buf, &r->mac, &r->ip6, r->dhcp6_xid);
			ew_ip_str(&r->ip6, a);
			snprintf(o->what, sizeof o->what, "DHCPv6 SOLICIT %s > ff02::1:2 xid 0x%06x", a,
				 r->dhcp6_xid & 0xffffff);
			return true;
		case 2:
			if (!(c->stimuli & EW_PROBE_STIM_RS) || r->ip6.family != EW_AF_INET6)
				continue;
			o->stim = EW_PROBE_STIM_RS;
			o->len = ew_pkt_rs(o->buf, sizeof o->buf, &r->mac, &r->ip6);
			ew_ip_str(&r->ip6, a);
			snprintf(o->what, sizeof o->what, "ICMPv6 router solicitation %s > ff02::2", a);
			return true;
		case 3:
			if (!(c->stimuli & EW_PROBE_STIM_IRDP) || r->ip4.family != EW_AF_INET)
				continue;
			o->stim = EW_PROBE_STIM_IRDP;
			o->len = ew_pkt_irdp_solicit(o->buf, sizeof o->buf, &r->mac, &r->ip4);
			ew_ip_str(&r->ip4, a);
			snprintf(o->what, sizeof o->what, "ICMP router solicitation %s > 224.0.0.2 TTL 1", a);
			return true;
		case 4:
		case 5:
			if (!(c->stimuli & EW_PROBE_STIM_SSDP) || r->ip4.family != EW_AF_INET)
				continue;
			o->stim = EW_PROBE_STIM_SSDP;
			o->len = ew_pkt_msearch(o->buf, sizeof o->buf, &r->mac, &r->ip4, r->ssdp_port,
						s == 4 ? SSDP_ST_IGD : SSDP_ST_ALL);
			ew_ip_str(&r->ip4, a);
			snprintf(o->what, sizeof o->what, "SSDP M-SEARCH %s:%u > 239.255.255.250:1900 ST %s", a,
				 r->ssdp_port, s == 4 ? SSDP_ST_IGD : SSDP_ST_ALL);
			return true;
		case 6:
			if (!(c->stimuli & EW_PROBE_STIM_ARP) || r->ip4.family != EW_AF_INET)
				continue;
			while (r->sweep_prefix < c->subnet_count) {
				const struct ew_prefix *p = &c->subnets[r->sweep_prefix];
				if (r->sweep_i >= ew_sweep_hosts(p)) {
					r->sweep_prefix++;
					r->sweep_i = 0;
					continue;
				}
				struct ew_ip t = ew_sweep_host(p, r->sweep_i++);
				if (ew_ip_eq(&t, &r->ip4))
					continue;
				o->stim = EW_PROBE_STIM_ARP;
				o->len = ew_pkt_arp_request(o->buf, sizeof o->buf, &r->mac, &r->ip4, &t);
				ew_ip_str(&t, a);
				snprintf(o->what, sizeof o->what, "ARP who-has %s", a);
				r->step = 6; /* stay on the sweep */
				return true;
			}
			continue;
		default: break;
		}
	}
	return false;
}

/* The next TTL-1 test due, for a candidate that answered. */
static bool next_test(struct run *r, struct out *o)
{
	if (!(r->cfg->stimuli & EW_PROBE_STIM_FORWARD))
		return false;
	while (r->next_test < r->ncand) {
		struct cand *c = &r->cands[r->next_test];
		bool v6 = r->test_family == 1;
		const struct ew_ip *src = v6 ? &r->ip6 : &r->ip4;
		const struct ew_ip *dst = v6 ? &r->target6 : &r->target4;
		if (r->test_family >= 2 || src->family == EW_AF_NONE) {
			if (++r->test_family >= 2) {
				r->test_family = 0;
				r->next_test++;
				c->tested = true;
			}
			continue;
		}
		r->test_family++;
		struct ew_pkt_test t;
		memset(&t, 0, sizeof t);
		t.src_mac = r->mac;
		t.dst_mac = c->mac;
		t.src = *src;
		t.target = *dst;
		t.ip_id = (uint16_t)rnd32(r);
		t.sport = (uint16_t)(33000 + rnd32(r) % 20000);
		t.dport = EW_PKT_TEST_DPORT;
		uint32_t k1 = rnd32(r), k2 = rnd32(r);
		memcpy(t.cookie, &k1, 4);
		memcpy(t.cookie + 4, &k2, 4);
		if (!ew_tematch_add(r->te, &t))
			return false;
		o->stim = EW_PROBE_STIM_FORWARD;
		o->len = ew_pkt_ttl1(o->buf, sizeof o->buf, &t);
		char a[EW_IP_STRLEN], b[EW_IP_STRLEN];
		ew_ip_str(src, a);
		ew_ip_str(dst, b);
		snprintf(o->what, sizeof o->what, v6 ? "UDP [%s]:%u > [%s]:%u %s 1 (forwarding test) id 0x%04x"
						      : "UDP %s:%u > %s:%u %s 1 (forwarding test) id 0x%04x",
			 a, t.sport, b, t.dport, v6 ? "hop limit" : "TTL", t.ip_id);
		return true;
	}
	return false;
}

/* ---- the fetches --------------------------------------------------------------------- */

static void fetch_log(struct run *r, const char *what, const char *url, const struct ew_fetch_result *f, bool ok)
{
	if (ok)
		logf_line(r, "fetch %s %s: HTTP %ld, %zu bytes%s", what, url, f->status, f->len,
			  f->truncated ? " (cut at the cap)" : "");
	else
		logf_line(r, "fetch %s %s: %s", what, url, f->err);
}

static void set_str(struct ew_str *d, const char *s)
{
	ew_str_set(d, (const uint8_t *)s, strlen(s));
}

static void fetch_igd(struct run *r, const struct ew_fetch_scope *scope, size_t li, int64_t *ts)
{
	const char *loc = r->locations[li];
	struct ew_fetch_result f;
	bool ok = ew_fetch(scope, loc, NULL, NULL, &f);
	r->st->fetches++;
	fetch_log(r, "description", loc, &f, ok);
	struct ew_upnp_desc d;
	enum ew_upnp_err e = ok && f.status == 200 ? ew_upnp_parse_desc(f.body, f.len, &d) : EW_UPNP_SYNTAX;
	struct ew_ip at = f.host;
	ew_fetch_result_free(&f);
	if (!ok || e != EW_UPNP_OK) {
		r->st->fetch_failed++;
		if (ok)
			logf_line(r, "description %s: %s", loc, ew_upnp_err_name(e));
		return;
	}
	struct ew_ev_probe p;
	memset(&p, 0, sizeof p);
	p.finding = EW_PROBE_UPNP;
	p.stimulus = EW_PROBE_STIM_SSDP;
	p.addr = at;
	set_str(&p.manufacturer, d.manufacturer.s);
	set_str(&p.model_name, d.model_name.s);
	set_str(&p.model_number, d.model_number.s);
	set_str(&p.friendly_name, d.friendly_name.s);
	*ts = now_usec();
	finding(r, &r->location_mac[li], *ts, &p);
	if (!d.wan_control[0])
		return;
	char url[EW_FETCH_URL_LEN];
	if (!ew_fetch_resolve(d.url_base[0] ? d.url_base : loc, d.wan_control, url, sizeof url))
		return;
	char action[EW_UPNP_URLLEN + 64], body[EW_UPNP_URLLEN + 512];
	snprintf(action, sizeof action, "%s#%s", d.wan_service, SOAP_GET_EXT);
	snprintf(body, sizeof body,
		 "<?xml version=\"1.0\"?>\r\n<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
		 "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><u:%s xmlns:u=\"%s\"/>"
		 "</s:Body></s:Envelope>\r\n",
		 SOAP_GET_EXT, d.wan_service);
	ok = ew_fetch(scope, url, action, body, &f);
	r->st->fetches++;
	fetch_log(r, SOAP_GET_EXT, url, &f, ok);
	struct ew_ip ext;
	e = ok && f.status == 200 ? ew_upnp_parse_ext_ip(f.body, f.len, &ext) : EW_UPNP_MISSING;
	ew_fetch_result_free(&f);
	if (e != EW_UPNP_OK) {
		r->st->fetch_failed++;
		return;
	}
	memset(&p, 0, sizeof p);
	p.finding = EW_PROBE_WAN;
	p.stimulus = EW_PROBE_STIM_SSDP;
	p.addr = ext;
	const struct ew_carrier *cr = r->carriers ? ew_carrier_lookup(r->carriers, &ext) : NULL;
	if (cr) {
		set_str(&p.carrier, cr->name);
		p.mobile = cr->kind == EW_CARRIER_MOBILE;
		p.asn = cr->asn;
	}
	char a[EW_IP_STRLEN];
	ew_ip_str(&ext, a);
	*ts = now_usec();
	logf_line(r, "external address %s of %s: %s%s at +%.3f s", a, loc, cr ? cr->name : "no carrier range",
		  cr ? (cr->kind == EW_CARRIER_MOBILE ? " (mobile)" : cr->kind == EW_CARRIER_MIXED ? " (mobile or fixed)" : " (fixed)") : "",
		  (double)(*ts - r->st->start_usec) / 1e6);
	finding(r, &r->location_mac[li], *ts, &p);
}

static void fetch_admin(struct run *r, const struct ew_fetch_scope *scope, struct cand *c)
{
	if (c->ip4.family != EW_AF_INET || c->fetched_http)
		return;
	/* a candidate router: it answered as one, or forwarded (ARP alone is any host: no page fetched) */
	if (!(c->answered & (EW_PROBE_STIM_DHCP | EW_PROBE_STIM_RS | EW_PROBE_STIM_IRDP | EW_PROBE_STIM_SSDP |
			     EW_PROBE_STIM_FORWARD)))
		return;
	c->fetched_http = true;
	char url[64], a[EW_IP_STRLEN];
	ew_ip_str(&c->ip4, a);
	snprintf(url, sizeof url, "http://%s/", a);
	struct ew_fetch_result f;
	bool ok = ew_fetch(scope, url, NULL, NULL, &f);
	r->st->fetches++;
	fetch_log(r, "admin page", url, &f, ok);
	if (ok) {
		char title[EW_HTML_TITLE_LEN + 1];
		ew_html_title(f.body, f.len, title);
		struct ew_ev_probe p;
		memset(&p, 0, sizeof p);
		p.finding = EW_PROBE_HTTP;
		p.stimulus = EW_PROBE_STIM_HTTP;
		p.addr = f.host;
		ew_lstr_set(&p.title, (const uint8_t *)title, strlen(title));
		set_str(&p.server, f.server);
		if (title[0] || f.server[0])
			finding(r, &c->mac, now_usec(), &p);
	} else
		r->st->fetch_failed++;
	ew_fetch_result_free(&f);
}

/* ---- set-up -------------------------------------------------------------------------- */

static bool iface_addrs(struct run *r, char *err, size_t errlen)
{
	struct ifaddrs *ifa = NULL;
	if (getifaddrs(&ifa) != 0) {
		snprintf(err, errlen, "getifaddrs: %s", strerror(errno));
		return false;
	}
	bool have_mac = false;
	struct ew_ip ll = { 0 };
	for (struct ifaddrs *i = ifa; i; i = i->ifa_next) {
		if (!i->ifa_addr || strcmp(i->ifa_name, r->cfg->iface) != 0)
			continue;
		int fam = i->ifa_addr->sa_family;
		if (fam == AF_PACKET) {
			const struct sockaddr_ll *sl = (const struct sockaddr_ll *)(const void *)i->ifa_addr;
			if (sl->sll_halen == EW_MAC_LEN) {
				memcpy(r->mac.b, sl->sll_addr, EW_MAC_LEN);
				have_mac = true;
			}
		} else if (fam == AF_INET) {
			const struct sockaddr_in *s4 = (const struct sockaddr_in *)(const void *)i->ifa_addr;
			struct ew_ip ip = ew_ip4_from_bytes((const uint8_t *)&s4->sin_addr);
			if (r->ip4.family == EW_AF_NONE && in_subnets(r->cfg, &ip))
				r->ip4 = ip;
		} else if (fam == AF_INET6) {
			const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)(const void *)i->ifa_addr;
			struct ew_ip ip = ew_ip6_from_bytes(s6->sin6_addr.s6_addr);
			if (ew_ip_is_linklocal(&ip))
				ll = ip;
			else if (r->ip6.family == EW_AF_NONE && in_subnets(r->cfg, &ip))
				r->ip6 = ip;
		}
	}
	freeifaddrs(ifa);
	if (r->ip6.family == EW_AF_NONE)
		r->ip6 = ll;
	if (!have_mac) {
		snprintf(err, errlen, "%s: no such Ethernet interface", r->cfg->iface);
		return false;
	}
	return true;
}

static int fail(char *err, size_t errlen, int rc, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return rc;
}

struct ew_probe {
	struct ew_probe_config cfg;
	pcap_t *pc;
	libnet_t *ln;
	int ssdp_fd;
	uint16_t ssdp_port;
	struct ew_mac mac, dhcp_mac;
};

static int run_with(const struct ew_probe_config *cfg, struct ew_probe *h, struct ew_probe_stats *st, char *err,
		    size_t errlen)
{
	memset(st, 0, sizeof *st);
	if (!cfg->iface || !cfg->subnet_count)
		return fail(err, errlen, 2, "an interface and at least one --subnet are needed");
	unsigned pps = cfg->rate_pps ? cfg->rate_pps : EW_RATE_DEFAULT_PPS;
	struct run r;
	memset(&r, 0, sizeof r);
	r.cfg = cfg;
	r.st = st;
	if (!ew_rate_init(&r.rate, pps))
		return fail(err, errlen, 2, "--rate must be 1 to 1000 packets a second");
	if (cfg->stimuli & EW_PROBE_STIM_ARP) {
		struct ew_sweep_plan plan;
		ew_sweep_plan(cfg->subnets, cfg->subnet_count, pps, cfg->allow_large_sweep, &plan);
		if (plan.refused) {
			snprintf(err, errlen, "ARP sweep refused: %s (%llu addresses, %llu s at %u/s)", plan.why,
				 (unsigned long long)plan.hosts, (unsigned long long)plan.seconds, pps);
			return 2;
		}
		st->sweep_hosts = plan.hosts;
		st->sweep_seconds = plan.seconds;
	}
	if (!iface_addrs(&r, err, errlen))
		return 2;
	if (r.ip4.family == EW_AF_NONE &&
	    (cfg->stimuli & (EW_PROBE_STIM_ARP | EW_PROBE_STIM_IRDP | EW_PROBE_STIM_SSDP | EW_PROBE_STIM_FORWARD))) {
		snprintf(err, errlen, "%s has no IPv4 address inside the configured subnets: the probes send from an "
				      "access port with an address", cfg->iface);
		return 2;
	}
	r.target4 = cfg->target4;
	r.target6 = cfg->target6;
	if (r.target4.family == EW_AF_NONE)
		ew_ip_parse("192.0.2.1", &r.target4); /* RFC 5737 TEST-NET-1 */
	if (r.target6.family == EW_AF_NONE)
		ew_ip_parse("2001:db8::1", &r.target6); /* RFC 3849 documentation prefix */
	if (in_subnets(cfg, &r.target4) || in_subnets(cfg, &r.target6))
		return fail(err, errlen, 2, "the forwarding test target must lie outside every configured subnet");
	r.dhcp_mac = r.mac;
	r.dhcp_mac.b[0] |= 0x02; /* locally administered: never a real client's identity */
	if (cfg->has_dhcp_mac)
		r.dhcp_mac = cfg->dhcp_mac;
	r.rnd = (uint64_t)now_usec() ^ ((uint64_t)getpid() << 32);
	r.dhcp_xid = rnd32(&r);
	r.dhcp6_xid = rnd32(&r) & 0xffffff;
	r.ssdp_port = (uint16_t)(40000 + rnd32(&r) % 20000);
	r.te = calloc(1, sizeof *r.te);
	r.cands = calloc(EW_PROBE_CANDIDATES_MAX, sizeof *r.cands);
	if (!r.te || !r.cands) {
		free(r.te);
		free(r.cands);
		return fail(err, errlen, 1, "out of memory");
	}
	ew_tematch_init(r.te);
	ew_dissector_init(&r.dis, on_event, &r);
	int rc = 0;
	char a[EW_IP_STRLEN], m[EW_MAC_STRLEN];
	ew_ip_str(&r.ip4, a);
	ew_mac_str(&r.mac, m);
	st->start_usec = now_usec();
	logf_line(&r, "probe %s (%s %s): rate %u/s, listen %u s after the last packet%s", cfg->iface, m, a, pps,
		  cfg->listen_sec, cfg->dry_run ? ", dry run: nothing is sent" : "");
	if (cfg->stimuli & EW_PROBE_STIM_ARP)
		logf_line(&r, "ARP sweep: %llu addresses, about %llu s at %u/s", (unsigned long long)st->sweep_hosts,
			  (unsigned long long)st->sweep_seconds, pps);
	struct out o;
	if (cfg->dry_run) {
		while (next_stimulus(&r, &o))
			if (!emit(&r, &o, err, errlen)) {
				rc = 1;
				break;
			}
		if (!rc && (cfg->stimuli & EW_PROBE_STIM_FORWARD)) {
			/* the tests go to MACs that answer: shown for a placeholder MAC */
			if (cand_get(&r, &(struct ew_mac){ { 0x02, 0, 0, 0, 0, 0 } }))
				st->candidates--;
			while (next_test(&r, &o))
				if (!emit(&r, &o, err, errlen)) {
					rc = 1;
					break;
				}
			logf_line(&r, "(forwarding tests go to each MAC that answers, shown above for 02:00:00:00:00:00)");
		}
		goto done;
	}
	r.pc = h->pc;
	r.ln = h->ln;
	r.ssdp_port = h->ssdp_port;
	/* an open handle kept capturing since the last run: nothing it holds answers this one */
	while (pcap_dispatch(r.pc, -1, discard, NULL) > 0)
		;
	/* send: fixed stimuli and the sweep, with due tests interleaved */
	for (;;) {
		if (cfg->stop && *cfg->stop)
			break;
		bool have = next_test(&r, &o) || next_stimulus(&r, &o);
		if (!have) {
			/* listen until listen_sec after the last packet; a late answer gets its test */
			int64_t end = (st->last_send_usec ? st->last_send_usec : now_usec()) +
				      (int64_t)cfg->listen_sec * 1000000;
			int64_t t = now_usec();
			if (t >= end)
				break;
			struct pollfd pfd = { pcap_get_selectable_fd(r.pc), POLLIN, 0 };
			int ms = (int)((end - t) / 1000);
			if (poll(&pfd, 1, ms > 200 ? 200 : ms) > 0)
				pcap_dispatch(r.pc, -1, on_packet, (u_char *)&r);
			continue;
		}
		if (!emit(&r, &o, err, errlen)) {
			rc = 1;
			goto done;
		}
		pcap_dispatch(r.pc, -1, on_packet, (u_char *)&r);
	}
	pcap_dispatch(r.pc, -1, on_packet, (u_char *)&r);
	/* the fetches, to addresses inside the subnets only */
	if (cfg->stimuli & (EW_PROBE_STIM_SSDP | EW_PROBE_STIM_HTTP)) {
		struct ew_fetch_scope scope = { cfg->subnets, cfg->subnet_count };
		char cerr[256];
		if (cfg->carriers_path) {
			r.carriers = calloc(1, sizeof *r.carriers);
			if (r.carriers && !ew_carrier_load(r.carriers, cfg->carriers_path, cerr, sizeof cerr)) {
				logf_line(&r, "carriers: %s (no carrier hint)", cerr);
				free(r.carriers);
				r.carriers = NULL;
			}
		}
		if (!ew_fetch_global_init()) {
			logf_line(&r, "libcurl did not start: no fetches");
		} else {
			int64_t ts = 0;
			if (cfg->stimuli & EW_PROBE_STIM_SSDP)
				for (size_t i = 0; i < r.nloc; i++)
					fetch_igd(&r, &scope, i, &ts);
			if (cfg->stimuli & EW_PROBE_STIM_HTTP)
				for (size_t i = 0; i < r.ncand; i++)
					fetch_admin(&r, &scope, &r.cands[i]);
			ew_fetch_global_cleanup();
		}
	}
done:
	st->end_usec = now_usec();
	if (!cfg->dry_run || rc == 0)
		logf_line(&r, "%s %llu packets (dhcp %llu, dhcp6 %llu, rs %llu, irdp %llu, ssdp %llu, arp %llu, forward %llu); "
			      "%llu answers from %llu MACs, %llu forwarded, %llu fetches",
			  cfg->dry_run ? "would send" : "sent", (unsigned long long)st->sent_total,
			  (unsigned long long)st->sent[0], (unsigned long long)st->sent[1], (unsigned long long)st->sent[2],
			  (unsigned long long)st->sent[3], (unsigned long long)st->sent[4], (unsigned long long)st->sent[5],
			  (unsigned long long)st->sent[6], (unsigned long long)st->answers,
			  (unsigned long long)st->candidates, (unsigned long long)st->te_matched,
			  (unsigned long long)st->fetches);
	free(r.carriers);
	free(r.te);
	free(r.cands);
	return rc;
}

/* ---- handles that outlive a run (the agent opens them as root, then drops) ------------ */


struct ew_probe *ew_probe_open(const struct ew_probe_config *cfg, char *err, size_t errlen)
{
	struct run r;
	memset(&r, 0, sizeof r);
	r.cfg = cfg;
	if (!cfg->iface || !cfg->subnet_count) {
		snprintf(err, errlen, "an interface and at least one subnet are needed");
		return NULL;
	}
	if (!iface_addrs(&r, err, errlen))
		return NULL;
	if (r.ip4.family == EW_AF_NONE) {
		snprintf(err, errlen, "%s has no IPv4 address inside the configured subnets: the probes send from an "
				      "access port with an address", cfg->iface);
		return NULL;
	}
	struct ew_probe *h = calloc(1, sizeof *h);
	if (!h) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	h->cfg = *cfg;
	h->ssdp_fd = -1;
	h->mac = r.mac;
	h->dhcp_mac = r.mac;
	h->dhcp_mac.b[0] |= 0x02;
	if (cfg->has_dhcp_mac)
		h->dhcp_mac = cfg->dhcp_mac;
	char perr[PCAP_ERRBUF_SIZE] = "", lerr[LIBNET_ERRBUF_SIZE] = "";
	h->pc = pcap_create(cfg->iface, perr);
	if (!h->pc || pcap_set_snaplen(h->pc, 65535) || pcap_set_promisc(h->pc, 1) || pcap_set_immediate_mode(h->pc, 1) ||
	    pcap_set_timeout(h->pc, 100) || pcap_activate(h->pc) < 0) {
		snprintf(err, errlen, "capture on %s: %s", cfg->iface, h->pc ? pcap_geterr(h->pc) : perr);
		goto fail;
	}
	if (pcap_datalink(h->pc) != DLT_EN10MB) {
		snprintf(err, errlen, "%s is not Ethernet", cfg->iface);
		goto fail;
	}
	pcap_setdirection(h->pc, PCAP_D_IN); /* our own packets are not answers */
	pcap_setnonblock(h->pc, 1, perr);
	/* The M-SEARCH source port is a bound socket's, so the answers reach a
	 * port that is open and the kernel sends no port unreachable back. */
	if (cfg->stimuli & EW_PROBE_STIM_SSDP) {
		struct sockaddr_in sin = { .sin_family = AF_INET };
		socklen_t sl = sizeof sin;
		memcpy(&sin.sin_addr, r.ip4.a, 4);
		h->ssdp_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (h->ssdp_fd < 0 || bind(h->ssdp_fd, (struct sockaddr *)&sin, sizeof sin) != 0 ||
		    getsockname(h->ssdp_fd, (struct sockaddr *)&sin, &sl) != 0) {
			snprintf(err, errlen, "SSDP socket: %s", strerror(errno));
			goto fail;
		}
		h->ssdp_port = ntohs(sin.sin_port);
	}
	h->ln = libnet_init(LIBNET_LINK_ADV, cfg->iface, lerr);
	if (!h->ln) {
		snprintf(err, errlen, "libnet on %s: %s", cfg->iface, lerr);
		goto fail;
	}
	return h;
fail:
	ew_probe_close(h);
	return NULL;
}

void ew_probe_close(struct ew_probe *h)
{
	if (!h)
		return;
	if (h->ln)
		libnet_destroy(h->ln);
	if (h->pc)
		pcap_close(h->pc);
	if (h->ssdp_fd >= 0)
		close(h->ssdp_fd);
	free(h);
}

bool ew_probe_own_mac(const struct ew_probe *h, const struct ew_mac *m)
{
	return h && (ew_mac_eq(m, &h->mac) || ew_mac_eq(m, &h->dhcp_mac));
}

size_t ew_probe_own_macs(const struct ew_probe *h, struct ew_mac out[2])
{
	out[0] = h->mac;
	out[1] = h->dhcp_mac;
	return 2;
}

int ew_probe_run_open(struct ew_probe *h, struct ew_probe_stats *st, char *err, size_t errlen)
{
	return run_with(&h->cfg, h, st, err, errlen);
}

int ew_probe_run(const struct ew_probe_config *cfg, struct ew_probe_stats *st, char *err, size_t errlen)
{
	if (cfg->dry_run)
		return run_with(cfg, NULL, st, err, errlen);
	/* refusals first: nothing is opened for a run that would be refused */
	struct ew_probe_config check = *cfg;
	check.dry_run = true;
	check.dry_out = fopen("/dev/null", "w");
	check.log = NULL;
	int rc = check.dry_out ? run_with(&check, NULL, st, err, errlen) : 0;
	if (check.dry_out)
		fclose(check.dry_out);
	if (rc)
		return rc;
	struct ew_probe *h = ew_probe_open(cfg, err, errlen);
	if (!h)
		return 2;
	rc = run_with(cfg, h, st, err, errlen);
	ew_probe_close(h);
	return rc;
}
