import { Module } from '@nestjs/common';
import { VideoRoomModule } from '../videoroom/videoroom.module.js';
import { ForwardersController } from './forwarders.controller.js';
import { ParticipantsController } from './participants.controller.js';
import { RoomsController } from './rooms.controller.js';

/**
 * Room administration over HTTP (`/api/rooms/...`), for the admin role: the VideoRoom plugin's management requests
 * through the `VideoRoomService`, with room secrets and the admin key from server config. See the OpenAPI document
 * at `/api/docs`.
 */
@Module({
  imports: [VideoRoomModule],
  controllers: [RoomsController, ParticipantsController, ForwardersController],
})
export class RoomsModule {}
