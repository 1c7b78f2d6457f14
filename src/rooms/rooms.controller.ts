import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import { instanceToPlain } from 'class-transformer';
import type { Response } from 'express';
import { VideoRoomService, type VideoRoomCreateRequest, type VideoRoomEditRequest } from 'nestjs-janus';
import { ErrorBodyDto, JanusIdPipe } from '../http/index.js';
import { SignalingError } from '../signaling/index.js';
import { CreateRoomDto } from '../videoroom/dto/room-admin.dto.js';
import { RoomSecrets } from '../videoroom/room-secrets.service.js';
import { AllowedTokensDto, RecordingDto, RoomCreatedDto, RoomInfoDto, RoomListDto } from './dto/room-replies.dto.js';
import { AllowedUpdateDto, DestroyRoomQueryDto, EditRoomDto } from './dto/room-requests.dto.js';
import { RoomAdminApi, RoomParam } from './room-admin.api.js';

/** VideoRoom rooms: list, create, describe, edit, destroy; their allowed lists and recording. Admin role only. */
@Controller('api/rooms')
@RoomAdminApi('rooms')
export class RoomsController {
  constructor(
    private readonly videoRoom: VideoRoomService,
    private readonly secrets: RoomSecrets,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List the rooms',
    description: 'Private rooms are listed only when the server has the plugin admin key (`VIDEOROOM_ADMIN_KEY`).',
  })
  @ApiOkResponse({ type: RoomListDto })
  async list(): Promise<RoomListDto> {
    const { list } = await this.videoRoom.list({ ...this.secrets.adminKey() });
    return { rooms: list };
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
    // Only the options the DTO allows (unknown fields were dropped), as a plain object, then the server's secrets.
    const options = instanceToPlain(body) as VideoRoomCreateRequest;
    const created = await this.videoRoom.create({ ...options, ...this.secrets.forCreate() });
    response.location(`/api/rooms/${created.room}`);
    return { room: created.room, permanent: created.permanent };
  }

  @Get(':room')
  @RoomParam()
  @ApiOperation({ summary: 'Describe a room' })
  @ApiOkResponse({ type: RoomInfoDto })
  describe(@Param('room', new JanusIdPipe()) room: number): Promise<RoomInfoDto> {
    return this.describeRoom(room);
  }

  @Patch(':room')
  @RoomParam()
  @ApiOperation({ summary: 'Edit a live room', description: 'Fields left out stay as they are. Answers the room.' })
  @ApiOkResponse({ type: RoomInfoDto })
  async edit(@Param('room', new JanusIdPipe()) room: number, @Body() body: EditRoomDto): Promise<RoomInfoDto> {
    const edit: VideoRoomEditRequest = { room, ...this.secrets.withSecret(room) };
    if (body.description !== undefined) edit.new_description = body.description;
    if (body.pin !== undefined) edit.new_pin = body.pin;
    if (body.is_private !== undefined) edit.new_is_private = body.is_private;
    if (body.require_pvtid !== undefined) edit.new_require_pvtid = body.require_pvtid;
    if (body.publishers !== undefined) edit.new_publishers = body.publishers;
    if (body.bitrate !== undefined) edit.new_bitrate = body.bitrate;
    if (body.fir_freq !== undefined) edit.new_fir_freq = body.fir_freq;
    if (body.lock_record !== undefined) edit.new_lock_record = body.lock_record;
    if (body.permanent !== undefined) edit.permanent = body.permanent;
    await this.videoRoom.edit(edit);
    return this.describeRoom(room);
  }

  @Delete(':room')
  @HttpCode(204)
  @RoomParam()
  @ApiOperation({ summary: 'Destroy a room', description: 'Its participants are told (`destroyed`).' })
  @ApiNoContentResponse({ description: 'Destroyed' })
  async destroy(@Param('room', new JanusIdPipe()) room: number, @Query() query: DestroyRoomQueryDto): Promise<void> {
    await this.videoRoom.destroy({
      room,
      ...(query.permanent !== undefined ? { permanent: query.permanent } : {}),
      ...this.secrets.withSecret(room),
    });
  }

  @Put(':room/allowed')
  @RoomParam()
  @ApiOperation({
    summary: "Manage the room's allowed list",
    description: '`enable` / `disable` the token check on join, or `add` / `remove` the tokens in `list`.',
  })
  @ApiOkResponse({ type: AllowedTokensDto })
  async allowed(
    @Param('room', new JanusIdPipe()) room: number,
    @Body() body: AllowedUpdateDto,
  ): Promise<AllowedTokensDto> {
    const reply = await this.videoRoom.allowed({
      room,
      action: body.action,
      ...(body.list ? { allowed: body.list } : {}),
      ...this.secrets.withSecret(room),
    });
    return { room, ...(reply.allowed ? { list: reply.allowed } : {}) };
  }

  @Post(':room/recording')
  @HttpCode(200)
  @RoomParam()
  @ApiOperation({ summary: 'Start recording every publisher of the room' })
  @ApiOkResponse({ type: RecordingDto })
  async startRecording(@Param('room', new JanusIdPipe()) room: number): Promise<RecordingDto> {
    const reply = await this.videoRoom.enableRecording({ room, record: true, ...this.secrets.withSecret(room) });
    return { room, record: reply.record };
  }

  @Delete(':room/recording')
  @HttpCode(204)
  @RoomParam()
  @ApiOperation({ summary: 'Stop recording the room' })
  @ApiNoContentResponse({ description: 'Recording stopped' })
  async stopRecording(@Param('room', new JanusIdPipe()) room: number): Promise<void> {
    await this.videoRoom.enableRecording({ room, record: false, ...this.secrets.withSecret(room) });
  }

  /**
   * The room as Janus's `list` describes it. Janus has no request for one room, and lists private rooms only with
   * its admin key: a private room it does not list is described by its id only.
   */
  private async describeRoom(room: number): Promise<RoomInfoDto> {
    const { list } = await this.videoRoom.list({ ...this.secrets.adminKey() });
    const info = list.find((r) => r.room === room);
    if (info) return info;
    const { exists } = await this.videoRoom.exists({ room });
    if (!exists) throw new SignalingError('NOT_FOUND', `No such room (${room})`, 426);
    return { room, is_private: true };
  }
}
