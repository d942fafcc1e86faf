// The upstream rules judged by real Falco on the test corpora: with this plugin they raise exactly
// the alerts they raise with Go k8saudit 0.18 (same events, rules and output text, in order), and
// with the MKS overlay loaded after them the same again, apart from the differences named below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { falcoInstall, noFalco } from './falco-env.js';
import { goK8sauditPlugin, ourPlugin } from './falco-run.js';
import { type Verdict, verdictLine, verdicts } from './falco-verdicts.js';
import { MKS_OVERLAY, UPSTREAM_RULES, corpora, writeLines } from './rule-corpora.js';

/**
 * Alerts whose text differs between the two plugins, each for a reason of Go k8saudit's. Go's JSON
 * values are fastjson nodes that unescape their strings in place once a field has read them: its
 * `ka.req.role.rules` prints "pods" for the event's "p\u006fds" after Falco asked
 * `ka.req.role.rules.resources` for an earlier rule, and the event's own text when asked first
 * (the golden data). This plugin always prints the event's own text.
 */
const OUTPUT_DIFFERENCES = [
  {
    name: 'Go unescapes ka.req.role.rules once another field read them',
    auditId: 'fd9769d7-7857-5050-aab4-92c0cd7da993',
    rule: 'K8s ClusterRole Created',
    go: '"resources":["pods","a/b"]',
    ours: '"resources":["p\\u006fds","a\\/b"]',
  },
];

/** The overlay's new detections (README "The MKS rules overlay", 3.) on the corpora other than test/fixtures/mks. */
const MKS_DETECTIONS: Record<string, string[] | undefined> = {
  'test/fixtures/audit': [],
  'test/fixtures/golden': [
    'c22bef00-f963-588e-8450-6827bede0149 | MKS NodePool Changed Outside OVHcloud',
    'a184a293-b89f-51e1-aecd-b8b80172cfa9 | MKS Secret in kube-system Read by a Person',
  ],
  samples: [],
  // Checked fixture by fixture in falco-mks-rules.test.ts.
  'test/fixtures/mks': undefined,
};

/** "Disallowed K8s User" alerts the overlay's exception for OVHcloud's managed identities removes, per corpus. */
const MANAGED_QUIETED: Record<string, number> = { 'test/fixtures/audit': 0, 'test/fixtures/golden': 5, samples: 0, 'test/fixtures/mks': 3 };

/** Go's alerts on records without an auditID: the overlay evaluates no rule on them (its kevt reads ka.stage). */
const NO_AUDIT_ID: Record<string, number> = { 'test/fixtures/audit': 0, 'test/fixtures/golden': 1, samples: 0, 'test/fixtures/mks': 0 };

interface ManagedWork {
  user: string;
  resources: string[];
  verbs: string[];
}

/** The overlay's exception values on "Disallowed K8s User": which (user, resource, verb) it lets through. */
function managedWork(): ManagedWork[] {
  const items = parseYaml(fs.readFileSync(MKS_OVERLAY, 'utf8')) as Record<string, any>[];
  const rule = items.find((i) => i['rule'] === 'Disallowed K8s User' && i['override']?.['exceptions'] === 'append')!;
  const exception = (rule['exceptions'] as { fields: string[]; values: [string, string[], string[]][] }[])[0]!;
  expect(exception.fields).toEqual(['ka.user.name', 'ka.target.resource', 'ka.verb']);
  return exception.values.map(([user, resources, verbs]) => ({ user, resources, verbs }));
}

function quietedByOverlay(v: Verdict, work: ManagedWork[]): boolean {
  if (v.rule !== 'Disallowed K8s User') return false;
  const f = v.alert.output_fields;
  return work.some((w) => w.user === f['ka.user.name'] && w.resources.includes(f['ka.target.resource'] as string) && w.verbs.includes(f['ka.verb'] as string));
}

/** Verdict lines, with the named output differences checked on each side and written as their name. */
function comparable(list: Verdict[], side: 'go' | 'ours', seen: Set<string>): string[] {
  return list.map((v) => {
    const known = OUTPUT_DIFFERENCES.find((d) => d.auditId === v.auditId && d.rule === v.rule);
    if (known === undefined) return verdictLine(v);
    expect(v.output, `${side}: ${known.name}`).toContain(known[side]);
    seen.add(`${side}:${known.name}`);
    return verdictLine({ ...v, output: `(differs: ${known.name})` });
  });
}

interface CorpusVerdicts {
  name: string;
  go: Verdict[];
  ours: Verdict[];
  overlay: Verdict[];
}

const runs: CorpusVerdicts[] = [];
let tmp: string;

describe.skipIf(noFalco)('upstream rules in real Falco: this plugin against Go k8saudit', () => {
  beforeAll(async () => {
    const falco = falcoInstall()!;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-parity-'));
    for (const c of corpora()) {
      const file = writeLines(tmp, c.name, c.lines);
      runs.push({
        name: c.name,
        go: await verdicts(falco, goK8sauditPlugin(falco, file), [UPSTREAM_RULES], file),
        ours: await verdicts(falco, ourPlugin(file), [UPSTREAM_RULES], file),
        overlay: await verdicts(falco, ourPlugin(file), [UPSTREAM_RULES, MKS_OVERLAY], file),
      });
    }
  }, 600_000);

  afterAll(() => {
    if (tmp !== undefined) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('raise, with this plugin, the alerts Go k8saudit raises: same events, rules and text, in order', () => {
    const seen = new Set<string>();
    let alerts = 0;
    for (const run of runs) {
      expect(comparable(run.ours, 'ours', seen), run.name).toEqual(comparable(run.go, 'go', seen));
      alerts += run.go.length;
      console.log(`${run.name}: ${run.go.length} alerts from Go k8saudit, the same from this plugin`);
    }
    expect(alerts).toBeGreaterThan(150);
    expect([...seen].sort(), 'every named difference still occurs').toEqual(OUTPUT_DIFFERENCES.flatMap((d) => [`go:${d.name}`, `ours:${d.name}`]).sort());
  });

  it('with the MKS overlay: Go k8saudit\'s alerts, less the managed identities\' routine work and the records without auditID, plus the MKS detections', () => {
    const work = managedWork();
    const seen = new Set<string>();
    for (const run of runs) {
      const quieted = run.go.filter((v) => quietedByOverlay(v, work));
      const noAuditId = run.go.filter((v) => v.auditId === null);
      expect(quieted.length, `${run.name}: managed identities' alerts the overlay removes`).toBe(MANAGED_QUIETED[run.name]);
      expect(noAuditId.length, `${run.name}: Go's alerts on records without auditID`).toBe(NO_AUDIT_ID[run.name]);
      const expected = run.go.filter((v) => !quieted.includes(v) && !noAuditId.includes(v));
      const detections = run.overlay.filter((v) => v.alert.tags?.includes('mks'));
      const upstreamRules = run.overlay.filter((v) => !detections.includes(v));
      expect(comparable(upstreamRules, 'ours', seen), run.name).toEqual(comparable(expected, 'go', seen));
      const named = detections.map((v) => `${v.auditId} | ${v.rule}`);
      expect(run.name in MKS_DETECTIONS, run.name).toBe(true);
      if (MKS_DETECTIONS[run.name] !== undefined) expect(named, `${run.name}: MKS detections`).toEqual(MKS_DETECTIONS[run.name]);
      console.log(`${run.name}: ${expected.length} upstream alerts as with Go (${quieted.length} managed-identity and ${noAuditId.length} no-auditID alerts removed), ${detections.length} MKS detections`);
    }
    expect(seen.size).toBe(OUTPUT_DIFFERENCES.length * 2);
  });
});
