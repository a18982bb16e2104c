#!/bin/sh
# run-tshark-diff.sh - differential test of our decode against tshark over the
# shared dev captures (those in tests/pcap/MANIFEST), per frame and field; see
# tshark_diff.py. Known, explained disagreements are listed in
# tests/pcap/tshark-allow.txt with reasons in tests/pcap/TSHARK-QUIRKS.md.
set -u
. "$(dirname "$0")/common.sh"
cd "$ROOT" || exit 2

AGENT=${EW_AGENT:-build/egresswatch-agent}
if ! command -v tshark >/dev/null 2>&1; then
	echo "SKIPPED: tshark is not installed (make deps installs it)"
	exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIPPED: python3 is not installed"
	exit 0
fi
if ! ew_have_shared; then
	echo "SKIPPED: no capture set at $SHARED/pcaps (the shared/ folder beside the clone; set EW_SHARED)"
	exit 0
fi
if [ ! -x "$AGENT" ]; then
	echo "$AGENT is not built (run make all)"
	echo "tshark-diff: 0 passed, 1 failed"
	exit 1
fi
echo "tshark: $(tshark --version 2>/dev/null | head -n 1)"
caps=$(awk '$2 ~ /^\.\.\/shared\/pcaps\/dev\// { print $2 }' tests/pcap/MANIFEST | sort -u |
	while read -r c; do ew_resolve "$c"; done)
# shellcheck disable=SC2086 # capture paths have no spaces
exec python3 tests/pcap/tshark_diff.py --agent "$AGENT" --allow tests/pcap/tshark-allow.txt \
	--jobs "${TSHARK_JOBS:-2}" $caps
