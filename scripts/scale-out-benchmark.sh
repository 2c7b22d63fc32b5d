#!/usr/bin/env bash
# Locust workers against `dyno experiment run`, on the same simulator (200 tokens 20 ms apart, the first at 200 ms):
# for each count of concurrent streams, the client CPU while streaming (read from /proc in the second of three
# rounds) and what the client measured (TPOT p50/p99: 20 ms when it keeps up; TTFT p50: 200 ms plus the simulator's
# lateness). One Locust worker and its master, then `dyno experiment run`, each alone with the simulator.
# Needs Debian's python3-locust. Usage: scripts/scale-out-benchmark.sh ["STREAMS ..."]
set -euo pipefail
cd "$(dirname "$0")/.."
counts=${1:-"250 500 1000"}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
ticks=$(getconf CLK_TCK)
cpu_of() { awk -v t="$ticks" '{print ($14 + $15) / t}' "/proc/$1/stat"; }

cat > "$work/sim.yaml" <<SIM
seed: 1
models:
  - {id: sim-fast, ttftMs: 200, prefillMsPer1kTokens: 0, decodeMsPerToken: 20, jitter: 0,
     minOutputTokens: 200, maxOutputTokens: 200, maxConcurrent: 100000}
SIM
bin/dyno sim --port 18096 --config "$work/sim.yaml" > "$work/sim.log" 2>&1 &
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/18096) 2>/dev/null && break; sleep 0.1; done

summary() {
  python3 - "$1" "$2" "$3" "$4" <<'PY'
import json, sys
results, tool, streams, cores = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
v = json.load(open(results))['variants'][0]
m = v['metrics']
print(f"{tool:<8} {streams:>7} {cores:>8.2f} {cores * 1000 / streams:>14.2f} {m['tpotMs']['p50']:>9.1f} "
      f"{m['tpotMs']['p99']:>9.1f} {m['ttftMs']['p50']:>9.0f} {v['succeeded']:>6}/{v['requests']}")
PY
}

echo "$(nproc) processors; 200 tokens at 20 ms, first at 200 ms; CPU in the second of three rounds"
printf '%-8s %7s %8s %14s %9s %9s %9s %s\n' client streams cores "cores/1k str" "TPOT p50" "TPOT p99" "TTFT p50" ok
for streams in $counts; do
  cat > "$work/plan.yaml" <<PLAN
name: streams
base:
  endpoint: {name: sim, kind: simulator, baseUrl: "http://127.0.0.1:18096/v1"}
  model: sim-fast
  params: {maxTokens: 200, stream: true}
  prompt: {messages: [{role: user, content: "Stream."}]}
repetitions: $((streams * 3))
warmup: 0
arrival: {mode: concurrency, concurrency: $streams}
analysis: {stopEarly: false}
seed: 1
PLAN
  rm -rf "$work/locust" "$work/h.db"*
  bin/dyno experiment export "$work/plan.yaml" --to locust -o "$work/locust" > /dev/null 2>&1
  (cd "$work/locust" && locust -f locustfile.py --master --headless -u "$streams" -r "$streams" --expect-workers 1 --expect-workers-max-wait 60 \
    --master-bind-host 127.0.0.1 --master-bind-port 15600 > master.log 2>&1) &
  master=$!
  (cd "$work/locust" && exec locust -f locustfile.py --worker --master-host 127.0.0.1 --master-port 15600 \
    > worker.log 2>&1) &
  worker=$!
  # Rounds take about 4.2 s each; the second one runs from about 5 s to 9 s after the start.
  sleep 6; first=$(cpu_of "$worker"); sleep 3; second=$(cpu_of "$worker")
  wait "$master" || true
  bin/dyno experiment import "$work/locust" --store "$work/h.db" --json > "$work/locust.json" 2> /dev/null
  summary "$work/locust.json" locust "$streams" "$(echo "($second - $first) / 3" | bc -l)"

  rm -f "$work/h.db"*
  bin/dyno experiment run "$work/plan.yaml" --store "$work/h.db" --json > "$work/dyno.json" 2> /dev/null &
  dyno=$!
  sleep 6; first=$(cpu_of "$dyno"); sleep 3; second=$(cpu_of "$dyno")
  wait "$dyno"
  summary "$work/dyno.json" dyno "$streams" "$(echo "($second - $first) / 3" | bc -l)"
done
