// examples/values.yaml against the Falco Helm chart's own values (test/fixtures/helm): every key
// it sets is one the chart knows, and it deploys what MKS needs.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';

const ROOT = path.resolve(__dirname, '../../..');
const read = (rel: string): unknown => parseYaml(fs.readFileSync(path.join(ROOT, rel), 'utf8'));
const chart = read('test/fixtures/helm/falco-chart-values.yaml') as Record<string, unknown>;
const values = read('examples/values.yaml') as Record<string, any>;
const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Paths of `mine` the chart does not define. A chart value that is an empty map or a list is
 * free-form (podAnnotations, extra.env, falco.plugins, refs...): what is under it is not checked.
 */
function unknownKeys(mine: unknown, theirs: unknown, at: string): string[] {
  if (!isMap(mine) || !isMap(theirs) || Object.keys(theirs).length === 0) return [];
  return Object.entries(mine).flatMap(([k, v]) =>
    k in theirs ? unknownKeys(v, theirs[k], `${at}${k}.`) : [`${at}${k}`],
  );
}

describe('examples/values.yaml', () => {
  it('sets only keys the Falco chart knows', () => {
    expect(unknownKeys(values, chart, '')).toEqual([]);
  });

  it('notices a key the chart does not know', () => {
    expect(unknownKeys({ controller: { kind: 'deployment', replica: 1 }, podAnnotations: { a: 'b' } }, chart, '')).toEqual(['controller.replica']);
  });

  it('runs one Falco as a Deployment, without driver or collectors', () => {
    expect(values['controller']).toEqual({ kind: 'deployment', deployment: { replicas: 1 } });
    expect(values['driver']).toEqual({ enabled: false });
    expect(values['collectors']).toEqual({ enabled: false });
  });

  it('takes each cluster’s LDP tail URL from its own key of a Secret through the environment, never inline', () => {
    const env = values['extra'].env as { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
    const plugin = (values['falco'].plugins as { name: string; open_params?: string }[]).find((p) => p.name === 'k8saudit-ovh');
    const entries = String(plugin?.open_params).split(' ').map((entry) => /^([a-z]+)=\$\{([A-Z_]+)\}$/.exec(entry));
    expect(entries.length).toBeGreaterThan(1);
    for (const entry of entries) {
      expect(entry).not.toBeNull();
      const [, cluster, variable] = entry!;
      expect(env.find((e) => e.name === variable)?.valueFrom?.secretKeyRef).toEqual({ name: 'ldp-tail', key: cluster });
    }
    expect(fs.readFileSync(path.join(ROOT, 'examples/values.yaml'), 'utf8')).not.toMatch(/tk=[^<]/);
  });

  it('installs this plugin, json and the rules with falcoctl, and follows the rules', () => {
    const cfg = values['falcoctl'].config.artifact;
    expect(values['falcoctl'].artifact).toEqual({ install: { enabled: true }, follow: { enabled: true } });
    expect(cfg.install.refs).toEqual([
      `ghcr.io/k8saudit-ovh/plugins/plugin/k8saudit-ovh:${version}`,
      `ghcr.io/k8saudit-ovh/plugins/ruleset/k8saudit-ovh-rules:${version}`,
      'json:0.7',
    ]);
    expect(cfg.follow.refs).toEqual([`ghcr.io/k8saudit-ovh/plugins/ruleset/k8saudit-ovh-rules:${version}`]);
    expect(values['falco'].rules_files).toEqual(['/etc/falco/k8s_audit_rules.yaml', '/etc/falco/k8saudit-ovh-mks.yaml', '/etc/falco/rules.d']);
  });

  it('enables the plugin metrics and sizes the container', () => {
    expect(values['metrics']).toMatchObject({ enabled: true, pluginsMetricsEnabled: true });
    expect(values['falco'].webserver.prometheus_metrics_enabled).toBe(true);
    expect(values['resources'].requests.memory).toBe('256Mi');
    expect(values['resources'].limits.memory).toBe('512Mi');
  });

  it('follows the chart in the way its own k8saudit example deploys a plugin-only Falco', () => {
    const example = read('test/fixtures/helm/falco-chart-values-k8saudit.yaml') as Record<string, any>;
    for (const key of ['driver', 'collectors']) expect(values[key]).toEqual(example[key]);
    expect(values['controller'].kind).toBe(example['controller'].kind);
    expect(values['falco'].load_plugins).toEqual(['k8saudit-ovh', 'json']);
  });
});
