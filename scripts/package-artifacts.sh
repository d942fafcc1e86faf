#!/usr/bin/env bash
# Makes the artifacts from the native build (build/) and the arm64 cross build (build/aarch64/),
# into dist/:
#   k8saudit-ovh-<version>-linux-x86_64.tar.gz, k8saudit-ovh-<version>-linux-aarch64.tar.gz:
#     the plugin artifact, flat (falcoctl extracts it into /usr/share/falco/plugins/):
#     libk8saudit-ovh.so, the patched libnode and the libraries it needs (found through
#     DT_RPATH $ORIGIN), nodejs-builtins/;
#   k8saudit-ovh-rules-<version>.tar.gz: the rules files of rules/;
#   oci/: the OCI image layout `npm run oci:push` pushes (the plugin's image index with one
#     manifest per platform, the rules artifact).
# Tarballs are deterministic (sorted, owner 0, fixed mtime, gzip -n), so the same build has the
# same digests and pushing it again changes nothing. Outputs are rewritten only when their
# inputs changed. Prints the paths it produced. `npm run package` builds first, then runs this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
name="$(node -p 'require("./package.json").name')"
version="$(node -p 'require("./package.json").version')"
mkdir -p dist

# newer_than <file> <paths...>: true when <file> is missing or one of <paths> is newer.
newer_than() {
  local file="$1"; shift
  [ ! -f "$file" ] || [ -n "$(find "$@" -newer "$file" -print -quit)" ]
}

# pack <tarball> <folder> <entries of the folder...>
pack() {
  local out="$PWD/$1" dir="$2"; shift 2
  if (cd "$dir" && newer_than "$out" "$@"); then
    tar -C "$dir" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
      --mode=u+rw,go-w,a+rX -cf - "$@" | gzip -n > "$out.tmp"
    mv "$out.tmp" "$out"
  fi
}

# What ships from a build folder: the plugin, libnode and its libraries, the built-in modules.
shipped() { (cd "$1" && printf '%s\n' libk8saudit-ovh.so lib*.so.* nodejs-builtins | LC_ALL=C sort); }

amd64="dist/$name-$version-linux-x86_64.tar.gz"
arm64="dist/$name-$version-linux-aarch64.tar.gz"
rules="dist/$name-rules-$version.tar.gz"
# shellcheck disable=SC2046
pack "$amd64" build $(shipped build)
# shellcheck disable=SC2046
pack "$arm64" build/aarch64 $(shipped build/aarch64)
# shellcheck disable=SC2046
pack "$rules" rules $(cd rules && printf '%s\n' *.yaml | LC_ALL=C sort)

# The plugin reports its name, version and required plugin API itself.
build/k8saudit-host --info build/libk8saudit-ovh.so > build/plugin-info.json.tmp
if cmp -s build/plugin-info.json.tmp build/plugin-info.json; then
  rm build/plugin-info.json.tmp
else
  mv build/plugin-info.json.tmp build/plugin-info.json
fi
if newer_than dist/oci/index.json "$amd64" "$arm64" "$rules" rules package.json build/plugin-info.json \
    scripts/oci; then
  node scripts/run-ts.mjs scripts/oci/build-layout.ts --info build/plugin-info.json \
    --plugin "linux/amd64=$amd64" --plugin "linux/arm64=$arm64" --rules "$rules" --rules-dir rules
fi
printf '%s\n' "$amd64" "$arm64" "$rules" dist/oci
