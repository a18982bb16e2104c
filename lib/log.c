/* SPDX-License-Identifier: ISC */
/* log.c - one line per message, stderr or syslog. */
#include "egresswatch/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

static const char *log_prog = "egresswatch";
static bool log_syslog;
static enum ew_log_level log_max = EW_LOG_INFO;

void ew_log_init(const char *progname, bool use_syslog, enum ew_log_level max_level)
{
	if (progname)
		log_prog = progname;
	log_syslog = use_syslog;
	log_max = max_level;
	if (use_syslog)
		openlog(log_prog, LOG_PID, LOG_DAEMON);
}

/* Copies src to dst, control bytes (and DEL) as \xNN; always NUL-terminates. */
static void log_escape(char *dst, size_t cap, const char *src)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)src; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			if (o + 4 >= cap)
				break;
			dst[o++] = '\\';
			dst[o++] = 'x';
			dst[o++] = hex[*p >> 4];
			dst[o++] = hex[*p & 15];
		} else {
			if (o + 1 >= cap)
				break;
			dst[o++] = (char)*p;
		}
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
