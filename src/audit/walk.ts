// Following a path of member names through an event: lookup (plain member steps) and WALK (steps
// that expand or index the arrays met on the way).
import { type JsonNode, getMember } from './json.js';

/** Index value meaning "no index: every element". */
export const ALL = -1;

/** A WALK slot: a JSON value, or null for ABSENT (a key missing inside an expanded array element). */
export type Slot = JsonNode | null;

/** get(v, k): first member `k` of an object; the special key "" is v itself. */
function get(v: JsonNode, k: string): JsonNode | undefined {
  return k === '' ? v : getMember(v, k);
}

/** lookup(p): missing as soon as a step is missing; arrays are not expanded. */
export function lookup(v: JsonNode, path: readonly string[]): JsonNode | undefined {
  let cur: JsonNode | undefined = v;
  for (let i = 0; i < path.length && cur !== undefined; i++) cur = get(cur, path[i]!);
  return cur;
}

/**
 * WALK(path, idx) from `v`, starting at path[from]: appends the slots to `out` and returns true, or
 * returns false for MISSING (then nothing was appended). An array met while a key remains is expanded
 * (idx = ALL) or indexed; an array at the end of the path is one slot.
 */
export function walk(v: JsonNode, path: readonly string[], from: number, idx: number, out: Slot[]): boolean {
  for (let i = from; i < path.length; i++) {
    if (v.kind === 'array') {
      if (idx === ALL) {
        // Elements are walked with ALL; a MISSING element becomes an ABSENT slot.
        for (const e of v.items) if (!walk(e, path, i, ALL, out)) out.push(null);
        return true;
      }
      if (idx >= v.items.length) return false;
      v = v.items[idx]!;
    }
    const next = get(v, path[i]!);
    if (next === undefined) return false;
    v = next;
  }
  out.push(v);
  return true;
}
