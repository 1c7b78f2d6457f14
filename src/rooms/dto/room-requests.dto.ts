import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { AllowDto, RtpForwardStartDto } from '../../room-admin/dto/room-admin.dto.js';

/**
 * The request shapes of the room administration API that differ from the room administration DTOs
 * (src/room-admin/dto, shared with the socket gateway: same fields, same validation) because the room comes from
 * the path. No DTO has a `secret`: room secrets and the plugin's `admin_key` come from server config only, and a
 * client-sent one is dropped by the validation pipe.
 */

/** `DELETE /api/rooms/:room?permanent=true`. */
export class DestroyRoomQueryDto {
  @ApiPropertyOptional({ description: "Also remove the room from Janus's config file", type: Boolean })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  permanent?: boolean;
}

/** `PUT /api/rooms/:room/allowed`: the gateway's `allow` request without the room. */
export class AllowedUpdateDto extends OmitType(AllowDto, ['room'] as const) {}

/** `POST /api/rooms/:room/forwarders`: the gateway's `rtp-fwd-start` without the room. */
export class RtpForwardDto extends OmitType(RtpForwardStartDto, ['room'] as const) {}
