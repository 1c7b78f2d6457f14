import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const VIDEO_CODECS = ['vp8', 'vp9', 'h264', 'av1', 'h265'];
const AUDIO_CODECS = ['opus', 'multiopus', 'g722', 'pcmu', 'pcma', 'isac32', 'isac16'];

/** `create`: room options a client may choose (the room secret comes from server config, never from a client). */
export class CreateRoomDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  room?: number;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  description?: string;

  @IsOptional()
  @IsBoolean()
  is_private?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  pin?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  publishers?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  bitrate?: number;

  @IsOptional()
  @IsBoolean()
  bitrate_cap?: boolean;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3600)
  fir_freq?: number;

  /** Comma-separated preference list, e.g. `opus` or `opus,g722`. */
  @IsOptional()
  @Matches(new RegExp(`^(${AUDIO_CODECS.join('|')})(,(${AUDIO_CODECS.join('|')}))*$`))
  audiocodec?: string;

  @IsOptional()
  @Matches(new RegExp(`^(${VIDEO_CODECS.join('|')})(,(${VIDEO_CODECS.join('|')}))*$`))
  videocodec?: string;

  @IsOptional()
  @IsBoolean()
  notify_joining?: boolean;

  @IsOptional()
  @IsBoolean()
  require_pvtid?: boolean;

  @IsOptional()
  @IsBoolean()
  audiolevel_event?: boolean;

  @IsOptional()
  @IsBoolean()
  permanent?: boolean;
}

/** `destroy`. */
export class DestroyRoomDto {
  @IsInt()
  @Min(1)
  room!: number;

  @IsOptional()
  @IsBoolean()
  permanent?: boolean;
}

/** `kick`. */
export class KickDto {
  @IsInt()
  @Min(1)
  room!: number;

  @IsInt()
  @Min(1)
  feed!: number;
}

/** One stream to forward (`rtp-fwd-start.streams`). */
export class ForwardStreamDto {
  @IsString()
  @MaxLength(16)
  mid!: string;

  @IsInt()
  @Min(1)
  @Max(65535)
  port!: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  rtcp_port?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  ssrc?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(127)
  pt?: number;
}

/** `rtp-fwd-start`: forward a publisher's RTP to a host (admin only). */
export class RtpForwardStartDto {
  @IsInt()
  @Min(1)
  room!: number;

  @IsInt()
  @Min(1)
  feed!: number;

  @IsString()
  @MaxLength(255)
  host!: string;

  @IsOptional()
  @IsIn(['ipv4', 'ipv6'])
  host_family?: 'ipv4' | 'ipv6';

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(16)
  @ValidateNested({ each: true })
  @Type(() => ForwardStreamDto)
  streams?: ForwardStreamDto[];
}

/** `rtp-fwd-stop`. */
export class RtpForwardStopDto {
  @IsInt()
  @Min(1)
  room!: number;

  @IsInt()
  @Min(1)
  feed!: number;

  @IsInt()
  @Min(0)
  stream_id!: number;
}
