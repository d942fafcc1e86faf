// The plugin's counters on Falco's Prometheus endpoint: Falco runs with examples/falco.yaml's
// plugins, rules, metrics and webserver settings (port changed to a free one), the plugin reads
// the LDP simulator on loopback, and the test reads /metrics until events_delivered shows every
// event streamed.
import { afterEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exampleFalcoYaml } from './example-configs.js';
import { falcoInstall, noFalco } from './falco-env.js';
import { startFalco } from './falco-run.js';
import { EVERY_EVENT_RULE, everyEventRule } from './falco-rules.js';
import { freePort, metricsWhen, pluginMetricName, pluginMetricPrefix } from './falco-webserver.js';
import { auditEvents, expectNoToken, openParams, useSimulator } from './ldp-bed.js';

const EVENTS = 300;
const metric = (name: string): string => pluginMetricName('k8saudit-ovh', name);

let dir: string | undefined;

afterEach(() => {
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const simulator = useSimulator();

describe.skipIf(noFalco)("the plugin's metrics on Falco's /metrics", () => {
  it(`show ${EVENTS} events delivered once the LDP simulator streamed them`, async () => {
    const falco = falcoInstall()!;
    const sim = await simulator();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-metrics-'));
    const port = await freePort();
    const example = exampleFalcoYaml(falco, { dir, port });
    // The example's rules, and one that alerts on every event so the test knows when Falco has them all.
    const setup = { ...example, rulesFiles: [...example.rulesFiles, everyEventRule(dir)], env: { LDP_TAIL_URL: openParams(sim) } };
    const running = startFalco(falco, setup);
    try {
      await sim.waitForConnection();
      sim.ingest(auditEvents(0, EVENTS));
      const seen = (): number => running.alerts.filter((a) => a.rule === EVERY_EVENT_RULE).length;
      await running.until(() => seen() === EVENTS, `${EVENTS} events`);
      const metrics = await metricsWhen(port, (m) => m.get(metric('events_delivered')) === EVENTS, () => running.child.exitCode === null && running.child.signalCode === null);
      expect(metrics.get(metric('ldp_messages_received'))).toBe(EVENTS);
      const extracted = (metrics.get(metric('values_precomputed')) ?? 0) + (metrics.get(metric('extract_fallback_calls')) ?? 0);
      expect(extracted, 'field values served, precomputed or through a fallback call').toBeGreaterThan(EVENTS);
      for (const gauge of ['queued_events', 'fields_precomputed_per_event']) expect(metrics.has(metric(gauge)), gauge).toBe(true);
      const plugin = [...metrics].filter(([name]) => name.startsWith(pluginMetricPrefix('k8saudit-ovh')));
      console.log(`plugin series on /metrics:\n${plugin.map(([n, v]) => `  ${n} ${v}`).join('\n')}`);
      // Prometheus text carries no token either.
      expectNoToken([...metrics.keys()].join('\n'));
    } finally {
      running.kill('SIGTERM');
    }
    const run = await running.done;
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    expectNoToken(run.stdout);
    expectNoToken(run.stderr);
  }, 120_000);
});
