#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Prints an agent report (egresswatch.report/1) as a short table for people."""
import json
import sys


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        rep = json.load(f)
    cap = rep.get("capture", {})
    print("window %s .. %s   packets %s   dropped %s" % (
        rep.get("window", {}).get("start"), rep.get("window", {}).get("end"), cap.get("packets"), cap.get("dropped")))
    print("local subnets: " + ", ".join("%s (%s)" % (s["prefix"], s["from"]) for s in rep.get("subnets", [])))
    cands = rep.get("candidates", [])
    unlisted = [c for c in cands if not c.get("declared")]
    print("%d candidate(s), %d unlisted" % (len(cands), len(unlisted)))
    for c in cands:
        tag = "declared" if c.get("declared") else "UNLISTED"
        vlan = "" if c.get("vlan") is None else " vlan %s" % c["vlan"]
        addrs = ", ".join(c.get("ipv4", []) + c.get("ipv6", [])[:1])
        print("  %-8s %-13s %.2f  %s%s  %s  [%s]" % (tag, c.get("class"), c.get("confidence", 0), c.get("mac"),
                                                   vlan, c.get("vendor"), addrs))
        print("           why: %s" % c.get("reason"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
