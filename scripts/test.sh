#!/usr/bin/env bash
# Runs every test (unit and integration) after making sure everything is installed and built.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-deps.sh
npx tsc -p tsconfig.json --noEmit
exec npx vitest run "$@"
