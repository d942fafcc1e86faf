// What the LDP integration tests share: the simulator on loopback, real audit events made unique,
// and the checks on what the host printed.
import { afterEach, expect } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, type HostRun } from './host.js';
import { LdpSimulator } from '../../src/sim/ldp-simulator.js';

export const TOKEN = 'Int3gr+t0ken/Xyz=';

/**
 * Short reconnect delays for tests. The keepalive stays long: on a busy machine a pong can take
 * seconds, and only the keepalive tests want it to fire (they set their own).
 */
export const FAST = {
  reconnectInitialDelayMs: 100,
  reconnectMaxDelayMs: 1000,
  keepaliveIntervalMs: 30_000,
  keepaliveTimeoutMs: 30_000,
  replayOverlapSeconds: 2,
};

// Real audit events, made unique: auditID gets a sequence suffix, stageTimestamp moves on.
const templates = fs
  .readdirSync(path.join(FIXTURES, 'audit'))
  .sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(FIXTURES, 'audit', f), 'utf8')) as Record<string, unknown>);

export function auditEvents(from: number, count: number, prefix = 'ev'): string[] {
  const base = Date.parse('2026-11-01T00:00:00Z');
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const ev = { ...templates[i % templates.length]!, auditID: `${prefix}-${i}`, stageTimestamp: new Date(base + i).toISOString() };
    return JSON.stringify(ev);
  });
}

export function expectedIds(n: number, from = 0): string[] {
  return Array.from({ length: n }, (_, i) => `ev-${from + i}`);
}

export const ids = (run: { events: HostRun['events'] }): (string | undefined)[] => run.events.map((e) => e.fields['ka.auditid']?.[0]);

export function expectNoToken(text: string): void {
  expect(text.includes(TOKEN)).toBe(false);
  expect(text.includes(encodeURIComponent(TOKEN))).toBe(false);
}

export function expectRunHasNoToken(run: HostRun): void {
  expectNoToken(run.stdout);
  expectNoToken(run.stderr);
}

/** One simulator per test, closed after it. Call at the top level of a test file. */
export function useSimulator(): (options?: Partial<ConstructorParameters<typeof LdpSimulator>[0]>) => Promise<LdpSimulator> {
  let sim: LdpSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });
  return async (options = {}) => {
    await sim?.close();
    sim = new LdpSimulator({ token: TOKEN, ...options });
    await sim.start();
    return sim;
  };
}

export function openParams(s: LdpSimulator, token = TOKEN): string {
  return `ws://127.0.0.1:${s.port}/tail/?tk=${token}`;
}
