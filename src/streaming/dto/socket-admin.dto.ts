import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIP, IsOptional, Matches } from 'class-validator';
import { IsIntBetween, IsJanusId, IsNestedObject } from '../../signaling/input-rules.js';
import { AppError } from '../../errors/index.js';
import type { MountpointCreateOptions } from '../streaming-admin.service.js';
import { EditMountpointDto, MountpointCommonDto, RtpMediaDto, RTPMAP_PATTERN } from './mountpoint-admin.dto.js';

/**
 * The socket's administration requests that differ from the REST API's: `create` in the shape Janode's streaming
 * front-end sends (an RTP mountpoint described per media kind, or Janus 1.x's `media` list), and `edit` with the
 * mountpoint in the body.
 */

/** The audio of a Janode-style RTP mountpoint. */
export class JanodeAudioDto {
  /** UDP port Janus receives the audio on (0 or none: Janus picks one). */
  @IsOptional()
  @IsIntBetween(0, 65535)
  port?: number;

  @IsOptional()
  @IsIntBetween(0, 65535)
  rtcpport?: number;

  @IsOptional()
  @IsIP()
  mcast?: string;

  @IsOptional()
  @IsIntBetween(0, 127)
  pt?: number;

  /** e.g. `opus/48000/2`. */
  @IsOptional()
  @Matches(RTPMAP_PATTERN, { message: 'rtpmap must look like opus/48000/2' })
  rtpmap?: string;

  @IsOptional()
  @IsBoolean()
  skew?: boolean;
}

/** The video of a Janode-style RTP mountpoint (`port2` and `port3` together: simulcast). */
export class JanodeVideoDto extends JanodeAudioDto {
  @IsOptional()
  @IsIntBetween(0, 65535)
  port2?: number;

  @IsOptional()
  @IsIntBetween(0, 65535)
  port3?: number;

  @IsOptional()
  @Matches(/^[\x20-\x7e]{1,512}$/, { message: 'fmtp must be 1-512 printable ASCII characters' })
  fmtp?: string;

  /** Keep the last keyframe for new viewers. */
  @IsOptional()
  @IsBoolean()
  buffer?: boolean;
}

/** The data channel of a Janode-style RTP mountpoint. */
export class JanodeDataDto {
  @IsOptional()
  @IsIntBetween(0, 65535)
  port?: number;

  /** Keep the last message for new viewers. */
  @IsOptional()
  @IsBoolean()
  buffer?: boolean;
}

/** `create` (admin): an RTP mountpoint, as Janode's `createRtpMountpoint` takes it. */
export class SocketCreateMountpointDto extends MountpointCommonDto {
  @IsOptional()
  @IsNestedObject(() => JanodeAudioDto)
  audio?: JanodeAudioDto;

  @IsOptional()
  @IsNestedObject(() => JanodeVideoDto)
  video?: JanodeVideoDto;

  @IsOptional()
  @IsNestedObject(() => JanodeDataDto)
  data?: JanodeDataDto;

  /** Janus 1.x's stream list, instead of `audio` / `video` / `data`. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(16)
  @IsNestedObject(() => RtpMediaDto, { each: true })
  media?: RtpMediaDto[];

  @IsOptional()
  @IsIntBetween(0, 60_000)
  collision?: number;

  @IsOptional()
  @IsIntBetween(0, 64)
  threads?: number;

  @IsOptional()
  @IsBoolean()
  e2ee?: boolean;
}

/** The RTP mountpoint a Janode-style `create` describes: its kinds become streams `a`, `v` and `d`. */
export function createOptionsOf(dto: SocketCreateMountpointDto): MountpointCreateOptions {
  const { audio, video, data } = dto;
  const media: RtpMediaDto[] = dto.media ?? [
    ...(audio
      ? [
          {
            type: 'audio' as const,
            mid: 'a',
            port: audio.port ?? 0,
            rtcpport: audio.rtcpport,
            mcast: audio.mcast,
            pt: audio.pt,
            rtpmap: audio.rtpmap,
            skew: audio.skew,
          },
        ]
      : []),
    ...(video
      ? [
          {
            type: 'video' as const,
            mid: 'v',
            port: video.port ?? 0,
            rtcpport: video.rtcpport,
            mcast: video.mcast,
            pt: video.pt,
            rtpmap: video.rtpmap,
            fmtp: video.fmtp,
            bufferkf: video.buffer,
            skew: video.skew,
            ...(video.port2 !== undefined && video.port3 !== undefined
              ? { simulcast: true, port2: video.port2, port3: video.port3 }
              : {}),
          },
        ]
      : []),
    ...(data ? [{ type: 'data' as const, mid: 'd', port: data.port ?? 0, buffermsg: data.buffer }] : []),
  ];
  if (media.length === 0) throw new AppError('BAD_REQUEST', 'audio, video, data or media: at least one is required');
  return {
    type: 'rtp',
    id: dto.id,
    name: dto.name,
    description: dto.description,
    metadata: dto.metadata,
    pin: dto.pin,
    is_private: dto.is_private,
    permanent: dto.permanent,
    media,
    collision: dto.collision,
    threads: dto.threads,
    e2ee: dto.e2ee,
  };
}

/** `edit` (admin): the REST API's `PATCH` body with the mountpoint's `id`. */
export class SocketEditMountpointDto extends EditMountpointDto {
  @IsJanusId()
  id!: number;
}
