// An audit event as the sources hand it to the plugin: the unit every layer above audit passes on.
import type { JsonNode } from './json.js';

/** One audit event ready for Falco: compact JSON text, its timestamp, and its parse tree. */
export interface ProducedEvent {
  /** Event data: the event's JSON without whitespace between tokens (payload.ts). Its UTF-8 bytes
   *  become the Falco event payload. */
  readonly data: string;
  /** stageTimestamp in ns since the epoch as uint64 (UINT64_MAX for Go's zero time). */
  readonly ts: bigint;
  /** The parsed event (root object), kept so fields are computed without parsing again. */
  readonly root: JsonNode;
  /** Top-level auditID as a decoded string, when it is a JSON string (for de-duplication). */
  readonly auditId: string | undefined;
}
