#!/bin/sh
# Runs the gateway benchmark (gateway_bench.cpp) from a Release build directory, installing
# nginx and wrk first when they are missing.
#   tests/bench/gateway_bench.sh [BUILD_DIR (default build-release)] [SECONDS per wrk run (default 10)]
set -eu
build=${1:-build-release}
seconds=${2:-10}
. "$(dirname "$0")/bench_tools.sh"
exec "$build/tests/bench/gateway_bench" "$seconds"
