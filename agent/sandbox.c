/* SPDX-License-Identifier: ISC */
/* sandbox.c - the packet parser's seccomp filter (see sandbox.h). */
#include "sandbox.h"

#include <errno.h>
#include <seccomp.h>
#include <sys/socket.h>
#include <stdbool.h>
#include <string.h>
#include <sys/prctl.h>

#include "egresswatch/log.h"

/* What parsing, reporting and the capture need, found with strace on live
 * (TPACKET_V3: poll on the ring, getsockopt for statistics) and file
 * captures, json-c (getrandom for its hash seed) and glibc's stdio. */
static const int allowed[] = {
	SCMP_SYS(read), SCMP_SYS(readv), SCMP_SYS(pread64), SCMP_SYS(write), SCMP_SYS(writev),
	SCMP_SYS(pwrite64), SCMP_SYS(lseek), SCMP_SYS(close), SCMP_SYS(fstat), SCMP_SYS(newfstatat),
	SCMP_SYS(statx), SCMP_SYS(openat), SCMP_SYS(fcntl), SCMP_SYS(fsync), SCMP_SYS(fdatasync),
	SCMP_SYS(ftruncate), SCMP_SYS(getdents64), SCMP_SYS(access), SCMP_SYS(faccessat),
	SCMP_SYS(brk), SCMP_SYS(mmap), SCMP_SYS(munmap), SCMP_SYS(mremap), SCMP_SYS(madvise), SCMP_SYS(mprotect),
	SCMP_SYS(rt_sigreturn), SCMP_SYS(rt_sigaction), SCMP_SYS(rt_sigprocmask), SCMP_SYS(sigaltstack),
	SCMP_SYS(clock_gettime), SCMP_SYS(gettimeofday), SCMP_SYS(time), SCMP_SYS(nanosleep),
	SCMP_SYS(clock_nanosleep), SCMP_SYS(poll), SCMP_SYS(ppoll), SCMP_SYS(select), SCMP_SYS(pselect6),
	SCMP_SYS(recvfrom), SCMP_SYS(recvmsg), SCMP_SYS(getsockopt), SCMP_SYS(setsockopt), SCMP_SYS(ioctl),
	SCMP_SYS(getsockname), /* libpcap, when the interface goes away */
	SCMP_SYS(futex), SCMP_SYS(getrandom), SCMP_SYS(getpid), SCMP_SYS(gettid), SCMP_SYS(getuid),
	SCMP_SYS(geteuid), SCMP_SYS(getgid), SCMP_SYS(getegid), SCMP_SYS(tgkill), /* abort() */
	SCMP_SYS(uname), SCMP_SYS(sysinfo), SCMP_SYS(prlimit64), SCMP_SYS(exit), SCMP_SYS(exit_group),
	SCMP_SYS(restart_syscall),
	SCMP_SYS(wait4), SCMP_SYS(waitid), /* the sender, at the end */
};

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_UNDEFINED__)
#define EW_SANDBOX_OFF 1 /* LeakSanitizer stops the world with ptrace and clone at exit */
#endif

bool ew_sandbox_available(void)
{
#ifdef EW_SANDBOX_OFF
	return false;
#else
	return true;
#endif
}

int ew_sandbox_enter(void)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		ew_log_err("no_new_privs: %s", strerror(errno));
		return -1;
	}
#ifdef EW_SANDBOX_OFF
	static bool said;
	if (!said)
		ew_log_warn("sanitizer build: the seccomp filter is not loaded");
	said = true;
	return 0;
#endif
	/* libseccomp offers KILL_PROCESS only when seccomp(2) answers its probe;
	 * a supervisor's own filter may refuse that call (systemd's
	 * @system-service does), and the filter is then loaded through prctl
	 * with KILL, which ends the offending thread: this process has one. */
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (!ctx)
		ctx = seccomp_init(SCMP_ACT_KILL);
	if (!ctx) {
		ew_log_err("seccomp: cannot make a filter");
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < sizeof allowed / sizeof allowed[0] && rc == 0; i++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, allowed[i], 0);
	/* --log syslog: glibc's syslog(3) sends on the socket log.c connected
	 * before the filter, as send(fd, msg, len, MSG_NOSIGNAL), which is
	 * sendto(..., NULL, 0): no more than write() may do. When the log daemon
	 * went away it opens a new socket: refused (the message is lost), not
	 * fatal; every other socket() still kills. */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(sendto), 2, SCMP_A3(SCMP_CMP_EQ, MSG_NOSIGNAL),
				      SCMP_A4(SCMP_CMP_EQ, 0));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(socket), 1, SCMP_A0(SCMP_CMP_EQ, AF_UNIX));
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc != 0) {
		ew_log_err("seccomp: %s", strerror(-rc));
		return -1;
	}
	return 0;
}
