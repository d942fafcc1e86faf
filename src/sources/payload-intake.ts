// Turns payload texts into events for a sink: rejected payloads and dropped events are counted
// and logged (rate-limited), never fatal.
import { type PayloadIssue, parsePayload } from '../audit/payload.js';
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

  constructor(private readonly sink: EventSink, private readonly maxEventSize: number) {
    this.rateLimited = new RateLimitedLog((level, message) => sink.log(level, message));
  }

  /** Parses one payload and delivers its events; returns what sink.push returned (false: full). */
  payload(text: string): boolean {
    const { events, issues } = parsePayload(text, this.maxEventSize);
    for (const issue of issues) {
      this.sink.count(PAYLOAD_ISSUE_COUNTERS[issue.kind]);
      this.rateLimited.log(issue.kind, 'warning', issue.message);
    }
    return events.length === 0 ? true : this.sink.push(events);
  }

  warn(kind: string, message: string): void {
    this.rateLimited.log(kind, 'warning', message);
  }

  flushLog(): void {
    this.rateLimited.flush();
  }
}
