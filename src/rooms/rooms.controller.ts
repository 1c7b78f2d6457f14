import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ErrorBodyDto, JanusIdPipe } from '../http/index.js';
import { CreateRoomDto, EditRoomDto } from '../room-admin/dto/room-admin.dto.js';
import {
  AllowedTokensDto,
  RecordingDto,
  RoomCreatedDto,
  RoomInfoDto,
  RoomListDto,
} from '../room-admin/dto/room-replies.dto.js';
import { RoomAdminService } from '../room-admin/index.js';
import { AllowedUpdateDto, DestroyRoomQueryDto } from './dto/room-requests.dto.js';
import { RoomAdminApi, RoomParam } from './room-admin.api.js';

/** VideoRoom rooms: list, create, describe, edit, destroy; their allowed lists and recording. Admin role only. */
@Controller('api/rooms')
@RoomAdminApi('rooms')
export class RoomsController {
  constructor(private readonly roomAdmin: RoomAdminService) {}

  @Get()
  @ApiOperation({
    summary: 'List the rooms',
    description: 'Private rooms are listed only when the server has the plugin admin key (`VIDEOROOM_ADMIN_KEY`).',
  })
  @ApiOkResponse({ type: RoomListDto })
  async list(): Promise<RoomListDto> {
    return { rooms: await this.roomAdmin.listRooms('all') };
  }

  @Post()
  @ApiOperation({
    summary: 'Create a room',
    description:
      'The room gets the server-side secret (`VIDEOROOM_DEFAULT_SECRET`); a `secret` in the body is ignored. ' +
      'The `Location` header is the new room.',
  })
  @ApiCreatedResponse({ type: RoomCreatedDto })
  @ApiConflictResponse({ description: 'The room id is taken (`janusCode` 427)', type: ErrorBodyDto })
  @ApiForbiddenResponse({ description: "Janus refused the server's admin key (`janusCode` 433)", type: ErrorBodyDto })
  async create(@Body() body: CreateRoomDto, @Res({ passthrough: true }) response: Response): Promise<RoomCreatedDto> {
    const created = await this.roomAdmin.create(body);
    response.location(`/api/rooms/${created.room}`);
    return created;
  }

  @Get(':room')
  @RoomParam()
  @ApiOperation({ summary: 'Describe a room' })
  @ApiOkResponse({ type: RoomInfoDto })
  describe(@Param('room', new JanusIdPipe()) room: number): Promise<RoomInfoDto> {
    return this.roomAdmin.describeRoom(room);
  }

  @Patch(':room')
  @RoomParam()
  @ApiOperation({ summary: 'Edit a live room', description: 'Fields left out stay as they are. Answers the room.' })
  @ApiOkResponse({ type: RoomInfoDto })
  edit(@Param('room', new JanusIdPipe()) room: number, @Body() body: EditRoomDto): Promise<RoomInfoDto> {
    return this.roomAdmin.edit(room, body);
  }

  @Delete(':room')
  @HttpCode(204)
  @RoomParam()
  @ApiOperation({ summary: 'Destroy a room', description: 'Its participants are told (`destroyed`).' })
  @ApiNoContentResponse({ description: 'Destroyed' })
  async destroy(@Param('room', new JanusIdPipe()) room: number, @Query() query: DestroyRoomQueryDto): Promise<void> {
    await this.roomAdmin.destroy(room, query.permanent);
  }

  @Put(':room/allowed')
  @RoomParam()
  @ApiOperation({
    summary: "Manage the room's allowed list",
    description: '`enable` / `disable` the token check on join, or `add` / `remove` the tokens in `list`.',
  })
  @ApiOkResponse({ type: AllowedTokensDto })
  allowed(@Param('room', new JanusIdPipe()) room: number, @Body() body: AllowedUpdateDto): Promise<AllowedTokensDto> {
    return this.roomAdmin.updateAllowed(room, body);
  }

  @Post(':room/recording')
  @HttpCode(200)
  @RoomParam()
  @ApiOperation({ summary: 'Start recording every publisher of the room' })
  @ApiOkResponse({ type: RecordingDto })
  startRecording(@Param('room', new JanusIdPipe()) room: number): Promise<RecordingDto> {
    return this.roomAdmin.setRecording(room, true);
  }

  @Delete(':room/recording')
  @HttpCode(204)
  @RoomParam()
  @ApiOperation({ summary: 'Stop recording the room' })
  @ApiNoContentResponse({ description: 'Recording stopped' })
  async stopRecording(@Param('room', new JanusIdPipe()) room: number): Promise<void> {
    await this.roomAdmin.setRecording(room, false);
  }
}
