/**
 * Typed requests and replies of the Janus 1.1.2 Admin API, as the real server sends them (checked against Debian's
 * `janus` 1.1.2; where the documentation and the server disagree, these follow the server). Changes of later
 * versions (through 1.4.1) are tagged `@since Janus x.y.z` / `@deprecated Removed in Janus x.y.z`.
 */
import type { ClientOptions } from 'ws';
import type { LogSink } from '../core/logger.js';
import type { JanusLogger } from '../interfaces/logger.interface.js';
import type { JanusId, JanusMessageBase } from '../interfaces/protocol.interface.js';

/** The WebSocket subprotocol of the Admin API. */
export const JANUS_ADMIN_PROTOCOL = 'janus-admin-protocol';

/** Options of {@link JanusAdminClient}. */
export interface JanusAdminClientOptions {
  /** The Admin API WebSocket URL: `ws://host:port`, `wss://host:port` or `ws+unix:///path`. */
  url: string;
  /** Janus `admin_secret`, added to every request. */
  secret: string;
  /** Default per-request timeout in ms, connecting included (default 10 000); also bounds the WebSocket open. */
  requestTimeoutMs?: number | undefined;
  /**
   * Where the client logs (connects at debug, drops at warn): the library's `LogSink`, or a Nest-style logger (used
   * at level `log`), or `false` for silence. Default: the console at level `log`.
   */
  logger?: LogSink | JanusLogger | false | undefined;
  /** Extra options for the `ws` client (TLS settings, headers, ...). */
  wsOptions?: ClientOptions | undefined;
}

/** The optional last argument of every Admin API method. */
export interface JanusAdminRequestOptions {
  /** Overrides the client's `requestTimeoutMs` for this request (connecting included). */
  timeoutMs?: number | undefined;
}

/** Janus log levels (`set_log_level`): 0 none, 1 fatal, 2 error, 3 warning, 4 info, 5 verbose, 6 huge, 7 debug. */
export type JanusAdminLogLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** The `status` object of `get_status`: the settings that can be changed at runtime. */
export interface JanusAdminStatus {
  token_auth: boolean;
  session_timeout: number;
  reclaim_session_timeout: number;
  candidates_timeout: number;
  log_level: number;
  log_timestamps: boolean;
  log_colors: boolean;
  /**
   * Signal number that makes Janus reopen its log file (0: none).
   * @since Janus 1.3.2
   */
  log_rotate_sig?: number;
  locking_debug: boolean;
  refcount_debug: boolean;
  /**
   * @deprecated Removed in Janus 1.3.2 (with `set_libnice_debug`; libnice debugging is set with environment
   * variables there). Present on 1.1.2 through 1.3.1.
   */
  libnice_debug?: boolean;
  min_nack_queue: number;
  /** Spelled with a dash by Janus, unlike its neighbours. */
  'nack-optimizations': boolean;
  no_media_timer: number;
  slowlink_threshold: number;
  [extra: string]: unknown;
}

/** A stored token and the plugins it may attach to (`list_tokens`). */
export interface JanusAdminToken {
  token: string;
  /** Package names, e.g. `janus.plugin.echotest`. */
  allowed_plugins: string[];
}

/** PeerConnection-level flags of `handle_info` (absent with `plugin_only`). */
export interface JanusHandleFlags {
  'got-offer': boolean;
  'got-answer': boolean;
  negotiated: boolean;
  'processing-offer': boolean;
  starting: boolean;
  'ice-restart': boolean;
  ready: boolean;
  stopped: boolean;
  alert: boolean;
  trickle: boolean;
  'all-trickles': boolean;
  'resend-trickles': boolean;
  'trickle-synced': boolean;
  'data-channels': boolean;
  'has-audio': boolean;
  'has-video': boolean;
  'new-datachan-sdp': boolean;
  'rfc4588-rtx': boolean;
  cleaning: boolean;
  e2ee: boolean;
  [extra: string]: boolean;
}

/**
 * The `info` object of `handle_info`. Times (`created`, `current_time`, `session_last_activity`, ...) are Janus's
 * monotonic clock in microseconds. Everything after `plugin_specific` is absent with `plugin_only`.
 */
export interface JanusHandleInfo {
  session_id: JanusId;
  session_last_activity: number;
  /** The session's effective timeout in seconds (its own one if set with `set_session_timeout`, else the global). */
  session_timeout: number;
  /** The transport that created the session, e.g. `janus.transport.websockets`. */
  session_transport?: string;
  handle_id: JanusId;
  opaque_id?: string;
  token?: string;
  'loop-running': boolean;
  created: number;
  current_time: number;
  /** The plugin package, e.g. `janus.plugin.echotest` (absent once the plugin session is gone). */
  plugin?: string;
  /** What the plugin reports about its session (plugin-defined). */
  plugin_specific?: Record<string, unknown>;
  flags?: JanusHandleFlags;
  'agent-created'?: number;
  'agent-started'?: number;
  'ice-mode'?: 'lite' | 'full';
  'ice-role'?: 'controlling' | 'controlled';
  sdps?: { profile?: string; local?: string; remote?: string };
  'pending-trickles'?: number;
  'queued-packets'?: number;
  'dump-to-pcap'?: boolean;
  'pcap-file'?: string;
  'dump-to-text2pcap'?: boolean;
  'text2pcap-file'?: string;
  /** ICE/DTLS state, candidates, media stats (plugin-independent, present once a PeerConnection exists). */
  webrtc?: Record<string, unknown>;
  [extra: string]: unknown;
}

/** Options of `handle_info`. */
export interface JanusHandleInfoOptions extends JanusAdminRequestOptions {
  /** Only the core and plugin-specific summary: no flags, SDPs nor WebRTC stats. */
  plugin_only?: boolean | undefined;
}

/** Options of `start_pcap` / `start_text2pcap`. */
export interface JanusPcapOptions extends JanusAdminRequestOptions {
  /** Folder of the dump (Janus's current folder if absent); must not be one of Janus's `protected_folders`. */
  folder?: string | undefined;
  /** File name (Janus generates one if absent). */
  filename?: string | undefined;
  /** Bytes kept of each packet (0 or absent: whole packets). */
  truncate?: number | undefined;
}

/** Reply of `resolve_address`. */
export interface JanusResolveAddressResult {
  /** The first address `getaddrinfo` returned. */
  ip: string;
  /** Time the resolution took, in microseconds. */
  elapsed: number;
}

/** Reply of `test_stun`. */
export interface JanusTestStunResult {
  /** The XOR-MAPPED-ADDRESS (or MAPPED-ADDRESS) the STUN server saw. */
  public_ip: string;
  public_port: number;
  /** Time the test took, in microseconds. */
  elapsed: number;
}

/** One static event loop of `loops_info` (empty list unless `event_loops` is set in janus.jcfg). */
export interface JanusEventLoopInfo {
  id: number;
  handles: number;
  [extra: string]: unknown;
}

/** What a plugin, transport, event handler or logger answers to a synchronous Admin API query. */
export type JanusAdminQueryResponse = Record<string, unknown>;

/* ---------------------------------------------------------------------------------------------------------------- */
/* Wire shapes (what Janus sends back for each request).                                                            */

/** A `{"janus":"success"}` Admin API reply with request-specific fields. */
export type JanusAdminSuccess<T extends object = object> = JanusMessageBase & { janus: 'success' } & T;

/** `ping` → `{"janus":"pong"}`. */
export type JanusAdminPong = JanusMessageBase & { janus: 'pong' };

/** `get_status` reply. */
export type JanusAdminStatusReply = JanusAdminSuccess<{ status: JanusAdminStatus }>;
/** `list_sessions` reply. */
export type JanusAdminListSessionsReply = JanusAdminSuccess<{ sessions: JanusId[] }>;
/** `list_handles` reply. */
export type JanusAdminListHandlesReply = JanusAdminSuccess<{ session_id: JanusId; handles: JanusId[] }>;
/** `handle_info` reply. */
export type JanusAdminHandleInfoReply = JanusAdminSuccess<{
  session_id: JanusId;
  handle_id: JanusId;
  info: JanusHandleInfo;
}>;
/** Global `set_session_timeout` reply (the new global timeout). */
export type JanusAdminTimeoutReply = JanusAdminSuccess<{ timeout: number }>;
/** Session-level `set_session_timeout` reply. */
export type JanusAdminSessionTimeoutReply = JanusAdminSuccess<{ timeout: number; session_id: JanusId }>;
/** Token requests (`add_token`, `allow_token`, `disallow_token`) reply: the plugins the token may now use. */
export type JanusAdminTokenPluginsReply = JanusAdminSuccess<{ data: { plugins: string[] } }>;
/** `list_tokens` reply. */
export type JanusAdminListTokensReply = JanusAdminSuccess<{ data: { tokens: JanusAdminToken[] } }>;
/** `message_plugin`, `query_transport`, `query_eventhandler`, `query_logger` reply. */
export type JanusAdminQueryReply<T extends object = JanusAdminQueryResponse> = JanusAdminSuccess<{ response: T }>;
/** `loops_info` reply. */
export type JanusAdminLoopsReply = JanusAdminSuccess<{ loops: JanusEventLoopInfo[] }>;
