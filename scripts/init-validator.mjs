// Writes src/config/generated/init-validator.js: ajv's standalone code for INIT_SCHEMA, from
// src/config/validator-code.ts (bundled and run here, since Node 20 cannot run TypeScript).
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { writeIfChanged } from './write-if-changed.mjs';

const INIT_VALIDATOR_FILE = 'src/config/generated/init-validator.js';

export async function writeInitValidator(options) {
  const generator = resolve('dist/validator-code.js');
  await build({ ...options, entryPoints: ['src/config/validator-code.ts'], outfile: generator, format: 'cjs', target: 'node20' });
  const code = createRequire(import.meta.url)(generator).initValidatorCode();
  writeIfChanged(INIT_VALIDATOR_FILE, code);
}
