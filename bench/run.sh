#!/usr/bin/env bash
# Builds the exporter and the benchmark from the tree and runs the benchmark (see bench/README.md).
# Arguments are passed on, e.g. `bash bench/run.sh --only ingest --repeats 5`.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in prometheus-pushgateway wrk; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "$tool is missing: run bash .ci/install (Debian packages prometheus-pushgateway, wrk)" >&2
    exit 1
  }
done
mvn -B -q -Pbench -DskipTests package
exec java -jar bench/target/marketplace-bench.jar "$@"
