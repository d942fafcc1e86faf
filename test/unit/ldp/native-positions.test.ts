// The native pieces resuming relies on, through the real bridge addon: what Falco took of the
// queue (returned by next_batch, and finished once it asked for more), and the process-wide store
// positions wait in between two plugin instances.
import { describe, expect, it } from 'vitest';
import { newChannel } from '../bridge/addon.js';
import { BatchEncoder } from '../../../src/bridge/batch-encoder.js';
import { parsePayload } from '../../../src/audit/payload.js';
import { auditEvents } from './helpers.js';

function batch(from: number, count: number): Uint8Array {
  const events = auditEvents(from, count).flatMap((text) => parsePayload(text, 262144).events);
  return new BatchEncoder().encode(events, []);
}

describe('native delivery progress', () => {
  it('counts events returned to Falco, and finished once Falco asks for more', () => {
    const ch = newChannel();
    expect(ch.deliveryProgress()).toEqual({ returned: 0, finished: 0 });
    ch.pushBatch(batch(0, 3));
    ch.pushBatch(batch(3, 4));
    expect(ch.deliveryProgress()).toEqual({ returned: 0, finished: 0 }); // queued, not handed out
    expect(ch.nextBatch(3).events).toHaveLength(3);
    expect(ch.deliveryProgress()).toEqual({ returned: 3, finished: 0 });
    expect(ch.nextBatch(10).events).toHaveLength(4);
    expect(ch.deliveryProgress()).toEqual({ returned: 7, finished: 3 });
    expect(ch.nextBatch(10).result).toBe('timeout');
    expect(ch.deliveryProgress()).toEqual({ returned: 7, finished: 7 });
  });

  it('hands a queued batch out one event per call as the plugin does for Falco, each finished when Falco comes back', () => {
    const ch = newChannel();
    ch.pushBatch(batch(0, 3));
    ch.pushBatch(batch(3, 2));
    const seen: string[] = [];
    for (let k = 1; k <= 5; k++) {
      const got = ch.nextBatch(1);
      expect(got.events).toHaveLength(1);
      seen.push((JSON.parse(got.events[0]!.data.toString('utf8')) as { auditID: string }).auditID);
      // The one just handed out may still be dropped by Falco's loop: only the ones before it count.
      expect(ch.deliveryProgress()).toEqual({ returned: k, finished: k - 1 });
    }
    expect(seen).toEqual(['ev-0', 'ev-1', 'ev-2', 'ev-3', 'ev-4']);
    expect(ch.nextBatch(1).result).toBe('timeout');
    expect(ch.deliveryProgress()).toEqual({ returned: 5, finished: 5 });
  });
});

describe('native stream position store', () => {
  it('is shared by every binding of the process; take removes', () => {
    const a = newChannel();
    const b = newChannel();
    const stream = `ws://127.0.0.1:${process.pid}/tail/`;
    expect(b.takeStreamPosition(stream)).toBeUndefined();
    a.keepStreamPosition(stream, '{"first":1}');
    a.keepStreamPosition(stream, '{"second":2}');
    expect(b.takeStreamPosition(stream)).toBe('{"second":2}');
    expect(a.takeStreamPosition(stream)).toBeUndefined();
    expect(() => (a.keepStreamPosition as (...args: unknown[]) => void)(stream)).toThrow(/expects \(stream, position\) strings/);
  });
});
