// The generic ways a field's values are read from a constant path (SCALAR, LIST, SKIPNIL, STRICT,
// FLAT, JOIN, PORTS), as field-reader factories working on token offsets.
import { ARRAY, type JsonDoc, STRING, fieldText, member } from './json.js';
import { type FieldReader, type ValueOut, WRONG_TYPE } from './result.js';
import { ABSENT, lookup, walk } from './walk.js';

// One slot buffer reused by every walk: extraction is synchronous and never nested.
const scratch: number[] = [];

/** WALK slots (the shared buffer, valid until the next call), or undefined for MISSING. */
export function walkSlots(doc: JsonDoc, root: number, path: readonly string[], idx: number): number[] | undefined {
  scratch.length = 0;
  return walk(doc, root, path, 0, idx, scratch) ? scratch : undefined;
}

/** Calls fn with each item token of array t. */
export function eachItem(doc: JsonDoc, t: number, fn: (item: number) => void): void {
  const end = doc.next(t);
  for (let i = t + 1; i < end; i = doc.next(i)) fn(i);
}

/** SCALAR: the text of the value at the path (arrays not expanded). */
export function scalar(path: readonly string[]): FieldReader {
  return (doc, root, _idx, _key, out) => {
    const v = lookup(doc, root, path);
    if (v >= 0) out.value(doc, v);
  };
}

/** The text of each item of array t. */
function items(doc: JsonDoc, t: number, out: ValueOut): void {
  const end = doc.next(t);
  for (let i = t + 1; i < end; i = doc.next(i)) out.value(doc, i);
}

/** LIST: the text of each element of the array at the path; a non-array is an error. */
export function list(path: readonly string[]): FieldReader {
  return (doc, root, _idx, _key, out) => {
    const v = lookup(doc, root, path);
    if (v < 0) return;
    if (doc.kind(v) !== ARRAY) return out.fail(WRONG_TYPE);
    items(doc, v, out);
  };
}

/** SKIPNIL: the text of every present slot; ABSENT slots are skipped. */
export function skipNil(path: readonly string[]): FieldReader {
  return (doc, root, idx, _key, out) => {
    const slots = walkSlots(doc, root, path, idx);
    if (slots === undefined) return;
    for (const s of slots) if (s !== ABSENT) out.value(doc, s);
  };
}

/** STRICT: the text of every slot (passed through `map` when given); any ABSENT slot is an error. */
export function strict(path: readonly string[], map?: (s: string) => string): FieldReader {
  return (doc, root, idx, _key, out) => {
    const slots = walkSlots(doc, root, path, idx);
    if (slots === undefined) return;
    if (slots.includes(ABSENT)) return out.fail(WRONG_TYPE);
    for (const s of slots) {
      if (map === undefined) out.value(doc, s);
      else out.text(map(fieldText(doc, s)));
    }
  };
}

/** FLAT: the elements of every slot that is an array; other slots are ignored. */
export function flat(path: readonly string[]): FieldReader {
  return (doc, root, idx, _key, out) => {
    const slots = walkSlots(doc, root, path, idx);
    if (slots === undefined) return;
    for (const s of slots) if (s !== ABSENT && doc.kind(s) === ARRAY) items(doc, s, out);
  };
}

/** JOIN: ABSENT slots are skipped; every other slot must be an array of JSON strings, joined with one space. */
export function join(path: readonly string[]): FieldReader {
  return (doc, root, idx, _key, out) => {
    const slots = walkSlots(doc, root, path, idx);
    if (slots === undefined) return;
    for (const s of slots) {
      if (s === ABSENT) continue;
      if (doc.kind(s) !== ARRAY) return out.fail(WRONG_TYPE);
      for (let i = s + 1; i < doc.next(s); i = doc.next(i)) if (doc.kind(i) !== STRING) return out.fail(WRONG_TYPE);
    }
    for (const s of slots) {
      if (s === ABSENT) continue;
      out.begin();
      for (let i = s + 1; i < doc.next(s); i = doc.next(i)) {
        if (i !== s + 1) out.partText(' ');
        out.part(doc, i);
      }
      out.end();
    }
  };
}

/** PORTS: ABSENT slots are skipped, every other must be an array; per port object its hostPort, else its containerPort. */
export function ports(path: readonly string[]): FieldReader {
  return (doc, root, idx, _key, out) => {
    const slots = walkSlots(doc, root, path, idx);
    if (slots === undefined) return;
    for (const s of slots) if (s !== ABSENT && doc.kind(s) !== ARRAY) return out.fail(WRONG_TYPE);
    for (const s of slots) {
      if (s === ABSENT) continue;
      for (let p = s + 1; p < doc.next(s); p = doc.next(p)) {
        const host = member(doc, p, 'hostPort');
        const v = host >= 0 ? host : member(doc, p, 'containerPort');
        if (v >= 0) out.value(doc, v);
      }
    }
  };
}

/** The reader run with a fixed index (the deprecated first-container fields use 0). */
export function atIndex(read: FieldReader, fixed: number): FieldReader {
  return (doc, root, _idx, key, out) => read(doc, root, fixed, key, out);
}

/** Image reference → repository (cut at the first `:`, then at the first `@`). */
export function imageRepository(image: string): string {
  const colon = image.indexOf(':');
  const head = colon < 0 ? image : image.slice(0, colon);
  const at = head.indexOf('@');
  return at < 0 ? head : head.slice(0, at);
}
