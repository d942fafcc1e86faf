// Named counters (events delivered, payloads rejected, reconnects, ...) and gauges, reported to
// Falco by plugin_get_metrics.
import { ByteWriter } from '../bridge/byte-writer.js';
import { METRIC_KIND } from '../bridge/wire-contract.js';

export class Counters {
  private readonly values = new Map<string, number>();
  private readonly gauges = new Map<string, number>();
  private readonly readGauges = new Map<string, () => number>();

  add(name: string, n = 1): void {
    this.values.set(name, (this.values.get(name) ?? 0) + n);
  }

  /** A gauge: a current value rather than a count (e.g. fields computed with each event). */
  set(name: string, value: number): void {
    this.gauges.set(name, value);
  }

  /** A gauge read when the metrics are (e.g. seconds since a stream's last event). */
  gauge(name: string, read: () => number): void {
    this.readGauges.set(name, read);
  }

  /** Forgets the gauges read from a source (it closed). */
  dropReadGauges(): void {
    this.readGauges.clear();
  }

  /** The metrics layout of bridge/wire-contract.ts: counters, then gauges. */
  toWire(): Uint8Array {
    const w = new ByteWriter(1024);
    const gauges = new Map(this.gauges);
    for (const [name, read] of this.readGauges) gauges.set(name, read());
    w.u32(this.values.size + gauges.size);
    for (const [metrics, kind] of [[this.values, METRIC_KIND.monotonic], [gauges, METRIC_KIND.nonMonotonic]] as const) {
      for (const [name, value] of metrics) {
        w.u8(kind);
        w.string(name, true);
        w.u64(BigInt(value));
      }
    }
    return w.take();
  }
}
