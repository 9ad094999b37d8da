#!/usr/bin/env bash
# CPU profile of the monitor during the HTTP/protobuf ingest run (docs/performance.md, "Ingest profile").
# The gRPC run takes the first 30 s after start-up; the HTTP run the next 30 s.
exec "$(dirname "$0")/profile.sh" 45 12 ingest
