#!/usr/bin/env bash
# Serving load benchmark: starts a server, runs the project's load generator against it
#   (a) closed loop: CONNECTIONS (16) keep-alive connections for CLOSED_SECONDS -> req/s, p50/p90/p99/p99.9/max
#   (b) open loop: OPEN_RATE (1,000) req/s for OPEN_SECONDS (60), latency from the intended send time
#       (coordinated-omission-correct) -> p50/p99/max; with OPEN_SPIN=1 also with the generator spinning (--spin)
# plus wrk's closed loop with the same connections when wrk is installed (apt-get install wrk), as a check
# on the generator, and prints the figures side by side. With CALIBRATE=1 it first measures the generator
# and wrk against TrivialHttpServer (the clients' own ceiling).
#
# Usage: benchmarks/serving-benchmark.sh                       # the bare JDK HttpServer baseline
#        SERVER=decision benchmarks/serving-benchmark.sh       # the decision service (see below)
#        SERVER=none URL=http://host:port/path benchmarks/serving-benchmark.sh   # a server already running
# Knobs (environment): PORT CONNECTIONS CLOSED_SECONDS OPEN_SECONDS OPEN_RATE WARMUP_SECONDS BENCH_PATH
#   BENCH_METHOD BENCH_BODY (file) BENCH_CONTENT_TYPE BENCH_AUTH (Authorization header value) SERVER_THREADS
#   SERVER_JAVA_OPTS GEN_JAVA_OPTS START_TIMEOUT CALIBRATE METRICS_URL OPEN_SPIN OPEN_SPIN_MARGIN (microseconds the
#   open-loop ticker spins before each due time instead of sleeping; 0 by default) OPEN_PIN (1: for the open loop,
#   every thread of the server on CPU 0 and the generator on CPU 1, with taskset; off by default). The machine is
#   shared: note what else ran with the figures.
# Server-side latency: for SERVER=decision (or with METRICS_URL), the service's Prometheus histogram
# serving_decision_latency_seconds is scraped before and after the open loop, and p50/p99 of the decisions
# in between are computed from the bucket deltas (linear within a bucket, as PromQL's histogram_quantile).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SERVER="${SERVER:-bare}"
PORT="${PORT:-18080}"
CONNECTIONS="${CONNECTIONS:-16}"
CLOSED_SECONDS="${CLOSED_SECONDS:-30}"
OPEN_SECONDS="${OPEN_SECONDS:-60}"
OPEN_RATE="${OPEN_RATE:-1000}"
WARMUP_SECONDS="${WARMUP_SECONDS:-5}"
SERVER_THREADS="${SERVER_THREADS:-$(nproc)}"
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xmx512m -Dsun.net.httpserver.nodelay=true}"
GEN_JAVA_OPTS="${GEN_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}"
START_TIMEOUT="${START_TIMEOUT:-300}"   # seconds; ./pipeline builds on first use

# ---------------------------------------------------------------------------------------------------------
# >>> DECISION SERVICE START COMMAND (SERVER=decision) <<<
# The decision service (model-serving) is started by `./pipeline serve --port N`, provided by the serving
# work (not yet in place when this script was written). Its API (model-serving/openapi.yaml): POST
# /v1/decisions with a bearer token, so also set BENCH_BODY=<a decision request JSON file> and
# BENCH_AUTH="Bearer <token>"; the service must be ready (a model, limits, fresh data) or it answers HOLD/503.
DECISION_SERVICE_CMD="${DECISION_SERVICE_CMD:-./pipeline serve --port $PORT}"
DECISION_PATH="${DECISION_PATH:-/v1/decisions}"
# ---------------------------------------------------------------------------------------------------------

CLASSES="$ROOT/benchmarks/target/classes"
CLASSPATH_FILE="$ROOT/benchmarks/target/runtime-classpath.txt"
if [ ! -f "$CLASSPATH_FILE" ] || [ -n "$(find "$ROOT/benchmarks/src/main" "$ROOT/benchmarks/pom.xml" -newer "$CLASSPATH_FILE" -print -quit)" ]; then
  echo "serving-benchmark: building the benchmarks module..." >&2
  mvn -B -q -o -DskipTests -pl benchmarks -am install >&2 || mvn -B -q -DskipTests -pl benchmarks -am install >&2
  # The dependency plugin leaves an unchanged classpath file untouched: mark the build, or every run builds again.
  touch "$CLASSPATH_FILE"
fi
CP="$CLASSES:$(cat "$CLASSPATH_FILE")"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/serving-bench.XXXXXX")"

SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_server() { # $1: a command line; waits for PORT
  if port_open "$PORT"; then
    echo "serving-benchmark: port $PORT is already in use; set PORT" >&2
    exit 1
  fi
  echo "serving-benchmark: starting: $1" >&2
  bash -c "exec $1" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  local waited=0
  while [ "$waited" -lt $((START_TIMEOUT * 5)) ]; do
    waited=$((waited + 1))
    port_open "$PORT" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; echo "serving-benchmark: server exited" >&2; exit 1; }
    sleep 0.2
  done
  echo "serving-benchmark: nothing listens on $PORT after $START_TIMEOUT s" >&2
  exit 1
}

case "$SERVER" in
  bare)
    start_server "java $SERVER_JAVA_OPTS -cp $CP com.tradingml.benchmarks.BareHttpServer --port $PORT --threads $SERVER_THREADS"
    URL="${URL:-http://127.0.0.1:$PORT${BENCH_PATH:-/}}"
    ;;
  decision)
    start_server "$DECISION_SERVICE_CMD"
    URL="${URL:-http://127.0.0.1:$PORT${BENCH_PATH:-$DECISION_PATH}}"
    METRICS_URL="${METRICS_URL:-http://127.0.0.1:$PORT/metrics}"
    ;;
  none)
    URL="${URL:?SERVER=none needs URL}"
    ;;
  *) echo "serving-benchmark: SERVER must be bare, decision or none" >&2; exit 2 ;;
esac

REQUEST_ARGS=()
WRK_ARGS=()
if [ -n "${BENCH_METHOD:-}" ]; then REQUEST_ARGS+=(--method "$BENCH_METHOD"); fi
if [ -n "${BENCH_BODY:-}" ]; then
  REQUEST_ARGS+=(--body "$BENCH_BODY" --header "Content-Type: ${BENCH_CONTENT_TYPE:-application/json}")
  WRK_ARGS+=(-H "Content-Type: ${BENCH_CONTENT_TYPE:-application/json}")
  cat >"$WORK/body.lua" <<LUA
local f = io.open("$BENCH_BODY", "rb"); wrk.body = f:read("*all"); f:close()
wrk.method = "${BENCH_METHOD:-POST}"
LUA
  WRK_ARGS+=(-s "$WORK/body.lua")
fi
if [ -n "${BENCH_AUTH:-}" ]; then
  REQUEST_ARGS+=(--header "Authorization: $BENCH_AUTH")
  WRK_ARGS+=(-H "Authorization: $BENCH_AUTH")
fi

GEN_PIN=()
generator() { # label, then generator options; prints the JSON line into $WORK/<label>.json
  local label="$1"; shift
  "${GEN_PIN[@]}" java $GEN_JAVA_OPTS -cp "$CP" com.tradingml.benchmarks.LoadGenerator --label "$label" --json "$@" \
    "${REQUEST_ARGS[@]}" | tee "$WORK/$label.out" >&2
  tail -n 1 "$WORK/$label.out" >"$WORK/$label.json"
}

run_wrk() { # label, url, seconds
  local label="$1" url="$2" seconds="$3"
  if ! command -v wrk >/dev/null; then
    echo '{}' >"$WORK/$label.json"
    return 0
  fi
  # Warm-up run (not recorded), as the generator's warm-up.
  wrk -t1 -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" "${WRK_ARGS[@]}" "$url" >/dev/null
  wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --latency "${WRK_ARGS[@]}" "$url" | tee "$WORK/$label.out" >&2
  python3 - "$WORK/$label.out" >"$WORK/$label.json" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
def ms(value):
    number, unit = re.match(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]
out = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))}
for pct, key in (("50", "p50"), ("75", "p75"), ("90", "p90"), ("99", "p99")):
    m = re.search(r"^\s+%s%%\s+(\S+)" % pct, text, re.M)
    if m:
        out[key] = ms(m.group(1))
m = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", text)
out["mean"], out["max"] = ms(m.group(1)), ms(m.group(3))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
out["non2xx"] = int(errors.group(1)) if errors else 0
out["socketErrors"] = sum(int(g) for g in socket.groups()) if socket else 0
print(json.dumps(out))
PY
}

if [ "${CALIBRATE:-0}" = "1" ]; then
  java $GEN_JAVA_OPTS -cp "$CP" com.tradingml.benchmarks.TrivialHttpServer --port $((PORT + 1)) >"$WORK/trivial.log" 2>&1 &
  TRIVIAL_PID=$!
  for _ in $(seq 1 100); do port_open $((PORT + 1)) && break; sleep 0.1; done
  generator calibrate-generator --url "http://127.0.0.1:$((PORT + 1))/" --connections "$CONNECTIONS" \
    --duration "$CLOSED_SECONDS" --warmup "$WARMUP_SECONDS"
  run_wrk calibrate-wrk "http://127.0.0.1:$((PORT + 1))/" "$CLOSED_SECONDS"
  kill "$TRIVIAL_PID"; wait "$TRIVIAL_PID" 2>/dev/null || true
fi

generator closed --url "$URL" --connections "$CONNECTIONS" --duration "$CLOSED_SECONDS" --warmup "$WARMUP_SECONDS"
run_wrk closed-wrk "$URL" "$CLOSED_SECONDS"
scrape() { # $1: file; the service's metrics, or nothing when there are none
  if [ -n "${METRICS_URL:-}" ]; then curl -fsS "$METRICS_URL" >"$1" 2>/dev/null || : >"$1"; fi
}
server_side() { # $1: label; the decisions between the two scrapes, from the service's histogram deltas
  python3 - "$WORK/$1-metrics-before.txt" "$WORK/$1-metrics-after.txt" >"$WORK/$1-server.json" <<'PY'
import json, re, sys
def buckets(path):
    out = {}
    for line in open(path):
        m = re.match(r'serving_decision_latency_seconds_bucket\{.*le="([^"]+)".*\}\s+(\S+)', line)
        if m:
            out[float(m.group(1))] = out.get(float(m.group(1)), 0.0) + float(m.group(2))
    return out
before, after = buckets(sys.argv[1]), buckets(sys.argv[2])
bounds = sorted(after)
delta = [(b, after[b] - before.get(b, 0.0)) for b in bounds]
total = delta[-1][1] if delta else 0
def quantile(q):
    rank, lower, below = q * total, 0.0, 0.0
    for bound, count in delta:
        if count >= rank:
            if bound == float("inf"):
                return lower * 1000
            inside = count - below
            return (lower + (bound - lower) * ((rank - below) / inside if inside else 1.0)) * 1000
        lower, below = bound, count
    return float("nan")
print(json.dumps({"rps": None, "p50": quantile(0.5), "p90": quantile(0.9), "p99": quantile(0.99),
                  "p999": quantile(0.999), "requests": total}) if total else "{}")
PY
}
open_loop() { # label, then extra generator options
  local label="$1"; shift
  # The generator's warm-up requests fall between the scrapes too; the warm-up is 5 s of the same load.
  scrape "$WORK/$label-metrics-before.txt"
  generator "$label" --url "$URL" --mode open --rate "$OPEN_RATE" --connections "$CONNECTIONS" \
    --duration "$OPEN_SECONDS" --warmup "$WARMUP_SECONDS" "$@"
  scrape "$WORK/$label-metrics-after.txt"
  if [ -s "$WORK/$label-metrics-after.txt" ]; then server_side "$label"; fi
}
if [ "${OPEN_PIN:-0}" = "1" ]; then
  # Server and generator each on a core of their own for the open loop, so that neither's threads (GC and JIT
  # included) wake up queued behind the other's on a 2-core machine; the closed loop above ran unpinned.
  if [ -z "$SERVER_PID" ]; then echo "serving-benchmark: OPEN_PIN needs a server this script started" >&2; exit 2; fi
  taskset -a -p 0x1 "$SERVER_PID" >/dev/null
  GEN_PIN=(taskset 0x2)
  echo "serving-benchmark: open loop pinned: server (pid $SERVER_PID, all threads) on CPU 0, generator on CPU 1" >&2
fi
if [ "${OPEN_SPIN_MARGIN:-0}" != "0" ]; then open_loop open --spin-margin "$OPEN_SPIN_MARGIN"; else open_loop open; fi
# The same open loop with a generator that never sleeps (--spin): its send lag is then the loop's own cost, not a
# thread's wake-up delay; OPEN_SPIN=1 adds it. On the 2-vCPU machine here it did not help (docs/BENCHMARKS.md).
if [ "${OPEN_SPIN:-0}" = "1" ]; then open_loop open-spin --spin; fi

echo "serving-benchmark: raw outputs in $WORK" >&2
python3 - "$WORK" "$URL" "$SERVER" "$CONNECTIONS" "$CLOSED_SECONDS" "$OPEN_RATE" "$OPEN_SECONDS" <<'PY'
import json, os, sys
work, url, server, conns, closed_s, rate, open_s = sys.argv[1:]
def load(name):
    path = os.path.join(work, name + ".json")
    return json.load(open(path)) if os.path.exists(path) else {}
columns = []
if os.path.exists(os.path.join(work, "calibrate-generator.json")):
    columns += [("generator vs trivial", load("calibrate-generator")), ("wrk vs trivial", load("calibrate-wrk"))]
columns += [(f"closed {conns}c (generator)", load("closed")), (f"closed {conns}c (wrk)", load("closed-wrk")),
            (f"open {rate}/s (generator)", load("open"))]
if load("open-server"):
    columns.append((f"open {rate}/s server-side", load("open-server")))
if load("open-spin"):
    columns.append((f"open {rate}/s (spin)", load("open-spin")))
if load("open-spin-server"):
    columns.append((f"open {rate}/s spin server-side", load("open-spin-server")))
rows = [("req/s", "rps", "{:,.0f}"), ("p50 ms", "p50", "{:.3f}"), ("p90 ms", "p90", "{:.3f}"),
        ("p99 ms", "p99", "{:.3f}"), ("p99.9 ms", "p999", "{:.3f}"), ("max ms", "max", "{:.3f}"),
        ("non-2xx", "non2xx", "{:d}"), ("socket errors", "socketErrors", "{:d}"),
        ("unfinished", "unfinished", "{:d}"), ("send lag p99 ms", "sendLagP99", "{:.3f}")]
print(f"\nserving benchmark: server={server} url={url}; closed loop {closed_s} s, open loop {rate} req/s for {open_s} s"
      " (open-loop latency from the intended send time)")
width = max(len(c[0]) for c in columns) + 2
print("".ljust(16) + "".join(name.rjust(width) for name, _ in columns))
for label, key, fmt in rows:
    cells = [(fmt.format(data[key]) if data.get(key) is not None else "-").rjust(width) for _, data in columns]
    print(label.ljust(16) + "".join(cells))
PY
