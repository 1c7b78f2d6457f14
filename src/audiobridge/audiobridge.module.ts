import { Module } from '@nestjs/common';
import { AudioBridgeSecrets } from '../room-admin/index.js';
import { AudioBridgeAdminService } from './audiobridge-admin.service.js';
import { AudioBridgeRoomsController } from './audiobridge-rooms.controller.js';
import { AudioBridgeGateway } from './audiobridge.gateway.js';

/**
 * The AudioBridge for browsers (`/audiobridge`) and its room administration over HTTP (`/api/audiobridge/rooms`),
 * both through the one {@link AudioBridgeAdminService} (with the `AUDIOBRIDGE_*` secrets of the server's config).
 */
@Module({
  providers: [AudioBridgeGateway, AudioBridgeAdminService, AudioBridgeSecrets],
  controllers: [AudioBridgeRoomsController],
})
export class AudioBridgeModule {}
