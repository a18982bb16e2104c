/* SPDX-License-Identifier: ISC */
/* reconcile.c - declared lines against devices seen (reconcile.h, DESIGN §6).
 *
 * Linear in lines + devices: the lines' MACs and addresses go into two hash
 * maps (each key to a list of lines, so one MAC on many lines costs nothing
 * more), and each device looks up its MAC, the 2·EW_RECONCILE_MAC_NEAR
 * neighbouring MACs of the same OUI, then its addresses. No loop over lines
 * inside a loop over devices. */
#include "reconcile.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Lines one device may tie to; past it the why says how many more. A sheet
 * that repeats one address on 100,000 lines must not make 10^10 links. */
#define RC_LINKS_PER_DEVICE 64u
/* Devices named in one line's why; the JSON lists them all by index. */
#define RC_WHY_DEVICES 8u

/* Roles that mean the device forwards traffic (agent's classify.h names). */
static const char *const forwarding_roles[] = {
	"router", "nat", "ra_router", "rip_default", "irdp", NULL,
};

enum match_kind { MK_NONE = 0, MK_EXACT, MK_NEAR, MK_IP };

const char *ew_line_verdict_str(enum ew_line_verdict v)
{
	switch (v) {
	case EW_LINE_MATCHED: return "matched";
	case EW_LINE_UNSEEN: return "unseen";
	case EW_LINE_CONFLICT: return "conflict";
	}
	return "unknown";
}

const char *ew_device_verdict_str(enum ew_device_verdict v)
{
	switch (v) {
	case EW_DEVICE_MATCHED: return "matched";
	case EW_DEVICE_UNLISTED: return "unlisted";
	case EW_DEVICE_CONFLICT: return "conflict";
	case EW_DEVICE_INFRASTRUCTURE: return "infrastructure";
	}
	return "unknown";
}

/* Whether why holds part whole, between "; " separators. */
static bool why_has(const char *why, const char *part, size_t plen)
{
	for (const char *p = strstr(why, part); p; p = strstr(p + 1, part))
		if ((p == why || (p - why >= 2 && p[-2] == ';' && p[-1] == ' ')) && (p[plen] == '\0' || p[plen] == ';'))
			return true;
	return false;
}

/* Appends to a why, "; " between parts, each part once (one box on two
 * VLANs conflicts with its line twice, in the same words); cut at a UTF-8
 * character boundary when full, never in the middle of one. */
static void why_add(char *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void why_add(char *why, const char *fmt, ...)
{
	if (why == NULL)
		return;
	size_t len = strlen(why);
	if (len + 1 >= EW_RECONCILE_WHY_MAX)
		return;
	char part[EW_RECONCILE_WHY_MAX];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(part, sizeof part, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	size_t plen = strlen(part);
	if (plen == 0 || why_has(why, part, plen))
		return;
	const char *sep = len ? "; " : "";
	size_t room = EW_RECONCILE_WHY_MAX - 1 - len;
	if (strlen(sep) >= room)
		return;
	memcpy(why + len, sep, strlen(sep));
	len += strlen(sep);
	room -= strlen(sep);
	if (plen > room) {
		plen = room;
		while (plen > 0 && ((unsigned char)part[plen] & 0xC0) == 0x80)
			plen--;
	}
	memcpy(why + len, part, plen);
	why[len + plen] = '\0';
}

static uint64_t mac_key(const struct ew_mac *m)
{
	uint64_t k = 0;
	for (size_t i = 0; i < EW_MAC_LEN; i++)
		k = k << 8 | m->b[i];
	return k;
}

static struct ew_mac mac_from_key(uint64_t k)
{
	struct ew_mac m;
	for (size_t i = EW_MAC_LEN; i-- > 0;) {
		m.b[i] = (uint8_t)(k & 0xff);
		k >>= 8;
	}
	return m;
}

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static uint64_t ip_hash(const struct ew_ip *ip)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ ip->family;
	for (size_t i = 0; i < sizeof ip->a; i++)
		h = (h ^ ip->a[i]) * 0x100000001b3ULL;
	return mix64(h);
}

/* A multimap from a key (MAC or address) to the lines naming it: unique keys
 * in an open-addressed table, each with a list through `next`. */
struct rc_slot {
	bool used;
	uint64_t mac;
	struct ew_ip ip;
	size_t head;  /* first node */
	size_t count; /* lines naming the key (with repeats of one line) */
};
struct rc_node {
	size_t line;
	size_t next; /* SIZE_MAX: end */
};
struct rc_map {
	struct rc_slot *slots;
	size_t mask;
	struct rc_node *nodes;
	size_t nnodes;
};

static int map_init(struct rc_map *m, size_t entries)
{
	size_t cap = 16;
	while (cap < entries * 2)
		cap *= 2;
	m->slots = calloc(cap, sizeof *m->slots);
	m->nodes = calloc(entries ? entries : 1, sizeof *m->nodes);
	m->mask = cap - 1;
	m->nnodes = 0;
	return m->slots && m->nodes ? 0 : -1;
}

static void map_free(struct rc_map *m)
{
	free(m->slots);
	free(m->nodes);
}

static struct rc_slot *map_find_mac(const struct rc_map *m, uint64_t k)
{
	for (size_t i = mix64(k) & m->mask;; i = (i + 1) & m->mask) {
		struct rc_slot *s = &m->slots[i];
		if (!s->used || s->mac == k)
			return s;
	}
}

static struct rc_slot *map_find_ip(const struct rc_map *m, const struct ew_ip *ip)
{
	for (size_t i = ip_hash(ip) & m->mask;; i = (i + 1) & m->mask) {
		struct rc_slot *s = &m->slots[i];
		if (!s->used || ew_ip_eq(&s->ip, ip))
			return s;
	}
}

/* Adds line to the slot's list; returns the line that named the key first
 * (SIZE_MAX if the key is new or only this line named it so far). */
static size_t map_push(struct rc_map *m, struct rc_slot *s, size_t line)
{
	size_t first = SIZE_MAX;
	struct rc_node *n = &m->nodes[m->nnodes];
	n->line = line;
	n->next = SIZE_MAX;
	if (s->used) {
		/* keep sheet order: the list's head stays the first line, new
		 * lines go second (order among later lines does not matter) */
		first = m->nodes[s->head].line;
		n->next = m->nodes[s->head].next;
		m->nodes[s->head].next = m->nnodes;
	} else {
		s->used = true;
		s->head = m->nnodes;
	}
	s->count++;
	m->nnodes++;
	return first;
}

struct rc_link {
	size_t dev, line;
	enum match_kind kind;
	int delta;       /* MK_NEAR: device MAC - declared MAC */
	struct ew_ip ip; /* MK_IP: the address */
};

struct rc_links {
	struct rc_link *v;
	size_t n, cap;
};

static int links_add(struct rc_links *l, const struct rc_link *k)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct rc_link *v = realloc(l->v, cap * sizeof *v);
		if (v == NULL)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *k;
	return 0;
}

static bool has_forwarding_role(const char *roles)
{
	for (const char *p = roles; p && *p;) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		while (n && *p == ' ') {
			p++;
			n--;
		}
		for (size_t i = 0; forwarding_roles[i]; i++)
			if (strlen(forwarding_roles[i]) == n && memcmp(forwarding_roles[i], p, n) == 0)
				return true;
		if (!e)
			break;
		p = e + 1;
	}
	return false;
}

static bool routes_emr(const struct ew_device *d)
{
	return d->routes || (d->confidence >= EW_RECONCILE_ROUTES_CONF && has_forwarding_role(d->roles));
}

/* The ledger caps these; a hand-made ledger may not. */
static size_t nmacs_of(const struct ew_ledger_line *l)
{
	return l->mac_count < EW_LEDGER_MACS_MAX ? l->mac_count : EW_LEDGER_MACS_MAX;
}

static size_t nips_of(const struct ew_ledger_line *l)
{
	return l->ip_count < EW_LEDGER_IPS_MAX ? l->ip_count : EW_LEDGER_IPS_MAX;
}

static bool line_has_mac(const struct ew_ledger_line *l, const struct ew_mac *m)
{
	for (size_t i = 0; i < nmacs_of(l); i++)
		if (ew_mac_eq(&l->macs[i], m))
			return true;
	return false;
}

static bool line_has_ip(const struct ew_ledger_line *l, const struct ew_ip *ip)
{
	for (size_t i = 0; i < nips_of(l); i++)
		if (ew_ip_eq(&l->ips[i], ip))
			return true;
	return false;
}

static bool line_has_family(const struct ew_ledger_line *l, uint8_t fam)
{
	for (size_t i = 0; i < nips_of(l); i++)
		if (l->ips[i].family == fam)
			return true;
	return false;
}

/* The sheet's address of one family that the device was not seen at: true
 * when the line declares addresses of a family the device was seen with, and
 * none of the device's addresses of that family is the sheet's. Writes the
 * first address seen into seen. */
static bool seen_elsewhere(const struct ew_ledger_line *l, const struct ew_ip *addrs, size_t n, uint8_t fam,
                           struct ew_ip *seen)
{
	if (n == 0 || !line_has_family(l, fam))
		return false;
	for (size_t i = 0; i < n; i++)
		if (line_has_ip(l, &addrs[i]))
			return false;
	*seen = addrs[0];
	return true;
}

static void line_label(const struct ew_ledger_line *l, char *out, size_t len)
{
	if (l->no && *l->no)
		snprintf(out, len, "%s (row %u)", l->no, l->row);
	else
		snprintf(out, len, "row %u", l->row);
}

/* A device's verdict before its why is written (in the final order, so the
 * big ew_rc_device array is written once and never moved). */
struct rc_dev {
	enum ew_device_verdict verdict;
	enum match_kind kind;
	size_t first, n, more; /* its links */
	size_t exact;          /* lines naming its MAC exactly */
};

struct rc_order {
	int rank;
	double confidence;
	uint64_t mac;
	int vlan;
	size_t orig;
};

static int verdict_rank(enum ew_device_verdict v)
{
	switch (v) {
	case EW_DEVICE_UNLISTED: return 0;
	case EW_DEVICE_CONFLICT: return 1;
	case EW_DEVICE_MATCHED: return 2;
	case EW_DEVICE_INFRASTRUCTURE: return 3;
	}
	return 4;
}

static int order_cmp(const void *pa, const void *pb)
{
	const struct rc_order *a = pa, *b = pb;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (a->confidence != b->confidence)
		return a->confidence > b->confidence ? -1 : 1;
	if (a->mac != b->mac)
		return a->mac < b->mac ? -1 : 1;
	if (a->vlan != b->vlan)
		return a->vlan < b->vlan ? -1 : 1;
	return a->orig < b->orig ? -1 : a->orig > b->orig;
}

/* Links k to every line on s's node chain, skipping lines this device is
 * already linked to (the last *added links) and counting into *more once the
 * device holds RC_LINKS_PER_DEVICE. Shared by the near-MAC and address ties. */
static int chain_links(const struct rc_map *m, const struct rc_slot *s, struct rc_link *k, struct rc_links *links,
                       size_t *added, size_t *more)
{
	for (size_t n = s->head; n != SIZE_MAX; n = m->nodes[n].next) {
		k->line = m->nodes[n].line;
		bool dup = false;
		for (size_t i = links->n - *added; i < links->n; i++)
			dup |= links->v[i].line == k->line;
		if (dup)
			continue;
		if (*added == RC_LINKS_PER_DEVICE) {
			(*more)++;
			continue;
		}
		if (links_add(links, k) != 0)
			return -1;
		(*added)++;
	}
	return 0;
}

/* Ties one device to lines: exact MAC, else the nearest neighbouring MAC of
 * the same OUI, else its addresses. Returns the kind found. */
static int device_links(const struct rc_map *macs, const struct rc_map *ips, const struct ew_device *d, size_t di,
                        struct rc_links *links, size_t *more, size_t *exact, enum match_kind *kind)
{
	struct rc_link k = {.dev = di};
	size_t added = 0;
	*more = 0;
	*exact = 0;
	*kind = MK_NONE;
	uint64_t key = mac_key(&d->mac);
	const struct rc_slot *s = map_find_mac(macs, key);
	if (s->used) {
		*kind = k.kind = MK_EXACT;
		for (size_t n = s->head; n != SIZE_MAX; n = macs->nodes[n].next) {
			if (added == RC_LINKS_PER_DEVICE) {
				(*more)++;
				continue;
			}
			k.line = macs->nodes[n].line;
			/* a line naming the MAC twice ties once */
			bool dup = false;
			for (size_t i = links->n - added; i < links->n; i++)
				dup |= links->v[i].line == k.line;
			if (dup)
				continue;
			if (links_add(links, &k) != 0)
				return -1;
			added++;
		}
		*exact = added + *more;
	}
	/* the nearest neighbouring ports too: a line may name another port of
	 * a box seen here (its WAN side, a second line on LAN2) */
	size_t near_added = 0;
	for (int dist = 1; dist <= EW_RECONCILE_MAC_NEAR && near_added == 0; dist++) {
		for (int sign = -1; sign <= 1; sign += 2) {
			int delta = sign * dist;
			/* device = declared + delta, so declared = device - delta */
			int64_t cand = (int64_t)key - delta;
			if (cand < 0 || cand > (int64_t)0xffffffffffffLL || (uint64_t)cand >> 24 != key >> 24)
				continue;
			s = map_find_mac(macs, (uint64_t)cand);
			if (!s->used)
				continue;
			if (*kind == MK_NONE)
				*kind = MK_NEAR;
			k.kind = MK_NEAR;
			k.delta = delta;
			size_t before = added;
			if (chain_links(macs, s, &k, links, &added, more) != 0)
				return -1;
			near_added += added - before;
		}
	}
	if (added)
		return 0;
	const struct ew_ip *lists[2] = {d->ipv4, d->ipv6};
	size_t counts[2] = {d->ipv4_count, d->ipv6_count};
	k.kind = MK_IP;
	k.delta = 0;
	for (size_t f = 0; f < 2; f++) {
		for (size_t a = 0; a < counts[f] && a < EW_DEVICE_ADDRS_MAX; a++) {
			if (lists[f][a].family == EW_AF_NONE)
				continue;
			s = map_find_ip(ips, &lists[f][a]);
			if (!s->used)
				continue;
			*kind = MK_IP;
			k.ip = lists[f][a];
			if (chain_links(ips, s, &k, links, &added, more) != 0)
				return -1;
		}
	}
	return 0;
}

/* Judges one link: the tie itself in the device's why, conflicts in both
 * (either why may be NULL: the verdict is the same). */
static bool judge_link(const struct rc_link *k, const struct ew_device *d, const struct ew_ledger_line *l,
                       char *dwhy, char *lwhy)
{
	char mac[EW_MAC_STRLEN], ms[EW_MAC_STRLEN], label[256], ipa[EW_IP_STRLEN], ipb[EW_IP_STRLEN];
	bool conflict = false;
	ew_mac_str(&d->mac, mac);
	line_label(l, label, sizeof label);
	switch (k->kind) {
	case MK_EXACT:
		why_add(dwhy, "MAC %s is declared on %s", mac, label);
		break;
	case MK_NEAR: {
		struct ew_mac decl = mac_from_key((uint64_t)((int64_t)mac_key(&d->mac) - k->delta));
		ew_mac_str(&decl, ms);
		why_add(dwhy, "MAC %s is %d %s %s declared on %s (same OUI; gateways number their ports consecutively)",
		        mac, k->delta < 0 ? -k->delta : k->delta, k->delta < 0 ? "below" : "above", ms, label);
		break;
	}
	case MK_IP:
		ew_ip_str(&k->ip, ipa);
		why_add(dwhy, "address %s is declared on %s", ipa, label);
		if (l->mac_count > 0 && !line_has_mac(l, &d->mac)) {
			ew_mac_str(&l->macs[0], ms);
			why_add(dwhy, "conflict: the sheet gives %s MAC %s, but %s is used by %s", label, ms, ipa, mac);
			why_add(lwhy, "the sheet's address %s is used by MAC %s, not the declared %s", ipa, mac, ms);
			conflict = true;
		}
		break;
	case MK_NONE:
		break;
	}
	if (k->kind == MK_EXACT) {
		struct ew_ip seen;
		if (seen_elsewhere(l, d->ipv4, d->ipv4_count, EW_AF_INET, &seen) ||
		    seen_elsewhere(l, d->ipv6, d->ipv6_count, EW_AF_INET6, &seen)) {
			ew_ip_str(&seen, ipa);
			ipb[0] = '\0';
			for (size_t i = 0; i < nips_of(l); i++)
				if (l->ips[i].family == seen.family) {
					ew_ip_str(&l->ips[i], ipb);
					break;
				}
			why_add(dwhy, "conflict: declared at %s on the sheet, seen at %s", ipb, ipa);
			why_add(lwhy, "declared MAC %s is seen at %s, not the sheet's %s", mac, ipa, ipb);
			conflict = true;
		}
	}
	if (l->emr_connected == EW_YN_NO && routes_emr(d)) {
		why_add(dwhy, "conflict: %s is marked 電子カルテ接続 なし (not connected to the EMR network), but this device routes traffic for EMR hosts (%u inside hosts)",
		        label, d->inside_hosts);
		why_add(lwhy, "marked 電子カルテ接続 なし, but MAC %s routes traffic for EMR hosts (%u inside hosts)", mac,
		        d->inside_hosts);
		conflict = true;
	}
	return conflict;
}

static void line_macs_ips(const struct ew_ledger_line *l, char *out, size_t len)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < nmacs_of(l) && o + 1 < len; i++) {
		char s[EW_MAC_STRLEN];
		ew_mac_str(&l->macs[i], s);
		int n = snprintf(out + o, len - o, "%sMAC %s", o ? ", " : "", s);
		if (n < 0)
			break;
		o += (size_t)n;
	}
	for (size_t i = 0; i < nips_of(l) && o + 1 < len; i++) {
		char s[EW_IP_STRLEN];
		ew_ip_str(&l->ips[i], s);
		int n = snprintf(out + o, len - o, "%s%s", o ? ", " : "", s);
		if (n < 0)
			break;
		o += (size_t)n;
	}
}

/* The boxes tied to one MAC-less line by its address alone. Routers of a
 * kind share a default address (every NTT HGW answers at 192.168.1.1), so
 * two boxes at the line's address are two ways out for one line: which one
 * is the line's, the sheet cannot say. A box's neighbouring ports and the
 * same MAC on another VLAN are one box. */
#define RC_IP_BOXES 4u
struct rc_ipbox {
	struct ew_ip ip; /* the line's address they were seen at (the first) */
	uint64_t macs[RC_IP_BOXES];
	size_t n;    /* distinct boxes, kept and not */
};

static bool same_box(uint64_t a, uint64_t b)
{
	uint64_t d = a > b ? a - b : b - a;
	return a >> 24 == b >> 24 && d <= EW_RECONCILE_MAC_NEAR;
}

static void ipbox_add(struct rc_ipbox *b, uint64_t mac, const struct ew_ip *ip)
{
	size_t kept = b->n < RC_IP_BOXES ? b->n : RC_IP_BOXES;
	for (size_t i = 0; i < kept; i++)
		if (same_box(b->macs[i], mac))
			return;
	if (b->n == 0)
		b->ip = *ip;
	if (b->n < RC_IP_BOXES)
		b->macs[b->n] = mac;
	b->n++;
}

static int key_cmp(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
	return a < b ? -1 : a > b;
}


void ew_reconciliation_free(struct ew_reconciliation *rc)
{
	if (rc == NULL)
		return;
	for (size_t i = 0; i < rc->line_count; i++)
		free(rc->lines[i].devices);
	free(rc->lines);
	free(rc->devices);
	memset(rc, 0, sizeof *rc);
}

int ew_reconcile(const struct ew_ledger *ledger, const struct ew_device *devices, size_t device_count,
                 struct ew_reconciliation *out)
{
	static const struct ew_ledger empty_ledger;
	if (ledger == NULL)
		ledger = &empty_ledger;
	memset(out, 0, sizeof *out);
	const size_t nl = ledger->count, nd = devices ? device_count : 0;
	int rv = -1;
	struct rc_map macs = {0}, ips = {0};
	struct rc_links links = {0};
	struct rc_dev *tmp = NULL;
	struct rc_order *order = NULL;
	size_t *pos = NULL, *fill = NULL;
	struct rc_ipbox *boxes = NULL;

	size_t nmacs = 0, nips = 0;
	for (size_t i = 0; i < nl; i++) {
		nmacs += nmacs_of(&ledger->lines[i]);
		nips += nips_of(&ledger->lines[i]);
	}
	out->lines = calloc(nl ? nl : 1, sizeof *out->lines);
	out->devices = calloc(nd ? nd : 1, sizeof *out->devices);
	tmp = calloc(nd ? nd : 1, sizeof *tmp);
	order = calloc(nd ? nd : 1, sizeof *order);
	pos = calloc(nd ? nd : 1, sizeof *pos);
	fill = calloc(nl ? nl : 1, sizeof *fill);
	boxes = calloc(nl ? nl : 1, sizeof *boxes);
	if (!out->lines || !out->devices || !tmp || !order || !pos || !fill || !boxes || map_init(&macs, nmacs) != 0 ||
	    map_init(&ips, nips) != 0)
		goto done;
	out->line_count = nl;
	out->device_count = nd;

	bool *lflag = calloc(nl ? nl : 1, sizeof *lflag);
	if (lflag == NULL)
		goto done;

	/* the sheet: index MACs and addresses; one MAC on two lines conflicts */
	for (size_t i = 0; i < nl; i++) {
		const struct ew_ledger_line *l = &ledger->lines[i];
		struct ew_rc_line *rl = &out->lines[i];
		rl->line = l;
		for (size_t m = 0; m < nmacs_of(l); m++) {
			bool again = false;
			for (size_t p = 0; p < m; p++)
				again |= ew_mac_eq(&l->macs[p], &l->macs[m]);
			if (again)
				continue;
			struct rc_slot *s = map_find_mac(&macs, mac_key(&l->macs[m]));
			s->mac = mac_key(&l->macs[m]);
			size_t first = map_push(&macs, s, i);
			if (first != SIZE_MAX) {
				char mac[EW_MAC_STRLEN], a[256], b[256];
				ew_mac_str(&l->macs[m], mac);
				line_label(&ledger->lines[first], a, sizeof a);
				line_label(l, b, sizeof b);
				why_add(rl->why, "MAC %s is also declared on %s (one MAC on two lines)", mac, a);
				if (s->count == 2)
					why_add(out->lines[first].why, "MAC %s is also declared on %s (one MAC on two lines)", mac, b);
				lflag[i] = lflag[first] = true;
			}
		}
		for (size_t a = 0; a < nips_of(l); a++) {
			if (l->ips[a].family == EW_AF_NONE)
				continue;
			bool again = false;
			for (size_t p = 0; p < a; p++)
				again |= ew_ip_eq(&l->ips[p], &l->ips[a]);
			if (again)
				continue;
			struct rc_slot *s = map_find_ip(&ips, &l->ips[a]);
			s->ip = l->ips[a];
			map_push(&ips, s, i);
		}
	}

	/* each device: its ties, its verdict; conflicts into the lines' whys */
	for (size_t di = 0; di < nd; di++) {
		const struct ew_device *d = &devices[di];
		struct rc_dev *rd = &tmp[di];
		rd->first = links.n;
		if (device_links(&macs, &ips, d, di, &links, &rd->more, &rd->exact, &rd->kind) != 0) {
			free(lflag);
			goto done;
		}
		rd->n = links.n - rd->first;
		if (rd->n == 0) {
			rd->verdict = d->declared ? EW_DEVICE_MATCHED
			              : d->infrastructure ? EW_DEVICE_INFRASTRUCTURE : EW_DEVICE_UNLISTED;
		} else {
			bool conflict = rd->exact > 1;
			for (size_t k = rd->first; k < links.n; k++) {
				size_t li = links.v[k].line;
				if (judge_link(&links.v[k], d, &ledger->lines[li], NULL, out->lines[li].why)) {
					conflict = true;
					lflag[li] = true;
				}
			}
			rd->verdict = conflict ? EW_DEVICE_CONFLICT : EW_DEVICE_MATCHED;
		}
		order[di] = (struct rc_order){
			.rank = verdict_rank(rd->verdict),
			.confidence = d->confidence,
			.mac = mac_key(&d->mac),
			.vlan = d->vlan,
			.orig = di,
		};
		if (out->window_start == 0 || (d->first_seen != 0 && d->first_seen < out->window_start))
			out->window_start = d->first_seen;
		if (d->last_seen > out->window_end)
			out->window_end = d->last_seen;
	}

	/* a MAC-less line whose address two boxes answer at: both conflict
	 * (infrastructure apart: a VRRP/HSRP peer shares its router's address
	 * and is no way out) */
	for (size_t k = 0; k < links.n; k++)
		if (links.v[k].kind == MK_IP && ledger->lines[links.v[k].line].mac_count == 0 &&
		    !devices[links.v[k].dev].infrastructure)
			ipbox_add(&boxes[links.v[k].line], mac_key(&devices[links.v[k].dev].mac), &links.v[k].ip);
	for (size_t k = 0; k < links.n; k++) {
		size_t li = links.v[k].line, di = links.v[k].dev;
		if (links.v[k].kind != MK_IP || boxes[li].n < 2 || devices[di].infrastructure)
			continue;
		tmp[di].verdict = EW_DEVICE_CONFLICT;
		order[di].rank = verdict_rank(EW_DEVICE_CONFLICT);
		if (!lflag[li]) {
			struct rc_ipbox *b = &boxes[li];
			size_t kept = b->n < RC_IP_BOXES ? b->n : RC_IP_BOXES;
			char ipa[EW_IP_STRLEN], list[RC_IP_BOXES * (EW_MAC_STRLEN + 2) + 32];
			size_t o = 0;
			qsort(b->macs, kept, sizeof b->macs[0], key_cmp);
			for (size_t i = 0; i < kept; i++) {
				char mac[EW_MAC_STRLEN];
				struct ew_mac m = mac_from_key(b->macs[i]);
				ew_mac_str(&m, mac);
				o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", mac);
			}
			if (b->n > kept)
				snprintf(list + o, sizeof list - o, ", …");
			ew_ip_str(&b->ip, ipa);
			why_add(out->lines[li].why,
			        "address %s is used by %zu MACs (%s): more than one box answers at the line's address; write the line's MAC on the sheet",
			        ipa, b->n, list);
		}
		lflag[li] = true;
	}

	qsort(order, nd, sizeof *order, order_cmp);
	for (size_t i = 0; i < nd; i++) {
		pos[order[i].orig] = i;
		size_t di = order[i].orig;
		const struct ew_device *d = &devices[di];
		const struct rc_dev *t = &tmp[di];
		struct ew_rc_device *rd = &out->devices[i];
		rd->device = d;
		rd->verdict = t->verdict;
		rd->line = t->n ? (long)links.v[t->first].line : -1;
		if (t->n == 0) {
			if (d->declared)
				why_add(rd->why, "declared to the agent as known infrastructure; on no line of the sheet");
			else if (d->infrastructure)
				why_add(rd->why, "infrastructure with no way out seen; on no line of the sheet");
			else
				why_add(rd->why, "no line of the sheet declares this MAC, a neighbouring port of it or its addresses");
			continue;
		}
		for (size_t k = t->first; k < t->first + t->n; k++) {
			const struct rc_link *lk = &links.v[k];
			judge_link(lk, d, &ledger->lines[lk->line], rd->why, NULL);
			if (lk->kind == MK_IP && boxes[lk->line].n > 1 && !d->infrastructure) {
				char ipa[EW_IP_STRLEN], label[256];
				ew_ip_str(&lk->ip, ipa);
				line_label(&ledger->lines[lk->line], label, sizeof label);
				why_add(rd->why, "conflict: %s on %s is used by %zu MACs, this one among them: which is the line's, the sheet does not say",
				        ipa, label, boxes[lk->line].n);
			}
		}
		if (t->exact > 1)
			why_add(rd->why, "conflict: one MAC on %zu lines", t->exact);
		else if (t->n + t->more > 1)
			why_add(rd->why, "ties to %zu lines", t->n + t->more);
	}

	/* each line: its devices (in the devices' final order), verdict, why */
	for (size_t k = 0; k < links.n; k++)
		out->lines[links.v[k].line].device_count++;
	for (size_t i = 0; i < nl; i++) {
		struct ew_rc_line *rl = &out->lines[i];
		if (rl->device_count == 0)
			continue;
		rl->devices = malloc(rl->device_count * sizeof *rl->devices);
		if (rl->devices == NULL) {
			free(lflag);
			goto done;
		}
	}
	for (size_t k = 0; k < links.n; k++) {
		size_t li = links.v[k].line;
		struct ew_rc_line *rl = &out->lines[li];
		/* a device tied twice to one line (MAC and address) counts once */
		size_t p = pos[links.v[k].dev];
		bool dup = false;
		for (size_t j = fill[li]; j-- > 0 && !dup;)
			dup = rl->devices[j] == p;
		if (!dup)
			rl->devices[fill[li]++] = p;
	}
	for (size_t i = 0; i < nl; i++) {
		struct ew_rc_line *rl = &out->lines[i];
		const struct ew_ledger_line *l = rl->line;
		rl->device_count = fill[i];
		/* devices in sheet-independent order: as the device list is */
		for (size_t a = 1; a < rl->device_count; a++)
			for (size_t b = a; b > 0 && rl->devices[b - 1] > rl->devices[b]; b--) {
				size_t t = rl->devices[b];
				rl->devices[b] = rl->devices[b - 1];
				rl->devices[b - 1] = t;
			}
		if (lflag[i]) {
			rl->verdict = EW_LINE_CONFLICT;
		} else if (rl->device_count > 0) {
			rl->verdict = EW_LINE_MATCHED;
		} else {
			rl->verdict = EW_LINE_UNSEEN;
			char what[512];
			line_macs_ips(l, what, sizeof what);
			if (what[0])
				why_add(rl->why, "not seen on the monitored segments in the window (%s): it may be on a segment not monitored, or switched off", what);
			else
				why_add(rl->why, "not seen on the monitored segments: the sheet gives no MAC or IP address to match it by");
		}
		for (size_t j = 0; j < rl->device_count && j < RC_WHY_DEVICES; j++) {
			const struct ew_device *d = out->devices[rl->devices[j]].device;
			char mac[EW_MAC_STRLEN];
			ew_mac_str(&d->mac, mac);
			char vlan[24] = "";
			if (d->vlan >= 0)
				snprintf(vlan, sizeof vlan, " (VLAN %d)", d->vlan);
			why_add(rl->why, "seen: %s%s%s%s", mac, d->cls[0] ? " " : "", d->cls, vlan);
		}
		if (rl->device_count > RC_WHY_DEVICES)
			why_add(rl->why, "and %zu more devices", rl->device_count - RC_WHY_DEVICES);
	}
	free(lflag);

	struct ew_rc_summary *sm = &out->summary;
	sm->lines = nl;
	sm->devices = nd;
	for (size_t i = 0; i < nl; i++) {
		switch (out->lines[i].verdict) {
		case EW_LINE_MATCHED: sm->lines_matched++; break;
		case EW_LINE_UNSEEN: sm->lines_unseen++; break;
		case EW_LINE_CONFLICT: sm->lines_conflict++; break;
		}
	}
	for (size_t i = 0; i < nd; i++) {
		switch (out->devices[i].verdict) {
		case EW_DEVICE_MATCHED: sm->devices_matched++; break;
		case EW_DEVICE_UNLISTED: sm->devices_unlisted++; break;
		case EW_DEVICE_CONFLICT: sm->devices_conflict++; break;
		case EW_DEVICE_INFRASTRUCTURE: sm->devices_infrastructure++; break;
		}
	}
	rv = 0;
done:
	map_free(&macs);
	map_free(&ips);
	free(links.v);
	free(tmp);
	free(order);
	free(pos);
	free(fill);
	free(boxes);
	if (rv != 0)
		ew_reconciliation_free(out);
	return rv;
}
