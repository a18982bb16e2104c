#!/bin/sh
# SPDX-License-Identifier: ISC
# run-exports.sh - every export format written from a hostile fixture
# (ew-export-sample), then read back as a person's tools would:
# openpyxl (XLSX), Python's csv (CSV, UTF-8 with BOM and CP932), jsonschema
# (JSON), headless Chromium (HTML; screenshot in build/test-output/page.png).
# Also: the compiled class names agree with data/classes-ja.conf.
# Needs `make unit` first. Prints "exports: N passed, N failed" (and how many
# were skipped, and why).
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
PY=${PYTHON:-/usr/bin/python3}
[ -x "$PY" ] || PY=python3
out=$B/test-output/exports
sample=$B/tests/collector/ew-export-sample
pass=0
fail=0
skip=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }

if [ ! -x "$sample" ]; then
	echo "FAIL $sample is not built (make unit)"
	echo "exports: 0 passed, 1 failed"
	exit 1
fi
rm -rf "$out"
mkdir -p "$out"
if "$sample" "$out"; then ok "ew-export-sample writes every format"; else ko "ew-export-sample writes every format"; fi

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
if sh tools/gen-classes-ja.sh data/classes-ja.conf >"$tmp" && cmp -s "$tmp" collector/classes_ja.c; then
	ok "collector/classes_ja.c is generated from data/classes-ja.conf"
else
	ko "collector/classes_ja.c is generated from data/classes-ja.conf (run make)"
fi

EW_SCREENSHOT=$B/test-output/page.png "$PY" tests/collector/check-exports.py "$out" \
	include/egresswatch/reconciliation.schema.json >"$tmp" 2>&1
while IFS= read -r line; do
	case "$line" in
	"ok "*) ok "${line#ok }" ;;
	"FAIL "*) ko "${line#FAIL }" ;;
	"SKIP "*) skip=$((skip + 1)); echo "skip ${line#SKIP }" ;;
	*) echo "     $line" ;;
	esac
done <"$tmp"
grep -qE '^(ok|FAIL|SKIP) ' "$tmp" || ko "check-exports.py ran"

if [ "$skip" -gt 0 ]; then
	echo "exports: $pass passed, $fail failed ($skip skipped: see above)"
else
	echo "exports: $pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
