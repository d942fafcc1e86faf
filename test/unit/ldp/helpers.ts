// Shared pieces of the LDP tests: an in-memory sink, audit event makers, waiting for events.
import { afterEach, expect } from 'vitest';
import type { ProducedEvent } from '../../../src/audit/event.js';
import type { EventSink } from '../../../src/sources/source.js';
import { LdpSimulator } from '../../../src/sim/ldp-simulator.js';
import { memoryHandoff } from '../../../src/sources/ldp/position-keeper.js';
import { waitFor, type MemorySink } from '../support/memory-sink.js';
export { MemorySink, nextTurn, waitFor, type LoggedLine } from '../support/memory-sink.js';
import { LdpSource, type LdpSourceOptions, type LdpSourceState } from '../../../src/sources/ldp/ldp-source.js';

/** A token with characters that an unescape round trip would damage. */
export const TOKEN = 'Sekr3t+T0ken/abc=';

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

/**
 * Creates and starts a source; the caller closes it. Each gets its own position hand-over unless
 * one is given, so a test never resumes a stream an earlier test left on a reused port.
 */
export function startSource(url: string, sink: EventSink, options: Partial<LdpSourceOptions> = {}): LdpSource {
  const source = new LdpSource(url, { handoff: memoryHandoff(), ...FAST, ...options }, sink);
  source.start();
  return source;
}

/** Resolves when the source is in `state` (at once if it is). */
export function untilState(source: LdpSource, state: LdpSourceState): Promise<void> {
  return new Promise((resolve) => {
    if (source.stats().state === state) return resolve();
    const check = (now: LdpSourceState): void => {
      if (now !== state) return;
      source.off('state', check);
      resolve();
    };
    source.on('state', check);
  });
}

/** Resolves at the source's next `event`. */
export function nextEvent(source: LdpSource, event: 'ping' | 'pong' | 'checkpoint'): Promise<void> {
  return new Promise((resolve) => source.once(event, () => resolve()));
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

/**
 * One simulator and one source per test, closed after each; every sink the test used is checked
 * for the token. Call at the top of a describe block.
 */
export function useLdpTestBed(): {
  simulator(options?: Partial<ConstructorParameters<typeof LdpSimulator>[0]>): Promise<LdpSimulator>;
  source(url: string, sink: MemorySink, options?: Partial<LdpSourceOptions>): LdpSource;
} {
  let sim: LdpSimulator | undefined;
  let source: LdpSource | undefined;
  const sinks: MemorySink[] = [];
  afterEach(async () => {
    source?.close();
    source = undefined;
    await sim?.close();
    sim = undefined;
    for (const sink of sinks.splice(0)) {
      expect(sink.transcript()).not.toContain(TOKEN);
      expect(sink.transcript()).not.toContain('Sekr3t');
    }
  });
  return {
    async simulator(options = {}) {
      await sim?.close();
      sim = new LdpSimulator({ token: TOKEN, ...options });
      await sim.start();
      return sim;
    },
    source(url, sink, options = {}) {
      source?.close();
      sinks.push(sink);
      source = startSource(url, sink, options);
      return source;
    },
  };
}

/** Counts of this process's active handles by type (timers, sockets, servers). */
export function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

const WATCHED = ['Timeout', 'TCPSocketWrap', 'TCPServerWrap', 'TLSWrap', 'GetAddrInfoReqWrap', 'TCPConnectWrap'];

/** Waits until no watched handle type has more instances than in `baseline`. */
export async function expectNoLingeringHandles(baseline: Map<string, number>): Promise<void> {
  const excess = (): string[] =>
    WATCHED.filter((t) => (activeResources().get(t) ?? 0) > (baseline.get(t) ?? 0)).map(
      (t) => `${t}: ${activeResources().get(t)} > ${baseline.get(t) ?? 0}`,
    );
  await waitFor(() => excess().length === 0, `handles to go away (${excess().join(', ')})`);
}
