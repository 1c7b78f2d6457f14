import { Module } from '@nestjs/common';

/**
 * Holds one connection's `JanusService` under a global token (`JanusModule.forRoot` imports it), so the plugin
 * services `JanusModule.forFeature` registers in any module reach their connection. Its token is not the
 * public `JanusService` one: `isGlobal` alone decides where that is visible.
 */
@Module({})
export class JanusCoreModule {}
