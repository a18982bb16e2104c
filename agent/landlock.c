/* SPDX-License-Identifier: ISC */
/* landlock.c - restricting a process's file access with Landlock (see landlock.h). */
#include "landlock.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "egresswatch/log.h"

/* Rights newer than the headers a build may have (the kernel's values). */
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13) /* ABI 2 */
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14) /* ABI 3 */
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15) /* ABI 5 */
#endif

/* ABI 1's rights: every file operation Landlock first knew */
#define FS_ABI1                                                                                          \
	(LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE |       \
	 LANDLOCK_ACCESS_FS_READ_DIR | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |   \
	 LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |       \
	 LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |    \
	 LANDLOCK_ACCESS_FS_MAKE_SYM)

/* What the rules grant; a file (not a folder) takes the file rights only. */
#define FS_READ (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
#define FS_WRITE_BENEATH (LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_TRUNCATE)
#define FS_FILE_RIGHTS                                                                                   \
	(LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE |       \
	 LANDLOCK_ACCESS_FS_TRUNCATE | LANDLOCK_ACCESS_FS_IOCTL_DEV)

/* Every file right the kernel's ABI knows: all are handled (denied unless
 * a rule grants them). Network rights and scopes (ABI 4, 6) are not. */
static uint64_t fs_rights(int abi)
{
	uint64_t r = FS_ABI1;
	if (abi >= 2)
		r |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		r |= LANDLOCK_ACCESS_FS_TRUNCATE;
	if (abi >= 5)
		r |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
	return r;
}

/* -errno when the kernel refuses, as glibc has no wrappers */
static int create_ruleset(const struct landlock_ruleset_attr *attr, size_t size, uint32_t flags)
{
	long rc = syscall(SYS_landlock_create_ruleset, attr, size, flags);
	return rc < 0 ? -errno : (int)rc;
}

int ew_landlock_abi(void)
{
	int abi = create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	return abi < 0 ? 0 : abi;
}

/* Landlock cannot be had, said once per process; then permissions and
 * seccomp are all there is. The kernel has none (ENOSYS: not built in;
 * EOPNOTSUPP: not enabled at boot), or a seccomp filter around this process
 * refuses the call (EPERM: the version query itself needs no permission),
 * as systemd-nspawn's and older container profiles do: the agent ran there
 * before, so it still does, with a warning. */
static bool unavailable(int err)
{
	static bool said;
	if (err != -ENOSYS && err != -EOPNOTSUPP && err != -EPERM)
		return false;
	if (!said && err == -EPERM)
		ew_log_warn("Landlock is refused by a seccomp filter around this process (%s): files are kept "
			    "from it by their permissions only",
			    strerror(-err));
	else if (!said)
		ew_log_info("this kernel has no Landlock (%s): files are kept from this process by their permissions only",
			    strerror(-err));
	said = true;
	return true;
}

/* One rule; a path that is not there (or this user cannot reach) is left
 * out: nothing is granted beneath it. Returns 0, or -1 after logging. */
static int add_rule(int ruleset, const char *who, const struct ew_landlock_rule *rule, uint64_t handled)
{
	int fd = open(rule->path, O_PATH | O_CLOEXEC);
	if (fd < 0) {
		ew_log_debug("%s: Landlock: %s left out: %s", who, rule->path, strerror(errno));
		return 0;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		ew_log_err("%s: Landlock: %s: %s", who, rule->path, strerror(errno));
		close(fd);
		return -1;
	}
	uint64_t allowed = rule->access == EW_LANDLOCK_WRITE_BENEATH ? FS_WRITE_BENEATH : FS_READ;
	if (!S_ISDIR(st.st_mode))
		allowed &= FS_FILE_RIGHTS; /* the kernel refuses folder rights on a file */
	struct landlock_path_beneath_attr pb = { .allowed_access = allowed & handled, .parent_fd = fd };
	long rc = syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &pb, 0);
	int err = errno;
	close(fd);
	if (rc != 0) {
		ew_log_err("%s: Landlock: %s: %s", who, rule->path, strerror(err));
		return -1;
	}
	return 0;
}

/* LeakSanitizer lists the process's threads and maps in /proc at exit */
static const struct ew_landlock_rule sanitizer_rule = {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_UNDEFINED__)
	"/proc",
#else
	NULL,
#endif
	EW_LANDLOCK_READ
};

int ew_landlock_enter(const char *who, const struct ew_landlock_rule *rules, size_t n)
{
	/* landlock_restrict_self asks for it (or CAP_SYS_ADMIN, never kept) */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		ew_log_err("%s: no_new_privs: %s", who, strerror(errno));
		return -1;
	}
	int abi = create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 0) {
		if (unavailable(abi))
			return 0;
		ew_log_err("%s: Landlock: %s", who, strerror(-abi));
		return -1;
	}
	struct landlock_ruleset_attr attr = { .handled_access_fs = fs_rights(abi) };
	int ruleset = create_ruleset(&attr, sizeof attr, 0);
	if (ruleset < 0) {
		ew_log_err("%s: Landlock: cannot make a ruleset: %s", who, strerror(-ruleset));
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		if (rules[i].path)
			rc = add_rule(ruleset, who, &rules[i], attr.handled_access_fs);
	if (rc == 0 && sanitizer_rule.path)
		rc = add_rule(ruleset, who, &sanitizer_rule, attr.handled_access_fs);
	if (rc == 0 && syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) {
		ew_log_err("%s: Landlock: %s", who, strerror(errno));
		rc = -1;
	}
	close(ruleset);
	return rc;
}
