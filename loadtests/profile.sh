#!/usr/bin/env bash
# CPU profile of the monitor while the load runner runs a scenario (docs/performance.md, "Profiles").
# Needs Linux perf (Debian: apt-get install linux-perf) and a Release build of the load runner:
#   dotnet build -c Release loadtests/Monitor.LoadTests
# Usage: loadtests/profile.sh <seconds before recording> <seconds recorded> <runner arguments...>
#   e.g. loadtests/profile.sh 45 12 ingest          (the HTTP/protobuf part of the ingest scenario)
#        loadtests/profile.sh 16 10 fanout --fanout-clients 5000
# Prints the monitor's CPU by module and its hottest functions, self time and with callees.
set -euo pipefail
cd "$(dirname "$0")/.."
wait_s=$1 record_s=$2
shift 2
out=${PROFILE_OUT:-/tmp/monitor-profile.perf}

# Perf maps name the JIT-compiled methods; W^X off keeps them at one address perf can map.
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
dotnet run -c Release --no-build --project loadtests/Monitor.LoadTests -- "$@" --out "$(mktemp -d)" >/dev/null 2>&1 &
runner=$!
trap 'kill $runner 2>/dev/null || true' EXIT

pid=""
for _ in $(seq 1 300); do
  pid=$(pgrep -f "bin/Release/net10.0/Monitor.Web" | head -1 || true)
  [ -n "$pid" ] && break
  sleep 0.1
done
[ -n "$pid" ] || { echo "the monitor did not start" >&2; exit 1; }
sleep "$wait_s"
perf record -e cpu-clock -F 499 -g -p "$pid" -o "$out" -- sleep "$record_s" 2>/dev/null

echo "== CPU by module"
perf report -i "$out" --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -8
echo "== hottest functions (self)"
perf report -i "$out" --no-children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -25 | cut -c1-180
echo "== hottest functions (with callees)"
perf report -i "$out" --children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -40 | cut -c1-200
wait $runner || true
