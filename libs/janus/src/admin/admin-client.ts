import type { ClientOptions } from 'ws';
import { createLogSink, LogSink } from '../core/logger.js';
import { TransactionTable } from '../core/transactions.js';
import { WebSocketTransport } from '../core/websocket-transport.js';
import {
  JanusConnectError,
  JanusConnectionClosedError,
  JanusInvalidOptionsError,
  JanusPluginError,
  JanusProtocolError,
  JanusTimeoutError,
} from '../errors/janus.errors.js';
import type { JanusId, JanusMessageBase, JanusServerInfo } from '../interfaces/protocol.interface.js';
import {
  JANUS_ADMIN_PROTOCOL,
  type JanusAdminClientOptions,
  type JanusAdminHandleInfoReply,
  type JanusAdminListHandlesReply,
  type JanusAdminListSessionsReply,
  type JanusAdminListTokensReply,
  type JanusAdminLogLevel,
  type JanusAdminLoopsReply,
  type JanusAdminPong,
  type JanusAdminQueryReply,
  type JanusAdminQueryResponse,
  type JanusAdminRequestOptions,
  type JanusAdminSessionTimeoutReply,
  type JanusAdminStatus,
  type JanusAdminStatusReply,
  type JanusAdminSuccess,
  type JanusAdminTimeoutReply,
  type JanusAdminToken,
  type JanusAdminTokenPluginsReply,
  type JanusEventLoopInfo,
  type JanusHandleInfo,
  type JanusHandleInfoOptions,
  type JanusPcapOptions,
  type JanusResolveAddressResult,
  type JanusTestStunResult,
} from './admin.types.js';

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** Dead-peer detection on the admin socket (pings are unref'd: an idle client does not keep Node alive). */
const PING = { intervalMs: 10_000, timeoutMs: 5_000 };
const URL_PROTOCOLS = new Set(['ws:', 'wss:', 'ws+unix:']);

/** A request body before `transaction` and `admin_secret` are added. */
interface AdminRequestBody {
  janus: string;
  session_id?: JanusId;
  handle_id?: JanusId;
  [field: string]: unknown;
}

/** One open WebSocket and the requests sent on it: a drop fails exactly those. */
interface AdminLink {
  readonly transport: WebSocketTransport;
  readonly table: TransactionTable;
}

let clientSeq = 0;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * A client of the Janus Admin API over its own WebSocket (subprotocol `janus-admin-protocol`).
 *
 * Every request carries `admin_secret` and a fresh `transaction`. The socket opens lazily on the first request
 * (concurrent first requests share one open) and reopens lazily on the next request after a drop. Janus
 * `{"janus":"error"}` replies reject with `JanusRequestError` (`janusCode`), missing replies with
 * `JanusTimeoutError`, requests pending when the socket drops with `JanusConnectionClosedError`, and a socket that
 * cannot be opened with `JanusConnectError`.
 */
export class JanusAdminClient {
  private readonly url: string;
  private readonly secret: string;
  private readonly requestTimeoutMs: number;
  private readonly log: LogSink;
  private readonly wsOptions?: ClientOptions;
  private readonly prefix: string;
  private linkSeq = 0;
  private link?: AdminLink;
  private connecting?: Promise<AdminLink>;
  private closing?: Promise<void>;

  constructor(options: JanusAdminClientOptions) {
    if (!isRecord(options)) throw new JanusInvalidOptionsError('options', 'must be an object');
    this.url = checkUrl(options.url);
    if (typeof options.secret !== 'string' || options.secret.length === 0) {
      throw new JanusInvalidOptionsError('secret', 'must be a non-empty string');
    }
    this.secret = options.secret;
    this.requestTimeoutMs = checkTimeout('requestTimeoutMs', options.requestTimeoutMs) ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.log = options.logger instanceof LogSink ? options.logger : createLogSink(options.logger);
    this.wsOptions = options.wsOptions;
    this.prefix = `adm${(++clientSeq).toString(36)}.`;
  }

  /** True while the admin WebSocket is open. */
  get connected(): boolean {
    return this.link?.transport.isOpen === true;
  }

  /** True once {@link close} was called: every later request rejects with `JanusConnectionClosedError`. */
  get closed(): boolean {
    return this.closing !== undefined;
  }

  /**
   * Closes the WebSocket and rejects pending requests with `JanusConnectionClosedError`. Idempotent: later calls
   * return the same promise. The client cannot be used afterwards.
   */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    const link = this.link;
    this.link = undefined;
    this.closing = (async () => {
      if (!link) return;
      link.table.rejectAll((request) => new JanusConnectionClosedError('admin client closed', request));
      await link.transport.close();
    })();
    return this.closing;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Generic requests

  /** `info`: the server's `server_info` (the same as the Janus API `info`; Janus needs no secret for it). */
  async info(options?: JanusAdminRequestOptions): Promise<JanusServerInfo> {
    const reply = await this.request<JanusServerInfo>({ janus: 'info' }, 'server_info', options);
    return strip(reply);
  }

  /** `ping` → `pong`: a health check of the Admin API. Resolves with the round-trip time in ms. */
  async ping(options?: JanusAdminRequestOptions): Promise<number> {
    const started = performance.now();
    await this.request<JanusAdminPong>({ janus: 'ping' }, 'pong', options);
    return performance.now() - started;
  }

  /** `get_status`: the current values of the settings the Admin API can change at runtime. */
  async getStatus(options?: JanusAdminRequestOptions): Promise<JanusAdminStatus> {
    return (await this.success<JanusAdminStatusReply>({ janus: 'get_status' }, options)).status;
  }

  /** `loops_info`: handles per static event loop (empty unless `event_loops` is configured). */
  async loopsInfo(options?: JanusAdminRequestOptions): Promise<JanusEventLoopInfo[]> {
    return (await this.success<JanusAdminLoopsReply>({ janus: 'loops_info' }, options)).loops;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Runtime settings

  /**
   * `set_session_timeout` (global): the inactivity timeout in seconds of sessions without their own (0: never
   * time out). Resolves with the new value; `info()` and `getStatus()` report it too.
   */
  async setSessionTimeout(seconds: number, options?: JanusAdminRequestOptions): Promise<number> {
    const body = { janus: 'set_session_timeout', timeout: seconds };
    return (await this.success<JanusAdminTimeoutReply>(body, options)).timeout;
  }

  /**
   * `set_session_timeout` on one session: its own timeout in seconds (0: never, -1: back to the global one).
   * Resolves with the value set; `handleInfo()` reports the effective value as `session_timeout`.
   */
  async setSessionTimeoutFor(sessionId: JanusId, seconds: number, options?: JanusAdminRequestOptions): Promise<number> {
    const body = { janus: 'set_session_timeout', session_id: sessionId, timeout: seconds };
    return (await this.success<JanusAdminSessionTimeoutReply>(body, options)).timeout;
  }

  /** `set_log_level`: Janus's debug level (0-7; 4 is info). Resolves with the new level. */
  async setLogLevel(level: JanusAdminLogLevel, options?: JanusAdminRequestOptions): Promise<number> {
    return (await this.success<JanusAdminSuccess<{ level: number }>>({ janus: 'set_log_level', level }, options)).level;
  }

  /** `set_locking_debug`: log every lock/unlock (very verbose). Resolves with the new state. */
  async setLockingDebug(enabled: boolean, options?: JanusAdminRequestOptions): Promise<boolean> {
    const body = { janus: 'set_locking_debug', debug: enabled };
    return (await this.success<JanusAdminSuccess<{ locking_debug: boolean }>>(body, options)).locking_debug;
  }

  /** `set_refcount_debug`: log every reference-counter change (very verbose). Resolves with the new state. */
  async setRefcountDebug(enabled: boolean, options?: JanusAdminRequestOptions): Promise<boolean> {
    const body = { janus: 'set_refcount_debug', debug: enabled };
    return (await this.success<JanusAdminSuccess<{ refcount_debug: boolean }>>(body, options)).refcount_debug;
  }

  /** `set_log_timestamps`: prefix Janus log lines with a timestamp. Resolves with the new state. */
  async setLogTimestamps(enabled: boolean, options?: JanusAdminRequestOptions): Promise<boolean> {
    const body = { janus: 'set_log_timestamps', timestamps: enabled };
    return (await this.success<JanusAdminSuccess<{ log_timestamps: boolean }>>(body, options)).log_timestamps;
  }

  /** `set_log_colors`: ANSI colours in Janus log lines. Resolves with the new state. */
  async setLogColors(enabled: boolean, options?: JanusAdminRequestOptions): Promise<boolean> {
    const body = { janus: 'set_log_colors', colors: enabled };
    return (await this.success<JanusAdminSuccess<{ log_colors: boolean }>>(body, options)).log_colors;
  }

  /**
   * `set_libnice_debug`: libnice's own debug output. Resolves with the new state.
   * @deprecated Removed in Janus 1.3.2 (it rejects the request with 457; libnice debugging is set with environment
   * variables there). Works on 1.1.2 through 1.3.1.
   */
  async setLibniceDebug(enabled: boolean, options?: JanusAdminRequestOptions): Promise<boolean> {
    const body = { janus: 'set_libnice_debug', debug: enabled };
    return (await this.success<JanusAdminSuccess<{ libnice_debug: boolean }>>(body, options)).libnice_debug;
  }

  /** `set_min_nack_queue`: the minimum NACK queue window in ms. Resolves with the value in force. */
  async setMinNackQueue(ms: number, options?: JanusAdminRequestOptions): Promise<number> {
    const body = { janus: 'set_min_nack_queue', min_nack_queue: ms };
    return (await this.success<JanusAdminSuccess<{ min_nack_queue: number }>>(body, options)).min_nack_queue;
  }

  /** `set_nack_optimizations`: skip retransmissions that would likely be useless. Resolves with the new state. */
  async setNackOptimizations(enabled: boolean, options?: JanusAdminRequestOptions): Promise<boolean> {
    const body = { janus: 'set_nack_optimizations', nack_optimizations: enabled };
    return (await this.success<JanusAdminSuccess<{ 'nack-optimizations': boolean }>>(body, options))[
      'nack-optimizations'
    ];
  }

  /** `set_no_media_timer`: seconds without media before Janus reports `media` `receiving: false`. */
  async setNoMediaTimer(seconds: number, options?: JanusAdminRequestOptions): Promise<number> {
    const body = { janus: 'set_no_media_timer', no_media_timer: seconds };
    return (await this.success<JanusAdminSuccess<{ no_media_timer: number }>>(body, options)).no_media_timer;
  }

  /** `set_slowlink_threshold`: NACKs per second that trigger a `slowlink` event (0: off). */
  async setSlowlinkThreshold(packets: number, options?: JanusAdminRequestOptions): Promise<number> {
    const body = { janus: 'set_slowlink_threshold', slowlink_threshold: packets };
    return (await this.success<JanusAdminSuccess<{ slowlink_threshold: number }>>(body, options)).slowlink_threshold;
  }

  /**
   * `accept_new_sessions`: when false, Janus API `create` fails with 472 (e.g. while draining this server);
   * existing sessions keep working. Resolves with the new state.
   */
  async acceptNewSessions(accept: boolean, options?: JanusAdminRequestOptions): Promise<boolean> {
    return (
      await this.success<JanusAdminSuccess<{ accept: boolean }>>({ janus: 'accept_new_sessions', accept }, options)
    ).accept;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Stored tokens (Janus started with token_auth = true; otherwise these fail with 490)

  /**
   * `add_token`: a new stored token for the Janus API `token` field, allowed on `plugins` (default: every loaded
   * plugin; unknown plugin names are silently skipped). Resolves with the plugins the token may use.
   */
  async addToken(token: string, plugins?: string[], options?: JanusAdminRequestOptions): Promise<string[]> {
    const body: AdminRequestBody = { janus: 'add_token', token };
    if (plugins !== undefined) body.plugins = plugins;
    return (await this.success<JanusAdminTokenPluginsReply>(body, options)).data.plugins;
  }

  /**
   * `list_tokens`: the stored tokens with their plugins. Janus leaves out tokens that may use no plugin at all
   * (they still authenticate requests that need no plugin, like `create`).
   */
  async listTokens(options?: JanusAdminRequestOptions): Promise<JanusAdminToken[]> {
    return (await this.success<JanusAdminListTokensReply>({ janus: 'list_tokens' }, options)).data.tokens;
  }

  /** `allow_token`: lets a token use more plugins (470 if the token does not exist). Resolves with its plugins. */
  async allowToken(token: string, plugins: string[], options?: JanusAdminRequestOptions): Promise<string[]> {
    const body = { janus: 'allow_token', token, plugins };
    return (await this.success<JanusAdminTokenPluginsReply>(body, options)).data.plugins;
  }

  /** `disallow_token`: takes plugins away from a token. Resolves with the plugins it may still use. */
  async disallowToken(token: string, plugins: string[], options?: JanusAdminRequestOptions): Promise<string[]> {
    const body = { janus: 'disallow_token', token, plugins };
    return (await this.success<JanusAdminTokenPluginsReply>(body, options)).data.plugins;
  }

  /** `remove_token`: the token no longer authenticates anything (490 if it does not exist). */
  async removeToken(token: string, options?: JanusAdminRequestOptions): Promise<void> {
    await this.success({ janus: 'remove_token', token }, options);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Sessions and handles

  /** `list_sessions`: the ids of every session on this Janus. */
  async listSessions(options?: JanusAdminRequestOptions): Promise<JanusId[]> {
    return (await this.success<JanusAdminListSessionsReply>({ janus: 'list_sessions' }, options)).sessions;
  }

  /** `list_handles`: the handle ids of one session (458 if it does not exist). */
  async listHandles(sessionId: JanusId, options?: JanusAdminRequestOptions): Promise<JanusId[]> {
    const body = { janus: 'list_handles', session_id: sessionId };
    return (await this.success<JanusAdminListHandlesReply>(body, options)).handles;
  }

  /** `handle_info`: everything Janus knows about a handle (459 if it does not exist in that session). */
  async handleInfo(sessionId: JanusId, handleId: JanusId, options?: JanusHandleInfoOptions): Promise<JanusHandleInfo> {
    const body: AdminRequestBody = { janus: 'handle_info', session_id: sessionId, handle_id: handleId };
    if (options?.plugin_only !== undefined) body.plugin_only = options.plugin_only;
    return (await this.success<JanusAdminHandleInfoReply>(body, options)).info;
  }

  /**
   * `destroy_session`: destroys a session and its handles, like a Janus API `destroy`. The owner of the session
   * gets no event for it: its next request on the session fails with 458.
   */
  async destroySession(sessionId: JanusId, options?: JanusAdminRequestOptions): Promise<void> {
    await this.success({ janus: 'destroy_session', session_id: sessionId }, options);
  }

  /** `detach_handle`: detaches a handle, like a Janus API `detach` (its owner gets a `detached` event). */
  async detachHandle(sessionId: JanusId, handleId: JanusId, options?: JanusAdminRequestOptions): Promise<void> {
    await this.success({ janus: 'detach_handle', session_id: sessionId, handle_id: handleId }, options);
  }

  /** `hangup_webrtc`: closes a handle's PeerConnection, like a Janus API `hangup` (the handle stays attached). */
  async hangupWebrtc(sessionId: JanusId, handleId: JanusId, options?: JanusAdminRequestOptions): Promise<void> {
    await this.success({ janus: 'hangup_webrtc', session_id: sessionId, handle_id: handleId }, options);
  }

  /** `start_pcap`: dumps a handle's RTP/RTCP to a pcap file (490 if a dump already runs on it). */
  async startPcap(sessionId: JanusId, handleId: JanusId, options?: JanusPcapOptions): Promise<void> {
    await this.success(pcapBody('start_pcap', sessionId, handleId, options), options);
  }

  /** `stop_pcap`: ends the dump of a handle (490 "Capture not started" if none runs). */
  async stopPcap(sessionId: JanusId, handleId: JanusId, options?: JanusAdminRequestOptions): Promise<void> {
    await this.success({ janus: 'stop_pcap', session_id: sessionId, handle_id: handleId }, options);
  }

  /** `start_text2pcap`: like {@link startPcap}, to a text file for Wireshark's `text2pcap`. */
  async startText2pcap(sessionId: JanusId, handleId: JanusId, options?: JanusPcapOptions): Promise<void> {
    await this.success(pcapBody('start_text2pcap', sessionId, handleId, options), options);
  }

  /** `stop_text2pcap`: ends the text dump of a handle (either stop request ends either kind of dump). */
  async stopText2pcap(sessionId: JanusId, handleId: JanusId, options?: JanusAdminRequestOptions): Promise<void> {
    await this.success({ janus: 'stop_text2pcap', session_id: sessionId, handle_id: handleId }, options);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Plugins, transports, event handlers, loggers

  /**
   * `message_plugin`: a synchronous request to a plugin's Admin API hook (no session or handle needed, e.g. VideoRoom
   * `list`, `create`, `listparticipants`). Resolves with the plugin's response; a response carrying `error_code`
   * rejects with `JanusPluginError`. 460 if the plugin is not loaded.
   */
  async messagePlugin<T extends object = JanusAdminQueryResponse>(
    plugin: string,
    request: Record<string, unknown>,
    options?: JanusAdminRequestOptions,
  ): Promise<T> {
    const reply = await this.success<JanusAdminQueryReply<T>>({ janus: 'message_plugin', plugin, request }, options);
    const response: unknown = reply.response;
    if (isRecord(response) && typeof response.error_code === 'number') {
      const reason = typeof response.error === 'string' ? response.error : `plugin error ${response.error_code}`;
      throw new JanusPluginError(response.error_code, reason, plugin, 'message_plugin');
    }
    return reply.response;
  }

  /** `query_transport`: a request to a transport plugin (e.g. WebSockets `{request:'connections'}`). */
  async queryTransport<T extends object = JanusAdminQueryResponse>(
    transport: string,
    request: Record<string, unknown>,
    options?: JanusAdminRequestOptions,
  ): Promise<T> {
    const body = { janus: 'query_transport', transport, request };
    return (await this.success<JanusAdminQueryReply<T>>(body, options)).response;
  }

  /** `query_eventhandler`: a request to an event handler plugin (460 if it is not loaded). */
  async queryEventHandler<T extends object = JanusAdminQueryResponse>(
    handler: string,
    request: Record<string, unknown>,
    options?: JanusAdminRequestOptions,
  ): Promise<T> {
    const body = { janus: 'query_eventhandler', handler, request };
    return (await this.success<JanusAdminQueryReply<T>>(body, options)).response;
  }

  /** `query_logger`: a request to a logger plugin (460 if it is not loaded). */
  async queryLogger<T extends object = JanusAdminQueryResponse>(
    logger: string,
    request: Record<string, unknown>,
    options?: JanusAdminRequestOptions,
  ): Promise<T> {
    const body = { janus: 'query_logger', logger, request };
    return (await this.success<JanusAdminQueryReply<T>>(body, options)).response;
  }

  /** `custom_event`: hands an "external" event to the event handlers (succeeds, doing nothing, if none is loaded). */
  async customEvent(schema: string, data: Record<string, unknown>, options?: JanusAdminRequestOptions): Promise<void> {
    await this.success({ janus: 'custom_event', schema, data }, options);
  }

  /** `custom_logline`: writes a line to Janus's log at `level` (default 4, info; out-of-range levels become 4). */
  async customLogline(line: string, level?: JanusAdminLogLevel, options?: JanusAdminRequestOptions): Promise<void> {
    const body: AdminRequestBody = { janus: 'custom_logline', line };
    if (level !== undefined) body.level = level;
    await this.success(body, options);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Helpers

  /** `resolve_address`: whether Janus can resolve a name, to what, and how long it took (490 if it cannot). */
  async resolveAddress(address: string, options?: JanusAdminRequestOptions): Promise<JanusResolveAddressResult> {
    const reply = await this.success<JanusAdminSuccess<JanusResolveAddressResult>>(
      { janus: 'resolve_address', address },
      options,
    );
    return { ip: reply.ip, elapsed: reply.elapsed };
  }

  /**
   * `test_stun`: sends a STUN Binding request from Janus (from `localport` if given) and reports the mapped address.
   * Caution: when the STUN server does not answer, Janus 1.1.2 waits 5 s for it and, during that time, answers no
   * request on any of its WebSockets (Admin and Janus API alike); it then fails with 490.
   */
  async testStun(
    address: string,
    port: number,
    localport?: number,
    options?: JanusAdminRequestOptions,
  ): Promise<JanusTestStunResult> {
    const body: AdminRequestBody = { janus: 'test_stun', address, port };
    if (localport !== undefined) body.localport = localport;
    const reply = await this.success<JanusAdminSuccess<JanusTestStunResult>>(body, options);
    return { public_ip: reply.public_ip, public_port: reply.public_port, elapsed: reply.elapsed };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Plumbing

  private success<R extends JanusMessageBase = JanusAdminSuccess>(
    body: AdminRequestBody,
    options: JanusAdminRequestOptions | undefined,
  ): Promise<R> {
    return this.request<R>(body, 'success', options);
  }

  /** Sends one request (connecting first if needed) and resolves with a reply of kind `expect`. */
  private async request<R extends JanusMessageBase>(
    body: AdminRequestBody,
    expect: string,
    options: JanusAdminRequestOptions | undefined,
  ): Promise<R> {
    const kind = body.janus;
    if (this.closing) throw new JanusConnectionClosedError('admin client closed', kind);
    const timeoutMs = checkTimeout('timeoutMs', options?.timeoutMs) ?? this.requestTimeoutMs;
    const started = performance.now();
    const current = this.link;
    const link = current?.transport.isOpen ? current : await withDeadline(this.connect(), timeoutMs, kind);
    if (this.closing) throw new JanusConnectionClosedError('admin client closed', kind);
    const remainingMs = Math.max(1, Math.round(timeoutMs - (performance.now() - started)));
    let reply: R;
    try {
      reply = await link.table.start<R>(kind, { timeoutMs: remainingMs }, (transaction) => {
        const frame = JSON.stringify({ ...body, transaction, admin_secret: this.secret });
        if (!link.transport.send(frame)) throw new JanusConnectionClosedError('admin WebSocket is not open', kind);
      });
    } catch (err) {
      // Report the caller's timeout, not what was left of it after connecting.
      if (err instanceof JanusTimeoutError) throw new JanusTimeoutError(kind, timeoutMs);
      throw err;
    }
    if (reply.janus !== expect) {
      throw new JanusProtocolError(`expected a "${expect}" reply, got "${reply.janus}"`, kind);
    }
    return reply;
  }

  /** The open link, opening one if needed; concurrent callers share one open. */
  private connect(): Promise<AdminLink> {
    if (this.connecting) return this.connecting;
    const table = new TransactionTable(`${this.prefix}${(++this.linkSeq).toString(36)}.`);
    let link: AdminLink | undefined;
    const url = this.url;
    const attempt = WebSocketTransport.open(
      {
        url,
        protocol: JANUS_ADMIN_PROTOCOL,
        timeoutMs: this.requestTimeoutMs,
        ping: PING,
        wsOptions: this.wsOptions,
      },
      {
        onFrame: (frame) => this.onFrame(table, frame),
        onClose: (reason) => {
          if (link) this.onDrop(link, reason);
        },
      },
    ).then(
      (transport) => {
        this.connecting = undefined;
        if (this.closing) {
          void transport.close();
          throw new JanusConnectionClosedError('admin client closed');
        }
        link = { transport, table };
        this.link = link;
        if (this.log.debugEnabled) this.log.debug(`Janus Admin API connected to ${url}`);
        return link;
      },
      (err: unknown) => {
        this.connecting = undefined;
        const error = errorMessage(err);
        if (this.closing) throw new JanusConnectionClosedError('admin client closed');
        throw new JanusConnectError(`cannot open the Janus Admin API WebSocket at ${url}: ${error}`, [{ url, error }]);
      },
    );
    this.connecting = attempt;
    return attempt;
  }

  private onDrop(link: AdminLink, reason: string): void {
    if (this.link === link) this.link = undefined;
    const pending = link.table.size;
    this.log.warn(
      `Janus Admin API connection to ${this.url} closed (${reason})` +
        (pending > 0 ? `; ${pending} pending request(s) failed` : '') +
        '; the next request reconnects',
    );
    link.table.rejectAll(
      (request) => new JanusConnectionClosedError(`Janus Admin API connection closed (${reason})`, request),
    );
  }

  private onFrame(table: TransactionTable, frame: string): void {
    let message: unknown;
    try {
      message = JSON.parse(frame);
    } catch {
      this.log.warnLimited('admin-json', `Janus Admin API sent a frame that is not JSON: ${frame.slice(0, 200)}`);
      return;
    }
    if (!isRecord(message) || typeof message.janus !== 'string') {
      this.log.warnLimited('admin-shape', `Janus Admin API sent an unexpected frame: ${frame.slice(0, 200)}`);
      return;
    }
    const transaction = message.transaction;
    if (typeof transaction !== 'string') {
      this.log.warnLimited('admin-notx', `Janus Admin API sent a frame without transaction: ${frame.slice(0, 200)}`);
      return;
    }
    if (!table.settle(transaction, message as unknown as JanusMessageBase) && this.log.debugEnabled) {
      this.log.debug(`Janus Admin API reply for unknown transaction ${transaction} (late after a timeout?)`);
    }
  }
}

/** Rejects with `JanusTimeoutError` when `promise` takes longer than `timeoutMs`. */
function withDeadline<T>(promise: Promise<T>, timeoutMs: number, request: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new JanusTimeoutError(request, timeoutMs)), timeoutMs);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** The reply without its envelope fields. */
function strip<T extends JanusMessageBase>(reply: T): T {
  const copy = { ...reply };
  delete copy.transaction;
  return copy;
}

function pcapBody(janus: string, sessionId: JanusId, handleId: JanusId, options?: JanusPcapOptions): AdminRequestBody {
  const body: AdminRequestBody = { janus, session_id: sessionId, handle_id: handleId };
  if (options?.folder !== undefined) body.folder = options.folder;
  if (options?.filename !== undefined) body.filename = options.filename;
  if (options?.truncate !== undefined) body.truncate = options.truncate;
  return body;
}

function checkUrl(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new JanusInvalidOptionsError('url', 'must be a non-empty string');
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new JanusInvalidOptionsError('url', `"${value}" is not a URL`);
  }
  if (!URL_PROTOCOLS.has(parsed.protocol)) {
    throw new JanusInvalidOptionsError('url', `"${value}" must start with ws://, wss:// or ws+unix://`);
  }
  return value;
}

function checkTimeout(field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new JanusInvalidOptionsError(
      field,
      `must be a positive number of milliseconds, got ${typeof value === 'number' ? value : typeof value}`,
    );
  }
  return value;
}
