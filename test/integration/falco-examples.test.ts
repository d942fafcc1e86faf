// examples/falco.yaml and examples/values.yaml (as the Falco chart renders it) in real Falco: Falco
// validates the configuration against its schema and accepts it, loads the rules without a
// warning, expands ${LDP_TAIL_URL} in open_params, and raises the alerts: every MKS detection
// on its fixture, next to the upstream rule that matches the same request (rule_matching: all).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type LocalPlaces, exampleFalcoYaml, exampleValuesFalco } from './example-configs.js';
import { type FalcoInstall, falcoInstall, noFalco } from './falco-env.js';
import { type FalcoSetup, rulesWarnings, runFalco } from './falco-run.js';
import { freePort } from './falco-webserver.js';
import { fixtureLinesFile } from './host.js';
import { mksFixtures } from './rule-corpora.js';

const EXAMPLES: [string, (falco: FalcoInstall, places: LocalPlaces) => FalcoSetup][] = [
  ['examples/falco.yaml', exampleFalcoYaml],
  ['examples/values.yaml (falco: as the chart renders it)', exampleValuesFalco],
];

// The MKS fixtures that must raise an MKS detection. On five of them an upstream rule matches the
// same request first ("K8s Secret Get Successfully", "K8s Secret Deleted", "K8s Deployment
// Deleted", "Disallowed K8s User"): with Falco's default rule_matching: first, their detection
// would not be reported.
const DETECTIONS: Record<string, string> = {
  admin_scales_nodepool: 'MKS NodePool Changed Outside OVHcloud',
  admin_deletes_nodepool: 'MKS NodePool Changed Outside OVHcloud',
  admin_gets_secret_kube_system: 'MKS Secret in kube-system Read by a Person',
  oidc_user_lists_secrets_kube_system: 'MKS Secret in kube-system Read by a Person',
  admin_gets_ldp_tail_secret: 'MKS LDP Tail Secret Accessed',
  admin_deletes_ldp_tail_secret: 'MKS LDP Tail Secret Accessed',
  admin_scales_falco_deployment: 'MKS Audit Reader Stopped or Scaled',
  admin_deletes_falco_deployment: 'MKS Audit Reader Stopped or Scaled',
};

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-examples-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The audit fixtures and the MKS fixtures in one JSON-lines file. */
function events(): string {
  const file = fixtureLinesFile(dir);
  for (const fixture of mksFixtures().values()) fs.appendFileSync(file, JSON.stringify(JSON.parse(fs.readFileSync(fixture, 'utf8'))) + '\n');
  return file;
}

describe.skipIf(noFalco).each(EXAMPLES)('%s in real Falco', (_name, configOf) => {
  it('is accepted by Falco and raises the upstream alerts and every MKS detection', async () => {
    const falco = falcoInstall()!;
    const setup = configOf(falco, { dir, port: await freePort() });
    const run = await runFalco(falco, { ...setup, env: { LDP_TAIL_URL: events() } });
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    expect(run.stderr).toMatch(/falco\.yaml \| schema validation: ok/);
    for (const file of setup.rulesFiles.filter((f) => f.endsWith('.yaml'))) expect(run.stderr).toContain(`${file} | schema validation: ok`);
    expect(rulesWarnings(run.stderr)).toEqual([]);
    expect(run.stderr).toContain("Opening 'k8s_audit' source with plugin 'k8saudit-ovh'");
    expect(run.stderr).toContain('Starting health webserver');
    const audit = run.alerts.filter((a) => a.source === 'k8s_audit');
    expect(audit.length).toBeGreaterThan(40);
    const mks = audit.filter((a) => a.tags?.includes('mks')).map((a) => a.rule);
    expect(mks.sort()).toEqual(Object.values(DETECTIONS).sort());
  }, 120_000);
});
