import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { JsepDto, StreamLayersDto } from '../../signaling/dto/webrtc.dto.js';
import { IsIntBetween, IsJanusId, IsNestedObject } from '../../signaling/input-rules.js';
import { MID_PATTERN } from './mountpoint-admin.dto.js';

/**
 * The viewer requests of `/streaming` (Janode's streaming front-end's fields): `watch`, `start`, `configure`,
 * `switch`, `trickle`; and the requests that name one mountpoint.
 */

/** `info`, `enable`, `start-rec`, `stop-rec`, `kick-all`: one mountpoint (a client's `secret` is dropped). */
export class MountpointIdDto {
  @IsJanusId()
  id!: number;
}

/** `watch`: Janus's offer for mountpoint `id`; `restart: true` asks the current viewer for an ICE restart offer. */
export class WatchDto extends MountpointIdDto {
  @IsOptional()
  @IsString()
  @MaxLength(256)
  pin?: string;

  @IsOptional()
  @IsBoolean()
  restart?: boolean;

  /** Offer only these kinds (Janus's `offer_audio` / `offer_video` / `offer_data`). */
  @IsOptional()
  @IsBoolean()
  audio?: boolean;

  @IsOptional()
  @IsBoolean()
  video?: boolean;

  @IsOptional()
  @IsBoolean()
  data?: boolean;

  /** Offer only the streams with these mids. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(16)
  @Matches(MID_PATTERN, { each: true, message: 'media must be mids (1-16 letters, digits, _ . or -)' })
  media?: string[];
}

/** `start`: the browser's answer to Janus's offer; without one, a paused viewer resumes. */
export class StartDto {
  @IsOptional()
  @IsNestedObject(() => JsepDto)
  jsep?: JsepDto;
}

/** `configure`: what Janus relays to this viewer (legacy per-kind flags, or one stream by `mid`) and its layers. */
export class ConfigureDto extends StreamLayersDto {
  @IsOptional()
  @IsBoolean()
  audio?: boolean;

  @IsOptional()
  @IsBoolean()
  video?: boolean;

  @IsOptional()
  @IsBoolean()
  data?: boolean;

  @IsOptional()
  @Matches(MID_PATTERN, { message: 'mid must be 1-16 letters, digits, _ . or -' })
  mid?: string;

  /** Microseconds without packets before falling back to a lower substream. */
  @IsOptional()
  @IsIntBetween(0, 60_000_000)
  fallback?: number;
}

/** `switch`: the viewer goes on watching mountpoint `id` (same media kinds) without a new negotiation. */
export class SwitchDto extends MountpointIdDto {}

/** `destroy`. */
export class DestroyDto extends MountpointIdDto {
  @IsOptional()
  @IsBoolean()
  permanent?: boolean;
}

/** `disable`: Janode's front-end sends `stop_recording: true` by default. */
export class DisableDto extends MountpointIdDto {
  @IsOptional()
  @IsBoolean()
  stop_recording?: boolean;
}
