#!/usr/bin/env bash
# The system benchmark: the whole of CloudDiagnoze as deploy/local/stack.sh runs it, measured against its limits —
# end-to-end ingest of a 100,000-instance account against two baselines, 100 tenants scanning at once, queries at a
# year of data through the gateway (wrk), every process's peak memory, scale-out on paper and by simulation. Prints
# each figure as it comes and writes them to BENCHMARKS.md; exits non-zero if a correctness check failed. About 15
# minutes on 2 cores. Starts the stack when it is not up (and stops it afterwards); a stack that was up stays up.
#
# metrics-collector runs with one hour of metrics per resource instead of 24 meanwhile: the first scan of 100,000
# instances would otherwise have it write 26 million rows for the next nine minutes, under every later figure.
# Its own benchmark measures that load (README, Benchmarks).
#
# Settings: BENCH_INSTANCES (100000), BENCH_TENANTS (100), BENCH_SCALE_OUT_TENANTS (40), RUN_DIR, GATEWAY_PORT.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
export RUN_DIR=${RUN_DIR:-$repo/.run}
gateway="http://127.0.0.1:${GATEWAY_PORT:-8080}"
# shellcheck source=deploy/local/lib.sh
source "$repo/deploy/local/lib.sh"

need wrk wrk
need curl curl
stack="$repo/deploy/local/stack.sh"
started_here=false
if ! curl -fsS -o /dev/null --max-time 2 "$gateway/healthz"; then
  "$stack" up
  started_here=true
fi

finish() {
  if [[ $started_here == true ]]; then
    "$stack" down
  else
    "$stack" restart metrics-collector >/dev/null
  fi
}
trap finish EXIT
METRICS_WINDOW=PT1H "$stack" restart metrics-collector >/dev/null

cd "$repo"
REPO=$repo ./mvnw -q -pl system-tests compile exec:java -Dexec.mainClass=io.clouddiagnoze.system.SystemBenchmark
