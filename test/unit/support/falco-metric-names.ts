// What Falco 0.44's Prometheus output makes of this plugin's metric names, and every name the
// plugin exports (the examples' dashboard and alert rules must use only these).
import { CLUSTER_METRICS, clusterMetric } from '../../../src/sources/ldp/cluster-metrics.js';
import { LDP_COUNTERS } from '../../../src/sources/ldp/counters.js';
import { FILE_COUNTERS } from '../../../src/sources/file-source.js';
import { PAYLOAD_ISSUE_COUNTERS } from '../../../src/sources/payload-intake.js';
import { EVENTS_DELIVERED } from '../../../src/plugin/native-sink.js';

export const PROMETHEUS_PREFIX = 'falcosecurity_plugins_k8saudit_ovh_';

/** Falco's rule (libsinsp metrics_collector.cpp): unit words cut out, then sanitised, `_total` for counts. */
export function falcoPrometheusName(metric: string): string {
  const cut = `${PROMETHEUS_PREFIX}${metric}_`.replace(/(_kb|_bytes|_mb|_perc|_percentage|_ratio|_ns|_ts|_sec|_total)/g, '');
  return `${cut}total`.replace(/[^a-zA-Z0-9_:]/g, '_').replace(/_+/g, '_');
}

/** The Prometheus names of the metrics the JS side exports, for the clusters given. */
export function exportedPrometheusNames(clusters: readonly string[]): Set<string> {
  const plugin = [...LDP_COUNTERS, ...FILE_COUNTERS, ...Object.values(PAYLOAD_ISSUE_COUNTERS), EVENTS_DELIVERED, 'fields_precomputed_per_event'];
  const perCluster = clusters.flatMap((cluster) => CLUSTER_METRICS.map((suffix) => clusterMetric(cluster, suffix)));
  return new Set([...plugin, ...perCluster].map(falcoPrometheusName));
}
