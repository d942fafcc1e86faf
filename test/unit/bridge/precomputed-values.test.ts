// The values precomputed with each event (batch encoder: auditID gate once per event, field
// requests resolved once, short ASCII strings written byte by byte) are, byte for byte, what one
// extraction per request gives, on the golden corpus and on inputs chosen to break shortcuts.
import { describe, expect, it } from 'vitest';
import { extractField } from '../../../src/audit/extract.js';
import type { FieldResult } from '../../../src/audit/result.js';
import { parsePayload } from '../../../src/audit/payload.js';
import { BatchEncoder } from '../../../src/bridge/batch-encoder.js';
import { ByteWriter } from '../../../src/bridge/byte-writer.js';
import { FieldSlots } from '../../../src/bridge/field-slots.js';
import type { NativeFieldRequest } from '../../../src/bridge/native-binding.js';
import { parseRequest, readJsonl } from '../audit/helpers.js';

/** Every golden field request as Falco would pass it to the plugin. */
function requests(): NativeFieldRequest[] {
  const [first] = readJsonl<{ fields: Record<string, unknown> }>('golden/k8saudit-golden.jsonl');
  return Object.keys(first!.fields).map((text) => {
    const { id, arg } = parseRequest(text);
    if (id === undefined) throw new Error(`unknown field in ${text}`);
    if (arg.kind === 'index') return { id, kind: 1, index: arg.index, key: '' };
    if (arg.kind === 'key') return { id, kind: 2, index: 0n, key: arg.key };
    return { id, kind: 0, index: 0n, key: '' };
  });
}

/** Reads a batch back (native/core/event_batch.h): per event its data and one result per slot. */
function decodeBatch(bytes: Uint8Array): Array<{ data: string; results: FieldResult[] }> {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const u32 = (): number => {
    const v = b.readUInt32LE(at);
    at += 4;
    return v;
  };
  const str = (nul: boolean): string => {
    const n = u32();
    const s = b.toString('utf8', at, at + n);
    at += n + (nul ? 1 : 0);
    return s;
  };
  const count = u32();
  const k = u32();
  const out = [];
  for (let e = 0; e < count; e++) {
    at += 8; // ts
    const data = str(false);
    const results: FieldResult[] = [];
    for (let s = 0; s < k; s++) {
      const status = b[at++];
      if (status === 1) {
        results.push({ kind: 'error', message: str(true) });
      } else {
        const n = u32();
        const values = [];
        for (let i = 0; i < n; i++) values.push(str(true));
        results.push({ kind: 'values', values });
      }
    }
    out.push({ data, results });
  }
  return out;
}

function expectSameAsOneByOne(payloads: string[]): number {
  const reqs = requests();
  const slots = new FieldSlots().refresh({ fieldRequests: (known) => reqs.slice(known) });
  const events = payloads.flatMap((p) => parsePayload(p, 1 << 20).events);
  const decoded = decodeBatch(new BatchEncoder().encode(events, slots));
  expect(decoded).toHaveLength(events.length);
  events.forEach((ev, i) => {
    expect(decoded[i]!.data).toBe(ev.data);
    slots.forEach((slot, s) => {
      const direct = extractField(ev.root, slot.id, slot.arg);
      expect(decoded[i]!.results[s], `event ${i} slot ${s}`).toEqual(direct.kind === 'values' ? { kind: 'values', values: [...direct.values] } : direct);
    });
  });
  return events.length * slots.length;
}

const event = (members: string): string =>
  `{"kind":"Event","auditID":"a-1","stage":"ResponseComplete","stageTimestamp":"2024-01-02T03:04:05.000006Z",${members}}`;

// Each one breaks a shortcut a faster path could take: first-wins duplicate keys, number text
// kept as written (beyond 2^53, exponents, -0), escapes, lone surrogates, non-ASCII and long
// values (both string writers), NUL (cut), whitespace between tokens, no auditID (the gate).
const TRICKY = [
  event('"verb":"get","verb":"delete","user":{"username":"a","username":"b"}'),
  event('"responseStatus":{"code":18446744073709551617},"objectRef":{"resource":"pods","name":9007199254740993}'),
  event('"responseStatus":{"code":1e2},"objectRef":{"name":-0,"namespace":1.50}'),
  event('"user":{"username":"\\u00e9t\\u00e9 \\ud83d\\ude00 \\"q\\" \\/"},"verb":"\\u0063reate"'),
  event('"user":{"username":"lone \\ud800 high, \\udc00 low"},"objectRef":{"name":"\\ud800\\ud800"}'),
  event('"user":{"username":"réel — 漢字 😀"},"objectRef":{"name":"' + 'x'.repeat(64) + '","namespace":"' + 'y'.repeat(65) + '"}'),
  event('"user":{"username":"cut\\u0000here"},"verb":"\\u0000"'),
  event('"annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":"RBAC: allowed by ClusterRoleBinding \\"x\\""}'),
  '{ "kind" : "Event" , "auditID" : "w" , "stageTimestamp" : "2024-01-02T03:04:05Z" , "verb" : [ 1 , 2 ] , "requestObject" : { "spec" : { "containers" : [ { "image" : "nginx:1" } , { "image" : "a@sha256:0" } ] } } }',
  '{"kind":"Event","stageTimestamp":"2024-01-02T03:04:05Z","verb":"get","user":{"username":"no-audit-id"}}',
];

describe('precomputed values', () => {
  it('equal one extraction per request on every golden event', () => {
    const golden = readJsonl<{ payload: string }>('golden/k8saudit-golden.jsonl');
    expect(expectSameAsOneByOne(golden.map((e) => e.payload))).toBeGreaterThan(150 * 268 - 1);
  });

  it('equal one extraction per request on inputs that break shortcuts', () => {
    expect(expectSameAsOneByOne(TRICKY)).toBe(TRICKY.length * 268);
  });
});

describe('ByteWriter.string', () => {
  it('writes what Buffer.write writes, on both sides of the short-ASCII path', () => {
    const samples = ['', 'a', 'create', 'x'.repeat(64), 'x'.repeat(65), 'é', 'x'.repeat(63) + 'é', '\ud800', 'a\ud83d\ude00b', '\u007f\u0080', 'nul\u0000inside'];
    for (const s of samples) {
      for (const nul of [false, true]) {
        const w = new ByteWriter(4);
        w.string(s, nul);
        const bytes = Buffer.from(s, 'utf8');
        const want = Buffer.concat([Buffer.alloc(4), bytes, nul ? Buffer.from([0]) : Buffer.alloc(0)]);
        want.writeUInt32LE(bytes.length, 0);
        expect(Buffer.from(w.view()), JSON.stringify(s)).toEqual(want);
      }
    }
  });
});
