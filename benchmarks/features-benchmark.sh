#!/usr/bin/env bash
# Feature benchmark (issue: features on Spark): N generated 1-minute bars (100 symbols) from the bars
# table to the features table, end to end including Spark start-up (`pipeline features`: a child JVM,
# local master), and in the same run the window-function features in DuckDB over the same Parquet
# files. Prints rows/s for both.
# Usage: benchmarks/features-benchmark.sh [ROWS]   (default 10,000,000)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROWS="${1:-10000000}"
WORK="${BENCH_DIR:-/tmp/pipeline-bench}"
HOME_DIR="$WORK/features-home-$ROWS"
CSV="$WORK/bars-$ROWS.csv"
mkdir -p "$WORK"
cd "$ROOT"
./pipeline --version >/dev/null
(cd "$ROOT" && mvn -B -q -o -DskipTests install -pl benchmarks) >&2
if [ ! -f "$CSV" ]; then
  ./pipeline generate --symbols 100 --bars $((ROWS / 100)) --timeframe 1m --seed 7 --out "$CSV" >/dev/null
fi
rm -rf "$HOME_DIR"
export PIPELINE_HOME="$HOME_DIR"
./pipeline ingest --input "$CSV" --dataset bench --json | tail -n 1 >/dev/null
# Untimed: the first Spark run after a build writes the driver's class-data-sharing archive (about 20 s more,
# once per build; see ClassDataSharing). A tiny features run makes it, as any earlier run would have.
./pipeline generate --symbols 2 --bars 300 --timeframe 1m --seed 1 --out "$WORK/warmup.csv" >/dev/null
./pipeline ingest --input "$WORK/warmup.csv" --dataset warmup --json | tail -n 1 >/dev/null
./pipeline features --dataset warmup --json 2>/dev/null | tail -n 1 >/dev/null
start=$(date +%s.%N)
./pipeline features --dataset bench --json 2>"$WORK/features-spark.log" | tail -n 1 > "$WORK/features-spark.json"
end=$(date +%s.%N)
python3 - "$start" "$end" "$WORK/features-spark.json" <<'PY'
import json, sys
start, end, path = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
r = json.load(open(path))
wall = end - start
print(f"spark features: {r['rows']:,} rows in {wall:.2f}s end to end incl. JVM and Spark start-up = "
      f"{r['rows']/wall/1e6:.2f}M rows/s (Spark job itself {r['seconds']:.2f}s = {r['rows']/r['seconds']/1e6:.2f}M rows/s)")
PY
java -Xmx2g -cp "benchmarks/target/classes:$(cat benchmarks/target/runtime-classpath.txt)" \
  com.tradingml.benchmarks.DuckDbFeatureBaseline "$HOME_DIR/objects/warehouse/bars/bench/data/*/*.parquet" \
  "$WORK/duckdb-features.parquet"
