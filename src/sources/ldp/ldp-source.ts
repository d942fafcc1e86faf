// The OVHcloud LDP WebSocket tail as an EventSource: connect, unwrap, de-duplicate, deliver;
// reconnect with backoff and replay; stop reading when Falco is full; resume where an earlier
// instance or process stopped. This file is the state machine; one connection, the backpressure
// buffer, the replay memory and the position keeper live beside it. It emits `state` on every
// state change, `ping`/`pong` for the keepalive and `checkpoint` when one was written.
import { EventEmitter } from 'node:events';
import { systemClock, type Clock, type TimerHandle } from '../../util/clock.js';
import { makeRedactor } from '../../util/redact.js';
import { RateLimitedLog } from '../../util/rate-limited-log.js';
import { parseUnixSeconds, getQueryParam, setQueryParam } from '../../util/url-query.js';
import { PayloadIntake } from '../payload-intake.js';
import type { LogLevel } from '../../util/log-level.js';
import type { EventSink, EventSource } from '../source.js';
import { Backoff } from './backoff.js';
import { BackpressureBuffer } from './backpressure.js';
import { loadCaBundle } from './ca-bundle.js';
import { resolveLdpConfig, type LdpConfig } from './config.js';
import { LdpConnection, type ConnectionListener, type ConnectionSettings } from './connection.js';
import { classifyConnectFailure } from './failure.js';
import { decodeLdpMessage } from './message.js';
import { proxyForTarget, type ProxyEnv, type ProxySetting } from './proxy-env.js';
import { ProxyTunnelAgent } from './proxy-tunnel.js';
import { ReplayTracker } from './replay.js';
import { PositionKeeper, type PositionHandoff } from './position-keeper.js';
import type { StreamPosition } from './stream-position.js';
import { parseLdpOpenParams, type LdpEndpoint } from './url.js';

export interface LdpSourceOptions extends Partial<LdpConfig> {
  /** Largest event (compact JSON bytes) accepted; larger ones are dropped and counted. */
  readonly maxEventSize: number;
  /** Largest WebSocket message accepted (default 64 MiB); a larger one is skipped with a gap. */
  readonly maxMessageBytes?: number;
  /** Rate limit of repeated warnings about bad input (default 5 lines per kind per minute). */
  readonly logLimit?: { readonly maxPerInterval: number; readonly intervalMs: number };
  /** Where HTTPS_PROXY / NO_PROXY are read (default: the process environment, i.e. Falco's). */
  readonly proxyEnv?: ProxyEnv;
  /** Where positions wait for the next instance of this process (default: this JS environment). */
  readonly handoff?: PositionHandoff;
  /** Time for keepalive, backoff, checkpoints (default: the system clock). */
  readonly clock?: Clock;
  /** The cluster of a named stream: its position is kept under `<cluster>@<stream>`. */
  readonly cluster?: string;
}

export interface LdpSourceEvents {
  state: [state: LdpSourceState];
  ping: [];
  pong: [];
  checkpoint: [position: StreamPosition];
}

export type LdpSourceState = 'idle' | 'connecting' | 'open' | 'waiting' | 'ended' | 'failed' | 'closed';

export interface LdpSourceStats {
  readonly state: LdpSourceState;
  /** Reading is paused because the sink is full. */
  readonly paused: boolean;
  /** Events decoded while pausing took effect, held until the sink drains. */
  readonly pendingEvents: number;
  readonly maxPendingEvents: number;
  /** Connections opened so far. */
  readonly connections: number;
  /** Largest LDP (GELF) timestamp processed. */
  readonly lastSeenTimestamp: number | undefined;
}

/** A connection is healthy (backoff resets) once it delivered a message or stayed up this long. */
const HEALTHY_AFTER_MS = 10_000;
const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export class LdpSource extends EventEmitter<LdpSourceEvents> implements EventSource {
  private readonly endpoint: LdpEndpoint;
  private readonly config: LdpConfig;
  private readonly maxEventSize: number;
  private readonly connectionSettings: ConnectionSettings;
  private readonly proxy: ProxySetting | undefined;
  private readonly proxyAgent: ProxyTunnelAgent | undefined;
  private readonly redact: (text: string) => string;
  private readonly warnings: RateLimitedLog;
  private readonly intake: PayloadIntake;
  private readonly backoff: Backoff;
  private readonly replay: ReplayTracker;
  private readonly buffer: BackpressureBuffer;
  private readonly listener: ConnectionListener;
  private readonly positions: PositionKeeper;
  private readonly clock: Clock;
  private state: LdpSourceState = 'idle';
  private connection: LdpConnection | undefined;
  private reconnectTimer: TimerHandle | undefined;
  private connections = 0;
  /** `end` the user put in the open params: the stream is then finite. */
  private readonly userEnd: number | undefined;

  /** Throws a clear (redacted) Error for bad open params or an unreadable caFile. */
  constructor(openParams: string, config: LdpSourceOptions, private readonly sink: EventSink) {
    super();
    this.endpoint = parseLdpOpenParams(openParams);
    if (!Number.isFinite(config.maxEventSize) || config.maxEventSize < 0) {
      throw new Error(`LDP source: maxEventSize must be a non-negative number, got ${String(config.maxEventSize)}`);
    }
    this.redact = makeRedactor([this.endpoint.token]);
    this.config = resolveLdpConfig(config);
    this.maxEventSize = config.maxEventSize;
    this.clock = config.clock ?? systemClock;
    this.proxy = proxyForTarget(this.endpoint.secure, this.endpoint.hostname, this.endpoint.port, config.proxyEnv ?? process.env);
    this.proxyAgent = this.proxy === undefined ? undefined : new ProxyTunnelAgent(this.proxy, this.config.handshakeTimeoutMs);
    this.connectionSettings = {
      handshakeTimeoutMs: this.config.handshakeTimeoutMs,
      maxMessageBytes: config.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      keepaliveIntervalMs: this.config.keepaliveIntervalMs,
      keepaliveTimeoutMs: this.config.keepaliveTimeoutMs,
      ca: this.config.caFile === undefined ? undefined : loadCaBundle(this.config.caFile),
      agent: this.proxyAgent,
      clock: this.clock,
    };
    this.warnings = new RateLimitedLog((level, message) => this.log(level, message), config.logLimit);
    this.intake = new PayloadIntake(sink, this.maxEventSize, this.warnings);
    this.backoff = new Backoff({ initialMs: this.config.reconnectInitialDelayMs, maxMs: this.config.reconnectMaxDelayMs });
    this.userEnd = secondsParam(this.endpoint.url, 'end');
    this.replay = new ReplayTracker({
      overlapSeconds: this.config.replayOverlapSeconds,
      dedupWindow: this.config.dedupWindow,
      userBegin: secondsParam(this.endpoint.url, 'begin'),
    });
    this.buffer = new BackpressureBuffer(
      (events) => this.sink.push(events),
      () => this.pauseReading(),
    );
    this.listener = {
      opened: (connection) => this.onOpen(connection),
      message: (text) => this.onMessage(text),
      closed: (connection, code, reason) => this.onClose(connection, code, reason),
      pingSent: () => {
        this.sink.count('ldp_pings_sent');
        this.emit('ping');
      },
      pong: () => this.emit('pong'),
      keepaliveTimedOut: () => {
        this.sink.count('ldp_keepalive_timeouts');
        this.log('warning', `No answer to a ping within ${formatSeconds(this.config.keepaliveTimeoutMs)}; dropping the connection`);
      },
    };
    this.positions = new PositionKeeper(
      {
        stream: config.cluster === undefined ? this.endpoint.stream : `${config.cluster}@${this.endpoint.stream}`,
        dedupWindow: this.config.dedupWindow,
        checkpointFile: this.config.checkpointFile,
        intervalSeconds: this.config.checkpointIntervalSeconds,
        maxAgeSeconds: this.config.checkpointMaxAgeSeconds,
        handoff: config.handoff,
        clock: this.clock,
      },
      {
        log: (level, message) => this.log(level, message),
        warn: (kind, message) => this.warnings.log(kind, 'warning', message),
        count: (name, n) => this.sink.count(name, n),
        progress: () => this.sink.progress?.(),
        replayFrom: () => this.replay.replayFrom(),
        lastSeen: () => this.replay.lastSeenTimestamp,
        checkpointWritten: (position) => this.emit('checkpoint', position),
      },
    );
    sink.onDrain(() => this.onDrain());
  }

  /** Connects in the background and returns at once. */
  start(): void {
    if (this.state !== 'idle') return;
    const resumed = this.positions.restore();
    if (resumed !== undefined) this.replay.resume(resumed);
    this.positions.start();
    this.connect();
  }

  /** Stops every timer and socket now. Events not yet handed to the sink are discarded. */
  close(): void {
    if (this.state === 'closed') return;
    const started = this.state !== 'idle';
    this.setState('closed');
    this.clearReconnectTimer();
    this.connection?.detach();
    this.connection = undefined;
    this.proxyAgent?.destroy();
    this.buffer.clear();
    if (started) this.positions.close();
    this.warnings.flush();
  }

  stats(): LdpSourceStats {
    return {
      state: this.state,
      paused: this.buffer.isPaused,
      pendingEvents: this.buffer.pendingEvents,
      maxPendingEvents: this.buffer.maxPendingEvents,
      connections: this.connections,
      lastSeenTimestamp: this.replay.lastSeenTimestamp,
    };
  }

  private setState(state: LdpSourceState): void {
    this.state = state;
    this.emit('state', state);
  }

  private connect(): void {
    this.setState('connecting');
    const begin = this.replay.nextBegin(this.connections === 0);
    const url = begin === undefined ? this.endpoint.url : setQueryParam(this.endpoint.url, 'begin', String(begin));
    try {
      this.connection = new LdpConnection(url, begin !== undefined, this.connectionSettings, this.listener);
    } catch (err) {
      // Only a URL ws itself refuses gets here (we validated it already): a configuration error.
      this.giveUp(`Cannot connect to ${url} - ${(err as Error).message}. Giving up.`);
      return;
    }
    if (this.buffer.isPaused) this.connection.pauseReading();
  }

  private onOpen(connection: LdpConnection): void {
    this.connections++;
    this.replay.connectionOpened(connection.openedAt / 1000, connection.resumed);
    if (this.connections > 1) this.sink.count('ldp_reconnects');
    const resume = connection.resumed ? ' (resuming: replaying from begin, duplicates dropped)' : '';
    const via = this.proxy === undefined ? '' : ` through proxy ${this.proxy.shown} (${this.proxy.variable})`;
    this.log('info', `Connected to ${connection.url}${via}${resume}`);
    this.setState('open');
  }

  private onMessage(text: string): void {
    try {
      this.sink.count('ldp_messages_received');
      const decoded = decodeLdpMessage(text, this.maxEventSize);
      this.replay.observe(decoded.timestamp);
      if (decoded.malformed !== undefined) {
        this.sink.count('ldp_messages_malformed');
        this.intake.warn('ldp_messages_malformed', `Skipped a malformed LDP message: ${decoded.malformed}`);
        return;
      }
      this.intake.report(decoded.issues);
      if (decoded.events.length === 0) return;
      const { fresh, keys, duplicates, replayed, possiblyRepeated } = this.replay.filter(decoded.events, decoded.timestamp);
      if (duplicates > 0) this.sink.count('ldp_duplicates_dropped', duplicates);
      if (replayed > 0) this.sink.count('ldp_events_replayed', replayed);
      if (possiblyRepeated > 0) this.sink.count('ldp_events_possibly_repeated', possiblyRepeated);
      // A record without a GELF time belongs where the stream was.
      const stamp = decoded.timestamp ?? this.replay.lastSeenTimestamp ?? this.clock.now() / 1000;
      this.positions.record(keys, stamp);
      this.buffer.deliver(fresh);
    } catch (err) {
      // A bug must cost one message, not the process (this runs inside Falco).
      this.sink.count('ldp_internal_errors');
      this.intake.warn('ldp_internal_errors', `Internal error on an LDP message: ${(err as Error).message}`, 'error');
    }
  }

  private pauseReading(): void {
    if (this.state === 'closed') return;
    this.sink.count('ldp_backpressure_pauses');
    this.connection?.pauseReading();
  }

  private onDrain(): void {
    if (this.state === 'closed' || this.state === 'failed' || this.state === 'ended') return;
    if (this.buffer.drain()) this.connection?.resumeReading();
  }

  private onClose(connection: LdpConnection, code: number, reason: string): void {
    this.connection = undefined;
    if (this.state === 'closed' || this.state === 'failed' || this.state === 'ended') return;
    this.warnings.flush();
    if (!connection.opened) {
      this.onConnectFailed(connection);
      return;
    }
    if (code === 1000 && this.userEnd !== undefined && this.userEnd <= this.clock.now() / 1000) {
      // The user asked for a finite window (end= in the URL) and the server says it is complete.
      this.setState('ended');
      this.log('info', `The requested window (end=${this.userEnd}) is complete; end of stream`);
      this.sink.end();
      return;
    }
    if (connection.messages > 0 || this.clock.now() - connection.openedAt >= HEALTHY_AFTER_MS) this.backoff.reset();
    if (connection.unreadable !== undefined) {
      this.replay.skipReplayOnce();
      this.sink.count('ldp_gaps');
      this.log('warning', `Unreadable LDP message (${connection.unreadable}); resuming live without replay, records in between are lost`);
    }
    const delay = this.backoff.next();
    const error = connection.failure.error?.message;
    const why = [`code ${code}`, reason, error].filter((part) => part !== undefined && part !== '').join(', ');
    this.log('warning', `Disconnected (${why}); reconnecting in ${formatSeconds(delay)}`);
    this.scheduleReconnect(delay);
  }

  private onConnectFailed(connection: LdpConnection): void {
    const verdict = classifyConnectFailure(connection.failure);
    this.sink.count('ldp_connect_failures');
    if (verdict.kind === 'fatal') {
      // A space after the URL: redaction ends the token there.
      this.giveUp(`Cannot connect to ${connection.url} - ${verdict.reason}. Giving up.`);
      return;
    }
    const delay = Math.min(
      this.config.reconnectMaxDelayMs,
      Math.max(this.backoff.next(), verdict.retryAfterMs ?? 0),
    );
    this.log('warning', `Cannot connect to ${connection.url} - ${verdict.reason}; retrying in ${formatSeconds(delay)}`);
    this.scheduleReconnect(delay);
  }

  private giveUp(message: string): void {
    this.setState('failed');
    const shown = this.redact(message);
    this.log('error', shown);
    this.sink.fail(shown);
  }

  private scheduleReconnect(delayMs: number): void {
    this.setState('waiting');
    this.clearReconnectTimer();
    this.reconnectTimer = this.clock.setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.state === 'waiting') this.connect();
    }, delayMs);
  }

  private clearReconnectTimer(): void {
    if (this.reconnectTimer !== undefined) this.clock.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
  }

  private log(level: LogLevel, message: string): void {
    this.sink.log(level, this.redact(message));
  }
}

/** A unix-seconds query parameter of the open params, when present and numeric. */
function secondsParam(url: string, name: string): number | undefined {
  return parseUnixSeconds(getQueryParam(url, name)) ?? undefined;
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 1000 ? 2 : 1)}s`;
}
