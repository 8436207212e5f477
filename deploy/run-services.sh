#!/usr/bin/env bash
# Parley's production shape on one machine without Docker: the standalone's in-process Kafka and MongoDB in
# infrastructure-only mode, command-side, query-side and realtime-push as three separate JVMs, and Debian's nginx
# with deploy/nginx.conf.template as the one origin. Then the REST + Socket.IO flow through that origin
# (standalone/src/test/node/services-flow.mjs): send, receive, typing, read receipts, catch-up, presence; then
# kill -9 of the command side under REST and socket load, and a check that every acknowledged message was kept once
# (crash-load.mjs, crash-check.mjs).
#
#   ./mvnw -q -DskipTests package && deploy/run-services.sh          # run the flow, stop everything, exit 0 or 1
#   deploy/run-services.sh --keep                                    # leave it all running (Ctrl-C stops it)
#
# Ports (all loopback): nginx 18088, command-side 18081, query-side 18082, realtime-push 18083, Kafka 29092/29093,
# MongoDB 37017. Needs nginx (apt-get install nginx-light) and Node.js; logs and data under $PARLEY_SERVICES_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=${PARLEY_SERVICES_DIR:-$(mktemp -d /tmp/parley-services.XXXXXX)}
KEEP=${1:-}
mkdir -p "$WORK/nginx"
PIDS=()

stop_all() {
  [ -f "$WORK/nginx/nginx.pid" ] && nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -s stop 2>/dev/null || true
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT

await_http() { # url, name
  for _ in $(seq 1 180); do
    if curl -fs -o /dev/null "$1"; then return 0; fi
    sleep 1
  done
  echo "$2 did not come up; its log: $WORK/$2.log" >&2
  tail -40 "$WORK/$2.log" >&2 || true
  return 1
}

echo "work dir: $WORK"
java -jar standalone/target/parley.jar infrastructure --data-dir "$WORK/data" \
  --kafka-port 29092 --kafka-controller-port 29093 --mongo-port 37017 >"$WORK/infrastructure.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do grep -q "Kafka at" "$WORK/infrastructure.log" && break; sleep 1; done
grep "Kafka at" "$WORK/infrastructure.log"

export KAFKA_BOOTSTRAP_SERVERS=localhost:29092
export MONGODB_URI=mongodb://localhost:37017/parley
export PARLEY_JWT_SECRET; PARLEY_JWT_SECRET=$(cat "$WORK/data/jwt-secret")
export PARLEY_INTERNAL_SECRET; PARLEY_INTERNAL_SECRET=$(head -c 24 /dev/urandom | base64)
export PARLEY_EVENT_STORE_POINT_READS=true   # the embedded store answers only exact-key lookups from an index
export PARLEY_QUERY_SIDE_URL=http://localhost:18082
export PARLEY_COMMAND_SIDE_URL=http://localhost:18081
export PARLEY_REALTIME_PUSH_URL=http://localhost:18083

PORT=18081 java -jar command-side/target/parley-command-side-service.jar >"$WORK/command-side.log" 2>&1 &
PIDS+=($!)
PORT=18082 java -jar query-side/target/parley-query-side-service.jar >"$WORK/query-side.log" 2>&1 &
PIDS+=($!)
PORT=18083 java -jar realtime-push/target/parley-realtime-push-service.jar >"$WORK/realtime-push.log" 2>&1 &
PIDS+=($!)
await_http http://localhost:18081/actuator/health command-side
await_http http://localhost:18082/actuator/health query-side
await_http http://localhost:18083/actuator/health realtime-push

LISTEN=127.0.0.1:18088 COMMAND_SIDE=127.0.0.1:18081 QUERY_SIDE=127.0.0.1:18082 REALTIME_PUSH=127.0.0.1:18083 \
  envsubst '${LISTEN} ${COMMAND_SIDE} ${QUERY_SIDE} ${REALTIME_PUSH}' \
  <deploy/nginx.conf.template >"$WORK/nginx/parley.conf"
NGINX_DIR="$WORK/nginx" envsubst '${NGINX_DIR}' <deploy/nginx-local.conf.template >"$WORK/nginx/nginx.conf"
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log"
echo "Parley at http://127.0.0.1:18088 (nginx), services 18081-18083"

if [ "$KEEP" = "--keep" ]; then
  echo "running; Ctrl-C stops everything"
  wait "${PIDS[0]}"
  exit 0
fi

CLIENTS=standalone/src/test/node
[ -d "$CLIENTS/node_modules/socket.io-client" ] || npm ci --prefix "$CLIENTS" --no-audit --no-fund >/dev/null
token() { java -jar standalone/target/parley.jar token "$1"; }
if ! PARLEY_URL=http://127.0.0.1:18088 ALICE=$(token alice) BOB=$(token bob) node "$CLIENTS/services-flow.mjs"; then
  # a flow that hung once (no sync_complete, the push service waiting on MongoDB) left only logs to read: each JVM's
  # threads too, before everything stops
  names=(infrastructure command-side query-side realtime-push)
  for i in "${!PIDS[@]}"; do
    jcmd "${PIDS[$i]}" Thread.print >"$WORK/${names[$i]}.threads" 2>&1 || true
  done
  echo "the flow failed; each JVM's threads are in $WORK/*.threads, its log in $WORK/*.log" >&2
  exit 1
fi

# kill -9 of the command side under REST and socket load: whatever was acknowledged is kept, once
echo "kill -9 of command-side under load"
ALICE=$(token alice); BOB=$(token bob)
CONVERSATION=$(curl -fs -X POST http://127.0.0.1:18088/api/conversation -H "Authorization: Bearer $ALICE" \
  -H 'Content-Type: application/json' -d '{"participants":["bob"],"isGroup":true}' | sed 's/^{"_id":"\([0-9a-f]*\)".*/\1/')
PARLEY_URL=http://127.0.0.1:18088 CONVERSATION=$CONVERSATION COUNT=60 BURST_FROM=20 BURST_TO=40 PAUSE_MS=50 LIMIT_MS=180000 \
  REST_TOKENS=$ALICE SOCKET_TOKENS=$BOB node "$CLIENTS/crash-load.mjs" >"$WORK/crash-load.log" &
LOAD=$!
for _ in $(seq 1 600); do [ "$(grep -c '"ack"' "$WORK/crash-load.log")" -ge 50 ] && break; sleep 0.1; done
kill -9 "${PIDS[1]}"
wait "${PIDS[1]}" 2>/dev/null || true
PORT=18081 java -jar command-side/target/parley-command-side-service.jar >>"$WORK/command-side.log" 2>&1 &
PIDS[1]=$!
await_http http://localhost:18081/actuator/health command-side
wait "$LOAD"
PARLEY_URL=http://127.0.0.1:18088 REPORT="$WORK/crash-load.log" CONVERSATION=$CONVERSATION TOKEN=$ALICE \
  OPS=$(java -jar standalone/target/parley.jar token ops --admin) node "$CLIENTS/crash-check.mjs"
