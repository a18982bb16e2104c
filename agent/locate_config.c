/* SPDX-License-Identifier: ISC */
/* locate_config.c - `switch` settings (locate_config.h has the grammar). */
#include "locate_config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TOKENS_MAX 12
#define TOKEN_LEN 256
#define SECRET_FILE_MAX 1024 /* bytes read from a community or secret file */

static int fail(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, n, fmt, ap);
	va_end(ap);
	return -1;
}

static int split(const char *text, char tok[TOKENS_MAX][TOKEN_LEN])
{
	int n = 0;
	const char *p = text;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return n;
		if (n == TOKENS_MAX)
			return -1;
		size_t l = 0;
		while (p[l] && p[l] != ' ' && p[l] != '\t')
			l++;
		if (l >= TOKEN_LEN)
			return -1;
		memcpy(tok[n], p, l);
		tok[n][l] = '\0';
		n++;
		p += l;
	}
}

static int set_secret(char dst[EW_LOCATE_SECRET_MAX], const char *v)
{
	size_t l = strlen(v);
	if (l == 0 || l >= EW_LOCATE_SECRET_MAX)
		return -1;
	memcpy(dst, v, l + 1);
	return 0;
}

/* Reads a file holding secrets into buf: must be a regular file others cannot read. */
static int read_secret_file(const char *path, char *buf, size_t size, char *err, size_t errsize, const char *sw)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return fail(err, errsize, "switch %s: %s: %s", sw, path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return fail(err, errsize, "switch %s: %s: not a regular file", sw, path);
	}
	if (st.st_mode & (S_IRWXO)) {
		close(fd);
		return fail(err, errsize, "switch %s: %s: other users may read it (chmod 600 or 640)", sw, path);
	}
	ssize_t got = read(fd, buf, size - 1);
	close(fd);
	if (got < 0)
		return fail(err, errsize, "switch %s: %s: %s", sw, path, strerror(errno));
	buf[got] = '\0';
	return 0;
}

static int parse_address(struct ew_locate_switch *s, const char *a)
{
	char host[TOKEN_LEN];
	const char *port = NULL;
	if (a[0] == '[') {
		const char *e = strchr(a, ']');
		if (!e || (size_t)(e - a - 1) >= sizeof host)
			return -1;
		memcpy(host, a + 1, (size_t)(e - a - 1));
		host[e - a - 1] = '\0';
		if (e[1] == ':')
			port = e + 2;
		else if (e[1])
			return -1;
	} else {
		snprintf(host, sizeof host, "%s", a);
		char *c = strchr(host, ':');
		if (c && !strchr(c + 1, ':')) { /* one colon: IPv4:port */
			*c = '\0';
			port = c + 1;
		}
	}
	if (!ew_ip_parse(host, &s->ip))
		return -1;
	s->port = 161;
	if (port) {
		char *end;
		long p = strtol(port, &end, 10);
		if (end == port || *end || p < 1 || p > 65535)
			return -1;
		s->port = (uint16_t)p;
	}
	return 0;
}

/* "sha:PASS" / "sha256:PASS" / "aes:PASS" */
static int parse_auth(struct ew_locate_switch *s, const char *v)
{
	const char *pw;
	if (!strncmp(v, "sha:", 4)) {
		s->auth = EW_LOCATE_AUTH_SHA;
		pw = v + 4;
	} else if (!strncmp(v, "sha256:", 7)) {
		s->auth = EW_LOCATE_AUTH_SHA256;
		pw = v + 7;
	} else
		return -1;
	return set_secret(s->auth_pass, pw);
}

static int parse_priv(struct ew_locate_switch *s, const char *v)
{
	if (strncmp(v, "aes:", 4) != 0)
		return -1;
	s->priv = EW_LOCATE_PRIV_AES;
	return set_secret(s->priv_pass, v + 4);
}

/* "timeout 2s" / "timeout 500ms" (100 ms to 60 s), "retries N" (0 to 10); 1 if the word is neither */
static int parse_tuning(struct ew_locate_switch *s, const char *word, const char *val, char *err, size_t es)
{
	char *end;
	long v;
	if (!strcmp(word, "timeout")) {
		v = strtol(val, &end, 10);
		long ms = end == val ? -1 : !strcmp(end, "s") ? v * 1000 : !strcmp(end, "ms") ? v : -1;
		if (ms < 100 || ms > 60000 || *val == '+' || *val == '-')
			return fail(err, es, "switch %s: timeout %s: expected 100ms to 60s, such as 2s or 500ms", s->name, val);
		s->timeout_ms = (int)ms;
		return 0;
	}
	if (!strcmp(word, "retries")) {
		v = strtol(val, &end, 10);
		if (end == val || *end || v < 0 || v > 10 || *val == '+')
			return fail(err, es, "switch %s: retries %s: expected a number from 0 to 10", s->name, val);
		s->retries = (int)v;
		return 0;
	}
	return 1;
}

/* timeout/retries pairs from tok[from..n) */
static int parse_tuning_words(struct ew_locate_switch *s, char tok[][TOKEN_LEN], int from, int n, char *err, size_t es)
{
	for (int i = from; i < n; i += 2) {
		if (i + 1 >= n)
			return fail(err, es, "switch %s: \"%s\" needs a value", s->name, tok[i]);
		int rc = parse_tuning(s, tok[i], tok[i + 1], err, es);
		if (rc < 0)
			return -1;
		if (rc > 0)
			return fail(err, es, "switch %s: unknown word \"%s\"", s->name, tok[i]);
	}
	return 0;
}

/* auth/priv pairs from tokens (the line's, or a secret file's); timeout/retries too unless secrets_only */
static int parse_v3_words(struct ew_locate_switch *s, char tok[][TOKEN_LEN], int from, int n, char *err, size_t es,
			  bool secrets_only)
{
	for (int i = from; i < n; i += 2) {
		if (i + 1 >= n)
			return fail(err, es, "switch %s: \"%s\" needs a value", s->name, tok[i]);
		int t = secrets_only ? 1 : parse_tuning(s, tok[i], tok[i + 1], err, es);
		if (t < 0)
			return -1;
		if (t == 0)
			continue;
		if (!strcmp(tok[i], "auth")) {
			if (parse_auth(s, tok[i + 1]))
				return fail(err, es, "switch %s: auth expects sha:PASSWORD or sha256:PASSWORD", s->name);
		} else if (!strcmp(tok[i], "priv")) {
			if (parse_priv(s, tok[i + 1]))
				return fail(err, es, "switch %s: priv expects aes:PASSWORD", s->name);
		} else {
			return fail(err, es, "switch %s: unknown word \"%s\"", s->name, tok[i]);
		}
	}
	return 0;
}

/* Off in the parser once its locator holds the secrets: a SIGHUP's re-read
 * then checks the switch lines without opening the secret files (which
 * may be root's) and keeps no secret in the parser's memory. */
static bool secrets_wanted = true;

void ew_locate_config_want_secrets(bool want)
{
	secrets_wanted = want;
}

int ew_locate_config_add_switch(struct ew_locate_config *c, const char *text, char *err, size_t es)
{
	char tok[TOKENS_MAX][TOKEN_LEN];
	int n = split(text, tok);
	struct ew_locate_switch s;
	memset(&s, 0, sizeof s);
	s.retries = -1;
	int rc = -1;
	if (n < 0) {
		fail(err, es, "switch: too many words or a word too long");
		goto out;
	}
	if (n < 4) {
		fail(err, es, "switch: expected NAME ADDRESS community WORD, or NAME ADDRESS v3 user USER auth sha:PASS priv aes:PASS");
		goto out;
	}
	if (strlen(tok[0]) >= sizeof s.name) {
		fail(err, es, "switch %.20s…: name longer than %zu bytes", tok[0], sizeof s.name - 1);
		goto out;
	}
	memcpy(s.name, tok[0], strlen(tok[0]) + 1);
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->sw[i].name, s.name)) {
			fail(err, es, "switch %s: named twice", s.name);
			goto out;
		}
	if (parse_address(&s, tok[1])) {
		fail(err, es, "switch %s: \"%s\" is not an IP address (ADDRESS[:PORT], [IPv6]:PORT)", s.name, tok[1]);
		goto out;
	}
	if (!strcmp(tok[2], "community") || !strcmp(tok[2], "community-file")) {
		s.version = 2;
		if (parse_tuning_words(&s, tok, 4, n, err, es))
			goto out;
		if (!strcmp(tok[2], "community")) {
			if (set_secret(s.community, tok[3])) {
				fail(err, es, "switch %s: community too long", s.name);
				goto out;
			}
		} else if (secrets_wanted) {
			char buf[SECRET_FILE_MAX];
			if (read_secret_file(tok[3], buf, sizeof buf, err, es, s.name))
				goto out;
			buf[strcspn(buf, "\r\n")] = '\0';
			int ok = set_secret(s.community, buf);
			explicit_bzero(buf, sizeof buf);
			if (ok) {
				fail(err, es, "switch %s: %s: no community on its first line (or too long)", s.name, tok[3]);
				goto out;
			}
		}
	} else if (!strcmp(tok[2], "v3")) {
		s.version = 3;
		if (n < 5 || strcmp(tok[3], "user") || strlen(tok[4]) >= sizeof s.user) {
			fail(err, es, "switch %s: v3 expects user USER", s.name);
			goto out;
		}
		memcpy(s.user, tok[4], strlen(tok[4]) + 1);
		bool from_file = n >= 7 && !strcmp(tok[5], "secret-file");
		if (from_file && !secrets_wanted) {
			if (parse_tuning_words(&s, tok, 7, n, err, es))
				goto out;
		} else if (from_file) {
			if (parse_tuning_words(&s, tok, 7, n, err, es))
				goto out;
			char buf[SECRET_FILE_MAX];
			if (read_secret_file(tok[6], buf, sizeof buf, err, es, s.name))
				goto out;
			for (char *p = buf; *p; p++)
				if (*p == '\n' || *p == '\r')
					*p = ' ';
			char ftok[TOKENS_MAX][TOKEN_LEN];
			int fn = split(buf, ftok);
			explicit_bzero(buf, sizeof buf);
			int bad = fn < 0 ? fail(err, es, "switch %s: %s: not auth/priv words", s.name, tok[6])
					 : parse_v3_words(&s, ftok, 0, fn, err, es, true);
			explicit_bzero(ftok, sizeof ftok);
			if (bad)
				goto out;
		} else if (parse_v3_words(&s, tok, 5, n, err, es, false)) {
			goto out;
		}
		if (from_file && !secrets_wanted) {
			/* the locator read and checked the file */
		} else if (!s.auth_pass[0] || !s.priv_pass[0]) {
			fail(err, es, "switch %s: v3 needs both auth and priv (authPriv only)", s.name);
			goto out;
		} else if (strlen(s.auth_pass) < EW_LOCATE_V3_PASS_MIN || strlen(s.priv_pass) < EW_LOCATE_V3_PASS_MIN) {
			fail(err, es, "switch %s: v3 passwords must be at least %d characters", s.name, EW_LOCATE_V3_PASS_MIN);
			goto out;
		}
	} else {
		fail(err, es, "switch %s: expected community, community-file or v3 after the address", s.name);
		goto out;
	}
	if (c->n == EW_LOCATE_SWITCHES_MAX) {
		fail(err, es, "switch %s: more than %d switches", s.name, EW_LOCATE_SWITCHES_MAX);
		goto out;
	}
	if (!secrets_wanted) {
		explicit_bzero(s.community, sizeof s.community);
		explicit_bzero(s.auth_pass, sizeof s.auth_pass);
		explicit_bzero(s.priv_pass, sizeof s.priv_pass);
	}
	c->sw[c->n++] = s;
	rc = 0;
out:
	explicit_bzero(&s, sizeof s);
	explicit_bzero(tok, sizeof tok);
	return rc;
}

void ew_locate_config_clear(struct ew_locate_config *c)
{
	explicit_bzero(c->sw, sizeof c->sw);
	c->n = 0;
}
