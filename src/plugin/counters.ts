// Named counters (events delivered, payloads rejected, reconnects, ...) and gauges, reported to
// Falco by plugin_get_metrics.
import { ByteWriter } from '../bridge/byte-writer.js';
import { METRIC_KIND } from '../bridge/wire-contract.js';

export class Counters {
  private readonly values = new Map<string, number>();
  private readonly gauges = new Map<string, number>();

  add(name: string, n = 1): void {
    this.values.set(name, (this.values.get(name) ?? 0) + n);
  }

  /** A gauge: a current value rather than a count (e.g. fields computed with each event). */
  set(name: string, value: number): void {
    this.gauges.set(name, value);
  }

  /** The metrics layout of bridge/wire-contract.ts: counters, then gauges. */
  toWire(): Uint8Array {
    const w = new ByteWriter(1024);
    w.u32(this.values.size + this.gauges.size);
    for (const [metrics, kind] of [[this.values, METRIC_KIND.monotonic], [this.gauges, METRIC_KIND.nonMonotonic]] as const) {
      for (const [name, value] of metrics) {
        w.u8(kind);
        w.string(name, true);
        w.u64(BigInt(value));
      }
    }
    return w.take();
  }
}
