#!/bin/sh
# SPDX-License-Identifier: ISC
# run-tree.sh - checks on the source tree itself: every .c/.h/.sh/.py file
# carries an SPDX-License-Identifier line (tools/spdx-headers.sh --check),
# and that script adds the line where it belongs and is idempotent (on a
# scratch repository). Ends with "tree: N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() {
	fail=$((fail + 1))
	echo "FAIL $1"
}
if ! command -v git > /dev/null; then
	echo "SKIPPED: git is not installed (the script lists the tree with git)"
	exit 0
fi

if out=$(sh tools/spdx-headers.sh --check 2>&1); then ok; else
	echo "$out" | tail -n 20
	ko "tree: files without an SPDX line"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/tools" "$tmp/sub"
cp tools/spdx-headers.sh "$tmp/tools/"
printf 'int x;\n' > "$tmp/a.c"
printf '#!/bin/sh\necho hi\n' > "$tmp/b.sh"
printf '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n"""doc"""\n' > "$tmp/sub/c.py"
printf 'x=1\n' > "$tmp/d.sh"
printf '/* SPDX-License-Identifier: MIT */\nint y;\n' > "$tmp/e.h"
printf 'not code\n' > "$tmp/f.txt"
chmod 755 "$tmp/b.sh"
(cd "$tmp" && git init -q . && git add -A) > /dev/null 2>&1
if (cd /tmp && sh "$tmp/tools/spdx-headers.sh" --check) > /dev/null 2>&1; then ko "scratch: --check passed with files missing the line"; else ok; fi
(cd /tmp && sh "$tmp/tools/spdx-headers.sh") > /dev/null 2>&1 || ko "scratch: first run failed"
snap=$(cd "$tmp" && cat a.c b.sh sub/c.py d.sh e.h f.txt | cksum)
[ "$(head -n 1 "$tmp/a.c")" = "/* SPDX-License-Identifier: ISC */" ] && [ "$(sed -n 2p "$tmp/a.c")" = "int x;" ] && ok || ko "scratch: C file"
[ "$(head -n 1 "$tmp/b.sh")" = "#!/bin/sh" ] && [ "$(sed -n 2p "$tmp/b.sh")" = "# SPDX-License-Identifier: ISC" ] && [ -x "$tmp/b.sh" ] && ok || ko "scratch: shell script with #!"
[ "$(sed -n 3p "$tmp/sub/c.py")" = "# SPDX-License-Identifier: ISC" ] && [ "$(sed -n 2p "$tmp/sub/c.py")" = "# -*- coding: utf-8 -*-" ] && ok || ko "scratch: python with coding line"
[ "$(head -n 1 "$tmp/d.sh")" = "# SPDX-License-Identifier: ISC" ] && ok || ko "scratch: shell without #!"
[ "$(head -n 1 "$tmp/e.h")" = "/* SPDX-License-Identifier: MIT */" ] && [ "$(wc -l < "$tmp/e.h")" -eq 2 ] && ok || ko "scratch: a file that has one is left alone"
[ "$(cat "$tmp/f.txt")" = "not code" ] && ok || ko "scratch: other files untouched"
(cd /tmp && sh "$tmp/tools/spdx-headers.sh") > /dev/null 2>&1
[ "$(cd "$tmp" && cat a.c b.sh sub/c.py d.sh e.h f.txt | cksum)" = "$snap" ] && ok || ko "scratch: second run changed something"
if (cd /tmp && sh "$tmp/tools/spdx-headers.sh" --check) > /dev/null 2>&1; then ok; else ko "scratch: --check after the run"; fi

echo "tree: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
