// Micro-check of the design: an event is parsed once, then every field is extracted from the parse
// tree many times. Timings are printed, not asserted.
import { describe, expect, it } from 'vitest';
import { extractField, parseEventData } from '../../../src/audit/extract.js';
import { FIELDS } from '../../../src/audit/fields.js';
import type { JsonNode } from '../../../src/audit/json.js';
import { parsePayload } from '../../../src/audit/payload.js';
import { readFixture } from './helpers.js';

describe('extraction cost', () => {
  it('extracts all 100 fields of a ~2 KB event 10k times from one parse', () => {
    const data = readFixture('audit-vectors/rich-event.json').trim();
    expect(data.length).toBeGreaterThan(1500);
    const root = parseEventData(data) as JsonNode;
    const args = FIELDS.map((f) => (f.arg === 'key' ? ({ kind: 'key', key: f.name === 'ka.uri.param' ? 'command' : '/etc' } as const) : ({ kind: 'none' } as const)));
    const first = FIELDS.map((_f, id) => extractField(root, id, args[id]!));
    const t0 = performance.now();
    let values = 0;
    for (let i = 0; i < 10_000; i++) {
      for (let id = 0; id < FIELDS.length; id++) {
        const r = extractField(root, id, args[id]!);
        if (r.kind === 'values') values += r.values.length;
      }
    }
    const ms = performance.now() - t0;
    console.log(`extract: 1,000,000 extractions in ${ms.toFixed(0)} ms (${((ms * 1000) / 1e6).toFixed(2)} µs each), ${values} values`);
    // Same answers every time: extraction reads the tree, it never re-parses or mutates it.
    expect(FIELDS.map((_f, id) => extractField(root, id, args[id]!))).toEqual(first);
  });

  it('parses payloads at a reasonable rate', () => {
    const line = readFixture('audit/create_nginx_pod_privileged.json').trim();
    const t0 = performance.now();
    for (let i = 0; i < 10_000; i++) parsePayload(line, 262144);
    const ms = performance.now() - t0;
    console.log(`payload: 10,000 x ${line.length} B in ${ms.toFixed(0)} ms (${((ms * 1000) / 1e4).toFixed(1)} µs each)`);
  });
});
