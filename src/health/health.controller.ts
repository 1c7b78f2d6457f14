import { Controller, Get, Logger, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import type { Response } from 'express';
import { JanusHealthIndicator } from 'nestjs-janus/health';
import { ReadinessLog } from './readiness-log.js';

/** Liveness (`/health`) for the Docker HEALTHCHECK, readiness (`/health/ready`) for load balancers. */
@Controller('health')
export class HealthController {
  private readonly readiness = new ReadinessLog(new Logger('Health'));

  constructor(
    private readonly health: HealthCheckService,
    private readonly janus: JanusHealthIndicator,
  ) {}

  /** The process serves HTTP; says nothing about Janus (a Janus outage must not restart the app). */
  @Get()
  check(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Ready when Janus answers `info`; otherwise 503 with terminus's body (`error.janus` holds the reason). Changes
   * of readiness are logged once each (see {@link ReadinessLog}); terminus's own per-failure log is off.
   */
  @Get('ready')
  @HealthCheck()
  async ready(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    try {
      const result = await this.health.check([() => this.janus.isHealthy('janus', { timeoutMs: 2000 })]);
      this.readiness.up();
      return result;
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      // Answered here rather than thrown: the body stays terminus's whatever exception filters the app has.
      const result = err.getResponse() as HealthCheckResult;
      this.readiness.down(result);
      response.status(503);
      return result;
    }
  }
}
