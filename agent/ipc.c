/* SPDX-License-Identifier: ISC */
/* ipc.c - the helper records' encoding and checked decoding (see ipc.h). */
#include "ipc.h"

#include <string.h>

_Static_assert(EW_LOCATE_SWITCHES_MAX <= UINT8_MAX, "a switch index is one byte");
_Static_assert(EW_LOCATE_OID_MAX <= UINT8_MAX, "an OID length is one byte");
_Static_assert(EW_LOCATE_VAL_MAX <= UINT16_MAX && EW_LSTR_MAX <= UINT16_MAX, "value lengths are two bytes");
_Static_assert(EW_IPC_ERROR_MAX < sizeof(((struct ew_locate_table *)0)->error), "an error text fits the table's");

/* Times (µs since the epoch) from 1970 to the end of year 9999: the report's RFC 3339 range. */
#define USEC_MAX INT64_C(253402300799999999)

/* ---- writing ------------------------------------------------------------- */

static void put(struct ew_ipc_buf *w, const void *p, size_t n)
{
	if (w->overflow || n > sizeof w->b - w->n) {
		w->overflow = true;
		return;
	}
	memcpy(w->b + w->n, p, n);
	w->n += n;
}

static void put_u8(struct ew_ipc_buf *w, unsigned v)
{
	uint8_t b = (uint8_t)v;
	put(w, &b, 1);
}

static void put_u16(struct ew_ipc_buf *w, unsigned v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };
	put(w, b, 2);
}

static void put_u32(struct ew_ipc_buf *w, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
	put(w, b, 4);
}

static void put_u64(struct ew_ipc_buf *w, uint64_t v)
{
	put_u32(w, (uint32_t)(v >> 32));
	put_u32(w, (uint32_t)v);
}

/* text: up to its first NUL, at most cap bytes */
static void put_text(struct ew_ipc_buf *w, const char *s, size_t len, size_t cap)
{
	size_t n = strnlen(s, len < cap ? len : cap);
	put_u16(w, (unsigned)n);
	put(w, s, n);
}

static void put_ip(struct ew_ipc_buf *w, const struct ew_ip *ip)
{
	put_u8(w, ip->family);
	put(w, ip->a, sizeof ip->a);
}

static void begin(struct ew_ipc_buf *w, enum ew_ipc_type type)
{
	w->n = 0;
	w->overflow = false;
	put_u32(w, 0); /* the length, once known */
	put_u8(w, EW_IPC_VERSION);
	put_u8(w, type);
}

static bool end(struct ew_ipc_buf *w)
{
	if (w->overflow || w->n - EW_IPC_HDR > EW_IPC_RECORD_MAX)
		return false;
	uint32_t len = (uint32_t)(w->n - EW_IPC_HDR);
	w->b[0] = (uint8_t)(len >> 24);
	w->b[1] = (uint8_t)(len >> 16);
	w->b[2] = (uint8_t)(len >> 8);
	w->b[3] = (uint8_t)len;
	return true;
}

bool ew_ipc_enc_hello(struct ew_ipc_buf *w, const struct ew_mac *macs, size_t n)
{
	if (n == 0 || n > EW_IPC_MACS_MAX)
		return false;
	begin(w, EW_IPC_PROBER_HELLO);
	put_u8(w, (unsigned)n);
	for (size_t i = 0; i < n; i++)
		put(w, macs[i].b, EW_MAC_LEN);
	return end(w);
}

bool ew_ipc_enc_finding(struct ew_ipc_buf *w, const struct ew_frame *f, const struct ew_ev_probe *p)
{
	begin(w, EW_IPC_PROBE_FINDING);
	put_u64(w, f->number);
	put_u64(w, (uint64_t)f->ts_usec);
	put_u32(w, f->caplen);
	put_u32(w, f->wirelen);
	put_u8(w, f->has_l2);
	put(w, f->src.b, EW_MAC_LEN);
	put(w, f->dst.b, EW_MAC_LEN);
	unsigned vc = f->vlan_count <= EW_VLAN_MAX ? f->vlan_count : EW_VLAN_MAX;
	put_u8(w, vc);
	for (unsigned i = 0; i < vc; i++) {
		put_u16(w, f->vlan_tpid[i]);
		put_u16(w, f->vlan_id[i]);
		put_u8(w, f->vlan_pcp[i]);
	}
	put_u16(w, f->ethertype);
	put_u8(w, f->ip_version);
	put_ip(w, &f->ip_src);
	put_ip(w, &f->ip_dst);
	put_u8(w, f->ttl);
	put_u8(w, f->l4_proto);
	put_u16(w, f->sport);
	put_u16(w, f->dport);
	put_u8(w, f->ip_partial);

	put_u8(w, p->finding);
	put_u32(w, p->stimulus);
	put_ip(w, &p->addr);
	const struct ew_str *strs[] = { &p->manufacturer, &p->model_name, &p->model_number, &p->friendly_name,
					&p->carrier, &p->server };
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		put_text(w, strs[i]->s, strs[i]->len, EW_STR_MAX);
		put_u8(w, strs[i]->truncated);
	}
	put_u8(w, p->mobile);
	put_u32(w, p->asn);
	put_text(w, p->title.s, p->title.len, EW_LSTR_MAX);
	put_u8(w, p->title.truncated);
	return end(w);
}

bool ew_ipc_enc_loc_request(struct ew_ipc_buf *w, uint32_t seq)
{
	begin(w, EW_IPC_LOC_REQUEST);
	put_u32(w, seq);
	return end(w);
}

bool ew_ipc_enc_loc_begin(struct ew_ipc_buf *w, uint32_t seq, size_t switches)
{
	if (switches > EW_LOCATE_SWITCHES_MAX)
		return false;
	begin(w, EW_IPC_LOC_BEGIN);
	put_u32(w, seq);
	put_u8(w, (unsigned)switches);
	return end(w);
}

bool ew_ipc_enc_loc_row(struct ew_ipc_buf *w, size_t sw, const struct ew_locate_vb *vb)
{
	if (sw >= EW_LOCATE_SWITCHES_MAX || vb->oid_len > EW_LOCATE_OID_MAX || vb->octets_len > EW_LOCATE_VAL_MAX)
		return false;
	begin(w, EW_IPC_LOC_ROW);
	put_u8(w, (unsigned)sw);
	put_u8(w, (unsigned)vb->oid_len);
	for (size_t i = 0; i < vb->oid_len; i++)
		put_u32(w, vb->oid[i]);
	put_u8(w, vb->type);
	if (vb->type == EW_LOCATE_V_INT)
		put_u64(w, (uint64_t)vb->integer);
	else if (vb->type == EW_LOCATE_V_OCTETS) {
		put_u16(w, (unsigned)vb->octets_len);
		put(w, vb->octets, vb->octets_len);
	}
	return end(w);
}

bool ew_ipc_enc_loc_switch(struct ew_ipc_buf *w, size_t sw, bool answered, int64_t read_usec, const char *error)
{
	if (sw >= EW_LOCATE_SWITCHES_MAX)
		return false;
	begin(w, EW_IPC_LOC_SWITCH);
	put_u8(w, (unsigned)sw);
	put_u8(w, answered);
	put_u64(w, (uint64_t)read_usec);
	put_text(w, error ? error : "", EW_IPC_ERROR_MAX, EW_IPC_ERROR_MAX);
	return end(w);
}

bool ew_ipc_enc_loc_end(struct ew_ipc_buf *w, uint32_t seq)
{
	begin(w, EW_IPC_LOC_END);
	put_u32(w, seq);
	return end(w);
}

/* ---- the stream ------------------------------------------------------------ */

uint8_t *ew_ipc_reader_space(struct ew_ipc_reader *r, size_t *room)
{
	if (r->off) { /* what is left of a record moves to the front */
		memmove(r->buf, r->buf + r->off, r->have - r->off);
		r->have -= r->off;
		r->off = 0;
	}
	*room = sizeof r->buf - r->have;
	return r->buf + r->have;
}

void ew_ipc_reader_got(struct ew_ipc_reader *r, size_t n)
{
	r->have += n <= sizeof r->buf - r->have ? n : sizeof r->buf - r->have;
}

size_t ew_ipc_reader_pending(const struct ew_ipc_reader *r)
{
	return r->have - r->off;
}

int ew_ipc_next(struct ew_ipc_reader *r, struct ew_ipc_rec *rec)
{
	size_t avail = r->have - r->off;
	if (avail < EW_IPC_HDR)
		return 0;
	const uint8_t *h = r->buf + r->off;
	uint32_t len = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
	if (len < 2 || len > EW_IPC_RECORD_MAX)
		return -1;
	if (h[EW_IPC_HDR] != EW_IPC_VERSION && avail > EW_IPC_HDR)
		return -1;
	if (avail - EW_IPC_HDR < len)
		return 0;
	rec->type = h[EW_IPC_HDR + 1];
	rec->p = h + EW_IPC_HDR + 2;
	rec->n = len - 2;
	r->off += EW_IPC_HDR + len;
	return 1;
}

/* ---- reading fields ------------------------------------------------------- */

struct rd {
	const uint8_t *p;
	size_t n;
	bool bad;
};

static const uint8_t *take(struct rd *d, size_t n)
{
	if (d->bad || n > d->n) {
		d->bad = true;
		return NULL;
	}
	const uint8_t *p = d->p;
	d->p += n;
	d->n -= n;
	return p;
}

static uint8_t get_u8(struct rd *d)
{
	const uint8_t *p = take(d, 1);
	return p ? p[0] : 0;
}

static uint16_t get_u16(struct rd *d)
{
	const uint8_t *p = take(d, 2);
	return p ? (uint16_t)(p[0] << 8 | p[1]) : 0;
}

static uint32_t get_u32(struct rd *d)
{
	const uint8_t *p = take(d, 4);
	return p ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3] : 0;
}

static uint64_t get_u64(struct rd *d)
{
	uint64_t hi = get_u32(d);
	return hi << 32 | get_u32(d);
}

static bool get_bool(struct rd *d)
{
	uint8_t v = get_u8(d);
	if (v > 1)
		d->bad = true;
	return v == 1;
}

static void get_bytes(struct rd *d, void *out, size_t n)
{
	const uint8_t *p = take(d, n);
	if (p)
		memcpy(out, p, n);
}

/* A text string of at most cap bytes and no NUL into out[cap + 1]; returns its length. */
static uint16_t get_text(struct rd *d, char *out, size_t cap)
{
	uint16_t n = get_u16(d);
	const uint8_t *p = n <= cap ? take(d, n) : NULL;
	if (!p) {
		d->bad = true;
		out[0] = '\0';
		return 0;
	}
	if (memchr(p, '\0', n)) {
		d->bad = true;
		n = 0;
	}
	memcpy(out, p, n);
	out[n] = '\0';
	return n;
}

static void get_ip(struct rd *d, struct ew_ip *ip)
{
	ip->family = get_u8(d);
	get_bytes(d, ip->a, sizeof ip->a);
	if (ip->family != EW_AF_NONE && ip->family != EW_AF_INET && ip->family != EW_AF_INET6)
		d->bad = true;
}

static struct rd open_rec(const struct ew_ipc_rec *r, enum ew_ipc_type type)
{
	struct rd d = { .p = r->p, .n = r->n, .bad = r->type != type };
	return d;
}

/* every field read, nothing left over */
static int close_rec(const struct rd *d)
{
	return d->bad || d->n ? -1 : 0;
}

int ew_ipc_dec_hello(const struct ew_ipc_rec *r, struct ew_mac macs[EW_IPC_MACS_MAX], size_t *n)
{
	struct rd d = open_rec(r, EW_IPC_PROBER_HELLO);
	uint8_t c = get_u8(&d);
	if (c == 0 || c > EW_IPC_MACS_MAX)
		return -1;
	for (uint8_t i = 0; i < c; i++)
		get_bytes(&d, macs[i].b, EW_MAC_LEN);
	*n = c;
	return close_rec(&d);
}

int ew_ipc_dec_finding(const struct ew_ipc_rec *r, struct ew_frame *f, struct ew_ev_probe *p)
{
	struct rd d = open_rec(r, EW_IPC_PROBE_FINDING);
	memset(f, 0, sizeof *f);
	memset(p, 0, sizeof *p);
	f->number = get_u64(&d);
	f->ts_usec = (int64_t)get_u64(&d);
	if (f->ts_usec < 0 || f->ts_usec > USEC_MAX)
		return -1;
	f->caplen = get_u32(&d);
	f->wirelen = get_u32(&d);
	f->has_l2 = get_bool(&d);
	get_bytes(&d, f->src.b, EW_MAC_LEN);
	get_bytes(&d, f->dst.b, EW_MAC_LEN);
	f->vlan_count = get_u8(&d);
	if (f->vlan_count > EW_VLAN_MAX)
		return -1;
	for (unsigned i = 0; i < f->vlan_count; i++) {
		f->vlan_tpid[i] = get_u16(&d);
		f->vlan_id[i] = get_u16(&d);
		f->vlan_pcp[i] = get_u8(&d);
		if (f->vlan_id[i] > 4095 || f->vlan_pcp[i] > 7) /* 802.1Q: 12-bit VID, 3-bit PCP */
			return -1;
	}
	f->ethertype = get_u16(&d);
	f->ip_version = get_u8(&d);
	if (f->ip_version != 0 && f->ip_version != 4 && f->ip_version != 6)
		return -1;
	get_ip(&d, &f->ip_src);
	get_ip(&d, &f->ip_dst);
	f->ttl = get_u8(&d);
	f->l4_proto = get_u8(&d);
	f->sport = get_u16(&d);
	f->dport = get_u16(&d);
	f->ip_partial = get_bool(&d);

	p->finding = get_u8(&d);
	if (p->finding > EW_PROBE_HTTP)
		return -1;
	p->stimulus = get_u32(&d);
	if (p->stimulus > EW_PROBE_STIM_HTTP || (p->stimulus & (p->stimulus - 1)) != 0) /* none, or one known bit */
		return -1;
	get_ip(&d, &p->addr);
	struct ew_str *strs[] = { &p->manufacturer, &p->model_name, &p->model_number, &p->friendly_name,
				  &p->carrier, &p->server };
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		strs[i]->len = get_text(&d, strs[i]->s, EW_STR_MAX);
		strs[i]->truncated = get_bool(&d);
	}
	p->mobile = get_bool(&d);
	p->asn = get_u32(&d);
	p->title.len = get_text(&d, p->title.s, EW_LSTR_MAX);
	p->title.truncated = get_bool(&d);
	return close_rec(&d);
}

int ew_ipc_dec_loc_request(const struct ew_ipc_rec *r, uint32_t *seq)
{
	struct rd d = open_rec(r, EW_IPC_LOC_REQUEST);
	*seq = get_u32(&d);
	return close_rec(&d);
}

int ew_ipc_dec_loc_begin(const struct ew_ipc_rec *r, uint32_t *seq, size_t max_switches, size_t *switches)
{
	struct rd d = open_rec(r, EW_IPC_LOC_BEGIN);
	*seq = get_u32(&d);
	*switches = get_u8(&d);
	if (*switches > max_switches)
		return -1;
	return close_rec(&d);
}

int ew_ipc_dec_loc_row(const struct ew_ipc_rec *r, size_t max_switches, size_t *sw, struct ew_locate_vb *vb)
{
	struct rd d = open_rec(r, EW_IPC_LOC_ROW);
	memset(vb, 0, sizeof *vb);
	*sw = get_u8(&d);
	vb->oid_len = get_u8(&d);
	if (*sw >= max_switches || vb->oid_len > EW_LOCATE_OID_MAX)
		return -1;
	for (size_t i = 0; i < vb->oid_len; i++)
		vb->oid[i] = get_u32(&d);
	uint8_t type = get_u8(&d);
	if (type == EW_LOCATE_V_INT) {
		vb->type = EW_LOCATE_V_INT;
		vb->integer = (int64_t)get_u64(&d);
	} else if (type == EW_LOCATE_V_OCTETS) {
		vb->type = EW_LOCATE_V_OCTETS;
		vb->octets_len = get_u16(&d);
		if (vb->octets_len > EW_LOCATE_VAL_MAX)
			return -1;
		get_bytes(&d, vb->octets, vb->octets_len); /* binary (MACs): any byte */
	} else if (type == EW_LOCATE_V_OTHER) {
		vb->type = EW_LOCATE_V_OTHER;
	} else {
		return -1;
	}
	return close_rec(&d);
}

int ew_ipc_dec_loc_switch(const struct ew_ipc_rec *r, size_t max_switches, size_t *sw, bool *answered,
			  int64_t *read_usec, char *error, size_t errsize)
{
	char text[EW_IPC_ERROR_MAX + 1];
	struct rd d = open_rec(r, EW_IPC_LOC_SWITCH);
	*sw = get_u8(&d);
	*answered = get_bool(&d);
	*read_usec = (int64_t)get_u64(&d);
	uint16_t n = get_text(&d, text, EW_IPC_ERROR_MAX);
	if (*sw >= max_switches || errsize <= n || *read_usec < 0 || *read_usec > USEC_MAX)
		return -1;
	memcpy(error, text, (size_t)n + 1);
	return close_rec(&d);
}

int ew_ipc_dec_loc_end(const struct ew_ipc_rec *r, uint32_t *seq)
{
	struct rd d = open_rec(r, EW_IPC_LOC_END);
	*seq = get_u32(&d);
	return close_rec(&d);
}
