// No silent loss across a reconnect: resume the tail from shortly before the last record we
// processed, and drop what we had already delivered.
//
// Which time: the GELF `timestamp` of the LDP record, i.e. LDP's ingestion time. That is what the
// tail's `begin`/`end` filter on, so it is the only clock that lines up with the replay window.
// stageTimestamp (the API server's clock) can be earlier by the whole shipping delay and would make
// us miss records; it is not used. Records without a GELF timestamp do not move the resume point.
import type { ProducedEvent } from '../../audit/event.js';
import { eventKey, RecentKeys } from './dedup.js';

export interface ReplayOptions {
  readonly overlapSeconds: number;
  readonly dedupWindow: number;
  /** `begin` the user put in the open params (unix seconds), if any. */
  readonly userBegin: number | undefined;
}

export interface FilteredEvents {
  readonly fresh: ProducedEvent[];
  readonly duplicates: number;
  /** Fresh events that came from the replayed window (recovered). */
  readonly replayed: number;
}

export class ReplayTracker {
  private readonly recent: RecentKeys;
  private lastSeen: number | undefined;
  private firstOpenedAt: number | undefined;
  /** Records ingested before this (unix seconds) on the current connection are replays. */
  private replayBefore: number | undefined;
  private skipNextReplay = false;

  constructor(private readonly options: ReplayOptions) {
    this.recent = new RecentKeys(options.dedupWindow);
  }

  /** Largest LDP timestamp processed so far. */
  get lastSeenTimestamp(): number | undefined {
    return this.lastSeen;
  }

  /**
   * `begin` for the next connection: undefined for the first one (the URL is used as given) and
   * after skipReplayOnce(); otherwise the last seen LDP time minus the overlap. When nothing was
   * seen yet, from the first connection's start (or the user's begin).
   */
  nextBegin(isFirstConnection: boolean): number | undefined {
    if (isFirstConnection) return undefined;
    if (this.skipNextReplay) {
      this.skipNextReplay = false;
      return undefined;
    }
    if (this.lastSeen !== undefined) return Math.max(0, Math.floor(this.lastSeen - this.options.overlapSeconds));
    if (this.options.userBegin !== undefined) return this.options.userBegin;
    if (this.firstOpenedAt !== undefined) return Math.max(0, Math.floor(this.firstOpenedAt - this.options.overlapSeconds));
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
    let duplicates = 0;
    for (const event of events) {
      if (this.recent.add(eventKey(event.auditId, event.ts, event.data))) fresh.push(event);
      else duplicates++;
    }
    const inReplay = this.replayBefore !== undefined && timestamp !== undefined && timestamp < this.replayBefore;
    return { fresh, duplicates, replayed: inReplay ? fresh.length : 0 };
  }
}
