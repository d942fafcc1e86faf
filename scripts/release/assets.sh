#!/usr/bin/env bash
# The files a GitHub release gets, in dist/release/: the plugin tarballs of both architectures and
# the rules tarball that `npm run package` made, and SHA256SUMS, their SHA-256 sums in the format
# of sha256sum (check with `sha256sum -c SHA256SUMS`). The tarballs are the ones
# scripts/package-artifacts.sh lists (run again: it rebuilds nothing already up to date).
# Prints the paths of the assets.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=dist/release
mapfile -t tarballs < <(bash scripts/package-artifacts.sh | grep '\.tar\.gz$')
[ "${#tarballs[@]}" -eq 3 ] || { echo "assets: expected 3 tarballs from scripts/package-artifacts.sh, got ${#tarballs[@]}" >&2; exit 1; }
rm -rf "$out.tmp"
mkdir -p "$out.tmp"
cp "${tarballs[@]}" "$out.tmp/"
(cd "$out.tmp" && sha256sum -- *.tar.gz > SHA256SUMS)
rm -rf "$out"
mv "$out.tmp" "$out"
printf '%s\n' "$out"/*
