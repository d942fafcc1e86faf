// Mirrors the native list of field requests (slots) so JS can precompute their values.
import { prepareField } from '../audit/extract.js';
import type { FieldArg } from '../audit/result.js';
import type { BridgeFunctions, NativeFieldRequest } from './native-binding.js';
import type { SlotRequest } from './batch-encoder.js';
import { ARG_KIND } from './wire-contract.js';

export function fieldArgOf(r: Pick<NativeFieldRequest, 'kind' | 'index' | 'key'>): FieldArg {
  if (r.kind === ARG_KIND.index) return { kind: 'index', index: r.index };
  if (r.kind === ARG_KIND.key) return { kind: 'key', key: r.key };
  return { kind: 'none' };
}

export class FieldSlots {
  private readonly slots: SlotRequest[] = [];

  /** Picks up the requests Falco made since the last refresh. */
  refresh(binding: Pick<BridgeFunctions, 'fieldRequests'>): readonly SlotRequest[] {
    for (const r of binding.fieldRequests(this.slots.length)) {
      const arg = fieldArgOf(r);
      this.slots.push({ id: r.id, arg, read: prepareField(r.id, arg) });
    }
    return this.slots;
  }
}
