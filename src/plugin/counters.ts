// Named monotonic counters (events delivered, payloads rejected, reconnects, ...), reported to
// Falco by plugin_get_metrics.
import { ByteWriter } from '../bridge/byte-writer.js';
import { METRIC_KIND } from '../bridge/wire-contract.js';

export class Counters {
  private readonly values = new Map<string, number>();

  add(name: string, n = 1): void {
    this.values.set(name, (this.values.get(name) ?? 0) + n);
  }

  /** The metrics layout of bridge/wire-contract.ts. */
  toWire(): Uint8Array {
    const w = new ByteWriter(1024);
    w.u32(this.values.size);
    for (const [name, value] of this.values) {
      w.u8(METRIC_KIND.monotonic);
      w.string(name, true);
      w.u64(BigInt(value));
    }
    return w.take();
  }
}
