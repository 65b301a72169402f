#!/usr/bin/env bash
# The system benchmark: the whole of CloudDiagnoze as deploy/local/stack.sh runs it, measured against its limits —
# end-to-end ingest of a 100,000-instance account against two baselines, 100 tenants scanning at once, queries at a
# year of data through the gateway (wrk), every process's peak memory, scale-out on paper and by simulation, alerts for
# some 10,000 findings opened at once delivered to a webhook on this host. Prints each figure as it comes and writes
# them to BENCHMARKS.md; exits non-zero if a correctness check failed. About 20 minutes on 2 cores, plus three to start
# the stack.
#
# It runs a stack of its own, on a database of its own (clouddiagnoze_benchmark, dropped at the end with the
# year of data it fills in) and a run directory of its own (.run-benchmark), so that every run measures the same
# volume and leaves nothing behind; a stack that is up on the same ports must be stopped first.
#
# metrics-collector runs with one hour of metrics per resource instead of 24 meanwhile: the first scan of 100,000
# instances would otherwise have it write 26 million rows for the next nine minutes, under every later figure.
# Its own benchmark measures that load (README, Benchmarks).
#
# Settings: BENCH_INSTANCES (100000), BENCH_TENANTS (100), BENCH_SCALE_OUT_TENANTS (40), BENCH_ALERT_INSTANCES (15500),
# GATEWAY_PORT.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
export RUN_DIR=$repo/.run-benchmark DB_NAME=clouddiagnoze_benchmark
gateway="http://127.0.0.1:${GATEWAY_PORT:-8080}"
# shellcheck source=deploy/local/lib.sh
source "$repo/deploy/local/lib.sh"

need wrk wrk
need curl curl
if curl -fsS -o /dev/null --max-time 2 "$gateway/healthz"; then
  echo "benchmark.sh: a stack is up on $gateway; the benchmark starts its own: stop that one first (deploy/local/stack.sh down)" >&2
  exit 1
fi
stack="$repo/deploy/local/stack.sh"
finish() {
  "$stack" down
  "$repo/deploy/local/mariadb.sh" drop
  rm -rf "$RUN_DIR"
}
trap finish EXIT
METRICS_WINDOW=PT1H "$stack" up

cd "$repo"
REPO=$repo ./mvnw -q -pl system-tests compile exec:java -Dexec.mainClass=io.clouddiagnoze.system.SystemBenchmark
