#!/usr/bin/env bash
# Redis and PostgreSQL for the tests of the shared deduplicators
# (dedup/redisdedup, dedup/sqldedup): each started on 127.0.0.1 with a
# throwaway data directory, its address exported as
# SMARTCORE_TEST_REDIS_ADDR / SMARTCORE_TEST_POSTGRES_DSN. A variable that is
# already set is kept and its service not started.
#
# Sourced by .ci/run: start_services, then stop_services (from a trap).
# Run directly, it starts them, runs its arguments with the variables set,
# and stops them:
#   .ci/services.sh go test -count=1 ./dedup/redisdedup/... ./dedup/sqldedup/...
# (from the workspace root; go test of another module's directory needs
# `cd dedup/sqldedup && ../../.ci/services.sh go test ./...`).

services_dir=
services_redis_pidfile=
services_pg_bin=
services_pg_data=

# apt_install comes from .ci/run; alone, a missing server is the user's to install.
if ! declare -F apt_install >/dev/null; then
  apt_install() { echo "services: missing $*; install it (Debian: apt-get install $*)" >&2; return 1; }
fi

# services_wait NAME CMD...: runs CMD until it succeeds, for at most 30 s.
services_wait() {
  local name=$1 i; shift
  for i in $(seq 1 150); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "services: $name did not become ready in 30 s" >&2
  return 1
}

# services_port FIRST: the first port from FIRST on that nothing on
# 127.0.0.1 listens to. The callers start below Linux's ephemeral range
# (32768-60999), where an outgoing connection's port in TIME_WAIT would make
# the server's bind fail although nothing listens there.
services_port() {
  local p=$1 i
  for i in $(seq 1 200); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
    p=$((p + 1))
  done
  echo "services: no free port from $1" >&2
  return 1
}

# initdb and postgres refuse to run as root.
services_as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

services_pg_bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  d=$(command -v pg_ctl) && dirname "$d"
}

start_services() {
  services_dir=$(mktemp -d "${TMPDIR:-/tmp}/smartcore-services.XXXXXX")
  chmod 755 "$services_dir"

  if [ -z "${SMARTCORE_TEST_REDIS_ADDR:-}" ]; then
    command -v redis-server >/dev/null || apt_install redis-server
    local rport
    rport=$(services_port 26379)
    mkdir "$services_dir/redis"
    services_redis_pidfile=$services_dir/redis/redis.pid
    redis-server --bind 127.0.0.1 --port "$rport" --save '' --appendonly no \
      --dir "$services_dir/redis" --daemonize yes \
      --pidfile "$services_redis_pidfile" --logfile "$services_dir/redis/redis.log"
    services_wait redis redis-cli -h 127.0.0.1 -p "$rport" ping ||
      { cat "$services_dir/redis/redis.log" >&2; return 1; }
    export SMARTCORE_TEST_REDIS_ADDR=127.0.0.1:$rport
    echo "redis: $SMARTCORE_TEST_REDIS_ADDR ($(redis-server --version | cut -d' ' -f3))"
  fi

  if [ -z "${SMARTCORE_TEST_POSTGRES_DSN:-}" ]; then
    services_pg_bin=$(services_pg_bindir) || { apt_install postgresql && services_pg_bin=$(services_pg_bindir); }
    local pport
    pport=$(services_port 25432)
    services_pg_data=$services_dir/pg
    mkdir "$services_pg_data"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$services_pg_data"; fi
    services_as_pg "$services_pg_bin/initdb" -D "$services_pg_data" -U postgres --auth=trust \
      -E UTF8 --no-sync >"$services_dir/initdb.log" 2>&1 ||
      { cat "$services_dir/initdb.log" >&2; return 1; }
    # A throwaway database: durability is not what is tested, speed helps.
    services_as_pg "$services_pg_bin/pg_ctl" -D "$services_pg_data" -l "$services_pg_data/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $pport -k $services_pg_data -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null || { cat "$services_pg_data/server.log" >&2; return 1; }
    services_wait postgres "$services_pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pport" ||
      { cat "$services_pg_data/server.log" >&2; return 1; }
    export SMARTCORE_TEST_POSTGRES_DSN="postgres://postgres@127.0.0.1:$pport/postgres?sslmode=disable"
    echo "postgres: 127.0.0.1:$pport ($("$services_pg_bin/postgres" --version))"
  fi
}

stop_services() {
  if [ -n "$services_redis_pidfile" ] && [ -s "$services_redis_pidfile" ]; then
    local pid i
    pid=$(cat "$services_redis_pidfile")
    kill "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  if [ -n "$services_pg_data" ] && [ -f "$services_pg_data/postmaster.pid" ]; then
    services_as_pg "$services_pg_bin/pg_ctl" -D "$services_pg_data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  if [ -n "$services_dir" ]; then rm -rf "$services_dir"; fi
  services_dir= services_redis_pidfile= services_pg_data=
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  trap stop_services EXIT
  start_services
  "$@"
fi
