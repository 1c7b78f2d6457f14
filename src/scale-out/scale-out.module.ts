import { Global, Module } from '@nestjs/common';
import { JanusService } from 'nestjs-janus';
import { AppConfig } from '../config/index.js';
import { ScaleOut } from './scale-out.js';

/**
 * Multi-instance mode for every module: `ScaleOut`, connected to Redis at startup when `REDIS_URL` is set (the app
 * does not start without it then), a stand-in without Redis otherwise.
 */
@Global()
@Module({
  providers: [
    {
      provide: ScaleOut,
      inject: [AppConfig, JanusService],
      useFactory: (config: AppConfig, janus: JanusService) => ScaleOut.connect(config.scaleOut, janus),
    },
  ],
  exports: [ScaleOut],
})
export class ScaleOutModule {}
