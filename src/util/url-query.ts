// Query parameters of a URL read and written without any unescaping: the LDP token must reach
// the server byte for byte (an unescape round trip turns `+` into a space, which LDP refuses).

function splitQuery(url: string): { base: string; pieces: string[] } {
  const q = url.indexOf('?');
  if (q < 0) return { base: url, pieces: [] };
  return { base: url.slice(0, q), pieces: url.slice(q + 1).split('&').filter((p) => p !== '') };
}

function pieceName(piece: string): string {
  const eq = piece.indexOf('=');
  return eq < 0 ? piece : piece.slice(0, eq);
}

function pieceValue(piece: string): string {
  const eq = piece.indexOf('=');
  return eq < 0 ? '' : piece.slice(eq + 1);
}

/** The raw value of the first `name=` query parameter of `url`, or undefined. */
export function getQueryParam(url: string, name: string): string | undefined {
  const piece = splitQuery(url).pieces.find((p) => pieceName(p) === name);
  return piece === undefined ? undefined : pieceValue(piece);
}

/** Every query parameter of `url` with its raw value; the first of a repeated name wins. */
export function queryParams(url: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const piece of splitQuery(url).pieces) {
    const name = pieceName(piece);
    if (!params.has(name)) params.set(name, pieceValue(piece));
  }
  return params;
}

/**
 * Returns `url` with every `name=` parameter removed and, when `value` is given, `name=value`
 * appended. Other parameters (the token above all) are kept verbatim and in order.
 */
export function setQueryParam(url: string, name: string, value: string | undefined): string {
  const { base, pieces } = splitQuery(url);
  const kept = pieces.filter((p) => pieceName(p) !== name);
  if (value !== undefined) kept.push(`${name}=${value}`);
  return kept.length === 0 ? base : `${base}?${kept.join('&')}`;
}

/**
 * A `begin`/`end` value: unix seconds. undefined when absent, null when present but not a number
 * (the LDP tail refuses such a request).
 */
export function parseUnixSeconds(raw: string | undefined): number | undefined | null {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return raw.trim() === '' || !Number.isFinite(n) ? null : n;
}
