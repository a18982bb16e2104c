#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""check-report.py - checks an egresswatch-agent report against ew-gen's truth.

    check-report.py TRUTH.json REPORT.json [--name NAME] [--golden FILE]
    check-report.py TRUTH.json REPORT.json --write-golden FILE
    check-report.py TRUTH.json REPORT.json --summary

Each check prints one line starting with "ok" or "FAIL"; lines starting with
"note" are information. Exit 0 when every check passed, 1 otherwise.

What is asserted (tests/scenarios/README.md says why):
  - every planted device is a candidate (same MAC, same VLAN) with
    declared:false, infrastructure:false and a class among the truth's
    "allowed";
  - every declared device the truth marks in_report is a candidate with
    declared:true, and no declared device is reported as declared:false;
  - no other candidate is an unlisted way out (declared:false and
    infrastructure:false: undeclared infrastructure is LAN gear with no way
    out seen, printed as a note), except the truth's "tolerated" devices (hosts that took a rogue's lease and so use a foreign
    address: reporting them is defensible, requiring it is not);
  - with --golden, the normalised report equals the expected file;
  - no declared device shows an IPv4 address that is not its own (borrowed
    from a server it relays for) or foreign_subnet evidence.

Standard library only.
"""
import argparse
import difflib
import json
import sys

# Fields that differ from run to run or machine to machine, removed before
# comparing with a golden file.
VOLATILE_TOP = ("report_id", "window")
VOLATILE_AGENT = ("version", "interface")


def mac_key(mac):
    return (mac or "").strip().lower().replace("-", ":")


def vlan_key(v):
    return None if v in (None, 0, "") else int(v)


def normalise(report):
    """The report without fields that vary between runs, candidates sorted."""
    r = json.loads(json.dumps(report))
    for k in VOLATILE_TOP:
        r.pop(k, None)
    agent = r.get("agent")
    if isinstance(agent, dict):
        for k in VOLATILE_AGENT:
            agent.pop(k, None)
    cands = r.get("candidates")
    if isinstance(cands, list):
        cands.sort(key=lambda c: (mac_key(c.get("mac")), vlan_key(c.get("vlan")) or 0))
    return r


def dump(obj):
    return json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Checker:
    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0

    def check(self, ok, msg):
        print(("ok   " if ok else "FAIL ") + (self.name + ": " if self.name else "") + msg)
        if ok:
            self.passed += 1
        else:
            self.failed += 1

    def note(self, msg):
        print("note " + (self.name + ": " if self.name else "") + msg)


def describe(c):
    return "%s vlan %s class %s declared %s (%s)" % (
        c.get("mac"), c.get("vlan"), c.get("class"), c.get("declared"), (c.get("reason") or "")[:120])


def evaluate(truth, report):
    """Returns (results, candidates or None): results is a list of (ok, message, kind)."""
    out = []
    cands = report.get("candidates") if isinstance(report, dict) else None
    if not isinstance(cands, list):
        return [(False, "report has no candidates list (inference core not merged yet?)", "report")], None
    by_key = {}
    for c in cands:
        by_key.setdefault((mac_key(c.get("mac")), vlan_key(c.get("vlan"))), []).append(c)

    expected = set()
    for d in truth["devices"]:
        key = (mac_key(d["mac"]), vlan_key(d.get("vlan")))
        found = by_key.get(key, [])
        kind = d["kind"]
        if kind in ("planted", "tolerated", "declared"):
            expected.add(key)
        if kind == "planted":
            allowed = d.get("allowed") or [d.get("class")]
            if not found:
                other_vlans = [c for (m, v), cs in by_key.items() if m == key[0] for c in cs]
                hint = " (seen on another VLAN: %s)" % describe(other_vlans[0]) if other_vlans else ""
                out.append((False, "planted %s %s not a candidate%s" % (d["mac"], d["what"], hint), "planted"))
                continue
            c = found[0]
            problems = []
            if c.get("class") not in allowed:
                problems.append("class %s, expected %s" % (c.get("class"), "/".join(allowed)))
            if c.get("declared") is not False:
                problems.append("declared is %s, expected false" % c.get("declared"))
            if c.get("infrastructure") is not False:
                problems.append("infrastructure is %s, expected false" % c.get("infrastructure"))
            if problems:
                out.append((False, "planted %s %s: %s; reason: %s" % (
                    d["mac"], d["what"], "; ".join(problems), c.get("reason")), "planted"))
            else:
                out.append((True, "planted %s found as %s (confidence %s)" % (
                    d["mac"], c.get("class"), c.get("confidence")), "planted"))
        elif kind == "declared":
            if not found:
                if d.get("in_report"):
                    out.append((False, "declared %s %s missing from the report" % (d["mac"], d["what"]), "declared"))
                continue
            bad = [c for c in found if c.get("declared") is not True]
            if bad:
                out.append((False, "declared %s reported with declared:%s" % (d["mac"], bad[0].get("declared")),
                            "declared"))
            else:
                out.append((True, "declared %s reported as declared (%s)" % (d["mac"], found[0].get("class")),
                            "declared"))
            # its own addresses only (none borrowed from a server it relays for),
            # each inside a local subnet of its VLAN
            c = found[0]
            borrowed = [a for a in c.get("ipv4") or [] if a not in (d.get("ipv4") or [])]
            foreign = [e for e in c.get("evidence") or [] if e.get("kind") == "foreign_subnet"]
            if borrowed or foreign:
                out.append((False, "declared %s vlan %s: addresses not its own %s, foreign_subnet evidence %s" % (
                    d["mac"], d.get("vlan"), borrowed, [e.get("detail") for e in foreign]), "declared"))

    others = [c for key, cs in by_key.items() if key not in expected for c in cs if c.get("declared") is not True]
    unexpected = [c for c in others if not c.get("infrastructure")]
    for c in others:
        if c.get("infrastructure"):
            out.append((None, "undeclared infrastructure (not a way out): " + describe(c), "infrastructure"))
    if unexpected:
        for c in unexpected:
            out.append((False, "unlisted candidate not in the truth: " + describe(c), "unlisted"))
    else:
        out.append((True, "no other unlisted candidate (%d candidates in all)" % len(cands), "unlisted"))
    return out, cands


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("truth")
    ap.add_argument("report")
    ap.add_argument("--name", default="")
    ap.add_argument("--golden", help="compare the normalised report with this expected file")
    ap.add_argument("--write-golden", help="write the normalised report to this file and check nothing")
    ap.add_argument("--summary", action="store_true", help="one line for make bench")
    a = ap.parse_args()

    with open(a.truth, encoding="utf-8") as f:
        truth = json.load(f)
    try:
        with open(a.report, encoding="utf-8") as f:
            report = json.load(f)
    except (OSError, ValueError) as e:
        if a.summary:
            print("no: the report could not be read (%s)" % e)
            return 1
        Checker(a.name).check(False, "report could not be read: %s" % e)
        return 1

    if a.write_golden:
        with open(a.write_golden, "w", encoding="utf-8") as f:
            f.write(dump(normalise(report)))
        return 0

    results, cands = evaluate(truth, report)
    if a.summary:
        if cands is None:
            print("not yet (the report has no candidates: inference core not merged)")
            return 1
        planted = [r for r in results if r[2] == "planted"]
        good = sum(1 for r in planted if r[0])
        others = sum(1 for r in results if r[2] == "unlisted" and not r[0])
        verdict = "yes" if good == len(planted) and others == 0 else "no"
        print("%s: %d/%d planted devices found and correctly classed, %d other unlisted candidate(s)" % (
            verdict, good, len(planted), others))
        for ok, msg, _ in results:
            if ok is False:
                print("    " + msg)
        return 0 if verdict == "yes" else 1

    ck = Checker(a.name)
    if isinstance(report, dict) and report.get("schema") != "egresswatch.report/1":
        ck.check(False, "schema is %r, expected egresswatch.report/1" % report.get("schema"))
    for ok, msg, _ in results:
        if ok is None:
            ck.note(msg)
        else:
            ck.check(ok, msg)
    if cands is not None:
        tol = {(mac_key(d["mac"]), vlan_key(d.get("vlan"))): d for d in truth["devices"] if d["kind"] == "tolerated"}
        for c in cands:
            d = tol.get((mac_key(c.get("mac")), vlan_key(c.get("vlan"))))
            if d:
                ck.note("tolerated %s (%s) listed as %s" % (c.get("mac"), d["what"], c.get("class")))
    if a.golden:
        try:
            with open(a.golden, encoding="utf-8") as f:
                want = f.read()
        except OSError:
            ck.check(False, "no expected report %s (tests/scenarios/regen-expected.sh writes it)" % a.golden)
        else:
            got = dump(normalise(report))
            if got == want:
                ck.check(True, "report matches %s" % a.golden)
            else:
                diff = list(difflib.unified_diff(want.splitlines(), got.splitlines(), a.golden, "this run",
                                                 lineterm="", n=2))
                ck.check(False, "report differs from %s (%d diff lines; first 40 below)" % (a.golden, len(diff)))
                for line in diff[:40]:
                    print("     " + line)
    return 0 if ck.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
