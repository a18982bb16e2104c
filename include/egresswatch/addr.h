/* SPDX-License-Identifier: ISC */
/* addr.h - MAC and IP address values, prefixes, and their text forms. */
#ifndef EGRESSWATCH_ADDR_H
#define EGRESSWATCH_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EW_MAC_LEN 6
#define EW_MAC_STRLEN 18 /* "aa:bb:cc:dd:ee:ff" + NUL */
#define EW_IP_STRLEN 46  /* INET6_ADDRSTRLEN */
#define EW_PREFIX_STRLEN (EW_IP_STRLEN + 4)

struct ew_mac {
	uint8_t b[EW_MAC_LEN];
};

/* An IPv4 or IPv6 address. IPv4 lives in a[0..3]; the rest is zero so that
 * memcmp/hash over the whole struct works. family 0 means "no address". */
enum ew_family { EW_AF_NONE = 0, EW_AF_INET = 4, EW_AF_INET6 = 6 };
struct ew_ip {
	uint8_t family;
	uint8_t a[16];
};

struct ew_prefix {
	struct ew_ip addr;
	uint8_t len; /* prefix length in bits */
};

void ew_mac_str(const struct ew_mac *m, char out[EW_MAC_STRLEN]);
bool ew_mac_parse(const char *s, struct ew_mac *out); /* aa:bb:.., aa-bb-.., aabb.ccdd.eeff, aabbccddeeff */
bool ew_mac_is_multicast(const struct ew_mac *m);
bool ew_mac_is_broadcast(const struct ew_mac *m);
bool ew_mac_is_local(const struct ew_mac *m); /* locally administered bit (randomised MACs) */
bool ew_mac_is_zero(const struct ew_mac *m);
bool ew_mac_eq(const struct ew_mac *a, const struct ew_mac *b);

struct ew_ip ew_ip4_from_u32(uint32_t host_order);
struct ew_ip ew_ip4_from_bytes(const uint8_t b[4]);
struct ew_ip ew_ip6_from_bytes(const uint8_t b[16]);
uint32_t ew_ip4_u32(const struct ew_ip *ip); /* host order; 0 if not IPv4 */
bool ew_ip_eq(const struct ew_ip *a, const struct ew_ip *b);
bool ew_ip_is_zero(const struct ew_ip *ip);
void ew_ip_str(const struct ew_ip *ip, char out[EW_IP_STRLEN]);
bool ew_ip_parse(const char *s, struct ew_ip *out);

/* True for addresses that never identify a routed peer: unspecified, loopback,
 * link-local, multicast, limited/directed broadcast (IPv4 255.255.255.255). */
bool ew_ip_is_special(const struct ew_ip *ip);
bool ew_ip_is_multicast(const struct ew_ip *ip);
bool ew_ip_is_linklocal(const struct ew_ip *ip);
bool ew_ip4_is_private(const struct ew_ip *ip); /* RFC 1918 */

bool ew_prefix_parse(const char *s, struct ew_prefix *out); /* "10.0.0.0/8", "2408::/22"; bare address = host prefix */
void ew_prefix_str(const struct ew_prefix *p, char out[EW_PREFIX_STRLEN]);
bool ew_prefix_contains(const struct ew_prefix *p, const struct ew_ip *ip);
/* Zeroes host bits. */
void ew_prefix_normalize(struct ew_prefix *p);
/* IPv4 netmask (host order) to prefix length; -1 if the mask is not contiguous. */
int ew_mask_to_len(uint32_t mask);

#endif
