import { Module } from '@nestjs/common';
import { StreamingSecrets } from '../room-admin/index.js';
import { MountpointsController } from './mountpoints.controller.js';
import { StreamingAdminService } from './streaming-admin.service.js';
import { StreamingGateway } from './streaming.gateway.js';

/**
 * The Streaming plugin for browsers (`/streaming`) and its mountpoint administration over HTTP
 * (`/api/streaming/mountpoints`), both through the one {@link StreamingAdminService}.
 */
@Module({
  providers: [StreamingGateway, StreamingAdminService, StreamingSecrets],
  controllers: [MountpointsController],
})
export class StreamingModule {}
