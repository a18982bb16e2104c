#!/bin/sh
# SPDX-License-Identifier: ISC
# run-deb.sh - the Debian packages: `dpkg-buildpackage -us -uc -b` on a copy
# of the tree (the tree itself stays untouched), lintian with no error, and
# what each .deb holds (dpkg-deb -c / -f / -I): programs, units, man pages,
# data, conffiles, dependencies, the system user, and no unit enabled; then
# both installed in a Debian 12 container booted with systemd-nspawn, where
# the units run (boot-units.sh).
# It compiles the whole project, so it runs only with EW_TEST_DEB=1 or
# CI=true (make check otherwise prints SKIPPED). Lintian's warnings are
# listed, not counted. Ends with "deb: N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
if [ "${EW_TEST_DEB:-0}" != 1 ] && [ "${CI:-}" != true ]; then
	echo "SKIPPED: deb: the package build compiles everything again; set EW_TEST_DEB=1 (or CI=true) to run it"
	exit 0
fi
for tool in dpkg-buildpackage dh lintian dpkg-deb fakeroot; do
	command -v "$tool" > /dev/null 2>&1 || {
		echo "SKIPPED: deb: $tool is not installed (make check-deps installs it)"
		exit 0
	}
done
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() {
	fail=$((fail + 1))
	echo "FAIL $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/     /'
	return 0
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# Build-Depends names the -dev package of every library the programs link
# (read from the link lines make would run): this machine has them all, so
# the build below would not notice one missing from debian/control.
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
bdeps=$(sed -n '/^Build-Depends:/,/^[A-Z][A-Za-z-]*:/p' debian/control | sed '$d' |
	sed 's/^Build-Depends://' | tr ',' '\n' | sed 's/^ *//; s/[ (].*//' | grep .)
for l in $(make -nB --no-print-directory programs 2> /dev/null | grep -- '-o build/egresswatch-' |
	tr ' ' '\n' | sed -n 's/^-l//p' | sort -u); do
	case "$l" in m | c | pthread | dl | rt) continue ;; esac
	so=$(ls "/usr/lib/$ma/lib$l.so" "/usr/lib/lib$l.so" 2> /dev/null | head -n 1)
	pkg=$([ -n "$so" ] && dpkg -S "$so" 2> /dev/null | head -n 1 | cut -d: -f1)
	# directly, or through a Build-Depends that depends on it (libpcap-dev -> libpcap0.8-dev)
	via=$(for b in $bdeps; do dpkg-query -W -f='${Depends}\n' "$b" 2> /dev/null | tr ',' '\n' |
		sed 's/^ *//; s/[ (].*//' | grep -qxF "$pkg" && echo "$b"; done | head -n 1)
	if [ -n "$pkg" ] && { printf '%s\n' "$bdeps" | grep -qxF "$pkg" || [ -n "$via" ]; }; then
		ok "Build-Depends has $pkg (-l$l)"
	else
		ko "Build-Depends has ${pkg:-the package of lib$l.so} (-l$l)"
	fi
done

version=$(sed -n '1s/.*(\(.*\)).*/\1/p' debian/changelog)
src="$tmp/egresswatch-$version"
mkdir "$src"
# the working tree as it is (committed or not), without builds and git
tar -cf - --exclude=./build --exclude=./.git --exclude='./debian/egresswatch-*/' --exclude=./debian/tmp . |
	tar -xf - -C "$src"
start=$(date +%s)
if (cd "$src" && DEB_BUILD_OPTIONS="parallel=${EW_JOBS:-2}" dpkg-buildpackage -us -uc -b) > "$tmp/build.log" 2>&1; then
	ok "dpkg-buildpackage -us -uc -b"
else
	ko "dpkg-buildpackage -us -uc -b" "$(tail -n 30 "$tmp/build.log")"
	echo "deb: $pass passed, $fail failed"
	exit 1
fi
echo "note deb: built in $(($(date +%s) - start)) s"
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
agent="$tmp/egresswatch-agent_${version}_$arch.deb"
coll="$tmp/egresswatch-collector_${version}_$arch.deb"
changes="$tmp/egresswatch_${version}_$arch.changes"

# lintian: no error; warnings shown
lintian --tag-display-limit 0 "$changes" > "$tmp/lintian" 2>&1
errors=$(grep '^E: ' "$tmp/lintian")
if [ -z "$errors" ]; then ok "lintian: no error"; else ko "lintian: errors" "$errors"; fi
grep '^W: ' "$tmp/lintian" | sed 's/^/note lintian /'

has() { # deb, path in the archive
	if dpkg-deb -c "$1" | awk '{print $6}' | grep -qxF "./$2"; then
		ok "$(basename "$1" | cut -d_ -f1) has /$2"
	else
		ko "$(basename "$1" | cut -d_ -f1) has /$2"
	fi
}
for f in usr/sbin/egresswatch-agent usr/share/egresswatch/fingerprints.conf \
	lib/systemd/system/egresswatch-agent@.service lib/systemd/system/egresswatch-scan@.service \
	lib/systemd/system/egresswatch-scan@.timer usr/lib/tmpfiles.d/egresswatch.conf \
	usr/share/man/man8/egresswatch-agent.8.gz usr/share/man/man5/egresswatch.conf.5.gz \
	etc/egresswatch/agent.conf; do
	has "$agent" "$f"
done
# the probe, its page and any other run-time data file go with the agent
if [ -f probes/main.c ]; then
	for f in usr/sbin/egresswatch-probe usr/share/man/man8/egresswatch-probe.8.gz; do has "$agent" "$f"; done
fi
for c in data/*.conf; do
	case "$c" in data/demo* | data/ledger-columns.conf | data/classes-ja.conf | data/fingerprints.conf) continue ;; esac
	has "$agent" "usr/share/egresswatch/$(basename "$c")"
done
for f in usr/sbin/egresswatch-collector usr/share/egresswatch/ledger-columns.conf \
	usr/share/egresswatch/classes-ja.conf lib/systemd/system/egresswatch-collector.service \
	usr/share/man/man8/egresswatch-collector.8.gz etc/egresswatch/collector.conf; do
	has "$coll" "$f"
done
field() { # deb, field, word expected
	if dpkg-deb -f "$1" "$2" | tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -qxF "$3"; then
		ok "$(basename "$1" | cut -d_ -f1) $2 $3"
	else
		ko "$(basename "$1" | cut -d_ -f1) $2 $3" "$(dpkg-deb -f "$1" "$2")"
	fi
}
field "$agent" Depends ieee-data
field "$agent" Depends adduser
field "$agent" Depends procps
field "$coll" Depends adduser
ctrl() { # deb, control file, grep -E pattern, case name, want (1 = found)
	got=0
	dpkg-deb -I "$1" "$2" 2> /dev/null | grep -Eq "$3" && got=1
	if [ "$got" = "$5" ]; then ok "$(basename "$1" | cut -d_ -f1) $4"; else ko "$(basename "$1" | cut -d_ -f1) $4"; fi
}
ctrl "$agent" conffiles '^/etc/egresswatch/agent.conf$' "conffile agent.conf" 1
ctrl "$coll" conffiles '^/etc/egresswatch/collector.conf$' "conffile collector.conf" 1
for d in "$agent" "$coll"; do
	ctrl "$d" postinst 'adduser --system --group --home /var/lib/egresswatch --no-create-home' "postinst makes the user" 1
	# dh_installsystemd --no-enable --no-start: a unit is enabled again only
	# where the admin had enabled it (was-enabled), and never started
	ctrl "$d" postinst 'deb-systemd-invoke' "postinst starts no unit" 0
	n_en=$(dpkg-deb -I "$d" postinst 2> /dev/null | grep -c 'deb-systemd-helper enable')
	n_was=$(dpkg-deb -I "$d" postinst 2> /dev/null | grep -c 'was-enabled')
	if [ "$n_en" -le "$n_was" ]; then ok "$(basename "$d" | cut -d_ -f1) postinst enables no unit"; else
		ko "$(basename "$d" | cut -d_ -f1) postinst enables no unit" "$n_en enable lines, $n_was guarded by was-enabled"; fi
	ctrl "$d" postrm 'deluser|userdel' "purge keeps the user" 0
done
ctrl "$agent" postinst 'systemd-tmpfiles.*--create egresswatch.conf' "postinst makes the spool" 1

# the packages installed in a Debian 12 container that boots systemd, and
# their units started there (boot-units.sh)
. tests/pkg/boot-units.sh
trap 'boot_units_stop; rm -rf "$tmp"' EXIT INT TERM
boot_units "$agent" "$coll" "$tmp"
echo "deb: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
