// An audit event as the sources hand it to the plugin: the unit every layer above audit passes on.
import { JsonDoc, JsonNode, parseInto } from './json.js';

/** One audit event ready for Falco: compact JSON text, its timestamp, its auditID. */
export interface ProducedEvent {
  /** Event data: the event's JSON without whitespace between tokens (payload.ts). Its UTF-8 bytes
   *  become the Falco event payload. */
  readonly data: string;
  /** stageTimestamp in ns since the epoch as uint64 (UINT64_MAX for Go's zero time). */
  readonly ts: bigint;
  /** The parsed event (root object), for callers outside the batch path: parsed on first use. The
   *  batch encoder scans `data` into a document it reuses instead, so events carry no parse. */
  readonly root: JsonNode;
  /** Top-level auditID as a decoded string, when it is a JSON string (for de-duplication). */
  readonly auditId: string | undefined;
}

export class AuditEvent implements ProducedEvent {
  private parsed: JsonNode | undefined;

  constructor(
    readonly data: string,
    readonly ts: bigint,
    readonly auditId: string | undefined,
  ) {}

  get root(): JsonNode {
    if (this.parsed === undefined) {
      const doc = new JsonDoc();
      parseInto(doc, this.data);
      this.parsed = new JsonNode(doc, 0);
    }
    return this.parsed;
  }
}
