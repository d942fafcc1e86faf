// Extraction when no precomputed values exist for an event: events queued before Falco asked
// for a field, or events the plugin did not produce (a capture file). One call computes every
// field requested so far for the event; native code keeps them for the following fields.
import { parseEventData } from '../audit/extract.js';
import { BatchEncoder } from '../bridge/batch-encoder.js';
import type { FieldSlots } from '../bridge/field-slots.js';
import type { BridgeFunctions } from '../bridge/native-binding.js';

export class FallbackExtractor {
  private readonly encoder = new BatchEncoder();

  constructor(private readonly binding: BridgeFunctions, private readonly slots: FieldSlots) {}

  /** Value table of every known slot for the event `data`. */
  extract(data: Uint8Array): Uint8Array {
    const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
    return this.encoder.encodeValues(parseEventData(text), this.slots.refresh(this.binding));
  }
}
