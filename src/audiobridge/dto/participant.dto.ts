import { IntersectionType } from '@nestjs/swagger';
import { IsBoolean, IsEmpty, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { JsepDto } from '../../signaling/dto/webrtc.dto.js';
import { IsIntBetween, IsJanusId, IsNestedObject } from '../../signaling/input-rules.js';

/**
 * The participant requests of `/audiobridge`, with the field names of Janode's example AudioBridge front-end
 * (`feed` for Janus's participant `id`, `rtp_participant` for its `rtp`).
 */

/** A recording's base name on the Janus host: letters, digits, `_` and `-` (never a path). */
export const RECORDING_NAME = /^[A-Za-z0-9_-]{1,64}$/;
export const RECORDING_NAME_MESSAGE = 'filename must be 1-64 letters, digits, _ or -';

/** What `join`, `configure` and `changeroom` share: the participant's own settings. */
class ParticipantSettingsDto {
  @IsOptional()
  @IsString()
  @MaxLength(128)
  display?: string;

  @IsOptional()
  @IsBoolean()
  muted?: boolean;

  /** Opus complexity, 1 (cheapest) to 10. */
  @IsOptional()
  @IsIntBetween(1, 10)
  quality?: number;

  /** Volume of this participant in the mix, in percent (100 leaves it as it is). */
  @IsOptional()
  @IsIntBetween(0, 1000)
  volume?: number;

  /** Bitrate of the Opus stream Janus sends this participant, in bit/s (0: libopus decides). */
  @IsOptional()
  @IsIntBetween(0, 512_000)
  bitrate?: number;

  /** Expected packet loss in percent (turns FEC on when above 0). */
  @IsOptional()
  @IsIntBetween(0, 20)
  expected_loss?: number;

  /** Position in a spatial-audio room: 0 left, 50 centre, 100 right. */
  @IsOptional()
  @IsIntBetween(0, 100)
  spatial_position?: number;

  /** The forwarding group, in rooms that have groups. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  group?: string;
}

/** Plain RTP participants would make Janus send the mix to any address: the namespace does not offer them. */
const NO_RTP_PARTICIPANT = 'rtp_participant: plain RTP participants are not offered here (WebRTC only)';

/** What `join` and `changeroom` share: the room and how to get in, with the participant's settings. */
class RoomEntryDto extends ParticipantSettingsDto {
  @IsJanusId()
  room!: number;

  /** The participant id to take (Janus picks one when absent). */
  @IsOptional()
  @IsJanusId()
  feed?: number;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  pin?: string;

  /** Invitation token, for rooms with an allowed list. */
  @IsOptional()
  @IsString()
  @MaxLength(256)
  token?: string;
}

/** What `join` and `configure` share: the participant's own recording (and no plain RTP participant). */
class RecordingDto {
  /** Record this participant on the Janus host (as `filename`, when given). */
  @IsOptional()
  @IsBoolean()
  record?: boolean;

  @IsOptional()
  @Matches(RECORDING_NAME, { message: RECORDING_NAME_MESSAGE })
  filename?: string;

  @IsEmpty({ message: NO_RTP_PARTICIPANT })
  rtp_participant?: never;
}

/** `join`: enter a room (the socket's one participant; the offer follows with `configure`). */
export class JoinDto extends IntersectionType(RoomEntryDto, RecordingDto) {
  /** Join suspended: not mixed, no mix sent (Janus 1.2.1+; older versions ignore it). */
  @IsOptional()
  @IsBoolean()
  suspended?: boolean;

  /** With `suspended`: hold room events back too (Janus 1.2.1+). */
  @IsOptional()
  @IsBoolean()
  pause_events?: boolean;

  @IsOptional()
  @IsIn(['opus', 'pcma', 'pcmu'])
  codec?: 'opus' | 'pcma' | 'pcmu';
}

/** `configure`: change the participant's settings, and/or send an offer (the answer comes in the reply). */
export class ConfigureDto extends IntersectionType(ParticipantSettingsDto, RecordingDto) {
  @IsOptional()
  @IsNestedObject(() => JsepDto)
  jsep?: JsepDto;
}

/** `changeroom`: move the participant (and its PeerConnection) to another room (`feed`: its id in the new room). */
export class ChangeRoomDto extends RoomEntryDto {}

/** `leave`: Janode's front-end names its own feed; when given, it must be the socket's. */
export class LeaveDto {
  @IsOptional()
  @IsJanusId()
  feed?: number;
}
