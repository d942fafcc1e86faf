// An audit event as the sources hand it to the plugin: the unit every layer above audit passes on.
import { JsonDoc, JsonNode, parseInto } from './json.js';

/** One audit event ready for Falco: compact JSON text, its timestamp, its auditID. */
export interface ProducedEvent {
  /** Event data: the event's JSON without whitespace between tokens (payload.ts). Its UTF-8 bytes
   *  become the Falco event payload. */
  readonly data: string;
  /** stageTimestamp in ns since the epoch as uint64 (UINT64_MAX for Go's zero time). */
  readonly ts: bigint;
  /** The parsed event (root object), for callers outside the batch path (parsed on first use). */
  readonly root: JsonNode;
  /** The token index of the payload the event came from, and the event's token in it: the values
   *  are read there while doc.intact() (the same values as from `data`, which is that token's text
   *  made compact); later, from `data` parsed again. */
  readonly doc: JsonDoc;
  readonly token: number;
  /** Top-level auditID as a decoded string, when it is a JSON string (for de-duplication). */
  readonly auditId: string | undefined;
}

export class AuditEvent implements ProducedEvent {
  constructor(
    readonly data: string,
    readonly ts: bigint,
    readonly auditId: string | undefined,
    readonly doc: JsonDoc,
    readonly token: number,
  ) {}

  private own: JsonNode | undefined;

  /** The event's own parse of `data` (the ring's tokens are overwritten later: not handed out). */
  get root(): JsonNode {
    if (this.own === undefined) {
      const doc = new JsonDoc();
      parseInto(doc, this.data);
      this.own = new JsonNode(doc, doc.first);
    }
    return this.own;
  }
}
