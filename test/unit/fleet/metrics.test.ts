// Metric names: per cluster as Falco's Prometheus output will show them, and every counter the
// sources count declared so it is exported from the start.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLUSTER_METRICS, assertDistinctMetricNames, clusterMetric, clusterMetricPart } from '../../../src/sources/ldp/cluster-metrics.js';
import { LDP_COUNTERS } from '../../../src/sources/ldp/counters.js';
import { FILE_COUNTERS } from '../../../src/sources/file-source.js';
import { PAYLOAD_ISSUE_COUNTERS } from '../../../src/sources/payload-intake.js';
import { CLUSTER_COUNTERS } from '../../../src/sources/ldp/cluster-metrics.js';
import { EVENTS_DELIVERED } from '../../../src/plugin/native-sink.js';
import { falcoPrometheusName } from '../support/falco-metric-names.js';

describe('per-cluster metric names', () => {
  it('are valid Prometheus names that Falco leaves whole', () => {
    for (const name of ['prod', 'prod.eu-1', 'team-ns', 'ns', 'sec-ops', 'a__b', '-edge-', 'Kb_total.x']) {
      for (const suffix of CLUSTER_METRICS) {
        const metric = clusterMetric(name, suffix);
        expect(metric).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*$/);
        expect(falcoPrometheusName(metric), metric).toBe(`falcosecurity_plugins_k8saudit_ovh_${metric}_total`);
      }
    }
    expect(clusterMetricPart('prod.eu-1')).toBe('prod_eu_1');
    expect(clusterMetricPart('team-ns')).toBe('team_Ns');
    expect(clusterMetricPart('sec-ops')).toBe('Sec_ops');
    expect(clusterMetricPart('-edge-')).toBe('edge');
  });

  it('refuse two clusters that would share their metrics, and a name with nothing to show', () => {
    expect(() => assertDistinctMetricNames(['a-b', 'c', 'a.b'])).toThrow('cluster names "a-b" and "a.b" both give the metric names cluster_a_b_*');
    expect(() => assertDistinctMetricNames(['--'])).toThrow('cluster name "--" has no letter or digit');
    expect(() => assertDistinctMetricNames(['a-b', 'a-c'])).not.toThrow();
  });
});

describe('counters', () => {
  it('every counter counted in src/ is one the plugin declares at 0', () => {
    const declared = new Set<string>([...LDP_COUNTERS, ...FILE_COUNTERS, ...Object.values(PAYLOAD_ISSUE_COUNTERS), EVENTS_DELIVERED]);
    const counted = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== 'sim' && entry.name !== 'generated') walk(file);
        } else if (file.endsWith('.ts')) {
          for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bcount\('([a-z_]+)'/g)) counted.add(m[1]!);
        }
      }
    };
    walk(path.resolve(__dirname, '../../../src'));
    expect(counted.size).toBeGreaterThan(10);
    expect([...counted].filter((name) => !declared.has(name))).toEqual([]);
    for (const name of Object.keys(CLUSTER_COUNTERS)) expect(declared.has(name), name).toBe(true);
  });
});
