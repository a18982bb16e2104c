#!/bin/sh
# SPDX-License-Identifier: ISC
# run-corpus.sh - robustness: the ASan+UBSan agent (build/san/egresswatch-agent,
# `make san`) reads EVERY file under ../shared/pcaps/ (dev/ and corpus/) and
# the project's own captures (tests/regress/, data/), once with --events and once in report mode, output to /dev/null.
#
# A file passes when neither run produced a sanitizer report, was killed by a
# signal, or hung (CORPUS_TIMEOUT seconds, default 120). Refusals are fine and
# counted by category: unsupported link type, unreadable file, truncated or
# corrupt capture. Files run two at a time (CORPUS_JOBS, default 2);
# CORPUS_MATCH (an extended regex on the path) picks a subset.
# Prints "corpus: N passed, N failed" (one case per file).
set -u
. "$(dirname "$0")/common.sh"
cd "$ROOT" || exit 2

AGENT=${EW_AGENT_SAN:-build/san/egresswatch-agent}
JOBS=${CORPUS_JOBS:-2}
TIMEOUT=${CORPUS_TIMEOUT:-120}

dirs="tests/regress"
if ew_have_shared; then
	dirs="$SHARED/pcaps $dirs"
else
	echo "SKIPPED: no capture set at $SHARED/pcaps (the shared/ folder beside the clone; set EW_SHARED); tests/regress only"
fi
if [ ! -x "$AGENT" ]; then
	echo "$AGENT is not built (run make san)"
	echo "corpus: 0 passed, 1 failed"
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
# The agent drops to an unprivileged user when started as root; the
# sanitizers must still be able to write their logs here.
mkdir "$tmp/logs" "$tmp/res"
chmod 711 "$tmp"
chmod 1777 "$tmp/logs"

# One worker per file: prints nothing, writes $tmp/res/<key> with one line
#   <verdict> <events-category> <report-category> <file>
cat >"$tmp/worker.sh" <<'EOF'
f=$1
key=$(printf '%s' "$f" | sed -e 's|.*/pcaps/||' -e 's|^tests/||' -e 's|[^A-Za-z0-9._-]|_|g')
run() { # mode label args...
	mode=$1
	shift
	log="$LOGS/$key.$mode"
	ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:exitcode=99:log_path=$log" \
	UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=98:log_path=$log" \
		timeout -k 5 "$TIMEOUT" "$AGENT" -r "$f" "$@" >/dev/null 2>"$log.stderr" </dev/null
	rc=$?
	cat=ok
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		cat=HANG
	elif [ "$rc" -gt 128 ]; then
		cat="SIGNAL$((rc - 128))"
	elif [ "$rc" -eq 99 ] || [ "$rc" -eq 98 ]; then
		cat=SANITIZER
	elif [ "$rc" -ne 0 ]; then
		if grep -q 'unsupported link type' "$log.stderr"; then
			cat=linktype
		elif grep -q 'truncated or corrupt' "$log.stderr"; then
			cat=truncated
		elif grep -qE 'not a pcap|not a readable|Permission denied|empty file|not a regular file' "$log.stderr"; then
			cat=unreadable
		else
			cat="EXIT$rc"
		fi
	fi
	# a report can also reach stderr when the log file could not be opened
	if ls "$log".[0-9]* >/dev/null 2>&1 || grep -qE 'runtime error|Sanitizer|ERROR: ' "$log.stderr"; then
		cat=SANITIZER
	fi
	case "$cat" in
	ok | linktype | truncated | unreadable) rm -f "$log.stderr" ;;
	esac
	echo "$cat"
}
ce=$(run events --events)
cr=$(run report)
verdict=ok
for c in $ce $cr; do
	case "$c" in
	ok | linktype | truncated | unreadable) ;;
	*) verdict=FAIL ;;
	esac
done
echo "$verdict $ce $cr $f" >"$RES/$key"
EOF

# shellcheck disable=SC2086
{
	find $dirs -type f ! -name '*.tsv' ! -name '*.md' ! -name '*.py'
	find data -type f \( -name '*.pcap' -o -name '*.pcapng' \) 2>/dev/null
} | sort | grep -E -- "${CORPUS_MATCH:-.}" >"$tmp/files"
n=$(wc -l <"$tmp/files")
echo "corpus: $n files under $dirs, $JOBS at a time, --events and report mode"
start=$(date +%s)
tr '\n' '\0' <"$tmp/files" |
	AGENT="$AGENT" TIMEOUT="$TIMEOUT" LOGS="$tmp/logs" RES="$tmp/res" \
		xargs -0 -n 1 -P "$JOBS" sh "$tmp/worker.sh"
end=$(date +%s)

cat "$tmp/res"/* >"$tmp/all" 2>/dev/null
done_n=$(wc -l <"$tmp/all")
pass=$(grep -c '^ok ' "$tmp/all")
fail=$(grep -c '^FAIL ' "$tmp/all")
missing=$((n - done_n))
if [ "$missing" -gt 0 ]; then
	echo "!! $missing files have no result (worker died)"
	fail=$((fail + missing))
fi

echo "by category (events mode / report mode):"
for mode in 2 3; do
	label=events
	[ "$mode" = 3 ] && label=report
	printf '  %-7s' "$label"
	cut -d' ' -f "$mode" "$tmp/all" | sort | uniq -c | awk '{ printf " %s=%s", $2, $1 } END { print "" }'
done
if [ "$fail" -gt 0 ]; then
	echo "failures:"
	grep '^FAIL ' "$tmp/all" | while read -r _ ce cr f; do
		echo "FAIL $f (events: $ce, report: $cr)"
		key=$(printf '%s' "$f" | sed -e 's|.*/pcaps/||' -e 's|^tests/||' -e 's|[^A-Za-z0-9._-]|_|g')
		for l in "$tmp/logs/$key".*; do
			[ -f "$l" ] || continue
			echo "--- $l"
			grep -vE '^ +0x|^Shadow|^  [A-Z][a-z]' "$l" | sed -n '1,25p'
		done
	done
fi
echo "corpus: finished in $((end - start)) s"
echo "corpus: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
