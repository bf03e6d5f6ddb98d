#!/usr/bin/env bash
# The whole test suite: install what is missing, then build and test the release preset and
# the AddressSanitizer+UBSan preset, the ThreadSanitizer preset on the tests labelled tsan,
# then run the fuzzers briefly.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-deps.sh
jobs=$(nproc)
for preset in release asan; do
  echo "== $preset: configure and build"
  cmake --preset "$preset" -DLLMHOST_BENCHMARKS=OFF >/dev/null # benchmarks are run by hand, not tested
  cmake --build --preset "$preset" -j "$jobs"
  echo "== $preset: test"
  ctest --preset "$preset" -j "$jobs"
done
# ThreadSanitizer on the tests where threads share fibers, sockets and connections (label
# tsan: fiber, transport, gateway). Every process, the gateways the tests start included,
# writes its reports to build-tsan/tsan-report.<pid>: any such file fails the stage.
echo "== tsan: configure and build"
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j "$jobs"
echo "== tsan: test"
rm -f build-tsan/tsan-report.*
tsan_status=0
ctest --preset tsan -j "$jobs" || tsan_status=$?
if compgen -G "build-tsan/tsan-report.*" >/dev/null; then
  cat build-tsan/tsan-report.*
  echo "== tsan: ThreadSanitizer reported the problems above (build-tsan/tsan-report.*)" >&2
  tsan_status=1
fi
[ "$tsan_status" -eq 0 ] || exit "$tsan_status"
# The libFuzzer targets (clang, ASan+UBSan): a few seconds each on the committed corpora, so
# that a decoder or parser change that crashes on hostile input fails here.
echo "== fuzz: configure and build"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs"
echo "== fuzz: run (FUZZ_SECONDS=${FUZZ_SECONDS:=5} each)"
FUZZ_SECONDS=$FUZZ_SECONDS tests/fuzz/run-fuzzers.sh
