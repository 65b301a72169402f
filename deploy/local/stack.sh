#!/usr/bin/env bash
# The whole of CloudDiagnoze on this machine, with no container engine.
#
#   deploy/local/stack.sh up         build what is not built; start MariaDB (and create the database and
#                                    accounts), the Kafka broker, aws-emulator with its demo account, the
#                                    eight services and the gateway; then scan the demo account and print
#                                    a summary
#   deploy/local/stack.sh up --aws   the same against real AWS: no emulator and no demo scan; the SDK's own
#                                    settings (AWS_PROFILE, AWS_ACCESS_KEY_ID, …) give the platform's
#                                    credentials, and PLATFORM_AWS_ACCOUNT_ID names its account
#   deploy/local/stack.sh up --replica   (with or without --aws) also a read replica of the database on port
#                                    REPLICA_PORT (3307, deploy/local/replica.sh), which scan-orchestrator and
#                                    metrics-collector read from; down stops it, and a restore makes it anew
#   deploy/local/stack.sh restart NAME   stop one service (if it runs) and start it again, until ready
#   deploy/local/stack.sh another NAME PORT   one more instance of a service on PORT, in the same consumer groups
#                                    (its pid file and log are NAME-PORT); `stop NAME-PORT` or down stops it
#   deploy/local/stack.sh stop NAME  stop one process that up or another started
#   deploy/local/stack.sh down       stop everything it started, by PID
#   deploy/local/stack.sh status     say what runs
#   deploy/local/stack.sh backup     a consistent backup of the database while it is in use, into $BACKUP_DIR
#                                    ($RUN_DIR/backups), keeping the newest BACKUP_KEEP (7); prints its directory last
#   deploy/local/stack.sh restore DIR [--to INSTANT]   restore that backup into the database (and replay the binary
#                                    log up to INSTANT); the services that hold connections to it are stopped for the
#                                    while and started again (deploy/database/backup.sh; README.md, "Operate it")
#   deploy/local/stack.sh retention  one retention pass now: finished scans older than RETENTION_MONTHS (6, or the
#                                    tenant's own) go to the archive bucket in aws-emulator; prints what it did
#
# Everything it writes lives in $RUN_DIR (<repo>/.run): logs/ (one file per process), pids/, keys/
# (generated signing keys), tls/ (the gateway's certificate, made on first run) and secrets.env (generated
# passwords). Settings: RUN_DIR, GATEWAY_PORT (8080: HTTP), GATEWAY_TLS_PORT (8443: HTTPS), TLS_CERTIFICATE and
# TLS_CERTIFICATE_KEY (PEM files of your own certificate for HTTPS instead of the generated one), DB_NAME
# (clouddiagnoze), SERVICE_DB_PORT (3306: the port the services reach MariaDB on, e.g. through a proxy), RETENTION_MONTHS
# (6), RETENTION_DUTY_CYCLE (0.5) and ARCHIVE_BUCKET (clouddiagnoze-archive) for scan-orchestrator's archive.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
export RUN_DIR=${RUN_DIR:-$repo/.run} DB_NAME=${DB_NAME:-clouddiagnoze}
logs=$RUN_DIR/logs
pids=$RUN_DIR/pids
keys=$RUN_DIR/keys
gateway_port=${GATEWAY_PORT:-8080}
gateway_tls_port=${GATEWAY_TLS_PORT:-8443}
gateway="http://127.0.0.1:$gateway_port"
export EMULATOR_PORT=4566
# name:port, in start order; the scanners and metrics-collector need the emulator (or AWS).
services=(auth-service:8081 scan-orchestrator:8082 metrics-collector:8083 notification-service:8085
  ec2-scanner:8091 s3-scanner:8092 vpc-scanner:8093 rds-scanner:8094)
demo_role=arn:aws:iam::111122223333:role/CloudDiagnozeScanner

# shellcheck source=deploy/local/lib.sh
source "$repo/deploy/local/lib.sh"

# --- processes -------------------------------------------------------------------------------------

running_pid() {
  local file="$pids/$1.pid" pid
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# start NAME COMMAND... : runs COMMAND in the background, its output added to logs/NAME.log.
start() {
  local name=$1
  shift
  if running_pid "$name" >/dev/null; then
    return 0
  fi
  "$@" >>"$logs/$name.log" 2>&1 &
  echo $! >"$pids/$name.pid"
}

stop() {
  local name=$1 pid
  pid=$(running_pid "$name") || { rm -f "$pids/$name.pid"; return 0; }
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  rm -f "$pids/$name.pid"
  say "stopped $name (pid $pid)"
}

# die_with_log MESSAGE LOG : dies with MESSAGE and LOG's last lines, which outlive a run directory removed on exit (CI's).
die_with_log() {
  printf '%s: %s; the last lines of %s:\n' "$(basename "$0")" "$1" "$2" >&2
  tail -n 25 "$2" 2>/dev/null | sed 's/^/  | /' >&2
  exit 1
}

answers() {
  curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null
}

# await NAME URL SECONDS : until URL answers 2xx, or NAME has died, or the time is up.
await() {
  local name=$1 url=$2 limit=$3
  for _ in $(seq 1 $((limit * 2))); do
    answers "$url" && return 0
    running_pid "$name" >/dev/null || die_with_log "$name stopped" "$logs/$name.log"
    sleep 0.5
  done
  die_with_log "$name did not answer $url within $limit s" "$logs/$name.log"
}

# --- build, keys and secrets -----------------------------------------------------------------------

jar_of() { echo "$repo/$1/target/quarkus-app/quarkus-run.jar"; }

# The jars and the web console's files are rebuilt when one is missing or a source is newer than the oldest.
build() {
  local outputs=("$repo/aws-emulator/target/aws-emulator.jar" "$repo/web-console/dist/index.html") oldest
  for entry in "${services[@]}"; do
    outputs+=("$(jar_of "${entry%%:*}")")
  done
  for output in "${outputs[@]}"; do
    if [[ ! -f $output ]]; then
      oldest=""
      break
    fi
    [[ -z ${oldest:-} || $output -ot $oldest ]] && oldest=$output
  done
  if [[ -n ${oldest:-} ]] && [[ -z $(find "$repo" \( -path "$repo/.run" -o -name node_modules \) -prune -o \
      \( -path '*/src/main/*' -o -path "$repo/web-console/src/*" -o -path "$repo/web-console/index.html" -o -name pom.xml -o -name package-lock.json \) \
      -type f -newer "$oldest" -print -quit) ]]; then
    return 0
  fi
  say "Building (./mvnw -q install -DskipTests; a few minutes the first time)..."
  (cd "$repo" && ./mvnw -q install -DskipTests) >"$logs/build.log" 2>&1 || die_with_log "the build failed" "$logs/build.log"
}

make_keys() {
  mkdir -p "$keys"
  chmod 700 "$keys"
  for key in auth-signing scan-token; do
    if [[ ! -s $keys/$key.pem ]]; then
      (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$keys/$key.pem" 2>/dev/null)
    fi
  done
  openssl pkey -in "$keys/scan-token.pem" -pubout -out "$keys/scan-token.pub.pem" 2>/dev/null
}

# Secrets generated once: the database accounts' passwords (by mariadb.sh), the broker's principals' (by kafka.sh), the
# scheduler's, the demo user's.
load_secrets() {
  local file=$RUN_DIR/secrets.env name
  for name in SCHEDULER_CLIENT_SECRET DEMO_PASSWORD; do
    secret "$name" >/dev/null
  done
  # One demo tenant per run directory, so that a fresh one never meets an older one's password.
  grep -q '^DEMO_EMAIL=' "$file" || echo "DEMO_EMAIL=demo-$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')@clouddiagnoze.local" >>"$file"
  set -a
  # shellcheck disable=SC1090
  source "$file"
  set +a
}

# --- the processes ---------------------------------------------------------------------------------

# service_env NAME : the settings of one service; on the broker each is the principal of its own name.
service_env() {
  local name=$1 kafka_password
  kafka_password=KAFKA_$(tr 'a-z-' 'A-Z_' <<<"$name")_PASSWORD
  local common=(MALLOC_ARENA_MAX=2 DB_HOST=127.0.0.1 DB_PORT=${SERVICE_DB_PORT:-3306} DB_NAME=$DB_NAME
    KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092 KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT "KAFKA_SASL_USERNAME=$name"
    "KAFKA_SASL_PASSWORD=${!kafka_password:-}" AUTH_JWKS_URL=http://127.0.0.1:8081/.well-known/jwks.json
    SCAN_TOKEN_JWKS_URL=http://127.0.0.1:8081/.well-known/scan-jwks.json)
  local aws=(AWS_REGION=${AWS_REGION:-us-east-1}) replica=()
  [[ ${read_replica:-false} == true ]] && replica=(DB_REPLICA_HOST=127.0.0.1 "DB_REPLICA_PORT=${REPLICA_PORT:-3307}")
  if [[ $real_aws == false ]]; then
    aws+=(AWS_ENDPOINT_URL=http://127.0.0.1:$EMULATOR_PORT AWS_ACCESS_KEY_ID=platform-demo
      AWS_SECRET_ACCESS_KEY=platform-demo-secret CLOUDDIAGNOZE_AWS_S3_PATH_STYLE=true)
  fi
  case $name in
    auth-service)
      echo "${common[@]}" DB_USER=cd_auth "DB_PASSWORD=$DB_AUTH_PASSWORD" \
        "AUTH_JWT_SIGNING_KEY_FILE=$keys/auth-signing.pem" "AUTH_SCAN_TOKEN_PUBLIC_KEYS_FILE=$keys/scan-token.pub.pem" \
        "PLATFORM_AWS_ACCOUNT_ID=$platform_account" SCHEDULER_CLIENT_ID=scheduler "CONSOLE_URL=https://127.0.0.1:$gateway_tls_port" \
        "SCHEDULER_CLIENT_SECRET=$SCHEDULER_CLIENT_SECRET" ;;
    scan-orchestrator)
      # The archive of old scans: a bucket in aws-emulator, which the service makes; against AWS, ARCHIVE_BUCKET must exist.
      echo "${common[@]}" "${aws[@]}" "${replica[@]}" DB_USER=cd_orchestrator "DB_PASSWORD=$DB_ORCHESTRATOR_PASSWORD" \
        "CLOUDDIAGNOZE_SCAN_TOKEN_SIGNING_KEY_FILE=$keys/scan-token.pem" "ARCHIVE_CREATE_BUCKET=$([[ $real_aws == false ]] && echo true || echo false)" \
        ${RETENTION_MONTHS:+"RETENTION_MONTHS=$RETENTION_MONTHS"} ${ARCHIVE_BUCKET:+"ARCHIVE_BUCKET=$ARCHIVE_BUCKET"} \
        ${RETENTION_DUTY_CYCLE:+"RETENTION_DUTY_CYCLE=$RETENTION_DUTY_CYCLE"} ;;
    metrics-collector)
      echo "${common[@]}" "${aws[@]}" "${replica[@]}" DB_USER=cd_metrics "DB_PASSWORD=$DB_METRICS_PASSWORD" ;;
    notification-service)
      # No mail server here: email channels are refused. Webhooks on this host (a receiver on 127.0.0.1) are allowed.
      echo "${common[@]}" DB_USER=cd_notification "DB_PASSWORD=$DB_NOTIFICATION_PASSWORD" ALERTS_ALLOW_INTERNAL_DESTINATIONS=true \
        "CONSOLE_URL=https://127.0.0.1:$gateway_tls_port" ;;
    *)
      echo "${common[@]}" "${aws[@]}" ;;
  esac
}

# jvm_options NAME [INSTANCE] : the heap and collector of a service, and its collections logged to logs/INSTANCE.gc.log
# (two files of 5 MB at most), where a pause behind a slow request shows.
jvm_options() {
  case $1 in
    scan-orchestrator) echo -Xmx256m -XX:+UseSerialGC ;;
    auth-service) echo -Xmx128m -XX:+UseSerialGC ;;
    *) echo -Xmx96m -XX:+UseSerialGC ;;
  esac
  echo "-Xlog:gc:file=$logs/${2:-$1}.gc.log:time,uptime:filecount=2,filesize=5m"
}

# gateway_certificate : the PEM files of the gateway's certificate and key, "CERT KEY": the user's own
# (TLS_CERTIFICATE, TLS_CERTIFICATE_KEY), or one made for 127.0.0.1 and localhost the first time, into tls/.
gateway_certificate() {
  if [[ -n ${TLS_CERTIFICATE:-} || -n ${TLS_CERTIFICATE_KEY:-} ]]; then
    [[ -r ${TLS_CERTIFICATE:-} && -r ${TLS_CERTIFICATE_KEY:-} ]] \
      || die "TLS_CERTIFICATE and TLS_CERTIFICATE_KEY must both name readable PEM files"
    echo "$TLS_CERTIFICATE $TLS_CERTIFICATE_KEY"
    return
  fi
  local dir=$RUN_DIR/tls
  if [[ ! -f $dir/gateway.crt ]]; then
    mkdir -p "$dir"
    (umask 077 && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 \
      -subj "/CN=CloudDiagnoze local gateway" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
      -keyout "$dir/gateway.key" -out "$dir/gateway.crt" 2>/dev/null)
  fi
  echo "$dir/gateway.crt $dir/gateway.key"
}

# start_gateway : nginx with the gateway's configuration; sets gateway_tls_certificate, the file of its certificate.
start_gateway() {
  need nginx nginx
  local dir=$RUN_DIR/gateway key
  read -r gateway_tls_certificate key < <(gateway_certificate)
  mkdir -p "$dir"
  # Plain HTTP for this host only; HTTPS for the network.
  sed -e "s|\${RUN_DIR}|$dir|g" -e "s|\${GATEWAY_PORT}|127.0.0.1:$gateway_port|g" -e "s|\${GATEWAY_TLS_PORT}|$gateway_tls_port|g" \
    -e "s|\${TLS_CERTIFICATE}|$gateway_tls_certificate|g" -e "s|\${TLS_CERTIFICATE_KEY}|$key|g" \
    -e "s|\${AUTH_UPSTREAM}|127.0.0.1:8081|g" -e "s|\${ORCHESTRATOR_UPSTREAM}|127.0.0.1:8082|g" \
    -e "s|\${METRICS_UPSTREAM}|127.0.0.1:8083|g" -e "s|\${NOTIFICATION_UPSTREAM}|127.0.0.1:8085|g" \
    -e "s|\${CONSOLE_ROOT}|$repo/web-console/dist|g" \
    "$repo/deploy/gateway/nginx.conf.template" >"$dir/nginx.conf"
  # Workers run as whoever runs this: started as root, nginx would run them as nobody, who may not enter a checkout
  # in a private directory (a home, mktemp -d) to read the console's files or the run directory.
  start gateway nginx -p "$dir" -c "$dir/nginx.conf" -g "user $(id -un) $(id -gn); daemon off;"
}

# start_service NAME PORT [INSTANCE] : one instance of a service (named NAME unless INSTANCE names it) on PORT.
start_service() {
  local name=$1 port=$2
  # shellcheck disable=SC2046
  start "${3:-$name}" env $(service_env "$name") java $(jvm_options "$name" "${3:-}") "-Dquarkus.http.port=$port" -jar "$(jar_of "$name")"
}

await_service() {
  await "$1" "http://127.0.0.1:$2/q/health/ready" 180
  say "$1: ready on 127.0.0.1:$2"
}

# port_of NAME : the port a service of the stack listens on.
port_of() {
  local entry
  for entry in "${services[@]}"; do
    [[ ${entry%%:*} == "$1" ]] && { echo "${entry##*:}"; return 0; }
  done
  die "$1 is not one of: ${services[*]%%:*}"
}

# with_mode : the settings `up` left (emulator or AWS, the platform's account) and the secrets, for a later command.
with_mode() {
  [[ -f $RUN_DIR/mode ]] || die "nothing runs: run up first"
  # shellcheck disable=SC1091
  source "$RUN_DIR/mode"
  load_secrets
}

# restart NAME : in a system that `up` started, with the same settings.
restart() {
  local name=${1:-} port
  port=$(port_of "$name")
  with_mode
  stop "$name"
  start_service "$name" "$port"
  await_service "$name" "$port"
}

# another NAME PORT : one more instance of NAME with the same settings; it shares its consumer groups with the first.
another() {
  local name=${1:-} port=${2:-} instance
  port_of "$name" >/dev/null
  [[ $port =~ ^[0-9]+$ ]] || die "another takes a service and a free port, e.g. another ec2-scanner 8095"
  with_mode
  instance="$name-$port"
  start_service "$name" "$port" "$instance"
  await_service "$instance" "$port"
}

up() {
  real_aws=false read_replica=false
  local option
  for option in "$@"; do
    case $option in
      --aws) real_aws=true ;;
      --replica) read_replica=true ;;
      *) die "up takes --aws and --replica, not $option" ;;
    esac
  done
  platform_account=210987654321  # aws-emulator's own
  if [[ $real_aws == true ]]; then
    platform_account=${PLATFORM_AWS_ACCOUNT_ID:?set PLATFORM_AWS_ACCOUNT_ID to the AWS account CloudDiagnoze runs in}
  fi
  mkdir -p "$logs" "$pids"
  need curl curl
  need jq jq
  need openssl openssl
  build
  if ! "$repo/deploy/local/mariadb.sh" status >/dev/null 2>&1; then
    "$repo/deploy/local/mariadb.sh" start >/dev/null
    touch "$RUN_DIR/mariadb-started-here"
  fi
  "$repo/deploy/local/mariadb.sh" setup >"$logs/database-setup.log" 2>&1 || die_with_log "database setup failed" "$logs/database-setup.log"
  say "MariaDB: database $DB_NAME migrated, service accounts granted"
  if [[ $read_replica == true ]]; then
    "$repo/deploy/local/replica.sh" start
  fi
  "$repo/deploy/local/kafka.sh" setup >"$logs/event-bus-setup.log" 2>&1 || die_with_log "the event bus setup failed" "$logs/event-bus-setup.log"
  say "Kafka: broker on 127.0.0.1:9092, one principal per service, ACLs applied"
  make_keys
  load_secrets
  if [[ $real_aws == false ]]; then
    start aws-emulator java -Xmx256m -jar "$repo/aws-emulator/target/aws-emulator.jar" --port "$EMULATOR_PORT" --fixture demo
    await aws-emulator "http://127.0.0.1:$EMULATOR_PORT/_emulator/status" 60
    say "aws-emulator: demo account 111122223333 on 127.0.0.1:$EMULATOR_PORT"
  fi
  printf 'real_aws=%s\nplatform_account=%s\nread_replica=%s\n' "$real_aws" "$platform_account" "$read_replica" >"$RUN_DIR/mode"
  for entry in "${services[@]}"; do
    start_service "${entry%%:*}" "${entry##*:}"
  done
  for entry in "${services[@]}"; do
    await_service "${entry%%:*}" "${entry##*:}"
  done
  start_gateway
  await gateway "$gateway/healthz" 20
  say "gateway: $gateway and https://127.0.0.1:$gateway_tls_port"
  if [[ $real_aws == true ]]; then
    say "Running against AWS. Sign up in the web console at $gateway/ and hand over a role there (see README)."
  else
    demo
  fi
}

# --- the demo --------------------------------------------------------------------------------------

demo() {
  token=""
  call POST /auth/register "{\"email\":\"$DEMO_EMAIL\",\"password\":\"$DEMO_PASSWORD\",\"companyName\":\"Demo Corp\"}" 201 409 >/dev/null
  token=$(call POST /auth/login "{\"email\":\"$DEMO_EMAIL\",\"password\":\"$DEMO_PASSWORD\"}" 200 | jq -r .accessToken)
  (umask 077 && printf '%s\n' "$token" >"$RUN_DIR/demo-token")
  local external_id
  external_id=$(call PUT /auth/me/aws-role "{\"roleArn\":\"$demo_role\"}" 200 | jq -r .externalId)
  # The emulated account trusts the role with the ExternalId auth-service made for this tenant.
  onboard "$demo_role" "$external_id"
  say "Demo tenant $DEMO_EMAIL: role $demo_role handed over"

  local runs started
  started=$(call POST /api/scans '{}' 202 409)
  if jq -e 'type == "array"' <<<"$started" >/dev/null; then
    runs=$(jq -r '.[].id' <<<"$started")
  else # a scan of the demo account still runs (from an earlier start): follow it
    runs=$(call GET '/api/scans?status=in_progress' '' 200 | jq -r '.items[].id')
  fi
  say "Scanning ec2, s3, vpc and rds in the demo account..."
  await_runs "$runs" 300
  summary "$runs"
}

summary() {
  local runs=$1 findings
  say ""
  say "Resources found:"
  for run in $runs; do
    call GET "/api/scans/$run" '' 200 | jq -r '"  \(.service)\t\(.totalResources)\t(scan run \(.id), \(.status)\(if .error then ": " + .error else "" end))"'
  done
  findings=$(call GET /api/findings '' 200)
  say "Findings by severity:"
  jq -r '.countBySeverity | to_entries[] | "  \(.key)\t\(.value)"' <<<"$findings"
  call GET /api/compliance/cis-aws-foundations '' 200 | jq -r '"CIS AWS Foundations v\(.version): score \(.score // "-")"
    + " (controls: \(.counts.pass) pass, \(.counts.fail) fail, \(.counts.muted) muted, \(.counts.not_evaluated) not evaluated)"'
  say ""
  say "Next:"
  say "  web console    $gateway/  (sign in as $DEMO_EMAIL; the password is DEMO_PASSWORD in $RUN_DIR/secrets.env)"
  say "  gateway        $gateway  (/auth/... and /api/...); HTTPS on https://127.0.0.1:$gateway_tls_port (certificate: $gateway_tls_certificate)"
  say "  OpenAPI        http://127.0.0.1:8081/q/openapi  :8082/q/openapi  :8083/q/openapi  :8085/q/openapi"
  say "  logs           $logs"
  say "  the demo token (15 minutes):  TOKEN=\$(cat $RUN_DIR/demo-token)"
  say "  curl -H \"Authorization: Bearer \$TOKEN\" '$gateway/api/inventory/s3?public=true&encrypted=false'"
  say "  curl -H \"Authorization: Bearer \$TOKEN\" $gateway/api/findings"
  say "  curl -H \"Authorization: Bearer \$TOKEN\" '$gateway/api/metrics/ec2/i-0a1f2e3d4c5b60001?metric=cpuUtilization'"
  say "  alerts: a signed webhook for each high finding on S3 (README, Alerts):"
  say "  curl -H \"Authorization: Bearer \$TOKEN\" -H 'Content-Type: application/json' $gateway/api/alerts/channels -d '{\"type\":\"webhook\",\"name\":\"ops\",\"url\":\"http://127.0.0.1:9000/hook\"}'"
  say "  deploy/local/stack.sh down   stops it all"
}

# --- backup and restore --------------------------------------------------------------------------

backup() {
  DB_BACKUP_USER=cd_backup DB_BACKUP_PASSWORD=$(secret DB_BACKUP_PASSWORD) \
    "$repo/deploy/database/backup.sh" take "${BACKUP_DIR:-$RUN_DIR/backups}"
}

# restore DIR [--to INSTANT] : the services that hold connections to the database (and instances of them that
# `another` started) are stopped while it is made anew, then started again, whether the restore held or not.
restore() {
  local holders=() file name outcome=0
  for file in "$pids"/*.pid; do
    [[ -e $file ]] || continue
    name=$(basename "$file" .pid)
    case ${name%-[0-9]*} in
      auth-service | scan-orchestrator | metrics-collector | notification-service) running_pid "$name" >/dev/null && holders+=("$name") ;;
    esac
  done
  for name in "${holders[@]}"; do
    stop "$name"
  done
  # A replica would hold the data from before: it is made anew from the restored database.
  local replica=false
  if "$repo/deploy/local/replica.sh" status >/dev/null 2>&1; then
    replica=true
    "$repo/deploy/local/replica.sh" drop
  fi
  "$repo/deploy/database/backup.sh" restore "$@" || outcome=$?
  [[ $replica == false ]] || "$repo/deploy/local/replica.sh" start
  if [[ ${#holders[@]} -gt 0 ]]; then
    with_mode
    for name in "${holders[@]}"; do
      start_service "${name%-[0-9]*}" "$(instance_port "$name")" "$name"
    done
    for name in "${holders[@]}"; do
      await_service "$name" "$(instance_port "$name")"
    done
  fi
  return "$outcome"
}

# instance_port NAME : the port of a service (auth-service) or of an instance `another` started (auth-service-8095).
instance_port() {
  if [[ $1 =~ -([0-9]+)$ ]]; then
    echo "${BASH_REMATCH[1]}"
  else
    port_of "$1"
  fi
}

# --- retention -------------------------------------------------------------------------------------

# retention : one retention pass now: scan-orchestrator's POST /api/retention/run with the scheduler's service token,
# straight to the service (a pass may outlast the gateway's timeout); prints what the pass did.
retention() {
  with_mode
  local orchestrator
  orchestrator=http://127.0.0.1:$(port_of scan-orchestrator)
  token=$(call POST /auth/service-token "{\"clientId\":\"scheduler\",\"clientSecret\":\"$SCHEDULER_CLIENT_SECRET\"}" 200 | jq -r .accessToken)
  gateway=$orchestrator call POST /api/retention/run '' 200 | jq .
}

# --- down and status -------------------------------------------------------------------------------

down() {
  stop gateway
  for ((i = ${#services[@]} - 1; i >= 0; i--)); do
    stop "${services[i]%%:*}"
  done
  stop aws-emulator
  local file
  for file in "$pids"/*.pid; do # instances that `another` started
    [[ -e $file ]] && stop "$(basename "$file" .pid)"
  done
  "$repo/deploy/local/kafka.sh" stop
  "$repo/deploy/local/replica.sh" stop
  if [[ -f $RUN_DIR/mariadb-started-here ]]; then
    MYSQL_PWD=${DB_ADMIN_PASSWORD:-} mariadb-admin --host=127.0.0.1 --user="${DB_ADMIN_USER:-root}" shutdown && say "stopped MariaDB"
    rm -f "$RUN_DIR/mariadb-started-here"
  fi
}

status() {
  local all=(aws-emulator)
  for entry in "${services[@]}"; do
    all+=("${entry%%:*}")
  done
  all+=(gateway)
  for name in "${all[@]}"; do
    local pid
    if pid=$(running_pid "$name"); then
      say "$name: running (pid $pid)"
    else
      say "$name: not running"
    fi
  done
  "$repo/deploy/local/kafka.sh" status || true
  "$repo/deploy/local/mariadb.sh" status || true
  "$repo/deploy/local/replica.sh" status 2>/dev/null || true
}

case "${1:-}" in
  up) shift; up "$@" ;;
  restart) restart "${2:-}" ;;
  another) another "${2:-}" "${3:-}" ;;
  stop) stop "${2:?stop takes the name of a process, e.g. ec2-scanner-8095}" ;;
  down) down ;;
  status) status ;;
  backup) backup ;;
  restore) shift; restore "$@" ;;
  retention) retention ;;
  *) echo "usage: $0 up [--aws] [--replica]|restart NAME|another NAME PORT|stop NAME|down|status|backup|restore DIR [--to INSTANT]|retention" >&2
    exit 2 ;;
esac
