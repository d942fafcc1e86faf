// The contract between an event source (file replay, LDP WebSocket, ...) and the plugin core.
import type { JsonNode } from '../audit/json.js';

export type LogLevel = 'error' | 'warning' | 'info' | 'debug';

/** One audit event ready for Falco: compact JSON text, its timestamp, and its parse tree. */
export interface ProducedEvent {
  /** Event data (compact JSON, see spec §1.5). Its UTF-8 bytes become the Falco event payload. */
  readonly data: string;
  /** stageTimestamp in ns since the epoch as uint64 (UINT64_MAX for Go's zero time). */
  readonly ts: bigint;
  /** The parsed event (root object), kept so fields are computed without parsing again. */
  readonly root: JsonNode;
  /** Top-level auditID as a decoded string, when it is a JSON string (for de-duplication). */
  readonly auditId: string | undefined;
}

/** Where a source delivers events. Implemented by the plugin core; tests use an in-memory one. */
export interface EventSink {
  /** Hands events over. Returns false when the consumer is full: stop reading until onDrain fires. */
  push(events: readonly ProducedEvent[]): boolean;
  /** Registers the listener called when a full consumer has room again. */
  onDrain(listener: () => void): void;
  /** The source has delivered everything it will (end of file): Falco gets EOF. */
  end(): void;
  /** The source stopped for good: Falco gets a failure with this message (no secrets in it). */
  fail(message: string): void;
  /** Logs a line through Falco's logger (no secrets in it). */
  log(level: LogLevel, message: string): void;
  /** Adds n to the named counter (metrics, e.g. 'payloads_rejected'). */
  count(name: string, n?: number): void;
}

/** A started source. close() stops every timer, socket and file handle at once. */
export interface EventSource {
  start(): void;
  close(): void;
}
