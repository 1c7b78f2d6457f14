import type { Jsep } from 'nestjs-janus';
import { WebSocketServer, type WebSocket } from 'ws';

/** A request as the fake server received it. */
export type FakeRequest = Record<string, unknown> & {
  janus: string;
  transaction?: string;
  session_id?: number;
  handle_id?: number;
};

/** What a plugin answers to one message (see {@link FakeJanus.answerPluginMessages}). */
export interface FakePluginAnswer {
  /** `plugindata.data`. */
  data: Record<string, unknown>;
  /** A JSEP sent along. */
  jsep?: Jsep;
  /** Answered with an `ack`, then an `event` (else at once with `success`). */
  async: boolean;
}

/** What a script answers to one request: frames to send (in order), or nothing. */
export type FakeScript = (request: FakeRequest, socket: FakeSocket) => void;

/** One client socket of the fake server, with helpers to answer like Janus. */
export class FakeSocket {
  constructor(readonly ws: WebSocket) {}
  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }
  /** Answers like Janus does for a core request that succeeds. */
  success(request: FakeRequest, extra: Record<string, unknown> = {}): void {
    this.send({ janus: 'success', transaction: request.transaction, session_id: request.session_id, ...extra });
  }
  ack(request: FakeRequest): void {
    this.send({ janus: 'ack', transaction: request.transaction, session_id: request.session_id });
  }
  /** Drops the TCP connection without a close frame. */
  drop(): void {
    this.ws.terminate();
  }
}

/**
 * A scripted stand-in for Janus, for faults a real Janus cannot produce on demand (never answering, garbage,
 * an ack with no final reply, a drop in the middle of a request). By default it answers like Janus 1.1.2 for
 * info/create/attach/detach/destroy/keepalive/claim; `script` overrides that per request.
 */
export class FakeJanus {
  readonly requests: FakeRequest[] = [];
  readonly sockets: FakeSocket[] = [];
  script?: FakeScript;
  /** Extra fields of the `server_info` reply (e.g. `'reclaim-session-timeout': 20`). */
  info: Record<string, unknown> = {};
  private nextId = 1000;
  private readonly waiters: Array<{
    kind: string;
    match?: (r: FakeRequest) => boolean;
    resolve: (r: FakeRequest) => void;
  }> = [];

  private constructor(
    private readonly server: WebSocketServer,
    readonly url: string,
  ) {
    server.on('connection', (ws) => {
      const socket = new FakeSocket(ws);
      this.sockets.push(socket);
      ws.on('message', (data) => {
        const request = JSON.parse(String(data)) as FakeRequest;
        this.requests.push(request);
        for (const w of this.waiters.filter((w) => w.kind === request.janus && (w.match?.(request) ?? true))) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(request);
        }
        if (this.script) this.script(request, socket);
        else this.answer(request, socket);
      });
    });
  }

  /** Starts on a free loopback port. `autoPong: false` makes it ignore WebSocket pings (a dead peer). */
  static start(opts: { autoPong?: boolean } = {}): Promise<FakeJanus> {
    return new Promise((resolve) => {
      const server = new WebSocketServer({
        host: '127.0.0.1',
        port: 0,
        autoPong: opts.autoPong ?? true,
        handleProtocols: (protocols) => (protocols.has('janus-protocol') ? 'janus-protocol' : false),
      });
      server.on('listening', () => {
        const address = server.address();
        const port = typeof address === 'object' && address ? address.port : 0;
        resolve(new FakeJanus(server, `ws://127.0.0.1:${port}`));
      });
    });
  }

  /** Resolves with the next request of this kind that arrives (and that `match` accepts, when given). */
  next(kind: string, match?: (request: FakeRequest) => boolean): Promise<FakeRequest> {
    return new Promise((resolve) => this.waiters.push({ kind, match, resolve }));
  }

  /**
   * Answers every plugin `message` as Janus does, with what `answerOf` says the plugin replies: a synchronous request
   * with a `success`, an asynchronous one with an `ack`, then an `event` (with the JSEP, if any). Other requests get
   * the default answers.
   */
  answerPluginMessages(
    plugin: string,
    answerOf: (body: Record<string, unknown>, request: FakeRequest) => FakePluginAnswer,
  ): void {
    this.script = (request, socket) => {
      if (request.janus !== 'message') return this.answer(request, socket);
      const { data, jsep, async } = answerOf(request.body as Record<string, unknown>, request);
      const reply = { sender: request.handle_id, plugindata: { plugin, data }, ...(jsep ? { jsep } : {}) };
      if (!async) return socket.success(request, reply);
      socket.ack(request);
      socket.send({ janus: 'event', transaction: request.transaction, session_id: request.session_id, ...reply });
    };
  }

  /** The last plugin `message` received; throws when there was none. */
  lastMessage(): FakeRequest {
    const message = this.requests.filter((r) => r.janus === 'message').at(-1);
    if (!message) throw new Error('no message sent');
    return message;
  }

  /** Default answers, as Janus 1.1.2 gives them. */
  answer(request: FakeRequest, socket: FakeSocket): void {
    switch (request.janus) {
      case 'info':
        socket.send({
          janus: 'server_info',
          transaction: request.transaction,
          name: 'Fake Janus',
          version: 1102,
          version_string: '1.1.2',
          author: 'test',
          plugins: {},
          transports: {},
          ...this.info,
        });
        break;
      case 'create':
      case 'attach':
        socket.success(request, { data: { id: ++this.nextId } });
        break;
      case 'keepalive':
        socket.ack(request);
        break;
      case 'trickle':
        socket.ack(request);
        break;
      default:
        socket.success(request);
    }
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.ws.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
