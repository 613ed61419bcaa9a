#!/usr/bin/env bash
# Webhook ingestion benchmark (issue 3). Packages the service, starts a PostgreSQL 15 of its own
# (fsync and synchronous_commit on, as in production) and the packaged service in the prod
# profile, drives signed WooCommerce order webhooks from a separate process (bench/LoadGen.java),
# and prints accepted deliveries/s with p50/p99 beside PostgreSQL's own single-row
# insert-and-commit rate measured by pgbench at the same concurrency.
#
#   bench/webhooks.sh                 # defaults: 16 connections, 20 s per run
#   CONNECTIONS=32 BENCH_SECONDS=30 bench/webhooks.sh
#   OPEN_CONNECTIONS=128 bench/webhooks.sh  # connections of the open-loop run (default 4 x CONNECTIONS)
#   SKIP_PACKAGE=1 bench/webhooks.sh  # reuse target/quarkus-app
#   APP_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/ingest.jfr,settings=profile" bench/webhooks.sh  # profile the service
#
# Runs: (1) pgbench, tiny row and a row the size of the webhook body; (2) the service at full
# speed (closed loop); (3) the service at 80 % of that rate (open loop, latency from each
# request's scheduled time). Everything binds 127.0.0.1 on free ports and is stopped at exit.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-16}
SECONDS_PER_RUN=${BENCH_SECONDS:-20}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
WORK=$(mktemp -d /tmp/woosync-bench.XXXXXX)
chmod 755 "$WORK"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PG_PORT=$(free_port)
APP_PORT=$(free_port)
MGMT_PORT=$(free_port)
APP_PID=""

# PostgreSQL refuses to run as root: run it as the postgres user then.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  as_pg "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ "${SKIP_PACKAGE:-0}" != 1 ]; then
  echo "== packaging (./mvnw package -DskipTests)"
  ./mvnw -B -q package -DskipTests
fi

echo "== PostgreSQL 15 on 127.0.0.1:$PG_PORT (data in $WORK/pgdata)"
mkdir -p "$WORK/pgdata" && [ "$(id -u)" = 0 ] && chown postgres "$WORK" "$WORK/pgdata"
as_pg "$PG_BIN/initdb" -D "$WORK/pgdata" -U postgres --auth=trust -E UTF8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -l "$WORK/pg.log" -w \
  -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
PSQL=("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q)
"${PSQL[@]}" -c "create database woosync" -c "create database pgbench"

echo "== pgbench: single-row insert and commit, $CONNECTIONS clients, ${SECONDS_PER_RUN}s each"
"${PSQL[@]}" -d pgbench -c "create table bench_row (id bigint generated always as identity primary key, body text not null, at timestamptz not null default now())"
echo "insert into bench_row (body) values ('x');" > "$WORK/tiny.sql"
BODY_BYTES=$(wc -c < src/test/resources/fixtures/woocommerce/webhooks/021-order_created.body)
echo "insert into bench_row (body) values (repeat('x', $BODY_BYTES));" > "$WORK/body.sql"
pgbench_tps() {
  "$PG_BIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -M prepared -c "$CONNECTIONS" -j 2 -T "$SECONDS_PER_RUN" \
    -f "$1" pgbench 2>/dev/null | awk '/^tps/ {print int($3)} /latency average/ {lat=$4}' | head -1
}
PG_TINY=$(pgbench_tps "$WORK/tiny.sql")
PG_BODY=$(pgbench_tps "$WORK/body.sql")
echo "   pgbench tiny row:           $PG_TINY inserts/s"
echo "   pgbench ${BODY_BYTES}-byte row:      $PG_BODY inserts/s"

echo "== service (prod profile) on 127.0.0.1:$APP_PORT"
KEY=$(head -c 32 /dev/urandom | base64)
# The prod profile as shipped; only what a deployment supplies is passed here. OIDC: the bench
# needs no login (it calls only /webhooks/*), so both OIDC tenants are disabled on the command
# line instead of pointing them at a provider. The job workers are off: this measures ingestion
# alone (the sync handlers are not part of this branch).
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/woosync" \
QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=unused \
QUARKUS_OIDC_AUTH_SERVER_URL="http://127.0.0.1:1/realms/none" QUARKUS_OIDC_CREDENTIALS_SECRET=unused \
WOOSYNC_CRYPTO_KEYS="bench:$KEY" WOOSYNC_CRYPTO_ACTIVE_KEY_ID=bench \
java -Xmx512m ${APP_JAVA_OPTS:-} \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$APP_PORT" \
  -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$MGMT_PORT" \
  -Dquarkus.oidc.tenant-enabled=false -Dquarkus.oidc.api.tenant-enabled=false \
  -Dwoosync.queue.scheduler-enabled=false -Dquarkus.log.category.\"io.woosync\".level=WARN \
  -jar target/quarkus-app/quarkus-run.jar > "$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$MGMT_PORT/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app.log"; exit 1; }
  sleep 0.5
done
curl -sf "http://127.0.0.1:$MGMT_PORT/q/health/ready" >/dev/null || { tail -50 "$WORK/app.log"; exit 1; }

SLUG=bench-shop
SECRET=bench-webhook-secret
ENC=$(java bench/LoadGen.java encrypt "$KEY" bench "$SLUG" "$SECRET")
"${PSQL[@]}" -d woosync -c "insert into tenant (slug, name, status, woo_webhook_secret_enc, created_at, updated_at)
  values ('$SLUG', 'Bench shop', 'active', '$ENC', now(), now())"
BODY=src/test/resources/fixtures/woocommerce/webhooks/021-order_created.body
GEN=(java -Xmx512m bench/LoadGen.java)

# Warm-up: the JIT (C2) spends well over 10 s of CPU compiling the request path; measured while it
# still compiles, the service looks twice as expensive as it is. Warm up until the compiler
# threads are nearly idle (under 2 % of the time over the last round), at most WARMUP_ROUNDS.
compiler_ticks() { for t in /proc/"$APP_PID"/task/*; do if grep -q Compiler "$t/comm" 2>/dev/null; then awk '{print $14+$15}' "$t/stat" 2>/dev/null || true; fi; done | awk '{s+=$1} END {print s+0}'; }
echo "== warm-up (10 s rounds until the JIT compiler is idle)"
for round in $(seq 1 "${WARMUP_ROUNDS:-12}"); do
  C0=$(compiler_ticks)
  "${GEN[@]}" closed "$APP_PORT" "$SLUG" "$SECRET" "$BODY" "$CONNECTIONS" 10 >/dev/null
  C1=$(compiler_ticks)
  echo "   round $round: JIT compiler CPU $(awk "BEGIN {printf \"%.1f\", ($C1-$C0)/$(getconf CLK_TCK)}") s"
  [ $(( (C1 - C0) * 100 / $(getconf CLK_TCK) )) -lt 20 ] && break
done
(sleep $((SECONDS_PER_RUN / 2)); echo "   top during the peak run:"; top -b -n 1 -w 200 | sed -n '1,5p;7,14p' | sed 's/^/     /') &
echo "== peak: closed loop, $CONNECTIONS connections, ${SECONDS_PER_RUN}s"
# CPU seconds (user+system, in clock ticks) of a process, and of all PostgreSQL processes: shows
# where each delivery's CPU goes (service, database, load generator = the rest of the machine).
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
pg_ticks() { local pm; pm=$(head -1 "$WORK/pgdata/postmaster.pid"); for p in "$pm" $(pgrep -P "$pm"); do awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || true; done | awk '{s+=$1} END {print s+0}'; }
HZ=$(getconf CLK_TCK)
SVC_T0=$(ticks "$APP_PID"); PG_T0=$(pg_ticks)
PEAK_LINE=$("${GEN[@]}" closed "$APP_PORT" "$SLUG" "$SECRET" "$BODY" "$CONNECTIONS" "$SECONDS_PER_RUN")
SVC_T1=$(ticks "$APP_PID"); PG_T1=$(pg_ticks)
echo "   $PEAK_LINE"
PEAK=$(echo "$PEAK_LINE" | sed -E 's/.* rate=([0-9]+).*/\1/')
TARGET=$((PEAK * 80 / 100))
# Open loop: requests are sent on a fixed schedule and latency counts from the scheduled time. Each
# connection carries one request at a time, so the schedule is spread over more connections than
# the closed loop used (as WooCommerce's many PHP workers do): with only as many connections as at
# peak, each would be busy 80 % of the time and the wait for a free connection, not the service,
# would dominate the figures.
OPEN_CONNECTIONS=${OPEN_CONNECTIONS:-$((CONNECTIONS * 4))}
echo "== 80 % of peak: open loop at $TARGET/s, $OPEN_CONNECTIONS connections, ${SECONDS_PER_RUN}s"
OPEN_LINE=$("${GEN[@]}" open "$APP_PORT" "$SLUG" "$SECRET" "$BODY" "$OPEN_CONNECTIONS" "$SECONDS_PER_RUN" "$TARGET")
echo "   $OPEN_LINE"

STORED=$("${PSQL[@]}" -d woosync -tA -c "select count(*) from webhook_delivery")
JOBS=$("${PSQL[@]}" -d woosync -tA -c "select count(*) from queue_job")
echo
echo "== result ($(nproc) cores; PostgreSQL 15, fsync on; service and load generator on the same machine)"
echo "   deliveries stored: $STORED, jobs: $JOBS"
printf "   service peak:        %6d accepted deliveries/s  (%s)\n" "$PEAK" "$(echo "$PEAK_LINE" | grep -o 'p50=.*')"
printf "   service at 80%%:      %6s accepted deliveries/s  (%s)\n" "$(echo "$OPEN_LINE" | sed -E 's/.* rate=([0-9]+).*/\1/')" "$(echo "$OPEN_LINE" | grep -o 'p50=.*')"
PEAK_N=$(echo "$PEAK_LINE" | sed -E 's/.* accepted=([0-9]+).*/\1/')
printf "   CPU per delivery at peak: service %.3f ms, PostgreSQL %.3f ms\n" \
  "$(awk "BEGIN {print ($SVC_T1-$SVC_T0)*1000/$HZ/$PEAK_N}")" "$(awk "BEGIN {print ($PG_T1-$PG_T0)*1000/$HZ/$PEAK_N}")"
printf "   pgbench tiny row:    %6d inserts/s   service/pgbench = %s\n" "$PG_TINY" "$(awk "BEGIN {printf \"%.2f\", $PEAK/$PG_TINY}")"
printf "   pgbench body row:    %6d inserts/s   service/pgbench = %s\n" "$PG_BODY" "$(awk "BEGIN {printf \"%.2f\", $PEAK/$PG_BODY}")"
