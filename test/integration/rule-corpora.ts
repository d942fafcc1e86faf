// The rules files and the audit event corpora the rule tests run on, each written as one
// JSON-lines file for the plugin to replay.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, ROOT } from './host.js';

export const UPSTREAM_RULES = path.join(ROOT, 'rules/k8s_audit_rules.yaml');
export const MKS_OVERLAY = path.join(ROOT, 'rules/k8saudit-ovh-mks.yaml');
export const MKS_FIXTURES = path.join(FIXTURES, 'mks');

function jsonFilesIn(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(dir, f));
}

export interface Corpus {
  name: string;
  /** One input line per entry, as the plugin reads them (events, EventLists, arrays, bad lines). */
  lines: string[];
}

export function corpora(): Corpus[] {
  const read = (file: string): string => fs.readFileSync(file, 'utf8').trim();
  const goldenLines = read(path.join(FIXTURES, 'golden/k8saudit-golden-lines.jsonl'))
    .split('\n')
    .map((l) => (JSON.parse(l) as { input: string }).input);
  return [
    { name: 'test/fixtures/audit', lines: jsonFilesIn(path.join(FIXTURES, 'audit')).map(read) },
    { name: 'test/fixtures/golden', lines: goldenLines },
    { name: 'samples', lines: read(path.join(ROOT, 'samples/mks-audit-sample.jsonl')).split('\n') },
    { name: 'test/fixtures/mks', lines: jsonFilesIn(MKS_FIXTURES).map(read) },
  ];
}

/** Writes `lines` as a JSON-lines file in `dir` and returns its path. */
export function writeLines(dir: string, name: string, lines: string[]): string {
  const file = path.join(dir, `${name.replace(/[^A-Za-z0-9]+/g, '-')}.jsonl`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** The MKS fixture files, by name without extension. */
export function mksFixtures(): Map<string, string> {
  return new Map(jsonFilesIn(MKS_FIXTURES).map((f) => [path.basename(f, '.json'), f]));
}
