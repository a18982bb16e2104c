/* SPDX-License-Identifier: ISC */
/* addr.c - MAC and IP address values, prefixes and their text forms. */
#include "egresswatch/addr.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ew_mac_str(const struct ew_mac *m, char out[EW_MAC_STRLEN])
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < EW_MAC_LEN; i++) {
		out[i * 3] = hex[m->b[i] >> 4];
		out[i * 3 + 1] = hex[m->b[i] & 15];
		out[i * 3 + 2] = i == EW_MAC_LEN - 1 ? '\0' : ':';
	}
}

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* Accepts the notations people write in ledgers: colon, dash, Cisco dotted,
 * or twelve bare hex digits. Separators must be consistent with one style. */
bool ew_mac_parse(const char *s, struct ew_mac *out)
{
	uint8_t nib[12];
	int n = 0;
	char sep = 0;
	size_t run = 0;
	for (const char *p = s; *p; p++) {
		int v = hexval((unsigned char)*p);
		if (v >= 0) {
			if (n == 12)
				return false;
			nib[n++] = (uint8_t)v;
			run++;
			continue;
		}
		if (*p != ':' && *p != '-' && *p != '.')
			return false;
		if (sep && *p != sep)
			return false;
		sep = *p;
		/* colon/dash groups are 2 digits (or 1, as some tools print); dotted are 4 */
		if (sep == '.' ? run != 4 : (run != 2 && run != 1))
			return false;
		if (run == 1 && sep != '.') { /* "0:1b:..." style: pad */
			if (n >= 12)
				return false;
			nib[n] = nib[n - 1];
			nib[n - 1] = 0;
			n++;
		}
		run = 0;
	}
	if (sep && sep != '.' && run == 1 && n < 12) {
		nib[n] = nib[n - 1];
		nib[n - 1] = 0;
		n++;
	}
	if (n != 12)
		return false;
	for (int i = 0; i < 6; i++)
		out->b[i] = (uint8_t)(nib[2 * i] << 4 | nib[2 * i + 1]);
	return true;
}

bool ew_mac_is_multicast(const struct ew_mac *m) { return m->b[0] & 1; }
bool ew_mac_is_local(const struct ew_mac *m) { return (m->b[0] & 2) && !(m->b[0] & 1); }

bool ew_mac_is_broadcast(const struct ew_mac *m)
{
	for (int i = 0; i < EW_MAC_LEN; i++)
		if (m->b[i] != 0xff)
			return false;
	return true;
}

bool ew_mac_is_zero(const struct ew_mac *m)
{
	for (int i = 0; i < EW_MAC_LEN; i++)
		if (m->b[i])
			return false;
	return true;
}

bool ew_mac_eq(const struct ew_mac *a, const struct ew_mac *b)
{
	return memcmp(a->b, b->b, EW_MAC_LEN) == 0;
}

struct ew_ip ew_ip4_from_u32(uint32_t v)
{
	struct ew_ip ip = { .family = EW_AF_INET };
	ip.a[0] = (uint8_t)(v >> 24);
	ip.a[1] = (uint8_t)(v >> 16);
	ip.a[2] = (uint8_t)(v >> 8);
	ip.a[3] = (uint8_t)v;
	return ip;
}

struct ew_ip ew_ip4_from_bytes(const uint8_t b[4])
{
	struct ew_ip ip = { .family = EW_AF_INET };
	memcpy(ip.a, b, 4);
	return ip;
}

struct ew_ip ew_ip6_from_bytes(const uint8_t b[16])
{
	struct ew_ip ip = { .family = EW_AF_INET6 };
	memcpy(ip.a, b, 16);
	return ip;
}

uint32_t ew_ip4_u32(const struct ew_ip *ip)
{
	if (ip->family != EW_AF_INET)
		return 0;
	return (uint32_t)ip->a[0] << 24 | (uint32_t)ip->a[1] << 16 | (uint32_t)ip->a[2] << 8 | ip->a[3];
}

bool ew_ip_eq(const struct ew_ip *a, const struct ew_ip *b)
{
	return a->family == b->family && memcmp(a->a, b->a, 16) == 0;
}

bool ew_ip_is_zero(const struct ew_ip *ip)
{
	for (int i = 0; i < 16; i++)
		if (ip->a[i])
			return false;
	return true;
}

void ew_ip_str(const struct ew_ip *ip, char out[EW_IP_STRLEN])
{
	if (ip->family == EW_AF_INET)
		inet_ntop(AF_INET, ip->a, out, EW_IP_STRLEN);
	else if (ip->family == EW_AF_INET6)
		inet_ntop(AF_INET6, ip->a, out, EW_IP_STRLEN);
	else
		snprintf(out, EW_IP_STRLEN, "none");
}

bool ew_ip_parse(const char *s, struct ew_ip *out)
{
	memset(out, 0, sizeof *out);
	if (inet_pton(AF_INET, s, out->a) == 1) {
		out->family = EW_AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, s, out->a) == 1) {
		out->family = EW_AF_INET6;
		return true;
	}
	memset(out, 0, sizeof *out);
	return false;
}

bool ew_ip_is_multicast(const struct ew_ip *ip)
{
	if (ip->family == EW_AF_INET)
		return (ip->a[0] & 0xf0) == 0xe0;
	if (ip->family == EW_AF_INET6)
		return ip->a[0] == 0xff;
	return false;
}

bool ew_ip_is_linklocal(const struct ew_ip *ip)
{
	if (ip->family == EW_AF_INET)
		return ip->a[0] == 169 && ip->a[1] == 254;
	if (ip->family == EW_AF_INET6)
		return ip->a[0] == 0xfe && (ip->a[1] & 0xc0) == 0x80;
	return false;
}

bool ew_ip_is_special(const struct ew_ip *ip)
{
	if (ip->family == EW_AF_NONE || ew_ip_is_zero(ip) || ew_ip_is_multicast(ip) || ew_ip_is_linklocal(ip))
		return true;
	if (ip->family == EW_AF_INET) {
		uint32_t v = ew_ip4_u32(ip);
		return ip->a[0] == 127 || ip->a[0] == 0 || v == 0xffffffffu || ip->a[0] >= 240;
	}
	static const uint8_t loop6[16] = { [15] = 1 };
	return memcmp(ip->a, loop6, 16) == 0;
}

bool ew_ip4_is_private(const struct ew_ip *ip)
{
	if (ip->family != EW_AF_INET)
		return false;
	return ip->a[0] == 10 || (ip->a[0] == 172 && (ip->a[1] & 0xf0) == 16) ||
	       (ip->a[0] == 192 && ip->a[1] == 168);
}

void ew_prefix_normalize(struct ew_prefix *p)
{
	int bits = p->addr.family == EW_AF_INET ? 32 : 128;
	if (p->len > bits)
		p->len = (uint8_t)bits;
	for (int i = 0; i < 16; i++) {
		int keep = (int)p->len - i * 8;
		if (keep >= 8)
			continue;
		p->addr.a[i] &= keep <= 0 ? 0 : (uint8_t)(0xff << (8 - keep));
	}
}

bool ew_prefix_parse(const char *s, struct ew_prefix *out)
{
	char buf[EW_PREFIX_STRLEN + 8];
	size_t n = strlen(s);
	if (n == 0 || n >= sizeof buf)
		return false;
	memcpy(buf, s, n + 1);
	char *slash = strchr(buf, '/');
	long len = -1;
	if (slash) {
		*slash = '\0';
		char *end;
		if (!isdigit((unsigned char)slash[1]))
			return false;
		len = strtol(slash + 1, &end, 10);
		if (*end)
			return false;
	}
	if (!ew_ip_parse(buf, &out->addr))
		return false;
	int bits = out->addr.family == EW_AF_INET ? 32 : 128;
	if (len < 0)
		len = bits;
	if (len > bits)
		return false;
	out->len = (uint8_t)len;
	ew_prefix_normalize(out);
	return true;
}

void ew_prefix_str(const struct ew_prefix *p, char out[EW_PREFIX_STRLEN])
{
	char ip[EW_IP_STRLEN];
	ew_ip_str(&p->addr, ip);
	snprintf(out, EW_PREFIX_STRLEN, "%s/%u", ip, p->len);
}

bool ew_prefix_contains(const struct ew_prefix *p, const struct ew_ip *ip)
{
	if (p->addr.family != ip->family)
		return false;
	int full = p->len / 8, rem = p->len % 8;
	if (memcmp(p->addr.a, ip->a, (size_t)full) != 0)
		return false;
	if (rem == 0)
		return true;
	uint8_t mask = (uint8_t)(0xff << (8 - rem));
	return (p->addr.a[full] & mask) == (ip->a[full] & mask);
}

int ew_mask_to_len(uint32_t mask)
{
	int len = 0;
	while (len < 32 && (mask & (0x80000000u >> len)))
		len++;
	if (len < 32 && (mask << len) != 0)
		return -1;
	return len;
}
