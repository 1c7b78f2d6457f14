import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { JanusHealthModule } from 'nestjs-janus/health';
import { HealthController } from './health.controller.js';

/**
 * `/health` and `/health/ready`. Terminus's logger is off (`logger: false`): it would log an error with the whole
 * result on every failed probe; the controller logs readiness changes instead. Listed first, so the controller's
 * `HealthCheckService` is this one.
 */
@Module({ imports: [TerminusModule.forRoot({ logger: false }), JanusHealthModule], controllers: [HealthController] })
export class HealthModule {}
