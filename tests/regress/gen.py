#!/usr/bin/env python3
"""gen.py - writes the project's own regression captures in tests/regress/.

Two kinds, both referenced by golden cases in tests/pcap/MANIFEST:
  bad-*    inputs the agent must refuse with one stderr line (empty file,
           not a capture, truncated headers and records);
  crash-*  one-frame captures of inputs that once crashed or tripped a
           sanitizer in a dissector (found by tests/fuzz), kept so the bug
           cannot come back. Each names the dissector and the defect.

The files are committed; this script is how they were made. Run it from
anywhere: `python3 tests/regress/gen.py` rewrites them, `--check` only
verifies that the committed files are what it would write.
Standard library only.
"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

LINKTYPE_ETHERNET = 1

# Fixed timestamp so the golden output never depends on when this ran.
TS = 1700000000


def pcap_header(linktype, snaplen=65535):
    """pcap global header, little-endian, microsecond resolution."""
    return struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, linktype)


def pcap_record(data, ts=TS, usec=0, wirelen=None):
    if wirelen is None:
        wirelen = len(data)
    return struct.pack("<IIII", ts, usec, len(data), wirelen) + data


def pcap(linktype, frames):
    out = pcap_header(linktype)
    for i, f in enumerate(frames):
        out += pcap_record(f, usec=i)
    return out


def pcapng_block(btype, body):
    pad = (-len(body)) % 4
    total = 12 + len(body) + pad
    return struct.pack("<II", btype, total) + body + b"\0" * pad + struct.pack("<I", total)


def pcapng(linktype, frames):
    shb = pcapng_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    idb = pcapng_block(1, struct.pack("<HHI", linktype, 0, 65535))
    out = shb + idb
    for i, f in enumerate(frames):
        t = TS * 1000000 + i
        out += pcapng_block(6, struct.pack("<IIIII", 0, t >> 32, t & 0xFFFFFFFF, len(f), len(f)) + f)
    return out


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def ipv4(s):
    return bytes(int(x) for x in s.split("."))


def eth(dst, src, ethertype, payload):
    return mac(dst) + mac(src) + struct.pack("!H", ethertype) + payload


# An ARP request, 192.168.1.1 asking for 192.168.1.2, padded to 60 bytes.
ARP_FRAME = eth(
    "ff:ff:ff:ff:ff:ff",
    "00:11:22:33:44:55",
    0x0806,
    struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1)  # htype, ptype, hlen, plen, op=request
    + mac("00:11:22:33:44:55") + ipv4("192.168.1.1")  # sender
    + mac("00:00:00:00:00:00") + ipv4("192.168.1.2")  # target
    + b"\0" * 18,  # Ethernet padding
)


def files():
    """name -> bytes. Comments say what each case exercises."""
    out = {}
    # Zero bytes: the agent must say "empty", not crash or print a summary.
    out["bad-empty.pcap"] = b""
    # Text, not a capture: libpcap rejects the magic number.
    out["bad-not-a-capture.pcap"] = b"this is a text file, not a packet capture\n"
    # The 24-byte pcap file header cut after 12 bytes.
    out["bad-truncated-file-header.pcap"] = pcap_header(LINKTYPE_ETHERNET)[:12]
    # One good ARP frame, then a record header promising 60 bytes with 10 present.
    good = pcap(LINKTYPE_ETHERNET, [ARP_FRAME])
    out["bad-truncated-record.pcap"] = good + pcap_record(ARP_FRAME, usec=1)[: 16 + 10]
    # One good ARP frame, then a record header cut after 7 of its 16 bytes.
    out["bad-truncated-record-header.pcap"] = good + pcap_record(ARP_FRAME, usec=1)[:7]
    # pcapng: section and interface blocks, one good packet block, then a cut block.
    ng = pcapng(LINKTYPE_ETHERNET, [ARP_FRAME, ARP_FRAME])
    out["bad-truncated-block.pcapng"] = ng[: len(ng) - 30]
    # A valid pcap whose link type (147, LINKTYPE_USER0) the agent does not read.
    out["bad-linktype-user0.pcap"] = pcap(147, [ARP_FRAME])
    # ---- crash regressions (from tests/fuzz) ------------------------------------
    for name, data in CRASHES.items():
        out[name] = data
    return out


# Filled as fuzzing finds crashes: "crash-<proto>-<what>.pcap": pcap(LINKTYPE, [frame]).
CRASHES = {}


def main():
    check = "--check" in sys.argv[1:]
    bad = 0
    for name, data in sorted(files().items()):
        path = os.path.join(HERE, name)
        if check:
            try:
                with open(path, "rb") as f:
                    same = f.read() == data
            except OSError:
                same = False
            if not same:
                print("differs: " + path)
                bad += 1
            continue
        with open(path, "wb") as f:
            f.write(data)
        print("wrote " + path)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
