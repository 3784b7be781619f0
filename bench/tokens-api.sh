#!/usr/bin/env bash
# Benchmark: GET /tokens/om served from the cache, 64 concurrent clients, on the packaged prod jar.
# Baseline in the same run: GET /q/health/live on the same server (the HTTP stack with trivial work).
# Three load shapes: wrk closed-loop saturation (64 connections as fast as they go: throughput, and latency
# that is mostly queueing once the 2 cores are busy); wrk with 64 independent clients that each wait a random
# think time (exponential, mean THINK_MS, default 100 ms, bench/think-time.lua: ~640 requests/s, arrivals
# spread as independent callers send them); and hey at a fixed rate per client (default 10 req/s x 64), whose
# clients tick in lock step: a burst of 64 simultaneous requests every 100 ms.
# Usage: bench/tokens-api.sh [duration, default 30s] [requests/s per hey client, default 10]. Needs wrk and hey (apt-get install wrk hey).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-30s}
RATE=${2:-10}
PORT=18080
AUTH_PORT=18099
command -v wrk >/dev/null && command -v hey >/dev/null || { echo "wrk and hey are needed: apt-get install wrk hey"; exit 1; }
# always measure the current code (SKIP_PACKAGE=1 reuses target/quarkus-app as it is)
[ "${SKIP_PACKAGE:-0}" = 1 ] || ./mvnw -B -q package -DskipTests
source bench/lib.sh
CP=$(bench_classpath)

DATA=$(mktemp -d)
java -cp "$CP" io.camelbundle.bench.FakeVendorServer "$AUTH_PORT" 0 > "$DATA/stand-in.log" 2>&1 & AUTH_PID=$!
OM_AUTH_URL=http://127.0.0.1:$AUTH_PORT OM_CLIENT_ID=bench OM_CLIENT_SECRET=bench-secret \
  TOKENS_API_KEYS=bench-key OPENAPI_APPID=1 OPENAPI_APPKEY=bench-appkey QUARKUS_HTTP_PORT=$PORT \
  java -Dbundle.data-dir="$DATA" -jar target/quarkus-app/quarkus-run.jar > "$DATA/bundle.log" 2>&1 & APP_PID=$!
trap 'kill $APP_PID $AUTH_PID 2>/dev/null; wait $APP_PID 2>/dev/null; rm -rf "$DATA"' EXIT

for _ in $(seq 1 60); do
  curl -sf -H "Authorization: Bearer bench-key" "http://127.0.0.1:$PORT/tokens/om" >/dev/null && break
  sleep 1
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -n 1)"
WARM=${WARM:-30s}
echo "warm-up ($WARM each)"
wrk -t2 -c64 -d"$WARM" -H "Authorization: Bearer bench-key" "http://127.0.0.1:$PORT/tokens/om" >/dev/null
wrk -t2 -c64 -d"$WARM" "http://127.0.0.1:$PORT/q/health/live" >/dev/null
echo "=== baseline: GET /q/health/live, 64 connections, $DURATION"
wrk -t2 -c64 -d"$DURATION" --latency "http://127.0.0.1:$PORT/q/health/live" | grep -E "Requests/sec|Latency|99%|50%"
echo "=== GET /tokens/om (cached token), 64 connections, $DURATION"
wrk -t2 -c64 -d"$DURATION" --latency -H "Authorization: Bearer bench-key" \
  "http://127.0.0.1:$PORT/tokens/om" | grep -E "Requests/sec|Latency|99%|50%|Non-2xx"
echo "=== baseline: GET /q/health/live, 64 independent clients, think time ${THINK_MS:-100} ms, $DURATION (wrk)"
wrk -t2 -c64 -d"$DURATION" --latency -s bench/think-time.lua "http://127.0.0.1:$PORT/q/health/live" \
  | grep -E "Requests/sec|99%|50%"
echo "=== GET /tokens/om (cached token), 64 independent clients, think time ${THINK_MS:-100} ms, $DURATION (wrk)"
wrk -t2 -c64 -d"$DURATION" --latency -s bench/think-time.lua -H "Authorization: Bearer bench-key" \
  "http://127.0.0.1:$PORT/tokens/om" | grep -E "Requests/sec|99%|50%|Non-2xx"
echo "=== baseline: GET /q/health/live, 64 clients x $RATE req/s, $DURATION (hey)"
hey -z "$DURATION" -c 64 -q "$RATE" "http://127.0.0.1:$PORT/q/health/live" | grep -E "Requests/sec|50%|90%|99%|\[[0-9]+\]"
echo "=== GET /tokens/om (cached token), 64 clients x $RATE req/s, $DURATION (hey)"
hey -z "$DURATION" -c 64 -q "$RATE" -H "Authorization: Bearer bench-key" "http://127.0.0.1:$PORT/tokens/om" \
  | grep -E "Requests/sec|50%|90%|99%|\[[0-9]+\]"
echo "bundle RSS: $(ps -o rss= -p $APP_PID | awk '{printf "%d MB", $1/1024}')"
