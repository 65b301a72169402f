#!/usr/bin/env bash
# End-to-end check of a running system (deploy/local/stack.sh up), through the gateway and the real
# processes: HTTPS → register → hand over a role → alert rules → scan → resource rows → metric rows → findings →
# one signed webhook POST and one mail per finding the rules name, none again on a replay, none to another tenant → export →
# diff of a second scan → deleting a scan cascades → another tenant sees none of it → a flood of sign-ins from one
# address is refused at the gateway. Prints one line per
# check and stops at the first that fails, with a non-zero exit.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
gateway="http://127.0.0.1:${GATEWAY_PORT:-8080}"
gateway_tls="https://127.0.0.1:${GATEWAY_TLS_PORT:-8443}"
# shellcheck source=deploy/local/lib.sh
source "$repo/deploy/local/lib.sh"

check "the gateway answers over HTTPS with Strict-Transport-Security" \
  grep -qi '^strict-transport-security: max-age=' <(curl -sk -D - -o /dev/null "$gateway_tls/healthz")

# Tenant A, with a role in an account of its own (aws-emulator copies the demo account's resources into it).
token_a=$(tenant e2e-a)
token=$token_a
account=$(printf '4%011d' $(( $(date +%s%N) % 100000000000 )))
role="arn:aws:iam::$account:role/CloudDiagnozeScanner"
external_id=$(call PUT /auth/me/aws-role "{\"roleArn\":\"$role\"}" 200 | jq -r .externalId)
onboard "$role" "$external_id"
check "tenant A registered and handed over $role" test -n "$external_id"

# Alerts: tenant A and tenant B each have a webhook on this host and a rule for high findings opened on S3.
token_b=$(tenant e2e-b)
receivers=$(mktemp -d)
"$repo/deploy/local/webhook-receiver.py" 18091 "$receivers/18091.jsonl" >/dev/null 2>&1 &
receiver_a=$!
"$repo/deploy/local/webhook-receiver.py" 18092 "$receivers/18092.jsonl" >/dev/null 2>&1 &
receiver_b=$!
# The launcher starts no mail server: for email alerts, Debian's aiosmtpd takes mail on this host into a Maildir, and
# notification-service is started again pointed at it (and again without it once the alerts are checked).
need aiosmtpd python3-aiosmtpd
aiosmtpd -n -l 127.0.0.1:18025 -c aiosmtpd.handlers.Mailbox "$receivers/mail" >/dev/null 2>&1 &
smtp_server=$!
trap 'kill "$receiver_a" "$receiver_b" "$smtp_server" 2>/dev/null || true; rm -rf "$receivers"' EXIT
SMTP_HOST=127.0.0.1 SMTP_PORT=18025 SMTP_START_TLS=DISABLED "$repo/deploy/local/stack.sh" restart notification-service >/dev/null
# alert_rule PORT : the caller's webhook channel to the receiver on PORT, and its rule; prints the channel's secret.
alert_rule() {
  local channel
  channel=$(call POST /api/alerts/channels "{\"type\":\"webhook\",\"name\":\"e2e\",\"url\":\"http://127.0.0.1:$1/hook\"}" 201)
  call POST /api/alerts/rules "{\"name\":\"public buckets\",\"events\":[\"finding.opened\"],\"minSeverity\":\"high\",
    \"services\":[\"s3\"],\"channelIds\":[$(jq -r .id <<<"$channel")]}" 201 >/dev/null
  jq -r .secret <<<"$channel"
}
token=$token_b
alert_rule 18092 >/dev/null
token=$token_a
secret=$(alert_rule 18091)
mail_channel=$(call POST /api/alerts/channels '{"type":"email","name":"e2e mail","addresses":["security@e2e-a.example"]}' 201 | jq -r .id)
call POST /api/alerts/rules "{\"name\":\"public buckets by mail\",\"events\":[\"finding.opened\"],\"minSeverity\":\"high\",
  \"services\":[\"s3\"],\"channelIds\":[$mail_channel]}" 201 >/dev/null
posts() { if [[ -f $receivers/$1.jsonl ]]; then wc -l <"$receivers/$1.jsonl" | tr -d ' '; else echo 0; fi; }
mails() { grep -l '^X-RcptTo: security@e2e-a.example' "$receivers"/mail/new/* 2>/dev/null | wc -l | tr -d ' '; }
# signed SECRET : whether every POST kept in stdin carries sha256=HMAC(timestamp "." body) under SECRET.
signed() {
  local line timestamp signature body
  while IFS= read -r line; do
    timestamp=$(jq -r '.headers["X-CloudDiagnoze-Timestamp"]' <<<"$line")
    signature=$(jq -r '.headers["X-CloudDiagnoze-Signature"]' <<<"$line")
    body=$(jq -j .body <<<"$line")
    [[ $signature == "sha256=$(printf '%s.%s' "$timestamp" "$body" | openssl dgst -sha256 -hmac "$1" -r | cut -d' ' -f1)" ]] || return 1
  done
}

read -r ec2 s3 <<<"$(scan '"ec2","s3"' | tr '\n' ' ')"
await_runs "$ec2 $s3" 180
expected=$(( $(call GET '/api/findings?service=s3&severity=high' '' 200 | jq -r .total)
  + $(call GET '/api/findings?service=s3&severity=critical' '' 200 | jq -r .total) ))
for _ in $(seq 1 30); do
  [[ $(posts 18091) -ge $expected && $(mails) -ge $expected ]] && break
  sleep 1
done
check "within 30 s of the scan closing, one webhook POST per high S3 finding opened ($expected)" \
  equals "$(posts 18091) $(( expected > 0 ))" "$expected 1"
check "each POST's signature verifies with the channel's secret" signed "$secret" <"$receivers/18091.jsonl"
check "each POST is a finding.opened of tenant A's public bucket check" equals \
  "$(jq -sr 'map(.body | fromjson | "\(.type) \(.finding.service)") | unique | join(",")' "$receivers/18091.jsonl")" "finding.opened s3"
check "the public website bucket's POST names its region and its tags" equals "$(jq -sr 'map(.body | fromjson | .resource
  | select(.resourceId == "cd-demo-public-website") | "\(.region) \(.tags | to_entries | map("\(.key)=\(.value)") | join(","))")
  | unique | join(";")' "$receivers/18091.jsonl")" "us-east-1 Environment=prod,Team=web"
"$repo/deploy/local/kafka.sh" read findings-changed | "$repo/deploy/local/kafka.sh" write findings-changed 2>/dev/null
sleep 10
check "replaying every findings-changed event sends nothing more" equals "$(posts 18091)" "$expected"
check "tenant B's webhook received nothing" equals "$(posts 18092)" 0
check "within the same 30 s, one mail per high S3 finding opened reached the SMTP server" equals "$(mails)" "$expected"
check "each mail says which finding opened" equals "$(grep -l '^Subject: \[CloudDiagnoze\] Finding opened' "$receivers"/mail/new/* | wc -l | tr -d ' ')" \
  "$expected"
"$repo/deploy/local/stack.sh" restart notification-service >/dev/null
check "the EC2 scan succeeded with 20 instances" equals "$(call GET "/api/scans/$ec2" '' 200 | jq -r '"\(.status) \(.totalResources)"')" "success 20"
check "the S3 scan succeeded with 10 buckets" equals "$(call GET "/api/scans/$s3" '' 200 | jq -r '"\(.status) \(.totalResources)"')" "success 10"
check "the EC2 scan's resources are stored and listed" equals "$(call GET "/api/scans/$ec2/resources?size=100" '' 200 | jq -r .total)" 20

metric_points() {
  call GET '/api/metrics/ec2/i-0a1f2e3d4c5b60001?metric=cpuUtilization' '' 200 404 | jq -r '.points // [] | length'
}
for _ in $(seq 1 60); do
  [[ $(metric_points) -gt 0 ]] && break
  sleep 1
done
check "metrics-collector stored CPU points of an instance" test "$(metric_points)" -gt 0
check "metric rows point to the EC2 scan's resource rows" test "$(sql "SELECT COUNT(*) FROM ec2_performance p JOIN ec2_instances r
  ON r.id = p.ec2_instance_id WHERE r.scan_run_id = $ec2")" -gt 0
check "the public bucket is a finding" equals "$(call GET '/api/findings?checkId=s3_bucket_public_access' '' 200 \
  | jq -r '.total > 0 and .findings[0].status == "open"')" true
check "CIS 2.1.4 fails on the buckets that do not block public access" equals "$(call GET /api/compliance/cis-aws-foundations '' 200 \
  | jq -r '.controls[] | select(.control == "2.1.4") | "\(.status) \(.failed > 0)"')" "fail true"
check "the CSV export has a header and 20 rows" equals "$(call GET "/api/scans/$ec2/export?format=csv" '' 200 | wc -l | tr -d ' ')" 21
check "the JSON export has 20 resources" equals "$(call GET "/api/scans/$ec2/export?format=json" '' 200 | jq -r length)" 20

second=$(scan '"ec2"')
await_runs "$second" 180
check "the second EC2 scan's diff names the first and finds no change" equals \
  "$(call GET "/api/scans/$second/diff" '' 200 | jq -r '"\(.previousScanRunId) \(.added | length) \(.removed | length) \(.changed | length)"')" \
  "$ec2 0 0 0"

rows=$(sql "SELECT GROUP_CONCAT(id) FROM ec2_instances WHERE scan_run_id = $ec2")
call DELETE "/api/scans/$ec2" '' 204 >/dev/null
check "a deleted scan is gone" equals "$(api GET "/api/scans/$ec2" | tail -n 1)" 404
check "its resource rows and their metric rows are gone" equals \
  "$(sql "SELECT (SELECT COUNT(*) FROM ec2_instances WHERE scan_run_id = $ec2) + (SELECT COUNT(*) FROM ec2_performance WHERE ec2_instance_id IN ($rows))")" 0

# Tenant B sees none of it.
token=$token_b
for path in "/api/scans/$second" "/api/scans/$second/resources" "/api/scans/$second/export?format=csv" \
  "/api/scans/$second/diff" "/api/metrics/ec2/i-0a1f2e3d4c5b60001?metric=cpuUtilization"; do
  check "tenant B gets 404 for $path" equals "$(api GET "$path" | tail -n 1)" 404
done
check "tenant B cannot delete A's scan" equals "$(api DELETE "/api/scans/$second" | tail -n 1)" 404
check "tenant B lists no scan" equals "$(call GET /api/scans '' 200 | jq -r .total)" 0
check "tenant B's inventory and findings are empty" equals \
  "$(call GET /api/inventory/ec2 '' 200 | jq -r .resources.total) $(call GET /api/findings '' 200 | jq -r '.findings | length')" "0 0"
token=$token_a
check "tenant A still has its second scan" equals "$(call GET "/api/scans/$second" '' 200 | jq -r .status)" success

# 60 sign-ins at once from one address (each malformed, so that none counts against an account): past the gateway's
# 10 a second and 20 held back, the rest are refused before auth-service with 429 and a problem body. One curl sends
# them all in parallel, so that they arrive together however long a loaded machine takes to start processes.
flood() {
  local targets=() _
  for _ in $(seq 1 60); do
    targets+=(-o /dev/null "$gateway/auth/login")
  done
  curl -s --no-progress-meter --parallel --parallel-immediate --parallel-max 60 -w '%{http_code} %{content_type}\n' -X POST \
    -H 'Content-Type: application/json' -d '{}' "${targets[@]}"
}
refused=$(flood | grep -c '^429 application/problem+json' || true)
check "a flood of 60 sign-ins from one address meets 429s with problem bodies ($refused)" test "$refused" -ge 20
say "end-to-end: every check held"
