// Decoding of JSON string bodies, best effort like upstream's fastjson: escapes it cannot make sense of
// (`\x41`, a short `\u12`, a lone surrogate) are kept as written instead of failing.

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** The 4 hex digits at src[i..i+4) (all before `end`) as a number, or -1. */
function hex4(src: string, i: number, end: number): number {
  if (i + 4 > end) return -1;
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const h = hexValue(src.charCodeAt(i + k));
    if (h < 0) return -1;
    v = (v << 4) | h;
  }
  return v;
}

/** Decodes the string body src[from, to) (quotes excluded). Callers only pass bodies that hold a `\`. */
export function decodeStringBody(src: string, from: number, to: number): string {
  let out = '';
  let run = from;
  let i = from;
  while (i < to) {
    if (src.charCodeAt(i) !== 92) {
      i++;
      continue;
    }
    out += src.slice(run, i);
    const c = src.charCodeAt(i + 1);
    i += 2;
    switch (c) {
      case 34: out += '"'; break;
      case 92: out += '\\'; break;
      case 47: out += '/'; break;
      case 98: out += '\b'; break;
      case 102: out += '\f'; break;
      case 110: out += '\n'; break;
      case 114: out += '\r'; break;
      case 116: out += '\t'; break;
      case 117:
        out += decodeUnicodeEscape(src, i, to);
        i = afterEscape;
        break;
      default: out += src.slice(i - 2, i); // unknown escape: kept verbatim
    }
    run = i;
  }
  return out + src.slice(run, to);
}

// Index after the last decoded `\u` escape (a module variable avoids allocating a tuple per escape).
let afterEscape = 0;

/** Decodes `\uXXXX` (i points after the `u`) and sets afterEscape. */
function decodeUnicodeEscape(src: string, i: number, to: number): string {
  const x = hex4(src, i, to);
  if (x < 0) {
    afterEscape = i;
    return '\\u';
  }
  afterEscape = i + 4;
  if (x < 0xd800 || x >= 0xe000) return String.fromCharCode(x);
  // A surrogate needs a second `\uXXXX` right after it, else it is kept as written.
  const y = src.charCodeAt(i + 4) === 92 && src.charCodeAt(i + 5) === 117 ? hex4(src, i + 6, to) : -1;
  if (y < 0) return src.slice(i - 2, i + 4);
  afterEscape = i + 10;
  return x < 0xdc00 && y >= 0xdc00 && y < 0xe000 ? String.fromCharCode(x, y) : '\ufffd';
}

/** Go's strconv.Quote, close enough for re-quoting decoded member names and values in event data. */
export function goQuote(s: string): string {
  let special = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 34 || c === 92) {
      special = true;
      break;
    }
  }
  if (!special) return '"' + s + '"';
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) out += '\\"';
    else if (c === 92) out += '\\\\';
    else if (c >= 0x20 && c !== 0x7f) out += s[i];
    else out += GO_CONTROL_ESCAPES[c] ?? '\\x' + c.toString(16).padStart(2, '0');
  }
  return out + '"';
}

const GO_CONTROL_ESCAPES: Record<number, string> = {
  7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r',
};
