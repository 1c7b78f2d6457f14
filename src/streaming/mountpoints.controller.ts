import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ErrorBodyDto, JanusIdPipe } from '../http/index.js';
import { JanusIdParams, RoomAdminApi } from '../rooms/room-admin.api.js';
import {
  CreateMountpointDto,
  DestroyMountpointQueryDto,
  DisableMountpointDto,
  EditMountpointDto,
} from './dto/mountpoint-admin.dto.js';
import {
  MountpointCreatedDto,
  MountpointInfoDto,
  MountpointListDto,
  RecordingStartedDto,
} from './dto/mountpoint-replies.dto.js';
import { createOptionsFromDto, StreamingAdminService } from './streaming-admin.service.js';

/** The `:id` path parameter: a mountpoint. */
const MountpointParam = (): MethodDecorator =>
  JanusIdParams('No such mountpoint (`janusCode` 455)', { name: 'id', description: 'Mountpoint id' });

/**
 * Streaming mountpoints: list, create (RTP, file, RTSP), describe, edit, destroy, enable / disable, recording, and
 * hanging up every viewer. Admin role only; the mountpoint secrets and the plugin's admin key come from server config.
 */
@Controller('api/streaming/mountpoints')
@RoomAdminApi('streaming')
export class MountpointsController {
  constructor(private readonly admin: StreamingAdminService) {}

  @Get()
  @ApiOperation({
    summary: 'List the mountpoints',
    description:
      'Private mountpoints are listed only when the server has the plugin admin key (`STREAMING_ADMIN_KEY`).',
  })
  @ApiOkResponse({ type: MountpointListDto })
  async list(): Promise<MountpointListDto> {
    return { mountpoints: await this.admin.list('all') };
  }

  @Post()
  @ApiOperation({
    summary: 'Create a mountpoint',
    description:
      'The mountpoint gets the server-side secret (`STREAMING_DEFAULT_SECRET`); a `secret` in the body is ignored. ' +
      'An RTP mountpoint answers the ports to send each stream to. The `Location` header is the new mountpoint. ' +
      'Janus refusing it (id taken, port busy, RTSP server unreachable) is a 502 with `janusCode` 456.',
  })
  @ApiCreatedResponse({ type: MountpointCreatedDto })
  async create(
    @Body() body: CreateMountpointDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MountpointCreatedDto> {
    const created = await this.admin.create(createOptionsFromDto(body));
    response.location(`/api/streaming/mountpoints/${created.id}`);
    return created;
  }

  @Get(':id')
  @MountpointParam()
  @ApiOperation({ summary: 'Describe a mountpoint', description: 'With its name, PIN, viewers, ports and recordings.' })
  @ApiOkResponse({ type: MountpointInfoDto })
  describe(@Param('id', new JanusIdPipe()) id: number): Promise<MountpointInfoDto> {
    return this.admin.describe(id, true);
  }

  @Patch(':id')
  @MountpointParam()
  @ApiOperation({
    summary: 'Edit a mountpoint',
    description: 'Fields left out stay as they are. Answers the mountpoint.',
  })
  @ApiOkResponse({ type: MountpointInfoDto })
  edit(@Param('id', new JanusIdPipe()) id: number, @Body() body: EditMountpointDto): Promise<MountpointInfoDto> {
    return this.admin.edit(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @MountpointParam()
  @ApiOperation({ summary: 'Destroy a mountpoint', description: 'Its viewers are hung up.' })
  @ApiNoContentResponse({ description: 'Destroyed' })
  async destroy(@Param('id', new JanusIdPipe()) id: number, @Query() query: DestroyMountpointQueryDto): Promise<void> {
    await this.admin.destroy(id, query.permanent);
  }

  @Post(':id/enable')
  @HttpCode(204)
  @MountpointParam()
  @ApiOperation({ summary: 'Enable a mountpoint: viewers may watch it again' })
  @ApiNoContentResponse({ description: 'Enabled' })
  async enable(@Param('id', new JanusIdPipe()) id: number): Promise<void> {
    await this.admin.enable(id);
  }

  @Post(':id/disable')
  @HttpCode(204)
  @MountpointParam()
  @ApiOperation({ summary: 'Disable a mountpoint: new viewers are refused' })
  @ApiNoContentResponse({ description: 'Disabled' })
  async disable(@Param('id', new JanusIdPipe()) id: number, @Body() body: DisableMountpointDto): Promise<void> {
    await this.admin.disable(id, body.stop_recording);
  }

  @Post(':id/recording')
  @HttpCode(200)
  @MountpointParam()
  @ApiOperation({
    summary: 'Record every stream of an RTP mountpoint',
    description: 'To `STREAMING_RECORDING_DIR` on the Janus host, one `.mjr` file per stream.',
  })
  @ApiOkResponse({ type: RecordingStartedDto })
  @ApiForbiddenResponse({
    description: 'Recording is off on this server (no `STREAMING_RECORDING_DIR`)',
    type: ErrorBodyDto,
  })
  startRecording(@Param('id', new JanusIdPipe()) id: number): Promise<RecordingStartedDto> {
    return this.admin.startRecording(id);
  }

  @Delete(':id/recording')
  @HttpCode(204)
  @MountpointParam()
  @ApiOperation({ summary: 'Stop recording the mountpoint' })
  @ApiNoContentResponse({ description: 'Recording stopped' })
  async stopRecording(@Param('id', new JanusIdPipe()) id: number): Promise<void> {
    await this.admin.stopRecording(id);
  }

  @Post(':id/kick-all')
  @HttpCode(204)
  @MountpointParam()
  @ApiOperation({ summary: 'Hang up every viewer', description: 'They are told (`kicked`) and may watch again.' })
  @ApiNoContentResponse({ description: 'Hung up' })
  async kickAll(@Param('id', new JanusIdPipe()) id: number): Promise<void> {
    await this.admin.kickAll(id);
  }
}
