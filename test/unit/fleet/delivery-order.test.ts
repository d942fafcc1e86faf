import { describe, expect, it } from 'vitest';
import { DeliveryOrder } from '../../../src/sources/ldp/delivery-order.js';

describe('DeliveryOrder: each stream’s share of one consumer count', () => {
  it('splits returned and finished counts by the order events were handed over', () => {
    const order = new DeliveryOrder(3);
    order.record(0, 2);
    order.record(1, 3);
    order.record(0, 1);
    order.record(2, 4);
    order.advance({ returned: 6, finished: 4 });
    expect([0, 1, 2].map((s) => order.progressOf(s))).toEqual([
      { returned: 3, finished: 2 },
      { returned: 3, finished: 2 },
      { returned: 0, finished: 0 },
    ]);
    order.advance({ returned: 10, finished: 10 });
    expect(order.progressOf(2)).toEqual({ returned: 4, finished: 4 });
    expect(order.pushedBy(0)).toBe(3);
  });

  it('counts events added to the run a cursor already reached the end of', () => {
    const order = new DeliveryOrder(2);
    order.record(0, 1);
    order.advance({ returned: 1, finished: 1 });
    order.record(0, 4);
    order.advance({ returned: 5, finished: 3 });
    expect(order.progressOf(0)).toEqual({ returned: 5, finished: 3 });
  });

  it('stays exact over many runs while its log is trimmed', () => {
    const order = new DeliveryOrder(2);
    const expected = [0, 0];
    let total = 0;
    for (let i = 0; i < 20_000; i++) {
      const stream = i % 3 === 0 ? 1 : 0;
      const n = 1 + (i % 5);
      order.record(stream, n);
      total += n;
      if (total - 7 > 0 && i % 7 === 0) order.advance({ returned: total - 3, finished: total - 7 });
      expected[stream] = (expected[stream] ?? 0) + n;
    }
    order.advance({ returned: total, finished: total });
    expect([order.progressOf(0).returned, order.progressOf(1).finished]).toEqual(expected);
  });
});
