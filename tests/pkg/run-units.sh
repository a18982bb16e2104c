#!/bin/sh
# SPDX-License-Identifier: ISC
# run-units.sh - the systemd units as `make install` writes them.
# Installs into a scratch PREFIX (so every ExecStart names a program that
# exists and `man` finds the installed pages), then per unit:
#   verify      systemd-analyze verify prints nothing and exits 0;
#   filled      no @PLACEHOLDER@ is left;
#   sandbox     the hardening the unit must keep (user, capabilities,
#               address families, system calls, directories);
# and the install itself: DESTDIR + PREFIX=/usr gives ExecStart=/usr/sbin/...,
# a second install keeps an edited /etc/egresswatch/agent.conf.
# A unit whose program is not built yet is skipped, with a note.
# Ends with "units: N passed, N failed"; SKIPPED when systemd-analyze is absent.
set -u
cd "$(dirname "$0")/../.." || exit 2
if ! command -v systemd-analyze > /dev/null 2>&1; then
	echo "SKIPPED: units: systemd-analyze is not installed (package systemd)"
	exit 0
fi
pass=0
fail=0
skip=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() {
	fail=$((fail + 1))
	echo "FAIL $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/     /'
	return 0
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
root="$tmp/root"
if ! out=$(make -s --no-print-directory install PREFIX="$root/usr" SYSCONFDIR="$root/etc" \
	UNITDIR="$root/lib/systemd/system" TMPFILESDIR="$root/usr/lib/tmpfiles.d" 2>&1); then
	ko install "$out"
	echo "units: $pass passed, $fail failed"
	exit 1
fi
ok install
units=$(ls "$root"/lib/systemd/system/* 2> /dev/null)
[ -n "$units" ] || ko "no units installed"
for u in $units; do
	name=$(basename "$u")
	prog=$(sed -n 's|^ExecStart=\([^ ]*\).*|\1|p' "$u")
	if [ -n "$prog" ] && [ ! -x "$prog" ]; then
		skip=$((skip + 1))
		echo "skip $name: $(basename "$prog") is not built yet"
		continue
	fi
	# verify reads the unit's Documentation= with man(1): look in the scratch tree
	if out=$(cd "$tmp" && MANPATH="$root/usr/share/man" systemd-analyze verify "$u" 2>&1) && [ -z "$out" ]; then
		ok "verify $name"
	else
		ko "verify $name" "$out"
	fi
	if grep -n '@[A-Z]*@' "$u" > /dev/null; then ko "filled $name" "$(grep -n '@[A-Z]*@' "$u")"; else ok "filled $name"; fi
	want=""
	case "$name" in
	egresswatch-agent@.service | egresswatch-scan@.service)
		want="User=egresswatch
AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN
CapabilityBoundingSet=CAP_NET_RAW CAP_NET_ADMIN
RestrictAddressFamilies=AF_PACKET AF_UNIX AF_INET AF_INET6 AF_NETLINK
SystemCallFilter=@system-service seccomp landlock_create_ruleset landlock_add_rule landlock_restrict_self" ;;
	egresswatch-collector.service)
		want="User=egresswatch
AmbientCapabilities=
CapabilityBoundingSet=
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6
SystemCallFilter=@system-service" ;;
	esac
	case "$name" in *.service)
		want="$want
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
StateDirectory=egresswatch
LogsDirectory=egresswatch"
		case "$name" in egresswatch-collector.service) ;; *) want="$want
ReadWritePaths=-/var/spool/egresswatch" ;; esac
		missing=$(printf '%s\n' "$want" | while IFS= read -r line; do
			[ -z "$line" ] && continue
			grep -qxF "$line" "$u" || echo "missing: $line"
		done)
		if [ -z "$missing" ]; then ok "sandbox $name"; else ko "sandbox $name" "$missing"; fi
	esac
done
# the Debian shape: DESTDIR staging, PREFIX=/usr
stage="$tmp/stage"
if out=$(make -s --no-print-directory install DESTDIR="$stage" PREFIX=/usr UNITDIR=/lib/systemd/system 2>&1) &&
	grep -qx 'ExecStart=/usr/sbin/egresswatch-agent -i %i -c /etc/egresswatch/agent.conf -o /var/lib/egresswatch/agent-%i.jsonl' \
		"$stage/lib/systemd/system/egresswatch-agent@.service" &&
	[ -x "$stage/usr/sbin/egresswatch-agent" ] && [ -r "$stage/usr/share/egresswatch/fingerprints.conf" ] &&
	[ -r "$stage/usr/lib/tmpfiles.d/egresswatch.conf" ] && [ -r "$stage/etc/egresswatch/agent.conf" ]; then
	ok "destdir PREFIX=/usr"
else
	ko "destdir PREFIX=/usr" "$out"
fi
echo "subnet 10.99.0.0/16 # edited" >> "$stage/etc/egresswatch/agent.conf"
if make -s --no-print-directory install DESTDIR="$stage" PREFIX=/usr > /dev/null 2>&1 &&
	grep -q 10.99.0.0 "$stage/etc/egresswatch/agent.conf"; then
	ok "reinstall keeps agent.conf"
else
	ko "reinstall keeps agent.conf" "a second make install replaced the edited file"
fi
[ "$skip" -gt 0 ] && echo "note $skip unit(s) skipped: their program is not built yet"
echo "units: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
