// ka.uri.param: requestURI parsed with Go net/url rules (url.Parse, then url.ParseQuery).
// Any parse error, or any malformed query piece, makes the whole lookup an error.

export class UriError extends Error {}

/** Decoded query: key → its first value. */
type Query = Map<string, string>;

// requestURI parsing is repeated for each ka.uri.param[key] of one event: keep the last result.
let lastUri: string | undefined;
let lastQuery: Query | UriError = new Map();

/** The first value of query parameter `key` in `uri`, undefined if absent; throws UriError. */
export function uriQueryParam(uri: string, key: string): string | undefined {
  if (PLAIN_PATH_URI.test(uri)) return plainQueryParam(uri, key);
  if (uri !== lastUri) {
    lastQuery = parseUriQuery(uri);
    lastUri = uri;
  }
  if (lastQuery instanceof UriError) throw lastQuery;
  return lastQuery.get(key);
}

// A path with a query of plain pieces: nothing to validate or unescape (most audit requestURIs).
const PLAIN_PATH_URI = /^\/(?!\/)[^\x00-\x1f\x7f%#;+]*$/;

/**
 * The first value of `key` in a URI that PLAIN_PATH_URI accepts, read in place: the same answer as
 * url.Parse + url.ParseQuery give, which have nothing to reject or decode there.
 */
function plainQueryParam(uri: string, key: string): string | undefined {
  const q = uri.indexOf('?');
  if (q < 0) return undefined;
  const end = uri.length;
  for (let from = q + 1; from <= end; ) {
    let amp = uri.indexOf('&', from);
    if (amp < 0) amp = end;
    let eq = uri.indexOf('=', from);
    if (eq < 0 || eq > amp) eq = amp;
    if (amp > from && eq - from === key.length && uri.startsWith(key, from)) return eq === amp ? '' : uri.slice(eq + 1, amp);
    from = amp + 1;
  }
  return undefined;
}

function parseUriQuery(uri: string): Query | UriError {
  try {
    return parseQuery(rawQuery(uri));
  } catch (e) {
    return e instanceof UriError ? e : new UriError(String(e));
  }
}

const HEX = /^[0-9A-Fa-f]$/;
function isHex(c: string | undefined): boolean {
  return c !== undefined && HEX.test(c);
}

/** url.Parse(uri) validation, returning RawQuery. */
function rawQuery(uri: string): string {
  const hash = uri.indexOf('#');
  const u = hash < 0 ? uri : uri.slice(0, hash);
  const fail = (why: string): never => {
    throw new UriError(`parse ${JSON.stringify(u)}: ${why}`);
  };
  for (let i = 0; i < u.length; i++) {
    const c = u.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) fail('net/url: invalid control character in URL');
  }
  if (u === '*') return '';
  let rest = u;
  let hasScheme = false;
  const scheme = schemeEnd(u);
  if (scheme === 0) fail('missing protocol scheme');
  if (scheme > 0) {
    hasScheme = true;
    rest = u.slice(scheme + 1);
  }
  const q = rest.indexOf('?');
  const query = q < 0 ? '' : rest.slice(q + 1);
  if (q >= 0) rest = rest.slice(0, q);
  if (!rest.startsWith('/')) {
    if (hasScheme) return query; // opaque URI: nothing more is checked
    const slash = rest.indexOf('/');
    if ((slash < 0 ? rest : rest.slice(0, slash)).includes(':')) fail('first path segment in URL cannot contain colon');
  }
  if ((hasScheme || !rest.startsWith('///')) && rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    rest = slash < 0 ? '' : rest.slice(slash);
    checkAuthority(authority, fail);
  }
  checkEscapes(rest, fail);
  if (hash >= 0) {
    checkEscapes(uri.slice(hash + 1), (why) => {
      throw new UriError(`parse ${JSON.stringify(uri)}: ${why}`);
    });
  }
  return query;
}

/** Index of the scheme's `:` (0 = a leading `:`, an error), or -1 when there is no scheme. */
function schemeEnd(u: string): number {
  for (let i = 0; i < u.length; i++) {
    const c = u.charCodeAt(i);
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
    if (letter) continue;
    if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
      if (i === 0) return -1;
      continue;
    }
    return c === 58 ? i : -1;
  }
  return -1;
}

/** Every `%` must start a `%XX` escape (Go: invalid URL escape "%zz"). */
function checkEscapes(s: string, fail: (why: string) => never): void {
  for (let i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
    if (!isHex(s[i + 1]) || !isHex(s[i + 2])) fail(`invalid URL escape ${JSON.stringify(s.slice(i, i + 3))}`);
  }
}

const USERINFO_OK = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/;
// Host bytes Go accepts unescaped (ASCII); anything else below 0x80 is an invalid host character.
const HOST_OK = /^[A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"%\u0080-\uffff]*$/;

function checkAuthority(authority: string, fail: (why: string) => never): void {
  const at = authority.lastIndexOf('@');
  const host = at < 0 ? authority : authority.slice(at + 1);
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) fail("missing ']' in host");
    checkPort(host.slice(close + 1), fail);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0) checkPort(host.slice(colon), fail);
  }
  checkEscapes(host, fail);
  const bad = HOST_OK.test(host) ? -1 : [...host].findIndex((ch) => !HOST_OK.test(ch));
  if (bad >= 0) fail(`invalid character ${JSON.stringify([...host][bad])} in host name`);
  for (let i = host.indexOf('%'); i >= 0; i = host.indexOf('%', i + 1)) {
    // In a host, %-escapes may only encode non-ASCII bytes (or be %25, the IPv6 zone marker).
    if (parseInt(host[i + 1]!, 16) < 8 && host.slice(i, i + 3) !== '%25') fail(`invalid URL escape ${JSON.stringify(host.slice(i, i + 3))}`);
  }
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (!USERINFO_OK.test(userinfo)) fail('net/url: invalid userinfo');
    checkEscapes(userinfo, fail);
  }
}

function checkPort(colonPort: string, fail: (why: string) => never): void {
  if (colonPort === '') return;
  if (!/^:[0-9]*$/.test(colonPort)) fail(`invalid port ${JSON.stringify(colonPort)} after host`);
}

/** url.ParseQuery: pieces split on `&`; a `;` or a bad escape anywhere makes it an error. */
function parseQuery(query: string): Query {
  const out: Query = new Map();
  let err: UriError | undefined;
  for (const piece of query.split('&')) {
    if (piece === '') continue;
    if (piece.includes(';')) {
      err ??= new UriError('invalid semicolon separator in query');
      continue;
    }
    const eq = piece.indexOf('=');
    try {
      const k = queryUnescape(eq < 0 ? piece : piece.slice(0, eq));
      const v = queryUnescape(eq < 0 ? '' : piece.slice(eq + 1));
      if (!out.has(k)) out.set(k, v);
    } catch (e) {
      err ??= e instanceof UriError ? e : new UriError(String(e));
    }
  }
  if (err) throw err;
  return out;
}

/** url.QueryUnescape: `+` is a space, `%XX` a byte; the bytes are read back as UTF-8. */
function queryUnescape(s: string): string {
  if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
  const fail = (why: string): never => {
    throw new UriError(why);
  };
  checkEscapes(s, fail);
  const src = Buffer.from(s, 'utf8');
  const out = Buffer.allocUnsafe(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const b = src[i]!;
    if (b === 0x25) {
      out[n++] = parseInt(String.fromCharCode(src[i + 1]!, src[i + 2]!), 16);
      i += 2;
    } else {
      out[n++] = b === 0x2b ? 0x20 : b;
    }
  }
  return out.toString('utf8', 0, n);
}
