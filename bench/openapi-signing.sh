#!/usr/bin/env bash
# Benchmark (JMH): OpenAPI V3 sig for a typical get_info parameter set beside bare HMAC-SHA1 + Base64 of the
# same source string, in the same run. Target (issue 4): sign <= 1.5x bareHmacBase64.
# Usage: bench/openapi-signing.sh [extra JMH options, e.g. -wi 5 -i 10]. Source: src/test/java/io/camelbundle/bench.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
CP=$(bench_classpath)
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -n 1), load $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$CP" org.openjdk.jmh.Main \
  'io.camelbundle.bench.OpenApiSignerBench' "$@"
