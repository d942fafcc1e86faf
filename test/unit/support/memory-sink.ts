// An EventSink that records everything, and bounded waiting, shared by the source tests.
import type { ProducedEvent } from '../../../src/audit/event.js';
import type { ConsumerProgress, EventSink } from '../../../src/sources/source.js';
import type { LogLevel } from '../../../src/util/log-level.js';

export interface LoggedLine {
  readonly level: LogLevel;
  readonly message: string;
}

/**
 * Records everything. With `capacity`, push returns false once that many events wait unconsumed;
 * consume() takes events out and fires drain when the backlog fell to half.
 */
export class MemorySink implements EventSink {
  readonly events: ProducedEvent[] = [];
  readonly logs: LoggedLine[] = [];
  readonly counters = new Map<string, number>();
  readonly failures: string[] = [];
  ended = 0;
  pushes = 0;
  /** Events pushed but not consumed yet (capacity mode). */
  backlog: ProducedEvent[] = [];
  maxBacklog = 0;
  private readonly drainListeners: (() => void)[] = [];
  private readonly pushListeners = new Set<() => void>();
  private full = false;

  constructor(private readonly capacity = Infinity) {}

  push(events: readonly ProducedEvent[]): boolean {
    this.pushes++;
    for (const listener of [...this.pushListeners]) listener();
    if (this.capacity === Infinity) {
      for (const e of events) this.events.push(e);
      return true;
    }
    for (const e of events) this.backlog.push(e);
    this.maxBacklog = Math.max(this.maxBacklog, this.backlog.length);
    this.full = this.backlog.length >= this.capacity;
    return !this.full;
  }

  /** Resolves at the next push or end. */
  nextPush(): Promise<void> {
    return new Promise((resolve) => {
      const listener = (): void => {
        this.pushListeners.delete(listener);
        resolve();
      };
      this.pushListeners.add(listener);
    });
  }

  /** Consumed events are taken and done with; the backlog is not. */
  progress(): ConsumerProgress {
    return { returned: this.events.length, finished: this.events.length };
  }

  onDrain(listener: () => void): void {
    this.drainListeners.push(listener);
  }

  end(): void {
    this.ended++;
    for (const listener of [...this.pushListeners]) listener();
  }

  fail(message: string): void {
    this.failures.push(message);
  }

  log(level: LogLevel, message: string): void {
    this.logs.push({ level, message });
  }

  count(name: string, n = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + n);
  }

  counter(name: string): number {
    return this.counters.get(name) ?? 0;
  }

  /** Capacity mode: moves up to `n` events from the backlog to `events`; drains when half empty. */
  consume(n: number): void {
    const taken = this.backlog.splice(0, n);
    for (const e of taken) this.events.push(e);
    if (this.full && this.backlog.length <= this.capacity / 2) {
      this.full = false;
      for (const listener of this.drainListeners) listener();
    }
  }

  get allEvents(): ProducedEvent[] {
    return [...this.events, ...this.backlog];
  }

  /** Everything the plugin said, for "no token anywhere" checks. */
  transcript(): string {
    return [...this.logs.map((l) => `${l.level} ${l.message}`), ...this.failures, ...[...this.counters.keys()]].join('\n');
  }
}

/**
 * Polls `predicate` every 5 ms until it holds. `timeoutMs` is only a hang guard (generous, so a
 * busy machine does not fail the test); it throws with `what` in the message.
 */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Lets pending I/O callbacks and timers that are already due run (not a wait for time). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
