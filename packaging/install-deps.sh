#!/usr/bin/env bash
# Installs the Debian packages llmhost needs to build and test, and the npm clients the
# gateway's e2e tests run (tests/sdk_clients, tests/agent_clients); does nothing when all are
# present.
# Boost is pinned to 1.81 by versioned package name (the unversioned packages are 1.74 on bookworm).
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-test1.81-dev libboost-filesystem1.81-dev libboost-context1.81-dev
  libtoml11-dev libssl-dev
  clang libclang-rt-14-dev # the fuzz preset: clang and its libFuzzer and sanitizer runtimes
  zsh fish groff-base man-db # to check the generated shell completions and man page
  systemd # systemd-analyze, to verify the service unit
  abigail-tools # abidw and abidiff, for the plugin ABI gate (sdk/abi)
  dpkg-dev lintian # packaging/build-debs.sh (dpkg-shlibdeps, dpkg-architecture) and its checker
  python3-jsonschema # validates the canonical request's JSON Schema (sdk/schema) against the code
)
# The container image's test builds it with podman from a base image made with debootstrap;
# podman with what it recommends (buildah, fuse-overlayfs, uidmap, ...), as people install it.
with_recommends=(podman debootstrap)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Any node and npm will do (Debian's are 18 and 9), so their packages only when the commands are missing.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)

missing_with_recommends=()
for p in "${with_recommends[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing_with_recommends+=("$p")
done

if [ $((${#missing[@]} + ${#missing_with_recommends[@]})) -gt 0 ]; then
  echo "install-deps: installing ${missing[*]} ${missing_with_recommends[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  [ ${#missing[@]} -eq 0 ] ||
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ ${#missing_with_recommends[@]} -eq 0 ] ||
    "${sudo_cmd[@]}" apt-get install -y -qq "${missing_with_recommends[@]}" >/dev/null
fi

# The exact versions each package-lock.json pins — the client SDKs (tests/sdk_clients) and the
# coding agents with a Node they accept (tests/agent_clients) — again whenever the lock file is
# newer than the install (npm writes node_modules/.package-lock.json last). Claude Code's own
# install script puts its native binary in place; the tests also find it without that script.
for clients in sdk_clients agent_clients; do
  dir="$(dirname "$0")/../tests/$clients"
  if [ -f "$dir/package-lock.json" ] && [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "install-deps: installing the npm packages of tests/$clients" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
done
