// A real HTTP CONNECT proxy on 127.0.0.1 for tests: it tunnels every CONNECT, whatever host it
// names, to one local port, so a client can dial a non-loopback name without leaving loopback.
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface ConnectRequest {
  readonly target: string;
  readonly authorization: string | undefined;
}

export interface ConnectProxyOptions {
  /** Port on 127.0.0.1 every tunnel leads to. */
  readonly forwardPort: () => number;
  /** Expected Proxy-Authorization value; anything else gets 407. */
  readonly authorization?: string;
  /** Never answer CONNECT (a proxy that hangs). */
  readonly silent?: boolean;
}

export class ConnectProxy {
  readonly requests: ConnectRequest[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  /** Statuses to answer the next CONNECTs with, instead of tunnelling. */
  private readonly refusals: number[] = [];

  constructor(private readonly options: ConnectProxyOptions) {
    this.server = createServer((_req, res) => res.writeHead(405).end());
    this.server.on('connect', (req, client: Socket, head: Buffer) => this.onConnect(req.url ?? '', req.headers['proxy-authorization'], client, head));
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Listens on 127.0.0.1:`port` (0: any free port). */
  async start(port = 0): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', resolve);
    });
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  refuseNext(count: number, status: number): void {
    for (let i = 0; i < count; i++) this.refusals.push(status);
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private onConnect(target: string, authorization: string | undefined, client: Socket, head: Buffer): void {
    this.requests.push({ target, authorization });
    this.sockets.add(client);
    client.on('error', () => undefined);
    if (this.options.silent === true) return;
    const refusal = this.refusals.shift();
    if (refusal !== undefined) {
      client.end(`HTTP/1.1 ${refusal} Refused By Test\r\n\r\n`);
      return;
    }
    if (this.options.authorization !== undefined && authorization !== this.options.authorization) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n');
      return;
    }
    const upstream = connect(this.options.forwardPort(), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    this.sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
  }
}
