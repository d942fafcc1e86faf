// Falco's hot reload and restarts through the real .so in the plugin host, against a paced
// stream from the LDP simulator: (a) destroy and re-init in one process resumes through the
// process-wide hand-over, (b) SIGTERM then a new process resumes from checkpointFile, (b') so does
// SIGKILL, repeating only what came after the last checkpoint, (c) unusable checkpoints start
// live, (d) the token is never in the checkpoint.
import { afterEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runHost, startHost, type HostEvent, type HostRun } from './host.js';
import { FAST, TOKEN, auditEvents, expectNoToken, expectRunHasNoToken, expectedIds, ids, openParams, useSimulator } from './ldp-bed.js';
import type { LdpSimulator } from '../../src/sim/ldp-simulator.js';
import { eventKey } from '../../src/sources/ldp/dedup.js';
import { decodePosition, encodePosition, type StreamPosition } from '../../src/sources/ldp/stream-position.js';

const startSim = useSimulator();
let dir: string;
afterEach(() => {
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
});

function checkpointPath(): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldp-resume-'));
  return path.join(dir, 'ldp.checkpoint');
}

/** Events per second of the paced stream; checkpoints every second. */
const RATE = 300;
const INTERVAL_S = 1;

function args(s: LdpSimulator, config: Record<string, unknown>, extra: string[]): string[] {
  return ['--open', openParams(s), '--config', JSON.stringify({ ...FAST, ...config }), '--fields', 'ka.auditid', ...extra];
}

function metrics(run: HostRun): Record<string, number> {
  return (run.summary['metrics'] ?? {}) as Record<string, number>;
}

function readCheckpoint(file: string): StreamPosition {
  const text = fs.readFileSync(file, 'utf8');
  expectNoToken(text);
  const position = decodePosition(text);
  if ('invalid' in position) throw new Error(`checkpoint invalid: ${position.invalid}`);
  return position;
}

describe('hot reload in one process', () => {
  it('destroy and re-init mid-stream (as Falco does on a rules change): every event exactly once', async () => {
    const s = await startSim();
    const n = 3000;
    const running = runHost(args(s, {}, ['--max-events', String(n), '--reinit-after-events', '500', '--metrics']));
    await s.waitForConnection();
    const feed = s.feed(auditEvents(0, n), { rate: RATE });
    const run = await running;
    feed.stop();
    expect(run.summary['result']).toBe('max_events');
    const got = ids(run);
    expect(got).toEqual(expectedIds(n));
    const reloads = run.stderr.match(/Resuming where the previous instance of this process stopped/g)?.length ?? 0;
    // A reload comes after the batch that reaches 500 events, so a capture may hold a few more.
    expect(reloads).toBeGreaterThanOrEqual(3);
    // Each new instance asked LDP for the window since the previous one's last record.
    expect(s.handshakeLog.filter((h) => h.status === 101 && h.begin !== undefined).length).toBe(reloads);
    expectRunHasNoToken(run);
    console.log(`ldp hot reload: ${reloads} reloads at ${RATE} events/s, ${n} of ${n} events, lost 0, repeated ${got.length - new Set(got).size}`);
  }, 600_000);
});

describe('restart with checkpointFile', () => {
  it('SIGTERM mid-stream, then a new process with the same checkpointFile: every event exactly once', async () => {
    const s = await startSim();
    const checkpointFile = checkpointPath();
    const config = { checkpointFile, checkpointIntervalSeconds: INTERVAL_S };
    const n = 3000;
    const first = startHost(args(s, config, ['--metrics']));
    await s.waitForConnection();
    const feed = s.feed(auditEvents(0, n), { rate: RATE });
    await first.until(() => first.events.length >= 1000, '1000 events');
    first.kill('SIGTERM'); // Kubernetes stopping the pod: Falco closes the plugin
    const one = await first.done;
    expect(one.summary['result']).toBe('signal');
    const atStop = readCheckpoint(checkpointFile);
    const size = fs.statSync(checkpointFile).size;
    expect(atStop).toMatchObject({ stream: `ws://127.0.0.1:${s.port}/tail/`, clean: true });

    const rest = n - one.events.length;
    const two = await runHost(args(s, config, ['--max-events', String(rest), '--metrics']));
    feed.stop();
    const all = [...ids(one), ...ids(two)];
    expect(all).toEqual(expectedIds(n)); // nothing lost, nothing repeated, in order
    expect(two.stderr).toContain(`Resuming from the checkpoint "${checkpointFile}"`);
    expect(metrics(two)['ldp_events_possibly_repeated'] ?? 0).toBe(0);
    expectRunHasNoToken(one);
    expectRunHasNoToken(two);
    console.log(`ldp restart (SIGTERM): ${one.events.length} + ${two.events.length} = ${n} events, lost 0, repeated 0; checkpoint ${size} bytes for ${atStop.keys.length} remembered events`);
  }, 600_000);

  it("SIGKILL mid-stream: every event at least once, repeated only what came after the last checkpoint, and counted", async () => {
    const s = await startSim();
    const checkpointFile = checkpointPath();
    const config = { checkpointFile, checkpointIntervalSeconds: INTERVAL_S };
    const n = 3000;
    const first = startHost(args(s, config, []));
    await s.waitForConnection();
    const feed = s.feed(auditEvents(0, n), { rate: RATE });
    await first.until(() => first.events.length >= 1000, '1000 events');
    // Kill shortly after a checkpoint was written, while the stream goes on.
    const written = fs.existsSync(checkpointFile) ? fs.readFileSync(checkpointFile, 'utf8') : '';
    await first.until(() => fs.existsSync(checkpointFile) && fs.readFileSync(checkpointFile, 'utf8') !== written, 'a new checkpoint');
    const printed = first.events.length;
    await first.until(() => first.events.length >= printed + 100, '100 more events');
    first.kill('SIGKILL');
    const one = await first.done;
    expect(one.signal).toBe('SIGKILL');
    const last = readCheckpoint(checkpointFile);
    expect(last.clean).toBe(false);

    const two = startHost(args(s, config, ['--metrics']));
    await two.until(() => two.events.some((e) => e.fields['ka.auditid']?.[0] === `ev-${n - 1}`), 'the last event');
    two.kill('SIGTERM');
    const second = await two.done;
    feed.stop();
    const firstIds = ids(one);
    const secondIds = ids(second);
    expect(new Set([...firstIds, ...secondIds])).toEqual(new Set(expectedIds(n))); // at least once
    // Repeated: exactly the events the first process printed that its last checkpoint does not
    // cover (taken after it was written, or not finished when it was).
    const covered = coveredBy(last, s);
    const expectedRepeats = one.events.filter((e) => !covered(e)).map((e) => e.fields['ka.auditid']?.[0]);
    const repeated = secondIds.filter((id) => firstIds.includes(id));
    expect(repeated).toEqual(expectedRepeats);
    expect(new Set(secondIds).size).toBe(secondIds.length); // the second process repeats nothing itself
    const counted = metrics(second)['ldp_events_possibly_repeated'] ?? 0;
    expect(counted).toBeGreaterThanOrEqual(repeated.length);
    expectRunHasNoToken(one);
    expectRunHasNoToken(second);
    console.log(
      `ldp restart (SIGKILL): ${firstIds.length} + ${secondIds.length} events for ${n}, lost 0, repeated ${repeated.length} ` +
        `(killed ${one.events.length - printed} events after a checkpoint was seen; one interval is ${RATE * INTERVAL_S} events); counted as possibly repeated ${counted}`,
    );
  }, 600_000);

  it('ignores a corrupt, foreign or stale checkpoint with one log line and starts live', async () => {
    const s = await startSim();
    const checkpointFile = checkpointPath();
    const stream = `ws://127.0.0.1:${s.port}/tail/`;
    const now = Date.now() / 1000;
    const valid: StreamPosition = { stream, savedAt: now, clean: true, intervalSeconds: 5, resumeFrom: Math.floor(now) - 60, lastSeen: now, keys: [], stamps: [] };
    const cases: [string, string, RegExp][] = [
      ['corrupt', 'not a checkpoint', /Ignoring the checkpoint ".*": it is not a valid checkpoint \(not JSON\); starting live/],
      ['foreign', encodePosition({ ...valid, stream: 'wss://gra9.logs.ovh.com:443/tail/' }), /it belongs to another stream \(wss:\/\/gra9\.logs\.ovh\.com:443\/tail\/\); starting live/],
      ['stale', encodePosition({ ...valid, savedAt: now - 7200 }), /it is \d+ s old, older than checkpointMaxAgeSeconds \(3600\); starting live/],
    ];
    for (const [what, text, line] of cases) {
      fs.writeFileSync(checkpointFile, text);
      const handshakes = s.handshakeLog.length;
      const connections = s.stats().connections;
      const running = runHost(args(s, { checkpointFile }, ['--max-events', '5']));
      await s.until((st) => st.connections > connections);
      s.ingest(auditEvents(0, 5));
      const run = await running;
      expect(run.summary['result'], what).toBe('max_events');
      expect(run.stderr.split('\n').filter((l) => l.includes('checkpoint')), what).toHaveLength(1);
      expect(run.stderr, what).toMatch(line);
      expect(s.handshakeLog[handshakes]?.begin, what).toBeUndefined(); // live
    }
  }, 600_000);

  it('fails plugin_init naming the path when the checkpoint cannot be written there', async () => {
    const base = checkpointPath();
    const bad = path.join(path.dirname(base), 'missing-folder', 'ldp.checkpoint');
    const run = await runHost(['--config', JSON.stringify({ checkpointFile: bad }), '--open', `ws://127.0.0.1:9/tail/?tk=${TOKEN}`]);
    expect(run.code).toBe(1);
    expect(run.summary['error']).toMatch(new RegExp(`checkpointFile "${bad.replace(/[.]/g, '\\.')}" cannot be written: ENOENT`));
  }, 600_000);
});

/** Whether a printed event is covered by `position`: before its resume time, or listed in it. */
function coveredBy(position: StreamPosition, s: LdpSimulator): (event: HostEvent) => boolean {
  const stampOf = new Map<string, number>();
  for (const record of s.records) {
    const gelf = JSON.parse((JSON.parse(String(record.frame)) as { message: string }).message) as { short_message: string };
    stampOf.set((JSON.parse(gelf.short_message) as { auditID: string }).auditID, record.timestamp);
  }
  const keys = new Set(position.keys);
  return (event) => {
    const id = event.fields['ka.auditid']?.[0] as string;
    const stamp = stampOf.get(id) as number;
    return stamp < position.resumeFrom || keys.has(eventKey(id, BigInt(event.ts), ''));
  };
}
