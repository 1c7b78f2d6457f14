import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { JanusHealthIndicator } from './janus.health.js';

/** Provides {@link JanusHealthIndicator} (with terminus's `TerminusModule`). Import it where your health controller lives. */
@Module({
  imports: [TerminusModule],
  providers: [JanusHealthIndicator],
  exports: [JanusHealthIndicator, TerminusModule],
})
export class JanusHealthModule {}
