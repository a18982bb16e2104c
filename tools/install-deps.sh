#!/bin/sh
# SPDX-License-Identifier: ISC
# Installs the Debian packages egresswatch needs, in two lists:
#   install-deps.sh          building and running (make deps, make demo)
#   install-deps.sh --check  those and what the tests need (make check-deps,
#                            make check): the lab's daemons, tshark, Chromium,
#                            PostgreSQL, the packaging and man page checkers,
#                            debootstrap and systemd-nspawn (units booted)
# Idempotent: apt-get runs only when something is missing. Uses sudo when not root.
set -eu
BUILD_PKGS="build-essential pkg-config
libpcap-dev libjson-c-dev ieee-data libsnmp-dev libnet1-dev libcurl4-openssl-dev libseccomp-dev
libcsv-dev libzip-dev libexpat1-dev libxlsxwriter-dev libmicrohttpd-dev libsqlite3-dev libpq-dev nettle-dev
python3"
TEST_PKGS="clang libclang-rt-14-dev libcmocka-dev valgrind
postgresql chromium fonts-ipafont-gothic python3-openpyxl python3-prometheus-client sqlite3
snmpd snmp tshark python3-jsonschema iproute2 iptables curl
dnsmasq-base radvd miniupnpd pppoe tcpreplay busybox procps util-linux strace
tcpdump mandoc systemd debhelper devscripts lintian fakeroot dpkg-dev
systemd-container debootstrap"
case "${1:-}" in
"") PKGS="$BUILD_PKGS" ;;
--check) PKGS="$BUILD_PKGS $TEST_PKGS" ;;
*) echo "usage: install-deps.sh [--check]" >&2; exit 2 ;;
esac
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
case "$missing" in *tshark*)
	echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections 2>/dev/null || true
esac
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
