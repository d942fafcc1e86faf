// The OVHcloud LDP WebSocket tail as an EventSource: connect, unwrap, de-duplicate, deliver;
// reconnect with backoff and replay; keep the connection alive; stop reading when Falco is full.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import WebSocket from 'ws';
import { makeRedactor } from '../../util/redact.js';
import { RateLimitedLog } from '../../util/rate-limited-log.js';
import type { ProducedEvent } from '../../audit/event.js';
import type { LogLevel } from '../../util/log-level.js';
import { PAYLOAD_ISSUE_COUNTERS } from '../payload-intake.js';
import type { EventSink, EventSource } from '../source.js';
import { Backoff } from './backoff.js';
import { resolveLdpConfig, type LdpConfig } from './config.js';
import { classifyConnectFailure, type ConnectFailure } from './failure.js';
import { Keepalive } from './keepalive.js';
import { decodeLdpMessage } from './message.js';
import { proxyForTarget, type ProxyEnv, type ProxySetting } from './proxy-env.js';
import { ProxyTunnelAgent } from './proxy-tunnel.js';
import { ReplayTracker } from './replay.js';
import { getQueryParam, parseLdpOpenParams, setQueryParam, type LdpEndpoint } from './url.js';

export interface LdpSourceOptions extends Partial<LdpConfig> {
  /** Largest event (compact JSON bytes) accepted; larger ones are dropped and counted. */
  readonly maxEventSize: number;
  /** Largest WebSocket message accepted (default 64 MiB); a larger one is skipped with a gap. */
  readonly maxMessageBytes?: number;
  /** Rate limit of repeated warnings about bad input (default 5 lines per kind per minute). */
  readonly logLimit?: { readonly maxPerInterval: number; readonly intervalMs: number };
  /** Where HTTPS_PROXY / NO_PROXY are read (default: the process environment, i.e. Falco's). */
  readonly proxyEnv?: ProxyEnv;
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

interface Attempt {
  readonly ws: WebSocket;
  readonly url: string;
  readonly resumed: boolean;
  opened: boolean;
  openedAt: number;
  messages: number;
  failure: { -readonly [K in keyof ConnectFailure]: ConnectFailure[K] };
  keepalive: Keepalive | undefined;
  /** Set when the stream held a message that can never be read (too big, invalid frame). */
  unreadable: string | undefined;
}

export class LdpSource implements EventSource {
  private readonly endpoint: LdpEndpoint;
  private readonly config: LdpConfig;
  private readonly maxEventSize: number;
  private readonly maxMessageBytes: number;
  private readonly ca: string[] | undefined;
  private readonly proxy: ProxySetting | undefined;
  private readonly proxyAgent: ProxyTunnelAgent | undefined;
  private readonly redact: (text: string) => string;
  private readonly warnings: RateLimitedLog;
  private readonly backoff: Backoff;
  private readonly replay: ReplayTracker;
  private state: LdpSourceState = 'idle';
  private attempt: Attempt | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private connections = 0;
  private paused = false;
  private pending: ProducedEvent[] = [];
  private maxPending = 0;
  /** `end` the user put in the open params: the stream is then finite. */
  private readonly userEnd: number | undefined;

  /** Throws a clear (redacted) Error for bad open params or an unreadable caFile. */
  constructor(openParams: string, config: LdpSourceOptions, private readonly sink: EventSink) {
    this.endpoint = parseLdpOpenParams(openParams);
    if (!Number.isFinite(config.maxEventSize) || config.maxEventSize < 0) {
      throw new Error(`LDP source: maxEventSize must be a non-negative number, got ${String(config.maxEventSize)}`);
    }
    this.redact = makeRedactor([this.endpoint.token]);
    this.config = resolveLdpConfig(config);
    this.maxEventSize = config.maxEventSize;
    this.maxMessageBytes = config.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.ca = this.config.caFile === undefined ? undefined : loadCaBundle(this.config.caFile);
    this.proxy = proxyForTarget(this.endpoint.secure, this.endpoint.hostname, this.endpoint.port, config.proxyEnv ?? process.env);
    this.proxyAgent = this.proxy === undefined ? undefined : new ProxyTunnelAgent(this.proxy, this.config.handshakeTimeoutMs);
    this.warnings = new RateLimitedLog((level, message) => this.log(level, message), config.logLimit);
    this.backoff = new Backoff({ initialMs: this.config.reconnectInitialDelayMs, maxMs: this.config.reconnectMaxDelayMs });
    this.userEnd = secondsParam(this.endpoint.url, 'end');
    this.replay = new ReplayTracker({
      overlapSeconds: this.config.replayOverlapSeconds,
      dedupWindow: this.config.dedupWindow,
      userBegin: secondsParam(this.endpoint.url, 'begin'),
    });
    sink.onDrain(() => this.onDrain());
  }

  /** Connects in the background and returns at once. */
  start(): void {
    if (this.state !== 'idle') return;
    this.connect();
  }

  /** Stops every timer and socket now. Events not yet handed to the sink are discarded. */
  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.clearReconnectTimer();
    this.dropAttempt();
    this.proxyAgent?.destroy();
    this.pending = [];
    this.warnings.flush();
  }

  stats(): LdpSourceStats {
    return {
      state: this.state,
      paused: this.paused,
      pendingEvents: this.pending.length,
      maxPendingEvents: this.maxPending,
      connections: this.connections,
      lastSeenTimestamp: this.replay.lastSeenTimestamp,
    };
  }

  private connect(): void {
    this.state = 'connecting';
    const begin = this.replay.nextBegin(this.connections === 0);
    const url = begin === undefined ? this.endpoint.url : setQueryParam(this.endpoint.url, 'begin', String(begin));
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, {
        handshakeTimeout: this.config.handshakeTimeoutMs,
        perMessageDeflate: false,
        followRedirects: false,
        maxPayload: this.maxMessageBytes,
        ...(this.ca === undefined ? {} : { ca: this.ca }),
        ...(this.proxyAgent === undefined ? {} : { agent: this.proxyAgent }),
      });
    } catch (err) {
      // Only a URL ws itself refuses gets here (we validated it already): a configuration error.
      this.state = 'failed';
      const message = this.redact(`Cannot connect to ${url} - ${(err as Error).message}. Giving up.`);
      this.log('error', message);
      this.sink.fail(message);
      return;
    }
    const attempt: Attempt = {
      ws,
      url,
      resumed: begin !== undefined,
      opened: false,
      openedAt: 0,
      messages: 0,
      failure: {},
      keepalive: undefined,
      unreadable: undefined,
    };
    this.attempt = attempt;
    // Every handler first checks that its attempt is still the current one: a terminated socket
    // can still emit its final events after we moved on (or closed).
    ws.on('unexpected-response', (_req, res) => {
      attempt.failure.status = res.statusCode;
      const retryAfter = res.headers['retry-after'];
      attempt.failure.retryAfter = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
      res.resume();
      ws.terminate();
    });
    ws.on('error', (err: Error) => {
      attempt.failure.error ??= err;
      if (attempt.opened && this.attempt === attempt) this.onStreamError(attempt, err);
    });
    ws.on('open', () => {
      if (this.attempt === attempt) this.onOpen(attempt);
    });
    ws.on('message', (data: WebSocket.RawData) => {
      if (this.attempt !== attempt) return;
      try {
        this.onMessage(attempt, data);
      } catch (err) {
        // A bug must cost one message, not the process (this runs inside Falco).
        this.sink.count('ldp_internal_errors');
        this.warnings.log('ldp_internal_errors', 'error', `Internal error on an LDP message: ${(err as Error).message}`);
      }
    });
    ws.on('pong', () => attempt.keepalive?.pong());
    ws.on('close', (code: number, reason: Buffer) => {
      if (this.attempt === attempt) this.onClose(attempt, code, reason.toString('utf8'));
    });
  }

  private onOpen(attempt: Attempt): void {
    this.state = 'open';
    this.connections++;
    attempt.opened = true;
    attempt.openedAt = Date.now();
    this.replay.connectionOpened(attempt.openedAt / 1000, attempt.resumed);
    if (this.connections > 1) this.sink.count('ldp_reconnects');
    const resume = attempt.resumed ? ' (resuming: replaying from begin, duplicates dropped)' : '';
    const via = this.proxy === undefined ? '' : ` through proxy ${this.proxy.shown} (${this.proxy.variable})`;
    this.log('info', `Connected to ${attempt.url}${via}${resume}`);
    attempt.keepalive = new Keepalive({
      intervalMs: this.config.keepaliveIntervalMs,
      timeoutMs: this.config.keepaliveTimeoutMs,
      ping: () => {
        if (attempt.ws.readyState !== WebSocket.OPEN) return false;
        this.sink.count('ldp_pings_sent');
        attempt.ws.ping();
        return true;
      },
      onTimeout: () => {
        if (this.attempt !== attempt) return;
        this.sink.count('ldp_keepalive_timeouts');
        this.log('warning', `No answer to a ping within ${formatSeconds(this.config.keepaliveTimeoutMs)}; dropping the connection`);
        attempt.ws.terminate();
      },
    });
    if (this.paused) attempt.ws.pause();
    else attempt.keepalive.start();
  }

  private onMessage(attempt: Attempt, data: WebSocket.RawData): void {
    attempt.messages++;
    attempt.keepalive?.activity();
    this.sink.count('ldp_messages_received');
    const text = Buffer.isBuffer(data)
      ? data.toString('utf8')
      : Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data).toString('utf8');
    const decoded = decodeLdpMessage(text, this.maxEventSize);
    this.replay.observe(decoded.timestamp);
    if (decoded.malformed !== undefined) {
      this.sink.count('ldp_messages_malformed');
      this.warnings.log('ldp_messages_malformed', 'warning', `Skipped a malformed LDP message: ${decoded.malformed}`);
      return;
    }
    for (const issue of decoded.issues) {
      const counter = PAYLOAD_ISSUE_COUNTERS[issue.kind];
      this.sink.count(counter);
      this.warnings.log(counter, 'warning', issue.message);
    }
    if (decoded.events.length === 0) return;
    const { fresh, duplicates, replayed } = this.replay.filter(decoded.events, decoded.timestamp);
    if (duplicates > 0) this.sink.count('ldp_duplicates_dropped', duplicates);
    if (replayed > 0) this.sink.count('ldp_events_replayed', replayed);
    this.deliver(fresh);
  }

  private deliver(events: ProducedEvent[]): void {
    if (events.length === 0) return;
    if (this.paused) {
      // Only what the socket had already read gets here: the socket is paused, so this is bounded.
      for (const event of events) this.pending.push(event);
      this.maxPending = Math.max(this.maxPending, this.pending.length);
      return;
    }
    if (!this.sink.push(events) && this.state !== 'closed') this.pauseReading();
  }

  private pauseReading(): void {
    this.paused = true;
    this.sink.count('ldp_backpressure_pauses');
    const attempt = this.attempt;
    if (attempt?.opened) {
      attempt.ws.pause();
      // A paused socket cannot read pongs: keepalive resumes with reading.
      attempt.keepalive?.stop();
    }
  }

  private onDrain(): void {
    if (!this.paused || this.state === 'closed' || this.state === 'failed' || this.state === 'ended') return;
    if (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      if (!this.sink.push(batch)) return;
    }
    this.paused = false;
    const attempt = this.attempt;
    if (attempt?.opened && attempt.ws.readyState === WebSocket.OPEN) {
      attempt.ws.resume();
      attempt.keepalive?.start();
    }
  }

  /**
   * An error on an open connection. ws then waits up to 30 s for the server's close frame without
   * reading: terminate at once instead. A protocol error (WS_ERR_*: message too big, invalid
   * UTF-8, …) is caused by a record itself; replaying would fetch it again, forever.
   */
  private onStreamError(attempt: Attempt, err: Error): void {
    const code = (err as NodeJS.ErrnoException).code;
    if (code?.startsWith('WS_ERR_')) attempt.unreadable = err.message;
    attempt.ws.terminate();
  }

  private onClose(attempt: Attempt, code: number, reason: string): void {
    attempt.keepalive?.stop();
    this.attempt = undefined;
    if (this.state === 'closed' || this.state === 'failed' || this.state === 'ended') return;
    this.warnings.flush();
    if (!attempt.opened) {
      this.onConnectFailed(attempt);
      return;
    }
    if (code === 1000 && this.userEnd !== undefined && this.userEnd <= Date.now() / 1000) {
      // The user asked for a finite window (end= in the URL) and the server says it is complete.
      this.state = 'ended';
      this.log('info', `The requested window (end=${this.userEnd}) is complete; end of stream`);
      this.sink.end();
      return;
    }
    if (attempt.messages > 0 || Date.now() - attempt.openedAt >= HEALTHY_AFTER_MS) this.backoff.reset();
    if (attempt.unreadable !== undefined) {
      this.replay.skipReplayOnce();
      this.sink.count('ldp_gaps');
      this.log('warning', `Unreadable LDP message (${attempt.unreadable}); resuming live without replay, records in between are lost`);
    }
    const delay = this.backoff.next();
    const error = attempt.failure.error?.message;
    const why = [`code ${code}`, reason, error].filter((part) => part !== undefined && part !== '').join(', ');
    this.log('warning', `Disconnected (${why}); reconnecting in ${formatSeconds(delay)}`);
    this.scheduleReconnect(delay);
  }

  private onConnectFailed(attempt: Attempt): void {
    const verdict = classifyConnectFailure(attempt.failure);
    this.sink.count('ldp_connect_failures');
    if (verdict.kind === 'fatal') {
      this.state = 'failed';
      // A space after the URL: redaction ends the token there.
      const message = this.redact(`Cannot connect to ${attempt.url} - ${verdict.reason}. Giving up.`);
      this.log('error', message);
      this.sink.fail(message);
      return;
    }
    const delay = Math.min(
      this.config.reconnectMaxDelayMs,
      Math.max(this.backoff.next(), verdict.retryAfterMs ?? 0),
    );
    this.log('warning', `Cannot connect to ${attempt.url} - ${verdict.reason}; retrying in ${formatSeconds(delay)}`);
    this.scheduleReconnect(delay);
  }

  private scheduleReconnect(delayMs: number): void {
    this.state = 'waiting';
    this.clearReconnectTimer();
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.state === 'waiting') this.connect();
    }, delayMs);
  }

  private clearReconnectTimer(): void {
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
  }

  private dropAttempt(): void {
    const attempt = this.attempt;
    this.attempt = undefined;
    if (attempt === undefined) return;
    attempt.keepalive?.stop();
    attempt.ws.terminate();
  }

  private log(level: LogLevel, message: string): void {
    this.sink.log(level, this.redact(message));
  }
}

function loadCaBundle(path: string): string[] {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`LDP caFile "${path}" cannot be read: ${(err as Error).message}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`LDP caFile "${path}" holds no PEM certificate`);
  // In addition to, not instead of, the bundled roots: LDP's public certificate must still verify.
  return [...rootCertificates, pem];
}

/** A unix-seconds query parameter of the open params, when present and numeric. */
function secondsParam(url: string, name: string): number | undefined {
  const raw = getQueryParam(url, name);
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 1000 ? 2 : 1)}s`;
}
