// One LDP WebSocket message → audit events.
// Wire format: {"message":"<GELF JSON text>"}; the GELF record's short_message is the audit payload.
import { decodedString, parseJson } from '../../audit/json.js';
import { parsePayload, type PayloadIssue } from '../../audit/payload.js';
import type { ProducedEvent } from '../../audit/event.js';

export interface DecodedLdpMessage {
  readonly events: ProducedEvent[];
  readonly issues: PayloadIssue[];
  /** GELF `timestamp` of the record (LDP ingestion time, unix seconds with fraction), if any. */
  readonly timestamp: number | undefined;
  /** Why the envelope or the GELF record was unusable; then there are no events and no issues. */
  readonly malformed: string | undefined;
}

export interface UnwrappedLdpMessage {
  /** The audit payload text (short_message), or undefined when the message is malformed. */
  readonly payload: string | undefined;
  readonly timestamp: number | undefined;
  readonly malformed: string | undefined;
}

/**
 * Unwraps the envelope and the GELF record. short_message is the payload as it is: upstream splits
 * `<_appID>> <short_message>` at the first `> ` instead, which loses the message of an `_appID`
 * that contains `> ` (vector O4).
 */
export function unwrapLdpMessage(text: string): UnwrappedLdpMessage {
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch {
    return malformed('envelope is not JSON');
  }
  if (!isPlainObject(envelope)) return malformed('envelope is not a JSON object');

  const message = messageMember(envelope, text);
  if (message === undefined || message === null) return malformed('envelope has no message member');
  if (typeof message !== 'string') return malformed(`envelope message is a ${jsonType(message)}, not a string`);

  let record: unknown;
  try {
    record = JSON.parse(message);
  } catch {
    return malformed('envelope message is not GELF JSON');
  }
  if (!isPlainObject(record)) return malformed('GELF record is not a JSON object');

  const timestamp = gelfTimestamp(record['timestamp']);
  const shortMessage = record['short_message'];
  if (typeof shortMessage !== 'string') {
    const what = shortMessage === undefined ? 'no short_message' : `a ${jsonType(shortMessage)} short_message`;
    return { payload: undefined, timestamp, malformed: `GELF record has ${what} (expected a string)` };
  }
  return { payload: shortMessage, timestamp, malformed: undefined };
}

/** Unwraps and parses one message; never throws. */
export function decodeLdpMessage(text: string, maxEventSize: number): DecodedLdpMessage {
  const unwrapped = unwrapLdpMessage(text);
  if (unwrapped.payload === undefined) {
    return { events: [], issues: [], timestamp: unwrapped.timestamp, malformed: unwrapped.malformed };
  }
  const { events, issues } = parsePayload(unwrapped.payload, maxEventSize);
  return { events, issues, timestamp: unwrapped.timestamp, malformed: undefined };
}

function malformed(reason: string): UnwrappedLdpMessage {
  return { payload: undefined, timestamp: undefined, malformed: reason };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

function gelfTimestamp(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * The `message` member, matched case-insensitively; when several spellings occur the textually
 * last one wins (as Go's encoding/json does). JSON.parse keeps the last value per exact name but
 * not the order across spellings, so that rare case asks the raw-preserving parser for the order.
 */
function messageMember(envelope: Record<string, unknown>, text: string): unknown {
  const names = Object.keys(envelope).filter((k) => k.toLowerCase() === 'message');
  if (names.length === 0) return undefined;
  if (names.length === 1) return envelope[names[0] as string];
  const ordered = documentOrderKeys(text).filter((k) => k.toLowerCase() === 'message');
  const last = ordered[ordered.length - 1] ?? (names[names.length - 1] as string);
  return envelope[last];
}

/** Top-level member names of a JSON object text in document order ([] past the parser's depth limit). */
function documentOrderKeys(text: string): string[] {
  try {
    const node = parseJson(text);
    return node.kind === 'object' ? node.keys.map(decodedString) : [];
  } catch {
    return [];
  }
}
