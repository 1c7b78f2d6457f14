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
        // One PoolServer per server, from that connection's services.
        ...servers.map((setup, index) => ({
          provide: poolServerToken(setup.name),
          inject: [
            getJanusServiceToken(setup.name),
            getPluginServiceClassToken(VideoRoomService, setup.name),
            getPluginServiceClassToken(AudioBridgeService, setup.name),
            getPluginServiceClassToken(StreamingService, setup.name),
            getPluginServiceClassToken(TextRoomService, setup.name),
          ],
          useFactory: (
            janus: JanusService,
            videoRoom: VideoRoomService,
            audioBridge: AudioBridgeService,
            streaming: StreamingService,
            textRoom: TextRoomService,
          ) => new PoolServer(setup.id, setup.label, index, janus, videoRoom, audioBridge, streaming, textRoom),
        })),
        {
          provide: JanusPool,
          inject: [ScaleOut, ...servers.map(({ name }) => poolServerToken(name))],
          useFactory: (scaleOut: ScaleOut, ...pool: PoolServer[]) => new JanusPool(pool, scaleOut),
        },
      ],
      exports: [JanusPool],
    };
  }
}

/** The injection token of the {@link PoolServer} of the connection named `name` (the default one: `undefined`). */
function poolServerToken(name: string | undefined): string {
  return `nestjs-janus-app:pool-server:${name ?? 'default'}`;
}
