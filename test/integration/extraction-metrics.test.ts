// Which path extraction takes, as an operator sees it through plugin_get_metrics: values served
// from what JS computed with each event, synchronous fallback calls into JS, and the number of
// fields computed with each event.
import { beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixtureLinesFile, runHost } from './host.js';

let lines: string;
let nEvents: number;

// More events than the hand-over queue holds (1024): the ones read after Falco's first request
// are sure to carry precomputed values, however fast the file is read.
const COPIES = 400;

beforeAll(() => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8saudit-xmetrics-'));
  const one = fs.readFileSync(fixtureLinesFile(tmp), 'utf8');
  lines = path.join(tmp, 'many.jsonl');
  fs.writeFileSync(lines, one.repeat(COPIES));
  nEvents = one.trim().split('\n').length * COPIES;
});

const FIELDS = ['ka.verb', 'ka.user.name', 'ka.target.resource'];

describe('extraction metrics', () => {
  it('count precomputed values and fallback calls, and show the fields computed per event', async () => {
    const run = await runHost(['--metrics', '--open', lines, '--quiet', '--fields', FIELDS.join(',')]);
    expect(run.code).toBe(0);
    const m = run.summary['metrics'] as Record<string, number>;
    const calls = run.summary['extract_calls'] as number;
    expect(calls).toBe(nEvents * FIELDS.length);
    // Events queued before Falco's first request carry no values: each costs one fallback call,
    // which computes all its fields at once. Every other call is served precomputed.
    expect(m['extract_fallback_calls']).toBeGreaterThanOrEqual(1);
    expect(m['values_precomputed']! + m['extract_fallback_calls']! * FIELDS.length).toBeGreaterThanOrEqual(calls);
    expect(m['values_precomputed']).toBeGreaterThan(0);
    expect(m['values_precomputed']).toBeLessThanOrEqual(calls);
    expect(m['fields_precomputed_per_event']).toBe(FIELDS.length);
  });

  it('show every extraction going through JS when precomputation is off', async () => {
    const run = await runHost(['--metrics', '--open', lines, '--quiet', '--fields', FIELDS.join(','), '--config', '{"precomputeFields":false}']);
    expect(run.code).toBe(0);
    const m = run.summary['metrics'] as Record<string, number>;
    expect(m['values_precomputed'] ?? 0).toBe(0);
    // One call per event; on the first event each field is new when asked, so each costs a call.
    expect(m['extract_fallback_calls']).toBe(nEvents + FIELDS.length - 1);
    expect(m['fields_precomputed_per_event']).toBe(0);
  });
});
