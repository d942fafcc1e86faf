#!/usr/bin/env bash
# Runs the whole test suite with `stress-ng --cpu 2` keeping the CPUs busy beside it: the suite
# must hold on a loaded machine, since its tests wait for events, never for time. Installs
# stress-ng (Debian) when it is missing. Arguments go to the test runner, as for `npm test`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v stress-ng >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq stress-ng >/dev/null
fi
stress-ng --cpu 2 --quiet &
stress_pid=$!
# Only the stress-ng started here is stopped (it stops its own workers).
trap 'kill "$stress_pid" 2>/dev/null || true; wait "$stress_pid" 2>/dev/null || true' EXIT
started=$(date +%s)
status=0
bash scripts/test.sh "$@" || status=$?
echo "test:loaded: $(( $(date +%s) - started )) s with stress-ng --cpu 2 beside the suite (exit $status)"
exit "$status"
