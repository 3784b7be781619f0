#!/usr/bin/env bash
# Benchmark: start-up time and resident memory of the packaged jar (prod profile, all three vendors on unless
# VENDORS says otherwise; default JVM settings, as the production block starts it), beside a plain Camel
# Quarkus app built in the same run with the same extensions (this pom's dependencies) and one route, a timer
# to a log.
# Measured per start, alternating bundle and baseline, each with a fresh data folder:
#   - milliseconds from launching `java -jar` to the first 200 of /q/health/live on the management port (polled
#     every 10 ms);
#   - resident memory (VmRSS) 10 s after the launch.
# Usage: bench/startup.sh [starts per app, default 5]. VENDORS=om measures the README's production run (OM
# only; default: all three vendors, the heaviest start). SKIP_PACKAGE=1 reuses target/quarkus-app and the
# baseline as they are. APPCDS=1 adds a third app: the same bundle jar with JDK 17's dynamic AppCDS, an
# archive of the classes one training start loaded (-XX:ArchiveClassesAtExit), mapped with
# -XX:SharedArchiveFile and -Xshare:on (so a start that cannot map it fails instead of being counted): what
# an operator gets by adding that flag. OPTIONS="<JVM options>" adds the bundle and the baseline started with
# those options (through JDK_JAVA_OPTIONS), e.g. OPTIONS=-XX:TieredStopAtLevel=1. Idle machine wanted: a build or benchmark running beside it shows in
# the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
STARTS=${1:-5}
PORT=18280
MANAGEMENT_PORT=18290
BASE=target/startup-baseline

if [ "${SKIP_PACKAGE:-0}" != 1 ]; then
  ./mvnw -B -q package -DskipTests
  # the baseline: this pom (same BOMs, extensions, plugins), none of the bundle's code or configuration
  rm -rf "$BASE" && mkdir -p "$BASE/src/main/resources/db/migration" "$BASE/routes"
  sed -e 's|<artifactId>tencent-camel-bundle</artifactId>|<artifactId>startup-baseline</artifactId>|' pom.xml > "$BASE/pom.xml"
  cat > "$BASE/src/main/resources/application.properties" <<'EOF'
quarkus.devservices.enabled=false
quarkus.management.enabled=true
quarkus.datasource.db-kind=h2
quarkus.datasource.jdbc.url=jdbc:h2:file:${bundle.data-dir}/baseline;DB_CLOSE_ON_EXIT=FALSE
quarkus.flyway.migrate-at-start=true
camel.main.routes-include-pattern=file:routes/*.camel.yaml
EOF
  echo "create table baseline (id int primary key);" > "$BASE/src/main/resources/db/migration/V1__baseline.sql"
  cat > "$BASE/routes/tick.camel.yaml" <<'EOF'
- route:
    id: tick
    from:
      uri: timer:tick?period=1000
      steps:
        - log: tick
EOF
  (cd "$BASE" && ../../mvnw -B -q -f pom.xml package -DskipTests -Dmaven.test.skip=true -Dformatter.skip -Dimpsort.skip)
fi

# one_start <dir> <jar> <env...>: prints "<ms to live> <RSS MB at 10 s>". One Python process launches the jar and
# polls /q/health/live (no curl per poll: a process spawned every 10 ms takes CPU from the start measured).
one_start() {
  local dir=$1 jar=$2; shift 2
  local data; data=$(mktemp -d -p "$PWD/target" startup-data.XXXX)
  (cd "$dir" && env "$@" QUARKUS_HTTP_PORT=$PORT QUARKUS_MANAGEMENT_PORT=$MANAGEMENT_PORT python3 - "$data" "$jar" "$MANAGEMENT_PORT" <<'EOF'
import subprocess, sys, time, urllib.request
data, jar, port = sys.argv[1:4]
t0 = time.monotonic()
app = subprocess.Popen(["java", "-Dbundle.data-dir=" + data, "-jar", jar],
                       stdout=open(data + "/app.log", "w"), stderr=subprocess.STDOUT)
while True:
    if app.poll() is not None:
        sys.exit("exited: see " + data + "/app.log")
    try:
        if urllib.request.urlopen("http://127.0.0.1:%s/q/health/live" % port, timeout=1).status == 200:
            break
    except OSError:
        pass
    time.sleep(0.01)
live = time.monotonic() - t0
time.sleep(max(0, 10 - (time.monotonic() - t0)))
rss = next(int(l.split()[1]) // 1024 for l in open("/proc/%d/status" % app.pid) if l.startswith("VmRSS"))
app.terminate(); app.wait()
print(round(live * 1000), rss)
EOF
  )
  rm -rf "$data"
}

BUNDLE_ENV=(BUNDLE_VENDORS=${VENDORS:-om,openapi,tze} OM_CLIENT_ID=bench OM_CLIENT_SECRET=bench-secret TOKENS_API_KEYS=bench-key
  OPENAPI_APPID=1 OPENAPI_APPKEY=bench-appkey OM_AUTH_URL=http://127.0.0.1:9/om OM_API_URL=http://127.0.0.1:9/om)
echo "bundle vendors: ${VENDORS:-om,openapi,tze}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -n 1), load $(cut -d' ' -f1-3 /proc/loadavg)"
: > target/startup.bundle; : > target/startup.baseline; : > target/startup.appcds
: > target/startup.bundle-options; : > target/startup.baseline-options
ARCHIVE=$PWD/target/startup-appcds.jsa
if [ "${APPCDS:-0}" = 1 ]; then
  rm -f "$ARCHIVE"
  # the training start: the JVM writes the archive as it exits after the 10 s of one_start
  one_start . target/quarkus-app/quarkus-run.jar "${BUNDLE_ENV[@]}" \
    JDK_JAVA_OPTIONS="-XX:ArchiveClassesAtExit=$ARCHIVE" > /dev/null
  [ -s "$ARCHIVE" ] || { echo "no archive written" >&2; exit 1; }
fi
for i in $(seq 1 "$STARTS"); do
  b=$(one_start . target/quarkus-app/quarkus-run.jar "${BUNDLE_ENV[@]}")
  p=$(one_start "$BASE" target/quarkus-app/quarkus-run.jar PATH="$PATH")
  echo "start $i: bundle $b, baseline $p (ms to live, MB resident at 10 s)"
  echo "$b" >> target/startup.bundle; echo "$p" >> target/startup.baseline
  if [ -n "${OPTIONS:-}" ]; then
    bo=$(one_start . target/quarkus-app/quarkus-run.jar "${BUNDLE_ENV[@]}" JDK_JAVA_OPTIONS="$OPTIONS")
    po=$(one_start "$BASE" target/quarkus-app/quarkus-run.jar PATH="$PATH" JDK_JAVA_OPTIONS="$OPTIONS")
    echo "start $i with $OPTIONS: bundle $bo, baseline $po"
    echo "$bo" >> target/startup.bundle-options; echo "$po" >> target/startup.baseline-options
  fi
  if [ "${APPCDS:-0}" = 1 ]; then
    c=$(one_start . target/quarkus-app/quarkus-run.jar "${BUNDLE_ENV[@]}" \
      JDK_JAVA_OPTIONS="-Xshare:on -XX:SharedArchiveFile=$ARCHIVE")
    echo "start $i: bundle with AppCDS $c"
    echo "$c" >> target/startup.appcds
  fi
done
summary() { # file label
  python3 - "$1" "$2" <<'EOF'
import statistics, sys
rows = [tuple(map(int, l.split())) for l in open(sys.argv[1]) if l.strip()]
ms, rss = [r[0] for r in rows], [r[1] for r in rows]
print(f"{sys.argv[2]}: to live median {statistics.median(ms):.0f} ms ({min(ms)}-{max(ms)}), "
      f"RSS at 10 s median {statistics.median(rss):.0f} MB ({min(rss)}-{max(rss)})")
EOF
}
summary target/startup.bundle bundle
summary target/startup.baseline "baseline (one route)"
if [ -n "${OPTIONS:-}" ]; then
  summary target/startup.bundle-options "bundle with $OPTIONS"
  summary target/startup.baseline-options "baseline with $OPTIONS"
fi
if [ "${APPCDS:-0}" = 1 ]; then summary target/startup.appcds "bundle with AppCDS"; fi
