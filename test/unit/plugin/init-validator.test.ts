// The init_config validator generated at build time is ajv's validator of the current INIT_SCHEMA:
// the same code as a fresh generation, the same verdicts and errors as ajv compiling the schema
// at run time, and the plugin bundle carries no schema compiler.
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import generated from '../../../src/config/generated/init-validator.js';
import { INIT_VALIDATOR_OPTIONS, initSchemaForAjv, initValidatorCode } from '../../../src/config/validator-code.js';
import { INIT_SCHEMA } from '../../../src/config/schema.js';

const ROOT = path.resolve(__dirname, '../../..');

/** Configs on both sides of every key's type and limits, plus unknown keys and non-objects. */
function configTable(): unknown[] {
  const table: unknown[] = [{}, [], null, 'x', 1, true, { maxEventSise: 1 }, { a: 1, b: 2 }];
  for (const [key, p] of Object.entries(INIT_SCHEMA.properties)) {
    const values: unknown[] = [null, [], {}, 'text', '', true, false, 0, 1, -1, 0.5, 1e300, 2 ** 53, -(2 ** 53)];
    if ('default' in p) values.push(p.default);
    if (p.minimum !== undefined) values.push(p.minimum, p.minimum - 1, p.minimum + 0.5);
    if (p.maximum !== undefined) values.push(p.maximum, p.maximum + 1, p.maximum - 0.5);
    for (const value of values) table.push({ [key]: value }, { [key]: value, unknownKey: 1 });
  }
  return table;
}

describe('the generated init_config validator', () => {
  it('is what the current schema generates (rebuild with npm run build:ts when this fails)', () => {
    const file = fs.readFileSync(path.join(ROOT, 'src/config/generated/init-validator.js'), 'utf8');
    expect(file === initValidatorCode(), 'src/config/generated/init-validator.js is stale').toBe(true);
  });

  it('gives the verdict and the errors of ajv compiling the schema at run time', () => {
    const compiled = new Ajv(INIT_VALIDATOR_OPTIONS).compile(initSchemaForAjv());
    const table = configTable();
    expect(table.length).toBeGreaterThan(500);
    let rejected = 0;
    for (const config of table) {
      const verdict = compiled(config);
      expect({ config, valid: generated(config), errors: generated.errors }).toEqual({ config, valid: verdict, errors: compiled.errors });
      if (!verdict) rejected += 1;
    }
    expect(rejected).toBeGreaterThan(table.length / 2);
    expect(rejected).toBeLessThan(table.length);
  });

  it('is bundled into the plugin instead of ajv, which compiles schemas', () => {
    const bundle = fs.readFileSync(path.join(ROOT, 'dist/plugin.js'), 'utf8');
    expect(bundle).toContain('must NOT have additional properties');
    expect(bundle).not.toMatch(/node_modules\/ajv\//);
    expect(bundle).not.toContain('compileSchema');
  });
});
