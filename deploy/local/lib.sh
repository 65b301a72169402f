# Shared by stack.sh, e2e.sh, restore-drill.sh, kafka.sh, mariadb.sh and .ci/run: messages, checks, the generated secrets,
# Debian packages installed when a command is missing, calls to CloudDiagnoze's API through the gateway, and queries
# of its database. The calls need $gateway (e.g. http://127.0.0.1:8080) and send $token as their bearer token when set.

say() { printf '%s\n' "$*"; }
die() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

# check WHAT COMMAND... : one line "ok    WHAT" when COMMAND holds; otherwise stops the script, saying what failed.
check() {
  local what=$1
  shift
  if "$@"; then
    say "ok    $what"
  else
    die "FAILED: $what"
  fi
}

equals() { [[ $1 == "$2" ]] || { say "      expected $2, got $1"; return 1; }; }

# secret NAME : NAME's value in $RUN_DIR/secrets.env, made the first time (24 random letters and digits, owner-only).
secret() {
  local file=$RUN_DIR/secrets.env value
  value=$(grep "^$1=" "$file" 2>/dev/null | cut -d= -f2- || true)
  if [[ -z $value ]]; then
    mkdir -p "$RUN_DIR"
    value=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
    (umask 077 && echo "$1=$value" >>"$file")
  fi
  printf '%s' "$value"
}

# need COMMAND PACKAGE : installs Debian's PACKAGE when COMMAND is missing (as root), or says what to install.
need() {
  local command=$1 package=$2
  command -v "$command" >/dev/null && return 0
  [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null || die "$command is missing: install Debian's $package"
  say "Installing $package from Debian's packages..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y "$package" >/dev/null 2>&1 \
    || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y "$package" >/dev/null; }
}

api() {
  local method=$1 path=$2 body=${3:-}
  local args=(-sS -X "$method" -H 'Content-Type: application/json' -w '\n%{http_code}')
  [[ -n ${token:-} ]] && args+=(-H "Authorization: Bearer $token")
  [[ -n $body ]] && args+=(-d "$body")
  curl "${args[@]}" "$gateway$path"
}

# call METHOD PATH [BODY] EXPECTED_STATUS... : the body, or a clear failure.
call() {
  local method=$1 path=$2 body=$3
  shift 3
  local answer status
  answer=$(api "$method" "$path" "$body")
  status=${answer##*$'\n'}
  for expected in "$@"; do
    if [[ $status == "$expected" ]]; then
      printf '%s' "${answer%$'\n'*}"
      return 0
    fi
  done
  die "$method $path answered $status: ${answer%$'\n'*}"
}

# await_runs RUN_IDS SECONDS : until every scan run is closed, showing their progress on one line.
await_runs() {
  local runs=$1 deadline=$((SECONDS + $2)) line open view
  while :; do
    line="" open=0
    for run in $runs; do
      view=$(call GET "/api/scans/$run" '' 200)
      line+=$(jq -r '"  \(.service) \(.status) \(.totalResources)"' <<<"$view")
      [[ $(jq -r .status <<<"$view") == in_progress ]] && open=$((open + 1))
    done
    printf '\r%s' "$line"
    [[ $open -eq 0 ]] && break
    [[ $SECONDS -lt $deadline ]] || { printf '\n'; die "scan runs $runs were not closed within $2 s"; }
    sleep 1
  done
  printf '\n'
}

# onboard ROLE_ARN EXTERNAL_ID [SPEC] : aws-emulator trusts the role with that ExternalId; a new account copies
# the demo's resources, or has those its generator makes from SPEC (instances=…,buckets=…,regions=…).
onboard() {
  curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' \
    -d "$(jq -cn --arg roleArn "$1" --arg externalId "$2" --arg generate "${3:-}" \
      '{roleArn: $roleArn, externalId: $externalId} + (if $generate == "" then {} else {generate: $generate} end)')" \
    "http://127.0.0.1:${EMULATOR_PORT:-4566}/_emulator/roles"
}

# register NAME : registers a new tenant with a random password; sets $email and $password.
register() {
  email="$1-$(date +%s%N)@clouddiagnoze.test"
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  token=""
  call POST /auth/register "{\"email\":\"$email\",\"password\":\"$password\",\"companyName\":\"Test $1\"}" 201 >/dev/null
}

# tenant NAME : registers a new tenant and prints its access token.
tenant() {
  local email password
  register "$1"
  call POST /auth/login "{\"email\":\"$email\",\"password\":\"$password\"}" 200 | jq -r .accessToken
}

# scan '"ec2","s3"' : starts a scan of those services and prints its scan run ids.
scan() {
  call POST /api/scans "{\"services\":[$1]}" 202 | jq -r '.[].id'
}

# sql QUERY : its rows, tab-separated, from the system's database as its administrator.
sql() {
  MYSQL_PWD=${DB_ADMIN_PASSWORD:-} mariadb --host=127.0.0.1 --user="${DB_ADMIN_USER:-root}" --batch --skip-column-names \
    "${DB_NAME:-clouddiagnoze}" -e "$1"
}
