// ka.cluster.name for the events of a named stream. k8saudit reads it from the event's
// annotations.cluster_name; extraction without the parse tree (fallback, capture files) has only
// the event's bytes, so the name is written into them: `"cluster_name":"<name>"` first in the
// top-level annotations (added when absent), as GKE's plugin writes it into its events. An event
// that already names its cluster keeps its own name.
import { AuditEvent, type ProducedEvent } from '../../audit/event.js';
import { type JsonDoc, NULL, OBJECT, TapeArena, member, tokenString } from '../../audit/json.js';

const ANNOTATIONS = 'annotations';
const CLUSTER_NAME = 'cluster_name';

// The named events' own token indexes, in a ring like the payloads' (no allocation per event).
const arena = new TapeArena();

/** The event with its cluster named; the same object when it names one already or cannot hold one. */
export function withClusterName(event: ProducedEvent, name: string): ProducedEvent {
  const doc: JsonDoc = event.doc.intact() ? event.doc : arena.parse(event.data);
  const root = doc === event.doc ? event.token : doc.first;
  if (doc.kind(root) !== OBJECT) return event;
  // The first top-level member named annotations, as k8saudit reads it, and its place among them.
  let at = -1;
  let value = -1;
  for (let k = root + 1, i = 0; k < doc.next(root); k = doc.next(k + 1), i++) {
    if (tokenString(doc, k) === ANNOTATIONS) {
      at = i;
      value = k + 1;
      break;
    }
  }
  if (value >= 0 && doc.kind(value) !== OBJECT && doc.kind(value) !== NULL) return event;
  if (value >= 0 && doc.kind(value) === OBJECT && member(doc, value, CLUSTER_NAME) >= 0) return event;

  const entry = `"${CLUSTER_NAME}":${JSON.stringify(name)}`;
  const data = event.data;
  let text: string;
  if (value < 0) {
    const empty = doc.next(root) === root + 1;
    text = `${data.slice(0, -1)}${empty ? '' : ','}"${ANNOTATIONS}":{${entry}}}`;
  } else {
    const span = memberValueSpan(data, at);
    if (span === undefined) return event;
    const [start, end] = span;
    const empty = doc.kind(value) === NULL || end - start === 2;
    text = data.slice(0, start) + (empty ? `{${entry}}` : `{${entry},${data.slice(start + 1, end)}`) + data.slice(end);
  }
  // Values are read from the event's own tokens: those of the new text.
  const named = arena.parse(text);
  return new AuditEvent(text, event.ts, event.auditId, named, named.first);
}

/**
 * Where the value of the `index`-th top-level member lies in compact event data (the event's
 * members in the tree's order, no whitespace between tokens).
 */
export function memberValueSpan(data: string, index: number): [number, number] | undefined {
  if (data.charCodeAt(0) !== 0x7b) return undefined;
  let i = 1;
  for (let member = 0; i < data.length - 1; member++) {
    i = skipString(data, i) + 1; // the key, then ':'
    const start = i;
    i = skipValue(data, i);
    if (member === index) return [start, i];
    i++; // ',' (or the closing '}')
  }
  return undefined;
}

/** From an opening quote, the index after the closing one. */
function skipString(data: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const c = data.charCodeAt(j);
    if (c === 0x22 || Number.isNaN(c)) return j + 1;
    j += c === 0x5c ? 2 : 1;
  }
}

/** From the start of a compact value, the index after it. */
function skipValue(data: string, i: number): number {
  const first = data.charCodeAt(i);
  if (first === 0x22) return skipString(data, i);
  if (first !== 0x7b && first !== 0x5b) {
    let j = i;
    for (;;) {
      const c = data.charCodeAt(j);
      if (c === 0x2c || c === 0x7d || c === 0x5d || Number.isNaN(c)) return j;
      j++;
    }
  }
  let depth = 0;
  let j = i;
  while (j < data.length) {
    const c = data.charCodeAt(j);
    if (c === 0x22) {
      j = skipString(data, j);
      continue;
    }
    if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return j + 1;
    }
    j++;
  }
  return j;
}
