// Named monotonic counters (events delivered, payloads rejected, reconnects, ...), reported to
// Falco by plugin_get_metrics.
import { ByteWriter } from '../bridge/byte-writer.js';

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

  /** Wire form for native/core/metrics_table.h: u32 n, then u8 monotonic, name (u32 len, bytes, NUL), u64 value. */
  toWire(): Uint8Array {
    const w = new ByteWriter(1024);
    w.u32(this.values.size + this.gauges.size);
    for (const [metrics, monotonic] of [[this.values, 1], [this.gauges, 0]] as const) {
      for (const [name, value] of metrics) {
        w.u8(monotonic);
        w.string(name, true);
        w.u64(BigInt(value));
      }
    }
    return w.take();
  }
}
