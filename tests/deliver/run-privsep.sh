#!/bin/sh
# SPDX-License-Identifier: ISC
# run-privsep.sh - privilege separation while the agent runs: a live capture
# on a veth pair inside a network namespace made here (never a real
# interface), the collector inside it on its loopback. Three processes: the
# supervisor (root, only to reopen the capture), the parser and the sender.
# Checks each process's uid, gid, capability sets, NoNewPrivs and Seccomp
# (/proc/PID/status), that only the parser holds the capture and no one
# keeps the token file open, that the parser survives a real capture,
# SIGUSR1, SIGHUP and SIGTERM inside its seccomp filter, that a capture lost
# (the interface deleted) is reopened when it comes back, that a forbidden
# call (socket) kills the parser, and that the sender's filter kills execve,
# fork and a write outside the spool and refuses socket families other than
# INET, INET6 and UNIX; that Landlock keeps a file the agent's user may
# read (0640, its group: the token under the units) from the parser while
# its configuration, rules and registry stay readable, and that evidence
# pcaps are still written live from inside. With --switch and --probe, the
# same of the locator and the prober (their own processes, each in its own
# filter), that the parser still enters its filter and holds no socket but
# its capture and the helpers', that a helper's death is logged once and
# said in every report after it ("helpers", and tools/report-summary.py's
# line), and that no helper outlives its parser.
# Prints "privsep: N passed, N failed"; SKIPPED without root or netns.
set -u
cd "$(dirname "$0")/../.."
. tests/deliver/lib.sh

for need in "$AGENT" "$C"; do
	if [ ! -x "$need" ]; then
		echo "SKIPPED: $need is not built (make all)"
		exit 0
	fi
done

# ---- the filter itself (no root needed: no_new_privs allows it) ----
"$AGENT" --sandbox-test >/dev/null 2>&1
rc=$?
if [ $rc = 77 ]; then
	sk "the seccomp filter: not loaded in a sanitizer build"
else
	check "socket() inside the parser's seccomp filter kills it (SIGSYS: 159)" 159 $rc
fi
# the sender's filter: other socket families refused, no process, no write outside the spool
src=0
for what in execve fork write; do
	"$AGENT" --sandbox-test-sender $what >/dev/null 2>&1
	src=$?
	[ $src = 77 ] && break
	check "$what inside the sender's seccomp filter kills it (SIGSYS: 159)" 159 $src
done
if [ $src = 77 ]; then
	sk "the sender's seccomp filter: not loaded in a sanitizer build"
else
	check "the sender's filter: INET and UNIX sockets allowed, NETLINK and PACKET refused" \
		"socket(AF_INET): allowed|socket(AF_UNIX): allowed|socket(AF_NETLINK): Address family not supported by protocol|socket(AF_PACKET): Address family not supported by protocol|" \
		"$("$AGENT" --sandbox-test-sender socket 2>&1 | tr '\n' '|')"
	out=$("$AGENT" --sandbox-test-sender memory 2>&1)
	check "the sender's filter lets malloc grow a buffer to 16 MiB (a large report from the pipe)" \
		"0 a buffer grew to 16777216 bytes" "$? $out"
fi

if [ "$(id -u)" != 0 ]; then
	echo "privsep: $pass passed, $fail failed (the rest SKIPPED: needs root)"
	[ "$fail" -eq 0 ]
	exit
fi
N=ewdlv$$
if ! ip netns add "$N" 2>/dev/null; then
	echo "privsep: $pass passed, $fail failed (the rest SKIPPED: cannot make a network namespace)"
	[ "$fail" -eq 0 ]
	exit
fi
T=$(mktemp -d)
chmod 755 "$T"
APID=""
SPID=""
cleanup() {
	[ -n "$APID" ] && kill -9 "$APID" 2>/dev/null
	[ -n "$SPID" ] && kill "$SPID" 2>/dev/null
	ip netns del "$N" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
NS="ip netns exec $N"

# ---- Landlock: a file the agent's user may read is still out of the parser's reach ----
# a token-like file, 0640 root:<the user's group>: permissions alone let the
# user read it; the parser's confinement for this command line must not
if command -v setpriv >/dev/null; then
	LGID=$(id -g "$AGENT_USER")
	as_user() { setpriv --reuid="$AGENT_USER" --regid="$LGID" --clear-groups -- "$@"; }
	printf 'a token\n' >"$T/token-like"
	chgrp "$LGID" "$T/token-like"
	chmod 640 "$T/token-like"
	printf 'agent-id landlock-test\nsubnet 10.99.0.0/24\n' >"$T/ll.conf"
	chmod 644 "$T/ll.conf"
	mkdir "$T/ll-ev"
	chown "$AGENT_USER" "$T/ll-ev"
	check "Landlock: the agent's user may read the token-like file (0640, its group)" "a token" \
		"$(as_user cat "$T/token-like" 2>&1)"
	# test_read PATH: what the parser's confinement gives an open of PATH, as the user
	test_read() {
		as_user "$AGENT" -r "$(pwd)/data/demo.pcapng" -c "$T/ll.conf" --evidence "$T/ll-ev" \
			--sandbox-test-read "$1" 2>>"$T/ll.err"
	}
	out=$(test_read "$T/token-like")
	lrc=$?
	if [ $lrc = 77 ]; then
		sk "Landlock: not available on this kernel"
	else
		check "Landlock: the parser cannot read the token-like file its user may read" \
			"0 $T/token-like: Permission denied" "$lrc $out"
		check "Landlock: nor any other file (/etc/passwd)" "/etc/passwd: Permission denied" "$(test_read /etc/passwd)"
		check "Landlock: the parser still reads its configuration file (SIGHUP)" "$T/ll.conf: readable" \
			"$(test_read "$T/ll.conf")"
		check "Landlock: ... and its rules" "$(pwd)/data/fingerprints.conf: readable" \
			"$(test_read "$(pwd)/data/fingerprints.conf")"
		if [ -r /usr/share/ieee-data/oui.csv ]; then
			check "Landlock: ... and the IEEE registry" "/usr/share/ieee-data/oui.csv: readable" \
				"$(test_read /usr/share/ieee-data/oui.csv)"
		fi
		: >"$T/ll-ev/old.pcap"
		chown "$AGENT_USER" "$T/ll-ev/old.pcap"
		check "Landlock: its evidence folder is for writing new pcaps only, not reading" "$T/ll-ev/old.pcap: Permission denied" \
			"$(test_read "$T/ll-ev/old.pcap")"
	fi
else
	sk "Landlock: setpriv is not installed"
fi
$NS ip link set lo up
$NS ip link add va type veth peer name vb
$NS ip link set va up
$NS ip link set vb up
# a registered MAC (6C:E4:DA, NEC Platforms): its vendor is read inside the filter
$NS ip link set vb address 6c:e4:da:00:99:02
$NS ip addr add 10.99.0.2/24 dev vb
DB=$T/c.db
"$C" --db "$DB" token add --role agent --site DEMO-HOSPITAL >"$T/tok" 2>/dev/null
chmod 600 "$T/tok"
serve "$T/serve.log" 0
URL=http://127.0.0.1:$PORT
printf 'agent-id privsep-test\nsite DEMO-HOSPITAL\nsubnet 10.99.0.0/24\ndeclared 6c:e4:da:00:99:02\n' >"$T/agent.conf"
$NS "$AGENT" -i va -c "$T/agent.conf" --window 1h --collector "$URL" --token-file "$T/tok" \
	--spool "$T/spool" --deliver-timeout 10 -o "$T/live.jsonl" 2>"$T/agent.err" &
APID=$!
# child_named NAME: the supervisor's child whose comm is NAME
child_named() {
	for c in $(pgrep -P "$APID"); do
		[ "$(cat "/proc/$c/comm" 2>/dev/null)" = "$1" ] && echo "$c"
	done
}
sleep 1.5
PARSER=$(child_named ew-parser)
SENDER=$(child_named ew-sender)
if ! kill -0 "$APID" 2>/dev/null || [ -z "$SENDER" ] || [ -z "$PARSER" ]; then
	ko "the agent runs, with a parser and a sender: $(cat "$T/agent.err")"
	echo "privsep: $pass passed, $fail failed"
	exit 1
fi
ok "the agent runs: supervisor $APID, parser $PARSER, sender $SENDER"

UID_=$(id -u "$AGENT_USER")
GID_=$(id -g "$AGENT_USER")
st() { sed -n "s/^$2:[[:space:]]*//p" "/proc/$1/status" | tr -s ' \t' ' '; }
for who in parser sender; do
	[ $who = parser ] && P=$PARSER || P=$SENDER
	check "$who runs as $AGENT_USER (real, effective, saved, fs uid)" "$UID_ $UID_ $UID_ $UID_" "$(st "$P" Uid)"
	check "$who's gid is $AGENT_USER's" "$GID_ $GID_ $GID_ $GID_" "$(st "$P" Gid)"
	check "$who has no supplementary groups" "" "$(st "$P" Groups)"
	for cap in CapInh CapPrm CapEff CapAmb; do
		check "$who's $cap is empty" 0000000000000000 "$(st "$P" $cap)"
	done
	check "$who has NoNewPrivs" 1 "$(st "$P" NoNewPrivs)"
done
if [ $rc != 77 ]; then
	check "the parser runs in a seccomp filter (mode 2)" 2 "$(st "$PARSER" Seccomp)"
fi
if [ $src != 77 ]; then
	check "the sender runs in its seccomp filter (mode 2)" 2 "$(st "$SENDER" Seccomp)"
fi

# what each holds: socket inodes against the namespace's packet sockets
$NS cat /proc/net/packet | awk 'NR > 1 { print $NF }' | sort >"$T/packet.inodes"
socks() { ls -l "/proc/$1/fd" 2>/dev/null | sed -n 's/.*socket:\[\([0-9]*\)\].*/\1/p' | sort; }
check "the parser's only socket is the capture" "1 1" \
	"$(socks "$PARSER" | wc -l | tr -d ' ') $(socks "$PARSER" | comm -12 - "$T/packet.inodes" | wc -l | tr -d ' ')"
check "the sender holds no capture socket" 0 "$(socks "$SENDER" | comm -12 - "$T/packet.inodes" | wc -l | tr -d ' ')"
check "the supervisor holds no socket at all" 0 "$(socks "$APID" | wc -l | tr -d ' ')"
check "the supervisor is root only to reopen the capture (uid 0)" "0 0 0 0" "$(st "$APID" Uid)"
links() { ls -l "/proc/$1/fd" 2>/dev/null | sed -n 's/.* -> //p'; }
check "the parser holds no token, no spool" 0 "$(links "$PARSER" | grep -c -e "$T/tok" -e "$T/spool")"
check "the supervisor holds no token, no spool, no output" 0 \
	"$(links "$APID" | grep -c -e "$T/tok" -e "$T/spool" -e "$T/live.jsonl")"
check "the token file is not open anywhere (read once, kept in memory by the sender only)" 0 \
	"$(links "$SENDER" | grep -c "$T/tok")"
check "the spool was made by the agent, so it is $AGENT_USER's" "$UID_" "$(stat -c %u "$T/spool")"

# a real capture: ARP for an absent neighbour, then a report now
$NS ping -c 3 -i 0.3 -W 1 10.99.0.1 >/dev/null 2>&1
kill -USR1 "$APID"
i=0
while [ $i -lt 50 ] && [ "$(rows)" -lt 1 ]; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 "$PARSER" 2>/dev/null; then ok "the parser survives a live capture inside its filter"; else ko "the parser survives a live capture inside its filter: $(cat "$T/agent.err")"; fi
check "SIGUSR1: a report now, delivered by the sender" 1 "$(rows)"
check "the report carried ARP frames" 1 "$(sqlite3 "$DB" 'select packets > 0 from reports limit 1')"

# the report's vendors are looked up when it is written, inside the filter:
# one pass over the IEEE registry files for the declared 6c:e4:da:00:99:02 (vb)
# (a report taken before vb's ARP reached the parser has no vb: again; a new
# neighbour each time, as one the kernel has given up on is not asked again)
tries=0
seen=0
while [ $tries -lt 5 ] && [ "$seen" = 0 ]; do
	$NS ping -c 1 -W 1 10.99.0.$((tries + 10)) >/dev/null 2>&1
	before=$(rows)
	kill -USR1 "$APID"
	i=0
	while [ $i -lt 50 ] && [ "$(rows)" -le "$before" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	seen=$(tail -n 1 "$T/live.jsonl" | grep -c '"mac":"6c:e4:da:00:99:02"')
	tries=$((tries + 1))
done
if [ ! -r /usr/share/ieee-data/oui.csv ]; then
	sk "the declared device's vendor: no ieee-data"
else
	check "a report written inside the filter names the declared device's vendor (registry read then)" 1 \
		"$(tail -n 1 "$T/live.jsonl" | grep -c '"vendor":"NEC Platforms, Ltd."')"
fi

printf 'agent-id privsep-test-2\nsite DEMO-HOSPITAL\nsubnet 10.99.0.0/24\ndeclared 10.99.0.2\n' >"$T/agent.conf"
kill -HUP "$APID"
sleep 0.5
if kill -0 "$PARSER" 2>/dev/null && grep -q "reloaded" "$T/agent.err"; then ok "SIGHUP reloads the configuration inside the filter"; else ko "SIGHUP reloads the configuration inside the filter: $(cat "$T/agent.err")"; fi

# the capture lost: the interface goes away and comes back
$NS ip link del va
# the parser notices at its next poll; a loaded machine may take a while
i=0
while [ $i -lt 50 ] && kill -0 "$PARSER" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 "$APID" 2>/dev/null && ! kill -0 "$PARSER" 2>/dev/null; then ok "the interface deleted: the parser ends, the supervisor stays"; else ko "the interface deleted: the parser ends, the supervisor stays: $(cat "$T/agent.err")"; fi
$NS ip link add va type veth peer name vb
$NS ip link set va up
$NS ip link set vb up
$NS ip addr add 10.99.0.2/24 dev vb
i=0
NEWP=""
while [ $i -lt 80 ] && [ -z "$NEWP" ]; do
	sleep 0.1
	NEWP=$(child_named ew-parser)
	# a new parser counts once it has dropped root (and, but for a sanitizer build, entered its filter)
	[ -n "$NEWP" ] && { [ "$(st "$NEWP" Uid)" != "$UID_ $UID_ $UID_ $UID_" ] ||
		{ [ $rc != 77 ] && [ "$(st "$NEWP" Seccomp)" != 2 ]; }; } && NEWP=""
	i=$((i + 1))
done
if [ -n "$NEWP" ] && [ "$NEWP" != "$PARSER" ]; then ok "the interface back: a new parser captures again ($NEWP, seccomp)"; else ko "the interface back: a new parser captures again: $(cat "$T/agent.err")"; fi
check "the new parser runs as $AGENT_USER" "$UID_ $UID_ $UID_ $UID_" "$(st "$NEWP" Uid 2>/dev/null)"
check "the sender is the same one" "$SENDER" "$(child_named ew-sender)"
if grep -q "capture lost; opening it again" "$T/agent.err"; then ok "the log says the capture is reopened"; else ko "the log says the capture is reopened"; fi

# the collector away: capture and reports go on, the spool keeps them
stop
before=$(wc -l <"$T/live.jsonl" | tr -d ' ')
kill -USR1 "$APID"
sleep 0.3
kill -USR1 "$APID"
sleep 0.7
check "the collector away: the parser still reports (2 more in -o)" $((before + 2)) "$(wc -l <"$T/live.jsonl" | tr -d ' ')"
check "the collector away: both wait in the spool" 2 "$(count_files "$T/spool")"
serve "$T/serve2.log" "${URL##*:}"
check "the collector back on its port" "${URL##*:}" "$PORT"

# as systemd stops a service: SIGTERM to every process of it at once
kill -TERM "$APID" "$(child_named ew-parser)" "$(child_named ew-sender)"
wait "$APID"
check "SIGTERM to all three: exit 0 once the final report is delivered" 0 $?
APID=""
n=$(rows)
if [ "$n" -ge 4 ]; then ok "SIGHUP's report, the lost capture's and the final one are stored too ($n rows)"; else ko "SIGHUP's report, the lost capture's and the final one are stored too ($n rows, want >= 4)"; fi
check "reports after SIGHUP carry the reloaded agent-id, also from the new parser" "privsep-test privsep-test-2" \
	"$(sqlite3 "$DB" "select agent_id from reports order by id" | uniq | tr '\n' ' ' | sed 's/ $//')"
if grep -q "the new parser starts with the configuration as reloaded" "$T/agent.err"; then ok "the supervisor passes the reload on to the new parser"; else ko "the supervisor passes the reload on to the new parser"; fi
check "the spool is empty" 0 "$(count_files "$T/spool")"
check "-o has the same reports" "$n" "$(wc -l <"$T/live.jsonl" | tr -d ' ')"

# ---- as systemd's unit starts it: a user with CAP_NET_RAW and CAP_NET_ADMIN ----
if command -v setpriv >/dev/null; then
	chmod 644 "$T/tok"
	# the packaging makes the spool the user's; a user cannot make it in $T
	mkdir "$T/spool-caps"
	chown "$AGENT_USER" "$T/spool-caps"
	$NS setpriv --reuid="$AGENT_USER" --regid="$GID_" --clear-groups --inh-caps=+net_raw,+net_admin \
		--ambient-caps=+net_raw,+net_admin -- "$AGENT" -i va -c "$T/agent.conf" --window 1h --collector "$URL" \
		--token-file "$T/tok" --spool "$T/spool-caps" -o /dev/null 2>"$T/caps.err" &
	APID=$!
	sleep 1.5
	PARSER=$(child_named ew-parser)
	SENDER=$(child_named ew-sender)
	if [ -n "$PARSER" ] && [ -n "$SENDER" ]; then
		ok "with capabilities, not root: supervisor, parser and sender"
		if [ "$(st "$APID" CapEff)" != 0000000000000000 ]; then ok "the supervisor keeps its capabilities (to reopen the capture)"; else ko "the supervisor keeps its capabilities"; fi
		for who in parser sender; do
			[ $who = parser ] && P=$PARSER || P=$SENDER
			check "with capabilities: the $who drops them all" "0000000000000000 0000000000000000 0000000000000000" \
				"$(st "$P" CapEff) $(st "$P" CapPrm) $(st "$P" CapAmb)"
		done
		if [ $rc != 77 ]; then
			check "with capabilities: the parser runs in its seccomp filter" 2 "$(st "$PARSER" Seccomp)"
		fi
		if [ $src != 77 ]; then
			check "with capabilities: the sender runs in its seccomp filter" 2 "$(st "$SENDER" Seccomp)"
		fi
	else
		ko "with capabilities, not root: supervisor, parser and sender: $(cat "$T/caps.err")"
	fi
	kill -TERM "$APID"
	wait "$APID"
	check "with capabilities: SIGTERM, the final report delivered, exit 0" 0 $?
	APID=""
else
	sk "capabilities without root: setpriv is not installed"
fi

# ---- --switch and --probe: the SNMP walks and the probes in their own processes ----
# a switch that never answers (routed by vb, not by the capture port) and
# ARP probes sent from vb: the parser still holds only its capture and its
# sockets to the locator and the prober, and enters its filter
$NS "$AGENT" -i va -c "$T/agent.conf" --window 1h -o "$T/helpers.jsonl" \
	--switch "sw-test 10.99.0.50 community ew-test-ro timeout 300ms retries 0" \
	--probe arp --probe-interface vb --probe-every 1m --probe-rate 50 2>"$T/helpers.err" &
APID=$!
# helpers_said N: report N's "helpers" member, one "name=state (reason)" each
helpers_said() {
	sed -n "$1p" "$T/helpers.jsonl" | "$PY" -c '
import json, sys
h = json.load(sys.stdin).get("helpers", {})
print(" ".join("%s=%s%s" % (n, h[n]["state"], " (%s)" % h[n]["reason"] if "reason" in h[n] else "") for n in sorted(h)) or "none")'
}
# summary_of N: what tools/report-summary.py says of report N's helpers
summary_of() {
	sed -n "$1p" "$T/helpers.jsonl" >"$T/one.json"
	"$PY" tools/report-summary.py "$T/one.json" | grep -E '^(probes|switch ports):' | sed -E 's/ at [^ ]+Z / at T /'
}
# helper_named PARENT NAME: PARENT's child whose comm is NAME
helper_named() {
	for c in $(pgrep -P "$1"); do
		[ "$(cat "/proc/$c/comm" 2>/dev/null)" = "$2" ] && echo "$c"
	done
	return 0
}
i=0
PARSER=""
LOCATOR=""
PROBER=""
while [ $i -lt 50 ] && { [ -z "$LOCATOR" ] || [ -z "$PROBER" ] || [ "$(st "$PARSER" Seccomp 2>/dev/null)" != 2 ]; }; do
	sleep 0.2
	PARSER=$(child_named ew-parser)
	if [ -n "$PARSER" ]; then
		LOCATOR=$(helper_named "$PARSER" ew-locator)
		PROBER=$(helper_named "$PARSER" ew-prober)
	fi
	[ $rc = 77 ] && [ -n "$PROBER" ] && break
	i=$((i + 1))
done
if [ -n "$PARSER" ] && [ -n "$LOCATOR" ] && [ -n "$PROBER" ]; then
	ok "with --switch and --probe: the parser forks a locator ($LOCATOR) and a prober ($PROBER)"
	for who in parser locator prober; do
		case $who in parser) P=$PARSER ;; locator) P=$LOCATOR ;; prober) P=$PROBER ;; esac
		check "with helpers: the $who runs as $AGENT_USER" "$UID_ $UID_ $UID_ $UID_" "$(st "$P" Uid)"
		check "with helpers: the $who's gid is $AGENT_USER's" "$GID_ $GID_ $GID_ $GID_" "$(st "$P" Gid)"
		check "with helpers: the $who has no supplementary groups" "" "$(st "$P" Groups)"
		check "with helpers: the $who's capability sets are empty (Inh Prm Eff Amb)" \
			"0000000000000000 0000000000000000 0000000000000000 0000000000000000" \
			"$(st "$P" CapInh) $(st "$P" CapPrm) $(st "$P" CapEff) $(st "$P" CapAmb)"
		check "with helpers: the $who has NoNewPrivs" 1 "$(st "$P" NoNewPrivs)"
		if [ $rc != 77 ]; then
			check "with helpers: the $who runs in a seccomp filter (mode 2)" 2 "$(st "$P" Seccomp)"
		fi
	done
	$NS cat /proc/net/packet | awk 'NR > 1 { print $NF }' | sort >"$T/packet.inodes"
	$NS cat /proc/net/unix | awk 'NR > 1 { print $7 }' | sort >"$T/unix.inodes"
	check "with helpers: the parser's sockets are its capture and one to each helper (packet, unix)" "1 2 3" \
		"$(socks "$PARSER" | comm -12 - "$T/packet.inodes" | wc -l | tr -d ' ') $(socks "$PARSER" | comm -12 - "$T/unix.inodes" | wc -l | tr -d ' ') $(socks "$PARSER" | wc -l | tr -d ' ')"
	capture=$(socks "$PARSER" | comm -12 - "$T/packet.inodes")
	check "with helpers: the locator holds no packet socket" 0 "$(socks "$LOCATOR" | comm -12 - "$T/packet.inodes" | wc -l | tr -d ' ')"
	check "with helpers: the prober does not hold the parser's capture" 0 "$(socks "$PROBER" | grep -c -x "$capture")"
	check "with helpers: no helper holds the output" 0 "$({ links "$LOCATOR"; links "$PROBER"; } | grep -c "$T/helpers.jsonl")"
	if grep -q "its seccomp filter is not loaded" "$T/helpers.err"; then ko "with helpers: no warning that the filter is skipped"; else ok "with helpers: no warning that the filter is skipped"; fi
	i=0
	while [ $i -lt 50 ] && ! grep -q '^sent .* arp ' "$T/helpers.err"; do sleep 0.1; i=$((i + 1)); done
	if grep -q '^sent .* arp ' "$T/helpers.err" && kill -0 "$PROBER" 2>/dev/null; then ok "the prober sends its probes inside its filter"; else ko "the prober sends its probes inside its filter: $(tail -n 3 "$T/helpers.err")"; fi
	kill -USR1 "$APID"
	i=0
	while [ $i -lt 50 ] && [ "$(wc -l <"$T/helpers.jsonl")" -lt 1 ]; do sleep 0.1; i=$((i + 1)); done
	check "SIGUSR1 with helpers: a report, after the locator's walk" 1 "$(wc -l <"$T/helpers.jsonl" | tr -d ' ')"
	if kill -0 "$PARSER" 2>/dev/null && kill -0 "$LOCATOR" 2>/dev/null; then ok "the parser and the locator survive a walk inside their filters"; else ko "the parser and the locator survive a walk inside their filters: $(cat "$T/helpers.err")"; fi
	check "the report says both helpers run" "locator=running prober=running" "$(helpers_said 1)"
	check "the summary says nothing of running helpers" "" "$(summary_of 1)"
	# a helper that dies: logged once, the parser goes on without it, and
	# every report after says so (the prober first, then the locator)
	kill -9 "$PROBER"
	sleep 0.5
	kill -USR1 "$APID"
	i=0
	while [ $i -lt 50 ] && [ "$(wc -l <"$T/helpers.jsonl")" -lt 2 ]; do sleep 0.1; i=$((i + 1)); done
	check "prober killed: the report says how it stopped" \
		"locator=running prober=stopped (killed by signal 9 (SIGKILL))" "$(helpers_said 2)"
	check "prober killed: the summary says no probe findings" \
		"probes: not running since the prober stopped at T (killed by signal 9 (SIGKILL)); no probe findings after that" \
		"$(summary_of 2)"
	kill -9 "$LOCATOR"
	sleep 0.5
	kill -USR1 "$APID"
	i=0
	while [ $i -lt 50 ] && [ "$(wc -l <"$T/helpers.jsonl")" -lt 3 ]; do sleep 0.1; i=$((i + 1)); done
	check "helpers killed: the parser still reports" "3 yes" "$(wc -l <"$T/helpers.jsonl" | tr -d ' ') $(kill -0 "$PARSER" 2>/dev/null && echo yes)"
	check "helpers killed: each death logged once" "1 1" \
		"$(grep -c "the locator process ended" "$T/helpers.err") $(grep -c "the prober process ended" "$T/helpers.err")"
	check "locator killed too: the report says how both stopped" \
		"locator=stopped (killed by signal 9 (SIGKILL)) prober=stopped (killed by signal 9 (SIGKILL))" "$(helpers_said 3)"
	check "locator killed too: the summary says no switch ports either" \
		"probes: not running since the prober stopped at T (killed by signal 9 (SIGKILL)); no probe findings after that|switch ports: not read since the locator stopped at T (killed by signal 9 (SIGKILL)); no switch-port locations after that|" \
		"$(summary_of 3 | tr '\n' '|')"
	# a new parser (the capture lost and back) brings new helpers; the old ones are gone
	$NS ip link del va
	$NS ip link add va type veth peer name vb
	$NS ip link set va up
	$NS ip link set vb up
	$NS ip addr add 10.99.0.2/24 dev vb
	i=0
	NEWP=""
	while [ $i -lt 80 ]; do
		sleep 0.1
		NEWP=$(child_named ew-parser)
		if [ -n "$NEWP" ] && [ "$NEWP" != "$PARSER" ] && [ -n "$(helper_named "$NEWP" ew-prober)" ] &&
			[ -n "$(helper_named "$NEWP" ew-locator)" ]; then
			break
		fi
		i=$((i + 1))
	done
	NEWL=$(helper_named "$NEWP" ew-locator)
	NEWR=$(helper_named "$NEWP" ew-prober)
	if [ -n "$NEWL" ] && [ -n "$NEWR" ] && [ "$NEWP" != "$PARSER" ]; then ok "a new parser forks its own locator and prober"; else ko "a new parser forks its own locator and prober: $(tail -n 5 "$T/helpers.err")"; fi
	kill -TERM "$APID" "$NEWP" "$NEWL" "$NEWR" 2>/dev/null # as systemd stops a unit
	wait "$APID"
	check "with helpers: SIGTERM to every process, exit 0" 0 $?
	APID=""
	# a zombie counts too: the parser reaps its helpers
	i=0
	left="?"
	while [ $i -lt 20 ] && [ -n "$left" ]; do
		left=""
		for p in $LOCATOR $PROBER $NEWL $NEWR; do [ -e "/proc/$p" ] && left="$left $p"; done
		[ -n "$left" ] && sleep 0.1
		i=$((i + 1))
	done
	check "no helper outlives its parser" "" "$left"
	check "the lost capture's and the final report are written too (5 in all)" 5 "$(wc -l <"$T/helpers.jsonl" | tr -d ' ')"
	check "the new parser's final report says its helpers run" "locator=running prober=running" "$(helpers_said 5)"
	"$C" --db "$T/helpers.db" ingest "$T/helpers.jsonl" >"$T/ingest.out" 2>&1
	check "the collector stores every report with \"helpers\" (ingest)" "0 5" \
		"$? $(sqlite3 "$T/helpers.db" "select count(*) from reports" 2>/dev/null)"
else
	ko "with --switch and --probe: the parser forks a locator and a prober: $(cat "$T/helpers.err")"
	kill -TERM "$APID" 2>/dev/null
	wait "$APID"
	APID=""
fi
# the same as the unit starts it: a user with CAP_NET_RAW and CAP_NET_ADMIN
if command -v setpriv >/dev/null; then
	$NS setpriv --reuid="$AGENT_USER" --regid="$GID_" --clear-groups --inh-caps=+net_raw,+net_admin \
		--ambient-caps=+net_raw,+net_admin -- "$AGENT" -i va -c "$T/agent.conf" --window 1h -o /dev/null \
		--switch "sw-test 10.99.0.50 community ew-test-ro timeout 300ms retries 0" \
		--probe arp --probe-interface vb --probe-every 1m --probe-rate 50 2>"$T/caps-helpers.err" &
	APID=$!
	i=0
	PARSER=""
	LOCATOR=""
	PROBER=""
	while [ $i -lt 50 ] && { [ -z "$LOCATOR" ] || [ -z "$PROBER" ]; }; do
		sleep 0.2
		PARSER=$(child_named ew-parser)
		if [ -n "$PARSER" ]; then
			LOCATOR=$(helper_named "$PARSER" ew-locator)
			PROBER=$(helper_named "$PARSER" ew-prober)
		fi
		i=$((i + 1))
	done
	sleep 0.5 # the parser drops and enters its filter after the prober said its MACs
	if [ -n "$LOCATOR" ] && [ -n "$PROBER" ]; then
		for who in parser locator prober; do
			case $who in parser) P=$PARSER ;; locator) P=$LOCATOR ;; prober) P=$PROBER ;; esac
			check "with capabilities and helpers: the $who drops them all, no_new_privs" \
				"0000000000000000 0000000000000000 0000000000000000 1" \
				"$(st "$P" CapEff) $(st "$P" CapPrm) $(st "$P" CapAmb) $(st "$P" NoNewPrivs)"
			if [ $rc != 77 ]; then
				check "with capabilities and helpers: the $who runs in a seccomp filter" 2 "$(st "$P" Seccomp)"
			fi
		done
	else
		ko "with capabilities: the parser forks a locator and a prober: $(cat "$T/caps-helpers.err")"
	fi
	kill -TERM "$APID"
	wait "$APID"
	check "with capabilities and helpers: SIGTERM, exit 0" 0 $?
	APID=""
fi

# ---- evidence written from inside the parser's confinement (Landlock, seccomp) ----
if command -v tcpreplay >/dev/null; then
	$NS "$AGENT" -i va -c "$T/agent.conf" --window 1h --duration 5s --evidence "$T/ev-live" -o "$T/ev-live.jsonl" \
		2>"$T/ev-live.err" &
	APID=$!
	i=0
	PARSER=""
	while [ $i -lt 50 ] && { [ -z "$PARSER" ] || { [ $rc != 77 ] && [ "$(st "$PARSER" Seccomp 2>/dev/null)" != 2 ]; }; }; do
		sleep 0.1
		PARSER=$(child_named ew-parser)
		i=$((i + 1))
	done
	$NS tcpreplay -q -i vb data/demo.pcapng >/dev/null 2>&1
	wait "$APID"
	check "evidence live: the agent ends at --duration (exit 0)" 0 $?
	APID=""
	files=$("$PY" -c '
import json, sys
for c in json.loads(open(sys.argv[1]).readlines()[-1])["candidates"]:
    if c.get("evidence_file"):
        print(c["evidence_file"])' "$T/ev-live.jsonl" 2>/dev/null)
	n=0
	good=0
	for f in $files; do
		n=$((n + 1))
		# a pcap header (24 bytes) and at least one record, made by the parser's user
		[ "$(stat -c %u "$f" 2>/dev/null)" = "$UID_" ] && [ "$(stat -c %s "$f")" -gt 40 ] && good=$((good + 1))
	done
	if [ $n -ge 1 ] && [ $good = $n ]; then ok "evidence live: each candidate's pcap written inside the confinement ($n)"; else ko "evidence live: each candidate's pcap written inside the confinement ($good of $n): $(cat "$T/ev-live.err")"; fi
	if grep -q "evidence:" "$T/ev-live.err"; then ko "evidence live: no evidence file refused: $(cat "$T/ev-live.err")"; else ok "evidence live: no evidence file refused"; fi
else
	sk "evidence written live: tcpreplay is not installed"
fi

# ---- the evidence folder: never a chown of a path the user named ----
mkdir "$T/ev-root"
chmod 755 "$T/ev-root"
$NS "$AGENT" -i va -c "$T/agent.conf" --duration 1s --evidence "$T/ev-root" -o /dev/null 2>"$T/ev.err"
check "an existing root-owned evidence folder: refused (exit 2)" 2 $?
check "... and not chown'd" 0 "$(stat -c %u "$T/ev-root")"
if grep -q "not writable by $AGENT_USER" "$T/ev.err"; then ok "... saying why"; else ko "... saying why: $(cat "$T/ev.err")"; fi
$NS "$AGENT" -i va -c "$T/agent.conf" --duration 1s --evidence "$T/ev-new" -o /dev/null 2>"$T/ev.err"
check "a folder the agent makes is $AGENT_USER's" "0 $UID_" "$? $(stat -c %u "$T/ev-new")"

# with COLLECTOR or AGENT from build/san: no sanitizer report in any log
if grep -l -E "ERROR: (Address|Leak)Sanitizer|runtime error:" "$T"/*.log "$T"/*.err 2>/dev/null | grep -q .; then
	ko "a sanitizer report in $(grep -l -E "ERROR: (Address|Leak)Sanitizer|runtime error:" "$T"/*.log "$T"/*.err | tr '\n' ' ')"
else
	ok "no sanitizer report in the collector's or the agent's logs"
fi
echo "privsep: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
