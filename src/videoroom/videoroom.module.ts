import { Module } from '@nestjs/common';
import { RoomAdminModule } from '../room-admin/index.js';
import { VideoRoomCascade } from './videoroom-cascade.service.js';
import { VideoRoomGateway } from './videoroom.gateway.js';

/** The VideoRoom flow for browsers (`/videoroom`); its room administration events go to the `RoomAdminService`. */
@Module({ imports: [RoomAdminModule], providers: [VideoRoomGateway, VideoRoomCascade] })
export class VideoRoomModule {}
