// The artifact falcoctl installs (linux/amd64): extracted into an unrelated folder, the plugin must
// find its libnode and built-in modules there (DT_RPATH $ORIGIN, fd 987) and work as in the build
// tree; an incomplete install fails plugin_init with a message, never an abort.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUILD_TIMEOUT_MS, bareEnv, packaged, unpack, type Packaged } from './artifacts.js';
import { HOST, ROOT, runHostCommand, type HostRun } from './host.js';

const SAMPLE = path.join(ROOT, 'samples/mks-audit-sample.jsonl');
const BUILTINS = ['acorn/dist/acorn.js', 'acorn-walk/dist/walk.js', 'cjs-module-lexer/lexer.js', 'cjs-module-lexer/dist/lexer.js', 'undici/undici-fetch.js'];

let artifacts: Packaged;
beforeAll(async () => {
  artifacts = await packaged();
}, BUILD_TIMEOUT_MS);

function replay(dir: string): Promise<HostRun> {
  return runHostCommand(HOST, ['--open', SAMPLE, '--fields', 'ka.verb', '--quiet', path.join(dir, 'libk8saudit-ovh.so')], { env: bareEnv() });
}

/** Every path under `dir` in tar --sort=name order: each folder's entries by name, a folder's content right after it. */
function sortedWalk(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .map((e) => e.name)
    .sort()
    .flatMap((name) => {
      const rel = prefix + name;
      return fs.statSync(path.join(dir, rel)).isDirectory() ? [`${rel}/`, ...sortedWalk(dir, `${rel}/`)] : [rel];
    });
}

function expectInitFailure(run: HostRun, message: string): void {
  expect(run.signal).toBeNull();
  expect(run.code).toBe(1);
  expect(run.summary['result']).toBe('failure');
  expect(run.summary['error']).toContain(message);
}

/** Runs `fn` on a fresh extraction of the amd64 artifact, removed afterwards. */
async function withExtracted<T>(fn: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = unpack(artifacts.plugin.x86_64);
  try {
    return await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('plugin artifact', () => {
  it('is a flat, deterministic tarball of the plugin, libnode and its libraries, and nodejs-builtins/', async () => {
    const listing = execFileSync('tar', ['--numeric-owner', '-tvzf', artifacts.plugin.x86_64], { encoding: 'utf8' }).trim().split('\n');
    const names = listing.map((l) => l.split(/\s+/).pop()!);
    expect(names).toEqual(await withExtracted(sortedWalk));
    for (const line of listing) expect(line).toMatch(/^\S+ 0\/0 +\d+ 1970-01-01 00:00 /);
    expect(names).toEqual(expect.arrayContaining(['libk8saudit-ovh.so', 'libnode.so.108', 'libuv.so.1', 'libssl.so.3', 'libicudata.so.72', ...BUILTINS.map((f) => `nodejs-builtins/${f}`)]));
    expect(names.filter((n) => !n.startsWith('nodejs-builtins/') && n.includes('/'))).toEqual([]);
  });

  it('loads and replays events from wherever it is extracted', () =>
    withExtracted(async (dir) => {
      const ldd = execFileSync('ldd', [path.join(dir, 'libk8saudit-ovh.so')], { encoding: 'utf8' });
      expect(ldd).toContain(path.join(dir, 'libnode.so.108'));
      expect(ldd).not.toMatch(/not found/);
      const run = await replay(dir);
      expect(run.summary['result']).toBe('eof');
      expect(run.summary['events']).toBe(31);
      expect(run.summary['extract_failures']).toBe(0);
    }), 120_000);

  it('fails plugin_init with a message naming the missing nodejs-builtins folder', () =>
    withExtracted(async (dir) => {
      fs.rmSync(path.join(dir, 'nodejs-builtins'), { recursive: true });
      expectInitFailure(await replay(dir), `missing folder ${path.join(dir, 'nodejs-builtins')}: install the whole plugin artifact`);
    }), 120_000);

  it('fails plugin_init with a message naming a missing built-in module', () =>
    withExtracted(async (dir) => {
      const missing = path.join(dir, 'nodejs-builtins/undici/undici-fetch.js');
      fs.rmSync(missing);
      expectInitFailure(await replay(dir), `missing Node.js built-in module ${missing}`);
    }), 120_000);
});
