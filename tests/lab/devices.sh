#!/bin/sh
# SPDX-License-Identifier: ISC
# devices.sh - the undeclared egress devices of the lab, each built from the
# daemons such a device really runs. Sourced after lib.sh and hospital.sh.

HGW_MAC=00:1b:8b:aa:00:01     # an NEC Platforms OUI: NTT HGWs with the "NE" suffix
HGW_CLIENT_MAC=00:06:5b:00:20:01
MOBILE_MAC=00:15:eb:bb:00:01  # a ZTE OUI: pocket Wi-Fi routers
MOBILE_CLIENT_MAC=00:06:5b:00:30:01
PC_MAC=00:08:74:cc:00:01      # a Dell OUI: a department PC
PC_CLIENT_MAC=00:06:5b:00:40:01
AC_MAC=00:00:0c:dd:00:01      # a Cisco OUI: the carrier's access concentrator
PPPOE_CLIENT_MAC=00:06:5b:00:50:01
AC_NAME=EGRESSWATCH-LAB-BRAS
CARRIER_SERVER=198.51.100.10

# carrier NAME SUBNET_PREFIX (e.g. 100.64.0): a namespace standing for a
# carrier's network, with a web server at 198.51.100.10.
carrier_ns() {
	lab_ns_only "$1"
	in_ns "$1" ip addr add "$CARRIER_SERVER/32" dev lo
	lab_bg "$1" busybox httpd -f -p 80 -h "$LAB_DIR/www"
}

# A device's DHCP server: dnsmasq answering only the one client it knows, so
# the declared server keeps serving everyone else (the race between two DHCP
# servers is not what a scenario tests).
device_dnsmasq() { # NS IFACE RANGE_START ROUTER LEASE CLIENT_MAC CLIENT_IP
	touch "$LAB_DIR/$1.leases"
	chmod 666 "$LAB_DIR/$1.leases"
	lab_bg "$1" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --interface="$2" --bind-interfaces \
		--dhcp-range="$3,static,255.255.255.0,$5" --dhcp-host="$6,$7" --dhcp-ignore='tag:!known' \
		--dhcp-option=3,"$4" --dhcp-option=6,"$4" --dhcp-leasefile="$LAB_DIR/$1.leases" \
		--user=root --group=root --no-ping --dhcp-authoritative
}

# The declared DHCP server must not answer clients that belong to a rogue
# device; hospital_core's dnsmasq is restarted with those MACs ignored.
core_ignore_macs() {
	for p in $(ip netns pids "$(ns core)"); do
		case "$(cat /proc/"$p"/comm 2>/dev/null)" in dnsmasq) kill "$p" ;; esac
	done
	sleep 0.2
	ignores=""
	for m in "$@"; do ignores="$ignores --dhcp-host=$m,ignore"; done
	# shellcheck disable=SC2086
	lab_bg core dnsmasq --no-daemon --conf-file=/dev/null --port=0 --interface=eth0 --bind-interfaces \
		--dhcp-range=10.20.0.100,10.20.0.199,255.255.255.0,1h --dhcp-option=3,10.20.0.1 \
		--dhcp-option=6,10.20.0.1 --dhcp-leasefile="$LAB_DIR/core.leases" --user=root --group=root \
		--dhcp-authoritative --no-ping $ignores
}

# Rogue home gateway: DHCP with its own router option, RAs with an NGN-like
# 2408:: prefix, UPnP IGD announcements (miniupnpd), NAT to a carrier.
device_hgw() {
	lab_host hgw "$HGW_MAC"
	carrier_ns carrier
	lab_link hgw wan0 carrier eth0
	in_ns hgw ip addr add 192.168.1.1/24 dev eth0
	in_ns hgw ip addr add 100.64.0.2/24 dev wan0
	in_ns carrier ip addr add 100.64.0.1/24 dev eth0
	in_ns hgw ip route add default via 100.64.0.1
	in_ns hgw sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	in_ns hgw iptables -t nat -A POSTROUTING -o wan0 -j MASQUERADE
	device_dnsmasq hgw eth0 192.168.1.100 192.168.1.1 4h "$HGW_CLIENT_MAC" 192.168.1.100
	cat >"$LAB_DIR/radvd.conf" <<R
interface eth0 {
	AdvSendAdvert on;
	MinRtrAdvInterval 3;
	MaxRtrAdvInterval 4;
	AdvDefaultLifetime 1800;
	prefix 2408:210:1234:5600::/64 { AdvOnLink on; AdvAutonomous on; };
	RDNSS 2408:210:1234:5600::1 { };
	DNSSL flets-east.jp { };
};
R
	cat >"$LAB_DIR/miniupnpd.conf" <<M
ext_ifname=wan0
listening_ip=eth0
port=5000
enable_natpmp=no
enable_upnp=yes
secure_mode=yes
notify_interval=5
uuid=3d3cec3a-8cf0-11e0-98ee-001b8baa0001
friendly_name=egresswatch lab HGW
allow 1024-65535 192.168.1.0/24 1024-65535
deny 0-65535 0.0.0.0/0 0-65535
M
	lab_bg hgw radvd -n -C "$LAB_DIR/radvd.conf" -p "$LAB_DIR/radvd.pid" -m stderr
	lab_bg hgw miniupnpd -d -f "$LAB_DIR/miniupnpd.conf" -P "$LAB_DIR/miniupnpd.pid"
}

# Mobile router on its factory subnet (pocket units: 192.168.43.1), DHCP with
# a one-day lease, NAT to a mobile carrier.
device_mobile_router() {
	lab_host mobile "$MOBILE_MAC"
	carrier_ns mcarrier
	lab_link mobile wan0 mcarrier eth0
	in_ns mobile ip addr add 192.168.43.1/24 dev eth0
	in_ns mobile ip addr add 100.64.2.2/24 dev wan0
	in_ns mcarrier ip addr add 100.64.2.1/24 dev eth0
	in_ns mobile ip route add default via 100.64.2.1
	in_ns mobile sysctl -qw net.ipv4.ip_forward=1
	in_ns mobile iptables -t nat -A POSTROUTING -o wan0 -j MASQUERADE
	device_dnsmasq mobile eth0 192.168.43.100 192.168.43.1 24h "$MOBILE_CLIENT_MAC" 192.168.43.100
}

# A department PC with a USB LTE dongle (wan0) sharing it: ip_forward and
# masquerade. It has an ordinary EMR address from the declared DHCP server.
device_pc_sharing() {
	lab_host pc "$PC_MAC"
	carrier_ns pcarrier
	lab_link pc wan0 pcarrier eth0
	in_ns pc busybox udhcpc -i eth0 -s "$LAB_TOP/tests/lab/udhcpc.script" -q -n -t 5 -T 1 \
		-x hostname:DESKTOP-LAB01 >>"$LAB_DIR/pc.log" 2>&1
	in_ns pc ip addr add 100.64.1.2/24 dev wan0
	in_ns pcarrier ip addr add 100.64.1.1/24 dev eth0
	in_ns pc ip route add "$CARRIER_SERVER/32" via 100.64.1.1
	in_ns pc sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.eth0.send_redirects=0
	in_ns pc iptables -t nat -A POSTROUTING -o wan0 -j MASQUERADE
	PC_IP=$(in_ns pc ip -4 -o addr show dev eth0 | awk '{print $4}' | cut -d/ -f1)
}

# A line bridged into the segment: the carrier's PPPoE access concentrator
# behind an "ONU" that is only a bridge (it has no address of its own).
device_pppoe_line() {
	lab_host onu
	in_ns onu ip link add name br type bridge
	in_ns onu ip link set dev br up
	in_ns onu ip link set dev eth0 master br
	lab_ns_only isp
	in_ns onu ip link add name fiber type veth peer name eth0 netns "$(ns isp)"
	in_ns isp ip link set dev eth0 address "$AC_MAC"
	in_ns onu ip link set dev fiber master br
	in_ns onu ip link set dev fiber up
	in_ns isp ip link set dev eth0 up
	in_ns onu sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	lab_bg isp pppoe-server -F -I eth0 -C "$AC_NAME" -S flets -L 10.99.0.1 -R 10.99.0.10 -N 4
}

# A PC on the EMR segment that looks for a PPPoE line (pppoe -A sends PADI and
# lists the PADOs).
pppoe_discover() {
	in_ns "$1" pppoe -I eth0 -A >>"$LAB_DIR/$1.pppoe" 2>&1
}
