import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsOptional, IsString, MaxLength } from 'class-validator';
import { CandidateDto, JsepDto } from '../../signaling/dto/webrtc.dto.js';
import { IsIntBetween, IsJanusId, IsNestedObject } from '../../signaling/input-rules.js';

/** `join`: join a room as a publisher (the socket's own feed). */
export class JoinDto {
  @IsJanusId()
  room!: number;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  display?: string;

  /** Invitation token when the room has an allowed list. */
  @IsOptional()
  @IsString()
  @MaxLength(256)
  token?: string;

  /** The room's PIN, when it has one. */
  @IsOptional()
  @IsString()
  @MaxLength(256)
  pin?: string;
}

/** Per-stream settings of a multistream publisher (`configure.streams`). */
export class PublisherStreamDto {
  @IsString()
  @MaxLength(16)
  mid!: string;

  @IsOptional()
  @IsBoolean()
  send?: boolean;

  @IsOptional()
  @IsIntBetween(0, 2)
  min_delay?: number;

  @IsOptional()
  @IsIntBetween(0, 10_000)
  max_delay?: number;
}

/**
 * What `configure` and `publish` share: the publisher's (or subscriber's) settings. The two differ in their `jsep`
 * only, so each declares it: a subclass cannot make an inherited `@IsOptional()` field required.
 */
class FeedSettingsDto {
  @IsJanusId()
  feed!: number;

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
  @IsIntBetween(0, 100_000_000)
  bitrate?: number;

  /** ICE restart. */
  @IsOptional()
  @IsBoolean()
  restart?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  display?: string;

  @IsOptional()
  @IsIntBetween(0, 2)
  sc_substream_layer?: number;

  @IsOptional()
  @IsIntBetween(0, 2)
  sc_temporal_layers?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(32)
  @IsNestedObject(() => PublisherStreamDto, { each: true })
  streams?: PublisherStreamDto[];
}

/** `configure`: new settings, with an offer when the publisher renegotiates. */
export class ConfigureDto extends FeedSettingsDto {
  @IsOptional()
  @IsNestedObject(() => JsepDto)
  jsep?: JsepDto;
}

/** `publish`: the settings of `configure` and, always, the offer. */
export class PublishDto extends FeedSettingsDto {
  @IsDefined()
  @IsNestedObject(() => JsepDto)
  jsep!: JsepDto;
}

/** Requests about one of the socket's handles (`unpublish`, `pause`, `leave`, `trickle-complete`). */
export class FeedDto {
  @IsJanusId()
  feed!: number;
}

/** `subscribe`: receive a remote publisher's feed. */
export class SubscribeDto {
  @IsJanusId()
  room!: number;

  @IsJanusId()
  feed!: number;

  @IsOptional()
  @IsIntBetween(0, 2)
  sc_substream_layer?: number;

  @IsOptional()
  @IsIntBetween(0, 2)
  sc_temporal_layers?: number;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  pin?: string;
}

/** `start`: the browser's answer for a subscription. */
export class StartDto {
  @IsJanusId()
  feed!: number;

  @IsDefined()
  @IsNestedObject(() => JsepDto)
  jsep!: JsepDto;
}

/** `switch`: make the subscription of `from_feed` receive `to_feed` instead, without renegotiating. */
export class SwitchDto {
  @IsJanusId()
  from_feed!: number;

  @IsJanusId()
  to_feed!: number;

  @IsOptional()
  @IsBoolean()
  audio?: boolean;

  @IsOptional()
  @IsBoolean()
  video?: boolean;

  @IsOptional()
  @IsBoolean()
  data?: boolean;
}

/** `trickle`: a candidate for one of the socket's handles. */
export class TrickleDto {
  @IsJanusId()
  feed!: number;

  @IsDefined()
  @IsNestedObject(() => CandidateDto)
  candidate!: CandidateDto;
}
