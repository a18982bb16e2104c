/* SPDX-License-Identifier: ISC */
/* rc_fixture.h - sheet lines and devices built by hand for the reconcile and
 * export tests, the sample exporter and the benchmark. Header-only (static
 * functions) because each test in tests/collector is its own program.
 *
 * Strings are malloc'd copies so the fixtures are freed like a parsed ledger
 * and merged devices would be, without linking ledger.c or device.c. */
#ifndef EGRESSWATCH_TESTS_RC_FIXTURE_H
#define EGRESSWATCH_TESTS_RC_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "egresswatch/addr.h"
#include "device.h"
#include "ledger.h"

static inline char *fx_strdup(const char *s)
{
	char *p = strdup(s ? s : "");
	if (p == NULL) {
		fputs("fixture: out of memory\n", stderr);
		abort();
	}
	return p;
}

/* macs and ips: space-separated lists, or NULL. */
/* Calls fn for each space-separated word of list (at most 511 bytes each). */
static inline void fx_words(const char *list, void (*fn)(void *, const char *), void *arg)
{
	for (const char *p = list; p && *p;) {
		p += strspn(p, " ");
		size_t n = strcspn(p, " ");
		if (n == 0)
			break;
		char w[512];
		snprintf(w, sizeof w, "%.*s", (int)n, p);
		fn(arg, w);
		p += n;
	}
}

static inline void fx_add_mac(void *arg, const char *w)
{
	struct ew_ledger_line *l = arg;
	if (l->mac_count < EW_LEDGER_MACS_MAX && ew_mac_parse(w, &l->macs[l->mac_count]))
		l->mac_count++;
}

static inline void fx_add_ip(void *arg, const char *w)
{
	struct ew_ledger_line *l = arg;
	if (l->ip_count < EW_LEDGER_IPS_MAX && ew_ip_parse(w, &l->ips[l->ip_count]))
		l->ip_count++;
}

static inline void fx_add_dev_ip(void *arg, const char *w)
{
	struct ew_device *d = arg;
	struct ew_ip ip;
	if (!ew_ip_parse(w, &ip))
		return;
	if (ip.family == EW_AF_INET && d->ipv4_count < EW_DEVICE_ADDRS_MAX)
		d->ipv4[d->ipv4_count++] = ip;
	else if (ip.family == EW_AF_INET6 && d->ipv6_count < EW_DEVICE_ADDRS_MAX)
		d->ipv6[d->ipv6_count++] = ip;
}

static inline void fx_line(struct ew_ledger_line *l, unsigned row, const char *no, enum ew_yesno emr,
                           const char *macs, const char *ips)
{
	memset(l, 0, sizeof *l);
	l->row = row;
	l->no = fx_strdup(no);
	l->want_version_check = EW_YN_YES;
	l->want_vuln_scan = EW_YN_YES;
	l->emr_connected = emr;
	l->purpose = fx_strdup("");
	l->service = fx_strdup("");
	l->line_id = fx_strdup("");
	l->carrier = fx_strdup("");
	l->holder = fx_strdup("");
	l->device_kind = fx_strdup("");
	l->maker = fx_strdup("");
	l->model = fx_strdup("");
	l->location = fx_strdup("");
	l->department = fx_strdup("");
	l->vendor = fx_strdup("");
	l->method = fx_strdup("");
	l->note = fx_strdup("");
	fx_words(macs, fx_add_mac, l);
	fx_words(ips, fx_add_ip, l);
}

static inline void fx_set(char **field, const char *s)
{
	free(*field);
	*field = fx_strdup(s);
}

static inline void fx_line_free(struct ew_ledger_line *l)
{
	char **f[] = {&l->no, &l->purpose, &l->service, &l->line_id, &l->carrier, &l->holder, &l->device_kind,
	              &l->maker, &l->model, &l->location, &l->department, &l->vendor, &l->method, &l->note};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		free(*f[i]);
		*f[i] = NULL;
	}
}

static inline void fx_ledger_free(struct ew_ledger *lg)
{
	for (size_t i = 0; i < lg->count; i++)
		fx_line_free(&lg->lines[i]);
	free(lg->lines);
	lg->lines = NULL;
	lg->count = 0;
}

/* ips: space-separated IPv4 and IPv6 addresses, or NULL. */
static inline void fx_device(struct ew_device *d, const char *mac, const char *ips, const char *cls, double conf)
{
	memset(d, 0, sizeof *d);
	if (!ew_mac_parse(mac, &d->mac)) {
		fprintf(stderr, "fixture: bad MAC %s\n", mac);
		abort();
	}
	d->vlan = -1;
	snprintf(d->cls, sizeof d->cls, "%s", cls ? cls : "");
	d->confidence = conf;
	d->class_confidence = conf;
	d->vendor = fx_strdup("");
	d->roles = fx_strdup("");
	d->reason = fx_strdup("");
	d->evidence_summary = fx_strdup("");
	d->evidence_json = fx_strdup("[]");
	d->first_seen = 1764460800000000LL; /* 2025-11-30T00:00:00Z */
	d->last_seen = d->first_seen + 3600000000LL;
	fx_words(ips, fx_add_dev_ip, d);
}

static inline void fx_device_free(struct ew_device *d)
{
	free(d->vendor);
	free(d->roles);
	free(d->reason);
	free(d->evidence_summary);
	free(d->evidence_json);
	for (size_t i = 0; i < d->agent_count; i++)
		free(d->agents[i]);
	d->vendor = d->roles = d->reason = d->evidence_summary = d->evidence_json = NULL;
	d->agent_count = 0;
}

static inline void fx_device_agent(struct ew_device *d, const char *agent)
{
	if (d->agent_count < EW_DEVICE_AGENTS_MAX)
		d->agents[d->agent_count++] = fx_strdup(agent);
}

#endif
