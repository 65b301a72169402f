#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft) for running CloudDiagnoze on this machine, started
# from its Maven Central jars: no container engine needed.
#
#   deploy/local/kafka.sh start    start it (no-op if it runs), wait until it takes connections
#   deploy/local/kafka.sh stop     stop it by its PID
#   deploy/local/kafka.sh status   say whether it runs
#   deploy/local/kafka.sh check    produce a record and consume it back with kcat (Debian's kafkacat)
#
# Settings: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), RUN_DIR (<repo>/.run). Everything the
# broker writes (data, log, pid, config) lives in $RUN_DIR/kafka.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
run_dir=${RUN_DIR:-$repo/.run}
home="$run_dir/kafka"
port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-9093}
pid_file="$home/broker.pid"
log_file="$home/broker.log"

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

write_config() {
  cat >"$home/server.properties" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$home/data
# A scanner instance reads its requests with four consumers: eight partitions let a second instance share the work.
num.partitions=8
offsets.topic.replication.factor=1
offsets.topic.num.partitions=8
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.cleaner.dedupe.buffer.size=8388608
log.retention.hours=168
PROPERTIES
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
  local cp java_opts
  cp=$(classpath)
  write_config
  [[ -s $home/cluster.id ]] || head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-22 >"$home/cluster.id"
  java_opts=(-Xms128m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
             -Dorg.slf4j.simpleLogger.showDateTime=true -cp "$cp")
  java "${java_opts[@]}" kafka.tools.StorageTool format --ignore-formatted -t "$(<"$home/cluster.id")" \
    -c "$home/server.properties" >>"$log_file" 2>&1
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

check() {
  local kcat topic message received
  kcat=$(command -v kcat || command -v kafkacat || true)
  if [[ -z $kcat ]]; then
    echo "kafka.sh: check needs kcat: apt-get install -y kafkacat" >&2
    return 1
  fi
  topic="kafka-sh-check"
  message="check-$(date +%s%N)"
  echo "$message" | "$kcat" -q -P -b "127.0.0.1:$port" -t "$topic" -k check
  received=$("$kcat" -q -C -b "127.0.0.1:$port" -t "$topic" -o -1 -c 1 -e -f '%k=%s\n')
  if [[ $received == "check=$message" ]]; then
    echo "Kafka broker on 127.0.0.1:$port: produced and consumed a record ($received)"
  else
    echo "kafka.sh: produced check=$message but consumed '$received'" >&2
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  check) check ;;
  *) echo "usage: $0 start|stop|status|check" >&2; exit 2 ;;
esac
