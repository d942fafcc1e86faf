// One payload (a line, a POST body, an LDP message) → audit events, as upstream k8saudit splits,
// checks and re-serialises them.
import { AuditEvent, type ProducedEvent } from './event.js';
import { ARRAY, ESCAPES, JsonDoc, OBJECT, STRING, TapeArena, goQuote, member, tokenCompact, tokenString } from './json.js';
import { parseStageTimestamp } from './timestamp.js';

export interface PayloadIssue {
  kind: 'payload_rejected' | 'event_dropped' | 'event_too_large';
  message: string;
}

/** An event candidate: its token; `isEvent` when it was classified as kind "Event" (not an EventList item). */
interface Candidate {
  token: number;
  isEvent: boolean;
}

const NOT_RECOGNIZED = 'data not recognized as a k8s audit event';

// Payloads are parsed one at a time, synchronously, each into the arena, where its events' values
// are read when they are encoded.
const arena = new TapeArena();
const candidates: Candidate[] = [];
let doc = new JsonDoc();

/**
 * Splits a payload into events. Never throws: problems come back as issues. A bad element of a
 * top-level array drops the whole payload; a bad candidate only drops itself.
 */
export function parsePayload(text: string, maxEventSize: number): { events: ProducedEvent[]; issues: PayloadIssue[] } {
  const events: ProducedEvent[] = [];
  const issues: PayloadIssue[] = [];
  try {
    try {
      doc = arena.parse(text);
    } catch (e) {
      issues.push({ kind: 'payload_rejected', message: `invalid JSON: ${errorText(e)}` });
      return { events, issues };
    }
    candidates.length = 0;
    if (!classify(doc.first)) {
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
  } finally {
    candidates.length = 0;
  }
  return { events, issues };
}

/**
 * Appends the event candidates of token t: an Event object, each item of a non-empty EventList, the
 * elements of an array (recursively). False when t or any array element is not recognized.
 */
function classify(t: number): boolean {
  if (doc.kind(t) === ARRAY) {
    for (let e = t + 1; e < doc.next(t); e = doc.next(e)) if (!classify(e)) return false;
    return true;
  }
  const kind = member(doc, t, 'kind');
  if (kind < 0 || doc.kind(kind) !== STRING) return false;
  const k = tokenString(doc, kind);
  if (k === 'Event') {
    candidates.push({ token: t, isEvent: true });
    return true;
  }
  if (k !== 'EventList') return false;
  const items = member(doc, t, 'items');
  if (items < 0 || doc.kind(items) !== ARRAY || doc.next(items) === items + 1) return false;
  for (let e = items + 1; e < doc.next(items); e = doc.next(e)) candidates.push({ token: e, isEvent: false });
  return true;
}

function toEvent(c: Candidate, maxEventSize: number, issues: PayloadIssue[]): ProducedEvent | undefined {
  const t = c.token;
  const ts = doc.kind(t) === OBJECT ? member(doc, t, 'stageTimestamp') : -1;
  if (ts < 0) {
    issues.push({ kind: 'event_dropped', message: "can't read stageTimestamp" });
    return undefined;
  }
  let stamp: bigint;
  try {
    stamp = parseStageTimestamp(doc.kind(ts) === STRING ? tokenString(doc, ts) : '');
  } catch (e) {
    issues.push({ kind: 'event_dropped', message: errorText(e) });
    return undefined;
  }
  const data = eventData(t, c.isEvent ? member(doc, t, 'kind') : -1, ts);
  // UTF-8 needs at most 3 bytes per UTF-16 unit: most events need no byte count.
  const size = data.length * 3 <= maxEventSize ? 0 : Buffer.byteLength(data, 'utf8');
  if (size > maxEventSize) {
    issues.push({ kind: 'event_too_large', message: `event larger than maxEventSize: size=${size}` });
    return undefined;
  }
  const id = member(doc, t, 'auditID');
  return new AuditEvent(data, stamp, id >= 0 && doc.kind(id) === STRING ? tokenString(doc, id) : undefined, doc, t);
}

/**
 * The event bytes: compact text, except that what upstream decoded while reading the event is
 * written back decoded and re-quoted: the event's own member names, its `kind` (Event payloads only)
 * and its `stageTimestamp`. Without escapes there, this is the compact text itself.
 */
function eventData(t: number, kindValue: number, tsValue: number): string {
  const requote = (v: number): boolean => v >= 0 && doc.kind(v) === STRING && doc.hasFlag(v, ESCAPES);
  let special = requote(kindValue) || requote(tsValue);
  for (let k = t + 1; !special && k < doc.next(t); k = doc.next(k + 1)) special = doc.hasFlag(k, ESCAPES);
  if (!special) return tokenCompact(doc, t);
  const parts: string[] = [];
  for (let k = t + 1; k < doc.next(t); k = doc.next(k + 1)) {
    const v = k + 1;
    const key = doc.hasFlag(k, ESCAPES) ? goQuote(tokenString(doc, k)) : tokenCompact(doc, k);
    const val = (v === kindValue || v === tsValue) && doc.kind(v) === STRING ? goQuote(tokenString(doc, v)) : tokenCompact(doc, v);
    parts.push(key + ':' + val);
  }
  return '{' + parts.join(',') + '}';
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
