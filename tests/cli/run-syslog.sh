#!/bin/sh
# SPDX-License-Identifier: ISC
# run-syslog.sh - `--log syslog`: every runtime diagnostic of the agent (and
# of the collector's serve) reaches syslog at its priority, and nothing is
# left on stderr; --check-config, and errors found before --log is read,
# stay on stderr.
#
# The test runs itself again inside a private mount namespace (unshare -m)
# where /dev is a bind-mounted folder holding the few devices a program
# needs and /dev/log is a UNIX datagram socket bound by
# tests/cli/syslog-listen.py: the machine's own syslog, if any, is never
# touched. The live agent captures on the loopback of a network namespace
# this test makes and deletes. Root only. Ends with "syslog: N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
ROOT=$(pwd)
AGENT=${EW_AGENT:-$ROOT/build/egresswatch-agent}
COLLECTOR=${EW_COLLECTOR:-$ROOT/build/egresswatch-collector}

if [ "${EW_SYSLOG_INNER:-}" != 1 ]; then
	for x in unshare ip python3; do
		command -v $x >/dev/null 2>&1 || { echo "SKIPPED: $x is missing"; exit 0; }
	done
	[ "$(id -u)" -eq 0 ] || { echo "SKIPPED: not root (mount and network namespaces)"; exit 0; }
	if [ ! -x "$AGENT" ] || [ ! -x "$COLLECTOR" ]; then
		echo "$AGENT or $COLLECTOR is not built (run make all)"
		echo "syslog: 0 passed, 1 failed"
		exit 1
	fi
	unshare -m true 2>/dev/null || { echo "SKIPPED: cannot make a mount namespace"; exit 0; }
	T=$(mktemp -d)
	trap 'rm -rf "$T"' EXIT INT TERM
	EW_SYSLOG_INNER=1 T=$T unshare -m sh "$0"
	rc=$?
	grep -q '^syslog: ' "$T/result" 2>/dev/null || { echo "syslog: 0 passed, 1 failed"; exit 1; }
	cat "$T/result"
	exit $rc
fi

# ---- inside the mount namespace ------------------------------------------
NETNS="ewsyslog$$"
LISTENER=""
APID=""
CPID=""
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	[ -n "$APID" ] && kill "$APID" 2>/dev/null
	[ -n "$CPID" ] && kill "$CPID" 2>/dev/null
	[ -n "$LISTENER" ] && kill "$LISTENER" 2>/dev/null
	ip netns del "$NETNS" 2>/dev/null
}
trap cleanup EXIT INT TERM
pass=0
fail=0
check() { # NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then
		pass=$((pass + 1))
		echo "ok   $1"
	else
		fail=$((fail + 1))
		echo "FAIL $1: got \"$3\", expected \"$2\""
	fi
}
finish() {
	echo "syslog: $pass passed, $fail failed" >"$T/result"
	[ "$fail" -eq 0 ]
	exit $?
}

mount --make-rprivate / || { fail=1; echo "FAIL mount --make-rprivate /"; finish; }
chmod 755 "$T" # the agent reads its config file again as nobody/egresswatch
mkdir "$T/dev"
for d in null zero full random urandom; do
	touch "$T/dev/$d" && mount --bind "/dev/$d" "$T/dev/$d"
done
ln -s /proc/self/fd "$T/dev/fd"
mount --rbind "$T/dev" /dev || { fail=1; echo "FAIL bind-mount of /dev"; finish; }
LOG=$T/syslog.txt
: >"$LOG"
python3 "$ROOT/tests/cli/syslog-listen.py" /dev/log "$LOG" &
LISTENER=$!
i=0
while [ ! -S /dev/log ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ -S /dev/log ] || { fail=1; echo "FAIL the stand-in syslog did not start"; finish; }
chmod 666 /dev/log # the agent's parser runs as an unprivileged user

# logged LINE [SECONDS]: waits until the log holds LINE ("SEV FAC TAG: text",
# SEV 3 err, 4 warning, 6 info; FAC 3 daemon); prints 1 if it came, else 0
logged() {
	i=0
	while [ $i -lt $((${2:-3} * 10)) ]; do
		grep -qxF "$1" "$LOG" && { echo 1; return; }
		sleep 0.1
		i=$((i + 1))
	done
	echo 0
}
E="3 3 egresswatch-agent:"
W="4 3 egresswatch-agent:"
I="6 3 egresswatch-agent:"
CAP=$ROOT/data/demo.pcapng

# ---- file mode: one error each, at err, none on stderr ----
printf 'not a capture\n' >"$T/notcap"
"$AGENT" -r "$T/notcap" --log syslog -o /dev/null 2>"$T/err"
check "a bad capture file is exit 2" 2 $?
check "a bad capture file is logged at err" 1 "$(logged "$E $T/notcap: not a pcap/pcapng capture: unknown file format")"
check "a bad capture file: nothing on stderr" "" "$(cat "$T/err")"

"$AGENT" -r "$CAP" --log syslog -o /dev/full 2>"$T/err"
check "a full disk is exit 2" 2 $?
check "a full disk is logged at err" 1 "$(logged "$E /dev/full: write error: No space left on device")"
check "a full disk: nothing on stderr" "" "$(cat "$T/err")"

"$AGENT" -r "$CAP" --log syslog -o /dev/null --oui-dir "$T/no-oui" 2>"$T/err"
check "a missing OUI folder is not fatal" 0 $?
check "a missing OUI folder is logged at warning" 1 \
	"$(grep -c "^$W warning: .*; vendors will be \"unknown\"$" "$LOG")"
check "a missing OUI folder: nothing on stderr" "" "$(cat "$T/err")"

mkdir "$T/evidence"
chmod 755 "$T/evidence" # root's: not writable by the user the agent drops to
"$AGENT" -r "$CAP" --log syslog -o /dev/null --evidence "$T/evidence" 2>"$T/err"
check "an evidence folder the agent cannot write is exit 2" 2 $?
check "an evidence folder the agent cannot write is logged at err" 1 \
	"$(grep -c "^$E $T/evidence: not writable by [a-z]*: Permission denied$" "$LOG")"
check "an evidence folder: nothing on stderr" "" "$(cat "$T/err")"

# ---- before --log is read, and --check-config: stderr, not the log ----
printf 'subnet 10.0.0.0/8\nbogus 1\n' >"$T/bad.conf"
"$AGENT" -r "$CAP" -c "$T/bad.conf" --log syslog -o /dev/null 2>"$T/err"
check "a bad config file at start is exit 2" 2 $?
check "a bad config file at start: FILE:LINE on stderr" \
	"egresswatch-agent: $T/bad.conf:2: unknown setting \"bogus\"" "$(cat "$T/err")"
"$AGENT" --check-config -c "$T/bad.conf" --log syslog 2>"$T/err"
check "--check-config of a bad file is exit 2" 2 $?
check "--check-config: FILE:LINE on stderr" \
	"egresswatch-agent: $T/bad.conf:2: unknown setting \"bogus\"" "$(cat "$T/err")"
check "neither reached the log" 0 "$(grep -c 'bogus' "$LOG")"

# ---- live, privilege-separated and sandboxed: a SIGHUP reload's errors ----
ip netns add "$NETNS" || { fail=$((fail + 1)); echo "FAIL ip netns add"; finish; }
ip -n "$NETNS" link set lo up
printf 'subnet 10.0.0.0/8\nsite HOSP-1\n' >"$T/live.conf"
chmod 644 "$T/live.conf"
ip netns exec "$NETNS" "$AGENT" -i lo -c "$T/live.conf" --log syslog --window 1h -o "$T/live.jsonl" \
	2>"$T/live.err" &
APID=$!
i=0 # the parser is up when the supervisor has a child
while [ -z "$(ps -o pid= --ppid "$APID" 2>/dev/null)" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.5
printf 'subnet 10.0.0.0/8\nwindow 5x\n' >"$T/live.conf"
kill -HUP "$APID" 2>/dev/null
check "SIGHUP: the config file's error is logged at err with FILE:LINE" 1 \
	"$(logged "$E $T/live.conf:2: --window 5x: expected a duration from 1s to 366d, such as 90s, 15m, 2h")"
check "SIGHUP: the running configuration stays (logged at err)" 1 \
	"$(logged "$E SIGHUP: the configuration has errors (above); the running one stays")"
printf 'subnet 10.0.0.0/8\nsite HOSP-2\n' >"$T/live.conf"
kill -HUP "$APID" 2>/dev/null
check "SIGHUP: a good reload is logged at info" 1 \
	"$(logged "$I SIGHUP: configuration and $ROOT/data/fingerprints.conf reloaded")"
check "the parser survived logging from its sandbox" 0 "$(grep -c 'died of signal' "$LOG")"
kill -TERM "$APID" 2>/dev/null
wait "$APID"
check "the live agent stops cleanly (exit 0)" 0 $?
APID=""
check "the live agent: nothing on stderr" "" "$(cat "$T/live.err")"
check "the live agent wrote its reports" 2 "$(wc -l <"$T/live.jsonl" | tr -d ' ')"

ip netns exec "$NETNS" "$AGENT" -i lo --subnet 10.0.0.0/8 --log syslog --filter 'not a filter' -o /dev/null \
	2>"$T/err"
check "a bad capture filter is exit 2" 2 $?
check "a bad capture filter is logged at err" 1 "$(grep -c "^$E filter \"not a filter\": " "$LOG")"
check "a bad capture filter: nothing on stderr" "" "$(cat "$T/err")"

# ---- the collector's serve ----
C="egresswatch-collector"
ip netns exec "$NETNS" "$COLLECTOR" --db "$T/c.db" serve --log syslog --listen 127.0.0.1:18087 2>"$T/cerr" &
CPID=$!
check "serve: its start is logged at info" 1 \
	"$(logged "6 3 $C: listening on 127.0.0.1:18087 (http, 4 threads)" 5)"
kill -TERM "$CPID" 2>/dev/null
wait "$CPID"
CPID=""
check "serve: its stop is logged at info" 1 "$(logged "6 3 $C: signal 15: stopping")"
check "serve: nothing on stderr" "" "$(cat "$T/cerr")"
"$COLLECTOR" --db "$T/c.db" serve --log syslog --listen nowhere 2>"$T/cerr"
check "serve: a bad --listen is exit 1" 1 $?
check "serve: a bad --listen is logged at err" 1 \
	"$(logged "3 3 $C: serve: --listen nowhere: not ADDR:PORT or [ADDR]:PORT with a numeric address")"
"$COLLECTOR" serve --log nowhere 2>"$T/cerr"
check "serve: --log takes syslog or stderr (exit 2)" 2 $?
check "serve: a bad --log is said on stderr" "$C: serve: --log nowhere: expected syslog or stderr" "$(cat "$T/cerr")"

finish
