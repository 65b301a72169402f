#!/usr/bin/env bash
# Makes the keys and certificates docker-compose.yml reads from .secrets/, each only if it is missing, so that your own
# (a certificate of your CA for the gateway, say) stay as they are:
#
#   auth-signing.pem                    auth-service's signing key for user and service tokens
#   scan-token.pem, scan-token.pub.pem  scan-orchestrator's signing key for scan tokens, and its public half
#   gateway-tls.crt, gateway-tls.key    the gateway's HTTPS certificate: self-signed for localhost, for a trial
#   database-ca.pem                     a CA of this stack's own, which signs MariaDB's certificate; its key,
#                                       database-ca.key, signs nothing else
#   database-tls.crt, database-tls.key  MariaDB's certificate for the names mariadb and mariadb-replica (its read
#                                       replica), which the services check
#
# Usage: deploy/docker/make-secrets.sh [directory]   (default: .secrets beside docker-compose.yml)
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-$repo/.secrets}
umask 077
mkdir -p "$dir"
cd "$dir"

signing_key() {
  [[ -f $1 ]] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null
}

signing_key auth-signing.pem
signing_key scan-token.pem
[[ -f scan-token.pub.pem ]] || openssl pkey -in scan-token.pem -pubout -out scan-token.pub.pem

if [[ ! -f gateway-tls.crt || ! -f gateway-tls.key ]]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout gateway-tls.key -out gateway-tls.crt 2>/dev/null
fi

if [[ ! -f database-ca.pem ]]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -subj "/CN=CloudDiagnoze database CA" \
    -keyout database-ca.key -out database-ca.pem 2>/dev/null
fi
if [[ ! -f database-tls.crt || ! -f database-tls.key ]]; then
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=mariadb \
    -keyout database-tls.key -out database-tls.csr 2>/dev/null
  openssl x509 -req -in database-tls.csr -CA database-ca.pem -CAkey database-ca.key -CAcreateserial -days 825 \
    -extfile <(printf 'subjectAltName=DNS:mariadb,DNS:mariadb-replica\n') -out database-tls.crt 2>/dev/null
  rm -f database-tls.csr
fi

# Compose mounts these files as they are into containers whose users are not yours: the images' unprivileged users
# read the keys, so the files may be read by all and the directory by you alone.
chmod 0700 .
chmod 0644 ./*.pem ./*.crt ./*.key
chmod 0600 database-ca.key
echo "secrets in $dir: $(ls | tr '\n' ' ')"
