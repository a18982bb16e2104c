/* SPDX-License-Identifier: ISC */
/* helper_sandbox.c - the locator's and the prober's seccomp filter (see helper_sandbox.h). */
#include "helper_sandbox.h"

#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#include "egresswatch/log.h"
#include "sandbox.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_UNDEFINED__)
#define EW_HELPER_SANDBOX_OFF 1 /* as sandbox.c: LeakSanitizer needs ptrace and clone at exit */
#else
static const int denied[] = {
	SCMP_SYS(execve), SCMP_SYS(execveat), SCMP_SYS(fork), SCMP_SYS(vfork),
	SCMP_SYS(ptrace), SCMP_SYS(process_vm_readv), SCMP_SYS(process_vm_writev), SCMP_SYS(kcmp),
	SCMP_SYS(pidfd_getfd), SCMP_SYS(personality),
	SCMP_SYS(setuid), SCMP_SYS(setgid), SCMP_SYS(setreuid), SCMP_SYS(setregid), SCMP_SYS(setresuid),
	SCMP_SYS(setresgid), SCMP_SYS(setfsuid), SCMP_SYS(setfsgid), SCMP_SYS(setgroups), SCMP_SYS(capset),
	SCMP_SYS(unshare), SCMP_SYS(setns), SCMP_SYS(mount), SCMP_SYS(umount2), SCMP_SYS(pivot_root),
	SCMP_SYS(chroot), SCMP_SYS(open_tree), SCMP_SYS(move_mount), SCMP_SYS(fsopen), SCMP_SYS(fsmount),
	SCMP_SYS(init_module), SCMP_SYS(finit_module), SCMP_SYS(delete_module), SCMP_SYS(kexec_load),
	SCMP_SYS(kexec_file_load), SCMP_SYS(bpf), SCMP_SYS(perf_event_open), SCMP_SYS(keyctl),
	SCMP_SYS(add_key), SCMP_SYS(request_key), SCMP_SYS(userfaultfd), SCMP_SYS(open_by_handle_at),
	SCMP_SYS(name_to_handle_at), SCMP_SYS(reboot), SCMP_SYS(swapon), SCMP_SYS(swapoff), SCMP_SYS(acct),
	SCMP_SYS(iopl), SCMP_SYS(ioperm), SCMP_SYS(mknod), SCMP_SYS(mknodat), SCMP_SYS(quotactl),
	SCMP_SYS(syslog), SCMP_SYS(settimeofday), SCMP_SYS(clock_settime), SCMP_SYS(adjtimex),
	SCMP_SYS(sethostname), SCMP_SYS(setdomainname),
};
#endif

int ew_helper_sandbox_enter(enum ew_helper_kind kind)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		ew_log_err("no_new_privs: %s", strerror(errno));
		return -1;
	}
#ifdef EW_HELPER_SANDBOX_OFF
	(void)kind;
	return 0;
#else
	(void)kind; /* the same list for both today; the kind names who asks */
	/* without KILL_PROCESS (sandbox.h), TRAP: SIGSYS, which the helpers do
	 * not catch, ends the whole process, where KILL would end one thread */
	/* as sandbox.c: not readable through /proc/PID/mem by the same user */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		ew_log_warn("PR_SET_DUMPABLE: %s", strerror(errno));
	const uint32_t deny = ew_sandbox_kill_action(SCMP_ACT_TRAP);
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx) {
		ew_log_err("seccomp: cannot make a filter");
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < sizeof denied / sizeof denied[0] && rc == 0; i++) {
		rc = seccomp_rule_add(ctx, deny, denied[i], 0);
		if (rc == -EFAULT || rc == -EDOM) /* a call this architecture lacks (iopl on arm64) */
			rc = 0;
	}
	/* threads (libcurl's resolver), never a new process: glibc's fork() is
	 * clone without CLONE_THREAD; clone3 hides its flags in memory, so it
	 * answers ENOSYS and glibc falls back to clone */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, deny, SCMP_SYS(clone), 1,
				      SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, deny, SCMP_SYS(socket), 1, SCMP_A0_32(SCMP_CMP_EQ, (uint32_t)AF_PACKET));
	return ew_sandbox_filter_load(ctx, rc);
#endif
}
