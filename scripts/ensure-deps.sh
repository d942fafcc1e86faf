#!/usr/bin/env bash
# Installs what a fresh clone lacks (Debian prerequisites and the libnode sysroot, npm packages)
# and builds everything. Cheap when all is already there: each step is incremental.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup-sysroot.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
for step in build:ts build:addon build:native; do
  if ! npm run --silent "$step" >"$log" 2>&1; then
    cat "$log" >&2
    echo "ensure-deps: npm run $step failed" >&2
    exit 1
  fi
done
