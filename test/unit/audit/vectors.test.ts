// Spec §4.1 extraction vectors (E1–E146, POD cases) plus our deviation vectors (D*), table-driven
// from test/fixtures/audit-vectors/extraction.json. Vectors whose expectation differs from upstream
// carry `deviation` (and `upstream`, the value upstream gives). Vectors where the spec table and the
// golden data (upstream called through the plugin ABI, as Falco does) disagree follow the golden
// data and carry `golden` (why) and `spec` (the spec table's value).
import { describe, expect, it } from 'vitest';
import { extractRequest, readFixture } from './helpers.js';

interface Vector {
  id: string;
  data: string;
  field: string;
  arg?: string;
  expect: { nv?: true; err?: true; values?: string[] };
  upstream?: Vector['expect'];
  deviation?: string;
  spec?: Vector['expect'];
  golden?: string;
}

const vectors = JSON.parse(readFixture('audit-vectors/extraction.json')) as Vector[];

describe('extraction vectors', () => {
  it('covers E1–E146', () => {
    const ids = new Set(vectors.map((v) => v.id));
    for (let i = 1; i <= 146; i++) expect(ids.has(`E${i}`), `E${i}`).toBe(true);
  });

  it.each(vectors.map((v) => [`${v.id}${v.deviation ? ' (deviation)' : v.golden ? ' (as golden)' : ''} ${v.field}[${v.arg ?? ''}]`, v] as const))(
    '%s',
    (_name, v) => {
      const request = v.arg === undefined ? v.field : `${v.field}[${v.arg}]`;
      const r = extractRequest(v.data, request);
      if (v.expect.err) expect(r.kind).toBe('error');
      else if (v.expect.nv) expect(r).toEqual({ kind: 'values', values: [] });
      else expect(r).toEqual({ kind: 'values', values: v.expect.values });
    },
  );
});
