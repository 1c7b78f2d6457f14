import { Module } from '@nestjs/common';
import { JanusModule } from 'nestjs-janus';
import { AppConfig } from '../config/index.js';
import { janusOptionsFrom } from './janus-options.js';

/** The app's Janus connection, global: inject `JanusService` anywhere. */
@Module({
  imports: [
    JanusModule.forRootAsync({
      isGlobal: true,
      inject: [AppConfig],
      useFactory: janusOptionsFrom,
    }),
  ],
})
export class AppJanusModule {}
