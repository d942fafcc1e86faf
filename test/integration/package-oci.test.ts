// The OCI artifacts: dist/oci as falcoctl expects them, `npm run oci:push` to a real registry on
// loopback (Debian's docker-registry), then a pull the way falcoctl installs a plugin (index →
// this platform's manifest → config and layer by digest, each checked), the layer extracted into an
// empty folder and the plugin loaded from there by the host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUILD_TIMEOUT_MS, bareEnv, packaged, setUpPackageTests, unpack, type Packaged } from './artifacts.js';
import { HOST, PLUGIN, ROOT, runHostCommand } from './host.js';
import { startRegistry, type Registry, type RegistryUser } from './registry.js';
import type { ArtifactConfig } from '../../scripts/oci/artifacts.js';
import type { Descriptor, ImageIndex, Manifest, Platform } from '../../scripts/oci/content.js';
import { readLayout } from '../../scripts/oci/layout.js';
import * as mt from '../../scripts/oci/media-types.js';
import { RegistryClient } from '../../scripts/oci/registry-client.js';

const ACCOUNT: RegistryUser = { user: 'k8saudit-ci', password: 'Pu5h-S3cret+pass' };
const PLUGIN_REPO = 'k8saudit-ovh/plugins/plugin/k8saudit-ovh';
const RULES_REPO = 'k8saudit-ovh/plugins/ruleset/k8saudit-ovh-rules';
const AMD64: Platform = { architecture: 'amd64', os: 'linux' };

let artifacts: Packaged;
let work: string;
const registries: Registry[] = [];

beforeAll(async () => {
  await setUpPackageTests();
  artifacts = await packaged();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'oci-test-'));
}, BUILD_TIMEOUT_MS);
afterAll(async () => {
  for (const r of registries) await r.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

async function registry(auth: 'htpasswd' | 'token'): Promise<Registry> {
  const dir = fs.mkdtempSync(path.join(work, `${auth}-`));
  const r = await startRegistry(dir, auth, ACCOUNT);
  registries.push(r);
  return r;
}

interface PushRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run oci:push -- <refs>` as an operator runs it, with REGISTRY_USER / REGISTRY_PASSWORD. */
function push(refs: string[], password = ACCOUNT.password): Promise<PushRun> {
  const env = { ...bareEnv(), REGISTRY_USER: ACCOUNT.user, REGISTRY_PASSWORD: password };
  return new Promise((resolve) => {
    execFile(process.execPath, ['scripts/run-ts.mjs', 'scripts/oci/push-cli.ts', ...refs], { cwd: ROOT, env }, (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr });
    });
  });
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

async function fetchChecked(client: RegistryClient, d: Descriptor): Promise<Buffer> {
  const bytes = await client.getBlob(d.digest);
  expect(sha256(bytes)).toBe(d.digest);
  expect(bytes.length).toBe(d.size);
  return bytes;
}

interface Pulled {
  readonly manifest: Manifest;
  readonly config: ArtifactConfig;
  /** The layer, saved under its title as falcoctl does before extracting it. */
  readonly layerFile: string;
}

/** falcoctl's pull: the tag, then (for an image index) the manifest of `platform`, then its blobs. */
async function pullLikeFalcoctl(client: RegistryClient, tag: string, platform: Platform | undefined, dest: string): Promise<Pulled> {
  let fetched = await client.getManifest(tag, [mt.OCI_INDEX, mt.OCI_MANIFEST]);
  if (platform !== undefined) {
    expect(fetched.mediaType).toBe(mt.OCI_INDEX);
    const index = JSON.parse(fetched.bytes.toString('utf8')) as ImageIndex;
    const entry = index.manifests.find((m) => m.platform?.os === platform.os && m.platform.architecture === platform.architecture);
    expect(entry, `a manifest for ${platform.os}/${platform.architecture}`).toBeDefined();
    fetched = await client.getManifest(entry!.digest, [mt.OCI_MANIFEST]);
    expect(sha256(fetched.bytes)).toBe(entry!.digest);
  }
  expect(fetched.mediaType).toBe(mt.OCI_MANIFEST);
  const manifest = JSON.parse(fetched.bytes.toString('utf8')) as Manifest;
  const config = JSON.parse((await fetchChecked(client, manifest.config)).toString('utf8')) as ArtifactConfig;
  const layer = manifest.layers[0]!;
  const layerFile = path.join(dest, layer.annotations?.[mt.ANNOTATION_TITLE] ?? 'missing-title');
  fs.mkdirSync(dest, { recursive: true });
  fs.writeFileSync(layerFile, await fetchChecked(client, layer));
  return { manifest, config, layerFile };
}

function requiredApiVersion(): string {
  return (JSON.parse(execFileSync(HOST, ['--info', PLUGIN], { encoding: 'utf8' })) as { required_api_version: string }).required_api_version;
}

describe('OCI artifacts', () => {
  it('dist/oci holds the plugin image index (one manifest per platform) and the rules artifact, as falcoctl reads them', () => {
    const layout = readLayout(artifacts.oci);
    expect(JSON.parse(fs.readFileSync(path.join(artifacts.oci, 'oci-layout'), 'utf8'))).toEqual({ imageLayoutVersion: '1.0.0' });
    expect([...layout.keys()]).toEqual([`k8saudit-ovh:${artifacts.version}`, `k8saudit-ovh-rules:${artifacts.version}`]);
    const blob = (graph: { blobs: ReadonlyMap<string, Buffer> }, d: Descriptor): Buffer => graph.blobs.get(d.digest)!;

    const plugin = layout.get(`k8saudit-ovh:${artifacts.version}`)!;
    expect(plugin.root.mediaType).toBe(mt.OCI_INDEX);
    const index = JSON.parse(blob(plugin, plugin.root).toString()) as ImageIndex;
    expect(index.manifests.map((m) => m.platform)).toEqual([AMD64, { architecture: 'arm64', os: 'linux' }]);
    for (const [entry, tarball] of [[index.manifests[0]!, artifacts.plugin.x86_64], [index.manifests[1]!, artifacts.plugin.aarch64]] as const) {
      const manifest = JSON.parse(blob(plugin, entry).toString()) as Manifest;
      expect(manifest.config.mediaType).toBe(mt.PLUGIN_CONFIG);
      expect(JSON.parse(blob(plugin, manifest.config).toString())).toEqual({
        name: 'k8saudit-ovh',
        version: artifacts.version,
        requirements: [{ name: 'plugin_api_version', version: requiredApiVersion() }],
      });
      expect(manifest.layers).toEqual([
        { mediaType: mt.PLUGIN_LAYER, digest: sha256(fs.readFileSync(tarball)), size: fs.statSync(tarball).size, annotations: { [mt.ANNOTATION_TITLE]: path.basename(tarball) } },
      ]);
    }

    const rules = layout.get(`k8saudit-ovh-rules:${artifacts.version}`)!;
    expect(rules.root.mediaType).toBe(mt.OCI_MANIFEST);
    const manifest = JSON.parse(blob(rules, rules.root).toString()) as Manifest;
    expect(manifest.config.mediaType).toBe(mt.RULESFILE_CONFIG);
    const config = JSON.parse(blob(rules, manifest.config).toString()) as ArtifactConfig;
    expect(config.name).toBe('k8saudit-ovh-rules');
    expect(config.dependencies?.map((d) => d.name)).toEqual(['json', 'k8saudit-ovh']);
    expect(config.dependencies?.find((d) => d.name === 'k8saudit-ovh')?.alternatives).toBeUndefined();
    expect(config.requirements?.map((r) => r.name)).toEqual(['engine_version_semver']);
    expect(manifest.layers.map((l) => l.mediaType)).toEqual([mt.RULESFILE_LAYER]);
    const listing = execFileSync('tar', ['-tzf', artifacts.rules], { encoding: 'utf8' }).trim().split('\n');
    expect(listing).toEqual(fs.readdirSync(path.join(ROOT, 'rules')).filter((f) => f.endsWith('.yaml')).sort());
  });

  describe('pushed to a registry with Basic authentication (htpasswd)', () => {
    let r: Registry;
    let firstPush: PushRun;
    beforeAll(async () => {
      r = await registry('htpasswd');
      firstPush = await push([`${r.address}/${PLUGIN_REPO}:${artifacts.version}`, `${r.address}/${RULES_REPO}:${artifacts.version}`]);
    }, 120_000);

    it('pulls back the way falcoctl does and the plugin loads from the extracted layer', async () => {
      expect(firstPush.stderr).toBe('');
      expect(firstPush.code).toBe(0);
      console.log(`oci push:\n${firstPush.stdout.trim()}`);
      const client = new RegistryClient({ registry: r.address, repository: PLUGIN_REPO }, ACCOUNT, 'pull');
      const pulled = await pullLikeFalcoctl(client, artifacts.version, AMD64, path.join(work, 'pull-tmp'));
      expect(pulled.manifest.layers[0]!.mediaType).toBe(mt.PLUGIN_LAYER);
      expect(pulled.config).toEqual({ name: 'k8saudit-ovh', version: artifacts.version, requirements: [{ name: 'plugin_api_version', version: requiredApiVersion() }] });
      const plugins = unpack(pulled.layerFile, path.join(work, 'usr-share-falco-plugins'));
      const run = await runHostCommand(HOST, ['--open', path.join(ROOT, 'samples/mks-audit-sample.jsonl'), '--fields', 'ka.verb', '--quiet', path.join(plugins, 'libk8saudit-ovh.so')], { env: bareEnv() });
      expect(run.summary['result']).toBe('eof');
      expect(run.summary['events']).toBe(31);
      console.log(`oci pull: ${path.basename(pulled.layerFile)} (${pulled.manifest.layers[0]!.digest}) extracted, ${run.summary['events']} events read by the plugin from it`);

      const rulesClient = new RegistryClient({ registry: r.address, repository: RULES_REPO }, ACCOUNT, 'pull');
      const rules = await pullLikeFalcoctl(rulesClient, artifacts.version, undefined, path.join(work, 'pull-rules'));
      expect(rules.manifest.layers[0]!.mediaType).toBe(mt.RULESFILE_LAYER);
      expect(rules.config.name).toBe('k8saudit-ovh-rules');
      expect(sha256(fs.readFileSync(rules.layerFile))).toBe(sha256(fs.readFileSync(artifacts.rules)));
    }, 120_000);

    it('a second push of the same artifacts uploads nothing and leaves the same digests', async () => {
      const again = await push([`${r.address}/${PLUGIN_REPO}:${artifacts.version}`, `${r.address}/${RULES_REPO}:${artifacts.version}`]);
      expect(again.code).toBe(0);
      const digests = (run: PushRun): string[] => run.stdout.trim().split('\n').map((l) => l.split(' ')[1]!);
      expect(digests(again)).toEqual(digests(firstPush));
      expect(again.stdout).toMatch(/\(0 uploaded, 5 already there\)\n.*\(0 uploaded, 2 already there\)/);
      console.log(`oci push again:\n${again.stdout.trim()}`);
    }, 120_000);

    it('a wrong password is a clear error, and no password is printed', async () => {
      const wrong = 'Wr0ng-Pa55word';
      const run = await push([`${r.address}/${PLUGIN_REPO}:${artifacts.version}`], wrong);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`oci:push: ${r.address} refused the credentials of REGISTRY_USER ${ACCOUNT.user} (HTTP 401): check REGISTRY_USER and REGISTRY_PASSWORD\n`);
      for (const text of [run.stdout, run.stderr, firstPush.stdout, firstPush.stderr]) {
        expect(text).not.toContain(wrong);
        expect(text).not.toContain(ACCOUNT.password);
      }
    }, 60_000);
  });

  describe('pushed through a bearer token service, as ghcr.io authenticates', () => {
    it('gets a token for the repository with the credentials, pushes, and refuses a wrong password clearly', async () => {
      const r = await registry('token');
      const ref = `${r.address}/${PLUGIN_REPO}:latest`;
      const run = await push([ref]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(r.tokenRequests.length).toBeGreaterThan(0);
      expect(r.tokenRequests.every((t) => t.user === ACCOUNT.user && t.scope === `repository:${PLUGIN_REPO}:pull,push`)).toBe(true);
      const client = new RegistryClient({ registry: r.address, repository: PLUGIN_REPO }, ACCOUNT, 'pull');
      const pulled = await pullLikeFalcoctl(client, 'latest', { architecture: 'arm64', os: 'linux' }, path.join(work, 'pull-token'));
      expect(sha256(fs.readFileSync(pulled.layerFile))).toBe(sha256(fs.readFileSync(artifacts.plugin.aarch64)));

      const wrong = await push([ref], 'Wr0ng-T0ken-Pass');
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/^oci:push: the token service of 127\.0\.0\.1:\d+ \(http:\/\/127\.0\.0\.1:\d+\) refused the credentials of REGISTRY_USER k8saudit-ci \(HTTP 401\)\n$/);
      expect(wrong.stderr + run.stdout).not.toContain('Wr0ng-T0ken-Pass');
      expect(wrong.stderr + run.stdout).not.toContain(ACCOUNT.password);
    }, 120_000);
  });
});
