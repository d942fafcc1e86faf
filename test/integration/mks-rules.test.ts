// The MKS overlay (rules/k8saudit-ovh-mks.yaml) against the upstream rules it is loaded after and
// the fields the real plugin reports, then every MKS fixture through the real plugin with the
// rules evaluated on the values it extracts.
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ROOT } from './host.js';
import { type Expr, fieldRequest, parseCondition } from './falco/condition.js';
import { MKS_OVERLAY, UPSTREAM_RULES, mksFixtures } from './falco/corpora.js';
import { Evaluator, fieldRequests } from './falco/evaluate.js';
import { type EvaluatedEvent, evaluatedEvents, fieldKinds, pluginFields } from './falco/event-fields.js';
import { type Ruleset, compileRule, loadRulesFiles } from './falco/ruleset.js';

// sha256 of k8s_audit_rules.yaml as published by falcosecurity/plugins (k8saudit rules).
const UPSTREAM_SHA256 = 'fa53280e337db6edaeb44cf49fbd1be4349f3c48e3cd0017c2575097df901a1e';
const MANAGED_USERS = new Set(['csi-cinder-controller', 'yacht']);
const JSON_PLUGIN_FIELDS = new Set(['jevt.value', 'jevt.obj', 'jevt.rawtime', 'json.value', 'json.obj', 'json.rawtime']);

type Item = Record<string, unknown>;

const overlayItems = parseYaml(fs.readFileSync(MKS_OVERLAY, 'utf8')) as Item[];
const upstreamItems = parseYaml(fs.readFileSync(UPSTREAM_RULES, 'utf8')) as Item[];
const upstream = loadRulesFiles([UPSTREAM_RULES]);
const combined = loadRulesFiles([UPSTREAM_RULES, MKS_OVERLAY]);
const newRules = overlayItems.filter((i) => 'rule' in i && !('override' in i)).map((i) => i['rule'] as string);

function kindOf(item: Item): 'list' | 'macro' | 'rule' | undefined {
  return (['list', 'macro', 'rule'] as const).find((k) => k in item);
}

function namesIn(items: Item[], kind: 'list' | 'macro' | 'rule'): Set<string> {
  return new Set(items.filter((i) => kind in i).map((i) => i[kind] as string));
}

function walk(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  if (e.kind === 'and' || e.kind === 'or') e.items.forEach((x) => walk(x, visit));
  if (e.kind === 'not') walk(e.expr, visit);
}

/** The overlay's own conditions (as written, macros unexpanded). */
function overlayConditions(): Expr[] {
  return overlayItems.filter((i) => typeof i['condition'] === 'string').map((i) => parseCondition(i['condition'] as string));
}

function outputFields(output: string): string[] {
  return [...output.matchAll(/%([a-z]+\.[A-Za-z0-9_.]+(?:\[[^\]]*\])?)/g)].map((m) => m[1]!);
}

let fields: Map<string, { list: boolean; arg: string }>;
let events: Map<string, EvaluatedEvent>;

function checkFieldRequest(request: string): void {
  const m = /^([^[]+)(?:\[(.*)\])?$/.exec(request)!;
  const name = m[1]!;
  if (JSON_PLUGIN_FIELDS.has(name)) return;
  const f = fields.get(name);
  expect(f, `${request}: a field the plugin reports`).toBeDefined();
  if (f!.arg.includes('required')) expect(m[2], `${request} needs an argument`).toBeDefined();
  if (f!.arg === 'none') expect(m[2], `${request} takes no argument`).toBeUndefined();
}

function fired(rs: Ruleset, names: Iterable<string>, ev: EvaluatedEvent): string[] {
  const evaluator = new Evaluator(rs, fieldKinds(fields));
  return [...names].filter((n) => evaluator.eval(compileRule(rs, rs.rules.get(n)!), ev.lookup));
}

beforeAll(async () => {
  fields = await pluginFields();
  const requests = new Set<string>();
  for (const rs of [upstream, combined]) for (const rule of rs.rules.values()) fieldRequests(compileRule(rs, rule), requests);
  events = new Map();
  for (const [name, file] of mksFixtures()) {
    const evs = await evaluatedEvents(file, requests);
    expect(evs, `${name} holds one event`).toHaveLength(1);
    events.set(name, evs[0]!);
  }
}, 300_000);

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

  it('refers only to macros and lists that exist', () => {
    const macros = new Set([...namesIn(upstreamItems, 'macro'), ...namesIn(overlayItems, 'macro')]);
    const lists = new Set([...namesIn(upstreamItems, 'list'), ...namesIn(overlayItems, 'list')]);
    let refs = 0;
    for (const cond of overlayConditions()) {
      walk(cond, (e) => {
        const names = e.kind === 'macro' ? [e.name] : e.kind === 'member' ? e.items.filter((i) => i.bare && i.literal.includes('_')).map((i) => i.literal) : [];
        for (const name of names) {
          expect(e.kind === 'macro' ? macros.has(name) : lists.has(name), `${e.kind === 'macro' ? 'macro' : 'list'} ${name}`).toBe(true);
          refs++;
        }
      });
    }
    expect(refs).toBeGreaterThan(20);
  });

  it('uses only fields the plugin reports, with the arguments they take', () => {
    const used = new Set<string>();
    for (const cond of overlayConditions()) {
      walk(cond, (e) => {
        if (e.kind === 'exists' || e.kind === 'compare' || e.kind === 'member') used.add(fieldRequest(e.field));
      });
    }
    for (const item of overlayItems) {
      for (const ex of (item['exceptions'] as { fields: string | string[] }[] | undefined) ?? []) [ex.fields].flat().forEach((f) => used.add(f));
      if (typeof item['output'] === 'string') outputFields(item['output']).forEach((f) => used.add(f));
    }
    expect([...used].filter((f) => f.startsWith('ka.')).length).toBeGreaterThan(5);
    used.forEach(checkFieldRequest);
  });

  it('compiles every rule of upstream + overlay to fields the plugins report, outputs included', () => {
    for (const rule of combined.rules.values()) {
      fieldRequests(compileRule(combined, rule)).forEach(checkFieldRequest);
      outputFields(rule.output).forEach(checkFieldRequest);
    }
  });

  it('declares this plugin, json and the engine version that has override', () => {
    const pkg = JSON.parse(fs.readFileSync(`${ROOT}/package.json`, 'utf8')) as { version: string };
    const semver = (v: string): number[] => v.split('.').map(Number);
    const notAfter = (a: string, b: string): boolean => semver(a).reduce<number>((acc, x, i) => (acc !== 0 ? acc : x - semver(b)[i]!), 0) <= 0;
    const reqs = combined.pluginRequirements.at(-1)!;
    const ours = reqs.find((r) => r.name === 'k8saudit-ovh')!;
    expect(ours.alternatives).toBeUndefined();
    expect(notAfter(ours.version, pkg.version), `${ours.version} <= ${pkg.version}`).toBe(true);
    expect(reqs.find((r) => r.name === 'json')?.version).toBe('0.7.0');
    const engine = combined.engineVersions.at(-1)!;
    expect(engine).toMatch(/^\d+\.\d+\.\d+$/);
    expect(notAfter('0.31.0', engine)).toBe(true);
  });
});

// For each MKS fixture: the rules among the overlay's new ones and "Disallowed K8s User" that fire.
const EXPECTED: Record<string, string[]> = {
  'csi-cinder-controller_patches_volumeattachment_status': [],
  'csi-cinder-controller_gets_secret_kube_system': ['Disallowed K8s User'],
  yacht_updates_nodepool_status: [],
  yacht_patches_event_forbidden: [],
  yacht_deletes_node: ['Disallowed K8s User'],
  admin_scales_nodepool: ['MKS NodePool Changed Outside OVHcloud'],
  admin_deletes_nodepool: ['MKS NodePool Changed Outside OVHcloud'],
  admin_patches_karpenter_nodepool: [],
  admin_gets_secret_kube_system: ['MKS Secret in kube-system Read by a Person'],
  oidc_user_lists_secrets_kube_system: ['Disallowed K8s User', 'MKS Secret in kube-system Read by a Person'],
  admin_gets_secret_kube_system_forbidden: ['Disallowed K8s User'],
  serviceaccount_gets_secret_kube_system: [],
  admin_gets_secret_default: [],
  admin_gets_ldp_tail_secret: ['MKS LDP Tail Secret Accessed'],
  admin_deletes_ldp_tail_secret: ['MKS LDP Tail Secret Accessed'],
  kubelet_gets_ldp_tail_secret: [],
  admin_gets_other_secret_falco: [],
  admin_scales_falco_deployment: ['MKS Audit Reader Stopped or Scaled'],
  admin_deletes_falco_deployment: ['MKS Audit Reader Stopped or Scaled'],
  helm_patches_falco_deployment: [],
};

describe('MKS fixtures through the real plugin', () => {
  it('has an expectation for every fixture and a firing and a quiet fixture for every new rule', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...mksFixtures().keys()].sort());
    expect(newRules).toHaveLength(4);
    for (const rule of newRules) {
      const firing = Object.values(EXPECTED).filter((r) => r.includes(rule)).length;
      expect(firing, `${rule} fires on a fixture`).toBeGreaterThan(0);
    }
  });

  for (const [fixture, expected] of Object.entries(EXPECTED)) {
    it(`${fixture}: ${expected.length === 0 ? 'no alert' : expected.join(', ')}`, () => {
      const ev = events.get(fixture)!;
      expect(fired(combined, [...newRules, 'Disallowed K8s User'], ev).sort()).toEqual([...expected].sort());
    });
  }

  it('quiets OVHcloud components only where upstream alone would alert', () => {
    let quieted = 0;
    for (const [fixture, ev] of events) {
      if (!MANAGED_USERS.has(ev.lookup('ka.user.name')?.[0] ?? '')) continue;
      const before = fired(upstream, ['Disallowed K8s User'], ev);
      expect(before, `${fixture} alerts without the overlay`).toEqual(['Disallowed K8s User']);
      if (EXPECTED[fixture]!.length === 0) quieted++;
    }
    expect(quieted).toBe(3);
  });

  it('evaluates every rule of upstream + overlay on every fixture without an error', () => {
    let alerts = 0;
    for (const ev of events.values()) alerts += fired(combined, combined.rules.keys(), ev).length;
    expect(alerts).toBeGreaterThan(10);
  });
});
