// The simulator's "LDP stream": every ingested record in order, stamped with its ingestion time,
// with LDP-like retention (older records are forgotten). Indexes are absolute (a record's seq).
// Frames are kept as UTF-8 bytes: outside V8's heap (a long run's log neither fills the heap nor
// slows its collections) and sent as they are (ws would otherwise encode a string on each send).

export interface IngestedRecord {
  readonly seq: number;
  /** Ingestion time, unix seconds (ms precision); the GELF timestamp of wrapped records. */
  readonly timestamp: number;
  /** The frame's bytes (a text frame unless `binary`). */
  readonly frame: Buffer;
  readonly binary: boolean;
}

export class RecordLog {
  private log: IngestedRecord[] = [];
  /** Absolute index (seq) of log[0]. */
  private base = 0;
  private lastTimestamp = 0;
  /** Records beyond `retain` before a trim: small, so the log never holds much more than asked. */
  private readonly trimStep: number;

  /**
   * @param clock ingestion clock, unix seconds
   * @param retain records kept (undefined: all)
   */
  constructor(
    private readonly clock: () => number,
    private readonly retain: number | undefined,
  ) {
    this.trimStep = retain === undefined ? 0 : Math.max(1, Math.ceil(retain / 8));
  }

  /** Everything still retained, in order. */
  get records(): readonly IngestedRecord[] {
    return this.log;
  }

  /** Absolute index of the oldest retained record. */
  get first(): number {
    return this.base;
  }

  /** Absolute index one past the last record. */
  get head(): number {
    return this.base + this.log.length;
  }

  /** The current ingestion time: never earlier than the previous one, ms precision. */
  nextTimestamp(): number {
    const now = Math.round(this.clock() * 1000) / 1000;
    this.lastTimestamp = Math.max(this.lastTimestamp, now);
    return this.lastTimestamp;
  }

  append(frame: string | Buffer, timestamp: number, binary: boolean): void {
    this.log.push({ seq: this.head, timestamp, frame: typeof frame === 'string' ? Buffer.from(frame, 'utf8') : frame, binary });
    if (this.retain !== undefined && this.log.length >= this.retain + this.trimStep) {
      // Trim in steps of an eighth of `retain`: appends stay O(1) amortised.
      const drop = this.log.length - this.retain;
      this.log = this.log.slice(drop);
      this.base += drop;
    }
  }

  /** The record at absolute index `index` (must be retained). */
  at(index: number): IngestedRecord {
    return this.log[index - this.base] as IngestedRecord;
  }

  /** Absolute index of the first retained record stamped at or after `timestamp`. */
  firstIndexAtOrAfter(timestamp: number): number {
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.log[mid] as IngestedRecord).timestamp < timestamp) lo = mid + 1;
      else hi = mid;
    }
    return this.base + lo;
  }

  /** Absolute index of the first retained record stamped after `timestamp`. */
  firstIndexAfter(timestamp: number): number {
    let i = this.firstIndexAtOrAfter(timestamp);
    while (i < this.head && this.at(i).timestamp <= timestamp) i++;
    return i;
  }
}
