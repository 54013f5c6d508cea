#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster on a loopback port:
#   scripts/with-postgres.sh .venv/bin/python -m pytest
# The cluster lives in a temporary folder and is removed afterwards. TEST_DATABASE_URL
# names it for the command. Without PostgreSQL installed, says so and exits 0.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "with-postgres: PostgreSQL is not installed; the PostgreSQL run is skipped (scripts/system-deps.sh installs it)"
  exit 0
fi
run_as=()
if [ "$(id -u)" = 0 ]; then run_as=(runuser -u postgres --); fi
dir=$(mktemp -d /tmp/crossings-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
port=${PGPORT_TEST:-55432}
cleanup() { "${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
"${run_as[@]}" "$bindir/initdb" -D "$dir/data" -U crossings --auth=trust >/dev/null
"${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
"${run_as[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U crossings crossings_test
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
TEST_DATABASE_URL="postgresql+psycopg://crossings@127.0.0.1:$port/crossings_test" "$@"
