#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Sends unsolicited mDNS announcements (RFC 6762 §8.3) like a network printer:
a PTR for _ipp._tcp.local, an SRV and an A record. Lab use only: the socket
is bound inside the test's own namespace."""
import socket
import struct
import sys
import time


def name(n):
    return b"".join(bytes([len(p)]) + p.encode() for p in n.split(".")) + b"\0"


def rr(n, rtype, ttl, data, flush=False):
    cls = 1 | (0x8000 if flush else 0)
    return name(n) + struct.pack("!HHIH", rtype, cls, ttl, len(data)) + data


def main():
    ip, host = sys.argv[1], sys.argv[2]
    inst = host + "._ipp._tcp.local"
    answers = [
        rr("_ipp._tcp.local", 12, 4500, name(inst)),
        rr(inst, 33, 120, struct.pack("!HHH", 0, 0, 631) + name(host + ".local"), True),
        rr(host + ".local", 1, 120, socket.inet_aton(ip), True),
    ]
    msg = struct.pack("!HHHHHH", 0, 0x8400, 0, len(answers), 0, 0) + b"".join(answers)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(ip))
    for _ in range(30):
        s.sendto(msg, ("224.0.0.251", 5353))
        time.sleep(1)


if __name__ == "__main__":
    main()
