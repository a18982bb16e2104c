/* SPDX-License-Identifier: ISC */
/* ew-gen.c - writes synthetic SPAN captures of an EMR segment, with planted
 * egress devices, and prints each scenario's ground truth.
 *
 *   ew-gen SCENARIO -o OUT.pcap [--packets N] [--hosts H] [--seed S] [--vlan ID]
 *   ew-gen SCENARIO --truth [--hosts H] [--seed S] [--vlan ID]
 *   ew-gen --list
 *
 * Frames are built byte by byte with explicit network-order writes (never a
 * struct overlay), with correct IPv4, UDP, TCP, ICMP and ICMPv6 checksums, so
 * Wireshark decodes every frame without a warning. The output is the same for
 * the same arguments: one seeded PRNG drives every choice.
 *
 * Conversations (a DHCP exchange, a TLS session, an RA...) are built whole,
 * each frame stamped with its own time, and pushed into a time-ordered queue;
 * frames leave the queue once no conversation starting later can precede
 * them. That gives interleaved, monotonic timestamps like a real SPAN port.
 *
 * The scenarios model the device classes of DESIGN §3 and the lab of issue 4.
 * MAC prefixes are IEEE MA-L assignments looked up in Debian's ieee-data
 * (/usr/share/ieee-data/oui.csv); the comments say which role each maker
 * plays, never the registry name, so the agent's vendor lookup is what names
 * them in a report.
 */
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <math.h>
#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Bump when the output for the same arguments changes (bench cache key). */
#define GEN_VERSION "2"

#define FRAME_MAX 1600
#define MIN_FRAME 60          /* Ethernet minimum without FCS: shorter frames are padded */
#define EPOCH_SEC 1793579400LL /* 2026-11-02 09:30:00 JST: a Monday morning */

/* ---- deterministic randomness ------------------------------------------------ */

struct rng {
	uint64_t s;
};

/* splitmix64: small, fast, and good enough for traffic shapes. */
static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t rng_below(struct rng *r, uint32_t n)
{
	return n ? (uint32_t)((rng_next(r) >> 32) * (uint64_t)n >> 32) : 0;
}

/* inclusive range */
static uint32_t rng_range(struct rng *r, uint32_t lo, uint32_t hi)
{
	return lo + rng_below(r, hi - lo + 1);
}

static bool rng_chance(struct rng *r, uint32_t percent)
{
	return rng_below(r, 100) < percent;
}

/* exponential inter-arrival with the given mean, capped at 8x */
static int64_t rng_exp(struct rng *r, int64_t mean)
{
	double u = ((double)(rng_next(r) >> 11) + 1.0) / 9007199254740993.0;
	double v = -log(u);
	if (v > 8)
		v = 8;
	return (int64_t)(v * (double)mean) + 1;
}

/* ---- addresses ------------------------------------------------------------------ */

#define IP4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

static const uint8_t MAC_BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t MAC_ZERO[6] = { 0 };

/* IPv4 multicast group -> 01:00:5e + low 23 bits (RFC 1112 §6.4) */
static void mac_mcast4(uint8_t out[6], uint32_t group)
{
	out[0] = 0x01;
	out[1] = 0x00;
	out[2] = 0x5e;
	out[3] = (uint8_t)(group >> 16 & 0x7f);
	out[4] = (uint8_t)(group >> 8);
	out[5] = (uint8_t)group;
}

/* IPv6 multicast -> 33:33 + low 32 bits (RFC 2464 §7) */
static void mac_mcast6(uint8_t out[6], const uint8_t ip6[16])
{
	out[0] = 0x33;
	out[1] = 0x33;
	memcpy(out + 2, ip6 + 12, 4);
}

static void ip6_set(uint8_t out[16], uint16_t g0, uint16_t g1, uint16_t g2, uint16_t g3, uint64_t iid)
{
	uint16_t g[4] = { g0, g1, g2, g3 };
	for (int i = 0; i < 4; i++) {
		out[2 * i] = (uint8_t)(g[i] >> 8);
		out[2 * i + 1] = (uint8_t)g[i];
	}
	for (int i = 0; i < 8; i++)
		out[8 + i] = (uint8_t)(iid >> (56 - 8 * i));
}

/* modified EUI-64 interface id from a MAC (RFC 4291 appendix A) */
static uint64_t eui64(const uint8_t mac[6])
{
	uint64_t v = 0;
	uint8_t b[8] = { (uint8_t)(mac[0] ^ 0x02), mac[1], mac[2], 0xff, 0xfe, mac[3], mac[4], mac[5] };
	for (int i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

static void solicited_node(uint8_t out[16], const uint8_t target[16])
{
	static const uint8_t pfx[13] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff };
	memcpy(out, pfx, 13);
	memcpy(out + 13, target + 13, 3);
}

static const uint8_t IP6_ALL_NODES[16] = { 0xff, 0x02, [15] = 1 };
static const uint8_t IP6_MDNS[16] = { 0xff, 0x02, [15] = 0xfb };

/* ---- hosts and the world ---------------------------------------------------------- */

/* A DHCP server's settings (what it puts in OFFER/ACK). */
struct dhcpd {
	uint32_t mask, router, dns, lease;
	const char *domain;
	uint32_t pool_next;  /* next address leased to a client that accepts */
	uint32_t decline_base; /* offers that clients decline come from here */
	bool classless;      /* sends options 121 and 249 */
	uint32_t route_dst[3];
	uint8_t route_len[3];
	uint32_t route_gw[3];
	uint8_t route_count;
};

struct host {
	uint8_t mac[6];
	uint32_t ip4, ip4b;   /* host order; 0 = none (ip4: no lease yet) */
	uint8_t ll6[16], ula6[16];
	bool v6;              /* also speaks IPv6 (link-local + ULA) */
	uint8_t ttl;          /* initial TTL of its stack */
	uint16_t ipid;
	uint16_t eport;       /* next ephemeral port */
	uint16_t vlan;
	char name[32];        /* DHCP hostname; empty: sends none */
	const char *vclass;   /* DHCP vendor class; NULL: none */
	bool emr;             /* an EMR client: talks to the EMR server */
	struct host *gw;      /* its gateway to public addresses; NULL: none on this segment */
	struct host *dhcp;    /* the DHCP server it takes a lease from */
	struct dhcpd *srv;    /* set when it serves DHCP */
	struct host *fwd;     /* as a gateway: forwards to this router (and redirects) */
	struct host *ac;      /* dials PPPoE to this access concentrator */
	uint16_t pppoe_sid;   /* PPPoE session, once established */
	uint32_t ppp_ip;      /* address IPCP gave it */
	bool public_side;     /* a NAT/forwarder: replies it relays come with TTL-1 */
	uint32_t giaddr;      /* as a DHCP server seen through a relay: the relay's address (giaddr) */
	bool no_dhcp;         /* a static address: never renews or reboots by DHCP */
};

enum truth_kind { T_DECLARED, T_PLANTED, T_TOLERATED, T_BENIGN };
static const char *const truth_kind_name[] = { "declared", "planted", "tolerated", "benign" };

struct truth {
	const struct host *h;
	enum truth_kind kind;
	const char *what;
	const char *cls;       /* planted: expected class */
	const char *allowed;   /* planted: accepted classes, comma-separated */
	const char *evidence;  /* what it shows on the wire, comma-separated (informational) */
	bool in_report;        /* declared: must appear (it has router/DHCP evidence) */
};

struct gen;
struct world;
typedef void (*task_fn)(struct gen *g, struct world *w, struct host *h);

/* Planted behaviour that recurs: runs when the count of frames started
 * reaches `next`, then every `every` frames (0: once). */
struct task {
	task_fn fn;
	struct host *h;
	uint64_t next, every;
};

#define TRUTH_MAX 48
#define TASK_MAX 24
#define SERVERS_MAX 8

struct world {
	struct host *h;
	size_t n, cap;
	struct host **bg;          /* hosts that ordinary background activity picks */
	size_t nbg;
	struct host *servers[SERVERS_MAX]; /* every DHCP server on the wire */
	size_t nservers;
	struct host *core, *dhcp, *emr, *printers[16];
	size_t nprinters;
	struct truth truth[TRUTH_MAX];
	size_t ntruth;
	struct task tasks[TASK_MAX];
	size_t ntasks;
	uint16_t vlan_site, vlan_rogue;
	uint32_t pool_next;        /* the declared server's pool */
	int64_t gap_mean;          /* mean time between conversation starts, us */
	bool prelease;             /* hosts start with a lease (mid-day capture) */
	bool learn;                /* the agent gets no --subnet: it learns them */
	unsigned collide_round;    /* task_collide: which kind of exchange comes next */
};

/* ---- output: time-ordered frame queue ----------------------------------------------- */

struct qbuf {
	struct qbuf *next;
	uint8_t b[FRAME_MAX];
};

struct qent {
	int64_t ts;
	uint64_t seq;
	uint32_t len;
	struct qbuf *buf;
};

struct gen {
	struct rng rng;
	pcap_dumper_t *dump;
	struct qent *heap;
	size_t heap_n, heap_cap;
	struct qbuf *free_bufs;
	uint64_t seq;
	uint64_t started;   /* frames pushed */
	uint64_t written;
	uint64_t target;
	int64_t now;        /* us since the epoch: start of the current conversation */
	int64_t last_out;
	uint8_t pool[4096]; /* random bytes for encrypted-looking payloads */
};

static bool qless(const struct qent *a, const struct qent *b)
{
	return a->ts < b->ts || (a->ts == b->ts && a->seq < b->seq);
}

static void heap_push(struct gen *g, struct qent e)
{
	if (g->heap_n == g->heap_cap) {
		size_t nc = g->heap_cap ? g->heap_cap * 2 : 1024;
		struct qent *nh = realloc(g->heap, nc * sizeof *nh);
		if (!nh) {
			fprintf(stderr, "ew-gen: out of memory\n");
			exit(2);
		}
		g->heap = nh;
		g->heap_cap = nc;
	}
	size_t i = g->heap_n++;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!qless(&e, &g->heap[p]))
			break;
		g->heap[i] = g->heap[p];
		i = p;
	}
	g->heap[i] = e;
}

static struct qent heap_pop(struct gen *g)
{
	struct qent top = g->heap[0];
	struct qent last = g->heap[--g->heap_n];
	size_t i = 0;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		const struct qent *mv = &last;
		if (l < g->heap_n && qless(&g->heap[l], mv)) {
			m = l;
			mv = &g->heap[l];
		}
		if (r < g->heap_n && qless(&g->heap[r], mv))
			m = r;
		if (m == i)
			break;
		g->heap[i] = g->heap[m];
		i = m;
	}
	if (g->heap_n)
		g->heap[i] = last;
	return top;
}

static void write_frame(struct gen *g, int64_t ts, const uint8_t *b, uint32_t len)
{
	struct pcap_pkthdr h;
	if (ts < g->last_out) /* cannot happen by construction; keep the file ordered anyway */
		ts = g->last_out;
	g->last_out = ts;
	h.ts.tv_sec = (time_t)(ts / 1000000);
	h.ts.tv_usec = (suseconds_t)(ts % 1000000);
	h.caplen = h.len = len;
	pcap_dump((u_char *)g->dump, &h, b);
	g->written++;
}

static void flush_until(struct gen *g, int64_t t)
{
	while (g->heap_n && g->heap[0].ts <= t) {
		struct qent e = heap_pop(g);
		write_frame(g, e.ts, e.buf->b, e.len);
		e.buf->next = g->free_bufs;
		g->free_bufs = e.buf;
	}
}

static void queue_frame(struct gen *g, int64_t ts, const uint8_t *b, size_t len)
{
	struct qbuf *qb = g->free_bufs;
	if (qb)
		g->free_bufs = qb->next;
	else if (!(qb = malloc(sizeof *qb))) {
		fprintf(stderr, "ew-gen: out of memory\n");
		exit(2);
	}
	memcpy(qb->b, b, len);
	heap_push(g, (struct qent){ .ts = ts, .seq = g->seq++, .len = (uint32_t)len, .buf = qb });
	g->started++;
}

/* ---- frame builder ----------------------------------------------------------------- */

/* One conversation: its clock, its VLAN, and the frame being built. Offsets
 * remember where each header starts so lengths and checksums are written
 * once the payload is known. */
struct conv {
	struct gen *g;
	int64_t t;
	uint16_t vlan;
	uint16_t pppoe_sid;   /* nonzero: IP goes inside this PPPoE session */
	uint8_t f[FRAME_MAX];
	size_t n;
	size_t pppoe_off, ip_off, l4_off;
	uint8_t ipver;
};

static void put8(struct conv *c, uint8_t v)
{
	if (c->n < FRAME_MAX)
		c->f[c->n++] = v;
}

static void put16(struct conv *c, uint16_t v)
{
	put8(c, (uint8_t)(v >> 8));
	put8(c, (uint8_t)v);
}

static void put32(struct conv *c, uint32_t v)
{
	put16(c, (uint16_t)(v >> 16));
	put16(c, (uint16_t)v);
}

static void putn(struct conv *c, const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		put8(c, b[i]);
}

static void putz(struct conv *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put8(c, 0);
}

static void puts_(struct conv *c, const char *s)
{
	putn(c, s, strlen(s));
}

static void set16(struct conv *c, size_t off, uint16_t v)
{
	c->f[off] = (uint8_t)(v >> 8);
	c->f[off + 1] = (uint8_t)v;
}

static void wait_us(struct conv *c, int64_t lo, int64_t hi)
{
	c->t += lo + (int64_t)rng_below(&c->g->rng, (uint32_t)(hi - lo + 1));
}

static uint32_t csum_add(uint32_t acc, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		acc += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		acc += (uint32_t)p[n - 1] << 8;
	return acc;
}

static uint16_t csum_fold(uint32_t acc)
{
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)~acc;
}

/* Ethernet header, the VLAN tag of the conversation (IEEE 802.1Q), and the
 * PPPoE session header when IP rides in a session (RFC 2516 §4). */
static void eth(struct conv *c, const uint8_t dst[6], const uint8_t src[6], uint16_t type)
{
	c->n = 0;
	c->pppoe_off = c->ip_off = c->l4_off = 0;
	c->ipver = 0;
	putn(c, dst, 6);
	putn(c, src, 6);
	if (c->vlan) {
		put16(c, 0x8100);
		put16(c, c->vlan & 0x0fff);
	}
	if (c->pppoe_sid && (type == 0x0800 || type == 0x86dd)) {
		put16(c, 0x8864);
		c->pppoe_off = c->n;
		put8(c, 0x11);     /* version 1, type 1 */
		put8(c, 0);        /* code: session data */
		put16(c, c->pppoe_sid);
		put16(c, 0);       /* length, set in send() */
		put16(c, type == 0x0800 ? 0x0021 : 0x0057); /* PPP protocol: IPv4 / IPv6 */
		return;
	}
	put16(c, type);
}

static void send_frame(struct conv *c)
{
	if (c->pppoe_off)
		set16(c, c->pppoe_off + 4, (uint16_t)(c->n - c->pppoe_off - 6));
	while (c->n < MIN_FRAME)
		put8(c, 0);
	queue_frame(c->g, c->t, c->f, c->n);
}

static void ip4_begin(struct conv *c, uint32_t src, uint32_t dst, uint8_t proto, uint8_t ttl, uint16_t id, bool df)
{
	c->ip_off = c->n;
	c->ipver = 4;
	put8(c, 0x45);
	put8(c, 0);
	put16(c, 0);                      /* total length, in ip_end */
	put16(c, id);
	put16(c, df ? 0x4000 : 0);
	put8(c, ttl);
	put8(c, proto);
	put16(c, 0);                      /* header checksum, in ip_end */
	put32(c, src);
	put32(c, dst);
	c->l4_off = c->n;
}

static void ip6_begin(struct conv *c, const uint8_t src[16], const uint8_t dst[16], uint8_t nh, uint8_t hlim)
{
	c->ip_off = c->n;
	c->ipver = 6;
	put32(c, 0x60000000);
	put16(c, 0);                      /* payload length, in ip_end */
	put8(c, nh);
	put8(c, hlim);
	putn(c, src, 16);
	putn(c, dst, 16);
	c->l4_off = c->n;
}

/* Pseudo-header sum for the transport checksum (RFC 768, RFC 8200 §8.1). */
static uint32_t pseudo_sum(const struct conv *c, uint8_t proto, size_t l4len)
{
	uint32_t acc = 0;
	const uint8_t *ip = c->f + c->ip_off;
	if (c->ipver == 4) {
		acc = csum_add(acc, ip + 12, 8);
		acc += proto;
		acc += (uint32_t)l4len;
	} else {
		acc = csum_add(acc, ip + 8, 32);
		acc += (uint32_t)(l4len >> 16);
		acc += (uint32_t)(l4len & 0xffff);
		acc += proto;
	}
	return acc;
}

/* Closes the L4 header at l4_off: UDP length, then the checksum of
 * UDP (17), TCP (6), ICMPv6 (58, pseudo-header) or ICMP (1, no pseudo-header). */
static void l4_end(struct conv *c, uint8_t proto)
{
	size_t len = c->n - c->l4_off;
	size_t ck;
	uint32_t acc;
	switch (proto) {
	case 17:
		set16(c, c->l4_off + 4, (uint16_t)len);
		ck = c->l4_off + 6;
		acc = pseudo_sum(c, proto, len);
		break;
	case 6:
		ck = c->l4_off + 16;
		acc = pseudo_sum(c, proto, len);
		break;
	case 58:
		ck = c->l4_off + 2;
		acc = pseudo_sum(c, proto, len);
		break;
	default:
		ck = c->l4_off + 2;
		acc = 0;
		break;
	}
	set16(c, ck, 0);
	uint16_t sum = csum_fold(csum_add(acc, c->f + c->l4_off, len));
	if (proto == 17 && sum == 0)
		sum = 0xffff; /* RFC 768: zero means "no checksum" */
	set16(c, ck, sum);
}

static void ip_end(struct conv *c)
{
	size_t len = c->n - c->ip_off;
	if (c->ipver == 4) {
		set16(c, c->ip_off + 2, (uint16_t)len);
		set16(c, c->ip_off + 10, 0);
		set16(c, c->ip_off + 10, csum_fold(csum_add(0, c->f + c->ip_off, 20)));
	} else {
		set16(c, c->ip_off + 4, (uint16_t)(len - 40));
	}
}

static void udp_begin(struct conv *c, uint16_t sport, uint16_t dport)
{
	put16(c, sport);
	put16(c, dport);
	put16(c, 0);
	put16(c, 0);
}

/* ---- hosts ---------------------------------------------------------------------------- */

/* MA-L prefixes (oui.csv). Roles only in comments: the registry names them. */
static const uint8_t OUI_CORE[3] = { 0xf4, 0xbd, 0x9e };    /* enterprise router maker */
static const uint8_t OUI_SERVER[3] = { 0x4c, 0xae, 0xa3 };  /* server maker: the DHCP/DNS server */
static const uint8_t OUI_EMR[3] = { 0x68, 0x84, 0x7e };     /* Japanese server maker: EMR server */
static const uint8_t OUI_PRINTER[3] = { 0x3c, 0x2a, 0xf4 }; /* printer maker */
static const uint8_t OUI_PC[][3] = {                        /* PC and NIC makers */
	{ 0x98, 0xe7, 0x43 }, { 0x04, 0x0e, 0x3c }, { 0x10, 0xc5, 0x95 }, { 0xb0, 0xac, 0xfa }, { 0x34, 0xf6, 0x4b },
};
static const uint8_t OUI_HGW[3] = { 0xa4, 0x12, 0x42 };     /* maker of NTT HGWs ("NE" models) and Aterm */
static const uint8_t OUI_MOBILE[3] = { 0x10, 0x32, 0x7e };  /* maker of pocket/home mobile routers */
static const uint8_t OUI_SHARE_PC[3] = { 0x98, 0xe7, 0x43 }; /* PC maker */
static const uint8_t OUI_BRAS[3] = { 0x94, 0xf7, 0xad };    /* carrier-grade router maker: BRAS behind an ONU */
static const uint8_t OUI_RIP[3] = { 0x00, 0x15, 0x77 };     /* enterprise switch/router maker */
static const uint8_t OUI_IRDP[3] = { 0x08, 0x4f, 0xa9 };    /* enterprise router maker, other block */
static const uint8_t OUI_LINUXBOX[3] = { 0x0c, 0xc4, 0x7a }; /* server board maker: a Linux box */
static const uint8_t OUI_PI[3] = { 0xdc, 0xa6, 0x32 };      /* single-board computer maker */

static uint64_t seed_mix;

static struct host *host_new(struct world *w, const uint8_t oui[3], uint32_t serial)
{
	if (w->n == w->cap) {
		fprintf(stderr, "ew-gen: host table full\n");
		exit(2);
	}
	struct host *h = &w->h[w->n++];
	memset(h, 0, sizeof *h);
	/* serial * odd constant mod 2^24 is a bijection: distinct serials never collide */
	uint32_t low = (uint32_t)((serial * 0x9e3779b1u) ^ (uint32_t)seed_mix) & 0xffffff;
	memcpy(h->mac, oui, 3);
	h->mac[3] = (uint8_t)(low >> 16);
	h->mac[4] = (uint8_t)(low >> 8);
	h->mac[5] = (uint8_t)low;
	h->ttl = 128;
	h->ipid = (uint16_t)(serial * 2654435761u >> 8);
	h->eport = (uint16_t)(49152 + (serial * 7919u) % 12000);
	h->vlan = w->vlan_site;
	ip6_set(h->ll6, 0xfe80, 0, 0, 0, eui64(h->mac));
	return h;
}

static void host_random_iids(struct host *h, struct rng *r)
{
	/* Windows-style random interface ids (RFC 7217/4941), not EUI-64 */
	uint64_t iid = rng_next(r) & ~0x0200000000000000ULL;
	ip6_set(h->ll6, 0xfe80, 0, 0, 0, iid);
	ip6_set(h->ula6, 0xfd20, 0x0020, 0, 0, rng_next(r) & ~0x0200000000000000ULL);
}

static void truth_add(struct world *w, const struct host *h, enum truth_kind k, const char *what, const char *cls,
		      const char *allowed, const char *evidence, bool in_report)
{
	if (w->ntruth == TRUTH_MAX)
		return;
	w->truth[w->ntruth++] = (struct truth){ h, k, what, cls, allowed, evidence, in_report };
}

static void task_add(struct world *w, task_fn fn, struct host *h, uint64_t first, uint64_t every)
{
	if (w->ntasks == TASK_MAX)
		return;
	w->tasks[w->ntasks++] = (struct task){ fn, h, first, every };
}

static void bg_add(struct world *w, struct host *h)
{
	w->bg[w->nbg++] = h;
}

static void server_add(struct world *w, struct host *h)
{
	if (w->nservers < SERVERS_MAX)
		w->servers[w->nservers++] = h;
}

/* next address of a pool, skipping .0 and .255 of every /24 */
static uint32_t pool_take(uint32_t *next)
{
	while ((*next & 0xff) == 0 || (*next & 0xff) == 255)
		(*next)++;
	return (*next)++;
}

/* ---- L4 flows ------------------------------------------------------------------------- */

/* One TCP/UDP/ICMP exchange between an inside host and a peer. Client
 * frames go to `up1` (and, when that gateway forwards on this same segment,
 * again from `up1` to `up2`); frames toward the client come from `down`. */
struct flow {
	struct host *cli;
	bool v6;
	uint32_t cip, sip;
	const uint8_t *cip6, *sip6;
	uint16_t cport, sport;
	uint32_t cseq, sseq;
	const uint8_t *up1_mac, *up2_mac, *down_mac;
	const uint8_t *up2_src;
	uint8_t sttl;         /* TTL of server frames as seen on the segment */
	uint8_t cttl;
	uint16_t sid;         /* IP id of the far side */
	uint16_t mss;
	struct host *redirector; /* sends ICMP redirects to the client */
	uint32_t redirect_gw;
};

/* TCP flags */
enum { FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10 };

/* Writes `len` bytes that look like one TLS 1.2/1.3 application-data record
 * (RFC 8446 §5.1): content type 23, legacy version 0x0303, length, opaque. */
static void tls_fill(struct conv *c, size_t len)
{
	if (len < 6) {
		putz(c, len);
		return;
	}
	put8(c, 23);
	put16(c, 0x0303);
	put16(c, (uint16_t)(len - 5));
	size_t left = len - 5, off = rng_below(&c->g->rng, sizeof c->g->pool);
	while (left) {
		size_t k = sizeof c->g->pool - off;
		if (k > left)
			k = left;
		putn(c, c->g->pool + off, k);
		left -= k;
		off = 0;
	}
}

enum payload_kind { PL_NONE, PL_TLS, PL_BYTES };
struct payload {
	enum payload_kind kind;
	size_t len;
	const uint8_t *bytes;
};

/* Builds one IP packet of the flow (client->server when up) with the given
 * L2 addresses and TTL, then sends it. */
static void flow_packet(struct conv *c, struct flow *fl, bool up, const uint8_t *dmac, const uint8_t *smac, uint8_t ttl,
			uint8_t proto, uint8_t flags, const struct payload *pl, uint16_t ipid)
{
	eth(c, dmac, smac, fl->v6 ? 0x86dd : 0x0800);
	if (fl->v6)
		ip6_begin(c, up ? fl->cip6 : fl->sip6, up ? fl->sip6 : fl->cip6, proto, ttl);
	else
		ip4_begin(c, up ? fl->cip : fl->sip, up ? fl->sip : fl->cip, proto, ttl, ipid, proto == 6);
	uint16_t sp = up ? fl->cport : fl->sport, dp = up ? fl->sport : fl->cport;
	if (proto == 6) {
		size_t opt = (flags & SYN) ? 8 : 0;
		put16(c, sp);
		put16(c, dp);
		put32(c, up ? fl->cseq : fl->sseq);
		put32(c, (flags & ACK) ? (up ? fl->sseq : fl->cseq) : 0);
		put8(c, (uint8_t)((20 + opt) / 4 << 4));
		put8(c, flags);
		put16(c, up ? 64240 : 65160); /* no window scaling: both fit 16 bits */
		put16(c, 0);
		put16(c, 0);
		if (flags & SYN) {
			put8(c, 2); /* MSS (RFC 9293 §3.7.1) */
			put8(c, 4);
			put16(c, fl->mss);
			put8(c, 1); /* NOP, NOP, SACK permitted (RFC 2018) */
			put8(c, 1);
			put8(c, 4);
			put8(c, 2);
		}
	} else if (proto == 17) {
		udp_begin(c, sp, dp);
	}
	if (pl) {
		if (pl->kind == PL_TLS)
			tls_fill(c, pl->len);
		else if (pl->kind == PL_BYTES)
			putn(c, pl->bytes, pl->len);
	}
	l4_end(c, proto);
	ip_end(c);
	send_frame(c);
}

static void icmp_redirect(struct conv *c, const struct host *router, const struct host *to, uint32_t gw,
			  const uint8_t orig[28]);

/* Client -> server: the client's frame, plus the gateway's forwarded copy
 * when the gateway hands it to another router on this segment, and that
 * gateway's ICMP redirect toward the better first hop. */
static void flow_up(struct conv *c, struct flow *fl, uint8_t proto, uint8_t flags, const struct payload *pl)
{
	uint16_t id = fl->cli->ipid++;
	flow_packet(c, fl, true, fl->up1_mac, fl->cli->mac, fl->cttl, proto, flags, pl, id);
	bool want_redirect = fl->redirector && !fl->v6 && proto == 6 && (flags & SYN);
	uint8_t orig[28];
	if (want_redirect) /* the frame just sent is still in c->f */
		memcpy(orig, c->f + c->ip_off, sizeof orig);
	if (fl->up2_mac) {
		wait_us(c, 40, 200);
		flow_packet(c, fl, true, fl->up2_mac, fl->up2_src, (uint8_t)(fl->cttl - 1), proto, flags, pl, id);
	}
	if (want_redirect) {
		wait_us(c, 10, 80);
		icmp_redirect(c, fl->redirector, fl->cli, fl->redirect_gw, orig);
	}
	if (proto == 6) {
		size_t dl = pl && pl->kind != PL_NONE ? pl->len : 0;
		fl->cseq += (uint32_t)dl + ((flags & (SYN | FIN)) ? 1 : 0);
	}
}

static void flow_down(struct conv *c, struct flow *fl, uint8_t proto, uint8_t flags, const struct payload *pl)
{
	flow_packet(c, fl, false, fl->cli->mac, fl->down_mac, fl->sttl, proto, flags, pl, fl->sid++);
	if (proto == 6) {
		size_t dl = pl && pl->kind != PL_NONE ? pl->len : 0;
		fl->sseq += (uint32_t)dl + ((flags & (SYN | FIN)) ? 1 : 0);
	}
}

static uint16_t next_port(struct host *h)
{
	uint16_t p = h->eport++;
	if (h->eport < 49152 || h->eport > 64999)
		h->eport = 49152;
	return p;
}

static void flow_init(struct flow *fl, struct gen *g, struct host *cli, uint16_t sport)
{
	memset(fl, 0, sizeof *fl);
	fl->cli = cli;
	fl->cip = cli->ip4;
	fl->cport = next_port(cli);
	fl->sport = sport;
	fl->cseq = (uint32_t)rng_next(&g->rng);
	fl->sseq = (uint32_t)rng_next(&g->rng);
	fl->sid = (uint16_t)rng_next(&g->rng);
	fl->cttl = cli->ttl;
	fl->mss = 1460;
}

/* A flow to a server on the segment (the EMR server), IPv4 or IPv6 ULA. */
static void flow_local(struct flow *fl, struct gen *g, struct host *cli, const struct host *srv, bool v6, uint16_t sport)
{
	flow_init(fl, g, cli, sport);
	fl->v6 = v6;
	fl->sip = (srv->ip4b && rng_chance(&g->rng, 30)) ? srv->ip4b : srv->ip4;
	fl->cip6 = cli->ula6;
	fl->sip6 = srv->ula6;
	fl->up1_mac = fl->down_mac = srv->mac;
	fl->sttl = srv->ttl;
	if (v6)
		fl->mss = 1440;
}

/* The TTL a public server's packet has when it reaches the segment. */
static uint8_t remote_ttl(struct gen *g)
{
	static const uint8_t base[] = { 64, 128, 64, 255 };
	return (uint8_t)(base[rng_below(&g->rng, 4)] - rng_range(&g->rng, 7, 19));
}

/* A flow to a public address through the client's gateway. A gateway that
 * forwards to another router on the segment (fl->up2) also redirects. */
static void flow_remote(struct flow *fl, struct gen *g, struct host *cli, uint32_t remote, uint16_t sport)
{
	struct host *gw = cli->gw;
	flow_init(fl, g, cli, sport);
	fl->sip = remote;
	fl->up1_mac = gw->mac;
	fl->down_mac = gw->mac;
	fl->sttl = remote_ttl(g);
	if (gw->fwd) {
		fl->up2_mac = gw->fwd->mac;
		fl->up2_src = gw->mac;
		fl->down_mac = gw->fwd->mac; /* replies come straight from the real gateway */
		fl->redirector = gw;
		fl->redirect_gw = gw->fwd->ip4;
	}
	if (gw->public_side)
		fl->sttl--; /* one more hop: the NAT box itself */
}

static uint32_t remote_pick(struct gen *g)
{
	/* mostly documentation ranges; a few well-known service addresses so the
	 * remote set looks like real browsing */
	static const uint32_t known[] = {
		IP4(13, 107, 6, 152), IP4(20, 42, 65, 92), IP4(52, 69, 186, 44), IP4(104, 18, 32, 47),
		IP4(142, 250, 196, 110), IP4(172, 217, 25, 174), IP4(157, 240, 199, 35), IP4(23, 215, 0, 136),
		IP4(54, 178, 2, 11), IP4(151, 101, 1, 69), IP4(163, 44, 165, 48), IP4(210, 155, 141, 200),
	};
	uint32_t p = rng_below(&g->rng, 100);
	if (p < 50)
		return IP4(203, 0, 113, rng_range(&g->rng, 1, 254));
	if (p < 65)
		return IP4(198, 51, 100, rng_range(&g->rng, 2, 254));
	return known[rng_below(&g->rng, sizeof known / sizeof known[0])];
}

/* A TLS-over-TCP session (port 443): handshake, `exchanges` request/response
 * rounds, orderly close (RFC 9293 §3.6). Sequence numbers stay consistent so
 * Wireshark's TCP analysis finds nothing to say. */
static void tcp_session(struct conv *c, struct flow *fl, int64_t rtt, uint32_t exchanges, uint32_t max_segs)
{
	struct rng *r = &c->g->rng;
	flow_up(c, fl, 6, SYN, NULL);
	wait_us(c, rtt, rtt + rtt / 4);
	flow_down(c, fl, 6, SYN | ACK, NULL);
	wait_us(c, 30, 300);
	flow_up(c, fl, 6, ACK, NULL);
	for (uint32_t e = 0; e < exchanges; e++) {
		wait_us(c, 100, 3000);
		struct payload req = { PL_TLS, rng_range(r, 90, 900), NULL };
		flow_up(c, fl, 6, PSH | ACK, &req);
		wait_us(c, rtt, rtt + rtt / 2 + 12000);
		uint32_t segs = rng_range(r, 1, max_segs);
		for (uint32_t s = 0; s < segs; s++) {
			bool last = s + 1 == segs;
			struct payload resp = { PL_TLS, last ? rng_range(r, 60, fl->mss) : fl->mss, NULL };
			flow_down(c, fl, 6, (uint8_t)((last ? PSH : 0) | ACK), &resp);
			if (s % 2 == 1 || last) {
				wait_us(c, 20, 200);
				flow_up(c, fl, 6, ACK, NULL);
			} else {
				wait_us(c, 10, 120);
			}
		}
	}
	wait_us(c, 1000, 60000);
	flow_up(c, fl, 6, FIN | ACK, NULL);
	wait_us(c, rtt, rtt + rtt / 4);
	flow_down(c, fl, 6, FIN | ACK, NULL);
	wait_us(c, 30, 300);
	flow_up(c, fl, 6, ACK, NULL);
}

/* ---- small application payloads ---------------------------------------------------- */

struct buf {
	uint8_t b[1024];
	size_t n;
};

static void b8(struct buf *b, uint8_t v)
{
	if (b->n < sizeof b->b)
		b->b[b->n++] = v;
}

static void b16(struct buf *b, uint16_t v)
{
	b8(b, (uint8_t)(v >> 8));
	b8(b, (uint8_t)v);
}

static void b32(struct buf *b, uint32_t v)
{
	b16(b, (uint16_t)(v >> 16));
	b16(b, (uint16_t)v);
}

static void bn(struct buf *b, const void *p, size_t n)
{
	const uint8_t *s = p;
	for (size_t i = 0; i < n; i++)
		b8(b, s[i]);
}

/* DNS name as labels (RFC 1035 §3.1), no compression */
static void bname(struct buf *b, const char *name)
{
	const char *p = name;
	while (*p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		b8(b, (uint8_t)n);
		bn(b, p, n);
		p += n;
		if (*p == '.')
			p++;
	}
	b8(b, 0);
}

static void dns_query(struct buf *b, uint16_t id, const char *name)
{
	b16(b, id);
	b16(b, 0x0100); /* standard query, recursion desired */
	b16(b, 1);
	b16(b, 0);
	b16(b, 0);
	b16(b, 0);
	bname(b, name);
	b16(b, 1); /* A */
	b16(b, 1); /* IN */
}

static void dns_answer(struct buf *b, uint16_t id, const char *name, uint32_t addr)
{
	b16(b, id);
	b16(b, 0x8180); /* response, RD, RA, no error */
	b16(b, 1);
	b16(b, 1);
	b16(b, 0);
	b16(b, 0);
	bname(b, name);
	b16(b, 1);
	b16(b, 1);
	b16(b, 0xc00c); /* pointer to the question name */
	b16(b, 1);
	b16(b, 1);
	b32(b, 300);
	b16(b, 4);
	b32(b, addr);
}

/* NTPv4 client request or server reply (RFC 5905 §7.3) */
static void ntp_msg(struct buf *b, bool reply, int64_t t_us)
{
	uint32_t sec = (uint32_t)(t_us / 1000000 + 2208988800LL);
	uint32_t frac = (uint32_t)((t_us % 1000000) * 4294967296LL / 1000000);
	b8(b, reply ? 0x24 : 0x23); /* LI 0, VN 4, mode 4/3 */
	b8(b, reply ? 2 : 0);       /* stratum */
	b8(b, 6);                   /* poll */
	b8(b, reply ? 0xe9 : 0x20); /* precision */
	b32(b, reply ? 0x00000200 : 0);
	b32(b, reply ? 0x00000300 : 0);
	b32(b, reply ? IP4(133, 243, 238, 164) : 0); /* reference id */
	for (int i = 0; i < 4; i++) {
		bool set = reply ? i != 1 : i == 3;
		b32(b, set ? sec : 0);
		b32(b, set ? frac : 0);
	}
}

/* ---- link-local and control-plane frames ------------------------------------------------ */

static void arp_frame(struct conv *c, uint16_t op, const uint8_t edst[6], const uint8_t sha[6], uint32_t spa,
		      const uint8_t tha[6], uint32_t tpa)
{
	eth(c, edst, sha, 0x0806);
	put16(c, 1);      /* Ethernet */
	put16(c, 0x0800); /* IPv4 */
	put8(c, 6);
	put8(c, 4);
	put16(c, op);
	putn(c, sha, 6);
	put32(c, spa);
	putn(c, tha, 6);
	put32(c, tpa);
	send_frame(c);
}

/* who-has tpa, and the owner's reply */
static void arp_exchange(struct conv *c, const struct host *asker, uint32_t spa, const struct host *owner, uint32_t tpa)
{
	arp_frame(c, 1, MAC_BCAST, asker->mac, spa, MAC_ZERO, tpa);
	wait_us(c, 80, 900);
	arp_frame(c, 2, asker->mac, owner->mac, tpa, asker->mac, spa);
}

static void icmp_redirect(struct conv *c, const struct host *router, const struct host *to, uint32_t gw,
			  const uint8_t orig[28])
{
	eth(c, to->mac, router->mac, 0x0800);
	ip4_begin(c, router->ip4, to->ip4, 1, 64, (uint16_t)rng_next(&c->g->rng), false);
	put8(c, 5); /* redirect (RFC 792) */
	put8(c, 1); /* for the host */
	put16(c, 0);
	put32(c, gw);
	putn(c, orig, 28);
	l4_end(c, 1);
	ip_end(c);
	send_frame(c);
}

static void icmp_echo(struct conv *c, const uint8_t dmac[6], const uint8_t smac[6], uint32_t src, uint32_t dst,
		      uint8_t ttl, uint16_t ipid, bool reply, uint16_t id, uint16_t seq)
{
	eth(c, dmac, smac, 0x0800);
	ip4_begin(c, src, dst, 1, ttl, ipid, false);
	put8(c, reply ? 0 : 8);
	put8(c, 0);
	put16(c, 0);
	put16(c, id);
	put16(c, seq);
	puts_(c, "abcdefghijklmnopqrstuvwabcdefghi"); /* the data Windows ping sends */
	l4_end(c, 1);
	ip_end(c);
	send_frame(c);
}

/* ND neighbour solicitation and advertisement (RFC 4861 §4.3, §4.4) */
static void nd_ns(struct conv *c, const struct host *from, const uint8_t src[16], const uint8_t target[16])
{
	uint8_t dst[16], dmac[6];
	solicited_node(dst, target);
	mac_mcast6(dmac, dst);
	eth(c, dmac, from->mac, 0x86dd);
	ip6_begin(c, src, dst, 58, 255);
	put8(c, 135);
	put8(c, 0);
	put16(c, 0);
	put32(c, 0);
	putn(c, target, 16);
	put8(c, 1); /* source link-layer address */
	put8(c, 1);
	putn(c, from->mac, 6);
	l4_end(c, 58);
	ip_end(c);
	send_frame(c);
}

static void nd_na(struct conv *c, const struct host *from, const uint8_t target[16], const struct host *to,
		  const uint8_t dst[16], bool router)
{
	eth(c, to->mac, from->mac, 0x86dd);
	ip6_begin(c, target, dst, 58, 255);
	put8(c, 136);
	put8(c, 0);
	put16(c, 0);
	put32(c, (router ? 0x80000000u : 0) | 0x40000000u | 0x20000000u); /* R, S, O */
	putn(c, target, 16);
	put8(c, 2); /* target link-layer address */
	put8(c, 1);
	putn(c, from->mac, 6);
	l4_end(c, 58);
	ip_end(c);
	send_frame(c);
}

/* Router advertisement (RFC 4861 §4.2) with source link-layer address, MTU,
 * one prefix (§4.6.2) and, when given, RDNSS (RFC 8106 §5.1). */
static void nd_ra(struct conv *c, const struct host *r, const uint8_t prefix[16], uint8_t plen, uint32_t valid,
		  uint32_t preferred, uint16_t lifetime, bool other, const uint8_t *rdnss)
{
	uint8_t dmac[6];
	mac_mcast6(dmac, IP6_ALL_NODES);
	eth(c, dmac, r->mac, 0x86dd);
	ip6_begin(c, r->ll6, IP6_ALL_NODES, 58, 255);
	put8(c, 134);
	put8(c, 0);
	put16(c, 0);
	put8(c, 64);                     /* cur hop limit */
	put8(c, other ? 0x40 : 0);       /* M=0, O */
	put16(c, lifetime);
	put32(c, 0);                     /* reachable */
	put32(c, 0);                     /* retrans */
	put8(c, 1);
	put8(c, 1);
	putn(c, r->mac, 6);
	put8(c, 5);                      /* MTU */
	put8(c, 1);
	put16(c, 0);
	put32(c, 1500);
	put8(c, 3);                      /* prefix information */
	put8(c, 4);
	put8(c, plen);
	put8(c, 0xc0);                   /* L, A */
	put32(c, valid);
	put32(c, preferred);
	put32(c, 0);
	putn(c, prefix, 16);
	if (rdnss) {
		put8(c, 25);
		put8(c, 3);
		put16(c, 0);
		put32(c, lifetime);
		putn(c, rdnss, 16);
	}
	l4_end(c, 58);
	ip_end(c);
	send_frame(c);
}

/* ---- DHCPv4 (RFC 2131, options RFC 2132) --------------------------------------------------- */

struct dhcp_msg {
	uint8_t op, type;
	uint32_t xid;
	uint16_t secs;
	uint32_t ciaddr, yiaddr, giaddr;
	const uint8_t *chaddr;
};

static void opt_bytes(struct buf *o, uint8_t code, const void *p, size_t n)
{
	b8(o, code);
	b8(o, (uint8_t)n);
	bn(o, p, n);
}

static void opt_u32(struct buf *o, uint8_t code, uint32_t v)
{
	b8(o, code);
	b8(o, 4);
	b32(o, v);
}

static void opt_str(struct buf *o, uint8_t code, const char *s)
{
	opt_bytes(o, code, s, strlen(s));
}

static void dhcp_frame(struct conv *c, const uint8_t edst[6], const uint8_t esrc[6], uint32_t src, uint32_t dst,
		       uint8_t ttl, uint16_t ipid, const struct dhcp_msg *m, const struct buf *opts)
{
	bool server = m->op == 2;
	eth(c, edst, esrc, 0x0800);
	ip4_begin(c, src, dst, 17, ttl, ipid, false);
	udp_begin(c, server ? 67 : 68, server ? 68 : 67);
	size_t start = c->n;
	put8(c, m->op);
	put8(c, 1);      /* htype Ethernet */
	put8(c, 6);
	put8(c, 0);      /* hops */
	put32(c, m->xid);
	put16(c, m->secs);
	put16(c, 0);     /* flags: unicast replies (RFC 2131 §4.1) */
	put32(c, m->ciaddr);
	put32(c, m->yiaddr);
	put32(c, 0);     /* siaddr */
	put32(c, m->giaddr);
	putn(c, m->chaddr, 6);
	putz(c, 10 + 64 + 128);
	put32(c, 0x63825363); /* magic cookie */
	putn(c, opts->b, opts->n);
	put8(c, 255);
	while (c->n - start < 300) /* BOOTP minimum message (RFC 1542 §3.1.1) */
		put8(c, 0);
	l4_end(c, 17);
	ip_end(c);
	send_frame(c);
}

/* The client's options, Windows 10 style. */
static void dhcp_client_opts(struct buf *o, const struct host *h, uint8_t type, uint32_t req_ip, uint32_t server_id)
{
	static const uint8_t prl[] = { 1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, 249, 252 };
	uint8_t cid[7] = { 1 };
	memcpy(cid + 1, h->mac, 6);
	o->n = 0;
	opt_bytes(o, 53, &type, 1);
	opt_bytes(o, 61, cid, sizeof cid);
	if (req_ip)
		opt_u32(o, 50, req_ip);
	if (server_id)
		opt_u32(o, 54, server_id);
	if (h->name[0])
		opt_str(o, 12, h->name);
	if (h->vclass)
		opt_str(o, 60, h->vclass);
	opt_bytes(o, 55, prl, sizeof prl);
}

/* RFC 3442 classless route: width, significant octets of the destination, router */
static void classless_routes(struct buf *o, uint8_t code, const struct dhcpd *s)
{
	struct buf r = { .n = 0 };
	for (uint8_t i = 0; i < s->route_count; i++) {
		b8(&r, s->route_len[i]);
		for (int k = 0; k < (s->route_len[i] + 7) / 8; k++)
			b8(&r, (uint8_t)(s->route_dst[i] >> (24 - 8 * k)));
		b32(&r, s->route_gw[i]);
	}
	opt_bytes(o, code, r.b, r.n);
}

static void dhcp_server_opts(struct buf *o, const struct host *sv, uint8_t type)
{
	const struct dhcpd *s = sv->srv;
	o->n = 0;
	opt_bytes(o, 53, &type, 1);
	opt_u32(o, 54, sv->ip4);
	opt_u32(o, 51, s->lease);
	opt_u32(o, 58, s->lease / 2);
	opt_u32(o, 59, s->lease / 8 * 7);
	opt_u32(o, 1, s->mask);
	if (s->classless)
		classless_routes(o, 121, s);
	opt_u32(o, 3, s->router);
	opt_u32(o, 6, s->dns);
	if (s->domain)
		opt_str(o, 15, s->domain);
	if (s->classless)
		classless_routes(o, 249, s); /* the pre-standard Microsoft code, same format */
}

static void dhcp_reply(struct conv *c, const struct host *sv, const struct host *cl, uint8_t type, uint32_t xid,
		       uint32_t ciaddr, uint32_t yiaddr)
{
	struct buf o;
	struct dhcp_msg m = { .op = 2, .type = type, .xid = xid, .ciaddr = ciaddr, .yiaddr = yiaddr, .chaddr = cl->mac,
			      .giaddr = sv->giaddr };
	dhcp_server_opts(&o, sv, type);
	dhcp_frame(c, cl->mac, sv->mac, sv->ip4, yiaddr, sv->ttl, (uint16_t)rng_next(&c->g->rng), &m, &o);
}

/* the address a server gives this client */
static uint32_t lease_for(struct world *w, struct host *sv, struct host *cl)
{
	struct dhcpd *s = sv->srv;
	(void)w;
	if (cl->ip4 && (cl->ip4 & s->mask) == (s->router & s->mask))
		return cl->ip4;
	return pool_take(&s->pool_next);
}

/* A client that declines still gets an offer; deterministic per client. */
static uint32_t decline_addr(const struct host *sv, const struct host *cl)
{
	uint32_t h = (uint32_t)cl->mac[3] * 131u + cl->mac[4] * 31u + cl->mac[5];
	return sv->srv->decline_base + h % 100;
}

/* DISCOVER, an OFFER from every server on the VLAN (a rogue answers every
 * DISCOVER it hears), REQUEST for the client's own server, ACK, and the ARP
 * announcement of the new address (RFC 5227 §2.3). */
static void act_dora(struct conv *c, struct world *w, struct host *h)
{
	struct gen *g = c->g;
	struct host *sv = h->dhcp;
	uint32_t xid = (uint32_t)rng_next(&g->rng);
	uint32_t mine = lease_for(w, sv, h);
	struct buf o;
	struct dhcp_msg m = { .op = 1, .type = 1, .xid = xid, .chaddr = h->mac };
	dhcp_client_opts(&o, h, 1, h->ip4, 0);
	dhcp_frame(c, MAC_BCAST, h->mac, 0, 0xffffffffu, h->ttl, h->ipid++, &m, &o);
	int64_t t0 = c->t;
	int64_t latest = t0;
	for (size_t i = 0; i < w->nservers; i++) {
		struct host *s = w->servers[i];
		if (s->vlan != h->vlan)
			continue;
		c->t = t0;
		wait_us(c, 400, 40000);
		dhcp_reply(c, s, h, 2, xid, 0, s == sv ? mine : decline_addr(s, h));
		if (c->t > latest)
			latest = c->t;
	}
	c->t = latest;
	wait_us(c, 1000, 20000);
	m.type = 3;
	m.secs = 1;
	dhcp_client_opts(&o, h, 3, mine, sv->ip4);
	dhcp_frame(c, MAC_BCAST, h->mac, 0, 0xffffffffu, h->ttl, h->ipid++, &m, &o);
	wait_us(c, 400, 20000);
	dhcp_reply(c, sv, h, 5, xid, 0, mine);
	h->ip4 = mine;
	wait_us(c, 50000, 400000);
	arp_frame(c, 1, MAC_BCAST, h->mac, mine, MAC_ZERO, mine);
}

/* RENEWING: unicast REQUEST with ciaddr, unicast ACK (RFC 2131 §4.3.2, §4.4.5) */
static void act_renew(struct conv *c, struct host *h)
{
	struct host *sv = h->dhcp;
	uint32_t xid = (uint32_t)rng_next(&c->g->rng);
	struct buf o;
	struct dhcp_msg m = { .op = 1, .type = 3, .xid = xid, .ciaddr = h->ip4, .chaddr = h->mac };
	dhcp_client_opts(&o, h, 3, 0, 0);
	dhcp_frame(c, sv->mac, h->mac, h->ip4, sv->ip4, h->ttl, h->ipid++, &m, &o);
	wait_us(c, 300, 15000);
	dhcp_reply(c, sv, h, 5, xid, h->ip4, h->ip4);
}

/* INIT-REBOOT: broadcast REQUEST for the address it had (option 50, no server id) */
static void act_reboot(struct conv *c, struct host *h)
{
	struct host *sv = h->dhcp;
	uint32_t xid = (uint32_t)rng_next(&c->g->rng);
	struct buf o;
	struct dhcp_msg m = { .op = 1, .type = 3, .xid = xid, .chaddr = h->mac };
	dhcp_client_opts(&o, h, 3, h->ip4, 0);
	dhcp_frame(c, MAC_BCAST, h->mac, 0, 0xffffffffu, h->ttl, h->ipid++, &m, &o);
	wait_us(c, 300, 15000);
	dhcp_reply(c, sv, h, 5, xid, 0, h->ip4);
}

/* ---- application conversations -------------------------------------------------------- */

static void conv_init(struct conv *c, struct gen *g, uint16_t vlan)
{
	c->g = g;
	c->t = g->now;
	c->vlan = vlan;
	c->pppoe_sid = 0;
	c->n = 0;
}

static void act_emr(struct conv *c, struct world *w, struct host *h, bool v6)
{
	struct flow fl;
	struct gen *g = c->g;
	if (v6 && rng_chance(&g->rng, 40)) {
		nd_ns(c, h, h->ula6, w->emr->ula6);
		wait_us(c, 100, 600);
		nd_na(c, w->emr, w->emr->ula6, h, h->ula6, false);
		wait_us(c, 20, 200);
	}
	flow_local(&fl, g, h, w->emr, v6, 443);
	tcp_session(c, &fl, rng_range(&g->rng, 150, 600), rng_range(&g->rng, 1, 4), 5);
}

static void act_web(struct conv *c, struct host *h)
{
	struct flow fl;
	struct gen *g = c->g;
	flow_remote(&fl, g, h, remote_pick(g), 443);
	tcp_session(c, &fl, rng_range(&g->rng, 6000, 45000), rng_range(&g->rng, 1, 3), 4);
}

static void act_ntp(struct conv *c, struct host *h)
{
	struct flow fl;
	struct buf q = { .n = 0 }, a = { .n = 0 };
	struct gen *g = c->g;
	flow_remote(&fl, g, h, IP4(203, 0, 113, 123), 123);
	ntp_msg(&q, false, c->t);
	struct payload pq = { PL_BYTES, q.n, q.b };
	flow_up(c, &fl, 17, 0, &pq);
	wait_us(c, 6000, 30000);
	ntp_msg(&a, true, c->t);
	struct payload pa = { PL_BYTES, a.n, a.b };
	flow_down(c, &fl, 17, 0, &pa);
}

static void act_dns(struct conv *c, struct world *w, struct host *h)
{
	static const char *const internal[] = {
		"emr-app01.emr.hospital.local", "emr-db01.emr.hospital.local", "pacs01.emr.hospital.local",
		"fs01.emr.hospital.local", "print01.emr.hospital.local",
	};
	static const char *const external[] = {
		"www.example.jp", "login.example.com", "update.example.net", "cdn.example.org", "api.example.com",
		"mail.example.jp",
	};
	struct gen *g = c->g;
	bool pub = h->gw && (!h->emr || rng_chance(&g->rng, 40));
	if (!pub && !h->emr)
		return;
	const char *name = pub ? external[rng_below(&g->rng, 6)] : internal[rng_below(&g->rng, 5)];
	uint32_t addr = pub ? remote_pick(g) : w->emr->ip4;
	uint16_t id = (uint16_t)rng_next(&g->rng);
	struct host *dns = h->dhcp;
	struct buf q = { .n = 0 }, a = { .n = 0 };
	struct flow fl;
	flow_local(&fl, g, h, dns, false, 53);
	fl.sip = dns->ip4;
	dns_query(&q, id, name);
	struct payload pq = { PL_BYTES, q.n, q.b };
	flow_up(c, &fl, 17, 0, &pq);
	wait_us(c, 150, 900);
	if (pub && dns->gw && rng_chance(&g->rng, 40)) {
		/* the resolver asks upstream through its own gateway */
		struct flow up;
		struct buf uq = { .n = 0 }, ua = { .n = 0 };
		uint16_t uid = (uint16_t)rng_next(&g->rng);
		flow_remote(&up, g, dns, IP4(203, 0, 113, 53), 53);
		dns_query(&uq, uid, name);
		struct payload puq = { PL_BYTES, uq.n, uq.b };
		flow_up(c, &up, 17, 0, &puq);
		wait_us(c, 5000, 30000);
		dns_answer(&ua, uid, name, addr);
		struct payload pua = { PL_BYTES, ua.n, ua.b };
		flow_down(c, &up, 17, 0, &pua);
		wait_us(c, 50, 300);
	}
	dns_answer(&a, id, name, addr);
	struct payload pa = { PL_BYTES, a.n, a.b };
	flow_down(c, &fl, 17, 0, &pa);
}

static void act_ping(struct conv *c, struct world *w, struct host *h)
{
	struct gen *g = c->g;
	uint16_t id = (uint16_t)rng_range(&g->rng, 1, 0xffff), seq = (uint16_t)rng_range(&g->rng, 1, 3000);
	uint32_t n = rng_range(&g->rng, 1, 4);
	for (uint32_t i = 0; i < n; i++) {
		icmp_echo(c, w->emr->mac, h->mac, h->ip4, w->emr->ip4, h->ttl, h->ipid++, false, id, (uint16_t)(seq + i));
		wait_us(c, 150, 700);
		icmp_echo(c, h->mac, w->emr->mac, w->emr->ip4, h->ip4, w->emr->ttl, (uint16_t)rng_next(&g->rng), true, id,
			  (uint16_t)(seq + i));
		wait_us(c, 990000, 1010000);
	}
}

/* a client's syslog line to the EMR server (RFC 5424 over UDP 514, RFC 5426) */
static void act_syslog(struct conv *c, struct world *w, struct host *h)
{
	static const char *const msgs[] = {
		"emr-client 2204 - - session opened for user nurse",
		"emr-client 2204 - - chart viewed",
		"emr-client 2204 - - order sent to pharmacy",
		"emr-client 2204 - - session closed",
	};
	char line[256];
	time_t sec = (time_t)(c->t / 1000000);
	struct tm tm;
	gmtime_r(&sec, &tm);
	int n = snprintf(line, sizeof line, "<134>1 %04d-%02d-%02dT%02d:%02d:%02d.%03dZ %s %s", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(c->t / 1000 % 1000),
			 h->name[0] ? h->name : "-", msgs[rng_below(&c->g->rng, 4)]);
	struct flow fl;
	flow_local(&fl, c->g, h, w->emr, false, 514);
	fl.sip = w->emr->ip4;
	struct payload pl = { PL_BYTES, (size_t)n, (const uint8_t *)line };
	flow_up(c, &fl, 17, 0, &pl);
}

static void act_arp(struct conv *c, struct world *w, struct host *h)
{
	struct gen *g = c->g;
	uint32_t p = rng_below(&g->rng, 4);
	if (p == 0 && h->gw)
		arp_exchange(c, h, h->ip4, h->gw, h->gw->ip4);
	else if (p == 1 && h->emr)
		arp_exchange(c, h, h->ip4, w->emr, w->emr->ip4);
	else if (p == 2 && h->emr)
		arp_exchange(c, w->core, w->core->ip4, h, h->ip4);
	else if (h->emr)
		arp_exchange(c, w->emr, w->emr->ip4, h, h->ip4);
	else if (h->gw)
		arp_exchange(c, h->gw, h->gw->ip4, h, h->ip4);
}

/* ---- planted and periodic behaviour ------------------------------------------------------ */

static void task_core_ra(struct gen *g, struct world *w, struct host *h)
{
	struct conv c;
	uint8_t pfx[16];
	(void)h;
	conv_init(&c, g, w->core->vlan);
	ip6_set(pfx, 0xfd20, 0x0020, 0, 0, 0);
	nd_ra(&c, w->core, pfx, 64, 2592000, 604800, 1800, false, NULL);
}

static void mdns_rr_head(struct buf *b, const char *name, uint16_t type, bool flush, uint32_t ttl)
{
	bname(b, name);
	b16(b, type);
	b16(b, (uint16_t)(flush ? 0x8001 : 0x0001)); /* cache-flush bit (RFC 6762 §10.2) */
	b32(b, ttl);
}

/* A printer's unsolicited mDNS announcement (RFC 6762 §8.3, DNS-SD RFC 6763). */
static void task_mdns(struct gen *g, struct world *w, struct host *h)
{
	static size_t next;
	struct conv c;
	struct buf b = { .n = 0 };
	char inst[96], target[64];
	(void)h;
	if (!w->nprinters)
		return;
	const struct host *p = w->printers[next++ % w->nprinters];
	conv_init(&c, g, p->vlan);
	snprintf(inst, sizeof inst, "Printer %02X%02X._ipp._tcp.local", p->mac[4], p->mac[5]);
	snprintf(target, sizeof target, "prn-%02x%02x.local", p->mac[4], p->mac[5]);
	b16(&b, 0);
	b16(&b, 0x8400); /* response, authoritative */
	b16(&b, 0);
	b16(&b, 4);
	b16(&b, 0);
	b16(&b, 0);
	mdns_rr_head(&b, "_ipp._tcp.local", 12, false, 4500); /* PTR */
	struct buf rd = { .n = 0 };
	bname(&rd, inst);
	b16(&b, (uint16_t)rd.n);
	bn(&b, rd.b, rd.n);
	mdns_rr_head(&b, inst, 33, true, 120); /* SRV */
	rd.n = 0;
	b16(&rd, 0);
	b16(&rd, 0);
	b16(&rd, 631);
	bname(&rd, target);
	b16(&b, (uint16_t)rd.n);
	bn(&b, rd.b, rd.n);
	mdns_rr_head(&b, inst, 16, true, 4500); /* TXT */
	static const char *const txt[] = { "txtvers=1", "rp=ipp/print", "pdl=application/pdf,image/urf", "qtotal=1" };
	rd.n = 0;
	for (size_t i = 0; i < 4; i++) {
		b8(&rd, (uint8_t)strlen(txt[i]));
		bn(&rd, txt[i], strlen(txt[i]));
	}
	b16(&b, (uint16_t)rd.n);
	bn(&b, rd.b, rd.n);
	mdns_rr_head(&b, target, 1, true, 120); /* A */
	b16(&b, 4);
	b32(&b, p->ip4);
	uint8_t dmac[6];
	mac_mcast4(dmac, IP4(224, 0, 0, 251));
	eth(&c, dmac, p->mac, 0x0800);
	ip4_begin(&c, p->ip4, IP4(224, 0, 0, 251), 17, 255, (uint16_t)rng_next(&g->rng), false);
	udp_begin(&c, 5353, 5353);
	putn(&c, b.b, b.n);
	l4_end(&c, 17);
	ip_end(&c);
	send_frame(&c);
	/* and the same over IPv6 */
	wait_us(&c, 200, 2000);
	mac_mcast6(dmac, IP6_MDNS);
	eth(&c, dmac, p->mac, 0x86dd);
	ip6_begin(&c, p->ll6, IP6_MDNS, 17, 255);
	udp_begin(&c, 5353, 5353);
	putn(&c, b.b, b.n);
	l4_end(&c, 17);
	ip_end(&c);
	send_frame(&c);
}

/* The NGN-like prefix the HGW hands its LAN (inside 2408::/22). */
static void hgw_prefix(uint8_t out[16])
{
	ip6_set(out, 0x2408, 0x0210, 0xa3c0, 0x4e00, 0);
}

static void task_hgw_ra(struct gen *g, struct world *w, struct host *h)
{
	struct conv c;
	uint8_t pfx[16];
	(void)w;
	conv_init(&c, g, h->vlan);
	hgw_prefix(pfx);
	nd_ra(&c, h, pfx, 64, 14400, 14400, 1800, true, h->ula6);
}

static void ssdp_notify(struct conv *c, const struct host *r, const char *nt, const char *usn)
{
	char txt[640];
	char loc[64];
	uint8_t dmac[6];
	snprintf(loc, sizeof loc, "http://%u.%u.%u.%u:2869/upnp/rootdevice.xml", r->ip4 >> 24, r->ip4 >> 16 & 255,
		 r->ip4 >> 8 & 255, r->ip4 & 255);
	int n = snprintf(txt, sizeof txt,
			 "NOTIFY * HTTP/1.1\r\n"
			 "HOST: 239.255.255.250:1900\r\n"
			 "CACHE-CONTROL: max-age=1800\r\n"
			 "LOCATION: %s\r\n"
			 "NT: %s\r\n"
			 "NTS: ssdp:alive\r\n"
			 "SERVER: Linux/3.10 UPnP/1.0 HGW-UPnP/1.0\r\n"
			 "USN: %s\r\n"
			 "\r\n",
			 loc, nt, usn);
	mac_mcast4(dmac, IP4(239, 255, 255, 250));
	eth(c, dmac, r->mac, 0x0800);
	ip4_begin(c, r->ip4, IP4(239, 255, 255, 250), 17, 4, (uint16_t)rng_next(&c->g->rng), false);
	udp_begin(c, 1900, 1900);
	putn(c, txt, (size_t)n);
	l4_end(c, 17);
	ip_end(c);
	send_frame(c);
}

/* UPnP 1.0 §1.1.2: an IGD announces its root device, its device type and
 * its WAN connection service, each with its own NT/USN. */
static void task_hgw_ssdp(struct gen *g, struct world *w, struct host *h)
{
	struct conv c;
	char uuid[64], usn[160];
	static const char *const types[] = {
		"urn:schemas-upnp-org:device:InternetGatewayDevice:1",
		"urn:schemas-upnp-org:device:WANConnectionDevice:1",
		"urn:schemas-upnp-org:service:WANIPConnection:1",
	};
	(void)w;
	conv_init(&c, g, h->vlan);
	snprintf(uuid, sizeof uuid, "uuid:a4ee3c5e-1d2f-4e1a-8c2b-%02x%02x%02x%02x%02x%02x", h->mac[0], h->mac[1],
		 h->mac[2], h->mac[3], h->mac[4], h->mac[5]);
	snprintf(usn, sizeof usn, "%s::upnp:rootdevice", uuid);
	ssdp_notify(&c, h, "upnp:rootdevice", usn);
	for (size_t i = 0; i < 3; i++) {
		wait_us(&c, 5000, 60000);
		snprintf(usn, sizeof usn, "%s::%s", uuid, types[i]);
		ssdp_notify(&c, h, types[i], usn);
	}
}

/* RIPv2 unsolicited response to 224.0.0.9 (RFC 2453 §3.6, §4) announcing a
 * default route */
static void task_rip(struct gen *g, struct world *w, struct host *h)
{
	struct conv c;
	uint8_t dmac[6];
	static const uint32_t dst[] = { 0, IP4(192, 168, 10, 0), IP4(172, 16, 0, 0) };
	static const uint32_t mask[] = { 0, IP4(255, 255, 255, 0), IP4(255, 255, 0, 0) };
	static const uint32_t metric[] = { 1, 2, 3 };
	(void)w;
	conv_init(&c, g, h->vlan);
	mac_mcast4(dmac, IP4(224, 0, 0, 9));
	eth(&c, dmac, h->mac, 0x0800);
	ip4_begin(&c, h->ip4, IP4(224, 0, 0, 9), 17, 1, h->ipid++, false);
	udp_begin(&c, 520, 520);
	put8(&c, 2); /* response */
	put8(&c, 2); /* version 2 */
	put16(&c, 0);
	for (size_t i = 0; i < 3; i++) {
		put16(&c, 2); /* AF_INET */
		put16(&c, 0); /* route tag */
		put32(&c, dst[i]);
		put32(&c, mask[i]);
		put32(&c, 0); /* next hop: the sender */
		put32(&c, metric[i]);
	}
	l4_end(&c, 17);
	ip_end(&c);
	send_frame(&c);
}

/* ICMP router advertisement (RFC 1256 §3) to all-hosts */
static void task_irdp(struct gen *g, struct world *w, struct host *h)
{
	struct conv c;
	uint8_t dmac[6];
	(void)w;
	conv_init(&c, g, h->vlan);
	mac_mcast4(dmac, IP4(224, 0, 0, 1));
	eth(&c, dmac, h->mac, 0x0800);
	ip4_begin(&c, h->ip4, IP4(224, 0, 0, 1), 1, 1, h->ipid++, false);
	put8(&c, 9);
	put8(&c, 0);
	put16(&c, 0);
	put8(&c, 1);      /* number of addresses */
	put8(&c, 2);      /* address entry size, in 32-bit words */
	put16(&c, 1800);  /* lifetime */
	put32(&c, h->ip4);
	put32(&c, 0);     /* preference */
	l4_end(&c, 1);
	ip_end(&c);
	send_frame(&c);
}

/* a host asks for routers (RFC 1256 §3: solicitation to all-routers) */
static void task_irdp_solicit(struct gen *g, struct world *w, struct host *h)
{
	struct conv c;
	uint8_t dmac[6];
	(void)w;
	if (!h->ip4)
		return;
	conv_init(&c, g, h->vlan);
	mac_mcast4(dmac, IP4(224, 0, 0, 2));
	eth(&c, dmac, h->mac, 0x0800);
	ip4_begin(&c, h->ip4, IP4(224, 0, 0, 2), 1, 1, h->ipid++, false);
	put8(&c, 10);
	put8(&c, 0);
	put16(&c, 0);
	put32(&c, 0);
	l4_end(&c, 1);
	ip_end(&c);
	send_frame(&c);
}

static void task_dora(struct gen *g, struct world *w, struct host *h)
{
	struct conv c;
	conv_init(&c, g, h->vlan);
	act_dora(&c, w, h);
	wait_us(&c, 2000, 20000);
	if (h->gw)
		arp_exchange(&c, h, h->ip4, h->gw, h->gw->ip4);
}

static void task_reboot(struct gen *g, struct world *w, struct host *h)
{
	struct conv c;
	(void)w;
	conv_init(&c, g, h->vlan);
	if (h->ip4)
		act_reboot(&c, h);
	else
		act_dora(&c, w, h);
}

/* ---- PPPoE (RFC 2516) and PPP (RFC 1661 LCP, RFC 1334 PAP, RFC 1332 IPCP) ---------------- */

static const char AC_NAME[] = "TKY-BAS-0417";

static void tag(struct buf *t, uint16_t type, const void *p, size_t n)
{
	b16(t, type);
	b16(t, (uint16_t)n);
	bn(t, p, n);
}

static void pppoe_disc(struct conv *c, const uint8_t dst[6], const uint8_t src[6], uint8_t code, uint16_t sid,
		       const struct buf *tags)
{
	eth(c, dst, src, 0x8863);
	put8(c, 0x11);
	put8(c, code);
	put16(c, sid);
	put16(c, (uint16_t)tags->n);
	putn(c, tags->b, tags->n);
	send_frame(c);
}

/* one PPP control packet (code, id, options) in the session */
static void ppp_ctrl(struct conv *c, const uint8_t dst[6], const uint8_t src[6], uint16_t sid, uint16_t proto,
		     uint8_t code, uint8_t id, const struct buf *data)
{
	eth(c, dst, src, 0x8864);
	put8(c, 0x11);
	put8(c, 0);
	put16(c, sid);
	put16(c, (uint16_t)(2 + 4 + data->n));
	put16(c, proto);
	put8(c, code);
	put8(c, id);
	put16(c, (uint16_t)(4 + data->n));
	putn(c, data->b, data->n);
	send_frame(c);
}

static void lcp_opts(struct buf *b, uint32_t magic, bool pap)
{
	b->n = 0;
	b8(b, 1); /* MRU 1454: the Flets PPPoE MTU */
	b8(b, 4);
	b16(b, 1454);
	if (pap) {
		b8(b, 3); /* authentication protocol: PAP */
		b8(b, 4);
		b16(b, 0xc023);
	}
	b8(b, 5); /* magic number */
	b8(b, 6);
	b32(b, magic);
}

static void ipcp_addr(struct buf *b, uint32_t addr)
{
	b->n = 0;
	b8(b, 3);
	b8(b, 6);
	b32(b, addr);
}

static void task_pppoe_dial(struct gen *g, struct world *w, struct host *pc)
{
	struct conv c;
	struct host *ac = pc->ac;
	struct buf t, d;
	uint8_t hu[4], cookie[16];
	(void)w;
	conv_init(&c, g, pc->vlan);
	for (size_t i = 0; i < 4; i++)
		hu[i] = (uint8_t)rng_next(&g->rng);
	for (size_t i = 0; i < 16; i++)
		cookie[i] = (uint8_t)rng_next(&g->rng);
	t.n = 0;
	tag(&t, 0x0101, NULL, 0); /* Service-Name: any */
	tag(&t, 0x0103, hu, 4);   /* Host-Uniq */
	pppoe_disc(&c, MAC_BCAST, pc->mac, 0x09, 0, &t);
	wait_us(&c, 2000, 15000);
	t.n = 0;
	tag(&t, 0x0102, AC_NAME, strlen(AC_NAME));
	tag(&t, 0x0101, NULL, 0);
	tag(&t, 0x0104, cookie, 16);
	tag(&t, 0x0103, hu, 4);
	pppoe_disc(&c, pc->mac, ac->mac, 0x07, 0, &t);
	wait_us(&c, 300, 3000);
	t.n = 0;
	tag(&t, 0x0101, NULL, 0);
	tag(&t, 0x0103, hu, 4);
	tag(&t, 0x0104, cookie, 16);
	pppoe_disc(&c, ac->mac, pc->mac, 0x19, 0, &t);
	wait_us(&c, 2000, 15000);
	uint16_t sid = (uint16_t)rng_range(&g->rng, 0x0100, 0x7fff);
	t.n = 0;
	tag(&t, 0x0101, NULL, 0);
	tag(&t, 0x0103, hu, 4);
	pppoe_disc(&c, pc->mac, ac->mac, 0x65, sid, &t);

	uint32_t m1 = (uint32_t)rng_next(&g->rng), m2 = (uint32_t)rng_next(&g->rng);
	wait_us(&c, 300, 3000);
	lcp_opts(&d, m1, false);
	ppp_ctrl(&c, ac->mac, pc->mac, sid, 0xc021, 1, 1, &d); /* Configure-Request */
	wait_us(&c, 2000, 10000);
	lcp_opts(&d, m2, true);
	ppp_ctrl(&c, pc->mac, ac->mac, sid, 0xc021, 1, 1, &d);
	wait_us(&c, 100, 900);
	ppp_ctrl(&c, ac->mac, pc->mac, sid, 0xc021, 2, 1, &d); /* Configure-Ack of the AC's */
	wait_us(&c, 100, 900);
	lcp_opts(&d, m1, false);
	ppp_ctrl(&c, pc->mac, ac->mac, sid, 0xc021, 2, 1, &d);
	wait_us(&c, 200, 2000);
	static const char user[] = "emr0417@example.ne.jp", pass[] = "x9Kp2wQe";
	d.n = 0;
	b8(&d, (uint8_t)strlen(user));
	bn(&d, user, strlen(user));
	b8(&d, (uint8_t)strlen(pass));
	bn(&d, pass, strlen(pass));
	ppp_ctrl(&c, ac->mac, pc->mac, sid, 0xc023, 1, 1, &d); /* PAP Authenticate-Request */
	wait_us(&c, 5000, 40000);
	d.n = 0;
	b8(&d, 0);
	ppp_ctrl(&c, pc->mac, ac->mac, sid, 0xc023, 2, 1, &d); /* Authenticate-Ack */
	wait_us(&c, 200, 2000);
	uint32_t acip = IP4(198, 51, 100, 1), mine = IP4(198, 51, 100, 77);
	ipcp_addr(&d, 0);
	ppp_ctrl(&c, ac->mac, pc->mac, sid, 0x8021, 1, 1, &d);
	wait_us(&c, 300, 3000);
	ipcp_addr(&d, acip);
	ppp_ctrl(&c, pc->mac, ac->mac, sid, 0x8021, 1, 1, &d);
	wait_us(&c, 100, 900);
	ppp_ctrl(&c, ac->mac, pc->mac, sid, 0x8021, 2, 1, &d);
	wait_us(&c, 100, 900);
	ipcp_addr(&d, mine);
	ppp_ctrl(&c, pc->mac, ac->mac, sid, 0x8021, 3, 1, &d); /* Configure-Nak: use this address */
	wait_us(&c, 100, 900);
	ppp_ctrl(&c, ac->mac, pc->mac, sid, 0x8021, 1, 2, &d);
	wait_us(&c, 300, 3000);
	ppp_ctrl(&c, pc->mac, ac->mac, sid, 0x8021, 2, 2, &d);
	pc->pppoe_sid = sid;
	pc->ppp_ip = mine;
}

/* internet traffic of the dialing PC, inside its PPPoE session */
static void task_pppoe_traffic(struct gen *g, struct world *w, struct host *pc)
{
	struct conv c;
	struct flow fl;
	(void)w;
	if (!pc->pppoe_sid)
		return;
	conv_init(&c, g, pc->vlan);
	c.pppoe_sid = pc->pppoe_sid;
	flow_init(&fl, g, pc, 443);
	fl.cip = pc->ppp_ip;
	fl.sip = remote_pick(g);
	fl.up1_mac = fl.down_mac = pc->ac->mac;
	fl.sttl = remote_ttl(g);
	fl.mss = 1414; /* MRU 1454 - 40 */
	if (rng_chance(&g->rng, 30)) {
		uint16_t id = (uint16_t)rng_next(&g->rng);
		icmp_echo(&c, pc->ac->mac, pc->mac, fl.cip, fl.sip, pc->ttl, pc->ipid++, false, id, 1);
		wait_us(&c, 5000, 30000);
		icmp_echo(&c, pc->mac, pc->ac->mac, fl.sip, fl.cip, fl.sttl, fl.sid++, true, id, 1);
		return;
	}
	tcp_session(&c, &fl, rng_range(&g->rng, 5000, 30000), rng_range(&g->rng, 1, 3), 4);
}

/* ---- background -------------------------------------------------------------------------- */

static void bg_activity(struct gen *g, struct world *w)
{
	struct host *h = w->bg[rng_below(&g->rng, (uint32_t)w->nbg)];
	struct conv c;
	conv_init(&c, g, h->vlan);
	if (!h->ip4) {
		act_dora(&c, w, h);
		return;
	}
	uint32_t p = rng_below(&g->rng, 100);
	if (h->pppoe_sid && p < 15) {
		task_pppoe_traffic(g, w, h);
		return;
	}
	if (p < 34) {
		if (h->emr)
			act_emr(&c, w, h, false);
		else if (h->gw)
			act_web(&c, h);
	} else if (p < 58) {
		if (h->gw)
			act_web(&c, h);
		else if (h->emr)
			act_emr(&c, w, h, false);
	} else if (p < 76) {
		act_dns(&c, w, h);
	} else if (p < 84) {
		act_arp(&c, w, h);
	} else if (p < 86) {
		if (h->emr)
			act_ping(&c, w, h);
		else
			act_dns(&c, w, h);
	} else if (p < 88) {
		if (h->emr)
			act_syslog(&c, w, h);
	} else if (p < 90) {
		if (h->gw)
			act_ntp(&c, h);
	} else if (p < 97) {
		if (h->v6 && h->emr)
			act_emr(&c, w, h, true);
		else
			act_dns(&c, w, h);
	} else if (h->no_dhcp) {
		act_dns(&c, w, h);
	} else if (p < 99) {
		act_renew(&c, h);
	} else {
		act_reboot(&c, h);
	}
}

static void run(struct gen *g, struct world *w)
{
	while (g->started < g->target) {
		g->now += rng_exp(&g->rng, w->gap_mean);
		flush_until(g, g->now);
		struct task *due = NULL;
		for (size_t i = 0; i < w->ntasks; i++)
			if (w->tasks[i].next <= g->started) {
				due = &w->tasks[i];
				break;
			}
		if (due) {
			due->next = due->every ? due->next + due->every + rng_below(&g->rng, (uint32_t)(due->every / 5 + 1))
					       : UINT64_MAX;
			due->fn(g, w, due->h);
			continue;
		}
		bg_activity(g, w);
	}
	flush_until(g, INT64_MAX);
}

/* ---- ordinary hosts whose ephemeral ports collide with well-known ones ---------------- */

/* Every UDP port a dissector of the agent answers to, as an EMR client's
 * ephemeral port (issue 7: a host whose random source port was 1985 became
 * an HSRP router). v6: the exchange runs over IPv6 when the client has it. */
static const struct {
	uint16_t port;
	bool v6;
} COLLIDE_PORTS[] = {
	{ 67, false }, { 68, false }, { 520, false }, { 521, true }, { 546, true },
	{ 547, true }, { 1900, false }, { 1985, false }, { 2029, true }, { 5353, false },
};
#define COLLIDE_PEER_PORT_LO 50000 /* a peer's dynamic port; tshark decodes nothing in 50000-53999 */
#define COLLIDE_PEER_PORT_N 4000

/* Bytes that look like the protocol of `port` but travel in a shape that
 * protocol never uses; `up` is set when the client (the host whose ephemeral
 * port it is) sends them, clear when the peer sends them to that port. */
static void collide_lookalike(struct buf *b, uint16_t port, bool *up, struct gen *g)
{
	static const uint8_t hsrp_hello[] = {
		0x00, 0x00, 0x10, 0x03, 0x0a, 0x78, 0x01, 0x00, 'c', 'i', 's', 'c', 'o', 0, 0, 0, 10, 20, 0, 1,
	};
	static const char notify_igd[] = "NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n"
					 "NT: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
					 "NTS: ssdp:alive\r\nLOCATION: http://10.20.0.10:5000/rootDesc.xml\r\n"
					 "SERVER: Linux UPnP/1.0 MiniUPnPd/2.1\r\n\r\n";
	static const char ok_igd[] = "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nEXT:\r\n"
				     "ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
				     "LOCATION: http://10.20.0.10:5000/rootDesc.xml\r\nSERVER: Linux UPnP/1.0\r\n\r\n";
	b->n = 0;
	switch (port) {
	case 1985: /* an HSRP v1 active hello, unicast from the host's ephemeral 1985 */
		*up = true;
		bn(b, hsrp_hello, sizeof hsrp_hello);
		break;
	case 2029: /* an HSRPv2 group state TLV, unicast over IPv6 */
		*up = true;
		b8(b, 1), b8(b, 40), b8(b, 2), b8(b, 0), b8(b, 6), b8(b, 6), b16(b, 0x110);
		bn(b, "\x00\x00\x0c\x9f\xf1\x10", 6), b32(b, 200), b32(b, 3000), b32(b, 10000);
		bn(b, "\xfe\x80\0\0\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
		break;
	case 520: /* a RIPv2 response with 0.0.0.0/0 sent to the host's port 520,
		   * not from 520: RFC 2453 §3.9.2 ignores it */
	case 521: /* the RIPng equivalent, ::/0 */
		*up = false;
		b8(b, 2), b8(b, port == 520 ? 2 : 1), b16(b, 0);
		if (port == 520)
			b16(b, 2), b16(b, 0), b32(b, 0), b32(b, 0), b32(b, 0), b32(b, 1);
		else
			bn(b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16), b16(b, 0), b8(b, 0), b8(b, 1);
		break;
	case 67:
	case 68: { /* a DHCP OFFER with a router option: from the host's 67, or to its 68 */
		*up = port == 67;
		b8(b, 2), b8(b, 1), b8(b, 6), b8(b, 0), b32(b, (uint32_t)rng_next(&g->rng));
		b16(b, 0), b16(b, 0), b32(b, 0), b32(b, IP4(192, 168, 1, 23)), b32(b, IP4(192, 168, 1, 1)), b32(b, 0);
		for (int i = 0; i < 16 + 64 + 128; i++)
			b8(b, i < 6 ? (uint8_t)(0x10 + i) : 0);
		b32(b, 0x63825363);
		b8(b, 53), b8(b, 1), b8(b, 2);
		b8(b, 54), b8(b, 4), b32(b, IP4(192, 168, 1, 1));
		b8(b, 3), b8(b, 4), b32(b, IP4(192, 168, 1, 1));
		b8(b, 51), b8(b, 4), b32(b, 14400);
		b8(b, 255);
		break;
	}
	case 546:
	case 547: /* a DHCPv6 ADVERTISE: from the host's 547, or to its 546 */
		*up = port == 547;
		b8(b, 2), b8(b, 0x12), b8(b, 0x34), b8(b, 0x56);
		b16(b, 2), b16(b, 10), b16(b, 3), b16(b, 1), bn(b, "\xa4\x12\x42\x00\x00\x01", 6);
		b16(b, 23), b16(b, 16), bn(b, "\x24\x08\x02\x10\xa3\xc0\x4e\x00\0\0\0\0\0\0\0\x01", 16);
		break;
	case 1900: /* an IGD NOTIFY sent unicast from the host's 1900, or an IGD
		    * search answer sent to it: neither is SSDP's shape */
		*up = rng_chance(&g->rng, 50);
		bn(b, *up ? notify_igd : ok_igd, strlen(*up ? notify_igd : ok_igd));
		break;
	default: /* 5353: an mDNS-style answer, unicast from the host's 5353 to a peer's port */
		*up = true;
		dns_answer(b, 0, "emrpc.local", IP4(10, 20, 3, 4));
		b->b[2] = 0x84, b->b[3] = 0x00;
		break;
	}
}

/* One exchange per colliding port, between an EMR client using that port as
 * its ephemeral port and a peer on the segment; the kind rotates: random
 * bytes both ways, the protocol's look-alike in a shape it never has, a
 * unicast DNS query to the site resolver and its answer. */
static void task_collide(struct gen *g, struct world *w, struct host *unused)
{
	(void)unused;
	unsigned kind = w->collide_round++ % 3;
	for (size_t i = 0; i < sizeof COLLIDE_PORTS / sizeof COLLIDE_PORTS[0]; i++) {
		struct host *h = w->bg[rng_below(&g->rng, (uint32_t)w->nbg)];
		if (!h->ip4)
			continue;
		uint16_t port = COLLIDE_PORTS[i].port;
		struct conv c;
		conv_init(&c, g, h->vlan);
		c.t += (int64_t)i * 3000; /* the exchanges follow one another */
		struct flow fl;
		struct buf b = { .n = 0 }, a = { .n = 0 };
		if (kind == 2) {
			/* the host's resolver query leaves from the colliding port */
			uint16_t id = (uint16_t)rng_next(&g->rng);
			flow_local(&fl, g, h, w->dhcp, false, 53);
			fl.sip = w->dhcp->ip4;
			fl.cport = port;
			dns_query(&b, id, "emr-app01.emr.hospital.local");
			struct payload pq = { PL_BYTES, b.n, b.b };
			flow_up(&c, &fl, 17, 0, &pq);
			wait_us(&c, 150, 900);
			dns_answer(&a, id, "emr-app01.emr.hospital.local", w->emr->ip4);
			struct payload pa = { PL_BYTES, a.n, a.b };
			flow_down(&c, &fl, 17, 0, &pa);
			continue;
		}
		bool v6 = COLLIDE_PORTS[i].v6 && h->v6;
		flow_local(&fl, g, h, w->emr, v6, (uint16_t)(COLLIDE_PEER_PORT_LO + rng_below(&g->rng, COLLIDE_PEER_PORT_N)));
		fl.cport = port;
		bool up = true;
		if (kind == 0) {
			size_t n = 8 + rng_below(&g->rng, 120), off = rng_below(&g->rng, (uint32_t)(sizeof g->pool - n));
			struct payload pl = { PL_BYTES, n, g->pool + off };
			flow_up(&c, &fl, 17, 0, &pl);
			wait_us(&c, 200, 2000);
			off = rng_below(&g->rng, (uint32_t)(sizeof g->pool - n));
			pl.bytes = g->pool + off;
			flow_down(&c, &fl, 17, 0, &pl);
		} else {
			collide_lookalike(&b, port, &up, g);
			struct payload pl = { PL_BYTES, b.n, b.b };
			if (up)
				flow_up(&c, &fl, 17, 0, &pl);
			else
				flow_down(&c, &fl, 17, 0, &pl);
		}
	}
}

/* ---- scenarios ------------------------------------------------------------------------------ */

struct opts {
	const char *out;
	uint64_t packets;
	uint32_t hosts;
	uint64_t seed;
	int vlan;           /* -1: not given */
	bool truth;
};

#define DHCPD_MAX 8
static struct dhcpd dhcpd_store[DHCPD_MAX];
static size_t dhcpd_used;

static struct dhcpd *dhcpd_new(uint32_t router, uint32_t mask, uint32_t lease, uint32_t pool, uint32_t decline)
{
	if (dhcpd_used == DHCPD_MAX) {
		fprintf(stderr, "ew-gen: too many DHCP servers\n");
		exit(2);
	}
	struct dhcpd *s = &dhcpd_store[dhcpd_used++];
	memset(s, 0, sizeof *s);
	s->router = router;
	s->dns = router;
	s->mask = mask;
	s->lease = lease;
	s->pool_next = pool;
	s->decline_base = decline;
	return s;
}

/* frames started over the capture, spread so the behaviour happens n times */
static uint64_t per(const struct gen *g, uint64_t n)
{
	uint64_t v = g->target / n;
	return v < 40 ? 40 : v;
}

static void client_name(struct host *h, const char *pfx, uint32_t i)
{
	snprintf(h->name, sizeof h->name, "%s%04u", pfx, (unsigned)i);
}

/* The declared site: core router, DHCP/DNS server, EMR server with two
 * addresses, printers with mDNS, and n EMR clients, one in ~100 with a
 * randomised MAC. */
static void site_setup(struct world *w, struct gen *g, uint32_t n, uint32_t nprinters)
{
	struct rng *r = &g->rng;
	struct host *core = host_new(w, OUI_CORE, 1);
	core->ip4 = IP4(10, 20, 0, 1);
	core->ttl = 255;
	core->v6 = true;
	ip6_set(core->ll6, 0xfe80, 0, 0, 0, 1);
	ip6_set(core->ula6, 0xfd20, 0x0020, 0, 0, 1);
	w->core = core;
	truth_add(w, core, T_DECLARED, "declared core router (default gateway of the segment)", NULL, NULL,
		  "forwarding,ra", true);

	struct host *dh = host_new(w, OUI_SERVER, 2);
	dh->ip4 = IP4(10, 20, 0, 5);
	dh->gw = core;
	dh->srv = dhcpd_new(core->ip4, IP4(255, 255, 0, 0), 691200, IP4(10, 20, 1, 10), IP4(10, 20, 250, 10));
	dh->srv->dns = dh->ip4;
	dh->srv->domain = "emr.hospital.local";
	dh->dhcp = dh;
	w->dhcp = dh;
	server_add(w, dh);
	truth_add(w, dh, T_DECLARED, "declared DHCP and DNS server", NULL, NULL, "dhcp_server", true);

	struct host *emr = host_new(w, OUI_EMR, 3);
	emr->ip4 = IP4(10, 20, 0, 10);
	emr->ip4b = IP4(10, 20, 0, 11);
	emr->ttl = 64;
	emr->v6 = true;
	ip6_set(emr->ula6, 0xfd20, 0x0020, 0, 0, 0x10);
	emr->gw = core;
	w->emr = emr;
	truth_add(w, emr, T_BENIGN, "EMR server with two local addresses", NULL, NULL, NULL, false);

	for (uint32_t i = 0; i < nprinters && i < 16; i++) {
		struct host *p = host_new(w, OUI_PRINTER, 10 + i);
		p->ip4 = IP4(10, 20, 0, 50 + i);
		p->ttl = 64;
		w->printers[w->nprinters++] = p;
		if (i == 0)
			truth_add(w, p, T_BENIGN, "printer announcing itself over mDNS", NULL, NULL, NULL, false);
	}

	for (uint32_t i = 0; i < n; i++) {
		struct host *h = host_new(w, OUI_PC[i % 5], 1000 + i);
		if (i % 97 == 3) {
			/* a randomised MAC (Windows/Android "random hardware address") */
			uint64_t v = rng_next(r);
			h->mac[0] = (uint8_t)((v & 0xfc) | 0x02);
			h->mac[1] = (uint8_t)(v >> 8);
			h->mac[2] = (uint8_t)(v >> 16);
			if (i == 3)
				truth_add(w, h, T_BENIGN, "client with a locally administered (randomised) MAC", NULL, NULL,
					  NULL, false);
		}
		client_name(h, "EMRPC-", i + 1);
		h->vclass = "MSFT 5.0";
		h->emr = true;
		h->gw = core;
		h->dhcp = dh;
		if (i % 4 == 0) {
			h->v6 = true;
			host_random_iids(h, r);
		}
		if (w->prelease && rng_chance(r, 95))
			h->ip4 = pool_take(&dh->srv->pool_next);
		bg_add(w, h);
	}
	task_add(w, task_core_ra, NULL, per(g, 12), per(g, 6));
	if (w->nprinters)
		task_add(w, task_mdns, NULL, per(g, 20), per(g, 8 * w->nprinters));
}

/* NTT-style HGW on the segment: DHCP (lease 14400, router/DNS = itself), RA
 * with an NGN-like prefix and RDNSS, SSDP IGD announcements, and `users`
 * hosts that took its lease and route through it. */
static struct host *add_hgw(struct world *w, struct gen *g, uint32_t users)
{
	struct host *hgw = host_new(w, OUI_HGW, 7001);
	hgw->vlan = w->vlan_rogue;
	hgw->ip4 = IP4(192, 168, 1, 1);
	hgw->ttl = 64;
	hgw->v6 = true;
	hgw->public_side = true;
	uint8_t pfx[16];
	hgw_prefix(pfx);
	memcpy(hgw->ula6, pfx, 8);
	ip6_set(hgw->ula6, 0x2408, 0x0210, 0xa3c0, 0x4e00, eui64(hgw->mac));
	hgw->srv = dhcpd_new(hgw->ip4, IP4(255, 255, 255, 0), 14400, IP4(192, 168, 1, 2), IP4(192, 168, 1, 100));
	hgw->dhcp = hgw;
	server_add(w, hgw);
	truth_add(w, hgw, T_PLANTED, "NTT-style home gateway (DHCP 192.168.1.1, RA 2408::/22 prefix, UPnP IGD)", "hgw",
		  "hgw", "dhcp_server,ra,ssdp_igd,forwarding", false);
	for (uint32_t i = 0; i < users; i++) {
		struct host *u = host_new(w, OUI_PC[(i + 2) % 5], 7100 + i);
		u->vlan = w->vlan_rogue;
		client_name(u, "NSPC-", 200 + i);
		u->vclass = "MSFT 5.0";
		u->gw = hgw;
		u->dhcp = hgw;
		bg_add(w, u);
		truth_add(w, u, T_TOLERATED, "inside host that took the HGW's lease (uses a foreign address)", NULL, NULL,
			  NULL, false);
		task_add(w, task_dora, u, per(g, 60) + i * 7, 0);
	}
	task_add(w, task_hgw_ra, hgw, per(g, 15), per(g, 5));
	task_add(w, task_hgw_ssdp, hgw, per(g, 12), per(g, 4));
	return hgw;
}

static void add_mobile(struct world *w, struct gen *g)
{
	struct host *m = host_new(w, OUI_MOBILE, 7201);
	m->vlan = w->vlan_rogue;
	m->ip4 = IP4(192, 168, 179, 1);
	m->ttl = 64;
	m->public_side = true;
	m->srv = dhcpd_new(m->ip4, IP4(255, 255, 255, 0), 86400, IP4(192, 168, 179, 2), IP4(192, 168, 179, 100));
	m->dhcp = m;
	server_add(w, m);
	truth_add(w, m, T_PLANTED, "pocket mobile router on its default subnet 192.168.179.0/24 (DHCP lease 86400)",
		  "mobile_router", "mobile_router,router", "dhcp_server,forwarding", false);
	struct host *u = host_new(w, OUI_PC[3], 7210);
	u->vlan = w->vlan_rogue;
	snprintf(u->name, sizeof u->name, "LAPTOP-Q3M8XK2A");
	u->vclass = "MSFT 5.0";
	u->gw = m;
	u->dhcp = m;
	bg_add(w, u);
	truth_add(w, u, T_TOLERATED, "laptop that took the mobile router's lease (uses a foreign address)", NULL, NULL,
		  NULL, false);
	task_add(w, task_dora, u, per(g, 40), 0);
}

/* A PC on its EMR address that routes other EMR hosts to the internet
 * (USB dongle / ICS). It serves no DHCP; it is also an ordinary client. */
static void add_share(struct world *w, struct gen *g)
{
	struct host *pc = host_new(w, OUI_SHARE_PC, 7301);
	snprintf(pc->name, sizeof pc->name, "DESKTOP-7K3Q9PL");
	pc->vclass = "MSFT 5.0";
	pc->emr = true;
	pc->dhcp = w->dhcp;
	pc->public_side = true;
	if (w->prelease)
		pc->ip4 = pool_take(&w->dhcp->srv->pool_next);
	bg_add(w, pc);
	truth_add(w, pc, T_PLANTED, "PC sharing its own internet connection with other EMR hosts", "host_sharing",
		  "host_sharing", "forwarding,dhcp_client,emr_client", false);
	task_add(w, task_reboot, pc, per(g, 50), per(g, 3));
	for (uint32_t i = 0; i < 2; i++) {
		struct host *u = host_new(w, OUI_PC[i], 7310 + i);
		client_name(u, "EMRPC-S", i + 1);
		u->vclass = "MSFT 5.0";
		u->emr = true;
		u->gw = pc;
		u->dhcp = w->dhcp;
		if (w->prelease)
			u->ip4 = pool_take(&w->dhcp->srv->pool_next);
		bg_add(w, u);
		truth_add(w, u, T_BENIGN, "EMR host whose default gateway is the sharing PC", NULL, NULL, NULL, false);
	}
}

static void add_pppoe(struct world *w, struct gen *g)
{
	struct host *ac = host_new(w, OUI_BRAS, 7401);
	ac->vlan = w->vlan_rogue;
	ac->ttl = 255;
	truth_add(w, ac, T_PLANTED, "PPPoE access concentrator reached through a bridged ONU (PADO/PADS)",
		  "onu_bridged", "onu_bridged", "pppoe_pado,pppoe_pads,pppoe_session", false);
	struct host *pc = host_new(w, OUI_PC[0], 7402);
	pc->vlan = w->vlan_rogue;
	client_name(pc, "EMRPC-P", 1);
	pc->vclass = "MSFT 5.0";
	pc->emr = true;
	pc->dhcp = w->dhcp;
	pc->ac = ac;
	if (w->prelease)
		pc->ip4 = pool_take(&w->dhcp->srv->pool_next);
	bg_add(w, pc);
	truth_add(w, pc, T_TOLERATED, "EMR PC that dials PPPoE (the client end of the line)", NULL, NULL, NULL, false);
	task_add(w, task_pppoe_dial, pc, per(g, 10), 0);
	task_add(w, task_pppoe_traffic, pc, per(g, 10) + 20, per(g, 25));
}

static void scen_benign(struct world *w, struct gen *g, const struct opts *o)
{
	site_setup(w, g, o->hosts, 1);
}

static void scen_hgw(struct world *w, struct gen *g, const struct opts *o)
{
	site_setup(w, g, o->hosts, 1);
	add_hgw(w, g, 3);
	/* the HGW answers every DISCOVER it hears; the first clients' come early */
}

static void scen_vlan(struct world *w, struct gen *g, const struct opts *o)
{
	uint16_t rogue = (uint16_t)(o->vlan > 0 ? o->vlan : 20);
	w->vlan_rogue = rogue;
	w->vlan_site = rogue == 10 ? 11 : 10;
	site_setup(w, g, o->hosts, 1);
	add_hgw(w, g, 3);
}

static void scen_pppoe(struct world *w, struct gen *g, const struct opts *o)
{
	site_setup(w, g, o->hosts, 1);
	add_pppoe(w, g);
}

static void scen_mobile(struct world *w, struct gen *g, const struct opts *o)
{
	site_setup(w, g, o->hosts, 1);
	add_mobile(w, g);
}

static void scen_share(struct world *w, struct gen *g, const struct opts *o)
{
	site_setup(w, g, o->hosts, 1);
	add_share(w, g);
}

static void scen_rip(struct world *w, struct gen *g, const struct opts *o)
{
	site_setup(w, g, o->hosts, 1);
	struct host *r = host_new(w, OUI_RIP, 7501);
	r->ip4 = IP4(10, 20, 0, 254);
	r->ttl = 255;
	truth_add(w, r, T_PLANTED, "router announcing a default route (0.0.0.0/0) over RIPv2", "router", "router",
		  "rip_default", false);
	task_add(w, task_rip, r, per(g, 20), per(g, 10));
}

static void scen_irdp(struct world *w, struct gen *g, const struct opts *o)
{
	site_setup(w, g, o->hosts, 1);
	struct host *r = host_new(w, OUI_IRDP, 7601);
	r->ip4 = IP4(10, 20, 0, 253);
	r->ttl = 255;
	truth_add(w, r, T_PLANTED, "router sending ICMP router advertisements (IRDP, type 9)", "router", "router",
		  "irdp", false);
	task_add(w, task_irdp_solicit, w->bg[0], per(g, 8), 0);
	task_add(w, task_irdp, r, per(g, 8) + 3, per(g, 8));
}

/* A leftover router that some hosts still use as gateway: it forwards their
 * traffic to the core router on the same segment and redirects them there. */
static void scen_redirect(struct world *w, struct gen *g, const struct opts *o)
{
	site_setup(w, g, o->hosts, 1);
	struct host *r = host_new(w, OUI_LINUXBOX, 7701);
	r->ip4 = IP4(10, 20, 0, 252);
	r->ttl = 64;
	r->fwd = w->core;
	truth_add(w, r, T_PLANTED, "old router still used as gateway: forwards to the core router, sends ICMP redirects",
		  "router", "router", "forwarding,icmp_redirect", false);
	for (uint32_t i = 0; i < 2; i++) {
		struct host *u = host_new(w, OUI_PC[i + 1], 7710 + i);
		client_name(u, "EMRPC-R", i + 1);
		u->vclass = "MSFT 5.0";
		u->emr = true;
		u->gw = r;
		u->dhcp = w->dhcp;
		bg_add(w, u);
		truth_add(w, u, T_BENIGN, "EMR host configured with the old router as gateway", NULL, NULL, NULL, false);
	}
	(void)g;
}

/* A rogue DHCP server (dnsmasq on a small board) inside the EMR subnet that
 * hands out classless static routes (RFC 3442 option 121, and 249). */
static void scen_dhcp121(struct world *w, struct gen *g, const struct opts *o)
{
	site_setup(w, g, o->hosts, 1);
	struct host *r = host_new(w, OUI_PI, 7801);
	r->ip4 = IP4(10, 20, 0, 250);
	r->ttl = 64;
	r->public_side = true;
	r->srv = dhcpd_new(r->ip4, IP4(255, 255, 0, 0), 43200, IP4(10, 20, 200, 10), IP4(10, 20, 201, 10));
	r->srv->classless = true;
	r->srv->route_count = 3;
	r->srv->route_dst[0] = 0;
	r->srv->route_len[0] = 0;
	r->srv->route_gw[0] = r->ip4;
	r->srv->route_dst[1] = IP4(192, 168, 100, 0);
	r->srv->route_len[1] = 24;
	r->srv->route_gw[1] = r->ip4;
	r->srv->route_dst[2] = IP4(10, 20, 0, 0);
	r->srv->route_len[2] = 16;
	r->srv->route_gw[2] = 0; /* on-link */
	r->dhcp = r;
	server_add(w, r);
	truth_add(w, r, T_PLANTED, "rogue DHCP server giving classless routes (121/249) with itself as default route",
		  "dhcp_server", "dhcp_server,router", "dhcp_server,dhcp_classless_routes", false);
	struct host *u = host_new(w, OUI_PC[4], 7810);
	client_name(u, "EMRPC-D", 1);
	u->vclass = "MSFT 5.0";
	u->emr = true;
	u->gw = r;
	u->dhcp = r;
	bg_add(w, u);
	truth_add(w, u, T_BENIGN, "EMR host that took the rogue server's lease (address inside the subnet)", NULL, NULL,
		  NULL, false);
	task_add(w, task_dora, u, per(g, 30), 0);
}

/* A trunk mirror, nothing configured: the site on VLAN 10 (the declared DHCP
 * server's mask makes 10.20/16 local there), VLAN 30 whose clients get
 * leases from that server through the core router acting as DHCP relay
 * (replies on VLAN 30 come from the core's MAC with the server's address as
 * IP source and giaddr 10.30.0.1), and VLAN 40 with static addresses, where
 * only ARP tells the local subnets. The core routes all three. */
static void trunk_vlan(struct world *w, struct gen *g, uint16_t vlan, bool relay, uint32_t serial)
{
	struct host *core = host_new(w, OUI_CORE, 1); /* the same router: same MAC, another VLAN */
	core->vlan = vlan;
	core->ip4 = IP4(10, vlan, 0, 1);
	core->ttl = 255;
	truth_add(w, core, T_DECLARED,
		  relay ? "declared core router on a VLAN it relays DHCP for" : "declared core router on a VLAN of static hosts",
		  NULL, NULL, relay ? "forwarding,dhcp_relay" : "forwarding", true);
	/* what the VLAN's hosts see of the DHCP/DNS server: the core's MAC, the server's address */
	struct host *sv = host_new(w, OUI_CORE, 1);
	sv->vlan = vlan;
	sv->ip4 = w->dhcp->ip4;
	sv->ttl = 63;
	if (relay) {
		sv->giaddr = core->ip4;
		sv->srv = dhcpd_new(core->ip4, IP4(255, 255, 0, 0), 691200, IP4(10, vlan, 1, 100), IP4(10, vlan, 250, 10));
		sv->srv->dns = w->dhcp->ip4;
		sv->srv->domain = "emr.hospital.local";
		server_add(w, sv);
	}
	for (uint32_t i = 0; i < 5; i++) {
		struct host *h = host_new(w, OUI_PC[i % 5], serial + i);
		h->vlan = vlan;
		client_name(h, vlan == 30 ? "WARD30-" : "LAB40-", i + 1);
		h->vclass = "MSFT 5.0";
		h->gw = core;
		h->dhcp = sv;
		h->no_dhcp = !relay;
		if (!relay || i > 0)
			h->ip4 = IP4(10, vlan, 1, 10 + i);
		bg_add(w, h);
		if (i == 1)
			truth_add(w, h, T_BENIGN, relay ? "client of a relayed VLAN" : "client with a static address on an ARP-only VLAN",
				  NULL, NULL, NULL, false);
		if (relay && i == 0)
			task_add(w, task_dora, h, per(g, 30), 0);
	}
}

static void scen_trunk(struct world *w, struct gen *g, const struct opts *o)
{
	w->learn = true;
	w->vlan_site = 10;
	site_setup(w, g, o->hosts, 1);
	trunk_vlan(w, g, 30, true, 7900);
	trunk_vlan(w, g, 40, false, 7950);
}

/* Ordinary EMR clients whose ephemeral UDP ports are the ports the agent's
 * dissectors answer to: nothing may be flagged. */
static void scen_collide(struct world *w, struct gen *g, const struct opts *o)
{
	site_setup(w, g, o->hosts, 1);
	task_add(w, task_collide, NULL, per(g, 15), per(g, 15));
}

static void scen_span(struct world *w, struct gen *g, const struct opts *o)
{
	w->prelease = true;
	w->gap_mean = 3300; /* ~3,000 frames/s: a busy hospital core SPAN */
	site_setup(w, g, o->hosts, 8);
	add_hgw(w, g, 3);
	add_mobile(w, g);
	add_share(w, g);
	add_pppoe(w, g);
}

struct scenario {
	const char *name;
	void (*setup)(struct world *w, struct gen *g, const struct opts *o);
	uint64_t packets;
	uint32_t hosts;
	const char *what;
};

static const struct scenario scenarios[] = {
	{ "benign", scen_benign, 3000, 30, "declared site only: DHCP, ARP, EMR, internet via the core router, mDNS" },
	{ "hgw", scen_hgw, 4000, 30, "benign + NTT-style HGW (DHCP, RA 2408::, SSDP IGD, 3 hosts routed)" },
	{ "onu_pppoe", scen_pppoe, 2500, 12, "benign + PPPoE discovery/session to an AC behind a bridged ONU" },
	{ "mobile_router", scen_mobile, 2500, 12, "benign + pocket router 192.168.179.1 serving DHCP, 1 host routed" },
	{ "host_sharing", scen_share, 2500, 12, "benign + PC forwarding internet traffic for 2 EMR hosts" },
	{ "rip_default", scen_rip, 1500, 8, "benign + RIPv2 speaker announcing 0.0.0.0/0" },
	{ "irdp", scen_irdp, 1500, 8, "benign + ICMP router advertisements (type 9)" },
	{ "redirect", scen_redirect, 1500, 8, "benign + a router forwarding to the core and sending ICMP redirects" },
	{ "dhcp121", scen_dhcp121, 1500, 8, "benign + rogue DHCP server with options 121/249" },
	{ "vlan", scen_vlan, 4000, 30, "hgw on 802.1Q VLAN --vlan (default 20), benign on VLAN 10" },
	{ "trunk", scen_trunk, 4000, 20, "trunk, no --subnet: site on VLAN 10, DHCP relayed by the core on VLAN 30, "
					  "static hosts on VLAN 40" },
	{ "port_collide", scen_collide, 3000, 30, "benign + clients whose ephemeral UDP ports are 67, 68, 520, 521, "
						  "546, 547, 1900, 1985, 2029, 5353 (random bytes, look-alikes, DNS)" },
	{ "span", scen_span, 2000000, 4000, "benchmark: thousands of hosts with planted HGW, mobile router, "
					     "sharing PC and PPPoE at low rate" },
};

/* ---- ground truth ------------------------------------------------------------------------ */

static json_object *jmac(const uint8_t m[6])
{
	char s[18];
	snprintf(s, sizeof s, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	return json_object_new_string(s);
}

static json_object *jip4(uint32_t a)
{
	char s[16];
	snprintf(s, sizeof s, "%u.%u.%u.%u", a >> 24, a >> 16 & 255, a >> 8 & 255, a & 255);
	return json_object_new_string(s);
}

static json_object *jlist(const char *csv)
{
	json_object *a = json_object_new_array();
	char tmp[256];
	snprintf(tmp, sizeof tmp, "%s", csv);
	for (char *save = NULL, *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save))
		json_object_array_add(a, json_object_new_string(t));
	return a;
}

static void print_truth(const struct world *w, const struct scenario *sc, const struct opts *o)
{
	static const char *const subnets[] = { "10.20.0.0/16", "fd20:20::/64" };
	json_object *root = json_object_new_object();
	json_object_object_add(root, "generator", json_object_new_string("ew-gen " GEN_VERSION));
	json_object_object_add(root, "scenario", json_object_new_string(sc->name));
	json_object_object_add(root, "seed", json_object_new_int64((int64_t)o->seed));
	json_object_object_add(root, "hosts", json_object_new_int64(o->hosts));
	json_object_object_add(root, "packets", json_object_new_int64((int64_t)o->packets));
	json_object *sn = json_object_new_array(), *decl = json_object_new_array(), *args = json_object_new_array();
	for (size_t i = 0; i < 2 && !w->learn; i++) {
		json_object_array_add(sn, json_object_new_string(subnets[i]));
		json_object_array_add(args, json_object_new_string("--subnet"));
		json_object_array_add(args, json_object_new_string(subnets[i]));
	}
	json_object *devs = json_object_new_array();
	for (size_t i = 0; i < w->ntruth; i++) {
		const struct truth *t = &w->truth[i];
		json_object *d = json_object_new_object();
		json_object_object_add(d, "mac", jmac(t->h->mac));
		json_object_object_add(d, "vlan", t->h->vlan ? json_object_new_int(t->h->vlan) : NULL);
		json_object_object_add(d, "kind", json_object_new_string(truth_kind_name[t->kind]));
		json_object_object_add(d, "what", json_object_new_string(t->what));
		if (t->cls)
			json_object_object_add(d, "class", json_object_new_string(t->cls));
		if (t->allowed)
			json_object_object_add(d, "allowed", jlist(t->allowed));
		if (t->evidence)
			json_object_object_add(d, "evidence", jlist(t->evidence));
		if (t->kind == T_DECLARED)
			json_object_object_add(d, "in_report", json_object_new_boolean(t->in_report));
		json_object *ips = json_object_new_array();
		if (t->h->ip4)
			json_object_array_add(ips, jip4(t->h->ip4));
		if (t->h->ip4b)
			json_object_array_add(ips, jip4(t->h->ip4b));
		json_object_object_add(d, "ipv4", ips);
		json_object_array_add(devs, d);
		if (t->kind == T_DECLARED) {
			json_object_array_add(decl, jmac(t->h->mac));
			json_object_array_add(decl, jip4(t->h->ip4));
			json_object_array_add(args, json_object_new_string("--declared"));
			json_object_array_add(args, jmac(t->h->mac));
			json_object_array_add(args, json_object_new_string("--declared"));
			json_object_array_add(args, jip4(t->h->ip4));
		}
	}
	json_object_object_add(root, "subnets", sn);
	json_object_object_add(root, "declared", decl);
	json_object_object_add(root, "agent_args", args);
	json_object_object_add(root, "devices", devs);
	puts(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
}

/* ---- main ---------------------------------------------------------------------------------- */

static void usage(FILE *to)
{
	fprintf(to, "usage: ew-gen SCENARIO -o OUT.pcap [--packets N] [--hosts H] [--seed S] [--vlan ID]\n"
		    "       ew-gen SCENARIO --truth [--packets N] [--hosts H] [--seed S] [--vlan ID]\n"
		    "       ew-gen --list | --version\n"
		    "scenarios:\n");
	for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++)
		fprintf(to, "  %-14s %s (default %llu packets, %u hosts)\n", scenarios[i].name, scenarios[i].what,
			(unsigned long long)scenarios[i].packets, scenarios[i].hosts);
}

static bool parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || end == s || *end || s[0] == '-' || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

int main(int argc, char **argv)
{
	enum { O_PACKETS = 1000, O_HOSTS, O_SEED, O_VLAN, O_TRUTH, O_LIST, O_VERSION };
	static const struct option lo[] = {
		{ "packets", required_argument, NULL, O_PACKETS }, { "hosts", required_argument, NULL, O_HOSTS },
		{ "seed", required_argument, NULL, O_SEED },       { "vlan", required_argument, NULL, O_VLAN },
		{ "truth", no_argument, NULL, O_TRUTH },           { "list", no_argument, NULL, O_LIST },
		{ "version", no_argument, NULL, O_VERSION },       { "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },        { NULL, 0, NULL, 0 },
	};
	struct opts o = { .seed = 1, .vlan = -1 };
	bool packets_set = false, hosts_set = false;
	uint64_t v;
	int ch;
	while ((ch = getopt_long(argc, argv, "o:h", lo, NULL)) != -1) {
		switch (ch) {
		case 'o': o.out = optarg; break;
		case O_PACKETS:
			if (!parse_u64(optarg, 1, 1000000000ULL, &o.packets)) {
				fprintf(stderr, "ew-gen: --packets %s: expected a count from 1\n", optarg);
				return 2;
			}
			packets_set = true;
			break;
		case O_HOSTS:
			if (!parse_u64(optarg, 4, 1000000, &v)) {
				fprintf(stderr, "ew-gen: --hosts %s: expected 4 to 1000000\n", optarg);
				return 2;
			}
			o.hosts = (uint32_t)v;
			hosts_set = true;
			break;
		case O_SEED:
			if (!parse_u64(optarg, 0, UINT64_MAX, &o.seed)) {
				fprintf(stderr, "ew-gen: --seed %s: expected a number\n", optarg);
				return 2;
			}
			break;
		case O_VLAN:
			if (!parse_u64(optarg, 1, 4094, &v)) {
				fprintf(stderr, "ew-gen: --vlan %s: expected 1 to 4094\n", optarg);
				return 2;
			}
			o.vlan = (int)v;
			break;
		case O_TRUTH: o.truth = true; break;
		case O_LIST:
			for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++)
				puts(scenarios[i].name);
			return 0;
		case O_VERSION: puts("ew-gen " GEN_VERSION); return 0;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	const struct scenario *sc = NULL;
	for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++)
		if (strcmp(argv[optind], scenarios[i].name) == 0)
			sc = &scenarios[i];
	if (!sc) {
		fprintf(stderr, "ew-gen: unknown scenario \"%s\" (--list shows them)\n", argv[optind]);
		return 2;
	}
	if (!o.truth && !o.out) {
		fprintf(stderr, "ew-gen: -o OUT.pcap is required (or --truth)\n");
		return 2;
	}
	if (!packets_set)
		o.packets = sc->packets;
	if (!hosts_set)
		o.hosts = sc->hosts;

	static struct gen g; /* ~4 KiB of payload pool: keep it off the stack */
	g.rng.s = o.seed * 0x9e3779b97f4a7c15ULL ^ 0x6577676e31ULL;
	for (size_t i = 0; i < sizeof g.pool; i += 8) {
		uint64_t r = rng_next(&g.rng);
		memcpy(g.pool + i, &r, 8);
	}
	seed_mix = rng_next(&g.rng);
	g.target = o.packets;
	g.now = EPOCH_SEC * 1000000LL;

	struct world w = { 0 };
	w.cap = o.hosts + 64;
	w.h = calloc(w.cap, sizeof *w.h);
	w.bg = calloc(w.cap, sizeof *w.bg);
	if (!w.h || !w.bg) {
		fprintf(stderr, "ew-gen: out of memory\n");
		return 2;
	}
	w.vlan_site = w.vlan_rogue = (uint16_t)(o.vlan > 0 ? o.vlan : 0);
	w.gap_mean = 150000;
	sc->setup(&w, &g, &o);

	int status = 0;
	if (o.truth) {
		print_truth(&w, sc, &o);
	} else {
		FILE *fp = strcmp(o.out, "-") == 0 ? stdout : fopen(o.out, "wb");
		if (!fp) {
			fprintf(stderr, "ew-gen: %s: %s\n", o.out, strerror(errno));
			return 2;
		}
		setvbuf(fp, NULL, _IOFBF, 1 << 20);
		pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
		g.dump = dead ? pcap_dump_fopen(dead, fp) : NULL;
		if (!g.dump) {
			fprintf(stderr, "ew-gen: %s: cannot start a pcap file\n", o.out);
			return 2;
		}
		run(&g, &w);
		if (pcap_dump_flush(g.dump) != 0 || ferror(fp)) {
			fprintf(stderr, "ew-gen: %s: write error: %s\n", o.out, strerror(errno));
			status = 2;
		}
		pcap_dump_close(g.dump);
		pcap_close(dead);
		while (g.free_bufs) {
			struct qbuf *n = g.free_bufs->next;
			free(g.free_bufs);
			g.free_bufs = n;
		}
		free(g.heap);
	}
	free(w.h);
	free(w.bg);
	return status;
}
