#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""make_seeds.py - fuzz seeds from real captures, one file per distinct input.

    make_seeds.py OUTDIR CAPTURE_OR_DIR...

Reads pcap and pcapng files (standard library only; other files are
skipped) and writes, under OUTDIR:
  corpus-frame/    selector byte + whole frame, for fuzz_frame (the selector
                   picks the link type: 0 Ethernet, 1 SLL, 2 SLL2, 3 raw IP);
  corpus-<proto>/  the bytes from that protocol's header on, for the
                   per-dissector harnesses (fuzz_<proto>), found by a small
                   decode of Ethernet/VLAN/LLC/SLL/PPPoE/IP/UDP.
Files are named by content hash, so duplicates collapse. To keep the corpora
small and varied, each one keeps at most PER_KIND inputs per kind of frame
(link type, ethertype, IP protocol, port) and at most CAP inputs overall;
inputs are cut at MAX_LEN bytes (the fuzzers' -max_len).
"""
import hashlib
import os
import struct
import sys

MAX_LEN = 4096
CAP = {"frame": 4000}
CAP_DEFAULT = 1000
PER_KIND = {"frame": 25}
PER_KIND_DEFAULT = 200

LT_NULL, LT_ETH, LT_RAW, LT_SLL, LT_IPV4, LT_IPV6, LT_SLL2 = 0, 1, 101, 113, 228, 229, 276
LT_LOOP = 108  # OpenBSD loopback: like NULL, family in network order
SELECTOR = {LT_ETH: 0, LT_SLL: 1, LT_SLL2: 2, LT_RAW: 3, LT_IPV4: 3, LT_IPV6: 3}
VLAN_TPIDS = (0x8100, 0x88A8, 0x9100)

UDP_PORTS = {
    67: "dhcp4", 68: "dhcp4", 546: "dhcp6", 547: "dhcp6", 1900: "ssdp", 5353: "mdns",
    520: "rip", 521: "ripng", 1985: "hsrp", 2029: "hsrp",
}
IP_PROTOS = {112: "vrrp", 89: "ospf"}


# ---- capture readers --------------------------------------------------------

def read_pcap(data):
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        return
    if len(data) < 24:
        return
    linktype = struct.unpack(e + "I", data[20:24])[0] & 0x0FFFFFFF
    off = 24
    while off + 16 <= len(data):
        caplen = struct.unpack(e + "I", data[off + 8:off + 12])[0]
        off += 16
        if caplen > len(data) - off:
            caplen = len(data) - off
        yield linktype, data[off:off + caplen]
        off += caplen


def read_pcapng(data):
    off = 0
    e = "<"
    ifaces = []
    while off + 12 <= len(data):
        btype = struct.unpack(e + "I", data[off:off + 4])[0]
        if btype == 0x0A0D0D0A:
            bom = data[off + 8:off + 12]
            e = "<" if bom == b"\x4d\x3c\x2b\x1a" else ">"
            ifaces = []
        blen = struct.unpack(e + "I", data[off + 4:off + 8])[0]
        if blen < 12 or off + blen > len(data):
            return
        body = data[off + 8:off + blen - 4]
        if btype == 1 and len(body) >= 2:
            ifaces.append(struct.unpack(e + "H", body[:2])[0])
        elif btype == 6 and len(body) >= 20:
            ifid, _, _, caplen = struct.unpack(e + "IIII", body[:16])
            if ifid < len(ifaces):
                yield ifaces[ifid], body[20:20 + caplen]
        elif btype == 3 and len(body) >= 4 and ifaces:
            yield ifaces[0], body[4:]
        off += blen


def frames(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return
    if data[:4] == b"\x0a\x0d\x0d\x0a":
        yield from read_pcapng(data)
    else:
        yield from read_pcap(data)


# ---- layer finder -------------------------------------------------------------

def u16(b, o):
    return struct.unpack("!H", b[o:o + 2])[0] if len(b) >= o + 2 else None


def layers(linktype, frame, out):
    """Appends (proto, bytes, kind) for every layer we have a harness for."""
    if linktype == LT_ETH:
        t = u16(frame, 12)
        if t is None:
            return
        after_type(t, frame[14:], out)
    elif linktype == LT_SLL:
        t = u16(frame, 14)
        if t is not None:
            after_type(t, frame[16:], out)
    elif linktype == LT_SLL2:
        t = u16(frame, 0)
        if t is not None:
            after_type(t, frame[20:], out)
    elif linktype in (LT_RAW, LT_IPV4, LT_IPV6):
        raw_ip(frame, out)
    elif linktype in (LT_NULL, LT_LOOP):
        raw_ip(frame[4:], out)


def raw_ip(b, out):
    if b and b[0] >> 4 == 4:
        ethertype(0x0800, b, out)
    elif b and b[0] >> 4 == 6:
        ethertype(0x86DD, b, out)


def after_type(t, b, out, depth=0):
    while t in VLAN_TPIDS and depth < 4:
        t = u16(b, 2)
        b = b[4:]
        depth += 1
        if t is None:
            return
    if t <= 1500:
        # 802.2 LLC/SNAP: Cisco OUI + PID 0x2000 is CDP
        if b[:3] == b"\xaa\xaa\x03" and b[3:6] == b"\x00\x00\x0c" and u16(b, 6) == 0x2000:
            out.append(("cdp", b[8:], "cdp"))
        return
    ethertype(t, b, out)


def ethertype(t, b, out):
    if t == 0x0806:
        out.append(("arp", b, "arp"))
    elif t == 0x0800:
        out.append(("ipv4", b, "ipv4"))
        ipv4(b, out)
    elif t == 0x86DD:
        out.append(("ipv6", b, "ipv6"))
        ipv6(b, out)
    elif t == 0x8863:
        out.append(("pppoe_disc", b, "pppoe_disc"))
    elif t == 0x8864:
        out.append(("pppoe_sess", b, "pppoe_sess"))
        proto = u16(b, 6)
        if proto == 0x0021:
            ethertype(0x0800, b[8:], out)
        elif proto == 0x0057:
            ethertype(0x86DD, b[8:], out)
    elif t == 0x88CC:
        out.append(("lldp", b, "lldp"))


def ipv4(b, out):
    if len(b) < 20:
        return
    ihl = (b[0] & 15) * 4
    total = u16(b, 2)
    frag = u16(b, 6) & 0x1FFF
    if frag or ihl < 20:
        return
    payload = b[ihl:total] if ihl <= total <= len(b) else b[ihl:]
    l4(b[9], payload, out, 4)


def ipv6(b, out):
    if len(b) < 40:
        return
    nh = b[6]
    off = 40
    for _ in range(8):
        if nh in (0, 43, 60) and len(b) >= off + 2:
            nh, off = b[off], off + (b[off + 1] + 1) * 8
        elif nh == 44 and len(b) >= off + 8:
            if u16(b, off + 2) & 0xFFF8:
                return  # not a first fragment
            nh, off = b[off], off + 8
        else:
            break
    l4(nh, b[off:], out, 6)


def l4(proto, b, out, v):
    if proto == 17 and len(b) >= 8:
        out.append(("udp" if v == 4 else "udp6", b, "udp"))
        sport, dport = u16(b, 0), u16(b, 2)
        for port in (dport, sport):
            name = UDP_PORTS.get(port)
            if name:
                out.append((name, b[8:], "%s/%d" % (name, port)))
                break
    elif proto == 1 and v == 4:
        out.append(("icmp", b, "icmp/%d" % (b[0] if b else -1)))
    elif proto == 58 and v == 6:
        out.append(("icmpv6", b, "icmpv6/%d" % (b[0] if b else -1)))
    elif proto in IP_PROTOS:
        out.append((IP_PROTOS[proto], b, IP_PROTOS[proto]))


def frame_kind(linktype, found):
    inner = [k for _, _, k in found[1:]] if len(found) > 1 else []
    return "%d/%s/%s" % (linktype, found[0][2] if found else "-", inner[-1] if inner else "-")


# ---- main ---------------------------------------------------------------------

def walk(paths):
    for p in paths:
        if os.path.isdir(p):
            for dirpath, _, names in sorted(os.walk(p)):
                for n in sorted(names):
                    if n.endswith((".pcap", ".pcapng", ".cap", ".dmp")):
                        yield os.path.join(dirpath, n)
        elif os.path.isfile(p):
            yield p


def main():
    if len(sys.argv) < 3:
        sys.stderr.write("usage: make_seeds.py OUTDIR CAPTURE_OR_DIR...\n")
        return 2
    outdir = sys.argv[1]
    seen = {}
    counts = {}
    per_kind = {}
    for path in walk(sys.argv[2:]):
        for linktype, frame in frames(path):
            found = []
            try:
                layers(linktype, frame, found)
            except (IndexError, struct.error):
                pass
            # an outer layer's variety is what it carries: key it by the innermost kind
            last = found[-1][2] if found else "-"
            items = [(p, b, k + ">" + last if p in ("ipv4", "ipv6", "udp", "udp6", "pppoe_sess") else k)
                     for p, b, k in found]
            if linktype in SELECTOR:
                items.insert(0, ("frame", bytes([SELECTOR[linktype]]) + frame, frame_kind(linktype, found)))
            for proto, data, kind in items:
                data = bytes(data[:MAX_LEN])
                h = hashlib.sha1(data).hexdigest()
                s = seen.setdefault(proto, set())
                if h in s:
                    continue
                if counts.get(proto, 0) >= CAP.get(proto, CAP_DEFAULT):
                    continue
                key = (proto, kind)
                if per_kind.get(key, 0) >= PER_KIND.get(proto, PER_KIND_DEFAULT):
                    continue
                per_kind[key] = per_kind.get(key, 0) + 1
                counts[proto] = counts.get(proto, 0) + 1
                s.add(h)
                d = os.path.join(outdir, "corpus-" + proto)
                os.makedirs(d, exist_ok=True)
                with open(os.path.join(d, h), "wb") as f:
                    f.write(data)
    for proto in sorted(counts):
        print("seeds %-10s %d" % (proto, counts[proto]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
