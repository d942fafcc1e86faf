// Shared pieces of the LDP tests: an in-memory sink, audit event makers, bounded waiting.
import type { EventSink, LogLevel, ProducedEvent } from '../../../src/sources/source.js';
import { LdpSource, type LdpSourceOptions } from '../../../src/sources/ldp/ldp-source.js';

/** A token with characters that an unescape round trip would damage. */
export const TOKEN = 'Sekr3t+T0ken/abc=';

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
  private full = false;

  constructor(private readonly capacity = Infinity) {}

  push(events: readonly ProducedEvent[]): boolean {
    this.pushes++;
    if (this.capacity === Infinity) {
      for (const e of events) this.events.push(e);
      return true;
    }
    for (const e of events) this.backlog.push(e);
    this.maxBacklog = Math.max(this.maxBacklog, this.backlog.length);
    this.full = this.backlog.length >= this.capacity;
    return !this.full;
  }

  onDrain(listener: () => void): void {
    this.drainListeners.push(listener);
  }

  end(): void {
    this.ended++;
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

const BASE_MS = Date.UTC(2024, 0, 2, 3, 4, 5);

/** stageTimestamp of event i: base + i µs, so every event has its own. */
export function stageTimestamp(i: number): string {
  const ms = BASE_MS + Math.floor(i / 1000);
  const iso = new Date(ms).toISOString().slice(0, 19);
  const frac = String((ms % 1000) * 1000 + (i % 1000)).padStart(6, '0');
  return `${iso}.${frac}Z`;
}

/** A realistic audit Event (compact JSON text) with auditID `id`. */
export function auditEvent(i: number, id = `ev-${i}`): string {
  const ts = stageTimestamp(i);
  return JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: id,
    stage: 'ResponseComplete',
    requestURI: `/api/v1/namespaces/default/pods/p${i}`,
    verb: 'get',
    user: { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] },
    sourceIPs: ['10.0.0.1'],
    userAgent: 'kubectl/v1.30.0',
    objectRef: { resource: 'pods', namespace: 'default', name: `p${i}`, apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: ts,
    stageTimestamp: ts,
    annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
  });
}

export function auditEvents(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, k) => auditEvent(from + k));
}

/** Polls `predicate` every 5 ms; throws after `timeoutMs` with `what` in the message. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Fast timers for tests. */
export const FAST: LdpSourceOptions = {
  maxEventSize: 262144,
  reconnectInitialDelayMs: 20,
  reconnectMaxDelayMs: 200,
  keepaliveIntervalMs: 5000,
  keepaliveTimeoutMs: 2000,
  replayOverlapSeconds: 2,
  dedupWindow: 100000,
  handshakeTimeoutMs: 3000,
};

/** Creates and starts a source; the caller closes it. */
export function startSource(url: string, sink: EventSink, options: Partial<LdpSourceOptions> = {}): LdpSource {
  const source = new LdpSource(url, { ...FAST, ...options }, sink);
  source.start();
  return source;
}

/** Asserts every auditID appears exactly once and in order ev-0 … ev-(n-1). */
export function expectExactlyOnceInOrder(events: readonly ProducedEvent[], n: number, from = 0): string | undefined {
  if (events.length !== n) return `expected ${n} events, got ${events.length}`;
  for (let k = 0; k < n; k++) {
    const id = events[k]?.auditId;
    if (id !== `ev-${from + k}`) return `event #${k} is ${id}, expected ev-${from + k}`;
  }
  return undefined;
}
