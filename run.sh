#!/usr/bin/env bash
# Runs CronHooks locally: PostgreSQL (data kept in .data/), migrations, the API on :8080 and two
# scheduler nodes, and supervises them: a service that dies is restarted (1 s back-off, doubling to 30 s)
# while the others keep running. Ctrl-C or SIGTERM stops everything. Environment variables pass through
# to the services (e.g. Delivery__MaxConcurrency=32 ./run.sh).
#   ./run.sh --seed       also starts a local echo receiver, creates sample webhooks for the demo user and makes it admin
#                         (recurring, one-time, and one that fails and retries), so executions show up within a minute.
#   ./run.sh --no-build   runs what was built last instead of building first.
# CRONHOOKS_API_PORT (8080; the nodes take the next two ports), CRONHOOKS_PG_PORT (55432) and
# CRONHOOKS_DATA (.data) move it aside, e.g. to run a second copy. Exits 0 after a requested stop and 1
# when something fails to start, naming it.
set -euo pipefail
cd "$(dirname "$0")"
seed=0
build=1
for arg in "$@"; do
  case "$arg" in
    --seed) seed=1 ;;
    --no-build) build=0 ;;
    *) echo "unknown option: $arg (known: --seed, --no-build)"; exit 2 ;;
  esac
done
. scripts/postgres.sh

root=$(pwd)
data=${CRONHOOKS_DATA:-$root/.data}
mkdir -p "$data/pids" "$data/logs"
data=$(cd "$data" && pwd)
shown=${data#"$root"/}   # how paths are printed: .data/… in the usual case
pg_port=${CRONHOOKS_PG_PORT:-55432}
api_port=${CRONHOOKS_API_PORT:-8080}
api="http://127.0.0.1:$api_port"

# One supervisor per data directory: a second one would fight the first for its ports and stop its PostgreSQL.
if [ -s "$data/pids/run.pid" ] && kill -0 "$(cat "$data/pids/run.pid")" 2>/dev/null \
  && tr '\0' ' ' <"/proc/$(cat "$data/pids/run.pid")/cmdline" 2>/dev/null | grep -q 'run\.sh'; then
  echo "CronHooks is already running from $shown (run.sh pid $(cat "$data/pids/run.pid")); stop it first with Ctrl-C or kill $(cat "$data/pids/run.pid")."
  exit 1
fi
rm -f "$data"/pids/*.pid
echo $$ >"$data/pids/run.pid"

command -v curl >/dev/null || { echo "installing curl..."; apt-get update -qq && apt-get install -y -qq curl >/dev/null; }

# The services, by name, in start order.
names=()
declare -A pid_of=() port_of=() dll_of=() started_at=() delay_of=() restart_at=() ready=()
pg_dir=""

stop_all() { # exit-code
  local code=$1 name pid deadline
  trap "" INT TERM; trap - EXIT  # a second Ctrl-C must not cut the clean stop short
  echo; echo "Stopping CronHooks..."
  for name in "${names[@]}"; do
    pid=${pid_of[$name]}
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
  done
  # Stopped in order; whatever has not stopped after 30 s is killed, so nothing outlives run.sh.
  deadline=$((SECONDS + 30))
  for name in "${names[@]}"; do
    pid=${pid_of[$name]}
    [ -n "$pid" ] || continue
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; echo "$name did not stop within 30 s; killed it."; fi
    wait "$pid" 2>/dev/null || true
  done
  rm -f "$data"/pids/*.pid
  [ -n "$pg_dir" ] && pg_stop "$pg_dir"
  echo "Stopped."
  exit "$code"
}
# A requested stop is a success; anything else that ends the script (a failed step) keeps its status.
trap 'stop_all 0' INT TERM
trap 'stop_all $?' EXIT

# PostgreSQL runs as the `postgres` user when we are root; it needs a path it can reach. If this
# checkout sits somewhere it cannot (e.g. under /root), the cluster lives in /var/tmp and $shown/pg links to it.
pg_dir="$data/pg"
if [ "$(id -u)" -eq 0 ] && [ ! -L "$pg_dir" ] && ! runuser -u postgres -- test -x "$data" 2>/dev/null; then
  target="/var/tmp/cronhooks-pg-$(echo "$data" | md5sum | cut -c1-8)"
  mkdir -p "$target" && ln -sfn "$target" "$pg_dir"
fi
pg_dir=$(readlink -f "$pg_dir" 2>/dev/null || echo "$pg_dir")
bin=$(pg_bin)
if ! pg_as_owner "$bin/pg_ctl" -D "$pg_dir/data" status >/dev/null 2>&1; then
  echo "Starting PostgreSQL on 127.0.0.1:$pg_port (data in $shown/pg)"
  pg_start "$pg_dir" "$pg_port" || { echo "PostgreSQL failed to start on port $pg_port (see above; CRONHOOKS_PG_PORT picks another port)."; exit 1; }
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

if [ "$build" -eq 1 ]; then
  echo "Building (Release)..."
  dotnet build CronHooks.sln -c Release -nologo -v quiet >"$data/logs/build.log" 2>&1 \
    || { cat "$data/logs/build.log"; echo "The build failed (log: $shown/logs/build.log)."; exit 1; }
fi
out() { echo "$root/${2:-src}/$1/bin/Release/net10.0/$1.dll"; }
[ -f "$(out CronHooks.Api)" ] || { echo "$(out CronHooks.Api) is missing: run without --no-build."; exit 1; }
(cd "$(dirname "$(out CronHooks.Api)")" && dotnet "$(out CronHooks.Api)" migrate) \
  || { echo "The database migration failed (see above)."; exit 1; }

launch() { # name — runs from the output folder, which is the content root holding appsettings.json
  local name=$1
  (cd "$(dirname "${dll_of[$name]}")" && ASPNETCORE_URLS="http://127.0.0.1:${port_of[$name]}" exec dotnet "${dll_of[$name]}") \
    >>"$data/logs/$name.log" 2>&1 &
  pid_of[$name]=$!
  started_at[$name]=$SECONDS
  ready[$name]=0
  echo "${pid_of[$name]}" >"$data/pids/$name.pid"
}
start() { # name port dll
  names+=("$1"); port_of[$1]=$2; dll_of[$1]=$3; delay_of[$1]=1; restart_at[$1]=0
  : >"$data/logs/$1.log"
  launch "$1"
}
is_ready() { # name
  if [ "$1" = echo ]; then
    curl -fs --max-time 2 -o /dev/null -X POST "http://127.0.0.1:${port_of[$1]}/echo"
  else
    curl -fs --max-time 2 -o /dev/null "http://127.0.0.1:${port_of[$1]}/health/ready"
  fi
}
describe_exit() { # status
  if [ "$1" -gt 128 ]; then echo "signal $(($1 - 128)) (SIG$(kill -l $(($1 - 128)) 2>/dev/null || echo '?'))"; else echo "status $1"; fi
}
failed_to_start() { # name reason
  echo "$1 failed to start: $2. The end of $shown/logs/$1.log:"
  tail -n 30 "$data/logs/$1.log" | sed 's/^/  /'
  exit 1
}
await_ready() { # name… — every started service must stay up, and these must answer ready within 120 s
  local name other status deadline
  for name in "$@"; do
    deadline=$((SECONDS + 120))
    until is_ready "$name"; do
      for other in "${names[@]}"; do
        if ! kill -0 "${pid_of[$other]}" 2>/dev/null; then
          status=0; wait "${pid_of[$other]}" 2>/dev/null || status=$?
          pid_of[$other]=""
          failed_to_start "$other" "it exited with $(describe_exit "$status")"
        fi
      done
      [ "$SECONDS" -lt "$deadline" ] || failed_to_start "$name" "it did not answer ready within 120 s"
      { sleep 0.5; } 2>/dev/null
    done
    ready[$name]=1
  done
}

start api "$api_port" "$(out CronHooks.Api)"
start scheduler-1 "$((api_port + 1))" "$(out CronHooks.Scheduler)"
start scheduler-2 "$((api_port + 2))" "$(out CronHooks.Scheduler)"
await_ready api scheduler-1 scheduler-2

# A demo user, so the printed curl line works as is.
curl -fs -o /dev/null -X POST "$api/api/v1/auth/register" -H 'Content-Type: application/json' \
  -d '{"username":"demo","email":"demo@example.com","password":"demo-password"}' || true
token=$(curl -fs -X POST "$api/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d '{"username":"demo","password":"demo-password"}' | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p') || token=""

if [ "$seed" -eq 1 ] && [ -n "$token" ]; then
  echo_port=$((api_port + 9))
  echo_url="http://127.0.0.1:$echo_port"
  start echo "$echo_port" "$(out CronHooks.EchoReceiver tools)"
  await_ready echo
  create() { curl -fs -o /dev/null -X POST "$api/api/v1/webhooks" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$1"; }
  soon=$(date -u -d '+30 seconds' +%Y-%m-%dT%H:%M:%SZ)
  create '{"name":"demo: every minute","url":"'"$echo_url"'/echo","scheduleType":"recurring","cronExpression":"* * * * *","payload":{"hello":"from CronHooks"}}'
  create '{"name":"demo: once, in 30 seconds","url":"'"$echo_url"'/echo","scheduleType":"once","scheduledAt":"'"$soon"'","payload":{"once":true}}'
  create '{"name":"demo: failing, with retries","url":"'"$echo_url"'/fail","scheduleType":"recurring","cronExpression":"* * * * *","maxRetries":2,"retryDelaySeconds":5}'
  echo "Seeded three demo webhooks for user demo; the echo receiver logs deliveries to $shown/logs/echo.log."
  # The first admin is made by a command on the API's host, never by registering (docs/operations.md).
  (cd "$(dirname "$(out CronHooks.Api)")" && dotnet "$(out CronHooks.Api)" admin grant demo >/dev/null) \
    && echo "demo is an admin: the dashboard's Admin section ($api/#/admin) and /api/v1/admin/... ."
fi

cat <<INFO

CronHooks is running.
  Dashboard      $api/   (log in as demo / demo-password)
  API            $api   (health: $api/health/ready)
  Scheduler 1    http://127.0.0.1:$((api_port + 1))/health/ready
  Scheduler 2    http://127.0.0.1:$((api_port + 2))/health/ready
  Metrics        $api/metrics  http://127.0.0.1:$((api_port + 1))/metrics  http://127.0.0.1:$((api_port + 2))/metrics  (Prometheus text; see docs/operations.md)
  Traces         ${OTEL_EXPORTER_OTLP_ENDPOINT:-not exported: set OTEL_EXPORTER_OTLP_ENDPOINT (e.g. http://127.0.0.1:4317) before ./run.sh to send them to a collector}
  Logs           $shown/logs/   PIDs: $shown/pids/
INFO
if [ -z "$token" ]; then
  echo "  Demo user      could not log in as demo / demo-password (its password was changed?); register your own in the dashboard."
else
  echo "  Demo user      demo / demo-password"
  echo "  Token          $token"
  echo
  if [ "$seed" -eq 1 ]; then
    echo "The demo webhooks run within a minute: watch them in the dashboard, or list them:"
    echo
    echo "  curl -s $api/api/v1/webhooks -H \"Authorization: Bearer $token\""
  else
    cat <<INFO
Create a webhook that calls this API's own health endpoint every minute:

  curl -s -X POST $api/api/v1/webhooks -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"name":"demo","url":"$api/health/live","httpMethod":"GET","scheduleType":"recurring","cronExpression":"* * * * *"}'

Then see its executions: curl -s $api/api/v1/webhooks/<id>/executions -H "Authorization: Bearer $token"
Or start with sample webhooks and a local receiver: ./run.sh --seed
INFO
  fi
fi
cat <<INFO

To see failover, kill a scheduler node: kill -9 \$(cat $shown/pids/scheduler-1.pid)
The other node keeps delivering and this script restarts the one you killed.
Press Ctrl-C to stop.
INFO

# Supervise: a service that exits is reported with its status and restarted after a back-off that
# doubles from 1 s to 30 s and starts over once the service has stayed up for a minute.
while true; do
  for name in "${names[@]}"; do
    pid=${pid_of[$name]}
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      status=0; wait "$pid" 2>/dev/null || status=$?
      up=$((SECONDS - started_at[$name]))
      [ "$up" -lt 60 ] || delay_of[$name]=1
      echo "$(date +%T) $name (pid $pid) exited with $(describe_exit "$status") after ${up} s; restarting it in ${delay_of[$name]} s, the others keep running."
      pid_of[$name]=""
      rm -f "$data/pids/$name.pid"
      restart_at[$name]=$((SECONDS + delay_of[$name]))
      delay_of[$name]=$((delay_of[$name] * 2 > 30 ? 30 : delay_of[$name] * 2))
    elif [ -z "$pid" ] && [ "$SECONDS" -ge "${restart_at[$name]}" ]; then
      echo "--- $(date -u +%FT%TZ) restarted by run.sh ---" >>"$data/logs/$name.log"
      launch "$name"
      echo "$(date +%T) $name restarted (pid ${pid_of[$name]}, log $shown/logs/$name.log)."
    elif [ -n "$pid" ] && [ "${ready[$name]}" -eq 0 ] && is_ready "$name"; then
      ready[$name]=1
      echo "$(date +%T) $name is ready again."
    fi
  done
  { sleep 0.5 & wait $!; } 2>/dev/null || true  # quiet: bash would print "Killed" for a node killed with -9; we report it ourselves
done
