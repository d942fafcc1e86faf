// Hostile and malformed input: nothing may escape parsePayload / parseEventData / extractField, and
// good events still come out.
import { describe, expect, it } from 'vitest';
import { type FieldArg, type FieldResult, extractField, parseEventData } from '../../../src/audit/extract.js';
import { FIELDS } from '../../../src/audit/fields.js';
import type { JsonNode } from '../../../src/audit/json.js';
import { parsePayload } from '../../../src/audit/payload.js';
import { readFixture } from './helpers.js';

const RICH = readFixture('audit-vectors/rich-event.json').trim();
const TS = '2024-01-02T03:04:05Z';

/** Every field with a spread of arguments, including upstream's crashing ones. */
const REQUESTS: [number, FieldArg][] = FIELDS.flatMap((f, id): [number, FieldArg][] => {
  if (f.arg === 'key') return ['', '*', '/etc', 'command', 'x*', '/'].map((key) => [id, { kind: 'key', key }]);
  if (f.arg === 'none') return [[id, { kind: 'none' }]];
  const idx = [0n, 1n, 5n, 2n ** 63n, 2n ** 64n - 2n, 2n ** 64n - 1n];
  return [[id, { kind: 'none' }], ...idx.map((index): [number, FieldArg] => [id, { kind: 'index', index }])];
});

/** A well-formed result: string values without NUL, or a deliberate error (not a caught exception). */
function wellFormed(r: FieldResult): boolean {
  if (r.kind === 'error') return typeof r.message === 'string' && !r.message.startsWith('extraction failed');
  return r.kind === 'values' && Array.isArray(r.values) && r.values.every((v) => typeof v === 'string' && !v.includes('\u0000'));
}

/** Runs every request; returns how many results were not well-formed (plain checks: expect() is slow). */
function extractAll(root: JsonNode): number {
  let bad = 0;
  for (const [id, arg] of REQUESTS) if (!wellFormed(extractField(root, id, arg))) bad++;
  return bad;
}

/** All paths (object keys and array indexes) of a JSON value. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.flatMap((e, i) => [[...prefix, i], ...paths(e, [...prefix, i])]);
  if (typeof v === 'object' && v !== null) return Object.entries(v).flatMap(([k, e]) => [[...prefix, k], ...paths(e, [...prefix, k])]);
  return [];
}

function replaced(v: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(v) as Record<string | number, unknown>;
  let cur = copy;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  cur[path[path.length - 1]!] = value;
  return copy;
}

describe('malformed input', () => {
  it('the rich event has a value for every field', () => {
    const root = parseEventData(RICH) as JsonNode;
    const withValue = new Set<number>();
    for (const [id, arg] of REQUESTS) {
      const r = extractField(root, id, arg);
      if (r.kind === 'values' && r.values.length > 0) withValue.add(id);
    }
    expect(withValue.size).toBe(FIELDS.length);
  });

  it('wrong JSON types at every path never throw', () => {
    const event = JSON.parse(RICH) as unknown;
    const replacements: unknown[] = [42, 'str', [], [1, 'x', null, {}], null, {}, true, { '': { '': [] } }];
    let variants = 0;
    let bad = 0;
    for (const p of paths(event)) {
      for (const value of replacements) {
        const root = parseEventData(JSON.stringify(replaced(event, p, value)));
        if (root instanceof Error) throw root;
        bad += extractAll(root);
        variants++;
      }
    }
    expect(variants).toBeGreaterThan(1000);
    expect(bad).toBe(0);
  });

  it('truncated JSON: every prefix is rejected cleanly', () => {
    const line = readFixture('audit/create_nginx_pod_privileged.json').trim();
    for (let n = 0; n < line.length; n++) {
      const text = line.slice(0, n);
      const r = parsePayload(text, 262144);
      expect(r.events).toEqual([]);
      expect(r.issues.map((i) => i.kind)).toEqual(['payload_rejected']);
      expect(parseEventData(text)).toBeInstanceOf(Error);
    }
    expect(parsePayload(line, 262144).events).toHaveLength(1);
  });

  it('random byte mutations never throw', () => {
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = '{}[]",:\\ 0123456789eE.+-tfnaxu\u0000\t\n';
    let bad = 0;
    for (let i = 0; i < 3000; i++) {
      const chars = [...RICH];
      for (let k = 1 + rand(4); k > 0; k--) {
        const pos = rand(chars.length);
        const op = rand(3);
        if (op === 0) chars.splice(pos, 1);
        else if (op === 1) chars.splice(pos, 0, alphabet[rand(alphabet.length)]!);
        else chars[pos] = alphabet[rand(alphabet.length)]!;
      }
      const text = chars.join('');
      // parsePayload catches everything: an 'internal error' issue would mean an unexpected exception.
      if (parsePayload(text, 262144).issues.some((x) => x.message.startsWith('internal error'))) bad++;
      const root = parseEventData(text);
      if (!(root instanceof Error)) bad += extractAll(root);
    }
    expect(bad).toBe(0);
  });

  it('huge strings (several MB) are handled', () => {
    const big = 'a'.repeat(6 * 1024 * 1024);
    const text = `{"kind":"Event","auditID":"big","stageTimestamp":"${TS}","userAgent":"${big}","requestURI":"/p?x=${big}","requestObject":{"spec":{"containers":[{"name":"c","command":["${big}"]}]}}}`;
    expect(parsePayload(text, 262144)).toMatchObject({ events: [], issues: [{ kind: 'event_too_large' }] });
    const r = parsePayload(text, 64 * 1024 * 1024);
    expect(r.events).toHaveLength(1);
    const root = r.events[0]!.root;
    const ua = extractField(root, FIELDS.findIndex((f) => f.name === 'ka.useragent'), { kind: 'none' });
    expect(ua.kind === 'values' && ua.values[0]!.length).toBe(big.length);
    const x = extractField(root, FIELDS.findIndex((f) => f.name === 'ka.uri.param'), { kind: 'key', key: 'x' });
    expect(x.kind === 'values' && x.values[0]!.length).toBe(big.length);
    expect(extractAll(root)).toBe(0);
  });

  it('a huge line of many events is fine', () => {
    const items = Array.from({ length: 20000 }, (_, i) => `{"auditID":"e${i}","stageTimestamp":"${TS}","verb":"get"}`);
    const r = parsePayload(`{"kind":"EventList","items":[${items.join(',')}]}`, 262144);
    expect(r.events).toHaveLength(20000);
    expect(r.events[19999]!.auditId).toBe('e19999');
  });

  it.each([299, 301, 100000])('nesting %i levels deep does not overflow the stack', (depth) => {
    const value = '['.repeat(depth) + ']'.repeat(depth);
    const text = `{"kind":"Event","auditID":"d","stageTimestamp":"${TS}","requestObject":${value}}`;
    const r = parsePayload(text, 1 << 30);
    expect(r.events.length).toBe(depth < 300 ? 1 : 0);
    const root = parseEventData(text);
    if (depth < 300) expect(extractAll(root as JsonNode)).toBe(0);
    else expect(root).toBeInstanceOf(Error);
    const objects = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    expect(() => parsePayload(objects, 1 << 30)).not.toThrow();
    expect(() => parseEventData(`[${objects}]`)).not.toThrow();
  });

  it('EventList bad items are dropped, good ones kept', () => {
    const good = `{"kind":"Event","auditID":"good","stageTimestamp":"${TS}"}`;
    const text = `{"kind":"EventList","items":[1,"x",null,[],{},{"stageTimestamp":5},{"stageTimestamp":"nope"},[${good}],${good}]}`;
    const r = parsePayload(text, 262144);
    expect(r.events.map((e) => e.auditId)).toEqual(['good']);
    expect(r.issues).toHaveLength(8);
    expect(r.issues.every((i) => i.kind === 'event_dropped')).toBe(true);
  });

  it('parseEventData rejects data not starting with { or [', () => {
    for (const d of ['', ' {}', '"x"', '42', 'null', '\ufeff{}']) expect(parseEventData(d)).toBeInstanceOf(Error);
    expect(parseEventData('[1]')).not.toBeInstanceOf(Error);
  });

  it('extractField never throws on odd roots, ids and args', () => {
    for (const text of ['[]', '["x"]', '{}', '{"auditID":null}', '{"auditID":{"auditID":1}}']) {
      const root = parseEventData(text) as JsonNode;
      expect(extractAll(root)).toBe(0);
      for (const id of [-1, 100, 1.5, Number.NaN]) expect(extractField(root, id, { kind: 'none' }).kind).toBe('error');
    }
  });

  it('cuts values at the first NUL', () => {
    const root = parseEventData('{"auditID":"a\\u0000b","user":{"groups":["x\\u0000y","z"]}}') as JsonNode;
    expect(extractField(root, 0, { kind: 'none' })).toEqual({ kind: 'values', values: ['a'] });
    expect(extractField(root, 9, { kind: 'none' })).toEqual({ kind: 'values', values: ['x', 'z'] });
  });
});
