#!/usr/bin/env bash
# Installs what a fresh clone lacks (Debian prerequisites and the libnode sysroot, npm packages)
# and builds everything. Cheap when all is already there: each step is incremental.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup-sysroot.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run --silent build:ts
npm run --silent build:addon
npm run --silent build:native >/dev/null
