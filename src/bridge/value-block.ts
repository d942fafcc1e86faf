// Encodes one field result as a value block (layout in wire-contract.ts).
import type { FieldResult } from '../audit/result.js';
import type { ByteWriter } from './byte-writer.js';
import { VALUE_STATUS } from './wire-contract.js';

export function writeValueBlock(w: ByteWriter, result: FieldResult): void {
  if (result.kind === 'error') {
    w.u8(VALUE_STATUS.error);
    w.string(result.message, true);
    return;
  }
  w.u8(VALUE_STATUS.values);
  w.u32(result.values.length);
  for (const v of result.values) w.string(v, true);
}
