/* SPDX-License-Identifier: ISC */
/* ipc_io.c - records over a socket (see ipc_io.h). */
#include "ipc_io.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

int ew_ipc_io_write(int fd, const struct ew_ipc_buf *w)
{
	size_t off = 0;
	while (off < w->n) {
		ssize_t k = write(fd, w->b + off, w->n - off);
		if (k > 0) {
			off += (size_t)k;
		} else if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd pf = { .fd = fd, .events = POLLOUT };
			(void)poll(&pf, 1, 1000);
		} else if (k < 0 && errno != EINTR) {
			return -1;
		}
	}
	return 0;
}

ssize_t ew_ipc_io_fill(int fd, struct ew_ipc_reader *r)
{
	size_t room;
	uint8_t *p = ew_ipc_reader_space(r, &room);
	if (!room) { /* cannot happen: ew_ipc_next makes room */
		errno = ENOBUFS;
		return -1;
	}
	ssize_t k;
	do
		k = read(fd, p, room);
	while (k < 0 && errno == EINTR);
	if (k > 0)
		ew_ipc_reader_got(r, (size_t)k);
	return k;
}
