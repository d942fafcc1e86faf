// Field values written straight into a batch as value blocks (layout in wire-contract.ts): the
// readers' output on the hot path, and FieldResults (errors, fallback) encoded the same way.
import { ESCAPES, type JsonDoc, OBJECT, ARRAY, STRING, WHITESPACE, tokenCompact, tokenString } from '../audit/json.js';
import type { FieldResult, ValueOut } from '../audit/result.js';
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

/** One value block at a time: start(), the reader's values, finish(). */
export class BlockOut implements ValueOut {
  private blockAt = 0;
  private countAt = 0;
  private count = 0;
  private failed = false;
  private valueAt = 0;
  private cut = false;

  constructor(private readonly w: ByteWriter) {}

  start(): void {
    const w = this.w;
    this.blockAt = w.length;
    w.u8(VALUE_STATUS.values);
    this.countAt = w.length;
    w.u32(0);
    this.count = 0;
    this.failed = false;
  }

  finish(): void {
    if (!this.failed && this.count > 0) this.w.u32At(this.countAt, this.count);
  }

  /** Appends token t's field text; false when a NUL cut it short. */
  private token(doc: JsonDoc, t: number): boolean {
    const w = this.w;
    const kind = doc.kind(t);
    if (kind === STRING) {
      if (doc.hasFlag(t, ESCAPES)) {
        const s = tokenString(doc, t);
        return w.textBytes(s, 0, s.length);
      }
      return w.textBytes(doc.src, doc.start(t) + 1, doc.end(t) - 1);
    }
    if ((kind === OBJECT || kind === ARRAY) && doc.hasFlag(t, WHITESPACE)) {
      const s = tokenCompact(doc, t);
      return w.textBytes(s, 0, s.length);
    }
    return w.textBytes(doc.src, doc.start(t), doc.end(t));
  }

  value(doc: JsonDoc, t: number): void {
    if (this.failed) return;
    const at = this.w.beginString();
    this.token(doc, t);
    this.w.endString(at);
    this.count++;
  }

  text(s: string): void {
    if (this.failed) return;
    const at = this.w.beginString();
    this.w.textBytes(s, 0, s.length);
    this.w.endString(at);
    this.count++;
  }

  begin(): void {
    if (this.failed) return;
    this.valueAt = this.w.beginString();
    this.cut = false;
  }

  part(doc: JsonDoc, t: number): void {
    if (!this.failed && !this.cut) this.cut = !this.token(doc, t);
  }

  partText(s: string): void {
    if (!this.failed && !this.cut) this.cut = !this.w.textBytes(s, 0, s.length);
  }

  end(): void {
    if (this.failed) return;
    this.w.endString(this.valueAt);
    this.count++;
  }

  fail(message: string): void {
    if (this.failed) return;
    this.failed = true;
    this.w.truncate(this.blockAt);
    this.w.u8(VALUE_STATUS.error);
    this.w.string(message, true);
  }
}
