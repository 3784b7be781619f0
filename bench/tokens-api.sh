#!/usr/bin/env bash
# Benchmark: GET /tokens/om served from the cache, 64 concurrent clients, on the packaged prod jar.
# Baseline in the same run: GET /q/health/live on the same process's management port (the HTTP stack with
# trivial work).
# Three load shapes: wrk closed-loop saturation (64 connections as fast as they go: throughput, and latency
# that is mostly queueing once the 2 cores are busy); wrk with 64 independent clients that each wait a random
# think time (exponential, mean THINK_MS, default 100 ms, bench/think-time.lua: ~640 requests/s, arrivals
# spread as independent callers send them); and hey at a fixed rate per client (default 10 req/s x 64), whose
# clients tick in lock step: a burst of 64 simultaneous requests every 100 ms.
# Then the bundle is restarted with tokens.fast-path=false and the tokens API measured again, every request
# going through routes/tokens-api.camel.yaml (platform-http and a worker thread): the route alone, same run
# (ROUTE_ONLY=0 skips that part).
# Usage: bench/tokens-api.sh [duration, default 30s] [requests/s per hey client, default 10]. Needs wrk and hey (apt-get install wrk hey).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-30s}
RATE=${2:-10}
PORT=18080
MGMT_PORT=18090
AUTH_PORT=18099
command -v wrk >/dev/null && command -v hey >/dev/null || { echo "wrk and hey are needed: apt-get install wrk hey"; exit 1; }
# always measure the current code (SKIP_PACKAGE=1 reuses target/quarkus-app as it is)
source bench/lib.sh
bench_start_om_stand_in
AUTH=(-H "Authorization: Bearer bench-key")
TOKENS="http://127.0.0.1:$PORT/tokens/om"
LIVE="http://127.0.0.1:$MGMT_PORT/q/health/live"
WARM=${WARM:-30s}

start_bundle() { # $1: tokens.fast-path
  OM_AUTH_URL=http://127.0.0.1:$AUTH_PORT OM_CLIENT_ID=bench OM_CLIENT_SECRET=bench-secret \
    TOKENS_API_KEYS=bench-key TOKENS_FAST_PATH=$1 OPENAPI_APPID=1 OPENAPI_APPKEY=bench-appkey \
    QUARKUS_HTTP_PORT=$PORT QUARKUS_MANAGEMENT_PORT=$MGMT_PORT java -Dbundle.data-dir="$DATA" -jar target/quarkus-app/quarkus-run.jar \
    > "$DATA/bundle.log" 2>&1 & APP_PID=$!
  for _ in $(seq 1 60); do
    curl -sf "${AUTH[@]}" "$TOKENS" >/dev/null && return
    sleep 1
  done
  echo "bundle did not answer /tokens/om"; exit 1
}
stop_bundle() { kill $APP_PID; wait $APP_PID 2>/dev/null || true; }

saturated() { # $1 label, $2.. curl-style args
  echo "=== $1, 64 connections, $DURATION"
  wrk -t2 -c64 -d"$DURATION" --latency "${@:2}" | grep -E "Requests/sec|Latency  |99%|50%|Non-2xx"
}
independent() {
  echo "=== $1, 64 independent clients, think time ${THINK_MS:-100} ms, $DURATION (wrk)"
  wrk -t2 -c64 -d"$DURATION" --latency -s bench/think-time.lua "${@:2}" | grep -E "Requests/sec|percentiles|Non-2xx"
}
lockstep() {
  echo "=== $1, 64 clients x $RATE req/s, $DURATION (hey)"
  hey -z "$DURATION" -c 64 -q "$RATE" "${@:2}" | grep -E "Requests/sec|50%|90%|99%|\[[0-9]+\]"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -n 1)"
start_bundle true
echo "warm-up ($WARM each)"
wrk -t2 -c64 -d"$WARM" "${AUTH[@]}" "$TOKENS" >/dev/null
wrk -t2 -c64 -d"$WARM" "$LIVE" >/dev/null
saturated "baseline: GET /q/health/live" "$LIVE"
saturated "GET /tokens/om (cached token)" "${AUTH[@]}" "$TOKENS"
independent "baseline: GET /q/health/live" "$LIVE"
independent "GET /tokens/om (cached token)" "${AUTH[@]}" "$TOKENS"
lockstep "baseline: GET /q/health/live" "$LIVE"
lockstep "GET /tokens/om (cached token)" "${AUTH[@]}" "$TOKENS"
echo "bundle RSS: $(ps -o rss= -p $APP_PID | awk '{printf "%d MB", $1/1024}')"
echo "answers on the event loop / through the route: $(curl -s "http://127.0.0.1:$MGMT_PORT/q/metrics" \
  | awk '/^bundle_token_served_total/ {printf "%s %d  ", $1, $2}')"
stop_bundle

[ "${ROUTE_ONLY:-1}" = 1 ] || exit 0
echo "--- restart with tokens.fast-path=false: every request through routes/tokens-api.camel.yaml"
start_bundle false
wrk -t2 -c64 -d"$WARM" "${AUTH[@]}" "$TOKENS" >/dev/null
saturated "GET /tokens/om through the route" "${AUTH[@]}" "$TOKENS"
independent "GET /tokens/om through the route" "${AUTH[@]}" "$TOKENS"
lockstep "GET /tokens/om through the route" "${AUTH[@]}" "$TOKENS"
