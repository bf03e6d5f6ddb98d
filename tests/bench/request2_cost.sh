#!/bin/sh
# What carrying canonical request 2 costs the gateway's request path: two llmhost builds, the
# one before it and the one after (e.g. a worktree of an older commit built with
#   cmake --build OLD/build --target llmhost openai), serve the same fast upstream, and wrk
# posts the same two chat requests to each in alternating turns — a plain one, and one with
# the fields request 2 carries (prompt_cache_key, user, service_tier, and fields passed
# through unread). Prints the gateway's CPU per request for each, turn by turn, and each
# turn's ratio after/before (target: within 10% on the same run). Prints figures; not a test.
#   tests/bench/request2_cost.sh BEFORE_LLMHOST AFTER_LLMHOST [BUILD_DIR (default build)] [TURNS (default 5)]
# Needs wrk (tests/bench/gateway_bench.sh installs it).
set -eu
before=$1
after=$2
build=${3:-build}
turns=${4:-5}
dir=$(mktemp -d)
pids=""
trap 'kill $pids 2>/dev/null || true; rm -rf "$dir"' EXIT INT TERM

"$build/tests/bench/gateway_bench" --upstream-only >"$dir/upstream.log" 2>&1 &
pids="$pids $!"
for _ in $(seq 50); do grep -q "upstream on" "$dir/upstream.log" && break; sleep 0.1; done
upstream=$(sed -n 's/^upstream on //p' "$dir/upstream.log")
printf 'default_provider = "bench"\n[providers.bench]\nplugin = "openai"\nbase_url = "%s/v1"\ndefault_model = "m"\n' \
    "$upstream" >"$dir/config.toml"
printf '%s' '{"model":"bench/m","messages":[{"role":"user","content":"hi"}]}' >"$dir/plain.json"
printf '%s' '{"model":"bench/m","messages":[{"role":"user","content":"hi"}],"prompt_cache_key":"bench-session-1","user":"user-1","service_tier":"auto","seed":7,"metadata":{"run":"bench"}}' >"$dir/request2.json"
cat >"$dir/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open(os.getenv("BODY"), "r"); wrk.body = f:read("*a"); f:close()
LUA

# start NAME BINARY: a gateway whose pid and port land in $dir/NAME.pid, NAME.port
start() {
    "$2" --config "$dir/config.toml" serve --listen 127.0.0.1:0 >"$dir/$1.log" 2>&1 &
    echo $! >"$dir/$1.pid"
    pids="$pids $!"
    for _ in $(seq 100); do
        port=$(sed -n 's|.*serving on http://127.0.0.1:\([0-9]*\).*|\1|p' "$dir/$1.log")
        [ -n "$port" ] && break
        sleep 0.1
    done
    echo "$port" >"$dir/$1.port"
}
start before "$before"
start after "$after"

ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# cpu_per_request NAME BODY -> microseconds of the gateway's CPU per request at 64 connections
cpu_per_request() {
    pid=$(cat "$dir/$1.pid")
    c0=$(cpu "$pid")
    requests=$(BODY="$dir/$2" wrk -t2 -c64 -d4s -s "$dir/post.lua" "http://127.0.0.1:$(cat "$dir/$1.port")/v1/chat/completions" |
        awk '/requests in/ {print $1}')
    c1=$(cpu "$pid")
    awk -v c="$((c1 - c0))" -v t="$ticks" -v n="$requests" 'BEGIN {printf "%.1f", c / t * 1e6 / n}'
}

printf '| turn | request | before (us) | after (us) | after / before |\n|---|---|---|---|---|\n'
for turn in $(seq "$turns"); do
    for body in plain.json request2.json; do
        b=$(cpu_per_request before "$body")
        a=$(cpu_per_request after "$body")
        awk -v t="$turn" -v r="${body%.json}" -v b="$b" -v a="$a" 'BEGIN {printf "| %d | %s | %s | %s | %.2fx |\n", t, r, b, a, a / b}'
    done
done
