import { Module, type DynamicModule } from '@nestjs/common';
import type { JanusFeatureOptions, JanusPluginFeature } from './interfaces/janus-feature.interface.js';
import { ConfigurableJanusModule } from './janus.module-definition.js';
import { createPluginServiceProviders } from './janus-plugin.providers.js';
import { janusConnectionName } from './janus.utils.js';

/**
 * The NestJS module of nestjs-janus: one Janus connection per `forRoot` registration, plugin services per
 * `forFeature` registration.
 *
 * ```ts
 * JanusModule.forRoot({ servers: [{ url: 'ws://127.0.0.1:8188' }] })
 * JanusModule.forRootAsync({
 *   name: 'b',
 *   imports: [ConfigModule],
 *   inject: [ConfigService],
 *   useFactory: (config: ConfigService) => ({ servers: [{ url: config.getOrThrow('JANUS_B_URL') }] }),
 * })
 * JanusModule.forFeature([TextRoomPlugin]) // in a feature module: @InjectPlugin(TextRoomPlugin)
 * ```
 *
 * Inject `JanusService` (or `@InjectJanus('b')`) anywhere the module is visible (`isGlobal: true` for everywhere).
 * `forRoot` also registers `VideoRoomService` and `EchoTestService` for its connection.
 */
@Module({})
export class JanusModule extends ConfigurableJanusModule {
  /**
   * Registers a service for each plugin class (built-in or your own) on a connection (`name`, default the
   * default connection), injected with `@InjectPlugin(Plugin, name?)`: typed `request()`s on a managed handle
   * that survives Janus restarts, `run()`, and `attach()` for handles the caller owns. A service class made by
   * `definePluginService` is injected by its own type too. Works in any module: the connection's `forRoot` need
   * not be global; there is one service per plugin and connection however many modules register it.
   */
  static forFeature(features: readonly JanusPluginFeature[], options: JanusFeatureOptions = {}): DynamicModule {
    const { providers, exports } = createPluginServiceProviders(features, janusConnectionName(options.name));
    return { module: JanusModule, providers, exports };
  }
}
