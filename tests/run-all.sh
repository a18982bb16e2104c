#!/bin/sh
# SPDX-License-Identifier: ISC
# Runs every test suite of `make check` and prints one closing line:
#   N passed, N failed
# Each suite prints its own "SUITE: N passed, N failed" line; a suite that
# exits nonzero without one counts as one failure. A suite that cannot run
# here (e.g. no network namespaces) prints SKIPPED with the reason and counts
# as neither.
set -u
cd "$(dirname "$0")/.."
# One suite a line, so that adding one is a one-line change.
DEFAULT_SUITES="
tests/tree/run-tree.sh
tests/layout/check-layout.sh
tests/pkg/run-man.sh
tests/pkg/run-units.sh
tests/unit/run-unit.sh
tests/cli/run-cli.sh
tests/cli/run-syslog.sh
tests/pcap/run-golden.sh
tests/pcap/run-tshark-diff.sh
tests/pcap/run-corpus.sh
tests/fuzz/run-fuzz.sh
tests/infer/run-infer.sh
tests/scenarios/run-scenarios.sh
tests/collector/run-ledger.sh
tests/collector/run-exports.sh
tests/collector/run-store-pg.sh
tests/collector/run-cli.sh
tests/collector/run-api.sh
tests/deliver/run-deliver.sh
tests/deliver/run-privsep.sh
tests/deliver/run-flood.sh
tests/lab/run-lab.sh
tests/lab/locate.sh
tests/lab/probes.sh
tests/pkg/run-deb.sh
"
SUITES="${SUITES:-$DEFAULT_SUITES}"
total_pass=0
total_fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for s in $SUITES; do
	[ -f "$s" ] || { echo "== $s: not present yet"; continue; }
	echo "== $s"
	sh "$s" 2>&1 | tee "$log"
	line=$(grep -E '^([A-Za-z_-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		if grep -q '^SKIPPED' "$log"; then
			continue
		fi
		echo "!! $s printed no result line: counted as 1 failure"
		total_fail=$((total_fail + 1))
		continue
	fi
	p=$(echo "$line" | sed -E 's/^([A-Za-z_-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\2/')
	f=$(echo "$line" | sed -E 's/^([A-Za-z_-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\3/')
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
