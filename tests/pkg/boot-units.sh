#!/bin/sh
# SPDX-License-Identifier: ISC
# boot-units.sh - the two Debian packages installed in a Debian 12 system
# that boots systemd, and their units started there: what
# `systemd-analyze verify` cannot show (the hardening lets the programs
# run, the system user, the tmpfiles folders, capabilities and seccomp under
# User=, a report delivered from the agent unit to the collector unit,
# the scan service and its timer, the journal).
#
# Sourced by run-deb.sh, which defines ok/ko and has built the packages:
#   boot_units AGENT_DEB COLLECTOR_DEB WORKDIR
# The system is made with debootstrap (from EW_DEBIAN_MIRROR, default
# deb.debian.org: the same registry apt-get uses) and booted with
# systemd-nspawn --private-network: the container has its own network
# namespace with only lo and a veth pair made inside it, no link to this
# machine's interfaces. It is powered off and removed at the end.
#
# One change to the installed units, for the container only: a container
# has no udev, so the interface's .device unit never appears and the
# agent's BindsTo= on it would wait forever. The test runs a copy of
# egresswatch-agent@.service without its BindsTo=/After= lines; every other
# line is the package's.

# in_box CMD: runs a shell command inside the booted container
in_box() {
	nsenter -t "$box_init" -a -r -w env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 sh -c "$1"
}

# stored_reports: how many reports the collector unit holds for BOOT-1
stored_reports() {
	in_box "curl -s -H 'Authorization: Bearer $viewer' http://127.0.0.1:8443/api/v1/sites" 2> /dev/null |
		grep -o '"reports": *[0-9]*' | grep -o '[0-9]*$' | head -n 1
}

# first alternative of each dependency of a .deb, without versions
deb_depends() {
	dpkg-deb -f "$1" Depends | tr ',' '\n' | sed 's/|.*//; s/(.*//; s/^ *//; s/ *$//' | grep .
}

boot_units_stop() {
	[ -n "${box_pid:-}" ] || return 0
	# SIGTERM to systemd-nspawn asks the container's systemd to power off
	kill -TERM "$box_pid" 2> /dev/null
	i=0
	while kill -0 "$box_pid" 2> /dev/null && [ $i -lt 30 ]; do
		sleep 1
		i=$((i + 1))
	done
	kill -KILL "$box_pid" 2> /dev/null
	wait "$box_pid" 2> /dev/null
	box_pid=""
}

boot_units() {
	adeb=$1
	cdeb=$2
	work=$3
	for tool in debootstrap systemd-nspawn nsenter; do
		if ! command -v "$tool" > /dev/null 2>&1; then
			ko "boot: $tool is installed (make check-deps installs it)"
			return 0
		fi
	done
	root="$work/box"
	pkgs=$( { deb_depends "$adeb"; deb_depends "$cdeb"; echo systemd systemd-sysv dbus iproute2 curl; } |
		sort -u | tr '\n' ',' | sed 's/,$//')
	# the bare system is kept (uncompressed tar, about 260 MB) in
	# EW_BOX_CACHE, keyed by its package list, so a second run skips the
	# download; CI starts from a clean clone and makes it once
	cache="${EW_BOX_CACHE:-build/pkg}/box-bookworm-$(printf '%s' "$pkgs" | sha256sum | cut -c1-12).tar"
	start=$(date +%s)
	if [ -f "$cache" ] && mkdir -p "$root" && tar -xf "$cache" -C "$root"; then
		ok "boot: Debian 12 system from $cache"
	elif debootstrap --variant=minbase --include="$pkgs" bookworm "$root" \
		"${EW_DEBIAN_MIRROR:-http://deb.debian.org/debian}" > "$work/debootstrap.log" 2>&1; then
		ok "boot: debootstrap bookworm with the packages' dependencies ($(($(date +%s) - start)) s)"
		rm -f "$(dirname "$cache")"/box-bookworm-*.tar
		mkdir -p "$(dirname "$cache")" && tar -cf "$cache.new" -C "$root" . && mv "$cache.new" "$cache"
	else
		ko "boot: debootstrap bookworm" "$(tail -n 15 "$work/debootstrap.log")"
		return 0
	fi
	# not /tmp: systemd-nspawn mounts a fresh tmpfs there
	cp "$adeb" "$cdeb" "$root/root/"
	if systemd-nspawn -q -D "$root" --private-network --register=no --keep-unit \
		sh -c 'dpkg -i /root/egresswatch-*.deb && rm /root/egresswatch-*.deb' > "$work/dpkg.log" 2>&1; then
		ok "boot: dpkg -i both packages"
	else
		ko "boot: dpkg -i both packages" "$(tail -n 20 "$work/dpkg.log")"
		return 0
	fi
	# the settings an administrator would write (egresswatch.conf(5))
	mkdir -p "$root/etc/systemd/system/egresswatch-scan@.service.d"
	for u in egresswatch-agent@.service egresswatch-scan@.service; do
		sed '/^BindsTo=/d; /^After=sys-subsystem-net-devices/d' "$root/lib/systemd/system/$u" \
			> "$root/etc/systemd/system/$u"
	done
	# a scan of 3 s instead of an hour: ExecStart= empties the list first
	sed -n 's/^ExecStart=\(.*\) --duration 1h --window 1h \(.*\)$/ExecStart=\1 --duration 3s --window 3s \2/p' \
		"$root/lib/systemd/system/egresswatch-scan@.service" > "$work/scan-exec"
	{
		echo "[Service]"
		echo "ExecStart="
		cat "$work/scan-exec"
	} > "$root/etc/systemd/system/egresswatch-scan@.service.d/short.conf"
	grep -q -- '--duration 3s' "$root/etc/systemd/system/egresswatch-scan@.service.d/short.conf" ||
		ko "boot: the scan unit's ExecStart has --duration 1h --window 1h to shorten"
	cat >> "$root/etc/egresswatch/agent.conf" << 'EOF'
agent-id    boot-test
site        BOOT-1
segment     container
subnet      10.99.0.0/24
collector   http://127.0.0.1:8443
token-file  /etc/egresswatch/agent.token
# a switch nobody answers for (the locator process, a switch_errors entry)
# and probes from span1 inside the container (the prober process)
switch      core 127.0.0.1:16161 community public
probe       dhcp,rs
probe-interface span1
EOF

	box_log="$work/nspawn.log"
	# nspawn's own seccomp filter refuses Landlock's calls (EPERM: the agent
	# would run without it, with a warning): allowed, so the units' are tested
	systemd-nspawn -q -D "$root" --private-network --register=no --keep-unit -b \
		--system-call-filter='landlock_create_ruleset landlock_add_rule landlock_restrict_self' > "$box_log" 2>&1 &
	box_pid=$!
	box_init=""
	i=0
	# nspawn's first child forks again before the container's init execs:
	# wait for the child that is systemd
	while [ -z "$box_init" ] && [ $i -lt 100 ]; do
		sleep 0.2
		for c in $(pgrep -P "$box_pid"); do
			[ "$(cat "/proc/$c/comm" 2> /dev/null)" = systemd ] && box_init=$c
		done
		i=$((i + 1))
	done
	if [ -z "$box_init" ]; then
		ko "boot: systemd-nspawn -b started an init" "$(tail -n 20 "$box_log")"
		boot_units_stop
		return 0
	fi
	# systemctl fails until systemd's private socket exists: ask again
	state=""
	i=0
	while [ -z "$state" ] && [ $i -lt 90 ]; do
		state=$(in_box 'timeout 90 systemctl is-system-running --wait' 2> /dev/null)
		[ -n "$state" ] || sleep 1
		i=$((i + 1))
	done
	case "$state" in
	running | degraded) ok "boot: systemd booted ($state)" ;;
	*)
		ko "boot: systemd booted" "state: $state; $(tail -n 20 "$box_log")"
		boot_units_stop
		return 0
		;;
	esac
	failed=$(in_box 'systemctl --failed --no-legend --plain' 2> /dev/null | grep egresswatch)
	[ -z "$failed" ] && ok "boot: no egresswatch unit failed at boot" || ko "boot: units failed at boot" "$failed"

	# the package made the system user and tmpfiles made the folders
	in_box 'id -u egresswatch' > /dev/null 2>&1 && ok "boot: system user egresswatch exists" ||
		ko "boot: system user egresswatch exists"
	spool=$(in_box 'stat -c "%U %a" /var/spool/egresswatch' 2> /dev/null)
	[ "$spool" = "egresswatch 750" ] && ok "boot: /var/spool/egresswatch egresswatch 0750" ||
		ko "boot: /var/spool/egresswatch egresswatch 0750" "got: $spool"
	unit_on=$(in_box 'systemctl is-enabled egresswatch-collector.service' 2> /dev/null)
	[ "$unit_on" = disabled ] && ok "boot: the collector unit is installed disabled" ||
		ko "boot: the collector unit is installed disabled" "got: $unit_on"

	# the collector unit: starts as egresswatch, answers on its port
	token=$(in_box 'cd /var/lib/egresswatch && runuser -u egresswatch -- env EGRESSWATCH_DB=/var/lib/egresswatch/collector.db egresswatch-collector token add --role agent --site BOOT-1 2> /dev/null')
	viewer=$(in_box 'cd /var/lib/egresswatch && runuser -u egresswatch -- env EGRESSWATCH_DB=/var/lib/egresswatch/collector.db egresswatch-collector token add --role viewer --site BOOT-1 2> /dev/null')
	if [ -n "$token" ] && [ -n "$viewer" ]; then
		ok "boot: tokens added to the collector's store"
	else
		ko "boot: tokens added to the collector's store"
	fi
	in_box "umask 027; printf '%s\n' '$token' > /etc/egresswatch/agent.token; chgrp egresswatch /etc/egresswatch/agent.token"
	in_box 'systemctl start egresswatch-collector.service' > "$work/coll-start" 2>&1
	i=0
	code=""
	while [ $i -lt 20 ]; do
		code=$(in_box "curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer $viewer' http://127.0.0.1:8443/api/v1/sites" 2> /dev/null)
		[ "$code" = 200 ] && break
		sleep 0.5
		i=$((i + 1))
	done
	[ "$code" = 200 ] && ok "boot: egresswatch-collector.service answers on 127.0.0.1:8443" ||
		ko "boot: egresswatch-collector.service answers on 127.0.0.1:8443" \
			"http $code; $(in_box 'systemctl status --no-pager egresswatch-collector; journalctl --no-pager -u egresswatch-collector | tail -n 15' 2>&1)"
	cuser=$(in_box 'grep ^Uid: /proc/$(systemctl show -P MainPID egresswatch-collector)/status' 2> /dev/null | awk '{print $2}')
	[ -n "$cuser" ] && [ "$cuser" = "$(in_box 'id -u egresswatch' 2> /dev/null)" ] && ok "boot: the collector runs as egresswatch" || ko "boot: the collector runs as egresswatch" "got: $cuser"
	ccap=$(in_box 'grep ^CapEff /proc/$(systemctl show -P MainPID egresswatch-collector)/status' 2> /dev/null | awk '{print $2}')
	[ "$ccap" = 0000000000000000 ] && ok "boot: the collector has no capability" || ko "boot: the collector has no capability" "CapEff $ccap"

	# the agent unit on a veth made inside the container
	in_box 'ip link add span0 type veth peer name span1 && ip link set span0 up && ip link set span1 up && ip addr add 10.99.0.2/24 dev span1'
	in_box 'systemctl start egresswatch-agent@span0.service' > "$work/agent-start" 2>&1
	sleep 2
	st=$(in_box 'systemctl is-active egresswatch-agent@span0.service' 2> /dev/null)
	[ "$st" = active ] && ok "boot: egresswatch-agent@span0.service is active" ||
		ko "boot: egresswatch-agent@span0.service is active" \
			"$st; $(in_box 'journalctl --no-pager -u egresswatch-agent@span0 | tail -n 20' 2>&1)"
	main=$(in_box 'systemctl show -P MainPID egresswatch-agent@span0.service' 2> /dev/null)
	# the supervisor keeps CAP_NET_RAW and CAP_NET_ADMIN (bits 13 and 12: 0x3000);
	# its children (parser, sender) hold none, the parser under seccomp
	sup=$(in_box "grep -E '^(Uid|CapEff|NoNewPrivs):' /proc/$main/status" 2> /dev/null | awk '{print $2}' | tr '\n' ' ')
	euid=$(in_box 'id -u egresswatch' 2> /dev/null)
	case "$sup" in
	"$euid 0000000000003000 1 ") ok "boot: agent supervisor: uid egresswatch, CapEff net_raw+net_admin, NoNewPrivs" ;;
	*) ko "boot: agent supervisor: uid egresswatch, CapEff net_raw+net_admin, NoNewPrivs" "Uid CapEff NoNewPrivs: $sup" ;;
	esac
	# every process below the supervisor (parser, sender; the parser's
	# locator and prober): no capability, no_new_privs, a seccomp filter
	kids=$(in_box "cat /proc/$main/task/*/children" 2> /dev/null)
	all=""
	while [ -n "$kids" ]; do
		all="$all $kids"
		next=""
		for k in $kids; do next="$next $(in_box "cat /proc/$k/task/*/children" 2> /dev/null)"; done
		kids=$(echo $next)
	done
	nkids=0
	bad=""
	names=""
	for k in $all; do
		nkids=$((nkids + 1))
		kst=$(in_box "grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/$k/status" 2> /dev/null | awk '{print $2}' | tr '\n' ' ')
		names="$names $(in_box "cat /proc/$k/comm" 2> /dev/null)"
		[ "$kst" = "0000000000000000 1 2 " ] || bad="$bad
$(in_box "cat /proc/$k/comm" 2> /dev/null) ($k): CapEff NoNewPrivs Seccomp: $kst"
	done
	missing=""
	for want in ew-parser ew-sender ew-locator ew-prober; do
		case " $names " in *" $want "*) ;; *) missing="$missing $want" ;; esac
	done
	[ -z "$missing" ] && ok "boot: the agent's processes are there:$names" ||
		ko "boot: the agent's processes are there" "missing:$missing; seen:$names"
	[ "$nkids" -ge 4 ] && [ -z "$bad" ] &&
		ok "boot: the agent's $nkids other processes (parser, sender, locator, prober): no capability, NoNewPrivs, seccomp" ||
		ko "boot: the agent's other processes: no capability, NoNewPrivs, seccomp" "processes: $nkids$bad"
	# Landlock as installed: the token (0640 root:egresswatch) sits beside
	# agent.conf; egresswatch may read it, the parser's confinement may not
	ll=$(in_box 'runuser -u egresswatch -- head -c 1 /etc/egresswatch/agent.token > /dev/null && echo user-reads-token
		for f in /etc/egresswatch/agent.token /etc/egresswatch/agent.conf; do
			runuser -u egresswatch -- egresswatch-agent -i span0 -c /etc/egresswatch/agent.conf --sandbox-test-read "$f"
		done' 2> /dev/null | tr '\n' '|')
	[ "$ll" = "user-reads-token|/etc/egresswatch/agent.token: Permission denied|/etc/egresswatch/agent.conf: readable|" ] &&
		ok "boot: Landlock: the parser cannot read the token egresswatch may read; agent.conf beside it, it can" ||
		ko "boot: Landlock: the parser cannot read the token egresswatch may read" "got: $ll"
	# enforced under the unit, not skipped (the unit allows its calls)
	ljournal=$(in_box 'journalctl --no-pager -u egresswatch-agent@span0' 2> /dev/null | grep Landlock)
	[ -z "$ljournal" ] && ok "boot: the agent's processes enter Landlock under the unit (no message of it)" ||
		ko "boot: the agent's processes enter Landlock under the unit" "$ljournal"

	# SIGUSR1: a report now, delivered by the sender to the collector unit
	# to every process of the unit, then to the main one as README says
	in_box 'systemctl kill -s USR1 egresswatch-agent@span0.service'
	in_box 'systemctl kill -s USR1 --kill-whom=main egresswatch-agent@span0.service'
	i=0
	n=0
	while [ $i -lt 30 ]; do
		n=$(stored_reports)
		[ "${n:-0}" -ge 1 ] && break
		sleep 0.5
		i=$((i + 1))
	done
	[ "${n:-0}" -ge 1 ] && ok "boot: SIGUSR1 report delivered from the agent unit to the collector unit" ||
		ko "boot: SIGUSR1 report delivered from the agent unit to the collector unit" \
			"sites: $(in_box "curl -s -H 'Authorization: Bearer $viewer' http://127.0.0.1:8443/api/v1/sites" 2>&1); $(in_box 'journalctl --no-pager -u egresswatch-agent@span0 | tail -n 15' 2>&1)"
	# SIGHUP to every process, then as systemctl reload sends it: the
	# configuration is read again, nothing ends
	in_box 'systemctl kill -s HUP egresswatch-agent@span0.service'
	if in_box 'systemctl reload egresswatch-agent@span0.service' > "$work/reload" 2>&1; then
		ok "boot: systemctl reload egresswatch-agent@span0 (ExecReload)"
	else
		ko "boot: systemctl reload egresswatch-agent@span0 (ExecReload)" "$(cat "$work/reload")"
	fi
	sleep 1
	nk=0
	for k in $(in_box "cat /proc/$main/task/*/children" 2> /dev/null); do nk=$((nk + 1)); done
	st=$(in_box 'systemctl is-active egresswatch-agent@span0.service' 2> /dev/null)
	[ "$st" = active ] && [ "$nk" -eq 2 ] &&
		ok "boot: USR1, HUP (whole unit, main) and reload end no process ($nk children)" ||
		ko "boot: USR1, HUP (whole unit, main) and reload end no process" "$st, children $nk of 2"
	in_box 'journalctl --no-pager -u egresswatch-agent@span0' 2> /dev/null | grep -q ' sent .*dhcp' &&
		ok "boot: the prober sent its probes (journal)" ||
		ko "boot: the prober sent its probes (journal)" "$(in_box 'journalctl --no-pager -u egresswatch-agent@span0 | tail -n 15' 2>&1)"
	lines=$(in_box 'wc -l < /var/lib/egresswatch/agent-span0.jsonl' 2> /dev/null)
	[ "${lines:-0}" -ge 1 ] && ok "boot: the report appended to /var/lib/egresswatch/agent-span0.jsonl" ||
		ko "boot: the report appended to /var/lib/egresswatch/agent-span0.jsonl"
	in_box 'journalctl --no-pager -u egresswatch-agent@span0' 2> /dev/null | grep -q egresswatch-agent &&
		ok "boot: the agent's messages reach the journal" || ko "boot: the agent's messages reach the journal"
	in_box 'systemctl stop egresswatch-agent@span0.service' > /dev/null 2>&1
	res=$(in_box 'systemctl show -P Result egresswatch-agent@span0.service' 2> /dev/null)
	[ "$res" = success ] && ok "boot: the agent unit stops cleanly (SIGTERM)" ||
		ko "boot: the agent unit stops cleanly" "Result=$res; $(in_box 'journalctl --no-pager -u egresswatch-agent@span0 | tail -n 25' 2>&1)"
	left=$(in_box 'find /var/spool/egresswatch -type f | wc -l' 2> /dev/null)
	[ "$left" = 0 ] && ok "boot: the spool is empty once every report is delivered" ||
		ko "boot: the spool is empty once every report is delivered" "$(in_box 'ls -l /var/spool/egresswatch' 2>&1)"

	# the scheduled scan: one run of the service, then its timer
	if in_box 'systemctl start egresswatch-scan@span0.service' > "$work/scan" 2>&1; then
		ok "boot: egresswatch-scan@span0.service runs to the end"
	else
		ko "boot: egresswatch-scan@span0.service runs to the end" \
			"$(cat "$work/scan"; in_box 'journalctl --no-pager -u egresswatch-scan@span0 | tail -n 15' 2>&1)"
	fi
	in_box 'grep -q "\"id\": *\"boot-test\"" /var/lib/egresswatch/scan-span0.jsonl' 2> /dev/null &&
		ok "boot: the scan wrote its report" || ko "boot: the scan wrote its report"
	n=$(stored_reports)
	# the live agent's SIGUSR1 and SIGTERM reports, then the scan's
	[ "${n:-0}" -ge 3 ] && ok "boot: the scan's report delivered too ($n reports stored)" ||
		ko "boot: the scan's report delivered too" "reports stored: $n"
	in_box 'systemctl start egresswatch-scan@span0.timer' > /dev/null 2>&1
	tst=$(in_box 'systemctl is-active egresswatch-scan@span0.timer' 2> /dev/null)
	next=$(in_box 'systemctl show -P NextElapseUSecRealtime egresswatch-scan@span0.timer' 2> /dev/null)
	[ "$tst" = active ] && [ -n "$next" ] && ok "boot: egresswatch-scan@span0.timer is active, next run $next" ||
		ko "boot: egresswatch-scan@span0.timer is active" "$tst, next: $next"
	in_box 'systemctl stop egresswatch-collector.service' > /dev/null 2>&1
	res=$(in_box 'systemctl show -P Result egresswatch-collector.service' 2> /dev/null)
	[ "$res" = success ] && ok "boot: the collector unit stops cleanly" || ko "boot: the collector unit stops cleanly" "Result=$res"
	boot_units_stop
}
