#!/usr/bin/env bash
# Acceptance flood of issue 14 item 2, on the packaged prod jar with the heap Kubernetes gives it (-Xmx300m,
# -XX:+ExitOnOutOfMemoryError as in k8s/base/deployment.yaml), loopback only. Three phases of SECONDS each:
#   unkeyed: 40 connections without a key, each POST /tze/messages with a 9 MiB body, again and again;
#   keyed:   200 connections with a valid key, 9 MiB bodies (half Content-Length, half chunked);
#   slow:    300 keyed connections declaring 60000 bytes (within the limit) and sending a byte a second:
#            more than bundle.http.max-buffered-bodies (16M) would hold, so some are refused with 503.
# Throughout, GET /q/health/live (management port) and a keyed GET /tokens/om are probed every 100 ms; each
# phase prints the slowest answer of each and the answers the flood got; at the end the log is searched for
# OutOfMemoryError and the process must still run.
# Usage: bench/flood.sh [SECONDS per phase, default 30]. SKIP_PACKAGE=1 reuses target/quarkus-app as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_PHASE=${1:-30}
PORT=28082
MGMT_PORT=29082
AUTH_PORT=28099
KEY=flood-key
source bench/lib.sh
bench_start_om_stand_in

OM_AUTH_URL=http://127.0.0.1:$AUTH_PORT OM_CLIENT_ID=flood OM_CLIENT_SECRET=flood-secret TOKENS_API_KEYS=$KEY \
  OPENAPI_APPID=1 OPENAPI_APPKEY=flood-appkey QUARKUS_HTTP_PORT=$PORT QUARKUS_MANAGEMENT_PORT=$MGMT_PORT \
  java -Xmx300m -XX:+ExitOnOutOfMemoryError -Dbundle.data-dir="$DATA" \
  -jar target/quarkus-app/quarkus-run.jar > "$DATA/bundle.log" 2>&1 & APP_PID=$!
for _ in $(seq 1 90); do
  curl -sf -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT/tokens/om" >/dev/null && break
  sleep 1
done
curl -sf -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT/tokens/om" >/dev/null \
  || { echo "bundle did not answer /tokens/om"; tail -20 "$DATA/bundle.log"; exit 1; }

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -n 1); heap -Xmx300m; ${SECONDS_PER_PHASE}s per phase"
for phase in "unkeyed 40" "keyed 200" "slow 300"; do
  set -- $phase
  echo "=== $1 flood, $2 connections"
  timeout $((SECONDS_PER_PHASE + 60)) python3 bench/flood.py "$PORT" "$MGMT_PORT" "$KEY" "$SECONDS_PER_PHASE" "$2" "$1"
done
echo "bundle RSS after the floods: $(ps -o rss= -p $APP_PID | awk '{printf "%d MB", $1/1024}')"
kill -0 $APP_PID 2>/dev/null && echo "bundle still running" || echo "BUNDLE EXITED"
OOM=$(grep -c OutOfMemoryError "$DATA/bundle.log" || true)
echo "OutOfMemoryError in the log: $OOM"
echo "ERROR lines in the log: $(grep -c ' ERROR ' "$DATA/bundle.log" || true)"
[ "$OOM" = 0 ] && kill -0 $APP_PID 2>/dev/null && echo "PASS: no OutOfMemoryError, the bundle runs"
