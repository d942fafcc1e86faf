// The packaged artifacts (dist/) that the package tests unpack, push, pull and run. They are made
// from the current build by scripts/build-cross.sh arm64 and scripts/package-artifacts.sh, both
// incremental, under a lock: test files run in parallel and share dist/. The builds run
// asynchronously: a worker blocked for minutes in a synchronous child process misses vitest's
// 60-second RPC deadline and the run fails although every test passed.
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './host.js';

export interface Packaged {
  readonly version: string;
  /** The plugin artifact by machine name (uname -m): x86_64, aarch64. */
  readonly plugin: Readonly<Record<'x86_64' | 'aarch64', string>>;
  readonly rules: string;
  readonly oci: string;
}

const LOCK = path.join(ROOT, 'dist/.package.lock');
/** Hang guard for the hooks that build: a first arm64 cross build on a busy machine takes minutes. */
export const BUILD_TIMEOUT_MS = 900_000;

/** Runs a bash script with the package lock held, as the builds of dist/ run. */
export function locked(script: string): Promise<string> {
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  return new Promise((resolve, reject) => {
    const child = execFile('flock', [LOCK, 'bash', '-c', script], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 }, (err, stdout) => {
      if (err) reject(err);
      else resolve(stdout);
    });
    child.stderr?.pipe(process.stderr);
  });
}

/** Installs what the package tests need (Debian packages, arm64 sysroot, the bare bookworm root). */
export async function setUpPackageTests(): Promise<void> {
  await locked('bash scripts/setup-package-tests.sh');
}

export async function packaged(): Promise<Packaged> {
  const lines = (await locked('bash scripts/build-cross.sh arm64 >/dev/null && bash scripts/package-artifacts.sh')).trim().split('\n');
  const abs = (p: string | undefined): string => path.join(ROOT, p ?? '');
  const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return {
    version,
    plugin: { x86_64: abs(lines.find((l) => l.endsWith('-linux-x86_64.tar.gz'))), aarch64: abs(lines.find((l) => l.endsWith('-linux-aarch64.tar.gz'))) },
    rules: abs(lines.find((l) => l.includes('-rules-'))),
    oci: abs(lines.find((l) => l.endsWith('/oci'))),
  };
}

/** Extracts a tar.gz into a new (or the given, empty) folder, as falcoctl does into the plugins folder. */
export function unpack(tarball: string, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-plugins-'))): string {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-C', dir, '-xzf', tarball]);
  return dir;
}

/** An environment with nothing inherited but PATH: the artifact must not depend on ours. */
export function bareEnv(): NodeJS.ProcessEnv {
  return { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' };
}
