/* SPDX-License-Identifier: ISC */
/* privsep.c - users, dropping root, the sender process and its pipe (see privsep.h). */
#include "privsep.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "egresswatch/log.h"
#include "helper_exec.h"

static bool caps_get(struct __user_cap_data_struct d[2])
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	memset(d, 0, 2 * sizeof *d);
	return syscall(SYS_capget, &h, d) == 0;
}

int ew_privsep_std_fds(void)
{
	for (;;) {
		int fd = open("/dev/null", O_RDWR);
		if (fd < 0)
			return -1;
		if (fd > 2)
			return close(fd);
	}
}

bool ew_privsep_privileged(void)
{
	struct __user_cap_data_struct d[2];
	if (geteuid() == 0)
		return true;
	return caps_get(d) && (d[0].permitted || d[1].permitted);
}

int ew_privsep_drop_caps(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct d[2];
	memset(d, 0, sizeof d);
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	if (syscall(SYS_capset, &h, d) != 0) {
		ew_log_err("dropping capabilities: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int ew_privsep_user(const char *name, struct ew_user *u)
{
	struct passwd *pw = getpwnam(name ? name : EW_USER_DEFAULT);
	if (!pw && !name)
		pw = getpwnam(EW_USER_FALLBACK);
	if (!pw) {
		ew_log_err("user %s not found; cannot drop privileges",
			   name ? name : EW_USER_DEFAULT " (nor " EW_USER_FALLBACK ")");
		return -1;
	}
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	snprintf(u->name, sizeof u->name, "%s", pw->pw_name);
	return 0;
}

int ew_privsep_drop(const struct ew_user *u)
{
	if (geteuid() != 0)
		return ew_privsep_privileged() ? ew_privsep_drop_caps() : 0;
	if (setgroups(0, NULL) != 0 || setresgid(u->gid, u->gid, u->gid) != 0 ||
	    setresuid(u->uid, u->uid, u->uid) != 0) {
		ew_log_err("dropping privileges to %s: %s", u->name, strerror(errno));
		return -1;
	}
	if (u->uid != 0 && setuid(0) == 0) { /* must not be able to regain root */
		ew_log_err("privileges could be regained; refusing to run");
		return -1;
	}
	return 0;
}

int ew_privsep_own_dir(const char *dir, const struct ew_user *u)
{
	bool made = mkdir(dir, 0750) == 0;
	if (!made && errno != EEXIST) {
		ew_log_err("%s: %s", dir, strerror(errno));
		return -1;
	}
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		ew_log_err("%s: %s", dir, strerror(errno));
		return -1;
	}
	/* only a folder made here, through the fd just opened: never a path
	 * that existed (it may be anyone's), never through a link */
	if (made && geteuid() == 0 && fchown(fd, u->uid, u->gid) != 0) {
		ew_log_err("%s: %s", dir, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

pid_t ew_privsep_start_sender(int argc, char **argv, int *wfd)
{
	char path[PATH_MAX];
	int p[2];
	if (!ew_helper_path("ew-sender", path, sizeof path))
		return -1;
	if (pipe2(p, O_CLOEXEC) != 0) {
		ew_log_err("pipe: %s", strerror(errno));
		return -1;
	}
	fcntl(p[1], F_SETPIPE_SZ, 1024 * 1024); /* a report or two fit without waiting */
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		ew_log_err("fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[1]);
		ew_helper_exec(path, "ew-sender", p[0], parent, argc, argv);
	}
	close(p[0]);
	*wfd = p[1];
	return pid;
}

int ew_sender_send_frame(int fd, const char *report, size_t len)
{
	if (len > EW_SENDER_REPORT_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	uint32_t n = (uint32_t)len;
	const char *parts[2] = { (const char *)&n, report };
	size_t lens[2] = { sizeof n, len };
	for (int i = 0; i < 2; i++) {
		size_t off = 0;
		while (off < lens[i]) {
			ssize_t w = write(fd, parts[i] + off, lens[i] - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				return -1;
			off += (size_t)w;
		}
	}
	return 0;
}

static volatile sig_atomic_t sup_stop, sup_hup;
static volatile pid_t sup_child;

static void sup_forward(int sig)
{
	if (sig == SIGTERM || sig == SIGINT)
		sup_stop = 1;
	else if (sig == SIGHUP)
		sup_hup = 1;
	pid_t c = sup_child;
	if (c > 0)
		kill(c, sig);
}

static const int sup_signals[] = { SIGTERM, SIGINT, SIGUSR1, SIGHUP };

bool ew_privsep_supervise(bool *respawn, int *status, void (*reload)(void *), void *ctx)
{
	struct sigaction sa = { .sa_handler = sup_forward };
	sigemptyset(&sa.sa_mask);
	sigset_t all, old;
	sigemptyset(&all);
	for (size_t i = 0; i < sizeof sup_signals / sizeof sup_signals[0]; i++) {
		sigaction(sup_signals[i], &sa, NULL);
		sigaddset(&all, sup_signals[i]);
	}
	unsigned backoff = 1;
	*respawn = false;
	for (;;) {
		/* blocked across fork: the parser must never run this handler */
		sigprocmask(SIG_BLOCK, &all, &old);
		pid_t pid = fork();
		if (pid < 0) {
			ew_log_err("fork: %s", strerror(errno));
			sigprocmask(SIG_SETMASK, &old, NULL);
			*status = 2;
			return true;
		}
		if (pid == 0) {
			struct sigaction dfl = { .sa_handler = SIG_DFL };
			sigemptyset(&dfl.sa_mask);
			for (size_t i = 0; i < sizeof sup_signals / sizeof sup_signals[0]; i++)
				sigaction(sup_signals[i], &dfl, NULL);
			prctl(PR_SET_NAME, "ew-parser");
			return false; /* signals stay blocked until ew_privsep_parser_ready */
		}
		sup_child = pid;
		sigprocmask(SIG_SETMASK, &old, NULL);
		int st = 0;
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		sup_child = 0;
		int code = WIFEXITED(st) ? WEXITSTATUS(st) : 2;
		if (!WIFEXITED(st))
			ew_log_err("the parser died of signal %d", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
		if (code != EW_EXIT_CAPTURE_LOST || sup_stop) {
			*status = code == EW_EXIT_CAPTURE_LOST ? 2 : code;
			return true;
		}
		ew_log_warn("capture lost; opening it again in %u s", backoff);
		for (unsigned s = 0; s < backoff && !sup_stop; s++)
			sleep(1);
		if (sup_stop) {
			*status = 0;
			return true;
		}
		backoff = backoff * 2 > 60 ? 60 : backoff * 2;
		*respawn = true;
		if (sup_hup && reload) {
			sup_hup = 0;
			reload(ctx);
		}
	}
}

void ew_privsep_parser_ready(void)
{
	sigset_t all;
	sigemptyset(&all);
	for (size_t i = 0; i < sizeof sup_signals / sizeof sup_signals[0]; i++)
		sigaddset(&all, sup_signals[i]);
	sigprocmask(SIG_UNBLOCK, &all, NULL);
}

int ew_privsep_wait_sender(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return 2;
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS)
		ew_log_err("the sender was killed by its seccomp filter (a system call it may not make; the kernel's "
			   "log names it); its reports stay in the spool");
	else if (WIFSIGNALED(st))
		ew_log_err("the sender died of signal %d; its reports stay in the spool", WTERMSIG(st));
	if (!WIFEXITED(st))
		return 2;
	int code = WEXITSTATUS(st);
	/* its own statuses (sender.h); anything else (127: its program could
	 * not be run, it said why) is the agent's 2 */
	return code == 0 || code == EW_EXIT_KEPT || code == EW_EXIT_REJECTED ? code : 2;
}
