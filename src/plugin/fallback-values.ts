// The values of an event that has no precomputed ones (queued before Falco asked for a field, or
// not produced by the plugin, as from a capture file): one call computes every field requested so
// far for the event, and native code keeps them for the following fields (fallback_values).
import { BatchEncoder } from '../bridge/batch-encoder.js';
import type { FieldSlots } from '../bridge/field-slots.js';
import type { BridgeFunctions } from '../bridge/native-binding.js';

export class FallbackValues {
  private readonly encoder = new BatchEncoder();

  constructor(private readonly binding: BridgeFunctions, private readonly slots: FieldSlots) {}

  /** Value table of every known slot for the event `data`. */
  valueTable(data: Uint8Array): Uint8Array {
    const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
    return this.encoder.encodeValues(text, this.slots.refresh(this.binding));
  }
}
