#!/usr/bin/env bash
# The plugin ABI gate. Compiles provider_abi_probe.c against a provider_abi.h and compares the
# result with the committed v1 baseline using abidiff (Debian's abigail-tools); appending members
# at the end of a struct is allowed (appending.supp), anything else that abidiff reports fails.
#   abi-gate.sh check INCLUDE_DIR       exit 0: compatible with the baseline; 1: a break; 77: no abidiff
#   abi-gate.sh update INCLUDE_DIR      rewrites the baseline (commit it with the header change)
#   abi-gate.sh selftest INCLUDE_DIR    patched copies of the header: an append must pass, breaks must fail
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
baseline="$here/provider_abi.abi.xml"
mode="${1:?usage: abi-gate.sh check|update|selftest INCLUDE_DIR}"
include="${2:?usage: abi-gate.sh check|update|selftest INCLUDE_DIR}"
cc="${CC:-cc}"

for tool in abidw abidiff; do
  if ! command -v "$tool" >/dev/null; then
    echo "abi-gate: $tool not found; install abigail-tools (packaging/install-deps.sh does)" >&2
    exit 77
  fi
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# probe INCLUDE_DIR OUT.so
probe() {
  # A relative source path, so the baseline does not record where the checkout lives.
  local include
  include="$(cd "$1" && pwd)"
  (cd "$here" && "$cc" -std=c11 -g -O0 -shared -fPIC -fvisibility=hidden -I "$include" provider_abi_probe.c -o "$2")
}

# compare INCLUDE_DIR: abidiff's report on stdout, its status as ours
compare() {
  local so="$work/probe-$RANDOM.so"
  probe "$1" "$so" || return 1
  abidiff --no-show-locs --suppressions "$here/appending.supp" "$baseline" "$so" || return 1
  # libabigail 2.2 also lets a struct through the suppression when nothing was inserted (a member
  # retyped or a function pointer's parameters changed), so the full report is read for what
  # appending never causes.
  local full
  full="$(abidiff --no-show-locs "$baseline" "$so" || true)"
  if grep -E "offset changed|deletion|enumerator change|name changed|was added|was removed|return type changed" <<<"$full"; then
    echo "(abidiff without the appending suppression, lines above: not an append)"
    return 1
  fi
}

case "$mode" in
  update)
    probe "$include" "$work/probe.so"
    abidw --no-show-locs --no-corpus-path --no-comp-dir-path --out-file "$baseline" "$work/probe.so"
    echo "abi-gate: wrote $baseline"
    ;;
  check)
    if compare "$include"; then
      echo "abi-gate: $include/llmhost/provider_abi.h is compatible with the v1 baseline"
    else
      echo "abi-gate: $include/llmhost/provider_abi.h breaks the v1 ABI (see above); appending at the end of a struct is the only allowed change" >&2
      exit 1
    fi
    ;;
  selftest)
    header="$include/llmhost/provider_abi.h"
    failed=0
    # variant NAME EXPECT(pass|fail) SED-SCRIPT
    variant() {
      local dir="$work/$1"
      mkdir -p "$dir/llmhost"
      sed "$3" "$header" >"$dir/llmhost/provider_abi.h"
      if cmp -s "$header" "$dir/llmhost/provider_abi.h"; then
        echo "abi-gate selftest: $1: the patch did not apply" >&2
        failed=1
        return
      fi
      local got=pass
      compare "$dir" >"$dir/report.txt" 2>&1 || got=fail
      echo "=== $1: expected $2, got $got"
      sed 's/^/    /' "$dir/report.txt"
      [ "$got" = "$2" ] || failed=1
    }
    variant append-plugin-member pass 's/^} llmh_plugin;/    int32_t (*appended)(llmh_provider* provider);\n} llmh_plugin;/'
    variant append-host-service pass 's/^} llmh_host_services;/    void (*appended)(void* host);\n} llmh_host_services;/'
    variant append-event-member pass 's/^} llmh_event;/    int64_t appended;\n} llmh_event;/'
    variant append-enumerator pass 's/^    LLMH_EVENT_REASONING_STATE = 8$/    LLMH_EVENT_REASONING_STATE = 8,\n    LLMH_EVENT_APPENDED = 9/'
    variant retype-member fail 's/^    uint32_t flags;     /    uint64_t flags;     /'
    variant swap-members fail '/^    llmh_str name;      /{h;d};/^    llmh_str version;   /{G}'
    variant remove-member fail '/^    void (\*destroy)(llmh_provider\* provider);$/d'
    variant change-enumerator fail 's/^    LLMH_EVENT_FINISH = 7, /    LLMH_EVENT_FINISH = 9, /'
    variant change-signature fail 's/^    uint32_t (\*capabilities)(llmh_provider\* provider, llmh_str model);/    uint32_t (*capabilities)(llmh_provider* provider, llmh_str model, int32_t extra);/'
    variant insert-member-midway fail 's/^    uint32_t flags;     /    uint32_t inserted;\n    uint32_t flags;     /'
    [ "$failed" -eq 0 ] && echo "abi-gate selftest: every variant as expected" || exit 1
    ;;
  *)
    echo "abi-gate: unknown mode '$mode' (check, update or selftest)" >&2
    exit 2
    ;;
esac
