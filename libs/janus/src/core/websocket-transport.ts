import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import WebSocket, { type ClientOptions } from 'ws';

/** What the owner of a transport hears from it. */
export interface TransportListener {
  /** One text frame from Janus (not parsed yet). */
  onFrame(frame: string): void;
  /** The socket closed, for whatever reason; called once, not after `close()`/`terminate()` by the owner. */
  onClose(reason: string): void;
}

export interface TransportOpenOptions {
  url: string;
  /** `janus-protocol` or `janus-admin-protocol`. */
  protocol: string;
  /** Fail the open after this long. */
  timeoutMs: number;
  /** Ping period (0: no pings) and pong deadline. */
  ping: { intervalMs: number; timeoutMs: number };
  wsOptions?: ClientOptions;
}

/**
 * One WebSocket to Janus: opens with the Janus subprotocol, detects a dead peer with ping/pong, reports each
 * text frame and a single close. Knows nothing of the Janus API.
 *
 * Frames sent in one turn of the event loop leave together: the first send of a turn corks the TCP socket and the
 * socket is uncorked by `setImmediate`, once the turn's I/O callbacks have run. A burst of requests from many
 * clients then costs one write (one system call, one wake-up of Janus) instead of one per request; a request
 * waits at most for the rest of its turn (on an idle loop, the end of the callback that sent it).
 */
export class WebSocketTransport {
  private closedByOwner = false;
  private closeReported = false;
  private pingTimer?: NodeJS.Timeout;
  private pongTimer?: NodeJS.Timeout;
  private readonly uncork = (): void => this.socket?.uncork();

  private constructor(
    private readonly ws: WebSocket,
    readonly url: string,
    private readonly listener: TransportListener,
    ping: { intervalMs: number; timeoutMs: number },
    /** The TCP (or TLS) socket under the WebSocket, from the upgrade response. */
    private readonly socket: Socket | undefined,
  ) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      listener.onFrame(isBinary ? data.toString('utf8') : data.toString());
    });
    ws.on('close', (code: number, reason: Buffer) => {
      this.reportClose(`socket closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`);
    });
    ws.on('error', (err: Error) => {
      // 'close' follows an error; remember the cause for that report.
      this.lastError = err.message;
    });
    if (ping.intervalMs > 0) this.startPing(ping.intervalMs, ping.timeoutMs);
  }

  private lastError?: string;

  /** Opens a WebSocket and resolves once it is open; rejects with the socket's error or on timeout. */
  static open(opts: TransportOpenOptions, listener: TransportListener): Promise<WebSocketTransport> {
    return new Promise((resolve, reject) => {
      let ws: WebSocket;
      try {
        ws = new WebSocket(opts.url, opts.protocol, { ...opts.wsOptions, handshakeTimeout: opts.timeoutMs });
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      const timer = setTimeout(() => fail(new Error(`no WebSocket open within ${opts.timeoutMs} ms`)), opts.timeoutMs);
      const fail = (err: Error): void => {
        clearTimeout(timer);
        ws.removeAllListeners();
        ws.on('error', () => undefined);
        ws.terminate();
        reject(err);
      };
      let socket: Socket | undefined;
      ws.once('upgrade', (response: IncomingMessage) => {
        socket = response.socket;
      });
      ws.once('error', fail);
      ws.once('close', (code: number) => fail(new Error(`socket closed during open (${code})`)));
      ws.once('open', () => {
        clearTimeout(timer);
        ws.removeAllListeners();
        if (ws.protocol !== opts.protocol) {
          ws.on('error', () => undefined);
          ws.terminate();
          reject(new Error(`server did not accept subprotocol ${opts.protocol}`));
          return;
        }
        resolve(new WebSocketTransport(ws, opts.url, listener, opts.ping, socket));
      });
    });
  }

  /** True while frames can be sent. */
  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends one text frame (written with the turn's other frames, see the class); false when the socket is not open. */
  send(frame: string): boolean {
    if (this.ws.readyState !== WebSocket.OPEN) return false;
    // Corked by this class only (ws corks and uncorks around each frame it writes, within the same call).
    if (this.socket?.writableCorked === 0) {
      this.socket.cork();
      setImmediate(this.uncork);
    }
    this.ws.send(frame);
    return true;
  }

  /** Closes gracefully (close handshake, then terminate after 1 s). The listener hears no `onClose`. */
  close(): Promise<void> {
    this.closedByOwner = true;
    this.stopPing();
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const force = setTimeout(() => this.ws.terminate(), 1000);
      this.ws.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
      else this.ws.close(1000, 'bye');
    });
  }

  /** Drops the socket at once; the listener hears `onClose(reason)` unless the owner closed it. */
  terminate(reason: string): void {
    this.lastError = reason;
    this.stopPing();
    this.ws.terminate();
    this.reportClose(reason);
  }

  private reportClose(defaultReason: string): void {
    this.stopPing();
    if (this.closeReported || this.closedByOwner) return;
    this.closeReported = true;
    this.listener.onClose(this.lastError ?? defaultReason);
  }

  private startPing(intervalMs: number, timeoutMs: number): void {
    this.ws.on('pong', () => {
      if (this.pongTimer) {
        clearTimeout(this.pongTimer);
        this.pongTimer = undefined;
      }
    });
    this.pingTimer = setInterval(() => {
      if (this.pongTimer || this.ws.readyState !== WebSocket.OPEN) return;
      this.pongTimer = setTimeout(() => this.terminate(`no pong within ${timeoutMs} ms`), timeoutMs);
      this.ws.ping();
    }, intervalMs);
    this.pingTimer.unref();
  }

  private stopPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.pongTimer) clearTimeout(this.pongTimer);
    this.pingTimer = this.pongTimer = undefined;
  }
}
