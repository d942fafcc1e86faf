import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { X509Certificate } from 'node:crypto';
import { withAuditIdSuffix } from '../../../src/sim/feed.js';
import { createSelfSignedCertificate } from '../../../src/sim/self-signed.js';
import { TOKEN, auditEvent, auditEvents, useLdpTestBed, waitFor } from './helpers.js';

/** A bare ws client that records messages, handshake status and close code. */
function rawClient(url: string, options: WebSocket.ClientOptions = {}) {
  const ws = new WebSocket(url, options);
  const state = { messages: [] as string[], status: undefined as number | undefined, closed: undefined as number | undefined, error: '' };
  ws.on('message', (d: Buffer) => state.messages.push(d.toString()));
  ws.on('unexpected-response', (_req, res) => {
    state.status = res.statusCode;
    res.resume();
    ws.terminate();
  });
  ws.on('error', (e) => (state.error = e.message));
  ws.on('close', (code) => (state.closed = code));
  return { ws, state };
}

function gelfOf(frame: string): { short_message: string; timestamp: number; _appID: string; host: string; level: number } {
  return JSON.parse((JSON.parse(frame) as { message: string }).message);
}

describe('LdpSimulator', () => {
  const bed = useLdpTestBed();
  const clients: WebSocket[] = [];
  afterEach(() => {
    for (const c of clients) c.terminate();
    clients.length = 0;
  });

  function connect(url: string, options?: WebSocket.ClientOptions) {
    const c = rawClient(url, options);
    clients.push(c.ws);
    return c;
  }

  it('listens on 127.0.0.1, redacts its URL, wraps events exactly like LDP', async () => {
    const s = await bed.simulator();
    expect(s.listenUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/tail\/$/);
    expect(s.redactedUrl).toBe(`${s.listenUrl}?tk=***`);
    const c = connect(s.url);
    await waitFor(() => s.stats().openConnections === 1, 'connection');
    const before = Math.floor(Date.now()) / 1000;
    s.ingest(auditEvent(0));
    const after = Math.ceil(Date.now()) / 1000;
    await waitFor(() => c.state.messages.length === 1, 'one message');
    const envelope = JSON.parse(c.state.messages[0] as string) as Record<string, unknown>;
    expect(Object.keys(envelope)).toEqual(['message']);
    const gelf = gelfOf(c.state.messages[0] as string);
    expect(gelf.short_message).toBe(auditEvent(0));
    expect(Object.keys(gelf).sort()).toEqual(['_appID', 'host', 'level', 'short_message', 'timestamp']);
    expect(gelf.timestamp).toBeGreaterThanOrEqual(before); // stamped at ingestion, ms precision
    expect(gelf.timestamp).toBeLessThanOrEqual(after);
    expect(s.records[0]?.timestamp).toBe(gelf.timestamp);
  });

  it('checks the token verbatim (401) and the path (404); counts handshakes', async () => {
    const s = await bed.simulator();
    const wrong = connect(`${s.listenUrl}?tk=${TOKEN.replace('+', ' ')}`);
    const none = connect(s.listenUrl);
    const path = connect(`ws://127.0.0.1:${s.port}/other/?tk=${TOKEN}`);
    const encoded = connect(`${s.listenUrl}?tk=${encodeURIComponent(TOKEN)}`);
    await waitFor(() => [wrong, none, path, encoded].every((c) => c.state.closed !== undefined), 'all closed');
    expect([wrong.state.status, none.state.status, path.state.status, encoded.state.status]).toEqual([401, 401, 404, 401]);
    expect(s.stats()).toMatchObject({ handshakes: 4, connections: 0 });
  });

  it('answers the next K handshakes with a given status, then accepts', async () => {
    const s = await bed.simulator();
    s.failNextHandshakes(2, 503, 1);
    const a = connect(s.url);
    await waitFor(() => a.state.closed !== undefined, 'a');
    const b = connect(s.url);
    await waitFor(() => b.state.closed !== undefined, 'b');
    const c = connect(s.url);
    await waitFor(() => s.stats().openConnections === 1, 'c open');
    expect([a.state.status, b.state.status, c.state.status]).toEqual([503, 503, undefined]);
    expect(s.handshakeLog.map((h) => h.status)).toEqual([503, 503, 101]);
  });

  it('replays stored records from begin, then continues live; honours end', async () => {
    let clock = 1_700_000_000;
    const s = await bed.simulator({ clock: () => clock });
    for (let i = 0; i < 10; i++) {
      s.ingest(auditEvent(i));
      clock += 1;
    }
    // Records at 1700000000..1700000009; begin=1700000005 → ev-5..ev-9, then live.
    const c = connect(`${s.url}&begin=1700000005`);
    await waitFor(() => c.state.messages.length === 5, 'replay');
    s.ingest(auditEvent(10));
    await waitFor(() => c.state.messages.length === 6, 'live');
    expect(c.state.messages.map((m) => JSON.parse(gelfOf(m).short_message).auditID)).toEqual(['ev-5', 'ev-6', 'ev-7', 'ev-8', 'ev-9', 'ev-10']);
    expect(s.handshakeLog[0]).toMatchObject({ status: 101, begin: '1700000005', end: undefined });

    // A window in the past is sent and then closed normally.
    const w = connect(`${s.url}&begin=1700000002&end=1700000004`);
    await waitFor(() => w.state.closed !== undefined, 'window closed');
    expect(w.state.closed).toBe(1000);
    expect(w.state.messages.map((m) => JSON.parse(gelfOf(m).short_message).auditID)).toEqual(['ev-2', 'ev-3', 'ev-4']);

    const bad = connect(`${s.url}&begin=yesterday`);
    await waitFor(() => bad.state.closed !== undefined, 'bad begin');
    expect(bad.state.status).toBe(400);
  });

  it('drops connections without a close frame, closes them cleanly on demand', async () => {
    const s = await bed.simulator();
    const a = connect(s.url);
    await waitFor(() => s.stats().openConnections === 1, 'a');
    s.dropAll();
    await waitFor(() => a.state.closed !== undefined, 'a dropped');
    expect(a.state.closed).toBe(1006);
    const b = connect(s.url);
    await waitFor(() => s.stats().openConnections === 1, 'b');
    s.closeAll(1001);
    await waitFor(() => b.state.closed !== undefined, 'b closed');
    expect(b.state.closed).toBe(1001);
  });

  it('stalls, then sends what accumulated', async () => {
    const s = await bed.simulator();
    const c = connect(s.url);
    await waitFor(() => s.stats().openConnections === 1, 'open');
    s.stall();
    s.ingest(auditEvents(0, 3));
    expect(s.stats().framesSent).toBe(0);
    // Pings are still answered during a stall.
    await waitFor(() => c.ws.readyState === WebSocket.OPEN, 'client open');
    let pongs = 0;
    c.ws.on('pong', () => pongs++);
    c.ws.ping();
    await waitFor(() => pongs === 1, 'a pong during the stall');
    expect(c.state.messages).toHaveLength(0);
    s.resumeSending();
    await waitFor(() => c.state.messages.length === 3, 'after the stall');
  });

  it('answers pings, or ignores them on demand, and counts them', async () => {
    const s = await bed.simulator();
    const c = connect(s.url);
    await waitFor(() => s.stats().openConnections === 1, 'open');
    await waitFor(() => c.ws.readyState === WebSocket.OPEN, 'client open');
    let pongs = 0;
    c.ws.on('pong', () => pongs++);
    c.ws.ping();
    await waitFor(() => pongs === 1, 'pong');
    s.ignorePings();
    c.ws.ping();
    await waitFor(() => s.stats().pingsReceived === 2, 'second ping');
    expect(s.stats()).toMatchObject({ pingsReceived: 2, pongsSent: 1 });
    // Answers come in order: had the second ping been answered, that pong would come first.
    s.ignorePings(false);
    c.ws.ping();
    await waitFor(() => pongs === 2, 'the third ping answered');
    expect(s.stats()).toMatchObject({ pingsReceived: 3, pongsSent: 2 });
  });

  it('injects malformed and oversized frames', async () => {
    const s = await bed.simulator();
    const c = connect(s.url);
    await waitFor(() => s.stats().openConnections === 1, 'open');
    const n = s.ingestMalformedFrames();
    s.ingestOversizedEvent(300_000, 'big');
    s.broadcastFrame('{"not":"stored"}');
    await waitFor(() => c.state.messages.length === n + 2, 'frames');
    expect(gelfOf(c.state.messages[n] as string).short_message.length).toBeGreaterThanOrEqual(300_000);
    expect(s.records).toHaveLength(n + 1);
  });

  it('feeds at a rate, and loops with fresh auditIDs', async () => {
    const s = await bed.simulator();
    const c = connect(s.url);
    await waitFor(() => s.stats().openConnections === 1, 'open');
    const feed = s.feed(auditEvents(0, 3), { rate: 200, loop: true });
    await waitFor(() => c.state.messages.length >= 7, 'two passes');
    feed.stop();
    await feed.done;
    const ids = c.state.messages.slice(0, 7).map((m) => JSON.parse(gelfOf(m).short_message).auditID);
    expect(ids).toEqual(['ev-0', 'ev-1', 'ev-2', 'ev-0-1', 'ev-1-1', 'ev-2-1', 'ev-0-2']);
    expect(withAuditIdSuffix('{"kind":"Event","auditID":"a\\"b","x":1}', '-1')).toBe('{"kind":"Event","auditID":"a\\"b-1","x":1}');
    const once = s.feed(auditEvents(100, 5), { rate: 1000 });
    await once.done;
    expect(once.ingested).toBe(5);
  });

  it('bounds what it queues for a slow client (waits for the socket to drain)', async () => {
    const s = await bed.simulator({ sendHighWaterMark: 64 * 1024 });
    const c = connect(s.url);
    await waitFor(() => s.stats().openConnections === 1, 'open');
    c.ws.pause();
    s.ingest(auditEvents(0, 5000));
    await s.until((st) => st.sendWaits > 0); // kernel buffers fill, then the simulator waits
    expect(s.stats().framesSent).toBeLessThan(5000);
    // Bounded by bytes, whatever the speed: at most the high-water mark plus one frame queued.
    expect(s.stats().maxBufferedAmount).toBeLessThan(64 * 1024 + 2048);
    c.ws.resume();
    await waitFor(() => c.state.messages.length === 5000, 'everything after resume');
  });

  it('serves wss:// with a runtime self-signed certificate', async () => {
    const s = await bed.simulator({ tls: true });
    expect(s.listenUrl.startsWith('wss://127.0.0.1:')).toBe(true);
    const cert = new X509Certificate(s.caPem as string);
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    const untrusted = connect(s.url);
    await waitFor(() => untrusted.state.closed !== undefined, 'untrusted refused');
    expect(untrusted.state.error).toMatch(/self[- ]signed/i);
    const trusted = connect(s.url, { ca: s.caPem });
    await waitFor(() => s.stats().openConnections === 1, 'trusted open');
    s.ingest(auditEvent(0));
    await waitFor(() => trusted.state.messages.length === 1, 'message over TLS');
    expect(createSelfSignedCertificate().cert).not.toBe(s.caPem);
  });
});

describe('LdpSimulator retention', () => {
  const bed = useLdpTestBed();

  it('forgets records beyond retainRecords, and a replay starts at the oldest kept', async () => {
    const sim = await bed.simulator({ retainRecords: 10 });
    for (let i = 0; i < 25; i++) sim.ingest(JSON.stringify({ kind: 'Event', auditID: `r${i}`, stageTimestamp: '2024-01-02T03:04:05Z' }));
    expect(sim.records.length).toBeLessThan(20);
    expect(sim.records.length).toBeGreaterThanOrEqual(10);
    expect(sim.records[sim.records.length - 1]!.seq).toBe(24);
    const got: string[] = [];
    const ws = new WebSocket(`${sim.url}&begin=0`);
    await new Promise<void>((resolve) => {
      ws.on('message', (m) => {
        got.push(String(m));
        if (got.length === sim.records.length) resolve();
      });
    });
    ws.close();
    expect(got[0]).toContain(`r${sim.records[0]!.seq}`);
    expect(got[got.length - 1]).toContain('r24');
  });
});
