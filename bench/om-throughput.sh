#!/usr/bin/env bash
# Benchmark of the OM file drop (issue 3), each figure beside its baseline measured in the same run:
#  1. a RECORDS-record CSV file (default 1,000,000) against a local zero-latency OM stand-in, at
#     concurrency 16 and 64, beside a plain JDK HttpClient sending the same pre-encoded requests at the
#     same concurrency to the same server (target: bundle >= 0.8 x plain);
#  2. SLOW_RECORDS records (default 20,000) with 50 ms server latency at concurrency 16 (target: >= 0.9 x
#     concurrency / latency = 288 events/s);
#  3. peak RSS (VmHWM) of the bundle for the RECORDS file and for a RECORDS/10 file, both at concurrency 16
#     (target: <= 400 MB and within 15 %).
# The bundle runs as the packaged prod jar with JAVA_OPTS, by default what a 1-CPU container gets: the JVM
# picks the serial collector below 2 CPUs (k8s/base limits the pod to 1 CPU), a 128 MB heap (the streamed
# file needs little; measured), a 64 MB code cache, and MALLOC_ARENA_MAX=2 (glibc's per-thread malloc arenas
# otherwise add tens of MB of RSS with 16-64 sending threads). Needs python3.
# Usage: bench/om-throughput.sh   (RECORDS=100000 bench/om-throughput.sh for a quick run)
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${RECORDS:-1000000}
SLOW_RECORDS=${SLOW_RECORDS:-20000}
JAVA_OPTS=${JAVA_OPTS:--Xmx128m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m}
# JAVA_OPTS=" " MALLOC_ARENA_MAX= runs the jar as the README's production block does (JVM defaults)
MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX-2}
if [ -n "$MALLOC_ARENA_MAX" ]; then export MALLOC_ARENA_MAX; else unset MALLOC_ARENA_MAX; fi
OM_PORT=18110
# always measure the current code (SKIP_PACKAGE=1 reuses target/quarkus-app as it is)
[ "${SKIP_PACKAGE:-0}" = 1 ] || ./mvnw -B -q package -DskipTests
source bench/lib.sh
CP=$(bench_classpath)
WORK=$(mktemp -d -p "$PWD/target" bench-om.XXXX)  # absolute: H2 refuses implicitly relative paths
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

start_om() { # latency ms
  # a stand-in left over from an interrupted run would answer instead, silently at the wrong latency
  if (exec 3<>"/dev/tcp/127.0.0.1/$OM_PORT") 2>/dev/null; then
    echo "port $OM_PORT is taken (a stand-in of an earlier run?): stop it first" >&2; exit 1
  fi
  java -cp "$CP" io.camelbundle.bench.FakeVendorServer "$OM_PORT" "$1" > "$WORK/om.log" 2>&1 & OM_PID=$!; PIDS+=("$OM_PID")
  for _ in $(seq 1 50); do grep -q listening "$WORK/om.log" && return; sleep 0.2; done
  echo "the OM stand-in did not start; its log:" >&2; cat "$WORK/om.log" >&2; exit 1
}
stop_om() { kill "$OM_PID" 2>/dev/null || echo "note: the OM stand-in had already stopped" >&2; wait "$OM_PID" 2>/dev/null || true; }

# bundle_run NAME CONCURRENCY FILE -> prints "events_per_second peak_rss_mb drop_to_report_events_per_second"
# (the first from the report's own duration; the last from the wall clock, dropping the file to its report,
# which adds the inbox's stability wait, om.file-drop.stable-age-ms, and the report's writing)
bundle_run() {
  local dir="$WORK/$1"; mkdir -p "$dir/inbox/om-events"
  OM_AUTH_URL=http://127.0.0.1:$OM_PORT OM_API_URL=http://127.0.0.1:$OM_PORT OM_CLIENT_ID=bench \
    OM_CLIENT_SECRET=bench-secret TOKENS_API_KEYS=bench-key OPENAPI_APPID=1 OPENAPI_APPKEY=bench-appkey \
    OM_DATA_SOURCE=bench OM_CONCURRENCY="$2" QUARKUS_HTTP_PORT=0 QUARKUS_MANAGEMENT_PORT=0 \
    java $JAVA_OPTS -Dbundle.data-dir="$dir" -jar target/quarkus-app/quarkus-run.jar > "$dir/bundle.log" 2>&1 &
  local app=$!; PIDS+=("$app")
  for _ in $(seq 1 120); do grep -q "Listening on" "$dir/bundle.log" && break; sleep 0.5; done
  cp "$3" "$dir/staging.csv"
  local dropped; dropped=$(date +%s%N)
  mv "$dir/staging.csv" "$dir/inbox/om-events/events.csv"
  local report="$dir/reports/om-events/events.csv.report.json"
  while [ ! -f "$report" ]; do
    kill -0 "$app" 2>/dev/null || { echo "the bundle stopped; its log: $dir/bundle.log" >&2; tail -n 20 "$dir/bundle.log" >&2; exit 1; }
    sleep 0.1
  done
  local wall_ms=$(( ($(date +%s%N) - dropped) / 1000000 ))
  local hwm; hwm=$(awk '/VmHWM/{print int($2/1024)}' /proc/$app/status)
  local eps; eps=$(python3 -c "import json;r=json.load(open('$report'));print(int(r['sent']*1000/max(1,r['duration_ms'])))")
  local wall; wall=$(python3 -c "import json;r=json.load(open('$report'));print(int(r['sent']*1000/max(1,$wall_ms)))")
  kill "$app"; wait "$app" 2>/dev/null || true
  echo "$eps $hwm $wall"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -n 1), JAVA_OPTS=$JAVA_OPTS, MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}"
python3 bench/gen_om_events.py "$RECORDS" > "$WORK/big.csv"
python3 bench/gen_om_events.py $((RECORDS / 10)) > "$WORK/small.csv"
python3 bench/gen_om_events.py "$SLOW_RECORDS" > "$WORK/slow.csv"

start_om 0
for c in 16 64; do
  plain=$(java -cp "$CP" io.camelbundle.bench.PlainClientBaseline "http://127.0.0.1:$OM_PORT" "$c" "$RECORDS")
  read -r eps hwm wall < <(bundle_run "c$c" "$c" "$WORK/big.csv")
  echo "zero latency, concurrency $c, $RECORDS records: plain JDK client $plain events/s, bundle $eps events/s" \
       "(ratio $(python3 -c "print(round($eps/$plain, 2))")), drop to report $wall events/s" \
       "(ratio $(python3 -c "print(round($wall/$plain, 2))")), bundle peak RSS $hwm MB"
  [ "$c" = 16 ] && hwm_big=$hwm
done
read -r eps_small hwm_small _ < <(bundle_run small 16 "$WORK/small.csv")
echo "zero latency, concurrency 16, $((RECORDS / 10)) records: bundle $eps_small events/s, peak RSS $hwm_small MB"
# same concurrency on both sides: 48 more sending threads (stacks, buffers) are not growth with the file
echo "peak RSS at concurrency 16: $RECORDS records $hwm_big MB vs $((RECORDS / 10)) records $hwm_small MB" \
     "($(python3 -c "print(f'{($hwm_big/$hwm_small-1)*100:+.0f}')") %; target <= 400 MB and within 15 %)"
stop_om

start_om 50
read -r eps hwm _ < <(bundle_run slow 16 "$WORK/slow.csv")
echo "50 ms latency, concurrency 16, $SLOW_RECORDS records: bundle $eps events/s (ideal 320, target >= 288)"
stop_om
