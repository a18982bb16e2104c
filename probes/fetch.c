/* SPDX-License-Identifier: ISC */
/* fetch.c - capped HTTP to devices inside the configured subnets (fetch.h). */
#include "fetch.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool ew_fetch_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_NOTHING) == CURLE_OK;
}

void ew_fetch_global_cleanup(void)
{
	curl_global_cleanup();
}

bool ew_fetch_allowed(const struct ew_fetch_scope *scope, const char *url, struct ew_ip *host)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *h = NULL;
	bool ok = false;
	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK || strcasecmp(scheme, "http") != 0)
		goto out;
	if (curl_url_get(u, CURLUPART_HOST, &h, 0) != CURLUE_OK)
		goto out;
	/* IPv6 literals come bracketed */
	size_t n = strlen(h);
	if (n > 2 && h[0] == '[' && h[n - 1] == ']') {
		memmove(h, h + 1, n - 2);
		h[n - 2] = '\0';
	}
	struct ew_ip ip;
	if (!ew_ip_parse(h, &ip))
		goto out; /* a name: never looked up */
	for (size_t i = 0; i < scope->n && !ok; i++)
		ok = ew_prefix_contains(&scope->prefixes[i], &ip);
	if (ok && host)
		*host = ip;
out:
	curl_free(scheme);
	curl_free(h);
	curl_url_cleanup(u);
	return ok;
}

bool ew_fetch_resolve(const char *base, const char *rel, char *out, size_t outlen)
{
	CURLU *u = curl_url();
	char *full = NULL;
	bool ok = u && curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK &&
		  curl_url_set(u, CURLUPART_URL, rel, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_URL, &full, 0) == CURLUE_OK && strlen(full) < outlen;
	if (ok)
		memcpy(out, full, strlen(full) + 1);
	curl_free(full);
	curl_url_cleanup(u);
	return ok;
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *user)
{
	struct ew_fetch_result *r = user;
	size_t n = size * nmemb;
	size_t room = EW_FETCH_MAX_BYTES - r->len;
	if (n > room) {
		r->truncated = true;
		memcpy(r->body + r->len, p, room);
		r->len += room;
		return 0; /* stop: the cap is reached (CURLE_WRITE_ERROR, expected) */
	}
	memcpy(r->body + r->len, p, n);
	r->len += n;
	return n;
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *user)
{
	struct ew_fetch_result *r = user;
	size_t n = size * nmemb;
	static const char key[] = "server:";
	if (n > sizeof key - 1 && strncasecmp(p, key, sizeof key - 1) == 0) {
		const char *v = p + sizeof key - 1;
		size_t vl = n - (sizeof key - 1);
		while (vl && (*v == ' ' || *v == '\t'))
			v++, vl--;
		while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n' || v[vl - 1] == ' '))
			vl--;
		if (vl > EW_FETCH_SERVER_LEN)
			vl = EW_FETCH_SERVER_LEN;
		memcpy(r->server, v, vl);
		r->server[vl] = '\0';
	}
	return n;
}

static bool fetch_once(const char *url, const char *soap_action, const char *body, struct ew_fetch_result *r,
		       char *redirect, size_t redirect_len)
{
	CURL *c = curl_easy_init();
	if (!c) {
		snprintf(r->err, sizeof r->err, "curl_easy_init failed");
		return false;
	}
	struct curl_slist *hdr = NULL;
	char action[320];
	r->len = 0;
	r->truncated = false;
	r->server[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L); /* each hop is checked here */
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_PROXY, "");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)EW_FETCH_TIMEOUT_MS);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)EW_FETCH_CONNECT_MS);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE, (long)EW_FETCH_MAX_BYTES * 4);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "egresswatch-probe/1");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	if (soap_action) {
		snprintf(action, sizeof action, "SOAPAction: \"%s\"", soap_action);
		hdr = curl_slist_append(hdr, "Content-Type: text/xml; charset=\"utf-8\"");
		hdr = curl_slist_append(hdr, action);
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	}
	CURLcode rc = curl_easy_perform(c);
	bool ok = rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && r->truncated);
	if (!ok)
		snprintf(r->err, sizeof r->err, "%s", curl_easy_strerror(rc));
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	char *loc = NULL;
	redirect[0] = '\0';
	if (ok && r->status >= 300 && r->status < 400 && curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &loc) == CURLE_OK &&
	    loc && strlen(loc) < redirect_len)
		memcpy(redirect, loc, strlen(loc) + 1);
	curl_slist_free_all(hdr);
	curl_easy_cleanup(c);
	r->body[r->len] = '\0';
	return ok;
}

bool ew_fetch(const struct ew_fetch_scope *scope, const char *url, const char *soap_action, const char *body,
	      struct ew_fetch_result *r)
{
	memset(r, 0, sizeof *r);
	r->body = malloc(EW_FETCH_MAX_BYTES + 1);
	if (!r->body) {
		snprintf(r->err, sizeof r->err, "out of memory");
		return false;
	}
	r->body[0] = '\0';
	char cur[EW_FETCH_URL_LEN], next[EW_FETCH_URL_LEN];
	if (strlen(url) >= sizeof cur) {
		snprintf(r->err, sizeof r->err, "URL too long");
		return false;
	}
	memcpy(cur, url, strlen(url) + 1);
	for (int hop = 0; hop <= EW_FETCH_REDIRECTS; hop++) {
		if (!ew_fetch_allowed(scope, cur, &r->host)) {
			snprintf(r->err, sizeof r->err, "%s outside the configured subnets (or not http:// with an address)",
				 hop ? "redirect" : "URL");
			return false;
		}
		if (!fetch_once(cur, soap_action, body, r, next, sizeof next))
			return false;
		if (!next[0])
			return true;
		char abs[EW_FETCH_URL_LEN];
		if (!ew_fetch_resolve(cur, next, abs, sizeof abs)) {
			snprintf(r->err, sizeof r->err, "bad redirect");
			return false;
		}
		memcpy(cur, abs, sizeof cur);
	}
	snprintf(r->err, sizeof r->err, "more than %d redirects", EW_FETCH_REDIRECTS);
	return false;
}

void ew_fetch_result_free(struct ew_fetch_result *r)
{
	free(r->body);
	r->body = NULL;
}
