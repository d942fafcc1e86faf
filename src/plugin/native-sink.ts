// The EventSink the sources deliver into when running inside Falco: events are gathered for a
// moment, encoded with the values of every field Falco has asked for so far, and handed to the
// native queue in one call; Falco's next_batch then drains them without entering JS.
import type { ProducedEvent } from '../audit/event.js';
import type { ConsumerProgress, EventSink } from '../sources/source.js';
import type { LogLevel } from '../util/log-level.js';
import { BatchEncoder } from '../bridge/batch-encoder.js';
import { FieldSlots } from '../bridge/field-slots.js';
import { SEVERITY, type BridgeFunctions } from '../bridge/native-binding.js';
import { redactSecrets } from '../util/redact.js';
import type { Counters } from './counters.js';

/** The counter of events handed to Falco's queue. */
export const EVENTS_DELIVERED = 'events_delivered';

export interface NativeSinkOptions {
  /** Events per native batch at most. */
  readonly batchMaxEvents: number;
  /** Precompute field values in JS (false: every extraction calls into JS). */
  readonly precomputeFields: boolean;
}

export class NativeSink implements EventSink {
  private pending: ProducedEvent[] = [];
  private flushScheduled = false;
  private full = false;
  private closed = false;
  private readonly drainListeners: Array<() => void> = [];
  private readonly encoder = new BatchEncoder();

  constructor(
    private readonly binding: BridgeFunctions,
    private readonly slots: FieldSlots,
    private readonly counters: Counters,
    private readonly options: NativeSinkOptions,
  ) {}

  push(events: readonly ProducedEvent[]): boolean {
    if (this.closed) return false;
    for (const ev of events) this.pending.push(ev);
    if (this.pending.length >= this.options.batchMaxEvents) this.flush();
    else this.scheduleFlush();
    return !this.full;
  }

  onDrain(listener: () => void): void {
    this.drainListeners.push(listener);
  }

  /** The native queue has room again (dispatch op 'drain'). */
  drained(): void {
    if (!this.full) return;
    this.full = false;
    for (const listener of this.drainListeners) listener();
  }

  end(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.binding.end();
  }

  fail(message: string): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.binding.fail(redactSecrets(message));
  }

  log(level: LogLevel, message: string): void {
    this.binding.log(SEVERITY[level], redactSecrets(message));
  }

  count(name: string, n = 1): void {
    this.counters.add(name, n);
  }

  gauge(name: string, read: () => number): void {
    this.counters.gauge(name, read);
  }

  /** What Falco took of the events pushed since open (the native queue restarts its count at open). */
  progress(): ConsumerProgress {
    return this.binding.deliveryProgress();
  }

  /** Stops delivering (the capture is closing); pending events are dropped. */
  close(): void {
    this.closed = true;
    this.pending = [];
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      if (!this.closed) this.flush();
    });
  }

  private flush(): void {
    const max = this.options.batchMaxEvents;
    const all = this.pending;
    this.pending = [];
    for (let start = 0; start < all.length; start += max) {
      const events = all.length <= max ? all : all.slice(start, start + max);
      const slots = this.options.precomputeFields ? this.slots.refresh(this.binding) : [];
      this.counters.set('fields_precomputed_per_event', slots.length);
      const more = this.binding.pushBatch(this.encoder.encode(events, slots));
      this.counters.add(EVENTS_DELIVERED, events.length);
      if (!more) this.full = true;
    }
  }
}
