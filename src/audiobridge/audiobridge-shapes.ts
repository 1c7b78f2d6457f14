import type {
  AudioBridgeCreateRequest,
  AudioBridgeForwarder,
  AudioBridgeParticipant,
  AudioBridgeRoomInfo,
} from 'nestjs-janus';
import type { CreateAudioRoomDto } from './dto/admin.dto.js';
import type { AudioForwarderDto, AudioParticipantDto, AudioRoomInfoDto } from './dto/replies.dto.js';

/**
 * The translations between Janus's AudioBridge fields and the app's (Janode's names): pure functions, one place.
 * The app uses numeric room and participant ids (Janus's default; `string_ids` is not supported here).
 */

/** A participant as the protocol shows it: `{ feed, display?, muted, setup, talking?, suspended? }`. */
export function toAudioParticipant(p: AudioBridgeParticipant): AudioParticipantDto {
  const participant: AudioParticipantDto = { feed: Number(p.id), muted: p.muted === true, setup: p.setup === true };
  if (typeof p.display === 'string') participant.display = p.display;
  if (typeof p.talking === 'boolean') participant.talking = p.talking;
  if (typeof p.suspended === 'boolean') participant.suspended = p.suspended;
  return participant;
}

/** A room of Janus's `list`, with a numeric id. */
export function toAudioRoomInfo(info: AudioBridgeRoomInfo): AudioRoomInfoDto {
  return { ...info, room: Number(info.room) };
}

/** A forwarder of Janus's `listforwarders`, as Janode's front-end reads it. */
export function toAudioForwarder(f: AudioBridgeForwarder): AudioForwarderDto {
  const forwarder: AudioForwarderDto = { audio_stream: f.stream_id, host: f.ip, audio_port: f.port };
  if (typeof f.always_on === 'boolean') forwarder.always = f.always_on;
  if (f.group) forwarder.group = f.group;
  return forwarder;
}

/** The recording file Janus writes for a base name the validation accepted (no path: Janus's working folder). */
export function recordingFile(name: string): string {
  return `${name}.wav`;
}

/** The Janus `create` request for the options a client chose (Janode's names mapped to Janus's; no secret). */
export function toCreateRequest(dto: CreateAudioRoomDto): AudioBridgeCreateRequest {
  const request: AudioBridgeCreateRequest = {};
  const set = <K extends keyof AudioBridgeCreateRequest>(key: K, value: AudioBridgeCreateRequest[K] | undefined) => {
    if (value !== undefined) request[key] = value;
  };
  set('room', dto.room);
  set('description', dto.description);
  set('permanent', dto.permanent);
  set('is_private', dto.is_private);
  set('pin', dto.pin);
  set('sampling_rate', dto.sampling_rate);
  set('spatial_audio', dto.spatial_audio);
  set('default_bitrate', dto.bitrate);
  set('default_expectedloss', dto.expected_loss);
  set('allow_rtp_participants', dto.allow_rtp);
  set('audiolevel_event', dto.talking_events);
  set('audio_level_average', dto.talking_level_threshold);
  set('audio_active_packets', dto.talking_packets_threshold);
  set('groups', dto.groups);
  set('record', dto.record);
  set('record_file', dto.filename === undefined ? undefined : recordingFile(dto.filename));
  set('denoise', dto.denoise);
  return request;
}
