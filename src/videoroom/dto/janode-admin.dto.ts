import { IsBoolean, IsOptional, ValidateIf } from 'class-validator';
import { CreateRoomDto } from '../../room-admin/dto/room-admin.dto.js';
import { IsIntBetween, IsJanusId, MAX_UINT32 } from '../../signaling/input-rules.js';

/**
 * The socket's admin requests also take the field names Janode's example VideoRoom front-end sends (its `_create` and
 * `_stopForward`), so that front-end works against this namespace unchanged. The REST API keeps one name per field.
 */

/** `create` over the socket: the room options, plus Janode's names for two of them. */
export class SocketCreateRoomDto extends CreateRoomDto {
  /** Janode's name for `publishers`. */
  @IsOptional()
  @IsIntBetween(1, 100)
  max_publishers?: number;

  /** Janode's name for `audiolevel_event`. */
  @IsOptional()
  @IsBoolean()
  talking_events?: boolean;
}

/** The room options of a socket `create`, with Janode's names folded into the app's (the app's win when both are set). */
export function roomOptionsOf(dto: SocketCreateRoomDto): CreateRoomDto {
  const { max_publishers, talking_events, ...options } = dto;
  const room: CreateRoomDto = Object.assign(new CreateRoomDto(), options);
  if (room.publishers === undefined && max_publishers !== undefined) room.publishers = max_publishers;
  if (room.audiolevel_event === undefined && talking_events !== undefined) room.audiolevel_event = talking_events;
  return room;
}

/** `rtp-fwd-stop` over the socket: the forwarder as `stream_id`, or as `stream` (Janode's name). */
export class SocketRtpForwardStopDto {
  @IsJanusId()
  room!: number;

  @IsJanusId()
  feed!: number;

  /** The forwarder's id (Janus draws it as an unsigned 32-bit number); required unless `stream` is given. */
  @ValidateIf((dto: SocketRtpForwardStopDto) => dto.stream === undefined)
  @IsIntBetween(0, MAX_UINT32)
  stream_id?: number;

  /** Janode's name for `stream_id`. */
  @IsOptional()
  @IsIntBetween(0, MAX_UINT32)
  stream?: number;
}
