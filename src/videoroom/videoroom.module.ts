import { Module } from '@nestjs/common';
import { RoomSecrets } from './room-secrets.service.js';
import { VideoRoomGateway } from './videoroom.gateway.js';

/** The VideoRoom flow for browsers (`/videoroom`). */
@Module({ providers: [VideoRoomGateway, RoomSecrets], exports: [RoomSecrets] })
export class VideoRoomModule {}
