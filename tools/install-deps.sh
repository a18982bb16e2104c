#!/bin/sh
# SPDX-License-Identifier: ISC
# Installs every Debian package that build, tests, lab and demo need.
# Idempotent: apt-get runs only when something is missing. Uses sudo when not root.
set -eu
PKGS="build-essential pkg-config clang libclang-rt-14-dev
libcsv-dev libzip-dev libexpat1-dev libxlsxwriter-dev libmicrohttpd-dev libsqlite3-dev libpq-dev nettle-dev
postgresql chromium fonts-ipafont-gothic python3-openpyxl sqlite3
libpcap-dev libjson-c-dev libcmocka-dev ieee-data libsnmp-dev snmpd snmp
tshark valgrind python3 python3-jsonschema iproute2 iptables curl
dnsmasq-base radvd miniupnpd pppoe tcpreplay busybox procps util-linux
libnet1-dev libcurl4-openssl-dev tcpdump mandoc"
missing=""
for p in $PKGS; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$s" in *"ok installed"*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
echo "deps: installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer "no" without a prompt
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections 2>/dev/null || true
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
