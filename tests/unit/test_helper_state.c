/* SPDX-License-Identifier: ISC */
/* test_helper_state.c - a helper's end in a report's words: waitpid's
 * status ("exited with status N", "killed by signal N (SIGNAME)"), after
 * what the parser saw when it cut the helper off; the first cause stands. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "helper_state.h"

/* A real child's status: ended by _exit(code), or by sig when sig != 0. */
static int child_status(int code, int sig)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (sig)
			pause();
		_exit(code);
	}
	if (sig)
		kill(pid, sig);
	int st = 0;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return st;
}

static void socket_closed_then_reaped(void **state)
{
	(void)state;
	struct ew_helper_state s = { 0 };
	assert_false(s.stopped);
	ew_helper_state_stop(&s, 100, "ended", false);
	assert_true(s.stopped);
	assert_false(s.reaped);
	assert_string_equal(s.reason, "ended"); /* until waitpid says more */
	ew_helper_state_reaped(&s, 200, child_status(0, SIGKILL));
	assert_string_equal(s.reason, "killed by signal 9 (SIGKILL)");
	assert_int_equal(s.since_usec, 100); /* when the parser noticed */

	struct ew_helper_state e = { 0 };
	ew_helper_state_stop(&e, 1, "ended", false);
	ew_helper_state_reaped(&e, 2, child_status(2, 0));
	assert_string_equal(e.reason, "exited with status 2");

	struct ew_helper_state sys = { 0 };
	ew_helper_state_stop(&sys, 1, "ended", false);
	ew_helper_state_reaped(&sys, 2, W_EXITCODE(0, SIGSYS)); /* a seccomp kill, without a core file here */
	assert_string_equal(sys.reason, "killed by signal 31 (SIGSYS)");
}

static void cut_off_keeps_what_it_sent(void **state)
{
	(void)state;
	struct ew_helper_state s = { 0 };
	ew_helper_state_stop(&s, 5, "sent a stream that is not valid", true);
	ew_helper_state_stop(&s, 6, "ended", false); /* the first cause stands */
	assert_int_equal(s.since_usec, 5);
	ew_helper_state_reaped(&s, 7, W_EXITCODE(0, SIGSYS));
	assert_string_equal(s.reason, "sent a stream that is not valid; killed by signal 31 (SIGSYS)");
	ew_helper_state_reaped(&s, 8, W_EXITCODE(0, 0)); /* reaped once: said once */
	assert_string_equal(s.reason, "sent a stream that is not valid; killed by signal 31 (SIGSYS)");
}

static void reaped_unnoticed_and_not_ended(void **state)
{
	(void)state;
	struct ew_helper_state s = { 0 };
	ew_helper_state_reaped(&s, 9, W_STOPCODE(SIGSTOP)); /* stopped is no end */
	assert_false(s.stopped);
	ew_helper_state_reaped(&s, 9, W_EXITCODE(0, 64)); /* a number with no name */
	assert_true(s.stopped);
	assert_int_equal(s.since_usec, 9);
	assert_string_equal(s.reason, "killed by signal 64");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(socket_closed_then_reaped),
		cmocka_unit_test(cut_off_keeps_what_it_sent),
		cmocka_unit_test(reaped_unnoticed_and_not_ended),
	};
	return cmocka_run_group_tests_name("helper_state", tests, NULL, NULL);
}
