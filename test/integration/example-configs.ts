// The Falco configurations of examples/falco.yaml and of examples/values.yaml (as the Falco Helm
// chart renders it), made runnable on this machine: the paths Falco would find under /etc/falco
// and /usr/share/falco/plugins point into the repository and the build, the checkpoint and the
// chart's rules.d go to a folder of the test's, the webserver listens on a free loopback port, and
// syslog is off (this machine's syslog is no business of the tests). Everything else is as written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { FalcoInstall } from './falco-env.js';
import type { FalcoPlugin, FalcoSetup } from './falco-run.js';
import { FIXTURES, PLUGIN, ROOT } from './host.js';
import { MKS_OVERLAY, UPSTREAM_RULES } from './rule-corpora.js';

type Yaml = Record<string, any>;

export interface LocalPlaces {
  /** An empty folder of the test's own: the checkpoint volume and the chart's rules.d. */
  readonly dir: string;
  /** The webserver's port on 127.0.0.1. */
  readonly port: number;
}

const read = (file: string): Yaml => parseYaml(fs.readFileSync(file, 'utf8')) as Yaml;

/** examples/falco.yaml, runnable here. */
export function exampleFalcoYaml(falco: FalcoInstall, places: LocalPlaces): FalcoSetup {
  return local(read(path.join(ROOT, 'examples/falco.yaml')), falco, places);
}

/**
 * The falco.yaml the Falco chart (9.1.0, test/fixtures/helm) renders from examples/values.yaml: its
 * default `falco:` section with the example's merged in (maps merge, lists are replaced, as Helm
 * merges values), and the top-level `metrics:` values written into falco.yaml as the chart's
 * `falco.metricsConfiguration` helper does. With the driver disabled the chart sets no engine and
 * passes `--disable-source syscall`, as the test runner does.
 */
export function exampleValuesFalco(falco: FalcoInstall, places: LocalPlaces): FalcoSetup {
  const chart = read(path.join(FIXTURES, 'helm/falco-chart-values.yaml'));
  const values = read(path.join(ROOT, 'examples/values.yaml'));
  const metrics = merge(chart['metrics'], values['metrics'] ?? {});
  const rendered = merge(chart['falco'], values['falco']);
  if (metrics['enabled'] === true) {
    rendered['webserver'] = { ...rendered['webserver'], enabled: true, prometheus_metrics_enabled: true };
    rendered['metrics'] = {
      enabled: metrics['enabled'],
      interval: metrics['interval'],
      output_rule: metrics['outputRule'],
      rules_counters_enabled: metrics['rulesCountersEnabled'],
      resource_utilization_enabled: metrics['resourceUtilizationEnabled'],
      state_counters_enabled: metrics['stateCountersEnabled'],
      kernel_event_counters_enabled: metrics['kernelEventCountersEnabled'],
      kernel_event_counters_per_cpu_enabled: metrics['kernelEventCountersPerCPUEnabled'],
      libbpf_stats_enabled: metrics['libbpfStatsEnabled'],
      plugins_metrics_enabled: metrics['pluginsMetricsEnabled'],
      jemalloc_stats_enabled: metrics['jemallocStatsEnabled'],
      convert_memory_to_mb: metrics['convertMemoryToMB'],
      include_empty_values: metrics['includeEmptyValues'],
    };
  }
  // The chart's config.d is a ConfigMap folder in the pod; there is none here.
  rendered['config_files'] = [];
  return local(rendered, falco, places);
}

function merge(base: Yaml, over: Yaml): Yaml {
  const out: Yaml = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const both = [base[key], value].every((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
    out[key] = both ? merge(base[key], value) : value;
  }
  return out;
}

const RULES: Record<string, (places: LocalPlaces) => string> = {
  '/etc/falco/k8s_audit_rules.yaml': () => UPSTREAM_RULES,
  '/etc/falco/k8saudit-ovh-mks.yaml': () => MKS_OVERLAY,
  '/etc/falco/rules.d': (places) => {
    const folder = path.join(places.dir, 'rules.d');
    fs.mkdirSync(folder, { recursive: true });
    return folder;
  },
};

function local(config: Yaml, falco: FalcoInstall, places: LocalPlaces): FalcoSetup {
  const { plugins, load_plugins: loadPlugins, rules_files: rulesFiles, ...settings } = config;
  const libraries: Record<string, string> = { [path.basename(PLUGIN)]: PLUGIN, 'libjson.so': falco.json };
  const localPlugins = (plugins as FalcoPlugin[]).map((p) => {
    const library = libraries[p.library_path];
    if (library === undefined) throw new Error(`no local library for ${p.library_path}`);
    const initConfig = { ...(p.init_config as Yaml) };
    if (typeof initConfig['checkpointFile'] === 'string') initConfig['checkpointFile'] = path.join(places.dir, 'ldp.checkpoint');
    return { ...p, library_path: library, init_config: initConfig };
  });
  if (JSON.stringify(loadPlugins) !== JSON.stringify(localPlugins.map((p) => p.name))) throw new Error(`load_plugins ${loadPlugins} is not the plugins' order`);
  return {
    plugins: localPlugins,
    rulesFiles: (rulesFiles as string[]).map((f) => {
      const localFile = RULES[f]?.(places);
      if (localFile === undefined) throw new Error(`no local rules for ${f}`);
      return localFile;
    }),
    settings: {
      ...settings,
      webserver: { ...settings['webserver'], listen_port: places.port, listen_address: '127.0.0.1' },
      log_syslog: false,
      syslog_output: { enabled: false },
    },
  };
}
