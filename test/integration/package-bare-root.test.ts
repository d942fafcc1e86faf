// The amd64 artifact in a bare root: a minimal Debian bookworm (debootstrap --variant=minbase, no
// libnode, no OpenSSL, no ICU, no CA store), the closest local stand-in for the Falco images. The
// host runs there with chroot, in a mount namespace of its own so the /proc mounted for it goes
// away with it. Also what an operator sees when the root is wrong: no /proc, no libnode.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUILD_TIMEOUT_MS, bareEnv, packaged, setUpPackageTests, unpack } from './artifacts.js';
import { HOST, ROOT, runHostCommand, type HostRun } from './host.js';
import { distinctAuditEvents } from './audit-events.js';
import { LdpSimulator } from '../../src/sim/ldp-simulator.js';

const BARE_ROOT = path.join(ROOT, '.cache/bookworm-minbase');
const TOKEN = 'B4re+r00t/T0ken=';
const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The run folder inside the root, as the host sees it (/tmp/...) and from outside. */
let inside: string;
let outside: string;
let sim: LdpSimulator | undefined;

beforeAll(async () => {
  await setUpPackageTests();
  const tarball = (await packaged()).plugin.x86_64;
  outside = fs.mkdtempSync(path.join(BARE_ROOT, 'tmp', 'k8saudit-'));
  inside = `/tmp/${path.basename(outside)}`;
  unpack(tarball, path.join(outside, 'plugins'));
  fs.copyFileSync(HOST, path.join(outside, 'k8saudit-host'));
  fs.copyFileSync(path.join(ROOT, 'samples/mks-audit-sample.jsonl'), path.join(outside, 'sample.jsonl'));
}, BUILD_TIMEOUT_MS);
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
afterAll(() => {
  if (outside) fs.rmSync(outside, { recursive: true, force: true });
});

/** The host in the bare root, with /proc mounted there unless `proc` is false. */
function chrootHost(args: string[], { proc = true, plugins = 'plugins' } = {}): Promise<HostRun> {
  const command = ['/usr/sbin/chroot', BARE_ROOT, `${inside}/k8saudit-host`, ...args, `${inside}/${plugins}/libk8saudit-ovh.so`].map(quote).join(' ');
  const script = proc ? `mount -t proc proc ${quote(path.join(BARE_ROOT, 'proc'))} && exec ${command}` : `exec ${command}`;
  return runHostCommand('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], { env: bareEnv(), timeoutMs: 120_000 });
}

describe('plugin artifact in a minimal bookworm root', () => {
  it('finds every library it brings in its own folder', () => {
    const ldd = execFileSync('/usr/sbin/chroot', [BARE_ROOT, 'ldd', `${inside}/plugins/libk8saudit-ovh.so`], { encoding: 'utf8', env: bareEnv() });
    expect(ldd).not.toMatch(/not found/);
    for (const lib of ['libnode.so.108', 'libuv.so.1', 'libssl.so.3', 'libcrypto.so.3', 'libicuuc.so.72', 'libcares.so.2', 'libnghttp2.so.14', 'libbrotlidec.so.1']) {
      expect(ldd).toContain(`${lib} => ${inside}/plugins/${lib}`);
    }
  });

  it('replays a file with /proc mounted', async () => {
    const run = await chrootHost(['--open', `${inside}/sample.jsonl`, '--fields', 'ka.verb', '--quiet']);
    expect(run.summary['result']).toBe('eof');
    expect(run.summary['events']).toBe(31);
    expect(run.summary['extract_failures']).toBe(0);
  }, 120_000);

  it('reads the LDP simulator over wss:// trusting its certificate through caFile', async () => {
    sim = new LdpSimulator({ token: TOKEN, tls: true });
    await sim.start();
    fs.writeFileSync(path.join(outside, 'ca.pem'), sim.caPem!);
    const n = 300;
    const events = distinctAuditEvents('bare', n);
    const config = JSON.stringify({ caFile: `${inside}/ca.pem`, reconnectInitialDelayMs: 100 });
    const running = chrootHost(['--open', sim.url, '--config', config, '--fields', 'ka.auditid', '--max-events', String(n), '--duration-s', '60']);
    await sim.waitForConnection();
    sim.feed(events);
    const run = await running;
    expect(run.summary['result']).toBe('max_events');
    expect(run.events.map((e) => e.fields['ka.auditid']?.[0])).toEqual(events.map((_, i) => `bare-${i}`));
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  }, 120_000);

  it('without /proc, fails plugin_init with a message naming /proc instead of aborting', async () => {
    const run = await chrootHost(['--open', `${inside}/sample.jsonl`, '--quiet'], { proc: false });
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    expect(run.summary['result']).toBe('failure');
    expect(run.summary['error']).toContain('/proc is not mounted');
  }, 120_000);

  it('without libnode beside the plugin, fails to load with the dlopen error naming libnode', async () => {
    const partial = path.join(outside, 'no-libnode');
    fs.cpSync(path.join(outside, 'plugins'), partial, { recursive: true });
    fs.rmSync(path.join(partial, 'libnode.so.108'));
    const run = await chrootHost(['--open', `${inside}/sample.jsonl`, '--quiet'], { plugins: 'no-libnode' });
    expect(run.signal).toBeNull();
    expect(run.summary['result']).toBe('failure');
    expect(run.summary['error']).toContain("can't load plugin dynamic library: libnode.so.108: cannot open shared object file");
  }, 120_000);
});
