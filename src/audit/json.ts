// Raw-preserving JSON parser, as lenient as upstream's. JSON.parse does not fit: duplicate keys must
// resolve to the FIRST occurrence, numbers keep their text, nested values re-serialise as written.
// Nodes keep source offsets, so compact text is a slice of the source and strings decode lazily.
import { decodeStringBody } from './json-string.js';

export { goQuote } from './json-string.js';

/** Upstream (fastjson) limit: any value nested deeper than this is a parse error. */
export const MAX_DEPTH = 300;

export class JsonError extends Error {
  override readonly name = 'JsonError';
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

interface NodeBase {
  /** The whole parsed text; the node spans src[start, end). */
  readonly src: string;
  readonly start: number;
  readonly end: number;
}
export interface JsonObject extends NodeBase {
  readonly kind: 'object';
  /** Member names (raw string nodes) and values, in document order, duplicates kept. */
  readonly keys: readonly JsonString[];
  readonly values: readonly JsonNode[];
  /** True when the source span holds whitespace between tokens (compact text must strip it). */
  readonly hasWhitespace: boolean;
}
export interface JsonArray extends NodeBase {
  readonly kind: 'array';
  readonly items: readonly JsonNode[];
  readonly hasWhitespace: boolean;
}
export interface JsonString extends NodeBase {
  readonly kind: 'string';
  /** True when the body holds a backslash (decoding needed). */
  readonly hasEscapes: boolean;
  /** Decoded value cache (internal; use stringValue). */
  decoded: string | undefined;
}
export interface JsonScalar extends NodeBase {
  /** Numbers keep their source text (also upstream's lenient forms such as `01`, `NaN`). */
  readonly kind: 'number' | 'true' | 'false' | 'null';
}
export type JsonNode = JsonObject | JsonArray | JsonString | JsonScalar;

/** Parses one JSON value; whitespace around it is allowed, anything else is a JsonError. */
export function parseJson(text: string): JsonNode {
  const p = new Parser(text);
  p.skipWhitespace();
  if (p.pos >= text.length) throw new JsonError('empty input', p.pos);
  const root = p.value(0);
  p.skipWhitespace();
  if (p.pos < text.length) p.fail('unexpected tail');
  return root;
}

class Parser {
  pos = 0;
  /** Position of the next backslash at or after the last string start (2^32-1 if none). */
  nextBackslash = -1;
  constructor(readonly src: string) {}

  fail(what: string): never {
    throw new JsonError(`${what} at offset ${this.pos}`, this.pos);
  }

  /**
   * Skips JSON whitespace; returns true if any was skipped. Callers test `<= 32` first (every JSON
   * whitespace character is), so compact input, the common case, never makes the call.
   */
  skipWhitespace(): boolean {
    const src = this.src;
    const from = this.pos;
    let i = from;
    for (;;) {
      const c = src.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
      i++;
    }
    this.pos = i;
    return i !== from;
  }

  value(depth: number): JsonNode {
    // Checked before descending, so deep input fails fast instead of overflowing the stack.
    if (++depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    const c = this.src.charCodeAt(this.pos);
    switch (c) {
      case 123: return this.object(depth);
      case 91: return this.array(depth);
      case 34: return this.string();
      case 116: return this.literal('true');
      case 102: return this.literal('false');
      case 110:
        if (this.src.startsWith('null', this.pos)) return this.literal('null');
        return this.number();
      default:
        if (Number.isNaN(c)) this.fail('unexpected end of input');
        return this.number();
    }
  }

  object(depth: number): JsonObject {
    const src = this.src;
    const start = this.pos++;
    const keys: JsonString[] = [];
    const values: JsonNode[] = [];
    let hasWhitespace = src.charCodeAt(this.pos) <= 32 && this.skipWhitespace();
    if (src.charCodeAt(this.pos) === 125) {
      this.pos++;
      return { kind: 'object', src, start, end: this.pos, keys, values, hasWhitespace };
    }
    for (;;) {
      if (src.charCodeAt(this.pos) !== 34) this.fail('expected a member name');
      keys.push(this.string());
      if (src.charCodeAt(this.pos) <= 32 && this.skipWhitespace()) hasWhitespace = true;
      if (src.charCodeAt(this.pos) !== 58) this.fail("expected ':'");
      this.pos++;
      if (src.charCodeAt(this.pos) <= 32 && this.skipWhitespace()) hasWhitespace = true;
      const v = this.value(depth);
      values.push(v);
      if ((src.charCodeAt(this.pos) <= 32 && this.skipWhitespace()) || holdsWhitespace(v)) hasWhitespace = true;
      const c = src.charCodeAt(this.pos++);
      if (c === 125) return { kind: 'object', src, start, end: this.pos, keys, values, hasWhitespace };
      if (c !== 44) this.fail("expected ',' or '}'");
      if (src.charCodeAt(this.pos) <= 32 && this.skipWhitespace()) hasWhitespace = true;
    }
  }

  array(depth: number): JsonArray {
    const src = this.src;
    const start = this.pos++;
    const items: JsonNode[] = [];
    let hasWhitespace = src.charCodeAt(this.pos) <= 32 && this.skipWhitespace();
    if (src.charCodeAt(this.pos) === 93) {
      this.pos++;
      return { kind: 'array', src, start, end: this.pos, items, hasWhitespace };
    }
    for (;;) {
      const v = this.value(depth);
      items.push(v);
      if ((src.charCodeAt(this.pos) <= 32 && this.skipWhitespace()) || holdsWhitespace(v)) hasWhitespace = true;
      const c = src.charCodeAt(this.pos++);
      if (c === 93) return { kind: 'array', src, start, end: this.pos, items, hasWhitespace };
      if (c !== 44) this.fail("expected ',' or ']'");
      if (src.charCodeAt(this.pos) <= 32 && this.skipWhitespace()) hasWhitespace = true;
    }
  }

  /** A string token. Like upstream, raw control characters and unknown escapes are tolerated. */
  string(): JsonString {
    const src = this.src;
    const start = this.pos;
    const n = src.length;
    let i = start + 1;
    // Fast path with native searches: the next quote, and no backslash before it.
    const q = src.indexOf('"', i);
    if (q < 0) this.fail('unterminated string');
    if (this.nextBackslash < i) this.nextBackslash = src.indexOf('\\', i) >>> 0; // -1 → 2^32-1
    if (this.nextBackslash > q) {
      this.pos = q + 1;
      return { kind: 'string', src, start, end: q + 1, hasEscapes: false, decoded: undefined };
    }
    let hasEscapes = false;
    for (;;) {
      if (i >= n) this.fail('unterminated string');
      const c = src.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) {
        hasEscapes = true;
        i += 2;
      } else {
        i++;
      }
    }
    this.pos = i + 1;
    return { kind: 'string', src, start, end: i + 1, hasEscapes, decoded: undefined };
  }

  literal(word: 'true' | 'false' | 'null'): JsonScalar {
    const start = this.pos;
    if (!this.src.startsWith(word, start)) this.fail('invalid literal');
    this.pos += word.length;
    return { kind: word, src: this.src, start, end: this.pos };
  }

  /** Upstream's number scan: a run of [0-9.eE+-], or an optionally signed `inf`/`nan` (any case). */
  number(): JsonScalar {
    const src = this.src;
    const start = this.pos;
    let i = start;
    for (;;) {
      const c = src.charCodeAt(i);
      if ((c >= 48 && c <= 57) || c === 46 || c === 45 || c === 101 || c === 69 || c === 43) i++;
      else break;
    }
    const run = i - start;
    if (run === 0 || (run === 1 && (src.charCodeAt(start) === 45 || src.charCodeAt(start) === 43))) {
      const word = src.slice(i, i + 3).toLowerCase();
      if (word !== 'inf' && word !== 'nan') this.fail('unexpected character');
      i += 3;
    }
    this.pos = i;
    return { kind: 'number', src, start, end: i };
  }
}

function holdsWhitespace(v: JsonNode): boolean {
  return (v.kind === 'object' || v.kind === 'array') && v.hasWhitespace;
}

/** The value's JSON text without whitespace between tokens; everything else as written. */
export function compactText(node: JsonNode): string {
  const { src, start, end } = node;
  if ((node.kind !== 'object' && node.kind !== 'array') || !node.hasWhitespace) return src.slice(start, end);
  let out = '';
  let run = start;
  let i = start;
  while (i < end) {
    const c = src.charCodeAt(i);
    if (c === 34) {
      i++;
      for (;;) {
        const d = src.charCodeAt(i);
        if (d === 34) break;
        i += d === 92 ? 2 : 1;
      }
      i++;
    } else if (c === 32 || c === 10 || c === 13 || c === 9) {
      out += src.slice(run, i);
      while (i < end && isWhitespace(src.charCodeAt(i))) i++;
      run = i;
    } else {
      i++;
    }
  }
  return out + src.slice(run, end);
}

function isWhitespace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Decoded content of a JSON string node (cached on the node). */
export function decodedString(node: JsonString): string {
  let d = node.decoded;
  if (d === undefined) {
    d = node.hasEscapes ? decodeStringBody(node.src, node.start + 1, node.end - 1) : node.src.slice(node.start + 1, node.end - 1);
    node.decoded = d;
  }
  return d;
}

/** A value as field text: decoded strings; numbers, literals and containers as their compact text. */
export function stringValue(node: JsonNode): string {
  return node.kind === 'string' ? decodedString(node) : compactText(node);
}

/** The first member named `key` (names compared decoded), or undefined (also for non-objects). */
export function getMember(node: JsonNode, key: string): JsonNode | undefined {
  if (node.kind !== 'object') return undefined;
  const i = memberIndex(node, key);
  return i < 0 ? undefined : node.values[i];
}

/** The member's index (first occurrence) or -1. */
export function memberIndex(node: JsonObject, key: string): number {
  const { keys, src } = node;
  const n = key.length;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (k.hasEscapes ? decodedString(k) === key : k.end - k.start - 2 === n && src.startsWith(key, k.start + 1)) return i;
  }
  return -1;
}
