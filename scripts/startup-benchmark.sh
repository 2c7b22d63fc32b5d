#!/usr/bin/env bash
# Measures the time from JVM start to the first window, five launches in a row, through bin/dyno (whose class-data
# archive is created by the first launch and used by the rest). Needs a display: run under xvfb-run -a.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f app/target/llm-dyno.jsa
for run in 1 2 3 4 5; do
  JDK_JAVA_OPTIONS=-Dllmdyno.reportStartup=true bin/dyno 2>&1 | grep -o 'first window shown [0-9,]* ms.*' | sed "s/^/launch $run: /"
done
