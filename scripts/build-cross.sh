#!/usr/bin/env bash
# Cross-builds the plugin, its runtime and the plugin host for another architecture into
# build/<machine>/ (e.g. build/aarch64/), from the same sources and JS bundle as the native build.
# Usage: build-cross.sh arm64   (needs dist/ from `npm run build:ts`; incremental)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
arch="${1:?usage: build-cross.sh arm64}"
case "$arch" in
  arm64) machine=aarch64 ;;
  *) echo "build-cross: unsupported architecture $arch (arm64)" >&2; exit 2 ;;
esac
bash scripts/setup-sysroot.sh "$arch"
build="build/cmake-$machine"
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_TOOLCHAIN_FILE="$PWD/cmake/$machine-linux-gnu.cmake" \
    -DK8S_SYSROOT="$PWD/.sysroot-$arch" -DK8S_OUT_DIR="$PWD/build/$machine" >/dev/null
fi
cmake --build "$build" --parallel "$(nproc)" >/dev/null
echo "build/$machine"
