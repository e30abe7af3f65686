#!/usr/bin/env bash
# Runs every test of the solution on a fresh machine: restores, builds, starts the services the tests
# need (an S3-compatible server; PostgreSQL is started by the tests that need it), runs all test projects, and ends with one line
# "N passed, N failed[, N skipped]". Exit status is non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! dotnet build DataPlatform.sln -c Release -nologo -v:minimal; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# Services for the tests (STACK-NOTES S1, "Services in tests"), stopped by process id on every exit.
trap 'bash infra/s3rver.sh stop >/dev/null 2>&1; bash infra/postgres.sh stop >/dev/null 2>&1' EXIT
if ! bash infra/s3rver.sh start; then
  echo "s3rver did not start"
  echo "0 passed, 1 failed"
  exit 1
fi
set -a; . infra/.run/s3.env; set +a

dotnet test DataPlatform.sln -c Release --no-build -nologo -v:minimal \
  --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=false
status=$?

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The runner failed without a failed test (a crashed test host, a missing result file).
  failed=1
fi
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
