import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ErrorBodyDto, JanusIdPipe } from '../http/index.js';
import { ModerateDto } from '../room-admin/dto/room-admin.dto.js';
import { ParticipantsDto } from '../room-admin/dto/room-replies.dto.js';
import { RoomAdminService } from '../room-admin/index.js';
import { RoomAdminApi, RoomAndFeedParams, RoomParam } from './room-admin.api.js';

/** A room's participants: list, kick, moderate. Admin role only. */
@Controller('api/rooms/:room/participants')
@RoomAdminApi('participants')
export class ParticipantsController {
  constructor(private readonly roomAdmin: RoomAdminService) {}

  @Get()
  @RoomParam()
  @ApiOperation({ summary: "List the room's participants" })
  @ApiOkResponse({ type: ParticipantsDto })
  list(@Param('room', new JanusIdPipe()) room: number): Promise<ParticipantsDto> {
    return this.roomAdmin.listParticipants(room);
  }

  @Post(':feed/kick')
  @HttpCode(204)
  @RoomAndFeedParams()
  @ApiOperation({ summary: 'Kick a participant', description: 'It and the other participants are told (`kicked`).' })
  @ApiNoContentResponse({ description: 'Kicked' })
  async kick(
    @Param('room', new JanusIdPipe()) room: number,
    @Param('feed', new JanusIdPipe()) feed: number,
  ): Promise<void> {
    await this.roomAdmin.kick(room, feed);
  }

  @Post(':feed/moderate')
  @HttpCode(204)
  @RoomAndFeedParams()
  @ApiOperation({ summary: "Mute or unmute one of a participant's streams for everyone" })
  @ApiNoContentResponse({ description: 'Done' })
  @ApiForbiddenResponse({ description: 'Janus refused (`janusCode` 433)', type: ErrorBodyDto })
  async moderate(
    @Param('room', new JanusIdPipe()) room: number,
    @Param('feed', new JanusIdPipe()) feed: number,
    @Body() body: ModerateDto,
  ): Promise<void> {
    await this.roomAdmin.moderate(room, feed, body);
  }
}
