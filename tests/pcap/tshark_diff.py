#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""tshark_diff.py - differential test: our decode against Wireshark's, per frame.

    tshark_diff.py --agent AGENT --allow ALLOWLIST CAPTURE...

For every capture, runs `AGENT -r CAPTURE --events` (JSON lines; each event
carries "frame", its 1-based frame number) and `tshark -r CAPTURE -T fields`,
then compares, frame by frame, the values that matter downstream (FIELDS
below). A field is compared on a frame when either side has it; the values
(lists, in wire order) must be equal after normalisation (MAC and IP text,
integers). Every difference is a failure unless ALLOWLIST names it
(capture, frame, field) with a reason documented in TSHARK-QUIRKS.md.
Prints per-field agreement counts and "tshark-diff: N passed, N failed"
(one case per capture: failed on any unexplained difference or stale
allowlist entry) and exits 1 on failure. Standard library only.
"""
import argparse
import ipaddress
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

AGG = "\x1e"  # tshark's -E aggregator between occurrences of a field

# tshark preferences: we decode only first fragments and only well-known
# ports, so tshark must not reassemble or guess either.
TSHARK_PREFS = [
    "-o", "ip.defragment:FALSE",
    "-o", "ipv6.defragment:FALSE",
    "-o", "udp.try_heuristic_first:FALSE",
]

TSHARK_FIELDS = [
    "frame.number", "frame.protocols",
    "dhcp.option.dhcp_server_id", "dhcp.option.router", "dhcp.ip.your", "dhcp.option.ip_address_lease_time",
    "ipv6.src", "icmpv6.type", "icmpv6.nd.ra.router_lifetime",
    "icmpv6.opt.type", "icmpv6.opt.length", "icmpv6.opt.prefix", "icmpv6.opt.prefix.length",
    "pppoe.code", "pppoed.tags.ac_name",
    "arp.src.hw_mac", "arp.src.proto_ipv4",
    "lldp.tlv.system.name",
    "http.request.line", "http.response.line", "http.unknown_header", "http.server",
    "vlan.id", "ieee8021ad.id",
]


# ---- normalisation ---------------------------------------------------------------

def n_int(v):
    return str(int(v, 0)) if isinstance(v, str) else str(int(v))


def n_ip(v):
    try:
        return str(ipaddress.ip_address(v))
    except ValueError:
        return v


def n_mac(v):
    return v.lower().replace("-", ":")


def n_prefix(v):
    try:
        return str(ipaddress.ip_network(v, strict=False)) if "/" in v else v
    except ValueError:
        return v


def n_str(v):
    return v


def tshark_unescape(s):
    """Undoes tshark's -T fields escaping of strings (\\r, \\n, \\t, \\\\, \\xNN)."""
    out = bytearray()
    i = 0
    b = s.encode("utf-8", "surrogateescape")
    while i < len(b):
        c = b[i]
        if c == 0x5C and i + 1 < len(b):
            d = b[i + 1]
            simple = {ord("r"): 13, ord("n"): 10, ord("t"): 9, ord("\\"): 92, ord("a"): 7, ord("b"): 8,
                      ord("f"): 12, ord("v"): 11, ord("0"): 0}
            if d in simple:
                out.append(simple[d])
                i += 2
                continue
            if d == ord("x") and i + 3 < len(b) + 0 and re.match(rb"[0-9a-fA-F]{2}", b[i + 2:i + 4]):
                out.append(int(b[i + 2:i + 4], 16))
                i += 4
                continue
        out.append(c)
        i += 1
    return out.decode("utf-8", "replace")


# ---- our side: values per frame from the event lines --------------------------------

def ev_data(evs, kind):
    return [e.get("data", {}) for e in evs if e.get("event") == kind]


def first_key(d, *keys):
    for k in keys:
        if k in d:
            return d[k]
    return None


def as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def ours_dhcp(key, *alts):
    def f(evs):
        out = []
        for d in ev_data(evs, "dhcp"):
            out += as_list(first_key(d, key, *alts))
        return out
    return f


def ours_ra_src(evs):
    if not ev_data(evs, "nd_ra"):
        return []
    for d in ev_data(evs, "nd_ra"):
        if "src" in d:
            return [d["src"]]
    srcs = [d.get("src") for d in ev_data(evs, "ipv6") if d.get("src")]
    return srcs[-1:]


def ours_ra_prefixes(evs):
    out = []
    for d in ev_data(evs, "nd_ra"):
        for p in d.get("prefixes", []):
            out.append(p.get("prefix") if isinstance(p, dict) else p)
    return out


def ours_simple(kind, *keys):
    def f(evs):
        out = []
        for d in ev_data(evs, kind):
            out += as_list(first_key(d, *keys))
        return out
    return f


def ours_vlan(evs):
    for e in evs:
        if e.get("event") != "summary":
            return [t.get("id") for t in e.get("vlan", [])]
    return []


# ---- tshark side ----------------------------------------------------------------------

# Encapsulations the agent does not look inside (TSHARK-QUIRKS.md, "Tunnels"):
# tshark decodes the inner frame, we see only the outer packet. On frames that
# carry one, tshark's values are not compared (ours must then be empty too),
# and VLAN tags count only on the outer link layer.
NOT_DECODED = {"gre", "erspan", "vxlan", "geneve", "teredo", "capwap", "capwap.data", "sflow", "l2tp",
               "mpls", "etherip", "nsh", "pwethheuristic", "cflow", "tzsp", "aruba_erm", "peekremote"}
LINK_LAYER = {"eth", "ethertype", "vlan", "ieee8021ad", "llc", "sll", "sll2", "linux_sll", "linux_sll2"}


def ts_list(row, field):
    if row.get("_tunnel") and field not in ("vlan.id", "ieee8021ad.id"):
        return []
    v = row.get(field, "")
    return [x for x in v.split(AGG)] if v != "" else []


def ts_field(field):
    return lambda row: ts_list(row, field)


def ts_dhcp(field):
    # only frames tshark decodes as DHCP (not BOOTP-like payloads of other protocols)
    return lambda row: ts_list(row, field) if "dhcp" in row["_protos"] else []


def ts_ra_src(row):
    if "134" not in ts_list(row, "icmpv6.type"):
        return []
    return ts_list(row, "ipv6.src")[-1:]


def ts_ra_lifetime(row):
    return ts_list(row, "icmpv6.nd.ra.router_lifetime")


def ts_ra_prefixes(row):
    """Prefix Information options only. tshark uses icmpv6.opt.prefix and
    .prefix.length for Route Information options (type 24) too, so walk the
    options in order and take each one's share of those fields."""
    pre = ts_list(row, "icmpv6.opt.prefix")
    plen = ts_list(row, "icmpv6.opt.prefix.length")
    olen = ts_list(row, "icmpv6.opt.length")
    out = []
    for i, t in enumerate(ts_list(row, "icmpv6.opt.type")):
        if t == "3" and pre and plen:
            out.append("%s/%s" % (pre.pop(0), plen.pop(0)))
        elif t == "24" and plen:
            plen.pop(0)
            if i < len(olen) and olen[i] != "1" and pre:
                pre.pop(0)  # a route's prefix field is present when the option is longer than 8 bytes
    return out


def ts_pppoe_code(row):
    return ts_list(row, "pppoe.code") if "pppoed" in row["_protos"] else []


def ssdp_headers(row):
    """SSDP header lines as tshark 4.0 shows them: SSDP is decoded by the HTTP
    dissector; headers it knows get their own field (SERVER: http.server),
    the others land in http.unknown_header, and for some messages in
    http.request.line / http.response.line, each as "NAME: value\\r\\n"."""
    if "ssdp" not in row["_protos"]:
        return None
    h = {}
    for f in ("http.request.line", "http.response.line", "http.unknown_header"):
        for line in ts_list(row, f):
            line = tshark_unescape(line).rstrip("\r\n")
            name, sep, value = line.partition(":")
            if sep:
                h.setdefault(name.strip().upper(), value.strip())
    return h


def ts_ssdp_nt(row):
    h = ssdp_headers(row)
    return [h["NT"]] if h and "NT" in h else []


def ts_ssdp_server(row):
    if "ssdp" not in row["_protos"]:
        return []
    v = ts_list(row, "http.server")
    if v:
        return [tshark_unescape(v[0])]
    h = ssdp_headers(row)
    return [h["SERVER"]] if h and "SERVER" in h else []


def ts_string(field):
    return lambda row: [tshark_unescape(x) for x in ts_list(row, field)]


def ts_vlan(row):
    # 802.1ad S-tags are "ieee8021ad", C-tags "vlan": put them in wire order
    ad, q = ts_list(row, "ieee8021ad.id"), ts_list(row, "vlan.id")
    out = []
    for p in row["_protos"]:
        if p == "ieee8021ad" and ad:
            out.append(ad.pop(0))
        elif p == "vlan" and q:
            out.append(q.pop(0))
        elif p not in LINK_LAYER:
            break  # tags of an inner frame (ERSPAN, VXLAN, sFlow samples) are not this frame's
    return out


# name, tshark extractor, our extractor, normaliser, compare-only-when-we-have-an-event
FIELDS = [
    ("dhcp.server_id", ts_dhcp("dhcp.option.dhcp_server_id"), ours_dhcp("server_id"), n_ip, False),
    ("dhcp.router", ts_dhcp("dhcp.option.router"), ours_dhcp("routers", "router"), n_ip, False),
    ("dhcp.yiaddr", ts_dhcp("dhcp.ip.your"), ours_dhcp("yiaddr"), n_ip, False),
    ("dhcp.lease", ts_dhcp("dhcp.option.ip_address_lease_time"), ours_dhcp("lease"), n_int, False),
    ("ra.src", ts_ra_src, ours_ra_src, n_ip, False),
    ("ra.router_lifetime", ts_ra_lifetime, ours_simple("nd_ra", "router_lifetime"), n_int, False),
    ("ra.prefixes", ts_ra_prefixes, ours_ra_prefixes, n_prefix, False),
    ("pppoe.code", ts_pppoe_code, ours_simple("pppoe_discovery", "code"), n_int, False),
    ("pppoe.ac_name", ts_string("pppoed.tags.ac_name"), ours_simple("pppoe_discovery", "ac_name"), n_str, False),
    ("arp.sender_mac", ts_field("arp.src.hw_mac"), ours_simple("arp", "sha", "sender_mac"), n_mac, False),
    ("arp.sender_ip", ts_field("arp.src.proto_ipv4"), ours_simple("arp", "spa", "sender_ip"), n_ip, False),
    ("lldp.system_name", ts_string("lldp.tlv.system.name"), ours_simple("lldp", "system_name"), n_str, False),
    ("ssdp.nt", ts_ssdp_nt, ours_simple("ssdp", "nt"), n_str, False),
    ("ssdp.server", ts_ssdp_server, ours_simple("ssdp", "server"), n_str, False),
    # VLAN tags ride on every event's envelope: compared on frames we emitted something for
    ("vlan.ids", ts_vlan, ours_vlan, n_int, True),
]
FIELD_NAMES = [f[0] for f in FIELDS]


def run_tshark(path):
    cmd = ["tshark", "-n", "-r", path] + TSHARK_PREFS + ["-T", "fields", "-E", "separator=/t",
                                                         "-E", "occurrence=a", "-E", "aggregator=" + AGG]
    for f in TSHARK_FIELDS:
        cmd += ["-e", f]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    rows = {}
    for line in p.stdout.decode("utf-8", "surrogateescape").split("\n"):
        if not line:
            continue
        cols = line.split("\t")
        row = dict(zip(TSHARK_FIELDS, cols + [""] * (len(TSHARK_FIELDS) - len(cols))))
        row["_protos"] = row["frame.protocols"].split(":")
        row["_tunnel"] = bool(NOT_DECODED.intersection(row["_protos"]))
        rows[int(row["frame.number"])] = row
    return rows, p.returncode, p.stderr.decode("utf-8", "replace")


def run_agent(agent, path):
    p = subprocess.run([agent, "-r", path, "--events"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    frames = {}
    if p.stdout.strip():
        frames[0] = []  # it read the file (a summary at least); frame 0 never exists
    for line in p.stdout.decode("utf-8", "replace").splitlines():
        try:
            e = json.loads(line)
        except ValueError:
            continue
        if "frame" in e:
            frames.setdefault(int(e["frame"]), []).append(e)
    return frames, p.returncode, p.stderr.decode("utf-8", "replace")


def load_allow(path):
    """CAPTURE FRAMES FIELD  # reason  -> {(capture, frame or "*", field): lineno}
    FRAMES is a list like 3,7-9, or * for every frame of the capture."""
    allow = {}
    if not path or not os.path.exists(path):
        return allow
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 3:
                raise SystemExit("%s:%d: expected CAPTURE FRAMES FIELD" % (path, no))
            cap, frames, field = parts
            if field not in FIELD_NAMES:
                raise SystemExit("%s:%d: unknown field %s" % (path, no, field))
            if frames == "*":  # every frame: a whole capture we read differently on purpose
                allow[(cap, "*", field)] = no
                continue
            for part in frames.split(","):
                a, _, b = part.partition("-")
                for n in range(int(a), int(b or a) + 1):
                    allow[(cap, n, field)] = no
    return allow


def show(vals):
    return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in vals) + "]"


def compare(agent, path):
    cap = os.path.basename(path)
    (ts, trc, terr), (ours, arc, aerr) = run_tshark(path), run_agent(agent, path)
    result = {"cap": cap, "diffs": [], "counts": {}, "note": None}
    if not ours:
        result["note"] = "agent refused it: " + aerr.strip().splitlines()[0] if aerr.strip() else "agent failed"
        return result
    del ours[0]
    # a truncated capture (agent exit 2 after the frames it read) is compared as far as it goes
    for name, ts_get, our_get, norm, need_event in FIELDS:
        agree = differ = 0
        for fr in sorted(set(ts) | set(ours)):
            evs = ours.get(fr, [])
            if need_event and not evs:
                continue
            row = ts.get(fr)
            t = [norm(v) for v in ts_get(row)] if row else []
            o = [norm(v) for v in our_get(evs)]
            if not t and not o:
                continue
            if t == o:
                agree += 1
            else:
                differ += 1
                result["diffs"].append((fr, name, t, o))
        result["counts"][name] = (agree, differ)
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--agent", required=True)
    ap.add_argument("--allow", default="")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("captures", nargs="+")
    a = ap.parse_args()
    allow = load_allow(a.allow)
    used = set()
    totals = {n: [0, 0, 0] for n in FIELD_NAMES}  # agree, allowed, failed
    with ThreadPoolExecutor(max_workers=a.jobs) as ex:
        results = list(ex.map(lambda p: compare(a.agent, p), a.captures))
    passed = failed = 0
    for r in results:
        if r["note"]:
            print("  %s: not compared (%s)" % (r["cap"], r["note"]))
            continue
        bad = 0
        for name, (agree, _) in r["counts"].items():
            totals[name][0] += agree
        for fr, name, t, o in r["diffs"]:
            key = (r["cap"], fr, name)
            if key not in allow:
                key = (r["cap"], "*", name)
            if key in allow:
                used.add(key)
                totals[name][1] += 1
                continue
            totals[name][2] += 1
            bad += 1
            print("DIFF %s frame %d %s: tshark %s, ours %s" % (r["cap"], fr, name, show(t), show(o)))
        for cap, fr, name in sorted((k for k in allow if k[0] == r["cap"] and k not in used), key=str):
            print("STALE allowlist entry, no such difference now: %s %s %s (line %d)"
                  % (cap, fr, name, allow[(cap, fr, name)]))
            bad += 1
        if bad:
            failed += 1
        else:
            passed += 1
    given = {os.path.basename(p) for p in a.captures}
    for cap in sorted({k[0] for k in allow} - given):
        print("note: allowlist names %s, which was not compared" % cap)
    print("per-field agreement, in frames where either side has the field:")
    print("  %-20s %7s %7s %7s" % ("field", "agree", "quirk", "differ"))
    for n in FIELD_NAMES:
        ag, al, fa = totals[n]
        print("  %-20s %7d %7d %7d" % (n, ag, al, fa))
    print("tshark-diff: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
