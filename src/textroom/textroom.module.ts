import { Module } from '@nestjs/common';
import { TextRoomSecrets } from '../room-admin/index.js';
import { TextRoomRoomsController } from './textroom-rooms.controller.js';
import { TextRoomAdminService } from './textroom-admin.service.js';
import { TextRoomGateway } from './textroom.gateway.js';

/** TextRoom: the `/textroom` namespace (data channel negotiation, room administration) and `/api/textroom/rooms`. */
@Module({
  controllers: [TextRoomRoomsController],
  providers: [TextRoomGateway, TextRoomAdminService, TextRoomSecrets],
})
export class TextRoomModule {}
