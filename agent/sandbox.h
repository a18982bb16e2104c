/* SPDX-License-Identifier: ISC */
/* sandbox.h - what the packet parser may still ask of the kernel.
 *
 * After the capture, the output and the pipe to the sender are open, the
 * parser sets no_new_privs and loads a seccomp filter (libseccomp) that
 * allows reading the capture, time, memory, signals, writing its files and
 * its pipe, opening files (evidence pcaps, fingerprints on SIGHUP), sending
 * on the syslog socket log.c opened before (--log syslog) and exit; anything
 * else (socket, connect, execve, ptrace, ...) kills the process. */
#ifndef EGRESSWATCH_SANDBOX_H
#define EGRESSWATCH_SANDBOX_H

#include <stdbool.h>

/* Returns 0, or -1 after logging. In a sanitizer build (make san) the
 * filter is not loaded: ew_sandbox_available() says so. */
int ew_sandbox_enter(void);
bool ew_sandbox_available(void);

#endif
