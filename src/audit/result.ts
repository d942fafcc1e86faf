// Field argument and result types shared by the field readers.
import type { JsonObject } from './json.js';

/** The argument of a field request: none, an index (`field[N]`) or a key (`field[text]`). */
export type FieldArg = { kind: 'none' } | { kind: 'index'; index: bigint } | { kind: 'key'; key: string };

/** Values of one field (no value = values []), or an extraction failure (also "no value" for Falco). */
export type FieldResult = { kind: 'values'; values: string[] } | { kind: 'error'; message: string };

/**
 * Reads one field's values from a parsed event that passed the auditID gate. `idx` is ALL (-1) or the
 * element index; `key` is the key argument ("" when none). Results are read-only (some are shared).
 */
export type FieldReader = (root: JsonObject, idx: number, key: string) => FieldResult;

/** No value (shared, frozen). */
export const NO_VALUE: FieldResult = Object.freeze({ kind: 'values', values: Object.freeze([]) as unknown as string[] });

/** Upstream's error when a value has the wrong JSON type for the field. */
export const WRONG_TYPE: FieldResult = Object.freeze({ kind: 'error', message: 'wrong type conversion' });

export function values(list: string[]): FieldResult {
  return list.length === 0 ? NO_VALUE : { kind: 'values', values: list };
}

export function one(value: string): FieldResult {
  return { kind: 'values', values: [value] };
}

export function error(message: string): FieldResult {
  return { kind: 'error', message };
}
