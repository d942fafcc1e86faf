import { afterEach, describe, expect, it } from 'vitest';
import { decodeLdpMessage, unwrapLdpMessage } from '../../../src/sources/ldp/message.js';
import { LdpSimulator } from '../../../src/sim/ldp-simulator.js';
import { wrapGelf } from '../../../src/sim/gelf.js';
import type { LdpSource } from '../../../src/sources/ldp/ldp-source.js';
import { MemorySink, TOKEN, auditEvent, startSource, waitFor } from './helpers.js';
import { O1_DATA, O1_TEXT, O1_TS, VECTORS } from './vectors.js';

describe('unwrapping one LDP message (O1–O15)', () => {
  it('O1 gives the exact event bytes and timestamp', () => {
    expect(O1_TEXT).toBe(JSON.stringify({ message: JSON.stringify({ _appID: 'app-1', short_message: O1_DATA, host: 'x', level: 6 }) }));
    const decoded = decodeLdpMessage(O1_TEXT, 262144);
    expect(decoded.malformed).toBeUndefined();
    expect(decoded.issues).toEqual([]);
    expect(decoded.events).toHaveLength(1);
    expect(decoded.events[0]?.data).toBe(O1_DATA);
    expect(decoded.events[0]?.ts).toBe(O1_TS);
    expect(decoded.events[0]?.auditId).toBe('ok-1');
  });

  for (const vector of VECTORS) {
    it(`${vector.id} → ${vector.events.length} event(s)`, () => {
      const decoded = decodeLdpMessage(vector.text, 262144);
      expect(decoded.events.map((e) => e.auditId)).toEqual(vector.events);
      if (vector.counter === 'ldp_messages_malformed') expect(decoded.malformed).toBeTypeOf('string');
      else expect(decoded.malformed).toBeUndefined();
      if (vector.counter === 'payloads_rejected') expect(decoded.issues.map((i) => i.kind)).toEqual(['payload_rejected']);
      if (vector.counter === 'events_dropped') expect(decoded.issues.map((i) => i.kind)).toEqual(['event_dropped']);
    });
  }

  it('reads the GELF timestamp (LDP ingestion time) even from a record it skips', () => {
    expect(unwrapLdpMessage(wrapGelf('x', 1700000000.123)).timestamp).toBe(1700000000.123);
    expect(unwrapLdpMessage(JSON.stringify({ message: JSON.stringify({ timestamp: 1700000001.5 }) })).timestamp).toBe(1700000001.5);
    expect(unwrapLdpMessage(JSON.stringify({ message: JSON.stringify({ timestamp: 'x', short_message: '' }) })).timestamp).toBeUndefined();
  });

  it('an event larger than maxEventSize is dropped as too large; equal size passes', () => {
    const event = '{"kind":"Event","auditID":"x","stageTimestamp":"2024-01-02T03:04:05Z"}'; // 70 bytes
    expect(decodeLdpMessage(wrapGelf(event, 1), 70).events).toHaveLength(1);
    const big = decodeLdpMessage(wrapGelf(event.replace('"x"', '"xy"'), 1), 70);
    expect(big.events).toEqual([]);
    expect(big.issues.map((i) => i.kind)).toEqual(['event_too_large']);
  });
});

describe('O1–O15 over a real WebSocket', () => {
  let sim: LdpSimulator | undefined;
  let source: LdpSource | undefined;
  afterEach(async () => {
    source?.close();
    await sim?.close();
  });

  it('delivers the good ones, counts and skips the bad ones, keeps the connection', async () => {
    sim = new LdpSimulator({ token: TOKEN });
    await sim.start();
    const sink = new MemorySink();
    source = startSource(sim.url, sink, { logLimit: { maxPerInterval: 2, intervalMs: 60_000 } });
    await waitFor(() => sim!.stats().openConnections === 1, 'the connection');
    for (const vector of VECTORS) sim.ingestFrame(vector.text);
    // Binary frames are read like text frames.
    sim.ingestFrame(Buffer.from(wrapGelf(auditEvent(1, 'binary-1'), 1)), { binary: true });
    sim.ingest(auditEvent(2, 'last'));
    const expected = [...VECTORS.flatMap((v) => v.events), 'binary-1', 'last'];
    await waitFor(() => sink.events.some((e) => e.auditId === 'last'), 'the last event');
    // Each message is one payload: the same auditID in different messages is a duplicate only
    // when the stageTimestamp matches too, which is the case for ok-1 here.
    const delivered = sink.events.map((e) => e.auditId);
    expect(delivered).toEqual(['ok-1', 'ok-2', 'binary-1', 'last']);
    expect(sink.counter('ldp_duplicates_dropped')).toBe(expected.length - 4);
    expect(sink.counter('ldp_messages_malformed')).toBe(VECTORS.filter((v) => v.counter === 'ldp_messages_malformed').length);
    expect(sink.counter('payloads_rejected')).toBe(1);
    expect(sink.counter('events_dropped')).toBe(1);
    expect(sim.stats().connections).toBe(1);
    expect(source.stats().connections).toBe(1);
    // Rate limited: 2 lines for the malformed kind, the rest summarised on flush (close).
    const malformedLines = sink.logs.filter((l) => l.message.startsWith('Skipped a malformed LDP message'));
    expect(malformedLines).toHaveLength(2);
    source.close();
    expect(sink.logs.some((l) => /ldp_messages_malformed: \(\d+ more suppressed\)/.test(l.message))).toBe(true);
    expect(sink.transcript()).not.toContain(TOKEN);
  });
});
