import { Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Socket } from 'socket.io';
import { AppConfig } from '../config/index.js';
import { SignalingError } from './signaling.errors.js';

/**
 * Limits expensive requests (join, subscribe, create, start, offer) per socket and per client address, with
 * `RATE_LIMITED` errors. Limits come from `RATE_LIMIT_POINTS`, `RATE_LIMIT_IP_POINTS`, `RATE_LIMIT_WINDOW_S`.
 */
@Injectable()
export class RateLimitService {
  private readonly perSocket: RateLimiterMemory;
  private readonly perIp: RateLimiterMemory;

  constructor(config: AppConfig) {
    const { perSocket, perIp, windowSeconds } = config.signaling.rateLimit;
    this.perSocket = new RateLimiterMemory({ keyPrefix: 'socket', points: perSocket, duration: windowSeconds });
    this.perIp = new RateLimiterMemory({ keyPrefix: 'ip', points: perIp, duration: windowSeconds });
  }

  /** Spends one point for this socket and its address; throws `RATE_LIMITED` with the wait when none is left. */
  async consume(socket: Socket, what: string): Promise<void> {
    try {
      await this.perSocket.consume(socket.id);
      await this.perIp.consume(socket.handshake.address || 'unknown');
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        const seconds = Math.ceil(err.msBeforeNext / 1000);
        throw new SignalingError('RATE_LIMITED', `too many ${what} requests: retry in ${seconds} s`);
      }
      throw err;
    }
  }

  /** Forgets a socket that went away. */
  async forget(socket: Socket): Promise<void> {
    await this.perSocket.delete(socket.id);
  }
}
