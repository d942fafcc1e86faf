// Following a path of member names through a parsed event, on token offsets: lookup (plain member
// steps) and WALK (steps that expand or index the arrays met on the way).
import { ARRAY, type JsonDoc, member } from './json.js';

/** Index value meaning "no index: every element". */
export const ALL = -1;

/** A WALK slot that holds no value: a key missing inside an expanded array element. */
export const ABSENT = -1;

/** get(v, k): first member `k` of an object; the special key "" is v itself. -1 when missing. */
function get(doc: JsonDoc, v: number, k: string): number {
  return k === '' ? v : member(doc, v, k);
}

/** lookup(p): the token at the path, -1 as soon as a step is missing; arrays are not expanded. */
export function lookup(doc: JsonDoc, v: number, path: readonly string[]): number {
  for (let i = 0; i < path.length && v >= 0; i++) v = get(doc, v, path[i]!);
  return v;
}

/**
 * WALK(path, idx) from `v`, starting at path[from]: appends the slots (tokens, or ABSENT) to `out`
 * and returns true, or returns false for MISSING (then nothing was appended). An array met while a
 * key remains is expanded (idx = ALL) or indexed; an array at the end of the path is one slot.
 */
export function walk(doc: JsonDoc, v: number, path: readonly string[], from: number, idx: number, out: number[]): boolean {
  for (let i = from; i < path.length; i++) {
    if (doc.kind(v) === ARRAY) {
      const end = doc.next(v);
      if (idx === ALL) {
        // Elements are walked with ALL; a MISSING element becomes an ABSENT slot.
        for (let e = v + 1; e < end; e = doc.next(e)) if (!walk(doc, e, path, i, ALL, out)) out.push(ABSENT);
        return true;
      }
      let e = v + 1;
      for (let n = 0; n < idx && e < end; n++) e = doc.next(e);
      if (e >= end) return false;
      v = e;
    }
    const next = get(doc, v, path[i]!);
    if (next < 0) return false;
    v = next;
  }
  out.push(v);
  return true;
}
