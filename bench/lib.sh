# Sourced by the bench scripts (run from the repository root).
# bench_classpath: compiles the test classes and prints the classpath of the bench helpers
# (src/test/java/io/camelbundle/bench: stand-ins, baselines, JMH benchmarks).
bench_classpath() {
  ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp \
    -Dmdep.includeScope=test >/dev/null
  echo "target/test-classes:target/classes:$(cat target/bench.cp)"
}
