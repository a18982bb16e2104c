/* SPDX-License-Identifier: ISC */
/* sweep.c - the ARP sweep's plan (sweep.h). */
#include "sweep.h"

#include <stdio.h>

uint64_t ew_sweep_hosts(const struct ew_prefix *p)
{
	if (p->addr.family != EW_AF_INET || p->len > 32)
		return 0;
	uint64_t all = (uint64_t)1 << (32 - p->len);
	return p->len >= 31 ? all : all - 2; /* RFC 3021: a /31 has no network or broadcast address */
}

struct ew_ip ew_sweep_host(const struct ew_prefix *p, uint64_t i)
{
	uint32_t net = ew_ip4_u32(&p->addr);
	if (p->len < 32)
		net &= ~(uint32_t)((((uint64_t)1 << (32 - p->len)) - 1));
	return ew_ip4_from_u32(net + (uint32_t)(p->len >= 31 ? i : i + 1));
}

void ew_sweep_plan(const struct ew_prefix *prefixes, size_t n, unsigned pps, bool allow_large,
		   struct ew_sweep_plan *out)
{
	out->hosts = 0;
	out->refused = false;
	out->why[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const struct ew_prefix *p = &prefixes[i];
		if (p->addr.family != EW_AF_INET)
			continue;
		char s[EW_PREFIX_STRLEN];
		ew_prefix_str(p, s);
		if (p->len < EW_SWEEP_HARD_MAX_PREFIX) {
			out->refused = true;
			snprintf(out->why, sizeof out->why, "%s is larger than /%d: never swept", s, EW_SWEEP_HARD_MAX_PREFIX);
		} else if (p->len < EW_SWEEP_MAX_PREFIX && !allow_large) {
			out->refused = true;
			snprintf(out->why, sizeof out->why, "%s is larger than /%d: --allow-large-sweep to sweep it", s,
				 EW_SWEEP_MAX_PREFIX);
		}
		out->hosts += ew_sweep_hosts(p);
	}
	out->seconds = pps ? (out->hosts + pps - 1) / pps : 0;
}
