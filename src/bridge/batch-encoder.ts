// Encodes produced events, with the values of the requested fields, for native code
// (native/core/event_batch.h): u32 count, u32 K, then per event u64 ts, u32 len, data bytes,
// and K value blocks (one per requested field slot, in slot order).
import type { ProducedEvent } from '../audit/event.js';
import type { FieldArg } from '../audit/result.js';
import { type PreparedField, gatedRoot } from '../audit/extract.js';
import type { JsonNode } from '../audit/json.js';
import { ByteWriter } from './byte-writer.js';
import { writeValueBlock } from './value-block.js';

export interface SlotRequest {
  readonly id: number;
  readonly arg: FieldArg;
  /** The request resolved once (extract.ts prepareField). */
  readonly read: PreparedField;
}

export class BatchEncoder {
  private readonly w = new ByteWriter(1 << 20);

  /** The encoded batch, valid until the next encode (native code copies it at once). */
  encode(events: readonly ProducedEvent[], slots: readonly SlotRequest[]): Uint8Array {
    const w = this.w;
    w.reset();
    w.u32(events.length);
    w.u32(slots.length);
    for (const ev of events) {
      w.u64(ev.ts);
      w.string(ev.data, false);
      const root = gatedRoot(ev.root);
      for (const slot of slots) writeValueBlock(w, slot.read(root));
    }
    return w.view();
  }

  /** The values of every slot for one event (native/core/value_table.h): u32 K, K value blocks. */
  encodeValues(root: JsonNode | Error, slots: readonly SlotRequest[]): Uint8Array {
    const w = this.w;
    w.reset();
    w.u32(slots.length);
    const gated = root instanceof Error ? undefined : gatedRoot(root);
    for (const slot of slots) {
      writeValueBlock(w, root instanceof Error ? { kind: 'error', message: root.message } : slot.read(gated));
    }
    return w.view();
  }
}
