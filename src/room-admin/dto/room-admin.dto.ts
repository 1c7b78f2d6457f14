import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  isIP,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  type IsIpVersion,
  type ValidationArguments,
} from 'class-validator';
import { IsIntBetween, IsJanusId, IsNestedObject, MAX_JANUS_ID, MAX_UINT32 } from '../../signaling/input-rules.js';

const VIDEO_CODECS = ['vp8', 'vp9', 'h264', 'av1', 'h265'];
const AUDIO_CODECS = ['opus', 'multiopus', 'g722', 'pcmu', 'pcma', 'isac32', 'isac16'];

/**
 * The requests of room administration, the same for the socket gateway (`/videoroom`'s admin events) and the REST
 * API (`/api/rooms`, which takes the room from the path): their fields and validation.
 */

/** `create`: room options a client may choose (the room secret comes from server config, never from a client). */
export class CreateRoomDto {
  @ApiPropertyOptional({
    description: 'Room id (Janus picks one when missing)',
    type: 'integer',
    minimum: 1,
    maximum: MAX_JANUS_ID,
  })
  @IsOptional()
  @IsJanusId()
  room?: number;

  @ApiPropertyOptional({ maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  description?: string;

  @ApiPropertyOptional({ description: 'Hidden from room lists' })
  @IsOptional()
  @IsBoolean()
  is_private?: boolean;

  @ApiPropertyOptional({ description: 'PIN participants need to join', maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  pin?: string;

  @ApiPropertyOptional({ description: 'Max concurrent publishers', type: 'integer', minimum: 1, maximum: 100 })
  @IsOptional()
  @IsIntBetween(1, 100)
  publishers?: number;

  @ApiPropertyOptional({
    description: 'Max video bitrate of publishers in bit/s (0: none)',
    type: 'integer',
    minimum: 0,
    maximum: 100_000_000,
  })
  @IsOptional()
  @IsIntBetween(0, 100_000_000)
  bitrate?: number;

  @ApiPropertyOptional({ description: 'The bitrate cap also limits changes publishers ask for' })
  @IsOptional()
  @IsBoolean()
  bitrate_cap?: boolean;

  @ApiPropertyOptional({
    description: 'Keyframe request interval in seconds (0: never)',
    type: 'integer',
    minimum: 0,
    maximum: 3600,
  })
  @IsOptional()
  @IsIntBetween(0, 3600)
  fir_freq?: number;

  /** Comma-separated preference list, e.g. `opus` or `opus,g722`. */
  @ApiPropertyOptional({
    description: `Audio codecs in order of preference, comma-separated (${AUDIO_CODECS.join(', ')})`,
    example: 'opus',
  })
  @IsOptional()
  @Matches(new RegExp(`^(${AUDIO_CODECS.join('|')})(,(${AUDIO_CODECS.join('|')}))*$`))
  audiocodec?: string;

  @ApiPropertyOptional({
    description: `Video codecs in order of preference, comma-separated (${VIDEO_CODECS.join(', ')})`,
    example: 'vp8,h264',
  })
  @IsOptional()
  @Matches(new RegExp(`^(${VIDEO_CODECS.join('|')})(,(${VIDEO_CODECS.join('|')}))*$`))
  videocodec?: string;

  @ApiPropertyOptional({ description: 'Tell participants about every join, not only about publishers' })
  @IsOptional()
  @IsBoolean()
  notify_joining?: boolean;

  @ApiPropertyOptional({ description: 'Subscribers must give the private id of a publisher of theirs' })
  @IsOptional()
  @IsBoolean()
  require_pvtid?: boolean;

  @ApiPropertyOptional({ description: 'Send talking / stopped-talking events' })
  @IsOptional()
  @IsBoolean()
  audiolevel_event?: boolean;

  @ApiPropertyOptional({ description: "Also save the room in Janus's config file" })
  @IsOptional()
  @IsBoolean()
  permanent?: boolean;
}

/** `edit` (`PATCH /api/rooms/:room`): what can change on a live room; fields left out stay as they are. */
export class EditRoomDto extends PickType(CreateRoomDto, [
  'description',
  'pin',
  'is_private',
  'require_pvtid',
  'publishers',
  'bitrate',
  'fir_freq',
  'permanent',
] as const) {
  @ApiPropertyOptional({ description: 'Recording state can only change with the room secret' })
  @IsOptional()
  @IsBoolean()
  lock_record?: boolean;
}

/** Requests about one room (`list-participants`, `exists`; AudioBridge's `mute-room`, `rtp-fwd-list`...). */
export class RoomDto {
  @IsJanusId()
  room!: number;
}

/** `destroy`. */
export class DestroyRoomDto extends RoomDto {
  @IsOptional()
  @IsBoolean()
  permanent?: boolean;
}

/** Requests about one participant of a room: `kick` (AudioBridge's `mute-peer`, `unmute-peer` too). */
export class PeerDto extends RoomDto {
  @IsJanusId()
  feed!: number;
}

/** `moderate`: (un)mute one stream of a participant for everyone. */
export class ModerateDto {
  @ApiProperty({ description: "mid of the participant's stream", maxLength: 16, example: '0' })
  @IsString()
  @MaxLength(16)
  mid!: string;

  @ApiProperty({ description: 'true mutes the stream for everyone, false lets it through again' })
  @IsBoolean()
  mute!: boolean;
}

/** `allow`: manage a room's allowed list. */
export class AllowDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_JANUS_ID })
  @IsJanusId()
  room!: number;

  @ApiProperty({
    description: 'enable / disable the token check on join, or add / remove tokens',
    enum: ['enable', 'disable', 'add', 'remove'],
  })
  @IsIn(['enable', 'disable', 'add', 'remove'])
  action!: 'enable' | 'disable' | 'add' | 'remove';

  @ApiPropertyOptional({
    description: 'Tokens to add or remove',
    type: [String],
    maxItems: 1000,
    example: ['invite-1', 'invite-2'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(256, { each: true })
  list?: string[];
}

/** One stream to forward (`rtp-fwd-start.streams`). */
export class ForwardStreamDto {
  @ApiProperty({ description: "mid of the publisher's stream", maxLength: 16, example: '0' })
  @IsString()
  @MaxLength(16)
  mid!: string;

  @ApiProperty({ description: 'Destination UDP port', type: 'integer', minimum: 1, maximum: 65535 })
  @IsIntBetween(1, 65535)
  port!: number;

  @ApiPropertyOptional({
    description: 'Remote port to latch to for RTCP feedback',
    type: 'integer',
    minimum: 1,
    maximum: 65535,
  })
  @IsOptional()
  @IsIntBetween(1, 65535)
  rtcp_port?: number;

  @ApiPropertyOptional({
    description: 'SSRC of the forwarded packets',
    type: 'integer',
    minimum: 0,
    maximum: MAX_UINT32,
  })
  @IsOptional()
  @IsIntBetween(0, MAX_UINT32)
  ssrc?: number;

  @ApiPropertyOptional({
    description: 'Payload type of the forwarded packets',
    type: 'integer',
    minimum: 0,
    maximum: 127,
  })
  @IsOptional()
  @IsIntBetween(0, 127)
  pt?: number;
}

/**
 * The destination of a forwarder: an IP address, of the request's `host_family` when it has one. A name would be
 * resolved by Janus itself, on the thread serving the request, and one it cannot resolve is refused as an invalid
 * element (430).
 */
function IsForwardHost(): PropertyDecorator {
  const familyOf = (object: object): IsIpVersion | undefined => {
    const family = (object as { host_family?: unknown }).host_family;
    return family === 'ipv4' ? 4 : family === 'ipv6' ? 6 : undefined;
  };
  return ValidateBy({
    name: 'isForwardHost',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => isIP(value, args && familyOf(args.object)),
      defaultMessage: (args?: ValidationArguments) => {
        const family = args && familyOf(args.object);
        return `${args?.property ?? 'host'} must be an IP${family ? `v${family}` : ''} address`;
      },
    },
  });
}

/** `rtp-fwd-start`: forward a publisher's RTP to a host (admin only). */
export class RtpForwardStartDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_JANUS_ID })
  @IsJanusId()
  room!: number;

  @ApiProperty({ description: 'The publisher (feed) to forward', type: 'integer', minimum: 1, maximum: MAX_JANUS_ID })
  @IsJanusId()
  feed!: number;

  @ApiProperty({
    description: 'Destination IP address (IPv4 or IPv6, of `host_family` when given)',
    maxLength: 64,
    example: '127.0.0.1',
  })
  @IsString()
  @MaxLength(64)
  @IsForwardHost()
  host!: string;

  @ApiPropertyOptional({ enum: ['ipv4', 'ipv6'] })
  @IsOptional()
  @IsIn(['ipv4', 'ipv6'])
  host_family?: 'ipv4' | 'ipv6';

  @ApiPropertyOptional({ description: 'The streams to forward, by mid', type: [ForwardStreamDto], maxItems: 16 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(16)
  @IsNestedObject(() => ForwardStreamDto, { each: true })
  streams?: ForwardStreamDto[];
}

/** `rtp-fwd-stop`. */
export class RtpForwardStopDto {
  @IsJanusId()
  room!: number;

  @IsJanusId()
  feed!: number;

  /** The forwarder's id (Janus draws it as an unsigned 32-bit number). */
  @IsIntBetween(0, MAX_UINT32)
  stream_id!: number;
}
