#!/usr/bin/env bash
# Packs the plugin artifact falcoctl extracts flat into /usr/share/falco/plugins/: the plugin,
# the patched libnode and the libraries it needs, and the nodejs-builtins/ folder.
# Output: dist/k8saudit-ovh-<version>-linux-<arch>.tar.gz
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-deps.sh
version=$(node -p 'require("./package.json").version')
arch=$(uname -m)
out="dist/k8saudit-ovh-$version-linux-$arch.tar.gz"
files=(libk8saudit-ovh.so nodejs-builtins)
for lib in build/lib*.so.*; do files+=("$(basename "$lib")"); done
tar -C build -czf "$out" "${files[@]}"
echo "$out"
