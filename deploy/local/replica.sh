#!/usr/bin/env bash
# A read replica of CloudDiagnoze's database on this machine: a second MariaDB server, read-only, that replicates the
# database from the local server by its binary log (GTID). The reads that may lag (inventory, findings, series,
# exports) go to it once it has applied what the primary had committed when they began (README.md, "Operate it").
#
#   deploy/local/replica.sh start    make the replica if it is not there (its own data directory, a snapshot of the
#                                    database and of the accounts taken while the primary works, then replication
#                                    from the snapshot's position) and start it; says its port last
#   deploy/local/replica.sh stop     stop it, by its PID; its data directory stays for the next start
#   deploy/local/replica.sh drop     stop it and delete its data directory (a restore of the primary needs this)
#   deploy/local/replica.sh status   say whether it runs, and how far behind it is
#
# Settings: REPLICA_PORT (3307), REPLICA_DIR ($RUN_DIR/replica), DB_NAME (clouddiagnoze), and the primary's DB_HOST
# (127.0.0.1), DB_PORT (3306), DB_ADMIN_USER (root), DB_ADMIN_PASSWORD (empty), as mariadb.sh takes them. Locally the
# replica signs in to the primary as that administrator; in compose and Kubernetes, as a replication account.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
export RUN_DIR=${RUN_DIR:-$repo/.run}
# shellcheck source=deploy/local/lib.sh
source "$repo/deploy/local/lib.sh"
DB_HOST=${DB_HOST:-127.0.0.1} DB_PORT=${DB_PORT:-3306} DB_NAME=${DB_NAME:-clouddiagnoze}
DB_ADMIN_USER=${DB_ADMIN_USER:-root} DB_ADMIN_PASSWORD=${DB_ADMIN_PASSWORD:-}
port=${REPLICA_PORT:-3307}
dir=${REPLICA_DIR:-$RUN_DIR/replica}

# primary CLIENT ARGS... / replica CLIENT ARGS... : a MariaDB client program as the administrator of either server.
primary() { MYSQL_PWD=$DB_ADMIN_PASSWORD "$1" --host="$DB_HOST" --port="$DB_PORT" --user="$DB_ADMIN_USER" "${@:2}"; }
replica() { "$1" --socket="$dir/mariadbd.sock" --user=root "${@:2}"; }

running_pid() {
  local pid
  [[ -f $dir/mariadbd.pid ]] || return 1
  pid=$(<"$dir/mariadbd.pid")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# launch : starts the server on the data directory, read-only, replicating only the database's tables (the other
# databases of the primary, tests' among them, are not in the snapshot), and waits until it answers.
launch() {
  # server_id: unique among the primary's replicas; the port is, on this machine.
  /usr/sbin/mariadbd --no-defaults --user="$(id -un)" --datadir="$dir/data" --socket="$dir/mariadbd.sock" \
    --pid-file="$dir/mariadbd.pid" --log-error="$dir/error.log" --bind-address=127.0.0.1 --port="$port" \
    --skip-name-resolve --server-id="$port" --read-only=ON --skip-log-bin --replicate-wild-do-table="$DB_NAME.%" \
    --innodb-buffer-pool-size="${REPLICA_BUFFER_POOL_MB:-256}M" --slave-parallel-threads=2 >/dev/null 2>&1 &
  for _ in $(seq 1 120); do
    replica mariadb-admin --connect-timeout=2 ping >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  die "the replica did not answer within 60 s (see $dir/error.log)"
}

# seed : a new data directory holding the database and the accounts as a consistent snapshot of the primary shows them,
# and replication from the snapshot's GTID position. The primary keeps working meanwhile (one transaction's snapshot).
seed() {
  [[ $(primary mariadb --batch --skip-column-names -e 'SELECT @@log_bin') == 1 ]] \
    || die "the primary runs without its binary log; deploy/local/mariadb.sh start turns it on"
  rm -rf "$dir"
  mkdir -p "$dir"
  mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$dir/data" --auth-root-authentication-method=normal \
    --skip-test-db >"$dir/install.log" 2>&1 || die "mariadb-install-db failed (see $dir/install.log)"
  launch
  primary mariadb-dump --single-transaction --gtid --master-data=2 --routines --databases "$DB_NAME" >"$dir/snapshot.sql"
  primary mariadb-dump --system=users --insert-ignore >"$dir/accounts.sql"
  local position
  position=$(sed -n "s/^-- SET GLOBAL gtid_slave_pos='\(.*\)';$/\1/p" "$dir/snapshot.sql" | head -n 1)
  replica mariadb <"$dir/snapshot.sql"
  # Accounts only where they are missing (the replica's administrator stays as it is), with their grants; the grants on
  # tables of the primary's other databases, which the replica does not hold, fail and are left out.
  replica mariadb --force <"$dir/accounts.sql" >"$dir/accounts.log" 2>&1 || true
  rm -f "$dir/snapshot.sql" "$dir/accounts.sql"
  replica mariadb <<SQL
SET GLOBAL gtid_slave_pos = '$position';
CHANGE MASTER TO MASTER_HOST = '$DB_HOST', MASTER_PORT = $DB_PORT, MASTER_USER = '$DB_ADMIN_USER',
  MASTER_PASSWORD = '$DB_ADMIN_PASSWORD', MASTER_USE_GTID = slave_pos;
START SLAVE;
SQL
}

start() {
  if running_pid >/dev/null; then
    say "replica: running on 127.0.0.1:$port"
    return 0
  fi
  [[ -x /usr/sbin/mariadbd ]] || die "no MariaDB server here; deploy/local/mariadb.sh start installs it"
  if [[ -d $dir/data ]]; then
    launch
  else
    seed
  fi
  say "replica: $DB_NAME replicated from $DB_HOST:$DB_PORT on 127.0.0.1:$port"
}

stop() {
  local pid
  pid=$(running_pid) || return 0
  kill "$pid"
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || { say "replica: stopped"; return 0; }
    sleep 0.5
  done
  die "the replica (pid $pid) did not stop within 60 s"
}

status() {
  if running_pid >/dev/null; then
    replica mariadb --batch -e 'SHOW SLAVE STATUS\G' \
      | awk -v port="$port" '/Slave_IO_Running:|Slave_SQL_Running:|Seconds_Behind_Master:|Last_Error:/ {
          sub(/^ +/, ""); line = line (line ? ", " : "") $0 } END { print "replica: running on 127.0.0.1:" port "; " line }'
  else
    say "replica: not running"
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  drop) stop && rm -rf "$dir" && say "replica: dropped" ;;
  status) status ;;
  *) echo "usage: $0 start|stop|drop|status" >&2; exit 2 ;;
esac
