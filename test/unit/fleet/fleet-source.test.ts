// FleetSource against several real simulators on loopback: each stream independent, its events
// named after its cluster, a failing one leaving the others running, positions kept per stream.
import { afterEach, describe, expect, it } from 'vitest';
import { LdpSimulator } from '../../../src/sim/ldp-simulator.js';
import { FleetSource, type FleetOptions } from '../../../src/sources/ldp/fleet-source.js';
import { memoryHandoff, type PositionHandoff } from '../../../src/sources/ldp/position-keeper.js';
import { parseStreamList } from '../../../src/sources/ldp/stream-list.js';
import { FAST, MemorySink, TOKEN, auditEvent, waitFor } from '../ldp/helpers.js';
import type { ProducedEvent } from '../../../src/audit/event.js';

const sims: LdpSimulator[] = [];
let fleet: FleetSource | undefined;
afterEach(async () => {
  fleet?.close();
  fleet = undefined;
  for (const sim of sims.splice(0)) await sim.close();
});

async function simulator(): Promise<LdpSimulator> {
  const sim = new LdpSimulator({ token: TOKEN });
  await sim.start();
  sims.push(sim);
  return sim;
}

function startFleet(params: string, sink: MemorySink, handoff: PositionHandoff = memoryHandoff(), streamShare?: number, options: Partial<FleetOptions> = {}): FleetSource {
  fleet = new FleetSource(parseStreamList(params), { ...FAST, handoff, ...(streamShare === undefined ? {} : { streamShare }), ...options }, sink);
  fleet.start();
  return fleet;
}

/** Events made unique per cluster (the same auditIDs in every cluster). */
function events(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, k) => auditEvent(from + k));
}

function byCluster(list: readonly ProducedEvent[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const ev of list) {
    const cluster = (JSON.parse(ev.data) as { annotations: { cluster_name: string } }).annotations.cluster_name;
    out.set(cluster, [...(out.get(cluster) ?? []), ev.auditId ?? '']);
  }
  return out;
}

const ids = (from: number, count: number): string[] => Array.from({ length: count }, (_, k) => `ev-${from + k}`);

describe('FleetSource: several clusters in one open', () => {
  it('steady, dropped-and-replayed and 401 streams: each cluster’s events once, named; the broken one reported by name, the others run', async () => {
    const [steady, flaky, broken] = [await simulator(), await simulator(), await simulator()];
    const sink = new MemorySink();
    const f = startFleet(`prod=${steady.url} staging.eu-1=${flaky.url}   team-b=${broken.listenUrl}?tk=${TOKEN}-wrong`, sink);
    await waitFor(() => f.source('prod')?.stats().state === 'open' && f.source('staging.eu-1')?.stats().state === 'open', 'two streams open');
    await waitFor(() => f.source('team-b')?.stats().state === 'failed', 'the 401 stream failed');
    steady.ingest(events(0, 50));
    flaky.ingest(events(0, 50));
    await waitFor(() => sink.events.length === 100, '100 events');
    flaky.dropAll();
    flaky.ingest(events(50, 50));
    steady.ingest(events(50, 50));
    await waitFor(() => sink.events.length === 200, '200 events');
    const got = byCluster(sink.events);
    expect(got.get('prod')).toEqual(ids(0, 100));
    expect(got.get('staging.eu-1')).toEqual(ids(0, 100));
    expect([...got.keys()].sort()).toEqual(['prod', 'staging.eu-1']);
    expect(sink.counter('ldp_duplicates_dropped')).toBeGreaterThan(0); // replayed after the drop
    expect(sink.counter('cluster_staging_eu_1_duplicates_dropped')).toBe(sink.counter('ldp_duplicates_dropped'));
    expect(sink.counter('cluster_staging_eu_1_reconnects')).toBe(1);
    expect(sink.counter('cluster_prod_reconnects')).toBe(0);
    expect(sink.counter('cluster_prod_events_delivered')).toBe(100);
    expect(sink.counter('cluster_team_b_connect_failures')).toBe(1);
    expect(sink.failures).toEqual([]);
    const error = sink.logs.find((line) => line.level === 'error');
    expect(error?.message).toBe(
      `Cluster team-b: Cannot connect to ${broken.listenUrl}?tk=*** - server answered HTTP 401: the token of the LDP URL (tk parameter) was refused; check it. Giving up.`,
    );
    expect(sink.logs.some((line) => line.message === '2 of 3 clusters still read (prod, staging.eu-1)')).toBe(true);
    expect(sink.transcript()).not.toContain('Sekr3t');
  });

  it('fails the capture once every stream has stopped, naming each cluster', async () => {
    const sim = await simulator();
    const sink = new MemorySink();
    startFleet(`a=${sim.listenUrl}?tk=wrong-a b=${sim.listenUrl}?tk=wrong-b`, sink);
    await waitFor(() => sink.failures.length === 1, 'the capture failing');
    expect(sink.failures[0]).toMatch(/^Every LDP stream stopped: cluster a: Cannot connect to .*tk=\*\*\* - server answered HTTP 401.*; cluster b: Cannot connect to .*HTTP 401/);
  });

  it('keeps each stream’s position apart across instances (hot reload)', async () => {
    const [one, two] = [await simulator(), await simulator()];
    const handoff = memoryHandoff();
    const first = new MemorySink();
    const f = startFleet(`one=${one.url} two=${two.url}`, first, handoff);
    await waitFor(() => f.clusters.every((c) => f.source(c)?.stats().state === 'open'), 'open');
    one.ingest(events(0, 30));
    two.ingest(events(0, 10));
    await waitFor(() => first.events.length === 40, '40 events');
    f.close();
    one.ingest(events(30, 5)); // while no instance reads
    two.ingest(events(10, 5));
    const second = new MemorySink();
    const g = startFleet(`one=${one.url} two=${two.url}`, second, handoff);
    await waitFor(() => second.events.length === 10, 'the 10 missed events');
    const got = byCluster(second.events);
    expect(got.get('one')).toEqual(ids(30, 5));
    expect(got.get('two')).toEqual(ids(10, 5));
    expect(second.counter('ldp_resumes')).toBe(2);
    expect(g.clusters).toEqual(['one', 'two']);
  });

  it('pauses only the stream over its share of the consumer; the other’s events pass it', async () => {
    const [busy, live] = [await simulator(), await simulator()];
    const sink = new MemorySink(100_000); // the consumer takes events only when the test says
    const f = startFleet(`busy=${busy.url} live=${live.url}`, sink, memoryHandoff(), 64);
    await waitFor(() => f.clusters.every((c) => f.source(c)?.stats().state === 'open'), 'open');
    busy.ingest(events(0, 2000));
    await waitFor(() => f.source('busy')!.stats().paused, 'busy paused at its share');
    const queuedBusy = sink.backlog.length;
    expect(queuedBusy).toBeLessThan(2000);
    live.ingest(events(0, 1));
    await waitFor(() => sink.backlog.length === queuedBusy + 1, 'the live event queued');
    expect(f.source('live')!.stats().paused).toBe(false);
    // Falco takes what is queued: the busy stream resumes, and in the end every event arrived once.
    while (sink.events.length < 2001) {
      sink.consume(sink.backlog.length);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const got = byCluster(sink.events);
    expect(got.get('busy')).toEqual(ids(0, 2000));
    expect(got.get('live')).toEqual(['ev-0']);
  });

  it('keeps no share for a stream left reading alone', async () => {
    const [busy, broken] = [await simulator(), await simulator()];
    const sink = new MemorySink(100_000);
    const f = startFleet(`busy=${busy.url} gone=${broken.listenUrl}?tk=revoked-token`, sink, memoryHandoff(), 64);
    await waitFor(() => f.source('busy')?.stats().state === 'open' && f.source('gone')?.stats().state === 'failed', 'one open, one failed');
    busy.ingest(events(0, 2000));
    await waitFor(() => sink.backlog.length === 2000, 'every event queued without Falco taking any');
    expect(f.source('busy')!.stats().paused).toBe(false);
  });

  it('a black hole on one stream (silent, pings unanswered) does not hold back the other', async () => {
    const [steady, hole] = [await simulator(), await simulator()];
    const sink = new MemorySink();
    const f = startFleet(`steady=${steady.url} hole=${hole.url}`, sink, memoryHandoff(), undefined, { keepaliveIntervalMs: 200, keepaliveTimeoutMs: 200 });
    await waitFor(() => f.clusters.every((c) => f.source(c)?.stats().state === 'open'), 'both open');
    hole.stall();
    hole.ignorePings();
    steady.ingest(events(0, 50));
    await waitFor(() => sink.counter('ldp_keepalive_timeouts') >= 1, 'the silent connection given up');
    steady.ingest(events(50, 50));
    await waitFor(() => sink.events.length === 100, 'the steady stream’s 100 events');
    expect(byCluster(sink.events).get('steady')).toEqual(ids(0, 100));
    expect(sink.logs.some((l) => l.message === 'Cluster hole: No answer to a ping within 0.20s; dropping the connection')).toBe(true);
    expect(sink.counter('cluster_steady_reconnects')).toBe(0);
  });
});
