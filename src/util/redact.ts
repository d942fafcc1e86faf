// Secrets never leave the plugin: every message we emit goes through here first.

/**
 * `tk=` (also percent-encoded `tk%3D`) followed by its value, up to the next query separator,
 * whitespace, quote or bracket. Case-insensitive on purpose: over-redacting is harmless.
 * The shim applies the same rule to what it logs (native/core/redact.h); both are tested against
 * test/fixtures/redaction-cases.json.
 */
const TOKEN_PARAM = /(tk(?:=|%3D))[^&\s"'`<>#]*/gi;

/** Replaces the value of every `tk=` query parameter in `text` with `***` (`tk=***`). */
export function redactSecrets(text: string): string {
  return text.replace(TOKEN_PARAM, (_match, key: string) => `${key}***`);
}

/**
 * A redactor that also removes the literal token wherever it appears (e.g. inside an error text
 * that quotes it without its `tk=` prefix), in its raw and URI-encoded/decoded forms.
 */
export function makeRedactor(secrets: readonly string[]): (text: string) => string {
  const literals = new Set<string>();
  for (const secret of secrets) {
    // Very short tokens would redact ordinary words; the tk= rule still covers them.
    if (secret.length < 6) continue;
    literals.add(secret);
    literals.add(encodeURIComponent(secret));
    try {
      literals.add(decodeURIComponent(secret));
    } catch {
      // Not valid percent-encoding: the raw form is enough.
    }
  }
  const ordered = [...literals].sort((a, b) => b.length - a.length);
  return (text: string): string => {
    let out = redactSecrets(text);
    for (const literal of ordered) {
      if (out.includes(literal)) out = out.split(literal).join('***');
    }
    return out;
  };
}
