/* SPDX-License-Identifier: ISC */
/* sandbox.h - what the packet parser and the sender may still ask of the kernel.
 *
 * After the capture, the output and the pipe to the sender are open, the
 * parser sets no_new_privs and loads a seccomp filter (libseccomp) that
 * allows reading the capture, time, memory, signals, writing its files and
 * its pipe, opening files (evidence pcaps, fingerprints on SIGHUP), sending
 * on the syslog socket log.c opened before (--log syslog) and exit; anything
 * else (socket, connect, execve, ptrace, ...) kills the process.
 *
 * The sender, once it holds the token, runs as the user and has its spool
 * open, loads its own: the spool, the pipe, the log, libcurl over HTTP(S)
 * (TCP sockets, TLS, the resolver's thread, files opened read-only). Socket
 * families other than AF_INET, AF_INET6 and AF_UNIX fail (EAFNOSUPPORT);
 * anything else not allowed (execve, fork, ptrace, process_vm_*, mount,
 * bpf, kexec, module loading, a file opened for writing outside the spool)
 * kills it. Nothing is lost when it does: each report was fsync'd in the
 * spool before it was sent, and the next sender sends it. */
#ifndef EGRESSWATCH_SANDBOX_H
#define EGRESSWATCH_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <seccomp.h>

/* Returns 0, or -1 after logging. In a sanitizer build (make san) the
 * filters are not loaded (no_new_privs still is): ew_sandbox_available()
 * says so. */
int ew_sandbox_enter(void);
/* dir_fds: the spool's folder fds, the only place files may be created,
 * written, renamed or unlinked (through openat/unlinkat/renameat on them). */
int ew_sandbox_enter_sender(const int *dir_fds, size_t n_dir_fds);
bool ew_sandbox_available(void);
/* SCMP_ACT_KILL_PROCESS where libseccomp can offer it (API level 3: it
 * reached seccomp(2)); else fallback, for a filter loaded through prctl
 * under a supervisor whose own filter refuses seccomp(2). The helpers'
 * filter (helper_sandbox.c) decides the same way. */
uint32_t ew_sandbox_kill_action(uint32_t fallback);
/* Loads a filter when every rule went in (rc 0, else libseccomp's -errno
 * of the first that did not), releases it either way; -1 after logging. */
int ew_sandbox_filter_load(scmp_filter_ctx ctx, int rc);

#endif
