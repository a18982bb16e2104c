#!/bin/sh
# SPDX-License-Identifier: ISC
# check-layout.sh - dependencies point down (STYLE.md):
#   lib/ and include/egresswatch/ include nothing of a program;
#   no program includes another program's private headers
#   (agent/, collector/, probes/ each see include/ and themselves only);
#   the agent never links the collector's libraries and the reverse.
# Each rule is one case; prints "layout: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
pass=0
fail=0
check() { # name, offending lines (empty = pass)
	if [ -z "$2" ]; then
		pass=$((pass + 1)); echo "ok   $1"
	else
		fail=$((fail + 1)); echo "FAIL $1"; printf '%s\n' "$2" | sed 's/^/     /'
	fi
}
quoted_includes() { # folder: every #include "x" as file:line:x
	find "$1" -name '*.[ch]' 2>/dev/null | sort | while read -r f; do
		grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
			sed -E "s|^([0-9]+):.*\"([^\"]+)\".*|$f:\1:\2|"
	done
}
# An include resolves in the including file's folder or its program's
# folder (-I) and stays inside that program, or is under include/egresswatch/.
top=$(pwd)
for prog in agent collector probes; do
	bad=$(quoted_includes "$prog" | while IFS=: read -r f l inc; do
		case "$inc" in egresswatch/*) continue ;; esac
		d=$(dirname "$f")
		if [ -f "$d/$inc" ]; then
			r=$(realpath -m "$d/$inc")
		elif [ -f "$prog/$inc" ]; then
			r=$(realpath -m "$prog/$inc")
		else
			echo "$f:$l: \"$inc\" is not found in $prog/"; continue
		fi
		case "$r" in "$top/$prog"/*) ;; *) echo "$f:$l: \"$inc\" is outside $prog/" ;; esac
	done)
	check "$prog includes only include/ and its own headers" "$bad"
done
bad=$(quoted_includes lib; quoted_includes include | awk -F: '$3 !~ /^egresswatch\//')
bad=$(printf '%s\n' "$bad" | awk -F: 'NF >= 3 && $3 !~ /^egresswatch\//')
check "lib/ and include/ include only include/egresswatch/" "$bad"
# Each program keeps its own libraries (STYLE.md): the collector's database,
# HTTP server and sheet libraries never appear in the agent, nor libpcap in
# the collector.
bad=$(grep -ln -E '#include <(sqlite3|libpq-fe|microhttpd|xlsxwriter|zip|expat|csv)\.h>' agent/*.c agent/*/*.c lib/*.c 2>/dev/null)
check "the agent and lib/ do not use the collector's libraries" "$bad"
bad=$(grep -ln -E '#include <pcap' collector/*.c lib/*.c 2>/dev/null)
check "the collector and lib/ do not use libpcap" "$bad"
# net-snmp is the agent's locate module's alone (agent/locate_snmp.c): not lib/,
# not the pure core, not the collector.
bad=$(grep -ln -E '#include <net-snmp/' lib/*.c agent/*.c agent/*/*.c collector/*.c include/egresswatch/*.h 2>/dev/null |
	grep -v '^agent/locate_snmp\.c$')
check "libsnmp only in agent/locate_snmp.c" "$bad"
# The probes keep theirs (issue 10): libnet (raw frames) only in probes/; the
# agent reaches the probes through include/egresswatch/probe.h alone.
bad=$(grep -ln -E '#include <libnet' agent/*.c agent/*/*.c collector/*.c lib/*.c include/egresswatch/*.h 2>/dev/null)
check "libnet is used in probes/ only" "$bad"
# Banned functions (STYLE.md: curl's checker): unbounded copies and formats,
# parsers without error reporting, and shells.
bad=$(grep -nE '(^|[^_[:alnum:]])(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|atoll|strtok|system|popen)[[:space:]]*\(' \
	agent/*.c agent/*/*.c lib/*.c collector/*.c probes/*.c 2>/dev/null)
check "no banned function (strcpy strcat sprintf gets atoi strtok system popen)" "$bad"
echo "layout: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
