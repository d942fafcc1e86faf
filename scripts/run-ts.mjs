// Runs one of the project's TypeScript command-line scripts (scripts/**/*.ts) with this Node:
// esbuild bundles it into a temporary ES module first, since Node 20 cannot run TypeScript.
// Usage: node scripts/run-ts.mjs <script.ts> [arguments...]
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <script.ts> [arguments...]');
  process.exit(2);
}
const dir = resolve('build/run-ts');
mkdirSync(dir, { recursive: true });
const outfile = resolve(dir, `${basename(entry, '.ts')}-${process.pid}.mjs`);
process.on('exit', () => rmSync(outfile, { force: true }));
await build({ entryPoints: [resolve(entry)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error' });
process.argv = [process.argv[0], resolve(entry), ...args];
await import(pathToFileURL(outfile).href);
