// Encodes produced events, with the values of the requested fields, for native code
// (native/core/event_batch.h): u32 count, u32 K, then per event u64 ts, u32 len, data bytes,
// and K value blocks (one per requested field slot, in slot order). The readers work on the token
// index the payload was parsed into (or the event's text parsed again, when that index was
// overwritten in the meantime) and write their values straight into the batch.
import type { ProducedEvent } from '../audit/event.js';
import type { FieldArg } from '../audit/result.js';
import { type PreparedField, gatedRoot, parseEventInto } from '../audit/extract.js';
import { JsonDoc } from '../audit/json.js';
import { ByteWriter } from './byte-writer.js';
import { BlockOut, writeValueBlock } from './value-block.js';

export interface SlotRequest {
  readonly id: number;
  readonly arg: FieldArg;
  /** The request resolved once (extract.ts prepareField). */
  readonly read: PreparedField;
}

export class BatchEncoder {
  private readonly w = new ByteWriter(1 << 20);
  private readonly out = new BlockOut(this.w);
  private readonly doc = new JsonDoc();

  /** The encoded batch, valid until the next encode (native code copies it at once). */
  encode(events: readonly ProducedEvent[], slots: readonly SlotRequest[]): Uint8Array {
    const w = this.w;
    w.reset();
    w.u32(events.length);
    w.u32(slots.length);
    for (const ev of events) {
      w.u64(ev.ts);
      w.string(ev.data, false);
      if (slots.length === 0) continue;
      if (ev.doc.intact()) this.blocks(ev.doc, gatedRoot(ev.doc, ev.token), slots);
      else this.values(ev.data, slots);
    }
    doneWith(this.doc);
    return w.view();
  }

  /** The values of every slot for one event (native/core/value_table.h): u32 K, K value blocks. */
  encodeValues(data: string, slots: readonly SlotRequest[]): Uint8Array {
    const w = this.w;
    w.reset();
    w.u32(slots.length);
    this.values(data, slots);
    doneWith(this.doc);
    return w.view();
  }

  /** K value blocks for the event text `data` (an error block per slot when it does not parse). */
  private values(data: string, slots: readonly SlotRequest[]): void {
    const bad = parseEventInto(this.doc, data);
    if (bad === undefined) this.blocks(this.doc, gatedRoot(this.doc, this.doc.first), slots);
    else for (let s = 0; s < slots.length; s++) writeValueBlock(this.w, { kind: 'error', message: bad.message });
  }

  /** K value blocks, the values read from `root` (-1: the event did not pass the auditID gate). */
  private blocks(doc: JsonDoc, root: number, slots: readonly SlotRequest[]): void {
    const out = this.out;
    for (const slot of slots) {
      out.start();
      slot.read(doc, root, out);
      out.finish();
    }
  }
}

/** The document keeps no event text alive between batches. */
function doneWith(doc: JsonDoc): void {
  doc.src = '';
}
