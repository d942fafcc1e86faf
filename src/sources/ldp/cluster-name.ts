// ka.cluster.name for the events of a named stream. k8saudit reads it from the event's
// annotations.cluster_name; extraction without the parse tree (fallback, capture files) has only
// the event's bytes, so the name is written into them: `"cluster_name":"<name>"` first in the
// top-level annotations (added when absent), as GKE's plugin writes it into its events. An event
// that already names its cluster keeps its own name.
import type { ProducedEvent } from '../../audit/event.js';
import { type JsonNode, getMember, memberIndex, parseJson } from '../../audit/json.js';

const ANNOTATIONS = 'annotations';
const CLUSTER_NAME = 'cluster_name';

/** The event with its cluster named; the same object when it names one already or cannot hold one. */
export function withClusterName(event: ProducedEvent, name: string): ProducedEvent {
  const root = event.root;
  if (root.kind !== 'object') return event;
  const at = memberIndex(root, ANNOTATIONS);
  const current = at < 0 ? undefined : root.values[at];
  if (current !== undefined && current.kind !== 'object' && current.kind !== 'null') return event;
  if (current !== undefined && getMember(current, CLUSTER_NAME) !== undefined) return event;

  const member = `"${CLUSTER_NAME}":${JSON.stringify(name)}`;
  const data = event.data;
  let annotations: string;
  let text: string;
  if (current === undefined) {
    annotations = `{${member}}`;
    text = `${data.slice(0, -1)}${root.keys.length > 0 ? ',' : ''}"${ANNOTATIONS}":${annotations}}`;
  } else {
    const span = memberValueSpan(data, at);
    if (span === undefined) return event;
    const [start, end] = span;
    const empty = current.kind === 'null' || end - start === 2;
    annotations = empty ? `{${member}}` : `{${member},${data.slice(start + 1, end)}`;
    text = data.slice(0, start) + annotations + data.slice(end);
  }
  // The tree gets the new annotations too, so precomputed fields agree with the bytes. Usually
  // only the small annotations object is parsed and the rest of the tree is shared; an event
  // without annotations (rare: the API server writes the authorization decision there) is parsed
  // again, since a member name must lie in its object's own text.
  if (at < 0) return { ...event, data: text, root: parseJson(text) };
  const values: JsonNode[] = [...root.values];
  values[at] = parseJson(annotations);
  return { ...event, data: text, root: { ...root, values } };
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
