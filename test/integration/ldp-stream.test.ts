// The LDP source through the real .so in the plugin host, against the LDP simulator (a real
// WebSocket server on 127.0.0.1): a long steady stream, every fault the simulator can inject,
// long silence, a slow consumer. The token must appear nowhere in what the host prints. Every
// step waits for what it needs (events printed, a reconnection, a ping), never for time; the
// timeouts are hang guards only.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { FIXTURES, runHost, startHost, type HostRun } from './host.js';
import { FAST, TOKEN, auditEvents, expectRunHasNoToken, expectedIds, ids, openParams, useSimulator } from './ldp-bed.js';
import type { LdpSimulator } from '../../src/sim/ldp-simulator.js';
import { createSelfSignedCertificate } from '../../src/sim/self-signed.js';
import { ConnectProxy } from '../unit/support/connect-proxy.js';

const startSim = useSimulator();

function hostArgs(s: LdpSimulator, extra: string[], config: Record<string, unknown> = FAST): string[] {
  return ['--open', openParams(s), '--config', JSON.stringify(config), '--fields', 'ka.auditid', ...extra];
}

function host(s: LdpSimulator, extra: string[], config: Record<string, unknown> = FAST): Promise<HostRun> {
  return runHost(hostArgs(s, extra, config));
}

function metrics(run: HostRun): Record<string, number> {
  return run.summary['metrics'] as Record<string, number>;
}

describe('LDP stream through the real plugin', () => {
  it('delivers a steady stream of 100k events complete and in order', async () => {
    const s = await startSim();
    const running = host(s, ['--max-events', '100000']);
    await s.waitForConnection();
    const started = Date.now();
    s.feed(auditEvents(0, 100_000));
    const run = await running;
    const seconds = (Date.now() - started) / 1000;
    expect(run.summary['result']).toBe('max_events');
    expect(ids(run)).toEqual(expectedIds(100_000));
    expectRunHasNoToken(run);
    console.log(`ldp steady: 100000 events in ${seconds.toFixed(1)} s = ${Math.round(100_000 / seconds)} events/s simulator -> host (peak RSS ${Math.round(run.summary['peak_rss_kb'] / 1024)} MiB)`);
  }, 600_000);

  it('recovers from a dropped connection by itself, replaying with zero loss and zero duplicates', async () => {
    const s = await startSim();
    const n = 20_000;
    const running = startHost(hostArgs(s, ['--max-events', String(n), '--metrics']));
    await s.waitForConnection();
    const feed = s.feed(auditEvents(0, n), { rate: 10_000 });
    await running.until(() => running.events.length >= n / 4, 'a quarter of the stream');
    const dropped = Date.now();
    s.dropAll();
    await s.until((st) => st.connections === 2);
    const reconnectMs = Date.now() - dropped;
    const run = await running.done;
    feed.stop();
    expect(run.summary['result']).toBe('max_events');
    expect(ids(run)).toEqual(expectedIds(n));
    expect(s.handshakeLog.filter((h) => h.begin !== undefined).length).toBeGreaterThanOrEqual(1);
    const m = metrics(run);
    expect(m['ldp_reconnects']).toBe(1);
    expect(m['ldp_events_replayed']).toBeGreaterThan(0);
    expect(Object.keys(m).join(' ')).not.toContain(TOKEN);
    expectRunHasNoToken(run);
    console.log(`ldp drop: reconnected in ${reconnectMs} ms; ${n} of ${n} events once; recovered by replay ${m['ldp_events_replayed']}, replayed duplicates dropped ${m['ldp_duplicates_dropped'] ?? 0}`);
  }, 600_000);

  it('counts the events recovered by replay after several drops', async () => {
    const s = await startSim();
    const n = 30_000;
    const running = startHost(hostArgs(s, ['--max-events', String(n), '--metrics']));
    await s.waitForConnection();
    const feed = s.feed(auditEvents(0, n), { rate: 10_000 });
    for (let k = 1; k <= 3; k++) {
      // Each drop comes once the previous reconnection is up and has delivered more events.
      const printed = running.events.length;
      await running.until(() => running.events.length >= printed + 1000, `events before drop ${k}`);
      s.dropAll();
      await s.until((st) => st.connections === k + 1);
    }
    const run = await running.done;
    feed.stop();
    expect(ids(run)).toEqual(expectedIds(n));
    expectRunHasNoToken(run);
    const m = metrics(run);
    expect(m['ldp_reconnects']).toBe(3);
    expect(m['ldp_events_replayed']).toBeGreaterThan(0);
    console.log(`ldp 3 drops: ${n} of ${n} events delivered once; ${s.stats().connections} connections; recovered by replay ${m['ldp_events_replayed']}, duplicates dropped ${m['ldp_duplicates_dropped'] ?? 0}`);
  }, 600_000);

  it('stops with a clear error on a wrong token (401), without a retry storm', async () => {
    const s = await startSim();
    const run = await runHost(['--open', openParams(s, 'wrong+token'), '--config', JSON.stringify(FAST)]);
    expect(run.summary['result']).toBe('failure');
    expect(run.summary['error']).toMatch(/401/);
    expect(run.summary['error']).toContain('tk=***');
    expect(run.stdout + run.stderr).not.toContain('wrong+token');
    expect(s.stats().handshakes).toBe(1);
  }, 600_000);

  it('retries 503 answers, then streams', async () => {
    const s = await startSim();
    s.failNextHandshakes(3, 503);
    const running = host(s, ['--max-events', '500']);
    await s.waitForConnection();
    s.feed(auditEvents(0, 500));
    const run = await running;
    expect(ids(run)).toEqual(expectedIds(500));
    expect(s.stats().handshakes).toBe(4);
    expectRunHasNoToken(run);
  }, 600_000);

  it('treats a stall longer than the keepalive interval as silence, then delivers', async () => {
    const s = await startSim();
    const running = startHost(hostArgs(s, ['--max-events', '2000', '--metrics'], { ...FAST, keepaliveIntervalMs: 1000, keepaliveTimeoutMs: 30_000 }));
    await s.waitForConnection();
    s.feed(auditEvents(0, 1000));
    await running.until(() => running.events.length === 1000, 'the first 1000');
    s.stall();
    s.feed(auditEvents(1000, 1000));
    // Two keepalive pings answered while nothing is sent: the connection is alive, only quiet.
    const pings = s.stats().pingsReceived;
    await s.until((st) => st.pingsReceived >= pings + 2);
    expect(running.events).toHaveLength(1000);
    s.resumeSending();
    const run = await running.done;
    expect(ids(run)).toEqual(expectedIds(2000));
    expect(s.stats().connections).toBe(1);
    expect(metrics(run)['ldp_keepalive_timeouts'] ?? 0).toBe(0);
    expectRunHasNoToken(run);
  }, 600_000);

  it('skips malformed and oversized frames without closing the stream', async () => {
    const s = await startSim();
    const running = host(s, ['--max-events', '200'], { ...FAST, maxEventSize: 65536 });
    await s.waitForConnection();
    s.feed(auditEvents(0, 100));
    const bad = s.ingestMalformedFrames();
    s.ingestOversizedEvent(200_000);
    s.feed(auditEvents(100, 100));
    const run = await running;
    expect(bad).toBeGreaterThan(0);
    expect(ids(run)).toEqual(expectedIds(200));
    expect(run.stderr).toMatch(/plugin-log/);
    expect(s.stats().connections).toBe(1);
    expectRunHasNoToken(run);
  }, 600_000);

  it('skips a message over maxPayloadSize: reconnects live, counts the gap, keeps streaming', async () => {
    const s = await startSim();
    const running = startHost(hostArgs(s, ['--max-events', '20', '--metrics'], { ...FAST, maxPayloadSize: 16384 }));
    await s.waitForConnection();
    s.feed(auditEvents(0, 10));
    await running.until(() => running.events.length === 10, 'the first 10');
    s.ingestOversizedEvent(100_000);
    // The new connection starts live: what comes after it is delivered.
    await s.until((st) => st.connections === 2);
    s.feed(auditEvents(10, 10));
    const run = await running.done;
    expect(ids(run)).toEqual(expectedIds(20));
    expect(metrics(run)['ldp_gaps']).toBe(1);
    expect(s.handshakeLog[1]?.begin).toBeUndefined();
    expectRunHasNoToken(run);
  }, 600_000);

  it('replaces a connection whose pings go unanswered, losing nothing', async () => {
    const s = await startSim();
    const running = startHost(hostArgs(s, ['--max-events', '400', '--metrics'], { ...FAST, keepaliveIntervalMs: 300, keepaliveTimeoutMs: 300 }));
    // (A pong late by more than 300 ms on a busy machine only replaces a connection once more.)
    await s.waitForConnection();
    s.feed(auditEvents(0, 200));
    await running.until(() => running.events.length === 200, 'the first 200');
    s.ignorePings(true);
    await s.until((st) => st.connections >= 2); // the unanswered ping got the connection replaced
    s.ignorePings(false);
    s.feed(auditEvents(200, 200));
    const run = await running.done;
    expect(ids(run)).toEqual(expectedIds(400));
    expect(metrics(run)['ldp_keepalive_timeouts']).toBeGreaterThanOrEqual(1);
    expect(run.stderr).toMatch(/No answer to a ping within 0\.30s; dropping the connection/);
    expectRunHasNoToken(run);
  }, 600_000);

  it('stays up through a long silence with the default keepalive, then delivers', async () => {
    const s = await startSim();
    const running = host(s, ['--max-events', '50'], {});
    await s.waitForConnection();
    // The default keepalive pings after 30 s of silence; two answered pings are a minute of it.
    await s.until((st) => st.pingsReceived >= 2);
    s.feed(auditEvents(0, 50));
    const run = await running;
    expect(run.summary['result']).toBe('max_events');
    expect(ids(run)).toEqual(expectedIds(50));
    expect(s.stats().connections).toBe(1);
    expectRunHasNoToken(run);
    console.log(`ldp silence: ${s.stats().pingsReceived} pings, ${s.stats().connections} connection(s), then 50 events delivered`);
  }, 600_000);

  it('keeps memory bounded and loses nothing when Falco is slower than the stream', async () => {
    const s = await startSim();
    const n = 30_000;
    // 100 µs per event: the simulator offers everything at once, far faster than this Falco.
    const running = host(s, ['--max-events', String(n), '--event-delay-us', '100']);
    await s.waitForConnection();
    s.feed(auditEvents(0, n));
    const run = await running;
    expect(run.summary['result']).toBe('max_events');
    expect(ids(run)).toEqual(expectedIds(n));
    // Bounded: the native queue holds at most 1024 events / 4 MiB, the socket is paused beyond.
    expect(run.summary['peak_rss_kb']).toBeLessThan(300 * 1024);
    expect(s.stats().sendWaits).toBeGreaterThan(0);
    console.log(`ldp slow consumer: ${n} events, peak RSS ${Math.round(run.summary['peak_rss_kb'] / 1024)} MiB, simulator socket backlog up to ${s.stats().maxBufferedAmount} bytes`);
  }, 600_000);

  it('keeps the host RSS bounded over a long stream with the ruleset fields', async () => {
    const s = await startSim({ retainRecords: 50_000 });
    const n = 300_000;
    const fieldsFile = path.join(FIXTURES, '..', '..', 'bench', 'ruleset-fields.txt');
    const running = runHost(['--open', openParams(s), '--config', JSON.stringify(FAST), '--fields-file', fieldsFile, '--max-events', String(n), '--quiet']);
    await s.waitForConnection();
    const feed = s.feed(auditEvents(0, 1000), { rate: 25_000, loop: true });
    const run = await running;
    feed.stop();
    expect(run.summary['result']).toBe('max_events');
    expect(run.summary['events']).toBe(n);
    expect(run.summary['extract_failures']).toBe(0);
    // Live data is small (the dedup window holds 53-bit hashes); a leak of one message per event
    // would show as hundreds of MiB here.
    expect(run.summary['peak_rss_kb']).toBeLessThan(260 * 1024);
    console.log(`ldp long stream: ${n} events at ${Math.round(run.summary['events_per_s'])} events/s with the ruleset fields, peak RSS ${Math.round(run.summary['peak_rss_kb'] / 1024)} MiB`);
  }, 900_000);

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
        ['--open', `wss://ldp.test:${s.port}/tail/?tk=${TOKEN}`, '--config', JSON.stringify({ ...FAST, caFile }), '--fields', 'ka.auditid', '--max-events', '300'],
        { env: { HTTPS_PROXY: `http://falco:Pr0xyPass@127.0.0.1:${proxy.port}`, NO_PROXY: 'localhost,127.0.0.1' } },
      );
      await s.waitForConnection();
      s.feed(auditEvents(0, 300));
      const run = await running;
      expect(run.summary['result']).toBe('max_events');
      expect(ids(run)).toEqual(expectedIds(300));
      expect(proxy.requests.map((r) => r.target)).toEqual([`ldp.test:${s.port}`]);
      expect(run.stderr).toContain(`through proxy http://***@127.0.0.1:${proxy.port} (HTTPS_PROXY)`);
      expect(run.stdout + run.stderr).not.toContain('Pr0xyPass');
      expectRunHasNoToken(run);
    } finally {
      await proxy.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
