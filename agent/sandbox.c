/* SPDX-License-Identifier: ISC */
/* sandbox.c - the parser's and the sender's seccomp filters (see sandbox.h). */
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <seccomp.h>
#include <stdbool.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>

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

/* no_new_privs, which a filter loaded without CAP_SYS_ADMIN requires (and
 * execve of a setuid file can no longer undo the dropped user). */
/* Under the units every process runs as egresswatch, and a uid change is
 * what normally clears "dumpable": without this, any process of that user
 * (a compromised parser or prober) could read another's memory through
 * /proc/PID/mem or ptrace, the sender's token included. Not under the
 * sanitizers: LeakSanitizer attaches to its own process with ptrace. */
static void not_dumpable(void)
{
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		ew_log_warn("PR_SET_DUMPABLE: %s", strerror(errno));
}

static int no_new_privs(void)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		ew_log_err("no_new_privs: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* In a sanitizer build: says so once, loads nothing. */
static bool sanitizer_build(void)
{
#ifdef EW_SANDBOX_OFF
	static bool said;
	if (!said)
		ew_log_warn("sanitizer build: the seccomp filter is not loaded");
	said = true;
	return true;
#else
	return false;
#endif
}

/* A filter that kills the process on any call not allowed below it.
 * libseccomp offers KILL_PROCESS only when seccomp(2) answers its probe; a
 * supervisor's own filter may refuse that call (systemd's @system-service
 * does), and the filter is then loaded through prctl with the fallback. */
uint32_t ew_sandbox_kill_action(uint32_t fallback)
{
	return seccomp_api_get() >= 3 ? SCMP_ACT_KILL_PROCESS : fallback;
}

static scmp_filter_ctx filter_new(const int *allowed_calls, size_t n, uint32_t fallback, int *rc)
{
	scmp_filter_ctx ctx = seccomp_init(ew_sandbox_kill_action(fallback));
	if (!ctx) {
		ew_log_err("seccomp: cannot make a filter");
		return NULL;
	}
	*rc = 0;
	for (size_t i = 0; i < n && *rc == 0; i++) {
		*rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, allowed_calls[i], 0);
		if (*rc == -EFAULT || *rc == -EDOM) /* a call this architecture lacks (poll, time on arm64) */
			*rc = 0;
	}
	return ctx;
}

int ew_sandbox_filter_load(scmp_filter_ctx ctx, int rc)
{
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc != 0) {
		ew_log_err("seccomp: %s", strerror(-rc));
		return -1;
	}
	return 0;
}

int ew_sandbox_enter(void)
{
	if (no_new_privs() != 0)
		return -1;
	if (sanitizer_build())
		return 0;
	not_dumpable();
	int rc;
	/* the fallback, KILL, ends the offending thread: the parser has one */
	scmp_filter_ctx ctx = filter_new(allowed, sizeof allowed / sizeof allowed[0], SCMP_ACT_KILL, &rc);
	if (!ctx)
		return -1;
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
	return ew_sandbox_filter_load(ctx, rc);
}

/* The sender, once its token is in memory and its spool open: what the
 * spool, the pipe, the log and libcurl (TCP, TLS with OpenSSL, the threaded
 * resolver reading /etc/hosts, nsswitch.conf, resolv.conf, gai.conf and
 * asking DNS over UDP) call, as strace -f showed over
 * tests/deliver/run-deliver.sh, host names included. Not seen there but
 * kept: rt_sigreturn (the SIGTERM handler) and restart_syscall (a sleep
 * a signal interrupted), tgkill (abort), the vDSO's
 * clock fallbacks, mremap (glibc's realloc of a block above its mmap
 * threshold: a report over 128 KiB read from the pipe or re-serialised by
 * json-c), and the uid getters with sendmsg/recvmsg that NSS modules
 * speaking D-Bus or varlink (mymachines, resolve) use. Files are
 * opened read-only anywhere (the CA file, /etc/hosts, evidence pcaps, NSS
 * modules); what changes a folder is checked in sender_spool. */
static const int sender_allowed[] = {
	SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(lseek), SCMP_SYS(close), SCMP_SYS(dup), SCMP_SYS(fcntl),
	SCMP_SYS(newfstatat), SCMP_SYS(getdents64), SCMP_SYS(fsync),
	/* PROT_EXEC too: an NSS module named in nsswitch.conf is dlopen'd at the first look-up */
	SCMP_SYS(brk), SCMP_SYS(mmap), SCMP_SYS(munmap), SCMP_SYS(mremap), SCMP_SYS(madvise), SCMP_SYS(mprotect),
	SCMP_SYS(rt_sigreturn), SCMP_SYS(rt_sigaction), SCMP_SYS(rt_sigprocmask), SCMP_SYS(restart_syscall),
	SCMP_SYS(clock_gettime), SCMP_SYS(gettimeofday), SCMP_SYS(poll), SCMP_SYS(ppoll), /* poll() on arm64 */
	/* glibc's qsort of 60 or more spool names (64-byte records) sizes its
	 * merge buffer with sysconf(_SC_PHYS_PAGES) */
	SCMP_SYS(sysinfo),
	/* libcurl's TCP connections; glibc's resolver (UDP, sendmmsg for A and AAAA at once) */
	SCMP_SYS(connect), SCMP_SYS(sendto), SCMP_SYS(recvfrom), SCMP_SYS(sendmmsg), SCMP_SYS(sendmsg),
	SCMP_SYS(recvmsg), SCMP_SYS(getsockopt), SCMP_SYS(setsockopt), SCMP_SYS(getsockname), SCMP_SYS(getpeername),
	/* the resolver's thread (clone: sender_threads) */
	SCMP_SYS(set_robust_list), SCMP_SYS(rseq), SCMP_SYS(futex), SCMP_SYS(exit),
	SCMP_SYS(getrandom), SCMP_SYS(getpid), SCMP_SYS(getuid), SCMP_SYS(geteuid),
	SCMP_SYS(getgid), SCMP_SYS(getegid), SCMP_SYS(uname), SCMP_SYS(tgkill), SCMP_SYS(exit_group),
};

/* Socket families the sender may open: libcurl's TCP over IPv4 and IPv6,
 * and AF_UNIX (syslog's /dev/log, libcurl's socketpair, nscd). Any other
 * family fails with EAFNOSUPPORT rather than killing: glibc's getaddrinfo
 * asks netlink for the local addresses to sort two or more answers (and
 * for AI_ADDRCONFIG) and, refused, goes on without them. */
static int sender_sockets(scmp_filter_ctx ctx)
{
	static const int ok[] = { AF_UNIX, AF_INET, AF_INET6 };
	const uint32_t refuse = SCMP_ACT_ERRNO(EAFNOSUPPORT);
	int rc = 0;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0] && rc == 0; i++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1, SCMP_A0_32(SCMP_CMP_EQ, (uint32_t)ok[i]));
	/* the others, as values: below AF_UNIX, between AF_INET and AF_INET6, above AF_INET6 */
	_Static_assert(AF_UNIX == 1 && AF_INET == 2 && AF_INET6 == 10, "socket family numbers");
	if (rc == 0)
		rc = seccomp_rule_add(ctx, refuse, SCMP_SYS(socket), 1, SCMP_A0_32(SCMP_CMP_EQ, (uint32_t)AF_UNSPEC));
	for (uint32_t f = AF_INET + 1; f < AF_INET6 && rc == 0; f++)
		rc = seccomp_rule_add(ctx, refuse, SCMP_SYS(socket), 1, SCMP_A0_32(SCMP_CMP_EQ, f));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, refuse, SCMP_SYS(socket), 1, SCMP_A0_32(SCMP_CMP_GT, (uint32_t)AF_INET6));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socketpair), 1,
				      SCMP_A0_32(SCMP_CMP_EQ, (uint32_t)AF_UNIX));
	/* glibc's resolver sizes each DNS answer before reading it */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1, SCMP_A1_32(SCMP_CMP_EQ, (uint32_t)FIONREAD));
	return rc;
}

/* Threads, never processes: clone only with CLONE_THREAD. clone3 passes its
 * flags in memory, out of a filter's reach, so it fails with ENOSYS and
 * glibc's pthread_create falls back to clone. */
static int sender_threads(scmp_filter_ctx ctx)
{
	int rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
				  SCMP_A0_64(SCMP_CMP_MASKED_EQ, (uint64_t)CLONE_THREAD, (uint64_t)CLONE_THREAD));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	return rc;
}

/* Writing: a file opened for anything but reading, an unlink or a rename
 * only through the spool's folder fds (openat's dirfd; an absolute path
 * ignores it, and a write open with AT_FDCWD kills). */
static int sender_spool(scmp_filter_ctx ctx, const int *dir_fds, size_t n)
{
	int rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,
				  SCMP_A2_32(SCMP_CMP_MASKED_EQ, (uint32_t)(O_ACCMODE | O_CREAT | O_TRUNC), (uint32_t)O_RDONLY));
	for (size_t i = 0; i < n && rc == 0; i++) {
		const uint32_t fd = (uint32_t)dir_fds[i];
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1, SCMP_A0_32(SCMP_CMP_EQ, fd));
		if (rc == 0)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(unlinkat), 1, SCMP_A0_32(SCMP_CMP_EQ, fd));
		for (size_t j = 0; j < n && rc == 0; j++) {
			const uint32_t to = (uint32_t)dir_fds[j];
			rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(renameat), 2, SCMP_A0_32(SCMP_CMP_EQ, fd),
					      SCMP_A2_32(SCMP_CMP_EQ, to));
			if (rc == 0)
				rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(renameat2), 2,
						      SCMP_A0_32(SCMP_CMP_EQ, fd), SCMP_A2_32(SCMP_CMP_EQ, to));
		}
	}
	return rc;
}

int ew_sandbox_enter_sender(const int *dir_fds, size_t n_dir_fds)
{
	if (no_new_privs() != 0)
		return -1;
	if (sanitizer_build())
		return 0;
	not_dumpable();
	int rc;
	/* the fallback, TRAP: SIGSYS, which the sender does not catch, ends the
	 * whole process, where KILL would end only the offending thread (the
	 * resolver's, say) and leave the sender waiting for it */
	scmp_filter_ctx ctx = filter_new(sender_allowed, sizeof sender_allowed / sizeof sender_allowed[0],
					 SCMP_ACT_TRAP, &rc);
	if (!ctx)
		return -1;
	if (rc == 0)
		rc = sender_sockets(ctx);
	if (rc == 0)
		rc = sender_threads(ctx);
	if (rc == 0)
		rc = sender_spool(ctx, dir_fds, n_dir_fds);
	return ew_sandbox_filter_load(ctx, rc);
}
