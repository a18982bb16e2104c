/* SPDX-License-Identifier: ISC */
/* helper_sandbox.h - what the locator and the prober may no longer do.
 *
 * The helpers talk to the network (SNMP, probes, HTTP fetches through
 * libcurl and net-snmp, whose system calls vary with their versions and
 * options), so their filter is a deny-list rather than the parser's
 * allow-list: no_new_privs, then a seccomp filter (libseccomp) that kills
 * the process on any call that would run a program (execve, execveat),
 * watch or write another process (ptrace, process_vm_*), change identity
 * (set*uid, set*gid, setgroups, capset), enter or make namespaces, mount,
 * load kernel code (modules, kexec, bpf, perf_event_open), reach keyrings,
 * userfaultfd, or make a new process (fork, vfork, clone without
 * CLONE_THREAD; threads stay allowed, clone3 answers ENOSYS); and on
 * socket() of a packet socket (the prober's capture and raw socket are
 * opened before). Netlink stays: the locator asks the kernel its route to
 * each switch, the prober its interface's addresses (getifaddrs) each run. */
#ifndef EGRESSWATCH_HELPER_SANDBOX_H
#define EGRESSWATCH_HELPER_SANDBOX_H

#include <stdbool.h>

enum ew_helper_kind { EW_HELPER_LOCATOR, EW_HELPER_PROBER };

/* Returns 0, or -1 after logging. In a sanitizer build only no_new_privs is set. */
int ew_helper_sandbox_enter(enum ew_helper_kind kind);

#endif
