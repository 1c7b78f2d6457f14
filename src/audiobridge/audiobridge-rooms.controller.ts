import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ErrorBodyDto, JanusIdPipe } from '../http/index.js';
import { AllowedUpdateDto, DestroyRoomQueryDto } from '../rooms/dto/room-requests.dto.js';
import { JanusIdParams, RoomAdminApi, type IdParam } from '../rooms/room-admin.api.js';
import { MAX_UINT32 } from '../signaling/index.js';
import { AudioBridgeAdminService } from './audiobridge-admin.service.js';
import {
  AudioForwardDto,
  CreateAudioRoomDto,
  EditAudioRoomDto,
  RecordingStartDto,
  ResumeDto,
  SuspendDto,
} from './dto/admin.dto.js';
import {
  AudioAllowedDto,
  AudioForwardersDto,
  AudioForwardingDto,
  AudioParticipantsDto,
  AudioRecordingDto,
  AudioRoomCreatedDto,
  AudioRoomInfoDto,
  AudioRoomListDto,
} from './dto/replies.dto.js';

/** The 403 a recording request gets besides the admin role's. */
const RECORDING_OFF_DOC = 'Not an admin, or recording is off on this server (no `AUDIOBRIDGE_RECORDING_DIR`)';

const ROOM: IdParam = { name: 'room', description: 'AudioBridge room id' };
const FEED: IdParam = { name: 'feed', description: 'Participant id in the room' };

/** The `:room` path parameter. */
const RoomParam = (): MethodDecorator => JanusIdParams('No such room (`janusCode` 485)', ROOM);

/** The `:room` and `:feed` (a participant of the room) path parameters. */
const RoomAndFeedParams = (): MethodDecorator =>
  JanusIdParams('No such room (`janusCode` 485) or participant (492)', ROOM, FEED);

/**
 * AudioBridge rooms over HTTP (`/api/audiobridge/rooms/...`), for the admin role: the routes of the
 * {@link AudioBridgeAdminService}, which `/audiobridge`'s admin events use too. Errors are `{ code, message,
 * janusCode? }` with the statuses of the app's one error table.
 */
@Controller('api/audiobridge/rooms')
@RoomAdminApi('audiobridge')
export class AudioBridgeRoomsController {
  constructor(private readonly rooms: AudioBridgeAdminService) {}

  @Get()
  @ApiOperation({
    summary: 'List the AudioBridge rooms',
    description: 'Private rooms are listed only when the server has the plugin admin key (`AUDIOBRIDGE_ADMIN_KEY`).',
  })
  @ApiOkResponse({ type: AudioRoomListDto })
  async list(): Promise<AudioRoomListDto> {
    return { rooms: await this.rooms.listRooms('all') };
  }

  @Post()
  @ApiOperation({
    summary: 'Create an AudioBridge room',
    description:
      'The room gets the server-side secret (`AUDIOBRIDGE_DEFAULT_SECRET`); a `secret` in the body is ignored. ' +
      'The `Location` header is the new room.',
  })
  @ApiCreatedResponse({ type: AudioRoomCreatedDto })
  @ApiForbiddenResponse({ description: RECORDING_OFF_DOC, type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'The room id is taken (`janusCode` 486)', type: ErrorBodyDto })
  async create(
    @Body() body: CreateAudioRoomDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AudioRoomCreatedDto> {
    const created = await this.rooms.create(body);
    response.location(`/api/audiobridge/rooms/${created.room}`);
    return created;
  }

  @Get(':room')
  @RoomParam()
  @ApiOperation({ summary: 'Describe a room' })
  @ApiOkResponse({ type: AudioRoomInfoDto })
  describe(@Param('room', new JanusIdPipe()) room: number): Promise<AudioRoomInfoDto> {
    return this.rooms.describeRoom(room);
  }

  @Patch(':room')
  @RoomParam()
  @ApiOperation({ summary: 'Edit a live room', description: 'Fields left out stay as they are. Answers the room.' })
  @ApiOkResponse({ type: AudioRoomInfoDto })
  edit(@Param('room', new JanusIdPipe()) room: number, @Body() body: EditAudioRoomDto): Promise<AudioRoomInfoDto> {
    return this.rooms.edit(room, body);
  }

  @Delete(':room')
  @HttpCode(204)
  @RoomParam()
  @ApiOperation({ summary: 'Destroy a room', description: 'Its participants are told (`destroyed`).' })
  @ApiNoContentResponse({ description: 'Destroyed' })
  async destroy(@Param('room', new JanusIdPipe()) room: number, @Query() query: DestroyRoomQueryDto): Promise<void> {
    await this.rooms.destroy(room, query.permanent);
  }

  @Put(':room/allowed')
  @RoomParam()
  @ApiOperation({
    summary: "Manage the room's allowed list",
    description: '`enable` / `disable` the token check on join, or `add` / `remove` the tokens in `list`.',
  })
  @ApiOkResponse({ type: AudioAllowedDto })
  allowed(@Param('room', new JanusIdPipe()) room: number, @Body() body: AllowedUpdateDto): Promise<AudioAllowedDto> {
    return this.rooms.updateAllowed(room, body);
  }

  @Post(':room/recording')
  @HttpCode(200)
  @RoomParam()
  @ApiOperation({
    summary: "Start recording the room's mix",
    description: 'To `AUDIOBRIDGE_RECORDING_DIR` on the Janus host, as `<filename>.wav` (Janus names it otherwise).',
  })
  @ApiOkResponse({ type: AudioRecordingDto })
  @ApiForbiddenResponse({ description: RECORDING_OFF_DOC, type: ErrorBodyDto })
  startRecording(
    @Param('room', new JanusIdPipe()) room: number,
    @Body() body: RecordingStartDto,
  ): Promise<AudioRecordingDto> {
    return this.rooms.setRecording(room, true, body.filename);
  }

  @Delete(':room/recording')
  @HttpCode(204)
  @RoomParam()
  @ApiOperation({ summary: "Stop recording the room's mix" })
  @ApiNoContentResponse({ description: 'Recording stopped' })
  async stopRecording(@Param('room', new JanusIdPipe()) room: number): Promise<void> {
    await this.rooms.setRecording(room, false);
  }

  @Post(':room/mute')
  @HttpCode(204)
  @RoomParam()
  @ApiOperation({ summary: 'Mute the whole room', description: 'Participants are told (`room-muted-update`).' })
  @ApiNoContentResponse({ description: 'Muted' })
  async muteRoom(@Param('room', new JanusIdPipe()) room: number): Promise<void> {
    await this.rooms.setRoomMuted(room, true);
  }

  @Delete(':room/mute')
  @HttpCode(204)
  @RoomParam()
  @ApiOperation({ summary: 'Unmute the room' })
  @ApiNoContentResponse({ description: 'Unmuted' })
  async unmuteRoom(@Param('room', new JanusIdPipe()) room: number): Promise<void> {
    await this.rooms.setRoomMuted(room, false);
  }

  @Get(':room/participants')
  @RoomParam()
  @ApiOperation({ summary: "List the room's participants" })
  @ApiOkResponse({ type: AudioParticipantsDto })
  participants(@Param('room', new JanusIdPipe()) room: number): Promise<AudioParticipantsDto> {
    return this.rooms.listParticipants(room);
  }

  @Post(':room/participants/:feed/kick')
  @HttpCode(204)
  @RoomAndFeedParams()
  @ApiOperation({ summary: 'Kick a participant', description: 'It and the others are told.' })
  @ApiNoContentResponse({ description: 'Kicked' })
  async kick(
    @Param('room', new JanusIdPipe()) room: number,
    @Param('feed', new JanusIdPipe()) feed: number,
  ): Promise<void> {
    await this.rooms.kick(room, feed);
  }

  @Post(':room/participants/:feed/mute')
  @HttpCode(204)
  @RoomAndFeedParams()
  @ApiOperation({ summary: 'Mute a participant for everyone', description: 'Everyone in the room is told.' })
  @ApiNoContentResponse({ description: 'Muted' })
  async mute(
    @Param('room', new JanusIdPipe()) room: number,
    @Param('feed', new JanusIdPipe()) feed: number,
  ): Promise<void> {
    await this.rooms.setMuted(room, feed, true);
  }

  @Delete(':room/participants/:feed/mute')
  @HttpCode(204)
  @RoomAndFeedParams()
  @ApiOperation({ summary: 'Unmute a participant' })
  @ApiNoContentResponse({ description: 'Unmuted' })
  async unmute(
    @Param('room', new JanusIdPipe()) room: number,
    @Param('feed', new JanusIdPipe()) feed: number,
  ): Promise<void> {
    await this.rooms.setMuted(room, feed, false);
  }

  @Post(':room/participants/:feed/suspend')
  @HttpCode(204)
  @RoomAndFeedParams()
  @ApiOperation({
    summary: 'Suspend a participant',
    description: 'Not mixed and sent no mix, without leaving. Janus 1.2.1+ (older ones refuse: 502, `janusCode` 482).',
  })
  @ApiNoContentResponse({ description: 'Suspended' })
  async suspend(
    @Param('room', new JanusIdPipe()) room: number,
    @Param('feed', new JanusIdPipe()) feed: number,
    @Body() body: SuspendDto,
  ): Promise<void> {
    await this.rooms.suspend(room, feed, body);
  }

  @Delete(':room/participants/:feed/suspend')
  @HttpCode(204)
  @RoomAndFeedParams()
  @ApiOperation({ summary: 'Resume a suspended participant', description: 'Janus 1.2.1+.' })
  @ApiNoContentResponse({ description: 'Resumed' })
  async resume(
    @Param('room', new JanusIdPipe()) room: number,
    @Param('feed', new JanusIdPipe()) feed: number,
    @Body() body: ResumeDto,
  ): Promise<void> {
    await this.rooms.resume(room, feed, body);
  }

  @Get(':room/forwarders')
  @RoomParam()
  @ApiOperation({ summary: "List the RTP forwarders of the room's mix" })
  @ApiOkResponse({ type: AudioForwardersDto })
  forwarders(@Param('room', new JanusIdPipe()) room: number): Promise<AudioForwardersDto> {
    return this.rooms.listForwarders(room);
  }

  @Post(':room/forwarders')
  @RoomParam()
  @ApiOperation({
    summary: "Forward the room's mix over RTP",
    description: 'Its `audio_stream` stops it with `DELETE .../forwarders/{stream}`.',
  })
  @ApiCreatedResponse({ type: AudioForwardingDto })
  startForwarding(
    @Param('room', new JanusIdPipe()) room: number,
    @Body() body: AudioForwardDto,
  ): Promise<AudioForwardingDto> {
    return this.rooms.startForwarding(room, body);
  }

  @Delete(':room/forwarders/:stream')
  @HttpCode(204)
  @RoomParam()
  @ApiParam({
    name: 'stream',
    description: 'The forwarder (`audio_stream`)',
    schema: { type: 'integer', minimum: 0, maximum: MAX_UINT32 },
  })
  @ApiOperation({ summary: 'Stop one RTP forwarder' })
  @ApiNoContentResponse({ description: 'Stopped' })
  async stopForwarding(
    @Param('room', new JanusIdPipe()) room: number,
    @Param('stream', new JanusIdPipe(0, MAX_UINT32)) stream: number,
  ): Promise<void> {
    await this.rooms.stopForwarding(room, stream);
  }
}
