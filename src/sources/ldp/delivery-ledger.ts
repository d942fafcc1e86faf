// Which delivered events Falco has really taken. Events handed to the sink may still wait in
// Falco's queue when the capture closes, and those are dropped: a position must not count them.
// Entries stay "in flight" until the consumer's count passes them, then become "taken".

/** Keys and LDP times of taken events, oldest first, at most `capacity` (a ring of fixed size). */
class TakenEvents {
  private readonly keys: Float64Array;
  private readonly stamps: Float64Array;
  private count = 0;
  private next = 0;

  constructor(capacity: number) {
    const n = Math.max(0, Math.floor(capacity));
    this.keys = new Float64Array(n);
    this.stamps = new Float64Array(n);
  }

  add(key: number, stamp: number): void {
    const capacity = this.keys.length;
    if (capacity === 0) return;
    this.keys[this.next] = key;
    this.stamps[this.next] = stamp;
    this.next = (this.next + 1) % capacity;
    if (this.count < capacity) this.count++;
  }

  /** Oldest first, only those stamped at or after `from`. */
  since(from: number): { keys: number[]; stamps: number[] } {
    const keys: number[] = [];
    const stamps: number[] = [];
    const capacity = this.keys.length;
    const oldest = this.count < capacity ? 0 : this.next;
    for (let k = 0; k < this.count; k++) {
      const i = (oldest + k) % capacity;
      const stamp = this.stamps[i] as number;
      if (stamp >= from) {
        keys.push(this.keys[i] as number);
        stamps.push(stamp);
      }
    }
    return { keys, stamps };
  }
}

export class DeliveryLedger {
  private readonly taken: TakenEvents;
  private inFlightKeys: number[] = [];
  private inFlightStamps: number[] = [];
  /** Index in the in-flight arrays of the oldest entry not yet taken. */
  private head = 0;
  /** Events recorded / taken since the ledger started (the consumer counts the same way). */
  private recorded = 0;
  private settled = 0;

  constructor(capacity: number) {
    this.taken = new TakenEvents(capacity);
  }

  get inFlight(): number {
    return this.recorded - this.settled;
  }

  /** Events recorded since the ledger started. */
  get recordedEvents(): number {
    return this.recorded;
  }

  /** Events recorded since the ledger started that the consumer has taken. */
  get settledEvents(): number {
    return this.settled;
  }

  /** Events about to be handed over, in delivery order. */
  record(keys: readonly number[], stamp: number): void {
    for (const key of keys) {
      this.inFlightKeys.push(key);
      this.inFlightStamps.push(stamp);
    }
    this.recorded += keys.length;
  }

  /** Adds entries taken before this ledger existed (a restored position). */
  restore(keys: readonly number[], stamps: readonly number[]): void {
    keys.forEach((key, i) => this.taken.add(key, stamps[i] as number));
  }

  /** The consumer has taken `count` events since the ledger started (a count never goes back). */
  settle(count: number): void {
    const upTo = Math.min(count, this.recorded);
    while (this.settled < upTo) {
      this.taken.add(this.inFlightKeys[this.head] as number, this.inFlightStamps[this.head] as number);
      this.head++;
      this.settled++;
    }
    if (this.head > 4096 && this.head * 2 > this.inFlightKeys.length) {
      // Compact now and then so the arrays hold only what is in flight.
      this.inFlightKeys = this.inFlightKeys.slice(this.head);
      this.inFlightStamps = this.inFlightStamps.slice(this.head);
      this.head = 0;
    }
  }

  /** Smallest LDP time of an event not taken yet, if any. */
  oldestInFlight(): number | undefined {
    let oldest: number | undefined;
    for (let i = this.head; i < this.inFlightStamps.length; i++) {
      const stamp = this.inFlightStamps[i] as number;
      if (oldest === undefined || stamp < oldest) oldest = stamp;
    }
    return oldest;
  }

  /** Taken events stamped at or after `from`, oldest first. */
  takenSince(from: number): { keys: number[]; stamps: number[] } {
    return this.taken.since(from);
  }
}
