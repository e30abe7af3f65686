#!/usr/bin/env bash
# Starts or stops an S3-compatible test server (npm package s3rver@3.7.1, STACK-NOTES S1) on a free
# loopback port.
#
#   infra/s3rver.sh start   install s3rver if missing, start it, wait until it answers, write
#                           $DP_RUN_DIR/s3.env and $DP_RUN_DIR/s3rver.pid
#   infra/s3rver.sh stop    stop the server whose PID is in $DP_RUN_DIR/s3rver.pid
#
# Environment (all optional):
#   DP_RUN_DIR        where the env, PID and log files go (default infra/.run)
#   DP_S3RVER_DATA    data directory (default: a new temporary directory, removed on stop)
#   DP_S3RVER_PORT    port (default: a free loopback port)
# s3.env holds DP_TEST_S3_ENDPOINT, DP_TEST_S3_ACCESS_KEY, DP_TEST_S3_SECRET_KEY, DP_TEST_S3_BUCKET
# (a bucket created at start) and DP_TEST_S3_DATA. The node modules always live in infra/.run.
set -euo pipefail
infra=$(cd "$(dirname "$0")" && pwd)
home="$infra/.run"
run_dir=${DP_RUN_DIR:-$home}
pid_file="$run_dir/s3rver.pid"
env_file="$run_dir/s3.env"
log_file="$run_dir/s3rver.log"
bin="$home/node_modules/.bin/s3rver"
version=3.7.1
bucket=dp-test

# Alive and not a zombie (a killed server whose parent is gone may linger as one where PID 1 does not reap).
alive() { [ -r "/proc/$1/stat" ] && ! sed 's/.*) //' "/proc/$1/stat" | grep -q '^[ZX]'; }
is_running() { [ -f "$pid_file" ] && alive "$(cat "$pid_file")"; }

install() {
  mkdir -p "$home"
  # One installer at a time: parallel test runs may call start together.
  exec 9>"$home/.s3rver-install.lock"
  flock 9
  if [ ! -x "$bin" ] || ! grep -q "\"version\": \"$version\"" "$home/node_modules/s3rver/package.json" 2>/dev/null; then
    command -v npm >/dev/null || { echo "s3rver.sh: npm not found (Node 20 is needed)" >&2; exit 1; }
    echo "s3rver.sh: installing s3rver@$version into $home" >&2
    npm install --prefix "$home" --no-audit --no-fund --no-save --loglevel=error "s3rver@$version" >&2
  fi
  flock -u 9
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

answers() {
  # Any HTTP status means the server is up.
  curl -s -o /dev/null -m 2 "http://127.0.0.1:$1/" 2>/dev/null
}

start() {
  if is_running; then
    echo "s3rver.sh: already running (pid $(cat "$pid_file")), env in $env_file" >&2
    return 0
  fi
  install
  mkdir -p "$run_dir"
  local data=${DP_S3RVER_DATA:-}
  local owned=0
  if [ -z "$data" ]; then data=$(mktemp -d -t dp-s3rver-XXXXXX); owned=1; fi
  mkdir -p "$data"
  local port=${DP_S3RVER_PORT:-$(free_port)}
  # s3rver's ListObjectsV2 continuation tokens use DES, which Node 20's OpenSSL 3 keeps in the legacy
  # provider: without it every second page of a listing is an HTTP 500.
  NODE_OPTIONS="--openssl-legacy-provider" setsid "$bin" -d "$data" -a 127.0.0.1 -p "$port" --silent --configure-bucket "$bucket" \
    >"$log_file" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$pid_file"
  for _ in $(seq 1 300); do
    if answers "$port"; then
      cat >"$env_file" <<ENV
DP_TEST_S3_ENDPOINT=http://127.0.0.1:$port
DP_TEST_S3_ACCESS_KEY=S3RVER
DP_TEST_S3_SECRET_KEY=S3RVER
DP_TEST_S3_BUCKET=$bucket
DP_TEST_S3_DATA=$data
DP_TEST_S3_DATA_OWNED=$owned
ENV
      echo "s3rver.sh: s3rver pid $pid on http://127.0.0.1:$port, data in $data" >&2
      return 0
    fi
    if ! alive "$pid"; then
      echo "s3rver.sh: s3rver exited during start; log $log_file:" >&2
      cat "$log_file" >&2
      rm -f "$pid_file"
      exit 1
    fi
    sleep 0.1
  done
  echo "s3rver.sh: s3rver did not answer on port $port within 30 s; log $log_file" >&2
  kill "$pid" 2>/dev/null || true
  rm -f "$pid_file"
  exit 1
}

stop() {
  if [ ! -f "$pid_file" ]; then
    echo "s3rver.sh: not running (no $pid_file)" >&2
    return 0
  fi
  local pid
  pid=$(cat "$pid_file")
  if alive "$pid"; then
    kill "$pid"
    for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  if [ -f "$env_file" ] && grep -q '^DP_TEST_S3_DATA_OWNED=1' "$env_file"; then
    rm -rf "$(grep '^DP_TEST_S3_DATA=' "$env_file" | cut -d= -f2-)"
  fi
  rm -f "$pid_file" "$env_file"
  echo "s3rver.sh: stopped pid $pid" >&2
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
