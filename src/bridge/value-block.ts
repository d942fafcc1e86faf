// Encodes one field result as a value block (native/core/value_block.h):
// u8 status (0 values, 1 error); values: u32 count, count x (u32 len, bytes, NUL);
// error: u32 len, bytes, NUL.
import type { FieldResult } from '../audit/result.js';
import type { ByteWriter } from './byte-writer.js';

export function writeValueBlock(w: ByteWriter, result: FieldResult): void {
  if (result.kind === 'error') {
    w.u8(1);
    w.string(result.message, true);
    return;
  }
  w.u8(0);
  w.u32(result.values.length);
  for (const v of result.values) w.string(v, true);
}
