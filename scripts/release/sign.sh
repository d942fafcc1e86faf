#!/usr/bin/env bash
# Signs each artifact digest a release pushed, listed one <registry>/<repository>@sha256:<hex> a line
# in <file> (written by scripts/release/publish.ts), with `cosign sign --yes`. In the release
# workflow cosign signs keyless: it takes the workflow's GitHub OIDC identity (id-token: write),
# gets a short-lived certificate for it from Sigstore's Fulcio, records the signature in Rekor and
# pushes it beside the artifact; falcoctl and `cosign verify` then check that identity
# (index.yaml's signature entry). With REGISTRY_USER / REGISTRY_PASSWORD set, cosign first logs in
# to each registry of the list (the password on stdin, never in an argument).
# Usage: sign.sh <file>
set -euo pipefail
fail() { echo "sign: $*" >&2; exit 1; }
list="${1:-}"
[ -n "$list" ] || fail "usage: sign.sh <file of <registry>/<repository>@sha256:<hex> lines>"
[ -r "$list" ] || fail "cannot read $list"
command -v cosign >/dev/null 2>&1 || fail "cosign is not on PATH (the release workflow installs it with sigstore/cosign-installer)"
mapfile -t refs < <(grep -v '^[[:space:]]*$' "$list" || true)
[ "${#refs[@]}" -gt 0 ] || fail "$list lists no digest: nothing was pushed?"
for ref in "${refs[@]}"; do
  [[ "$ref" =~ ^[a-z0-9.:-]+/[a-z0-9._/-]+@sha256:[0-9a-f]{64}$ ]] ||
    fail "$list: \"$ref\" is not <registry>/<repository>@sha256:<hex>: only digests are signed, never tags"
done
if [ -n "${REGISTRY_USER:-}" ] || [ -n "${REGISTRY_PASSWORD:-}" ]; then
  [ -n "${REGISTRY_USER:-}" ] && [ -n "${REGISTRY_PASSWORD:-}" ] || fail "set both REGISTRY_USER and REGISTRY_PASSWORD, or neither"
  for registry in $(printf '%s\n' "${refs[@]%%/*}" | sort -u); do
    printf '%s' "$REGISTRY_PASSWORD" | cosign login "$registry" --username "$REGISTRY_USER" --password-stdin ||
      fail "cosign could not log in to $registry as $REGISTRY_USER"
  done
fi
for ref in "${refs[@]}"; do
  echo "signing $ref"
  cosign sign --yes "$ref" || fail "cosign sign failed for $ref"
done
echo "signed ${#refs[@]} digests"
