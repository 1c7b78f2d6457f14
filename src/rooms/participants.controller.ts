import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { VideoRoomService } from 'nestjs-janus';
import { ErrorBodyDto, JanusIdPipe } from '../http/index.js';
import { RoomSecrets } from '../videoroom/room-secrets.service.js';
import { ParticipantsDto } from './dto/room-replies.dto.js';
import { ModerateDto } from './dto/room-requests.dto.js';
import { RoomAdminApi, RoomAndFeedParams, RoomParam } from './room-admin.api.js';

/** A room's participants: list, kick, moderate. Admin role only. */
@Controller('api/rooms/:room/participants')
@RoomAdminApi('participants')
export class ParticipantsController {
  constructor(
    private readonly videoRoom: VideoRoomService,
    private readonly secrets: RoomSecrets,
  ) {}

  @Get()
  @RoomParam()
  @ApiOperation({ summary: "List the room's participants" })
  @ApiOkResponse({ type: ParticipantsDto })
  async list(@Param('room', new JanusIdPipe()) room: number): Promise<ParticipantsDto> {
    const reply = await this.videoRoom.listParticipants({ room });
    return {
      room,
      participants: reply.participants.map((p) => ({
        feed: p.id,
        display: p.display,
        publisher: p.publisher,
        talking: p.talking,
        remote: p.remote,
      })),
    };
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
    await this.videoRoom.kick({ room, id: feed, ...this.secrets.withSecret(room) });
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
    await this.videoRoom.moderate({ room, id: feed, mid: body.mid, mute: body.mute, ...this.secrets.withSecret(room) });
  }
}
