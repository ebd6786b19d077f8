#!/usr/bin/env bash
# HTTP throughput and latency of trivial Python and Node functions and of /_fn/health.
#
#   bench/http.sh [--duration 10] [--connections "1 16 64"] [--out bench/results/http.json]
#
# Starts fastfn on a generated functions folder, warms each target up, runs wrk against it at each
# connection count (2 wrk threads, load from this same machine), prints a table and writes JSON.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=10
conns="1 16 64"
out="bench/results/http-$(date +%Y%m%d-%H%M%S).json"
port=${BENCH_PORT:-18181}
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --connections) conns="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "bench: needs wrk (apt-get install wrk)" >&2; exit 1; }

work="$(mktemp -d /tmp/fastfn-bench.XXXXXX)"
trap 'kill $server_pid 2>/dev/null || true; wait $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/functions/python/pyfast" "$work/functions/node/nodefast" "$(dirname "$out")"
cat > "$work/functions/python/pyfast/handler.py" <<'PY'
def handler(event):
    return {"ok": True, "runtime": "python"}
PY
cat > "$work/functions/node/nodefast/handler.js" <<'JS'
exports.handler = async () => ({ ok: true, runtime: "node" });
JS
# Generous limits so the benchmark measures the platform, not the default concurrency cap.
for f in python/pyfast node/nodefast; do
  echo '{"max_concurrency": 0, "timeout_ms": 10000}' > "$work/functions/$f/fn.config.json"
done

FN_HOST_PORT=$port FN_RUNTIME_DAEMONS="${BENCH_DAEMONS:-python=2,node=2}" \
  bin/fastfn run "$work/functions" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/_fn/health" >/dev/null 2>&1 && break
  sleep 0.5
done

run_wrk() { # target conns -> "rps p50 p90 p99 errors"
  local url="http://127.0.0.1:$port$1" c="$2" t=2
  [ "$c" -lt 2 ] && t=1
  wrk -t"$t" -c"$c" -d"${duration}s" --latency "$url" > "$work/wrk.txt" 2>&1 || true
  python3 - "$work/wrk.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    m = re.search(r"^\s*%s%%\s+([\d.]+)(us|ms|s)" % label, text, re.M)
    if not m:
        return float("nan")
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
errs = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
e = int(non2xx.group(1)) if non2xx else 0
if errs:
    e += sum(int(x) for x in errs.groups())
print("%.0f %.2f %.2f %.2f %d" % (float(rps.group(1)) if rps else 0, ms("50"), ms("90"), ms("99"), e))
PY
}

printf "%-14s %5s %10s %8s %8s %8s %7s\n" target conns "req/s" p50ms p90ms p99ms errors
echo "[" > "$work/results.json"
first=1
for target in /_fn/health /pyfast /nodefast; do
  curl -sf "http://127.0.0.1:$port$target" >/dev/null || { echo "bench: $target does not answer" >&2; cat "$work/server.log" >&2; exit 1; }
  wrk -t2 -c16 -d3s "http://127.0.0.1:$port$target" >/dev/null 2>&1 || true  # warm-up (JIT, workers)
  for c in $conns; do
    read -r rps p50 p90 p99 errors < <(run_wrk "$target" "$c")
    printf "%-14s %5s %10s %8s %8s %8s %7s\n" "$target" "$c" "$rps" "$p50" "$p90" "$p99" "$errors"
    [ $first -eq 1 ] || echo "," >> "$work/results.json"
    first=0
    printf '{"target":"%s","connections":%s,"rps":%s,"p50_ms":%s,"p90_ms":%s,"p99_ms":%s,"errors":%s}' \
      "$target" "$c" "$rps" "$p50" "$p90" "$p99" "$errors" >> "$work/results.json"
  done
done
echo "]" >> "$work/results.json"
python3 - "$work/results.json" "$out" "$duration" <<'PY'
import json, platform, os, sys, time
points = json.load(open(sys.argv[1]))
doc = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "duration_s": int(sys.argv[3]),
       "machine": {"cpus": os.cpu_count(), "platform": platform.platform()}, "points": points}
json.dump(doc, open(sys.argv[2], "w"), indent=2)
print("wrote", sys.argv[2])
PY
