#!/bin/sh
# SPDX-License-Identifier: ISC
# hospital.sh - the declared part of the virtual hospital, shared by every scenario:
# core router (10.20.0.1, declared) with DHCP, an "internet" behind it
# (203.0.113.0/24), the EMR server (10.20.0.10), and DHCP clients.
# Sourced after lib.sh.

CORE_MAC=00:a0:de:20:00:01   # a Yamaha OUI: Japanese hospitals' usual business router
EMR_MAC=00:00:5e:00:53:10    # IANA documentation OUI (RFC 7042)
EMR_SUBNET=10.20.0.0/24
INET_SERVER=203.0.113.10

declared_args() {
	echo "--subnet $EMR_SUBNET --declared $CORE_MAC --declared 10.20.0.1"
}

# A tiny web root so busybox httpd has something to serve.
lab_webroot() {
	mkdir -p "$LAB_DIR/www"
	echo "egresswatch lab" >"$LAB_DIR/www/index.html"
}

hospital_core() {
	lab_switch
	lab_webroot
	# the internet, behind the declared core router
	lab_ns_only inet
	lab_host core "$CORE_MAC"
	lab_link core wan0 inet eth0
	in_ns core ip addr add 10.20.0.1/24 dev eth0
	in_ns core ip addr add 203.0.113.1/24 dev wan0
	in_ns core sysctl -qw net.ipv4.ip_forward=1
	in_ns inet ip addr add "$INET_SERVER/24" dev eth0
	in_ns inet ip route add 10.20.0.0/24 via 203.0.113.1
	lab_bg inet busybox httpd -f -p 80 -h "$LAB_DIR/www"
	# the declared DHCP server runs on the core router, as it often does
	touch "$LAB_DIR/core.leases"
	chmod 666 "$LAB_DIR/core.leases"
	lab_bg core dnsmasq --no-daemon --conf-file=/dev/null --port=0 --interface=eth0 --bind-interfaces \
		--dhcp-range=10.20.0.100,10.20.0.199,255.255.255.0,1h --dhcp-option=3,10.20.0.1 \
		--dhcp-option=6,10.20.0.1 --dhcp-leasefile="$LAB_DIR/core.leases" --user=root --group=root \
		--dhcp-authoritative --no-ping
	# the EMR server
	lab_host emr "$EMR_MAC"
	in_ns emr ip addr add 10.20.0.10/24 dev eth0
	in_ns emr ip route add default via 10.20.0.1
	lab_bg emr busybox httpd -f -p 80 -h "$LAB_DIR/www"
}

# hospital_client NAME MAC: a PC that takes a lease (from whichever server
# answers its DISCOVER first, unless the server ignores it) and then talks.
hospital_client() {
	lab_host "$1" "$2"
	in_ns "$1" busybox udhcpc -i eth0 -s "$LAB_TOP/tests/lab/udhcpc.script" -q -n -t 5 -T 1 \
		-x hostname:"$1" >>"$LAB_DIR/$1.log" 2>&1
}

# hospital_traffic NAME TARGET...: fetch from each target a few times, in the background.
hospital_traffic() {
	name=$1
	shift
	targets="$*"
	lab_bg "$name" sh -c "for i in 1 2 3 4 5 6 7 8 9 10; do for t in $targets; do curl -s -m 2 -o /dev/null http://\$t/ ; done; sleep 1; done"
}
