// Parses and validates init_config against INIT_SCHEMA, filling defaults. The validator is ajv's,
// generated from the schema at build time (validator-code.ts).
import type { ErrorObject } from 'ajv';
import validate from './generated/init-validator.js';
import { INIT_CONFIG_DEFAULTS, type PluginConfig } from './keys.js';

function describe(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : '';
  if (error.keyword === 'additionalProperties') {
    const key = (error.params as { additionalProperty: string }).additionalProperty;
    return `unknown key "${key}"`;
  }
  return where ? `"${where}" ${error.message ?? 'is invalid'}` : `init_config ${error.message ?? 'is invalid'}`;
}

/** The config from init_config text (empty means defaults); throws an Error naming what is wrong. */
export function parsePluginConfig(text: string): PluginConfig {
  let raw: unknown = {};
  if (text.trim() !== '') {
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new Error(`invalid init_config: not valid JSON (${(e as Error).message})`);
    }
  }
  if (!validate(raw)) {
    const problems = (validate.errors ?? []).map(describe);
    throw new Error(`invalid init_config: ${[...new Set(problems)].join('; ')}`);
  }
  return { ...INIT_CONFIG_DEFAULTS, ...(raw as Partial<PluginConfig>) };
}
