// init_config validation: defaults, upstream keys accepted, clear errors naming the bad key.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePluginConfig } from '../../../src/config/config.js';
import { INIT_SCHEMA } from '../../../src/config/schema.js';

describe('init_config', () => {
  it('gives defaults for an empty config and for {}', () => {
    for (const text of ['', '  ', '{}']) {
      const c = parsePluginConfig(text);
      expect(c.maxEventSize).toBe(262144);
      expect(c.reconnectInitialDelayMs).toBe(1000);
      expect(c.reconnectMaxDelayMs).toBe(60000);
      expect(c.precomputeFields).toBe(true);
    }
  });

  it("accepts upstream k8saudit's keys", () => {
    const c = parsePluginConfig('{"maxEventSize":1000,"sslCertificate":"/x.pem","useAsync":false,"webhookMaxBatchSize":10}');
    expect(c.maxEventSize).toBe(1000);
  });

  it('names the unknown key', () => {
    expect(() => parsePluginConfig('{"maxEventSise":1}')).toThrow(/unknown key "maxEventSise"/);
  });

  it('names the key with a wrong type or range', () => {
    expect(() => parsePluginConfig('{"maxEventSize":"1"}')).toThrow(/"maxEventSize" must be integer/);
    expect(() => parsePluginConfig('{"maxEventSize":-1}')).toThrow(/"maxEventSize" must be >= 0/);
    expect(() => parsePluginConfig('{"reconnectInitialDelayMs":0.5}')).toThrow(/reconnectInitialDelayMs/);
  });

  it('rejects text that is not a JSON object', () => {
    expect(() => parsePluginConfig('{maxEventSize:1}')).toThrow(/not valid JSON/);
    expect(() => parsePluginConfig('[1]')).toThrow(/must be object/);
  });

  it('is the schema the plugin reports to Falco', () => {
    const built = path.resolve(__dirname, '../../../dist/static/init_schema.json');
    expect(JSON.parse(fs.readFileSync(built, 'utf8'))).toEqual(INIT_SCHEMA);
  });

  it("is documented in the README's init_config table: the same keys, the same defaults", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
    const section = readme.split('\n### `init_config`\n')[1]?.split('\n### ')[0] ?? '';
    const documented = new Map<string, string | undefined>();
    for (const row of section.split('\n').filter((line) => line.startsWith('| `'))) {
      const [keys = '', shown = ''] = row.split('|').slice(1).map((cell) => cell.trim());
      for (const [, key] of keys.matchAll(/`([^`]+)`/g)) documented.set(key!, shown === '—' || shown === '' ? undefined : shown);
    }
    const schemaDefaults = new Map(
      Object.entries(INIT_SCHEMA.properties).map(([key, p]) => [key, 'default' in p ? String(p.default) : undefined]),
    );
    expect(documented).toEqual(schemaDefaults);
  });
});
