#!/usr/bin/env bash
# Starts the packaged JVM app (target/quarkus-app) with a prod-like configuration and measures
# time-to-ready and memory:
#   - prod profile (the packaged default), JSON logs, management interface for /q/health,
#     the environment of kubernetes/base/config.env (the ConfigMap) with local endpoints
#   - an external PostgreSQL 15 (Debian's, /usr/lib/postgresql/15/bin), own cluster in a temp
#     dir, run as the unprivileged user "postgres", on a free port bound to 127.0.0.1
#   - OIDC pointed at a test issuer (bench/OidcTestIssuer.java: discovery + JWKS + signed tokens)
#   - the heap capped as in the container (768Mi limit x MaxRAMPercentage=70 ~ 537m)
# Then: waits for /q/health/ready = UP, prints time-to-ready and RSS, drives a few real requests
# (create a tenant, list tenants with a bearer token, a webhook-free page hit), prints RSS again,
# sends SIGTERM, prints the shutdown time, and cleans everything up.
#
#   bench/prod-start.sh            # builds first (./mvnw package -DskipTests)
#   SKIP_BUILD=1 bench/prod-start.sh
#   REQUESTS=500 bench/prod-start.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
REQUESTS=${REQUESTS:-200}
HEAP=${HEAP:--Xmx537m}
WORK=$(mktemp -d /tmp/woosync-prod-start.XXXXXX)
chmod 755 "$WORK"
APP_PID="" ISSUER_PID=""

cleanup() {
  set +e
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
  [ -n "$ISSUER_PID" ] && kill "$ISSUER_PID" 2>/dev/null && wait "$ISSUER_PID" 2>/dev/null
  if [ -f "$WORK/pg/data/postmaster.pid" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
ms() { date +%s%3N; }
# CPU seconds (user + system) the process has used: less dependent on what else the machine runs.
cpu_s() { awk -v t="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / t}' "/proc/$1/stat"; }

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  echo "== build: ./mvnw -B -q -ntp package -DskipTests"
  ./mvnw -B -q -ntp package -DskipTests
fi
test -f target/quarkus-app/quarkus-run.jar
if ls target/quarkus-app/lib/main | grep -q zonky; then
  echo "FAIL: the embedded PostgreSQL (zonky) is packaged" >&2; exit 1
fi

echo "== PostgreSQL 15 (own cluster in $WORK/pg, user postgres)"
PG_PORT=$(free_port)
DB_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
mkdir -p "$WORK/pg" && chown postgres "$WORK/pg"
echo "$DB_PASSWORD" > "$WORK/pg/pw" && chown postgres "$WORK/pg/pw"
runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres --auth=scram-sha-256 --pwfile="$WORK/pg/pw" >/dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$WORK/pg" start >/dev/null
PGPASSWORD=$DB_PASSWORD psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres \
  -c "create role woosync login password '$DB_PASSWORD'" -c "create database woosync owner woosync"

echo "== OIDC test issuer"
java bench/OidcTestIssuer.java "$WORK/issuer.port" > "$WORK/issuer.log" 2>&1 &
ISSUER_PID=$!
for _ in $(seq 1 200); do [ -s "$WORK/issuer.port" ] && break; sleep 0.1; done
ISSUER="http://127.0.0.1:$(cat "$WORK/issuer.port")"

HTTP_PORT=$(free_port)
MGMT_PORT=$(free_port)
echo "== app: java $HEAP -jar target/quarkus-app/quarkus-run.jar (http $HTTP_PORT, management $MGMT_PORT)"
# The ConfigMap's values as the pods get them (kubernetes/base/config.env), then this machine's
# endpoints on top: what differs from a pod is only where PostgreSQL and the issuer are.
CONFIG_ENV=()
while IFS= read -r line; do
  case "$line" in ''|'#'*) continue ;; esac
  CONFIG_ENV+=("$line")
done < kubernetes/base/config.env

LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
START=$(ms)
env "${CONFIG_ENV[@]}" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$HTTP_PORT" \
  QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$MGMT_PORT" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/woosync" \
  QUARKUS_DATASOURCE_USERNAME=woosync QUARKUS_DATASOURCE_PASSWORD="$DB_PASSWORD" \
  QUARKUS_DATASOURCE_JDBC_MAX_SIZE=15 \
  QUARKUS_OIDC_AUTH_SERVER_URL="$ISSUER" QUARKUS_OIDC_CLIENT_ID=woosync \
  QUARKUS_OIDC_CREDENTIALS_SECRET="bench-client-secret-0123456789abcdef0123456789" \
  WOOSYNC_CRYPTO_KEYS="bench-1:$(head -c 32 /dev/urandom | base64)" WOOSYNC_CRYPTO_ACTIVE_KEY_ID=bench-1 \
  java $HEAP -XX:+ExitOnOutOfMemoryError -jar target/quarkus-app/quarkus-run.jar > "$WORK/app.log" 2>&1 &
APP_PID=$!

READY=""
for _ in $(seq 1 1200); do
  if ! kill -0 "$APP_PID" 2>/dev/null; then echo "FAIL: the app exited" >&2; tail -40 "$WORK/app.log" >&2; exit 1; fi
  if curl -sf "http://127.0.0.1:$MGMT_PORT/q/health/ready" > "$WORK/ready.json" 2>/dev/null; then READY=$(ms); break; fi
  sleep 0.05
done
[ -n "$READY" ] || { echo "FAIL: not ready after 60 s" >&2; tail -40 "$WORK/app.log" >&2; exit 1; }
RSS_READY=$(rss_mb "$APP_PID")
CPU_READY=$(cpu_s "$APP_PID")
echo "ready: $(cat "$WORK/ready.json" | tr -d ' \n')"
QUARKUS_STARTED=$(grep -o 'started in [0-9.]*s' "$WORK/app.log" | head -1 || true)

# Real work through the real security: an operator token from the test issuer.
TOKEN=$(curl -sf "$ISSUER/test/token?sub=bench-operator&groups=operator")
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"slug":"bench-shop","name":"Bench shop","wooStoreUrl":"https://shop.example.com","wooWebhookSecret":"test-secret"}' \
  "http://127.0.0.1:$HTTP_PORT/api/tenants")
[ "$code" = 201 ] || { echo "FAIL: create tenant answered $code" >&2; tail -20 "$WORK/app.log" >&2; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/api/tenants")
[ "$code" = 401 ] || { echo "FAIL: /api/tenants without a token answered $code" >&2; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/q/metrics")
[ "$code" != 200 ] || { echo "FAIL: /q/metrics is served on the public port" >&2; exit 1; }
curl -sf "http://127.0.0.1:$MGMT_PORT/q/metrics" | grep -q '^jvm_memory_used_bytes' || { echo "FAIL: no metrics on the management port" >&2; exit 1; }
T0=$(ms)
for _ in $(seq 1 "$REQUESTS"); do
  curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$HTTP_PORT/api/tenants/bench-shop"
done
T1=$(ms)
RSS_WORK=$(rss_mb "$APP_PID")
head -c 300 "$WORK/app.log" | grep -q '^{' && LOGS="JSON" || LOGS="text"

kill -TERM "$APP_PID"
TS=$(ms)
wait "$APP_PID" || true
TE=$(ms)
APP_PID=""

echo
echo "== WooSync packaged JVM app, prod profile, external PostgreSQL 15, OIDC test issuer"
echo "java:                 $(java -version 2>&1 | head -1)   heap: $HEAP"
echo "machine:              $(nproc) cores, load average at start: $LOAD_AT_START"
echo "time to ready:        $((READY - START)) ms (process launch -> /q/health/ready UP; Quarkus: ${QUARKUS_STARTED:-n/a})"
echo "CPU used until ready: ${CPU_READY} s (user + system)"
echo "RSS at ready:         ${RSS_READY} MB"
echo "RSS after ${REQUESTS} requests: ${RSS_WORK} MB   ($((T1 - T0)) ms for ${REQUESTS} sequential authenticated GETs incl. curl start-up)"
echo "log format:           $LOGS, e.g."
grep -m1 'tenant bench-shop created' "$WORK/app.log" | sed 's/^/  /' || true
echo "shutdown on SIGTERM:  $((TE - TS)) ms"
