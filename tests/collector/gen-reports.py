#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""gen-reports.py - synthetic agent reports (egresswatch.report/1) and a
matching line sheet, for the collector's benchmarks and end-to-end tests.

  gen-reports.py reports OUT --reports N [--candidates 50] [--site S] [--devices D] [--seed K]
      N reports as JSON lines (a live agent's -o); candidate MACs are drawn
      from a pool of D devices (default N * candidates: every one distinct).
  gen-reports.py sheet OUT --lines L [--devices D] [--seed K]
      a UTF-8 CSV sheet with the extension columns: L lines, the first half
      naming MACs of the device pool (so they match), the rest unseen.
"""
import argparse
import json
import random
import sys

CLASSES = ["hgw", "onu_bridged", "ctu", "modem", "mobile_router", "home_router", "host_sharing", "router"]
LIMITS = {k: 0 for k in ["max_devices", "devices", "evicted_devices", "evicted_with_evidence", "table_full_drops",
                         "evidence_records_max", "evidence_records", "evidence_reclaimed", "evidence_dropped",
                         "addresses_per_device", "addresses_dropped", "inside_hosts_exact", "remote_addrs_exact",
                         "evidence_frames_per_device", "subnets_dropped"]}


def mac_of(i):
    # a globally administered MAC per device index: 00:16:3e + 24 bits, then 02:... beyond
    hi = 0x00163e if i < (1 << 24) else 0x02163e
    v = (hi << 24) | (i & 0xffffff)
    return ":".join("%02x" % ((v >> s) & 0xff) for s in range(40, -8, -8))


def ip_of(i):
    return "10.%d.%d.%d" % (64 + (i >> 16) % 64, (i >> 8) & 0xff, (i & 0xff) or 1)


def t(sec):
    h, r = divmod(sec % 86400, 3600)
    m, s = divmod(r, 60)
    return "2026-11-29T%02d:%02d:%02dZ" % (h, m, s)


def report(n, ncand, site, pool, rnd):
    start = 3600 + n * 60
    cands = []
    for k in range(ncand):
        d = (n * ncand + k) % pool if pool else n * ncand + k
        cands.append({
            "mac": mac_of(d), "vlan": None if d % 7 else 10 + d % 100, "declared": False,
            "vendor": "Bench Vendor %d" % (d % 50), "ipv4": [ip_of(d)], "ipv6": [],
            "class": CLASSES[d % len(CLASSES)], "confidence": round(0.3 + rnd.random() * 0.7, 3),
            "roles": ["router"], "reason": "routes for inside hosts", "first_seen": t(start),
            "last_seen": t(start + 59), "inside_hosts": 2, "remote_addrs": 3, "mac_local": False,
            "evidence": [{"kind": "forwarding", "count": 12, "first_seen": t(start), "last_seen": t(start + 59),
                          "detail": {"frames_out": 6, "frames_in": 6, "frames_in_routed": 6, "bytes": 900,
                                     "inside_hosts": 2, "remote_addrs": 3, "inside_sample": [],
                                     "remote_sample": ["198.51.100.7"], "ttls_in": []}}]})
    return {"schema": "egresswatch.report/1",
            "report_id": "%08x-0000-8000-8000-%012x" % (rnd.getrandbits(32), n),
            "agent": {"id": "bench-%d" % (n % 4), "site": site, "segment": "EMR core", "interface": "eth1",
                      "version": "0.1.0"},
            "window": {"start": t(start), "end": t(start + 59)},
            "capture": {"source": "live", "packets": 1000, "bytes": 100000, "dropped": 0, "evicted": 0},
            "subnets": [{"prefix": "10.64.0.0/10", "from": "config"}],
            "candidates": cands, "hosts_seen": ncand * 2, "limits": LIMITS}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["reports", "sheet"])
    ap.add_argument("out")
    ap.add_argument("--reports", type=int, default=100)
    ap.add_argument("--candidates", type=int, default=50)
    ap.add_argument("--lines", type=int, default=1000)
    ap.add_argument("--devices", type=int, default=0)
    ap.add_argument("--site", default="BENCH")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        if a.what == "reports":
            for n in range(a.reports):
                f.write(json.dumps(report(n, a.candidates, a.site, a.devices, rnd), separators=(",", ":")) + "\n")
        else:
            f.write("番号,装置バージョン確認,脆弱性診断,電子カルテシステムの所属するネットワークとの接続,用途、システム名,"
                    "回線サービス名,回線ID,回線事業者,回線名義,終端装置種別,メーカー,型番,MACアドレス,IPアドレス,"
                    "設置場所,管理部門,契約ベンダー,確認方法,備考\r\n")
            pool = a.devices or a.lines * 2
            for i in range(a.lines):
                seen = i < a.lines // 2
                d = (i * 7) % pool if seen else pool + i
                f.write("回線%d,調査希望あり,調査希望なし,%s,電子カルテ,フレッツ光クロス,CAF%06d,NTT東日本,医療法人〇〇,"
                        "HGW,NEC,XG-100NE,%s,%s,サーバ室,情報システム課,,台帳,\r\n"
                        % (i + 1, "あり" if i % 3 else "なし", i, mac_of(d), ip_of(d)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
