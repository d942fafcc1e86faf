// The artifact falcoctl installs: extracted into an unrelated folder, the plugin must find its
// libnode and built-in modules there (DT_RPATH $ORIGIN, fd 987) and work as in the build tree.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HOST, ROOT } from './host.js';

describe('plugin artifact', () => {
  it('loads and replays events from wherever it is extracted', () => {
    const tarball = execFileSync('bash', [path.join(ROOT, 'scripts/package.sh')], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-plugins-'));
    execFileSync('tar', ['-C', dir, '-xzf', path.join(ROOT, tarball)]);
    const plugin = path.join(dir, 'libk8saudit-ovh.so');
    const ldd = execFileSync('ldd', [plugin], { encoding: 'utf8' });
    expect(ldd).toContain(path.join(dir, 'libnode.so.108'));
    expect(ldd).not.toMatch(/not found/);
    const run = spawnSync(HOST, ['--open', path.join(ROOT, 'samples/mks-audit-sample.jsonl'), '--fields', 'ka.verb', '--quiet', plugin], {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
    });
    const summary = JSON.parse(run.stdout.trim().split('\n').pop()!).summary;
    expect(summary.result).toBe('eof');
    expect(summary.events).toBe(31);
    expect(summary.extract_failures).toBe(0);
  }, 120_000);
});
