// The per-cluster metric names. Falco's Prometheus output (0.44) turns a plugin metric `<name>`
// into `falcosecurity_plugins_k8saudit_ovh_<name>_total`: it first cuts every unit word it knows
// (`_kb`, `_bytes`, `_mb`, `_perc`, `_ratio`, `_ns`, `_ts`, `_sec`, `_total`) out of the name,
// wherever it stands, then turns characters outside [a-zA-Z0-9_:] into `_` and runs of `_` into
// one. Cluster names may hold `.` and `-`. So the plugin names its metrics as Falco will show them:
// `.`, `-` and runs of `_` become one `_`, and a unit word's first letter is capitalised
// (team-ns -> team_Ns) so Falco leaves it whole; two names that would then collide are refused.

/** What is counted per cluster: the source's counter name → the per-cluster metric's suffix. */
export const CLUSTER_COUNTERS: Readonly<Record<string, string>> = {
  events_delivered: 'events_delivered',
  ldp_reconnects: 'reconnects',
  ldp_events_replayed: 'events_replayed',
  ldp_duplicates_dropped: 'duplicates_dropped',
  ldp_connect_failures: 'connect_failures',
};

/**
 * Gauges per cluster: 1 while connected; seconds since its last event (since open before one).
 * Not `_seconds`: Falco would cut `_sec` out of it.
 */
export const CLUSTER_GAUGES = ['connected', 'since_last_event_s'] as const;

/** The unit words Falco's Prometheus output cuts out of metric names (libsinsp metrics_collector). */
const FALCO_UNIT_WORDS = /_(kb|bytes|mb|perc|percentage|ratio|ns|ts|sec|total)/g;

/** Every per-cluster metric suffix. */
export const CLUSTER_METRICS: readonly string[] = [...Object.values(CLUSTER_COUNTERS), ...CLUSTER_GAUGES];

/** The cluster as it appears in metric names. */
export function clusterMetricPart(name: string): string {
  const plain = name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '');
  // With the `cluster_` before it, a leading unit word counts too.
  return `_${plain}`.replace(FALCO_UNIT_WORDS, (word) => `_${word.charAt(1).toUpperCase()}${word.slice(2)}`).slice(1);
}

/** The plugin metric name of `suffix` for cluster `name`: `cluster_<name>_<suffix>`. */
export function clusterMetric(name: string, suffix: string): string {
  return `cluster_${clusterMetricPart(name)}_${suffix}`;
}

/** Throws when two cluster names give the same metric names. */
export function assertDistinctMetricNames(names: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    const part = clusterMetricPart(name);
    if (part === '') throw new Error(`cluster name "${name}" has no letter or digit to name its metrics with`);
    const other = seen.get(part);
    if (other !== undefined) {
      throw new Error(`cluster names "${other}" and "${name}" both give the metric names cluster_${part}_*: rename one (metric names turn "." and "-" into "_")`);
    }
    seen.set(part, name);
  }
}
