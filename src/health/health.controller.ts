import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { JanusHealthIndicator } from 'nestjs-janus/health';

/** Liveness (`/health`) for the Docker HEALTHCHECK, readiness (`/health/ready`) for load balancers. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly janus: JanusHealthIndicator,
  ) {}

  /** The process serves HTTP; says nothing about Janus (a Janus outage must not restart the app). */
  @Get()
  check(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready when Janus answers `info` (503 with the reason otherwise). */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.janus.isHealthy('janus', { timeoutMs: 2000 })]);
  }
}
