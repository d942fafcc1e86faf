// Falco's webserver in tests: a free loopback port for it, and its Prometheus /metrics read as
// name → value.
import { createServer } from 'node:net';

/** A TCP port free on 127.0.0.1 right now (the OS picks it; Falco binds it shortly after). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/** How Falco's /metrics names a plugin's series: `falcosecurity_plugins_<plugin, - as _>_`, then the metric. */
export function pluginMetricPrefix(plugin: string): string {
  return `falcosecurity_plugins_${plugin.replace(/-/g, '_')}_`;
}

/** A plugin metric on /metrics: the prefix, the metric's name, `_total` (gauges too). */
export function pluginMetricName(plugin: string, metric: string): string {
  return `${pluginMetricPrefix(plugin)}${metric}_total`;
}

/** One read of http://127.0.0.1:<port>/metrics: series (name with its labels) → value. */
export async function readMetrics(port: number): Promise<Map<string, number>> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (!response.ok) throw new Error(`/metrics answered HTTP ${response.status}`);
  const out = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m !== null) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/**
 * Reads /metrics again after each answer until `done` holds for what it shows; a refused
 * connection (the webserver not listening yet) is read again too. Bounded by the test's timeout,
 * and by `running` (Falco still runs).
 */
export async function metricsWhen(port: number, done: (metrics: Map<string, number>) => boolean, running: () => boolean): Promise<Map<string, number>> {
  for (;;) {
    if (!running()) throw new Error('Falco exited before /metrics showed what the test waits for');
    let metrics: Map<string, number> | undefined;
    try {
      metrics = await readMetrics(port);
    } catch (err) {
      if (!String((err as { cause?: unknown }).cause ?? err).includes('ECONNREFUSED')) throw err;
    }
    if (metrics !== undefined && done(metrics)) return metrics;
  }
}
