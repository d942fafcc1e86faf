#!/usr/bin/env bash
# Builds what falcoctl installs, for linux/amd64 and linux/arm64, into dist/ (see
# scripts/package-artifacts.sh for what is in it): the native build, the arm64 cross build
# (Debian's g++-aarch64-linux-gnu and an arm64 libnode sysroot), then the artifacts.
# Works from a clean clone (installs what is missing). Prints the paths it produced.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-deps.sh
bash scripts/build-cross.sh arm64 >/dev/null
bash scripts/package-artifacts.sh
