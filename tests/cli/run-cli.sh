#!/bin/sh
# SPDX-License-Identifier: ISC
# run-cli.sh - the agent's command line and config file: every numeric option
# is range-checked (exit 2, exactly one stderr line naming the option and the
# range, nothing on stdout), in-range values are taken, a full disk is one
# stderr line and exit 2, and the agent finds its data files when run from
# another folder (source tree, or installed).
#
# Cases in the table below: NAME | EXPECTED-STATUS | EXPECTED-STDERR | OPTIONS
# (options after -r data/demo.pcapng -o /dev/null). Config-file cases put
# OPTIONS' first option, without dashes, in a file given with -c. Ends with
# "cli: N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
ROOT=$(pwd)
AGENT=${EW_AGENT:-build/egresswatch-agent}
CAP=data/demo.pcapng
if [ ! -x "$AGENT" ]; then
	echo "$AGENT is not built (run make all)"
	echo "cli: 0 passed, 1 failed"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
chmod 755 "$tmp"
pass=0
fail=0

ok() { pass=$((pass + 1)); }
ko() {
	fail=$((fail + 1))
	echo "FAIL $1: $2"
}

# check NAME STATUS STDERR CMD...: runs CMD; checks the status, that stderr
# is exactly STDERR (one line; "" for none) and, on failure, that stdout is empty.
check() {
	name=$1 want_rc=$2 want_err=$3
	shift 3
	"$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ "$rc" -ne "$want_rc" ]; then
		ko "$name" "exit $rc, expected $want_rc; stderr: $(head -c 300 "$tmp/err")"
		return
	fi
	if [ -z "$want_err" ]; then
		[ -s "$tmp/err" ] && { ko "$name" "unexpected stderr: $(head -c 300 "$tmp/err")"; return; }
	else
		[ "$(wc -l < "$tmp/err")" -eq 1 ] || { ko "$name" "stderr is not one line: $(cat "$tmp/err")"; return; }
		[ "$(cat "$tmp/err")" = "$want_err" ] || { ko "$name" "stderr \"$(cat "$tmp/err")\", expected \"$want_err\""; return; }
	fi
	if [ "$rc" -ne 0 ] && [ -s "$tmp/out" ]; then
		ko "$name" "output on failure"
		return
	fi
	ok
}

E=egresswatch-agent
# NAME|STATUS|STDERR|OPTIONS
cases=$(cat << 'EOF'
buffer-2048|2|E: --buffer-size 2048: expected a number from 1 to 2047|--buffer-size 2048
buffer-2047|0||--buffer-size 2047
buffer-0|2|E: --buffer-size 0: expected a number from 1 to 2047|--buffer-size 0
buffer-negative|2|E: --buffer-size -1: expected a number from 1 to 2047|--buffer-size -1
buffer-int-wrap|2|E: --buffer-size 4294967297: expected a number from 1 to 2047|--buffer-size 4294967297
buffer-huge|2|E: --buffer-size 99999999999999999999999: expected a number from 1 to 2047|--buffer-size 99999999999999999999999
buffer-hex|2|E: --buffer-size 0x10: expected a number from 1 to 2047|--buffer-size 0x10
buffer-plus|2|E: --buffer-size +16: expected a number from 1 to 2047|--buffer-size +16
buffer-trailing|2|E: --buffer-size 16M: expected a number from 1 to 2047|--buffer-size 16M
buffer-empty|2|E: --buffer-size : expected a number from 1 to 2047|--buffer-size=
snaplen-255|2|E: --snaplen 255: expected a number from 256 to 262144|--snaplen 255
snaplen-256|0||--snaplen 256
snaplen-262144|0||--snaplen 262144
snaplen-262145|2|E: --snaplen 262145: expected a number from 256 to 262144|--snaplen 262145
snaplen-float|2|E: --snaplen 300.5: expected a number from 256 to 262144|--snaplen 300.5
max-devices-15|2|E: --max-devices 15: expected a number from 16 to 10000000|--max-devices 15
max-devices-16|0||--max-devices 16
max-devices-10000001|2|E: --max-devices 10000001: expected a number from 16 to 10000000|--max-devices 10000001
max-devices-2^64|2|E: --max-devices 18446744073709551616: expected a number from 16 to 10000000|--max-devices 18446744073709551616
window-0|2|E: --window 0: expected a duration from 1s to 366d, such as 90s, 15m, 2h|--window 0
window-half-second|2|E: --window 0.5s: expected a duration from 1s to 366d, such as 90s, 15m, 2h|--window 0.5s
window-1s|0||--window 1s
window-1.5h|0||--window 1.5h
window-366d|0||--window 366d
window-367d|2|E: --window 367d: expected a duration from 1s to 366d, such as 90s, 15m, 2h|--window 367d
window-nan|2|E: --window nan: expected a duration from 1s to 366d, such as 90s, 15m, 2h|--window nan
window-inf|2|E: --window inf: expected a duration from 1s to 366d, such as 90s, 15m, 2h|--window inf
window-exp|2|E: --window 1e30: expected a duration from 1s to 366d, such as 90s, 15m, 2h|--window 1e30
window-hex|2|E: --window 0x10: expected a duration from 1s to 366d, such as 90s, 15m, 2h|--window 0x10
window-negative|2|E: --window -5m: expected a duration from 1s to 366d, such as 90s, 15m, 2h|--window -5m
window-unit|2|E: --window 5w: expected a duration from 1s to 366d, such as 90s, 15m, 2h|--window 5w
window-two-units|2|E: --window 5mm: expected a duration from 1s to 366d, such as 90s, 15m, 2h|--window 5mm
window-dot|2|E: --window 5.m: expected a duration from 1s to 366d, such as 90s, 15m, 2h|--window 5.m
window-overflow|2|E: --window 9999999999999999999999d: expected a duration from 1s to 366d, such as 90s, 15m, 2h|--window 9999999999999999999999d
duration-0|2|E: --duration 0s: expected a duration from 1s to 366d, such as 90s, 15m, 2h|--duration 0s
duration-367d|2|E: --duration 367d: expected a duration from 1s to 366d, such as 90s, 15m, 2h|--duration 367d
uplink-macs-1|2|E: --uplink-macs 1: expected a number from 2 to 100000|--uplink-macs 1
uplink-macs-2|0||--uplink-macs 2
uplink-macs-100001|2|E: --uplink-macs 100001: expected a number from 2 to 100000|--uplink-macs 100001
snmp-retries-10|0||--snmp-retries 10
snmp-retries-11|2|E: --snmp-retries 11: expected a number from 0 to 10|--snmp-retries 11
snmp-max-rows-99|2|E: --snmp-max-rows 99: expected a number from 100 to 10000000|--snmp-max-rows 99
snmp-timeout-0.1s|0||--snmp-timeout 0.1s
snmp-timeout-0.05s|2|E: --snmp-timeout 0.05s: expected a duration from 0.1s to 60s|--snmp-timeout 0.05s
snmp-timeout-61s|2|E: --snmp-timeout 61s: expected a duration from 0.1s to 60s|--snmp-timeout 61s
EOF
)

# command line
old_ifs=$IFS
IFS='
'
for c in $cases; do
	IFS=$old_ifs
	name=${c%%|*}
	rest=${c#*|}
	rc=${rest%%|*}
	rest=${rest#*|}
	err=$(echo "${rest%%|*}" | sed "s/^E:/$E:/")
	opts=${rest#*|}
	# shellcheck disable=SC2086 # OPTIONS are words
	check "argv-$name" "$rc" "$err" "$AGENT" -r "$CAP" -o /dev/null $opts
	IFS='
'
done
IFS=$old_ifs

# the same values in a config file: one line naming FILE:LINE, same range text
n=0
IFS='
'
for c in $cases; do
	IFS=$old_ifs
	n=$((n + 1))
	name=${c%%|*}
	rest=${c#*|}
	rc=${rest%%|*}
	rest=${rest#*|}
	err=${rest%%|*}
	opts=${rest#*|}
	case $opts in *=*) IFS='
'; continue ;; esac # "--opt=" has no config-file form
	conf="$tmp/c$n.conf"
	printf '# %s\nsubnet 10.0.0.0/8\n%s\n' "$name" "${opts#--}" > "$conf"
	[ -n "$err" ] && err=$(echo "$err" | sed "s|^E: |$E: $conf:3: |")
	check "conf-$name" "$rc" "$err" "$AGENT" -r "$CAP" -o /dev/null -c "$conf"
	IFS='
'
done
IFS=$old_ifs

# a config line longer than the reader's buffer is refused, not split
conf="$tmp/long.conf"
{ printf 'site '; head -c 1100 /dev/zero | tr '\0' x; echo; } > "$conf"
check conf-long-line 2 "$E: $conf:1: line longer than 1022 bytes" "$AGENT" -r "$CAP" -o /dev/null -c "$conf"
# a bad subnet in a file: one line naming the file and line
printf 'subnet 10.0.0.0/33\n' > "$tmp/sub.conf"
check conf-bad-subnet 2 "$E: $tmp/sub.conf:1: --subnet 10.0.0.0/33: not a prefix (expected e.g. 10.20.0.0/16 or 2001:db8::/64)" \
	"$AGENT" -r "$CAP" -o /dev/null -c "$tmp/sub.conf"

# ---- a full disk: one stderr line naming the output, exit 2 ----
if [ -w /dev/full ]; then
	check full-report 2 "$E: /dev/full: write error: No space left on device" "$AGENT" -r "$CAP" -o /dev/full
	check full-events 2 "$E: /dev/full: write error: No space left on device" "$AGENT" -r "$CAP" --events -o /dev/full
	check full-stdout 2 "$E: standard output: write error: No space left on device" sh -c "'$AGENT' -r '$CAP' > /dev/full"
else
	echo "cli: /dev/full absent: 3 full-disk cases skipped"
fi

# ---- data files from another folder ----
agent_abs="$ROOT/$AGENT"
cap_abs="$ROOT/$CAP"
mkdir -p "$tmp/elsewhere"
(cd "$tmp/elsewhere" && "$agent_abs" -r "$cap_abs" --subnet 10.20.0.0/16 -o report.json) > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ] && grep -q '"class":"hgw"' "$tmp/elsewhere/report.json" 2> /dev/null ||
	grep -q '"class": *"hgw"' "$tmp/elsewhere/report.json" 2> /dev/null; then
	ok
else
	ko other-folder "exit $rc; stderr: $(head -c 300 "$tmp/err")"
fi
# the same with vendors: the report names a vendor when ieee-data is installed
if [ -r /usr/share/ieee-data/oui.csv ]; then
	if grep -q '"vendor": *"NEC' "$tmp/elsewhere/report.json" 2> /dev/null; then ok; else ko other-folder-vendor "no NEC vendor in the report"; fi
fi
# installed: <prefix>/share/egresswatch beside <prefix>/sbin wins over the
# source tree (a broken file there is the one the error names)
mkdir -p "$tmp/prefix/sbin" "$tmp/prefix/share/egresswatch"
cp "$AGENT" "$tmp/prefix/sbin/"
echo "this is not a rule" > "$tmp/prefix/share/egresswatch/fingerprints.conf"
(cd "$tmp/elsewhere" && "$tmp/prefix/sbin/egresswatch-agent" -r "$cap_abs" -o /dev/null) > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ "$rc" -eq 2 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q "$tmp/prefix/share/egresswatch/fingerprints.conf" "$tmp/err"; then
	ok
else
	ko installed-data "exit $rc; stderr: $(head -c 300 "$tmp/err")"
fi
cp data/fingerprints.conf "$tmp/prefix/share/egresswatch/fingerprints.conf"
check installed-data-ok 0 "" sh -c "cd '$tmp/elsewhere' && '$tmp/prefix/sbin/egresswatch-agent' -r '$cap_abs' -o /dev/null"
# The helper programs: installed in <prefix>/lib/egresswatch, found from
# <prefix>/sbin (agent/paths.c); --flush is the sender's work, so a missing
# one is named, and a present one is the one that runs (it reads the token)
check installed-helper-missing 2 "$E: ew-sender: not found in PREFIX/lib/egresswatch nor beside this program" \
	"$tmp/prefix/sbin/egresswatch-agent" --flush --collector http://127.0.0.1:9 --token-file "$tmp/nosuch-token" \
	--spool "$tmp/spool"
mkdir -p "$tmp/prefix/lib/egresswatch"
cp "$(dirname "$AGENT")/ew-sender" "$tmp/prefix/lib/egresswatch/"
check installed-helper 2 "$E: $tmp/nosuch-token: No such file or directory" \
	"$tmp/prefix/sbin/egresswatch-agent" --flush --collector http://127.0.0.1:9 --token-file "$tmp/nosuch-token" \
	--spool "$tmp/spool"
# -o -: standard output, as without -o (no file named "-")
(cd "$tmp/elsewhere" && "$agent_abs" -r "$cap_abs" -o - > "$tmp/dash.out" 2> "$tmp/dash.err")
if [ $? -eq 0 ] && [ ! -e "$tmp/elsewhere/-" ] && grep -q '"candidates"' "$tmp/dash.out"; then
	ok
else
	ko output-dash "exit or output wrong; a file named - exists: $([ -e "$tmp/elsewhere/-" ] && echo yes || echo no)"
fi
# A helper missing stops the agent at start, before anything is forked:
# the sender (--collector) and the locator (a switch line)
mkdir -p "$tmp/bare"
cp "$AGENT" "$tmp/bare/"
check helper-missing-sender 2 "$E: ew-sender: not found in PREFIX/lib/egresswatch nor beside this program" \
	"$tmp/bare/egresswatch-agent" -r "$CAP" -o /dev/null --collector http://127.0.0.1:9 --token-file "$tmp/nosuch-token"
check helper-missing-locator 2 "$E: ew-locator: not found in PREFIX/lib/egresswatch nor beside this program" \
	"$tmp/bare/egresswatch-agent" -r "$CAP" -o /dev/null --switch "sw1 127.0.0.1 community public"
# A sender whose program dies at once with a status of its own (127: a
# program that could not run) ends the agent with 2, as the man page says
mkdir -p "$tmp/fake"
cp "$AGENT" "$tmp/fake/"
printf '#!/bin/sh\nexit 127\n' > "$tmp/fake/ew-sender"
chmod 755 "$tmp/fake/ew-sender"
"$tmp/fake/egresswatch-agent" -r "$CAP" -o /dev/null --collector http://127.0.0.1:9 --token-file "$tmp/nosuch-token" \
	> /dev/null 2>&1
rc=$?
if [ "$rc" -eq 2 ]; then ok; else ko sender-status "exit $rc, expected 2"; fi
# The parser maps none of the helpers' libraries (their start-up cost is
# paid in every run: tests/bench/README.md); the sender does link libcurl
needed() { readelf -d "$1" 2> /dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' '; }
parser_libs=$(needed "$AGENT")
case "$parser_libs" in
*libpcap*) case "$parser_libs" in
	*libcurl* | *libnet.* | *libexpat* | *libnetsnmp*) ko parser-libs "the parser links: $parser_libs" ;;
	*) ok ;;
	esac ;;
*) ko parser-libs "readelf found no libpcap in $AGENT: $parser_libs" ;;
esac
case "$(needed "$(dirname "$AGENT")/ew-sender")" in *libcurl*) ok ;; *) ko sender-libs "ew-sender does not link libcurl" ;; esac
# --fingerprints given: used as given, relative to the working directory
check fingerprints-given-missing 2 "$E: nosuch.conf: cannot open: No such file or directory" \
	sh -c "cd '$tmp/elsewhere' && '$agent_abs' -r '$cap_abs' --fingerprints nosuch.conf -o /dev/null"

# Run by a plain user, the parser is confined as it is when started as
# root, once the capture is open (a capture from elsewhere is as hostile as
# the wire): its seccomp filter, and Landlock where the kernel has it.
# strace, run as that user, shows both calls succeed.
if [ "$(id -u)" -eq 0 ] && command -v setpriv > /dev/null 2>&1 && command -v strace > /dev/null 2>&1; then
	: > "$tmp/user.trace" && chmod 666 "$tmp/user.trace" # nobody writes it
	setpriv --reuid=65534 --regid=65534 --clear-groups strace -qq -e trace=seccomp,landlock_restrict_self,prctl \
		-o "$tmp/user.trace" "$AGENT" -r "$CAP" -o /dev/null 2> "$tmp/user.err"
	rc=$?
	# 77: no Landlock here (the hook says so before it confines anything)
	setpriv --reuid=65534 --regid=65534 --clear-groups "$AGENT" -r "$CAP" --sandbox-test-read /etc/hostname > /dev/null 2>&1
	have_landlock=$([ $? -eq 77 ] && echo 0 || echo 1)
	if [ "$rc" -ne 0 ] || [ -s "$tmp/user.err" ]; then
		ko user-parser-confined "as nobody under strace: exit $rc; stderr: $(head -c 300 "$tmp/user.err")"
	elif ! grep -q '^seccomp(SECCOMP_SET_MODE_FILTER, .*) *= 0' "$tmp/user.trace" &&
		! grep -q '^prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, .*) *= 0' "$tmp/user.trace"; then
		ko user-parser-confined "as nobody: no seccomp filter loaded: $(grep -i seccomp "$tmp/user.trace" | head -c 300)"
	elif [ "$have_landlock" = 1 ] && ! grep -q '^landlock_restrict_self(.*) *= 0' "$tmp/user.trace"; then
		ko user-parser-confined "as nobody: Landlock not entered: $(grep landlock "$tmp/user.trace" | head -c 300)"
	else
		ok
	fi
fi

# The SNMP secrets are the locator's alone: the sender (and the prober)
# read the same command line, but neither opens a switch's secret file nor
# keeps its words. strace -ff: one trace per process, named by its execve.
if command -v strace > /dev/null 2>&1; then
	mkdir -p "$tmp/sectrace"
	printf 'public\n' > "$tmp/snmp-secret" && chmod 600 "$tmp/snmp-secret" # a secret file is no one else's
	printf 'not-a-token\n' > "$tmp/token"
	strace -ff -qq -e trace=execve,openat -o "$tmp/sectrace/t" "$AGENT" -r "$CAP" -o /dev/null \
		--collector http://127.0.0.1:9 --token-file "$tmp/token" --spool "$tmp/secspool" --deliver-timeout 1 \
		--switch "sw1 127.0.0.1 community-file $tmp/snmp-secret" --snmp-timeout 1s --snmp-retries 0 \
		> /dev/null 2>&1
	readers=""
	saw_sender=no saw_locator=no
	for t in "$tmp"/sectrace/t.*; do
		prog=$(sed -n 's/^execve("\([^"]*\)".*/\1/p' "$t" | tail -n 1)
		case "$prog" in */ew-sender) saw_sender=yes ;; */ew-locator) saw_locator=yes ;; esac
		grep -q "snmp-secret" "$t" && readers="$readers ${prog##*/}"
	done
	case "$readers" in
	*ew-sender* | *ew-prober*) ko helper-secrets "the SNMP secret file is opened by:$readers" ;;
	*ew-locator*) [ "$saw_sender" = yes ] && ok || ko helper-secrets "no ew-sender traced" ;;
	*) ko helper-secrets "the locator did not read its secret file (readers:$readers; locator: $saw_locator)" ;;
	esac
fi

# Started with standard input and error closed (a careless init script,
# `2>&-`), the agent and its helpers open /dev/null there first: else the
# sender's pipe, a capture or a spool directory becomes descriptor 2 and
# takes the log's lines. strace -ff: no process gets 0-2 from a call that
# opens something else (the loader's libraries apart: each closed at once).
if command -v strace > /dev/null 2>&1; then
	mkdir -p "$tmp/fdtrace"
	printf 'not-a-token\n' > "$tmp/token"
	strace -ff -qq -e trace=openat,socket,socketpair,pipe2 -o "$tmp/fdtrace/t" sh -c 'exec "$@" <&- 2>&-' sh \
		"$AGENT" -r "$CAP" -o "$tmp/fd.out" --collector http://127.0.0.1:9 --token-file "$tmp/token" \
		--spool "$tmp/fdspool" --deliver-timeout 1 > /dev/null
	low=$(cat "$tmp"/fdtrace/t.* | grep -v -e '\.so' -e 'ld\.so\.cache' -e '"/dev/null"' |
		grep -E -e '^(openat|socket)\(.*= [012]$' -e '^(pipe2|socketpair)\(.*\[[012],' -e '^(pipe2|socketpair)\(.*, [012]\]' | head -n 3)
	if [ -z "$low" ] && [ -s "$tmp/fd.out" ]; then
		ok
	else
		ko std-fds-closed "descriptor 0-2 given to: $low"
	fi
fi

# A helper keeps no descriptor of the agent's but its pipe or socket, even
# where close_range(2) is refused (a kernel before 5.9, a container's
# filter): descriptor 7, inherited from the caller, is closed in the
# sender's child before its execve. strace -ff: one trace per process.
NOCR=$(dirname "$AGENT")/tools/no-close-range
[ -x "$NOCR" ] || NOCR=build/tools/no-close-range
if command -v strace > /dev/null 2>&1 && [ -x "$NOCR" ]; then
	mkdir -p "$tmp/crtrace"
	printf 'not-a-token\n' > "$tmp/token"
	strace -ff -qq -e trace=execve,close,close_range -o "$tmp/crtrace/t" "$NOCR" sh -c 'exec "$@" 7< /etc/hostname' sh \
		"$AGENT" -r "$CAP" -o /dev/null --collector http://127.0.0.1:9 --token-file "$tmp/token" \
		--spool "$tmp/crspool" --deliver-timeout 1 > /dev/null 2>&1
	sender_trace=$(grep -l 'execve("[^"]*/ew-sender"' "$tmp"/crtrace/t.* | head -n 1)
	if [ -z "$sender_trace" ]; then
		ko helper-fds-no-close-range "no ew-sender traced"
	elif sed -n '/execve("[^"]*\/ew-sender"/q;p' "$sender_trace" | grep -q '^close(7) *= 0'; then
		ok
	else
		ko helper-fds-no-close-range "descriptor 7 not closed before ew-sender ran: $(grep -m 3 close "$sender_trace" | tr '\n' ' ')"
	fi
fi

# A scheduled scan on a silent port ends on time: --duration 2s on the
# loopback of a namespace this test makes (no packet ever arrives there).
# libpcap's read timeout alone never fired on such an interface.
if [ "$(id -u)" -eq 0 ] && ip netns add "ewcli$$" 2>/dev/null; then
	ip netns exec "ewcli$$" ip link set lo up
	start=$(date +%s)
	timeout 20 ip netns exec "ewcli$$" "$AGENT" -i lo --duration 2s --subnet 10.0.0.0/8 --user nobody \
		-o "$tmp/silent.json" 2> "$tmp/silent.err"
	rc=$?
	took=$(($(date +%s) - start))
	ip netns del "ewcli$$"
	if [ "$rc" -eq 0 ] && [ "$took" -le 6 ] && grep -q '"packets":0' "$tmp/silent.json"; then
		ok
	else
		ko silent-port-duration "exit $rc after ${took}s; stderr: $(head -c 300 "$tmp/silent.err")"
	fi
else
	echo "note: silent-port-duration skipped (needs root and network namespaces)"
fi

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
