#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Prints an agent report (egresswatch.report/1) as a short table for people.

Three lists: unlisted ways out (by confidence that the device is a way out,
with the class and how sure the class is beside it), undeclared
infrastructure (no way out seen), and declared devices."""
import json
import sys

# README's class table, "what to do", in a few words.
ADVICE = {
    "hgw": "carrier's gateway, fixed near the line's wall socket: find it by MAC on the switch, then the line contract",
    "onu_bridged": "a line ends here: find the ONU/modem at the line's entry; a PPPoE client is the PC holding the session",
    "ctu": "NTT West CTU (legacy) at a line's wall socket: find the line contract",
    "modem": "ADSL/CATV modem at a phone or cable outlet: find the line contract",
    "mobile_router": "battery-powered, may be in a bag or drawer: ask the department whose hosts use it, while it is on",
    "home_router": "mobile-line home router on a power socket, no line cable: find the SIM contract",
    "broadband_router": "bought retail: follow its WAN port to a line (ONU/HGW) or another network; find the owner",
    "host_sharing": "find the PC by MAC on the switch, and the dongle or tethered phone on it",
    "router": "find it by MAC on the switch: a spare, a vendor's line, or a router to declare",
    "dhcp_server": "find it by MAC on the switch; declare it if it is yours",
    "switch": "LAN switch: declare it",
}


# include/egresswatch/classify.h: EW_WAYOUT_PROVEN, EW_WAYOUT_HINT_MAX
PROVEN = 0.90    # a behaviour over its proof count, or two: act on it
HINT_MAX = 0.50  # vendor, default address, names: never a finding alone


def level(conf):
    if conf >= PROVEN:
        return "proven"
    if conf > HINT_MAX:
        return "likely"
    return "hint"


def location(loc):
    """The switch port from the candidate's location (README: Finding the socket)."""
    if not loc:
        return ""
    failed = [e["switch"] for e in loc.get("switch_errors", []) if not e.get("answered")]
    tail = "; no answer from %s" % ", ".join(failed) if failed else ""
    if loc.get("status") == "edge_port":
        alias = ' "%s"' % loc["alias"] if loc.get("alias") else ""
        vlan = ", VLAN %s" % loc["vlan"] if loc.get("vlan") else ""
        return "switch %s, port %s%s%s (%s MAC(s) on it, read %s)%s" % (
            loc["switch"], loc["port"], alias, vlan, loc.get("port_macs"), loc.get("read_at"), tail)
    if loc.get("status") == "uplinks_only":
        ups = ", ".join("%s %s (%s)" % (p["switch"], p["port"], p["rule"]) for p in loc.get("seen_elsewhere", []))
        return "seen only on uplinks (%s): behind a switch that is not configured%s" % (ups, tail)
    return {"not_seen": "in no answering switch's table", "no_answer": "no switch answered"}.get(loc.get("status"), "?") + tail


# "helpers" (README: Reading a report): what a stopped helper no longer gives
HELPERS = (
    ("prober", "probes: not running", "no probe findings after that"),
    ("locator", "switch ports: not read", "no switch-port locations after that"),
)


def helper_lines(helpers):
    """One line per helper that is not running: a report without its findings must not read as 'nothing found'."""
    for name, what, lost in HELPERS:
        h = helpers.get(name)
        if h and h.get("state") != "running":
            yield "%s since the %s stopped at %s (%s); %s" % (what, name, h.get("since"), h.get("reason"), lost)


def line(c, tag):
    vlan = "" if c.get("vlan") is None else " vlan %s" % c["vlan"]
    addrs = ", ".join(c.get("ipv4", []) + c.get("ipv6", [])[:1])
    conf = c.get("confidence", 0)
    # 0.10 on infrastructure means "LAN gear, no way out seen", not a hint
    lvl = "" if tag == "infra" else "infra" if c.get("infrastructure") else level(conf)
    print("  %-8s %.2f %-6s  %-16s (class %.2f)  %s%s  %s  [%s]" % (
        tag, conf, lvl, c.get("class"), c.get("class_confidence", 0),
        c.get("mac"), vlan, c.get("vendor"), addrs))
    if c.get("way_out"):
        print("           way out: %s%s" % (", ".join(c["way_out"]),
              "  (found only by probes)" if c.get("found_by") == "probes" else ""))
    print("           why: %s" % c.get("reason"))
    where = location(c.get("location"))
    if where:
        print("           where: %s" % where)
    if tag == "UNLISTED" and c.get("class") in ADVICE:
        print("           do: %s" % ADVICE[c["class"]])


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        rep = json.load(f)
    cap = rep.get("capture", {})
    print("window %s .. %s   packets %s   dropped %s" % (
        rep.get("window", {}).get("start"), rep.get("window", {}).get("end"), cap.get("packets"), cap.get("dropped")))
    print("local subnets: " + ", ".join("%s (%s%s)" % (s["prefix"], s["from"], ", vlan %s" % s["vlan"] if s.get("vlan") else "")
                                         for s in rep.get("subnets", [])))
    for l in helper_lines(rep.get("helpers", {})):
        print(l)
    cands = rep.get("candidates", [])
    ways = [c for c in cands if not c.get("declared") and not c.get("infrastructure")]
    infra = [c for c in cands if not c.get("declared") and c.get("infrastructure")]
    declared = [c for c in cands if c.get("declared")]
    print("%d candidate(s): %d unlisted way(s) out (%d proven), %d undeclared infrastructure, %d declared" % (
        len(cands), len(ways), sum(1 for c in ways if c.get("confidence", 0) >= PROVEN), len(infra), len(declared)))
    print("confidence: is it a way out? (proven >= %.2f, likely > %.2f, hint <= %.2f); class: which kind, and how sure" % (
        PROVEN, HINT_MAX, HINT_MAX))
    if ways:
        print("unlisted ways out:")
        for c in ways:
            line(c, "UNLISTED")
    if infra:
        print("undeclared infrastructure, no way out seen:")
        for c in infra:
            line(c, "infra")
    if declared:
        print("declared:")
        for c in declared:
            line(c, "declared")
    return 0


if __name__ == "__main__":
    sys.exit(main())
