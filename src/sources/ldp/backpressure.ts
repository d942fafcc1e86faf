// Stops reading while Falco is full. Pausing a socket takes effect after the read in progress, so
// the events decoded meanwhile are held here (one socket read's worth, never the stream).
import type { ProducedEvent } from '../../audit/event.js';

export class BackpressureBuffer {
  private paused = false;
  private pending: ProducedEvent[] = [];
  private maxPending = 0;

  /**
   * @param push hands events to the consumer; false when it is full
   * @param onPause called when reading must stop
   */
  constructor(
    private readonly push: (events: ProducedEvent[]) => boolean,
    private readonly onPause: () => void,
  ) {}

  get isPaused(): boolean {
    return this.paused;
  }

  get pendingEvents(): number {
    return this.pending.length;
  }

  get maxPendingEvents(): number {
    return this.maxPending;
  }

  /** Hands events over, or holds them while paused; pauses when the consumer becomes full. */
  deliver(events: ProducedEvent[]): void {
    if (events.length === 0) return;
    if (this.paused) {
      for (const event of events) this.pending.push(event);
      this.maxPending = Math.max(this.maxPending, this.pending.length);
      return;
    }
    if (!this.push(events)) this.pause();
  }

  /** The consumer has room again: hands over what is held. True when reading may resume. */
  drain(): boolean {
    if (!this.paused) return false;
    if (this.pending.length > 0) {
      const held = this.pending;
      this.pending = [];
      if (!this.push(held)) return false;
    }
    this.paused = false;
    return true;
  }

  /** Forgets the held events (the source is closing). */
  clear(): void {
    this.pending = [];
  }

  private pause(): void {
    this.paused = true;
    this.onPause();
  }
}
