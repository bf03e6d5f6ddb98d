#!/usr/bin/env bash
# Runs each libFuzzer target for a fixed time on its committed seed corpus and reports, per
# target, executions per second, coverage (cov: edges, ft: features) and the corpus size.
# New inputs go to a scratch directory, never into tests/fuzz/corpus. Fails when any target
# crashes, leaks, times out or runs out of memory; the reproducer is kept and its path printed.
#
#   tests/fuzz/run-fuzzers.sh [TARGET...]     (default: every target)
#
#   FUZZ_SECONDS   time per target (default 10)
#   FUZZ_BUILD_DIR where the fuzz preset built the targets (default build-fuzz)
#   FUZZ_WORK_DIR  scratch corpora, logs and reproducers (default $FUZZ_BUILD_DIR/fuzz-work);
#                  a run starts from the committed corpus plus what earlier runs left there
#   FUZZ_RSS_MB    memory limit per target (default 2048)
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${FUZZ_SECONDS:-10}
build=${FUZZ_BUILD_DIR:-build-fuzz}
work=${FUZZ_WORK_DIR:-$build/fuzz-work}
rss_mb=${FUZZ_RSS_MB:-2048}

# target  max_len  dictionary: requests and agent bodies run to ~50 KB; streams and files less.
targets=(
  "http_request          65536 http.dict"
  "face_openai_chat      65536 json.dict"
  "face_openai_responses 65536 json.dict"
  "face_anthropic        65536 json.dict"
  "face_gemini           65536 json.dict"
  "sse                   8192  sse.dict"
  "ndjson                8192  json.dict"
  "event_stream          8192  -"
  "plugin_decoders       16384 json.dict"
  "config                8192  toml.dict"
  "elf_metadata          16384 -"
  "url                   1024  -"
)

selected=("$@")
wanted() {
  [ ${#selected[@]} -eq 0 ] && return 0
  local s
  for s in "${selected[@]}"; do [ "$s" = "$1" ] && return 0; done
  return 1
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
printf '%-22s %10s %8s %8s %14s %s\n' target "execs/s" cov ft corpus result
for line in "${targets[@]}"; do
  read -r name max_len dict <<<"$line"
  wanted "$name" || continue
  binary=$build/fuzz/fuzz_$name
  if [ ! -x "$binary" ]; then
    echo "run-fuzzers: $binary is missing: build it with 'cmake --preset fuzz && cmake --build --preset fuzz'" >&2
    exit 2
  fi
  dir=$work/$name
  mkdir -p "$dir/corpus" "$dir/artifacts"
  options=(-max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb="$rss_mb" -timeout=10 -print_final_stats=1
           -artifact_prefix="$dir/artifacts/")
  [ "$dict" != "-" ] && options+=(-dict="tests/fuzz/dict/$dict")
  # The first directory receives new inputs; the committed one is only read.
  status=0
  "$binary" "${options[@]}" "$dir/corpus" "tests/fuzz/corpus/$name" >"$dir/log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log" | tail -1)
  last=$(grep -E '^#[0-9]+.*cov: ' "$dir/log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([^ ]*\).*/\1/p' <<<"$last")
  result=ok
  if [ "$status" -ne 0 ]; then
    reproducer=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$dir/log" | tail -1)
    result="FAILED (exit $status; log $dir/log; reproducer ${reproducer:-none})"
    failed+=("$name")
  fi
  printf '%-22s %10s %8s %8s %14s %s\n' "$name" "${execs:--}" "${cov:--}" "${ft:--}" "${corp:--}" "$result"
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "run-fuzzers: ${failed[*]} failed; the report is at the end of each log, and the reproducer runs with" \
    "$build/fuzz/fuzz_<target> <reproducer>" >&2
  exit 1
fi
