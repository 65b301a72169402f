#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft) for running CloudDiagnoze on this machine, started
# from its Maven Central jars: no container engine needed. Every client authenticates (SASL/SCRAM-SHA-512) as a
# principal of its own, and may do only what an ACL allows it (KRaft's StandardAuthorizer).
#
#   deploy/local/kafka.sh start    start it (no-op if it runs), wait until it takes connections
#   deploy/local/kafka.sh setup    start, then apply the bus's principals, topics and ACLs (event-bus-tool.jar;
#                                  passwords generated once into $RUN_DIR/secrets.env)
#   deploy/local/kafka.sh read TOPIC    every record of TOPIC so far, as JSON lines (key, headers, payload, …), as admin
#   deploy/local/kafka.sh write TOPIC   send the records given as such JSON lines on standard input to TOPIC, as admin
#   deploy/local/kafka.sh stop     stop it by its PID
#   deploy/local/kafka.sh status   say whether it runs
#   deploy/local/kafka.sh check    produce a record and consume it back, as admin
#
# Settings: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), RUN_DIR (<repo>/.run). Everything the broker writes
# (data, log, pid, config) lives in $RUN_DIR/kafka; the administrator's password is KAFKA_ADMIN_PASSWORD in
# $RUN_DIR/secrets.env. kcat needs librdkafka 2.6.1 or later for SCRAM with this broker (Debian 12 has 2.0.2).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
export RUN_DIR=${RUN_DIR:-$repo/.run}
home="$RUN_DIR/kafka"
port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-9093}
pid_file="$home/broker.pid"
log_file="$home/broker.log"
# shellcheck source=deploy/local/lib.sh
source "$repo/deploy/local/lib.sh"
# shellcheck source=deploy/kafka/broker-config.sh
source "$repo/deploy/kafka/broker-config.sh"

running_pid() {
  [[ -f $pid_file ]] || return 1
  local pid
  pid=$(<"$pid_file")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

classpath() {
  local cp_file="$home/classpath.txt"
  if [[ ! -s $cp_file || "$repo/deploy/local/kafka-broker/pom.xml" -nt $cp_file ]]; then
    "$repo/mvnw" -q -f "$repo/deploy/local/kafka-broker/pom.xml" dependency:build-classpath \
      -Dmdep.outputFile="$cp_file" >&2
  fi
  cat "$cp_file"
}

# write_config PASSWORD : the broker's settings (deploy/kafka/server.properties.template, which docker-compose's broker
# renders too), readable by its owner only (they hold the admin's password).
write_config() {
  broker_config "$home/server.properties" "127.0.0.1:$port" "127.0.0.1:$port" "127.0.0.1:$controller_port" "$home/data" "$1"
}

start() {
  local pid
  if pid=$(running_pid); then
    echo "Kafka broker already runs on 127.0.0.1:$port (pid $pid)"
    return 0
  fi
  if port_open "$port"; then
    echo "kafka.sh: port $port is taken by another process; set KAFKA_PORT" >&2
    return 1
  fi
  mkdir -p "$home/data"
  chmod 700 "$home"
  local cp java_opts password
  cp=$(classpath)
  password=$(secret KAFKA_ADMIN_PASSWORD)
  write_config "$password"
  [[ -s $home/cluster.id ]] || head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-22 >"$home/cluster.id"
  java_opts=(-Xms128m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
             -Dorg.slf4j.simpleLogger.showDateTime=true -cp "$cp")
  # The administrator's SCRAM credential is written with the storage (KIP-900): through an argument file, so that its
  # password never shows in the process list.
  (umask 077 && printf '%s\n' kafka.tools.StorageTool format --ignore-formatted -t "$(<"$home/cluster.id")" \
    -c "$home/server.properties" --add-scram "SCRAM-SHA-512=[name=admin,password=$password]" >"$home/format.args")
  java "${java_opts[@]}" "@$home/format.args" >>"$log_file" 2>&1
  rm -f "$home/format.args"
  nohup java "${java_opts[@]}" kafka.Kafka "$home/server.properties" >>"$log_file" 2>&1 &
  echo $! >"$pid_file"
  for _ in $(seq 1 120); do
    if port_open "$port"; then
      echo "Kafka broker ready on 127.0.0.1:$port (pid $(<"$pid_file"), log $log_file)"
      return 0
    fi
    if ! running_pid >/dev/null; then
      echo "kafka.sh: the broker exited while starting; last lines of $log_file:" >&2
      tail -n 20 "$log_file" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "kafka.sh: the broker did not open 127.0.0.1:$port within 60 s (log: $log_file)" >&2
  return 1
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    echo "Kafka broker is not running"
    rm -f "$pid_file"
    return 0
  fi
  kill "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pid_file"; echo "Kafka broker stopped (pid $pid)"; return 0; }
    sleep 0.5
  done
  echo "kafka.sh: the broker did not stop within 30 s; killing pid $pid" >&2
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pid_file"
}

status() {
  local pid
  if pid=$(running_pid); then
    echo "Kafka broker runs on 127.0.0.1:$port (pid $pid)"
  else
    echo "Kafka broker is not running"
    return 3
  fi
}

# tool ARGS... : the event bus's tool (event-bus-tool.jar, built when missing), as admin unless told otherwise.
tool() {
  local jar
  jar=$(ls "$repo"/event-bus/target/event-bus-*-tool.jar 2>/dev/null | head -n 1 || true)
  if [[ -z $jar ]]; then
    "$repo/mvnw" -q -pl event-bus -am package -DskipTests >&2
    jar=$(ls "$repo"/event-bus/target/event-bus-*-tool.jar | head -n 1)
  fi
  KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$port KAFKA_ADMIN_PASSWORD=$(secret KAFKA_ADMIN_PASSWORD) java -jar "$jar" "$@"
}

# setup : the bus's principals (each with its password from secrets.env), topics and ACLs, applied as admin.
setup() {
  start
  local variable
  for variable in $(tool passwords); do
    export "$variable=$(secret "$variable")"
  done
  tool setup
}

check() {
  local message received
  need jq jq
  message="check-$(date +%s%N)"
  jq -cn --arg message "$message" '{key: "check", headers: {}, payload: $message}' | tool write kafka-sh-check 2>/dev/null
  received=$(tool read kafka-sh-check | jq -r --arg message "$message" 'select(.payload == $message) | "\(.key)=\(.payload)"')
  if [[ $received == "check=$message" ]]; then
    echo "Kafka broker on 127.0.0.1:$port: produced and consumed a record as admin ($received)"
  else
    echo "kafka.sh: produced check=$message but consumed '$received'" >&2
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  setup) setup ;;
  read) tool read "${2:?read takes a topic}" ;;
  write) tool write "${2:?write takes a topic}" ;;
  stop) stop ;;
  status) status ;;
  check) check ;;
  *) echo "usage: $0 start|setup|read TOPIC|write TOPIC|stop|status|check" >&2; exit 2 ;;
esac
