#!/bin/sh
# SPDX-License-Identifier: ISC
# demo.sh - `make demo`: the agent over the bundled lab capture, then a short
# human summary of its report.
set -eu
cd "$(dirname "$0")/.."
out=build/demo-report.json
echo "== egresswatch-agent -r data/demo.pcapng -c data/demo.conf --evidence build/demo-evidence -o $out"
rm -rf build/demo-evidence
build/egresswatch-agent -r data/demo.pcapng -c data/demo.conf --evidence build/demo-evidence -o "$out"
python3 tools/report-summary.py "$out"
echo "== full report: $out; evidence captures (open in Wireshark): build/demo-evidence/"
