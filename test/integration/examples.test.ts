// The plugin sections of examples/falco.yaml and examples/values.yaml against what the real plugin
// reports (name, init schema) and accepts (plugin_init with the example's init_config), without
// Falco; falco-examples.test.ts runs both configurations in real Falco (FALCO_BIN).
import { beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PLUGIN, ROOT, runHost } from './host.js';

interface PluginEntry {
  name: string;
  library_path: string;
  init_config?: Record<string, unknown> | string;
  open_params?: string;
}

interface FalcoConfig {
  plugins: PluginEntry[];
  load_plugins: string[];
  rules_files: string[];
  [key: string]: unknown;
}

const read = (rel: string): Record<string, any> => parseYaml(fs.readFileSync(path.join(ROOT, rel), 'utf8')) as Record<string, any>;
const CONFIGS: [string, FalcoConfig][] = [
  ['examples/falco.yaml', read('examples/falco.yaml') as FalcoConfig],
  ['examples/values.yaml', read('examples/values.yaml')['falco'] as FalcoConfig],
];
// The json plugin 0.7 has one init_config key (falcosecurity/plugins, plugins/json/pkg/json/config.go).
const JSON_PLUGIN_INIT_KEYS = ['useAsync'];
// Falco's `metrics` keys (falco.yaml of Falco 0.44).
const FALCO_METRICS_KEYS = [
  'enabled', 'interval', 'output_rule', 'output_file', 'rules_counters_enabled', 'resource_utilization_enabled',
  'state_counters_enabled', 'kernel_event_counters_enabled', 'kernel_event_counters_per_cpu_enabled',
  'libbpf_stats_enabled', 'plugins_metrics_enabled', 'jemalloc_stats_enabled', 'convert_memory_to_mb', 'include_empty_values',
];

let info: { name: string };
let schema: { properties: Record<string, { type: string }>; additionalProperties: boolean };

beforeAll(async () => {
  info = JSON.parse((await runHost(['--info'])).stdout) as { name: string };
  schema = JSON.parse((await runHost(['--schema'])).stdout) as typeof schema;
}, 120_000);

describe.each(CONFIGS)('%s', (_file, cfg) => {
  const ours = (): PluginEntry => cfg.plugins.find((p) => p.name === info.name)!;

  it('names the plugin as it reports itself, by the file name it is built and shipped as', () => {
    expect(ours(), `a plugin named ${info.name}`).toBeDefined();
    expect(ours().library_path).toBe(path.basename(PLUGIN));
    expect(cfg.load_plugins).toEqual([info.name, 'json']);
    expect(cfg.plugins.map((p) => p.name).sort()).toEqual([...cfg.load_plugins].sort());
  });

  it('sets only init_config keys of the plugin schema, with their types, and the plugin accepts them', async () => {
    const initConfig = ours().init_config as Record<string, unknown>;
    for (const [key, value] of Object.entries(initConfig)) {
      expect(schema.properties[key], `${key} is in the init schema`).toBeDefined();
      expect(typeof value === 'number' ? 'integer' : typeof value).toBe(schema.properties[key]!.type);
    }
    // The checkpoint folder is the pod's volume: here, a folder of the test's own.
    const volume = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-example-'));
    const accepted = { ...initConfig };
    if (typeof accepted['checkpointFile'] === 'string') accepted['checkpointFile'] = path.join(volume, 'ldp.checkpoint');
    const run = await runHost(['--config', JSON.stringify(accepted), '--no-open']).finally(() =>
      fs.rmSync(volume, { recursive: true, force: true }),
    );
    expect(run.summary['result'], run.stderr).toBe('done');
  });

  it('reads the LDP tail URL from the environment', () => {
    expect(ours().open_params).toBe('${LDP_TAIL_URL}');
  });

  it('configures json without async extraction', () => {
    const json = cfg.plugins.find((p) => p.name === 'json')!;
    expect(json.library_path).toBe('libjson.so');
    expect(Object.keys(json.init_config as object).every((k) => JSON_PLUGIN_INIT_KEYS.includes(k))).toBe(true);
    expect(json.init_config).toEqual({ useAsync: false });
  });

  it('loads the upstream rules before the MKS overlay', () => {
    const up = cfg.rules_files.indexOf('/etc/falco/k8s_audit_rules.yaml');
    expect(up).toBeGreaterThanOrEqual(0);
    expect(cfg.rules_files.indexOf('/etc/falco/k8saudit-ovh-mks.yaml')).toBe(up + 1);
  });
});

describe('examples/falco.yaml', () => {
  const cfg = CONFIGS[0]![1];
  const chartFalco = parseYaml(fs.readFileSync(path.join(ROOT, 'test/fixtures/helm/falco-chart-values.yaml'), 'utf8')).falco as Record<string, any>;

  it('uses Falco configuration keys only (those of the chart, plus engine and metrics the chart manages itself)', () => {
    const known = new Set([...Object.keys(chartFalco), 'engine', 'metrics']);
    expect(Object.keys(cfg).filter((k) => !known.has(k))).toEqual([]);
    expect(Object.keys(cfg['webserver'] as object).filter((k) => !(k in chartFalco['webserver']))).toEqual([]);
    expect(Object.keys(cfg['metrics'] as object).filter((k) => !FALCO_METRICS_KEYS.includes(k))).toEqual([]);
  });

  it('runs without a driver and exports the plugin metrics', () => {
    expect(cfg['engine']).toEqual({ kind: 'nodriver' });
    expect(cfg['metrics']).toMatchObject({ enabled: true, plugins_metrics_enabled: true });
    expect(cfg['webserver']).toMatchObject({ enabled: true, prometheus_metrics_enabled: true });
  });
});
