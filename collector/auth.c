/* SPDX-License-Identifier: ISC */
/* auth.c - roles and what each may do (auth.h). */
#include "auth.h"

#include <string.h>
#include <strings.h>

#include "token.h"

const char *ew_auth_role_name(enum ew_role r)
{
	switch (r) {
	case EW_ROLE_AGENT:
		return "agent";
	case EW_ROLE_VIEWER:
		return "viewer";
	case EW_ROLE_ADMIN:
		return "admin";
	default:
		return "none";
	}
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool ew_auth_bearer(const char *header, const char **tok, size_t *len)
{
	while (*header == ' ' || *header == '\t')
		header++;
	if (strncasecmp(header, "Bearer", 6) != 0 || !blank(header[6]))
		return false;
	const char *t = header + 7;
	while (blank(*t))
		t++;
	size_t n = strlen(t);
	while (n && blank(t[n - 1]))
		n--;
	*tok = t;
	*len = n;
	return n > 0;
}

int ew_auth_lookup(struct ew_store *s, const char *tok, size_t len, struct ew_principal *p)
{
	char role[16];
	memset(p, 0, sizeof *p);
	int rc = ew_token_authenticate(s, tok, len, role, p->site);
	if (rc != 0)
		return rc;
	if (strcmp(role, "admin") == 0)
		p->role = EW_ROLE_ADMIN;
	else if (strcmp(role, "viewer") == 0)
		p->role = EW_ROLE_VIEWER;
	else if (strcmp(role, "agent") == 0)
		p->role = EW_ROLE_AGENT;
	else
		return 1; /* a role this program does not know grants nothing */
	if (p->role == EW_ROLE_ADMIN)
		p->site[0] = '\0';
	else if (!p->site[0])
		return 1; /* a site role without a site grants nothing */
	return 0;
}

bool ew_auth_may_read(const struct ew_principal *p, const char *site)
{
	return p->role == EW_ROLE_ADMIN || (p->role == EW_ROLE_VIEWER && strcmp(p->site, site) == 0);
}

bool ew_auth_may_send(const struct ew_principal *p, const char *site)
{
	return p->role == EW_ROLE_ADMIN || (p->role == EW_ROLE_AGENT && strcmp(p->site, site) == 0);
}

bool ew_auth_may_list(const struct ew_principal *p, const char *site)
{
	return p->role == EW_ROLE_ADMIN ||
	       ((p->role == EW_ROLE_AGENT || p->role == EW_ROLE_VIEWER) && strcmp(p->site, site) == 0);
}
