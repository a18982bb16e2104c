#!/bin/sh
# SPDX-License-Identifier: ISC
# spdx-headers.sh - gives every .c, .h, .sh and .py file of the tree an
# SPDX-License-Identifier line (the licence is in LICENSE), so re-running it
# after a merge fixes whatever came in without one.
#
#   tools/spdx-headers.sh          add the line where it is missing (idempotent)
#   tools/spdx-headers.sh --check  change nothing; list the files without it,
#                                  exit 1 if there are any (used by the tests)
#
# The line is the file's first: "/* SPDX-License-Identifier: ISC */" in C,
# "# SPDX-License-Identifier: ISC" in shell and Python, where it goes second
# after a "#!" line (and after a PEP 263 coding line). A file that has the
# identifier in its first three lines is left alone. The files are git's
# (tracked and untracked, minus ignored ones), so build/ is never touched;
# from any folder.
set -eu
cd "$(dirname "$0")/.."
LICENSE_ID=ISC
check=0
case ${1:-} in
--check) check=1 ;;
"") ;;
*)
	echo "usage: tools/spdx-headers.sh [--check]" >&2
	exit 2
	;;
esac

files=$(git ls-files --cached --others --exclude-standard -- '*.c' '*.h' '*.sh' '*.py' | sort -u)
missing=0
total=0
changed=0
for f in $files; do
	[ -f "$f" ] || continue # deleted in the work tree
	total=$((total + 1))
	if head -n 3 "$f" | grep -q 'SPDX-License-Identifier:'; then
		continue
	fi
	if [ "$check" = 1 ]; then
		echo "spdx: $f: no SPDX-License-Identifier line"
		missing=$((missing + 1))
		continue
	fi
	case $f in
	*.c | *.h) line="/* SPDX-License-Identifier: $LICENSE_ID */" ;;
	*) line="# SPDX-License-Identifier: $LICENSE_ID" ;;
	esac
	# lines to keep above it: a #! line, then a coding declaration
	keep=0
	if [ "$(head -c 2 "$f")" = '#!' ]; then
		keep=1
		if sed -n 2p "$f" | grep -qE '^[ \t\f]*#.*coding[:=]'; then
			keep=2
		fi
	fi
	tmp="$f.spdx.$$"
	{
		[ "$keep" -gt 0 ] && head -n "$keep" "$f"
		printf '%s\n' "$line"
		tail -n +"$((keep + 1))" "$f"
	} > "$tmp"
	chmod "$(stat -c %a "$f")" "$tmp"
	mv "$tmp" "$f"
	changed=$((changed + 1))
done
if [ "$check" = 1 ]; then
	if [ "$missing" -gt 0 ]; then
		echo "spdx: $missing of $total files lack an SPDX-License-Identifier line (run tools/spdx-headers.sh)"
		exit 1
	fi
	echo "spdx: all $total .c/.h/.sh/.py files have an SPDX-License-Identifier line"
	exit 0
fi
echo "spdx: added the line to $changed of $total files"
