/* SPDX-License-Identifier: ISC */
/* deliver.c - one report to the collector over HTTP(S) (see deliver.h). */
#include "deliver.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ANSWER_KEPT 300 /* bytes of the collector's answer kept for the log */

struct ew_deliver {
	CURLM *multi;
	CURL *easy;
	CURL *put; /* evidence uploads: a second handle, blocking */
	struct curl_slist *hdrs, *put_hdrs;
	char *url;
	char *base; /* the collector's URL without the trailing / */
	bool busy;
	char answer[ANSWER_KEPT + 1];
	size_t answer_len;
	char curl_err[CURL_ERROR_SIZE];
	char error[CURL_ERROR_SIZE + ANSWER_KEPT + 32];
};

int ew_deliver_read_token(const char *path, char *tok, size_t toklen, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	size_t n = fread(tok, 1, toklen - 1, f);
	bool more = fgetc(f) != EOF;
	fclose(f);
	tok[n] = '\0';
	char *s = tok;
	while (isspace((unsigned char)*s))
		s++;
	size_t l = strlen(s);
	while (l && isspace((unsigned char)s[l - 1]))
		l--;
	memmove(tok, s, l);
	tok[l] = '\0';
	bool printable = l > 0 && !more;
	for (size_t i = 0; i < l; i++)
		if (!isgraph((unsigned char)tok[i]))
			printable = false;
	if (!printable) {
		snprintf(err, errlen, "%s: not a token (one line of printable characters, at most %zu)", path,
			 toklen - 1);
		return -1;
	}
	return 0;
}

static size_t on_answer(char *data, size_t size, size_t nmemb, void *user)
{
	struct ew_deliver *d = user;
	size_t n = size * nmemb, room = ANSWER_KEPT - d->answer_len;
	size_t take = n < room ? n : room;
	memcpy(d->answer + d->answer_len, data, take);
	d->answer_len += take;
	d->answer[d->answer_len] = '\0';
	return n;
}

struct ew_deliver *ew_deliver_new(const char *url, const char *token, const char *ca_file, long timeout_s)
{
	static bool global_done;
	if (!global_done) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return NULL;
		global_done = true;
	}
	struct ew_deliver *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	size_t ul = strlen(url);
	while (ul && url[ul - 1] == '/')
		ul--;
	static const char path[] = "/api/v1/reports";
	char auth[EW_DELIVER_TOKEN_MAX + 32];
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
	if (!(d->url = malloc(ul + sizeof path)) || !(d->multi = curl_multi_init()) || !(d->easy = curl_easy_init()))
		goto fail;
	memcpy(d->url, url, ul);
	memcpy(d->url + ul, path, sizeof path);
	if (!(d->base = strndup(url, ul)))
		goto fail;
	struct curl_slist *h = curl_slist_append(NULL, auth);
	d->put_hdrs = curl_slist_append(NULL, auth);
	explicit_bzero(auth, sizeof auth);
	if (!h || !d->put_hdrs) {
		curl_slist_free_all(h);
		goto fail;
	}
	d->hdrs = h;
	if (!(h = curl_slist_append(d->put_hdrs, "Content-Type: application/vnd.tcpdump.pcap")))
		goto fail;
	d->put_hdrs = h;
	if (!(h = curl_slist_append(d->put_hdrs, "Expect:")))
		goto fail;
	d->put_hdrs = h;
	if (!(h = curl_slist_append(d->hdrs, "Content-Type: application/json")))
		goto fail;
	d->hdrs = h;
	if (!(h = curl_slist_append(d->hdrs, "Expect:"))) /* no 100-continue round trip */
		goto fail;
	d->hdrs = h;
	CURL *e = d->easy;
	curl_easy_setopt(e, CURLOPT_URL, d->url);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, d->hdrs);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (ca_file)
		curl_easy_setopt(e, CURLOPT_CAINFO, ca_file);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, (long)EW_DELIVER_CONNECT_TIMEOUT_S);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, timeout_s);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_answer);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, d);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, d->curl_err);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "egresswatch-agent");
	if (!(d->put = curl_easy_duphandle(e)))
		goto fail;
	curl_easy_setopt(d->put, CURLOPT_HTTPHEADER, d->put_hdrs);
	curl_easy_setopt(d->put, CURLOPT_CUSTOMREQUEST, "PUT");
	return d;
fail:
	ew_deliver_free(d);
	return NULL;
}

void ew_deliver_free(struct ew_deliver *d)
{
	if (!d)
		return;
	if (d->busy)
		curl_multi_remove_handle(d->multi, d->easy);
	if (d->easy)
		curl_easy_cleanup(d->easy);
	if (d->put)
		curl_easy_cleanup(d->put);
	curl_slist_free_all(d->put_hdrs);
	free(d->base);
	if (d->multi)
		curl_multi_cleanup(d->multi);
	curl_slist_free_all(d->hdrs);
	free(d->url);
	free(d);
}

int ew_deliver_start(struct ew_deliver *d, const char *body, size_t len)
{
	if (d->busy)
		return -1;
	d->answer_len = 0;
	d->answer[0] = d->curl_err[0] = d->error[0] = '\0';
	curl_easy_setopt(d->easy, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(d->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	if (curl_multi_add_handle(d->multi, d->easy) != CURLM_OK)
		return -1;
	d->busy = true;
	return 0;
}

bool ew_deliver_busy(const struct ew_deliver *d)
{
	return d->busy;
}

const char *ew_deliver_error(const struct ew_deliver *d)
{
	return d->error;
}

/* The answer's status as a result; fills d->error. */
static enum ew_deliver_result classify(struct ew_deliver *d, CURL *e, CURLcode cc)
{
	if (cc != CURLE_OK) {
		snprintf(d->error, sizeof d->error, "%s", d->curl_err[0] ? d->curl_err : curl_easy_strerror(cc));
		return EW_DELIVER_RETRY;
	}
	long code = 0;
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
	for (size_t i = 0; i < d->answer_len; i++)
		if (!isprint((unsigned char)d->answer[i]))
			d->answer[i] = ' ';
	snprintf(d->error, sizeof d->error, "HTTP %ld: %s", code, d->answer);
	if (code >= 200 && code < 300)
		return EW_DELIVER_OK;
	if (code == 408 || code == 429 || code >= 500 || code < 200)
		return EW_DELIVER_RETRY;
	return EW_DELIVER_REJECT;
}

enum ew_deliver_result ew_deliver_put_evidence(struct ew_deliver *d, const char *report_id, const char *mac,
					       unsigned vlan, const void *pcap, size_t len)
{
	char *url = NULL;
	/* report_id and mac are checked by the caller: hex digits, '-' and ':' only */
	if (asprintf(&url, vlan ? "%s/api/v1/reports/%s/evidence/%s?vlan=%u" : "%s/api/v1/reports/%s/evidence/%s",
		     d->base, report_id, mac, vlan) < 0) {
		snprintf(d->error, sizeof d->error, "out of memory");
		return EW_DELIVER_RETRY;
	}
	d->answer_len = 0;
	d->answer[0] = d->curl_err[0] = d->error[0] = '\0';
	curl_easy_setopt(d->put, CURLOPT_URL, url);
	curl_easy_setopt(d->put, CURLOPT_POSTFIELDS, pcap);
	curl_easy_setopt(d->put, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	CURLcode cc = curl_easy_perform(d->put);
	free(url);
	return classify(d, d->put, cc);
}

enum ew_deliver_result ew_deliver_wait(struct ew_deliver *d, int extra_fd, int timeout_ms)
{
	struct curl_waitfd w = { .fd = extra_fd, .events = CURL_WAIT_POLLIN };
	curl_multi_poll(d->multi, extra_fd >= 0 ? &w : NULL, extra_fd >= 0 ? 1 : 0, timeout_ms, NULL);
	if (!d->busy)
		return EW_DELIVER_BUSY;
	int running = 0;
	curl_multi_perform(d->multi, &running);
	int left;
	CURLMsg *m;
	while ((m = curl_multi_info_read(d->multi, &left))) {
		if (m->msg != CURLMSG_DONE)
			continue;
		CURLcode cc = m->data.result;
		curl_multi_remove_handle(d->multi, d->easy);
		d->busy = false;
		return classify(d, d->easy, cc);
	}
	return EW_DELIVER_BUSY;
}
