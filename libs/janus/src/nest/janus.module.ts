import { Module } from '@nestjs/common';
import { ConfigurableJanusModule } from './janus.module-definition.js';

/**
 * The NestJS module of nestjs-janus: one Janus connection per registration.
 *
 * ```ts
 * JanusModule.forRoot({ servers: [{ url: 'ws://127.0.0.1:8188' }] })
 * JanusModule.forRootAsync({
 *   name: 'b',
 *   imports: [ConfigModule],
 *   inject: [ConfigService],
 *   useFactory: (config: ConfigService) => ({ servers: [{ url: config.getOrThrow('JANUS_B_URL') }] }),
 * })
 * ```
 *
 * Inject `JanusService` (or `@InjectJanus('b')`) anywhere the module is visible (`isGlobal: true` for everywhere).
 */
@Module({})
export class JanusModule extends ConfigurableJanusModule {}
