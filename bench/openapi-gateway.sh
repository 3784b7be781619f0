#!/usr/bin/env bash
# Benchmark: latency the signing gateway adds. 64 concurrent clients (wrk, hey) call GET /v3/user/get_info
# (a) directly on a stand-in OpenAPI (io.camelbundle.bench.FakeVendorServer, a JDK HttpServer in the test
# classes; no sig check: the bundle's signing cost is what is measured) and (b) through the bundle's
# GET /openapi/v3/user/get_info, which authenticates, resolves userip, signs and forwards to the same
# stand-in: (b) - (a) at p50 and p99 is the gateway's overhead. Target (issue 4): p99 overhead <= 2 ms.
# Baseline and target in the same run, with two load shapes: 64 independent clients that each wait a random
# think time (wrk + bench/think-time.lua, exponential, mean THINK_MS, default 100 ms: ~640 requests/s), and
# hey at a fixed rate per client (default 10 req/s x 64 = 640 req/s), whose clients tick in lock step: a
# burst of 64 simultaneous requests every 100 ms, which measures how fast a burst drains more than what one
# request adds.
# The packaged jar runs with profile "bench" (config/application.properties defaults, no %prod): the prod
# profile refuses a plain-http OpenAPI base URL, and the stand-in is plain http.
# Warm-up: WARM_BURST (default 30s) of wrk at saturation on both paths (hot methods reach the compile queues
# fast), then WARM (default 60s) of the think-time load on the gateway, while the JIT drains its queues on
# the two cores it shares with the load: a 20 s think-time window right after 30 s at saturation still saw
# ~600 compilations and twice the bundle's steady CPU per request, and its p99 was the JIT's, not the
# gateway's. The bundle's compilations during each measured window are printed (jstat).
# Measured: ROUNDS (default 3) pairs of think-time windows, direct then gateway, each printed on its own, so
# the spread between windows on this shared machine is visible next to the difference.
# PIN=1 gives the bundle core 1 and the load generator and stand-in core 0 (taskset), as when the gateway runs
# in a pod of its own: on two shared cores the direct path's own p99 (wrk and the stand-in alone) moves by
# several ms between windows, more than the 2 ms the gateway may add, so the unpinned difference mostly
# measures who got a core first.
# Usage: bench/openapi-gateway.sh [duration, default 30s] [requests/s per client, default 10]. Needs hey and wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-30s}
RATE=${2:-10}
PORT=18081
UPSTREAM_PORT=18098
command -v hey >/dev/null && command -v wrk >/dev/null || { echo "hey and wrk are needed: apt-get install hey wrk"; exit 1; }
WARM=${WARM:-60s}
WARM_BURST=${WARM_BURST:-30s}
ROUNDS=${ROUNDS:-3}
# always measure the current code (SKIP_PACKAGE=1 reuses target/quarkus-app as it is)
[ "${SKIP_PACKAGE:-0}" = 1 ] || ./mvnw -B -q package -DskipTests
source bench/lib.sh
if [ "${PIN:-0}" = 1 ]; then ON_BUNDLE="taskset -c 1"; ON_LOAD="taskset -c 0"; else ON_BUNDLE=; ON_LOAD=; fi
CP=$(bench_classpath)

DATA=$(mktemp -d -p "$PWD/target" bench-openapi.XXXX)  # absolute: H2 refuses implicitly relative paths
$ON_LOAD java -cp "$CP" io.camelbundle.bench.FakeVendorServer "$UPSTREAM_PORT" 0 > "$DATA/upstream.log" 2>&1 & UP_PID=$!
QUARKUS_PROFILE=bench OPENAPI_BASE_URL=http://127.0.0.1:$UPSTREAM_PORT OPENAPI_APPID=1105123456 \
  OPENAPI_APPKEY=bench-appkey TOKENS_API_KEYS=bench-key OM_CLIENT_ID=bench OM_CLIENT_SECRET=bench-secret \
  QUARKUS_HTTP_PORT=$PORT QUARKUS_MANAGEMENT_PORT=0 $ON_BUNDLE java -Dbundle.data-dir="$DATA" -jar target/quarkus-app/quarkus-run.jar \
  > "$DATA/bundle.log" 2>&1 & APP_PID=$!
trap 'kill $APP_PID $UP_PID 2>/dev/null; wait $APP_PID 2>/dev/null || true; rm -rf "$DATA"' EXIT

USER="openid=0000000000000000000000000A1B2C3D&openkey=E2F3A6B1C4D5E6F708192A3B4C5D6E7F&pf=qzone&userip=112.90.139.30"
DIRECT="http://127.0.0.1:$UPSTREAM_PORT/v3/user/get_info?$USER&appid=1105123456&format=json&charset=utf-8&sig=x"
GATEWAY="http://127.0.0.1:$PORT/openapi/v3/user/get_info?$USER"
for _ in $(seq 1 90); do
  curl -sf -H "Authorization: Bearer bench-key" "$GATEWAY" >/dev/null && break
  kill -0 $APP_PID 2>/dev/null || { cat "$DATA/bundle.log"; exit 1; }
  sleep 1
done
curl -sf -H "Authorization: Bearer bench-key" "$GATEWAY"; echo
echo "pinned: ${PIN:-0}; machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -n 1), load $(cut -d' ' -f1-3 /proc/loadavg)"
compiled() { jstat -compiler "$APP_PID" | awk 'NR == 2 {print $1}'; }
think() { # url: one think-time window, with the bundle's compilations during it
  local c0; c0=$(compiled)
  $ON_LOAD wrk -t2 -c64 -d"$DURATION" --latency -s bench/think-time.lua -H "Authorization: Bearer bench-key" "$1" \
    | grep -E "percentiles|Non-2xx|Socket errors"
  echo "  bundle JIT compilations during the window: $(( $(compiled) - c0 ))"
}
echo "warm-up: $WARM_BURST at saturation on each path, then $WARM of think-time load on the gateway"
$ON_LOAD wrk -t2 -c64 -d"$WARM_BURST" "$DIRECT" | grep Requests/sec
$ON_LOAD wrk -t2 -c64 -d"$WARM_BURST" -H "Authorization: Bearer bench-key" "$GATEWAY" | grep Requests/sec
$ON_LOAD wrk -t2 -c64 -d"$WARM" -s bench/think-time.lua -H "Authorization: Bearer bench-key" "$GATEWAY" >/dev/null
echo "=== wrk, 64 independent clients, think time ${THINK_MS:-100} ms, $ROUNDS rounds of $DURATION: direct, then gateway"
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round: direct"; think "$DIRECT"
  echo "round $round: gateway"; think "$GATEWAY"
done
echo "=== hey, 64 clients x $RATE req/s in lock step (64 requests at once every $((1000 / RATE)) ms), $DURATION: direct"
$ON_LOAD hey -z "$DURATION" -c 64 -q "$RATE" "$DIRECT" | grep -E "Requests/sec|50%|99%|\[[0-9]+\]"
echo "=== the same: gateway"
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # user + system clock ticks
cpu0=$(cpu $APP_PID)
$ON_LOAD hey -z "$DURATION" -c 64 -q "$RATE" -H "Authorization: Bearer bench-key" "$GATEWAY" > "$DATA/gateway.out"
cpu1=$(cpu $APP_PID)
grep -E "Requests/sec|50%|99%|\[[0-9]+\]" "$DATA/gateway.out"
answered=$(awk '/\[200\]/{print $2}' "$DATA/gateway.out")
echo "  bundle CPU per request: $(python3 -c "print(round(($cpu1 - $cpu0) * 1000 / $(getconf CLK_TCK) / max(1, ${answered:-0}), 3))") ms"
echo "=== 1 client, 1000 requests back to back (per-request cost without queueing): direct, then gateway"
$ON_LOAD hey -n 1000 -c 1 "$DIRECT" | grep -E "50%|99%"
$ON_LOAD hey -n 1000 -c 1 -H "Authorization: Bearer bench-key" "$GATEWAY" | grep -E "50%|99%"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
