import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The replies of room administration, one shape per operation whichever transport asked: the REST API's response
 * bodies (these classes are their OpenAPI schemas) and the data of the socket gateway's admin replies. Never with a
 * secret.
 */

export class RoomCreatedDto {
  @ApiProperty({ type: 'integer' })
  room!: number;

  @ApiProperty({ description: "Saved in Janus's config file" })
  permanent!: boolean;
}

/**
 * A room as Janus describes it (`list`), with Janus's field names. Janus lists private rooms only to callers with
 * its `admin_key`: without `VIDEOROOM_ADMIN_KEY`, a private room is described as `{ room, is_private: true }` only.
 */
export class RoomInfoDto {
  @ApiProperty({ type: 'integer' })
  room!: number;

  @ApiPropertyOptional()
  description?: string;

  @ApiPropertyOptional()
  is_private?: boolean;

  @ApiPropertyOptional({ description: 'Joining needs a PIN' })
  pin_required?: boolean;

  @ApiPropertyOptional({ type: 'integer' })
  max_publishers?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'bit/s (0: no cap)' })
  bitrate?: number;

  @ApiPropertyOptional()
  bitrate_cap?: boolean;

  @ApiPropertyOptional({ type: 'integer' })
  fir_freq?: number;

  @ApiPropertyOptional()
  require_pvtid?: boolean;

  @ApiPropertyOptional()
  require_e2ee?: boolean;

  @ApiPropertyOptional()
  notify_joining?: boolean;

  @ApiPropertyOptional({ example: 'opus' })
  audiocodec?: string;

  @ApiPropertyOptional({ example: 'vp8' })
  videocodec?: string;

  @ApiPropertyOptional({ description: 'Every publisher is recorded' })
  record?: boolean;

  @ApiPropertyOptional()
  lock_record?: boolean;

  @ApiPropertyOptional({ type: 'integer', description: 'Participants (publishers, active or not)' })
  num_participants?: number;

  @ApiPropertyOptional()
  audiolevel_event?: boolean;
}

export class RoomListDto {
  @ApiProperty({ type: [RoomInfoDto] })
  rooms!: RoomInfoDto[];
}

export class ParticipantDto {
  @ApiProperty({ type: 'integer', description: "The participant's id in the room" })
  feed!: number;

  @ApiPropertyOptional()
  display?: string;

  @ApiProperty({ description: 'Publishing (its PeerConnection is up)' })
  publisher!: boolean;

  @ApiPropertyOptional()
  talking?: boolean;

  @ApiPropertyOptional({ description: 'A remote publisher (cascaded from another Janus)' })
  remote?: boolean;
}

export class ParticipantsDto {
  @ApiProperty({ type: 'integer' })
  room!: number;

  @ApiProperty({ type: [ParticipantDto] })
  participants!: ParticipantDto[];
}

export class AllowedTokensDto {
  @ApiProperty({ type: 'integer' })
  room!: number;

  @ApiPropertyOptional({ type: [String], description: 'The whole token list (not given after `disable`)' })
  list?: string[];
}

export class RecordingDto {
  @ApiProperty({ type: 'integer' })
  room!: number;

  @ApiProperty()
  record!: boolean;
}

export class ForwarderDto {
  @ApiProperty({ type: 'integer', description: 'Id of the forwarder (to stop it)' })
  stream_id!: number;

  @ApiProperty({ enum: ['audio', 'video', 'data'] })
  type!: 'audio' | 'video' | 'data';

  @ApiProperty()
  host!: string;

  @ApiProperty({ type: 'integer' })
  port!: number;

  @ApiPropertyOptional({ type: 'integer' })
  local_rtcp_port?: number;

  @ApiPropertyOptional({ type: 'integer' })
  remote_rtcp_port?: number;

  @ApiPropertyOptional({ type: 'integer' })
  ssrc?: number;

  @ApiPropertyOptional({ type: 'integer' })
  pt?: number;

  @ApiPropertyOptional({ type: 'integer' })
  substream?: number;

  @ApiPropertyOptional()
  srtp?: boolean;
}

export class ForwardingStartedDto {
  @ApiProperty({ type: 'integer' })
  room!: number;

  @ApiProperty({ type: 'integer', description: 'The forwarded publisher' })
  feed!: number;

  @ApiProperty({ description: 'Where the RTP goes', example: '127.0.0.1' })
  host!: string;

  @ApiProperty({ type: [ForwarderDto] })
  forwarders!: ForwarderDto[];
}

export class PublisherForwardersDto {
  @ApiProperty({ type: 'integer', description: 'The forwarded publisher' })
  feed!: number;

  @ApiPropertyOptional()
  display?: string;

  @ApiProperty({ type: [ForwarderDto] })
  forwarders!: ForwarderDto[];
}

export class ForwardersDto {
  @ApiProperty({ type: 'integer' })
  room!: number;

  @ApiProperty({ type: [PublisherForwardersDto] })
  publishers!: PublisherForwardersDto[];
}
