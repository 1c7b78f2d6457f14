import { Module } from '@nestjs/common';
import { RoomAdminModule } from '../room-admin/index.js';
import { VideoRoomGateway } from './videoroom.gateway.js';

/** The VideoRoom flow for browsers (`/videoroom`); its room administration events go to the `RoomAdminService`. */
@Module({ imports: [RoomAdminModule], providers: [VideoRoomGateway] })
export class VideoRoomModule {}
