// The MKS overlay (rules/k8saudit-ovh-mks.yaml) read as a file, for what real Falco accepts
// silently: it would load a redefinition of an upstream name without `override:` (the later one
// wins), a list name misspelt inside `in (...)` (a literal string then), an output field no plugin
// has (printed as text), and a rules file whose required_plugin_versions another plugin satisfies.
// Falco itself judges the rules: falco-mks-rules.test.ts, falco-mks-macros.test.ts and
// falco-rules-parity.test.ts (run with FALCO_BIN); Falco refuses undefined macros and fields in
// conditions, and the tests there fail on its warnings (unused lists or macros).
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ROOT, runHost } from './host.js';
import { MKS_OVERLAY, UPSTREAM_RULES } from './rule-corpora.js';

// sha256 of k8s_audit_rules.yaml as published by falcosecurity/plugins (k8saudit rules).
const UPSTREAM_SHA256 = 'fa53280e337db6edaeb44cf49fbd1be4349f3c48e3cd0017c2575097df901a1e';
const JSON_PLUGIN_FIELDS = new Set(['jevt.value', 'jevt.obj', 'jevt.rawtime', 'json.value', 'json.obj', 'json.rawtime']);

type Item = Record<string, unknown>;
type Requirement = { name: string; version: string; alternatives?: unknown };

const overlayItems = parseYaml(fs.readFileSync(MKS_OVERLAY, 'utf8')) as Item[];
const upstreamItems = parseYaml(fs.readFileSync(UPSTREAM_RULES, 'utf8')) as Item[];

function kindOf(item: Item): 'list' | 'macro' | 'rule' | undefined {
  return (['list', 'macro', 'rule'] as const).find((k) => k in item);
}

function namesIn(items: Item[], kind: 'list' | 'macro' | 'rule'): Set<string> {
  return new Set(items.filter((i) => kind in i).map((i) => i[kind] as string));
}

/** Bare words inside `in (...)`, `intersects (...)` and `pmatch (...)` of the overlay's conditions that name lists (they hold a `_`). */
function listReferences(): string[] {
  const conditions = overlayItems.filter((i) => typeof i['condition'] === 'string').map((i) => i['condition'] as string);
  return conditions.flatMap((c) =>
    [...c.matchAll(/\b(?:in|intersects|pmatch)\s*\(([^)]*)\)/g)].flatMap((m) =>
      m[1]!.split(',').map((w) => w.trim()).filter((w) => /^[a-z0-9]+(?:_[a-z0-9]+)+$/.test(w)),
    ),
  );
}

function outputFields(output: string): string[] {
  return [...output.matchAll(/%([a-z]+\.[A-Za-z0-9_.]+(?:\[[^\]]*\])?)/g)].map((m) => m[1]!);
}

/** The plugin's fields as `--list-fields` reports them: name → argument kind. */
let fieldArgs: Map<string, string>;

beforeAll(async () => {
  const run = await runHost(['--list-fields']);
  expect(run.code, run.stderr).toBe(0);
  fieldArgs = new Map(run.stdout.trim().split('\n').map((l) => l.split('\t')).map(([name, , arg]) => [name!, arg!]));
}, 120_000);

describe('the overlay and the upstream rules it is loaded after', () => {
  it('leaves the upstream copy byte-identical', () => {
    expect(createHash('sha256').update(fs.readFileSync(UPSTREAM_RULES)).digest('hex')).toBe(UPSTREAM_SHA256);
  });

  it('overrides only lists, macros and rules the upstream file defines, and defines no upstream name again', () => {
    let overrides = 0;
    for (const item of overlayItems) {
      const kind = kindOf(item);
      if (kind === undefined) continue;
      const name = item[kind] as string;
      const known = namesIn(upstreamItems, kind).has(name);
      if ('override' in item || 'append' in item) {
        expect(known, `${kind} ${name} exists upstream`).toBe(true);
        overrides++;
      } else {
        expect(known, `${kind} ${name} is new, not a silent redefinition`).toBe(false);
      }
    }
    expect(overrides).toBe(5);
  });

  it('names only lists that exist inside in (...)', () => {
    const lists = new Set([...namesIn(upstreamItems, 'list'), ...namesIn(overlayItems, 'list')]);
    const refs = listReferences();
    for (const name of refs) expect(lists.has(name), `list ${name}`).toBe(true);
    expect(refs.length).toBeGreaterThan(5);
  });

  it('prints only fields the plugins report, with the arguments they take', () => {
    const used = overlayItems.filter((i) => typeof i['output'] === 'string').flatMap((i) => outputFields(i['output'] as string));
    expect(used.length).toBeGreaterThan(20);
    for (const request of used) {
      const m = /^([^[]+)(?:\[(.*)\])?$/.exec(request)!;
      if (JSON_PLUGIN_FIELDS.has(m[1]!)) continue;
      const arg = fieldArgs.get(m[1]!);
      expect(arg, `${request}: a field the plugin reports`).toBeDefined();
      if (arg!.includes('required')) expect(m[2], `${request} needs an argument`).toBeDefined();
      if (arg === 'none') expect(m[2], `${request} takes no argument`).toBeUndefined();
    }
  });

  it('declares this plugin without alternatives, json and the engine version that has override', () => {
    const pkg = JSON.parse(fs.readFileSync(`${ROOT}/package.json`, 'utf8')) as { version: string };
    const semver = (v: string): number[] => v.split('.').map(Number);
    const notAfter = (a: string, b: string): boolean => semver(a).reduce<number>((acc, x, i) => (acc !== 0 ? acc : x - semver(b)[i]!), 0) <= 0;
    const reqs = overlayItems.find((i) => 'required_plugin_versions' in i)!['required_plugin_versions'] as Requirement[];
    const ours = reqs.find((r) => r.name === 'k8saudit-ovh')!;
    expect(ours.alternatives).toBeUndefined();
    expect(notAfter(ours.version, pkg.version), `${ours.version} <= ${pkg.version}`).toBe(true);
    expect(reqs.find((r) => r.name === 'json')?.version).toBe('0.7.0');
    const engine = overlayItems.find((i) => 'required_engine_version' in i)!['required_engine_version'] as string;
    expect(engine).toMatch(/^\d+\.\d+\.\d+$/);
    expect(notAfter('0.31.0', engine)).toBe(true);
  });
});
