import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { VideoRoomService } from 'nestjs-janus';
import { JanusIdPipe } from '../http/index.js';
import { MAX_UINT32 } from '../signaling/index.js';
import { RoomSecrets } from '../videoroom/room-secrets.service.js';
import { ForwardersDto, ForwardingStartedDto } from './dto/room-replies.dto.js';
import { RtpForwardDto } from './dto/room-requests.dto.js';
import { RoomAdminApi, RoomAndFeedParams, RoomParam } from './room-admin.api.js';

/**
 * RTP forwarders of a room's publishers. A forwarder is a resource named by its publisher and its `stream_id`:
 * `DELETE /api/rooms/:room/forwarders/:feed/:streamId` stops it. Admin role only.
 */
@Controller('api/rooms/:room/forwarders')
@RoomAdminApi('forwarders')
export class ForwardersController {
  constructor(
    private readonly videoRoom: VideoRoomService,
    private readonly secrets: RoomSecrets,
  ) {}

  @Get()
  @RoomParam()
  @ApiOperation({ summary: "List the room's RTP forwarders, by publisher" })
  @ApiOkResponse({ type: ForwardersDto })
  async list(@Param('room', new JanusIdPipe()) room: number): Promise<ForwardersDto> {
    const reply = await this.videoRoom.listForwarders({ room, ...this.secrets.withSecret(room) });
    return {
      room,
      publishers: reply.publishers.map((p) => ({ feed: p.publisher_id, display: p.display, forwarders: p.forwarders })),
    };
  }

  @Post()
  @RoomParam()
  @ApiOperation({
    summary: "Forward a publisher's streams over RTP",
    description: 'One forwarder per stream; each `stream_id` stops it with `DELETE .../forwarders/{feed}/{streamId}`.',
  })
  @ApiCreatedResponse({ type: ForwardingStartedDto })
  async start(
    @Param('room', new JanusIdPipe()) room: number,
    @Body() body: RtpForwardDto,
  ): Promise<ForwardingStartedDto> {
    const reply = await this.videoRoom.rtpForward({
      room,
      publisher_id: body.feed,
      host: body.host,
      ...(body.host_family ? { host_family: body.host_family } : {}),
      streams: body.streams ?? [],
      ...this.secrets.withSecret(room),
      ...this.secrets.adminKey(),
    });
    return { room, feed: body.feed, forwarders: reply.forwarders };
  }

  @Delete(':feed/:streamId')
  @HttpCode(204)
  @RoomAndFeedParams()
  @ApiParam({
    name: 'streamId',
    description: 'The forwarder (`stream_id`)',
    schema: { type: 'integer', minimum: 0, maximum: MAX_UINT32 },
  })
  @ApiOperation({ summary: 'Stop one RTP forwarder' })
  @ApiNoContentResponse({ description: 'Stopped' })
  async stop(
    @Param('room', new JanusIdPipe()) room: number,
    @Param('feed', new JanusIdPipe()) feed: number,
    @Param('streamId', new JanusIdPipe(0, MAX_UINT32)) streamId: number,
  ): Promise<void> {
    await this.videoRoom.stopRtpForward({
      room,
      publisher_id: feed,
      stream_id: streamId,
      ...this.secrets.withSecret(room),
      ...this.secrets.adminKey(),
    });
  }
}
