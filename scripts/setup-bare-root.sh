#!/usr/bin/env bash
# A minimal Debian bookworm root (debootstrap --variant=minbase: libc, libstdc++, libgcc_s, zlib
# and little else), the closest local stand-in for the Falco images: the relocation tests unpack
# the plugin artifact into it and run the plugin host there with chroot. Made once from the mirror
# apt uses and cached in the git-ignored .cache/; prints the root's path.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD/.cache/bookworm-minbase"
if [ -f "$root.ready" ]; then
  echo "$root"
  exit 0
fi
say() { printf '[setup-bare-root] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v debootstrap >/dev/null 2>&1; then
  say "installing debootstrap"
  as_root apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
    -o DPkg::Lock::Timeout=600 debootstrap >/dev/null
fi
mirror="$(apt-cache policy | awk '$3 == "bookworm/main" { print $2; exit }')"
[ -n "$mirror" ] || { say "no bookworm/main source in apt's configuration"; exit 1; }
say "debootstrap --variant=minbase bookworm from $mirror (once; cached in $root)"
mkdir -p "$(dirname "$root")"
as_root rm -rf "$root" "$root.tmp"
# Its own mount namespace: whatever debootstrap mounts in the new root goes away with it.
if ! as_root unshare --mount --propagation private \
    debootstrap --variant=minbase bookworm "$root.tmp" "$mirror" >"$root.log" 2>&1; then
  tail -20 "$root.log" >&2
  say "debootstrap failed (full log: $root.log)"
  exit 1
fi
mv "$root.tmp" "$root"
touch "$root.ready"
echo "$root"
