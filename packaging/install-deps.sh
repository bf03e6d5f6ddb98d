#!/usr/bin/env bash
# Installs the Debian packages llmhost needs to build and test, and the npm client SDKs the
# gateway's e2e test runs (tests/sdk_clients); does nothing when all are present.
# Boost is pinned to 1.81 by versioned package name (the unversioned packages are 1.74 on bookworm).
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-test1.81-dev libboost-filesystem1.81-dev libboost-context1.81-dev
  libtoml11-dev libssl-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Any node and npm will do (Debian's are 18 and 9), so their packages only when the commands are missing.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The exact SDK versions package-lock.json pins, again whenever the lock file is newer than the
# install (npm writes node_modules/.package-lock.json last).
sdk_clients="$(dirname "$0")/../tests/sdk_clients"
if [ -f "$sdk_clients/package-lock.json" ] &&
  [ "$sdk_clients/package-lock.json" -nt "$sdk_clients/node_modules/.package-lock.json" ]; then
  echo "install-deps: installing the client SDKs in tests/sdk_clients" >&2
  (cd "$sdk_clients" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
