/* SPDX-License-Identifier: ISC */
/* log.h - one line per message, to stderr (default) or syslog.
 *
 * Messages are printf-formatted; control characters in the result are shown
 * as \xNN so a hostile file name or report field never reaches a terminal or
 * the log as a second line. */
#ifndef EGRESSWATCH_LOG_H
#define EGRESSWATCH_LOG_H

#include <stdbool.h>
#include <stdio.h>

enum ew_log_level { EW_LOG_ERR = 0, EW_LOG_WARN, EW_LOG_INFO, EW_LOG_DEBUG };

#define EW_LOG_LINE_MAX 2048u /* bytes of one message; longer ones are cut with "…" */

/* progname prefixes stderr lines ("progname: message"); use_syslog sends
 * them to syslog(3) (LOG_DAEMON) instead. Messages above max_level are dropped. */
void ew_log_init(const char *progname, bool use_syslog, enum ew_log_level max_level);
void ew_log(enum ew_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define ew_log_err(...) ew_log(EW_LOG_ERR, __VA_ARGS__)
#define ew_log_warn(...) ew_log(EW_LOG_WARN, __VA_ARGS__)
#define ew_log_info(...) ew_log(EW_LOG_INFO, __VA_ARGS__)
#define ew_log_debug(...) ew_log(EW_LOG_DEBUG, __VA_ARGS__)

/* A FILE whose every line is one ew_log message at level (glibc's
 * fopencookie), for code that logs to a FILE (the probes' packet log). One
 * per level, kept for the process's life; NULL when out of memory. */
FILE *ew_log_stream(enum ew_log_level level);

#endif
