#!/usr/bin/env bash
# Decision-service benchmark (issue: serving): runs the demo once into its own home (a promoted model
# on generated intraday data, the demo's serving settings and API key), then serving-benchmark.sh
# against `./pipeline serve` with a decision request, and against the bare JDK HttpServer in the same
# run. The request carries the position the model already targets, so the answer is HOLD at_target:
# bar lookup, online features, the forward pass and the policy (the decision path most requests take);
# risk-gated orders are measured by the backtest and risk benchmarks.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
HOME_DIR="${BENCH_DIR:-/tmp/pipeline-bench}/decision-home"
if [ ! -f "$HOME_DIR/demo/serving.properties" ]; then
  # The demo writes serving.properties when it asks the service for its live decision.
  PIPELINE_HOME="$HOME_DIR" ./pipeline demo >/dev/null
fi
BODY="$HOME_DIR/demo/decision.json"
cat > "$BODY" <<'JSON'
{"symbol":"SYN000","account":"bench","clientOrderId":"bench-1","position":100}
JSON
echo "== bare JDK HttpServer"
SERVER=bare benchmarks/serving-benchmark.sh
echo "== decision service"
PIPELINE_HOME="$HOME_DIR" PIPELINE_SERVING_CONFIG="$HOME_DIR/demo/serving.properties" \
  PIPELINE_SERVING_DEADLINE=50ms \
  SERVER=decision BENCH_BODY="$BODY" BENCH_AUTH="Bearer demo-decide-key-0123456789" \
  DECISION_SERVICE_CMD="./pipeline serve --port ${PORT:-18080} --model synthetic-mlp@production" \
  benchmarks/serving-benchmark.sh
