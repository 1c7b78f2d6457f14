import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { JanusConnection } from 'nestjs-janus';
import type { ServerOptions } from 'socket.io';
import { redactUrl, type ScaleOutConfig } from '../config/index.js';
import { InstanceRegistry } from './instance-registry.js';
import { REDIS_KEY_PREFIX } from './redis-keys.js';

/** How long the app waits for Redis at startup before it gives up. */
export const REDIS_CONNECT_TIMEOUT_MS = 10_000;
/** How long one Redis command may take before it fails (rate limits then count in memory for a while). */
export const REDIS_COMMAND_TIMEOUT_MS = 2000;

/** Thrown at startup when `REDIS_URL` is set and Redis does not answer in time (or refuses the credentials). */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
  readonly code = 'REDIS_UNAVAILABLE';
}

/** socket.io's adapter option: what `server.adapter()` takes. */
export type SocketIoAdapterFactory = ServerOptions['adapter'];

/** The Redis side of multi-instance mode, once connected. */
interface Connected {
  /** Commands: rate limits, placement records, socket.io's publishes. */
  readonly redis: Redis;
  /** socket.io's subscriptions (a connection in subscriber mode can run nothing else). */
  readonly subscriber: Redis;
  readonly adapter: SocketIoAdapterFactory;
  /** `INSTANCE_TTL_S` in ms. */
  readonly ttlMs: number;
}

/**
 * Multi-instance mode (`REDIS_URL`), or the lack of it. Connected once at startup by {@link ScaleOut.connect}, before
 * the app is built; without `REDIS_URL` nothing of Redis is even loaded. Offers the Redis client (rate limits) and
 * the socket.io adapter that carries broadcasts to the sockets of every instance, keeps this instance's placement
 * record ({@link InstanceRegistry}) from `start()` to `close()`, and closes its Redis connections in `close()`.
 */
export class ScaleOut {
  private readonly logger = new Logger('ScaleOut');
  private registry_?: InstanceRegistry;
  private closing?: Promise<void>;

  private constructor(
    /** This process's id in Redis: `<host>:<pid>:<random>`, new at every start. */
    readonly instanceId: string,
    private readonly connected?: Connected,
  ) {}

  /** A single instance: no Redis. */
  static alone(): ScaleOut {
    return new ScaleOut(instanceIdOf());
  }

  /**
   * Connects to Redis when `config` says so (ioredis and the socket.io adapter are loaded only then); rejects with
   * {@link RedisUnavailableError} when Redis does not answer within {@link REDIS_CONNECT_TIMEOUT_MS}.
   */
  static async connect(config: ScaleOutConfig | undefined): Promise<ScaleOut> {
    if (!config) return ScaleOut.alone();
    const [{ Redis }, { createAdapter }] = await Promise.all([import('ioredis'), import('@socket.io/redis-adapter')]);
    const instanceId = instanceIdOf();
    const redis = new Redis(config.redisUrl, {
      // RESP2, the wire protocol @socket.io/redis-adapter 8 was built and tested with (ioredis 6 defaults to RESP3).
      protocol: 2,
      connectionName: `nestjs-janus:${instanceId}`,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      maxRetriesPerRequest: 2,
      lazyConnect: true,
    });
    const subscriber = redis.duplicate();
    const logger = new Logger('ScaleOut');
    const shown = redactUrl(config.redisUrl);
    let lastError: string | undefined;
    for (const [name, client] of [
      ['commands', redis],
      ['subscriber', subscriber],
    ] as const) {
      // ioredis reconnects by itself; one line per outage, not one per retry.
      let down = false;
      client.on('error', (err: Error) => {
        lastError = redactUrl(err.message);
        if (!down) logger.warn(`Redis (${name}) at ${shown}: ${lastError}`);
        down = true;
      });
      client.on('ready', () => {
        if (down) logger.log(`Redis (${name}) at ${shown} answers again`);
        down = false;
      });
    }
    try {
      await withTimeout(Promise.all([redis.connect(), subscriber.connect()]), REDIS_CONNECT_TIMEOUT_MS);
    } catch (err) {
      redis.disconnect();
      subscriber.disconnect();
      const why = lastError ?? (err instanceof Error ? redactUrl(err.message) : String(err));
      throw new RedisUnavailableError(
        `REDIS_URL: Redis at ${shown} did not answer within ${REDIS_CONNECT_TIMEOUT_MS} ms (${why}). Check that it ` +
          "runs there and the URL's user and password.",
      );
    }
    // The classic pub/sub adapter, not the sharded one (SSUBSCRIBE, for Redis Cluster) nor the streams one (made for
    // socket.io's connection state recovery, which the app cannot use: a socket's Janus handles live and die with
    // the instance that holds it). The app broadcasts little across instances, and pub/sub works on any Redis.
    const adapter = createAdapter(redis, subscriber, { key: `${REDIS_KEY_PREFIX}socket.io` });
    logger.log(`instance ${instanceId} on Redis at ${shown}`);
    return new ScaleOut(instanceId, { redis, subscriber, adapter, ttlMs: config.instanceTtlSeconds * 1000 });
  }

  /** True when the app runs as one of several instances (`REDIS_URL`). */
  get enabled(): boolean {
    return this.connected !== undefined;
  }

  /** The Redis client for commands, in multi-instance mode. */
  get redis(): Redis | undefined {
    return this.connected?.redis;
  }

  /** The socket.io adapter to install, in multi-instance mode. */
  get socketIoAdapter(): SocketIoAdapterFactory | undefined {
    return this.connected?.adapter;
  }

  /** This instance's placement record and the sweep of dead instances, once started in multi-instance mode. */
  get registry(): InstanceRegistry | undefined {
    return this.registry_;
  }

  /** Starts keeping the placement record of the sessions of `connections` (multi-instance mode; alone, nothing). */
  async start(connections: readonly JanusConnection[]): Promise<void> {
    if (!this.connected || this.registry_ || this.closing) return;
    this.registry_ = new InstanceRegistry(
      this.connected.redis,
      connections,
      { log: (m) => this.logger.log(m), warn: (m) => this.logger.warn(m) },
      { instanceId: this.instanceId, ttlMs: this.connected.ttlMs },
    );
    await this.registry_.start();
  }

  /**
   * Deletes this instance's record and closes the Redis connections (what they still have queued goes first).
   * Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    if (!this.connected) return;
    const { redis, subscriber } = this.connected;
    await this.registry_?.stop();
    await Promise.all(
      [redis, subscriber].map((client) =>
        withTimeout(client.quit(), REDIS_COMMAND_TIMEOUT_MS).catch(() => client.disconnect()),
      ),
    );
    this.logger.debug('Redis connections closed');
  }
}

function instanceIdOf(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** `promise`, or a rejection after `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
