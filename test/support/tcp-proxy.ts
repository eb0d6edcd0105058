import { createServer, type Server, type Socket, connect } from 'node:net';

/**
 * A TCP forwarder between the app and a real dependency (PostgreSQL, S3), so a test can make the dependency
 * unreachable — cut every connection and refuse new ones — without mocking it.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  private down = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  static forUrl(url: string): TcpProxy {
    const parsed = new URL(url);
    return new TcpProxy(parsed.hostname, Number(parsed.port));
  }

  async start(): Promise<this> {
    this.server = createServer((client) => {
      if (this.down) return client.destroy();
      const upstream = connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as { port: number }).port;
    return this;
  }

  /** Replaces host:port in `url` with the proxy's. */
  rewrite(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.href.replace(/\/$/, '');
  }

  /** Drops every open connection and refuses new ones until restore(). */
  cut(): void {
    this.down = true;
    for (const socket of this.sockets) socket.destroy();
  }

  /** Runs `onBytes` once `bytes` have flowed from client to target, e.g. to cut an upload midway. */
  afterClientBytes(bytes: number, onBytes: () => void): void {
    let seen = 0;
    let fired = false;
    this.server!.on('connection', (client: Socket) => {
      client.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (!fired && seen >= bytes) {
          fired = true;
          onBytes();
        }
      });
    });
  }

  restore(): void {
    this.down = false;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
