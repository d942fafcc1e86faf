// Events keep the token index of their payload in a ring that later payloads overwrite: an event
// encoded after the ring came round to its tokens is parsed again from its text, with the same values.
import { describe, expect, it } from 'vitest';
import { extractField, parseEventData } from '../../../src/audit/extract.js';
import { parsePayload } from '../../../src/audit/payload.js';
import { BatchEncoder } from '../../../src/bridge/batch-encoder.js';
import { FieldSlots } from '../../../src/bridge/field-slots.js';
import { fieldIdByName } from '../../../src/audit/fields.js';
import { readJsonl } from '../audit/helpers.js';

describe('events encoded long after their payload was parsed', () => {
  it('give the values of their own text, ring overwritten or not', () => {
    const golden = readJsonl<{ payload: string }>('golden/k8saudit-golden.jsonl').map((g) => g.payload);
    const events = Array.from({ length: 3000 }, (_, i) => parsePayload(golden[i % golden.length]!, 1 << 20).events).flat();
    const overwritten = events.filter((e) => !e.doc.intact()).length;
    expect(overwritten).toBeGreaterThan(0);
    expect(overwritten).toBeLessThan(events.length);
    const names = ['ka.verb', 'ka.user.name', 'ka.target.resource', 'ka.req.pod.containers.image', 'ka.uri.param'];
    const reqs = names.map((n) => ({ id: fieldIdByName(n)!, kind: n === 'ka.uri.param' ? 2 : 0, index: 0n, key: n === 'ka.uri.param' ? 'watch' : '' }) as const);
    const slots = new FieldSlots().refresh({ fieldRequests: (known) => reqs.slice(known) });
    const bytes = Buffer.from(new BatchEncoder().encode(events, slots));
    // Each event's value blocks as the batch holds them, against one extraction from its own text.
    let at = 8;
    for (const ev of events) {
      at += 8;
      const len = bytes.readUInt32LE(at);
      expect(bytes.toString('utf8', at + 4, at + 4 + len)).toBe(ev.data);
      at += 4 + len;
      const root = parseEventData(ev.data);
      if (root instanceof Error) throw root;
      for (const slot of slots) {
        const want = extractField(root, slot.id, slot.arg);
        expect(bytes[at++]).toBe(want.kind === 'values' ? 0 : 1);
        if (want.kind === 'error') {
          const l = bytes.readUInt32LE(at);
          expect(bytes.toString('utf8', at + 4, at + 4 + l)).toBe(want.message);
          at += 4 + l + 1;
          continue;
        }
        const n = bytes.readUInt32LE(at);
        at += 4;
        const got: string[] = [];
        for (let k = 0; k < n; k++) {
          const l = bytes.readUInt32LE(at);
          got.push(bytes.toString('utf8', at + 4, at + 4 + l));
          at += 4 + l + 1;
        }
        expect(got).toEqual(want.values);
      }
    }
    expect(at).toBe(bytes.length);
  });
});
