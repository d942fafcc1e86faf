// Dependencies in src/ point one way: plugin → sources → audit → util (docs/architecture.md).
// Every import of every file is checked against the table below; a failure names the file and
// the import that break it.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');

/**
 * The parts of src/ and the other parts each may import. A file belongs to the longest part its
 * path starts with. `packages: false` means no import from outside src/ at all (npm or node:).
 */
const PARTS: Record<string, { readonly imports: readonly string[]; readonly packages: boolean }> = {
  util: { imports: [], packages: false },
  audit: { imports: ['util'], packages: false },
  sources: { imports: ['audit', 'util'], packages: true },
  'sources/ldp': { imports: ['sources', 'audit', 'util'], packages: true },
  bridge: { imports: ['audit', 'util'], packages: true },
  config: { imports: ['sources', 'sources/ldp', 'util'], packages: true },
  plugin: { imports: ['config', 'bridge', 'sources', 'sources/ldp', 'audit', 'util'], packages: true },
  sim: { imports: ['audit', 'util'], packages: true },
};

/** The part of a path relative to src/ (posix separators), or undefined for a file outside all. */
function partOf(srcPath: string): string | undefined {
  let best: string | undefined;
  for (const part of Object.keys(PARTS)) {
    if (srcPath.startsWith(part + '/') && (best === undefined || part.length > best.length)) best = part;
  }
  return best;
}

/** Every module specifier of a TypeScript text: static, type-only, re-exports and import(). */
function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** The layering violations of `files` (path relative to src/ → text), one line each. */
function layerViolations(files: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  for (const [file, text] of files) {
    const part = partOf(file);
    if (part === undefined) {
      problems.push(`src/${file}: not in any part of the layering (add its folder to PARTS and docs/architecture.md)`);
      continue;
    }
    const rule = PARTS[part]!;
    for (const spec of importsOf(text)) {
      if (!spec.startsWith('.')) {
        if (!rule.packages) problems.push(`src/${file}: imports "${spec}", but ${part}/ may import nothing from outside src/`);
        continue;
      }
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      const targetPart = partOf(target);
      if (targetPart === part) continue;
      if (targetPart === undefined || !rule.imports.includes(targetPart)) {
        const allowed = rule.imports.length === 0 ? 'nothing outside itself' : `only ${rule.imports.map((p) => `${p}/`).join(', ')}`;
        problems.push(`src/${file}: imports "${spec}" (${target.startsWith('..') ? target : `src/${target}`}), but ${part}/ may import ${allowed}`);
      }
    }
  }
  return problems;
}

function sourceFiles(dir: string, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) for (const [k, v] of sourceFiles(path.join(dir, entry.name), rel + '/')) out.set(k, v);
    else if (entry.name.endsWith('.ts')) out.set(rel, fs.readFileSync(path.join(dir, entry.name), 'utf8'));
  }
  return out;
}

describe('layering of src/', () => {
  it('every import points down the layers', () => {
    const files = sourceFiles(path.join(ROOT, 'src'));
    expect(files.size).toBeGreaterThan(40);
    expect(layerViolations(files)).toEqual([]);
  });

  it('names the file and the import that break a rule', () => {
    const files = new Map([
      ['audit/payload.ts', "import type { EventSink } from '../sources/source.js';\nimport { x } from './json.js';"],
      ['util/log.ts', "export { y } from '../audit/json.js';"],
      ['sources/file-source.ts', "const m = await import('../plugin/core.js');"],
      ['sources/ldp/url.ts', "import { z } from '../../config/config.js';"],
      ['audit/io.ts', "import * as fs from 'node:fs';"],
      ['bridge/batch-encoder.ts', "import { FileSource } from '../sources/file-source.js';"],
      ['sources/source.ts', "import { LdpSource } from './ldp/ldp-source.js';"],
      ['newpart/a.ts', ''],
      ['plugin/core.ts', "import { a } from '../sources/ldp/ldp-source.js';\nimport Ajv from 'ajv';"],
    ]);
    expect(layerViolations(files)).toEqual([
      'src/audit/payload.ts: imports "../sources/source.js" (src/sources/source.js), but audit/ may import only util/',
      'src/util/log.ts: imports "../audit/json.js" (src/audit/json.js), but util/ may import nothing outside itself',
      'src/sources/file-source.ts: imports "../plugin/core.js" (src/plugin/core.js), but sources/ may import only audit/, util/',
      'src/sources/ldp/url.ts: imports "../../config/config.js" (src/config/config.js), but sources/ldp/ may import only sources/, audit/, util/',
      'src/audit/io.ts: imports "node:fs", but audit/ may import nothing from outside src/',
      'src/bridge/batch-encoder.ts: imports "../sources/file-source.js" (src/sources/file-source.js), but bridge/ may import only audit/, util/',
      'src/sources/source.ts: imports "./ldp/ldp-source.js" (src/sources/ldp/ldp-source.js), but sources/ may import only audit/, util/',
      'src/newpart/a.ts: not in any part of the layering (add its folder to PARTS and docs/architecture.md)',
    ]);
  });
});
