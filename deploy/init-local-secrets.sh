#!/usr/bin/env bash
# Generates the local stack's secrets (docker-compose.yml): random passwords into deploy/secrets/
# and deploy/compose.env. Never commit either (they are for this machine only). Idempotent: existing
# files are kept, so running it again does not lock you out of existing volumes.
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
umask 077
mkdir -p "$DIR/secrets/alertmanager"
rand() { head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32; }
put() { [ -s "$DIR/secrets/$1" ] || printf '%s' "$2" > "$DIR/secrets/$1"; }
put postgres_password "$(rand)"
put minio_root_user "pipeline-admin"
put minio_root_password "$(rand)"
put grafana_admin_password "$(rand)"
put serving_api_keys "$(rand):decide
$(rand):admin"
for f in platform-slack-url ml-platform-slack-url; do
  [ -e "$DIR/secrets/alertmanager/$f" ] || printf 'http://127.0.0.1:9/disabled' > "$DIR/secrets/alertmanager/$f"
done
if [ ! -s "$DIR/compose.env" ]; then
  REDIS_PASSWORD="$(rand)"
  cat > "$DIR/compose.env" <<ENV
PIPELINE_CATALOG_USER=pipeline
PIPELINE_CATALOG_PASSWORD=$(cat "$DIR/secrets/postgres_password")
PIPELINE_OBJECT_STORE_ACCESS_KEY=$(cat "$DIR/secrets/minio_root_user")
PIPELINE_OBJECT_STORE_SECRET_KEY=$(cat "$DIR/secrets/minio_root_password")
REDIS_PASSWORD=$REDIS_PASSWORD
PIPELINE_REDIS_URL=redis://:$REDIS_PASSWORD@redis:6379/0
PIPELINE_API_KEYS_FILE=/etc/pipeline/secrets/api-keys/api-keys
ENV
fi
echo "local secrets in $DIR/secrets and $DIR/compose.env (keep them out of git)"
