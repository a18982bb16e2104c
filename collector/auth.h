/* SPDX-License-Identifier: ISC */
/* auth.h - who a request is and what it may do: the roles of the HTTP API.
 *
 * A token (token.h: random, stored as its SHA-256, compared in constant
 * time) names a role and, for agent and viewer, one site:
 *   agent   sends reports of its site (the report's agent.site), lists it
 *   viewer  reads its site: list, reconciliation, page
 *   admin   everything, every site; uploads ledgers; reads /metrics
 * Pure but for ew_auth_lookup, which asks the store (the caller serialises
 * store calls). */
#ifndef EGRESSWATCH_COLLECTOR_AUTH_H
#define EGRESSWATCH_COLLECTOR_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"

enum ew_role { EW_ROLE_NONE = 0, EW_ROLE_AGENT, EW_ROLE_VIEWER, EW_ROLE_ADMIN };

struct ew_principal {
	enum ew_role role;
	char site[EW_STORE_SITE_MAX]; /* "" for admin */
};

const char *ew_auth_role_name(enum ew_role r); /* agent|viewer|admin|none */
/* The token of an "Authorization: Bearer TOKEN" header (the scheme in any
 * case, blanks around the token dropped). false: another scheme, or empty. */
bool ew_auth_bearer(const char *header, const char **tok, size_t *len);
/* Looks a presented token up: 0 valid (p filled), 1 unknown, -1 store error. */
int ew_auth_lookup(struct ew_store *s, const char *tok, size_t len, struct ew_principal *p);
/* May p read site (its list entry, reconciliation, page)? */
bool ew_auth_may_read(const struct ew_principal *p, const char *site);
/* May p send a report whose agent.site is site? */
bool ew_auth_may_send(const struct ew_principal *p, const char *site);
/* May p list site in GET /api/v1/sites? */
bool ew_auth_may_list(const struct ew_principal *p, const char *site);

#endif
