#!/usr/bin/env bash
# Runs CronHooks locally: PostgreSQL (data kept in .data/), migrations, the API on :8080 and two
# scheduler nodes. Ctrl-C or SIGTERM stops everything. Environment variables pass through to the
# services (e.g. Delivery__MaxConcurrency=32 ./run.sh).
#   ./run.sh --seed   also starts a local echo receiver and creates sample webhooks for the demo user
#                     (recurring, one-time, and one that fails and retries), so executions show up within a minute.
set -euo pipefail
cd "$(dirname "$0")"
seed=0
for arg in "$@"; do
  case "$arg" in
    --seed) seed=1 ;;
    *) echo "unknown option: $arg (known: --seed)"; exit 2 ;;
  esac
done
. scripts/postgres.sh

root=$(pwd)
data="$root/.data"
mkdir -p "$data/pids" "$data/logs"
pg_port=${CRONHOOKS_PG_PORT:-55432}
api_port=${CRONHOOKS_API_PORT:-8080}
api="http://127.0.0.1:$api_port"

command -v curl >/dev/null || { echo "installing curl..."; apt-get update -qq && apt-get install -y -qq curl >/dev/null; }

# PostgreSQL runs as the `postgres` user when we are root; it needs a path it can reach. If this
# checkout sits somewhere it cannot (e.g. under /root), the cluster lives in /var/tmp and .data/pg links to it.
pg_dir="$data/pg"
if [ "$(id -u)" -eq 0 ] && [ ! -L "$pg_dir" ] && ! runuser -u postgres -- test -x "$data" 2>/dev/null; then
  target="/var/tmp/cronhooks-pg-$(echo "$root" | md5sum | cut -c1-8)"
  mkdir -p "$target" && ln -sfn "$target" "$pg_dir"
fi
pg_dir=$(readlink -f "$pg_dir" 2>/dev/null || echo "$pg_dir")
bin=$(pg_bin)
if ! pg_as_owner "$bin/pg_ctl" -D "$pg_dir/data" status >/dev/null 2>&1; then
  echo "Starting PostgreSQL on 127.0.0.1:$pg_port (data in .data/pg)"
  pg_start "$pg_dir" "$pg_port"
fi
psql_cmd=("$bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -v ON_ERROR_STOP=1 -tA)
"${psql_cmd[@]}" -c "SELECT 1 FROM pg_database WHERE datname = 'cronhooks'" | grep -q 1 \
  || "${psql_cmd[@]}" -c "CREATE DATABASE cronhooks" >/dev/null

# A development signing key, made once and kept with the data.
[ -s "$data/jwt-signing-key" ] || head -c 48 /dev/urandom | base64 -w0 >"$data/jwt-signing-key"
# Likewise the key that encrypts webhook header values and signing secrets (docs/security.md).
[ -s "$data/secrets-key" ] || head -c 32 /dev/urandom | base64 -w0 >"$data/secrets-key"

export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
export ConnectionStrings__CronHooks=${ConnectionStrings__CronHooks:-"Host=127.0.0.1;Port=$pg_port;Database=cronhooks;Username=postgres"}
export Jwt__SigningKey=${Jwt__SigningKey:-$(cat "$data/jwt-signing-key")}
export Secrets__ActiveKeyId=${Secrets__ActiveKeyId:-dev}
export Secrets__Keys__dev=${Secrets__Keys__dev:-$(cat "$data/secrets-key")}
# The demo calls receivers on this machine; outside Development private networks stay blocked.
export Delivery__AllowedNetworks__0=${Delivery__AllowedNetworks__0:-127.0.0.1/32}

echo "Building (Release)..."
dotnet build CronHooks.sln -c Release -nologo -v quiet >"$data/logs/build.log" 2>&1 || { cat "$data/logs/build.log"; exit 1; }
out() { echo "$root/${2:-src}/$1/bin/Release/net10.0/$1.dll"; }
(cd "$(dirname "$(out CronHooks.Api)")" && dotnet "$(out CronHooks.Api)" migrate)

pids=()
stop_all() {
  trap "" INT TERM; trap - EXIT  # a second Ctrl-C must not cut the clean stop short
  echo; echo "Stopping CronHooks..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -f "$data"/pids/*.pid
  pg_stop "$pg_dir"
  exit 0
}
trap stop_all INT TERM EXIT

start() { # name port dll — run from the output folder, which is the content root holding appsettings.json
  (cd "$(dirname "$3")" && ASPNETCORE_URLS="http://127.0.0.1:$2" exec dotnet "$3") >"$data/logs/$1.log" 2>&1 &
  pids+=($!); echo $! >"$data/pids/$1.pid"
}
start api "$api_port" "$(out CronHooks.Api)"
start scheduler-1 "$((api_port + 1))" "$(out CronHooks.Scheduler)"
start scheduler-2 "$((api_port + 2))" "$(out CronHooks.Scheduler)"

for port in "$api_port" "$((api_port + 1))" "$((api_port + 2))"; do
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "a service exited; see .data/logs/"; tail -n 20 "$data"/logs/*.log; exit 1; }; done
    sleep 0.5
  done
done

# A demo user, so the printed curl line works as is.
curl -fs -o /dev/null -X POST "$api/api/v1/auth/register" -H 'Content-Type: application/json' \
  -d '{"username":"demo","email":"demo@example.com","password":"demo-password"}' || true
token=$(curl -fs -X POST "$api/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d '{"username":"demo","password":"demo-password"}' | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')

if [ "$seed" -eq 1 ]; then
  echo_port=$((api_port + 9))
  echo_url="http://127.0.0.1:$echo_port"
  start echo "$echo_port" "$(out CronHooks.EchoReceiver tools)"
  for _ in $(seq 1 60); do curl -fs -o /dev/null -X POST "$echo_url/echo" && break; sleep 0.5; done
  create() { curl -fs -o /dev/null -X POST "$api/api/v1/webhooks" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$1"; }
  soon=$(date -u -d '+30 seconds' +%Y-%m-%dT%H:%M:%SZ)
  create '{"name":"demo: every minute","url":"'"$echo_url"'/echo","scheduleType":"recurring","cronExpression":"* * * * *","payload":{"hello":"from CronHooks"}}'
  create '{"name":"demo: once, in 30 seconds","url":"'"$echo_url"'/echo","scheduleType":"once","scheduledAt":"'"$soon"'","payload":{"once":true}}'
  create '{"name":"demo: failing, with retries","url":"'"$echo_url"'/fail","scheduleType":"recurring","cronExpression":"* * * * *","maxRetries":2,"retryDelaySeconds":5}'
  echo "Seeded three demo webhooks for user demo; the echo receiver logs deliveries to .data/logs/echo.log."
fi

cat <<INFO

CronHooks is running.
  Dashboard      $api/   (log in as demo / demo-password)
  API            $api   (health: $api/health/ready)
  Scheduler 1    http://127.0.0.1:$((api_port + 1))/health/ready
  Scheduler 2    http://127.0.0.1:$((api_port + 2))/health/ready
  Metrics        $api/metrics  http://127.0.0.1:$((api_port + 1))/metrics  http://127.0.0.1:$((api_port + 2))/metrics  (Prometheus text; see docs/operations.md)
  Traces         ${OTEL_EXPORTER_OTLP_ENDPOINT:-not exported: set OTEL_EXPORTER_OTLP_ENDPOINT (e.g. http://127.0.0.1:4317) before ./run.sh to send them to a collector}
  Logs           .data/logs/   PIDs: .data/pids/
  Demo user      demo / demo-password
  Token          $token

Create a webhook that calls this API's own health endpoint every minute:

  curl -s -X POST $api/api/v1/webhooks -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"name":"demo","url":"$api/health/live","httpMethod":"GET","scheduleType":"recurring","cronExpression":"* * * * *"}'

Or start with sample webhooks and a local receiver: ./run.sh --seed
Then see its executions: curl -s $api/api/v1/webhooks/<id>/executions -H "Authorization: Bearer $token"
Press Ctrl-C to stop.
INFO

wait -n "${pids[@]}" || true
echo "A service stopped unexpectedly; see .data/logs/."
stop_all
