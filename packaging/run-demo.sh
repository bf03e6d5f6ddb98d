#!/usr/bin/env bash
# The main job: install what is missing, build the host and its bundled plugins, list the
# plugins and stream a reply from the offline mock provider.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target llmhost llmhost_bundled_plugins
build/bin/llmhost plugins
build/bin/llmhost -p mock chat "Hello from llmhost: the offline mock provider streams this back word by word."
