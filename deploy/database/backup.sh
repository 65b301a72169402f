#!/usr/bin/env bash
# Backups of CloudDiagnoze's database, and their restore, on any MariaDB server it reaches: the local stack's
# (deploy/local/stack.sh backup|restore) and a cluster's (the database-backup CronJob, deploy/k8s).
#
#   deploy/database/backup.sh take ROOT                 a consistent backup of DB_NAME while it is in use, into a new
#                                                       directory under ROOT; keeps the newest BACKUP_KEEP of them (7)
#                                                       and prints the backup's directory as its last line
#   deploy/database/backup.sh restore DIR [--to INSTANT]   checks DIR's checksum and restores it into DB_NAME, then,
#                                                       with --to, replays the binary log from the backup's position up
#                                                       to INSTANT (anything `date -d` reads, e.g. 2026-12-06T05:50:00Z)
#
# A backup is a logical dump (mariadb-dump --single-transaction --master-data=2: one snapshot, no lock held, the binary
# log position of that snapshot), compressed: dump.sql.gz, manifest.json (what, when, the binary log position, every
# table and its rows in the dump) and SHA256SUMS. Why a dump and not mariadb-backup: README.md, "Operate it".
#
# Settings: DB_HOST (127.0.0.1), DB_PORT (3306), DB_NAME (clouddiagnoze), DB_ADMIN_USER (root), DB_ADMIN_PASSWORD
# (empty; passed to the clients in their environment, never on a command line or in the output), DB_BACKUP_USER and
# DB_BACKUP_PASSWORD (the read-only account a backup is taken as, cd_backup of db/accounts.sql; the administrator when
# unset; a restore is always the administrator's), DB_TLS_CA_FILE (when set, TLS with the server's certificate checked
# against it), BACKUP_KEEP (7).
set -euo pipefail

DB_HOST=${DB_HOST:-127.0.0.1} DB_PORT=${DB_PORT:-3306} DB_NAME=${DB_NAME:-clouddiagnoze}
if [[ ${1:-} == take && -n ${DB_BACKUP_USER:-} ]]; then
  client_user=$DB_BACKUP_USER
  export MYSQL_PWD=${DB_BACKUP_PASSWORD:-}
else
  client_user=${DB_ADMIN_USER:-root}
  export MYSQL_PWD=${DB_ADMIN_PASSWORD:-}
fi

say() { printf '%s\n' "$*"; }
die() { printf 'backup.sh: %s\n' "$*" >&2; exit 1; }

[[ $DB_NAME =~ ^[A-Za-z0-9_]+$ ]] || die "DB_NAME must be letters, digits and _"

# client PROGRAM ARGS... : a MariaDB client program, as the backup account or the administrator, over TLS when
# DB_TLS_CA_FILE is set.
client() {
  local tls=()
  [[ -n ${DB_TLS_CA_FILE:-} ]] && tls=(--ssl-ca="$DB_TLS_CA_FILE" --ssl-verify-server-cert)
  "$1" --host="$DB_HOST" --port="$DB_PORT" --user="$client_user" "${tls[@]}" "${@:2}"
}

query() { client mariadb --batch --skip-column-names -e "$1"; }

now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

# manifest_value KEY FILE : a top-level string or number of a manifest this script wrote (one key per line).
manifest_value() {
  sed -n "s/^  \"$1\": \"\{0,1\}\([^\",]*\).*/\1/p" "$2"
}

# The dump's rows per table, read as it streams by. Within an INSERT statement every row opens with the only "(" outside
# the quoted strings (mariadb-dump writes literals alone, and escapes quotes and backslashes within strings). The
# dump writes a row a line, so a line that opens with "(" and holds no "),(" is one row; any other line of the
# statement is counted exactly, with its strings taken out. Tables with no row count 0.
count_rows() {
  awk -v out="$1" -v q="'" '
    /^CREATE TABLE `/ { split($0, name, "`"); rows[name[2]] += 0 }
    /^INSERT INTO `/ { split($0, name, "`"); table = name[2] }
    table != "" {
      if ($0 ~ /^\(/ && !index($0, "),(")) {
        rows[table]++
      } else {
        line = $0
        gsub(/\\\\/, "", line); gsub("\\\\" q, "", line)
        pieces = split(line, part, q)
        for (i = 1; i <= pieces; i += 2) rows[table] += gsub(/\(/, "", part[i])
      }
      if ($0 ~ /;$/) table = ""
    }
    { print }
    END { for (table in rows) printf "%s %d\n", table, rows[table] > out }'
}

take() {
  local root=${1:?take needs the directory that holds the backups}
  local keep=${BACKUP_KEEP:-7} started
  umask 077
  [[ $keep =~ ^[1-9][0-9]*$ ]] || die "BACKUP_KEEP must be a positive number"
  query 'SELECT 1' >/dev/null || die "MariaDB at $DB_HOST:$DB_PORT does not answer"
  [[ $(query 'SELECT @@log_bin') == 1 ]] \
    || say "warning: the server keeps no binary log: this backup restores, but not to a later instant" >&2
  started=$(now)
  dir=$root/$DB_NAME-$(date -u -d "$started" +%Y%m%dT%H%M%SZ)
  [[ ! -e $dir ]] || die "$dir exists already"
  mkdir -p "$root"
  mkdir "$dir"
  # A backup that did not finish leaves nothing behind.
  trap '[[ -f $dir/SHA256SUMS ]] || rm -rf "$dir"' EXIT
  say "Backing up $DB_NAME on $DB_HOST:$DB_PORT into $dir..."
  local seconds=$SECONDS
  client mariadb-dump --single-transaction --master-data=2 --routines --triggers --events --hex-blob --quick \
    --skip-dump-date "$DB_NAME" | count_rows "$dir/rows" | gzip >"$dir/dump.sql.gz"
  local coordinates file position
  coordinates=$(zcat "$dir/dump.sql.gz" | head -n 40 | grep -m 1 '^-- CHANGE MASTER TO' || true)
  file=$(sed -n "s/.*MASTER_LOG_FILE='\([^']*\)'.*/\1/p" <<<"$coordinates")
  position=$(sed -n 's/.*MASTER_LOG_POS=\([0-9]*\).*/\1/p' <<<"$coordinates")
  local tables count
  tables=$(sort "$dir/rows" | awk '{printf "%s    \"%s\": %d", (NR > 1 ? ",\n" : ""), $1, $2}')
  count=$(wc -l <"$dir/rows")
  rm "$dir/rows"
  cat >"$dir/manifest.json" <<EOF
{
  "database": "$DB_NAME",
  "server": "$(query 'SELECT VERSION()')",
  "method": "mariadb-dump --single-transaction --master-data=2",
  "started": "$started",
  "finished": "$(now)",
  "binlogFile": "$file",
  "binlogPosition": ${position:-null},
  "file": "dump.sql.gz",
  "bytes": $(stat -c %s "$dir/dump.sql.gz"),
  "sha256": "$(sha256sum "$dir/dump.sql.gz" | cut -d' ' -f1)",
  "tables": {
$tables
  }
}
EOF
  (cd "$dir" && sha256sum dump.sql.gz manifest.json >SHA256SUMS)
  say "Backed up $count tables," \
    "$(du -h "$dir/dump.sql.gz" | cut -f1) compressed, in $((SECONDS - seconds)) s; binary log ${file:-none} at ${position:-none}"
  prune "$root" "$keep"
  say "$dir"
}

# prune ROOT KEEP : removes the complete backups of DB_NAME under ROOT but the newest KEEP (their names sort by time).
prune() {
  local backups old
  mapfile -t backups < <(find "$1" -mindepth 2 -maxdepth 2 -name SHA256SUMS -path "$1/$DB_NAME-*" -printf '%h\n' | sort)
  for old in "${backups[@]:0:$(( ${#backups[@]} > $2 ? ${#backups[@]} - $2 : 0 ))}"; do
    rm -rf "$old"
    say "Removed the older backup $old"
  done
}

restore() {
  local dir=${1:?restore needs a backup directory} to=""
  shift
  case "${1:-}" in
    --to) to=${2:?--to needs an instant, e.g. 2026-12-06T05:50:00Z} ;;
    "") ;;
    *) die "restore DIR [--to INSTANT]" ;;
  esac
  [[ -f $dir/SHA256SUMS ]] || die "$dir holds no backup (no SHA256SUMS)"
  (cd "$dir" && sha256sum --check --quiet SHA256SUMS) || die "$dir: the checksum does not match; the backup is damaged"
  local source file position started stop=""
  source=$(manifest_value database "$dir/manifest.json")
  file=$(manifest_value binlogFile "$dir/manifest.json")
  position=$(manifest_value binlogPosition "$dir/manifest.json")
  started=$(manifest_value started "$dir/manifest.json")
  local logs=()
  if [[ -n $to ]]; then
    stop=$(date -u -d "$to" '+%Y-%m-%d %H:%M:%S') || die "--to: $to is not an instant date reads"
    [[ -n $file && $position != null ]] || die "$dir was taken with no binary log: it restores only to its own time"
    # The binary log names the database in some statements (DROP DATABASE), which a rewrite would not change.
    [[ $source == "$DB_NAME" ]] || die "--to replays into the database the backup was taken from, $source, alone"
    [[ $(date -u -d "$to" +%s) -ge $(date -u -d "$started" +%s) ]] || die "--to: $to is before the backup ($started)"
    [[ $(date -u -d "$to" +%s) -le $(date -u +%s) ]] || die "--to: $to is still to come"
    # The logs written so far are closed first, so that the restore's own writes go to a new one, not into what is read.
    query 'FLUSH BINARY LOGS'
    mapfile -t logs < <(query 'SHOW BINARY LOGS' | cut -f1 | sed '$d' | awk -v first="$file" '$1 >= first')
    [[ ${logs[0]:-} == "$file" ]] || die "the server no longer keeps $file: it cannot replay from this backup"
  fi
  local seconds=$SECONDS
  say "Restoring $dir (database $source, $started) into $DB_NAME on $DB_HOST:$DB_PORT..."
  # The database is made anew, so that nothing made after the backup (a table, a view) stays. Run within the database,
  # the drop is in its binary log too, and a later restore to an instant replays it in turn.
  query "CREATE DATABASE IF NOT EXISTS \`$DB_NAME\`"
  local charset collation
  read -r charset collation < <(query "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME
    FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '$DB_NAME'")
  client mariadb --database="$DB_NAME" -e "DROP DATABASE \`$DB_NAME\`;
    CREATE DATABASE \`$DB_NAME\` CHARACTER SET $charset COLLATE $collation"
  zcat "$dir/dump.sql.gz" | client mariadb --database="$DB_NAME"
  say "Restored the backup in $((SECONDS - seconds)) s"
  if [[ -n $to ]]; then
    seconds=$SECONDS
    TZ=UTC client mariadb-binlog --read-from-remote-server --skip-gtid-strict-mode --database="$DB_NAME" \
      --start-position="$position" --stop-datetime="$stop" "${logs[@]}" | client mariadb --database="$DB_NAME"
    say "Replayed $DB_NAME's changes from ${logs[0]} at $position to $to (${#logs[@]} binary logs) in $((SECONDS - seconds)) s"
  fi
}

case "${1:-}" in
  take) take "${2:-}" ;;
  restore) shift; restore "$@" ;;
  *) echo "usage: $0 take ROOT | restore DIR [--to INSTANT]" >&2; exit 2 ;;
esac
