#!/bin/sh
# SPDX-License-Identifier: ISC
# Runs every cmocka unit test binary, normal and ASan+UBSan builds.
set -u
cd "$(dirname "$0")/../.."
pass=0
fail=0
ran=0
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
for bin in build/tests/test_* build/san/tests/test_* build/tests/collector/test_* build/san/tests/collector/test_*; do
	[ -x "$bin" ] || continue
	ran=$((ran + 1))
	out=$("$bin" 2>&1)
	rc=$?
	p=$(printf '%s\n' "$out" | sed -nE 's/^\[  PASSED  \] ([0-9]+) test.*/\1/p' | tail -n 1)
	f=$(printf '%s\n' "$out" | sed -nE 's/^\[  FAILED  \] ([0-9]+) test.*/\1/p' | tail -n 1)
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed or a sanitizer stopped it before cmocka's summary
	fi
	if [ "$f" -ne 0 ]; then
		echo "FAIL $bin"
		printf '%s\n' "$out" | grep -vE '^\[ +(RUN|OK) +\]' | tail -n 40
	else
		echo "ok   $bin ($p)"
	fi
	pass=$((pass + p))
	fail=$((fail + f))
done
# no test binary built is a failure, not "0 passed, 0 failed"
if [ "$ran" -eq 0 ]; then
	echo "FAIL no unit test binary under build/ (make unit)"
	fail=$((fail + 1))
fi
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
