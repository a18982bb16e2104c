/* SPDX-License-Identifier: ISC */
/* helper_proc.c - forking, confining and reaping a helper (helper_proc.h). */
#include "helper_proc.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "egresswatch/log.h"
#include "helper_exec.h"

static void ignore_signals(void)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGPIPE };
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		signal(sigs[i], SIG_IGN);
		sigaddset(&set, sigs[i]);
	}
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

pid_t ew_helper_spawn(const char *name, int argc, char **argv, int *fd)
{
	char path[PATH_MAX];
	int sv[2];
	if (!ew_helper_path(name, path, sizeof path))
		return -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		ew_log_err("socketpair: %s", strerror(errno));
		return -1;
	}
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		ew_log_err("fork: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		close(sv[0]);
		ignore_signals(); /* ignored dispositions survive the exec */
		ew_helper_exec(path, name, sv[1], parent, argc, argv);
	}
	close(sv[1]);
	*fd = sv[0];
	return pid;
}

/* Landlock's rules for a helper: its own files, then the local time zone
 * (glibc's syslog(3) and the prober's packet log give local times). */
#define HELPER_FILES_MAX 8

static int helper_landlock(enum ew_helper_kind kind, const struct ew_landlock_rule *files, size_t nfiles)
{
	struct ew_landlock_rule rules[HELPER_FILES_MAX];
	size_t n = 0;
	for (size_t i = 0; i < nfiles && n < HELPER_FILES_MAX - 1; i++)
		rules[n++] = files[i];
	rules[n++] = (struct ew_landlock_rule){ "/etc/localtime", EW_LANDLOCK_READ };
	return ew_landlock_enter(kind == EW_HELPER_PROBER ? "prober" : "locator", rules, n);
}

void ew_helper_confine(enum ew_helper_kind kind, pid_t parent, const struct ew_user *u, bool privileged,
		       const struct ew_landlock_rule *files, size_t nfiles)
{
	if (privileged && ew_privsep_drop(u) != 0)
		_exit(2);
	/* single-threaded still: Landlock binds the calling thread and what it starts after */
	if (helper_landlock(kind, files, nfiles) != 0 && privileged)
		_exit(2);
	if (ew_helper_sandbox_enter(kind) != 0)
		_exit(2);
	prctl(PR_SET_PDEATHSIG, SIGKILL); /* after the uid change, which clears it */
	if (getppid() != parent)
		_exit(0);
}

bool ew_helper_reap(pid_t pid, bool *reaped, bool wait, int *wstatus)
{
	for (int waited = 0; !*reaped && pid > 0; waited += 50) {
		int st;
		pid_t r = waitpid(pid, &st, WNOHANG);
		if (r == pid) {
			*reaped = true;
			*wstatus = st;
			return true;
		}
		if (r < 0 && errno != EINTR) {
			*reaped = true;
			break;
		}
		if (!wait || waited >= EW_HELPER_REAP_WAIT_MS)
			break;
		struct timespec ts = { 0, 50 * 1000000L };
		nanosleep(&ts, NULL);
	}
	return false;
}

static int64_t now_usec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

const struct ew_helper_state *ew_helper_state_now(pid_t pid, bool *reaped, struct ew_helper_state *s)
{
	int st;
	if (s->stopped && !*reaped && ew_helper_reap(pid, reaped, false, &st))
		ew_helper_state_reaped(s, now_usec(), st);
	return s;
}

void ew_helper_stopped(pid_t pid, bool *reaped, struct ew_helper_state *s, const char *why, bool cut_off)
{
	ew_helper_state_stop(s, now_usec(), why, cut_off);
	(void)ew_helper_state_now(pid, reaped, s);
}
