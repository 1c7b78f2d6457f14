import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The replies of AudioBridge room administration, one shape per operation whichever transport asked: the REST
 * API's response bodies (these classes are their OpenAPI schemas) and the data of `/audiobridge`'s replies, in the
 * shapes of Janode's example front-end (participants by `feed`, forwarders by `audio_stream`). Never with a secret.
 */

/** A room as Janus's `list` describes it. */
export class AudioRoomInfoDto {
  @ApiProperty({ type: 'integer' })
  room!: number;

  @ApiPropertyOptional()
  description?: string;

  @ApiPropertyOptional({ description: 'Joining needs a PIN' })
  pin_required?: boolean;

  @ApiPropertyOptional({ description: 'Hidden from the public room list' })
  is_private?: boolean;

  @ApiPropertyOptional({ type: 'integer', description: 'Hz' })
  sampling_rate?: number;

  @ApiPropertyOptional()
  spatial_audio?: boolean;

  @ApiPropertyOptional({ description: 'The mix is recorded' })
  record?: boolean;

  @ApiPropertyOptional({ description: 'The room is muted' })
  muted?: boolean;

  @ApiPropertyOptional({ type: 'integer' })
  num_participants?: number;
}

export class AudioRoomListDto {
  @ApiProperty({ type: [AudioRoomInfoDto] })
  rooms!: AudioRoomInfoDto[];
}

export class AudioRoomCreatedDto {
  @ApiProperty({ type: 'integer' })
  room!: number;

  @ApiProperty({ description: "Saved in Janus's config file" })
  permanent!: boolean;
}

/** A participant, as Janode's front-end reads it. */
export class AudioParticipantDto {
  @ApiProperty({ type: 'integer', description: "The participant's id in the room" })
  feed!: number;

  @ApiPropertyOptional()
  display?: string;

  @ApiProperty({ description: 'Muted (by itself, an admin or the room)' })
  muted!: boolean;

  @ApiProperty({ description: 'Its PeerConnection is up' })
  setup!: boolean;

  @ApiPropertyOptional({ description: 'Talking (rooms with talking events)' })
  talking?: boolean;

  @ApiPropertyOptional({ description: 'Suspended (Janus 1.2.1+)' })
  suspended?: boolean;
}

export class AudioParticipantsDto {
  @ApiProperty({ type: 'integer' })
  room!: number;

  @ApiProperty({ type: [AudioParticipantDto] })
  participants!: AudioParticipantDto[];
}

export class AudioAllowedDto {
  @ApiProperty({ type: 'integer' })
  room!: number;

  @ApiPropertyOptional({ type: [String], description: 'The whole token list (not given after `disable`)' })
  list?: string[];
}

export class AudioRecordingDto {
  @ApiProperty({ type: 'integer' })
  room!: number;

  @ApiProperty({ description: 'The mix is being recorded' })
  record!: boolean;
}

/** An RTP forwarder of the mix. */
export class AudioForwarderDto {
  @ApiProperty({ type: 'integer', description: 'Id of the forwarder (to stop it)' })
  audio_stream!: number;

  @ApiPropertyOptional({ description: 'Where the RTP goes', example: '127.0.0.1' })
  host?: string;

  @ApiPropertyOptional({ type: 'integer' })
  audio_port?: number;

  @ApiPropertyOptional({ description: 'Silence is forwarded while the room is empty' })
  always?: boolean;

  @ApiPropertyOptional({ description: 'The forwarded group' })
  group?: string;
}

export class AudioForwardingDto {
  @ApiProperty({ type: 'integer' })
  room!: number;

  @ApiProperty({ type: AudioForwarderDto })
  forwarder!: AudioForwarderDto;
}

export class AudioForwardersDto {
  @ApiProperty({ type: 'integer' })
  room!: number;

  @ApiProperty({ type: [AudioForwarderDto] })
  forwarders!: AudioForwarderDto[];
}
