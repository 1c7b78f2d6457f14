import { createServer, Socket, type Server } from 'node:net';

/**
 * A loopback TCP proxy between a client and Janus, so a test can break the link the way networks do:
 * - `cutAll()`: drop the live connections (neither side closed them); new ones are still let through.
 * - `down()` / `up()`: a cut that lasts: live connections are dropped and new ones are dropped at once until `up()`.
 * - `blackhole()` / `resume()`: connections stay open but nothing is forwarded (bytes are held, as TCP holds what it
 *   cannot deliver), new connections are held too; `resume()` delivers what was held and forwards again.
 */
export class TcpProxy {
  private readonly pairs = new Set<[Socket, Socket]>();
  private isDown = false;
  private isHoled = false;
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
        if (proxy.isDown) {
          client.destroy();
          return;
        }
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
        // Forwarding by hand (not pipe()) so that pause() holds the bytes: pipe() resumes on its own.
        client.on('data', (chunk) => upstream.write(chunk));
        upstream.on('data', (chunk) => client.write(chunk));
        client.pause();
        upstream.connect(targetPort, targetHost, () => {
          if (!proxy.isHoled) client.resume();
        });
        if (proxy.isHoled) upstream.pause();
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

  /** Cuts every connection and refuses new ones until `up()`. */
  down(): void {
    this.isDown = true;
    this.cutAll();
  }

  /** Lets connections through again after `down()`. */
  up(): void {
    this.isDown = false;
  }

  /** Stops forwarding in both directions on every connection, live and new, until `resume()`. */
  blackhole(): void {
    this.isHoled = true;
    for (const [a, b] of this.pairs) {
      a.pause();
      b.pause();
    }
  }

  /** Delivers what was held and forwards again. */
  resume(): void {
    this.isHoled = false;
    for (const [a, b] of this.pairs) {
      a.resume();
      b.resume();
    }
  }

  async close(): Promise<void> {
    this.isDown = true;
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
