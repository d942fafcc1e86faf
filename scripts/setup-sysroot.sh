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
# Idempotent: does nothing when the stamp for this package set exists.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sysroot="$here/.sysroot"
packages=(libnode108 libnode-dev libuv1 libuv1-dev libc-ares2 libicu72 libnghttp2-14 libbrotli1
          libssl3 node-acorn node-cjs-module-lexer node-undici)
stamp="$sysroot/.stamp-$(printf '%s\n' "${packages[@]}" | sha1sum | cut -c1-12)"

say() { printf '[setup-sysroot] %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq >/dev/null; apt_updated=1; fi
}

missing_tools=()
for tool in cmake g++ make python3; do
  command -v "$tool" >/dev/null 2>&1 || missing_tools+=("$tool")
done
if [ "${#missing_tools[@]}" -gt 0 ]; then
  say "installing build tools: ${missing_tools[*]}"
  apt_update_once
  debs=()
  for t in "${missing_tools[@]}"; do
    case "$t" in g++) debs+=(g++) ;; *) debs+=("$t") ;; esac
  done
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${debs[@]}" >/dev/null
fi

if [ -f "$stamp" ]; then
  exit 0
fi

say "downloading Debian packages into $sysroot"
rm -rf "$sysroot"
mkdir -p "$sysroot/debs" "$sysroot/root" "$sysroot/runtime/nodejs-builtins"
apt_update_once
# apt-get download writes into the current directory; _apt cannot write there, so it warns
# and downloads unsandboxed, which is fine.
(cd "$sysroot/debs" && apt-get download "${packages[@]}" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2 || true)
for p in "${packages[@]}"; do
  ls "$sysroot/debs/${p}_"*.deb >/dev/null 2>&1 || { say "missing package $p after download"; exit 1; }
done
for deb in "$sysroot"/debs/*.deb; do dpkg-deb -x "$deb" "$sysroot/root"; done

multiarch="$(gcc -dumpmachine | sed 's/-pc-/-/; s/-unknown-/-/')"
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
