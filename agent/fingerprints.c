/* SPDX-License-Identifier: ISC */
/* fingerprints.c - loads the fingerprints data file (grammar and semantics:
 * docs/FINGERPRINTS-FORMAT.md). p0f-like: a [classes] section declares the
 * classes, a [rules] section holds rules, each a header line
 *     rule CLASS WEIGHT STRENGTH "description"
 * followed by condition lines that must all hold. Knowledge lives in the
 * file, so a site adds a rule without a rebuild.
 *
 * The file is configuration, read before the capture starts: any error stops
 * the load with "file:line: message", so a typo never silently drops a rule. */
#include "fingerprints.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "egresswatch/buf.h"

static const struct {
	const char *name;
	uint8_t type;
} fact_table[FP__COUNT] = {
	[FP_ROLE] = { "role", FT_ROLE },
	[FP_FOREIGN_SUBNET] = { "foreign_subnet", FT_FLAG },
	[FP_ACTS_AS_CLIENT] = { "acts_as_client", FT_FLAG },
	[FP_MAC_LOCAL] = { "mac_local", FT_FLAG },
	[FP_DHCP_ROGUE_ROUTER] = { "dhcp_rogue_router", FT_FLAG },
	[FP_DHCP_RELAY] = { "dhcp_relay", FT_FLAG },
	[FP_L2_SWITCH] = { "l2_switch", FT_FLAG },
	[FP_REDUNDANCY_PEER] = { "redundancy_peer", FT_FLAG },
	[FP_INSIDE_HOSTS] = { "inside_hosts", FT_NUM },
	[FP_REMOTE_ADDRS] = { "remote_addrs", FT_NUM },
	[FP_VLAN] = { "vlan", FT_NUM },
	[FP_DHCP_LEASE] = { "dhcp_lease", FT_NUM },
	[FP_DHCP6_ENTERPRISE] = { "dhcp6_enterprise", FT_NUM },
	[FP_DHCP6_PD_LEN] = { "dhcp6_pd_len", FT_NUM },
	[FP_ADDR] = { "addr", FT_IP },
	[FP_DHCP_ROUTER] = { "dhcp_router", FT_IP },
	[FP_DHCP_DNS] = { "dhcp_dns", FT_IP },
	[FP_DHCP_MASK] = { "dhcp_mask", FT_IP },
	[FP_DHCP_OFFERED] = { "dhcp_offered", FT_IP },
	[FP_RDNSS] = { "rdnss", FT_IP },
	[FP_WAN_ADDR] = { "wan_addr", FT_IP },
	[FP_RA_PREFIX] = { "ra_prefix", FT_PREFIX },
	[FP_VENDOR] = { "vendor", FT_STR },
	[FP_DHCP_DOMAIN] = { "dhcp_domain", FT_STR },
	[FP_DNS_SEARCH] = { "dns_search", FT_STR },
	[FP_PPPOE_AC_NAME] = { "pppoe_ac_name", FT_STR },
	[FP_PPPOE_SERVICE] = { "pppoe_service", FT_STR },
	[FP_SSDP_SERVER] = { "ssdp_server", FT_STR },
	[FP_SSDP_TYPE] = { "ssdp_type", FT_STR },
	[FP_SYSNAME] = { "sysname", FT_STR },
	[FP_SYSDESCR] = { "sysdescr", FT_STR },
	[FP_CLIENT_HOSTNAME] = { "client_hostname", FT_STR },
	[FP_CLIENT_VENDOR_CLASS] = { "client_vendor_class", FT_STR },
	[FP_MODEL] = { "model", FT_STR },
	[FP_FOREIGN_ADDR] = { "foreign_addr", FT_IP },
	[FP_DHCP_ROGUE_ADDR] = { "dhcp_rogue_addr", FT_IP },
	[FP_HSRP_GROUP] = { "hsrp_group", FT_NUM },
	[FP_VRRP_VRID] = { "vrrp_vrid", FT_NUM },
	[FP_RIP_METRIC] = { "rip_metric", FT_NUM },
	[FP_RIP_VERSION] = { "rip_version", FT_NUM },
	[FP_HSRP_VIP] = { "hsrp_vip", FT_IP },
	[FP_VRRP_ADDR] = { "vrrp_addr", FT_IP },
	[FP_OSPF_ROUTER_ID] = { "ospf_router_id", FT_IP },
	[FP_OSPF_AREA] = { "ospf_area", FT_IP },
	[FP_RIP_NEXT_HOP] = { "rip_next_hop", FT_IP },
	[FP_IRDP_ADDR] = { "irdp_addr", FT_IP },
	[FP_REDIRECT_TARGET] = { "redirect_target", FT_IP },
	[FP_REDIRECT_DEST] = { "redirect_dest", FT_IP },
	[FP_MAC] = { "mac", FT_STR },
	[FP_DHCP_ROUTER_SELF] = { "dhcp_router_self", FT_FLAG },
};

const char *fp_fact_name(enum fp_fact f) { return (unsigned)f < FP__COUNT ? fact_table[f].name : "?"; }
enum fp_type fp_fact_type(enum fp_fact f) { return (unsigned)f < FP__COUNT ? fact_table[f].type : FT_FLAG; }

enum fp_fact fp_fact_lookup(const char *name, size_t n)
{
	for (int i = 0; i < FP__COUNT; i++)
		if (strlen(fact_table[i].name) == n && memcmp(fact_table[i].name, name, n) == 0)
			return (enum fp_fact)i;
	return FP__COUNT;
}

/* ---- parser state ---- */

enum tok_kind { TK_WORD, TK_STR, TK_OP, TK_COMMA };
#define TOKS_MAX 64

struct tok {
	uint8_t kind;
	const char *s; /* TK_STR: decoded, in the line's scratch buffer */
	size_t n;
};

enum section { SEC_NONE, SEC_CLASSES, SEC_RULES };

struct parser {
	const char *path;
	unsigned line;
	char *err;
	size_t errlen;
	struct ew_fp_db *db;
	enum section sec;
	bool seen_classes, seen_rules;
	bool open_rule; /* db->rules[nrules - 1] still takes conditions */
	struct tok t[TOKS_MAX];
	size_t nt;
	struct ew_buf strs; /* becomes db->strs when the load succeeds */
	char scratch[EW_FP_LINE_MAX + 1]; /* decoded quoted strings */
};

__attribute__((format(printf, 2, 3))) static bool fail(struct parser *p, const char *fmt, ...)
{
	if (!p->err || !p->errlen)
		return false;
	int k = snprintf(p->err, p->errlen, "%s:%u: ", p->path, p->line);
	if (k < 0 || (size_t)k >= p->errlen)
		return false;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->err + k, p->errlen - (size_t)k, fmt, ap);
	va_end(ap);
	return false;
}

/* Token text for messages, cut so one message stays one line. */
static int tw(const struct tok *t) { return t->n > 40 ? 40 : (int)t->n; }

static bool tok_is(const struct tok *t, const char *word)
{
	return t->kind == TK_WORD && t->n == strlen(word) && memcmp(t->s, word, t->n) == 0;
}

/* ---- growth helpers ---- */

static bool grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return true;
	size_t c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	void *a = realloc(*arr, c * elem);
	if (!a)
		return false;
	*arr = a;
	*cap = c;
	return true;
}

/* Allocated lengths of the db arrays while loading (the db keeps only counts). */
struct caps {
	size_t rules, conds, vals;
};

/* Appends s and its NUL to the string pool; *off is where it starts. */
static bool add_str(struct parser *p, const char *s, size_t n, uint32_t *off)
{
	size_t at = p->strs.len;
	if (n + 1 > EW_FP_STRS_MAX - at)
		return fail(p, "data file too large");
	if (!ew_buf_add(&p->strs, s, n) || !ew_buf_add(&p->strs, "", 1))
		return fail(p, "out of memory");
	*off = (uint32_t)at;
	return true;
}

/* ---- lines and tokens ---- */

/* Returns 1 with a line, 0 at end of file, -1 too long, -2 NUL byte. */
static int read_line(FILE *f, char *buf, size_t cap, size_t *len)
{
	size_t n = 0;
	int c;
	bool any = false;
	while ((c = getc(f)) != EOF) {
		any = true;
		if (c == '\n')
			break;
		if (c == '\0')
			return -2;
		if (n + 1 >= cap)
			return -1;
		buf[n++] = (char)c;
	}
	if (!any)
		return 0;
	if (n && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	*len = n;
	return 1;
}

static bool is_opch(char c) { return c == '=' || c == '<' || c == '>' || c == '~' || c == '^' || c == '!'; }

static bool is_wordch(char c)
{
	return (unsigned char)c > ' ' && c != 0x7f && c != ',' && c != '"' && c != '#' && !is_opch(c);
}

static bool tokenize(struct parser *p, const char *s, size_t n)
{
	size_t i = 0, sc = 0;
	p->nt = 0;
	while (i < n) {
		char c = s[i];
		if (c == ' ' || c == '\t') {
			i++;
			continue;
		}
		if (c == '#')
			break; /* comment to the end of the line */
		if (p->nt == TOKS_MAX)
			return fail(p, "too many tokens on one line (max %d)", TOKS_MAX);
		struct tok *t = &p->t[p->nt];
		if (c == ',') {
			*t = (struct tok){ TK_COMMA, s + i, 1 };
			i++;
		} else if (c == '"') {
			/* "..." with \" and \\ as the only escapes */
			t->kind = TK_STR;
			t->s = p->scratch + sc;
			i++;
			size_t start = sc;
			for (;;) {
				if (i >= n)
					return fail(p, "unterminated string");
				c = s[i++];
				if (c == '"')
					break;
				if (c == '\\') {
					if (i >= n || (s[i] != '"' && s[i] != '\\'))
						return fail(p, "bad escape in string (only \\\" and \\\\)");
					c = s[i++];
				}
				if ((unsigned char)c < ' ' || c == 0x7f)
					return fail(p, "control character in string");
				p->scratch[sc++] = c;
			}
			t->n = sc - start;
			p->scratch[sc++] = '\0';
		} else if (is_opch(c)) {
			size_t j = i;
			while (j < n && is_opch(s[j]))
				j++;
			*t = (struct tok){ TK_OP, s + i, j - i };
			i = j;
		} else if (is_wordch(c)) {
			size_t j = i;
			while (j < n && is_wordch(s[j]))
				j++;
			*t = (struct tok){ TK_WORD, s + i, j - i };
			i = j;
		} else {
			return fail(p, "unexpected character 0x%02x", (unsigned char)c);
		}
		p->nt++;
	}
	return true;
}

/* ---- values ---- */

static bool parse_u32(const struct tok *t, uint32_t *out)
{
	if (t->kind != TK_WORD || t->n == 0 || t->n > 10)
		return false;
	uint64_t v = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (t->s[i] < '0' || t->s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(t->s[i] - '0');
	}
	if (v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* "0.55", "1", "1.0", "0": per mille, 0..1000 (0 is a note: it adds its
 * words to the reason, nothing to the confidence). No strtod, so no locale. */
static bool parse_weight(const struct tok *t, uint16_t *out)
{
	if (t->kind != TK_WORD || t->n == 0 || t->n > 5)
		return false;
	const char *s = t->s;
	size_t n = t->n, i = 0;
	if (s[0] != '0' && s[0] != '1')
		return false;
	unsigned v = (unsigned)(s[0] - '0') * 1000;
	i = 1;
	if (i < n) {
		if (s[i++] != '.' || i == n)
			return false;
		unsigned scale = 100;
		for (; i < n; i++, scale /= 10) {
			if (s[i] < '0' || s[i] > '9' || scale == 0)
				return false;
			v += (unsigned)(s[i] - '0') * scale;
		}
	}
	if (v > 1000)
		return false;
	*out = (uint16_t)v;
	return true;
}

static bool parse_class_tok(const struct tok *t, enum ew_class *c)
{
	char name[32];
	if (t->kind != TK_WORD || t->n >= sizeof name)
		return false;
	memcpy(name, t->s, t->n);
	name[t->n] = '\0';
	return ew_class_parse(name, c) && *c != EW_CLASS_NONE;
}

/* ---- sections ---- */

static bool section_line(struct parser *p, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	const char *name = s + i + 1;
	const char *close = memchr(name, ']', n - i - 1);
	if (!close)
		return fail(p, "section header without ']'");
	size_t len = (size_t)(close - name);
	for (const char *r = close + 1; r < s + n; r++) {
		if (*r == '#')
			break;
		if (*r != ' ' && *r != '\t')
			return fail(p, "text after section header");
	}
	if (len == 7 && memcmp(name, "classes", 7) == 0) {
		if (p->seen_classes)
			return fail(p, "duplicate [classes] section");
		if (p->seen_rules)
			return fail(p, "[classes] must come before [rules]");
		p->seen_classes = true;
		p->sec = SEC_CLASSES;
		return true;
	}
	if (len == 5 && memcmp(name, "rules", 5) == 0) {
		if (p->seen_rules)
			return fail(p, "duplicate [rules] section");
		if (!p->seen_classes)
			return fail(p, "[rules] before [classes]: declare the classes first");
		if (!p->db->declared)
			return fail(p, "[classes] declares no class");
		p->seen_rules = true;
		p->sec = SEC_RULES;
		return true;
	}
	return fail(p, "unknown section [%.*s] (expected [classes] or [rules])", len > 40 ? 40 : (int)len, name);
}

static bool classes_line(struct parser *p)
{
	for (size_t i = 0; i < p->nt; i++) {
		const struct tok *t = &p->t[i];
		if (t->kind == TK_COMMA)
			continue;
		enum ew_class c;
		if (!parse_class_tok(t, &c))
			return fail(p, "unknown class '%.*s'", tw(t), t->s);
		if (p->db->declared & (1u << c))
			return fail(p, "class '%.*s' declared twice", tw(t), t->s);
		p->db->declared |= 1u << c;
	}
	return true;
}

/* ---- rules ---- */

/* Descriptions may name facts as {fact} (and {roles}); check them now so a
 * typo fails the load instead of printing "{vendr}" in a report. */
static bool check_desc(struct parser *p, const struct tok *t)
{
	if (t->n == 0)
		return fail(p, "empty description");
	if (t->n > EW_FP_DESC_MAX)
		return fail(p, "description too long (max %d bytes)", EW_FP_DESC_MAX);
	for (size_t i = 0; i < t->n; i++) {
		if (t->s[i] == '}')
			return fail(p, "'}' without '{' in description");
		if (t->s[i] != '{')
			continue;
		const char *close = memchr(t->s + i, '}', t->n - i);
		if (!close)
			return fail(p, "'{' without '}' in description");
		const char *name = t->s + i + 1;
		size_t len = (size_t)(close - name);
		enum fp_fact f = fp_fact_lookup(name, len);
		bool roles = len == 5 && memcmp(name, "roles", 5) == 0;
		if (!roles && (f == FP__COUNT || f == FP_ROLE))
			return fail(p, "unknown placeholder {%.*s} in description", len > 40 ? 40 : (int)len, name);
		i = (size_t)(close - t->s);
	}
	return true;
}

static bool close_rule(struct parser *p)
{
	if (!p->open_rule)
		return true;
	p->open_rule = false;
	const struct fp_rule *r = &p->db->rules[p->db->nrules - 1];
	if (r->ncond == 0) {
		p->line = r->line;
		return fail(p, "rule has no conditions");
	}
	return true;
}

static bool rule_line(struct parser *p, struct caps *cap)
{
	struct ew_fp_db *db = p->db;
	if (!close_rule(p))
		return false;
	if (p->nt != 5)
		return fail(p, "expected: rule CLASS WEIGHT STRENGTH \"description\"");
	enum ew_class c;
	const struct tok *t = &p->t[1];
	if (!parse_class_tok(t, &c))
		return fail(p, "unknown class '%.*s'", tw(t), t->s);
	if (!(db->declared & (1u << c)))
		return fail(p, "class '%.*s' is not declared in [classes]", tw(t), t->s);
	uint16_t w;
	t = &p->t[2];
	if (!parse_weight(t, &w))
		return fail(p, "bad weight '%.*s' (a number from 0 to 1, at most three decimals)", tw(t), t->s);
	t = &p->t[3];
	enum ew_strength st;
	if (tok_is(t, "S"))
		st = EW_STRENGTH_S;
	else if (tok_is(t, "W"))
		st = EW_STRENGTH_W;
	else if (tok_is(t, "U"))
		st = EW_STRENGTH_U;
	else
		return fail(p, "bad strength '%.*s' (S, W or U)", tw(t), t->s);
	t = &p->t[4];
	if (t->kind != TK_STR)
		return fail(p, "the description must be a quoted string");
	if (!check_desc(p, t))
		return false;
	if (db->nrules == EW_FP_RULES_MAX)
		return fail(p, "too many rules (max %d)", EW_FP_RULES_MAX);
	if (!grow((void **)&db->rules, &cap->rules, db->nrules + 1, sizeof *db->rules))
		return fail(p, "out of memory");
	struct fp_rule r = { .cls = (uint8_t)c, .strength = (uint8_t)st, .weight = w, .cond = (uint32_t)db->nconds,
			     .line = p->line };
	if (!add_str(p, t->s, t->n, &r.desc))
		return false;
	db->rules[db->nrules++] = r;
	p->open_rule = true;
	return true;
}

static bool parse_roles(struct parser *p, const struct tok *t, uint32_t *bits)
{
	if (t->kind != TK_WORD)
		return fail(p, "expected role names after 'role'");
	*bits = 0;
	size_t i = 0;
	while (i <= t->n) {
		size_t j = i;
		while (j < t->n && t->s[j] != '|')
			j++;
		char name[32];
		size_t len = j - i;
		enum ew_role r;
		if (len == 0 || len >= sizeof name)
			return fail(p, "bad role list '%.*s'", tw(t), t->s);
		memcpy(name, t->s + i, len);
		name[len] = '\0';
		if (!ew_role_parse(name, &r))
			return fail(p, "unknown role '%s'", name);
		*bits |= (uint32_t)r;
		i = j + 1;
	}
	return true;
}

static bool parse_op(const struct tok *t, enum fp_op *op)
{
	static const struct {
		const char *s;
		enum fp_op op;
	} ops[] = { { "=", OP_EQ }, { ">", OP_GT }, { ">=", OP_GE }, { "<", OP_LT }, { "<=", OP_LE },
		    { "~", OP_HAS }, { "^=", OP_PREFIX } };
	if (tok_is(t, "in")) {
		*op = OP_IN;
		return true;
	}
	if (t->kind != TK_OP)
		return false;
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (t->n == strlen(ops[i].s) && memcmp(t->s, ops[i].s, t->n) == 0) {
			*op = ops[i].op;
			return true;
		}
	return false;
}

static bool op_fits(enum fp_type type, enum fp_op op)
{
	switch (type) {
	case FT_NUM: return op == OP_EQ || op == OP_GT || op == OP_GE || op == OP_LT || op == OP_LE;
	case FT_STR: return op == OP_EQ || op == OP_HAS || op == OP_PREFIX;
	case FT_IP:
	case FT_PREFIX: return op == OP_IN;
	default: return false;
	}
}

static bool parse_value(struct parser *p, enum fp_type type, const struct tok *t, struct fp_val *v)
{
	memset(v, 0, sizeof *v);
	switch (type) {
	case FT_NUM:
		if (!parse_u32(t, &v->num))
			return fail(p, "bad number '%.*s'", tw(t), t->s);
		return true;
	case FT_IP:
	case FT_PREFIX: {
		char buf[EW_PREFIX_STRLEN + 1];
		if (t->kind != TK_WORD || t->n >= sizeof buf)
			return fail(p, "bad address or prefix '%.*s'", tw(t), t->s);
		memcpy(buf, t->s, t->n);
		buf[t->n] = '\0';
		if (!ew_prefix_parse(buf, &v->pfx))
			return fail(p, "bad address or prefix '%.*s'", tw(t), t->s);
		return true;
	}
	case FT_STR:
		if (t->kind != TK_STR && t->kind != TK_WORD)
			return fail(p, "expected a string");
		if (t->n > EW_FP_STRVAL_MAX)
			return fail(p, "string value too long (max %d bytes)", EW_FP_STRVAL_MAX);
		v->slen = (uint32_t)t->n;
		return add_str(p, t->s, t->n, &v->str);
	default:
		return fail(p, "internal: no values for this fact");
	}
}

static bool cond_line(struct parser *p, struct caps *cap)
{
	struct ew_fp_db *db = p->db;
	if (!p->open_rule)
		return fail(p, "condition outside a rule (start one with: rule CLASS WEIGHT STRENGTH \"description\")");
	struct fp_rule *r = &db->rules[db->nrules - 1];
	if (r->ncond == EW_FP_CONDS_MAX)
		return fail(p, "too many conditions in one rule (max %d)", EW_FP_CONDS_MAX);
	size_t i = 0;
	struct fp_cond c = { .op = OP_PRESENT, .val = (uint32_t)db->nvals };
	if (tok_is(&p->t[0], "not")) {
		c.neg = true;
		i++;
	}
	if (i >= p->nt)
		return fail(p, "'not' without a condition");
	const struct tok *t = &p->t[i++];
	enum fp_fact f = t->kind == TK_WORD ? fp_fact_lookup(t->s, t->n) : FP__COUNT;
	if (f == FP__COUNT)
		return fail(p, "unknown fact '%.*s'", tw(t), t->s);
	c.fact = (uint8_t)f;
	enum fp_type type = fp_fact_type(f);
	if (type == FT_ROLE) {
		if (i >= p->nt)
			return fail(p, "'role' needs a role name (role router, role ra_router|upnp_igd)");
		if (!parse_roles(p, &p->t[i++], &c.roles))
			return false;
		c.op = OP_ROLE;
		if (i < p->nt)
			return fail(p, "trailing text after role list (alternatives are joined with '|')");
	} else if (i < p->nt) {
		enum fp_op op;
		t = &p->t[i++];
		if (!parse_op(t, &op))
			return fail(p, "unknown operator '%.*s'", tw(t), t->s);
		if (!op_fits(type, op))
			return fail(p, "operator '%.*s' does not apply to fact '%s'", tw(t), t->s, fp_fact_name(f));
		c.op = (uint8_t)op;
		if (i >= p->nt)
			return fail(p, "missing value after '%.*s'", tw(t), t->s);
		for (;;) {
			if (c.nval == EW_FP_VALUES_MAX)
				return fail(p, "too many values (max %d)", EW_FP_VALUES_MAX);
			if (!grow((void **)&db->vals, &cap->vals, db->nvals + 1, sizeof *db->vals))
				return fail(p, "out of memory");
			if (!parse_value(p, type, &p->t[i++], &db->vals[db->nvals]))
				return false;
			db->nvals++;
			c.nval++;
			if (i >= p->nt)
				break;
			if (p->t[i].kind != TK_COMMA)
				return fail(p, "expected ',' between values");
			if (++i >= p->nt)
				return fail(p, "missing value after ','");
		}
	} /* else a bare fact: OP_PRESENT */
	if (!grow((void **)&db->conds, &cap->conds, db->nconds + 1, sizeof *db->conds))
		return fail(p, "out of memory");
	db->conds[db->nconds++] = c;
	r->ncond++;
	return true;
}

static bool parse_line(struct parser *p, struct caps *cap, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < n && s[i] == '[') {
		if (!close_rule(p))
			return false;
		return section_line(p, s, n);
	}
	if (!tokenize(p, s, n))
		return false;
	if (p->nt == 0)
		return true;
	switch (p->sec) {
	case SEC_CLASSES: return classes_line(p);
	case SEC_RULES: return tok_is(&p->t[0], "rule") ? rule_line(p, cap) : cond_line(p, cap);
	default: return fail(p, "text outside any section (start with [classes])");
	}
}

struct ew_fp_db *ew_fp_load(const char *path, char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	if (!path) {
		if (err && errlen)
			snprintf(err, errlen, "fingerprints: no file given");
		return NULL;
	}
	FILE *f = fopen(path, "r");
	if (!f) {
		if (err && errlen)
			snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	struct parser *p = calloc(1, sizeof *p);
	struct ew_fp_db *db = calloc(1, sizeof *db);
	if (!p || !db) {
		if (err && errlen)
			snprintf(err, errlen, "%s: out of memory", path);
		free(p);
		free(db);
		fclose(f);
		return NULL;
	}
	*p = (struct parser){ .path = path, .err = err, .errlen = errlen, .db = db };
	ew_buf_init(&p->strs, EW_FP_STRS_MAX);
	struct caps cap = { 0 };
	char line[EW_FP_LINE_MAX + 2];
	bool ok = true;
	for (;;) {
		size_t n = 0;
		int rc = read_line(f, line, sizeof line, &n);
		if (rc == 0)
			break;
		p->line++;
		if (rc == -1) {
			ok = fail(p, "line too long (max %d bytes)", EW_FP_LINE_MAX);
			break;
		}
		if (rc == -2) {
			ok = fail(p, "NUL byte in line");
			break;
		}
		if (!parse_line(p, &cap, line, n)) {
			ok = false;
			break;
		}
	}
	if (ok && ferror(f))
		ok = fail(p, "read error");
	if (ok)
		ok = close_rule(p);
	if (ok && !p->seen_classes)
		ok = fail(p, "no [classes] section");
	fclose(f);
	if (ok && !(db->strs = ew_buf_take(&p->strs, &db->strs_len)))
		ok = fail(p, "out of memory");
	ew_buf_free(&p->strs);
	free(p);
	if (!ok) {
		ew_fp_free(db);
		return NULL;
	}
	return db;
}

void ew_fp_free(struct ew_fp_db *db)
{
	if (!db)
		return;
	free(db->rules);
	free(db->conds);
	free(db->vals);
	free(db->strs);
	free(db);
}

size_t ew_fp_rule_count(const struct ew_fp_db *db) { return db ? db->nrules : 0; }
