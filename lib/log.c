/* SPDX-License-Identifier: ISC */
/* log.c - one line per message, stderr or syslog. */
#include "egresswatch/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <sys/types.h>

#include "egresswatch/utf8.h"

static const char *log_prog = "egresswatch";
static bool log_syslog;
static enum ew_log_level log_max = EW_LOG_INFO;

void ew_log_init(const char *progname, bool use_syslog, enum ew_log_level max_level)
{
	if (progname)
		log_prog = progname;
	log_syslog = use_syslog;
	log_max = max_level;
	/* LOG_NDELAY: connected now, while socket() is allowed; the agent's
	 * parser later writes to it from inside its seccomp filter (sandbox.c) */
	if (use_syslog)
		openlog(log_prog, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

/* Copies src to dst, NUL-terminated: what a terminal could act on (C0 and
 * C1 controls, DEL, bidirectional overrides: ew_utf8_is_plain) and bytes
 * that are not UTF-8 (a lone 0x9b is CSI to an 8-bit terminal) as \xNN or
 * \u{NNNN}. Messages quote input: file cells, report fields, site names. */
static void log_escape(char *dst, size_t cap, const char *src)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, n = strlen(src);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = ew_utf8_next(src + i, n - i, &cp);
		bool invalid = cp == 0xfffd && k == 1; /* ew_utf8_next: one byte that is not UTF-8 */
		if (invalid || (cp < 0x100 && !ew_utf8_is_plain(cp))) {
			unsigned char b = invalid ? (unsigned char)src[i] : (unsigned char)cp;
			if (o + 4 >= cap)
				break;
			dst[o++] = '\\';
			dst[o++] = 'x';
			dst[o++] = hex[b >> 4];
			dst[o++] = hex[b & 15];
		} else if (!ew_utf8_is_plain(cp)) {
			int w = o + 8 < cap ? snprintf(dst + o, cap - o, "\\u{%04x}", (unsigned)cp) : -1;
			if (w < 0 || (size_t)w >= cap - o)
				break;
			o += (size_t)w;
		} else {
			if (o + k >= cap)
				break;
			memcpy(dst + o, src + i, k);
			o += k;
		}
		i += k;
	}
	dst[o] = '\0';
}

void ew_log(enum ew_log_level level, const char *fmt, ...)
{
	if (level > log_max)
		return;
	char raw[EW_LOG_LINE_MAX], line[EW_LOG_LINE_MAX];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof raw) /* cut: say so */
		memcpy(raw + sizeof raw - 4, "\xe2\x80\xa6", 4);
	log_escape(line, sizeof line, raw);
	if (log_syslog) {
		static const int prio[] = {LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG};
		syslog(prio[level], "%s", line);
	} else {
		fprintf(stderr, "%s: %s\n", log_prog, line);
	}
}

/* ---- a FILE for code that writes its log to one (ew_log_stream) ---- */

struct log_stream {
	enum ew_log_level level;
	size_t len;
	char line[EW_LOG_LINE_MAX];
};

static ssize_t stream_write(void *cookie, const char *buf, size_t n)
{
	struct log_stream *s = cookie;
	for (size_t i = 0; i < n; i++) {
		if (buf[i] == '\n') {
			s->line[s->len] = '\0';
			ew_log(s->level, "%s", s->line);
			s->len = 0;
		} else if (s->len < sizeof s->line - 1) { /* longer: cut, as ew_log cuts */
			s->line[s->len++] = buf[i];
		}
	}
	return (ssize_t)n;
}

FILE *ew_log_stream(enum ew_log_level level)
{
	/* one each, for the process's life; static, so nothing is allocated
	 * but glibc's FILE */
	static struct log_stream states[EW_LOG_DEBUG + 1];
	static FILE *streams[EW_LOG_DEBUG + 1];
	if ((unsigned)level > EW_LOG_DEBUG)
		return NULL;
	if (streams[level])
		return streams[level];
	struct log_stream *s = &states[level];
	s->level = level;
	s->len = 0;
	FILE *f = fopencookie(s, "w", (cookie_io_functions_t){ .write = stream_write });
	if (!f)
		return NULL;
	setvbuf(f, NULL, _IOLBF, 0);
	return streams[level] = f;
}
