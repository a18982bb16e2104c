#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# syslog-listen.py SOCKET OUT - a stand-in syslog daemon for tests.
#
# Binds a UNIX datagram socket at SOCKET (the test bind-mounts it as /dev/log
# in a private mount namespace) and appends every message it receives to OUT
# as one line: "SEVERITY FACILITY TAG: MESSAGE", the numbers decoded from
# syslog(3)'s "<PRI>Mmm dd hh:mm:ss TAG[PID]: MESSAGE" (RFC 3164). Bytes that
# are not printable ASCII are written as \xNN so a message is one line.
# Runs until killed.
import re
import socket
import sys

HEAD = re.compile(rb"^<(\d{1,3})>(?:[A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d )?([^\[: ]+)(?:\[\d+\])?: ?")


def printable(b):
    return "".join(chr(c) if 0x20 <= c < 0x7F and c != 0x5C else "\\x%02x" % c for c in b)


def main():
    path, out = sys.argv[1], sys.argv[2]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    with open(out, "a", buffering=1) as f:
        while True:
            d = s.recv(65536)
            m = HEAD.match(d)
            if not m:
                f.write("? ? ?: %s\n" % printable(d))
                continue
            pri = int(m.group(1))
            f.write("%d %d %s: %s\n" % (pri & 7, pri >> 3, printable(m.group(2)), printable(d[m.end():])))


if __name__ == "__main__":
    main()
