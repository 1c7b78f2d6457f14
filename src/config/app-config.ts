import type { LogLevel } from '@nestjs/common';
import { ConfigError, EnvReader, type Env } from './env.js';

/** Schemes accepted for the Janus WebSocket API and Admin API. */
export const JANUS_URL_PROTOCOLS = ['ws:', 'wss:', 'ws+unix:'] as const;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const satisfies readonly LogLevel[];

export interface JanusAdminConfig {
  /** `JANUS_ADMIN_URL`: the Janus Admin API (WebSocket, subprotocol `janus-admin-protocol`). */
  readonly url: string;
  /** `JANUS_ADMIN_SECRET`: Janus's `admin_secret`. */
  readonly secret: string;
}

export interface JanusConfig {
  /** `JANUS_URL`: one or more Janus WebSocket API URLs (the first is used first, the others on failover). */
  readonly urls: readonly string[];
  /** `JANUS_API_SECRET`: Janus's `api_secret`, when Janus has one. */
  readonly apiSecret?: string;
  /** `JANUS_ADMIN_URL` + `JANUS_ADMIN_SECRET`, when both are set. */
  readonly admin?: JanusAdminConfig;
}

export interface HttpConfig {
  /** `HOST`: the address the HTTP server binds to. Default 127.0.0.1 (the Docker image sets 0.0.0.0). */
  readonly host: string;
  /** `PORT`: default 3000. */
  readonly port: number;
}

/**
 * The app's configuration, read from the environment once at startup and validated. It is also the Nest
 * injection token: `constructor(private readonly config: AppConfig) {}`.
 *
 * To add a variable: add a field here, read it in `loadConfig` with the `EnvReader` helper that fits, and list
 * it in README.md.
 */
export class AppConfig {
  readonly janus!: JanusConfig;
  readonly http!: HttpConfig;
  /** `AUTH_REQUIRED`: browsers must present a JWT. Default true. */
  readonly authRequired!: boolean;
  /** `LOG_LEVEL`: the lowest Nest log level printed (`fatal` ... `verbose`; `info` means `log`). Default `log`. */
  readonly logLevel!: LogLevel;

  /** Takes the values as a plain object (the class has data fields only, so any object with them fits). */
  constructor(values: AppConfig) {
    Object.assign(this, values);
    Object.freeze(this);
  }
}

/** The Nest log levels to enable for `level`: it and every more severe level. */
export function logLevelsFrom(level: LogLevel): LogLevel[] {
  const index = (LOG_LEVELS as readonly LogLevel[]).indexOf(level);
  return LOG_LEVELS.slice(0, index < 0 ? LOG_LEVELS.length : index + 1);
}

/** Reads and validates the configuration; throws a `ConfigError` naming every bad variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const read = new EnvReader(env);

  const urlHint = 'comma-separated ws://, wss:// or ws+unix:// URLs of the Janus WebSocket API';
  const janusUrls = read.requiredString('JANUS_URL', urlHint) ? read.urlList('JANUS_URL', JANUS_URL_PROTOCOLS) : [];
  const apiSecret = read.string('JANUS_API_SECRET');

  const adminUrls = read.urlList('JANUS_ADMIN_URL', JANUS_URL_PROTOCOLS);
  if (adminUrls.length > 1) read.fail('JANUS_ADMIN_URL', 'must be a single URL');
  const adminSecret = read.string('JANUS_ADMIN_SECRET');
  if (read.raw('JANUS_ADMIN_URL') && !adminSecret) {
    read.fail('JANUS_ADMIN_SECRET', 'is required when JANUS_ADMIN_URL is set');
  }
  if (adminSecret && !read.raw('JANUS_ADMIN_URL')) {
    read.fail('JANUS_ADMIN_URL', 'is required when JANUS_ADMIN_SECRET is set');
  }

  const host = read.string('HOST') ?? '127.0.0.1';
  const port = read.integer('PORT', 3000, 0, 65535);
  const authRequired = read.boolean('AUTH_REQUIRED', true);
  const logLevel = read.oneOf('LOG_LEVEL', LOG_LEVELS, 'log', { info: 'log' });

  if (read.problems.length > 0) throw new ConfigError(read.problems);

  return new AppConfig({
    janus: {
      urls: janusUrls,
      apiSecret,
      admin: adminUrls[0] && adminSecret ? { url: adminUrls[0], secret: adminSecret } : undefined,
    },
    http: { host, port },
    authRequired,
    logLevel,
  });
}
