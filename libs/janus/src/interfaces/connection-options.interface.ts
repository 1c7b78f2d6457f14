import type { ClientOptions } from 'ws';
import type { JanusLogger, JanusLogLevel } from './logger.interface.js';

/** One Janus server to connect to; `servers` are tried in order. */
export interface JanusServerOptions {
  /** `ws://host:port`, `wss://host:port` or `ws+unix:///path/to/socket`. */
  url: string;
  /** Janus `api_secret`, sent as `apisecret` on every request. */
  apiSecret?: string | undefined;
  /** A Janus stored token (`token_auth`), sent as `token` on every request. */
  token?: string | undefined;
}

/** Where and how to reach the Janus Admin API. */
export interface JanusAdminOptions {
  /** The Admin API WebSocket URL (subprotocol `janus-admin-protocol`). */
  url: string;
  /** Janus `admin_secret`. */
  secret: string;
  /** Per-request timeout; defaults to the connection's `requestTimeoutMs`. */
  requestTimeoutMs?: number | undefined;
}

/** Reconnection after a live drop. */
export interface JanusReconnectOptions {
  /** Reconnect after a drop (default true). */
  enabled?: boolean | undefined;
  /** First delay (default 250 ms); doubles each attempt, with jitter. */
  initialDelayMs?: number | undefined;
  /** Cap of the delay (default 10 000 ms). */
  maxDelayMs?: number | undefined;
  /** Give up after this many attempts in a row (default: never). */
  maxAttempts?: number | undefined;
}

/** WebSocket ping/pong dead-peer detection. */
export interface JanusPingOptions {
  /** How often to ping (default 10 000 ms); 0 turns pings off. */
  intervalMs?: number | undefined;
  /** How long to wait for the pong before the socket counts as dead (default 5 000 ms). */
  timeoutMs?: number | undefined;
}

/** Options of {@link JanusConnection.connect}. */
export interface JanusConnectionOptions {
  /** Janus servers, tried in order at connect and at reconnect. At least one. */
  servers: JanusServerOptions[];
  /** Admin API access; enables `connection.admin`. */
  admin?: JanusAdminOptions | undefined;
  /** Default timeout of every request (default 10 000 ms); each call can override it. */
  requestTimeoutMs?: number | undefined;
  /** How long `connect()` keeps trying the servers before it fails (default 30 000 ms). */
  connectTimeoutMs?: number | undefined;
  /**
   * Longest keepalive period per session (default 25 000 ms). At each connect the period is shortened to what the
   * server's `info` asks for: at most a third of its `session_timeout` and a quarter of its
   * `reclaim_session_timeout`, so that a session stays claimable through any outage shorter than
   * {@link JanusConnection.claimableOutageMs}. `0` turns keepalives off (Janus then times idle sessions out).
   */
  keepaliveIntervalMs?: number | undefined;
  /**
   * How long `close()` waits for Janus to confirm that the sessions are destroyed (default 2 000 ms, capped by
   * `requestTimeoutMs`). Sessions not confirmed by then are named in a warning; Janus ends them on its own timeout.
   */
  closeTimeoutMs?: number | undefined;
  /** Reconnection after a live drop (backoff, attempts). */
  reconnect?: JanusReconnectOptions | undefined;
  /** WebSocket ping/pong dead-peer detection. */
  ping?: JanusPingOptions | undefined;
  /** A logger shaped like Nest's `LoggerService` (default: console); `false` silences the library. */
  logger?: JanusLogger | false | undefined;
  /** The most detailed level passed to the logger (default `log`). */
  logLevel?: JanusLogLevel | undefined;
  /** Extra options for the `ws` client (TLS settings, headers, ...). */
  wsOptions?: ClientOptions | undefined;
}
