import { ApiProperty, ApiPropertyOptional, OmitType, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { AllowDto } from '../../videoroom/dto/participant.dto.js';
import { CreateRoomDto, RtpForwardStartDto } from '../../videoroom/dto/room-admin.dto.js';

/**
 * The request bodies of the room administration API (`POST /api/rooms` takes the gateway's `CreateRoomDto`). They reuse the socket gateway's DTOs (same fields, same
 * validation); the room and the participant come from the path. No DTO has a `secret`: room secrets and the
 * plugin's `admin_key` come from server config only, and a client-sent one is dropped by the validation pipe.
 */

/** `PATCH /api/rooms/:room`: what can change on a live room (Janus `edit`); fields left out stay as they are. */
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

/** `DELETE /api/rooms/:room?permanent=true`. */
export class DestroyRoomQueryDto {
  @ApiPropertyOptional({ description: "Also remove the room from Janus's config file", type: Boolean })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  permanent?: boolean;
}

/** `POST /api/rooms/:room/participants/:feed/moderate`: (un)mute one stream of a participant for everyone. */
export class ModerateDto {
  @ApiProperty({ description: "mid of the participant's stream", maxLength: 16, example: '0' })
  @IsString()
  @MaxLength(16)
  mid!: string;

  @ApiProperty({ description: 'true mutes the stream for everyone, false lets it through again' })
  @IsBoolean()
  mute!: boolean;
}

/** `PUT /api/rooms/:room/allowed`: the gateway's `allow` request without the room. */
export class AllowedUpdateDto extends OmitType(AllowDto, ['room'] as const) {}

/** `POST /api/rooms/:room/forwarders`: the gateway's `rtp-fwd-start` without the room. */
export class RtpForwardDto extends OmitType(RtpForwardStartDto, ['room'] as const) {}
