/* SPDX-License-Identifier: ISC */
/* devices.c - the device table: (MAC, VLAN) -> device, caps, eviction, the
 * evidence pool, and the bounded address sets.
 *
 * Everything is allocated once in ew_devs_init except evidence records, which
 * grow in chunks up to a cap, and the hash, which doubles up to twice the
 * device cap. The hot path (ew_dev_find on a known device, ew_dev_touch) is
 * one hash probe sequence and one bit set in the device's line (struct dev:
 * the hot part only, in an array of its own).
 *
 * Eviction: four tiers, each a list in second-chance (CLOCK) order, the
 * usual constant-cost approximation of least-recently-seen. A new device
 * that finds the table full evicts from the lowest non-empty tier among plain
 * hosts, devices with weak evidence, and candidates; declared devices are
 * never evicted. So a MAC flood churns through plain hosts while the declared
 * gateway and any device with evidence stay.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "infer_internal.h"

/* ---- hashing ------------------------------------------------------------------ */

static uint64_t mac_hash(const struct ew_mac *m)
{
	return ew_mix64(ew_mac_key(m, 0) ^ 0x5a5a5a5a5a5aULL);
}

/* ---- bounded sets ---------------------------------------------------------------- */

static void lc_set(uint64_t *words, unsigned nwords, uint64_t h)
{
	unsigned bit = (unsigned)(h >> 40) % (nwords * 64);
	words[bit / 64] |= 1ULL << (bit % 64);
}

uint32_t ew_lc_estimate(const uint64_t *words, unsigned nwords)
{
	unsigned m = nwords * 64, ones = 0;
	for (unsigned i = 0; i < nwords; i++)
		ones += (unsigned)__builtin_popcountll(words[i]);
	unsigned zeros = m - ones;
	if (zeros == 0) /* saturated: report the largest value the bitmap can tell */
		zeros = 1;
	double est = (double)m * log((double)m / (double)zeros);
	return (uint32_t)(est + 0.5);
}

void ew_ipset_add(struct ip_set *s, const struct ew_ip *ip)
{
	uint64_t h = ew_ip_hash(ip);
	lc_set(s->lc, EW_LC_WORDS, h);
	if (s->full) /* beyond the cap only the estimate counts */
		return;
	for (unsigned i = 0, j = (unsigned)h % EW_SET_SLOTS; i < EW_SET_SLOTS; i++, j = (j + 1) % EW_SET_SLOTS) {
		if (s->slot[j].family == EW_AF_NONE) {
			if (s->n >= EW_SET_CAP) {
				s->full = true;
				return;
			}
			s->slot[j] = *ip;
			s->n++;
			return;
		}
		if (ew_ip_eq(&s->slot[j], ip))
			return;
	}
}

void ew_macset_add(struct mac_set *s, const struct ew_mac *m)
{
	uint64_t h = mac_hash(m);
	lc_set(s->lc, EW_LC_WORDS, h);
	if (s->full)
		return;
	for (unsigned i = 0, j = (unsigned)h % EW_SET_SLOTS; i < EW_SET_SLOTS; i++, j = (j + 1) % EW_SET_SLOTS) {
		if (!s->slot[j].used) {
			if (s->n >= EW_SET_CAP) {
				s->full = true;
				return;
			}
			s->slot[j].used = true;
			s->slot[j].mac = *m;
			s->n++;
			return;
		}
		if (ew_mac_eq(&s->slot[j].mac, m))
			return;
	}
}

/* Exact while under the cap; beyond it the estimate, never less than the exact part. */
uint32_t ew_ipset_count(const struct ip_set *s)
{
	if (!s->full)
		return s->n;
	uint32_t e = ew_lc_estimate(s->lc, EW_LC_WORDS);
	return e > s->n ? e : s->n + 1u;
}

uint32_t ew_macset_count(const struct mac_set *s)
{
	if (!s->full)
		return s->n;
	uint32_t e = ew_lc_estimate(s->lc, EW_LC_WORDS);
	return e > s->n ? e : s->n + 1u;
}

/* ---- LRU lists ---------------------------------------------------------------- */

static void lru_unlink(struct dev_table *t, uint32_t i)
{
	struct dev_more *m = &t->more[i];
	struct lru *l = &t->tier[t->devs[i].tier];
	if (m->prev != EW_NONE)
		t->more[m->prev].next = m->next;
	else
		l->head = m->next;
	if (m->next != EW_NONE)
		t->more[m->next].prev = m->prev;
	else
		l->tail = m->prev;
	m->prev = m->next = EW_NONE;
	l->n--;
}

static void lru_push_front(struct dev_table *t, uint32_t i, uint8_t tier)
{
	struct dev_more *m = &t->more[i];
	struct lru *l = &t->tier[tier];
	t->devs[i].tier = tier;
	m->prev = EW_NONE;
	m->next = l->head;
	if (l->head != EW_NONE)
		t->more[l->head].prev = i;
	l->head = i;
	if (l->tail == EW_NONE)
		l->tail = i;
	l->n++;
}

static uint8_t wanted_tier(const struct dev *d)
{
	if (d->flags & DEV_DECLARED)
		return TIER_DECLARED;
	if (d->roles)
		return TIER_CANDIDATE;
	if (d->ev != EW_NONE)
		return TIER_EVIDENCE;
	return TIER_PLAIN;
}

void ew_dev_retier(struct dev_table *t, uint32_t i)
{
	struct dev *d = &t->devs[i];
	uint8_t w = wanted_tier(d);
	if (w == d->tier)
		return;
	lru_unlink(t, i);
	lru_push_front(t, i, w);
}

/* ---- table ------------------------------------------------------------------------ */

int ew_devs_init(struct dev_table *t, uint32_t cap)
{
	memset(t, 0, sizeof *t);
	t->cap = cap;
	/* One device = whole cache lines, so 64-byte aligned. calloc, not
	 * aligned_alloc + memset: a table this size comes zeroed from mmap and
	 * its pages are only touched as devices are used, instead of 4 MiB
	 * written at every start (16384 devices) whatever the segment's size. */
	t->devs_mem = calloc((size_t)cap * sizeof *t->devs + 63, 1);
	if (t->devs_mem)
		t->devs = (struct dev *)(((uintptr_t)t->devs_mem + 63) & ~(uintptr_t)63);
	t->more = calloc(cap, sizeof *t->more);
	/* the hash starts small (a small table stays in cache) and doubles up to
	 * twice the device cap, keeping the load at most 1/2 */
	uint32_t hmax = 16;
	while (hmax < 2 * cap)
		hmax <<= 1;
	uint32_t hsize = hmax < 1024 ? hmax : 1024;
	t->hmax = hmax;
	t->hash = malloc((size_t)hsize * sizeof *t->hash);
	/* evidence records: an eighth of the devices, at least 64, never more than the devices */
	uint32_t evcap = cap / 8 < 64 ? 64 : cap / 8;
	if (evcap > EW_EV_POOL_MAX)
		evcap = EW_EV_POOL_MAX;
	if (evcap > cap)
		evcap = cap;
	t->ev_cap = evcap;
	t->ev_chunks = calloc((evcap + EW_EV_CHUNK - 1) / EW_EV_CHUNK, sizeof *t->ev_chunks);
	if (!t->devs || !t->more || !t->hash || !t->ev_chunks) {
		ew_devs_free(t);
		return -1;
	}
	t->hmask = hsize - 1;
	for (uint32_t j = 0; j < hsize; j++) {
		t->hash[j].key = 0;
		t->hash[j].idx = EW_NONE;
	}
	t->free_head = EW_NONE; /* evicted slots; never-used ones are taken at t->fresh */
	t->fresh = 0;
	for (int k = 0; k < TIER__COUNT; k++)
		t->tier[k].head = t->tier[k].tail = EW_NONE;
	t->ev_free = EW_NONE;
	return 0;
}

void ew_devs_free(struct dev_table *t)
{
	if (t->ev_chunks)
		for (uint32_t c = 0; c < (t->ev_cap + EW_EV_CHUNK - 1) / EW_EV_CHUNK; c++)
			free(t->ev_chunks[c]);
	free(t->ev_chunks);
	free(t->devs_mem);
	free(t->more);
	free(t->hash);
	memset(t, 0, sizeof *t);
}

/* Doubles the hash; false if it cannot (then the caller refuses the device
 * once the table is too full to probe well). */
static bool hash_grow(struct dev_table *t)
{
	uint32_t old = t->hmask + 1, size = old * 2;
	if (size > t->hmax)
		return false;
	struct hslot *h = malloc((size_t)size * sizeof *h);
	if (!h)
		return false;
	for (uint32_t j = 0; j < size; j++) {
		h[j].key = 0;
		h[j].idx = EW_NONE;
	}
	for (uint32_t j = 0; j < old; j++) {
		if (t->hash[j].idx == EW_NONE)
			continue;
		uint32_t k = ew_key_slot(t->hash[j].key) & (size - 1);
		while (h[k].idx != EW_NONE)
			k = (k + 1) & (size - 1);
		h[k] = t->hash[j];
	}
	free(t->hash);
	t->hash = h;
	t->hmask = size - 1;
	return true;
}

static void hash_insert(struct dev_table *t, uint32_t i)
{
	const struct dev *d = &t->devs[i];
	uint64_t key = ew_mac_key(&d->mac, d->vlan);
	uint32_t j = ew_key_slot(key) & t->hmask;
	while (t->hash[j].idx != EW_NONE)
		j = (j + 1) & t->hmask;
	t->hash[j].key = key;
	t->hash[j].idx = i;
}

/* Linear probing deletion by backward shift (Knuth 6.4, Algorithm R): no
 * tombstones, so a flood of inserts and evictions never degrades probing. */
static void hash_remove(struct dev_table *t, uint32_t i)
{
	const struct dev *d = &t->devs[i];
	uint64_t key = ew_mac_key(&d->mac, d->vlan);
	uint32_t j = ew_key_slot(key) & t->hmask;
	while (t->hash[j].idx != i)
		j = (j + 1) & t->hmask;
	uint32_t hole = j;
	for (;;) {
		j = (j + 1) & t->hmask;
		if (t->hash[j].idx == EW_NONE)
			break;
		uint32_t home = ew_key_slot(t->hash[j].key) & t->hmask;
		/* move the entry into the hole unless its home lies cyclically in (hole, j] */
		bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
		if (!stays) {
			t->hash[hole] = t->hash[j];
			hole = j;
		}
	}
	t->hash[hole].idx = EW_NONE;
	t->hash[hole].key = 0;
}

static void ev_release(struct dev_table *t, struct dev *d)
{
	if (d->ev == EW_NONE)
		return;
	struct dev_ev *e = ew_ev_at(t, d->ev);
	e->owner = EW_NONE;
	e->next_free = t->ev_free;
	t->ev_free = d->ev;
	t->ev_used--;
	d->ev = EW_NONE;
}

static void evict(struct ew_infer *inf, uint32_t i)
{
	struct dev_table *t = &inf->t;
	struct dev *d = &t->devs[i];
	t->evicted++;
	if (d->tier >= TIER_EVIDENCE)
		t->evicted_with_evidence++;
	ev_release(t, d);
	hash_remove(t, i);
	lru_unlink(t, i);
	if (inf->cur == i)
		inf->cur = EW_NONE;
	memset(d, 0, sizeof *d);
	d->ev = EW_NONE;
	struct dev_more *m = &t->more[i];
	memset(m, 0, sizeof *m);
	m->prev = EW_NONE;
	m->next = t->free_head;
	t->free_head = i;
	t->used--;
}

/* Least recently seen device of one tier, skipping `keep` and `keep2`, by
 * the second-chance (CLOCK) rule: the list is in the order devices were put
 * at its head; a device at the tail that was seen again since (DEV_REF)
 * loses the mark and goes back to the head. So devices seen once (a flood of
 * new MACs) leave in arrival order and devices that keep talking stay; each
 * device is passed at most once per sweep, so the work is amortised O(1). */
static uint32_t victim_in(struct dev_table *t, int tier, uint32_t keep, uint32_t keep2)
{
	struct lru *l = &t->tier[tier];
	for (uint32_t steps = 2 * l->n + 2; steps && l->tail != EW_NONE; steps--) {
		uint32_t i = l->tail;
		struct dev *d = &t->devs[i];
		if (i != keep && i != keep2 && !(d->flags & DEV_REF))
			return i;
		d->flags &= (uint8_t)~DEV_REF;
		if (l->n == 1)
			break;
		lru_unlink(t, i);
		lru_push_front(t, i, (uint8_t)tier);
	}
	return EW_NONE;
}

/* Plain hosts first, then devices with weak evidence, then candidates. */
static uint32_t victim(struct dev_table *t, int below, uint32_t keep, uint32_t keep2)
{
	for (int k = 0; k < below; k++) {
		uint32_t v = victim_in(t, k, keep, keep2);
		if (v != EW_NONE)
			return v;
	}
	return EW_NONE;
}

uint32_t ew_dev_get(struct ew_infer *inf, const struct ew_mac *mac, uint16_t vlan, uint32_t keep)
{
	struct dev_table *t = &inf->t;
	uint32_t i = ew_dev_find(t, mac, vlan);
	if (i != EW_NONE)
		return i;
	if (t->free_head == EW_NONE && t->fresh == t->cap) {
		uint32_t v = victim(t, TIER_DECLARED, keep, inf->cur);
		if (v == EW_NONE) {
			t->insert_failed++;
			return EW_NONE;
		}
		evict(inf, v);
	}
	if (2 * (t->used + 1) > t->hmask + 1 && !hash_grow(t) && t->used + 2 > t->hmask) {
		t->insert_failed++; /* no memory to grow and no room left to probe */
		return EW_NONE;
	}
	/* evicted slots first, then never-used ones: the same order as one free
	 * list of every slot, since nothing is evicted before all are used */
	if (t->free_head != EW_NONE) {
		i = t->free_head;
		t->free_head = t->more[i].next;
	} else {
		i = t->fresh++;
	}
	struct dev *d = &t->devs[i];
	memset(d, 0, sizeof *d);
	memset(&t->more[i], 0, sizeof t->more[i]);
	d->mac = *mac;
	d->vlan = vlan;
	d->flags = DEV_USED;
	d->ev = EW_NONE;
	uint64_t mk = ew_mac_key(mac, 0);
	uint32_t lo = 0, hi = inf->decl_mac_n;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (inf->decl_mac[mid] < mk)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < inf->decl_mac_n && inf->decl_mac[lo] == mk)
		d->flags |= DEV_DECLARED;
	t->used++;
	hash_insert(t, i);
	lru_push_front(t, i, wanted_tier(d));
	return i;
}

/* ---- evidence pool --------------------------------------------------------------- */

struct dev_ev *ew_dev_ev(struct ew_infer *inf, uint32_t i)
{
	struct dev_table *t = &inf->t;
	struct dev *d = &t->devs[i];
	if (d->ev != EW_NONE)
		return ew_ev_at(t, d->ev);
	uint32_t e;
	if (t->ev_free != EW_NONE) {
		e = t->ev_free;
		t->ev_free = ew_ev_at(t, e)->next_free;
	} else if (t->ev_alloc < t->ev_cap) {
		e = t->ev_alloc;
		struct dev_ev **chunk = &t->ev_chunks[e / EW_EV_CHUNK];
		if (!*chunk && !(*chunk = calloc(EW_EV_CHUNK, sizeof **chunk))) {
			t->ev_dropped++;
			return NULL;
		}
		t->ev_alloc++;
	} else {
		/* Full: take the record of the least recently seen device with weak
		 * evidence; failing that, evict the least recently seen candidate. */
		uint32_t v = victim_in(t, TIER_EVIDENCE, i, inf->cur);
		if (v != EW_NONE) {
			ev_release(t, &t->devs[v]);
			ew_dev_retier(t, v);
			t->ev_reclaimed++;
		} else {
			v = victim_in(t, TIER_CANDIDATE, i, inf->cur);
			if (v == EW_NONE) {
				t->ev_dropped++;
				return NULL;
			}
			evict(inf, v);
			t->ev_reclaimed++;
		}
		e = t->ev_free;
		t->ev_free = ew_ev_at(t, e)->next_free;
	}
	struct dev_ev *r = ew_ev_at(t, e);
	memset(r, 0, sizeof *r);
	r->owner = i;
	r->next_free = EW_NONE;
	t->ev_used++;
	d->ev = e;
	ew_dev_retier(t, i);
	return r;
}

/* ---- windows ------------------------------------------------------------------ */

static int by_last_seen(const void *a, const void *b, void *arg)
{
	const struct dev_table *t = arg;
	const struct dev *x = &t->devs[*(const uint32_t *)a], *y = &t->devs[*(const uint32_t *)b];
	if (x->last_seen != y->last_seen)
		return x->last_seen < y->last_seen ? -1 : 1;
	return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

/* Evidence and per-window counters restart; identities (addresses, declared,
 * which end of a PPPoE session) stay. Devices keep their recency order. */
void ew_devs_new_window(struct dev_table *t)
{
	uint32_t *order = malloc((size_t)(t->used ? t->used : 1) * sizeof *order);
	uint32_t n = 0;
	for (uint32_t i = 0; i < t->fresh; i++) { /* [fresh, cap) never used */
		struct dev *d = &t->devs[i];
		if (!(d->flags & DEV_USED))
			continue;
		ev_release(t, d);
		d->roles = 0;
		d->flags &= (uint8_t) ~(DEV_SEEN | DEV_SENT | DEV_CLIENT | DEV_REF);
		d->packets = d->bytes = 0;
		d->src_lc = d->dst_lc = 0;
		if (order)
			order[n++] = i;
	}
	for (int k = 0; k < TIER__COUNT; k++)
		t->tier[k].head = t->tier[k].tail = EW_NONE, t->tier[k].n = 0;
	if (order) {
		qsort_r(order, n, sizeof *order, by_last_seen, t);
		for (uint32_t k = 0; k < n; k++)
			lru_push_front(t, order[k], wanted_tier(&t->devs[order[k]]));
		free(order);
	} else {
		/* no memory for the sort: recency order is lost, membership is not */
		for (uint32_t i = 0; i < t->fresh; i++)
			if (t->devs[i].flags & DEV_USED)
				lru_push_front(t, i, wanted_tier(&t->devs[i]));
	}
	t->evicted = t->evicted_with_evidence = t->ev_reclaimed = t->ev_dropped = t->insert_failed = 0;
}
