// The per-cluster metric names. Falco's Prometheus output turns a plugin metric `<name>` into
// `falcosecurity_plugins_k8saudit_ovh_<name>_total`, and Prometheus names allow [a-zA-Z0-9_:] only,
// while cluster names may hold `.` and `-`: those become `_`, and two names that would then
// collide are refused at open.

/** What is counted per cluster: the source's counter name → the per-cluster metric's suffix. */
export const CLUSTER_COUNTERS: Readonly<Record<string, string>> = {
  events_delivered: 'events_delivered',
  ldp_reconnects: 'reconnects',
  ldp_events_replayed: 'events_replayed',
  ldp_duplicates_dropped: 'duplicates_dropped',
  ldp_connect_failures: 'connect_failures',
};

/** Gauges per cluster: 1 while connected; seconds since its last event (since open before one). */
export const CLUSTER_GAUGES = ['connected', 'seconds_since_last_event'] as const;

/** Every per-cluster metric suffix. */
export const CLUSTER_METRICS: readonly string[] = [...Object.values(CLUSTER_COUNTERS), ...CLUSTER_GAUGES];

/** The cluster as it appears in metric names. */
export function clusterMetricPart(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
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
    const other = seen.get(part);
    if (other !== undefined) {
      throw new Error(`cluster names "${other}" and "${name}" both give the metric names cluster_${part}_*: rename one (metric names turn "." and "-" into "_")`);
    }
    seen.set(part, name);
  }
}
