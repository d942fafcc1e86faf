// index.yaml, the falcoctl index, must point at the repositories the release pushes to (the last
// path component of a repository names the artifact pushed there), and name the release workflow
// as the signer falcoctl checks, in the form falcoctl reads (pkg/index: signature.cosign).
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { artifactRepository } from '../../../scripts/release/repositories.js';

const ROOT = path.resolve(__dirname, '../../..');
const RELEASE_WORKFLOW = '.github/workflows/release.yml';
const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';

interface CosignSignature {
  readonly 'certificate-oidc-issuer'?: string;
  readonly 'certificate-identity-regexp'?: string;
}

interface IndexEntry {
  readonly name: string;
  readonly type: string;
  readonly registry: string;
  readonly repository: string;
  readonly signature?: { readonly cosign?: CosignSignature };
}

const entries = parse(fs.readFileSync(path.join(ROOT, 'index.yaml'), 'utf8')) as IndexEntry[];
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; repository: { url: string } };
/** https://github.com/<owner>/<repo>, from package.json. */
const repositoryUrl = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const owner = new URL(repositoryUrl).pathname.split('/')[1]!;

/** The certificate identity GitHub's OIDC token gives a workflow run: <repo URL>/<workflow path>@<ref>. */
function workflowIdentity(workflow: string, ref: string, repo = repositoryUrl): string {
  return `${repo}/${workflow}@${ref}`;
}

describe('falcoctl index', () => {
  it('lists the plugin and the rules artifact in the repositories the release pushes them to', () => {
    const listed = entries.map((e) => ({ name: e.name, type: e.type, ref: `${e.registry}/${e.repository}` }));
    expect(listed).toEqual([
      { name: pkg.name, type: 'plugin', ref: `ghcr.io/${artifactRepository(owner, 'plugin', pkg.name)}` },
      { name: `${pkg.name}-rules`, type: 'rulesfile', ref: `ghcr.io/${artifactRepository(owner, 'rulesfile', `${pkg.name}-rules`)}` },
    ]);
  });

  it('names the release workflow at a version tag as the cosign signer of both, and no other identity', () => {
    expect(fs.existsSync(path.join(ROOT, RELEASE_WORKFLOW))).toBe(true);
    for (const entry of entries) {
      const cosign = entry.signature?.cosign;
      expect(Object.keys(cosign ?? {}).sort(), entry.name).toEqual(['certificate-identity-regexp', 'certificate-oidc-issuer']);
      expect(cosign!['certificate-oidc-issuer']).toBe(GITHUB_OIDC_ISSUER);
      // cosign matches the regexp with Go's regexp, unanchored: the anchors are the index's.
      const identity = new RegExp(cosign!['certificate-identity-regexp']!);
      expect(identity.source).toMatch(/^\^.*\$$/);
      for (const tag of [`v${pkg.version}`, 'v1.0.0', 'v12.34.56']) {
        expect(identity.test(workflowIdentity(RELEASE_WORKFLOW, `refs/tags/${tag}`)), tag).toBe(true);
      }
      for (const other of [
        workflowIdentity(RELEASE_WORKFLOW, 'refs/heads/main'),
        workflowIdentity(RELEASE_WORKFLOW, `refs/tags/v${pkg.version}-evil`),
        workflowIdentity('.github/workflows/ci.yml', `refs/tags/v${pkg.version}`),
        workflowIdentity(RELEASE_WORKFLOW, `refs/tags/v${pkg.version}`, `${repositoryUrl}-fork`),
        workflowIdentity(RELEASE_WORKFLOW, `refs/tags/v${pkg.version}`, repositoryUrl.replace('github.com', 'github.com.evil.example')),
      ]) {
        expect(identity.test(other), other).toBe(false);
      }
    }
  });

  it('the README verifies by hand with the same identity and issuer falcoctl checks', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const cosign = entries[0]!.signature!.cosign!;
    for (const flag of [`--certificate-identity-regexp '${cosign['certificate-identity-regexp']}'`, `--certificate-oidc-issuer ${cosign['certificate-oidc-issuer']}`]) {
      expect(readme.includes(flag), `README.md has ${flag}`).toBe(true);
    }
  });
});
