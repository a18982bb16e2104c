/* SPDX-License-Identifier: ISC */
/* ipc_io.h - ipc.c's records over a socket: whole writes, reads into a reader. */
#ifndef EGRESSWATCH_AGENT_IPC_IO_H
#define EGRESSWATCH_AGENT_IPC_IO_H

#include <sys/types.h>

#include "ipc.h"

/* Writes the whole record (waiting on a non-blocking socket while it is
 * full). 0, or -1 with errno (EPIPE: the peer is gone). */
int ew_ipc_io_write(int fd, const struct ew_ipc_buf *w);
/* One read() into r: bytes read, 0 at the end of the stream, -1 with errno
 * (EAGAIN: nothing there now). */
ssize_t ew_ipc_io_fill(int fd, struct ew_ipc_reader *r);

#endif
