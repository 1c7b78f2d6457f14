import type { ClientOptions } from 'ws';
import type { JanusLogger, JanusLogLevel } from './logger.interface.js';

/** One Janus server to connect to; `servers` are tried in order. */
export interface JanusServerOptions {
  /** `ws://host:port`, `wss://host:port` or `ws+unix:///path/to/socket`. */
  url: string;
  /** Janus `api_secret`, sent as `apisecret` on every request. */
  apiSecret?: string;
  /** A Janus stored token (`token_auth`), sent as `token` on every request. */
  token?: string;
}

/** Where and how to reach the Janus Admin API. */
export interface JanusAdminOptions {
  /** The Admin API WebSocket URL (subprotocol `janus-admin-protocol`). */
  url: string;
  /** Janus `admin_secret`. */
  secret: string;
  /** Per-request timeout; defaults to the connection's `requestTimeoutMs`. */
  requestTimeoutMs?: number;
}

/** Reconnection after a live drop. */
export interface JanusReconnectOptions {
  /** Reconnect after a drop (default true). */
  enabled?: boolean;
  /** First delay (default 250 ms); doubles each attempt, with jitter. */
  initialDelayMs?: number;
  /** Cap of the delay (default 10 000 ms). */
  maxDelayMs?: number;
  /** Give up after this many attempts in a row (default: never). */
  maxAttempts?: number;
}

/** WebSocket ping/pong dead-peer detection. */
export interface JanusPingOptions {
  /** How often to ping (default 10 000 ms); 0 turns pings off. */
  intervalMs?: number;
  /** How long to wait for the pong before the socket counts as dead (default 5 000 ms). */
  timeoutMs?: number;
}

/** Options of {@link JanusConnection.connect}. */
export interface JanusConnectionOptions {
  /** Janus servers, tried in order at connect and at reconnect. At least one. */
  servers: JanusServerOptions[];
  /** Admin API access; enables `connection.admin`. */
  admin?: JanusAdminOptions;
  /** Default timeout of every request (default 10 000 ms); each call can override it. */
  requestTimeoutMs?: number;
  /** How long `connect()` keeps trying the servers before it fails (default 30 000 ms). */
  connectTimeoutMs?: number;
  /** Keepalive period per session (default 25 000 ms; Janus's default `session_timeout` is 60 s). */
  keepaliveIntervalMs?: number;
  reconnect?: JanusReconnectOptions;
  ping?: JanusPingOptions;
  /** A logger shaped like Nest's `LoggerService` (default: console); `false` silences the library. */
  logger?: JanusLogger | false;
  /** The most detailed level passed to the logger (default `log`). */
  logLevel?: JanusLogLevel;
  /** Extra options for the `ws` client (TLS settings, headers, ...). */
  wsOptions?: ClientOptions;
}
