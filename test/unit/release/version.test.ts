// The release's version check and the tags its artifacts get, as functions and as the command the
// release workflow runs first.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { artifactTags, releaseVersion } from '../../../scripts/release/version.js';

const ROOT = path.resolve(__dirname, '../../..');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function checkVersion(gitTag: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['scripts/run-ts.mjs', 'scripts/release/check-version.ts', gitTag], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('release version', () => {
  it('a tag v<version> releases that version; anything else says what to fix', () => {
    expect(releaseVersion('v0.8.0', '0.8.0')).toBe('0.8.0');
    expect(releaseVersion('v10.20.30', '10.20.30')).toBe('10.20.30');
    expect(() => releaseVersion('v0.8.1', '0.8.0')).toThrow(
      'release tag v0.8.1 does not match package.json version 0.8.0: set "version": "0.8.1" in package.json and tag that commit, or tag v0.8.0',
    );
    for (const tag of ['0.8.0', 'v0.8', 'v0.8.0-rc.1', 'v08.0.0', 'release-0.8.0', 'v0.8.0 ']) {
      expect(() => releaseVersion(tag, '0.8.0'), tag).toThrow(`release tag "${tag}" is not v<major>.<minor>.<patch> (e.g. v0.8.0)`);
    }
  });

  it('the artifacts of X.Y.Z are tagged X.Y.Z, X.Y and latest, as falcosecurity tags its own', () => {
    expect(artifactTags('0.8.0')).toEqual(['0.8.0', '0.8', 'latest']);
    expect(artifactTags('1.12.3')).toEqual(['1.12.3', '1.12', 'latest']);
    expect(() => artifactTags('1.2')).toThrow('version "1.2" is not <major>.<minor>.<patch>');
  });

  it('check-version.ts accepts the tag of package.json version and refuses another, exit 1 with the reason', async () => {
    const ok = await checkVersion(`v${VERSION}`);
    expect(ok).toEqual({ code: 0, stdout: `release ${VERSION}: artifacts tagged ${artifactTags(VERSION).join(', ')}\n`, stderr: '' });
    const [major, minor, patch] = VERSION.split('.').map(Number);
    const next = `${major}.${minor}.${patch! + 1}`;
    const wrong = await checkVersion(`v${next}`);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toBe(`release: release tag v${next} does not match package.json version ${VERSION}: set "version": "${next}" in package.json and tag that commit, or tag v${VERSION}\n`);
  });
});
