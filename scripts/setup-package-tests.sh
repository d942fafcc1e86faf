#!/usr/bin/env bash
# What the package tests (test/integration/package*.test.ts) need besides the build: Debian's
# qemu-user-static (runs the arm64 host), docker-registry (a real OCI registry on loopback),
# the arm64 cross build's sysroot, and the cached minimal bookworm root. Cheap when all is there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v qemu-aarch64-static >/dev/null 2>&1 || missing+=(qemu-user-static)
command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
if [ "${#missing[@]}" -gt 0 ]; then
  printf '[setup-package-tests] installing %s\n' "${missing[*]}" >&2
  as_root apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
    -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
fi
bash scripts/setup-sysroot.sh arm64
bash scripts/setup-bare-root.sh >/dev/null
