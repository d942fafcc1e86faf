// Shared test helpers: fixture paths, request-name parsing, result comparison.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FieldArg, type FieldResult, extractField, parseEventData } from '../../../src/audit/extract.js';
import { FIELDS, fieldIdByName } from '../../../src/audit/fields.js';

export const FIXTURES = join(__dirname, '../../fixtures/');

export function readFixture(rel: string): string {
  return readFileSync(FIXTURES + rel, 'utf8');
}

export function readJsonl<T>(rel: string): T[] {
  return readFixture(rel)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

/** `ka.x[arg]` → field id and FieldArg by the field's arg kind; undefined id for unknown names. */
export function parseRequest(request: string): { id: number | undefined; arg: FieldArg } {
  const open = request.indexOf('[');
  const name = open < 0 ? request : request.slice(0, open);
  const raw = open < 0 ? undefined : request.slice(open + 1, request.lastIndexOf(']'));
  const id = fieldIdByName(name);
  const def = id === undefined ? undefined : FIELDS[id];
  let arg: FieldArg = { kind: 'none' };
  if (raw !== undefined && def?.arg === 'index') arg = { kind: 'index', index: BigInt(raw) };
  if (def?.arg === 'key') arg = { kind: 'key', key: raw ?? '' };
  return { id, arg };
}

/** Runs one request on event data; unknown field names give an error result. */
export function extractRequest(data: string, request: string): FieldResult {
  const root = parseEventData(data);
  if (root instanceof Error) return { kind: 'error', message: root.message };
  const { id, arg } = parseRequest(request);
  if (id === undefined) return { kind: 'error', message: `unsupported extraction field: ${request}` };
  return extractField(root, id, arg);
}

/** Values, or null for no value / error (the golden files' convention). */
export function asGolden(r: FieldResult): string[] | null {
  return r.kind === 'values' && r.values.length > 0 ? r.values : null;
}
