#!/usr/bin/env bash
# The plugin's main job end to end, on bundled sample data: installs what is missing, builds,
# starts the LDP simulator on 127.0.0.1 serving samples/mks-audit-sample.jsonl wrapped as LDP
# WebSocket messages, loads the real build/libk8saudit-ovh.so in the plugin host with that
# simulator as open_params, and prints each event with its fields, then a summary.
# Usage: npm run demo [-- --fields-file bench/ruleset-fields.txt] (extra args go to the host)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-deps.sh

samples=samples/mks-audit-sample.jsonl
count=$(grep -c . "$samples")
token="demo-$RANDOM$RANDOM"
work="$(mktemp -d)"
trap 'kill "$sim_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

LDP_SIM_TOKEN="$token" node dist/ldp-sim.js --file "$samples" --port 0 --rate 50 >"$work/sim.out" 2>&1 &
sim_pid=$!
for _ in $(seq 1 100); do
  grep -q 'listening on' "$work/sim.out" 2>/dev/null && break
  sleep 0.1
done
listen=$(sed -n 's/.*listening on \(ws:\/\/[^ ]*\).*/\1/p' "$work/sim.out" | head -n1)
[ -n "$listen" ] || { cat "$work/sim.out" >&2; echo "demo: the LDP simulator did not start" >&2; exit 1; }
base="${listen%/}"
base="${base%/tail}"
open_params="$base/tail/?tk=$token"
echo "# LDP simulator on $base serving $count sample MKS audit events; open_params $base/tail/?tk=***" >&2

fields='ka.verb,ka.user.name,ka.target.resource,ka.target.namespace,ka.target.name,ka.response.code,ka.uri.param[command],ka.req.pod.containers.image'
args=(--fields "$fields")
if [ "$#" -gt 0 ]; then args=("$@"); fi
build/k8saudit-host --open "$open_params" --max-events "$count" --duration-s 30 "${args[@]}" build/libk8saudit-ovh.so
