import { createServer, Socket, type Server } from 'node:net';

/**
 * A loopback TCP proxy between a client and Janus, so a test can cut live connections (a network drop that
 * neither side initiated) while the proxy keeps accepting new ones.
 */
export class TcpProxy {
  private readonly pairs = new Set<[Socket, Socket]>();
  /** Connections accepted so far. */
  accepted = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static start(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
    return new Promise((resolve) => {
      let proxy: TcpProxy;
      const server = createServer((client) => {
        proxy.accepted++;
        const upstream = new Socket();
        const pair: [Socket, Socket] = [client, upstream];
        proxy.pairs.add(pair);
        const end = (): void => {
          proxy.pairs.delete(pair);
          client.destroy();
          upstream.destroy();
        };
        client.on('error', end).on('close', end);
        upstream.on('error', end).on('close', end);
        upstream.connect(targetPort, targetHost, () => {
          client.pipe(upstream);
          upstream.pipe(client);
        });
      });
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        proxy = new TcpProxy(server, typeof address === 'object' && address ? address.port : 0);
        resolve(proxy);
      });
    });
  }

  /** `ws://127.0.0.1:<proxy port>`. */
  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Destroys every live connection (both directions) without a WebSocket close. */
  cutAll(): void {
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
