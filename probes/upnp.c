/* SPDX-License-Identifier: ISC */
/* upnp.c - UPnP description and SOAP answers with expat (upnp.h). */
#include "upnp.h"

#include <expat.h>
#include <stdint.h>
#include <string.h>

enum field { F_NONE = 0, F_MANUF, F_MODEL, F_MODELNUM, F_FRIENDLY, F_DEVTYPE, F_URLBASE, F_SVCTYPE, F_CONTROL, F_EXTIP };

struct ctx {
	XML_Parser p;
	enum ew_upnp_err err;
	int depth;
	int device_depth;      /* depth of the first <device>: its names only */
	enum field cur;
	char text[EW_UPNP_URLLEN + 1];
	size_t tlen;
	bool ttrunc;
	/* the <service> being read */
	char svc_type[EW_UPNP_URLLEN + 1], svc_control[EW_UPNP_URLLEN + 1];
	bool in_service;
	struct ew_upnp_desc *desc;
	char ext_ip[EW_UPNP_STRLEN + 1];
	bool have_ext;
};

static const char *local_name(const char *n)
{
	const char *c = strrchr(n, ':');
	return c ? c + 1 : n;
}

static void stop(struct ctx *c, enum ew_upnp_err e)
{
	if (c->err == EW_UPNP_OK)
		c->err = e;
	XML_StopParser(c->p, XML_FALSE);
}

static void XMLCALL on_start(void *u, const XML_Char *name, const XML_Char **attrs)
{
	struct ctx *c = u;
	(void)attrs;
	if (++c->depth > EW_UPNP_DEPTH) {
		stop(c, EW_UPNP_DEPTH_ERR);
		return;
	}
	const char *n = local_name(name);
	c->cur = F_NONE;
	c->tlen = 0;
	c->ttrunc = false;
	if (!strcmp(n, "device") && !c->device_depth)
		c->device_depth = c->depth;
	else if (!strcmp(n, "service")) {
		c->in_service = true;
		c->svc_type[0] = c->svc_control[0] = '\0';
	} else if (!strcmp(n, "NewExternalIPAddress"))
		c->cur = F_EXTIP;
	else if (!strcmp(n, "URLBase"))
		c->cur = F_URLBASE;
	else if (c->in_service && !strcmp(n, "serviceType"))
		c->cur = F_SVCTYPE;
	else if (c->in_service && !strcmp(n, "controlURL"))
		c->cur = F_CONTROL;
	else if (c->device_depth && c->depth == c->device_depth + 1) {
		if (!strcmp(n, "manufacturer"))
			c->cur = F_MANUF;
		else if (!strcmp(n, "modelName"))
			c->cur = F_MODEL;
		else if (!strcmp(n, "modelNumber"))
			c->cur = F_MODELNUM;
		else if (!strcmp(n, "friendlyName"))
			c->cur = F_FRIENDLY;
		else if (!strcmp(n, "deviceType"))
			c->cur = F_DEVTYPE;
	}
}

static void XMLCALL on_text(void *u, const XML_Char *s, int len)
{
	struct ctx *c = u;
	if (c->cur == F_NONE || len <= 0)
		return;
	size_t room = sizeof c->text - 1 - c->tlen;
	size_t n = (size_t)len;
	if (n > room) {
		n = room;
		c->ttrunc = true;
	}
	memcpy(c->text + c->tlen, s, n);
	c->tlen += n;
}

/* Text without leading and trailing blanks, cut at cap. */
static void set_text(struct ew_upnp_text *t, const struct ctx *c)
{
	size_t a = 0, b = c->tlen;
	while (a < b && strchr(" \t\r\n", c->text[a]))
		a++;
	while (b > a && strchr(" \t\r\n", c->text[b - 1]))
		b--;
	size_t n = b - a;
	t->truncated = c->ttrunc || n > EW_UPNP_STRLEN;
	if (n > EW_UPNP_STRLEN)
		n = EW_UPNP_STRLEN;
	memcpy(t->s, c->text + a, n);
	t->s[n] = '\0';
}

static void set_url(char out[EW_UPNP_URLLEN + 1], const struct ctx *c)
{
	struct ew_upnp_text t;
	set_text(&t, c);
	/* URLs are shorter than EW_UPNP_STRLEN in practice; a longer one is useless cut */
	if (t.truncated) {
		out[0] = '\0';
		return;
	}
	memcpy(out, t.s, strlen(t.s) + 1);
}

static bool wan_service(const char *type)
{
	return strstr(type, ":service:WANIPConnection:") || strstr(type, ":service:WANPPPConnection:");
}

static void XMLCALL on_end(void *u, const XML_Char *name)
{
	struct ctx *c = u;
	const char *n = local_name(name);
	struct ew_upnp_desc *d = c->desc;
	if (d) {
		switch (c->cur) {
		case F_MANUF: if (!d->manufacturer.s[0]) set_text(&d->manufacturer, c); break;
		case F_MODEL: if (!d->model_name.s[0]) set_text(&d->model_name, c); break;
		case F_MODELNUM: if (!d->model_number.s[0]) set_text(&d->model_number, c); break;
		case F_FRIENDLY: if (!d->friendly_name.s[0]) set_text(&d->friendly_name, c); break;
		case F_DEVTYPE:
			if (!d->device_type.s[0])
				set_text(&d->device_type, c);
			if (strstr(d->device_type.s, ":device:InternetGatewayDevice:"))
				d->igd = true;
			break;
		case F_URLBASE: set_url(d->url_base, c); break;
		case F_SVCTYPE: set_url(c->svc_type, c); break;
		case F_CONTROL: set_url(c->svc_control, c); break;
		default: break;
		}
		if (!strcmp(n, "service") && c->in_service) {
			c->in_service = false;
			if (wan_service(c->svc_type) && c->svc_control[0] && !d->wan_control[0]) {
				memcpy(d->wan_service, c->svc_type, sizeof d->wan_service);
				memcpy(d->wan_control, c->svc_control, sizeof d->wan_control);
				d->igd = true;
			}
		}
	} else if (c->cur == F_EXTIP && !c->have_ext) {
		struct ew_upnp_text t;
		set_text(&t, c);
		memcpy(c->ext_ip, t.s, sizeof c->ext_ip);
		c->have_ext = !t.truncated;
	}
	c->cur = F_NONE;
	c->tlen = 0;
	c->depth--;
}

/* DOCTYPE refused: no DTD means no entity declaration, so nothing expands. */
static void XMLCALL on_doctype(void *u, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
			       int has_internal)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	stop(u, EW_UPNP_DOCTYPE);
}

static void XMLCALL on_entity(void *u, const XML_Char *name, int pe, const XML_Char *value, int vlen,
			      const XML_Char *base, const XML_Char *sysid, const XML_Char *pubid,
			      const XML_Char *notation)
{
	(void)name, (void)pe, (void)value, (void)vlen, (void)base, (void)sysid, (void)pubid, (void)notation;
	stop(u, EW_UPNP_DOCTYPE);
}

static enum ew_upnp_err run(struct ctx *c, const char *xml, size_t len)
{
	if (len > (size_t)INT32_MAX)
		return EW_UPNP_SYNTAX;
	c->p = XML_ParserCreate(NULL);
	if (!c->p)
		return EW_UPNP_NOMEM;
	XML_SetUserData(c->p, c);
	XML_SetElementHandler(c->p, on_start, on_end);
	XML_SetCharacterDataHandler(c->p, on_text);
	XML_SetStartDoctypeDeclHandler(c->p, on_doctype);
	XML_SetEntityDeclHandler(c->p, on_entity);
	XML_SetParamEntityParsing(c->p, XML_PARAM_ENTITY_PARSING_NEVER);
	enum XML_Status st = XML_Parse(c->p, xml, (int)len, XML_TRUE);
	if (st != XML_STATUS_OK && c->err == EW_UPNP_OK)
		c->err = EW_UPNP_SYNTAX;
	XML_ParserFree(c->p);
	return c->err;
}

enum ew_upnp_err ew_upnp_parse_desc(const char *xml, size_t len, struct ew_upnp_desc *out)
{
	struct ctx c;
	memset(&c, 0, sizeof c);
	memset(out, 0, sizeof *out);
	c.desc = out;
	enum ew_upnp_err e = run(&c, xml, len);
	if (e != EW_UPNP_OK)
		memset(out, 0, sizeof *out);
	return e;
}

enum ew_upnp_err ew_upnp_parse_ext_ip(const char *xml, size_t len, struct ew_ip *out)
{
	struct ctx c;
	memset(&c, 0, sizeof c);
	memset(out, 0, sizeof *out);
	enum ew_upnp_err e = run(&c, xml, len);
	if (e != EW_UPNP_OK)
		return e;
	if (!c.have_ext || !ew_ip_parse(c.ext_ip, out) || out->family != EW_AF_INET) {
		memset(out, 0, sizeof *out);
		return EW_UPNP_MISSING;
	}
	return EW_UPNP_OK;
}

const char *ew_upnp_err_name(enum ew_upnp_err e)
{
	static const char *const n[] = { "ok", "not well-formed XML", "DOCTYPE or entity declaration refused",
					  "elements nested too deep", "out of memory", "no external address" };
	return (unsigned)e < sizeof n / sizeof n[0] ? n[e] : "unknown";
}
