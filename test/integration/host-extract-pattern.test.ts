// The plugin host's replay of Falco's extraction pattern (--extract-pattern) and its CPU
// accounting by thread, which the Falco-shaped benchmark relies on: the calls per event follow
// the weights, rare fields are asked for a share of the events (the rarer ones on events that
// also ask the less rare ones), repeated calls give the values a single call gives.
import { beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, runHost } from './host.js';

let tmp: string;
let events: string;
let nEvents: number;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8saudit-pattern-'));
  const lines = fs
    .readdirSync(path.join(FIXTURES, 'audit'))
    .sort()
    .map((f) => fs.readFileSync(path.join(FIXTURES, 'audit', f), 'utf8').trim());
  const all: string[] = [];
  for (let i = 0; i < 10; i++) all.push(...lines);
  nEvents = all.length;
  events = path.join(tmp, 'events.jsonl');
  fs.writeFileSync(events, all.join('\n') + '\n');
});

function patternFile(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

const WEIGHTS = '# field, calls per event\nka.verb 2.5\nka.user.name 1\nka.target.name 0.5\nka.uri.param[command] 0.25\n';

describe('k8saudit-host --extract-pattern', () => {
  it('asks each field as often as its weight says, rare fields on a share of the events', async () => {
    const run = await runHost(['--open', events, '--extract-pattern', patternFile('p.txt', WEIGHTS)]);
    expect(run.code).toBe(0);
    expect(run.events).toHaveLength(nEvents);
    const perEvent = run.summary['extract_calls'] / nEvents;
    expect(perEvent).toBeGreaterThan(4.25 * 0.85);
    expect(perEvent).toBeLessThan(4.25 * 1.15);
    const asked = (field: string) => run.events.filter((e) => field in e.fields).length;
    expect(asked('ka.verb')).toBe(nEvents);
    expect(asked('ka.user.name')).toBe(nEvents);
    expect(asked('ka.target.name') / nEvents).toBeGreaterThan(0.35);
    expect(asked('ka.target.name') / nEvents).toBeLessThan(0.65);
    expect(asked('ka.uri.param[command]')).toBeGreaterThan(0);
    for (const e of run.events) {
      if ('ka.uri.param[command]' in e.fields) expect(e.fields).toHaveProperty(['ka.target.name']);
    }
  });

  it('gives the values one call per field gives', async () => {
    const pattern = await runHost(['--open', events, '--extract-pattern', patternFile('p.txt', WEIGHTS)]);
    const plain = await runHost(['--open', events, '--fields', 'ka.verb,ka.user.name,ka.target.name,ka.uri.param[command]']);
    expect(pattern.events).toHaveLength(plain.events.length);
    pattern.events.forEach((e, i) => {
      for (const [field, value] of Object.entries(e.fields)) expect(value).toEqual(plain.events[i]!.fields[field]);
    });
  });

  it('refuses a malformed pattern, a repeated field and a mix with other field flags', async () => {
    const dup = await runHost(['--open', events, '--extract-pattern', patternFile('dup.txt', 'ka.verb 1\nka.verb 2\n')]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain("'ka.verb' is listed twice");
    const bad = await runHost(['--open', events, '--extract-pattern', patternFile('bad.txt', 'ka.verb lots\n')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("calls per event must be a non-negative number, got 'lots'");
    const mixed = await runHost(['--open', events, '--extract-pattern', patternFile('p.txt', WEIGHTS), '--fields', 'ka.uri']);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain('cannot be combined');
  });
});

describe('k8saudit-host CPU accounting', () => {
  it('reports the process CPU and the CPU of the plugin JS thread, Falco-side thread and libuv pool by name', async () => {
    const run = await runHost(['--open', events, '--quiet', '--fields', 'ka.verb']);
    expect(run.code).toBe(0);
    const cpu = run.summary['cpu_s'];
    expect(cpu.process).toBeGreaterThan(0);
    expect(Object.keys(cpu.threads)).toEqual(expect.arrayContaining(['main', 'k8saudit-ovh-js', 'k8saudit-uv']));
    const threadSum = Object.values(cpu.threads as Record<string, number>).reduce((a, b) => a + b, 0);
    // Ticks of 10 ms per thread against the process's microseconds: close, not equal.
    expect(threadSum).toBeLessThanOrEqual(cpu.process + 0.01 * Object.keys(cpu.threads).length + 0.05);
  });
});
