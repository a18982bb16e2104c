#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Queries the agent's live reports (JSON lines, one report per line).

report_query.py last FILE EXPR   exit 0 if some candidate of the last report satisfies EXPR
report_query.py none FILE EXPR   exit 0 if no candidate of the last report satisfies EXPR
report_query.py show FILE        print the last report's candidates, one line each
EXPR is a Python expression over `c` (a candidate dict), e.g. c["class"] == "hgw".
"""
import json
import sys


def last_report(path):
    last = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                last = json.loads(line)
    if last is None:
        raise SystemExit(2)
    return last


def main():
    mode, path = sys.argv[1], sys.argv[2]
    rep = last_report(path)
    cands = rep.get("candidates", [])
    if mode == "show":
        for c in cands:
            print("%s vlan=%s declared=%s infra=%s way_out=%.2f class=%s class_conf=%.2f roles=%s ipv4=%s reason=%s" % (
                c.get("mac"), c.get("vlan"), c.get("declared"), c.get("infrastructure"), c.get("confidence", 0),
                c.get("class"), c.get("class_confidence", 0), ",".join(c.get("roles", [])),
                ",".join(c.get("ipv4", [])), c.get("reason")))
        return 0
    expr = sys.argv[3]
    hits = [c for c in cands if eval(expr, {}, {"c": c})]  # expressions come from our own test scripts
    for c in hits:
        print(c.get("mac"), c.get("class"), c.get("confidence"))
    if mode == "last":
        return 0 if hits else 1
    if mode == "none":
        return 0 if not hits else 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
