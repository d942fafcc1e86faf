// A loopback stand-in for OVHcloud Logs Data Platform's WebSocket tail, with fault injection.
// Each connection has a cursor into the ingested log: `begin` starts it in the past (replay),
// otherwise at the end (live only). Sending respects a per-connection buffer bound, so a slow
// client makes the simulator wait instead of buffering without limit. It emits `handshake`,
// `connection`, `disconnect`, `ping` and `sendWait` so tests wait for what happened, not for time.
import { EventEmitter } from 'node:events';
import { createServer as createHttpServer, STATUS_CODES, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { redactSecrets } from '../util/redact.js';
import { parseUnixSeconds, queryParams } from '../util/url-query.js';
import { wrapGelf, type GelfWrapOptions } from './gelf.js';
import { malformedFrames, oversizedEvent } from './fault-frames.js';
import { FaultInjection } from './fault-injection.js';
import { startFeed, type FeedHandle, type FeedOptions } from './feed.js';
import { RecordLog, type IngestedRecord } from './record-log.js';
import { createSelfSignedCertificate } from './self-signed.js';
import { TailConnection } from './tail-connection.js';

export type { FeedHandle, FeedOptions } from './feed.js';
export type { IngestedRecord } from './record-log.js';

export interface LdpSimulatorOptions extends GelfWrapOptions {
  /** The `tk` value clients must present (compared verbatim, no unescaping). */
  readonly token: string;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /** wss:// with a fresh self-signed certificate (true) or the given PEM key/cert. */
  readonly tls?: boolean | { readonly key: string; readonly cert: string };
  /** Ingestion clock in unix seconds (default: wall clock). */
  readonly clock?: () => number;
  /** Per-connection bytes queued in the socket before the simulator waits (default 1 MiB). */
  readonly sendHighWaterMark?: number;
  /**
   * Records kept for replay (default: all). Like LDP's own retention, older ones are forgotten;
   * a client that fell further behind skips ahead. Long runs (benchmarks) need a bound.
   */
  readonly retainRecords?: number;
}

export interface HandshakeRecord {
  readonly path: string;
  readonly status: number;
  readonly begin: string | undefined;
  readonly end: string | undefined;
}

export interface LdpSimulatorStats {
  /** Upgrade requests received (accepted or not). */
  readonly handshakes: number;
  /** Connections accepted (101). */
  readonly connections: number;
  readonly openConnections: number;
  readonly pingsReceived: number;
  readonly pongsSent: number;
  /** Frames written to clients (replayed and live). */
  readonly framesSent: number;
  /** Largest socket backlog seen on one connection, bytes. */
  readonly maxBufferedAmount: number;
  /** Times sending waited for a slow client. */
  readonly sendWaits: number;
}

export interface LdpSimulatorEvents {
  handshake: [record: HandshakeRecord];
  connection: [];
  disconnect: [];
  ping: [];
  sendWait: [];
  closed: [];
}

/** Every event, for until(). */
const EVENT_NAMES: readonly (keyof LdpSimulatorEvents)[] = ['handshake', 'connection', 'disconnect', 'ping', 'sendWait', 'closed'];

const TAIL_PATHS = new Set(['/tail/', '/tail']);

export class LdpSimulator extends EventEmitter<LdpSimulatorEvents> {
  private readonly options: LdpSimulatorOptions;
  private readonly clock: () => number;
  private readonly highWaterMark: number;
  private readonly tlsMaterial: { key: string; cert: string } | undefined;
  private readonly server: HttpServer;
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false, perMessageDeflate: false });
  private readonly log: RecordLog;
  private readonly faults = new FaultInjection();
  private readonly handshakes: HandshakeRecord[] = [];
  private readonly connections = new Set<TailConnection>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private counters = { connections: 0, pingsReceived: 0, pongsSent: 0, framesSent: 0, maxBufferedAmount: 0, sendWaits: 0 };
  private listening: AddressInfo | undefined;
  /** Every TCP socket accepted, so close() never waits on a straggler. */
  private readonly sockets = new Set<Duplex>();
  private closing: Promise<void> | undefined;

  constructor(options: LdpSimulatorOptions) {
    super();
    if (options.token === '') throw new Error('LdpSimulator: token must not be empty');
    this.options = options;
    this.clock = options.clock ?? (() => Date.now() / 1000);
    this.highWaterMark = options.sendHighWaterMark ?? 1024 * 1024;
    this.log = new RecordLog(this.clock, options.retainRecords);
    this.tlsMaterial = options.tls === true ? createSelfSignedCertificate() : options.tls || undefined;
    const onRequest = (_req: IncomingMessage, res: import('node:http').ServerResponse): void => {
      res.writeHead(426, { 'Content-Type': 'text/plain', Connection: 'close' }).end('WebSocket upgrade required\n');
    };
    this.server = this.tlsMaterial ? createHttpsServer(this.tlsMaterial, onRequest) : createHttpServer(onRequest);
    this.server.on('connection', (socket: Duplex) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    // A client that vanishes mid-handshake must not crash the simulator.
    this.server.on('clientError', (_err, socket: Duplex) => socket.destroy());
    this.server.on('tlsClientError', () => undefined);
  }

  /** Starts listening on 127.0.0.1. */
  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.listening = this.server.address() as AddressInfo;
  }

  get port(): number {
    if (this.listening === undefined) throw new Error('LdpSimulator: not started');
    return this.listening.port;
  }

  /** `ws://127.0.0.1:<port>/tail/` or `wss://…` (no token). */
  get listenUrl(): string {
    return `${this.tlsMaterial ? 'wss' : 'ws'}://127.0.0.1:${this.port}/tail/`;
  }

  /** The URL a client dials, token included. Do not log it: use redactedUrl. */
  get url(): string {
    return `${this.listenUrl}?tk=${this.options.token}`;
  }

  get redactedUrl(): string {
    return redactSecrets(this.url);
  }

  /** PEM certificate to trust in wss:// mode. */
  get caPem(): string | undefined {
    return this.tlsMaterial?.cert;
  }

  /** Everything ingested and still retained, in order (the simulator's "LDP stream"). */
  get records(): readonly IngestedRecord[] {
    return this.log.records;
  }

  get handshakeLog(): readonly HandshakeRecord[] {
    return this.handshakes;
  }

  stats(): LdpSimulatorStats {
    return { ...this.counters, handshakes: this.handshakes.length, openConnections: this.connections.size };
  }

  /** Ingests audit payload texts, one GELF record (one WebSocket message) each, stamped now. */
  ingest(auditTexts: string | readonly string[]): void {
    const texts = typeof auditTexts === 'string' ? [auditTexts] : auditTexts;
    for (const text of texts) {
      const timestamp = this.log.nextTimestamp();
      this.log.append(wrapGelf(text, timestamp, this.options), timestamp, false);
    }
    this.pumpAll();
  }

  /** Ingests a frame verbatim (e.g. malformed); it is stored and replayed like any other. */
  ingestFrame(frame: string | Buffer, options: { binary?: boolean } = {}): void {
    this.log.append(frame, this.log.nextTimestamp(), options.binary ?? Buffer.isBuffer(frame));
    this.pumpAll();
  }

  /**
   * Ingests one frame of each malformed kind (envelope, GELF record, payload, event); returns how
   * many frames that was. A client must skip all of them and keep the connection.
   */
  ingestMalformedFrames(): number {
    const frames = malformedFrames(this.clock(), this.options);
    for (const frame of frames) this.log.append(frame, this.log.nextTimestamp(), false);
    this.pumpAll();
    return frames.length;
  }

  /** Ingests one valid audit Event whose compact JSON is about `bytes` long. */
  ingestOversizedEvent(bytes: number, auditId = 'oversized'): void {
    this.ingest(oversizedEvent(bytes, auditId));
  }

  /** Sends a frame to every open connection now, without storing it (not replayable). */
  broadcastFrame(frame: string | Buffer, options: { binary?: boolean } = {}): void {
    for (const conn of this.connections) conn.ws.send(frame, { binary: options.binary ?? Buffer.isBuffer(frame) });
  }

  /** Feeds payload texts at a rate (or all at once), optionally looping. */
  feed(auditTexts: readonly string[], options: FeedOptions = {}): FeedHandle {
    return startFeed((texts) => this.ingest(texts), auditTexts, options, this.timers);
  }

  /** Resolves once a client connection is open (at once if one is). */
  waitForConnection(): Promise<void> {
    return this.until((stats) => stats.openConnections > 0);
  }

  /**
   * Resolves once `predicate` holds for the stats, checked now and after every event (handshake,
   * connection, disconnect, ping, sendWait); also when the simulator closes.
   */
  until(predicate: (stats: LdpSimulatorStats) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (!predicate(this.stats()) && this.closing === undefined) return;
        for (const name of EVENT_NAMES) this.off(name, check);
        resolve();
      };
      for (const name of EVENT_NAMES) this.on(name, check);
      check();
    });
  }

  /** Kills every connection without a close frame (the client sees code 1006). */
  dropAll(): void {
    for (const conn of this.connections) conn.ws.terminate();
  }

  /** Closes every connection with a close frame. */
  closeAll(code = 1001, reason = 'going away'): void {
    for (const conn of this.connections) conn.ws.close(code, reason);
  }

  /** Stops sending anything to anyone until resumeSending() (pings are still answered). */
  stall(): void {
    this.faults.setStalled(true);
  }

  /** Ends a stall: what accumulated is sent. */
  resumeSending(): void {
    this.faults.setStalled(false);
    this.pumpAll();
  }

  /** The next `count` handshakes are answered with `status` (e.g. 503, 401) instead of 101. */
  failNextHandshakes(count: number, status: number, retryAfterSeconds?: number): void {
    this.faults.failNextHandshakes(count, status, retryAfterSeconds);
  }

  /** When true, pings get no pong (a half-dead connection as the client sees it). */
  ignorePings(ignore = true): void {
    this.faults.ignorePings(ignore);
  }

  /** Closes everything: connections, pending timers, the listening socket. Idempotent. */
  async close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const conn of this.connections) conn.ws.terminate();
    this.connections.clear();
    this.emit('closed');
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const params = queryParams(req.url ?? '');
    const record = (status: number): void => {
      const handshake = { path: url.pathname, status, begin: params.get('begin'), end: params.get('end') };
      this.handshakes.push(handshake);
      this.emit('handshake', handshake);
    };
    const reject = (status: number, retryAfter?: string): void => {
      record(status);
      const extra = retryAfter === undefined ? '' : `Retry-After: ${retryAfter}\r\n`;
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n${extra}\r\n`);
    };
    socket.on('error', () => undefined);

    if (!TAIL_PATHS.has(url.pathname)) return reject(404);
    const forced = this.faults.takeForcedAnswer();
    if (forced !== undefined) return reject(forced.status, forced.retryAfter);
    if (params.get('tk') !== this.options.token) return reject(401);
    const begin = parseUnixSeconds(params.get('begin'));
    const end = parseUnixSeconds(params.get('end'));
    if (begin === null || end === null) return reject(400);

    this.wss.handleUpgrade(req, socket, head, (ws) => {
      record(101);
      this.counters.connections++;
      const cursor = begin === undefined ? this.log.head : this.log.firstIndexAtOrAfter(begin);
      const conn = new TailConnection(ws, () => this.emit('sendWait'), this.log, cursor, end, this.highWaterMark, this.counters, this.clock);
      this.connections.add(conn);
      ws.on('ping', (data: Buffer) => {
        this.counters.pingsReceived++;
        if (this.faults.answersPings) {
          this.counters.pongsSent++;
          ws.pong(data);
        }
        this.emit('ping');
      });
      ws.on('error', () => undefined);
      ws.on('close', () => {
        this.connections.delete(conn);
        this.emit('disconnect');
      });
      this.emit('connection');
      this.pump(conn);
    });
  }

  private pumpAll(): void {
    for (const conn of this.connections) this.pump(conn);
  }

  private pump(conn: TailConnection): void {
    if (!this.faults.isStalled) conn.pump();
  }
}
