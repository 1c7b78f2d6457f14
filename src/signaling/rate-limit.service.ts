import { Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Socket } from 'socket.io';
import { AppConfig, clientAddress, trustFunction } from '../config/index.js';
import { AppError } from '../errors/index.js';
import { REDIS_KEY_PREFIX, ScaleOut } from '../scale-out/index.js';

/**
 * Limits expensive requests (join, subscribe, create, start, offer, publish) per socket and per client address, with
 * `RATE_LIMITED` errors. Limits come from `RATE_LIMIT_POINTS`, `RATE_LIMIT_IP_POINTS`, `RATE_LIMIT_WINDOW_S`. The
 * client address is the handshake's peer, or behind the proxies `TRUST_PROXY` names, the address they forward for
 * (as Express's `req.ip`): otherwise every client behind a proxy would share the proxy's budget.
 *
 * Alone, the counts are in memory. With several instances (`REDIS_URL`) they are in Redis, so an address has one
 * budget whichever instances its sockets reach (keys `nestjs-janus:rl:*`, expiring with their window); while Redis
 * does not answer, each instance counts in memory again (rate-limiter-flexible's insurance limiter).
 */
@Injectable()
export class RateLimitService {
  private readonly perSocket: RateLimiterAbstract;
  private readonly perIp: RateLimiterAbstract;
  private readonly trust: ReturnType<typeof trustFunction>;

  constructor(config: AppConfig, scaleOut: ScaleOut) {
    const { perSocket, perIp, windowSeconds } = config.signaling.rateLimit;
    const limiter = (keyPrefix: string, points: number): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({ keyPrefix, points, duration: windowSeconds });
      const redis = scaleOut.redis;
      if (!redis) return memory;
      return new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${REDIS_KEY_PREFIX}rl:${keyPrefix}`,
        points,
        duration: windowSeconds,
        insuranceLimiter: memory,
        // While Redis is away, count in memory at once rather than after a command timeout.
        rejectIfRedisNotReady: true,
      });
    };
    this.perSocket = limiter('socket', perSocket);
    this.perIp = limiter('ip', perIp);
    this.trust = trustFunction(config.http.trustProxy);
  }

  /** The address whose budget a socket spends: its client's, as far as the trusted proxies tell. */
  addressOf(socket: Socket): string {
    const { address, headers } = socket.handshake;
    return clientAddress(address, headers, this.trust) ?? 'unknown';
  }

  /** Spends one point for this socket and its address; throws `RATE_LIMITED` with the wait when none is left. */
  async consume(socket: Socket, what: string): Promise<void> {
    try {
      await this.perSocket.consume(socket.id);
      await this.perIp.consume(this.addressOf(socket));
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        const seconds = Math.ceil(err.msBeforeNext / 1000);
        throw new AppError('RATE_LIMITED', `too many ${what} requests: retry in ${seconds} s`);
      }
      throw err;
    }
  }

  /** Forgets a socket that went away. */
  async forget(socket: Socket): Promise<void> {
    await this.perSocket.delete(socket.id);
  }
}
