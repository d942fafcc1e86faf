// One WebSocket connection to the LDP tail: the handshake, its failure details, the keepalive,
// and pausing reading. The source decides what happens next; this only reports.
import type { Agent } from 'node:http';
import WebSocket from 'ws';
import type { Clock } from '../../util/clock.js';
import type { ConnectFailure } from './failure.js';
import { Keepalive } from './keepalive.js';

export interface ConnectionSettings {
  readonly handshakeTimeoutMs: number;
  readonly maxMessageBytes: number;
  readonly keepaliveIntervalMs: number;
  readonly keepaliveTimeoutMs: number;
  /** CA certificates to trust (undefined: Node's defaults). */
  readonly ca: string[] | undefined;
  /** Proxy tunnel agent, when HTTPS_PROXY applies. */
  readonly agent: Agent | undefined;
  readonly clock: Clock;
}

/** What the connection reports. Nothing is reported once it was detached. */
export interface ConnectionListener {
  opened(connection: LdpConnection): void;
  message(text: string): void;
  closed(connection: LdpConnection, code: number, reason: string): void;
  pingSent(): void;
  pong(): void;
  /** No answer to a ping in time; the connection is being terminated. */
  keepaliveTimedOut(): void;
}

export class LdpConnection {
  private readonly ws: WebSocket;
  private keepalive: Keepalive | undefined;
  private detached = false;
  private readingPaused = false;
  opened = false;
  openedAt = 0;
  messages = 0;
  readonly failure: { -readonly [K in keyof ConnectFailure]: ConnectFailure[K] } = {};
  /** Set when the stream held a message that can never be read (too big, invalid frame). */
  unreadable: string | undefined;

  /** Throws only for a URL ws itself refuses. */
  constructor(
    readonly url: string,
    /** The URL asked for a replay window (begin=). */
    readonly resumed: boolean,
    private readonly settings: ConnectionSettings,
    private readonly listener: ConnectionListener,
  ) {
    this.ws = new WebSocket(url, {
      handshakeTimeout: settings.handshakeTimeoutMs,
      perMessageDeflate: false,
      followRedirects: false,
      maxPayload: settings.maxMessageBytes,
      ...(settings.ca === undefined ? {} : { ca: settings.ca }),
      ...(settings.agent === undefined ? {} : { agent: settings.agent }),
    });
    const ws = this.ws;
    ws.on('unexpected-response', (_req, res) => {
      this.failure.status = res.statusCode;
      const retryAfter = res.headers['retry-after'];
      this.failure.retryAfter = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
      res.resume();
      ws.terminate();
    });
    ws.on('error', (err: Error) => {
      this.failure.error ??= err;
      if (this.opened && !this.detached) this.onStreamError(err);
    });
    ws.on('open', () => {
      if (!this.detached) this.onOpen();
    });
    ws.on('message', (data: WebSocket.RawData) => {
      if (this.detached) return;
      this.messages++;
      this.keepalive?.activity();
      this.listener.message(messageText(data));
    });
    ws.on('pong', () => {
      this.keepalive?.pong();
      if (!this.detached) this.listener.pong();
    });
    ws.on('close', (code: number, reason: Buffer) => {
      this.keepalive?.stop();
      if (!this.detached) this.listener.closed(this, code, reason.toString('utf8'));
    });
  }

  /** Stops reading (the consumer is full). A paused socket cannot read pongs: keepalive waits too. */
  pauseReading(): void {
    this.readingPaused = true;
    if (!this.opened) return;
    this.ws.pause();
    this.keepalive?.stop();
  }

  resumeReading(): void {
    this.readingPaused = false;
    if (!this.opened || this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.resume();
    this.keepalive?.start();
  }

  /** Ends the connection now and reports nothing more. */
  detach(): void {
    this.detached = true;
    this.keepalive?.stop();
    this.ws.terminate();
  }

  private onOpen(): void {
    this.opened = true;
    this.openedAt = this.settings.clock.now();
    this.listener.opened(this);
    if (this.detached) return;
    this.keepalive = new Keepalive({
      intervalMs: this.settings.keepaliveIntervalMs,
      timeoutMs: this.settings.keepaliveTimeoutMs,
      clock: this.settings.clock,
      ping: () => {
        if (this.ws.readyState !== WebSocket.OPEN) return false;
        this.listener.pingSent();
        this.ws.ping();
        return true;
      },
      onTimeout: () => {
        if (this.detached) return;
        this.listener.keepaliveTimedOut();
        this.ws.terminate();
      },
    });
    if (this.readingPaused) this.ws.pause();
    else this.keepalive.start();
  }

  /**
   * An error on an open connection. ws then waits up to 30 s for the server's close frame without
   * reading: terminate at once instead. A protocol error (WS_ERR_*: message too big, invalid
   * UTF-8, …) is caused by a record itself; replaying would fetch it again, forever.
   */
  private onStreamError(err: Error): void {
    const code = (err as NodeJS.ErrnoException).code;
    if (code?.startsWith('WS_ERR_')) this.unreadable = err.message;
    this.ws.terminate();
  }
}

function messageText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
