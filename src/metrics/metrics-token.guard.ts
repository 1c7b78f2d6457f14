import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { UnauthorizedError } from '../auth/auth.errors.js';
import { bearerTokenOf } from '../auth/http/bearer-token.js';
import { AppConfig } from '../config/index.js';

/**
 * Protects `/metrics` when `METRICS_TOKEN` is set: the request needs `Authorization: Bearer <METRICS_TOKEN>`,
 * otherwise `UnauthorizedError` (401). The comparison takes the same time whatever the token sent (SHA-256 of
 * both, compared with `timingSafeEqual`). Without `METRICS_TOKEN`, `/metrics` is open.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(config: AppConfig) {
    if (config.metrics.token !== undefined) this.expected = digest(config.metrics.token);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const token = bearerTokenOf(context.switchToHttp().getRequest<Request>());
    if (token === undefined || !timingSafeEqual(digest(token), this.expected)) {
      throw new UnauthorizedError('/metrics needs Authorization: Bearer <METRICS_TOKEN>');
    }
    return true;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
