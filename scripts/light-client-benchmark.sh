#!/usr/bin/env bash
# What the client itself costs: `dyno experiment run` against autocannon on the same fixed-answer server
# (scripts/bench/fixed-answer-server.js, node), whole processes, runs interleaved. Prints, per run, requests/s and
# CPU per request of each tool and their ratios; then the client CPU of STREAMS concurrent streams (200 tokens at
# 20 ms) from one `dyno experiment run` process, read from /proc while the streams run.
# Needs node; installs autocannon into .node (a folder the build ignores) if it is not there.
# Usage: scripts/light-client-benchmark.sh [RUNS] [REQUESTS] [STREAMS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
requests=${2:-10000}
streams=${3:-1000}
concurrency=50
autocannon=.node/node_modules/.bin/autocannon
if [ ! -x "$autocannon" ]; then
  npm install --prefix .node --no-audit --no-fund --loglevel=error autocannon@9.0.0 > /dev/null
fi
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
ticks=$(getconf CLK_TCK)

# Starts the fixed-answer server on PORT with TOKENS chunks GAP_MS apart; waits until it listens.
serve() {
  node scripts/bench/fixed-answer-server.js "$1" "$2" "$3" > "$work/server-$1.log" 2>&1 &
  for _ in $(seq 100); do grep -q listening "$work/server-$1.log" && return; sleep 0.1; done
  echo "the fixed-answer server on port $1 did not start" >&2
  exit 1
}

# Writes a profile and a plan: REQUESTS requests to PORT, STREAM true or false, CALLERS in flight.
plan() {
  cat > "$work/profile-$1.yaml" <<PROFILE
schemaVersion: 1
name: Fixed answer
endpoint: {kind: openai-compatible, baseUrl: "http://127.0.0.1:$1/v1"}
model: gpt-4o-mini
params: {maxTokens: 256, stream: $2}
prompt:
  messages:
    - {role: user, content: "Say hello."}
PROFILE
  cat > "$work/plan-$1.yaml" <<PLAN
schemaVersion: 1
name: Light client
base: profile-$1.yaml
variants: [{name: fixed}]
repetitions: $3
warmup: 0
arrival: {mode: concurrency, concurrency: $4}
analysis: {metric: latencyMs, alpha: 0.05, stopEarly: false}
seed: 1
PLAN
}

# CPU seconds (user + system) a process has used so far.
cpu_of() {
  awk -v t="$ticks" '{print ($14 + $15) / t}' "/proc/$1/stat"
}

serve 18090 20 0
plan 18090 false "$requests" "$concurrency"
body='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello."}],"max_tokens":256}'
echo "Non-streaming, $requests requests at concurrency $concurrency, $(nproc) processors"
printf '%-4s %-14s %-14s %-16s %-16s %-8s %-8s\n' run "ac req/s" "dyno req/s" "ac CPU/req ms" "dyno CPU/req ms" "rate" "CPU"
for run in $(seq "$runs"); do
  /usr/bin/time -f "%U %S" -o "$work/ac.time" "$autocannon" -c "$concurrency" -a "$requests" -m POST \
    -H content-type=application/json -b "$body" --json http://127.0.0.1:18090/v1/chat/completions > "$work/ac.json" 2> /dev/null
  rm -f "$work/history.db"*
  /usr/bin/time -f "%U %S" -o "$work/dyno.time" bin/dyno experiment run "$work/plan-18090.yaml" \
    --store "$work/history.db" --json > "$work/dyno.json" 2>> "$work/dyno.log"
  python3 - "$work" "$requests" "$run" <<'PY'
import json, sys
work, requests, run = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ac = json.load(open(work + '/ac.json'))
ac_rate = ac['requests']['total'] / ac['duration']
dyno = json.load(open(work + '/dyno.json'))
dyno_rate = dyno['variants'][0]['requestsPerSecond']
cpu = lambda name: sum(float(x) for x in open(work + '/' + name + '.time').read().split()[:2]) * 1000 / requests
print(f"{run:<4} {ac_rate:<14.0f} {dyno_rate:<14.0f} {cpu('ac'):<16.3f} {cpu('dyno'):<16.3f} "
      f"{dyno_rate / ac_rate:<8.2f} {cpu('dyno') / cpu('ac'):<8.1f}")
PY
done

serve 18091 200 20
plan 18091 true "$((streams * 3))" "$streams"
echo
echo "Streaming, $streams concurrent streams of 200 tokens at 20 ms, three rounds"
rm -f "$work/history.db"*
bin/dyno experiment run "$work/plan-18091.yaml" --store "$work/history.db" --json > "$work/streams.json" 2>> "$work/dyno.log" &
pid=$!
# The second round: the first holds start-up, connects and the JIT's first work.
sleep 6
first=$(cpu_of "$pid")
sleep 3
second=$(cpu_of "$pid")
wait "$pid"
python3 - "$work" "$first" "$second" <<'PY'
import json, sys
work, first, second = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
result = json.load(open(work + '/streams.json'))['variants'][0]
print(f"client CPU while streaming: {(second - first) / 3:.2f} cores; {result['succeeded']} of {result['requests']} ok")
PY

# The simulator's first token under load, against a node server on the same schedule: STREAMS concurrent streams,
# the first token 200 ms after the request, then 100 tokens 20 ms apart; the client's TTFT of each.
cat > "$work/punctual.yaml" <<SIM
seed: 1
models:
  - {id: gpt-4o-mini, ttftMs: 200, prefillMsPer1kTokens: 0, decodeMsPerToken: 20, jitter: 0,
     minOutputTokens: 100, maxOutputTokens: 100, maxConcurrent: 100000}
SIM
bin/dyno sim --port 18092 --config "$work/punctual.yaml" > "$work/sim.log" 2>&1 &
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/18092) 2>/dev/null && break; sleep 0.1; done
node scripts/bench/fixed-answer-server.js 18093 100 20 200 > "$work/server-18093.log" 2>&1 &
for _ in $(seq 100); do grep -q listening "$work/server-18093.log" && break; sleep 0.1; done
echo
echo "First token under load: $streams concurrent streams, first token at 200 ms, 100 tokens at 20 ms"
for port in 18092 18093; do
  plan "$port" true "$((streams * 2))" "$streams"
  rm -f "$work/history.db"*
  bin/dyno experiment run "$work/plan-$port.yaml" --store "$work/history.db" --json > "$work/first-$port.json" 2>> "$work/dyno.log"
  python3 - "$work/first-$port.json" "$([ $port = 18092 ] && echo 'dyno sim' || echo 'node server')" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))['variants'][0]
ttft = result['metrics']['ttftMs']
print(f"{sys.argv[2]:<12} TTFT p50 {ttft['p50']:.0f} ms, p90 {ttft['p90']:.0f} ms, p99 {ttft['p99']:.0f} ms; "
      f"{result['succeeded']} of {result['requests']} ok")
PY
done
