/* SPDX-License-Identifier: ISC */
/* carrier.c - the carrier prefix table (carrier.h). */
#include "carrier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_LEN 256
#define FILE_MAX (256 * 1024)

static bool parse_line(struct ew_carriers *c, char *line, char *why, size_t whylen)
{
	char *hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	char *f[6];
	int n = 0;
	for (char *p = line; *p && n < 6;) { /* fields split on blanks (no strtok: STYLE.md) */
		p += strspn(p, " \t\r");
		if (!*p)
			break;
		f[n++] = p;
		p += strcspn(p, " \t\r");
		if (*p)
			*p++ = '\0';
	}
	if (n == 0)
		return true;
	if (n != 5) {
		snprintf(why, whylen, "want PREFIX CARRIER KIND ASN STRENGTH");
		return false;
	}
	if (c->n >= EW_CARRIER_MAX) {
		snprintf(why, whylen, "more than %d entries", EW_CARRIER_MAX);
		return false;
	}
	struct ew_carrier *e = &c->e[c->n];
	memset(e, 0, sizeof *e);
	if (!ew_prefix_parse(f[0], &e->prefix)) {
		snprintf(why, whylen, "bad prefix");
		return false;
	}
	ew_prefix_normalize(&e->prefix);
	if (strlen(f[1]) >= EW_CARRIER_NAMELEN) {
		snprintf(why, whylen, "carrier name longer than %d", EW_CARRIER_NAMELEN - 1);
		return false;
	}
	memcpy(e->name, f[1], strlen(f[1]) + 1);
	if (!strcmp(f[2], "mobile"))
		e->kind = EW_CARRIER_MOBILE;
	else if (!strcmp(f[2], "mixed"))
		e->kind = EW_CARRIER_MIXED;
	else if (!strcmp(f[2], "fixed"))
		e->kind = EW_CARRIER_FIXED;
	else {
		snprintf(why, whylen, "kind is mobile, mixed or fixed");
		return false;
	}
	char *end;
	unsigned long asn = strtoul(f[3], &end, 10);
	if (*end || end == f[3] || asn > UINT32_MAX) {
		snprintf(why, whylen, "bad ASN");
		return false;
	}
	e->asn = (uint32_t)asn;
	if (strlen(f[4]) != 1 || !strchr("SWU", f[4][0])) {
		snprintf(why, whylen, "strength is S, W or U");
		return false;
	}
	e->strength = f[4][0];
	c->n++;
	return true;
}

bool ew_carrier_parse(struct ew_carriers *c, const char *text, size_t len, char *err, size_t errlen)
{
	c->n = 0;
	size_t lineno = 0;
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t l = nl ? (size_t)(nl - (text + at)) : len - at;
		char line[LINE_MAX_LEN + 1], why[96];
		lineno++;
		if (l > LINE_MAX_LEN || memchr(text + at, '\0', l)) {
			snprintf(err, errlen, "line %zu: longer than %d bytes or a NUL byte", lineno, LINE_MAX_LEN);
			return false;
		}
		memcpy(line, text + at, l);
		line[l] = '\0';
		if (!parse_line(c, line, why, sizeof why)) {
			snprintf(err, errlen, "line %zu: %s", lineno, why);
			return false;
		}
		at += l + 1;
	}
	return true;
}

bool ew_carrier_load(struct ew_carriers *c, const char *path, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "r");
	if (!fp) {
		snprintf(err, errlen, "%s: cannot open", path);
		return false;
	}
	char *buf = malloc(FILE_MAX);
	if (!buf) {
		fclose(fp);
		snprintf(err, errlen, "%s: out of memory", path);
		return false;
	}
	size_t n = fread(buf, 1, FILE_MAX, fp);
	bool big = n == FILE_MAX;
	fclose(fp);
	char e2[128];
	bool ok = !big && ew_carrier_parse(c, buf, n, e2, sizeof e2);
	if (!ok)
		snprintf(err, errlen, "%s: %s", path, big ? "larger than 256 KiB" : e2);
	free(buf);
	return ok;
}

const struct ew_carrier *ew_carrier_lookup(const struct ew_carriers *c, const struct ew_ip *ip)
{
	const struct ew_carrier *best = NULL;
	for (size_t i = 0; i < c->n; i++)
		if (ew_prefix_contains(&c->e[i].prefix, ip) && (!best || c->e[i].prefix.len > best->prefix.len))
			best = &c->e[i];
	return best;
}

const char *ew_carrier_kind_name(enum ew_carrier_kind k)
{
	return k == EW_CARRIER_MOBILE ? "mobile" : k == EW_CARRIER_MIXED ? "mixed" : "fixed";
}
