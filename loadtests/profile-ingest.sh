#!/usr/bin/env bash
# CPU profile of the monitor under the ingest scenario (docs/performance.md, "Ingest profile").
# Needs Linux perf (Debian: apt-get install linux-perf) and a Release build of the load runner:
#   dotnet build -c Release loadtests/Monitor.LoadTests
# Prints the monitor's CPU by module and its hottest functions during the HTTP/protobuf ingest run.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/monitor-ingest.perf}

# Perf maps name the JIT-compiled methods; W^X off keeps them at one address perf can map.
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
dotnet run -c Release --no-build --project loadtests/Monitor.LoadTests -- ingest --out "$(mktemp -d)" >/dev/null 2>&1 &
runner=$!
trap 'kill $runner 2>/dev/null || true' EXIT

# The gRPC run takes the first 30 s after start-up; the HTTP run the next 30 s.
pid=""
for _ in $(seq 1 300); do
  pid=$(pgrep -f "bin/Release/net10.0/Monitor.Web" | head -1 || true)
  [ -n "$pid" ] && break
  sleep 0.1
done
[ -n "$pid" ] || { echo "the monitor did not start" >&2; exit 1; }
sleep 45
perf record -e cpu-clock -F 499 -g -p "$pid" -o "$out" -- sleep 12 2>/dev/null

echo "== CPU by module"
perf report -i "$out" --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -8
echo "== hottest functions"
perf report -i "$out" --no-children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -25 | cut -c1-180
wait $runner || true
