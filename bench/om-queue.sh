#!/usr/bin/env bash
# Benchmark of the OM queue trigger (routes/om-queue.camel.yaml) beside its baseline, measured in the same run:
# WARM + COUNT messages (defaults 20,000 and 100,000), each one OM event, are put on a fresh queue of the broker,
# then drained
#  - by the bundle (packaged prod jar, OM only, om.queue.enabled, om.queue.consumers = C), sending each event
#    to a local zero-latency OM stand-in (FakeVendorServer): validation, the Kamelet's Camel HTTP call, the
#    idempotency key committed to H2, the acknowledgement;
#  - by the baseline (QueueLoad plain): C plain Qpid JMS consumers forwarding each message to the same stand-in
#    with the JDK HttpClient and acknowledging it after OM's answer, nothing else;
# at C = 4 (the default om.queue.consumers) and 16. Events per second over the last COUNT, after WARM events
# of warm-up (the JIT's; the bundle's figure from its bundle_om_events_total, polled every 100 ms on the
# management port).
# The bundle runs with JAVA_OPTS (default: none, the JVM's defaults, as the README's production block runs it).
# Needs a broker with AMQP 1.0 on AMQP_URL (default amqp://127.0.0.1:5672, guest/guest: RabbitMQ with
# rabbitmq_amqp1_0, as the tests use). Usage: bench/om-queue.sh   (WARM=5000 COUNT=20000 bench/om-queue.sh for a
# quick run)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-100000}
WARM=${WARM:-20000}
AMQP_URL=${AMQP_URL:-amqp://127.0.0.1:5672}
JAVA_OPTS=${JAVA_OPTS:-}
OM_PORT=18112
MANAGEMENT_PORT=18192
[ "${SKIP_PACKAGE:-0}" = 1 ] || ./mvnw -B -q package -DskipTests
source bench/lib.sh
CP=$(bench_classpath)
WORK=$(mktemp -d -p "$PWD/target" bench-queue.XXXX)  # absolute: H2 refuses implicitly relative paths
RUN=$(date +%s)  # a fresh queue name per run: nothing left over from an interrupted one is counted
PIDS=()
QUEUES=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
  if command -v rabbitmqctl >/dev/null 2>&1; then
    for q in "${QUEUES[@]}"; do rabbitmqctl -q delete_queue "$q" >/dev/null 2>&1 || true; done
  fi
}
trap cleanup EXIT

if (exec 3<>"/dev/tcp/127.0.0.1/$OM_PORT") 2>/dev/null; then
  echo "port $OM_PORT is taken (a stand-in of an earlier run?): stop it first" >&2; exit 1
fi
java -cp "$CP" io.camelbundle.bench.FakeVendorServer "$OM_PORT" 0 > "$WORK/om.log" 2>&1 & PIDS+=($!)
for _ in $(seq 1 50); do grep -q listening "$WORK/om.log" && break; sleep 0.2; done

# sent_count: the bundle's bundle_om_events_total{outcome="sent"} (0 while the series is not there)
sent_count() {
  curl -s "http://127.0.0.1:$MANAGEMENT_PORT/q/metrics" 2>/dev/null \
    | awk '/^bundle_om_events_total\{outcome="sent"\}/{printf "%d", $2; found=1} END{if(!found) print 0}'
}

# bundle_run QUEUE CONSUMERS -> prints events/s
bundle_run() {
  local dir="$WORK/$1"; mkdir -p "$dir"
  OM_AUTH_URL=http://127.0.0.1:$OM_PORT OM_API_URL=http://127.0.0.1:$OM_PORT OM_CLIENT_ID=bench \
    OM_CLIENT_SECRET=bench-secret TOKENS_API_KEYS=bench-key BUNDLE_VENDORS=om OM_DATA_SOURCE=bench \
    OM_QUEUE_ENABLED=true OM_QUEUE_NAME="$1" OM_QUEUE_DEAD_LETTER="$1.dlq" OM_QUEUE_CONSUMERS="$2" \
    QUARKUS_QPID_JMS_URL="$AMQP_URL?jms.prefetchPolicy.all=20" QUARKUS_HTTP_PORT=0 \
    QUARKUS_MANAGEMENT_PORT=$MANAGEMENT_PORT \
    java $JAVA_OPTS -Dbundle.data-dir="$dir" -jar target/quarkus-app/quarkus-run.jar > "$dir/bundle.log" 2>&1 &
  local app=$!; PIDS+=("$app")
  local sent=0 first_at="" first_count=0 now total=$((WARM + COUNT)) last=-1 still=0
  while [ "$sent" -lt "$total" ]; do
    kill -0 "$app" 2>/dev/null || { echo "the bundle stopped; its log: $dir/bundle.log" >&2; tail -n 20 "$dir/bundle.log" >&2; exit 1; }
    sleep 0.1
    sent=$(sent_count); now=$(date +%s%N)
    if [ "$sent" = "$last" ]; then still=$((still + 1)); else still=0; last=$sent; fi
    # 2 minutes without a sent event (start-up included): events rejected or failed, see the log
    [ "$still" -lt 1200 ] || { echo "no progress at $sent of $total sent; the bundle's log: $dir/bundle.log" >&2; exit 1; }
    if [ -z "$first_at" ] && [ "$sent" -ge "$WARM" ]; then first_at=$now; first_count=$sent; fi
  done
  grep -q "ERROR" "$dir/bundle.log" && echo "note: the bundle logged errors: $dir/bundle.log" >&2
  kill "$app"; wait "$app" 2>/dev/null || true
  python3 -c "print(int(($sent - $first_count) / (($now - $first_at) / 1e9)))"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -n 1), JAVA_OPTS=${JAVA_OPTS:-none}, $WARM + $COUNT messages, load $(cut -d' ' -f1-3 /proc/loadavg)"
for c in 4 16; do
  QUEUES+=("bench-plain-$RUN-$c" "bench-bundle-$RUN-$c" "bench-bundle-$RUN-$c.dlq")
  fill=$(java -cp "$CP" io.camelbundle.bench.QueueLoad fill "$AMQP_URL" "bench-plain-$RUN-$c" $((WARM + COUNT)))
  plain=$(java -cp "$CP" io.camelbundle.bench.QueueLoad plain "$AMQP_URL" "bench-plain-$RUN-$c" \
    "http://127.0.0.1:$OM_PORT" "$c" "$WARM" "$COUNT")
  java -cp "$CP" io.camelbundle.bench.QueueLoad fill "$AMQP_URL" "bench-bundle-$RUN-$c" $((WARM + COUNT)) > /dev/null
  bundle=$(bundle_run "bench-bundle-$RUN-$c" "$c")
  echo "consumers $c: plain Qpid JMS + JDK client $plain events/s, bundle $bundle events/s" \
       "(ratio $(python3 -c "print(round($bundle/$plain, 2))")); the queue was filled at $fill messages/s"
done
