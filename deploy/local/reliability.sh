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
all_cases=(baseline throttled assume_denied region_fails long_values refused_batch broker_down scanner_killed scanner_lost
  scanner_taken_over orchestrator_killed database_down redelivered poison_records replayed_request export_flood
  forged_tokens other_tenant brute_force bad_input load logs_clean)
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

# new_tenant NAME [SPEC] : a tenant whose role's account aws-emulator generates from SPEC ($spec by default; "demo" copies
# the demo account); sets $token, $role and $external_id.
new_tenant() {
  token=$(tenant "reliability-$1")
  role="arn:aws:iam::$(printf '6%011d' $(( $(date +%s%N) % 100000000000 ))):role/CloudDiagnozeScanner"
  external_id=$(call PUT /auth/me/aws-role "{\"roleArn\":\"$role\"}" 200 | jq -r .externalId)
  local generated=${2:-$spec}
  onboard "$role" "$external_id" "${generated#demo}"
}

# tenant_id : the id of the tenant whose token is $token.
tenant_id() {
  call GET /auth/me '' 200 | jq -r .id
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

# verdict NAME RUNS TRIED : records whether the runs ended exact.
verdict() {
  if exact "$2"; then
    record "$1" "$3: ${detail% }" held 0
  else
    record "$1" "$3: $detail" failed "$lost"
  fi
}

# struck NAME RUNS TRIED : the verdict of a case whose fault struck while $open runs were in progress; a fault
# that came after the scan had closed tried nothing, and fails.
struck() {
  if [[ $open -eq 0 ]]; then
    record "$1" "$3: the scan had closed before the fault" failed 0
  else
    verdict "$1" "$2" "$3, $open of $(wc -w <<<"$2") runs in progress"
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
  verdict baseline "$runs" "a scan with no fault, ${baseline_seconds} s"
}

case_throttled() {
  new_tenant throttled
  fault '{"type":"throttle","rate":0.3,"seed":3}'
  local runs started=$SECONDS
  runs=$(scan "$services" | paste -sd' ')
  wait_closed "$runs" || true
  clear_faults
  verdict throttled "$runs" "30% of AWS calls throttled: the scans took $((SECONDS - started)) s (${baseline_seconds:-?} s without)"
}

case_assume_denied() {
  new_tenant assume-denied
  fault '{"service":"sts","operation":"AssumeRole","type":"accessDenied"}'
  local runs errors
  runs=$(scan "$services" | paste -sd' ')
  wait_closed "$runs" || true
  clear_faults
  errors=$(for run in $runs; do call GET "/api/scans/$run" '' 200; done | jq -s '[.[] | select(.status == "error" and (.error | test("AccessDenied")))] | length')
  local rows=0 name
  for name in "${table[@]}"; do
    rows=$((rows + $(sql "SELECT COUNT(*) FROM $name WHERE scan_run_id IN (${runs// /,})")))
  done
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

# Real AWS values longer than the seed's columns (the demo account's Oracle database: engine version of 34 characters,
# status of 35), and a scan denied in every one of the 17 regions (its joined error over 4,000 characters): both used to
# halt ingestion for every tenant. Both must be stored, the error summed up within its column.
case_long_values() {
  new_tenant long-values demo
  local rds ec2 stored view
  rds=$(scan '"rds"')
  wait_closed "$rds" || true
  stored=$(sql "SELECT CONCAT(engine_version, ' ', status) FROM rds_instances WHERE scan_run_id = $rds AND db_identifier = 'legacy-db'")
  fault '{"service":"ec2","operation":"DescribeInstances","type":"accessDenied"}'
  ec2=$(scan '"ec2"')
  wait_closed "$ec2" || true
  clear_faults
  view=$(call GET "/api/scans/$ec2" '' 200)
  local regions length
  regions=$(jq '[.regionOutcomes[] | select(.outcome == "error")] | length' <<<"$view")
  length=$(jq '.error | length' <<<"$view")
  if [[ $(sql "SELECT status FROM scan_runs WHERE id = $rds") == success \
      && $stored == "19.0.0.0.ru-2024-04.rur-2024-04.r1 inaccessible-encryption-credentials" \
      && $(jq -r .status <<<"$view") == error && $regions -eq 17 && $length -le 4000 && $(jq -r .error <<<"$view") == *"more regions failed"* ]]; then
    record long_values "an Oracle engine version of 34 characters and a status of 35 stored whole; EC2 denied in all 17 regions: the run closed as error with its summary ($length characters, every region's reason in its outcomes)" held 0
  else
    record long_values "RDS run $(sql "SELECT status FROM scan_runs WHERE id = $rds"), legacy-db stored as '$stored'; EC2 run $(jq -r .status <<<"$view") with $regions regions in error, an error of $length characters" failed 0
  fi
}

# A batch the database refuses (a check constraint added for the case refuses this tenant's RDS rows): its run must
# close as error with the reason, and the next tenant's scan, started after it, succeed with exact counts.
case_refused_batch() {
  new_tenant refused-batch
  local refused tenant view next ready
  tenant=$(tenant_id)
  sql "ALTER TABLE rds_instances ADD CONSTRAINT reliability_refuse CHECK (client_id <> $tenant)"
  refused=$(scan '"rds"')
  wait_closed "$refused" || true
  view=$(call GET "/api/scans/$refused" '' 200)
  new_tenant after-refused-batch
  next=$(scan '"rds"')
  wait_closed "$next" || true
  sql "ALTER TABLE rds_instances DROP CONSTRAINT IF EXISTS reliability_refuse"
  ready=$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8082/q/health/ready)
  if [[ $(jq -r .status <<<"$view") == error && $(jq -r .error <<<"$view") == *"refused by the database: CONSTRAINT \`reliability_refuse\` failed"* \
      && $ready == 200 ]] && exact "$next"; then
    record refused_batch "a batch refused by the database: its run closed as error (\"$(jq -r .error <<<"$view" | cut -c1-90)…\"), the next tenant's scan exact ($detail), scan-orchestrator ready" held 0
  else
    record refused_batch "refused run: $(jq -r '"\(.status): \(.error)"' <<<"$view"); next tenant: $(stored "$next" rds); readiness $ready" failed "${lost:-?}"
  fi
}

# strike NAME SERVICES DELAY TRIED ACTION... : a new tenant's scan of SERVICES, with EC2 slowed down; ACTION runs
# DELAY seconds into it; then every run must close with exact counts.
strike() {
  local name=$1 scanned=$2 delay=$3 tried=$4 runs
  shift 4
  new_tenant "$name"
  slow_ec2
  runs=$(scan "$scanned" | paste -sd' ')
  sleep "$delay"
  open=$(open_runs "$runs")
  "$@"
  wait_closed "$runs" || true
  clear_faults
  struck "$name" "$runs" "$tried"
}

stop_broker_for() {
  "$repo/deploy/local/kafka.sh" stop >/dev/null
  sleep "$1"
  "$repo/deploy/local/kafka.sh" start >/dev/null
}

kill_and_restart() {
  kill -9 "$(cat "$RUN_DIR/pids/$1.pid")"
  "$repo/deploy/local/stack.sh" restart "$1" >/dev/null
}

case_broker_down() {
  strike broker_down "$services" 3 "the Kafka broker stopped for 20 s in the middle of a scan" stop_broker_for 20
}

case_scanner_killed() {
  strike scanner_killed '"ec2"' 3 "ec2-scanner killed in the middle of a scan, then started again" kill_and_restart ec2-scanner
}

# A scanner killed for good in the middle of its scan: with no instance left to take the request over, its run must
# close as an error at scan-orchestrator's timeout (lowered to 40 s here, checked every 30 s), never stay open.
case_scanner_lost() {
  local timeout=40 run view started
  SCAN_TIMEOUT=PT${timeout}S "$repo/deploy/local/stack.sh" restart scan-orchestrator >/dev/null
  new_tenant scanner-lost
  slow_ec2
  run=$(scan '"ec2"')
  sleep 3
  open=$(open_runs "$run")
  kill -9 "$(cat "$RUN_DIR/pids/ec2-scanner.pid")"
  started=$SECONDS
  wait_closed "$run" || true
  local waited=$((SECONDS - started))
  clear_faults
  "$repo/deploy/local/stack.sh" restart ec2-scanner >/dev/null
  "$repo/deploy/local/stack.sh" restart scan-orchestrator >/dev/null
  view=$(call GET "/api/scans/$run" '' 200)
  if [[ $open -eq 1 && $(jq -r .status <<<"$view") == error && $(jq -r .error <<<"$view") == *"timed out"* ]]; then
    record scanner_lost "ec2-scanner killed mid-scan and not restarted: the run closed as error after $waited s (timeout ${timeout} s): \"$(jq -r .error <<<"$view")\"" held 0
  else
    record scanner_lost "ec2-scanner killed mid-scan and not restarted ($open run open when it died): after $waited s the run is $(jq -r .status <<<"$view"): $(jq -r .error <<<"$view")" failed 0
  fi
}

# Two ec2-scanners in one consumer group; the one that took the scan is killed in the middle of it: the other must
# take the request over once the group notices (the consumer session timeout), and the run end exact.
case_scanner_taken_over() {
  local second=ec2-scanner-8095 runs victim
  "$repo/deploy/local/stack.sh" another ec2-scanner 8095 >/dev/null
  new_tenant scanner-taken-over
  slow_ec2
  runs=$(scan '"ec2"')
  sleep 3
  open=$(open_runs "$runs")
  victim=ec2-scanner
  grep -q "\"scanRunId\":\"$runs\"" "$RUN_DIR/logs/$second.log" && victim=$second
  kill -9 "$(cat "$RUN_DIR/pids/$victim.pid")"
  local started=$SECONDS
  wait_closed "$runs" || true
  local waited=$((SECONDS - started))
  clear_faults
  "$repo/deploy/local/stack.sh" stop "$second" >/dev/null
  [[ $victim == ec2-scanner ]] && "$repo/deploy/local/stack.sh" restart ec2-scanner >/dev/null
  struck scanner_taken_over "$runs" "$victim killed mid-scan beside a second instance, which finished the scan $waited s later"
}

case_orchestrator_killed() {
  strike orchestrator_killed "$services" 5 "scan-orchestrator killed while ingesting, then started again" \
    kill_and_restart scan-orchestrator
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

cut_database_for() {
  stop_proxy
  sleep "$1"
  start_proxy
}

case_database_down() {
  need socat socat
  start_proxy
  SERVICE_DB_PORT=$proxy_port "$repo/deploy/local/stack.sh" restart scan-orchestrator >/dev/null
  strike database_down "$services" 4 "MariaDB out of scan-orchestrator's reach for 10 s while it ingested" cut_database_for 10
  "$repo/deploy/local/stack.sh" restart scan-orchestrator >/dev/null
  stop_proxy
}

# The suite reads and writes the topics as the broker's administrator, with the event bus's tool (kafka.sh read|write):
# records are JSON lines with key, headers (name to value) and payload.

# records TOPIC RUNS : every record of TOPIC so far of one of the scan runs.
records() {
  "$repo/deploy/local/kafka.sh" read "$1" | jq -c --arg runs " $2 " \
    '(.payload | fromjson? | .scanRunId) as $id | select($id != null and ($runs | contains(" \($id) ")))'
}

# send TOPIC < RECORDS : produces each record given as a JSON line.
send() {
  "$repo/deploy/local/kafka.sh" write "$1" 2>/dev/null
}

# replay TOPIC RUNS : sends every record of TOPIC so far that belongs to one of the scan runs once more, as a
# producer's retry or a replayed topic would; prints how many.
replay() {
  local copies count
  copies=$(mktemp)
  # Read to the end first: the copies are appended to the same topic.
  records "$1" "$2" >"$copies"
  count=$(wc -l <"$copies")
  send "$1" <"$copies"
  rm -f "$copies"
  echo "$count"
}

case_redelivered() {
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

# Records no one should act on, each sent to resources-discovered: it must reach dead-letter with its reason,
# and write nothing. A dead letter keeps the refused payload, so each poison record is built on a payload of
# its own (several batches of one real scan, or marked text).
case_poison_records() {
  new_tenant poison-owner
  local own_run other_run marker rows_before rows_after keys kind missing=""
  own_run=$(scan '"ec2"')
  token=""
  new_tenant poison-other
  other_run=$(scan '"ec2"')
  wait_closed "$own_run $other_run" || true
  local own=() other
  mapfile -t own < <(records resources-discovered "$own_run")
  other=$(records resources-discovered "$other_run" | sed -n 1p)
  [[ ${#own[@]} -ge 4 ]] || { record poison_records "the owner's scan sent ${#own[@]} batches, fewer than the 4 needed" failed 0; return; }
  rows_before=$(sql "SELECT COUNT(*) FROM ec2_instances")
  keys=$(mktemp -d)
  stranger_key "$keys/stranger.pem"
  local scan_token header claims_json
  scan_token=$(jq -r '.headers.cd_tenant_token' <<<"${own[0]}")
  header=$(jwt_part "$scan_token" 1)
  claims_json=$(jwt_part "$scan_token" 2)
  marker="poison-$(date +%s%N)"
  declare -A poison=(
    [not_json]=$(jq -c --arg text "$marker: this is {not JSON" '.payload = $text' <<<"${own[0]}")
    [wrong_schema]=$(jq -c --arg marker "$marker" '.payload = ({unexpected: $marker} | tojson)' <<<"${own[0]}")
    [unknown_version]=$(with_header "${own[1]}" ce_type io.clouddiagnoze.resources.discovered.v99)
    [forged_token]=$(with_header "${own[2]}" cd_tenant_token "$(jwt "$header" "$claims_json" rs256 "$keys/stranger.pem")")
    [expired_token]=$(with_header "${own[3]}" cd_tenant_token \
      "$(jwt "$header" "$(expired "$claims_json")" rs256 "$RUN_DIR/keys/scan-token.pem")")
    [other_tenants_run]=$(jq -c --argjson run "$own_run" '.payload |= (fromjson | .scanRunId = $run | tojson)' <<<"$other")
  )
  printf '%s\n' "${poison[@]}" | send resources-discovered
  # scan-orchestrator must refuse each; metrics-collector, which may still be reading CloudWatch for the scans
  # before, refuses them when it gets there, and is counted as far as it got.
  local letters deadline=$((SECONDS + 60)) collector
  while :; do
    letters=$(dead_letters)
    missing="" collector=0
    for kind in "${!poison[@]}"; do
      jq -j .payload <<<"${poison[$kind]}" >"$keys/payload"
      [[ $(refusals scan-orchestrator "$keys/payload" <<<"$letters") -ge 1 ]] || missing+=" $kind"
      collector=$((collector + $(refusals metrics-collector "$keys/payload" <<<"$letters")))
    done
    [[ -z $missing || $SECONDS -ge $deadline ]] && break
    sleep 5
  done
  rm -rf "$keys"
  rows_after=$(sql "SELECT COUNT(*) FROM ec2_instances")
  if [[ -z $missing && $rows_before -eq $rows_after ]]; then
    record poison_records "${#poison[@]} poison records (not JSON, wrong schema, unknown version, forged and expired tokens, another tenant's run): each dead-lettered with its reason by scan-orchestrator ($collector by metrics-collector so far), no row written" held 0
  else
    record poison_records "poison records not dead-lettered by scan-orchestrator:${missing:- none}; rows $rows_before → $rows_after" failed $((rows_after - rows_before))
  fi
}

# The attack the scan tokens' role binding stops: tenant A's own scan request, read off scan-requests.ec2, written back
# (as a writer the ACLs would have to let in: the suite writes as admin) with tenant B's role ARN and ExternalId under
# A's token; then with the scan's events token, which batches carry, in place of the request token. Neither is scanned:
# each is dead-lettered with its reason, B's role is never assumed (a fault rule on B's AssumeRole counts no hit), and
# A's own scan ends exact.
case_replayed_request() {
  new_tenant replay-victim
  local victim_role=$role victim_external_id=$external_id
  new_tenant replay-attacker
  curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' \
    -d "{\"roleArn\":\"$victim_role\",\"service\":\"sts\",\"operation\":\"AssumeRole\",\"type\":\"latency\",\"latencyMs\":1}" \
    "$emulator/_emulator/faults"
  slow_ec2
  local run request forged events_as_request refusals assumed
  run=$(scan '"ec2"')
  for _ in $(seq 1 20); do
    request=$(records scan-requests.ec2 "$run" | head -n 1)
    [[ -n $request ]] && break
    sleep 1
  done
  forged=$(jq -c --arg role "$victim_role" --arg id "$victim_external_id" \
    '.payload |= (fromjson | .roleArn = $role | .externalId = $id | tojson)' <<<"$request")
  events_as_request=$(jq -c '.headers.cd_request_token = .headers.cd_tenant_token' <<<"$request")
  open=$(open_runs "$run")
  printf '%s\n%s\n' "$forged" "$events_as_request" | send scan-requests.ec2
  local deadline=$((SECONDS + 60))
  while :; do
    refusals=$(dead_letters | jq -s --argjson run "$run" '[.[] | select(.originalTopic == "scan-requests.ec2"
      and (.payload | fromjson? | .scanRunId) == $run)] | map(.reason)')
    [[ $(jq length <<<"$refusals") -ge 2 || $SECONDS -ge $deadline ]] && break
    sleep 3
  done
  wait_closed "$run" || true
  assumed=$(curl -fsS "$emulator/_emulator/faults" | jq --arg role "$victim_role" '[.[] | select(.rule.roleArn == $role) | .matched] | add // 0')
  clear_faults
  if [[ $(jq '[.[] | select(test("role ARN or ExternalId other than"))] | length' <<<"$refusals") -eq 1 \
      && $(jq '[.[] | select(test("scan request token refused"))] | length' <<<"$refusals") -eq 1 && $assumed -eq 0 ]] \
      && exact "$run"; then
    record replayed_request "A's request replayed with B's role and ExternalId, and with its events token as request token: both dead-lettered unscanned, B's role never assumed; A's scan exact (${detail% })" held 0
  else
    record replayed_request "refusals: $refusals; AssumeRole of B's role: $assumed; A's scan: ${detail:-not exact}" failed 0
  fi
}

# inventory_times N : N inventory reads of the tenant whose token is $token, one after the other; prints each one's
# status and seconds, a line each.
inventory_times() {
  for _ in $(seq 1 "$1"); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $token" "$gateway/api/inventory/ec2"
  done
}

# One tenant asks for 25 exports of a 2,000-instance scan at once, through the gateway. Past its share (4 at a time)
# they are refused with 429 and Retry-After; meanwhile another tenant's inventory answers as it does without them, and
# a third tenant's scan, started during the flood, ends exact.
case_export_flood() {
  new_tenant flooder
  local flooder=$token run answers
  run=$(scan '"ec2"')
  wait_closed "$run" || true
  new_tenant reader
  local reader=$token before during
  scan '"ec2"' >/dev/null
  before=$(inventory_times 20)
  answers=$(mktemp -d)
  for i in $(seq 1 25); do
    curl -s -o /dev/null -D "$answers/$i" -H "Authorization: Bearer $flooder" "$gateway/api/scans/$run/export?format=csv" &
  done
  new_tenant during-flood
  local scanned
  scanned=$(scan "$services" | paste -sd' ')
  token=$reader
  during=$(inventory_times 20)
  wait
  wait_closed "$scanned" || true
  local ok refused retry
  ok=$(grep -l '^HTTP/1.1 200' "$answers"/* | wc -l)
  refused=$(grep -l '^HTTP/1.1 429' "$answers"/* | wc -l)
  retry=$(grep -li '^Retry-After: 5' "$answers"/* | wc -l)
  rm -rf "$answers"
  local p50_before max_before p50_during max_during errors
  p50_before=$(cut -d' ' -f2 <<<"$before" | sort -n | sed -n 10p)
  max_before=$(cut -d' ' -f2 <<<"$before" | sort -n | tail -1)
  p50_during=$(cut -d' ' -f2 <<<"$during" | sort -n | sed -n 10p)
  max_during=$(cut -d' ' -f2 <<<"$during" | sort -n | tail -1)
  errors=$(printf '%s\n%s\n' "$before" "$during" | cut -d' ' -f1 | grep -vc '^200$' || true)
  local tried="25 exports at once by one tenant: $ok served, $refused refused with 429 ($retry with Retry-After); another tenant's inventory p50 ${p50_during} s, slowest ${max_during} s during them (${p50_before} s, ${max_before} s before)"
  if [[ $refused -ge 1 && $((ok + refused)) -eq 25 && $retry -eq $refused && $errors -eq 0 \
      && $(awk -v m="$max_during" 'BEGIN { print (m < 2.0) }') -eq 1 ]] && exact "$scanned"; then
    record export_flood "$tried; a scan started during them exact (${detail% })" held 0
  else
    record export_flood "$tried; inventory errors: $errors; the scan during them: ${detail:-not exact}" failed "${lost:-0}"
  fi
}

# dead_letters : every dead letter so far (the letters themselves, as JSON lines).
dead_letters() {
  "$repo/deploy/local/kafka.sh" read dead-letter | jq -c '.payload | fromjson? | select((.reason | length) > 0)'
}

# refusals SERVICE PAYLOAD_FILE < DEAD_LETTERS : how many of the dead letters are SERVICE's refusals of that payload (a
# letter repeats at most 128 KiB of it, the rest cut and marked with a final …).
refusals() {
  jq -s --arg service "$1" --rawfile payload "$2" '[.[] | .payload as $letter | select(.failedBy == $service
    and ($letter == $payload or (($letter | endswith("…")) and ($payload | startswith($letter[0:-1])))))] | length'
}

# with_header RECORD NAME VALUE : the record with that header's value replaced.
with_header() {
  jq -c --arg name "$2" --arg value "$3" '.headers[$name] = $value' <<<"$1"
}

# --- who may do what ----------------------------------------------------------------------------------

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# stranger_key FILE : a new RSA key that nothing of CloudDiagnoze's knows.
stranger_key() {
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null
}

# key_id KEY_FILE : the RFC 7638 thumbprint of an RSA key, which CloudDiagnoze's signers put in a token's kid.
key_id() {
  local n
  n=$(openssl rsa -in "$1" -noout -modulus 2>/dev/null | cut -d= -f2 | perl -ne 'chomp; print pack("H*", $_)' | b64url)
  printf '{"e":"AQAB","kty":"RSA","n":"%s"}' "$n" | openssl dgst -sha256 -binary | b64url
}

# expired CLAIMS_JSON : the claims, issued two hours ago and expired an hour ago.
expired() {
  jq -c --argjson now "$(date +%s)" '.iat = $now - 7200 | .exp = $now - 3600' <<<"$1"
}

# jwt_part TOKEN N : the JSON of a JWT's header (1) or claims (2).
jwt_part() {
  local part
  part=$(cut -d. -f"$2" <<<"$1" | tr '_-' '/+')
  while (( ${#part} % 4 )); do part+='='; done
  base64 -d <<<"$part"
}

# jwt HEADER_JSON CLAIMS_JSON rs256 KEY_FILE | hs256 SECRET_FILE | none : a token signed as asked.
jwt() {
  local data signature=""
  data="$(printf '%s' "$1" | b64url).$(printf '%s' "$2" | b64url)"
  case $3 in
    rs256) signature=$(printf '%s' "$data" | openssl dgst -sha256 -sign "$4" -binary | b64url) ;;
    hs256) signature=$(printf '%s' "$data" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$(od -An -tx1 <"$4" | tr -d ' \n')" -binary | b64url) ;;
  esac
  printf '%s.%s' "$data" "$signature"
}

# status METHOD PATH [BODY] : the status the API answers, with $token when it is set.
status() {
  api "$@" | tail -n 1
}

# answers_with STATUS TOKEN : how many of the tenant endpoints answer TOKEN with another status than STATUS.
answers_with() {
  local wrong=0 path token=$2
  for path in /api/scans /api/findings /api/inventory/s3 /api/metrics/idle /auth/me; do
    [[ $(status GET "$path") == "$1" ]] || wrong=$((wrong + 1))
  done
  echo "$wrong"
}

# Tokens that are missing, unsigned, signed with the public key as an HMAC secret, expired, from another
# issuer, for another audience or none, altered after signing, signed by a key the JWKS does not publish, or signed by
# scan-orchestrator's key (which signs scan tokens, and must not make a user's): every one is a 401.
case_forged_tokens() {
  new_tenant forged-tokens
  local real=$token header payload keys forged wrong=0 variants=0 name
  header=$(jwt_part "$real" 1)
  payload=$(jwt_part "$real" 2)
  keys=$(mktemp -d)
  openssl pkey -in "$RUN_DIR/keys/auth-signing.pem" -pubout -out "$keys/public.pem"
  stranger_key "$keys/stranger.pem"
  local signing=$RUN_DIR/keys/auth-signing.pem scan_signing=$RUN_DIR/keys/scan-token.pem
  # The control: the same claims signed again with the real key must be accepted, or the rest proves nothing.
  local control
  control=$(answers_with 200 "$(jwt "$header" "$payload" rs256 "$signing")")
  declare -A tokens=(
    [none]=""
    [alg_none]=$(jwt '{"alg":"none","typ":"JWT"}' "$payload" none)
    [hs256_public_key]=$(jwt "$(jq -c '.alg = "HS256"' <<<"$header")" "$payload" hs256 "$keys/public.pem")
    [expired]=$(jwt "$header" "$(expired "$payload")" rs256 "$signing")
    [other_issuer]=$(jwt "$header" "$(jq -c '.iss = "https://issuer.invalid/auth"' <<<"$payload")" rs256 "$signing")
    [scan_audience]=$(jwt "$header" "$(jq -c '.aud = "clouddiagnoze-scan-events"' <<<"$payload")" rs256 "$signing")
    [no_audience]=$(jwt "$header" "$(jq -c 'del(.aud)' <<<"$payload")" rs256 "$signing")
    [scan_key]=$(jwt "$(jq -c --arg kid "$(key_id "$scan_signing")" '.kid = $kid' <<<"$header")" "$payload" rs256 "$scan_signing")
    [tampered]="$(cut -d. -f1 <<<"$real").$(jq -c '.tenant = "1" | .sub = "1"' <<<"$payload" | b64url).$(cut -d. -f3 <<<"$real")"
    [unknown_kid]=$(jwt "$(jq -c '.kid = "unknown-key"' <<<"$header")" "$payload" rs256 "$keys/stranger.pem")
    [stranger_key]=$(jwt "$header" "$payload" rs256 "$keys/stranger.pem")
  )
  rm -rf "$keys"
  for name in "${!tokens[@]}"; do
    forged=$(answers_with 401 "${tokens[$name]}")
    variants=$((variants + 1))
    [[ $forged -eq 0 ]] || { wrong=$((wrong + forged)); say "      $name: $forged endpoints did not answer 401"; }
  done
  local scheduler
  scheduler=$(status POST /api/scheduled-scans/run '{}')
  if [[ $control -eq 0 && $wrong -eq 0 && $scheduler == 403 ]]; then
    record forged_tokens "$variants kinds of bad token × 5 endpoints all 401 (the same claims re-signed: 200); a user token on the scheduler endpoint: 403" held 0
  else
    record forged_tokens "re-signed control: $control wrong; bad tokens: $wrong answers not 401; scheduler endpoint: $scheduler" failed 0
  fi
}

# Tenant B tries every way into what tenant A has: each answers 404, and A's data is still whole afterwards.
case_other_tenant() {
  new_tenant owner
  local run instance wrong=0 tried=0 path before after
  run=$(scan '"ec2"')
  wait_closed "$run" || true
  instance=$(sql "SELECT instance_id FROM ec2_instances WHERE scan_run_id = $run LIMIT 1")
  before=$(sql "SELECT COUNT(*) FROM ec2_instances WHERE scan_run_id = $run")
  token=$(tenant reliability-intruder)
  for path in "GET /api/scans/$run" "GET /api/scans/$run/resources" "GET /api/scans/$run/export?format=csv" \
    "GET /api/scans/$run/export?format=json" "GET /api/scans/$run/diff" "DELETE /api/scans/$run" \
    "GET /api/resources/ec2/$instance/history" "GET /api/metrics/ec2/$instance?metric=cpuUtilization"; do
    tried=$((tried + 1))
    [[ $(status "${path%% *}" "${path#* }") == 404 ]] || { wrong=$((wrong + 1)); say "      $path did not answer 404"; }
  done
  local listed
  listed=$(call GET /api/scans '' 200 | jq .total)$(call GET /api/inventory/ec2 '' 200 | jq .resources.total)
  after=$(sql "SELECT COUNT(*) FROM ec2_instances WHERE scan_run_id = $run")
  if [[ $wrong -eq 0 && $listed == 00 && $before -eq $after && $before -gt 0 ]]; then
    record other_tenant "another tenant read, exported, diffed and deleted nothing of $before instances: $tried calls, all 404; it lists nothing" held 0
  else
    record other_tenant "another tenant: $wrong of $tried calls not 404, listings $listed, rows $before → $after" failed $((before - after))
  fi
}

# A brute-force loop on one account's password: after 5 failures even the right password is refused (429).
case_brute_force() {
  local email password attempts=30 refused=0 answer
  register reliability-brute-force
  for i in $(seq 1 "$attempts"); do
    [[ $(status POST /auth/login "{\"email\":\"$email\",\"password\":\"guess-number-$i-of-many\"}") == 429 ]] \
      && refused=$((refused + 1))
  done
  answer=$(status POST /auth/login "{\"email\":\"$email\",\"password\":\"$password\"}")
  if [[ $refused -eq $((attempts - 5)) && $answer == 429 ]]; then
    record brute_force "$attempts wrong passwords: the last $refused refused with 429, then the right password too" held 0
  else
    record brute_force "$attempts wrong passwords: $refused refused with 429; the right one then got $answer" failed 0
  fi
}

# system_test CLASS : runs one of the system-tests module's checks against the running system; its output is shown.
system_test() {
  (cd "$repo" && ./mvnw -q -pl system-tests compile exec:java "-Dexec.mainClass=io.clouddiagnoze.system.$1") | tee "$RUN_DIR/$1.out" | sed 's/^/      /'
}

# Every public endpoint of every service, as its OpenAPI document declares it, fed generated bad requests.
case_bad_input() {
  local summary
  if system_test BadInputSweep; then
    summary=$(grep '^bad input: [0-9,]* requests' "$RUN_DIR/BadInputSweep.out")
    record bad_input "${summary#bad input: }: no 5xx, every refusal a problem body, no stack trace, the database unchanged by every refusal" held 0
  else
    record bad_input "$(grep '^bad input: [0-9]* failed' "$RUN_DIR/BadInputSweep.out" || echo 'the sweep broke off')" failed 0
  fi
}

# 200 scan requests and 50 API clients for 60 s, with every service's health asked throughout.
case_load() {
  if system_test LoadBurst; then
    record load "$(grep '^load:' "$RUN_DIR/LoadBurst.out" | sed 's/^load: //' | paste -sd';' | sed 's/;/; /g')" held 0
  else
    record load "$(grep '^load:' "$RUN_DIR/LoadBurst.out" | sed 's/^load: //' | paste -sd';' | sed 's/;/; /g')" failed "?"
  fi
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
  recorded=${#results[@]}
  "case_$name" || true
  [[ ${#results[@]} -gt $recorded ]] || record "$name" "the case broke off before its checks (its error is above)" failed "?"
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
