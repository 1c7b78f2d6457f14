import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { Response } from 'express';
import { JanusIdPipe } from '../http/index.js';
import { AllowedTokensDto, RoomCreatedDto } from '../room-admin/dto/room-replies.dto.js';
import { AllowedUpdateDto, DestroyRoomQueryDto } from '../rooms/dto/room-requests.dto.js';
import { JanusIdParams, RoomAdminApi, type IdParam } from '../rooms/room-admin.api.js';
import {
  TextRoomAnnouncementBodyDto,
  TextRoomCreateDto,
  TextRoomEditBodyDto,
  TextRoomUsernamePipe,
} from './dto/textroom.dto.js';
import { TextRoomListDto, TextRoomParticipantsDto } from './dto/textroom-replies.dto.js';
import { TextRoomAdminService } from './textroom-admin.service.js';

const ROOM: IdParam = { name: 'room', description: 'Room id' };
/** The `:room` path parameter. */
const RoomParam = (): MethodDecorator => JanusIdParams('No such room (`janusCode` 417)', ROOM);

/** TextRoom rooms over HTTP: list, create, edit, destroy, participants, kick, announcement, allowed list. Admin role. */
@Controller('api/textroom/rooms')
@RoomAdminApi('textroom')
export class TextRoomRoomsController {
  constructor(private readonly rooms: TextRoomAdminService) {}

  @Get()
  @ApiOperation({ summary: 'List the public TextRoom rooms' })
  @ApiOkResponse({ type: TextRoomListDto })
  async list(): Promise<TextRoomListDto> {
    return { rooms: await this.rooms.listRooms() };
  }

  @Post()
  @ApiOperation({
    summary: 'Create a room',
    description: 'The room gets the server-side secret (`TEXTROOM_DEFAULT_SECRET`). The `Location` header is the room.',
  })
  @ApiCreatedResponse({ type: RoomCreatedDto })
  async create(
    @Body() body: TextRoomCreateDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RoomCreatedDto> {
    const created = await this.rooms.create(body);
    response.location(`/api/textroom/rooms/${created.room}`);
    return created;
  }

  @Patch(':room')
  @RoomParam()
  @ApiOperation({ summary: 'Edit a room', description: 'Fields left out stay as they are.' })
  @ApiOkResponse({ type: RoomCreatedDto })
  edit(@Param('room', new JanusIdPipe()) room: number, @Body() body: TextRoomEditBodyDto): Promise<RoomCreatedDto> {
    return this.rooms.edit(room, body);
  }

  @Delete(':room')
  @HttpCode(204)
  @RoomParam()
  @ApiOperation({ summary: 'Destroy a room', description: 'Its participants are told on their data channel.' })
  @ApiNoContentResponse({ description: 'Destroyed' })
  async destroy(@Param('room', new JanusIdPipe()) room: number, @Query() query: DestroyRoomQueryDto): Promise<void> {
    await this.rooms.destroy(room, query.permanent);
  }

  @Get(':room/participants')
  @RoomParam()
  @ApiOperation({ summary: "List the room's participants" })
  @ApiOkResponse({ type: TextRoomParticipantsDto })
  participants(@Param('room', new JanusIdPipe()) room: number): Promise<TextRoomParticipantsDto> {
    return this.rooms.listParticipants(room);
  }

  @Post(':room/participants/:username/kick')
  @HttpCode(204)
  @JanusIdParams('No such room (417) or participant (423)', ROOM)
  @ApiParam({ name: 'username', description: 'The participant to remove' })
  @ApiOperation({ summary: 'Kick a participant' })
  @ApiNoContentResponse({ description: 'Kicked' })
  async kick(
    @Param('room', new JanusIdPipe()) room: number,
    @Param('username', TextRoomUsernamePipe) username: string,
  ): Promise<void> {
    await this.rooms.kick(room, username);
  }

  @Post(':room/announcement')
  @HttpCode(204)
  @RoomParam()
  @ApiOperation({ summary: 'Send an announcement to every participant' })
  @ApiNoContentResponse({ description: 'Sent' })
  async announce(
    @Param('room', new JanusIdPipe()) room: number,
    @Body() body: TextRoomAnnouncementBodyDto,
  ): Promise<void> {
    await this.rooms.announce(room, body.text);
  }

  @Put(':room/allowed')
  @RoomParam()
  @ApiOperation({ summary: "Manage the room's allowed list" })
  @ApiOkResponse({ type: AllowedTokensDto })
  allowed(@Param('room', new JanusIdPipe()) room: number, @Body() body: AllowedUpdateDto): Promise<AllowedTokensDto> {
    return this.rooms.updateAllowed(room, body);
  }
}
