// The linux/arm64 artifact, tested rather than assumed: the arm64 plugin host runs under
// qemu-user (qemu-aarch64-static) in a root holding only libc, libstdc++, libgcc_s and zlib for
// arm64, loads the arm64 plugin from the unpacked arm64 artifact, and reads events from a file and
// from the LDP simulator (running natively on 127.0.0.1). Emulated, so Node starts slowly here.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUILD_TIMEOUT_MS, bareEnv, packaged, setUpPackageTests, unpack } from './artifacts.js';
import { ROOT, runHost, runHostCommand, type HostRun } from './host.js';
import { distinctAuditEvents } from './audit-events.js';
import { LdpSimulator } from '../../src/sim/ldp-simulator.js';

const ARM64_HOST = path.join(ROOT, 'build/aarch64/k8saudit-host');
const ARM64_BASE = path.join(ROOT, '.sysroot-arm64/base');
const SAMPLE = path.join(ROOT, 'samples/mks-audit-sample.jsonl');
const TOKEN = 'Arm64+t0ken/Q=';
const FIELDS = 'ka.auditid,ka.verb,ka.user.name,ka.target.resource,ka.target.name,ka.response.code';
const EM_AARCH64 = 183;

let dir: string;
let sim: LdpSimulator | undefined;
beforeAll(async () => {
  await setUpPackageTests();
  dir = unpack((await packaged()).plugin.aarch64);
}, BUILD_TIMEOUT_MS);
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function arm64Host(args: string[], timeoutMs = 240_000): Promise<HostRun> {
  return runHostCommand('qemu-aarch64-static', ['-L', ARM64_BASE, ARM64_HOST, ...args, path.join(dir, 'libk8saudit-ovh.so')], { env: bareEnv(), timeoutMs });
}

function elfMachine(file: string): number {
  return fs.readFileSync(file).readUInt16LE(18);
}

describe('linux/arm64 artifact under qemu-user', () => {
  it('holds arm64 code: the plugin, libnode and the host', () => {
    for (const file of [path.join(dir, 'libk8saudit-ovh.so'), path.join(dir, 'libnode.so.108'), path.join(dir, 'libuv.so.1'), ARM64_HOST]) {
      expect(elfMachine(file), file).toBe(EM_AARCH64);
    }
  });

  it('replays a file with the same field values as the amd64 build', async () => {
    const args = ['--open', SAMPLE, '--fields', FIELDS];
    const [arm64, amd64] = await Promise.all([arm64Host(args), runHost(args)]);
    expect(arm64.signal).toBeNull();
    expect(arm64.summary['result']).toBe('eof');
    expect(arm64.summary['events']).toBe(31);
    expect(arm64.summary['extract_failures']).toBe(0);
    expect(arm64.events.map((e) => e.fields)).toEqual(amd64.events.map((e) => e.fields));
    console.log(`arm64 under qemu: ${arm64.summary['events']} events from a file, plugin_init ${Math.round(arm64.summary['init_ms'])} ms`);
  }, 300_000);

  it('reads the LDP simulator over a WebSocket on loopback', async () => {
    sim = new LdpSimulator({ token: TOKEN });
    await sim.start();
    const n = 200;
    const events = distinctAuditEvents('arm64', n);
    const running = arm64Host(['--open', sim.url, '--fields', 'ka.auditid', '--max-events', String(n), '--duration-s', '200']);
    await sim.waitForConnection();
    sim.feed(events);
    const run = await running;
    expect(run.summary['result']).toBe('max_events');
    expect(run.events.map((e) => e.fields['ka.auditid']?.[0])).toEqual(events.map((_, i) => `arm64-${i}`));
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
    console.log(`arm64 under qemu: ${n} of ${n} events from the LDP simulator in order`);
  }, 300_000);
});
