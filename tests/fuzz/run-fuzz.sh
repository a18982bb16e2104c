#!/bin/sh
# SPDX-License-Identifier: ISC
# run-fuzz.sh - runs every libFuzzer harness (build/fuzz/fuzz_*, built by
# `make check` / `make fuzz` from tests/fuzz/fuzz_*.c) for FUZZ_SECONDS each
# (default 10; `make fuzz` sets 300), FUZZ_JOBS at a time (default 2), with
# -max_len=4096. Seeds come from the real captures (../shared/pcaps, see
# make_seeds.py) and tests/regress/, written to tests/fuzz/corpus-NAME/
# (gitignored; libFuzzer adds what it finds). A harness fails when libFuzzer
# reports a crash, sanitizer report, leak, timeout or OOM; its reproducer is
# kept in build/fuzz/artifacts/ (turn it into a tests/regress capture).
# Arguments, if any, name harnesses to run (e.g. fuzz_dhcp4).
# Prints "fuzz: N passed, N failed" (one case per harness).
set -u
. "$(dirname "$0")/../pcap/common.sh"
cd "$ROOT" || exit 2

SECONDS_EACH=${FUZZ_SECONDS:-10}
JOBS=${FUZZ_JOBS:-2}
ART=build/fuzz/artifacts

bins=""
if [ $# -gt 0 ]; then
	for n in "$@"; do bins="$bins build/fuzz/$n"; done
else
	for src in tests/fuzz/fuzz_*.c tests/fuzz/collector/fuzz_*.c; do
		[ -f "$src" ] || continue
		n=$(basename "$src" .c)
		bins="$bins build/fuzz/$n"
	done
fi
missing=""
for b in $bins; do
	[ -x "$b" ] || missing="$missing $b"
done
if [ -n "$missing" ]; then
	if ! command -v "${CLANG:-clang}" >/dev/null 2>&1; then
		echo "SKIPPED: clang is not installed, so the libFuzzer harnesses cannot be built"
		exit 0
	fi
	echo "not built (run make fuzz or make check):$missing"
	set -- $missing
	echo "fuzz: 0 passed, $# failed"
	exit 1
fi

# Seeds: always rebuilt from the captures, so every run starts the same.
rm -rf tests/fuzz/corpus-*
seed_src="tests/regress"
if ew_have_shared; then
	seed_src="$SHARED/pcaps $seed_src"
else
	echo "note: no $SHARED/pcaps; seeds from tests/regress only"
fi
# shellcheck disable=SC2086
python3 tests/fuzz/make_seeds.py tests/fuzz $seed_src | tr -s ' ' | tr '\n' ';' | sed 's/;$/\n/'

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$ART"

cat >"$tmp/worker.sh" <<'EOF'
bin=$1
n=$(basename "$bin")
proto=${n#fuzz_}
corpus=tests/fuzz/corpus-$proto
mkdir -p "$corpus"
# The fuzzer's own timeout per input is generous: a slow input under ASan is
# not a hang; a loop that never ends is.
ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0" \
UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
	"$bin" -max_len=4096 -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
	-error_exitcode=77 -timeout_exitcode=78 -print_final_stats=1 \
	-artifact_prefix="$ART/$n-" "$corpus" >"$TMPD/$n.log" 2>&1
echo "$?" >"$TMPD/$n.rc"
EOF

echo "fuzz: $(echo $bins | wc -w) harnesses, ${SECONDS_EACH} s each, $JOBS at a time"
echo $bins | tr ' ' '\n' | SECS="$SECONDS_EACH" ART="$ART" TMPD="$tmp" xargs -n 1 -P "$JOBS" sh "$tmp/worker.sh"

pass=0
fail=0
total_runs=0
for b in $bins; do
	n=$(basename "$b")
	log="$tmp/$n.log"
	rc=$(cat "$tmp/$n.rc" 2>/dev/null || echo 255)
	runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -n 1)
	secs=$(sed -nE 's/^stat::.*//; s/^Done [0-9]+ runs in ([0-9]+) second.*/\1/p' "$log" | tail -n 1)
	cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1 | cut -d' ' -f2)
	units=$(ls "tests/fuzz/corpus-${n#fuzz_}" 2>/dev/null | wc -l)
	runs=${runs:-0}
	secs=${secs:-$SECONDS_EACH}
	[ "$secs" -gt 0 ] || secs=1
	total_runs=$((total_runs + runs))
	if [ "$rc" -eq 0 ]; then
		printf 'ok   %-16s %9d execs in %3d s (%6d/s), cov %5s, corpus %d\n' "$n" "$runs" "$secs" \
			$((runs / secs)) "${cov:-?}" "$units"
		pass=$((pass + 1))
	else
		echo "FAIL $n (exit $rc) after $runs execs"
		grep -E '^==[0-9]+==ERROR|SUMMARY|runtime error|ALARM|Test unit written|^artifact_prefix|does not parse back' "$log" | sed -n '1,12p'
		# the first stack (where it happened), not the allocation's
		awk '/^ +#[0-9]+ /{ print; s = 1; next } s { exit }' "$log" | sed -n '1,12p'
		fail=$((fail + 1))
	fi
done
echo "fuzz: $total_runs executions in total"
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
