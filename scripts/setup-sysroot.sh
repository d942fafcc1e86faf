#!/usr/bin/env bash
# Prepares everything the native build needs that npm does not bring:
#  - build tools (cmake, g++, make, python3) from Debian when missing;
#  - Debian's libnode 18 (headers + library) and its runtime libraries, downloaded with
#    `apt-get download` and unpacked into the git-ignored project-local sysroot .sysroot/root
#    (`apt-get install libnode-dev` is refused next to nodesource's nodejs);
#  - .sysroot/runtime: what ships beside the plugin .so — libnode patched so that the five
#    built-in JS modules it reads from /usr/share/nodejs/ are read through /proc/self/fd/987/
#    (same byte length; the plugin opens its bundled nodejs-builtins/ folder on fd 987), the
#    libraries libnode needs, and the nodejs-builtins/ folder itself.
#
# Usage: setup-sysroot.sh [amd64|arm64]   (default: this machine's architecture)
# Another architecture goes to .sysroot-<arch>/ (same layout) for a cross build: the script adds
# the dpkg architecture, installs Debian's cross compiler, and also unpacks into
# .sysroot-<arch>/base the few libraries every Debian root has (libc, libstdc++, libgcc_s, zlib),
# which is the root qemu-user runs that architecture's binaries in.
# Idempotent: does nothing when the stamp for this package set exists.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
host_arch="$(dpkg --print-architecture)"
arch="${1:-$host_arch}"
case "$arch" in
  amd64) multiarch=x86_64-linux-gnu ;;
  arm64) multiarch=aarch64-linux-gnu ;;
  *) echo "[setup-sysroot] unsupported architecture: $arch (amd64 or arm64)" >&2; exit 2 ;;
esac
if [ "$arch" = "$host_arch" ]; then
  sysroot="$here/.sysroot"
  qualifier=""
else
  sysroot="$here/.sysroot-$arch"
  qualifier=":$arch"
fi
arch_packages=(libnode108 libnode-dev libuv1 libuv1-dev libc-ares2 libicu72 libnghttp2-14 libbrotli1
               libssl3)
all_packages=(node-acorn node-cjs-module-lexer node-undici)
# A foreign root also needs zlib at link time (the host's is found by the native linker).
[ -z "$qualifier" ] || arch_packages+=(zlib1g)
base_packages=(libc6 libstdc++6 libgcc-s1 zlib1g)
packages=()
for p in "${arch_packages[@]}"; do packages+=("$p$qualifier"); done
packages+=("${all_packages[@]}")
stamp="$sysroot/.stamp-$(printf '%s\n' "${packages[@]}" | sha1sum | cut -c1-12)"

say() { printf '[setup-sysroot] %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq >/dev/null; apt_updated=1; fi
}

apt_install() {
  apt_update_once
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
    -o DPkg::Lock::Timeout=600 "$@" >/dev/null
}

missing_debs=()
for tool in cmake g++ make python3; do
  command -v "$tool" >/dev/null 2>&1 || missing_debs+=("$tool")
done
if [ -n "$qualifier" ] && ! command -v "$multiarch-g++" >/dev/null 2>&1; then
  missing_debs+=("g++-$multiarch")
fi
if [ "${#missing_debs[@]}" -gt 0 ]; then
  say "installing build tools: ${missing_debs[*]}"
  apt_install "${missing_debs[@]}"
fi

if [ -f "$stamp" ]; then
  exit 0
fi

if [ -n "$qualifier" ] && ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
  say "adding the dpkg architecture $arch (for apt-get download of its packages)"
  as_root dpkg --add-architecture "$arch"
  apt_updated=0
fi

# apt-get download writes into the current directory; _apt cannot write there, so it warns
# and downloads unsandboxed, which is fine.
download() {
  local dir="$1"; shift
  mkdir -p "$dir"
  (cd "$dir" && apt-get download "$@" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2 || true)
  for p in "$@"; do
    ls "$dir/${p%%:*}_"*.deb >/dev/null 2>&1 || { say "missing package $p after download"; exit 1; }
  done
}

say "downloading Debian packages into $sysroot"
rm -rf "$sysroot"
mkdir -p "$sysroot/root" "$sysroot/runtime/nodejs-builtins"
apt_update_once
download "$sysroot/debs" "${packages[@]}"
for deb in "$sysroot"/debs/*.deb; do dpkg-deb -x "$deb" "$sysroot/root"; done
if [ -n "$qualifier" ]; then
  base=()
  for p in "${base_packages[@]}"; do base+=("$p$qualifier"); done
  download "$sysroot/base-debs" "${base[@]}"
  mkdir -p "$sysroot/base"
  for deb in "$sysroot"/base-debs/*.deb; do dpkg-deb -x "$deb" "$sysroot/base"; done
fi

libdir="$sysroot/root/usr/lib/$multiarch"
[ -f "$libdir/libnode.so.108" ] || { say "libnode.so.108 not found in $libdir"; exit 1; }

# The five built-in modules libnode reads at runtime (absolute paths compiled into it).
builtins=(acorn/dist/acorn.js acorn-walk/dist/walk.js cjs-module-lexer/lexer.js
          cjs-module-lexer/dist/lexer.js undici/undici-fetch.js)
for f in "${builtins[@]}"; do
  mkdir -p "$sysroot/runtime/nodejs-builtins/$(dirname "$f")"
  cp "$sysroot/root/usr/share/nodejs/$f" "$sysroot/runtime/nodejs-builtins/$f"
done

# libnode with its /usr/share/nodejs/ prefix rewritten to /proc/self/fd/987/ (same length).
python3 - "$libdir/libnode.so.108" "$sysroot/runtime/libnode.so.108" <<'PY'
import sys
src, dst = sys.argv[1], sys.argv[2]
old, new = b"/usr/share/nodejs/", b"/proc/self/fd/987/"
assert len(old) == len(new)
data = open(src, "rb").read()
count = data.count(old)
if count == 0:
    sys.exit("no /usr/share/nodejs/ prefix found in libnode")
open(dst, "wb").write(data.replace(old, new))
print(f"[setup-sysroot] patched {count} occurrences of {old.decode()} in libnode", file=sys.stderr)
PY
chmod 0755 "$sysroot/runtime/libnode.so.108"

# Runtime closure of libnode (besides libc/libstdc++/libgcc/zlib, present on any bookworm).
for lib in libuv.so.1 libcares.so.2 libnghttp2.so.14 libbrotlidec.so.1 libbrotlienc.so.1 \
           libbrotlicommon.so.1 libicui18n.so.72 libicuuc.so.72 libicudata.so.72 libssl.so.3 \
           libcrypto.so.3; do
  cp -L "$libdir/$lib" "$sysroot/runtime/$lib"
done

echo "$multiarch" > "$sysroot/multiarch"
touch "$stamp"
say "sysroot ready"
