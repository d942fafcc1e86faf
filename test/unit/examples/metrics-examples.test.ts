// The Grafana dashboard and the Prometheus alert rules of examples/ use only metric names the
// plugin exports, as Falco's Prometheus output shows them.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PROMETHEUS_PREFIX, exportedPrometheusNames } from '../support/falco-metric-names.js';

const ROOT = path.resolve(__dirname, '../../..');
const read = (rel: string): string => fs.readFileSync(path.join(ROOT, rel), 'utf8');
/** A cluster name standing for the template variable and the regex groups. */
const SAMPLE = 'prod.eu-1';
const SAMPLE_PART = 'prod_eu_1';

/** Every metric name in `text`, with `${cluster}`, `$cluster`, `(.+)` and `.+` read as the sample cluster. */
function metricNames(text: string): string[] {
  const pattern = new RegExp(`${PROMETHEUS_PREFIX}(?:[A-Za-z0-9_]|\\$\\{cluster\\}|\\$cluster|\\(\\.\\+\\)|\\.\\+)+`, 'g');
  return [...text.matchAll(pattern)].map((m) => m[0].replace(/\$\{cluster\}|\$cluster|\(\.\+\)|\.\+/g, SAMPLE_PART));
}

const exported = exportedPrometheusNames([SAMPLE]);

describe('examples/ metrics', () => {
  it('the Grafana dashboard uses exported metric names only, with a row repeated per cluster', () => {
    const text = read('examples/grafana-dashboard.json');
    const dashboard = JSON.parse(text) as { panels: { type: string; repeat?: string }[]; templating: { list: { name: string; regex?: string }[] } };
    const names = metricNames(text);
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((name) => !exported.has(name))).toEqual([]);
    expect(dashboard.panels.some((panel) => panel.type === 'row' && panel.repeat === 'cluster')).toBe(true);
    const variable = dashboard.templating.list.find((v) => v.name === 'cluster');
    const regex = new RegExp(variable!.regex!.slice(1, -1));
    expect(regex.exec(`${PROMETHEUS_PREFIX}cluster_${SAMPLE_PART}_connected_total`)?.[1]).toBe(SAMPLE_PART);
  });

  it('the Prometheus alert rules use exported metric names only, for a stream down and a silent one', () => {
    const text = read('examples/prometheus-alerts.yaml');
    const rules = (parseYaml(text) as { groups: { rules: { alert: string; expr: string }[] }[] }).groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert)).toEqual(expect.arrayContaining(['K8sAuditOvhStreamDown', 'K8sAuditOvhStreamSilent']));
    const names = metricNames(text);
    expect(names.length).toBeGreaterThan(3);
    expect(names.filter((name) => !exported.has(name))).toEqual([]);
  });

  it('notices a metric the plugin does not export', () => {
    expect(metricNames(`rate(${PROMETHEUS_PREFIX}cluster_\${cluster}_events_lost_total[5m])`).filter((n) => !exported.has(n))).toEqual([
      `${PROMETHEUS_PREFIX}cluster_${SAMPLE_PART}_events_lost_total`,
    ]);
  });
});
