// Resuming a stream where an earlier source stopped: in the same process (hot reload, close and
// open) through the position hand-over, and after a restart through the checkpoint file.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LdpSimulator } from '../../../src/sim/ldp-simulator.js';
import { assertCheckpointWritable } from '../../../src/sources/ldp/checkpoint-file.js';
import type { LdpSource } from '../../../src/sources/ldp/ldp-source.js';
import { memoryHandoff, type PositionHandoff } from '../../../src/sources/ldp/position-keeper.js';
import { decodePosition, encodePosition, type StreamPosition } from '../../../src/sources/ldp/stream-position.js';
import { ManualClock } from './manual-clock.js';
import { MemorySink, TOKEN, auditEvents, expectExactlyOnceInOrder, nextEvent, startSource, untilState, waitFor } from './helpers.js';

/** The simulator stamps records with this clock: 10 records per second of LDP time. */
let ldpTime = 1_700_000_000;
const sims: LdpSimulator[] = [];
const sources: LdpSource[] = [];
let dir: string;

afterEach(async () => {
  for (const source of sources.splice(0)) source.close();
  for (const sim of sims.splice(0)) await sim.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

async function simulator(): Promise<LdpSimulator> {
  const sim = new LdpSimulator({ token: TOKEN, clock: () => ldpTime });
  await sim.start();
  sims.push(sim);
  return sim;
}

/** Ingests events from..from+count-1, one record each, 0.1 s of LDP time apart. */
function ingest(sim: LdpSimulator, from: number, count: number): void {
  for (const text of auditEvents(from, count)) {
    sim.ingest(text);
    ldpTime += 0.1;
  }
}

function open(url: string, sink: MemorySink, options: Parameters<typeof startSource>[2] = {}): LdpSource {
  const source = startSource(url, sink, options);
  sources.push(source);
  return source;
}

function checkpointDir(): string {
  dir = mkdtempSync(join(tmpdir(), 'ldp-checkpoint-'));
  return dir;
}

describe('resuming in the same process', () => {
  it('a new source on the same stream resumes where the closed one stopped (other token): nothing lost or repeated', async () => {
    const sim = await simulator();
    const handoff = memoryHandoff();
    const first = new MemorySink();
    const a = open(sim.url, first, { handoff });
    await untilState(a, 'open');
    ingest(sim, 0, 100);
    await waitFor(() => first.events.length === 100, 'the first 100');
    a.close();
    ingest(sim, 100, 50); // while nobody reads
    const second = new MemorySink();
    const b = open(`${sim.listenUrl}?tk=${TOKEN}`, second, { handoff, replayOverlapSeconds: 2 });
    await untilState(b, 'open');
    ingest(sim, 150, 50);
    await waitFor(() => second.events.length >= 100, 'the other 100');
    expect(expectExactlyOnceInOrder([...first.events, ...second.events], 200)).toBeUndefined();
    expect(sim.handshakeLog[1]?.begin).toMatch(/^\d{10}$/);
    expect(second.counter('ldp_duplicates_dropped')).toBeGreaterThan(0); // the overlap came again
    expect(second.counter('ldp_events_replayed')).toBeGreaterThanOrEqual(50);
    expect(second.logs.some((l) => /^Resuming where the previous instance of this process stopped: replaying from LDP time \d+, \d+ events already delivered are skipped$/.test(l.message))).toBe(true);
  });

  it('a different stream starts live', async () => {
    const one = await simulator();
    const other = await simulator();
    const handoff = memoryHandoff();
    const a = open(one.url, new MemorySink(), { handoff });
    await untilState(a, 'open');
    ingest(one, 0, 10);
    a.close();
    const sink = new MemorySink();
    const b = open(other.url, sink, { handoff });
    await untilState(b, 'open');
    expect(other.handshakeLog[0]?.begin).toBeUndefined();
    expect(sink.counter('ldp_resumes')).toBe(0);
    // The first stream's position is still there for it.
    expect(handoff.take(`ws://127.0.0.1:${one.port}/tail/`)).toBeDefined();
  });

  it('an instance that delivered nothing keeps the position it resumed from, never an earlier one', async () => {
    const sim = await simulator();
    const handoff = memoryHandoff();
    const first = new MemorySink();
    const a = open(sim.url, first, { handoff, replayOverlapSeconds: 2 });
    await untilState(a, 'open');
    ingest(sim, 0, 100);
    await waitFor(() => first.events.length === 100, 'the first 100');
    a.close();
    // The next instance (a reload that came soon, here with a longer overlap) sees only records
    // the first one delivered, and delivers none: its replay point lies before the first one's.
    const idle = new MemorySink();
    const b = open(sim.url, idle, { handoff, replayOverlapSeconds: 5 });
    await untilState(b, 'open');
    await waitFor(() => idle.counter('ldp_duplicates_dropped') >= 20, 'the replayed overlap dropped');
    b.close();
    expect(idle.events).toHaveLength(0);
    const sink = new MemorySink();
    const c = open(sim.url, sink, { handoff, replayOverlapSeconds: 2 });
    await untilState(c, 'open');
    ingest(sim, 100, 10);
    await waitFor(() => sink.events.length >= 10, 'the 10 new events');
    expect(expectExactlyOnceInOrder([...first.events, ...sink.events], 110)).toBeUndefined();
  });

  it('events handed over but not taken by the consumer come again; taken ones do not', async () => {
    const sim = await simulator();
    const handoff = memoryHandoff();
    const slow = new MemorySink(1000);
    const a = open(sim.url, slow, { handoff });
    await untilState(a, 'open');
    ingest(sim, 0, 100);
    await waitFor(() => slow.backlog.length === 100, '100 handed over');
    slow.consume(40); // Falco took 40; 60 wait in its queue when the capture closes
    a.close();
    const sink = new MemorySink();
    const b = open(sim.url, sink, { handoff });
    await untilState(b, 'open');
    ingest(sim, 100, 1);
    await waitFor(() => sink.events.length >= 61, 'the 60 not taken and one more');
    expect(expectExactlyOnceInOrder([...slow.events, ...sink.events], 101)).toBeUndefined();
  });
});

/**
 * A source with a checkpoint file every 5 s of `clock` (starting at `localAheadSeconds` past the
 * LDP time), after 100 events and its first periodic checkpoint.
 */
async function streamToFirstCheckpoint(sim: LdpSimulator, localAheadSeconds: number) {
  const checkpointFile = join(checkpointDir(), 'ldp.checkpoint');
  const clock = new ManualClock((ldpTime + localAheadSeconds) * 1000);
  const options = { checkpointFile, checkpointIntervalSeconds: 5, clock };
  const first = new MemorySink();
  const a = open(sim.url, first, { ...options, handoff: memoryHandoff() });
  await untilState(a, 'open');
  ingest(sim, 0, 100);
  await waitFor(() => first.events.length === 100, 'the first 100');
  const written = nextEvent(a, 'checkpoint');
  clock.advance(5000);
  await written;
  return { checkpointFile, options, first, a };
}

describe('checkpointFile', () => {
  it('is written on its schedule and at close, without the token; a restart resumes from it exactly', async () => {
    const sim = await simulator();
    const { checkpointFile, options, first, a } = await streamToFirstCheckpoint(sim, 0);
    const periodic = decodePosition(readFileSync(checkpointFile, 'utf8')) as StreamPosition;
    expect(periodic).toMatchObject({ stream: `ws://127.0.0.1:${sim.port}/tail/`, clean: false, intervalSeconds: 5 });
    ingest(sim, 100, 20);
    await waitFor(() => first.events.length === 120, '120');
    a.close();
    const text = readFileSync(checkpointFile, 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('Sekr3t');
    expect(text).not.toContain(encodeURIComponent(TOKEN));
    expect(readdirSync(dir)).toEqual(['ldp.checkpoint']); // no temporary file left behind
    const atClose = decodePosition(text) as StreamPosition;
    expect(atClose.clean).toBe(true);
    expect(atClose.keys.length).toBeGreaterThan(0);
    expect(first.counter('ldp_checkpoints_written')).toBe(2);

    // A restart: a new process has no hand-over, only the file.
    ingest(sim, 120, 30);
    const second = new MemorySink();
    const b = open(sim.url, second, { ...options, handoff: memoryHandoff() });
    await untilState(b, 'open');
    ingest(sim, 150, 50);
    await waitFor(() => second.events.length >= 80, 'the other 80');
    expect(expectExactlyOnceInOrder([...first.events, ...second.events], 200)).toBeUndefined();
    expect(second.logs.some((l) => l.message.startsWith(`Resuming from the checkpoint "${checkpointFile}" (saved 0 s ago): replaying from LDP time `))).toBe(true);
    expect(second.counter('ldp_events_possibly_repeated')).toBe(0); // a clean stop repeats nothing
  });

  it('after a stop without close, resumes from the last periodic checkpoint: repeats, counted, lose nothing', async () => {
    const sim = await simulator();
    // Local time runs ahead of LDP's record times, as records reach us after LDP stamped them.
    const { checkpointFile, options, first, a } = await streamToFirstCheckpoint(sim, 20);
    ingest(sim, 100, 30); // delivered after the checkpoint, then the process dies
    await waitFor(() => first.events.length === 130, '130');
    const dead = readFileSync(checkpointFile, 'utf8');
    a.close(); // stands for the kill: put the periodic checkpoint back as the last word
    writeFileSync(checkpointFile, dead);

    const second = new MemorySink();
    const b = open(sim.url, second, { ...options, handoff: memoryHandoff() });
    await untilState(b, 'open');
    ingest(sim, 130, 20);
    await waitFor(() => second.events.some((e) => e.auditId === 'ev-149'), 'the last one');
    const seen = [...first.events, ...second.events].map((e) => e.auditId);
    expect(new Set(seen).size).toBe(150); // at least once
    const repeated = seen.length - 150;
    expect(repeated).toBe(30); // exactly what came after the checkpoint
    expect(second.counter('ldp_events_possibly_repeated')).toBeGreaterThanOrEqual(repeated);
  });

  it('a corrupt, foreign or stale checkpoint is ignored with one log line, and the stream starts live', async () => {
    const sim = await simulator();
    const checkpointFile = join(checkpointDir(), 'ldp.checkpoint');
    const nowSeconds = Date.now() / 1000;
    const valid: StreamPosition = {
      stream: `ws://127.0.0.1:${sim.port}/tail/`,
      savedAt: nowSeconds,
      clean: true,
      intervalSeconds: 5,
      resumeFrom: Math.floor(ldpTime) - 100,
      lastSeen: ldpTime,
      keys: [1, 2],
      stamps: [ldpTime, ldpTime],
    };
    const cases: [string, string, RegExp][] = [
      ['corrupt', '{"format":"k8saudit-ovh/ldp-position","vers', /it is not a valid checkpoint \(not JSON\); starting live$/],
      ['truncated keys', encodePosition(valid).replace(/"keys":"[^"]*"/, '"keys":"AAAA"'), /it is not a valid checkpoint \(keys hold 3 bytes, not 32\); starting live$/],
      ['foreign', encodePosition({ ...valid, stream: 'wss://gra9.logs.ovh.com:443/tail/' }), /it belongs to another stream \(wss:\/\/gra9\.logs\.ovh\.com:443\/tail\/\); starting live$/],
      ['stale', encodePosition({ ...valid, savedAt: nowSeconds - 7200 }), /it is 720\d s old, older than checkpointMaxAgeSeconds \(3600\); starting live$/],
    ];
    for (const [what, text, line] of cases) {
      writeFileSync(checkpointFile, text);
      const sink = new MemorySink();
      const source = open(sim.url, sink, { checkpointFile, handoff: memoryHandoff() });
      await untilState(source, 'open');
      const about = sink.logs.filter((l) => l.message.includes(checkpointFile));
      expect(about, what).toHaveLength(1);
      expect(about[0]?.level, what).toBe('warning');
      expect(about[0]?.message, what).toMatch(line);
      expect(sim.handshakeLog[sim.handshakeLog.length - 1]?.begin, what).toBeUndefined();
      source.close();
    }
    rmSync(checkpointFile);
    const sink = new MemorySink();
    const source = open(sim.url, sink, { checkpointFile, handoff: memoryHandoff() });
    await untilState(source, 'open');
    expect(sink.logs[0]).toEqual({ level: 'info', message: `No checkpoint at "${checkpointFile}" yet; starting live` });
  });

  it('an unwritable location is refused at once, naming the path', () => {
    const base = checkpointDir();
    expect(() => assertCheckpointWritable(join(base, 'no-such-folder', 'ldp.checkpoint'))).toThrow(
      new RegExp(`^checkpointFile "${base}/no-such-folder/ldp.checkpoint" cannot be written: ENOENT`),
    );
    writeFileSync(join(base, 'a-file'), '');
    expect(() => assertCheckpointWritable(join(base, 'a-file', 'ldp.checkpoint'))).toThrow(/cannot be written: ENOTDIR/);
    mkdirSync(join(base, 'a-folder.tmp'));
    expect(() => assertCheckpointWritable(join(base, 'a-folder'))).toThrow(/cannot be written: EISDIR/);
    assertCheckpointWritable(join(base, 'fine.checkpoint'));
    expect(readdirSync(base).sort()).toEqual(['a-file', 'a-folder.tmp']);
  });
});

describe('stream positions', () => {
  it('round-trip exactly, and a damaged text says what is wrong', () => {
    const position: StreamPosition = {
      stream: 'wss://gra1.logs.ovh.com:443/tail/',
      savedAt: 1_764_547_200.123,
      clean: false,
      intervalSeconds: 5,
      resumeFrom: 1_764_547_190,
      lastSeen: 1_764_547_195.5,
      keys: [2 ** 53 - 1, 0, 12345],
      stamps: [1_764_547_190, 1_764_547_191.25, 1_764_547_195.5],
    };
    expect(decodePosition(encodePosition(position))).toEqual(position);
    expect(decodePosition(encodePosition({ ...position, lastSeen: undefined }))).toEqual({ ...position, lastSeen: undefined });
    expect(decodePosition('[]')).toEqual({ invalid: 'not a JSON object' });
    expect(decodePosition('{"format":"x"}')).toEqual({ invalid: 'format is not "k8saudit-ovh/ldp-position"' });
    expect(decodePosition(encodePosition(position).replace('"version":1', '"version":2'))).toEqual({ invalid: 'version 2 is not 1' });
    expect(decodePosition(encodePosition(position).replace(/"resumeFrom":\d+/, '"resumeFrom":"x"'))).toEqual({ invalid: 'bad resumeFrom or lastSeen' });
  });

  it('a hand-over from another JS environment arrives as text', () => {
    const kept = new Map<string, string>();
    const handoff: PositionHandoff = { keep: (s, t) => void kept.set(s, t), take: (s) => kept.get(s) };
    handoff.keep('ws://127.0.0.1:1/tail/', 'x');
    expect(handoff.take('ws://127.0.0.1:1/tail/')).toBe('x');
  });
});
