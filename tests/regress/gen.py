#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""gen.py - writes the project's own regression captures in tests/regress/.

Two kinds, both referenced by golden cases in tests/pcap/MANIFEST:
  bad-*    inputs the agent must refuse with one stderr line (empty file,
           not a capture, truncated headers and records);
  crash-*  one-frame captures of inputs that once crashed or tripped a
           sanitizer in a dissector (found by tests/fuzz), kept so the bug
           cannot come back. Each names the dissector and the defect.

The files are committed; this script is how they were made. Run it from
anywhere: `python3 tests/regress/gen.py` rewrites them, `--check` only
verifies that the committed files are what it would write, and
`--entry fuzz_<proto> ARTIFACT WHAT` prints the CRASHES line for a libFuzzer
reproducer (then add a golden line to tests/pcap/MANIFEST and regen it).
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


# ---- wrapping a fuzzer input into a frame the agent reads ----------------------
# The per-dissector harnesses (tests/fuzz/fuzz_<proto>.c) start at their own
# layer; wrap() puts the layers below around the input, with the same context
# the harness assumes, so the agent reaches the same dissector.

SRC_MAC, DST_MAC = "00:11:22:33:44:55", "01:00:5e:00:00:01"
L2 = {"arp": 0x0806, "ipv4": 0x0800, "ipv6": 0x86DD, "pppoe_disc": 0x8863,
      "pppoe_sess": 0x8864, "lldp": 0x88CC}
IP4 = {"udp": (17, None), "icmp": (1, None), "vrrp": (112, None), "ospf": (89, None),
       "dhcp4": (17, (67, 68)), "ssdp": (17, (1900, 1900)), "mdns": (17, (5353, 5353)),
       "rip": (17, (520, 520)), "hsrp": (17, (1985, 1985))}
IP6 = {"udp6": (17, None), "icmpv6": (58, None), "dhcp6": (17, (547, 546)),
       "ripng": (17, (521, 521))}
FRAME_LINKTYPES = [1, 113, 276, 101]  # fuzz_frame: first byte % 4


def udp(ports, payload):
    return struct.pack("!HHHH", ports[0], ports[1], 8 + len(payload), 0) + payload


def ip4_packet(proto, payload):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0, 0, 255, proto, 0,
                      ipv4("192.0.2.1"), ipv4("224.0.0.1"))
    return hdr + payload


def ip6_packet(nh, payload):
    src = bytes([0xFE, 0x80] + [0] * 13 + [1])
    dst = bytes([0xFF, 0x02] + [0] * 13 + [1])
    return struct.pack("!IHBB", 0x60000000, len(payload), nh, 255) + src + dst + payload


def wrap(harness, data):
    """(linktype, frame) that brings `data` to the harness's dissector."""
    h = harness[5:] if harness.startswith("fuzz_") else harness
    if h == "frame":
        return FRAME_LINKTYPES[data[0] % 4] if data else 1, data[1:]
    if h in L2:
        return LINKTYPE_ETHERNET, eth(DST_MAC, SRC_MAC, L2[h], data)
    if h == "cdp":
        llc = b"\xaa\xaa\x03\x00\x00\x0c\x20\x00" + data
        return LINKTYPE_ETHERNET, mac("01:00:0c:cc:cc:cc") + mac(SRC_MAC) + struct.pack("!H", len(llc)) + llc
    if h in IP4:
        proto, ports = IP4[h]
        return LINKTYPE_ETHERNET, eth(DST_MAC, SRC_MAC, 0x0800, ip4_packet(proto, udp(ports, data) if ports else data))
    if h in IP6:
        nh, ports = IP6[h]
        return LINKTYPE_ETHERNET, eth("33:33:00:00:00:01", SRC_MAC, 0x86DD,
                                      ip6_packet(nh, udp(ports, data) if ports else data))
    raise SystemExit("unknown harness " + harness)


def crash(harness, hexdata):
    linktype, frame = wrap(harness, bytes.fromhex(hexdata))
    return pcap(linktype, [frame])


# Filled as fuzzing finds crashes. Each entry: the dissector's owner was told;
# the name says the dissector and the defect. Make an entry from an artifact with
#   python3 tests/regress/gen.py --entry fuzz_<proto> build/fuzz/artifacts/<file> <what>
CRASHES = {
}


def entry(harness, artifact, what):
    with open(artifact, "rb") as f:
        data = f.read()
    h = harness[5:] if harness.startswith("fuzz_") else harness
    wrap(harness, data)  # validates the harness name
    print('    "crash-%s-%s.pcap": crash("%s", "%s"),' % (h, what, h, data.hex()))


def main():
    if sys.argv[1:2] == ["--entry"] and len(sys.argv) == 5:
        entry(*sys.argv[2:5])
        return 0
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
