import { Module } from '@nestjs/common';
import { RoomAdminModule } from '../room-admin/index.js';
import { ForwardersController } from './forwarders.controller.js';
import { ParticipantsController } from './participants.controller.js';
import { RoomsController } from './rooms.controller.js';

/**
 * Room administration over HTTP (`/api/rooms/...`), for the admin role: the routes of the `RoomAdminService`
 * (src/room-admin, which the socket gateway uses too). See the OpenAPI document at `/api/docs`.
 */
@Module({
  imports: [RoomAdminModule],
  controllers: [RoomsController, ParticipantsController, ForwardersController],
})
export class RoomsModule {}
