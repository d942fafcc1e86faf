// The release scripts (scripts/release/) as .github/workflows/release.yml runs them, on the
// artifacts the package tests build (once per run, shared through dist/) and against a real
// registry on loopback (Debian's docker-registry): publish.ts pushes both artifacts under the
// release's tags and lists the digests to sign; sign.sh hands each to cosign — here a stand-in
// on PATH that records its arguments and input, since keyless signing needs the OIDC identity of
// a GitHub workflow run; assets.sh writes the tarballs' sums, which sha256sum -c checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUILD_TIMEOUT_MS, bareEnv, locked, packaged, setUpPackageTests, type Packaged } from './artifacts.js';
import { ROOT } from './host.js';
import { startRegistry, type Registry, type RegistryUser } from './registry.js';
import { readLayout } from '../../scripts/oci/layout.js';
import * as mt from '../../scripts/oci/media-types.js';
import { RegistryClient } from '../../scripts/oci/registry-client.js';

const ACCOUNT: RegistryUser = { user: 'k8saudit-release', password: 'R3lease-S3cret+pass' };
/** As GitHub gives it (github.repository_owner): not lowercased. */
const GITHUB_OWNER = 'K8saudit-OVH-Test';
const PLUGIN_REPO = 'k8saudit-ovh-test/plugins/plugin/k8saudit-ovh';
const RULES_REPO = 'k8saudit-ovh-test/plugins/ruleset/k8saudit-ovh-rules';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd = ROOT): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { cwd, env, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.end();
  });
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

let artifacts: Packaged;
let work: string;
let registry: Registry;

beforeAll(async () => {
  await setUpPackageTests();
  artifacts = await packaged();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'release-test-'));
  registry = await startRegistry(work, 'htpasswd', ACCOUNT);
}, BUILD_TIMEOUT_MS);
afterAll(async () => {
  await registry?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** scripts/release/publish.ts as the workflow runs it, with the registry's credentials. */
function publish(gitTag: string, digests: string): Promise<Run> {
  const env = { ...bareEnv(), REGISTRY_USER: ACCOUNT.user, REGISTRY_PASSWORD: ACCOUNT.password };
  const args = ['scripts/run-ts.mjs', 'scripts/release/publish.ts', '--git-tag', gitTag, '--registry', registry.address, '--owner', GITHUB_OWNER, '--digests', digests];
  return run(process.execPath, args, env);
}

describe('release', () => {
  const digestsFile = (): string => path.join(work, 'pushed-digests.txt');

  it('publish.ts refuses a tag other than v + the package.json version, before pushing anything', async () => {
    const [major, minor, patch] = artifacts.version.split('.').map(Number);
    const next = `${major}.${minor}.${patch! + 1}`;
    const wrong = await publish(`v${next}`, digestsFile());
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toBe(`release: release tag v${next} does not match package.json version ${artifacts.version}: set "version": "${next}" in package.json and tag that commit, or tag v${artifacts.version}\n`);
    expect(fs.existsSync(digestsFile())).toBe(false);
    const client = new RegistryClient({ registry: registry.address, repository: PLUGIN_REPO }, ACCOUNT, 'pull');
    await expect(client.getManifest('latest', [mt.OCI_INDEX])).rejects.toThrow(/404|unknown|not found/i);
  }, 60_000);

  describe('pushed with the release tag', () => {
    let pushed: Run;
    beforeAll(async () => {
      pushed = await publish(`v${artifacts.version}`, digestsFile());
    }, 180_000);

    it('pushes the plugin and the rules under X.Y.Z, X.Y and latest in the lowercased owner, and lists the digest each tag points at', async () => {
      expect(pushed.stderr).toBe('');
      expect(pushed.code).toBe(0);
      console.log(`release push:\n${pushed.stdout.trim()}`);
      const [major, minor] = artifacts.version.split('.');
      const tags = [artifacts.version, `${major}.${minor}`, 'latest'];
      const lines = pushed.stdout.trim().split('\n');
      expect(lines.slice(0, 6).map((l) => l.split(' ')[0])).toEqual([
        ...tags.map((t) => `${registry.address}/${PLUGIN_REPO}:${t}`),
        ...tags.map((t) => `${registry.address}/${RULES_REPO}:${t}`),
      ]);
      expect(lines[6]).toBe(`2 digests to sign written to ${digestsFile()}`);

      const layout = readLayout(artifacts.oci);
      const roots = [layout.get(`k8saudit-ovh:${artifacts.version}`)!.root.digest, layout.get(`k8saudit-ovh-rules:${artifacts.version}`)!.root.digest];
      expect(fs.readFileSync(digestsFile(), 'utf8')).toBe(`${registry.address}/${PLUGIN_REPO}@${roots[0]}\n${registry.address}/${RULES_REPO}@${roots[1]}\n`);
      for (const [repository, root] of [[PLUGIN_REPO, roots[0]!], [RULES_REPO, roots[1]!]] as const) {
        const client = new RegistryClient({ registry: registry.address, repository }, ACCOUNT, 'pull');
        for (const tag of tags) {
          const manifest = await client.getManifest(tag, [mt.OCI_INDEX, mt.OCI_MANIFEST]);
          expect(sha256(manifest.bytes), `${repository}:${tag}`).toBe(root);
        }
      }
      expect(pushed.stdout + pushed.stderr).not.toContain(ACCOUNT.password);
    }, 60_000);

    describe('sign.sh', () => {
      let bin: string;
      let calls: string;
      beforeAll(() => {
        bin = fs.mkdtempSync(path.join(work, 'bin-'));
        calls = path.join(work, 'cosign-calls.jsonl');
        // The stand-in: one JSON line per call with its arguments and what it read on stdin;
        // fails `sign` for a reference containing $COSIGN_FAIL_ON.
        const cosign = `#!${process.execPath}
const fs = require('node:fs');
const argv = process.argv.slice(2);
const stdin = fs.readFileSync(0, 'utf8');
fs.appendFileSync(${JSON.stringify(calls)}, JSON.stringify({ argv, stdin }) + '\\n');
const failOn = process.env.COSIGN_FAIL_ON;
if (argv[0] === 'sign' && failOn && argv.some((a) => a.includes(failOn))) { console.error('error: signing ' + argv[2] + ': stand-in failure'); process.exit(1); }
`;
        fs.writeFileSync(path.join(bin, 'cosign'), cosign, { mode: 0o755 });
      });

      interface Call {
        argv: string[];
        stdin: string;
      }

      async function sign(list: string, extraEnv: NodeJS.ProcessEnv = {}, pathPrefix = bin): Promise<Run & { calls: Call[] }> {
        fs.rmSync(calls, { force: true });
        const env = { ...bareEnv(), PATH: `${pathPrefix}:${bareEnv()['PATH']}`, ...extraEnv };
        const result = await run('bash', ['scripts/release/sign.sh', list], env);
        const recorded = fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Call) : [];
        return { ...result, calls: recorded };
      }

      it('logs cosign in to the registry with the password on stdin, then signs each pushed digest', async () => {
        const refs = fs.readFileSync(digestsFile(), 'utf8').trim().split('\n');
        const result = await sign(digestsFile(), { REGISTRY_USER: ACCOUNT.user, REGISTRY_PASSWORD: ACCOUNT.password });
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(result.calls).toEqual([
          { argv: ['login', registry.address, '--username', ACCOUNT.user, '--password-stdin'], stdin: ACCOUNT.password },
          ...refs.map((ref) => ({ argv: ['sign', '--yes', ref], stdin: '' })),
        ]);
        expect(result.calls.flatMap((c) => c.argv).join(' ')).not.toContain(ACCOUNT.password);
        expect(result.stdout).toBe(`${refs.map((ref) => `signing ${ref}\n`).join('')}signed 2 digests\n`);
      });

      it('stops at the first failed signature, naming it', async () => {
        const refs = fs.readFileSync(digestsFile(), 'utf8').trim().split('\n');
        const result = await sign(digestsFile(), { COSIGN_FAIL_ON: PLUGIN_REPO });
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(`sign: cosign sign failed for ${refs[0]}\n`);
        expect(result.calls.map((c) => c.argv)).toEqual([['sign', '--yes', refs[0]]]);
      });

      it('signs only digests: a tag, an empty list or no cosign on PATH is refused before cosign is called', async () => {
        const tagged = path.join(work, 'tagged.txt');
        fs.writeFileSync(tagged, `${registry.address}/${PLUGIN_REPO}:latest\n`);
        const byTag = await sign(tagged);
        expect(byTag.code).toBe(1);
        expect(byTag.stderr).toBe(`sign: ${tagged}: "${registry.address}/${PLUGIN_REPO}:latest" is not <registry>/<repository>@sha256:<hex>: only digests are signed, never tags\n`);
        expect(byTag.calls).toEqual([]);

        const empty = path.join(work, 'empty.txt');
        fs.writeFileSync(empty, '\n');
        const none = await sign(empty);
        expect(none.code).toBe(1);
        expect(none.stderr).toBe(`sign: ${empty} lists no digest: nothing was pushed?\n`);
        expect(none.calls).toEqual([]);

        const noCosign = await sign(digestsFile(), {}, path.join(work, 'no-such-bin'));
        expect(noCosign.code).toBe(1);
        expect(noCosign.stderr).toBe('sign: cosign is not on PATH (the release workflow installs it with sigstore/cosign-installer)\n');
      });
    });
  });

  it('assets.sh puts the three tarballs and their SHA256SUMS in dist/release, and sha256sum -c checks them', async () => {
    const printed = (await locked('bash scripts/release/assets.sh')).trim().split('\n');
    const tarballs = [artifacts.plugin.aarch64, artifacts.plugin.x86_64, artifacts.rules].map((f) => path.basename(f)).sort();
    expect(printed).toEqual(['SHA256SUMS', ...tarballs].sort().map((f) => `dist/release/${f}`));
    const release = path.join(ROOT, 'dist/release');
    const sums = fs.readFileSync(path.join(release, 'SHA256SUMS'), 'utf8');
    const expected = [artifacts.plugin.aarch64, artifacts.plugin.x86_64, artifacts.rules]
      .map((f) => `${sha256(fs.readFileSync(f)).slice('sha256:'.length)}  ${path.basename(f)}\n`)
      .sort((a, b) => a.split('  ')[1]!.localeCompare(b.split('  ')[1]!));
    expect(sums).toBe(expected.join(''));
    const check = await run('sha256sum', ['-c', 'SHA256SUMS'], bareEnv(), release);
    expect(check.code).toBe(0);
    expect(check.stdout).toBe(tarballs.map((t) => `${t}: OK\n`).join(''));

    // A changed byte is caught: the same check on a copy with one byte of the rules tarball flipped.
    const copy = fs.mkdtempSync(path.join(work, 'assets-'));
    for (const f of fs.readdirSync(release)) fs.copyFileSync(path.join(release, f), path.join(copy, f));
    const rules = path.join(copy, path.basename(artifacts.rules));
    const bytes = fs.readFileSync(rules);
    const middle = bytes.length >> 1;
    bytes[middle] = bytes[middle]! ^ 0xff;
    fs.writeFileSync(rules, bytes);
    const broken = await run('sha256sum', ['-c', 'SHA256SUMS'], bareEnv(), copy);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`${path.basename(artifacts.rules)}: FAILED\n`);
  }, 120_000);
});
