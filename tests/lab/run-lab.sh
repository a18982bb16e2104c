#!/bin/sh
# SPDX-License-Identifier: ISC
# run-lab.sh - the virtual hospital: every scenario in its own fresh set of
# namespaces, removed afterwards (also on failure or interrupt).
# Prints "lab: N passed, N failed", or SKIPPED with the reason when this
# machine cannot make namespaces (the rest of `make check` still runs).
set -u
cd "$(dirname "$0")/../.."
LAB_TOP=$(pwd)
export LAB_TOP
. tests/lab/lib.sh
# lib.sh made a working folder for a single run; each scenario below makes its own
rmdir "$LAB_DIR" 2>/dev/null
if ! why=$(lab_can_run); then
	echo "SKIPPED: lab: $why"
	exit 0
fi
for tool in dnsmasq radvd miniupnpd pppoe pppoe-server busybox curl tshark dumpcap tcpreplay tcprewrite mergecap iptables python3 ps sysctl; do
	command -v "$tool" >/dev/null 2>&1 || { echo "SKIPPED: lab: $tool is not installed (make deps installs it)"; exit 0; }
done
[ -x build/egresswatch-agent ] || { echo "lab: build/egresswatch-agent missing (make all)"; echo "lab: 0 passed, 1 failed"; exit 1; }

. tests/lab/scenarios.sh
only="${1:-}"
pass=0
fail=0
times=""
for s in $SCENARIOS; do
	[ -n "$only" ] && [ "$s" != "$only" ] && continue
	echo "-- $s"
	out=$(mktemp)
	(
		LAB="ewl$$${pass}${fail}"
		LAB_DIR=$(mktemp -d /tmp/ewlab.XXXXXX)
		. tests/lab/lib.sh
		. tests/lab/hospital.sh
		. tests/lab/devices.sh
		. tests/lab/scenarios.sh
		trap 'lab_cleanup' EXIT
		trap 'exit 130' INT TERM
		"scenario_$s"
	) >"$out" 2>&1
	rc=$?
	cat "$out"
	t=$(sed -n 's/.*detect_ms=\([0-9]*\).*/\1/p' "$out" | head -n 1)
	rm -f "$out"
	if [ $rc -eq 0 ]; then
		echo "   PASS $s${t:+ (time to detect ${t} ms)}"
		pass=$((pass + 1))
	else
		echo "   FAIL $s"
		fail=$((fail + 1))
	fi
	[ -n "$t" ] && times="$times $s=${t}ms"
done
left=$(ip netns list 2>/dev/null | grep -c '^ewl' || true)
if [ "$left" -ne 0 ]; then
	echo "   FAIL: $left lab namespaces left behind"
	fail=$((fail + 1))
fi
[ -n "$times" ] && echo "lab times to detect:$times"
echo "lab: $pass passed, $fail failed"
[ $fail -eq 0 ]
