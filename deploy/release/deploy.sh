#!/usr/bin/env bash
# Deploys one release to the cluster of $KUBECONFIG_DATA (a kubeconfig, from the environment's
# secret): k8s/ through a throw-away kustomize overlay that pins every image by digest, then the
# Spark applications' images, then waits for the serving rollout and checks readiness.
# Usage: deploy.sh VERSION JOBS_DIGEST SPARK_DIGEST SERVING_DIGEST BACKUP_DIGEST
set -euo pipefail
VERSION="$1"; JOBS="$2"; SPARK="$3"; SERVING="$4"; BACKUP="$5"
REGISTRY="${REGISTRY:-ghcr.io/tradingml}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export KUBECONFIG="$(mktemp)"
trap 'rm -f "$KUBECONFIG"' EXIT
printf '%s' "${KUBECONFIG_DATA:?the environment secret KUBECONFIG is not set}" > "$KUBECONFIG"

OVERLAY="$ROOT/deploy/release/overlay"
mkdir -p "$OVERLAY"
cat > "$OVERLAY/kustomization.yaml" <<YAML
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../../k8s
images:
  - name: $REGISTRY/serving
    newTag: "$VERSION"
    digest: $SERVING
  - name: $REGISTRY/jobs
    newTag: "$VERSION"
    digest: $JOBS
  - name: $REGISTRY/postgres-backup
    newTag: "$VERSION"
    digest: $BACKUP
YAML
kubectl apply -k "$OVERLAY" --server-side
for f in "$ROOT"/spark-operator/*.yaml; do
  sed -e "s#$REGISTRY/spark:[^\" ]*#$REGISTRY/spark:$VERSION@$SPARK#" "$f" | kubectl apply --server-side -f -
done
kubectl -n trading-system rollout status deployment/serving --timeout=10m
kubectl -n trading-system wait --for=condition=Available deployment/serving --timeout=5m
echo "deployed $VERSION"
