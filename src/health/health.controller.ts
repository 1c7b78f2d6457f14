import { Controller, Get, Logger, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import type { Response } from 'express';
import { DEFAULT_JANUS_CONNECTION } from 'nestjs-janus';
import { JanusHealthIndicator } from 'nestjs-janus/health';
import { JanusPool } from '../janus/index.js';
import { ReadinessLog } from './readiness-log.js';

/** Liveness (`/health`) for the Docker HEALTHCHECK, readiness (`/health/ready`) for load balancers. */
@Controller('health')
export class HealthController {
  private readonly readiness = new ReadinessLog(new Logger('Health'));

  constructor(
    private readonly health: HealthCheckService,
    private readonly janus: JanusHealthIndicator,
    private readonly pool: JanusPool,
  ) {}

  /** The process serves HTTP; says nothing about Janus (a Janus outage must not restart the app). */
  @Get()
  check(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Ready when Janus answers `info`; otherwise 503 with terminus's body (`error.janus` holds the reason). With
   * `JANUS_POOL`, ready while at least one server answers: each is a check of its own (`janus` for the first,
   * `janus:pool-<n>` for the others), the ones down listed under `error`. Changes of readiness are logged once each
   * (see {@link ReadinessLog}); terminus's own per-failure log is off.
   */
  @Get('ready')
  @HealthCheck()
  async ready(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    let result: HealthCheckResult;
    try {
      result = await this.health.check(
        this.pool.servers.map((server) => {
          const name = server.janus.name === DEFAULT_JANUS_CONNECTION ? undefined : server.janus.name;
          const key = name === undefined ? 'janus' : `janus:${name}`;
          return () => this.janus.isHealthy(key, { connection: name, timeoutMs: 2000 });
        }),
      );
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      result = err.getResponse() as HealthCheckResult;
      // A pool is ready while one of its servers answers (terminus's result says `error` when any check failed).
      if (Object.keys(result.info ?? {}).length > 0) result = { ...result, status: 'ok' };
    }
    if (result.status === 'ok') {
      this.readiness.up();
      return result;
    }
    // Answered here rather than thrown: the body stays terminus's whatever exception filters the app has.
    this.readiness.down(result);
    response.status(503);
    return result;
  }
}
