// Encodes produced events, with the values of the requested fields, for native code
// (native/core/event_batch.h): u32 count, u32 K, then per event u64 ts, u32 len, data bytes,
// and K value blocks (one per requested field slot, in slot order). Each event's text is scanned
// into one reused token index and the readers write their values straight into the batch.
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
      if (slots.length > 0) this.values(ev.data, slots);
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
    const doc = this.doc;
    const bad = parseEventInto(doc, data);
    if (bad !== undefined) {
      for (let s = 0; s < slots.length; s++) writeValueBlock(this.w, { kind: 'error', message: bad.message });
      return;
    }
    const root = gatedRoot(doc, 0);
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
