#!/usr/bin/env bash
# Client-side routing against the same strategy in HAProxy, on the same three unequal simulator replicas
# (profiles/simulator/three-replicas.yaml): least-outstanding in the client, leastconn in HAProxy (the haproxy
# export of the same profile). One experiment, the two variants interleaved, twelve calls in flight.
# Needs Debian's haproxy. Usage: scripts/routing-benchmark.sh [REPETITIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
repetitions=${1:-240}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

bin/dyno sim --config profiles/simulator/three-replicas.yaml > "$work/sim.log" 2>&1 &
for _ in $(seq 100); do grep -q "Replica slow" "$work/sim.log" && break; sleep 0.1; done

sed 's/strategy: round-robin/strategy: least-outstanding/' profiles/routed-replicas.yaml > "$work/routed.yaml"
bin/dyno export "$work/routed.yaml" --to haproxy -o "$work/haproxy.cfg" > /dev/null
port=18088
sed -i "s/bind :8088/bind 127.0.0.1:$port/" "$work/haproxy.cfg"
haproxy -db -f "$work/haproxy.cfg" > "$work/haproxy.log" 2>&1 &
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done

cat > "$work/plan.yaml" <<PLAN
schemaVersion: 1
name: Least outstanding in the client vs leastconn in HAProxy
base: routed.yaml
variants:
  - name: client
  - name: haproxy
    overrides:
      routing:
        targets:
          - {name: haproxy, endpoint: {kind: openai-compatible, baseUrl: "http://127.0.0.1:$port/v1"}}
repetitions: $repetitions
warmup: 6
arrival: {mode: concurrency, concurrency: 12}
analysis: {metric: ttftMs, alpha: 0.05, stopEarly: false}
seed: 9
PLAN
bin/dyno experiment run "$work/plan.yaml" --store "$work/history.db"
