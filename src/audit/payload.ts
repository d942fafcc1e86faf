// One payload (a line, a POST body, an LDP message) → audit events, as upstream k8saudit splits,
// checks and re-serialises them.
import type { ProducedEvent } from './event.js';
import { type JsonNode, type JsonObject, compactText, decodedString, getMember, goQuote, memberIndex, parseJson } from './json.js';
import { parseStageTimestamp } from './timestamp.js';

export interface PayloadIssue {
  kind: 'payload_rejected' | 'event_dropped' | 'event_too_large';
  message: string;
}

/** An event candidate; `isEvent` when it was classified as kind "Event" (not an EventList item). */
interface Candidate {
  node: JsonNode;
  isEvent: boolean;
}

const NOT_RECOGNIZED = 'data not recognized as a k8s audit event';

/**
 * Splits a payload into events. Never throws: problems come back as issues. A bad element of a
 * top-level array drops the whole payload; a bad candidate only drops itself.
 */
export function parsePayload(text: string, maxEventSize: number): { events: ProducedEvent[]; issues: PayloadIssue[] } {
  const events: ProducedEvent[] = [];
  const issues: PayloadIssue[] = [];
  try {
    let root: JsonNode;
    try {
      root = parseJson(text);
    } catch (e) {
      issues.push({ kind: 'payload_rejected', message: `invalid JSON: ${errorText(e)}` });
      return { events, issues };
    }
    const candidates: Candidate[] = [];
    if (!classify(root, candidates)) {
      issues.push({ kind: 'payload_rejected', message: NOT_RECOGNIZED });
      return { events, issues };
    }
    for (const c of candidates) {
      const ev = toEvent(c, maxEventSize, issues);
      if (ev) events.push(ev);
    }
  } catch (e) {
    // Defensive: nothing above should throw; never let it reach the caller.
    issues.push({ kind: 'payload_rejected', message: `internal error: ${errorText(e)}` });
  }
  return { events, issues };
}

/**
 * Appends the event candidates of `v`: an Event object, each item of a non-empty EventList, the
 * elements of an array (recursively). False when `v` or any array element is not recognized.
 */
function classify(v: JsonNode, out: Candidate[]): boolean {
  if (v.kind === 'array') {
    for (const e of v.items) if (!classify(e, out)) return false;
    return true;
  }
  const kind = getMember(v, 'kind');
  if (kind === undefined || kind.kind !== 'string') return false;
  const k = decodedString(kind);
  if (k === 'Event') {
    out.push({ node: v, isEvent: true });
    return true;
  }
  if (k !== 'EventList') return false;
  const items = getMember(v, 'items');
  if (items === undefined || items.kind !== 'array' || items.items.length === 0) return false;
  for (const item of items.items) out.push({ node: item, isEvent: false });
  return true;
}

function toEvent(c: Candidate, maxEventSize: number, issues: PayloadIssue[]): ProducedEvent | undefined {
  const node = c.node;
  const tsIdx = node.kind === 'object' ? memberIndex(node, 'stageTimestamp') : -1;
  if (node.kind !== 'object' || tsIdx < 0) {
    issues.push({ kind: 'event_dropped', message: "can't read stageTimestamp" });
    return undefined;
  }
  const tsNode = node.values[tsIdx]!;
  let ts: bigint;
  try {
    ts = parseStageTimestamp(tsNode.kind === 'string' ? decodedString(tsNode) : '');
  } catch (e) {
    issues.push({ kind: 'event_dropped', message: errorText(e) });
    return undefined;
  }
  const data = eventData(node, c.isEvent ? memberIndex(node, 'kind') : -1, tsIdx);
  // UTF-8 needs at most 3 bytes per UTF-16 unit: most events need no byte count.
  const size = data.length * 3 <= maxEventSize ? 0 : Buffer.byteLength(data, 'utf8');
  if (size > maxEventSize) {
    issues.push({ kind: 'event_too_large', message: `event larger than maxEventSize: size=${size}` });
    return undefined;
  }
  const id = getMember(node, 'auditID');
  return { data, ts, root: node, auditId: id !== undefined && id.kind === 'string' ? decodedString(id) : undefined };
}

/**
 * The event bytes: compact text, except that what upstream decoded while reading the event is
 * written back decoded and re-quoted: the event's own member names, its `kind` (Event payloads only)
 * and its `stageTimestamp`. Without escapes there, this is the compact text itself.
 */
function eventData(node: JsonObject, kindIdx: number, tsIdx: number): string {
  const requote = (i: number): boolean => {
    const v = node.values[i];
    return v !== undefined && v.kind === 'string' && v.hasEscapes;
  };
  const special = (kindIdx >= 0 && requote(kindIdx)) || requote(tsIdx) || node.keys.some((k) => k.hasEscapes);
  if (!special) return compactText(node);
  const parts: string[] = [];
  for (let i = 0; i < node.keys.length; i++) {
    const k = node.keys[i]!;
    const v = node.values[i]!;
    const key = k.hasEscapes ? goQuote(decodedString(k)) : compactText(k);
    const val = (i === kindIdx || i === tsIdx) && v.kind === 'string' ? goQuote(decodedString(v)) : compactText(v);
    parts.push(key + ':' + val);
  }
  return '{' + parts.join(',') + '}';
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
