#!/usr/bin/env bash
# Builds the bridge as a plain Node addon (binding.gyp) for unit tests, against the headers of the
# Node that runs the tests (no header download). configure+build, not rebuild: rebuild would wipe
# build/, where the plugin lives too.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
nodedir="$(node -p 'require("path").resolve(process.execPath, "../..")')"
if [ ! -f "$nodedir/include/node/node_api.h" ]; then
  echo "build-addon: Node headers not found under $nodedir/include/node" >&2
  exit 1
fi
npx node-gyp configure --nodedir="$nodedir" >/dev/null
npx node-gyp build -j 2 >/dev/null
