#!/usr/bin/env bash
# The restore drill, on a running system (deploy/local/stack.sh up) that holds scans of two tenants (the demo tenant's
# and e2e.sh's): a backup while it runs; then data changed and deleted, through the API and in the database; the
# restore, after which every table's row count and CHECKSUM TABLE equal those at backup time; then two scans, and a
# restore to an instant between them, after which the first is there and the second is not. Prints one line per check
# and the time each part took; stops at the first check that fails, with a non-zero exit. Its backups go into a
# directory of its own, removed at the end.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
gateway="http://127.0.0.1:${GATEWAY_PORT:-8080}"
export RUN_DIR=${RUN_DIR:-$repo/.run} DB_NAME=${DB_NAME:-clouddiagnoze}
# shellcheck source=deploy/local/lib.sh
source "$repo/deploy/local/lib.sh"
BACKUP_DIR=$(mktemp -d)
export BACKUP_DIR
trap 'rm -rf "$BACKUP_DIR"' EXIT

stack() { "$repo/deploy/local/stack.sh" "$@"; }

# state : every table of the database with its row count and CHECKSUM TABLE, one per line.
state() {
  local tables counts
  tables=$(sql "SELECT GROUP_CONCAT('\`', TABLE_NAME, '\`' ORDER BY TABLE_NAME) FROM information_schema.TABLES
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'")
  counts=$(sql "$(sql "SELECT GROUP_CONCAT('SELECT ''', TABLE_NAME, ''', COUNT(*) FROM \`', TABLE_NAME, '\`'
    ORDER BY TABLE_NAME SEPARATOR ' UNION ALL ') FROM information_schema.TABLES
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'")")
  LC_ALL=C join -t $'\t' <(LC_ALL=C sort <<<"$counts") <(sql "CHECKSUM TABLE $tables" | sed "s/^$DB_NAME\.//" | LC_ALL=C sort)
}

# quiet : the state, once the system has stopped writing (the same twice, a second apart; at most 60 s).
quiet() {
  local last now
  last=$(state)
  for _ in $(seq 1 60); do
    sleep 1
    now=$(state)
    [[ $now == "$last" ]] && { printf '%s' "$now"; return 0; }
    last=$now
  done
  die "the database kept changing for 60 s"
}

# same_state EXPECTED : the database's state is EXPECTED; otherwise the tables that differ, as expected and as found.
same_state() {
  local now
  now=$(state)
  [[ $now == "$1" ]] && return 0
  say "      tables that differ (table, rows, checksum; - expected, + found):"
  diff <(printf '%s\n' "$1") <(printf '%s\n' "$now") | grep '^[<>]' | sed 's/^</      -/; s/^>/      +/'
  return 1
}

took() { say "      ($1: $((SECONDS - $2)) s)"; }

start=$SECONDS
demo_email=$(grep '^DEMO_EMAIL=' "$RUN_DIR/secrets.env" | cut -d= -f2-)
demo_password=$(grep '^DEMO_PASSWORD=' "$RUN_DIR/secrets.env" | cut -d= -f2-)
token=""
token=$(call POST /auth/login "{\"email\":\"$demo_email\",\"password\":\"$demo_password\"}" 200 | jq -r .accessToken)
demo=$(sql "SELECT id FROM users WHERE email = '$demo_email'")
check "the system holds successful scans of two tenants or more" \
  test "$(sql "SELECT COUNT(DISTINCT user_id) FROM scan_runs WHERE status = 'success'")" -ge 2

# The backup, of a system at rest, so that its state is the backup's.
before=$(quiet)
t=$SECONDS
backup=$(stack backup | tail -n 1)
took "backup" "$t"
check "nothing changed while the backup was taken" same_state "$before"
check "the backup's manifest counts every table's rows as they are" equals \
  "$(jq -r '.tables | to_entries[] | "\(.key)\t\(.value)"' "$backup/manifest.json")" "$(cut -f1,2 <<<"$before")"

# Changes and deletions: a scan deleted through the API (its resources and metrics with it), a tenant's name changed
# and its findings deleted in the database.
run=$(sql "SELECT MIN(id) FROM scan_runs WHERE user_id = $demo AND status = 'success'")
call DELETE "/api/scans/$run" '' 204 >/dev/null
sql "UPDATE users SET company_name = 'Changed by the drill' WHERE id = $demo; DELETE FROM findings WHERE client_id = $demo"
check "the data changed" test "$(state)" != "$before"

t=$SECONDS
stack restore "$backup"
took "restore, with the services that hold connections stopped and started again" "$t"
check "after the restore every table's row count and checksum equal those at backup time" same_state "$before"
check "the deleted scan is back" equals "$(call GET "/api/scans/$run" '' 200 | jq -r .status)" success

# Two scans, an instant between them (the binary log counts whole seconds), and a restore to that instant.
first=$(scan '"ec2"')
await_runs "$first" 180
quiet >/dev/null
sleep 1
instant=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sleep 1
second=$(scan '"s3"')
await_runs "$second" 180
t=$SECONDS
stack restore "$backup" --to "$instant"
took "restore to $instant" "$t"
check "the scan before $instant is there with its 20 instances" equals \
  "$(call GET "/api/scans/$first" '' 200 | jq -r '"\(.status) \(.totalResources)"') $(sql "SELECT COUNT(*) FROM ec2_instances WHERE scan_run_id = $first")" \
  "success 20 20"
check "the scan after $instant is not" equals "$(api GET "/api/scans/$second" | tail -n 1) $(sql "SELECT COUNT(*) FROM scan_runs WHERE id = $second")" "404 0"
say "restore drill: every check held in $((SECONDS - start)) s"
