# Shared by stack.sh, e2e.sh and .ci/run: messages, Debian packages installed when a command is missing,
# and calls to CloudDiagnoze's API through the gateway. The calls need $gateway (e.g. http://127.0.0.1:8080)
# and send $token as their bearer token when it is set.

say() { printf '%s\n' "$*"; }
die() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

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

# onboard ROLE_ARN EXTERNAL_ID : aws-emulator trusts the role with that ExternalId (a new account copies the demo's).
onboard() {
  curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' \
    -d "{\"roleArn\":\"$1\",\"externalId\":\"$2\"}" "http://127.0.0.1:${EMULATOR_PORT:-4566}/_emulator/roles"
}
