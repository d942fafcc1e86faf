// wss:// through an HTTP proxy: an https.Agent whose sockets are CONNECT tunnels. ws hands its
// request to the agent, so TLS (and certificate checks against the LDP host name) run end to end
// inside the tunnel; the proxy only sees the host and port.
import { Agent, type RequestOptions } from 'node:https';
import { connect as netConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { ProxySetting } from './proxy-env.js';

/** The proxy answered CONNECT with something other than 2xx. */
export class ProxyRefusedError extends Error {
  constructor(
    message: string,
    readonly proxyStatus: number,
  ) {
    super(message);
    this.name = 'ProxyRefusedError';
  }
}

/** Largest CONNECT answer header we read before calling the proxy broken. */
const MAX_ANSWER_BYTES = 16 * 1024;

type CreateCallback = (err: Error | null, stream: Duplex) => void;

export class ProxyTunnelAgent extends Agent {
  /** CONNECTs not answered yet: destroy() must reach them, the agent does not know them. */
  private readonly tunnels = new Set<Socket>();

  constructor(
    private readonly proxy: ProxySetting,
    /** How long the proxy may take to connect and answer CONNECT. */
    private readonly timeoutMs: number,
  ) {
    super({ keepAlive: false });
  }

  // Node's Agent accepts an asynchronous createConnection: return nothing, call back later.
  override createConnection(options: RequestOptions, callback?: CreateCallback): null {
    if (callback === undefined) throw new Error('ProxyTunnelAgent needs the asynchronous createConnection form');
    const host = options.host ?? 'localhost';
    const target = `${host.includes(':') ? `[${host}]` : host}:${String(options.port ?? 443)}`;
    const socket = netConnect({ host: this.proxy.host, port: this.proxy.port });
    this.tunnels.add(socket);
    let answer = Buffer.alloc(0);
    let settled = false;
    const settle = (err: Error | null, tls?: Duplex): void => {
      if (settled) return;
      settled = true;
      this.tunnels.delete(socket);
      socket.removeListener('data', onData);
      socket.removeListener('error', onError);
      socket.removeListener('close', onClose);
      socket.setTimeout(0);
      if (err !== null) socket.destroy();
      // Node's agent ignores the stream when err is set.
      callback(err, tls ?? socket);
    };
    const via = `proxy ${this.proxy.shown}`;
    const onError = (err: NodeJS.ErrnoException): void => {
      const wrapped: NodeJS.ErrnoException = new Error(`${via}: ${err.message}`);
      if (err.code !== undefined) wrapped.code = err.code;
      settle(wrapped);
    };
    const onClose = (): void => settle(new Error(`${via} closed the connection before answering CONNECT ${target}`));
    const onData = (chunk: Buffer): void => {
      answer = Buffer.concat([answer, chunk]);
      const end = answer.indexOf('\r\n\r\n');
      if (end < 0) {
        if (answer.length > MAX_ANSWER_BYTES) settle(new Error(`${via} sent an oversized answer to CONNECT`));
        return;
      }
      const statusLine = answer.subarray(0, answer.indexOf('\r\n')).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
      if (match === null) {
        settle(new Error(`${via} answered CONNECT with something other than HTTP ("${statusLine.slice(0, 80)}")`));
        return;
      }
      const status = Number(match[1]);
      if (status < 200 || status > 299) {
        const reason = match[2] === undefined || match[2] === '' ? '' : ` ${match[2]}`;
        settle(new ProxyRefusedError(`${via} answered CONNECT ${target} with HTTP ${status}${reason}`, status));
        return;
      }
      // TLS speaks first, so nothing should follow the header; keep it for TLS if something does.
      const rest = answer.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      // host stays: with a given socket, TLS only uses it to check the certificate's name.
      settle(null, tlsConnect({ ...(options as ConnectionOptions), socket }));
    };
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    socket.setTimeout(this.timeoutMs, () => settle(new Error(`${via} did not answer CONNECT ${target} within ${this.timeoutMs} ms`)));
    socket.once('connect', () => {
      const auth = this.proxy.authorization === undefined ? '' : `Proxy-Authorization: ${this.proxy.authorization}\r\n`;
      socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth}\r\n`);
    });
    return null;
  }

  override destroy(): void {
    for (const socket of this.tunnels) socket.destroy();
    this.tunnels.clear();
    super.destroy();
  }
}
