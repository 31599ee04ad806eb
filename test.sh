#!/usr/bin/env bash
# Runs the whole test suite against a throwaway PostgreSQL and ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
. scripts/postgres.sh

pg_dir=$(mktemp -d /tmp/cronhooks-test-pg.XXXXXX)
results=$(mktemp -d /tmp/cronhooks-test-results.XXXXXX)
cleanup() { pg_stop "$pg_dir"; rm -rf "$pg_dir" "$results"; }
trap cleanup EXIT

# Debian packages the tests need, installed when missing: install_missing <package> <file it provides> <who needs it>
install_missing() {
  [ -e "$2" ] && return 0
  echo "Installing $1 for $3..."
  local sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  { "${sudo_cmd[@]}" apt-get update -qq && "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null; } \
    || echo "could not install $1; $3 will fail"
}
# The dashboard's browser tests drive Debian's Chromium (Playwright brings only its driver; browser downloads fail offline).
install_missing chromium /usr/bin/chromium "the browser tests"
# Clock-skew tests run scheduler nodes under libfaketime (a wall clock half a minute off).
install_missing faketime /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 "the clock-skew tests"

port=$(free_port) || exit 1
# The test cluster is thrown away, so durability buys nothing here.
PG_FSYNC=off pg_start "$pg_dir" "$port" || { echo "could not start PostgreSQL"; exit 1; }
export CRONHOOKS_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Pooling=true;Maximum Pool Size=50"
echo "Test PostgreSQL on 127.0.0.1:$port"

dotnet build CronHooks.sln -c Release -nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
dotnet test CronHooks.sln -c Release --no-build -nologo -p:CronHooksBrowserTests=false --logger "trx" --results-directory "$results" "$@"
status=$?
# The browser tests run last and alone: Chromium plus two service processes would otherwise compete with
# the scheduler tests' timing assertions on a 2-core machine.
dotnet test tests/CronHooks.BrowserTests -c Release --no-build -nologo --logger "trx" --results-directory "$results" "$@" || status=1
# The CLI tests also start the API and a scheduler node as processes (and the cronhooks binary many times): after the
# timing-sensitive ones, for the same reason, but beside the TypeScript client's tests and the lint below, which
# time nothing either. Their output is shown when they end.
dotnet test tests/CronHooks.CliTests -c Release --no-build -nologo --logger "trx" --results-directory "$results" "$@" \
  >"$results/cli-tests.log" 2>&1 &
cli_pid=$!
passed=0; failed=0

# The TypeScript client's tests, against the built API and a scheduler node: each node test counted as one test.
if command -v npm >/dev/null 2>&1; then
  echo "Running the TypeScript client's tests (clients/typescript, node --test) against a live API"
  scripts/typescript-client-tests.sh "$port" "$results/typescript-client.tap"
  ts_status=$?
  p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$results/typescript-client.tap" 2>/dev/null | tail -n 1)
  f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$results/typescript-client.tap" 2>/dev/null | tail -n 1)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  if [ "$ts_status" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then echo "FAILED: the TypeScript client's tests did not run (see above)"; failed=$((failed + 1)); fi
else
  echo "TypeScript client tests skipped: npm not found (install Node.js 20.19+ with npm to run clients/typescript's tests)"
fi

# The committed contract must lint clean with Redocly's recommended rules: one more test, counted as such.
openapi_doc=openapi/cronhooks.v1.json
if command -v npm >/dev/null 2>&1; then
  echo "Linting $openapi_doc (npx @redocly/cli@2.77.0 lint, recommended rules)"
  if npx --yes @redocly/cli@2.77.0 lint "$openapi_doc"; then
    passed=$((passed + 1))
  else
    echo "FAILED: $openapi_doc has lint errors (see above)"
    failed=$((failed + 1))
  fi
else
  echo "OpenAPI lint skipped: npm not found (install Node.js 20.19+ with npm to lint $openapi_doc)"
fi

wait "$cli_pid" || status=1
cat "$results/cli-tests.log"
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
