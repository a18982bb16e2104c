/* SPDX-License-Identifier: ISC */
/* device.c - a device accumulated over reports: the pure merge (DESIGN §6). */
#include "device.h"

#include <stdlib.h>
#include <string.h>

/* A copy of s cut to EW_DEVICE_TEXT_MAX bytes (on a UTF-8 boundary). */
static char *text_dup(const char *s)
{
	if (!s)
		s = "";
	size_t n = strlen(s);
	if (n >= EW_DEVICE_TEXT_MAX) {
		n = EW_DEVICE_TEXT_MAX - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* The evidence JSON whole: cut, it would no longer parse and every export
 * would show the device without evidence, saying nothing. Its size is
 * bounded by the report's (EW_REPORT_TEXT_MAX, EW_REPORT_EVIDENCE_MAX). */
static char *json_dup(const char *s)
{
	return strdup(s && *s ? s : "[]");
}

/* Replaces *dst with a copy of src; -1 (dst unchanged) out of memory. */
static int text_set(char **dst, const char *src)
{
	char *d = text_dup(src);
	if (!d)
		return -1;
	free(*dst);
	*dst = d;
	return 0;
}

static void ips_union(struct ew_ip *dst, size_t *n, const struct ew_ip *src, size_t m)
{
	for (size_t i = 0; i < m && *n < EW_DEVICE_ADDRS_MAX; i++) {
		size_t j = 0;
		while (j < *n && !ew_ip_eq(&dst[j], &src[i]))
			j++;
		if (j == *n)
			dst[(*n)++] = src[i];
	}
}

static int agents_union(struct ew_device *acc, const struct ew_device *c)
{
	for (size_t i = 0; i < c->agent_count && acc->agent_count < EW_DEVICE_AGENTS_MAX; i++) {
		size_t j = 0;
		while (j < acc->agent_count && strcmp(acc->agents[j], c->agents[i]) != 0)
			j++;
		if (j < acc->agent_count)
			continue;
		if (!(acc->agents[acc->agent_count] = text_dup(c->agents[i])))
			return -1;
		acc->agent_count++;
	}
	return 0;
}

static int device_copy(struct ew_device *acc, const struct ew_device *c)
{
	struct ew_device d = *c;
	d.vendor = d.roles = d.reason = d.evidence_summary = d.evidence_json = d.location = NULL;
	d.agent_count = 0;
	if (d.ipv4_count > EW_DEVICE_ADDRS_MAX)
		d.ipv4_count = EW_DEVICE_ADDRS_MAX;
	if (d.ipv6_count > EW_DEVICE_ADDRS_MAX)
		d.ipv6_count = EW_DEVICE_ADDRS_MAX;
	if (text_set(&d.vendor, c->vendor) < 0 || text_set(&d.roles, c->roles) < 0 || text_set(&d.reason, c->reason) < 0 ||
	    text_set(&d.evidence_summary, c->evidence_summary) < 0 ||
	    !(d.evidence_json = json_dup(c->evidence_json)) ||
	    text_set(&d.location, c->location) < 0 ||
	    agents_union(&d, c) < 0) {
		ew_device_free(&d);
		return -1;
	}
	*acc = d;
	return 0;
}

int ew_device_merge(struct ew_device *acc, const struct ew_device *c)
{
	if (!acc->vendor)
		return device_copy(acc, c);
	bool later = c->last_seen >= acc->last_seen;
	bool surer = c->confidence > acc->confidence || (c->confidence == acc->confidence && later);
	/* strings first: on failure acc is left as it was */
	if (later) {
		char *v = NULL, *ro = NULL, *re = NULL, *su = NULL, *ej = NULL;
		bool keep_vendor = c->vendor && strcmp(c->vendor, "unknown") == 0;
		if ((!keep_vendor && !(v = text_dup(c->vendor))) || !(ro = text_dup(c->roles)) ||
		    !(re = text_dup(c->reason)) || !(su = text_dup(c->evidence_summary)) ||
		    !(ej = json_dup(c->evidence_json))) {
			free(v);
			free(ro);
			free(re);
			free(su);
			free(ej);
			return -1;
		}
		if (v) {
			free(acc->vendor);
			acc->vendor = v;
		}
		free(acc->roles);
		acc->roles = ro;
		free(acc->reason);
		acc->reason = re;
		free(acc->evidence_summary);
		acc->evidence_summary = su;
		free(acc->evidence_json);
		acc->evidence_json = ej;
		acc->infrastructure = c->infrastructure;
	}
	if (agents_union(acc, c) < 0)
		return -1;
	/* the location most recently read, from whichever report had one */
	if (c->location && *c->location && (!*acc->location || c->location_read_at >= acc->location_read_at)) {
		if (text_set(&acc->location, c->location) < 0)
			return -1;
		acc->location_read_at = c->location_read_at;
	}
	if (surer) {
		memcpy(acc->cls, c->cls, sizeof acc->cls);
		acc->cls[sizeof acc->cls - 1] = '\0';
		acc->class_confidence = c->class_confidence;
		acc->confidence = c->confidence;
	}
	acc->declared = acc->declared || c->declared;
	acc->routes = acc->routes || c->routes;
	if (c->inside_hosts > acc->inside_hosts)
		acc->inside_hosts = c->inside_hosts;
	ips_union(acc->ipv4, &acc->ipv4_count, c->ipv4, c->ipv4_count);
	ips_union(acc->ipv6, &acc->ipv6_count, c->ipv6, c->ipv6_count);
	if (c->first_seen < acc->first_seen)
		acc->first_seen = c->first_seen;
	if (c->last_seen > acc->last_seen)
		acc->last_seen = c->last_seen;
	return 0;
}

void ew_device_free(struct ew_device *d)
{
	if (!d)
		return;
	free(d->vendor);
	free(d->roles);
	free(d->reason);
	free(d->evidence_summary);
	free(d->evidence_json);
	free(d->location);
	for (size_t i = 0; i < d->agent_count; i++)
		free(d->agents[i]);
	d->vendor = d->roles = d->reason = d->evidence_summary = d->evidence_json = d->location = NULL;
	d->agent_count = 0;
}

void ew_devices_free(struct ew_device *d, size_t n)
{
	if (!d)
		return;
	for (size_t i = 0; i < n; i++)
		ew_device_free(&d[i]);
	free(d);
}
