import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType, PickType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsIP,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { IsIntBetween, IsJanusId, MAX_UINT32 } from '../../signaling/input-rules.js';
import { CreateRoomDto, PeerDto } from '../../room-admin/dto/room-admin.dto.js';
import { RECORDING_NAME, RECORDING_NAME_MESSAGE } from './participant.dto.js';

/**
 * The requests of AudioBridge room administration, the same for the socket (`/audiobridge`'s admin events, with the
 * field names of Janode's example front-end) and the REST API (`/api/audiobridge/rooms`, which takes the room and
 * the participant from the path). No DTO has a `secret`: room secrets and the plugin's `admin_key` come from the
 * server's config, and a client-sent one is dropped by the validation.
 */

const SAMPLING_RATES = [8000, 12000, 16000, 24000, 48000] as const;

/** `create` (`POST /api/audiobridge/rooms`): the room options a client may choose. */
export class CreateAudioRoomDto extends PickType(CreateRoomDto, [
  'room',
  'description',
  'permanent',
  'is_private',
  'pin',
] as const) {
  @ApiPropertyOptional({ description: 'Sampling rate of the mix in Hz (default 16000)', enum: SAMPLING_RATES })
  @IsOptional()
  @IsIn(SAMPLING_RATES)
  sampling_rate?: (typeof SAMPLING_RATES)[number];

  @ApiPropertyOptional({ description: 'Spatial (stereo) mix' })
  @IsOptional()
  @IsBoolean()
  spatial_audio?: boolean;

  @ApiPropertyOptional({
    description: "Default bitrate of the mix's Opus streams in bit/s (0: libopus decides)",
    type: 'integer',
    minimum: 0,
    maximum: 512_000,
  })
  @IsOptional()
  @IsIntBetween(0, 512_000)
  bitrate?: number;

  @ApiPropertyOptional({
    description: 'Default expected packet loss in percent (FEC when above 0)',
    type: 'integer',
    minimum: 0,
    maximum: 20,
  })
  @IsOptional()
  @IsIntBetween(0, 20)
  expected_loss?: number;

  @ApiPropertyOptional({ description: 'Allow plain RTP participants (this app joins WebRTC ones only)' })
  @IsOptional()
  @IsBoolean()
  allow_rtp?: boolean;

  @ApiPropertyOptional({ description: 'Send talking / stopped-talking events' })
  @IsOptional()
  @IsBoolean()
  talking_events?: boolean;

  @ApiPropertyOptional({
    description: 'Audio level (dBov, 0 loudest) a participant must average to count as talking',
    type: 'integer',
    minimum: 0,
    maximum: 127,
  })
  @IsOptional()
  @IsIntBetween(0, 127)
  talking_level_threshold?: number;

  @ApiPropertyOptional({
    description: 'Packets the level is averaged over',
    type: 'integer',
    minimum: 1,
    maximum: 10_000,
  })
  @IsOptional()
  @IsIntBetween(1, 10_000)
  talking_packets_threshold?: number;

  @ApiPropertyOptional({ description: 'Forwarding groups of the room', type: [String], maxItems: 32 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(32)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  groups?: string[];

  @ApiPropertyOptional({ description: 'Record the mix from the start' })
  @IsOptional()
  @IsBoolean()
  record?: boolean;

  @ApiPropertyOptional({ description: 'Base name of the recording (`.wav` is added)', pattern: RECORDING_NAME.source })
  @IsOptional()
  @Matches(RECORDING_NAME, { message: RECORDING_NAME_MESSAGE })
  filename?: string;

  @ApiPropertyOptional({ description: 'Denoise participants with RNNoise (Janus 1.2.3+ built with it)' })
  @IsOptional()
  @IsBoolean()
  denoise?: boolean;
}

/** `PATCH /api/audiobridge/rooms/:room`: what can change on a live room; fields left out stay as they are. */
export class EditAudioRoomDto extends PickType(CreateRoomDto, [
  'description',
  'pin',
  'is_private',
  'permanent',
] as const) {}

/** `suspend-peer`: stop mixing a participant and sending it the mix (Janus 1.2.1+). */
export class SuspendDto {
  @ApiPropertyOptional({ description: "Also stop the participant's own recording" })
  @IsOptional()
  @IsBoolean()
  stop_record?: boolean;

  @ApiPropertyOptional({ description: 'Hold room events back from the participant while suspended' })
  @IsOptional()
  @IsBoolean()
  pause_events?: boolean;
}

export class SuspendPeerDto extends IntersectionType(SuspendDto, PeerDto) {}

/** `resume-peer`: mix a suspended participant again (Janus 1.2.1+). */
export class ResumeDto {
  @ApiPropertyOptional({ description: 'Record the participant again' })
  @IsOptional()
  @IsBoolean()
  record?: boolean;

  @ApiPropertyOptional({ description: 'Base name of that recording', pattern: RECORDING_NAME.source })
  @IsOptional()
  @Matches(RECORDING_NAME, { message: RECORDING_NAME_MESSAGE })
  filename?: string;
}

export class ResumePeerDto extends IntersectionType(ResumeDto, PeerDto) {}

/** `enable-recording`: start (`record: true`) or stop recording the room's mix. */
export class RecordingStartDto {
  @ApiPropertyOptional({ description: 'Base name of the recording (`.wav` is added)', pattern: RECORDING_NAME.source })
  @IsOptional()
  @Matches(RECORDING_NAME, { message: RECORDING_NAME_MESSAGE })
  filename?: string;
}

export class EnableRecordingDto extends RecordingStartDto {
  @IsJanusId()
  room!: number;

  @IsBoolean()
  record!: boolean;
}

/** `rtp-fwd-start`: forward the room's mix (or a group's) over RTP. */
export class AudioForwardStartDto {
  @IsJanusId()
  room!: number;

  @ApiProperty({ description: 'Destination IP address (Janus resolves no names here)', example: '127.0.0.1' })
  @IsString()
  @MaxLength(64)
  @IsIP()
  host!: string;

  @ApiPropertyOptional({ enum: ['ipv4', 'ipv6'] })
  @IsOptional()
  @IsIn(['ipv4', 'ipv6'])
  host_family?: 'ipv4' | 'ipv6';

  @ApiProperty({ description: 'Destination UDP port', type: 'integer', minimum: 1, maximum: 65535 })
  @IsIntBetween(1, 65535)
  audio_port!: number;

  @ApiPropertyOptional({ description: 'Forward this group only (rooms with groups)', maxLength: 64 })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  group?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_UINT32 })
  @IsOptional()
  @IsIntBetween(0, MAX_UINT32)
  ssrc?: number;

  @ApiPropertyOptional({ description: 'Payload type', type: 'integer', minimum: 0, maximum: 127 })
  @IsOptional()
  @IsIntBetween(0, 127)
  ptype?: number;

  @ApiPropertyOptional({ enum: ['opus', 'pcma', 'pcmu'] })
  @IsOptional()
  @IsIn(['opus', 'pcma', 'pcmu'])
  codec?: 'opus' | 'pcma' | 'pcmu';

  @ApiPropertyOptional({ description: 'Forward silence while the room is empty' })
  @IsOptional()
  @IsBoolean()
  always?: boolean;
}

/** `rtp-fwd-stop`: the forwarder as `stream` (its `audio_stream`). */
export class AudioForwardStopDto {
  @IsJanusId()
  room!: number;

  @IsIntBetween(0, MAX_UINT32)
  stream!: number;
}

/** `POST /api/audiobridge/rooms/:room/forwarders`: `rtp-fwd-start` without the room. */
export class AudioForwardDto extends OmitType(AudioForwardStartDto, ['room'] as const) {}
