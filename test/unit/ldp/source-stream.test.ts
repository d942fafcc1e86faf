// LdpSource against the real simulator: throughput, order, replay across drops, keepalive, backpressure.
import { describe, expect, it } from 'vitest';
import type { LdpSource } from '../../../src/sources/ldp/ldp-source.js';
import { ManualClock } from './manual-clock.js';
import { MemorySink, TOKEN, auditEvents, expectExactlyOnceInOrder, nextEvent, nextTurn, useLdpTestBed, untilState, waitFor } from './helpers.js';

describe('LdpSource streaming', () => {
  let source: LdpSource | undefined;
  let sink: MemorySink;
  const bed = useLdpTestBed();

  it('a steady stream of 20k events arrives complete, once, in order', async () => {
    const s = await bed.simulator();
    sink = new MemorySink();
    source = bed.source(s.url, sink);
    await waitFor(() => source!.stats().state === 'open', 'open');
    expect(sink.logs[0]).toEqual({ level: 'info', message: `Connected to ws://127.0.0.1:${s.port}/tail/?tk=***` });
    const payloads = auditEvents(0, 20_000);
    const t0 = performance.now();
    s.ingest(payloads);
    await waitFor(() => sink.events.length >= 20_000, '20k events');
    const seconds = (performance.now() - t0) / 1000;
    console.info(`[measure] 20000 events simulator → LdpSource → memory sink in ${seconds.toFixed(2)} s = ${Math.round(20_000 / seconds)} events/s`);
    expect(expectExactlyOnceInOrder(sink.events, 20_000)).toBeUndefined();
    expect(sink.events[7]?.data).toBe(payloads[7]);
    expect(sink.counter('ldp_messages_received')).toBe(20_000);
    expect(sink.counter('ldp_duplicates_dropped')).toBe(0);
    expect(sink.failures).toEqual([]);
    expect(s.stats().connections).toBe(1);
  });

  it('a drop mid-stream recovers by itself; the replay loses nothing and duplicates nothing', async () => {
    const s = await bed.simulator();
    sink = new MemorySink();
    source = bed.source(s.url, sink, { replayOverlapSeconds: 2 });
    await waitFor(() => source!.stats().state === 'open', 'open');
    const feed = s.feed(auditEvents(0, 6000), { rate: 3000 });
    await waitFor(() => sink.events.length >= 1500, 'a third of the stream');
    // The next 3 handshakes fail, so the outage lasts a few backoff steps while the feed goes on.
    s.failNextHandshakes(3, 503);
    const dropAt = performance.now();
    const before = sink.events.length;
    s.dropAll();
    await waitFor(() => source!.stats().connections === 2, 'reconnected');
    const reconnectMs = performance.now() - dropAt;
    await feed.done;
    // One more event after the stream: once it is in, nothing of the stream can still be on its way.
    s.ingest(auditEvents(6000, 1));
    await waitFor(() => sink.events.length >= 6001, 'all 6000 events and the last one');
    expect(expectExactlyOnceInOrder(sink.events, 6001)).toBeUndefined();
    const replayed = sink.counter('ldp_events_replayed');
    const duplicates = sink.counter('ldp_duplicates_dropped');
    console.info(
      `[measure] drop after ${before} events: reconnected in ${Math.round(reconnectMs)} ms (3 refused handshakes), ` +
        `${replayed} events recovered by replay, ${duplicates} duplicates dropped`,
    );
    expect(replayed).toBeGreaterThan(0);
    expect(duplicates).toBeGreaterThan(0); // the overlap re-sent events we already had
    expect(sink.counter('ldp_reconnects')).toBe(1);
    expect(sink.counter('ldp_connect_failures')).toBe(3);
    const resumed = s.handshakeLog.filter((h) => h.status === 101)[1];
    expect(resumed?.begin).toMatch(/^\d{10}$/);
    expect(sink.logs.some((l) => /^Disconnected \(code 1006\b.*\); reconnecting in \d+\.\d+s$/.test(l.message))).toBe(true);
    expect(sink.logs.some((l) => /^Cannot connect to ws:\/\/127\.0\.0\.1:\d+\/tail\/\?tk=\*\*\*&begin=\d+ - server answered HTTP 503; retrying in/.test(l.message))).toBe(true);
    expect(sink.failures).toEqual([]);
  });

  it('a plain drop: back after about the initial delay, with replay of the outage', async () => {
    const s = await bed.simulator();
    sink = new MemorySink();
    source = bed.source(s.url, sink, { reconnectInitialDelayMs: 100 });
    await waitFor(() => source!.stats().state === 'open', 'open');
    s.ingest(auditEvents(0, 100));
    await waitFor(() => sink.events.length === 100, 'first 100');
    const t0 = performance.now();
    s.dropAll();
    s.ingest(auditEvents(100, 100)); // lost with the connection; must come back through the replay
    await waitFor(() => source!.stats().connections === 2, 'reconnected');
    const reconnectMs = performance.now() - t0;
    await waitFor(() => sink.events.length === 200, 'all 200');
    console.info(`[measure] plain drop: reconnected in ${Math.round(reconnectMs)} ms (initial delay 100 ms, jitter ≤ 20%), ${sink.counter('ldp_events_replayed')} events recovered`);
    expect(expectExactlyOnceInOrder(sink.events, 200)).toBeUndefined();
    expect(sink.counter('ldp_events_replayed')).toBe(100);
    expect(sink.counter('ldp_duplicates_dropped')).toBe(100);
  });

  it('a disconnect before any message resumes from the connection start', async () => {
    const s = await bed.simulator();
    sink = new MemorySink();
    source = bed.source(s.url, sink, { replayOverlapSeconds: 1 });
    await waitFor(() => source!.stats().state === 'open', 'open');
    s.failNextHandshakes(2, 502);
    s.dropAll();
    s.ingest(auditEvents(0, 10)); // ingested while we are away
    await waitFor(() => sink.events.length === 10, 'the events of the outage');
    expect(expectExactlyOnceInOrder(sink.events, 10)).toBeUndefined();
    expect(sink.counter('ldp_events_replayed')).toBe(10);
  });

  it('a server stall longer than the keepalive interval is just silence', async () => {
    const s = await bed.simulator();
    sink = new MemorySink();
    const clock = new ManualClock();
    source = bed.source(s.url, sink, { keepaliveIntervalMs: 100, keepaliveTimeoutMs: 1000, clock });
    await untilState(source, 'open');
    s.ingest(auditEvents(0, 10));
    await waitFor(() => sink.events.length === 10, 'first 10');
    s.stall();
    s.ingest(auditEvents(10, 10));
    expect(s.stats().framesSent).toBe(10); // held back by the stall
    // Three keepalive intervals of silence: each ping is answered, the connection stays.
    for (let k = 0; k < 3; k++) {
      const pong = nextEvent(source, 'pong');
      clock.advance(100);
      await pong;
    }
    expect(sink.events).toHaveLength(10);
    s.resumeSending();
    await waitFor(() => sink.events.length === 20, 'the rest after the stall');
    expect(expectExactlyOnceInOrder(sink.events, 20)).toBeUndefined();
    expect(s.stats().pingsReceived).toBe(3);
    expect(s.stats().connections).toBe(1);
    expect(sink.counter('ldp_keepalive_timeouts')).toBe(0);
  });

  it('silence longer than the keepalive interval, then events are delivered (no spin, one ping per interval)', async () => {
    const s = await bed.simulator();
    sink = new MemorySink();
    const clock = new ManualClock();
    source = bed.source(s.url, sink, { keepaliveIntervalMs: 100, keepaliveTimeoutMs: 1000, clock });
    await untilState(source, 'open');
    for (let k = 1; k <= 5; k++) {
      const pong = nextEvent(source, 'pong');
      clock.advance(50);
      expect(s.stats().pingsReceived).toBe(k - 1); // not idle long enough yet
      clock.advance(50);
      await pong;
      expect(s.stats().pingsReceived).toBe(k); // exactly one per interval, never a burst
    }
    s.ingest(auditEvents(0, 5));
    await waitFor(() => sink.events.length === 5, '5 events after the silence');
    expect(s.stats().connections).toBe(1);
    expect(sink.counter('ldp_keepalive_timeouts')).toBe(0);
  });

  it('unanswered pings: the connection is replaced, and nothing is lost', async () => {
    const s = await bed.simulator();
    sink = new MemorySink();
    const clock = new ManualClock();
    source = bed.source(s.url, sink, { keepaliveIntervalMs: 100, keepaliveTimeoutMs: 150, clock });
    await untilState(source, 'open');
    s.ingest(auditEvents(0, 5));
    await waitFor(() => sink.events.length === 5, 'first 5');
    s.ignorePings();
    const ping = s.until((st) => st.pingsReceived === 1);
    clock.advance(100);
    await ping;
    clock.advance(150); // no pong within the timeout
    expect(sink.counter('ldp_keepalive_timeouts')).toBe(1);
    await untilState(source, 'waiting');
    s.ignorePings(false);
    s.ingest(auditEvents(5, 5)); // while we are away: must come back through the replay
    clock.advance(200); // the reconnect delay
    await untilState(source, 'open');
    await waitFor(() => sink.events.length === 10, 'events after the new connection');
    expect(expectExactlyOnceInOrder(sink.events, 10)).toBeUndefined();
    expect(s.stats().connections).toBe(2);
    expect(sink.logs.some((l) => /No answer to a ping within 0\.15s; dropping the connection/.test(l.message))).toBe(true);
  });

  it('a slow consumer: the socket is paused, buffering stays bounded, nothing is lost', async () => {
    const s = await bed.simulator({ sendHighWaterMark: 256 * 1024 });
    sink = new MemorySink(500);
    const clock = new ManualClock();
    // Short keepalive: a paused socket must not be mistaken for a dead one.
    source = bed.source(s.url, sink, { keepaliveIntervalMs: 100, keepaliveTimeoutMs: 300, clock });
    await untilState(source, 'open');
    s.ingest(auditEvents(0, 20_000));
    await waitFor(() => sink.backlog.length >= 500 && source!.stats().paused, 'the sink to fill and reading to pause');
    // The consumer stalls for longer than keepalive interval + timeout: reading is paused, so
    // the keepalive waits too and nothing times out.
    clock.advance(10_000);
    const stats = source.stats();
    expect(stats.paused).toBe(true);
    expect(sink.counter('ldp_keepalive_timeouts')).toBe(0);
    expect(sink.allEvents.length).toBeLessThan(20_000);
    while (sink.events.length < 20_000) {
      const pushed = sink.nextPush();
      sink.consume(200);
      if (sink.backlog.length === 0 && sink.events.length < 20_000) await pushed;
      else await nextTurn();
    }
    expect(expectExactlyOnceInOrder(sink.events, 20_000)).toBeUndefined();
    const finalStats = source.stats();
    console.info(
      `[measure] slow consumer: ${sink.counter('ldp_backpressure_pauses')} pauses, max events held by the source ${finalStats.maxPendingEvents}, ` +
        `max sink backlog ${sink.maxBacklog} (capacity 500), max simulator socket backlog ${s.stats().maxBufferedAmount} bytes`,
    );
    expect(sink.counter('ldp_backpressure_pauses')).toBeGreaterThan(0);
    expect(finalStats.maxPendingEvents).toBeLessThan(1000); // one socket read's worth, not the stream
    expect(sink.maxBacklog).toBeLessThan(1500);
    expect(sink.counter('ldp_keepalive_timeouts')).toBe(0);
    expect(s.stats().connections).toBe(1);
  });

  it('a finite window (end= in the URL) ends the stream once complete', async () => {
    let clock = 1_700_000_000;
    const s = await bed.simulator({ clock: () => clock });
    for (let i = 0; i < 6; i++) {
      s.ingest(auditEvents(i, 1));
      clock += 1;
    }
    clock = Date.now() / 1000;
    sink = new MemorySink();
    source = bed.source(`${s.url}&begin=1700000001&end=1700000003`, sink);
    await waitFor(() => sink.ended === 1, 'end of stream');
    expect(sink.events.map((e) => e.auditId)).toEqual(['ev-1', 'ev-2', 'ev-3']);
    expect(source.stats().state).toBe('ended');
  });
});
