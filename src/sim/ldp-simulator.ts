// A loopback stand-in for OVHcloud Logs Data Platform's WebSocket tail, with fault injection.
// Each connection has a cursor into the ingested log: `begin` starts it in the past (replay),
// otherwise at the end (live only). Sending respects a per-connection buffer bound, so a slow
// client makes the simulator wait instead of buffering without limit.
import { createServer as createHttpServer, STATUS_CODES, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { redactSecrets } from '../util/redact.js';
import { wrapGelf, type GelfWrapOptions } from './gelf.js';
import { malformedFrames, oversizedEvent } from './fault-frames.js';
import { startFeed, type FeedHandle, type FeedOptions } from './feed.js';
import { createSelfSignedCertificate } from './self-signed.js';

export type { FeedHandle, FeedOptions } from './feed.js';

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

export interface IngestedRecord {
  readonly seq: number;
  /** Ingestion time, unix seconds (ms precision); the GELF timestamp of wrapped records. */
  readonly timestamp: number;
  readonly frame: string | Buffer;
  readonly binary: boolean;
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
}

interface Connection {
  readonly ws: WebSocket;
  cursor: number;
  readonly end: number | undefined;
  waitingForDrain: boolean;
}

const TAIL_PATHS = new Set(['/tail/', '/tail']);

export class LdpSimulator {
  private readonly options: LdpSimulatorOptions;
  private readonly clock: () => number;
  private readonly highWaterMark: number;
  private readonly tlsMaterial: { key: string; cert: string } | undefined;
  private readonly server: HttpServer;
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false, perMessageDeflate: false });
  private log: IngestedRecord[] = [];
  /** Absolute index (seq) of log[0]; cursors are absolute. */
  private base = 0;
  private readonly handshakes: HandshakeRecord[] = [];
  private readonly connections = new Set<Connection>();
  private readonly forcedStatuses: { status: number; retryAfter: string | undefined }[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private stalledUntil = 0;
  private ignoringPings = false;
  private lastTimestamp = 0;
  private counters = { connections: 0, pingsReceived: 0, pongsSent: 0, framesSent: 0, maxBufferedAmount: 0 };
  private listening: AddressInfo | undefined;
  private readonly connectionWaiters: (() => void)[] = [];
  /** Every TCP socket accepted, so close() never waits on a straggler. */
  private readonly sockets = new Set<Duplex>();
  private closing: Promise<void> | undefined;

  constructor(options: LdpSimulatorOptions) {
    if (options.token === '') throw new Error('LdpSimulator: token must not be empty');
    this.options = options;
    this.clock = options.clock ?? (() => Date.now() / 1000);
    this.highWaterMark = options.sendHighWaterMark ?? 1024 * 1024;
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
    return this.log;
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
      const timestamp = this.nextTimestamp();
      this.append(wrapGelf(text, timestamp, this.options), timestamp, false);
    }
    this.pumpAll();
  }

  /** Ingests a frame verbatim (e.g. malformed); it is stored and replayed like any other. */
  ingestFrame(frame: string | Buffer, options: { binary?: boolean } = {}): void {
    this.append(frame, this.nextTimestamp(), options.binary ?? Buffer.isBuffer(frame));
    this.pumpAll();
  }

  /**
   * Ingests one frame of each malformed kind (envelope, GELF record, payload, event); returns how
   * many frames that was. A client must skip all of them and keep the connection.
   */
  ingestMalformedFrames(): number {
    const frames = malformedFrames(this.clock(), this.options);
    for (const frame of frames) this.append(frame, this.nextTimestamp(), false);
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
    if (this.connections.size > 0) return Promise.resolve();
    return new Promise((resolve) => this.connectionWaiters.push(resolve));
  }

  /** Kills every connection without a close frame (the client sees code 1006). */
  dropAll(): void {
    for (const conn of this.connections) conn.ws.terminate();
  }

  /** Closes every connection with a close frame. */
  closeAll(code = 1001, reason = 'going away'): void {
    for (const conn of this.connections) conn.ws.close(code, reason);
  }

  /** Stops sending anything to anyone for `durationMs` (pings are still answered). */
  stall(durationMs: number): void {
    this.stalledUntil = Math.max(this.stalledUntil, Date.now() + durationMs);
    this.schedule(durationMs, () => this.pumpAll());
  }

  /** The next `count` handshakes are answered with `status` (e.g. 503, 401) instead of 101. */
  failNextHandshakes(count: number, status: number, retryAfterSeconds?: number): void {
    for (let i = 0; i < count; i++) {
      this.forcedStatuses.push({ status, retryAfter: retryAfterSeconds === undefined ? undefined : String(retryAfterSeconds) });
    }
  }

  /** When true, pings get no pong (a half-dead connection as the client sees it). */
  ignorePings(ignore = true): void {
    this.ignoringPings = ignore;
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
    for (const resolve of this.connectionWaiters.splice(0)) resolve();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private nextTimestamp(): number {
    const now = Math.round(this.clock() * 1000) / 1000;
    this.lastTimestamp = Math.max(this.lastTimestamp, now);
    return this.lastTimestamp;
  }

  private append(frame: string | Buffer, timestamp: number, binary: boolean): void {
    this.log.push({ seq: this.base + this.log.length, timestamp, frame, binary });
    const retain = this.options.retainRecords;
    if (retain !== undefined && this.log.length >= 2 * retain) {
      // Trim in large steps so appends stay O(1) amortised.
      const drop = this.log.length - retain;
      this.log = this.log.slice(drop);
      this.base += drop;
    }
  }

  /** Absolute index one past the last record. */
  private get head(): number {
    return this.base + this.log.length;
  }

  private schedule(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rawQuery = (req.url ?? '').split('?')[1] ?? '';
    const params = rawParams(rawQuery);
    const record = (status: number): void => {
      this.handshakes.push({ path: url.pathname, status, begin: params.get('begin'), end: params.get('end') });
    };
    const reject = (status: number, retryAfter?: string): void => {
      record(status);
      const extra = retryAfter === undefined ? '' : `Retry-After: ${retryAfter}\r\n`;
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n${extra}\r\n`);
    };
    socket.on('error', () => undefined);

    if (!TAIL_PATHS.has(url.pathname)) return reject(404);
    const forced = this.forcedStatuses.shift();
    if (forced !== undefined) return reject(forced.status, forced.retryAfter);
    if (params.get('tk') !== this.options.token) return reject(401);
    const begin = parseSeconds(params.get('begin'));
    const end = parseSeconds(params.get('end'));
    if (begin === null || end === null) return reject(400);

    this.wss.handleUpgrade(req, socket, head, (ws) => {
      record(101);
      this.counters.connections++;
      const conn: Connection = {
        ws,
        cursor: begin === undefined ? this.head : this.firstIndexAtOrAfter(begin),
        end,
        waitingForDrain: false,
      };
      this.connections.add(conn);
      for (const resolve of this.connectionWaiters.splice(0)) resolve();
      ws.on('ping', (data: Buffer) => {
        this.counters.pingsReceived++;
        if (this.ignoringPings) return;
        this.counters.pongsSent++;
        ws.pong(data);
      });
      ws.on('error', () => undefined);
      ws.on('close', () => this.connections.delete(conn));
      this.pump(conn);
    });
  }

  /** Absolute index of the first retained record stamped at or after `timestamp`. */
  private firstIndexAtOrAfter(timestamp: number): number {
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.log[mid] as IngestedRecord).timestamp < timestamp) lo = mid + 1;
      else hi = mid;
    }
    return this.base + lo;
  }

  private pumpAll(): void {
    for (const conn of this.connections) this.pump(conn);
  }

  private pump(conn: Connection): void {
    const { ws } = conn;
    if (conn.waitingForDrain || Date.now() < this.stalledUntil || ws.readyState !== ws.OPEN) return;
    if (conn.cursor < this.base) conn.cursor = this.base; // fell behind retention
    while (conn.cursor < this.head) {
      const rec = this.log[conn.cursor - this.base] as IngestedRecord;
      if (conn.end !== undefined && rec.timestamp > conn.end) break;
      conn.cursor++;
      this.counters.framesSent++;
      const size = typeof rec.frame === 'string' ? rec.frame.length : rec.frame.byteLength;
      if (ws.bufferedAmount + size >= this.highWaterMark) {
        // Wait until this frame reached the kernel before sending more.
        conn.waitingForDrain = true;
        ws.send(rec.frame, { binary: rec.binary }, () => {
          conn.waitingForDrain = false;
          this.pump(conn);
        });
        this.counters.maxBufferedAmount = Math.max(this.counters.maxBufferedAmount, ws.bufferedAmount);
        return;
      }
      ws.send(rec.frame, { binary: rec.binary });
    }
    this.counters.maxBufferedAmount = Math.max(this.counters.maxBufferedAmount, ws.bufferedAmount);
    // A window whose end has passed is complete: LDP-like, close normally.
    if (conn.end !== undefined && conn.end < this.clock() && conn.cursor >= this.firstIndexAfter(conn.end)) {
      ws.close(1000, 'end of requested window');
    }
  }

  private firstIndexAfter(timestamp: number): number {
    let i = this.firstIndexAtOrAfter(timestamp);
    while (i < this.head && (this.log[i - this.base] as IngestedRecord).timestamp <= timestamp) i++;
    return i;
  }
}

/** Query parameters without any unescaping (the token is compared verbatim). First one wins. */
function rawParams(query: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const piece of query.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const name = eq < 0 ? piece : piece.slice(0, eq);
    if (!map.has(name)) map.set(name, eq < 0 ? '' : piece.slice(eq + 1));
  }
  return map;
}

/** undefined when absent, null when present but not a number of seconds. */
function parseSeconds(value: string | undefined): number | undefined | null {
  if (value === undefined) return undefined;
  const n = Number(value);
  return value.trim() === '' || !Number.isFinite(n) ? null : n;
}
