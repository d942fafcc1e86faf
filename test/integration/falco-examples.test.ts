// examples/falco.yaml and examples/values.yaml (as the Falco chart renders it) in real Falco: Falco
// validates the configuration against its schema and accepts it, loads the rules without a
// warning, expands the ${VAR} of each stream in open_params (here all pointing at one LDP
// simulator serving the fixtures), and raises the alerts, per cluster: every MKS detection on its
// fixture, next to the upstream rule that matches the same request (rule_matching: all), each
// naming its cluster.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type LocalPlaces, exampleFalcoYaml, exampleValuesFalco } from './example-configs.js';
import { type FalcoInstall, falcoInstall, noFalco } from './falco-env.js';
import { type FalcoSetup, rulesWarnings, startFalco } from './falco-run.js';
import { freePort } from './falco-webserver.js';
import { fixtureLinesFile } from './host.js';
import { openParams, useSimulator } from './ldp-bed.js';
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

const startSim = useSimulator();
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
  it('is accepted by Falco and raises the upstream alerts and every MKS detection, for each cluster', async () => {
    const falco = falcoInstall()!;
    const setup = configOf(falco, { dir, port: await freePort() });
    const params = setup.plugins.find((p) => p.name === 'k8saudit-ovh')!.open_params!;
    const variables = [...params.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!);
    const clusters = [...params.matchAll(/(?:^|\s)([\w.-]+)=/g)].map((m) => m[1]!);
    const s = await startSim();
    const running = startFalco(falco, { ...setup, env: Object.fromEntries(variables.map((v) => [v, openParams(s)])) });
    await s.until((st) => st.connections >= variables.length);
    s.ingest(fs.readFileSync(events(), 'utf8').split('\n').filter((l) => l !== ''));
    const mksAlerts = () => running.alerts.filter((a) => a.tags?.includes('mks'));
    const expected = Object.values(DETECTIONS).length * variables.length;
    await running.until(() => mksAlerts().length >= expected, `${expected} MKS detections`);
    running.kill('SIGTERM');
    const run = await running.done;
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    expect(run.stderr).toMatch(/falco\.yaml \| schema validation: ok/);
    for (const file of setup.rulesFiles.filter((f) => f.endsWith('.yaml'))) expect(run.stderr).toContain(`${file} | schema validation: ok`);
    expect(rulesWarnings(run.stderr)).toEqual([]);
    expect(run.stderr).toContain("Opening 'k8s_audit' source with plugin 'k8saudit-ovh'");
    expect(run.stderr).toContain('Starting health webserver');
    const audit = run.alerts.filter((a) => a.source === 'k8s_audit');
    expect(audit.length).toBeGreaterThan(40 * variables.length);
    const mks = audit.filter((a) => a.tags?.includes('mks'));
    const perCluster = Object.values(DETECTIONS).sort();
    for (const cluster of clusters.length > 0 ? clusters : ['<NA>']) {
      // Every k8s_audit alert names its cluster (append_output); unnamed streams have none.
      const ofCluster = mks.filter((a) => a.output.includes(`cluster=${cluster}`));
      expect(ofCluster.map((a) => a.rule).sort(), cluster).toEqual(perCluster);
    }
    expect(mks).toHaveLength(expected);
  }, 120_000);
});
