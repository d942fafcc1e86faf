// Field argument and result types shared by the field readers, and the output they write into.
import type { JsonDoc } from './json.js';

/** The argument of a field request: none, an index (`field[N]`) or a key (`field[text]`). */
export type FieldArg = { kind: 'none' } | { kind: 'index'; index: bigint } | { kind: 'key'; key: string };

/** Values of one field (no value = values []), or an extraction failure (also "no value" for Falco). */
export type FieldResult = { kind: 'values'; values: string[] } | { kind: 'error'; message: string };

/**
 * Where a reader puts one field's values, each cut at its first NUL (Falco reads C strings): the
 * batch being encoded (bridge/value-block.ts), or a FieldResult (values.ts). Adding no value is
 * "no value"; fail() replaces whatever was added with an error.
 */
export interface ValueOut {
  /** One value: the field text of token t (decoded string; other JSON as its compact text). */
  value(doc: JsonDoc, t: number): void;
  /** One value computed by the reader. */
  text(s: string): void;
  /** One value made of parts: begin(), part()/partText() in order, end(). */
  begin(): void;
  part(doc: JsonDoc, t: number): void;
  partText(s: string): void;
  end(): void;
  fail(message: string): void;
}

/**
 * Reads one field's values from a parsed event whose root token passed the auditID gate. `idx` is
 * ALL (-1) or the element index; `key` is the key argument ("" when none).
 */
export type FieldReader = (doc: JsonDoc, root: number, idx: number, key: string, out: ValueOut) => void;

/** No value (shared, frozen). */
export const NO_VALUE: FieldResult = Object.freeze({ kind: 'values', values: Object.freeze([]) as unknown as string[] });

/** Upstream's error when a value has the wrong JSON type for the field. */
export const WRONG_TYPE = 'wrong type conversion';

export function error(message: string): FieldResult {
  return { kind: 'error', message };
}
