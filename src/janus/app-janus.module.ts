import { Global, Module, type DynamicModule } from '@nestjs/common';
import {
  AudioBridgeService,
  getJanusServiceToken,
  getPluginServiceClassToken,
  JanusModule,
  StreamingService,
  TextRoomService,
  VideoRoomService,
  type JanusService,
} from 'nestjs-janus';
import type { AppConfig } from '../config/index.js';
import { ScaleOut } from '../scale-out/scale-out.js';
import { janusServersFrom } from './janus-options.js';
import { JanusPool, PoolServer } from './janus-pool.service.js';

/**
 * The app's Janus connections, global: `JanusService` (the first server) and {@link JanusPool} (every server, and
 * which holds what) anywhere. One connection per server of `JANUS_POOL` (the first the default connection, the
 * others `pool-<n>`), each with the plugin services the app administers rooms with.
 */
@Global()
@Module({})
export class AppJanusModule {
  static forRoot(config: AppConfig): DynamicModule {
    const servers = janusServersFrom(config);
    return {
      module: AppJanusModule,
      imports: servers.flatMap(({ name, options }) => [
        JanusModule.forRoot({ ...options, name, isGlobal: true }),
        JanusModule.forFeature([AudioBridgeService, StreamingService, TextRoomService], { name }),
      ]),
      providers: [
        {
          provide: JanusPool,
          inject: [
            ScaleOut,
            ...servers.flatMap(({ name }) => [
              getJanusServiceToken(name),
              getPluginServiceClassToken(VideoRoomService, name),
              getPluginServiceClassToken(AudioBridgeService, name),
              getPluginServiceClassToken(StreamingService, name),
              getPluginServiceClassToken(TextRoomService, name),
            ]),
          ],
          useFactory: (scaleOut: ScaleOut, ...services: unknown[]) =>
            new JanusPool(
              servers.map((setup, i) => {
                const [janus, videoRoom, audioBridge, streaming, textRoom] = services.slice(5 * i, 5 * i + 5);
                return new PoolServer(
                  setup.id,
                  setup.label,
                  i,
                  janus as JanusService,
                  videoRoom as VideoRoomService,
                  audioBridge as AudioBridgeService,
                  streaming as StreamingService,
                  textRoom as TextRoomService,
                );
              }),
              scaleOut,
            ),
        },
      ],
      exports: [JanusPool],
    };
  }
}
