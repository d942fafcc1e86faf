// Exactly once in real Falco: a paced LDP stream, a rule that fires on every audit event, and
// Falco's own switches — hot reloads (a rules file changes under watch_config_files), a SIGTERM
// and a new Falco resuming from checkpointFile, a SIGKILL. Falco's alerts are the judge: every
// event it evaluates raises one alert naming its auditID.
import { afterEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { falcoInstall, noFalco } from './falco-env.js';
import { ourPlugin, startFalco, type FalcoAlert, type RunningFalco } from './falco-run.js';
import { EVERY_EVENT_RULE, everyEventRule } from './falco-rules.js';
import { FAST, auditEvents, expectNoToken, expectedIds, openParams, useSimulator } from './ldp-bed.js';
import type { LdpSimulator } from '../../src/sim/ldp-simulator.js';

const startSim = useSimulator();
let dir: string;
afterEach(() => {
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
});

const RESUMED = /Resuming where the previous instance of this process stopped/g;

function auditIds(alerts: readonly FalcoAlert[]): string[] {
  return alerts.filter((a) => a.rule === EVERY_EVENT_RULE).map((a) => a.output_fields['ka.auditid'] as string);
}

function start(s: LdpSimulator, rules: string, config: Record<string, unknown> = {}): RunningFalco {
  return startFalco(falcoInstall()!, {
    plugins: [ourPlugin(openParams(s), { ...FAST, ...config })],
    rulesFiles: [rules],
    settings: { watch_config_files: true },
  });
}

function lastEventSeen(falco: RunningFalco, n: number): Promise<void> {
  const last = `ev-${n - 1}`;
  return falco.until(() => falco.alerts.some((a) => a.output_fields['ka.auditid'] === last), `the alert for ${last}`);
}

/** Repeated IDs, each as often as it came again. */
function repeats(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
}

describe.skipIf(noFalco)('exactly once in real Falco', () => {
  describe.each([
    [200, 1_500],
    [2_000, 12_000],
  ])('at %i events/s', (rate, n) => {
    it('over three hot reloads in one run: every event evaluated once, in order', async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-reload-'));
      const s = await startSim();
      const rules = everyEventRule(dir);
      const falco = start(s, rules);
      await s.waitForConnection();
      const feed = s.feed(auditEvents(0, n), { rate });
      const reloads = 3;
      for (let k = 1; k <= reloads; k++) {
        await falco.until(() => falco.alerts.length >= (k * n) / (reloads + 1), `${(k * n) / (reloads + 1)} alerts`);
        everyEventRule(dir, `reload ${k}`); // the file changes, the rule does not: Falco reloads
        await falco.until(() => (falco.stderr().match(RESUMED)?.length ?? 0) >= k, `resumed after reload ${k}`);
      }
      await lastEventSeen(falco, n);
      falco.kill('SIGTERM');
      const run = await falco.done;
      feed.stop();
      const ids = auditIds(run.alerts);
      const log = run.stderr.split('\n').filter((l) => /k8saudit-ovh|restart|SIGHUP|reload/i.test(l));
      expect(repeats(ids), log.join('\n')).toEqual([]);
      expect(ids).toEqual(expectedIds(n));
      expectNoToken(run.stdout + run.stderr);
      console.log(`falco hot reload at ${rate} events/s: ${reloads} reloads, ${ids.length} of ${n} events evaluated, lost 0, repeated 0`);
    }, 300_000);

    it('SIGTERM, then a new Falco with the same checkpointFile: every event evaluated once, in order', async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-restart-'));
      const s = await startSim();
      const rules = everyEventRule(dir);
      const config = { checkpointFile: path.join(dir, 'ldp.checkpoint') };
      const first = start(s, rules, config);
      await s.waitForConnection();
      const feed = s.feed(auditEvents(0, n), { rate });
      await first.until(() => first.alerts.length >= n / 3, `${n / 3} alerts`);
      first.kill('SIGTERM'); // Kubernetes stopping the pod
      const one = await first.done;
      expect(one.code, one.stderr.slice(-2000)).toBe(0);
      const second = start(s, rules, config);
      await lastEventSeen(second, n);
      second.kill('SIGTERM');
      const two = await second.done;
      feed.stop();
      expect(two.stderr).toMatch(/Resuming from the checkpoint/);
      const ids = [...auditIds(one.alerts), ...auditIds(two.alerts)];
      expect(repeats(ids)).toEqual([]);
      expect(ids).toEqual(expectedIds(n));
      expectNoToken(one.stdout + one.stderr + two.stdout + two.stderr + fs.readFileSync(config.checkpointFile, 'utf8'));
      console.log(`falco restart (SIGTERM) at ${rate} events/s: ${auditIds(one.alerts).length} + ${auditIds(two.alerts).length} = ${n} events, lost 0, repeated 0`);
    }, 300_000);

    it('SIGKILL, then a new Falco with the same checkpointFile: nothing lost, at most one second of stream repeated', async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-kill-'));
      const s = await startSim();
      const rules = everyEventRule(dir);
      const config = { checkpointFile: path.join(dir, 'ldp.checkpoint') };
      const first = start(s, rules, config);
      await s.waitForConnection();
      const feed = s.feed(auditEvents(0, n), { rate });
      await first.until(() => first.alerts.length >= n / 3, `${n / 3} alerts`);
      first.kill('SIGKILL'); // OOM kill, node failure
      const one = await first.done;
      expect(one.signal).toBe('SIGKILL');
      const second = start(s, rules, config);
      await lastEventSeen(second, n);
      second.kill('SIGTERM');
      const two = await second.done;
      feed.stop();
      const firstIds = auditIds(one.alerts);
      const secondIds = auditIds(two.alerts);
      expect(new Set([...firstIds, ...secondIds])).toEqual(new Set(expectedIds(n))); // nothing lost
      expect(repeats(secondIds)).toEqual([]); // the new Falco repeats nothing itself
      const repeated = secondIds.filter((id) => firstIds.includes(id));
      // The repeated events are the last ones the killed Falco evaluated, at most one second of them.
      expect(repeated).toEqual(firstIds.slice(firstIds.length - repeated.length));
      expect(repeated.length).toBeLessThanOrEqual(rate);
      console.log(`falco SIGKILL at ${rate} events/s: ${firstIds.length} + ${secondIds.length} events for ${n}, lost 0, repeated ${repeated.length} (${(repeated.length / rate).toFixed(2)} s of stream)`);
    }, 300_000);
  });
});
