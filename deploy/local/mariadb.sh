#!/usr/bin/env bash
# Makes sure the local MariaDB server runs, and creates CloudDiagnoze's database and service accounts.
#
#   deploy/local/mariadb.sh start    start the server if it is not running (installs it on Debian if absent),
#                                    turn its binary log on (restarting it once if it ran without one), and
#                                    give InnoDB a buffer pool fit for a year of scans
#   deploy/local/mariadb.sh setup    start, then create the database, apply the migrations and create
#                                    the service accounts (passwords generated once into $RUN_DIR/secrets.env)
#   deploy/local/mariadb.sh drop     drop the database (the service accounts stay)
#   deploy/local/mariadb.sh status   say whether the server answers
#
# Settings: DB_HOST (127.0.0.1), DB_PORT (3306), DB_NAME (clouddiagnoze), DB_ADMIN_USER (root),
# DB_ADMIN_PASSWORD (empty), RUN_DIR (<repo>/.run), DB_BUFFER_POOL_MB (a quarter of the memory, at most 4096),
# DB_BINLOG_DAYS (8: how long the server keeps its binary logs; see README, Operate it).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
export RUN_DIR=${RUN_DIR:-$repo/.run}
# shellcheck source=deploy/local/lib.sh
source "$repo/deploy/local/lib.sh"
export DB_HOST=${DB_HOST:-127.0.0.1} DB_PORT=${DB_PORT:-3306} DB_NAME=${DB_NAME:-clouddiagnoze}
export DB_ADMIN_USER=${DB_ADMIN_USER:-root} DB_ADMIN_PASSWORD=${DB_ADMIN_PASSWORD:-}

# admin CLIENT ARGS... : a MariaDB client program, as the administrator.
admin() {
  MYSQL_PWD=$DB_ADMIN_PASSWORD "$1" --host="$DB_HOST" --port="$DB_PORT" --user="$DB_ADMIN_USER" "${@:2}"
}

admin_sql() {
  admin mariadb --batch --skip-column-names -e "$1"
}

answers() {
  admin mariadb-admin --connect-timeout=2 ping >/dev/null 2>&1
}

# InnoDB's buffer pool: a quarter of the memory, at most 4 GiB (DB_BUFFER_POOL_MB overrides). The server's
# default of 128 MiB holds a small part of a year of scans: at 7.9 million resource rows, inventory queries
# were 50 times slower with it (see README, Benchmarks). Applied while the server runs, to a local server only.
size_buffer_pool() {
  [[ $DB_HOST == 127.0.0.1 || $DB_HOST == localhost ]] || return 0
  local want=${DB_BUFFER_POOL_MB:-$(( $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) / 4 ))}
  if [[ -z ${DB_BUFFER_POOL_MB:-} ]] && (( want > 4096 )); then
    want=4096
  fi
  admin_sql "SET GLOBAL innodb_buffer_pool_size = GREATEST(@@innodb_buffer_pool_size, $want * 1024 * 1024)" \
    || echo "mariadb.sh: could not size the buffer pool to $want MiB; the server keeps its own" >&2
}

# The binary log, for point-in-time recovery (stack.sh restore --to): row-based, kept DB_BINLOG_DAYS days (longer
# than the backups' retention of a week), in the server's options through a file of ours that the server reads.
# The file is written before a server is started here; one that already runs without the log is restarted once, and
# the file keeps it on after that. Local server only.
binlog_options=/etc/mysql/mariadb.conf.d/60-clouddiagnoze.cnf

# write_binlog_options : the option file, and the line of my.cnf that reads it where Debian's own does not (as root).
write_binlog_options() {
  [[ $(id -u) -eq 0 ]] || return 0
  local options
  options=$(printf '%s\n' '# Written by CloudDiagnoze'"'"'s deploy/local/mariadb.sh: the binary log, for point-in-time recovery.' \
    '[mariadbd]' 'log_bin = mariadb-bin' 'server_id = 1' 'binlog_format = ROW' \
    "binlog_expire_logs_seconds = $(( ${DB_BINLOG_DAYS:-8} * 86400 ))")
  if [[ $(cat "$binlog_options" 2>/dev/null) != "$options" ]]; then
    install -d "$(dirname "$binlog_options")"
    printf '%s\n' "$options" >"$binlog_options"
  fi
  if ! /usr/sbin/mariadbd --print-defaults | grep -q -- '--log_bin=mariadb-bin'; then
    printf '!include %s\n' "$binlog_options" >>/etc/mysql/my.cnf
  fi
}

enable_binlog() {
  [[ $DB_HOST == 127.0.0.1 || $DB_HOST == localhost ]] || return 0
  write_binlog_options
  [[ $(admin_sql 'SELECT @@log_bin') == 1 ]] && return 0
  if [[ $(id -u) -ne 0 ]]; then
    echo "mariadb.sh: only root can turn the binary log on" >&2
    return 0
  fi
  echo "MariaDB runs without its binary log: restarting it once to turn it on"
  admin mariadb-admin shutdown
  for _ in $(seq 1 120); do
    start-stop-daemon --status --exec /usr/sbin/mariadbd || break
    sleep 0.5
  done
  launch
}

# launch : starts the local server and waits until it answers.
launch() {
  install -d -o mysql -g mysql /run/mysqld /var/log/mysql
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  for _ in $(seq 1 60); do
    answers && return 0
    sleep 0.5
  done
  echo "mariadb.sh: MariaDB did not answer within 30 s (see /var/log/mysql)" >&2
  return 1
}

start() {
  if answers; then
    enable_binlog
    size_buffer_pool
    echo "MariaDB answers on $DB_HOST:$DB_PORT"
    return 0
  fi
  if [[ $DB_HOST != 127.0.0.1 && $DB_HOST != localhost ]]; then
    echo "mariadb.sh: MariaDB at $DB_HOST:$DB_PORT does not answer, and it is not this machine's to start" >&2
    return 1
  fi
  if [[ ! -x /usr/sbin/mariadbd ]]; then
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
      echo "mariadb.sh: no MariaDB server here; install one (Debian: apt-get install -y mariadb-server)" >&2
      return 1
    fi
    echo "Installing mariadb-server from Debian's packages..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y mariadb-server >/dev/null \
      || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y mariadb-server >/dev/null; }
  fi
  write_binlog_options
  launch
  enable_binlog
  size_buffer_pool
  echo "MariaDB started and answers on $DB_HOST:$DB_PORT"
}


setup() {
  start
  local jar
  jar=$(ls "$repo"/database/target/database-*-setup.jar 2>/dev/null | head -n 1 || true)
  if [[ -z $jar ]]; then
    "$repo/mvnw" -q -pl database -am package -DskipTests
    jar=$(ls "$repo"/database/target/database-*-setup.jar | head -n 1)
  fi
  local name
  for name in DB_AUTH_PASSWORD DB_ORCHESTRATOR_PASSWORD DB_METRICS_PASSWORD DB_NOTIFICATION_PASSWORD DB_BACKUP_PASSWORD; do
    export "$name=$(secret "$name")"
  done
  java -jar "$jar" setup
}

drop() {
  [[ $DB_NAME =~ ^[A-Za-z0-9_]+$ ]] || { echo "mariadb.sh: DB_NAME must be letters, digits and _" >&2; return 2; }
  admin_sql "DROP DATABASE IF EXISTS \`$DB_NAME\`"
}

status() {
  if answers; then
    echo "MariaDB answers on $DB_HOST:$DB_PORT"
  else
    echo "MariaDB does not answer on $DB_HOST:$DB_PORT"
    return 3
  fi
}

case "${1:-}" in
  start) start ;;
  setup) setup ;;
  drop) drop ;;
  status) status ;;
  *) echo "usage: $0 start|setup|drop|status" >&2; exit 2 ;;
esac
