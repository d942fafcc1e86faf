// NativeSink against the real bridge addon: batching, precomputed slots, end/fail order,
// redaction of what reaches Falco's log, and the pause/drain round trip.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { newChannel } from '../bridge/addon.js';
import { NativeSink } from '../../../src/plugin/native-sink.js';
import { FieldSlots } from '../../../src/bridge/field-slots.js';
import { Counters } from '../../../src/plugin/counters.js';
import { parsePayload } from '../../../src/audit/payload.js';
import { fieldIdByName } from '../../../src/audit/fields.js';

const AUDIT = path.resolve(__dirname, '../../fixtures/audit');
const events = fs.readdirSync(AUDIT).sort().flatMap((f) => parsePayload(fs.readFileSync(path.join(AUDIT, f), 'utf8'), 262144).events);

const tick = () => new Promise((r) => setImmediate(r));

describe('NativeSink', () => {
  it('hands events over in batches of at most batchMaxEvents, precomputing requested fields', async () => {
    const ch = newChannel();
    const verb = ch.requestField(fieldIdByName('ka.verb')!, 0);
    const sink = new NativeSink(ch, new FieldSlots(), new Counters(), { batchMaxEvents: 8, precomputeFields: true });
    expect(sink.push(events)).toBe(true);
    await tick();
    const got = ch.nextBatch(8);
    expect(got.events).toHaveLength(8);
    expect(ch.precomputed(0, verb)).toEqual({ values: [JSON.parse(events[0]!.data)['verb']] });
    let total = 8;
    for (let r = ch.nextBatch(8); r.result === 'events'; r = ch.nextBatch(8)) total += r.events.length;
    expect(total).toBe(events.length);
  });

  it('does not precompute when precomputeFields is off', async () => {
    const ch = newChannel();
    ch.requestField(fieldIdByName('ka.verb')!, 0);
    const sink = new NativeSink(ch, new FieldSlots(), new Counters(), { batchMaxEvents: 64, precomputeFields: false });
    sink.push(events.slice(0, 2));
    await tick();
    ch.nextBatch();
    expect(ch.precomputed(0, 0)).toBeNull();
  });

  it('delivers pending events before the end and before a failure', () => {
    const ch = newChannel();
    const sink = new NativeSink(ch, new FieldSlots(), new Counters(), { batchMaxEvents: 64, precomputeFields: true });
    sink.push(events.slice(0, 3));
    sink.fail('gave up on wss://gra1.logs.ovh.com/tail/?tk=s3cr3t-token');
    expect(ch.nextBatch().events).toHaveLength(3);
    const failed = ch.nextBatch();
    expect(failed.result).toBe('failed');
    expect(failed.error).not.toContain('s3cr3t');
    expect(failed.error).toContain('tk=***');
  });

  it('redacts the token in log lines', () => {
    const ch = newChannel();
    const sink = new NativeSink(ch, new FieldSlots(), new Counters(), { batchMaxEvents: 64, precomputeFields: true });
    sink.log('warning', 'Connected to wss://gra1.logs.ovh.com/tail/?tk=abc+def/123');
    const logs = ch.takeLogs();
    expect(logs).toEqual(['4 Connected to wss://gra1.logs.ovh.com/tail/?tk=***']);
  });

  it('reports full, then tells its listeners when Falco drained the queue', async () => {
    const ch = newChannel({ maxEvents: 4 });
    const sink = new NativeSink(ch, new FieldSlots(), new Counters(), { batchMaxEvents: 4, precomputeFields: true });
    let drained = 0;
    sink.onDrain(() => drained++);
    ch.setDrainListener(() => sink.drained());
    sink.push(events.slice(0, 4));
    expect(sink.push(events.slice(4, 5))).toBe(false);
    ch.nextBatch(100);
    await tick();
    ch.nextBatch(100);
    expect(drained).toBe(1);
    expect(sink.push(events.slice(5, 6))).toBe(true);
  });
});
