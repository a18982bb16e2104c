#!/bin/sh
# SPDX-License-Identifier: ISC
# run-ledger.sh - the line sheet import tests with their generated sheets.
# Writes the XLSX sheets with tests/collector/make-sheets.py (python3-openpyxl)
# into a temporary folder, then runs the ledger cmocka binaries (plain and
# sanitized, whichever are built) with EW_LEDGER_SHEETS pointing there.
# Without python3-openpyxl the XLSX cases say SKIPPED. Last line:
#   ledger: N passed, N failed
set -u
cd "$(dirname "$0")/../.."
pass=0
fail=0
skipped=0
dir=$(mktemp -d "${TMPDIR:-/tmp}/ew-ledger.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
py=
for p in /usr/bin/python3 python3; do
	if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import openpyxl' 2>/dev/null; then
		py=$p
		break
	fi
done
if [ -n "$py" ] && "$py" tests/collector/make-sheets.py "$dir" >/dev/null; then
	export EW_LEDGER_SHEETS="$dir"
else
	echo "SKIPPED (XLSX cases): python3-openpyxl is not installed"
fi
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ran=0
for bin in build/tests/collector/test_ledger build/tests/collector/test_ledger_xlsx \
	build/san/tests/collector/test_ledger build/san/tests/collector/test_ledger_xlsx; do
	[ -x "$bin" ] || continue
	ran=$((ran + 1))
	out=$("$bin" 2>&1)
	rc=$?
	p=$(printf '%s\n' "$out" | sed -nE 's/^\[  PASSED  \] ([0-9]+) test.*/\1/p' | tail -n 1)
	f=$(printf '%s\n' "$out" | sed -nE 's/^\[  FAILED  \] ([0-9]+) test.*/\1/p' | tail -n 1)
	s=$(printf '%s\n' "$out" | sed -nE 's/^\[  SKIPPED \] ([0-9]+) test.*/\1/p' | tail -n 1)
	p=${p:-0}
	f=${f:-0}
	s=${s:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed or a sanitizer stopped it before cmocka's summary
	fi
	if [ "$f" -ne 0 ]; then
		echo "FAIL $bin"
		printf '%s\n' "$out" | grep -vE '^\[ +(RUN|OK) +\]' | tail -n 40
	else
		echo "ok   $bin ($p passed, $s skipped)"
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	skipped=$((skipped + s))
done
if [ "$ran" -eq 0 ]; then
	echo "SKIPPED: the ledger tests are not built (make unit san)"
	exit 0
fi
[ "$skipped" -eq 0 ] || echo "($skipped cases skipped: a sample or generated sheet is absent, see above)"
echo "ledger: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
