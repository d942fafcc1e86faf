// The LDP source through the real .so in the plugin host, against the LDP simulator (a real
// WebSocket server on 127.0.0.1): a long steady stream, every fault the simulator can inject,
// long silence, a slow consumer. The token must appear nowhere in what the host prints.
import { afterEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { FIXTURES, runHost, type HostRun } from './host.js';
import { LdpSimulator } from '../../src/sim/ldp-simulator.js';
import { createSelfSignedCertificate } from '../../src/sim/self-signed.js';
import { ConnectProxy } from '../unit/support/connect-proxy.js';
import { sleep } from '../unit/support/memory-sink.js';

const TOKEN = 'Int3gr+t0ken/Xyz=';
const FAST = {
  reconnectInitialDelayMs: 100,
  reconnectMaxDelayMs: 1000,
  keepaliveIntervalMs: 1000,
  keepaliveTimeoutMs: 1000,
  replayOverlapSeconds: 2,
};

// Real audit events, made unique: auditID gets a sequence suffix, stageTimestamp moves on.
const templates = fs
  .readdirSync(path.join(FIXTURES, 'audit'))
  .sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(FIXTURES, 'audit', f), 'utf8')) as Record<string, unknown>);
function auditEvents(from: number, count: number, prefix = 'ev'): string[] {
  const base = Date.parse('2026-11-01T00:00:00Z');
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const ev = { ...templates[i % templates.length]!, auditID: `${prefix}-${i}`, stageTimestamp: new Date(base + i).toISOString() };
    return JSON.stringify(ev);
  });
}
const ids = (run: HostRun) => run.events.map((e) => e.fields['ka.auditid']?.[0]);

function expectNoToken(run: HostRun): void {
  for (const text of [run.stdout, run.stderr]) {
    expect(text.includes(TOKEN)).toBe(false);
    expect(text.includes(encodeURIComponent(TOKEN))).toBe(false);
  }
}

let sim: LdpSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function startSim(options: Partial<ConstructorParameters<typeof LdpSimulator>[0]> = {}): Promise<LdpSimulator> {
  sim = new LdpSimulator({ token: TOKEN, ...options });
  await sim.start();
  return sim;
}

function openParams(s: LdpSimulator, token = TOKEN): string {
  return `ws://127.0.0.1:${s.port}/tail/?tk=${token}`;
}

function host(s: LdpSimulator, extra: string[], config: Record<string, unknown> = FAST, timeoutMs = 120_000): Promise<HostRun> {
  return runHost(['--open', openParams(s), '--config', JSON.stringify(config), '--fields', 'ka.auditid', ...extra], { timeoutMs });
}

describe('LDP stream through the real plugin', () => {
  it('delivers a steady stream of 100k events complete and in order', async () => {
    const s = await startSim();
    const events = auditEvents(0, 100_000);
    const running = host(s, ['--max-events', '100000', '--duration-s', '150'], FAST, 200_000);
    await s.waitForConnection();
    const started = Date.now();
    s.feed(events);
    const run = await running;
    const seconds = (Date.now() - started) / 1000;
    expect(run.summary['result']).toBe('max_events');
    const got = ids(run);
    expect(got).toHaveLength(100_000);
    expect(got.every((id, i) => id === `ev-${i}`)).toBe(true);
    expectNoToken(run);
    console.log(`ldp steady: 100000 events in ${seconds.toFixed(1)} s = ${Math.round(100_000 / seconds)} events/s simulator -> host (peak RSS ${Math.round(run.summary['peak_rss_kb'] / 1024)} MiB)`);
  }, 240_000);

  it('recovers from a dropped connection by itself, replaying with zero loss and zero duplicates', async () => {
    const s = await startSim();
    const n = 20_000;
    const running = host(s, ['--max-events', String(n), '--duration-s', '60', '--metrics']);
    await s.waitForConnection();
    const feed = s.feed(auditEvents(0, n), { rate: 10_000 });
    await sleep(700);
    const before = s.stats().connections;
    const dropped = Date.now();
    s.dropAll();
    while (s.stats().connections === before && Date.now() - dropped < 10_000) await sleep(5);
    const reconnectMs = Date.now() - dropped;
    const run = await running;
    feed.stop();
    const got = ids(run);
    expect(run.summary['result']).toBe('max_events');
    expect(new Set(got).size).toBe(n);
    expect(got).toEqual(Array.from({ length: n }, (_, i) => `ev-${i}`));
    const replayed = s.handshakeLog.filter((h) => h.begin !== undefined).length;
    expect(replayed).toBeGreaterThanOrEqual(1);
    const m = run.summary['metrics'] as Record<string, number>;
    expect(m['ldp_reconnects']).toBeGreaterThanOrEqual(1);
    expect(m['ldp_events_replayed']).toBeGreaterThan(0);
    expect(Object.keys(m).join(' ')).not.toContain(TOKEN);
    expectNoToken(run);
    console.log(`ldp drop: reconnected in ${reconnectMs} ms; ${n} of ${n} events once; recovered by replay ${m['ldp_events_replayed']}, replayed duplicates dropped ${m['ldp_duplicates_dropped'] ?? 0}`);
  }, 90_000);

  it('counts the events recovered by replay after several drops', async () => {
    const s = await startSim();
    const n = 30_000;
    const running = host(s, ['--max-events', String(n), '--duration-s', '60', '--metrics']);
    await s.waitForConnection();
    const feed = s.feed(auditEvents(0, n), { rate: 10_000 });
    for (let k = 0; k < 3; k++) {
      await sleep(600);
      s.dropAll();
    }
    const run = await running;
    feed.stop();
    const got = ids(run);
    expect(new Set(got).size).toBe(n);
    expect(got).toHaveLength(n);
    expectNoToken(run);
    const m = run.summary['metrics'] as Record<string, number>;
    expect(m['ldp_reconnects']).toBeGreaterThanOrEqual(3);
    console.log(`ldp 3 drops: ${n} of ${n} events delivered once; ${s.stats().connections} connections; recovered by replay ${m['ldp_events_replayed']}, duplicates dropped ${m['ldp_duplicates_dropped'] ?? 0}`);
  }, 90_000);

  it('stops with a clear error on a wrong token (401), without a retry storm', async () => {
    const s = await startSim();
    const run = await runHost(['--open', openParams(s, 'wrong+token'), '--config', JSON.stringify(FAST), '--duration-s', '20']);
    expect(run.summary['result']).toBe('failure');
    expect(run.summary['error']).toMatch(/401/);
    expect(run.summary['error']).toContain('tk=***');
    expect(run.stdout + run.stderr).not.toContain('wrong+token');
    expect(s.stats().handshakes).toBe(1);
  }, 30_000);

  it('retries 503 answers, then streams', async () => {
    const s = await startSim();
    s.failNextHandshakes(3, 503);
    const running = host(s, ['--max-events', '500', '--duration-s', '30']);
    await s.waitForConnection();
    s.feed(auditEvents(0, 500));
    const run = await running;
    expect(ids(run)).toEqual(auditEvents(0, 500).map((t) => JSON.parse(t).auditID));
    expect(s.stats().handshakes).toBe(4);
    expectNoToken(run);
  }, 40_000);

  it('treats a stall longer than the keepalive interval as silence, then delivers', async () => {
    const s = await startSim();
    const running = host(s, ['--max-events', '2000', '--duration-s', '30']);
    await s.waitForConnection();
    s.feed(auditEvents(0, 1000));
    await sleep(300);
    s.stall(3000);
    s.feed(auditEvents(1000, 1000));
    const run = await running;
    expect(ids(run)).toHaveLength(2000);
    expect(new Set(ids(run)).size).toBe(2000);
    expectNoToken(run);
  }, 40_000);

  it('skips malformed and oversized frames without closing the stream', async () => {
    const s = await startSim();
    const running = host(s, ['--max-events', '200', '--duration-s', '30'], { ...FAST, maxEventSize: 65536 });
    await s.waitForConnection();
    s.feed(auditEvents(0, 100));
    await sleep(300);
    const bad = s.ingestMalformedFrames();
    s.ingestOversizedEvent(200_000);
    s.feed(auditEvents(100, 100));
    const run = await running;
    expect(bad).toBeGreaterThan(0);
    expect(ids(run)).toEqual(Array.from({ length: 200 }, (_, i) => `ev-${i}`));
    expect(run.stderr).toMatch(/plugin-log/);
    expectNoToken(run);
  }, 40_000);

  it('skips a message over maxPayloadSize: reconnects live, counts the gap, keeps streaming', async () => {
    const s = await startSim();
    const running = host(s, ['--max-events', '20', '--duration-s', '30', '--metrics'], { ...FAST, maxPayloadSize: 16384 });
    await s.waitForConnection();
    s.feed(auditEvents(0, 10));
    await sleep(300);
    s.ingestOversizedEvent(100_000);
    await sleep(500);
    s.feed(auditEvents(10, 10));
    const run = await running;
    expect(ids(run)).toEqual(Array.from({ length: 20 }, (_, i) => `ev-${i}`));
    expect((run.summary['metrics'] as Record<string, number>)['ldp_gaps']).toBe(1);
    expectNoToken(run);
  }, 40_000);

  it('replaces a connection whose pings go unanswered, losing nothing', async () => {
    const s = await startSim();
    const running = host(s, ['--max-events', '400', '--duration-s', '30'], { ...FAST, keepaliveIntervalMs: 300, keepaliveTimeoutMs: 300 });
    await s.waitForConnection();
    s.feed(auditEvents(0, 200));
    await sleep(200);
    s.ignorePings(true);
    await sleep(1500);
    s.ignorePings(false);
    s.feed(auditEvents(200, 200));
    const run = await running;
    expect(s.stats().connections).toBeGreaterThanOrEqual(2);
    expect(ids(run)).toEqual(Array.from({ length: 400 }, (_, i) => `ev-${i}`));
    expectNoToken(run);
  }, 40_000);

  it('stays up through 90 s of silence with the default keepalive, then delivers', async () => {
    const s = await startSim();
    const running = host(s, ['--max-events', '50', '--duration-s', '140'], {});
    await s.waitForConnection();
    await sleep(90_000);
    s.feed(auditEvents(0, 50));
    const run = await running;
    expect(run.summary['result']).toBe('max_events');
    expect(ids(run)).toHaveLength(50);
    expect(s.stats().pingsReceived).toBeGreaterThanOrEqual(2);
    expectNoToken(run);
    console.log(`ldp silence: 90 s, ${s.stats().pingsReceived} pings, ${s.stats().connections} connection(s), then 50 events delivered`);
  }, 180_000);

  it('keeps memory bounded and loses nothing when Falco is slower than the stream', async () => {
    const s = await startSim();
    const n = 30_000;
    // 100 µs per event: at most ~10k events/s while the simulator offers them all at once.
    const running = host(s, ['--max-events', String(n), '--duration-s', '90', '--event-delay-us', '100'], FAST, 120_000);
    await s.waitForConnection();
    s.feed(auditEvents(0, n));
    const run = await running;
    expect(run.summary['result']).toBe('max_events');
    expect(ids(run)).toEqual(Array.from({ length: n }, (_, i) => `ev-${i}`));
    // Bounded: the native queue holds at most 8192 events / 32 MiB, the socket is paused beyond.
    expect(run.summary['peak_rss_kb']).toBeLessThan(300 * 1024);
    expect(s.stats().maxBufferedAmount).toBeGreaterThan(0);
    console.log(`ldp slow consumer: ${n} events, peak RSS ${Math.round(run.summary['peak_rss_kb'] / 1024)} MiB, simulator socket backlog up to ${s.stats().maxBufferedAmount} bytes`);
  }, 150_000);

  it('keeps the host RSS bounded over a long stream with the ruleset fields', async () => {
    const s = await startSim({ retainRecords: 50_000 });
    const n = 300_000;
    const fieldsFile = path.join(FIXTURES, '..', '..', 'bench', 'ruleset-fields.txt');
    const running = runHost(['--open', openParams(s), '--config', JSON.stringify(FAST), '--fields-file', fieldsFile, '--max-events', String(n), '--duration-s', '150', '--quiet'], { timeoutMs: 200_000 });
    await s.waitForConnection();
    const feed = s.feed(auditEvents(0, 1000), { rate: 25_000, loop: true });
    const run = await running;
    feed.stop();
    expect(run.summary['result']).toBe('max_events');
    expect(run.summary['extract_failures']).toBe(0);
    // Live data is small (the dedup window holds 53-bit hashes); a leak of one message per event
    // would show as hundreds of MiB here.
    expect(run.summary['peak_rss_kb']).toBeLessThan(260 * 1024);
    console.log(`ldp long stream: ${n} events at ${Math.round(run.summary['events_per_s'])} events/s with the ruleset fields, peak RSS ${Math.round(run.summary['peak_rss_kb'] / 1024)} MiB`);
  }, 240_000);

  it('reaches a wss:// LDP through HTTPS_PROXY from the environment of Falco, as upstream does', async () => {
    // ldp.test resolves nowhere: only the proxy (on loopback, tunnelling to the simulator) can reach it.
    const s = await startSim({ tls: createSelfSignedCertificate(1, ['ldp.test']) });
    const proxy = new ConnectProxy({ forwardPort: () => s.port, authorization: `Basic ${Buffer.from('falco:Pr0xyPass').toString('base64')}` });
    await proxy.start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proxy-ca-'));
    try {
      const caFile = path.join(dir, 'ca.pem');
      fs.writeFileSync(caFile, s.caPem as string);
      const running = runHost(
        ['--open', `wss://ldp.test:${s.port}/tail/?tk=${TOKEN}`, '--config', JSON.stringify({ ...FAST, caFile }), '--fields', 'ka.auditid', '--max-events', '300', '--duration-s', '30'],
        { timeoutMs: 40_000, env: { HTTPS_PROXY: `http://falco:Pr0xyPass@127.0.0.1:${proxy.port}`, NO_PROXY: 'localhost,127.0.0.1' } },
      );
      await s.waitForConnection();
      s.feed(auditEvents(0, 300));
      const run = await running;
      expect(run.summary['result']).toBe('max_events');
      expect(ids(run)).toEqual(Array.from({ length: 300 }, (_, i) => `ev-${i}`));
      expect(proxy.requests.map((r) => r.target)).toEqual([`ldp.test:${s.port}`]);
      expect(run.stderr).toContain(`through proxy http://***@127.0.0.1:${proxy.port} (HTTPS_PROXY)`);
      expect(run.stdout + run.stderr).not.toContain('Pr0xyPass');
      expectNoToken(run);
    } finally {
      await proxy.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
