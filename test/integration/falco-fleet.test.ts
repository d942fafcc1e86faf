// Several MKS clusters in one real Falco: three LDP simulators (steady, one that drops and
// replays, one answering 401), each cluster's events alerted once with its ka.cluster.name, the
// broken cluster named in Falco's log, the metrics per cluster on Falco's Prometheus endpoint.
// Then a stream replaying a backlog of 100,000 events beside a live one: the live events' delay
// is printed (a figure, not an assertion).
import { afterEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { falcoInstall, noFalco } from './falco-env.js';
import { ourPlugin, startFalco, type FalcoAlert, type RunningFalco } from './falco-run.js';
import { everyEventRule } from './falco-rules.js';
import { TOKEN, auditEvents, expectNoToken } from './ldp-bed.js';
import { freePort, metricsWhen, pluginMetricName } from './falco-webserver.js';
import { FIXTURES, ROOT } from './host.js';
import { parse as parseYaml } from 'yaml';
import { LdpSimulator } from '../../src/sim/ldp-simulator.js';

const sims: LdpSimulator[] = [];
let falcoRun: RunningFalco | undefined;
let dir: string | undefined;
afterEach(async () => {
  falcoRun?.kill('SIGKILL');
  await falcoRun?.done;
  falcoRun = undefined;
  for (const sim of sims.splice(0)) await sim.close();
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function simulator(): Promise<LdpSimulator> {
  const sim = new LdpSimulator({ token: TOKEN });
  await sim.start();
  sims.push(sim);
  return sim;
}

const clusterOf = (alert: FalcoAlert): unknown => alert.output_fields['ka.cluster.name'];
const idsOf = (alerts: readonly FalcoAlert[], cluster: string): unknown[] =>
  alerts.filter((a) => clusterOf(a) === cluster).map((a) => a.output_fields['ka.auditid']);
const range = (prefix: string, from: number, count: number): string[] => Array.from({ length: count }, (_, k) => `${prefix}-${from + k}`);

/** Small real events (the fixture secret creation), `count` of them with auditIDs prefix-i. */
function smallEvents(prefix: string, from: number, count: number): string[] {
  const template = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'audit/create_secret.json'), 'utf8')) as Record<string, unknown>;
  const base = Date.now();
  return Array.from({ length: count }, (_, k) => JSON.stringify({ ...template, auditID: `${prefix}-${from + k}`, stageTimestamp: new Date(base + k).toISOString() }));
}

describe.skipIf(noFalco)('several clusters in real Falco', () => {
  it('steady, dropped-and-replayed and 401 streams: every event once per cluster with its name; the broken one named; metrics per cluster', async () => {
    const falco = falcoInstall()!;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-fleet-'));
    const [steady, flaky, broken] = [await simulator(), await simulator(), await simulator()];
    const port = await freePort();
    falcoRun = startFalco(falco, {
      // Each URL from its own variable, as from one Secret key per cluster.
      plugins: [ourPlugin('prod=${PROD_URL} staging.eu-1=${STAGING_URL} team-b=${TEAM_B_URL}', { reconnectInitialDelayMs: 100, reconnectMaxDelayMs: 1000, replayOverlapSeconds: 2 })],
      rulesFiles: [everyEventRule(dir)],
      env: { PROD_URL: steady.url, STAGING_URL: flaky.url, TEAM_B_URL: `${broken.listenUrl}?tk=${TOKEN}-revoked` },
      settings: {
        // The examples' append_output: the syntax Falco 0.44 takes, and the cluster in every alert's text.
        append_output: (parseYaml(fs.readFileSync(path.join(ROOT, 'examples/falco.yaml'), 'utf8')) as { append_output: unknown }).append_output,
        metrics: { enabled: true, interval: '1m', output_rule: false, plugins_metrics_enabled: true },
        webserver: { enabled: true, listen_address: '127.0.0.1', listen_port: port, prometheus_metrics_enabled: true },
      },
    });
    const run = falcoRun;
    await run.until(() => run.stderr().includes('Cluster prod: Connected') && run.stderr().includes('Cluster staging.eu-1: Connected'), 'both streams connected');
    await run.until(() => run.stderr().includes('Cluster team-b: Cannot connect'), 'the 401 reported');
    steady.ingest(auditEvents(0, 100));
    flaky.ingest(auditEvents(0, 100));
    await run.until(() => run.alerts.length === 200, '200 alerts');
    flaky.dropAll();
    flaky.ingest(auditEvents(100, 100)); // while it reconnects: replayed from begin=
    steady.ingest(auditEvents(100, 100));
    await run.until(() => idsOf(run.alerts, 'prod').length === 200 && idsOf(run.alerts, 'staging.eu-1').length === 200, 'every event of both clusters');

    const metricName = (name: string): string => pluginMetricName('k8saudit-ovh', name);
    // The reconnect shows once the replaying connection is open; Falco's snapshot may lag one scrape.
    const metrics = await metricsWhen(port, (m) => m.get(metricName('cluster_staging_eu_1_reconnects')) === 1, () => run.child.exitCode === null && run.child.signalCode === null);
    const value = (name: string): number | undefined => metrics.get(metricName(name));
    expect(value('cluster_prod_events_delivered')).toBe(200);
    expect(value('cluster_staging_eu_1_events_delivered')).toBe(200);
    expect(value('cluster_prod_connected')).toBe(1);
    expect(value('cluster_team_b_connected')).toBe(0);
    expect(value('cluster_team_b_connect_failures')).toBe(1);
    expect(value('cluster_prod_reconnects')).toBe(0);
    expect(value('cluster_prod_since_last_event_s')).toBeGreaterThanOrEqual(0);
    expect(value('ldp_gaps')).toBe(0); // exported at 0 from the start

    run.kill('SIGTERM');
    const done = await run.done;
    expect(idsOf(done.alerts, 'prod')).toEqual(range('ev', 0, 200));
    expect(idsOf(done.alerts, 'staging.eu-1')).toEqual(range('ev', 0, 200));
    expect(new Set(done.alerts.map(clusterOf))).toEqual(new Set(['prod', 'staging.eu-1']));
    for (const alert of done.alerts) expect(alert.output).toMatch(new RegExp(` cluster=${String(clusterOf(alert)).replace('.', '\\.')}$`));
    expect(done.stderr).toMatch(/Cluster team-b: Cannot connect to ws:\/\/127\.0\.0\.1:\d+\/tail\/\?tk=\*\*\* - server answered HTTP 401/);
    expect(done.stderr).toContain('2 of 3 clusters still read (prod, staging.eu-1)');
    expectNoToken(done.stdout + done.stderr);
  }, 300_000);

  it('a stream replaying 100,000 events does not hold back another’s live events (delay printed)', async () => {
    const falco = falcoInstall()!;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-fleet-'));
    const [busy, live] = [await simulator(), await simulator()];
    falcoRun = startFalco(falco, {
      plugins: [ourPlugin(`busy=${busy.url} live=${live.url}`)],
      rulesFiles: [everyEventRule(dir)],
    });
    const run = falcoRun;
    await run.until(() => run.stderr().includes('Cluster busy: Connected') && run.stderr().includes('Cluster live: Connected'), 'both connected');
    // The floor: live events alone (this machine, this harness).
    const alone = 40;
    await live.feed(smallEvents('lv', 0, alone), { rate: 20 }).done;
    await run.until(() => run.alerts.length === alone, 'the live events alone');
    const backlog = 100_000;
    busy.ingest(smallEvents('bk', 0, backlog));
    await run.until(() => run.alerts.length > alone, 'the backlog flowing');
    const beside = 100;
    live.feed(smallEvents('lv', alone, beside), { rate: 20 });
    await run.until(() => run.alerts.length === backlog + alone + beside, 'every event');

    const liveAt = new Map(live.records.map((record, i) => [`lv-${i}`, record.timestamp * 1000]));
    const clusters = run.alerts.map(clusterOf);
    const lastBusy = clusters.lastIndexOf('busy');
    const delays = (from: number, to: number): number[] => {
      const out: number[] = [];
      run.alerts.forEach((alert, i) => {
        const sent = liveAt.get(String(alert.output_fields['ka.auditid']));
        if (sent !== undefined && i >= from && i < to) out.push((run.alertTimes[i] as number) - sent);
      });
      return out.sort((a, b) => a - b);
    };
    const describe = (d: number[]): string => `median ${d[Math.floor(d.length / 2)]} ms, max ${d[d.length - 1]} ms`;
    const floor = delays(0, alone);
    const during = delays(alone, lastBusy);
    const seconds = ((run.alertTimes[lastBusy] as number) - (run.alertTimes[alone] as number)) / 1000;
    console.log(
      `fleet fairness: live events alone: ${describe(floor)}; ${during.length} live events beside the ${backlog}-event backlog ` +
        `(delivered in ${seconds.toFixed(1)} s): ${describe(during)} (from LDP ingest to the alert read by the test)`,
    );
    expect(idsOf(run.alerts, 'busy')).toEqual(range('bk', 0, backlog));
    expect(idsOf(run.alerts, 'live')).toEqual(range('lv', 0, alone + beside));
    expect(during.length).toBeGreaterThan(0); // live events passed the backlog instead of waiting behind it
  }, 600_000);
});
