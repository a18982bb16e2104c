#!/bin/sh
# SPDX-License-Identifier: ISC
# run-store-pg.sh - the store's test suite (test_store) against a throw-away
# PostgreSQL: initdb and pg_ctl as an unprivileged user in a temp folder, a
# unix socket there (no TCP), a random free port number; always stopped and
# removed. Prints "store-pg: N passed, N failed", or SKIPPED with the reason.
# The same binary runs on SQLite in tests/unit/run-unit.sh.
set -u
cd "$(dirname "$0")/../.."
bin=${STORE_TEST_BIN:-build/tests/collector/test_store}
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ] || [ ! -x "$pgbin/pg_ctl" ]; then
	echo "SKIPPED: no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin"
	exit 0
fi
if [ ! -x "$bin" ]; then
	echo "SKIPPED: $bin is not built (make unit)"
	exit 0
fi
tmp=$(mktemp -d /tmp/ew-store-pg.XXXXXX) || exit 1
as=""
if [ "$(id -u)" -eq 0 ]; then
	# PostgreSQL refuses to run as root: nobody owns the temp folder
	chown nobody "$tmp"
	as="setpriv --reuid=nobody --regid=$(id -gn nobody) --clear-groups --"
fi
started=0
cleanup() {
	if [ "$started" -eq 1 ]; then
		$as env HOME="$tmp" "$pgbin/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
	echo $((20000 + $$ % 20000)))
if ! $as env HOME="$tmp" "$pgbin/initdb" -D "$tmp/data" -U ewtest -A trust -E UTF8 --no-locale >"$tmp/initdb.log" 2>&1; then
	echo "SKIPPED: initdb failed:"
	tail -n 5 "$tmp/initdb.log"
	exit 0
fi
if ! $as env HOME="$tmp" "$pgbin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 30 \
	-o "-k $tmp -p $port -c listen_addresses= -c fsync=off" start >/dev/null 2>&1; then
	echo "SKIPPED: the PostgreSQL server did not start:"
	tail -n 5 "$tmp/server.log"
	exit 0
fi
started=1
export EW_TEST_PG_URL="postgresql://ewtest@/postgres?host=$tmp&port=$port"
out=$("$bin" 2>&1)
rc=$?
printf '%s\n' "$out"
p=$(printf '%s\n' "$out" | grep -c '^\[       OK \]')
r=$(printf '%s\n' "$out" | grep -c '^\[ RUN      \]')
f=$((r - p))
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
	f=1
fi
echo "store-pg: $p passed, $f failed"
[ "$f" -eq 0 ]
