#!/bin/sh
# SPDX-License-Identifier: ISC
# run-man.sh - every man page in docs/ (docs/*.[1-9]) passes `mandoc -Tlint`
# at level WARNING: no warning, error or unsupported macro. STYLE notes
# (such as a referenced page that is not installed on this machine) are
# shown, not counted. groff, through man(1) as lintian runs it, prints no
# warning either (skipped without man). Each page also has EXAMPLES and
# STANDARDS sections.
# Ends with "man: N passed, N failed"; SKIPPED when mandoc is absent.
set -u
cd "$(dirname "$0")/../.." || exit 2
if ! command -v mandoc > /dev/null 2>&1; then
	echo "SKIPPED: man: mandoc is not installed (make check-deps installs it)"
	exit 0
fi
pass=0
fail=0
pages=0
for page in docs/*.[1-9]; do
	[ -f "$page" ] || continue
	pages=$((pages + 1))
	# mandoc's own notes about this machine's mandoc.db are not about the page
	out=$(mandoc -Tlint -Wwarning "$page" 2>&1 | grep -v 'mandoc.db')
	if [ -z "$out" ]; then
		pass=$((pass + 1)); echo "ok   lint $page"
	else
		fail=$((fail + 1)); echo "FAIL lint $page"; printf '%s\n' "$out" | sed 's/^/     /'
	fi
	if command -v man > /dev/null 2>&1; then
		out=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 > /dev/null)
		if [ -z "$out" ]; then
			pass=$((pass + 1)); echo "ok   groff $page"
		else
			fail=$((fail + 1)); echo "FAIL groff $page"; printf '%s\n' "$out" | sed 's/^/     /'
		fi
	fi
	style=$(mandoc -Tlint -Wstyle "$page" 2>&1 | grep -c ' STYLE: ')
	[ "$style" -gt 0 ] && echo "note $page: $style STYLE note(s), not counted"
	for sec in EXAMPLES STANDARDS; do
		if grep -Eq "^\.S[hH] \"?$sec\"?\$" "$page"; then
			pass=$((pass + 1)); echo "ok   $sec $page"
		else
			fail=$((fail + 1)); echo "FAIL $sec $page: no $sec section"
		fi
	done
done
# no page found is a failure, not "0 passed, 0 failed"
[ "$pages" -gt 0 ] || { fail=$((fail + 1)); echo "FAIL no man page in docs/ (docs/*.[1-9])"; }
echo "man: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
