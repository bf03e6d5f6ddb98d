#!/bin/sh
# Runs the gateway benchmark (gateway_bench.cpp) from a Release build directory, installing
# nginx and wrk first when they are missing (Debian packages; never part of install-deps.sh).
#   tests/bench/gateway_bench.sh [BUILD_DIR (default build-release)] [SECONDS per wrk run (default 10)]
set -eu
build=${1:-build-release}
seconds=${2:-10}
missing=""
command -v wrk >/dev/null 2>&1 || missing="$missing wrk"
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx"
if [ -n "$missing" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi
exec "$build/tests/bench/gateway_bench" "$seconds"
