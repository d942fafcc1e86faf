import { describe, expect, it } from 'vitest';
import { parsePayload } from '../../../src/audit/payload.js';
import { extractField, parseEventData } from '../../../src/audit/extract.js';
import { fieldIdByName } from '../../../src/audit/fields.js';
import type { ProducedEvent } from '../../../src/audit/event.js';
import { memberValueSpan, withClusterName } from '../../../src/sources/ldp/cluster-name.js';

function event(members: Record<string, unknown>): ProducedEvent {
  const text = JSON.stringify({ kind: 'Event', auditID: 'a-1', stageTimestamp: '2026-11-01T00:00:00Z', ...members });
  const { events } = parsePayload(text, 1 << 20);
  expect(events).toHaveLength(1);
  return events[0]!;
}

const CLUSTER = fieldIdByName('ka.cluster.name')!;
const AUTH = fieldIdByName('ka.auth.decision')!;

/** The field from the tree (precomputed path) and from the bytes alone (fallback path): they must agree. */
function field(ev: ProducedEvent, id: number): unknown {
  const fromTree = extractField(ev.root, id, { kind: 'none' });
  const reparsed = parseEventData(ev.data);
  if (reparsed instanceof Error) throw reparsed;
  expect(extractField(reparsed, id, { kind: 'none' })).toEqual(fromTree);
  return fromTree;
}

describe('the cluster name written into the event', () => {
  it('adds annotations when the event has none', () => {
    const ev = withClusterName(event({ verb: 'get' }), 'prod.eu-1');
    expect(ev.data).toBe('{"kind":"Event","auditID":"a-1","stageTimestamp":"2026-11-01T00:00:00Z","verb":"get","annotations":{"cluster_name":"prod.eu-1"}}');
    expect(field(ev, CLUSTER)).toEqual({ kind: 'values', values: ['prod.eu-1'] });
  });

  it('puts it first in existing annotations, the others kept', () => {
    const ev = withClusterName(event({ annotations: { 'authorization.k8s.io/decision': 'allow' }, verb: 'get' }), 'prod');
    expect(ev.data).toContain('"annotations":{"cluster_name":"prod","authorization.k8s.io/decision":"allow"},"verb":"get"}');
    expect(field(ev, CLUSTER)).toEqual({ kind: 'values', values: ['prod'] });
    expect(field(ev, AUTH)).toEqual({ kind: 'values', values: ['allow'] });
  });

  it('fills empty or null annotations', () => {
    expect(withClusterName(event({ annotations: {} }), 'c').data).toContain('"annotations":{"cluster_name":"c"}}');
    const ev = withClusterName(event({ annotations: null }), 'c');
    expect(ev.data).toContain('"annotations":{"cluster_name":"c"}}');
    expect(field(ev, CLUSTER)).toEqual({ kind: 'values', values: ['c'] });
  });

  it('keeps an event’s own cluster_name, and leaves annotations that are not an object alone', () => {
    const own = event({ annotations: { cluster_name: 'theirs' } });
    expect(withClusterName(own, 'ours')).toBe(own);
    const odd = event({ annotations: 'text' });
    expect(withClusterName(odd, 'ours')).toBe(odd);
  });

  it('finds the top-level member, not a nested one or text that looks like it', () => {
    const ev = withClusterName(
      event({ requestObject: { annotations: { x: '"annotations":{' }, s: 'a}"]' }, annotations: { k: '{[' } }),
      'c',
    );
    expect(ev.data).toContain('"requestObject":{"annotations":{"x":"\\"annotations\\":{"},"s":"a}\\"]"},"annotations":{"cluster_name":"c","k":"{["}}');
    expect(field(ev, CLUSTER)).toEqual({ kind: 'values', values: ['c'] });
  });

  it('spans every member of compact data', () => {
    const data = '{"a":1,"b":"x,}","c":[1,{"d":null}],"e":true}';
    expect([0, 1, 2, 3].map((i) => data.slice(...memberValueSpan(data, i)!))).toEqual(['1', '"x,}"', '[1,{"d":null}]', 'true']);
    expect(memberValueSpan(data, 4)).toBeUndefined();
  });
});
