// Every MKS cluster of an account in one open: one LdpSource per named stream, each with its own
// connection, backoff, replay, de-duplication and position, all delivering into the instance's one
// consumer. Each stream sees the consumer through a StreamSink that names its cluster in events,
// logs and metrics, learns its own share of what Falco took (DeliveryOrder), and is paused alone
// when it holds more than its share of the consumer's queue, so a stream replaying a backlog
// cannot hold back another's live events. A stream that stops for good leaves the others running;
// the capture ends when every stream has stopped.
import type { ProducedEvent } from '../../audit/event.js';
import { systemClock, type Clock, type TimerHandle } from '../../util/clock.js';
import type { LogLevel } from '../../util/log-level.js';
import type { ConsumerProgress, EventSink, EventSource } from '../source.js';
import { withClusterName } from './cluster-name.js';
import { CLUSTER_COUNTERS, CLUSTER_GAUGES, assertDistinctMetricNames, clusterMetric } from './cluster-metrics.js';
import { DeliveryOrder } from './delivery-order.js';
import { LdpSource, type LdpSourceOptions } from './ldp-source.js';
import type { StreamEntry } from './stream-list.js';

/**
 * Events of one stream that may wait in the consumer's queue (handed over, not yet returned to
 * Falco) while another stream reads too. A live event waits behind at most this many events of
 * each other stream (plus what one socket read decoded): at Falco's ~2,500-5,000 events/s,
 * 0.03-0.05 s per stream replaying a backlog. Resuming at half the share every SHARE_POLL_MS lets
 * one stream feed ~6,400 events/s beside others; a stream reading alone has no share.
 */
export const STREAM_SHARE = 128;
/** How often a stream paused for its share looks whether Falco took enough to resume. */
const SHARE_POLL_MS = 10;

export interface FleetOptions extends LdpSourceOptions {
  /** Events of one stream allowed in the consumer's queue (default STREAM_SHARE). */
  readonly streamShare?: number;
}

type StreamState = 'running' | 'failed' | 'ended';

/** One stream's view of the shared consumer. */
class StreamSink implements EventSink {
  state: StreamState = 'running';
  failure = '';
  connected = false;
  lastEventAt: number;
  /** Paused because it holds its share of the consumer's queue. */
  overShare = false;
  /** Paused because the consumer itself is full. */
  waitingForConsumer = false;
  private readonly drainListeners: Array<() => void> = [];

  constructor(
    readonly index: number,
    readonly name: string,
    private readonly fleet: FleetSource,
    private readonly shared: EventSink,
  ) {
    this.lastEventAt = fleet.clock.now();
  }

  push(events: readonly ProducedEvent[]): boolean {
    if (this.fleet.closed) return false;
    const named = events.map((event) => withClusterName(event, this.name));
    this.fleet.order.record(this.index, named.length);
    this.lastEventAt = this.fleet.clock.now();
    this.shared.count(clusterMetric(this.name, CLUSTER_COUNTERS['events_delivered'] as string), named.length);
    if (!this.shared.push(named)) this.waitingForConsumer = true;
    if (this.fleet.othersRunning(this) && this.fleet.inQueue(this.index) >= this.fleet.share) {
      this.overShare = true;
      this.fleet.watchShares();
    }
    return !this.waitingForConsumer && !this.overShare;
  }

  onDrain(listener: () => void): void {
    this.drainListeners.push(listener);
  }

  /** Resumes the stream when neither the consumer nor its share holds it back. */
  wake(): void {
    if (this.waitingForConsumer || this.overShare || this.state !== 'running') return;
    for (const listener of this.drainListeners) listener();
  }

  end(): void {
    if (this.state !== 'running') return;
    this.state = 'ended';
    this.fleet.streamStopped();
  }

  fail(message: string): void {
    if (this.state !== 'running') return;
    // The source logged it already (naming the cluster); the others keep running.
    this.state = 'failed';
    this.failure = message;
    this.connected = false;
    this.fleet.streamStopped();
  }

  log(level: LogLevel, message: string): void {
    this.shared.log(level, `Cluster ${this.name}: ${message}`);
  }

  count(name: string, n = 1): void {
    this.shared.count(name, n);
    const suffix = CLUSTER_COUNTERS[name];
    if (suffix !== undefined && name !== 'events_delivered') this.shared.count(clusterMetric(this.name, suffix), n);
  }

  progress(): ConsumerProgress {
    return this.fleet.progressOf(this.index);
  }
}

export class FleetSource implements EventSource {
  readonly order: DeliveryOrder;
  readonly clock: Clock;
  readonly share: number;
  closed = false;
  private readonly streams: StreamSink[] = [];
  private readonly sources: LdpSource[] = [];
  private shareTimer: TimerHandle | undefined;

  /** Throws a clear (redacted) Error naming the cluster of a bad entry. */
  constructor(entries: readonly StreamEntry[], options: FleetOptions, private readonly sink: EventSink) {
    const names = entries.map((entry, i) => entry.name ?? `stream-${i + 1}`);
    assertDistinctMetricNames(names);
    this.clock = options.clock ?? systemClock;
    this.share = options.streamShare ?? STREAM_SHARE;
    this.order = new DeliveryOrder(entries.length);
    entries.forEach((entry, i) => {
      const name = names[i] as string;
      const stream = new StreamSink(i, name, this, sink);
      try {
        const source = new LdpSource(
          entry.url,
          { ...options, cluster: name, checkpointFile: streamCheckpointFile(options.checkpointFile, name) },
          stream,
        );
        source.on('state', (state) => {
          stream.connected = state === 'open';
        });
        this.sources.push(source);
        this.streams.push(stream);
      } catch (err) {
        this.close();
        throw new Error(`open_params, cluster "${name}": ${(err as Error).message}`);
      }
    });
    sink.onDrain(() => {
      for (const stream of this.streams) stream.waitingForConsumer = false;
      this.settleShares();
      for (const stream of this.streams) stream.wake();
    });
  }

  /** The clusters, in open_params order. */
  get clusters(): readonly string[] {
    return this.streams.map((stream) => stream.name);
  }

  /** Each cluster's source (tests and stats). */
  source(name: string): LdpSource | undefined {
    return this.sources[this.streams.findIndex((stream) => stream.name === name)];
  }

  start(): void {
    for (const stream of this.streams) {
      for (const suffix of Object.values(CLUSTER_COUNTERS)) this.sink.count(clusterMetric(stream.name, suffix), 0);
      const [connected, sinceLastEvent] = CLUSTER_GAUGES;
      this.sink.gauge?.(clusterMetric(stream.name, connected), () => (stream.connected ? 1 : 0));
      this.sink.gauge?.(clusterMetric(stream.name, sinceLastEvent), () => Math.max(0, Math.floor((this.clock.now() - stream.lastEventAt) / 1000)));
    }
    for (const source of this.sources) source.start();
  }

  close(): void {
    this.closed = true;
    if (this.shareTimer !== undefined) this.clock.clearTimeout(this.shareTimer);
    this.shareTimer = undefined;
    for (const source of this.sources) source.close();
  }

  /** Whether a stream other than `stream` still reads (the share matters only then). */
  othersRunning(stream: StreamSink): boolean {
    return this.streams.some((other) => other !== stream && other.state === 'running');
  }

  /** Events of stream `index` handed to the consumer and not yet returned to Falco. */
  inQueue(index: number): number {
    return this.order.pushedBy(index) - this.progressOf(index).returned;
  }

  progressOf(index: number): ConsumerProgress {
    const consumer = this.sink.progress?.();
    if (consumer === undefined) {
      const pushed = this.order.pushedBy(index);
      return { returned: pushed, finished: pushed };
    }
    this.order.advance(consumer);
    return this.order.progressOf(index);
  }

  /** Polls the consumer while a stream is paused for its share. */
  watchShares(): void {
    if (this.shareTimer !== undefined || this.closed) return;
    this.shareTimer = this.clock.setTimeout(() => {
      this.shareTimer = undefined;
      if (this.closed) return;
      const woken = this.settleShares();
      for (const stream of woken) stream.wake();
      if (this.streams.some((stream) => stream.overShare)) this.watchShares();
    }, SHARE_POLL_MS);
  }

  /** Clears the share pause of the streams Falco took enough of (down to half their share). */
  private settleShares(): StreamSink[] {
    const woken: StreamSink[] = [];
    for (const stream of this.streams) {
      if (stream.overShare && this.inQueue(stream.index) <= this.share / 2) {
        stream.overShare = false;
        woken.push(stream);
      }
    }
    return woken;
  }

  /** A stream stopped for good: the capture ends once every stream has. */
  streamStopped(): void {
    // A stream left alone has no share to keep.
    for (const stream of this.streams) {
      if (stream.overShare && !this.othersRunning(stream)) {
        stream.overShare = false;
        stream.wake();
      }
    }
    if (this.streams.some((stream) => stream.state === 'running')) {
      const running = this.streams.filter((stream) => stream.state === 'running').map((stream) => stream.name);
      this.sink.log('warning', `${running.length} of ${this.streams.length} clusters still read (${running.join(', ')})`);
      return;
    }
    const failed = this.streams.filter((stream) => stream.state === 'failed');
    if (failed.length === 0) {
      this.sink.end();
      return;
    }
    this.sink.fail(`Every LDP stream stopped: ${failed.map((stream) => `cluster ${stream.name}: ${stream.failure}`).join('; ')}`);
  }
}

/** Each named stream keeps its position in its own file beside checkpointFile: `<file>.<cluster>`. */
export function streamCheckpointFile(checkpointFile: string | undefined, cluster: string): string | undefined {
  return checkpointFile === undefined ? undefined : `${checkpointFile}.${cluster}`;
}
