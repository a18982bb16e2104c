#!/bin/sh
# SPDX-License-Identifier: ISC
# Validates inference reports against include/egresswatch/report.schema.json
# (JSON Schema draft 2020-12, python3-jsonschema):
#  - the reports the infer unit tests write (EW_INFER_REPORT_DIR),
#  - the agent's report on every capture in the shared dev/ folder,
#  - no unlisted candidate on the benign captures of tests/infer/BENIGN.tsv,
#  - broken copies of a valid report, each of which must FAIL validation
#    (proof that the schema can fail: a missing field is caught).
# Prints "infer: N passed, N failed"; SKIPPED when python3-jsonschema is missing.
set -u
cd "$(dirname "$0")/../.."
if ! python3 -c 'import jsonschema' 2>/dev/null; then
	echo "SKIPPED: python3-jsonschema not installed (make check-deps)"
	exit 0
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0

# 1. reports from the unit tests
mkdir -p "$dir/unit"
for t in build/tests/test_infer build/tests/test_infer_evidence build/tests/test_infer_flood build/tests/test_infer_wayout; do
	if [ ! -x "$t" ]; then
		echo "FAIL $t: not built (make unit)"
		fail=$((fail + 1))
		continue
	fi
	if ! EW_INFER_REPORT_DIR="$dir/unit" "$t" >"$dir/log" 2>&1; then
		echo "FAIL $t exited nonzero"
		tail -n 20 "$dir/log"
		fail=$((fail + 1))
	fi
done

# 2. the agent's report on real captures (whatever the dissectors make of them)
mkdir -p "$dir/agent"
agent=build/egresswatch-agent
pcaps=../shared/pcaps/dev
[ -d "$pcaps" ] || pcaps=/work/shared/pcaps/dev
if [ -x "$agent" ] && [ -d "$pcaps" ]; then
	fp=""
	[ -f data/fingerprints.conf ] && fp="--fingerprints data/fingerprints.conf"
	for f in "$pcaps"/*.pcap "$pcaps"/*.pcapng; do
		[ -f "$f" ] || continue
		name=$(basename "$f")
		# shellcheck disable=SC2086
		"$agent" -r "$f" $fp --agent-id infer-test -o "$dir/agent/$name.json" 2>"$dir/err" >/dev/null
		if [ ! -s "$dir/agent/$name.json" ]; then
			rm -f "$dir/agent/$name.json"
			if grep -qE "unsupported link type|not a pcap|not a readable pcap" "$dir/err"; then
				continue # not a capture the agent reads: nothing to validate
			fi
			echo "FAIL agent wrote no report for $name: $(head -c 200 "$dir/err")"
			fail=$((fail + 1))
		fi
	done
else
	echo "note: $agent or $pcaps missing; agent reports not checked"
fi

# 3. the benign captures (tests/infer/BENIGN.tsv says why each is): no unlisted candidate
#    (infrastructure: true is LAN gear with no way out seen, not an unlisted way out)
if [ -x "$agent" ] && [ -d "$pcaps" ]; then
	while IFS='	' read -r name why; do
		case "$name" in '#'* | '') continue ;; esac
		if [ ! -f "$pcaps/$name" ]; then
			echo "FAIL benign $name: not in $pcaps"
			fail=$((fail + 1))
			continue
		fi
		n=$(python3 -c 'import json,sys; print(sum(1 for c in json.load(open(sys.argv[1]))["candidates"] if not c["declared"] and not c["infrastructure"]))' "$dir/agent/$name.json" 2>/dev/null)
		if [ "$n" = "0" ]; then
			echo "ok   benign $name: no unlisted candidate ($why)"
			benign_ok=$((${benign_ok:-0} + 1))
		else
			echo "FAIL benign $name: ${n:-no report} unlisted candidate(s) ($why)"
			fail=$((fail + 1))
		fi
	done <tests/infer/BENIGN.tsv
fi

# 4. validate, and break copies of a report on purpose
python3 - "$dir" "$fail" "${benign_ok:-0}" <<'PY'
import copy, glob, json, os, sys
import jsonschema

d, failed = sys.argv[1], int(sys.argv[2])
with open("include/egresswatch/report.schema.json") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
passed = int(sys.argv[3])  # the benign captures that passed above

def check(name, doc, want_valid):
    global passed, failed
    errs = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
    if (not errs) == want_valid:
        passed += 1
        return
    failed += 1
    if want_valid:
        e = errs[0]
        print("FAIL %s: %s at /%s" % (name, e.message[:200], "/".join(map(str, e.path))))
    else:
        print("FAIL %s: the broken report was accepted" % name)

files = sorted(glob.glob(os.path.join(d, "unit", "*.json"))) + sorted(glob.glob(os.path.join(d, "agent", "*.json")))
if len(glob.glob(os.path.join(d, "unit", "*.json"))) < 10:
    print("FAIL only %d unit-test reports were written" % len(glob.glob(os.path.join(d, "unit", "*.json"))))
    failed += 1
for p in files:
    try:
        with open(p) as f:
            doc = json.load(f)
    except ValueError as e:
        print("FAIL %s: not JSON: %s" % (p, e))
        failed += 1
        continue
    check(os.path.relpath(p, d), doc, True)

# A report with candidates, evidence and a VLAN to break.
base = None
for name in ("rogue_dhcp.json", "offsubnet.json"):
    p = os.path.join(d, "unit", name)
    if os.path.exists(p):
        with open(p) as f:
            base = json.load(f)
        break
if base is None or not base["candidates"]:
    print("FAIL no report with candidates to break")
    failed += 1
else:
    def broken(label, fn):
        doc = copy.deepcopy(base)
        fn(doc)
        check("broken: " + label, doc, False)
    c = lambda doc: doc["candidates"][0]
    broken("no hosts_seen", lambda doc: doc.pop("hosts_seen"))
    broken("no report_id", lambda doc: doc.pop("report_id"))
    broken("no limits", lambda doc: doc.pop("limits"))
    broken("no agent.id", lambda doc: doc["agent"].pop("id"))
    broken("no window.end", lambda doc: doc["window"].pop("end"))
    broken("no capture.dropped", lambda doc: doc["capture"].pop("dropped"))
    broken("no subnet from", lambda doc: doc["subnets"][0].pop("from") if doc["subnets"] else doc.update(subnets=[{"prefix": "10.0.0.0/8"}]))
    for key in ("mac", "vlan", "declared", "vendor", "ipv4", "ipv6", "class", "confidence", "class_confidence",
                "infrastructure", "way_out", "roles", "reason",
                "first_seen", "last_seen", "inside_hosts", "remote_addrs", "mac_local", "evidence"):
        broken("no candidate " + key, lambda doc, key=key: c(doc).pop(key))
    broken("no evidence detail", lambda doc: c(doc)["evidence"][0].pop("detail"))
    broken("no evidence count", lambda doc: c(doc)["evidence"][0].pop("count"))
    broken("dhcp_offer without routers", lambda doc: [e["detail"].pop("routers") for e in c(doc)["evidence"] if e["kind"] == "dhcp_offer"] or doc.pop("schema"))
    broken("wrong schema name", lambda doc: doc.update(schema="egresswatch.report/2"))
    broken("report_id not a uuid", lambda doc: doc.update(report_id="12345"))
    broken("confidence 1.5", lambda doc: c(doc).update(confidence=1.5))
    broken("class_confidence -0.1", lambda doc: c(doc).update(class_confidence=-0.1))
    broken("infrastructure not a boolean", lambda doc: c(doc).update(infrastructure="no"))
    broken("unknown way_out behaviour", lambda doc: c(doc).update(way_out=["hunch"]))
    broken("vlan 0", lambda doc: c(doc).update(vlan=0))
    broken("unknown class", lambda doc: c(doc).update({"class": "toaster"}))
    broken("bad time", lambda doc: c(doc).update(first_seen="yesterday"))
    broken("bad mac", lambda doc: c(doc).update(mac="00-3A-9D-00-00-99"))
    broken("unknown evidence kind", lambda doc: c(doc)["evidence"][0].update(kind="vibes"))
    broken("extra top-level field", lambda doc: doc.update(extra=1))
    broken("negative packets", lambda doc: doc["capture"].update(packets=-1))
    # "helpers" (optional): each helper running, or stopped with since and reason
    stopped = {"state": "stopped", "since": "2026-11-30T05:40:01.000000Z", "reason": "killed by signal 9 (SIGKILL)"}
    broken("helpers empty", lambda doc: doc.update(helpers={}))
    broken("helper of no known name", lambda doc: doc.update(helpers={"sender": {"state": "running"}}))
    broken("helper stopped without a reason", lambda doc: doc.update(helpers={"prober": {k: stopped[k] for k in ("state", "since")}}))
    broken("helper running with a reason", lambda doc: doc.update(helpers={"prober": {"state": "running", "reason": "x"}}))
    broken("helper state unknown", lambda doc: doc.update(helpers={"locator": dict(stopped, state="dead")}))
    if len([p for p in files if os.path.basename(p).startswith("helpers")]) < 2:
        print("FAIL the unit tests wrote no report with helpers")
        failed += 1
    else:
        passed += 1
print("infer: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
