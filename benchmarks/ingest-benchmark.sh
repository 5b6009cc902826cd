#!/usr/bin/env bash
# Ingest benchmark (issue: foundation): generates N-row CSVs of 1-minute bars for 100 symbols, ingests
# each into a fresh $PIPELINE_HOME, and prints rows/s and the peak RSS of the ingest process.
# Memory is checked flat in input size by running the same heap at 1M and 10M rows.
# Usage: benchmarks/ingest-benchmark.sh [ROWS_SMALL] [ROWS_LARGE]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SMALL="${1:-1000000}"
LARGE="${2:-10000000}"
WORK="${BENCH_DIR:-/tmp/pipeline-bench}"
HEAP="${BENCH_HEAP:--Xmx1g}"
mkdir -p "$WORK"
cd "$ROOT"
./pipeline --version >/dev/null   # builds if needed, outside the measurement

for rows in "$SMALL" "$LARGE"; do
  symbols=100
  bars=$((rows / symbols))
  csv="$WORK/bars-$rows.csv"
  if [ ! -f "$csv" ]; then
    ./pipeline generate --symbols "$symbols" --bars "$bars" --timeframe 1m --seed 7 --out "$csv" >/dev/null
  fi
  home="$WORK/home-$rows"
  rm -rf "$home"
  bytes=$(stat -c %s "$csv")
  out=$(PIPELINE_HOME="$home" PIPELINE_JAVA_OPTS="$HEAP" /usr/bin/time -f '%M %e' \
        ./pipeline ingest --input "$csv" --dataset bench --json 2>"$WORK/time-$rows.txt" | tail -n 1)
  read -r rss_kb wall < <(tail -n 1 "$WORK/time-$rows.txt")
  seconds=$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')
  kept=$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rowsKept"])')
  python3 - "$rows" "$kept" "$seconds" "$wall" "$rss_kb" "$bytes" "$HEAP" <<'PY'
import sys
rows, kept, seconds, wall, rss_kb, size, heap = sys.argv[1:]
rows, kept, seconds, wall, rss_kb, size = int(rows), int(kept), float(seconds), float(wall), int(rss_kb), int(size)
print(f"rows={rows:,} kept={kept:,} file={size/1e6:.0f}MB heap={heap} ingest={seconds:.2f}s "
      f"({rows/seconds/1e6:.2f}M rows/s, {size/seconds/1e6:.0f} MB/s) process wall={wall:.2f}s "
      f"({rows/wall/1e6:.2f}M rows/s incl. JVM start) peakRSS={rss_kb/1024:.0f}MiB")
PY
done
