#!/bin/sh
# SPDX-License-Identifier: ISC
# run-golden.sh - golden pcap tests (tcpdump's TESTLIST style).
#
# Each line of tests/pcap/MANIFEST is one case:
#     NAME  CAPTURE  EXPECTED  [AGENT OPTIONS...]
# CAPTURE is relative to the repository root (../shared/pcaps/... is the
# shared capture set beside the clone) or @unreadable (a file made at test
# time that this user cannot read). The agent runs as
#     build/egresswatch-agent -r CAPTURE OPTIONS
# and the case passes when:
#   - EXPECTED is a file: stdout equals it; stderr equals expected/NAME.stderr
#     (the capture's path written as @CAPTURE@) and the exit status is nonzero
#     when that file exists, else stderr is empty and the exit status is 0;
#   - EXPECTED is "-" (bad input): stdout is empty, the exit status is
#     nonzero, stderr is exactly one line, names the capture, and equals
#     expected/NAME.stderr.
# A signal (crash) always fails. Arguments, if any, select cases by name.
# With EW_GOLDEN_REGEN=1 (tests/pcap/regen.sh) the expected files are
# rewritten instead; the assertions of "-" cases still hold.
set -u
. "$(dirname "$0")/common.sh"
cd "$ROOT" || exit 2

MANIFEST=tests/pcap/MANIFEST
AGENT=${EW_AGENT:-build/egresswatch-agent}
REGEN=${EW_GOLDEN_REGEN:-0}
suite=golden
[ "$REGEN" = 1 ] && suite=regen

if [ ! -x "$AGENT" ]; then
	echo "$AGENT is not built (run make all)"
	echo "$suite: 0 passed, 1 failed"
	exit 1
fi

tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
chmod 755 "$tmp"

pass=0
fail=0
skip_shared=0
skip_other=0
failed_names=""
is_root=0
[ "$(id -u)" -eq 0 ] && is_root=1

case_fail() {
	echo "FAIL $name: $1"
	ok=0
}

# Replaces the capture's path in stderr by @CAPTURE@ so expected files do not
# depend on where the repository lives.
normalize_err() {
	sed -e "s|$(ew_sed_literal "$cap")|@CAPTURE@|g" "$tmp/err"
}

selected() {
	[ $# -eq 0 ] && return 0
	for want in "$@"; do
		[ "$want" = "$name" ] && return 0
	done
	return 1
}

have_shared=1
ew_have_shared || have_shared=0
if [ "$have_shared" = 0 ]; then
	echo "SKIPPED: cases on ../shared/pcaps: not found at $SHARED (set EW_SHARED to the shared/ folder)"
fi

# fd 3 keeps the manifest so the agent's stdin stays untouched
exec 3<"$MANIFEST"
while read -r name capture expected opts <&3; do
	case "$name" in '' | '#'*) continue ;; esac
	selected "$@" || continue
	case "$capture" in
	../shared/*)
		if [ "$have_shared" = 0 ]; then
			skip_shared=$((skip_shared + 1))
			continue
		fi
		;;
	esac
	as=""
	if [ "$capture" = "@unreadable" ]; then
		if [ "$is_root" = 1 ]; then
			# root reads every file: run this case as nobody instead
			if ! command -v setpriv >/dev/null 2>&1; then
				echo "skip $name: running as root and setpriv (util-linux) is missing"
				skip_other=$((skip_other + 1))
				continue
			fi
			as="setpriv --reuid=65534 --regid=65534 --clear-groups"
			chmod 755 "$tmp"
		fi
		cap="$tmp/unreadable.pcap"
		cp tests/regress/bad-truncated-record.pcap "$cap" # not empty: the read must fail, not the size check
		chmod 000 "$cap"
	else
		cap=$(ew_resolve "$capture")
	fi
	experr="tests/pcap/expected/$name.stderr"
	# shellcheck disable=SC2086 # options are words by design
	$as "$AGENT" -r "$cap" $opts >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	ok=1
	if [ "$rc" -gt 128 ]; then
		case_fail "killed by signal $((rc - 128))"
		sed -n '1,40p' "$tmp/err"
	fi
	if [ "$expected" = "-" ]; then
		# bad input: fixed assertions, not golden data
		if [ -s "$tmp/out" ]; then
			case_fail "wrote to stdout on bad input:"
			sed -n '1,5p' "$tmp/out"
		fi
		[ "$rc" -ne 0 ] || case_fail "exit status 0 on bad input"
		nl=$(wc -l <"$tmp/err")
		if [ "$nl" -ne 1 ] || [ "$(tail -c 1 "$tmp/err" | od -An -c | tr -d ' ')" != '\n' ]; then
			case_fail "stderr is $nl lines, expected exactly one:"
			sed -n '1,10p' "$tmp/err"
		elif ! grep -qF -- "$cap" "$tmp/err"; then
			case_fail "stderr does not name the file: $(cat "$tmp/err")"
		fi
	fi
	if [ "$REGEN" = 1 ]; then
		if [ "$ok" = 1 ]; then
			[ "$expected" = "-" ] || cp "$tmp/out" "$expected"
			if [ -s "$tmp/err" ] || [ "$rc" -ne 0 ]; then
				normalize_err >"$experr"
			else
				rm -f "$experr"
			fi
			echo "wrote $name"
			pass=$((pass + 1))
		else
			echo "NOT REGENERATED $name"
			fail=$((fail + 1))
			failed_names="$failed_names $name"
		fi
		continue
	fi
	if [ "$expected" != "-" ]; then
		if [ ! -f "$expected" ]; then
			case_fail "no expected file $expected (run tests/pcap/regen.sh $name)"
		elif ! cmp -s "$expected" "$tmp/out"; then
			case_fail "stdout differs from $expected:"
			diff -u "$expected" "$tmp/out" | sed -n '1,60p'
		fi
	fi
	if [ -f "$experr" ]; then
		[ "$rc" -ne 0 ] || case_fail "exit status 0, expected nonzero (stderr expected)"
		if [ "$expected" != "-" ]; then
			nl=$(wc -l <"$tmp/err")
			[ "$nl" -eq 1 ] || case_fail "stderr is $nl lines, expected exactly one"
			grep -qF -- "$cap" "$tmp/err" || case_fail "stderr does not name the file"
		fi
		normalize_err >"$tmp/nerr"
		if ! cmp -s "$experr" "$tmp/nerr"; then
			case_fail "stderr differs from $experr:"
			diff -u "$experr" "$tmp/nerr" | sed -n '1,20p'
		fi
	else
		[ "$rc" -eq 0 ] || case_fail "exit status $rc"
		if [ -s "$tmp/err" ]; then
			case_fail "unexpected stderr:"
			sed -n '1,10p' "$tmp/err"
		fi
	fi
	if [ "$ok" = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed_names="$failed_names $name"
	fi
done
exec 3<&-

[ "$skip_shared" -gt 0 ] && echo "skipped $skip_shared cases whose capture is under ../shared (not present)"
[ "$skip_other" -gt 0 ] && echo "skipped $skip_other cases that cannot run here"
[ "$fail" -gt 0 ] && echo "failed:$failed_names"
echo "$suite: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
