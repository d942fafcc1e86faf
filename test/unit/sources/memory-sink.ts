// An EventSink that records everything, for source tests.
import type { EventSink, LogLevel, ProducedEvent } from '../../../src/sources/source.js';

export class MemorySink implements EventSink {
  events: ProducedEvent[] = [];
  logs: Array<{ level: LogLevel; message: string }> = [];
  counters = new Map<string, number>();
  ended = false;
  failure: string | undefined;
  /** When set, push returns false until drain() is called. */
  capacity = Infinity;
  private listeners: Array<() => void> = [];

  push(events: readonly ProducedEvent[]): boolean {
    this.events.push(...events);
    return this.events.length < this.capacity;
  }
  onDrain(listener: () => void): void {
    this.listeners.push(listener);
  }
  drain(newCapacity = Infinity): void {
    this.capacity = newCapacity;
    for (const l of this.listeners) l();
  }
  end(): void {
    this.ended = true;
  }
  fail(message: string): void {
    this.failure = message;
  }
  log(level: LogLevel, message: string): void {
    this.logs.push({ level, message });
  }
  count(name: string, n = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + n);
  }
  settled(timeoutMs = 10_000): Promise<void> {
    const start = Date.now();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.ended || this.failure !== undefined) resolve();
        else if (Date.now() - start > timeoutMs) reject(new Error('source did not finish'));
        else setTimeout(check, 5);
      };
      check();
    });
  }
}
