// The rulesfile artifact's config, read from rules files as falcoctl does, with dependencies on
// our plugin instead of the alternatives list naming it.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rulesfileConfig } from '../../../scripts/oci/rules-config.js';

const ROOT = path.resolve(__dirname, '../../..');
const upstream = { path: 'rules/k8s_audit_rules.yaml', text: fs.readFileSync(path.join(ROOT, 'rules/k8s_audit_rules.yaml'), 'utf8') };
const PLUGIN = { name: 'k8saudit-ovh', version: '0.7.0' };

describe('rulesfile config', () => {
  it('turns the upstream rules into dependencies on k8saudit-ovh and json and the engine requirement', () => {
    expect(rulesfileConfig('k8saudit-ovh-rules', '0.7.0', [upstream], PLUGIN)).toEqual({
      name: 'k8saudit-ovh-rules',
      version: '0.7.0',
      dependencies: [
        { name: 'json', version: '0.7.0' },
        { name: 'k8saudit-ovh', version: '0.6.0' },
      ],
      requirements: [{ name: 'engine_version_semver', version: '0.15.0' }],
    });
  });

  it('keeps the highest version any file requires, and a semver engine version as it is', () => {
    const overlay = {
      path: 'overlay.yaml',
      text: [
        '- required_engine_version: 0.40.0',
        '',
        '- required_plugin_versions:',
        '    - name: k8saudit-ovh   # this plugin',
        '      version: "0.7.0"',
        '    - name: container',
        '      alternatives:',
        '        - name: other',
        '          version: 1.0.0',
        '      version: 0.2.0',
        '- rule: x',
      ].join('\n'),
    };
    const config = rulesfileConfig('r', '1.0.0', [upstream, overlay], PLUGIN);
    expect(config.dependencies).toEqual([
      { name: 'container', version: '0.2.0', alternatives: [{ name: 'other', version: '1.0.0' }] },
      { name: 'json', version: '0.7.0' },
      { name: 'k8saudit-ovh', version: '0.7.0' },
    ]);
    expect(config.requirements).toEqual([{ name: 'engine_version_semver', version: '0.40.0' }]);
  });

  it('refuses rules that need a newer plugin than the one packaged with them', () => {
    const file = { path: 'new.yaml', text: '- required_engine_version: 15\n- required_plugin_versions:\n    - name: k8saudit-ovh\n      version: 0.8.0\n' };
    expect(() => rulesfileConfig('r', '0.7.0', [file], PLUGIN)).toThrow('the rules require k8saudit-ovh 0.8.0, newer than the plugin packaged with them (0.7.0)');
  });

  it('refuses a form it does not read instead of losing a dependency', () => {
    const file = { path: 'flow.yaml', text: '- required_engine_version: 15\n- required_plugin_versions:\n    - {name: json, version: 0.7.0}\n' };
    expect(() => rulesfileConfig('r', '0.7.0', [file], PLUGIN)).toThrow('flow.yaml:3: unsupported form in required_plugin_versions');
  });

  it('needs a required_engine_version', () => {
    expect(() => rulesfileConfig('r', '0.7.0', [{ path: 'none.yaml', text: '- rule: x\n' }], PLUGIN)).toThrow('no required_engine_version in none.yaml');
  });
});
