// Writes src/config/generated/init-validator.js: ajv's standalone code for INIT_SCHEMA, from
// src/config/validator-code.ts (bundled and run here, since Node 20 cannot run TypeScript).
// The file is rewritten only when its text changes, so incremental builds stay incremental.
import { build } from 'esbuild';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const INIT_VALIDATOR_FILE = 'src/config/generated/init-validator.js';

export async function writeInitValidator(options) {
  const generator = resolve('dist/validator-code.js');
  await build({ ...options, entryPoints: ['src/config/validator-code.ts'], outfile: generator, format: 'cjs', target: 'node20' });
  const code = createRequire(import.meta.url)(generator).initValidatorCode();
  if (!existsSync(INIT_VALIDATOR_FILE) || readFileSync(INIT_VALIDATOR_FILE, 'utf8') !== code) writeFileSync(INIT_VALIDATOR_FILE, code);
}
