import { BehaviorSubject, type Observable } from 'rxjs';
import { JanusAdminClient } from '../admin/admin-client.js';
import {
  JanusConnectError,
  JanusConnectionClosedError,
  JanusInvalidRequestError,
  JanusRequestError,
  JanusUnauthorizedError,
  type JanusError,
} from '../errors/janus.errors.js';
import type { JanusConnectionOptions, JanusServerOptions } from '../interfaces/connection-options.interface.js';
import type {
  JanusEventMessage,
  JanusHandleCoreMessage,
  JanusId,
  JanusMessageBase,
  JanusPluginEventMessage,
  JanusServerInfo,
  JanusSuccessMessage,
  JanusUnknownMessage,
} from '../interfaces/protocol.interface.js';
import { requireId, type JanusHandle, type JanusRequestOptions } from './handle.js';
import { EventStream } from './event-stream.js';
import { createLogSink, type LogSink } from './logger.js';
import { backoffDelay, resolveConnectionOptions, type ResolvedConnectionOptions } from './options.js';
import { JanusSession } from './session.js';
import { LATE_KINDS } from './session-host.js';
import { TransactionTable, type RequestObserver, type RequestOwner } from './transactions.js';
import { WebSocketTransport } from './websocket-transport.js';

/** Lifecycle of a connection: `connecting` → `connected` ⇄ `reconnecting` → `closed`. */
export type JanusConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** Hooks for metrics; every one is optional and costs nothing when absent. */
export interface JanusConnectionObserver {
  /** A request ended: its Janus kind, outcome and duration. */
  onRequest?: RequestObserver;
  /** An asynchronous message arrived (its `janus` kind). */
  onEvent?(kind: string): void;
  /** A reconnect succeeded. */
  onReconnect?(): void;
  /** A session was created or ended (`delta` +1 / -1); handles are counted by `connection.handleCount`. */
  onSessions?(delta: number): void;
}

/**
 * An escape in `JSON.stringify` output that Janus's JSON parser refuses: `\u0000` (a NUL character) or `\udXXX`
 * (`JSON.stringify` escapes only lone surrogates; a valid pair is written as is). Preceded by an even number of
 * backslashes, so an escaped backslash followed by the letters `u0000` does not count.
 */
const UNPARSEABLE_ESCAPE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f])/;

/**
 * Teardown the application asked for while Janus could not be told (the link was down, or the request timed out):
 * carried out once Janus answers again, so nothing the application ended lives on in Janus.
 */
interface PendingTeardown {
  /** Destroy the session. */
  destroy: boolean;
  /** Detach these handles (of a session that stays). */
  readonly handles: Set<JanusId>;
}

const EVENT_KINDS = new Set([
  'event',
  'webrtcup',
  'media',
  'slowlink',
  'hangup',
  'ice-failed',
  'detached',
  'trickle',
  'timeout',
]);
const REPLY_KINDS = new Set(['success', 'error', 'ack', 'server_info']);

let connectionSeq = 0;

/**
 * A connection to Janus over WebSocket: fails over between servers at connect, reconnects after a drop and
 * claims its sessions back, keeps sessions alive, and routes every message in O(1).
 *
 * ```ts
 * const janus = await JanusConnection.connect({ servers: [{ url: 'ws://127.0.0.1:8188' }] });
 * const session = await janus.createSession();
 * ```
 */
export class JanusConnection {
  /** @internal */
  readonly log: LogSink;
  private readonly options: ResolvedConnectionOptions;
  private readonly stateSubject = new BehaviorSubject<JanusConnectionState>('connecting');
  private readonly eventSubject = new EventStream<JanusEventMessage>();
  private readonly sessions = new Map<JanusId, JanusSession>();
  /** The live handles of those sessions, by id (Janus handle ids are unique across sessions). */
  private readonly handles = new Map<JanusId, JanusHandle<unknown>>();
  private readonly tx: TransactionTable;
  private transport?: WebSocketTransport;
  private serverIndex = 0;
  private info_?: JanusServerInfo;
  private admin_?: JanusAdminClient;
  private startPromise?: Promise<this>;
  private closePromise?: Promise<void>;
  private keepaliveTimer?: NodeJS.Timeout;
  /** The keepalive period in force (the configured one, shortened to what the server's timeouts need). */
  private keepaliveMs: number;
  /** The server's `reclaim_session_timeout` in ms (0: sessions die with their transport); from `info`. */
  private reclaimMs = 0;
  private warnedNoReclaim = false;
  /** Sessions and handles ended by the application that Janus has not been told about yet, by session id. */
  private readonly teardown = new Map<JanusId, PendingTeardown>();
  /** Sessions of other connections being claimed to be destroyed (`claimAndDestroySession`). */
  private readonly claimedForDestroy = new Set<JanusId>();
  private teardownRunning = false;
  private reconnecting = false;
  private lastError_?: string;
  private wake?: () => void;
  private observer?: JanusConnectionObserver;

  /** Current state and every change after it (distinct values; replays the current one). */
  readonly state$: Observable<JanusConnectionState> = this.stateSubject.asObservable();
  /** Every message from Janus that is not a reply to a request. */
  readonly events$: Observable<JanusEventMessage> = this.eventSubject.observable;

  /** Validates the options (throws `JanusInvalidOptionsError` naming the field); does not connect yet. */
  constructor(options: JanusConnectionOptions) {
    this.options = resolveConnectionOptions(options);
    this.log = createLogSink(this.options.logger, this.options.logLevel);
    this.tx = new TransactionTable(`${(++connectionSeq).toString(36)}-`);
    this.keepaliveMs = this.options.keepaliveIntervalMs;
  }

  /** Connects to the first server that answers `info` and resolves with the live connection. */
  static connect(options: JanusConnectionOptions): Promise<JanusConnection> {
    return new JanusConnection(options).start();
  }

  /**
   * Connects (servers in order, with backoff, until one answers or `connectTimeoutMs` passes). Idempotent.
   * Rejects with `JanusConnectError` listing each server's last error.
   */
  start(): Promise<this> {
    this.startPromise ??= this.connectInitially();
    return this.startPromise;
  }

  /** The current state. */
  get state(): JanusConnectionState {
    return this.stateSubject.value;
  }

  /** The `server_info` of the server currently connected (from the last connect). */
  get serverInfo(): JanusServerInfo | undefined {
    return this.info_;
  }

  /** URL of the server currently connected. */
  get serverUrl(): string | undefined {
    return this.transport?.url;
  }

  /** Live sessions owned by this connection. */
  get sessionCount(): number {
    return this.sessions.size;
  }

  /** The ids of the live sessions owned by this connection (a copy). */
  get sessionIds(): JanusId[] {
    return [...this.sessions.keys()];
  }

  /** Live handles of the live sessions (counted on demand: O(sessions), for metrics scrapes). */
  get handleCount(): number {
    let count = 0;
    for (const session of this.sessions.values()) count += session.handles.size;
    return count;
  }

  /** Requests waiting for a reply. */
  get pendingRequestCount(): number {
    return this.tx.size;
  }

  /**
   * Why the last connect or reconnect attempt failed (`<url>: <reason>`), while the connection is not connected;
   * undefined once connected. Health checks show it.
   */
  get lastError(): string | undefined {
    return this.state === 'connected' ? undefined : this.lastError_;
  }

  /** The keepalive period in force: `keepaliveIntervalMs`, shortened at connect to what the server's timeouts need. */
  get keepaliveIntervalMs(): number {
    return this.keepaliveMs;
  }

  /**
   * The longest outage of the link to Janus that loses no session: the server's `reclaim_session_timeout` minus the
   * margin (a keepalive period, the longest pause between reconnect attempts, and a second to reconnect and
   * claim). 0 when the server keeps no session after its transport closes (`reclaim_session_timeout = 0`) or
   * before the first connect.
   */
  get claimableOutageMs(): number {
    if (this.reclaimMs <= 0 || this.keepaliveMs === 0) return 0;
    return Math.max(0, this.reclaimMs - this.keepaliveMs - this.reconnectPauseCapMs() - 1000);
  }

  /**
   * Sessions and handles the application ended while Janus could not be told; they are destroyed (detached) on
   * Janus as soon as it answers again.
   */
  get pendingTeardownCount(): number {
    let count = 0;
    for (const entry of this.teardown.values()) count += entry.destroy ? 1 : entry.handles.size;
    return count;
  }

  /** The Admin API client (when `admin` is configured). */
  get admin(): JanusAdminClient | undefined {
    if (!this.admin_ && this.options.admin && this.state !== 'closed') {
      const { url, secret, requestTimeoutMs } = this.options.admin;
      this.admin_ = new JanusAdminClient({
        url,
        secret,
        requestTimeoutMs,
        logger: this.log,
        wsOptions: this.options.wsOptions,
      });
    }
    return this.admin_;
  }

  /** Installs metrics hooks (the Nest layer's metrics use this). */
  setObserver(observer: JanusConnectionObserver | undefined): void {
    this.observer = observer;
    this.tx.observer = observer?.onRequest;
  }

  /** Asks Janus for its `server_info`. */
  info(options?: JanusRequestOptions): Promise<JanusServerInfo> {
    return this.request<JanusServerInfo>('info', { janus: 'info' }, options?.timeoutMs);
  }

  /** Creates a Janus session, kept alive by this connection until destroyed. */
  async createSession(options?: JanusRequestOptions): Promise<JanusSession> {
    const reply = await this.request<JanusSuccessMessage>('create', { janus: 'create' }, options?.timeoutMs);
    const session = new JanusSession(this, requireId(reply, 'create'));
    this.sessions.set(session.id, session);
    this.observer?.onSessions?.(1);
    return session;
  }

  /**
   * Ends a session that another connection created and can no longer end itself (its process died, or is cut off):
   * claims it on this connection (Janus moves a session to the transport that claims it), then destroys it, with its
   * handles. Resolves `true` once Janus destroyed it, `false` when Janus did not know the session (it is gone already).
   * A session of this connection's own is simply destroyed. Rejects like any request when Janus refuses (its code in
   * `JanusRequestError`) or is unreachable (`JanusConnectionClosedError`, `JanusTimeoutError`).
   */
  async claimAndDestroySession(sessionId: JanusId, options?: JanusRequestOptions): Promise<boolean> {
    const own = this.sessions.get(sessionId);
    if (own) {
      await own.destroy(options);
      return true;
    }
    // Between the claim and the destroy, Janus sends the session's events here: they are dropped without a warning.
    this.claimedForDestroy.add(sessionId);
    try {
      await this.request('claim', { janus: 'claim', session_id: sessionId }, options?.timeoutMs);
      await this.request('destroy', { janus: 'destroy', session_id: sessionId }, options?.timeoutMs);
      return true;
    } catch (err) {
      if (err instanceof JanusRequestError && err.sessionNotFound) return false;
      throw err;
    } finally {
      this.claimedForDestroy.delete(sessionId);
    }
  }

  /** Destroys the sessions this connection owns on Janus, then closes the socket. Idempotent. */
  close(): Promise<void> {
    this.closePromise ??= this.shutdown();
    return this.closePromise;
  }

  /** @internal Sends one request and resolves with its final reply (or its `ack` when `ackResolves`). */
  request<T>(
    kind: string,
    payload: Record<string, unknown>,
    timeoutMs = this.options.requestTimeoutMs,
    session?: RequestOwner,
    handle?: RequestOwner,
    ackResolves?: boolean,
  ): Promise<T> {
    if (this.closePromise) return Promise.reject(new JanusConnectionClosedError('connection closed', kind));
    return this.send<T>(kind, payload, timeoutMs, session, handle, ackResolves);
  }

  private send<T>(
    kind: string,
    payload: Record<string, unknown>,
    timeoutMs = this.options.requestTimeoutMs,
    session?: RequestOwner,
    handle?: RequestOwner,
    ackResolves?: boolean,
  ): Promise<T> {
    const transport = this.transport;
    if (!transport) {
      return Promise.reject(new JanusConnectionClosedError(`not connected to Janus (${this.state})`, kind));
    }
    const server = this.options.servers[this.serverIndex];
    return this.tx.start<T & JanusMessageBase>(kind, { timeoutMs, ackResolves, session, handle }, (transaction) => {
      payload.transaction = transaction;
      if (server.apiSecret !== undefined) payload.apisecret = server.apiSecret;
      if (server.token !== undefined) payload.token = server.token;
      const frame = JSON.stringify(payload);
      if (frame.includes('\\u') && UNPARSEABLE_ESCAPE.test(frame)) {
        throw new JanusInvalidRequestError(
          'a string in the request holds a NUL character or a lone UTF-16 surrogate, which Janus cannot parse',
          kind,
        );
      }
      if (this.log.verboseEnabled) this.log.verbose(`> ${frame}`);
      if (!transport.send(frame)) throw new JanusConnectionClosedError('socket not open', kind);
    });
  }

  /** @internal */
  rejectOwned(owner: RequestOwner, makeError: (request: string) => JanusError): void {
    this.tx.rejectOwned(owner, makeError);
  }

  /** @internal */
  forgetSession(session: JanusSession): void {
    if (this.sessions.delete(session.id)) this.observer?.onSessions?.(-1);
  }

  /** @internal Janus could not be told to destroy this session: tell it once it answers again. */
  deferDestroy(sessionId: JanusId): boolean {
    if (this.closePromise || this.state === 'closed') return false;
    const entry = this.teardown.get(sessionId);
    if (entry) entry.destroy = true;
    else this.teardown.set(sessionId, { destroy: true, handles: new Set() });
    this.log.debug(`session ${sessionId} will be destroyed on Janus once it answers again`);
    return true;
  }

  /** @internal Janus could not be told to detach this handle: tell it once it answers again. */
  deferDetach(sessionId: JanusId, handleId: JanusId): boolean {
    if (this.closePromise || this.state === 'closed') return false;
    let entry = this.teardown.get(sessionId);
    if (!entry) this.teardown.set(sessionId, (entry = { destroy: false, handles: new Set() }));
    entry.handles.add(handleId);
    return true;
  }

  /** @internal */
  trackHandle(handle: JanusHandle<unknown>): void {
    this.handles.set(handle.id, handle);
  }

  /** @internal */
  forgetHandle(handle: JanusHandle<unknown>): void {
    if (this.handles.get(handle.id) === handle) this.handles.delete(handle.id);
  }

  // ---- incoming frames ------------------------------------------------------------------------------------

  private onFrame(frame: string): void {
    let message: JanusMessageBase;
    try {
      message = JSON.parse(frame) as JanusMessageBase;
    } catch {
      this.log.warnLimited('bad-json', `ignored a frame from Janus that is not JSON: ${frame.slice(0, 120)}`);
      return;
    }
    if (typeof message !== 'object' || message === null || typeof message.janus !== 'string') {
      this.log.warnLimited('bad-frame', `ignored a frame from Janus without a "janus" kind: ${frame.slice(0, 120)}`);
      return;
    }
    if (this.log.verboseEnabled) this.log.verbose(`< ${frame}`);
    const transaction = message.transaction;
    if (typeof transaction === 'string' && this.tx.settle(transaction, message)) return;
    const kind = message.janus;
    // `event` first: nearly every asynchronous message is one, and a string compare is cheaper than a Set lookup.
    if (kind !== 'event' && !EVENT_KINDS.has(kind)) {
      if (REPLY_KINDS.has(kind)) {
        this.log.warnLimited(
          'unexpected-frame',
          `ignored a "${kind}" for unknown transaction ${String(transaction)} from Janus`,
        );
        return;
      }
      // A kind this version does not know (a newer Janus): to the handle or session it names, as Janus sent it.
      if (this.log.debugEnabled) this.log.debug(`unknown message kind "${kind}" from Janus: ${frame.slice(0, 120)}`);
      const unknown = message as JanusUnknownMessage;
      // The session routes it on to the handle it names (a rare path: one more lookup is fine).
      if (unknown.session_id !== undefined) this.sessions.get(unknown.session_id)?.dispatchUnknown(unknown);
      return;
    }
    this.observer?.onEvent?.(kind);
    this.eventSubject.next(message as JanusEventMessage);
    const sessionId = message.session_id;
    // A handle's message (nearly all of them) goes straight to its handle: one lookup instead of two.
    const sender = (message as { sender?: JanusId }).sender;
    const handle = sender === undefined ? undefined : this.handles.get(sender);
    if (handle !== undefined && handle.session.id === sessionId) {
      handle.session.dispatchToHandle(handle, message as JanusPluginEventMessage | JanusHandleCoreMessage);
      return;
    }
    const session = sessionId === undefined ? undefined : this.sessions.get(sessionId);
    if (session) session.dispatch(message as JanusEventMessage);
    else if (!LATE_KINDS.has(kind) && (sessionId === undefined || !this.claimedForDestroy.has(sessionId))) {
      this.log.warnLimited('unknown-session', `ignored "${kind}" from Janus for unknown session ${String(sessionId)}`);
    }
  }

  // ---- connecting and reconnecting ------------------------------------------------------------------------

  private setState(state: JanusConnectionState): void {
    if (this.stateSubject.value === state) return;
    this.log.log(`connection ${state}${this.transport && state === 'connected' ? ` to ${this.transport.url}` : ''}`);
    this.stateSubject.next(state);
  }

  private async connectInitially(): Promise<this> {
    const deadline = Date.now() + this.options.connectTimeoutMs;
    const lastErrors = new Map<string, string>();
    const { servers, reconnect } = this.options;
    for (let attempt = 0; ; attempt++) {
      const refused = new Set<number>();
      for (let i = 0; i < servers.length; i++) {
        if (this.closePromise) throw new JanusConnectionClosedError('connection closed during connect', 'connect');
        const left = deadline - Date.now();
        if (left <= 0) break;
        try {
          await this.openServer(i, left);
          this.lastError_ = undefined;
          this.setState('connected');
          this.startKeepalives();
          return this;
        } catch (err) {
          const reason = errorMessage(err);
          if (err instanceof JanusUnauthorizedError) refused.add(i);
          lastErrors.set(servers[i].url, reason);
          this.lastError_ = `${servers[i].url}: ${reason}`;
          this.log.warn(`cannot connect to ${servers[i].url}: ${reason}`);
        }
      }
      // Every server answered and refused the credentials: waiting will not change that.
      if (refused.size === servers.length) {
        const attempts = [...lastErrors].map(([url, error]) => ({ url, error }));
        const error = new JanusConnectError(
          `Janus refused the credentials: ${attempts.map((a) => `${a.url}: ${a.error}`).join('; ')}`,
          attempts,
          true,
        );
        this.log.error(error.message);
        throw error;
      }
      const pause = Math.min(
        backoffDelay(attempt, reconnect.initialDelayMs, reconnect.maxDelayMs),
        deadline - Date.now(),
      );
      if (pause <= 0 || this.closePromise) break;
      await this.sleep(pause);
    }
    const attempts = [...lastErrors].map(([url, error]) => ({ url, error }));
    const error = new JanusConnectError(
      `no Janus server answered within ${this.options.connectTimeoutMs} ms: ` +
        `${attempts.map((a) => `${a.url}: ${a.error}`).join('; ')}. Check that Janus runs and serves its WebSocket ` +
        'API at that URL (janus.transport.websockets.jcfg: ws = true, ws_port, ws_ip), or raise connectTimeoutMs to ' +
        'wait longer.',
      attempts,
    );
    this.log.error(error.message);
    throw error;
  }

  /** Opens a socket to server `index` and checks it answers `info`; it becomes the current transport. */
  private async openServer(index: number, timeoutMs: number): Promise<void> {
    const server: JanusServerOptions = this.options.servers[index];
    const transport: WebSocketTransport = await WebSocketTransport.open(
      {
        url: server.url,
        protocol: 'janus-protocol',
        timeoutMs: Math.min(timeoutMs, this.options.requestTimeoutMs),
        ping: this.options.ping,
        wsOptions: this.options.wsOptions,
      },
      {
        onFrame: (frame) => this.onFrame(frame),
        onClose: (reason) => this.onTransportClose(transport, reason),
      },
    );
    this.transport = transport;
    this.serverIndex = index;
    try {
      const requestTimeoutMs = Math.min(timeoutMs, this.options.requestTimeoutMs);
      this.info_ = await this.info({ timeoutMs: requestTimeoutMs });
      await this.probeCredentials(index, requestTimeoutMs);
    } catch (err) {
      if (this.transport === transport) this.transport = undefined;
      await transport.close();
      throw err;
    }
    this.applyServerTimeouts(this.info_);
  }

  /**
   * Creates a session and destroys it at once: Janus answers `info` without looking at credentials, so this is
   * what shows a wrong `apiSecret` or `token` at connect rather than at the application's first request.
   */
  private async probeCredentials(index: number, timeoutMs: number): Promise<void> {
    let reply: JanusSuccessMessage;
    try {
      reply = await this.send<JanusSuccessMessage>('create', { janus: 'create' }, timeoutMs);
    } catch (err) {
      if (err instanceof JanusRequestError && err.janusCode === 403) {
        const server = this.options.servers[index];
        const check =
          server.token !== undefined
            ? `check servers[${index}].token against the tokens Janus stores (token_auth, Admin API add_token)`
            : server.apiSecret !== undefined
              ? `check servers[${index}].apiSecret against api_secret in janus.jcfg`
              : `servers[${index}] has no apiSecret or token, and Janus asks for one (api_secret or token_auth in janus.jcfg)`;
        throw new JanusUnauthorizedError(
          server.url,
          `Janus refused the credentials (${err.janusCode} ${err.reason}): ${check}`,
        );
      }
      throw err;
    }
    await this.send('destroy', { janus: 'destroy', session_id: requireId(reply, 'create') }, timeoutMs).catch(
      () => undefined,
    );
  }

  /**
   * Fits the keepalive period to the server: Janus destroys a session once `now - last request` reaches
   * `session_timeout`, or `reclaim_session_timeout` when its transport is gone. A session's last request is at
   * most one keepalive period old, so a period of a quarter of the reclaim timeout leaves most of it for the outage.
   */
  private applyServerTimeouts(info: JanusServerInfo): void {
    const sessionTimeoutMs = secondsToMs(info['session-timeout']);
    const reclaimMs = secondsToMs(info['reclaim-session-timeout']);
    let period = this.options.keepaliveIntervalMs;
    if (sessionTimeoutMs > 0) period = Math.min(period, sessionTimeoutMs / 3);
    if (reclaimMs > 0) period = Math.min(period, reclaimMs / 4);
    this.reclaimMs = reclaimMs;
    if (period === 0) return; // keepalives are off
    if (info['reclaim-session-timeout'] === 0 && !this.warnedNoReclaim) {
      this.warnedNoReclaim = true;
      this.log.warn(
        `Janus at ${this.transport?.url ?? '?'} has reclaim_session_timeout = 0: every session dies the moment the ` +
          'link to Janus drops and none can be claimed after a reconnect. Set reclaim_session_timeout (seconds, ' +
          'e.g. 20) in the general section of janus.jcfg.',
      );
    }
    period = Math.max(100, Math.floor(period));
    if (period !== this.keepaliveMs) {
      this.keepaliveMs = period;
      if (this.keepaliveTimer) {
        this.stopKeepalives();
        this.startKeepalives();
      }
    }
  }

  /**
   * The longest pause between reconnect attempts: `reconnect.maxDelayMs`, and at most a tenth of the reclaim timeout
   * while there are sessions to claim (a long pause would let Janus drop them).
   */
  private reconnectPauseCapMs(): number {
    const { initialDelayMs, maxDelayMs } = this.options.reconnect;
    if (this.reclaimMs <= 0) return maxDelayMs;
    return Math.min(maxDelayMs, Math.max(initialDelayMs, Math.floor(this.reclaimMs / 10)));
  }

  private onTransportClose(transport: WebSocketTransport, reason: string): void {
    if (transport !== this.transport) return;
    this.transport = undefined;
    this.tx.rejectAll((request) => new JanusConnectionClosedError(`connection to Janus lost: ${reason}`, request));
    if (this.closePromise || this.state !== 'connected') return;
    this.log.warn(`connection to ${transport.url} lost: ${reason}`);
    if (!this.options.reconnect.enabled) {
      this.giveUp(`connection to Janus lost (${reason}) and reconnect is disabled`);
      return;
    }
    this.setState('reconnecting');
    if (!this.reconnecting) void this.reconnectLoop();
  }

  private async reconnectLoop(): Promise<void> {
    this.reconnecting = true;
    const { servers, reconnect } = this.options;
    try {
      for (let attempt = 0; attempt < reconnect.maxAttempts; attempt++) {
        const cap =
          this.sessions.size > 0 || this.teardown.size > 0 ? this.reconnectPauseCapMs() : reconnect.maxDelayMs;
        await this.sleep(backoffDelay(attempt, Math.min(reconnect.initialDelayMs, cap), cap));
        if (this.closePromise) return;
        // The server we were on first: only there can sessions be claimed.
        const index = (this.serverIndex + attempt) % servers.length;
        try {
          // An attempt into a link that swallows everything must not outlast the sessions it wants to claim.
          await this.openServer(index, Math.min(this.options.requestTimeoutMs, Math.max(2000, 2 * cap)));
        } catch (err) {
          this.lastError_ = `${servers[index].url}: ${errorMessage(err)}`;
          this.log.warn(`reconnect attempt ${attempt + 1} to ${servers[index].url} failed: ${errorMessage(err)}`);
          continue;
        }
        const transport = this.transport;
        await this.claimSessions();
        if (this.closePromise) return;
        if (transport && this.transport === transport && transport.isOpen) {
          this.setState('connected');
          this.observer?.onReconnect?.();
          void this.runTeardown();
          return;
        }
      }
      this.giveUp(`gave up reconnecting after ${reconnect.maxAttempts} attempts`);
    } finally {
      this.reconnecting = false;
    }
  }

  /** After a reconnect, claims every live session; those Janus no longer knows end with reason `lost`. */
  private async claimSessions(): Promise<void> {
    await Promise.all(
      [...this.sessions.values()].map(async (session) => {
        try {
          await this.request('claim', { janus: 'claim', session_id: session.id }, undefined, session);
          session.active = true;
        } catch (err) {
          if (err instanceof JanusRequestError) {
            this.log.warn(`session ${session.id} could not be claimed after reconnect: ${err.reason}`);
            session.closeLocally({ reason: 'lost', message: `session lost after reconnect: ${err.reason}` });
          }
          // Other errors (the socket dropped again): the reconnect loop goes on and claims again.
        }
      }),
    );
  }

  /**
   * Carries out the teardown Janus could not be told about: claims each such session (it belonged to the transport
   * that dropped) and destroys it, or detaches the handles. What fails for want of a link stays queued; what Janus no
   * longer knows is done.
   */
  private async runTeardown(): Promise<void> {
    if (this.teardownRunning || this.teardown.size === 0) return;
    this.teardownRunning = true;
    try {
      await Promise.all(
        [...this.teardown].map(async ([sessionId, entry]) => {
          try {
            const live = this.sessions.has(sessionId);
            if (entry.destroy) {
              if (!live) await this.send('claim', { janus: 'claim', session_id: sessionId });
              await this.send('destroy', { janus: 'destroy', session_id: sessionId });
            } else {
              for (const handleId of entry.handles) {
                await this.send('detach', { janus: 'detach', session_id: sessionId, handle_id: handleId }).catch(
                  (err: unknown) => {
                    if (!(err instanceof JanusRequestError)) throw err;
                  },
                );
                entry.handles.delete(handleId);
              }
            }
            this.teardown.delete(sessionId);
          } catch (err) {
            // Janus no longer knows the session (it timed it out): nothing is left to end.
            if (err instanceof JanusRequestError) this.teardown.delete(sessionId);
            else this.log.debug(`teardown of session ${sessionId} waits for Janus: ${errorMessage(err)}`);
          }
        }),
      );
    } finally {
      this.teardownRunning = false;
    }
  }

  private giveUp(message: string): void {
    this.log.error(message);
    this.teardown.clear();
    for (const session of this.sessions.values()) session.closeLocally({ reason: 'connection-closed', message });
    this.stopKeepalives();
    this.setState('closed');
    this.eventSubject.complete();
  }

  /** Waits `ms`, or less if `close()` wakes the sleeper. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  // ---- keepalives -----------------------------------------------------------------------------------------

  /**
   * One timer for all sessions: each tick (half the keepalive interval) sends a keepalive for every session that
   * sent nothing since the previous tick, so an idle session is refreshed about once per interval.
   */
  private startKeepalives(): void {
    if (this.keepaliveTimer || this.keepaliveMs === 0) return;
    this.keepaliveTimer = setInterval(() => this.keepaliveTick(), Math.max(50, this.keepaliveMs / 2));
    this.keepaliveTimer.unref();
  }

  private stopKeepalives(): void {
    if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = undefined;
  }

  private keepaliveTick(): void {
    if (this.state !== 'connected') return;
    if (this.teardown.size > 0) void this.runTeardown();
    for (const session of this.sessions.values()) {
      if (session.active) {
        session.active = false;
        continue;
      }
      session.keepalive().catch((err: unknown) => {
        if (err instanceof JanusRequestError && err.sessionNotFound) {
          session.closeLocally({ reason: 'lost', message: 'Janus no longer knows this session' });
        } else if (!(err instanceof JanusConnectionClosedError)) {
          this.log.warnLimited('keepalive', `keepalive for session ${session.id} failed: ${errorMessage(err)}`);
        }
      });
    }
  }

  // ---- closing --------------------------------------------------------------------------------------------

  /**
   * Destroys every session (also those whose teardown waits for Janus), waiting at most `closeTimeoutMs` for Janus
   * to confirm; the sessions it did not confirm are named in a warning (Janus ends them on its own timeout).
   */
  private async shutdown(): Promise<void> {
    this.stopKeepalives();
    this.wake?.();
    const transport = this.transport;
    const toDestroy = new Set<JanusId>(this.sessions.keys());
    for (const [id, entry] of this.teardown) if (entry.destroy) toDestroy.add(id);
    this.teardown.clear();
    const left: JanusId[] = [];
    if (transport?.isOpen && this.state === 'connected') {
      const timeoutMs = this.options.closeTimeoutMs;
      await Promise.all(
        [...toDestroy].map((id) =>
          this.send('destroy', { janus: 'destroy', session_id: id }, timeoutMs).then(
            () =>
              this.sessions
                .get(id)
                ?.closeLocally({ reason: 'destroyed', message: 'connection closed by the application' }),
            (err: unknown) => {
              if (!(err instanceof JanusRequestError)) left.push(id);
            },
          ),
        ),
      );
    } else {
      left.push(...toDestroy);
    }
    if (left.length > 0) {
      const shown = left.slice(0, 20).join(', ');
      const handles = left.reduce((n, id) => n + (this.sessions.get(id)?.handles.size ?? 0), 0);
      this.log.warn(
        `closing with ${left.length} Janus session(s) (${handles} handle(s)) not destroyed (Janus did not answer within ` +
          `${this.options.closeTimeoutMs} ms or is unreachable); Janus ends them after its session or reclaim ` +
          `timeout: ${shown}${left.length > 20 ? ', ...' : ''}`,
      );
    }
    for (const session of this.sessions.values()) {
      session.closeLocally({ reason: 'connection-closed', message: 'connection closed by the application' });
    }
    this.tx.rejectAll((request) => new JanusConnectionClosedError('connection closed', request));
    this.transport = undefined;
    // Janus did not answer the destroys: it will not answer a close handshake either.
    if (left.length > 0 && transport?.isOpen) transport.terminate('closed by the application');
    else await transport?.close();
    await this.admin_?.close();
    this.setState('closed');
    this.stateSubject.complete();
    this.eventSubject.complete();
  }
}

/** A `server_info` timeout in seconds as milliseconds (0 when absent or not a positive number). */
function secondsToMs(seconds: unknown): number {
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
