// The plugin's lifecycle on the JS side: answers the calls Falco makes through the native shim
// (init, open, close, extract, destroy) and owns the running source.
import { parsePluginConfig } from '../config/config.js';
import type { PluginConfig } from '../config/keys.js';
import { FieldSlots } from '../bridge/field-slots.js';
import type { BridgeFunctions } from '../bridge/native-binding.js';
import { OPERATION } from '../bridge/wire-contract.js';
import { assertCheckpointWritable } from '../sources/ldp/checkpoint-file.js';
import type { PositionHandoff } from '../sources/ldp/position-keeper.js';
import type { EventSource } from '../sources/source.js';
import { Counters } from './counters.js';
import { FallbackValues } from './fallback-values.js';
import { EVENTS_DELIVERED, NativeSink } from './native-sink.js';
import { openSource } from './open-source.js';
import { testFault, type TestFault } from './test-faults.js';

export class PluginCore {
  private config: PluginConfig | undefined;
  private source: EventSource | undefined;
  private sink: NativeSink | undefined;
  private readonly slots = new FieldSlots();
  private readonly fallback: FallbackValues;
  readonly counters = new Counters();
  private readonly fault: TestFault = testFault();
  /** Each instance has its own JS environment: positions wait in the native, process-wide store. */
  private readonly handoff: PositionHandoff;

  constructor(private readonly binding: BridgeFunctions) {
    this.fallback = new FallbackValues(binding, this.slots);
    this.counters.add(EVENTS_DELIVERED, 0);
    this.handoff = {
      keep: (stream, text) => binding.keepStreamPosition(stream, text),
      take: (stream) => binding.takeStreamPosition(stream),
    };
  }

  /** Falco -> JS entry point: the operations of wire-contract.ts. Throws an Error to fail the call. */
  dispatch(op: string, arg: string | Uint8Array): unknown {
    switch (op) {
      case OPERATION.init: {
        const config = parsePluginConfig(String(arg));
        if (config.checkpointFile !== undefined) assertCheckpointWritable(config.checkpointFile);
        this.config = config;
        return undefined;
      }
      case OPERATION.open:
        this.open(String(arg));
        return undefined;
      case OPERATION.close:
        this.close();
        return undefined;
      case OPERATION.destroy:
        this.close();
        return undefined;
      case OPERATION.drain:
        this.sink?.drained();
        return undefined;
      case OPERATION.extract:
        if (!(arg instanceof Uint8Array)) throw new Error('extract: bad arguments');
        if (this.fault === 'throw-in-extract') throw new Error('injected fault: exception in extraction');
        return this.fallback.valueTable(arg);
      case OPERATION.metrics:
        return this.counters.toWire();
      default:
        throw new Error(`unknown operation "${op}"`);
    }
  }

  private open(params: string): void {
    if (this.config === undefined) throw new Error('open before init');
    this.close();
    const sink = new NativeSink(this.binding, this.slots, this.counters, {
      batchMaxEvents: this.config.batchMaxEvents,
      precomputeFields: this.config.precomputeFields,
    });
    const source = openSource(params, this.config, sink, this.handoff);
    this.sink = sink;
    this.source = source;
    if (this.fault === 'exit-in-open') process.exit(3);
    if (this.fault === 'throw-async') {
      setTimeout(() => {
        throw new Error('injected fault: asynchronous exception');
      }, 10);
    }
    source.start();
  }

  private close(): void {
    this.counters.dropReadGauges();
    this.sink?.close();
    this.source?.close();
    this.sink = undefined;
    this.source = undefined;
  }
}
