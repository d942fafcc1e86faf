// The generic ways a field's values are read from a constant path (SCALAR, LIST, SKIPNIL, STRICT,
// FLAT, JOIN, PORTS), as field-reader factories. A value becomes text by stringValue (json.ts).
import { type JsonNode, getMember, stringValue } from './json.js';
import { WRONG_TYPE, type FieldReader, type FieldResult, NO_VALUE, one, values } from './result.js';
import { type Slot, lookup, walk } from './walk.js';

// One slot buffer reused by every walk: extraction is synchronous and never nested.
const scratch: Slot[] = [];

/** WALK slots (the shared buffer, valid until the next call), or undefined for MISSING. */
export function walkSlots(root: JsonNode, path: readonly string[], idx: number): Slot[] | undefined {
  scratch.length = 0;
  return walk(root, path, 0, idx, scratch) ? scratch : undefined;
}

/** SCALAR: the text of the value at the path (arrays not expanded). */
export function scalar(path: readonly string[]): FieldReader {
  return (root) => {
    const v = lookup(root, path);
    return v === undefined ? NO_VALUE : one(stringValue(v));
  };
}

/** LIST: the text of each element of the array at the path; a non-array is an error. */
export function list(path: readonly string[]): FieldReader {
  return (root) => {
    const v = lookup(root, path);
    if (v === undefined) return NO_VALUE;
    if (v.kind !== 'array') return WRONG_TYPE;
    return values(v.items.map(stringValue));
  };
}

/** SKIPNIL: the text of every present slot; ABSENT slots are skipped. */
export function skipNil(path: readonly string[]): FieldReader {
  return (root, idx) => {
    const slots = walkSlots(root, path, idx);
    if (slots === undefined) return NO_VALUE;
    const out: string[] = [];
    for (const s of slots) if (s !== null) out.push(stringValue(s));
    return values(out);
  };
}

/** STRICT: the text of every slot; any ABSENT slot is an error. */
export function strict(path: readonly string[]): FieldReader {
  return (root, idx) => {
    const slots = walkSlots(root, path, idx);
    if (slots === undefined) return NO_VALUE;
    const out: string[] = [];
    for (const s of slots) {
      if (s === null) return WRONG_TYPE;
      out.push(stringValue(s));
    }
    return values(out);
  };
}

/** FLAT: the elements of every slot that is an array; other slots are ignored. */
export function flat(path: readonly string[]): FieldReader {
  return (root, idx) => {
    const slots = walkSlots(root, path, idx);
    if (slots === undefined) return NO_VALUE;
    const out: string[] = [];
    for (const s of slots) if (s !== null && s.kind === 'array') for (const e of s.items) out.push(stringValue(e));
    return values(out);
  };
}

/**
 * The shape JOIN and PORTS share: ABSENT slots are skipped, every other slot must be an array,
 * and addItems turns its elements into values (false: an element is of the wrong type).
 */
function fromArraySlots(path: readonly string[], addItems: (items: readonly JsonNode[], out: string[]) => boolean): FieldReader {
  return (root, idx) => {
    const slots = walkSlots(root, path, idx);
    if (slots === undefined) return NO_VALUE;
    const out: string[] = [];
    for (const s of slots) {
      if (s === null) continue;
      if (s.kind !== 'array' || !addItems(s.items, out)) return WRONG_TYPE;
    }
    return values(out);
  };
}

/** JOIN: each slot must be an array of JSON strings, joined with one space. */
export function join(path: readonly string[]): FieldReader {
  return fromArraySlots(path, (items, out) => {
    let joined = '';
    for (let i = 0; i < items.length; i++) {
      const e = items[i]!;
      if (e.kind !== 'string') return false;
      joined = i === 0 ? stringValue(e) : joined + ' ' + stringValue(e);
    }
    out.push(joined);
    return true;
  });
}

/** PORTS: per port object of each slot's array, its hostPort, else its containerPort. */
export function ports(path: readonly string[]): FieldReader {
  return fromArraySlots(path, (items, out) => {
    for (const p of items) {
      const v = getMember(p, 'hostPort') ?? getMember(p, 'containerPort');
      if (v !== undefined) out.push(stringValue(v));
    }
    return true;
  });
}

/** The reader's values passed through `fn` (e.g. imageRepository). */
export function mapValues(read: FieldReader, fn: (s: string) => string): FieldReader {
  return (root, idx, key) => {
    const r: FieldResult = read(root, idx, key);
    return r.kind === 'values' && r.values.length > 0 ? { kind: 'values', values: r.values.map(fn) } : r;
  };
}

/** The reader run with a fixed index (the deprecated first-container fields use 0). */
export function atIndex(read: FieldReader, fixed: number): FieldReader {
  return (root, _idx, key) => read(root, fixed, key);
}

/** Image reference → repository (cut at the first `:`, then at the first `@`). */
export function imageRepository(image: string): string {
  const colon = image.indexOf(':');
  const head = colon < 0 ? image : image.slice(0, colon);
  const at = head.indexOf('@');
  return at < 0 ? head : head.slice(0, at);
}
