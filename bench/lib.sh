# Sourced by the bench scripts (run from the repository root).
# bench_classpath: compiles the test classes and prints the classpath of the bench helpers
# (src/test/java/io/camelbundle/bench: stand-ins, baselines, JMH benchmarks).
bench_classpath() {
  ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp \
    -Dmdep.includeScope=test >/dev/null
  echo "target/test-classes:target/classes:$(cat target/bench.cp)"
}
# bench_start_om_stand_in: packages the bundle (unless SKIP_PACKAGE=1), makes the data directory DATA and starts
# FakeVendorServer on AUTH_PORT as OM's token endpoint; on exit, the bundle (APP_PID), the stand-in and DATA go.
bench_start_om_stand_in() {
  [ "${SKIP_PACKAGE:-0}" = 1 ] || ./mvnw -B -q package -DskipTests
  CP=$(bench_classpath)
  DATA=$(mktemp -d)
  java -cp "$CP" io.camelbundle.bench.FakeVendorServer "$AUTH_PORT" 0 > "$DATA/stand-in.log" 2>&1 & AUTH_PID=$!
  APP_PID=
  trap 'kill $APP_PID $AUTH_PID 2>/dev/null; wait $APP_PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
}
