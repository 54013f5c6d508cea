#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster and Redis server on loopback ports:
#   scripts/with-postgres.sh .venv/bin/python -m pytest
# Both live in a temporary folder and are removed afterwards; TEST_DATABASE_URL and
# TEST_REDIS_URL name them for the command. Without PostgreSQL installed it says so and exits 0,
# except in CI (CI=true), where a missing server is a failure, not a skip.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "with-postgres: PostgreSQL is not installed, and CI must run the PostgreSQL suite (scripts/system-deps.sh)" >&2
    exit 1
  fi
  echo "with-postgres: PostgreSQL is not installed; the PostgreSQL run is skipped (scripts/system-deps.sh installs it)"
  exit 0
fi
if ! command -v redis-server >/dev/null 2>&1 && [ "${CI:-}" = "true" ]; then
  echo "with-postgres: redis-server is not installed, and CI must run the two-server test (scripts/system-deps.sh)" >&2
  exit 1
fi
run_as=()
if [ "$(id -u)" = 0 ]; then run_as=(runuser -u postgres --); fi
dir=$(mktemp -d /tmp/crossings-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
port=${PGPORT_TEST:-55432}
redis_port=${REDIS_PORT_TEST:-56379}
cleanup() {
  "${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${run_as[@]}" "$bindir/initdb" -D "$dir/data" -U crossings --auth=trust >/dev/null
"${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
"${run_as[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U crossings crossings_test
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
if command -v redis-server >/dev/null 2>&1; then
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --pidfile "$dir/redis.pid" --dir "$dir" --logfile "$dir/redis.log"
  for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  export TEST_REDIS_URL="redis://127.0.0.1:$redis_port/0"
  echo "with-postgres: Redis on 127.0.0.1:$redis_port"
fi
TEST_DATABASE_URL="postgresql+psycopg://crossings@127.0.0.1:$port/crossings_test" "$@"
