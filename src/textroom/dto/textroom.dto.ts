import { Injectable, type PipeTransform } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, OmitType, PickType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CreateRoomDto } from '../../room-admin/dto/room-admin.dto.js';
import { JsepDto } from '../../signaling/dto/webrtc.dto.js';
import { AppError } from '../../errors/index.js';
import {
  hasUnsafeCharacter,
  IsIntBetween,
  IsJanusId,
  IsNestedObject,
  MAX_JANUS_ID,
  UNSAFE_STRING_MESSAGE,
} from '../../signaling/input-rules.js';

/**
 * The requests of `/textroom` and of the TextRoom REST API (`/api/textroom/rooms`): their fields and validation.
 * A room `secret`, the plugin's `admin_key` and a `post` backend never come from a client.
 */

/** `answer`: the browser's answer to Janus's offer (from `setup` or `restart`). */
export class TextRoomAnswerDto {
  @IsDefined()
  @IsNestedObject(() => JsepDto)
  jsep!: JsepDto;
}

/** `create`: the room options a client may choose. */
export class TextRoomCreateDto extends PickType(CreateRoomDto, [
  'room',
  'description',
  'is_private',
  'pin',
  'permanent',
]) {
  @ApiPropertyOptional({
    description: 'How many messages Janus keeps and replays to newcomers',
    type: 'integer',
    minimum: 0,
    maximum: 1000,
  })
  @IsOptional()
  @IsIntBetween(0, 1000)
  history?: number;

  @ApiPropertyOptional({
    description: 'Tokens allowed to join (turns the token check on)',
    type: [String],
    maxItems: 1000,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(256, { each: true })
  allowed?: string[];
}

/** `edit`: what a client may change in a room. */
export class TextRoomEditDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_JANUS_ID })
  @IsJanusId()
  room!: number;

  @ApiPropertyOptional({ maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  new_description?: string;

  @ApiPropertyOptional({ description: 'A new PIN (empty: none)', maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  new_pin?: string;

  @ApiPropertyOptional({ description: 'Hide it from room lists, or show it' })
  @IsOptional()
  @IsBoolean()
  new_is_private?: boolean;

  @ApiPropertyOptional({ description: "Also change Janus's configuration file" })
  @IsOptional()
  @IsBoolean()
  permanent?: boolean;
}

/** `kick`: removes the participant with that username from a room. */
export class TextRoomKickDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_JANUS_ID })
  @IsJanusId()
  room!: number;

  @ApiProperty({ maxLength: 256 })
  @IsString()
  @Matches(/\S/, { message: 'username must not be empty' })
  @MaxLength(256)
  username!: string;
}

/** `announcement`: text every participant of a room receives, from the room itself. */
export class TextRoomAnnouncementDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_JANUS_ID })
  @IsJanusId()
  room!: number;

  @ApiProperty({ maxLength: 4096 })
  @IsString()
  @Matches(/\S/, { message: 'text must not be empty' })
  @MaxLength(4096)
  text!: string;
}

/** `PATCH /api/textroom/rooms/:room`: the `edit` request without the room. */
export class TextRoomEditBodyDto extends OmitType(TextRoomEditDto, ['room'] as const) {}

/** `POST /api/textroom/rooms/:room/announcement`: the `announcement` request without the room. */
export class TextRoomAnnouncementBodyDto extends OmitType(TextRoomAnnouncementDto, ['room'] as const) {}

/** The `:username` path parameter: what `kick` takes as a username (`BAD_REQUEST` otherwise). */
@Injectable()
export class TextRoomUsernamePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/\S/.test(value) || value.length > 256) throw new AppError('BAD_REQUEST', 'username must be 1-256 characters');
    if (hasUnsafeCharacter(value)) throw new AppError('BAD_REQUEST', `username ${UNSAFE_STRING_MESSAGE}`);
    return value;
  }
}
