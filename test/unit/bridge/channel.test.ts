// The native event path through the real bridge addon: batch decoding, scap plugin-event layout,
// the bounded queue and its drain notice, field slots and precomputed values.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { newChannel } from './addon.js';
import { BatchEncoder } from '../../../src/bridge/batch-encoder.js';
import { FieldSlots } from '../../../src/bridge/field-slots.js';
import { parsePayload } from '../../../src/audit/payload.js';
import { extractField } from '../../../src/audit/extract.js';
import { fieldIdByName } from '../../../src/audit/fields.js';
import type { ProducedEvent } from '../../../src/audit/event.js';

const AUDIT = path.resolve(__dirname, '../../fixtures/audit');

function fixtureEvents(): ProducedEvent[] {
  return fs
    .readdirSync(AUDIT)
    .sort()
    .flatMap((f) => parsePayload(fs.readFileSync(path.join(AUDIT, f), 'utf8'), 262144).events);
}

describe('bridge channel', () => {
  it('turns a JS batch into Falco plugin events (type 322, plugin ID, ts, data)', () => {
    const ch = newChannel();
    const events = fixtureEvents();
    expect(ch.pushBatch(new BatchEncoder().encode(events, []))).toBe(true);
    const got = ch.nextBatch(4096);
    expect(got.result).toBe('events');
    expect(got.events).toHaveLength(events.length);
    got.events.forEach((e, i) => {
      const src = events[i]!;
      const data = Buffer.from(src.data, 'utf8');
      expect(e.valid).toBe(true);
      expect(e.pluginId).toBe(22);
      expect(e.ts).toBe(src.ts);
      expect(e.data.equals(data)).toBe(true);
      // Header: ts u64, tid u64 (none), len u32, type u16, nparams u32; then 2 param lengths.
      expect(e.raw.readBigUInt64LE(0)).toBe(src.ts);
      expect(e.raw.readBigUInt64LE(8)).toBe(0xffffffffffffffffn);
      expect(e.raw.readUInt32LE(16)).toBe(38 + data.length);
      expect(e.raw.readUInt16LE(20)).toBe(322);
      expect(e.raw.readUInt32LE(22)).toBe(2);
      expect(e.raw.readUInt32LE(26)).toBe(4);
      expect(e.raw.readUInt32LE(30)).toBe(data.length);
      expect(e.raw.readUInt32LE(34)).toBe(22);
    });
    expect(ch.nextBatch().result).toBe('timeout');
  });

  it('serves precomputed values for the fields Falco asked for, as the extractor computes them', () => {
    const ch = newChannel();
    const slots = new FieldSlots();
    const requests: Array<[string, 0 | 1 | 2, bigint, string]> = [
      ['ka.verb', 0, 0n, ''],
      ['ka.uri.param', 2, 0n, 'watch'],
      ['ka.req.pod.containers.image', 1, 0n, ''],
      ['ka.user.groups', 0, 0n, ''],
      ['ka.req.role.rules', 0, 0n, ''],
    ];
    for (const [name, kind, index, key] of requests) ch.requestField(fieldIdByName(name)!, kind, index, key);
    const events = fixtureEvents();
    ch.pushBatch(new BatchEncoder().encode(events, slots.refresh(ch)));
    const got = ch.nextBatch(4096);
    let compared = 0;
    got.events.forEach((_, i) => {
      requests.forEach(([name, kind, index, key], slot) => {
        const arg = kind === 1 ? { kind: 'index' as const, index } : kind === 2 ? { kind: 'key' as const, key } : { kind: 'none' as const };
        const want = extractField(events[i]!.root, fieldIdByName(name)!, arg);
        const have = ch.precomputed(i, slot);
        expect(have).toEqual(want.kind === 'error' ? { error: want.message } : { values: want.values });
        compared++;
      });
    });
    expect(compared).toBe(events.length * requests.length);
    // A slot added after the batch was encoded is not precomputed: extraction falls back to JS.
    const late = ch.requestField(fieldIdByName('ka.stage')!, 0);
    expect(ch.precomputed(0, late)).toBeNull();
  });

  it('reports full above its limit and signals drain once Falco takes events', () => {
    const ch = newChannel({ maxEvents: 10 });
    const events = fixtureEvents().slice(0, 4);
    const encoder = new BatchEncoder();
    let drained = 0;
    ch.setDrainListener(() => drained++);
    expect(ch.pushBatch(encoder.encode(events, []))).toBe(true);
    expect(ch.pushBatch(encoder.encode(events, []))).toBe(true);
    expect(ch.pushBatch(encoder.encode(events, []))).toBe(false); // 12 >= 10
    expect(ch.pushBatch(encoder.encode(events, []))).toBe(false); // still full until drained
    expect(ch.nextBatch(8).events).toHaveLength(8);
    expect(drained).toBe(0); // 8 still queued: not below half the limit yet
    expect(ch.nextBatch(8).events).toHaveLength(8);
    expect(drained).toBe(1);
    expect(ch.pushBatch(encoder.encode(events, []))).toBe(true);
  });

  it('holds few events until Falco takes its second batch, then up to its full limit', () => {
    const ch = newChannel({ maxEvents: 2048 });
    const events = fixtureEvents();
    const encoder = new BatchEncoder();
    let drained = 0;
    ch.setDrainListener(() => drained++);
    const fill = (): number => {
      let pushed = 0;
      do pushed += events.length;
      while (ch.pushBatch(encoder.encode(events, [])));
      return pushed;
    };
    const atStart = fill();
    expect(atStart).toBeGreaterThanOrEqual(256);
    expect(atStart).toBeLessThan(256 + events.length);
    ch.requestField(fieldIdByName('ka.verb')!, 0); // a request alone changes nothing
    expect(ch.pushBatch(encoder.encode(events, []))).toBe(false);
    expect(ch.nextBatch(events.length).events).toHaveLength(events.length);
    expect(drained).toBe(0); // one batch taken: the start-up limit is still full
    expect(ch.nextBatch(events.length).events).toHaveLength(events.length);
    expect(drained).toBe(1); // Falco came back: the full limit, room again
    const queued = atStart - events.length; // one more batch pushed, two taken
    expect(queued + fill()).toBeGreaterThanOrEqual(2048);
  });

  it('rejects malformed batches without queueing anything', () => {
    const ch = newChannel();
    expect(() => ch.pushBatch(new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0, 9]))).toThrow(/malformed/);
    expect(() => ch.pushBatch(new Uint8Array([1]))).toThrow(/malformed/);
    const good = new BatchEncoder().encode(fixtureEvents().slice(0, 1), []);
    expect(() => ch.pushBatch(good.subarray(0, good.length - 1))).toThrow(/malformed/);
    expect(ch.nextBatch().result).toBe('timeout');
  });

  it('ends after the queued events, and fails with the message after them', () => {
    const events = fixtureEvents().slice(0, 2);
    const ended = newChannel();
    ended.pushBatch(new BatchEncoder().encode(events, []));
    ended.end();
    expect(ended.nextBatch().events).toHaveLength(2);
    expect(ended.nextBatch().result).toBe('end');
    const failed = newChannel();
    failed.pushBatch(new BatchEncoder().encode(events, []));
    failed.fail('stream broke');
    expect(failed.nextBatch().events).toHaveLength(2);
    expect(failed.nextBatch()).toMatchObject({ result: 'failed', error: 'stream broke' });
  });
});
