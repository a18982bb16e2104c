#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""locate_bridge_mib.py - snmpd pass_persist handler: a Linux bridge as a switch.

Serves, from the namespace's bridge (`bridge -j fdb show`, /sys/class/net):
  BRIDGE-MIB   dot1dBaseBridgeAddress.0, dot1dBasePortIfIndex.<port>,
               dot1dTpFdbPort.<mac>            (learned entries only)
  Q-BRIDGE-MIB dot1qTpFdbPort.<fdbId>.<mac>    (fdbId: the entry's VLAN, or, without vlan_filtering,
                                               the "pvid=N" argument's (default 1); or the FDB id the
                                               VLAN file gives that VLAN)
               dot1qVlanFdbId.0.<vlan> = fdbId  (dot1qVlanCurrentTable, time mark 0) from the file named
               by $EW_VLAN_FILE, when it exists: lines "VLAN FDB-ID" (several VLANs may share one
               FDB id: shared VLAN learning). Without it the table is not served, as on small
               switches where FDB id and VLAN coincide.
  IF-MIB       ifName.<ifIndex> (the port's interface name), ifAlias.<ifIndex> (`ip link set X alias …`)
  LLDP-MIB     lldpRemChassisId/SysName/SysCapEnabled.0.<port>.1 from the file named by
               $EW_LLDP_FILE, when it exists: lines "PORT SYSNAME CHASSIS-MAC CAPS-HEX"
               (the test writes it: Linux bridges do not speak LLDP)
Usage (snmpd.conf):  pass_persist .1.3.6.1.2.1.17 /usr/bin/python3 THIS br0
                     pass_persist .1.3.6.1.2.1.31.1.1.1 /usr/bin/python3 THIS br0
                     pass_persist .1.0.8802.1.1.2.1.4.1.1 /usr/bin/python3 THIS br0
With "pvid=N" after the bridge name, entries without a VLAN (a bridge without
vlan_filtering: not every kernel has it) are in VLAN N, as if every port were
an access port of VLAN N.
With "garbage" after the bridge name it answers hostile rows instead: wrong
types, wrong index lengths, port 0, 7-byte MACs, invalid UTF-8, long strings.
Protocol: snmpd(8) pass_persist (PING/PONG, get, getnext, set).
"""
import json
import os
import subprocess
import sys

BR = sys.argv[1] if len(sys.argv) > 1 else "br0"
GARBAGE = len(sys.argv) > 2 and sys.argv[2] == "garbage"
PVID = int(sys.argv[2][5:]) if len(sys.argv) > 2 and sys.argv[2].startswith("pvid=") else 1

BRIDGE_ADDR = (1, 3, 6, 1, 2, 1, 17, 1, 1, 0)
PORT_IFINDEX = (1, 3, 6, 1, 2, 1, 17, 1, 4, 1, 2)
FDB_PORT = (1, 3, 6, 1, 2, 1, 17, 4, 3, 1, 2)
Q_FDB_PORT = (1, 3, 6, 1, 2, 1, 17, 7, 1, 2, 2, 1, 2)
Q_VLAN_FDB_ID = (1, 3, 6, 1, 2, 1, 17, 7, 1, 4, 2, 1, 3)  # .timeMark.vlanIndex
IF_NAME = (1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 1)
IF_ALIAS = (1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 18)
LLDP_REM = (1, 0, 8802, 1, 1, 2, 1, 4, 1, 1)  # .5 chassis id, .9 sysname, .12 capabilities enabled
LLDP_FILE = os.environ.get("EW_LLDP_FILE", "")
VLAN_FILE = os.environ.get("EW_VLAN_FILE", "")


def sysfs(dev, f):
    with open(f"/sys/class/net/{dev}/{f}") as fh:
        return fh.read().strip()


def mac_oid(mac):
    return tuple(int(x, 16) for x in mac.split(":"))


def octets(b):
    return ("octet", " ".join("%02x" % x for x in b))


def table():
    rows = {}
    if GARBAGE:
        rows[BRIDGE_ADDR] = ("string", "not a mac at all")
        rows[PORT_IFINDEX + (1,)] = ("string", "x")
        rows[PORT_IFINDEX + (2,)] = ("integer", "-5")
        rows[PORT_IFINDEX + (0,)] = ("integer", "3")
        rows[FDB_PORT + (1, 2, 3)] = ("integer", "1")                 # short index
        rows[FDB_PORT + (1, 2, 3, 4, 5, 999)] = ("integer", "1")      # sub-id > 255
        rows[FDB_PORT + (2, 0, 0, 0, 0, 1)] = ("integer", "0")        # port 0
        rows[FDB_PORT + (2, 0, 0, 0, 0, 2)] = ("integer", "99999999")  # port out of range
        rows[FDB_PORT + (2, 0, 0, 0, 0, 3)] = octets(b"\x01\x02\x03\x04\x05\x06\x07")
        rows[Q_FDB_PORT + (5000, 2, 0, 0, 0, 0, 4)] = ("integer", "1")  # fdbId > 4094: valid, no VLAN
        rows[Q_FDB_PORT + (7, 2, 0, 0, 0, 0, 5, 9)] = ("integer", "1")  # long index
        rows[Q_VLAN_FDB_ID + (0, 0)] = ("gauge", "1")           # VlanIndex 0: not permitted
        rows[Q_VLAN_FDB_ID + (0, 4095)] = ("gauge", "1")        # VlanIndex 4095: not permitted
        rows[Q_VLAN_FDB_ID + (0, 10, 1)] = ("gauge", "1")       # long index
        rows[Q_VLAN_FDB_ID + (0, 20)] = ("string", "3")         # wrong type
        rows[IF_NAME + (1,)] = octets(b"\xff\xfe\x00bad\x1b[2J" + b"A" * 200)
        rows[IF_ALIAS + (1,)] = ("integer", "7")
        rows[IF_ALIAS + (2,) + (1,) * 20] = ("string", "deep")
        return rows
    rows[BRIDGE_ADDR] = octets(bytes(int(x, 16) for x in sysfs(BR, "address").split(":")))
    ports = {}
    for dev in sorted(os.listdir(f"/sys/class/net/{BR}/brif")):
        pno = int(sysfs(dev, "brport/port_no"), 16)
        idx = int(sysfs(dev, "ifindex"))
        ports[dev] = pno
        rows[PORT_IFINDEX + (pno,)] = ("integer", str(idx))
        rows[IF_NAME + (idx,)] = ("string", dev)
        alias = sysfs(dev, "ifalias")
        if alias:
            rows[IF_ALIAS + (idx,)] = ("string", alias)
    if LLDP_FILE and os.path.exists(LLDP_FILE):
        for line in open(LLDP_FILE):
            w = line.split()
            if len(w) != 4 or w[0] not in ports:
                continue
            idx = (0, ports[w[0]], 1)
            rows[LLDP_REM + (5,) + idx] = octets(bytes(int(x, 16) for x in w[2].split(":")))
            rows[LLDP_REM + (9,) + idx] = ("string", w[1])
            rows[LLDP_REM + (12,) + idx] = octets(bytes.fromhex(w[3]))
    fdb_of_vlan = {}
    if VLAN_FILE and os.path.exists(VLAN_FILE):
        for line in open(VLAN_FILE):
            w = line.split()
            if len(w) == 2:
                fdb_of_vlan[int(w[0])] = int(w[1])
                rows[Q_VLAN_FDB_ID + (0, int(w[0]))] = ("gauge", w[1])
    out = subprocess.run(["bridge", "-j", "fdb", "show", "br", BR], capture_output=True, text=True).stdout
    for e in json.loads(out or "[]"):
        if e.get("master") != BR and "master" in e:
            continue
        if "permanent" in (e.get("state") or "") or e.get("ifname") not in ports:
            continue
        m = mac_oid(e["mac"])
        if m[0] & 1:
            continue
        rows[FDB_PORT + m] = ("integer", str(ports[e["ifname"]]))
        vlan = e.get("vlan", PVID)
        rows[Q_FDB_PORT + (fdb_of_vlan.get(vlan, vlan),) + m] = ("integer", str(ports[e["ifname"]]))
    return rows


def parse(s):
    return tuple(int(x) for x in s.strip().strip(".").split(".") if x != "")


def main():
    out = sys.stdout
    while True:
        cmd = sys.stdin.readline()
        if not cmd:
            return
        cmd = cmd.strip()
        if cmd == "PING":
            out.write("PONG\n")
        elif cmd in ("get", "getnext"):
            want = parse(sys.stdin.readline())
            rows = table()
            if cmd == "get":
                hit = want if want in rows else None
            else:
                hit = next((k for k in sorted(rows) if k > want), None)
            if hit is None:
                out.write("NONE\n")
            else:
                t, v = rows[hit]
                out.write("." + ".".join(map(str, hit)) + "\n" + t + "\n" + v + "\n")
        elif cmd == "set":
            sys.stdin.readline()
            sys.stdin.readline()
            out.write("not-writable\n")
        else:
            out.write("NONE\n")
        out.flush()


if __name__ == "__main__":
    main()
