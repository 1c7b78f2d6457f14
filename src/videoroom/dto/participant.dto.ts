import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CandidateDto, JsepDto } from '../../signaling/dto/webrtc.dto.js';

const MAX_ID = Number.MAX_SAFE_INTEGER;

/** A Janus id (room or feed): a positive safe integer. */
function IsJanusId(): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsInt()(target, key);
    Min(1)(target, key);
    Max(MAX_ID)(target, key);
  };
}

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
  @IsInt()
  @Min(0)
  @Max(2)
  min_delay?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  max_delay?: number;
}

/** `configure` / `publish`: the publisher's settings, with an offer to (re)negotiate. */
export class ConfigureDto {
  @IsJanusId()
  feed!: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => JsepDto)
  jsep?: JsepDto;

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
  @IsInt()
  @Min(0)
  @Max(100_000_000)
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
  @IsInt()
  @Min(0)
  @Max(2)
  sc_substream_layer?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2)
  sc_temporal_layers?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(32)
  @ValidateNested({ each: true })
  @Type(() => PublisherStreamDto)
  streams?: PublisherStreamDto[];
}

/** `publish`: like configure, the offer is required. */
export class PublishDto extends ConfigureDto {
  @IsDefined()
  @ValidateNested()
  @Type(() => JsepDto)
  declare jsep: JsepDto;
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
  @IsInt()
  @Min(0)
  @Max(2)
  sc_substream_layer?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2)
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
  @ValidateNested()
  @Type(() => JsepDto)
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
  @ValidateNested()
  @Type(() => CandidateDto)
  candidate!: CandidateDto;
}

/** Requests about one room (`list-participants`, `exists`). */
export class RoomDto {
  @IsJanusId()
  room!: number;
}

/** `allow`: manage a room's allowed list. */
export class AllowDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_ID })
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
