import type { LogLevel } from '@nestjs/common';
import { checkUrl, ConfigError, EnvReader, redactUrl, type Env } from './env.js';
import { parseTrustProxy, type TrustProxy } from './trust-proxy.js';

/** Schemes accepted for the Janus WebSocket API and Admin API. */
export const JANUS_URL_PROTOCOLS = ['ws:', 'wss:', 'ws+unix:'] as const;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const satisfies readonly LogLevel[];

export interface JanusAdminConfig {
  /** `JANUS_ADMIN_URL`: the Janus Admin API (WebSocket, subprotocol `janus-admin-protocol`). */
  readonly url: string;
  /** `JANUS_ADMIN_SECRET`: Janus's `admin_secret`. */
  readonly secret: string;
}

/** One independent Janus server of `JANUS_POOL`. */
export interface JanusPoolMember {
  /** Its WebSocket API URL. */
  readonly url: string;
  /** Its Admin API (the URL after `|`, with `JANUS_ADMIN_SECRET`), when given. */
  readonly admin?: JanusAdminConfig;
}

export interface JanusConfig {
  /**
   * `JANUS_URL`: one or more Janus WebSocket API URLs (the first is used first, the others on failover). Empty with
   * `JANUS_POOL`.
   */
  readonly urls: readonly string[];
  /**
   * `JANUS_POOL`: independent Janus servers (`API_URL` or `API_URL|ADMIN_URL`, comma-separated), each room placed on
   * one of them. Absent without `JANUS_POOL`.
   */
  readonly pool?: readonly JanusPoolMember[];
  /** `JANUS_API_SECRET`: Janus's `api_secret`, when Janus has one. */
  readonly apiSecret?: string;
  /** `JANUS_ADMIN_URL` + `JANUS_ADMIN_SECRET`, when both are set. */
  readonly admin?: JanusAdminConfig;
}

export interface AuthConfig {
  /** `AUTH_REQUIRED`: browsers and HTTP clients must present a valid JWT. Default true. */
  readonly required: boolean;
  /** `JWT_SECRET`: shared secret for HS256 tokens. */
  readonly jwtSecret?: string;
  /** `JWT_JWKS_URL`: the identity provider's JWKS (RS256/ES256 tokens; keys are cached). */
  readonly jwksUrl?: string;
  /** `JWT_ISSUER` / `JWT_AUDIENCE`: checked when set. */
  readonly issuer?: string;
  readonly audience?: string;
  /** `JWT_ROLES_CLAIM`: the claim that holds the user's roles (array or space/comma-separated string). Default `roles`. */
  readonly rolesClaim: string;
  /** `JWT_ADMIN_ROLE`: the role that may administer rooms. Default `admin`. */
  readonly adminRole: string;
  /** `JWT_REQUIRE_EXP`: refuse tokens without an `exp` claim (they would never expire). Default true. */
  readonly requireExp: boolean;
}

export interface SignalingConfig {
  /** `WS_MAX_PAYLOAD_BYTES`: socket.io `maxHttpBufferSize`, the largest message a browser may send. Default 262144. */
  readonly maxPayloadBytes: number;
  /** `SDP_MAX_BYTES`: the largest SDP accepted in a JSEP. Default 65536. */
  readonly maxSdpBytes: number;
  /**
   * `WS_PING_INTERVAL_MS`, `WS_PING_TIMEOUT_MS`: socket.io's heartbeat, a ping to every socket each interval, the
   * socket dropped when its pong is later than the timeout. Defaults 25000 and 20000 (socket.io's). Idle, the pings
   * are most of the app's CPU (one per socket per interval); a longer interval must stay below the idle timeout of
   * every proxy on the way (nginx: 60 s), or those close idle sockets.
   */
  readonly heartbeat: { readonly intervalMs: number; readonly timeoutMs: number };
  /** `RATE_LIMIT_POINTS`, `RATE_LIMIT_IP_POINTS`, `RATE_LIMIT_WINDOW_S`: expensive requests (join, subscribe, create,
   * start, offer) allowed per socket / per client address (see `TRUST_PROXY`) in each window. Defaults 20, 100, 10 s. */
  readonly rateLimit: { readonly perSocket: number; readonly perIp: number; readonly windowSeconds: number };
}

/**
 * The secrets of one plugin's rooms (or mountpoints) and its `admin_key`: server-side config the app adds to the
 * requests it sends, never sent to (or taken from) browsers. Read from `<PLUGIN>_ROOM_SECRETS` (Streaming:
 * `STREAMING_MOUNTPOINT_SECRETS`), `<PLUGIN>_DEFAULT_SECRET` and `<PLUGIN>_ADMIN_KEY`.
 */
export interface PluginSecretsConfig {
  /** `id=secret` pairs separated by commas. */
  readonly roomSecrets: ReadonlyMap<number, string>;
  /** The secret for rooms not listed (and for rooms the app creates). */
  readonly defaultSecret?: string;
  /** The plugin's `admin_key`, when Janus requires it to create rooms. */
  readonly adminKey?: string;
}

/** `VIDEOROOM_ROOM_SECRETS`, `VIDEOROOM_DEFAULT_SECRET`, `VIDEOROOM_ADMIN_KEY`, `VIDEOROOM_CASCADE_SUBSCRIBERS`. */
export type VideoRoomConfig = PluginSecretsConfig & {
  /**
   * With `JANUS_POOL`: the subscribers an instance places on a room's own server before the next ones go to another
   * server that receives the feeds remotely. Unset: never.
   */
  readonly cascadeSubscribers?: number;
};

export interface IceConfig {
  /** `STUN_URLS`: `stun:` / `stuns:` URLs for browsers, comma-separated. */
  readonly stunUrls: readonly string[];
  /** `TURN_URLS`: `turn:` / `turns:` URLs, comma-separated; credentials are minted per user with `TURN_SECRET`. */
  readonly turnUrls: readonly string[];
  /** `TURN_SECRET`: the TURN server's shared secret (coturn `static-auth-secret`); never sent to browsers. */
  readonly turnSecret?: string;
  /** `TURN_CREDENTIAL_TTL_S`: how long minted TURN credentials stay valid. Default 3600. */
  readonly turnTtlSeconds: number;
}

export interface WhipConfig {
  /** `WHIP_TOKENS`: `room=token` pairs separated by commas: static Bearer tokens (for encoders and players that can
   * only hold one) accepted for WHIP publishing into, and WHEP playing from, that room. */
  readonly roomTokens: ReadonlyMap<number, string>;
  /** `WHIP_RESOURCE_TIMEOUT_S`: a WHIP/WHEP resource whose PeerConnection is not up this long after the POST (a
   * client that went away without a DELETE) is torn down with its Janus session. Default 30. */
  readonly resourceTimeoutSeconds: number;
  /** `WHIP_PUBLISH_ROLE`: the JWT role needed to publish into a room over WHIP. Unset: any valid JWT. */
  readonly publishRole?: string;
}

/** Schemes accepted for `REDIS_URL`. */
export const REDIS_URL_PROTOCOLS = ['redis:', 'rediss:'] as const;

/**
 * Multi-instance mode, on when `REDIS_URL` is set: app instances share socket.io broadcasts, rate limits and records
 * of who owns which Janus session through Redis (docs/DEPLOYMENT.md, Scale-out).
 */
export interface ScaleOutConfig {
  /** `REDIS_URL`: `redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS. */
  readonly redisUrl: string;
  /**
   * `INSTANCE_TTL_S`: an instance's heartbeat in Redis lives this long; it is renewed every third of it, and the
   * other instances look for expired ones as often. Janus sessions of an instance that died are destroyed within
   * this TTL plus a third of it (plus a Janus round trip). Default 9 (12 s).
   */
  readonly instanceTtlSeconds: number;
}

export interface MetricsConfig {
  /** `METRICS_TOKEN`: when set, `GET /metrics` needs `Authorization: Bearer <token>`. Unset: `/metrics` is open. */
  readonly token?: string;
  /**
   * `METRICS_EVENT_LOOP_SAMPLE_MS`: how often the event-loop delay is sampled (10-10000, default 500). Each sample
   * wakes the process, idle or not: prom-client's 10 ms was most of an idle app's CPU (5 ms/s of 6), and 100 ms
   * still 0.7 of 0.9 ms/s on the bench's machine; 500 ms is 2 wake-ups a second. A stall at least this long is
   * always seen, a shorter one when it covers a sample, and a steadily loaded loop shows its delay either way.
   */
  readonly eventLoopSampleMs: number;
}

export interface HttpConfig {
  /** `HOST`: the address the HTTP server binds to. Default 127.0.0.1 (the Docker image sets 0.0.0.0). */
  readonly host: string;
  /** `PORT`: default 3000. */
  readonly port: number;
  /**
   * `TRUST_PROXY`: the reverse proxies whose `X-Forwarded-For` names the client (Express's `trust proxy`, and the
   * address the socket.io rate limit counts). Unset: none, the connection's peer is the client.
   */
  readonly trustProxy?: TrustProxy;
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
  readonly auth!: AuthConfig;
  readonly signaling!: SignalingConfig;
  readonly videoRoom!: VideoRoomConfig;
  /** `AUDIOBRIDGE_ROOM_SECRETS`, `AUDIOBRIDGE_DEFAULT_SECRET`, `AUDIOBRIDGE_ADMIN_KEY`. */
  readonly audioBridge!: PluginSecretsConfig;
  /**
   * `AUDIOBRIDGE_RECORDING_DIR`: the folder on the Janus host where AudioBridge recordings go (the mixes' `.wav`, and
   * the participants' `.mjr` in rooms the app creates; an absolute path Janus may write to). Unset: recording is
   * refused.
   */
  readonly audioBridgeRecordingDir?: string;
  /** `STREAMING_MOUNTPOINT_SECRETS`, `STREAMING_DEFAULT_SECRET`, `STREAMING_ADMIN_KEY`. */
  readonly streaming!: PluginSecretsConfig;
  /**
   * `STREAMING_RECORDING_DIR`: the folder on the Janus host where mountpoint recordings go (an absolute path Janus
   * may write to). Unset: recording mountpoints is refused.
   */
  readonly streamingRecordingDir?: string;
  /** `TEXTROOM_ROOM_SECRETS`, `TEXTROOM_DEFAULT_SECRET`, `TEXTROOM_ADMIN_KEY`. */
  readonly textRoom!: PluginSecretsConfig;
  readonly ice!: IceConfig;
  readonly whip!: WhipConfig;
  readonly metrics!: MetricsConfig;
  /** `REDIS_URL`, `INSTANCE_TTL_S`: set when the app runs as one of several instances; unset, it runs alone. */
  readonly scaleOut?: ScaleOutConfig;
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

/** One plugin's {@link PluginSecretsConfig} from `<plugin>_<kind>_SECRETS`, `<plugin>_DEFAULT_SECRET`, `<plugin>_ADMIN_KEY`. */
function pluginSecrets(read: EnvReader, plugin: string, kind: 'ROOM' | 'MOUNTPOINT'): PluginSecretsConfig {
  const name = `${plugin}_${kind}_SECRETS`;
  const roomSecrets = new Map<number, string>();
  for (const pair of (read.raw(name) ?? '').split(',').filter((p) => p.trim())) {
    const [id, secret] = pair.split('=').map((x) => x.trim());
    if (!id || !/^\d+$/.test(id) || !secret) {
      read.fail(name, `expected ${kind.toLowerCase()}=secret pairs separated by commas, got "${pair}"`);
      break;
    }
    roomSecrets.set(Number(id), secret);
  }
  return {
    roomSecrets,
    defaultSecret: read.string(`${plugin}_DEFAULT_SECRET`),
    adminKey: read.string(`${plugin}_ADMIN_KEY`),
  };
}

/** A recording folder on the Janus host: Janus builds `<dir>/<file>` names from it, so an absolute plain path. */
function recordingDir(read: EnvReader, name: string): string | undefined {
  const dir = read.string(name);
  if (dir !== undefined && !/^\/[A-Za-z0-9._/-]*$/.test(dir)) {
    read.fail(name, 'must be an absolute path of letters, digits and . _ - /');
  }
  return dir;
}

/** Reads and validates the configuration; throws a `ConfigError` naming every bad variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const read = new EnvReader(env);

  const urlHint = 'comma-separated ws://, wss:// or ws+unix:// URLs of the Janus WebSocket API, or JANUS_POOL';
  const adminSecret = read.string('JANUS_ADMIN_SECRET');
  const pool = janusPool(read, adminSecret);
  // Set but bad, JANUS_POOL is reported as such (not as a missing JANUS_URL).
  const pooled = read.raw('JANUS_POOL') !== undefined;
  let janusUrls: string[] = [];
  if (pooled && read.raw('JANUS_URL')) read.fail('JANUS_POOL', 'replaces JANUS_URL: set one of the two');
  else if (!pooled && read.requiredString('JANUS_URL', urlHint)) {
    janusUrls = read.urlList('JANUS_URL', JANUS_URL_PROTOCOLS);
  }
  const apiSecret = read.string('JANUS_API_SECRET');

  const adminUrls = read.urlList('JANUS_ADMIN_URL', JANUS_URL_PROTOCOLS);
  if (adminUrls.length > 1) read.fail('JANUS_ADMIN_URL', 'must be a single URL');
  if (pooled && read.raw('JANUS_ADMIN_URL')) {
    read.fail('JANUS_ADMIN_URL', "does not go with JANUS_POOL: give each server's Admin API there (API_URL|ADMIN_URL)");
  }
  if (!pooled && read.raw('JANUS_ADMIN_URL') && !adminSecret) {
    read.fail('JANUS_ADMIN_SECRET', 'is required when JANUS_ADMIN_URL is set');
  }
  if (!pooled && adminSecret && !read.raw('JANUS_ADMIN_URL')) {
    read.fail('JANUS_ADMIN_URL', 'is required when JANUS_ADMIN_SECRET is set');
  }

  const host = read.string('HOST') ?? '127.0.0.1';
  const port = read.integer('PORT', 3000, 0, 65535);
  const trustProxy = parseTrustProxy(read.raw('TRUST_PROXY'));
  if (trustProxy.problem) read.fail('TRUST_PROXY', trustProxy.problem);
  const authRequired = read.boolean('AUTH_REQUIRED', true);
  const logLevel = read.oneOf('LOG_LEVEL', LOG_LEVELS, 'log', { info: 'log' });

  const jwtSecret = read.string('JWT_SECRET');
  const jwksUrl = read.urlList('JWT_JWKS_URL', ['http:', 'https:'])[0];
  if (authRequired && !jwtSecret && !jwksUrl) {
    read.fail('JWT_SECRET', 'or JWT_JWKS_URL is required when AUTH_REQUIRED is true (or set AUTH_REQUIRED=false)');
  }
  if (jwtSecret && jwtSecret.length < 32) read.fail('JWT_SECRET', 'must be at least 32 characters for HS256');

  const issuer = read.string('JWT_ISSUER');
  const audience = read.string('JWT_AUDIENCE');
  const rolesClaim = read.string('JWT_ROLES_CLAIM') ?? 'roles';
  const adminRole = read.string('JWT_ADMIN_ROLE') ?? 'admin';
  const requireExp = read.boolean('JWT_REQUIRE_EXP', true);
  const signaling: SignalingConfig = {
    maxPayloadBytes: read.integer('WS_MAX_PAYLOAD_BYTES', 262_144, 1024, 16 * 1024 * 1024),
    maxSdpBytes: read.integer('SDP_MAX_BYTES', 65_536, 1024, 1024 * 1024),
    heartbeat: {
      intervalMs: read.integer('WS_PING_INTERVAL_MS', 25_000, 1000, 600_000),
      timeoutMs: read.integer('WS_PING_TIMEOUT_MS', 20_000, 1000, 600_000),
    },
    rateLimit: {
      perSocket: read.integer('RATE_LIMIT_POINTS', 20, 1, 1_000_000),
      perIp: read.integer('RATE_LIMIT_IP_POINTS', 100, 1, 1_000_000),
      windowSeconds: read.integer('RATE_LIMIT_WINDOW_S', 10, 1, 3600),
    },
  };

  const iceUrls = (name: string, schemes: RegExp): string[] => {
    const list = (read.raw(name) ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean);
    const bad = list.find((u) => !schemes.test(u));
    if (bad)
      read.fail(
        name,
        `"${bad}" is not a ${schemes.source.includes('turn') ? 'turn: or turns:' : 'stun: or stuns:'} URL`,
      );
    return list;
  };
  const ice: IceConfig = {
    stunUrls: iceUrls('STUN_URLS', /^stuns?:[^\s,]+$/),
    turnUrls: iceUrls('TURN_URLS', /^turns?:[^\s,]+$/),
    turnSecret: read.string('TURN_SECRET'),
    turnTtlSeconds: read.integer('TURN_CREDENTIAL_TTL_S', 3600, 60, 7 * 24 * 3600),
  };
  if (ice.turnUrls.length > 0 && !ice.turnSecret) read.fail('TURN_SECRET', 'is required when TURN_URLS is set');

  const whipTokens = new Map<number, string>();
  for (const pair of (read.raw('WHIP_TOKENS') ?? '').split(',').filter((p) => p.trim())) {
    // Split at the first `=` only: base64 tokens may end with `=`.
    const at = pair.indexOf('=');
    const room = (at < 0 ? pair : pair.slice(0, at)).trim();
    const token = at < 0 ? '' : pair.slice(at + 1).trim();
    if (!/^\d+$/.test(room) || !token) {
      read.fail('WHIP_TOKENS', `expected room=token pairs separated by commas, got "${pair.trim()}"`);
      break;
    }
    if (token.length < 16) {
      read.fail('WHIP_TOKENS', `the token of room ${room} must be at least 16 characters`);
      break;
    }
    whipTokens.set(Number(room), token);
  }
  const whip: WhipConfig = {
    roomTokens: whipTokens,
    resourceTimeoutSeconds: read.integer('WHIP_RESOURCE_TIMEOUT_S', 30, 1, 3600),
    publishRole: read.string('WHIP_PUBLISH_ROLE'),
  };

  // The token travels in an Authorization header: the characters of RFC 6750's b64token only.
  const metricsToken = read.string('METRICS_TOKEN');
  if (metricsToken !== undefined) {
    if (metricsToken.length < 16) read.fail('METRICS_TOKEN', 'must be at least 16 characters');
    else if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(metricsToken)) {
      read.fail('METRICS_TOKEN', 'may hold only letters, digits and - . _ ~ + / (then = padding)');
    }
  }
  const metrics: MetricsConfig = {
    token: metricsToken,
    eventLoopSampleMs: read.integer('METRICS_EVENT_LOOP_SAMPLE_MS', 500, 10, 10_000),
  };

  const videoRoom: VideoRoomConfig = {
    ...pluginSecrets(read, 'VIDEOROOM', 'ROOM'),
    cascadeSubscribers:
      read.raw('VIDEOROOM_CASCADE_SUBSCRIBERS') === undefined
        ? undefined
        : read.integer('VIDEOROOM_CASCADE_SUBSCRIBERS', 0, 0, 1_000_000),
  };
  const audioBridge = pluginSecrets(read, 'AUDIOBRIDGE', 'ROOM');
  const audioBridgeRecordingDir = recordingDir(read, 'AUDIOBRIDGE_RECORDING_DIR');
  const streaming = pluginSecrets(read, 'STREAMING', 'MOUNTPOINT');
  const streamingRecordingDir = recordingDir(read, 'STREAMING_RECORDING_DIR');
  const textRoom = pluginSecrets(read, 'TEXTROOM', 'ROOM');
  const scaleOut = scaleOutConfig(read);
  if (read.problems.length > 0) throw new ConfigError(read.problems);

  return new AppConfig({
    janus: {
      urls: janusUrls,
      pool,
      apiSecret,
      admin: adminUrls[0] && adminSecret ? { url: adminUrls[0], secret: adminSecret } : undefined,
    },
    http: { host, port, trustProxy: trustProxy.setting },
    authRequired,
    logLevel,
    auth: {
      required: authRequired,
      jwtSecret,
      jwksUrl,
      issuer,
      audience,
      rolesClaim,
      adminRole,
      requireExp,
    },
    signaling,
    ice,
    whip,
    metrics,
    videoRoom,
    audioBridge,
    audioBridgeRecordingDir,
    streaming,
    streamingRecordingDir,
    textRoom,
    scaleOut,
  });
}

/**
 * `REDIS_URL` (redis:// or rediss://, a host, at most a database number for a path) and `INSTANCE_TTL_S`; none
 * without the URL. Problems never repeat the URL's password.
 */
/**
 * `JANUS_POOL`: `API_URL` or `API_URL|ADMIN_URL` entries, comma-separated, every server once. An Admin API needs
 * `JANUS_ADMIN_SECRET` (shared by the pool).
 */
function janusPool(read: EnvReader, adminSecret: string | undefined): JanusPoolMember[] | undefined {
  const raw = read.raw('JANUS_POOL');
  if (raw === undefined) return undefined;
  const members: JanusPoolMember[] = [];
  for (const entry of raw.split(',').map((s) => s.trim())) {
    const [api, admin, ...extra] = entry.split('|').map((s) => s.trim());
    if (extra.length > 0 || !api) {
      return read.fail('JANUS_POOL', `"${entry}" is not API_URL or API_URL|ADMIN_URL (entries separated by commas)`);
    }
    const problem =
      checkUrl(api, JANUS_URL_PROTOCOLS) ?? (admin !== undefined ? checkUrl(admin, JANUS_URL_PROTOCOLS) : undefined);
    if (problem) return read.fail('JANUS_POOL', problem);
    if (members.some((m) => m.url === api)) return read.fail('JANUS_POOL', `lists ${redactUrl(api)} twice`);
    if (admin !== undefined && !adminSecret) {
      return read.fail('JANUS_ADMIN_SECRET', 'is required when JANUS_POOL gives Admin API URLs');
    }
    members.push({
      url: api,
      admin: admin !== undefined && adminSecret ? { url: admin, secret: adminSecret } : undefined,
    });
  }
  return members;
}

function scaleOutConfig(read: EnvReader): ScaleOutConfig | undefined {
  const instanceTtlSeconds = read.integer('INSTANCE_TTL_S', 9, 3, 300);
  const raw = read.raw('REDIS_URL');
  if (raw === undefined) return undefined;
  const expected = 'expected redis://[user:password@]host[:port][/db], or rediss:// for TLS';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return read.fail('REDIS_URL', `is not a URL (${expected})`);
  }
  const shown = redactUrl(raw);
  if (!(REDIS_URL_PROTOCOLS as readonly string[]).includes(url.protocol)) {
    read.fail('REDIS_URL', `"${shown}" has scheme ${url.protocol} (${expected})`);
  } else if (!url.hostname) {
    // Without a host the URL may not parse into user and password: it is not repeated.
    read.fail('REDIS_URL', `has no host (${expected})`);
  } else if (!/^\/?\d*$/.test(url.pathname) || url.search || url.hash) {
    read.fail('REDIS_URL', `"${shown}" may have a database number for a path, nothing else (${expected})`);
  }
  return { redisUrl: raw, instanceTtlSeconds };
}
