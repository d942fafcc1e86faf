// Turns payload texts into events for a sink: rejected payloads and dropped events are counted
// and logged (rate-limited), never fatal. Every source reports payload issues through here.
import { type PayloadIssue, parsePayload } from '../audit/payload.js';
import type { LogLevel } from '../util/log-level.js';
import { RateLimitedLog } from '../util/rate-limited-log.js';
import type { EventSink } from './source.js';

/** The metric each kind of issue is counted in, whichever source met it. */
export const PAYLOAD_ISSUE_COUNTERS: Readonly<Record<PayloadIssue['kind'], string>> = {
  payload_rejected: 'payloads_rejected',
  event_dropped: 'events_dropped',
  event_too_large: 'events_too_large',
};

export class PayloadIntake {
  private readonly rateLimited: RateLimitedLog;

  /** `rateLimited`: the log warnings go through (default: the sink's log, default limits). */
  constructor(
    private readonly sink: EventSink,
    private readonly maxEventSize: number,
    rateLimited?: RateLimitedLog,
  ) {
    this.rateLimited = rateLimited ?? new RateLimitedLog((level, message) => sink.log(level, message));
  }

  /** Parses one payload and delivers its events; returns what sink.push returned (false: full). */
  payload(text: string): boolean {
    const { events, issues } = parsePayload(text, this.maxEventSize);
    this.report(issues);
    return events.length === 0 ? true : this.sink.push(events);
  }

  /** Counts each issue in its metric and logs it. */
  report(issues: readonly PayloadIssue[]): void {
    for (const issue of issues) {
      const counter = PAYLOAD_ISSUE_COUNTERS[issue.kind];
      this.sink.count(counter);
      this.rateLimited.log(counter, 'warning', issue.message);
    }
  }

  warn(kind: string, message: string, level: LogLevel = 'warning'): void {
    this.rateLimited.log(kind, level, message);
  }

  flushLog(): void {
    this.rateLimited.flush();
  }
}
