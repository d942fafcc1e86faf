// The contract between an event source (file replay, LDP WebSocket, ...) and the plugin core.
import type { ProducedEvent } from '../audit/event.js';
import type { LogLevel } from '../util/log-level.js';

/** How many of the events pushed since the sink was created the consumer has taken. */
export interface ConsumerProgress {
  /** Handed to Falco (returned by next_batch). */
  readonly returned: number;
  /**
   * Handed to Falco, and Falco asked for more afterwards: evaluated by its rules (the plugin hands
   * out one event per next_batch, and Falco's loop asks for the next only after evaluating one).
   */
  readonly finished: number;
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
  /** What the consumer took of the pushed events; absent: everything pushed counts as taken. */
  progress?(): ConsumerProgress;
}

/** A started source. close() stops every timer, socket and file handle at once. */
export interface EventSource {
  start(): void;
  close(): void;
}
