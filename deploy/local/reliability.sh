#!/usr/bin/env bash
# Faults tried on purpose against a running system (deploy/local/stack.sh up). Each case gives a new tenant an
# account that aws-emulator generates, starts scans, does something bad while they run, and then checks that
# every scan run closed and that the rows stored are exactly what the account holds: none lost, none twice.
# Prints a line per case as it goes and a table at the end; exits non-zero if a case failed.
#
# Settings: RELIABILITY_SPEC (the generated account), RELIABILITY_CASES (the cases to run, by name).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
export RUN_DIR=${RUN_DIR:-$repo/.run}
gateway="http://127.0.0.1:${GATEWAY_PORT:-8080}"
emulator="http://127.0.0.1:${EMULATOR_PORT:-4566}"
# shellcheck source=deploy/local/lib.sh
source "$repo/deploy/local/lib.sh"

# Per region: 1,000 instances are four DescribeInstances pages, each slowed down below when a case needs the
# scan to last while it strikes.
spec=${RELIABILITY_SPEC:-instances=1000,buckets=6,vpcs=3,databases=4,regions=us-east-1+eu-west-1,seed=11}
all_cases=(baseline throttled assume_denied region_fails broker_down scanner_killed orchestrator_killed database_down
  redelivered logs_clean)
read -r -a cases <<<"${RELIABILITY_CASES:-${all_cases[*]}}"
# The baseline measures what the account holds: the other cases compare with it.
[[ ${cases[0]} == baseline ]] || cases=(baseline "${cases[@]}")
scan_seconds=300
services='"ec2","s3","vpc","rds"'
declare -A table=([ec2]=ec2_instances [s3]=s3_buckets [vpc]=vpc_instances [rds]=rds_instances)
declare -A natural_id=([ec2]=instance_id [s3]=bucket_name [vpc]=vpc_id [rds]=db_identifier)
declare -A expected=()
open=0
results=()
failed=0

# --- a tenant, its account, faults ---------------------------------------------------------------------

# new_tenant NAME : a tenant whose role's account aws-emulator generates from $spec; sets $token and $role.
new_tenant() {
  token=$(tenant "reliability-$1")
  role="arn:aws:iam::$(printf '6%011d' $(( $(date +%s%N) % 100000000000 ))):role/CloudDiagnozeScanner"
  local external_id
  external_id=$(call PUT /auth/me/aws-role "{\"roleArn\":\"$role\"}" 200 | jq -r .externalId)
  onboard "$role" "$external_id" "$spec"
}

# fault JSON : adds an aws-emulator fault for this tenant's role (the JSON's other members say which calls).
fault() {
  curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' \
    -d "$(jq -c --arg role "$role" '{roleArn: $role} + .' <<<"$1")" "$emulator/_emulator/faults"
}

clear_faults() {
  curl -fsS -o /dev/null -X DELETE "$emulator/_emulator/faults"
}

# slow_ec2 : every DescribeInstances page of this tenant takes a second, so that an EC2 scan lasts some 10 s.
slow_ec2() {
  fault '{"service":"ec2","operation":"DescribeInstances","type":"latency","latencyMs":1000}'
}

# --- what a scan left behind ---------------------------------------------------------------------------

# wait_closed RUNS : until none of the scan runs is in progress (the API may be down for a while meanwhile).
wait_closed() {
  local deadline=$((SECONDS + scan_seconds))
  while :; do
    [[ $(open_runs "$1") -eq 0 ]] && return 0
    [[ $SECONDS -lt $deadline ]] || return 1
    sleep 1
  done
}

# open_runs RUNS : how many of the scan runs are still in progress.
open_runs() {
  sql "SELECT COUNT(*) FROM scan_runs WHERE id IN (${1// /,}) AND status = 'in_progress'"
}

# stored RUN SERVICE : "STATUS TOTAL ROWS DISTINCT" of a scan run, from the database.
stored() {
  local run=$1 service=$2
  sql "SELECT r.status, r.total_resources, COUNT(t.id), COUNT(DISTINCT t.${natural_id[$service]}, t.region)
    FROM scan_runs r LEFT JOIN ${table[$service]} t ON t.scan_run_id = r.id WHERE r.id = $run GROUP BY r.id" | tr '\t' ' '
}

service_of() {
  sql "SELECT service_type FROM scan_runs WHERE id = $1"
}

# exact RUNS : every run succeeded with as many rows as the baseline found, none twice; sets $lost and $detail.
exact() {
  local run service status total rows distinct ok=0
  lost=0 detail=""
  for run in $1; do
    service=$(service_of "$run")
    read -r status total rows distinct <<<"$(stored "$run" "$service")"
    detail+="$service $status $rows; "
    local want=${expected[$service]:-$total}
    if [[ $status != success || $rows -ne $want || $total -ne $want || $distinct -ne $rows ]]; then
      ok=1
      lost=$((lost + (want > rows ? want - rows : 0) + rows - distinct))
    fi
  done
  return $ok
}

# struck NAME RUNS TRIED : after exact, records whether the case held; a fault that came after the scan had
# closed tried nothing, and fails.
struck() {
  local name=$1 tried=$3
  if [[ $open -eq 0 ]]; then
    record "$name" "$tried: the scan had closed before the fault" failed 0
  elif exact "$2"; then
    record "$name" "$tried, $open of $(wc -w <<<"$2") runs in progress: ${detail% }" held 0
  else
    record "$name" "$tried: $detail" failed "$lost"
  fi
}

# record NAME TRIED HELD LOST : one line of the table, printed at once too.
record() {
  results+=("$1|$2|$3|$4")
  printf '%-20s %-6s %s (lost or doubled: %s)\n' "$1" "$3" "$2" "$4"
  [[ $3 == held ]] || failed=1
}

# --- the cases -----------------------------------------------------------------------------------------

case_baseline() {
  new_tenant baseline
  local runs started=$SECONDS run service
  runs=$(scan "$services" | paste -sd' ')
  wait_closed "$runs" || { record baseline "a scan with no fault" failed "?"; return; }
  for run in $runs; do
    service=$(service_of "$run")
    expected[$service]=$(stored "$run" "$service" | cut -d' ' -f3)
  done
  baseline_seconds=$((SECONDS - started))
  if exact "$runs"; then
    record baseline "a scan with no fault, ${baseline_seconds} s: ${detail% }" held 0
  else
    record baseline "a scan with no fault: $detail" failed "$lost"
  fi
}

case_throttled() {
  new_tenant throttled
  fault '{"type":"throttle","rate":0.3,"seed":3}'
  local runs started=$SECONDS
  runs=$(scan "$services" | paste -sd' ')
  wait_closed "$runs" || true
  clear_faults
  if exact "$runs"; then
    record throttled "30% of AWS calls throttled: every scan succeeded in $((SECONDS - started)) s (${baseline_seconds:-?} s without)" held 0
  else
    record throttled "30% of AWS calls throttled: $detail" failed "$lost"
  fi
}

case_assume_denied() {
  new_tenant assume-denied
  fault '{"service":"sts","operation":"AssumeRole","type":"accessDenied"}'
  local runs errors
  runs=$(scan "$services" | paste -sd' ')
  wait_closed "$runs" || true
  clear_faults
  errors=$(for run in $runs; do call GET "/api/scans/$run" '' 200; done | jq -s '[.[] | select(.status == "error" and (.error | test("AccessDenied")))] | length')
  local rows
  rows=$(sql "SELECT (SELECT COUNT(*) FROM ec2_instances WHERE scan_run_id IN (${runs// /,}))
    + (SELECT COUNT(*) FROM s3_buckets WHERE scan_run_id IN (${runs// /,}))")
  if [[ $errors -eq 4 && $rows -eq 0 ]]; then
    record assume_denied "AssumeRole denied: all 4 scan runs closed as error, the API says AccessDenied" held 0
  else
    record assume_denied "AssumeRole denied: $errors of 4 runs in error naming AccessDenied, $rows rows" failed 0
  fi
}

case_region_fails() {
  new_tenant region-fails
  fault '{"service":"ec2","region":"eu-west-1","type":"internalError"}'
  local run view outcome rows want
  run=$(scan '"ec2"')
  wait_closed "$run" || true
  clear_faults
  view=$(call GET "/api/scans/$run" '' 200)
  outcome=$(jq -r '[.regionOutcomes[] | select(.region == "eu-west-1" or .region == "us-east-1") | "\(.region)=\(.outcome)"] | sort | join(",")' <<<"$view")
  rows=$(sql "SELECT COUNT(*) FROM ec2_instances WHERE scan_run_id = $run AND region = 'us-east-1'")
  want=$(( ${expected[ec2]:-0} / 2 ))
  if [[ $outcome == "eu-west-1=error,us-east-1=ok" && $rows -eq $want && $(jq -r .status <<<"$view") != in_progress ]]; then
    record region_fails "eu-west-1 failing: the run closed $(jq -r .status <<<"$view"), eu-west-1 in error, us-east-1's $rows instances stored" held 0
  else
    record region_fails "eu-west-1 failing: $(jq -r .status <<<"$view"), $outcome, $rows of $want us-east-1 rows" failed $((want - rows))
  fi
}

case_broker_down() {
  new_tenant broker-down
  slow_ec2
  local runs
  runs=$(scan "$services" | paste -sd' ')
  sleep 3
  open=$(open_runs "$runs")
  "$repo/deploy/local/kafka.sh" stop >/dev/null
  sleep 20
  "$repo/deploy/local/kafka.sh" start >/dev/null
  wait_closed "$runs" || true
  clear_faults
  struck broker_down "$runs" "the Kafka broker stopped for 20 s in the middle of a scan"
}

case_scanner_killed() {
  new_tenant scanner-killed
  slow_ec2
  local run
  run=$(scan '"ec2"')
  sleep 3
  open=$(open_runs "$run")
  kill -9 "$(cat "$RUN_DIR/pids/ec2-scanner.pid")"
  "$repo/deploy/local/stack.sh" restart ec2-scanner >/dev/null
  wait_closed "$run" || true
  clear_faults
  struck scanner_killed "$run" "ec2-scanner killed in the middle of a scan, then started again"
}

case_orchestrator_killed() {
  new_tenant orchestrator-killed
  slow_ec2
  local runs
  runs=$(scan "$services" | paste -sd' ')
  sleep 5
  open=$(open_runs "$runs")
  kill -9 "$(cat "$RUN_DIR/pids/scan-orchestrator.pid")"
  "$repo/deploy/local/stack.sh" restart scan-orchestrator >/dev/null
  wait_closed "$runs" || true
  clear_faults
  struck orchestrator_killed "$runs" "scan-orchestrator killed while ingesting, then started again"
}

# MariaDB out of reach of scan-orchestrator for 10 s while it ingests: the orchestrator is restarted to reach
# the database through a TCP proxy of this script's, which is stopped (its open connections cut) and started.
proxy_port=13306
start_proxy() {
  setsid socat "TCP-LISTEN:$proxy_port,bind=127.0.0.1,fork,reuseaddr" TCP:127.0.0.1:3306 &
  proxy=$!
}

stop_proxy() {
  kill -- "-$proxy" 2>/dev/null || true
  wait "$proxy" 2>/dev/null || true
}

case_database_down() {
  need socat socat
  start_proxy
  SERVICE_DB_PORT=$proxy_port "$repo/deploy/local/stack.sh" restart scan-orchestrator >/dev/null
  new_tenant database-down
  slow_ec2
  local runs
  runs=$(scan "$services" | paste -sd' ')
  sleep 4
  open=$(open_runs "$runs")
  stop_proxy
  sleep 10
  start_proxy
  wait_closed "$runs" || true
  clear_faults
  struck database_down "$runs" "MariaDB out of scan-orchestrator's reach for 10 s while it ingested"
  "$repo/deploy/local/stack.sh" restart scan-orchestrator >/dev/null
  stop_proxy
}

# replay TOPIC RUNS : sends every record of TOPIC so far that belongs to one of the scan runs once more, as a
# producer's retry or a replayed topic would; prints how many.
replay() {
  local topic=$1 runs=$2 copies message key count=0
  copies=$(mktemp)
  # Read to the end first: the copies are appended to the same topic.
  kcat -C -b 127.0.0.1:9092 -t "$topic" -o beginning -e -q -J | jq -c --arg runs " $runs " \
    '(.payload | fromjson? | .scanRunId) as $id | select($id != null and ($runs | contains(" \($id) ")))' >"$copies"
  while IFS= read -r message; do
    local headers=()
    while IFS= read -r header; do
      headers+=(-H "$header")
    done < <(jq -r '.headers // [] | . as $h | range(0; length; 2) | "\($h[.])=\($h[. + 1])"' <<<"$message")
    key=$(jq -r '.key // ""' <<<"$message")
    jq -j .payload <<<"$message" | kcat -P -b 127.0.0.1:9092 -t "$topic" -k "$key" "${headers[@]}"
    count=$((count + 1))
  done <"$copies"
  rm -f "$copies"
  echo "$count"
}

case_redelivered() {
  need kcat kafkacat
  new_tenant redelivered
  slow_ec2
  local runs during after
  runs=$(scan "$services" | paste -sd' ')
  sleep 4
  open=$(open_runs "$runs")
  during=$(replay resources-discovered "$runs")
  wait_closed "$runs" || true
  clear_faults
  after=$(( $(replay resources-discovered "$runs") + $(replay scan-results "$runs") ))
  sleep 10
  struck redelivered "$runs" "every event delivered twice: $during batches while the scan ran, all $after events after it closed"
}

# No log line of any process, over everything the cases did, holds a password, a secret, a token or an AWS key.
case_logs_clean() {
  local secrets=(platform-demo-secret) key value lines leaked
  while IFS='=' read -r key value; do
    [[ $key == *PASSWORD || $key == *SECRET ]] && secrets+=("$value")
  done <"$RUN_DIR/secrets.env"
  lines=$(cat "$RUN_DIR"/logs/*.log | wc -l)
  leaked=$(cat "$RUN_DIR"/logs/*.log | grep -c -F "${secrets[@]/#/-e}" || true)
  leaked=$((leaked + $(cat "$RUN_DIR"/logs/*.log | grep -c -E 'eyJ[A-Za-z0-9_-]{8,}\.eyJ' || true)))
  if [[ $leaked -eq 0 ]]; then
    record logs_clean "$lines log lines searched for ${#secrets[@]} secrets and for tokens: none found" held 0
  else
    record logs_clean "$leaked of $lines log lines hold a secret or a token" failed 0
  fi
}

# --- the run -------------------------------------------------------------------------------------------

need jq jq
need curl curl
answers_health() { curl -fsS -o /dev/null --max-time 2 "$gateway/healthz"; }
answers_health || die "no system answers on $gateway: start it with deploy/local/stack.sh up"
clear_faults
for name in "${cases[@]}"; do
  [[ " ${all_cases[*]} " == *" $name "* ]] || die "no case $name; the cases: ${all_cases[*]}"
  "case_$name"
done

say ""
say "| case | tried | held | lost or doubled rows |"
say "|---|---|---|---|"
for line in "${results[@]}"; do
  IFS='|' read -r name tried held lost <<<"$line"
  say "| $name | $tried | $held | $lost |"
done
[[ $failed -eq 0 ]] || die "a case failed"
say "reliability: every case held"
