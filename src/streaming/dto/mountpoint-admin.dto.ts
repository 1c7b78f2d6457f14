import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsIP,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { IsIntBetween, IsJanusId, IsNestedObject, MAX_JANUS_ID } from '../../signaling/input-rules.js';

/**
 * The requests of mountpoint administration, the same for the socket gateway (`/streaming`'s admin events) and the
 * REST API (`/api/streaming/mountpoints`): their fields and validation. No DTO has a `secret` or `admin_key`: they
 * come from server config only, and a client-sent one is dropped by the validation pipe.
 */

/** The codecs Janus 1.1.2's Streaming plugin knows by name. */
export const STREAMING_CODECS = [
  'opus',
  'multiopus',
  'pcmu',
  'pcma',
  'g722',
  'isac16',
  'isac32',
  'l16',
  'l16-48',
  'vp8',
  'vp9',
  'h264',
  'av1',
  'h265',
] as const;

/** A stream's mid: a short token. */
export const MID_PATTERN = /^[A-Za-z0-9_.-]{1,16}$/;
/** An `rtpmap` value, e.g. `opus/48000/2`, `VP8/90000`. */
export const RTPMAP_PATTERN = /^[A-Za-z0-9-]{1,32}\/\d{1,6}(\/\d{1,2})?$/;
/** An `fmtp` line's parameters, e.g. `profile-level-id=42e01f;packetization-mode=1`. */
const FMTP_PATTERN = /^[\x20-\x7e]{1,512}$/;
/** A network interface name or address to bind to. */
const IFACE_PATTERN = /^[A-Za-z0-9._:%-]{1,64}$/;
/** A file on the Janus host: an absolute path of plain characters. */
const FILE_PATTERN = /^\/[A-Za-z0-9._/-]{1,1023}$/;

/** One stream of an RTP mountpoint (Janus 1.x's `media` array). */
export class RtpMediaDto {
  @ApiProperty({ enum: ['audio', 'video', 'data'] })
  @IsIn(['audio', 'video', 'data'])
  type!: 'audio' | 'video' | 'data';

  @ApiProperty({ description: "The stream's mid in viewers' SDP", example: 'v', pattern: MID_PATTERN.source })
  @Matches(MID_PATTERN, { message: 'mid must be 1-16 letters, digits, _ . or -' })
  mid!: string;

  @ApiProperty({ description: 'UDP port Janus listens on for this stream (0: Janus picks one)', minimum: 0 })
  @IsIntBetween(0, 65535)
  port!: number;

  @ApiPropertyOptional({ description: 'UDP port for RTCP from the source', minimum: 0, maximum: 65535 })
  @IsOptional()
  @IsIntBetween(0, 65535)
  rtcpport?: number;

  @ApiPropertyOptional({ description: 'Payload type (audio, video)', minimum: 0, maximum: 127 })
  @IsOptional()
  @IsIntBetween(0, 127)
  pt?: number;

  @ApiPropertyOptional({ enum: STREAMING_CODECS })
  @IsOptional()
  @IsIn(STREAMING_CODECS)
  codec?: string;

  @ApiPropertyOptional({ description: 'rtpmap (when no `codec`)', example: 'VP8/90000' })
  @IsOptional()
  @Matches(RTPMAP_PATTERN, { message: 'rtpmap must look like VP8/90000 or opus/48000/2' })
  rtpmap?: string;

  @ApiPropertyOptional({ maxLength: 512 })
  @IsOptional()
  @Matches(FMTP_PATTERN, { message: 'fmtp must be 1-512 printable ASCII characters' })
  fmtp?: string;

  @ApiPropertyOptional({ description: 'Multicast group to join' })
  @IsOptional()
  @IsIP()
  mcast?: string;

  @ApiPropertyOptional({ description: 'Interface or address to bind to', example: '127.0.0.1' })
  @IsOptional()
  @Matches(IFACE_PATTERN, { message: 'iface must be an interface name or an address' })
  iface?: string;

  @ApiPropertyOptional({ maxLength: 64 })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  label?: string;

  @ApiPropertyOptional({ description: 'Compensate the clock drift of the source' })
  @IsOptional()
  @IsBoolean()
  skew?: boolean;

  @ApiPropertyOptional({ description: 'Video: keep the last keyframe for new viewers' })
  @IsOptional()
  @IsBoolean()
  bufferkf?: boolean;

  @ApiPropertyOptional({ description: 'Video: simulcast on port, port2, port3' })
  @IsOptional()
  @IsBoolean()
  simulcast?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 65535 })
  @IsOptional()
  @IsIntBetween(0, 65535)
  port2?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 65535 })
  @IsOptional()
  @IsIntBetween(0, 65535)
  port3?: number;

  @ApiPropertyOptional({ description: 'Video: VP9/AV1 SVC' })
  @IsOptional()
  @IsBoolean()
  svc?: boolean;

  @ApiPropertyOptional({ description: 'Data: keep the last message for new viewers' })
  @IsOptional()
  @IsBoolean()
  buffermsg?: boolean;
}

/** What every mountpoint takes, whatever its type. */
export class MountpointCommonDto {
  @ApiPropertyOptional({
    description: 'Mountpoint id (Janus picks one when missing)',
    minimum: 1,
    maximum: MAX_JANUS_ID,
  })
  @IsOptional()
  @IsJanusId()
  id?: number;

  @ApiPropertyOptional({ maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  name?: string;

  @ApiPropertyOptional({ maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  description?: string;

  @ApiPropertyOptional({ description: 'Opaque text viewers can read (list, info)', maxLength: 4096 })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  metadata?: string;

  @ApiPropertyOptional({ description: 'PIN viewers need to watch', maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  pin?: string;

  @ApiPropertyOptional({ description: 'Left out of public listings (Janus defaults to private)' })
  @IsOptional()
  @IsBoolean()
  is_private?: boolean;

  @ApiPropertyOptional({ description: "Also save the mountpoint in Janus's config file" })
  @IsOptional()
  @IsBoolean()
  permanent?: boolean;
}

/**
 * `POST /api/streaming/mountpoints`: a mountpoint of one of Janus's four kinds. `rtp`: media another tool sends to
 * Janus over RTP (`media`); `live` / `ondemand`: an audio file on the Janus host (`filename`); `rtsp`: Janus pulls
 * from an RTSP server (`url`). The fields of other kinds are ignored.
 */
export class CreateMountpointDto extends MountpointCommonDto {
  @ApiProperty({ enum: ['rtp', 'live', 'ondemand', 'rtsp'] })
  @IsIn(['rtp', 'live', 'ondemand', 'rtsp'])
  type!: 'rtp' | 'live' | 'ondemand' | 'rtsp';

  // ---- rtp ----

  @ApiPropertyOptional({ description: 'rtp: the streams (required)', type: [RtpMediaDto], maxItems: 16 })
  @ValidateIf((o: CreateMountpointDto) => o.type === 'rtp')
  @IsDefined({ message: 'media is required for an rtp mountpoint' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(16)
  @IsNestedObject(() => RtpMediaDto, { each: true })
  media?: RtpMediaDto[];

  @ApiPropertyOptional({ description: 'rtp: ms within which an SSRC change counts as a collision', minimum: 0 })
  @IsOptional()
  @IsIntBetween(0, 60_000)
  collision?: number;

  @ApiPropertyOptional({ description: 'rtp, rtsp: helper threads relaying to viewers', minimum: 0, maximum: 64 })
  @IsOptional()
  @IsIntBetween(0, 64)
  threads?: number;

  @ApiPropertyOptional({ description: 'rtp: the source encrypts end to end' })
  @IsOptional()
  @IsBoolean()
  e2ee?: boolean;

  @ApiPropertyOptional({ description: 'rtp: negotiate the playout-delay extension' })
  @IsOptional()
  @IsBoolean()
  playoutdelay_ext?: boolean;

  // ---- live, ondemand ----

  @ApiPropertyOptional({ description: 'live, ondemand: absolute path of the audio file on the Janus host (required)' })
  @ValidateIf((o: CreateMountpointDto) => o.type === 'live' || o.type === 'ondemand')
  @Matches(FILE_PATTERN, { message: 'filename must be an absolute path of letters, digits and . _ - /' })
  filename?: string;

  // ---- rtsp ----

  @ApiPropertyOptional({ description: 'rtsp: the RTSP URL Janus pulls (required)', example: 'rtsp://10.0.0.5/cam' })
  @ValidateIf((o: CreateMountpointDto) => o.type === 'rtsp')
  @Matches(/^rtsps?:\/\/[^\s]{1,2040}$/, { message: 'url must be an rtsp:// or rtsps:// URL' })
  url?: string;

  @ApiPropertyOptional({ maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  rtsp_user?: string;

  @ApiPropertyOptional({ maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  rtsp_pwd?: string;

  @ApiPropertyOptional({ description: 'rtsp: seconds between reconnect attempts', minimum: 0, maximum: 3600 })
  @IsOptional()
  @IsIntBetween(0, 3600)
  rtsp_reconnect_delay?: number;

  @ApiPropertyOptional({ description: 'rtsp: fail the creation when the server does not answer (default true)' })
  @IsOptional()
  @IsBoolean()
  rtsp_failcheck?: boolean;

  @ApiPropertyOptional({ description: 'rtsp: interface to bind the RTP sockets to' })
  @IsOptional()
  @Matches(IFACE_PATTERN, { message: 'rtspiface must be an interface name or an address' })
  rtspiface?: string;

  @ApiPropertyOptional({ description: 'rtsp: keep the last video keyframe for new viewers' })
  @IsOptional()
  @IsBoolean()
  videobufferkf?: boolean;

  // ---- file and rtsp media ----

  @ApiPropertyOptional({ description: 'live, ondemand, rtsp: has audio' })
  @IsOptional()
  @IsBoolean()
  audio?: boolean;

  @ApiPropertyOptional({ description: 'rtsp: has video' })
  @IsOptional()
  @IsBoolean()
  video?: boolean;

  @ApiPropertyOptional({ enum: STREAMING_CODECS })
  @IsOptional()
  @IsIn(STREAMING_CODECS)
  audiocodec?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 127 })
  @IsOptional()
  @IsIntBetween(0, 127)
  audiopt?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(FMTP_PATTERN, { message: 'audiofmtp must be 1-512 printable ASCII characters' })
  audiofmtp?: string;

  @ApiPropertyOptional({ enum: STREAMING_CODECS })
  @IsOptional()
  @IsIn(STREAMING_CODECS)
  videocodec?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 127 })
  @IsOptional()
  @IsIntBetween(0, 127)
  videopt?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(FMTP_PATTERN, { message: 'videofmtp must be 1-512 printable ASCII characters' })
  videofmtp?: string;
}

/** `PATCH /api/streaming/mountpoints/:id` (and the socket's `edit`): fields left out stay as they are. */
export class EditMountpointDto extends PickType(MountpointCommonDto, [
  'description',
  'metadata',
  'is_private',
  'permanent',
] as const) {
  @ApiPropertyOptional({ description: 'New PIN; an empty string removes it', maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  pin?: string;

  @ApiPropertyOptional({ description: 'Tell the viewers when the metadata changes (`edited`)' })
  @IsOptional()
  @IsBoolean()
  edited_event?: boolean;
}

/** `DELETE /api/streaming/mountpoints/:id?permanent=true`. */
export class DestroyMountpointQueryDto {
  @ApiPropertyOptional({ description: "Also remove the mountpoint from Janus's config file", type: Boolean })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  permanent?: boolean;
}

/** `POST /api/streaming/mountpoints/:id/disable`. */
export class DisableMountpointDto {
  @ApiPropertyOptional({ description: 'Also stop the recordings of the mountpoint (default false)' })
  @IsOptional()
  @IsBoolean()
  stop_recording?: boolean;
}
