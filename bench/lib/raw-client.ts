import WebSocket from 'ws';

/** A message from Janus, as far as the raw client looks into it. */
export interface RawMessage {
  janus: string;
  transaction?: string;
  session_id?: number;
  sender?: number;
  data?: { id?: number };
  error?: { code: number; reason: string };
  plugindata?: { plugin: string; data: Record<string, unknown> };
}

interface Pending {
  resolve: (message: RawMessage) => void;
  reject: (error: Error) => void;
  /** Keepalives (and trickles) end on their `ack`; everything else on its final reply. */
  ackResolves: boolean;
}

/**
 * The physical limit of the transport: one `ws` socket and one Map of pending transactions, nothing else (no
 * timeouts, no session or handle objects, no keepalives, no reconnects). Frames without a pending transaction go
 * to `onEvent`.
 */
export class RawJanusClient {
  private readonly pending = new Map<string, Pending>();
  private seq = 0;
  /** Every frame that is not a reply to a pending request. */
  onEvent?: (message: RawMessage) => void;

  private constructor(
    readonly ws: WebSocket,
    private readonly apiSecret: string | undefined,
  ) {
    ws.on('message', (data: Buffer) => this.onMessage(data.toString()));
  }

  static connect(url: string, apiSecret?: string): Promise<RawJanusClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, 'janus-protocol');
      ws.once('open', () => resolve(new RawJanusClient(ws, apiSecret)));
      ws.once('error', reject);
    });
  }

  /** Sends one request; resolves with its final reply (or its `ack` when `ackResolves`), rejects on `error`. */
  request(body: Record<string, unknown>, ackResolves = false): Promise<RawMessage> {
    const transaction = (++this.seq).toString(36);
    body.transaction = transaction;
    if (this.apiSecret !== undefined) body.apisecret = this.apiSecret;
    return new Promise((resolve, reject) => {
      this.pending.set(transaction, { resolve, reject, ackResolves });
      this.ws.send(JSON.stringify(body));
    });
  }

  private onMessage(frame: string): void {
    const message = JSON.parse(frame) as RawMessage;
    const transaction = message.transaction;
    if (transaction !== undefined) {
      const pending = this.pending.get(transaction);
      if (pending) {
        if (message.janus === 'ack' && !pending.ackResolves) return;
        this.pending.delete(transaction);
        if (message.janus === 'error') pending.reject(new Error(message.error?.reason ?? 'Janus error'));
        else pending.resolve(message);
        return;
      }
      if (message.janus === 'ack') return;
    }
    this.onEvent?.(message);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}
