// No silent loss across a reconnect: resume the tail from shortly before the last record we
// processed, and drop what we had already delivered.
//
// Which time: the GELF `timestamp` of the LDP record, i.e. LDP's ingestion time. That is what the
// tail's `begin`/`end` filter on, so it is the only clock that lines up with the replay window.
// stageTimestamp (the API server's clock) can be earlier by the whole shipping delay and would make
// us miss records; it is not used. Records without a GELF timestamp do not move the resume point.
import type { ProducedEvent } from '../../audit/event.js';
import { eventKey, RecentKeys } from './dedup.js';
import type { StreamPosition } from './stream-position.js';

export interface ReplayOptions {
  readonly overlapSeconds: number;
  readonly dedupWindow: number;
  /** `begin` the user put in the open params (unix seconds), if any. */
  readonly userBegin: number | undefined;
}

export interface FilteredEvents {
  readonly fresh: ProducedEvent[];
  /** The dedup keys of the fresh events, in the same order. */
  readonly keys: number[];
  readonly duplicates: number;
  /** Fresh events that came from the replayed window (recovered). */
  readonly replayed: number;
  /** Fresh events that a process which stopped without closing may already have delivered. */
  readonly possiblyRepeated: number;
}

export class ReplayTracker {
  private readonly recent: RecentKeys;
  private lastSeen: number | undefined;
  private firstOpenedAt: number | undefined;
  /** Records ingested before this (unix seconds) on the current connection are replays. */
  private replayBefore: number | undefined;
  private skipNextReplay = false;
  /** Where a resumed stream starts (from a position), or the user's begin. */
  private startFrom: number | undefined;
  private resumed = false;
  /** Records up to this LDP time may have reached Falco before an unclean stop. */
  private repeatedUntil: number | undefined;

  constructor(private readonly options: ReplayOptions) {
    this.recent = new RecentKeys(options.dedupWindow);
    this.startFrom = options.userBegin;
  }

  /** Largest LDP timestamp processed so far. */
  get lastSeenTimestamp(): number | undefined {
    return this.lastSeen;
  }

  /**
   * Continues where `position` was left: the first connection replays from its resumeFrom (or
   * the user's later begin), and its events are remembered as delivered.
   */
  resume(position: StreamPosition): void {
    this.resumed = true;
    this.startFrom = Math.max(position.resumeFrom, this.options.userBegin ?? -Infinity);
    for (const key of position.keys) this.recent.add(key);
    if (!position.clean) this.repeatedUntil = position.savedAt + position.intervalSeconds;
  }

  /**
   * `begin` for the next connection: for the first one, the URL as given unless resuming; after
   * skipReplayOnce() none (live); otherwise replayFrom().
   */
  nextBegin(isFirstConnection: boolean): number | undefined {
    if (isFirstConnection && !this.resumed) return undefined;
    if (this.skipNextReplay) {
      this.skipNextReplay = false;
      return undefined;
    }
    const from = this.replayFrom();
    return from === undefined ? undefined : Math.max(0, Math.floor(from));
  }

  /**
   * The LDP time from which records may not have been received: the last seen time minus the
   * overlap; before any record, where this run started (resumed position, user's begin, or the
   * first connection's start minus the overlap). Undefined before anything happened.
   */
  replayFrom(): number | undefined {
    if (this.lastSeen !== undefined) return this.lastSeen - this.options.overlapSeconds;
    if (this.startFrom !== undefined) return this.startFrom;
    if (this.firstOpenedAt !== undefined) return this.firstOpenedAt - this.options.overlapSeconds;
    return undefined;
  }

  /** The next connection starts live (used after a record that can never be read, e.g. too big). */
  skipReplayOnce(): void {
    this.skipNextReplay = true;
  }

  /** A connection opened at `nowSeconds`; `resumed` when it asked for a replay window. */
  connectionOpened(nowSeconds: number, resumed: boolean): void {
    this.firstOpenedAt ??= nowSeconds;
    this.replayBefore = resumed ? nowSeconds : undefined;
  }

  /** A record's GELF timestamp was seen (called for every record that has one, valid or not). */
  observe(timestamp: number | undefined): void {
    if (timestamp !== undefined && (this.lastSeen === undefined || timestamp > this.lastSeen)) this.lastSeen = timestamp;
  }

  /** Drops events already delivered; classifies the fresh ones of a replay window. */
  filter(events: readonly ProducedEvent[], timestamp: number | undefined): FilteredEvents {
    const fresh: ProducedEvent[] = [];
    const keys: number[] = [];
    let duplicates = 0;
    for (const event of events) {
      const key = eventKey(event.auditId, event.ts, event.data);
      if (this.recent.add(key)) {
        fresh.push(event);
        keys.push(key);
      } else {
        duplicates++;
      }
    }
    const inReplay = this.replayBefore !== undefined && timestamp !== undefined && timestamp < this.replayBefore;
    const repeated = this.repeatedUntil !== undefined && timestamp !== undefined && timestamp <= this.repeatedUntil;
    return { fresh, keys, duplicates, replayed: inReplay ? fresh.length : 0, possiblyRepeated: repeated ? fresh.length : 0 };
  }
}
