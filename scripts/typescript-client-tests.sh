#!/usr/bin/env bash
# Runs the TypeScript client's tests (clients/typescript) against the built Release API and one scheduler
# node, as real processes on a fresh database of the test PostgreSQL; used by ./test.sh.
#   scripts/typescript-client-tests.sh <PostgreSQL port> <TAP report file>
# The report's "# pass N" / "# fail N" lines are what ./test.sh counts; exit status 0 only when all passed.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/postgres.sh
pg_port=$1 tap=$2
client=clients/typescript
root=$PWD
out() { echo "$root/src/$1/bin/Release/net10.0/$1.dll"; }

pids=()
logs=$(mktemp -d /tmp/cronhooks-ts-client.XXXXXX)
stop() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$logs"
}
trap stop EXIT
show_logs() { local f; for f in "$logs"/*.log; do echo "--- $(basename "$f") (last 40 lines) ---"; tail -n 40 "$f"; done; }

db="cronhooks_ts_$(date +%s)_$RANDOM"
"$(pg_bin)/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $db" >/dev/null || exit 1

# The settings the browser and scheduler tests give their processes; the receiver listens on loopback.
export ASPNETCORE_ENVIRONMENT=Testing DOTNET_ENVIRONMENT=Testing
export ConnectionStrings__CronHooks="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$db"
export Jwt__SigningKey=typescript-client-tests-signing-key-0123456789abcdef
export Secrets__ActiveKeyId=ts Secrets__Keys__ts=$(head -c 32 /dev/urandom | base64 -w0)
export RateLimits__AuthPerIpPerMinute=100000
export Delivery__AllowedNetworks__0=127.0.0.1/32
export Delivery__AllowPrivateNetworksInProduction=true

(cd "$(dirname "$(out CronHooks.Api)")" && dotnet "$(out CronHooks.Api)" migrate) >"$logs/migrate.log" 2>&1 \
  || { echo "TypeScript client tests: the migration failed"; show_logs; exit 1; }
api_port=$(free_port) && node_port=$(free_port) || exit 1
start() { # name port
  (cd "$(dirname "$(out "$1")")" && ASPNETCORE_URLS="http://127.0.0.1:$2" exec dotnet "$(out "$1")") >"$logs/$1.log" 2>&1 &
  pids+=($!)
}
start CronHooks.Api "$api_port"
start CronHooks.Scheduler "$node_port"

# Installing and compiling overlap the services' start; the tests wait for /health/ready themselves.
(cd "$client" && npm ci --no-audit --no-fund --loglevel=error >"$logs/npm-ci.log" 2>&1) \
  || { echo "TypeScript client tests: npm ci failed"; show_logs; exit 1; }
cd "$client"
npm run --silent pretest || { echo "TypeScript client tests: generating or compiling failed"; exit 1; }
CRONHOOKS_URL="http://127.0.0.1:$api_port" node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" build/test/*.test.js
status=$?
[ "$status" -eq 0 ] || show_logs
exit "$status"
