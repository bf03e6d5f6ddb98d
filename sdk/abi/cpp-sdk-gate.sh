#!/usr/bin/env bash
# The C++ SDK surface gate. The C++ SDK is header-only and compiled into each plugin, so what a
# v1 plugin relies on is its source-level API: clang's AST of sdk_surface_probe.cpp (every public
# header) is listed by sdk_surface.py, one line per public declaration — record and its bases,
# public/protected field with its position and type, method and function with its signature and
# qualifiers, enumerator with its position and value, alias, constant, LLMH_ macro with its
# arity, and every header's include path — and compared with the committed v1 baseline
# cpp_sdk.surface.txt. A baseline line that is gone (removed, renamed, retyped, reordered, a
# signature changed, a header moved) is a break; new lines (a new type, member appended at the
# end, overload, function, header) are allowed.
#   cpp-sdk-gate.sh check INCLUDE_DIR     exit 0: compatible with the baseline; 1: a break; 77: no clang++/python3
#   cpp-sdk-gate.sh update INCLUDE_DIR    rewrites the baseline (commit it with the header change)
#   cpp-sdk-gate.sh selftest INCLUDE_DIR  patched copies of headers: additions must pass, breaks must fail
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
baseline="$here/cpp_sdk.surface.txt"
mode="${1:?usage: cpp-sdk-gate.sh check|update|selftest INCLUDE_DIR}"
include="${2:?usage: cpp-sdk-gate.sh check|update|selftest INCLUDE_DIR}"
cxx="${LLMHOST_SURFACE_CXX:-clang++}"

for tool in "$cxx" python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "cpp-sdk-gate: $tool not found; install clang (packaging/install-deps.sh) and python3" >&2
    exit 77
  fi
done

# The interpreter itself, not a version manager's shim (which costs ~0.5 s a start).
python="$(python3 -c 'import sys; print(sys.executable)')"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# surface INCLUDE_DIR OUT [HEADER]: the surface of the probe (every header), or of one header.
surface() {
  local inc src
  inc="$(cd "$1" && pwd)"
  if [ -n "${3:-}" ]; then
    src="$work/one-$RANDOM.cpp"
    echo "#include <llmhost/$3>" >"$src"
  else
    src="$work/probe-$RANDOM.cpp"
    { echo "#include \"$here/sdk_surface_probe.cpp\""
      (cd "$inc" && find llmhost -name '*.hpp' | LC_ALL=C sort | sed 's/.*/#include <&>/'); } >"$src"
  fi
  local flags=(-std=c++20 -I "$inc") out="$2"
  # The macros (cheap) alongside the AST (the slow part: ~6 s for every header, Boost.JSON included).
  "$cxx" "${flags[@]}" -dM -E "$src" >"$out.macros" &
  local macros_pid=$!
  if ! "$cxx" "${flags[@]}" -fsyntax-only -Xclang -ast-dump=json -Xclang -ast-dump-filter=llmhost "$src" >"$out.ast"; then
    wait "$macros_pid" || true
    echo "cpp-sdk-gate: the headers in $1 do not compile (above)" >&2
    return 1
  fi
  wait "$macros_pid" || { echo "cpp-sdk-gate: the preprocessor failed on $1" >&2; return 1; }
  # Every header by its include path too: a header moved or removed breaks the #include of
  # plugins written against it.
  { "$python" "$here/sdk_surface.py" "$out.ast" "$out.macros" || return 1
    [ -n "${3:-}" ] || (cd "$inc" && find llmhost -name '*.h' -o -name '*.hpp') | sed 's/^/header /'
  } | LC_ALL=C sort -u >"$out" || return 1
  rm -f "$out.ast" "$out.macros"
  # No declaration at all means the tooling failed, not that the SDK has no surface.
  grep -q '^record ' "$out" || { echo "cpp-sdk-gate: no declaration found in $1" >&2; return 1; }
}

# compare BASELINE CURRENT: what is gone (a break) and what is new, our status 0 when nothing is gone
compare() {
  local gone added
  gone="$(LC_ALL=C comm -23 "$1" "$2")"
  added="$(LC_ALL=C comm -13 "$1" "$2")"
  [ -z "$added" ] || { echo "added (allowed):"; sed 's/^/  + /' <<<"$added"; }
  if [ -n "$gone" ]; then
    echo "gone or changed (a break):"
    sed 's/^/  - /' <<<"$gone"
    return 1
  fi
}

case "$mode" in
  update)
    surface "$include" "$work/surface.txt"
    { echo "# The C++ SDK's v1 public surface: sdk/abi/cpp-sdk-gate.sh update sdk/include writes it; see README.md."
      cat "$work/surface.txt"; } >"$baseline"
    echo "cpp-sdk-gate: wrote $baseline ($(wc -l <"$work/surface.txt") declarations)"
    ;;
  check)
    surface "$include" "$work/surface.txt"
    grep -v '^#' "$baseline" >"$work/baseline.txt"
    if compare "$work/baseline.txt" "$work/surface.txt"; then
      echo "cpp-sdk-gate: the C++ SDK in $include is compatible with the v1 surface ($(wc -l <"$work/baseline.txt") declarations)"
    else
      echo "cpp-sdk-gate: the C++ SDK in $include breaks the v1 surface (see above); only additions are allowed" >&2
      exit 1
    fi
    ;;
  selftest)
    failed=0
    names=()
    # The unpatched headers' surfaces, each variant's patched one compared against its header's.
    surface "$include" "$work/ref-sse.hpp" protocol/sse.hpp &
    ref_sse=$!
    surface "$include" "$work/ref-plugin.hpp" plugin.hpp || exit 1
    wait "$ref_sse" || exit 1
    # variant NAME EXPECT(pass|fail) HEADER SED-SCRIPT, run in the background; the reports are
    # printed in order once all are done.
    variant() {
      local dir="$work/$1" header="$include/llmhost/$3"
      names+=("$1")
      mkdir -p "$dir"
      echo "$2" >"$dir/expected"
      cp -R "$include"/llmhost "$dir/"
      sed "$4" "$header" >"$dir/llmhost/$3"
      if cmp -s "$header" "$dir/llmhost/$3"; then
        echo "cpp-sdk-gate selftest: $1: the patch did not apply" >"$dir/report.txt"
        echo "unpatched" >"$dir/got"
        return
      fi
      ( got=pass
        { surface "$dir" "$dir/surface.txt" "$3" && compare "$work/ref-${3##*/}" "$dir/surface.txt"; } >"$dir/report.txt" 2>&1 || got=fail
        echo "$got" >"$dir/got" ) &
    }
    # SseParser (sse.hpp) for member functions, PluginIdentity and LLMH_PLUGIN (plugin.hpp) for
    # fields and macros: light headers, so each variant costs well under a second.
    variant add-method pass protocol/sse.hpp 's/^    void reset() { \*this = SseParser(); }$/&\n    bool appended() const { return true; }\n    void reset(int) { reset(); }/'
    variant append-field pass plugin.hpp 's/^    std::string_view version;$/&\n    std::string_view appended;/'
    variant change-private pass protocol/sse.hpp 's/^    bool skip_lf_ = false;$/    int skip_lf_ = 0;/'
    variant remove-method fail protocol/sse.hpp '/^    void reset() { \*this = SseParser(); }$/d'
    variant change-signature fail protocol/sse.hpp 's/^    int64_t retry_ms() const {/    int64_t retry_ms(int scale = 1) const {/'
    variant change-return-type fail protocol/sse.hpp 's/^    int64_t retry_ms() const {/    int32_t retry_ms() const {/'
    variant drop-const fail protocol/sse.hpp 's/^    bool has_partial_event() const {/    bool has_partial_event() {/'
    variant retype-field fail plugin.hpp 's/^    std::string_view version;$/    const char* version;/'
    variant insert-field-midway fail plugin.hpp 's/^    std::string_view version;$/    std::string_view inserted;\n&/'
    variant remove-field fail plugin.hpp '/^    std::string_view version;$/d'
    variant macro-arity fail plugin.hpp 's/^#define LLMH_PLUGIN(NAME, VERSION, MEMBERS) /#define LLMH_PLUGIN(NAME, VERSION, MEMBERS, EXTRA) /'
    wait
    for name in "${names[@]}"; do
      dir="$work/$name"
      echo "=== $name: expected $(cat "$dir/expected"), got $(cat "$dir/got" 2>/dev/null || echo nothing)"
      sed 's/^/    /' "$dir/report.txt"
      cmp -s "$dir/expected" "$dir/got" || failed=1
    done
    [ "$failed" -eq 0 ] && echo "cpp-sdk-gate selftest: every variant as expected" || exit 1
    ;;
  *)
    echo "cpp-sdk-gate: unknown mode '$mode' (check, update or selftest)" >&2
    exit 2
    ;;
esac
