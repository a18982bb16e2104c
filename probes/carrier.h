/* SPDX-License-Identifier: ISC */
/* carrier.h - which carrier a public address belongs to (data/carriers.conf).
 *
 * One entry a line: PREFIX CARRIER KIND ASN STRENGTH, KIND one of mobile,
 * mixed (mobile and fixed share the range: SoftBank's 126/8) or fixed;
 * `#` starts a comment. Longest prefix wins. Used on an IGD's external
 * address (GetExternalIPAddress): a mobile range makes a mobile line. */
#ifndef EW_PROBES_CARRIER_H
#define EW_PROBES_CARRIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "egresswatch/addr.h"

#define EW_CARRIER_MAX 512
#define EW_CARRIER_NAMELEN 32

enum ew_carrier_kind { EW_CARRIER_FIXED = 0, EW_CARRIER_MOBILE, EW_CARRIER_MIXED };

struct ew_carrier {
	struct ew_prefix prefix;
	char name[EW_CARRIER_NAMELEN];
	enum ew_carrier_kind kind;
	uint32_t asn;
	char strength;          /* 'S', 'W' or 'U' (FINGERPRINTS.md) */
};

struct ew_carriers {
	size_t n;
	struct ew_carrier e[EW_CARRIER_MAX];
};

/* Parses text (the file's contents); on error returns false with "line N: why". */
bool ew_carrier_parse(struct ew_carriers *c, const char *text, size_t len, char *err, size_t errlen);
bool ew_carrier_load(struct ew_carriers *c, const char *path, char *err, size_t errlen);
/* The longest prefix holding ip, or NULL. */
const struct ew_carrier *ew_carrier_lookup(const struct ew_carriers *c, const struct ew_ip *ip);
const char *ew_carrier_kind_name(enum ew_carrier_kind k);

#endif
