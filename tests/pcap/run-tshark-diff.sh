#!/bin/sh
# SPDX-License-Identifier: ISC
# run-tshark-diff.sh - differential test of our decode against tshark over the
# captures of tests/pcap/MANIFEST (the shared dev captures and the project's
# own), per frame and field; see
# tshark_diff.py. Known, explained disagreements are listed in
# tests/pcap/tshark-allow.txt with reasons in tests/pcap/TSHARK-QUIRKS.md.
# TSHARK_CORPUS=1 adds the corpus captures that carry a compared protocol.
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
# every capture of a golden case that the agent reads (not the "-" bad-input cases)
caps=$(awk '$1 !~ /^#/ && NF >= 3 && $3 != "-" { print $2 }' tests/pcap/MANIFEST | sort -u |
	while read -r c; do ew_resolve "$c"; done)
if [ "${TSHARK_CORPUS:-0}" = 1 ]; then
	# also the corpus captures that INDEX.tsv says hold a compared protocol (~2 more minutes)
	more=$(awk -F'\t' 'NR > 1 && $1 ~ /^corpus\// && $6 ~ /dhcp|icmpv6_ra|pppoed|arp|lldp|ssdp|vlan/ { print $1 }' \
		"$SHARED/pcaps/INDEX.tsv" | while read -r c; do echo "$SHARED/pcaps/$c"; done)
	caps="$caps $more"
fi
# shellcheck disable=SC2086 # capture paths have no spaces
exec python3 tests/pcap/tshark_diff.py --agent "$AGENT" --allow tests/pcap/tshark-allow.txt \
	--jobs "${TSHARK_JOBS:-2}" $caps
