import type { ClientOptions } from 'ws';
import { JanusInvalidOptionsError } from '../errors/janus.errors.js';
import type { JanusConnectionOptions, JanusServerOptions } from '../interfaces/connection-options.interface.js';
import type { JanusLogger, JanusLogLevel } from '../interfaces/logger.interface.js';

/** Options with every default filled in. */
export interface ResolvedConnectionOptions {
  servers: JanusServerOptions[];
  admin?: { url: string; secret: string; requestTimeoutMs: number };
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  keepaliveIntervalMs: number;
  closeTimeoutMs: number;
  reconnect: { enabled: boolean; initialDelayMs: number; maxDelayMs: number; maxAttempts: number };
  ping: { intervalMs: number; timeoutMs: number };
  logger: JanusLogger | false | undefined;
  logLevel: JanusLogLevel;
  wsOptions: ClientOptions;
}

const URL_PROTOCOLS = new Set(['ws:', 'wss:', 'ws+unix:']);
const LOG_LEVELS = new Set(['error', 'warn', 'log', 'debug', 'verbose']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkUrl(field: string, value: unknown, protocols: Set<string>): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new JanusInvalidOptionsError(field, 'must be a non-empty string');
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new JanusInvalidOptionsError(field, `"${value}" is not a URL`);
  }
  if (!protocols.has(parsed.protocol)) {
    throw new JanusInvalidOptionsError(
      field,
      `"${value}" must start with ${[...protocols].map((p) => `${p}//`).join(', ')}`,
    );
  }
  return value;
}

function optString(field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0)
    throw new JanusInvalidOptionsError(field, 'must be a non-empty string');
  return value;
}

function number(field: string, value: unknown, fallback: number, min: number, integer = true): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new JanusInvalidOptionsError(
      field,
      `must be ${integer ? 'an integer' : 'a number'} >= ${min}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function optObject(field: string, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isObject(value)) throw new JanusInvalidOptionsError(field, 'must be an object');
  return value;
}

/** Validates user options (which may come from untyped config) and fills in defaults; throws naming the field. */
export function resolveConnectionOptions(options: JanusConnectionOptions): ResolvedConnectionOptions {
  if (!isObject(options)) throw new JanusInvalidOptionsError('options', 'must be an object');
  const input = options as unknown as Record<string, unknown>;
  if (!Array.isArray(input.servers) || input.servers.length === 0) {
    throw new JanusInvalidOptionsError('servers', 'must be a non-empty array of { url, apiSecret?, token? }');
  }
  const servers = input.servers.map((server: unknown, i: number): JanusServerOptions => {
    if (!isObject(server)) throw new JanusInvalidOptionsError(`servers[${i}]`, 'must be an object with a url');
    return {
      url: checkUrl(`servers[${i}].url`, server.url, URL_PROTOCOLS),
      apiSecret: optString(`servers[${i}].apiSecret`, server.apiSecret),
      token: optString(`servers[${i}].token`, server.token),
    };
  });
  const requestTimeoutMs = number('requestTimeoutMs', input.requestTimeoutMs, 10_000, 1);
  let admin: ResolvedConnectionOptions['admin'];
  if (input.admin !== undefined) {
    const a = optObject('admin', input.admin);
    const secret = optString('admin.secret', a.secret);
    if (secret === undefined) throw new JanusInvalidOptionsError('admin.secret', 'is required with admin');
    admin = {
      url: checkUrl('admin.url', a.url, URL_PROTOCOLS),
      secret,
      requestTimeoutMs: number('admin.requestTimeoutMs', a.requestTimeoutMs, requestTimeoutMs, 1),
    };
  }
  const reconnect = optObject('reconnect', input.reconnect);
  if (reconnect.enabled !== undefined && typeof reconnect.enabled !== 'boolean') {
    throw new JanusInvalidOptionsError('reconnect.enabled', 'must be a boolean');
  }
  const initialDelayMs = number('reconnect.initialDelayMs', reconnect.initialDelayMs, 250, 0);
  const maxDelayMs = number('reconnect.maxDelayMs', reconnect.maxDelayMs, 10_000, 0);
  if (maxDelayMs < initialDelayMs) {
    throw new JanusInvalidOptionsError('reconnect.maxDelayMs', 'must be >= reconnect.initialDelayMs');
  }
  const ping = optObject('ping', input.ping);
  const logger = input.logger;
  if (logger !== undefined && logger !== false) {
    if (!isObject(logger) && typeof logger !== 'function')
      throw new JanusInvalidOptionsError('logger', 'must be a logger object or false');
    const l = logger as Record<string, unknown>;
    for (const method of ['log', 'warn', 'error'] as const) {
      if (typeof l[method] !== 'function') throw new JanusInvalidOptionsError('logger', `has no ${method}() method`);
    }
  }
  const logLevel = input.logLevel ?? 'log';
  if (typeof logLevel !== 'string' || !LOG_LEVELS.has(logLevel)) {
    throw new JanusInvalidOptionsError('logLevel', `must be one of ${[...LOG_LEVELS].join(', ')}`);
  }
  return {
    servers,
    admin,
    requestTimeoutMs,
    connectTimeoutMs: number('connectTimeoutMs', input.connectTimeoutMs, 30_000, 1),
    keepaliveIntervalMs:
      input.keepaliveIntervalMs === 0 ? 0 : number('keepaliveIntervalMs', input.keepaliveIntervalMs, 25_000, 100),
    closeTimeoutMs: Math.min(number('closeTimeoutMs', input.closeTimeoutMs, 2_000, 1), requestTimeoutMs),
    reconnect: {
      enabled: reconnect.enabled ?? true,
      initialDelayMs,
      maxDelayMs,
      maxAttempts: number('reconnect.maxAttempts', reconnect.maxAttempts, Number.POSITIVE_INFINITY, 1, false),
    },
    ping: {
      intervalMs: number('ping.intervalMs', ping.intervalMs, 10_000, 0),
      timeoutMs: number('ping.timeoutMs', ping.timeoutMs, 5_000, 1),
    },
    logger: logger as JanusLogger | false | undefined,
    logLevel: logLevel as JanusLogLevel,
    wsOptions: optObject('wsOptions', input.wsOptions),
  };
}

/** Delay before reconnect attempt `attempt` (0-based): exponential with full jitter in [d/2, d]. */
export function backoffDelay(
  attempt: number,
  initialDelayMs: number,
  maxDelayMs: number,
  random = Math.random,
): number {
  const base = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(base / 2 + (random() * base) / 2);
}
