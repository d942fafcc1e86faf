// Raw-preserving JSON parser, as lenient as upstream's, that builds no tree: one scan writes a flat
// token index (a tape of integers) into a reusable JsonDoc, and readers work on offsets into the
// text. JSON.parse does not fit: duplicate keys must resolve to the FIRST occurrence, numbers keep
// their text, nested values re-serialise as written.
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

// Token kinds (low 4 bits of a token's first slot) and flags.
export const OBJECT = 1;
export const ARRAY = 2;
export const STRING = 3;
export const NUMBER = 4;
export const TRUE = 5;
export const FALSE = 6;
export const NULL = 7;
export const KIND_MASK = 15;
/** A string whose body holds a backslash (decoding needed). */
export const ESCAPES = 16;
/** A container whose span holds whitespace between tokens (compact text must strip it). */
export const WHITESPACE = 32;

/**
 * One parsed JSON text. Token t occupies tape[4t .. 4t+3]: kind | flags, start offset, end offset
 * (the value spans src[start, end)), and the index of the token after its subtree. An object's
 * tokens are followed by its members (name token, value subtree) in document order, duplicates
 * kept; an array's by its items. The root is token 0. Reused from event to event: no garbage.
 */
export class JsonDoc {
  constructor(
    public src = '',
    public tape = new Int32Array(4096),
    /** Tokens in use: the document's are [first, count). */
    public count = 0,
    /** The root token. */
    public first = 0,
    /** The ring the tokens are in, and its lap when they were written (TapeArena). */
    private readonly arena?: TapeArena,
    private readonly lap = 0,
  ) {}

  /** Are the tokens still readable? (Those in an arena's ring are overwritten a lap later.) */
  intact(): boolean {
    return this.arena === undefined || this.arena.holds(this.first, this.lap);
  }

  kind(t: number): number {
    return this.tape[t << 2]! & KIND_MASK;
  }
  start(t: number): number {
    return this.tape[(t << 2) + 1]!;
  }
  end(t: number): number {
    return this.tape[(t << 2) + 2]!;
  }
  /** The token after t's subtree (its next sibling, or its container's end). */
  next(t: number): number {
    return this.tape[(t << 2) + 3]!;
  }
  hasFlag(t: number, flag: number): boolean {
    return (this.tape[t << 2]! & flag) !== 0;
  }
}

/**
 * Parses one JSON value into `doc`, its root at token doc.first; whitespace around it is allowed,
 * anything else is a JsonError.
 */
export function parseInto(doc: JsonDoc, text: string): void {
  const p = scanner;
  p.reset(doc, text);
  p.skipWhitespace();
  if (p.pos >= text.length) throw new JsonError('empty input', p.pos);
  p.value(0);
  p.skipWhitespace();
  if (p.pos < text.length) p.fail('unexpected tail');
  doc.count = p.count;
  p.doc = undefined;
}

class Scanner {
  pos = 0;
  src = '';
  doc: JsonDoc | undefined;
  tape = new Int32Array(0);
  count = 0;
  /** Position of the next backslash at or after the last string start (2^32-1 if none). */
  nextBackslash = -1;

  reset(doc: JsonDoc, src: string): void {
    this.doc = doc;
    doc.src = src;
    doc.count = doc.first;
    this.src = src;
    this.pos = 0;
    this.count = doc.first;
    this.tape = doc.tape;
    this.nextBackslash = -1;
  }

  fail(what: string): never {
    throw new JsonError(`${what} at offset ${this.pos}`, this.pos);
  }

  /** A new token of `kind` starting at `start`; its end and next are set by the caller. */
  token(kind: number, start: number): number {
    const t = this.count++;
    let tape = this.tape;
    if ((t << 2) + 4 > tape.length) {
      const grown = new Int32Array(tape.length * 2);
      grown.set(tape);
      tape = this.tape = this.doc!.tape = grown;
    }
    tape[t << 2] = kind;
    tape[(t << 2) + 1] = start;
    return t;
  }

  close(t: number, end: number): void {
    this.tape[(t << 2) + 2] = end;
    this.tape[(t << 2) + 3] = this.count;
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

  /** Parses a value; returns true when it is a container holding whitespace. */
  value(depth: number): boolean {
    // Checked before descending, so deep input fails fast instead of overflowing the stack.
    if (++depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    const c = this.src.charCodeAt(this.pos);
    switch (c) {
      case 123: return this.object(depth);
      case 91: return this.array(depth);
      case 34: this.string(); return false;
      case 116: this.literal('true', TRUE); return false;
      case 102: this.literal('false', FALSE); return false;
      case 110:
        if (this.src.startsWith('null', this.pos)) this.literal('null', NULL);
        else this.number();
        return false;
      default:
        if (Number.isNaN(c)) this.fail('unexpected end of input');
        this.number();
        return false;
    }
  }

  object(depth: number): boolean {
    const src = this.src;
    const t = this.token(OBJECT, this.pos++);
    let ws = src.charCodeAt(this.pos) <= 32 && this.skipWhitespace();
    if (src.charCodeAt(this.pos) === 125) return this.closeContainer(t, ws);
    for (;;) {
      if (src.charCodeAt(this.pos) !== 34) this.fail('expected a member name');
      this.string();
      if (src.charCodeAt(this.pos) <= 32 && this.skipWhitespace()) ws = true;
      if (src.charCodeAt(this.pos) !== 58) this.fail("expected ':'");
      this.pos++;
      if (src.charCodeAt(this.pos) <= 32 && this.skipWhitespace()) ws = true;
      if (this.value(depth)) ws = true;
      if (src.charCodeAt(this.pos) <= 32 && this.skipWhitespace()) ws = true;
      const c = src.charCodeAt(this.pos);
      if (c === 125) return this.closeContainer(t, ws);
      this.pos++;
      if (c !== 44) this.fail("expected ',' or '}'");
      if (src.charCodeAt(this.pos) <= 32 && this.skipWhitespace()) ws = true;
    }
  }

  array(depth: number): boolean {
    const src = this.src;
    const t = this.token(ARRAY, this.pos++);
    let ws = src.charCodeAt(this.pos) <= 32 && this.skipWhitespace();
    if (src.charCodeAt(this.pos) === 93) return this.closeContainer(t, ws);
    for (;;) {
      if (this.value(depth)) ws = true;
      if (src.charCodeAt(this.pos) <= 32 && this.skipWhitespace()) ws = true;
      const c = src.charCodeAt(this.pos);
      if (c === 93) return this.closeContainer(t, ws);
      this.pos++;
      if (c !== 44) this.fail("expected ',' or ']'");
      if (src.charCodeAt(this.pos) <= 32 && this.skipWhitespace()) ws = true;
    }
  }

  closeContainer(t: number, ws: boolean): boolean {
    this.pos++;
    if (ws) this.tape[t << 2] = this.tape[t << 2]! | WHITESPACE;
    this.close(t, this.pos);
    return ws;
  }

  /** A string token. Like upstream, raw control characters and unknown escapes are tolerated. */
  string(): void {
    const src = this.src;
    const start = this.pos;
    const n = src.length;
    let i = start + 1;
    // Fast path with native searches: the next quote, and no backslash before it.
    const q = src.indexOf('"', i);
    if (q < 0) this.fail('unterminated string');
    if (this.nextBackslash < i) this.nextBackslash = src.indexOf('\\', i) >>> 0; // -1 → 2^32-1
    const t = this.token(STRING, start);
    if (this.nextBackslash > q) {
      this.pos = q + 1;
      this.close(t, q + 1);
      return;
    }
    for (;;) {
      if (i >= n) this.fail('unterminated string');
      const c = src.charCodeAt(i);
      if (c === 34) break;
      i += c === 92 ? 2 : 1;
    }
    this.pos = i + 1;
    this.tape[t << 2] = this.tape[t << 2]! | ESCAPES;
    this.close(t, i + 1);
  }

  literal(word: 'true' | 'false' | 'null', kind: number): void {
    const start = this.pos;
    if (!this.src.startsWith(word, start)) this.fail('invalid literal');
    this.pos += word.length;
    this.close(this.token(kind, start), this.pos);
  }

  /** Upstream's number scan: a run of [0-9.eE+-], or an optionally signed `inf`/`nan` (any case). */
  number(): void {
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
    this.close(this.token(NUMBER, start), i);
  }
}

// Parsing is synchronous and never nested: one scanner serves every document.
const scanner = new Scanner();

/** Tokens in the arena's ring (16 bytes each, 2 MiB): some 800 audit events of 1.7 KB. */
const ARENA_TOKENS = 1 << 17;

/**
 * Token indexes that must outlive the next parse (an event's, until it is encoded), without an
 * allocation per text: each text is parsed after the previous one in a ring. A document stays
 * readable until the ring comes round to its tokens again (intact()); a reader that comes later
 * parses the event's text again. Texts too large for the ring get a document of their own.
 */
export class TapeArena {
  private readonly ring = new Int32Array(ARENA_TOKENS << 2);
  private at = 0;
  private lap = 0;

  /** Parses `text` into a new document (root: its `first` token); throws JsonError. */
  parse(text: string): JsonDoc {
    // A token takes at least one character: the text's tokens fit in text.length slots.
    if (text.length > ARENA_TOKENS >> 2) {
      const own = new JsonDoc();
      parseInto(own, text);
      return own;
    }
    if (this.at + text.length > ARENA_TOKENS) {
      this.at = 0;
      this.lap++;
    }
    const doc = new JsonDoc(text, this.ring, this.at, this.at, this, this.lap);
    parseInto(doc, text);
    this.at = doc.count;
    return doc;
  }

  /** Are the tokens [first, count) written in lap `lap` still there? */
  holds(first: number, lap: number): boolean {
    return lap === this.lap || (lap === this.lap - 1 && this.at <= first);
  }
}

/** Decoded content of string token t. */
export function tokenString(doc: JsonDoc, t: number): string {
  const from = doc.start(t) + 1;
  const to = doc.end(t) - 1;
  return doc.hasFlag(t, ESCAPES) ? decodeStringBody(doc.src, from, to) : doc.src.slice(from, to);
}

/** Token t's JSON text without whitespace between tokens; everything else as written. */
export function tokenCompact(doc: JsonDoc, t: number): string {
  const src = doc.src;
  const start = doc.start(t);
  const end = doc.end(t);
  if (!doc.hasFlag(t, WHITESPACE)) return src.slice(start, end);
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

/** A value as field text: decoded strings; numbers, literals and containers as their compact text. */
export function fieldText(doc: JsonDoc, t: number): string {
  return doc.kind(t) === STRING ? tokenString(doc, t) : tokenCompact(doc, t);
}

/** Does token t's field text equal `s`? (Compared in place when no decoding is needed.) */
export function fieldTextEquals(doc: JsonDoc, t: number, s: string): boolean {
  const kind = doc.kind(t);
  if (kind === STRING && !doc.hasFlag(t, ESCAPES)) {
    const start = doc.start(t) + 1;
    return doc.end(t) - 1 - start === s.length && doc.src.startsWith(s, start);
  }
  if (kind !== OBJECT && kind !== ARRAY) return doc.end(t) - doc.start(t) === s.length && doc.src.startsWith(s, doc.start(t));
  return fieldText(doc, t) === s;
}

/** The value token of the first member of object t named `key` (names compared decoded), or -1. */
export function member(doc: JsonDoc, t: number, key: string): number {
  const tape = doc.tape;
  if ((tape[t << 2]! & KIND_MASK) !== OBJECT) return -1;
  const src = doc.src;
  const n = key.length;
  const end = tape[(t << 2) + 3]!;
  let k = t + 1;
  while (k < end) {
    const b = k << 2;
    const start = tape[b + 1]!;
    if ((tape[b]! & ESCAPES) === 0 ? tape[b + 2]! - start - 2 === n && src.startsWith(key, start + 1) : tokenString(doc, k) === key) return k + 1;
    k = tape[((k + 1) << 2) + 3]!;
  }
  return -1;
}

/** The item tokens of array t are t+1, next(t+1), ... up to next(t): the idx-th one, or -1. */
export function item(doc: JsonDoc, t: number, idx: number): number {
  const end = doc.next(t);
  let i = t + 1;
  for (let n = 0; i < end; n++) {
    if (n === idx) return i;
    i = doc.next(i);
  }
  return -1;
}

/** A parsed value with its document, for callers outside the readers' hot path (and tests). */
export class JsonNode {
  constructor(readonly doc: JsonDoc, readonly index: number) {}

  get kind(): 'object' | 'array' | 'string' | 'number' | 'true' | 'false' | 'null' {
    return KIND_NAMES[this.doc.kind(this.index) - 1]!;
  }
  get src(): string {
    return this.doc.src;
  }
  get start(): number {
    return this.doc.start(this.index);
  }
  get end(): number {
    return this.doc.end(this.index);
  }
  /** Member name nodes of an object, in document order ([] for other kinds). */
  get keys(): JsonNode[] {
    const out: JsonNode[] = [];
    if (this.doc.kind(this.index) !== OBJECT) return out;
    for (let k = this.index + 1; k < this.doc.next(this.index); k = this.doc.next(k + 1)) out.push(new JsonNode(this.doc, k));
    return out;
  }
}

const KIND_NAMES = ['object', 'array', 'string', 'number', 'true', 'false', 'null'] as const;

/** Parses one JSON value into a document of its own; throws JsonError. */
export function parseJson(text: string): JsonNode {
  const doc = new JsonDoc();
  parseInto(doc, text);
  return new JsonNode(doc, doc.first);
}

/** Decoded content of a JSON string node. */
export function decodedString(node: JsonNode): string {
  return tokenString(node.doc, node.index);
}

/** A node's JSON text without whitespace between tokens. */
export function compactText(node: JsonNode): string {
  return tokenCompact(node.doc, node.index);
}

/** A node as field text (see fieldText). */
export function stringValue(node: JsonNode): string {
  return fieldText(node.doc, node.index);
}

/** The first member named `key` of an object node, or undefined (also for non-objects). */
export function getMember(node: JsonNode, key: string): JsonNode | undefined {
  const v = member(node.doc, node.index, key);
  return v < 0 ? undefined : new JsonNode(node.doc, v);
}
