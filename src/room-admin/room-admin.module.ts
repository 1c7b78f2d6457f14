import { Module } from '@nestjs/common';
import { RoomAdminService } from './room-admin.service.js';
import { RoomSecrets } from './room-secrets.service.js';

/**
 * Room administration (the VideoRoom plugin's management requests, with the room secrets and admin key of the
 * server's config) for the transports that offer it: the socket gateway (`/videoroom`) and the REST API (`/api/rooms`).
 */
@Module({ providers: [RoomAdminService, RoomSecrets], exports: [RoomAdminService, RoomSecrets] })
export class RoomAdminModule {}
