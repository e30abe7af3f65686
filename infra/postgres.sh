#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL cluster for tests (Debian package postgresql) on a free
# loopback port, in a temporary data directory, with trust authentication on loopback only.
#
#   infra/postgres.sh start   install postgresql if missing (apt-get, as root), initdb, pg_ctl start,
#                             wait, create the test database, write $DP_RUN_DIR/pg.env and pg.pid
#   infra/postgres.sh stop    pg_ctl stop on the cluster started here (falls back to killing its PID),
#                             then remove its data directory
#
# Environment (all optional): DP_RUN_DIR (default infra/.run), DP_PG_PORT (default: a free port),
# DP_PG_DATABASE (default dp_test).
# pg.env holds DP_TEST_PG (an Npgsql connection string), DP_TEST_PG_PORT and DP_TEST_PG_DATA.
set -euo pipefail
infra=$(cd "$(dirname "$0")" && pwd)
run_dir=${DP_RUN_DIR:-$infra/.run}
pid_file="$run_dir/pg.pid"
env_file="$run_dir/pg.env"
database=${DP_PG_DATABASE:-dp_test}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

# Alive and not a zombie (an exited server whose parent is gone may linger as one where PID 1 does not reap).
alive() { [ -r "/proc/$1/stat" ] && ! sed 's/.*) //' "/proc/$1/stat" | grep -q '^[ZX]'; }
is_running() { [ -f "$pid_file" ] && alive "$(cat "$pid_file")"; }

install() {
  if [ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/pg_ctl" ]; then return 0; fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "postgres.sh: PostgreSQL is not installed; run as root (or: apt-get install -y postgresql)" >&2
    exit 1
  fi
  echo "postgres.sh: installing the Debian package postgresql" >&2
  # The package's post-install creates and starts a default cluster on port 5432; it is not used here.
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
}

# Runs a PostgreSQL tool as the postgres user when we are root (initdb and postgres refuse root).
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null ||
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

start() {
  if is_running; then
    echo "postgres.sh: already running (pid $(cat "$pid_file")), env in $env_file" >&2
    return 0
  fi
  install
  local bin; bin=$(pg_bin)
  mkdir -p "$run_dir"
  local base; base=$(mktemp -d -t dp-pg-XXXXXX)
  local data="$base/data" sock="$base/sock" log="$base/postgres.log"
  mkdir -p "$sock"
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$base"; fi
  as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  local port=${DP_PG_PORT:-$(free_port)}
  if ! as_pg "$bin/pg_ctl" -D "$data" -l "$log" -w -t 30 \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $sock -c fsync=off -c full_page_writes=off" start >/dev/null; then
    echo "postgres.sh: pg_ctl start failed; log $log:" >&2
    cat "$log" >&2 || true
    exit 1
  fi
  head -1 "$data/postmaster.pid" >"$pid_file"
  as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE $database" >/dev/null
  cat >"$env_file" <<ENV
DP_TEST_PG=Host=127.0.0.1;Port=$port;Username=postgres;Database=$database
DP_TEST_PG_PORT=$port
DP_TEST_PG_DATA=$data
ENV
  echo "postgres.sh: postgres pid $(cat "$pid_file") on 127.0.0.1:$port, database $database, data in $data" >&2
}

stop() {
  if [ ! -f "$pid_file" ]; then
    echo "postgres.sh: not running (no $pid_file)" >&2
    return 0
  fi
  local pid data=""
  pid=$(cat "$pid_file")
  [ -f "$env_file" ] && data=$(grep '^DP_TEST_PG_DATA=' "$env_file" | cut -d= -f2-)
  if alive "$pid"; then
    if [ -n "$data" ] && [ -d "$data" ]; then
      as_pg "$(pg_bin)/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null || kill -9 "$pid" 2>/dev/null || true
    else
      kill -INT "$pid" 2>/dev/null || true   # SIGINT is PostgreSQL's fast shutdown
      for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  if [ -n "$data" ] && [ -d "$(dirname "$data")" ]; then rm -rf "$(dirname "$data")"; fi
  rm -f "$pid_file" "$env_file"
  echo "postgres.sh: stopped pid $pid" >&2
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
