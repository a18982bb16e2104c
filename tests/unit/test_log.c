/* SPDX-License-Identifier: ISC */
/* test_log.c - ew_log on stderr: "prog: message", one line each, controls
 * escaped; ew_log_stream: every line written to the FILE is one message
 * (partial writes joined, long lines cut), and the level filter applies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "egresswatch/log.h"

/* Runs fn with stderr sent to a file, returns what was written (free it). */
static char *capture_stderr(void (*fn)(void))
{
	char path[] = "/tmp/ew-test-log.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	fflush(stderr);
	int saved = dup(2);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fd, 2), 2);
	fn();
	fflush(stderr);
	assert_int_equal(dup2(saved, 2), 2);
	close(saved);
	off_t n = lseek(fd, 0, SEEK_END);
	assert_true(n >= 0);
	char *buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(pread(fd, buf, (size_t)n, 0), n);
	close(fd);
	return buf;
}

static void log_some(void)
{
	ew_log_init("ew-test", false, EW_LOG_INFO);
	ew_log_err("a %s of %d", "line", 2);
	ew_log_warn("two\nlines \x1b[31m");
	ew_log_debug("dropped: above the level");
}

static void test_stderr_format(void **state)
{
	(void)state;
	char *out = capture_stderr(log_some);
	assert_string_equal(out, "ew-test: a line of 2\new-test: two\\x0alines \\x1b[31m\n");
	free(out);
}

static void stream_some(void)
{
	ew_log_init("ew-test", false, EW_LOG_INFO);
	FILE *f = ew_log_stream(EW_LOG_INFO);
	assert_non_null(f);
	assert_ptr_equal(ew_log_stream(EW_LOG_INFO), f); /* one per level */
	fputs("sent ", f);
	fprintf(f, "dhcp %d\n", 1);
	fputs("answer\x07 from x\nsecond\n", f);
	for (unsigned i = 0; i < EW_LOG_LINE_MAX + 100; i++)
		fputc('y', f);
	fputc('\n', f);
	FILE *d = ew_log_stream(EW_LOG_DEBUG);
	assert_non_null(d);
	fputs("not shown\n", d);
	assert_null(ew_log_stream((enum ew_log_level)9));
}

static void test_stream_lines(void **state)
{
	(void)state;
	char *out = capture_stderr(stream_some);
	const char *want = "ew-test: sent dhcp 1\new-test: answer\\x07 from x\new-test: second\n";
	assert_memory_equal(out, want, strlen(want));
	/* the long line: one message, cut to what a message holds */
	const char *last = out + strlen(want);
	assert_memory_equal(last, "ew-test: yyy", 12);
	const char *nl = strchr(last, '\n');
	assert_non_null(nl);
	assert_string_equal(nl, "\n");
	assert_true((size_t)(nl - last) <= strlen("ew-test: ") + EW_LOG_LINE_MAX);
	assert_true((size_t)(nl - last) >= strlen("ew-test: ") + EW_LOG_LINE_MAX - 8);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stderr_format),
		cmocka_unit_test(test_stream_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
