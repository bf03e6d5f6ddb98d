#!/bin/sh
# Runs the realistic-workload gateway benchmark (workload_bench.cpp) from a Release build
# directory configured with benchmarks on, installing nginx and wrk first when they are
# missing.
#   tests/bench/workload_bench.sh [BUILD_DIR (default build-release)] [workload_bench options]
# e.g. tests/bench/workload_bench.sh build --seconds 5 --turns 3 --soak 600
set -eu
build=${1:-build-release}
[ $# -gt 0 ] && shift
. "$(dirname "$0")/bench_tools.sh"
exec "$build/tests/bench/workload_bench" "$@"
