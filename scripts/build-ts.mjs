// Bundles the TypeScript for the places it runs:
//  dist/plugin.js      — the plugin's JS, one self-contained script for the embedded Node 18
//                        (only built-in modules are required at run time, no node_modules)
//  dist/ldp-sim.js     — the LDP simulator CLI (system node)
//  dist/static/*.json  — fields, init schema and open params, embedded in the .so
//  dist/include/generated/*.h — the wire contract and plugin identity for the shim
//  src/config/generated/init-validator.js — the init_config validator (ajv standalone code),
//                        generated first: dist/plugin.js bundles it instead of ajv's compiler
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { writeInitValidator } from './init-validator.mjs';
import { writeNativeContract } from './native-contract.mjs';
import { writeIfChanged } from './write-if-changed.mjs';

// The embedded Node 18's built-in require does not know the "node:" prefix.
const stripNodePrefix = {
  name: 'strip-node-prefix',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path.slice(5), external: true }));
  },
};

const common = {
  plugins: [stripNodePrefix],
  bundle: true,
  platform: 'node',
  sourcemap: false,
  logLevel: 'warning',
  // ws uses these optional native helpers when present; the plugin runs without them.
  external: ['bufferutil', 'utf-8-validate'],
  legalComments: 'none',
};

/** Builds, writing each output only when its bytes change (write-if-changed.mjs says why). */
async function bundle(options) {
  const { outputFiles } = await build({ ...common, ...options, write: false });
  for (const out of outputFiles) writeIfChanged(out.path, out.contents);
}

mkdirSync('dist/static', { recursive: true });
await writeInitValidator(common);
await bundle({ entryPoints: ['src/plugin/main.ts'], outfile: 'dist/plugin.js', format: 'iife', target: 'node18' });
await bundle({ entryPoints: ['src/sim/cli.ts'], outfile: 'dist/ldp-sim.js', format: 'cjs', target: 'node20' });
await bundle({ entryPoints: ['src/plugin/static-info.ts'], outfile: 'dist/static-info.js', format: 'cjs', target: 'node20' });
const { staticFiles } = createRequire(import.meta.url)(path.resolve('dist/static-info.js'));
for (const [name, text] of Object.entries(staticFiles())) writeIfChanged(path.join('dist/static', name), text);
writeNativeContract('dist/include');
