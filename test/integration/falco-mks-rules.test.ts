// Every MKS fixture (test/fixtures/mks) through this plugin in real Falco with the upstream rules and
// the MKS overlay: each raises exactly the alerts listed, every rule that matches reported. The
// managed identities' routine work raises nothing; each MKS detection fires on a fixture and stays
// quiet on its look-alikes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { falcoInstall, noFalco } from './falco-env.js';
import { ourPlugin } from './falco-run.js';
import { rulesByEvent, verdicts } from './falco-verdicts.js';
import { MKS_OVERLAY, UPSTREAM_RULES, mksFixtures } from './rule-corpora.js';

const NODEPOOL = 'MKS NodePool Changed Outside OVHcloud';
const SECRET_KUBE_SYSTEM = 'MKS Secret in kube-system Read by a Person';
const LDP_SECRET = 'MKS LDP Tail Secret Accessed';
const AUDIT_READER = 'MKS Audit Reader Stopped or Scaled';

/** OVHcloud's components at their routine work: no alert at all. */
const MANAGED_ROUTINE = ['csi-cinder-controller_patches_volumeattachment_status', 'yacht_updates_nodepool_status', 'yacht_patches_event_forbidden'];

// Every rule that alerts on each fixture, in Falco's order (the upstream file's rules, then the overlay's).
const EXPECTED: Record<string, string[]> = {
  'csi-cinder-controller_patches_volumeattachment_status': [],
  'csi-cinder-controller_gets_secret_kube_system': ['Disallowed K8s User', 'K8s Secret Get Successfully'],
  yacht_updates_nodepool_status: [],
  yacht_patches_event_forbidden: [],
  yacht_deletes_node: ['Disallowed K8s User'],
  admin_scales_nodepool: [NODEPOOL],
  admin_deletes_nodepool: [NODEPOOL],
  admin_patches_karpenter_nodepool: [],
  admin_gets_secret_kube_system: ['K8s Secret Get Successfully', SECRET_KUBE_SYSTEM],
  oidc_user_lists_secrets_kube_system: ['Disallowed K8s User', SECRET_KUBE_SYSTEM],
  admin_gets_secret_kube_system_forbidden: ['Disallowed K8s User', 'K8s Secret Get Unsuccessfully Tried'],
  serviceaccount_gets_secret_kube_system: ['K8s Secret Get Successfully'],
  admin_gets_secret_default: ['K8s Secret Get Successfully'],
  admin_gets_ldp_tail_secret: ['K8s Secret Get Successfully', LDP_SECRET],
  admin_deletes_ldp_tail_secret: ['K8s Secret Deleted', LDP_SECRET],
  kubelet_gets_ldp_tail_secret: ['K8s Secret Get Successfully'],
  admin_gets_other_secret_falco: ['K8s Secret Get Successfully'],
  admin_scales_falco_deployment: [AUDIT_READER],
  admin_deletes_falco_deployment: ['K8s Deployment Deleted', AUDIT_READER],
  helm_patches_falco_deployment: [],
};

let tmp: string;
let eventsFile: string;
/** Fixture name by auditID. */
let fixtureOf: Map<string, string>;

/** The rules that alert on each fixture with the upstream rules and `overlay`. */
async function alertsByFixture(overlay: string): Promise<Record<string, string[]>> {
  const byEvent = rulesByEvent(await verdicts(falcoInstall()!, ourPlugin(eventsFile), [UPSTREAM_RULES, overlay], eventsFile));
  const out: Record<string, string[]> = Object.fromEntries([...fixtureOf.values()].map((f) => [f, []]));
  for (const [id, rules] of byEvent) {
    const fixture = fixtureOf.get(id ?? '');
    expect(fixture, `alert on auditID ${id}`).toBeDefined();
    out[fixture!] = rules;
  }
  return out;
}

describe.skipIf(noFalco)('MKS fixtures in real Falco, upstream rules + MKS overlay', () => {
  let fired: Record<string, string[]>;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-mks-'));
    fixtureOf = new Map();
    const lines: string[] = [];
    for (const [name, file] of mksFixtures()) {
      const event = JSON.parse(fs.readFileSync(file, 'utf8')) as { auditID: string };
      fixtureOf.set(event.auditID, name);
      lines.push(JSON.stringify(event));
    }
    eventsFile = path.join(tmp, 'mks.jsonl');
    fs.writeFileSync(eventsFile, lines.join('\n') + '\n');
    fired = await alertsByFixture(MKS_OVERLAY);
  }, 300_000);

  afterAll(() => {
    if (tmp !== undefined) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('has an expectation for every fixture, one event each, and a firing and a quiet fixture for every MKS rule', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...mksFixtures().keys()].sort());
    expect(fixtureOf.size).toBe(mksFixtures().size);
    for (const rule of [NODEPOOL, SECRET_KUBE_SYSTEM, LDP_SECRET, AUDIT_READER]) {
      const firing = Object.values(EXPECTED).filter((r) => r.includes(rule)).length;
      expect(firing, `${rule} fires on a fixture`).toBeGreaterThan(0);
      expect(firing, `${rule} is quiet on some`).toBeLessThan(Object.keys(EXPECTED).length);
    }
  });

  for (const [fixture, expected] of Object.entries(EXPECTED)) {
    it(`${fixture}: ${expected.length === 0 ? 'no alert' : expected.join(', ')}`, () => {
      expect(fired[fixture]).toEqual(expected);
    });
  }

  it('raises nothing on the managed identities\' routine work', () => {
    for (const fixture of MANAGED_ROUTINE) expect(fired[fixture], fixture).toEqual([]);
  });

  it('would notice a node pool rule without its API group check (it fires on the Karpenter fixture)', async () => {
    const broad = fs.readFileSync(MKS_OVERLAY, 'utf8').replace(' and ka.uri startswith /apis/kube.cloud.ovh.com/', '');
    expect(broad).not.toBe(fs.readFileSync(MKS_OVERLAY, 'utf8'));
    const file = path.join(tmp, 'broad-overlay.yaml');
    fs.writeFileSync(file, broad);
    expect((await alertsByFixture(file))['admin_patches_karpenter_nodepool']).toEqual([NODEPOOL]);
  }, 120_000);
});
