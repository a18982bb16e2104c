/* SPDX-License-Identifier: ISC */
/* no-close-range.c - runs a program as a kernel before Linux 5.9 (or a
 * container's seccomp profile that lacks the call) would: close_range(2)
 * fails with ENOSYS.
 *
 *   no-close-range PROGRAM [ARG...]
 *
 * A seccomp filter (inherited across fork and exec, as the agent's helpers
 * are started) answers close_range with ENOSYS and lets every other call
 * through. Exit 2 when the filter cannot be loaded or PROGRAM not run. */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: no-close-range PROGRAM [ARG...]\n");
		return 2;
	}
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_close_range, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA)),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof code / sizeof code[0], .filter = code };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) {
		fprintf(stderr, "no-close-range: seccomp: %s\n", strerror(errno));
		return 2;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "no-close-range: %s: %s\n", argv[1], strerror(errno));
	return 2;
}
