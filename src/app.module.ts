import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfigModule, loadConfig, type AppConfig } from './config/index.js';
import { AudioBridgeModule } from './audiobridge/audiobridge.module.js';
import { HealthModule } from './health/health.module.js';
import { InfoModule } from './info/info.module.js';
import { AuthModule } from './auth/index.js';
import { EchoTestModule } from './echotest/echotest.module.js';
import { IceModule } from './ice/ice.module.js';
import { AppJanusModule } from './janus/index.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { RoomsModule } from './rooms/index.js';
import { ScaleOutModule, type ScaleOut } from './scale-out/index.js';
import { SignalingModule } from './signaling/index.js';
import { StreamingModule } from './streaming/index.js';
import { TextRoomModule } from './textroom/textroom.module.js';
import { VideoRoomModule } from './videoroom/videoroom.module.js';
import { WhipModule } from './whip/index.js';

@Module({})
export class AppModule {
  /**
   * The whole app; `config` is the validated configuration (read from `process.env` when omitted), `scaleOut` the
   * multi-instance mode already connected (connected while the app is built when omitted).
   */
  static forRoot(config: AppConfig = loadConfig(), scaleOut?: ScaleOut): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        MetricsModule.forRoot(config.metrics),
        AppJanusModule.forRoot(config),
        ScaleOutModule.forRoot(scaleOut),
        HealthModule,
        InfoModule,
        AuthModule,
        SignalingModule,
        EchoTestModule,
        VideoRoomModule,
        AudioBridgeModule,
        StreamingModule,
        TextRoomModule,
        RoomsModule,
        WhipModule,
        IceModule,
      ],
    };
  }
}
