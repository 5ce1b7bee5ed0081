#!/usr/bin/env bash
# Builds the exporter and the benchmark from the tree and runs the benchmark (see bench/README.md).
# Arguments are passed on, e.g. `bash bench/run.sh --only ingest --repeats 5`.
# What the benchmark needs beyond .ci/install (wrk, the Pushgateway, nginx-light, Prometheus 3.5)
# is installed by .ci/install-bench when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
tools="${MPE_TOOLS:-/opt/marketplace-exporter/tools}"
missing=()
for tool in prometheus-pushgateway wrk; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
[ -x "$tools/prometheus/prometheus" ] || missing+=("$tools/prometheus/prometheus")
if [ "${#missing[@]}" -gt 0 ]; then
  echo "missing: ${missing[*]}; running bash .ci/install-bench" >&2
  bash .ci/install-bench || {
    echo "could not install them: run bash .ci/install-bench as root (or with sudo)" >&2
    exit 1
  }
fi
for tool in mvn java; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "$tool is missing: run bash .ci/install" >&2
    exit 1
  }
done
mvn -B -q -Pbench -DskipTests package
exec java -jar bench/target/marketplace-bench.jar "$@"
