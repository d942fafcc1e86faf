// A ValueOut that collects one field's values as a FieldResult: for extractField, tests and tools.
// The hot path writes values straight into the batch instead (bridge/value-block.ts).
import { type JsonDoc, fieldText } from './json.js';
import { type FieldResult, NO_VALUE, type ValueOut, error } from './result.js';

/** `s` up to its first NUL. */
function cut(s: string): string {
  const nul = s.indexOf('\u0000');
  return nul < 0 ? s : s.slice(0, nul);
}

export class ResultOut implements ValueOut {
  private values: string[] = [];
  private failure: string | undefined;
  private current = '';
  private cutDone = false;

  value(doc: JsonDoc, t: number): void {
    this.values.push(cut(fieldText(doc, t)));
  }
  text(s: string): void {
    this.values.push(cut(s));
  }
  begin(): void {
    this.current = '';
    this.cutDone = false;
  }
  part(doc: JsonDoc, t: number): void {
    this.partText(fieldText(doc, t));
  }
  partText(s: string): void {
    if (this.cutDone) return;
    const nul = s.indexOf('\u0000');
    if (nul >= 0) {
      this.cutDone = true;
      s = s.slice(0, nul);
    }
    this.current += s;
  }
  end(): void {
    this.values.push(this.current);
  }
  fail(message: string): void {
    this.failure ??= message;
  }

  result(): FieldResult {
    if (this.failure !== undefined) return error(this.failure);
    return this.values.length === 0 ? NO_VALUE : { kind: 'values', values: this.values };
  }
}
