// Spec §4.2 payload vectors (P1–P25): classification, per-candidate validation, event bytes.
import { describe, expect, it } from 'vitest';
import { extractField } from '../../../src/audit/extract.js';
import { FIELDS } from '../../../src/audit/fields.js';
import { parsePayload } from '../../../src/audit/payload.js';

const MAX = 262144;
const TS = '2024-01-02T03:04:05Z';
const TS_NS = 1704164645000000000n;
const ev = (id: string, extra = '', ts = TS): string => `{"kind":"Event","auditID":"${id}","stageTimestamp":"${ts}"${extra}}`;

function run(text: string, max = MAX) {
  const r = parsePayload(text, max);
  return { ...r, ids: r.events.map((e) => e.auditId), kinds: r.issues.map((i) => i.kind) };
}

describe('payload vectors', () => {
  it('P1: one Event, data = input', () => {
    const input = '{"kind":"Event","apiVersion":"audit.k8s.io/v1","auditID":"a1","stageTimestamp":"2024-01-02T03:04:05.123456Z","verb":"get"}';
    const r = run(input);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ data: input, ts: 1704164645123456000n, auditId: 'a1' });
    expect(r.events[0]!.root.kind).toBe('object');
    expect(r.issues).toEqual([]);
  });

  it('P2: compact data keeps number text and escapes', () => {
    const r = run('{"kind":"Event",   "auditID":"a1", "stageTimestamp":"2024-01-02T03:04:05Z", "n": 1.50, "s":"x\\u0041\\"y"}');
    expect(r.events.map((e) => [e.data, e.ts])).toEqual([
      ['{"kind":"Event","auditID":"a1","stageTimestamp":"2024-01-02T03:04:05Z","n":1.50,"s":"x\\u0041\\"y"}', TS_NS],
    ]);
  });

  it('P3: EventList items are candidates; bad ones are dropped alone', () => {
    const r = run(
      '{"kind":"EventList","items":[{"kind":"Event","auditID":"a","stageTimestamp":"2024-01-02T03:04:05Z"},{"auditID":"b","stageTimestamp":"bad"},{"auditID":"c"},{"kind":"Whatever","auditID":"d","stageTimestamp":"2024-01-02T03:04:05+02:00"}]}',
    );
    expect(r.events.map((e) => [e.auditId, e.ts, e.data])).toEqual([
      ['a', TS_NS, '{"kind":"Event","auditID":"a","stageTimestamp":"2024-01-02T03:04:05Z"}'],
      ['d', 1704157445000000000n, '{"kind":"Whatever","auditID":"d","stageTimestamp":"2024-01-02T03:04:05+02:00"}'],
    ]);
    expect(r.kinds).toEqual(['event_dropped', 'event_dropped']);
    expect(r.issues[1]!.message).toBe("can't read stageTimestamp");
  });

  it.each(['{"kind":"EventList","items":[]}', '{"kind":"EventList","items":{}}', '{"kind":"EventList"}'])('P4: %s gives nothing', (p) => {
    expect(run(p).events).toEqual([]);
  });

  it('P5: arrays concatenate Events and EventLists', () => {
    expect(run(`[${ev('a')},{"kind":"EventList","items":[{"auditID":"b","stageTimestamp":"2024-01-02T03:04:06Z"}]}]`).ids).toEqual(['a', 'b']);
  });

  it('P6: one unrecognized array element drops the whole payload', () => {
    const r = run(`[${ev('a')},{"kind":"Foo"},${ev('c')}]`);
    expect(r.events).toEqual([]);
    expect(r.kinds).toEqual(['payload_rejected']);
    expect(r.issues[0]!.message).toBe('data not recognized as a k8s audit event');
  });

  it('P7: nested arrays flatten', () => {
    expect(run(`[[${ev('nested')}]]`).ids).toEqual(['nested']);
  });

  it('P8: [] gives nothing and no issue', () => {
    expect(run('[]')).toMatchObject({ events: [], issues: [] });
  });

  it('P8b: bad candidates inside an array are dropped one by one', () => {
    const r = run(`[${ev('bad', '', 'nope')},${ev('good')},{"kind":"EventList","items":[{"kind":"EventList","items":[]},"str"]}]`);
    expect(r.ids).toEqual(['good']);
    expect(r.kinds).toEqual(['event_dropped', 'event_dropped', 'event_dropped']);
  });

  it.each([
    ['P9', `{"auditID":"nokind","stageTimestamp":"${TS}"}`],
    ['P10 lowercase', `{"kind":"event","auditID":"x","stageTimestamp":"${TS}"}`],
    ['P10 number', `{"kind":1,"auditID":"x","stageTimestamp":"${TS}"}`],
    ['P10 string', '"just a string"'],
    ['scalar', '42'],
  ])('%s: rejected', (_n, p) => {
    expect(run(p)).toMatchObject({ events: [], kinds: ['payload_rejected'] });
  });

  it('P11: no auditID: emitted, every field NV', () => {
    const r = run(`{"kind":"Event","stageTimestamp":"${TS}"}`);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]!.auditId).toBeUndefined();
    FIELDS.forEach((_f, id) => expect(extractField(r.events[0]!.root, id, { kind: 'none' })).toEqual({ kind: 'values', values: [] }));
  });

  it.each(['1704164645', 'null', '{}'])('P12: stageTimestamp %s is dropped', (v) => {
    expect(run(`{"kind":"Event","auditID":"x","stageTimestamp":${v}}`)).toMatchObject({ events: [], kinds: ['event_dropped'] });
  });

  it.each(['2024-01-02 03:04:05Z', '2024-01-02T03:04:05', '2024-01-02t03:04:05z', '2024-02-30T03:04:05Z'])('P13: %s is dropped', (t) => {
    const r = run(ev('x', '', t));
    expect(r).toMatchObject({ events: [], kinds: ['event_dropped'] });
    expect(r.issues[0]!.message).toContain('invalid stageTimestamp');
  });

  it.each([
    ['P14', '2024-01-02T03:04:05,5Z', 1704164645500000000n],
    ['P15', '2024-01-02T03:04:05.5-07:30', 1704191645500000000n],
    ['P16', '2024-01-02T03:04:05.123456789123Z', 1704164645123456789n],
    ['P17', '0001-01-01T00:00:00Z', 18446744073709551615n],
    ['P18', '1960-01-01T00:00:00Z', BigInt.asUintN(64, -315619200000000000n)],
  ])('%s: %s', (_n, t, ns) => {
    expect(run(ev('x', '', t)).events.map((e) => e.ts)).toEqual([ns]);
  });

  it('P19: requestReceivedTimestamp is not used', () => {
    const r = run(`{"kind":"Event","requestReceivedTimestamp":"${TS}","auditID":"x"}`);
    expect(r).toMatchObject({ events: [], kinds: ['event_dropped'] });
    expect(r.issues[0]!.message).toBe("can't read stageTimestamp");
  });

  it('P20: the first kind wins; data keeps both', () => {
    const input = `{"kind":"Event","kind":"EventList","auditID":"dup","stageTimestamp":"${TS}"}`;
    expect(run(input).events.map((e) => e.data)).toEqual([input]);
  });

  it('P21: trailing text rejects, trailing whitespace does not', () => {
    expect(run(`${ev('x')} trailing`)).toMatchObject({ events: [], kinds: ['payload_rejected'] });
    expect(run(`  \t${ev('x')}   \r\n`).ids).toEqual(['x']);
  });

  it('P22: maxEventSize: equal is accepted, larger is dropped', () => {
    const a = ev('x');
    expect(a.length).toBe(70);
    expect(run(a, 70).ids).toEqual(['x']);
    const r = run(ev('xy'), 70);
    expect(r).toMatchObject({ events: [], kinds: ['event_too_large'] });
    expect(r.issues[0]!.message).toBe('event larger than maxEventSize: size=71');
  });

  it('P23: the limit applies to the compact bytes', () => {
    expect(run(`{"kind":"Event", "auditID":"x", "stageTimestamp":"${TS}"}`, 70).ids).toEqual(['x']);
  });

  it('size counts UTF-8 bytes', () => {
    const r = run(ev('é'), 70);
    expect(r.kinds).toEqual(['event_too_large']);
  });

  it('P24: kind and stageTimestamp come back decoded', () => {
    const r = run('{"kind":"Ev\\u0065nt","auditID":"x","stageTimestamp":"2024-01-02T03:04:05\\u005A"}');
    expect(r.events.map((e) => e.data)).toEqual([`{"kind":"Event","auditID":"x","stageTimestamp":"${TS}"}`]);
  });

  it('escaped member names of the event come back decoded; nested ones as written', () => {
    const r = run(`{"kind":"Event","audit\\u0049D":"x","stageTimestamp":"${TS}","o":{"k\\u0065y":"v\\u0041"}}`);
    expect(r.events.map((e) => [e.data, e.auditId])).toEqual([
      [`{"kind":"Event","auditID":"x","stageTimestamp":"${TS}","o":{"k\\u0065y":"v\\u0041"}}`, 'x'],
    ]);
  });

  it('EventList items keep their own kind as written', () => {
    const r = run(`{"kind":"EventList","items":[{"kind":"Ev\\u0065nt","auditID":"x","stageTimestamp":"${TS}"}]}`);
    expect(r.events.map((e) => e.data)).toEqual([`{"kind":"Ev\\u0065nt","auditID":"x","stageTimestamp":"${TS}"}`]);
  });

  it('P25: nesting deeper than 300 rejects the payload', () => {
    const nested = (n: number): string => '['.repeat(n) + ']'.repeat(n);
    expect(run(ev('ok', `,"x":${nested(299)}`)).ids).toEqual(['ok']);
    expect(run(ev('deep', `,"x":${nested(300)}`))).toMatchObject({ events: [], kinds: ['payload_rejected'] });
    expect(run(ev('deep', `,"x":${nested(301)}`))).toMatchObject({ events: [], kinds: ['payload_rejected'] });
  });

  it('auditId is set only for a string auditID', () => {
    expect(run(`[${ev('a\\u0041')},{"kind":"Event","auditID":7,"stageTimestamp":"${TS}"}]`).ids).toEqual(['aA', undefined]);
  });

  it('rejects invalid JSON with a short message', () => {
    const r = run('{"kind":"Event",');
    expect(r.kinds).toEqual(['payload_rejected']);
    expect(r.issues[0]!.message).toMatch(/^invalid JSON: /);
    expect(r.issues[0]!.message.length).toBeLessThan(100);
  });
});
