#!/usr/bin/env bash
# The docker-compose broker's entry point, in the apache/kafka image with deploy/kafka mounted read-only: renders
# server.properties.template as deploy/local/kafka.sh does, formats the storage on first start with the administrator's
# SCRAM credential (KIP-900; a formatted storage is left as it is, so KAFKA_ADMIN_PASSWORD is read into the
# credential once, at the first start), writes the client settings the health check signs in with, and runs the broker.
#
# Settings: KAFKA_ADMIN_PASSWORD (required); KAFKA_HEAP_OPTS as kafka-server-start.sh reads it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=deploy/kafka/broker-config.sh
source "$here/broker-config.sh"
kafka=/opt/kafka
data=/var/lib/kafka/data
# Written into the container, not the mounted directory: both files hold the administrator's password.
config=/tmp/kafka
password=${KAFKA_ADMIN_PASSWORD:?set KAFKA_ADMIN_PASSWORD}
unset KAFKA_ADMIN_PASSWORD

mkdir -p "$config" "$data"
chmod 700 "$config"
# Clients come over compose's network as kafka:9092; only the broker itself speaks to its controller.
broker_config "$config/server.properties" 0.0.0.0:9092 kafka:9092 127.0.0.1:9093 "$data" "$password"
(umask 077 && printf '%s\n' 'security.protocol=SASL_PLAINTEXT' 'sasl.mechanism=SCRAM-SHA-512' \
  "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$password\";" \
  >"$config/admin-client.properties")

# A new cluster id on the first start, then the one the storage was formatted with (format checks they agree). The
# arguments go through a Java argument file, so that the password never shows in the process list.
cluster_id=$(sed -n 's/^cluster\.id=//p' "$data/meta.properties" 2>/dev/null || true)
[[ -n $cluster_id ]] || cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-22)
(umask 077 && printf '%s\n' kafka.tools.StorageTool format --ignore-formatted -t "$cluster_id" \
  -c "$config/server.properties" --add-scram "SCRAM-SHA-512=[name=admin,password=$password]" >"$config/format.args")
status=0
"$kafka/bin/kafka-run-class.sh" "@$config/format.args" || status=$?
rm -f "$config/format.args"
((status == 0)) || exit "$status"

exec "$kafka/bin/kafka-server-start.sh" "$config/server.properties"
