# shellcheck shell=bash
# Sourced by deploy/local/kafka.sh and deploy/kafka/entrypoint.sh: the broker's server.properties, rendered from the one
# template beside this file.

# broker_config OUTPUT CLIENT_LISTENER CLIENT_ADVERTISED CONTROLLER_ADDRESS DATA_DIR ADMIN_PASSWORD : writes the
# broker's settings to OUTPUT, readable by its owner only. The addresses are HOST:PORT. Filled in by bash rather than
# sed, so that the password is in no process's arguments and needs no escaping. A double quote, a backslash or a line
# break would end the JAAS line it goes into, and a comma the storage format's --add-scram argument: such a password is
# refused.
broker_config() {
  local output=$1 password=$6 template text placeholder
  template="$(dirname "${BASH_SOURCE[0]}")/server.properties.template"
  if [[ -z $password || $password == *[\"\\,]* || $password == *$'\n'* ]]; then
    echo "broker-config.sh: the Kafka administrator's password must be set and may not hold a double quote, a backslash, a comma or a line break" >&2
    return 1
  fi
  text=$(<"$template")
  text=${text//@CLIENT_LISTENER@/"$2"}
  text=${text//@CLIENT_ADVERTISED@/"$3"}
  text=${text//@CONTROLLER_ADDRESS@/"$4"}
  text=${text//@DATA_DIR@/"$5"}
  # Checked before the password goes in: it may hold at signs of its own.
  placeholder=$(grep -o '@[A-Z_][A-Z_]*@' <<<"${text//@ADMIN_PASSWORD@/}" | head -n 1 || true)
  if [[ -n $placeholder ]]; then
    echo "broker-config.sh: $template has a placeholder nobody fills in: $placeholder" >&2
    return 1
  fi
  text=${text//@ADMIN_PASSWORD@/"$password"}
  rm -f "$output"
  (umask 077 && printf '%s\n' "$text" >"$output")
}
