// LdpSource against refused handshakes, bad frames, TLS, and close() at every stage.
import { describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LdpSimulator } from '../../../src/sim/ldp-simulator.js';
import type { LdpSource } from '../../../src/sources/ldp/ldp-source.js';
import { ManualClock } from './manual-clock.js';
import { MemorySink, TOKEN, auditEvents, expectExactlyOnceInOrder, nextTurn, useLdpTestBed, untilState, waitFor, activeResources, expectNoLingeringHandles } from './helpers.js';

describe('LdpSource faults', () => {
  let source: LdpSource | undefined;
  let sink: MemorySink;
  const bed = useLdpTestBed();

  it('503 twice, then success: retried with backoff, events flow', async () => {
    const s = await bed.simulator();
    s.failNextHandshakes(2, 503);
    sink = new MemorySink();
    source = bed.source(s.url, sink);
    await waitFor(() => source!.stats().state === 'open', 'open');
    s.ingest(auditEvents(0, 100));
    await waitFor(() => sink.events.length === 100, '100 events');
    expect(s.handshakeLog.map((h) => h.status)).toEqual([503, 503, 101]);
    const retries = sink.logs.filter((l) => l.message.includes('server answered HTTP 503; retrying in'));
    expect(retries).toHaveLength(2);
    expect(retries[0]?.message).toMatch(/^Cannot connect to ws:\/\/127\.0\.0\.1:\d+\/tail\/\?tk=\*\*\* - server answered HTTP 503; retrying in 0\.\d\ds$/);
    expect(sink.failures).toEqual([]);
  });

  it('429 with Retry-After waits at least that long (capped by the maximum delay)', async () => {
    const s = await bed.simulator();
    s.failNextHandshakes(1, 429, 1);
    sink = new MemorySink();
    source = bed.source(s.url, sink, { reconnectMaxDelayMs: 300 });
    await waitFor(() => sink.logs.some((l) => l.message.includes('HTTP 429')), 'the 429');
    expect(sink.logs.find((l) => l.message.includes('HTTP 429'))?.message).toMatch(/retrying in 0\.30s$/);
    await waitFor(() => source!.stats().state === 'open', 'open after the wait');
  });

  it('401: fails once with a clear redacted message, no retry storm', async () => {
    const s = await bed.simulator();
    sink = new MemorySink();
    const clock = new ManualClock();
    source = bed.source(`${s.listenUrl}?tk=${TOKEN}-wrong`, sink, { clock });
    await waitFor(() => sink.failures.length === 1, 'the failure');
    // Nothing is scheduled: no reconnect can ever come.
    expect(clock.pending).toBe(0);
    expect(sink.failures).toHaveLength(1);
    expect(sink.failures[0]).toBe(
      `Cannot connect to ${s.listenUrl}?tk=*** - server answered HTTP 401: the token of the LDP URL (tk parameter) was refused; check it. Giving up.`,
    );
    expect(s.stats().handshakes).toBe(1);
    expect(source.stats().state).toBe('failed');
    expect(sink.logs.filter((l) => l.level === 'error')).toHaveLength(1);
  });

  it('403 and 404 are fatal too; 400 as well', async () => {
    const s = await bed.simulator();
    for (const status of [403, 404, 400]) {
      s.failNextHandshakes(1, status);
      sink = new MemorySink();
      const clock = new ManualClock();
      source = bed.source(s.url, sink, { clock });
      await waitFor(() => sink.failures.length === 1, `failure on ${status}`);
      expect(sink.failures[0]).toContain(`HTTP ${status}`);
      expect(clock.pending).toBe(0); // no retry scheduled
      source.close();
    }
    expect(s.stats().handshakes).toBe(3);
  });

  it('connection refused is retried (never fatal) until the server comes up', async () => {
    const probe = new LdpSimulator({ token: TOKEN });
    await probe.start();
    const port = probe.port;
    await probe.close(); // the port is now (very likely) free: connections are refused
    sink = new MemorySink();
    source = bed.source(`ws://127.0.0.1:${port}/tail/?tk=${TOKEN}`, sink, { reconnectInitialDelayMs: 20, reconnectMaxDelayMs: 50 });
    await waitFor(() => sink.counter('ldp_connect_failures') >= 3, 'three refused attempts');
    expect(sink.logs.some((l) => /ECONNREFUSED.*; retrying in/.test(l.message))).toBe(true);
    await bed.simulator({ port });
    await waitFor(() => source!.stats().state === 'open', 'open once the server is up');
    expect(sink.failures).toEqual([]);
  });

  it('a handshake that never completes times out and is retried', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      sink = new MemorySink();
      source = bed.source(`ws://127.0.0.1:${port}/tail/?tk=${TOKEN}`, sink, { handshakeTimeoutMs: 100 });
      await waitFor(() => sink.counter('ldp_connect_failures') >= 2, 'two timeouts');
      expect(sink.logs.some((l) => /Opening handshake has timed out; retrying in/.test(l.message))).toBe(true);
      expect(sink.failures).toEqual([]);
    } finally {
      source?.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('malformed and oversized frames are counted and skipped; the connection stays', async () => {
    const s = await bed.simulator();
    sink = new MemorySink();
    source = bed.source(s.url, sink);
    await waitFor(() => source!.stats().state === 'open', 'open');
    s.ingest(auditEvents(0, 5));
    const malformed = s.ingestMalformedFrames();
    s.ingestOversizedEvent(300_000, 'too-big');
    s.broadcastFrame(Buffer.from([0xff, 0xfe, 0x00]));
    s.ingest(auditEvents(5, 5));
    await waitFor(() => sink.events.length === 10, '10 good events');
    expect(expectExactlyOnceInOrder(sink.events, 10)).toBeUndefined();
    expect(malformed).toBe(10);
    expect(sink.counter('ldp_messages_malformed')).toBe(8); // 7 bad envelopes/records + the binary junk
    expect(sink.counter('payloads_rejected')).toBe(2);
    expect(sink.counter('events_dropped')).toBe(1);
    expect(sink.counter('events_too_large')).toBe(1);
    expect(sink.logs.some((l) => l.message === 'event larger than maxEventSize: size=300000')).toBe(true);
    expect(s.stats().connections).toBe(1);
  });

  it('a message over the size limit: skipped, counted as a gap, no replay loop', async () => {
    const s = await bed.simulator();
    sink = new MemorySink();
    source = bed.source(s.url, sink, { maxMessageBytes: 100_000 });
    await waitFor(() => source!.stats().state === 'open', 'open');
    s.ingest(auditEvents(0, 3));
    s.ingestOversizedEvent(200_000, 'huge');
    await waitFor(() => sink.counter('ldp_gaps') === 1, 'the gap');
    await waitFor(() => source!.stats().state === 'open', 'reconnected');
    s.ingest(auditEvents(3, 4));
    // The 7th event comes after everything before it: nothing more can be on its way.
    await waitFor(() => sink.events.length >= 7, '7 events');
    expect(expectExactlyOnceInOrder(sink.events, 7)).toBeUndefined();
    expect(s.stats().connections).toBe(2);
    expect(s.handshakeLog[1]?.begin).toBeUndefined(); // resumed live, not into the same message again
  });

  it('wss:// with caFile; without it a clear, fatal certificate error', async () => {
    const s = await bed.simulator({ tls: true });
    const dir = mkdtempSync(join(tmpdir(), 'ldp-ca-'));
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, s.caPem as string);
    sink = new MemorySink();
    source = bed.source(s.url, sink, { caFile });
    await waitFor(() => source!.stats().state === 'open', 'open over TLS');
    expect(sink.logs[0]?.message).toBe(`Connected to wss://127.0.0.1:${s.port}/tail/?tk=***`);
    s.ingest(auditEvents(0, 100));
    await waitFor(() => sink.events.length === 100, '100 events over TLS');
    source.close();

    rmSync(dir, { recursive: true, force: true });

    const untrusting = new MemorySink();
    source = bed.source(s.url, untrusting);
    await waitFor(() => untrusting.failures.length === 1, 'certificate failure');
    expect(untrusting.failures[0]).toMatch(/TLS certificate not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT.*caFile/);
    expect(untrusting.transcript()).not.toContain(TOKEN);
  });

  it('close() while connecting stops everything at once', async () => {
    const baseline = activeResources();
    const sockets: Socket[] = [];
    // Reads (and ignores) the upgrade request, never answers: the client stays in CONNECTING.
    const silent: Server = createServer((socket) => sockets.push(socket.resume()));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    sink = new MemorySink();
    source = bed.source(`ws://127.0.0.1:${port}/tail/?tk=${TOKEN}`, sink);
    await waitFor(() => sockets.length === 1, 'the TCP connection');
    const peerClosed = new Promise<void>((resolve) => (sockets[0] as Socket).on('close', () => resolve()));
    source.close();
    await peerClosed;
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    await expectNoLingeringHandles(baseline);
    expect(sink.failures).toEqual([]);
    expect(source.stats().state).toBe('closed');
  });

  it('close() during backoff cancels the reconnect timer', async () => {
    const baseline = activeResources();
    const s = await bed.simulator();
    s.failNextHandshakes(1, 503);
    sink = new MemorySink();
    source = bed.source(s.url, sink, { reconnectInitialDelayMs: 10_000, reconnectMaxDelayMs: 10_000 });
    await untilState(source, 'waiting');
    source.close();
    await s.close();
    await expectNoLingeringHandles(baseline);
    expect(s.stats().handshakes).toBe(1);
  });

  it('close() mid-stream: the server sees the close, no more events, no handles left', async () => {
    const baseline = activeResources();
    const s = await bed.simulator();
    sink = new MemorySink();
    source = bed.source(s.url, sink, { keepaliveIntervalMs: 50 });
    await waitFor(() => source!.stats().state === 'open', 'open');
    const feed = s.feed(auditEvents(0, 100_000), { rate: 5000 });
    await waitFor(() => sink.events.length >= 200, 'streaming');
    source.close();
    const atClose = sink.events.length;
    const ingestedAtClose = feed.ingested;
    await waitFor(() => s.stats().openConnections === 0, 'the server to see the close');
    // The stream goes on without us: what the feed adds now would have arrived had we listened.
    await waitFor(() => feed.ingested >= ingestedAtClose + 200, 'the feed to go on');
    await nextTurn();
    expect(sink.events.length).toBe(atClose);
    feed.stop();
    await s.close();
    await expectNoLingeringHandles(baseline);
    expect(sink.failures).toEqual([]);
  });
});
