import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { JanusIdPipe } from '../http/index.js';
import { ForwardersDto, ForwardingStartedDto } from '../room-admin/dto/room-replies.dto.js';
import { RoomAdminService } from '../room-admin/index.js';
import { MAX_UINT32 } from '../signaling/index.js';
import { RtpForwardDto } from './dto/room-requests.dto.js';
import { RoomAdminApi, RoomAndFeedParams, RoomParam } from './room-admin.api.js';

/**
 * RTP forwarders of a room's publishers. A forwarder is a resource named by its publisher and its `stream_id`:
 * `DELETE /api/rooms/:room/forwarders/:feed/:streamId` stops it. Admin role only.
 */
@Controller('api/rooms/:room/forwarders')
@RoomAdminApi('forwarders')
export class ForwardersController {
  constructor(private readonly roomAdmin: RoomAdminService) {}

  @Get()
  @RoomParam()
  @ApiOperation({ summary: "List the room's RTP forwarders, by publisher" })
  @ApiOkResponse({ type: ForwardersDto })
  list(@Param('room', new JanusIdPipe()) room: number): Promise<ForwardersDto> {
    return this.roomAdmin.listForwarders(room);
  }

  @Post()
  @RoomParam()
  @ApiOperation({
    summary: "Forward a publisher's streams over RTP",
    description: 'One forwarder per stream; each `stream_id` stops it with `DELETE .../forwarders/{feed}/{streamId}`.',
  })
  @ApiCreatedResponse({ type: ForwardingStartedDto })
  start(@Param('room', new JanusIdPipe()) room: number, @Body() body: RtpForwardDto): Promise<ForwardingStartedDto> {
    return this.roomAdmin.startForwarding(room, body);
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
    await this.roomAdmin.stopForwarding({ room, feed, stream_id: streamId });
  }
}
