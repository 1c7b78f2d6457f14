/**
 * AudioBridge error codes (`error_code` of a plugin error; `JanusPluginError.janusCode`), the same in Janus 1.1.2
 * to 1.4.1.
 */
export const AudioBridgeErrorCode = {
  UNKNOWN_ERROR: 499,
  NO_MESSAGE: 480,
  INVALID_JSON: 481,
  INVALID_REQUEST: 482,
  MISSING_ELEMENT: 483,
  INVALID_ELEMENT: 484,
  NO_SUCH_ROOM: 485,
  ROOM_EXISTS: 486,
  NOT_JOINED: 487,
  LIBOPUS_ERROR: 488,
  UNAUTHORIZED: 489,
  ID_EXISTS: 490,
  ALREADY_JOINED: 491,
  NO_SUCH_USER: 492,
  INVALID_SDP: 493,
  NO_SUCH_GROUP: 494,
} as const;

/** One of {@link AudioBridgeErrorCode}. */
export type AudioBridgeErrorCode = (typeof AudioBridgeErrorCode)[keyof typeof AudioBridgeErrorCode];

/** A room or participant id: an integer, or a string when the plugin config sets `string_ids = true`. */
export type AudioBridgeId = number | string;

/** Audio codec of a participant or forwarder. */
export type AudioBridgeCodec = 'opus' | 'pcma' | 'pcmu';

/** A room secret, for requests the room's owner may make. */
interface WithSecret {
  secret?: string;
}

/** Requests that need the room. */
interface InRoom {
  room: AudioBridgeId;
}

// ---- Room management -------------------------------------------------------------------------------------------

/** `create`: a new room (all optional; Janus picks the id when `room` is missing). */
export interface AudioBridgeCreateRequest extends WithSecret {
  room?: AudioBridgeId;
  permanent?: boolean;
  description?: string;
  is_private?: boolean;
  allowed?: string[];
  pin?: string;
  sampling_rate?: 8000 | 12000 | 16000 | 24000 | 48000;
  spatial_audio?: boolean;
  audiolevel_ext?: boolean;
  audiolevel_event?: boolean;
  audio_active_packets?: number;
  audio_level_average?: number;
  /** @deprecated Removed in Janus 1.2.0 (the jitter buffer sizes itself). */
  default_prebuffering?: number;
  default_expectedloss?: number;
  default_bitrate?: number;
  record?: boolean;
  record_file?: string;
  record_dir?: string;
  mjrs?: boolean;
  mjrs_dir?: string;
  allow_rtp_participants?: boolean;
  groups?: string[];
  /**
   * Whether participants are denoised with RNNoise by default (builds with RNNoise only).
   * @since Janus 1.2.3
   */
  denoise?: boolean;
  /** The `admin_key` of the plugin config, when one is set. */
  admin_key?: string;
}

/** Reply to `create`. */
export interface AudioBridgeCreatedReply {
  audiobridge: 'created';
  room: AudioBridgeId;
  permanent: boolean;
}

/** `edit`: changes what can change in a room. */
export interface AudioBridgeEditRequest extends InRoom, WithSecret {
  new_description?: string;
  new_secret?: string;
  new_pin?: string;
  new_is_private?: boolean;
  new_record_dir?: string;
  new_mjrs_dir?: string;
  permanent?: boolean;
}

/** Reply to `edit`. */
export interface AudioBridgeEditedReply {
  audiobridge: 'edited';
  room: AudioBridgeId;
  permanent?: boolean;
}

/** `destroy`: ends a room (its participants get a `destroyed` event). */
export interface AudioBridgeDestroyRequest extends InRoom, WithSecret {
  permanent?: boolean;
}

/** Reply to `destroy`. */
export interface AudioBridgeDestroyedReply {
  audiobridge: 'destroyed';
  room: AudioBridgeId;
  permanent?: boolean;
}

/** `exists`. */
export type AudioBridgeExistsRequest = InRoom;

/** Reply to `exists`. */
export interface AudioBridgeExistsReply {
  audiobridge: 'success';
  room: AudioBridgeId;
  exists: boolean;
}

/** `list`: the public rooms (all with the `admin_key`). */
export interface AudioBridgeListRequest {
  admin_key?: string;
}

/** A room in the `list` reply. */
export interface AudioBridgeRoomInfo {
  room: AudioBridgeId;
  description: string;
  pin_required: boolean;
  sampling_rate: number;
  spatial_audio?: boolean;
  record: boolean;
  muted: boolean;
  num_participants: number;
}

/** Reply to `list`. */
export interface AudioBridgeListReply {
  audiobridge: 'success';
  list: AudioBridgeRoomInfo[];
}

/** `allowed`: the room's token ACL. */
export interface AudioBridgeAllowedRequest extends InRoom, WithSecret {
  action: 'enable' | 'disable' | 'add' | 'remove';
  allowed?: string[];
}

/** Reply to `allowed` (`allowed` unless the action was `disable`). */
export interface AudioBridgeAllowedReply {
  audiobridge: 'success';
  room: AudioBridgeId;
  allowed?: string[];
}

/** `kick`: removes a participant. */
export interface AudioBridgeKickRequest extends InRoom, WithSecret {
  id: AudioBridgeId;
}

/** `kick_all`: removes every participant. */
export type AudioBridgeKickAllRequest = InRoom & WithSecret;

/** `listparticipants`. */
export type AudioBridgeListParticipantsRequest = InRoom;

/** A participant as Janus lists it. */
export interface AudioBridgeParticipant {
  id: AudioBridgeId;
  display?: string;
  /** Whether its PeerConnection (or plain RTP) is set up. */
  setup: boolean;
  muted: boolean;
  /**
   * Whether it is suspended.
   * @since Janus 1.2.1
   */
  suspended?: boolean;
  /** Present when the room measures audio levels. */
  talking?: boolean;
  /** Panning (0 left, 50 centre, 100 right) in spatial-audio rooms. */
  spatial_position?: number;
}

/** Reply to `listparticipants`. */
export interface AudioBridgeParticipantsReply {
  audiobridge: 'participants';
  room: AudioBridgeId;
  participants: AudioBridgeParticipant[];
}

/** A reply with nothing but success (mute, unmute, kick, resetdecoder, ...). */
export interface AudioBridgeSuccessReply {
  audiobridge: 'success';
  room?: AudioBridgeId;
}

/** `enable_recording`: starts or stops recording the room's mix to a .wav file. */
export interface AudioBridgeEnableRecordingRequest extends InRoom, WithSecret {
  record: boolean;
  record_file?: string;
  record_dir?: string;
}

/** `enable_mjrs`: starts or stops recording each participant to its own .mjr file. */
export interface AudioBridgeEnableMjrsRequest extends InRoom, WithSecret {
  mjrs: boolean;
  mjrs_dir?: string;
}

/** `mute` / `unmute`: one participant, by the room's owner. */
export interface AudioBridgeMuteRequest extends InRoom, WithSecret {
  id: AudioBridgeId;
}

/** `mute_room` / `unmute_room`: every participant not joined with the secret. */
export type AudioBridgeMuteRoomRequest = InRoom & WithSecret;

/**
 * `suspend`: stops mixing a participant and sending it the mix, without ending it.
 * @since Janus 1.2.1
 */
export interface AudioBridgeSuspendRequest extends InRoom, WithSecret {
  id: AudioBridgeId;
  /** Whether room events are held back from the participant while it is suspended. */
  pause_events?: boolean;
  /** Whether its own recording (`record` of its join or configure) stops too. */
  stop_record?: boolean;
}

/**
 * `resume`: mixes a suspended participant again and sends it the mix.
 * @since Janus 1.2.1
 */
export interface AudioBridgeResumeRequest extends InRoom, WithSecret {
  id: AudioBridgeId;
  /** Whether to record the participant again from now on. */
  record?: boolean;
  /** Base name of that recording on the Janus host. */
  filename?: string;
}

// ---- RTP forwarding --------------------------------------------------------------------------------------------

/** `rtp_forward`: sends the room's mix (or a group's) to a host and port as RTP. */
export interface AudioBridgeRtpForwardRequest extends InRoom, WithSecret {
  host: string;
  port: number;
  group?: string;
  ssrc?: number;
  codec?: AudioBridgeCodec;
  ptype?: number;
  host_family?: 'ipv4' | 'ipv6';
  srtp_suite?: 32 | 80;
  srtp_crypto?: string;
  /** Whether silence is forwarded while the room is empty. */
  always_on?: boolean;
  admin_key?: string;
}

/** Reply to `rtp_forward`. */
export interface AudioBridgeRtpForwardReply {
  audiobridge: 'success';
  room: AudioBridgeId;
  group?: string;
  stream_id: number;
  host: string;
  port: number;
}

/** `stop_rtp_forward`. */
export interface AudioBridgeStopRtpForwardRequest extends InRoom, WithSecret {
  stream_id: number;
  admin_key?: string;
}

/** Reply to `stop_rtp_forward`. */
export interface AudioBridgeStopRtpForwardReply {
  audiobridge: 'success';
  room: AudioBridgeId;
  stream_id: number;
}

/** `listforwarders`. */
export type AudioBridgeListForwardersRequest = InRoom & WithSecret;

/** A forwarder in the `listforwarders` reply. */
export interface AudioBridgeForwarder {
  stream_id: number;
  group?: string;
  ip: string;
  port: number;
  ssrc?: number;
  codec?: AudioBridgeCodec;
  ptype?: number;
  srtp?: boolean;
  always_on?: boolean;
}

/** Reply to `listforwarders`. */
export interface AudioBridgeForwardersReply {
  audiobridge: 'forwarders';
  room: AudioBridgeId;
  rtp_forwarders: AudioBridgeForwarder[];
}

// ---- Announcements (file playback) -----------------------------------------------------------------------------

/** `play_file`: plays an .opus file into the room. */
export interface AudioBridgePlayFileRequest extends InRoom, WithSecret {
  filename: string;
  /** Id of the announcement; Janus makes one up when missing. */
  file_id?: string;
  group?: string;
  loop?: boolean;
  admin_key?: string;
}

/** Reply to `play_file`. */
export interface AudioBridgePlayFileReply {
  audiobridge: 'success';
  room: AudioBridgeId;
  file_id: string;
}

/** `is_playing` / `stop_file`: one announcement. */
export interface AudioBridgeFileRequest extends InRoom, WithSecret {
  file_id: string;
}

/** Reply to `is_playing`. */
export interface AudioBridgeIsPlayingReply {
  audiobridge: 'success';
  room: AudioBridgeId;
  file_id: string;
  playing: boolean;
}

/** Reply to `stop_file`. */
export interface AudioBridgeStopFileReply {
  audiobridge: 'success';
  room: AudioBridgeId;
  file_id: string;
}

/**
 * `listannouncements`.
 * @since Janus 1.2.4
 */
export type AudioBridgeListAnnouncementsRequest = InRoom & WithSecret;

/** An announcement in the `listannouncements` reply. */
export interface AudioBridgeAnnouncement {
  file_id: string;
  filename: string;
  playing: boolean;
  loop: boolean;
}

/**
 * Reply to `listannouncements`.
 * @since Janus 1.2.4
 */
export interface AudioBridgeAnnouncementsReply {
  audiobridge: 'announcements';
  room: AudioBridgeId;
  announcements: AudioBridgeAnnouncement[];
}

/**
 * `stop_all_files`: stops every announcement of a room.
 * @since Janus 1.3.2
 */
export type AudioBridgeStopAllFilesRequest = InRoom & WithSecret;

/**
 * Reply to `stop_all_files`: the ids of the announcements it stopped.
 * @since Janus 1.3.2
 */
export interface AudioBridgeStopAllFilesReply {
  audiobridge: 'success';
  room: AudioBridgeId;
  file_id_list: string[];
}

/**
 * `denoise_enable` / `denoise_disable`: turns RNNoise on or off for a participant (builds with RNNoise only).
 * @since Janus 1.2.3
 */
export interface AudioBridgeDenoiseRequest extends InRoom, WithSecret {
  id: AudioBridgeId;
}

// ---- Participants ----------------------------------------------------------------------------------------------

/** Plain RTP instead of WebRTC, for `join` (and `configure` to complete a `generate_offer` exchange). */
export interface AudioBridgeRtpEndpoint {
  ip?: string;
  port?: number;
  payload_type?: number;
  audiolevel_ext?: number;
  fec?: boolean;
}

/** Participant settings `join`, `configure` and `changeroom` share. */
interface AudioBridgeParticipantSettings {
  display?: string;
  muted?: boolean;
  bitrate?: number;
  quality?: number;
  expected_loss?: number;
  volume?: number;
  spatial_position?: number;
  /**
   * Whether this participant is denoised with RNNoise (builds with RNNoise only).
   * @since Janus 1.2.3
   */
  denoise?: boolean;
  group?: string;
}

/** `join`: enters a room (media follows with a JSEP offer, here or in `configure`). */
export interface AudioBridgeJoinRequest extends InRoom, WithSecret, AudioBridgeParticipantSettings {
  id?: AudioBridgeId;
  pin?: string;
  token?: string;
  codec?: AudioBridgeCodec;
  /**
   * Whether to join suspended.
   * @since Janus 1.2.1
   */
  suspended?: boolean;
  /**
   * With `suspended`: whether room events are held back too.
   * @since Janus 1.2.1
   */
  pause_events?: boolean;
  audio_level_average?: number;
  audio_active_packets?: number;
  record?: boolean;
  filename?: string;
  /** Have Janus send the offer instead of answering one. */
  generate_offer?: boolean;
  rtp?: AudioBridgeRtpEndpoint;
}

/** Reply to `join` (and what others get when someone joins, with only that participant listed). */
export interface AudioBridgeJoinedReply {
  audiobridge: 'joined';
  room: AudioBridgeId;
  id: AudioBridgeId;
  display?: string;
  participants: AudioBridgeParticipant[];
  /** Janus's RTP endpoint, for plain RTP participants. */
  rtp?: AudioBridgeRtpEndpoint;
}

/** `configure`: changes this participant's settings, or (re)negotiates media with a JSEP. */
export interface AudioBridgeConfigureRequest extends AudioBridgeParticipantSettings {
  record?: boolean;
  filename?: string;
  generate_offer?: boolean;
  rtp?: AudioBridgeRtpEndpoint;
}

/** The `ok` reply of `configure`. */
export interface AudioBridgeOkReply {
  audiobridge: 'event';
  room: AudioBridgeId;
  result: 'ok';
}

/** `changeroom`: leaves the current room and joins another one. */
export interface AudioBridgeChangeRoomRequest extends InRoom, AudioBridgeParticipantSettings {
  id?: AudioBridgeId;
  pin?: string;
  token?: string;
  secret?: string;
  suspended?: boolean;
  pause_events?: boolean;
}

/** Reply to `changeroom`. */
export interface AudioBridgeRoomChangedReply {
  audiobridge: 'roomchanged';
  room: AudioBridgeId;
  id: AudioBridgeId;
  display?: string;
  participants: AudioBridgeParticipant[];
}

/** Reply to `leave`. */
export interface AudioBridgeLeftReply {
  audiobridge: 'left';
  room: AudioBridgeId;
  id: AudioBridgeId;
}

/** Reply to `hangup`: the PeerConnection is closing (the participant stays in the room). */
export interface AudioBridgeHangupReply {
  audiobridge: 'hangingup';
}

/** A request without fields. */
export type AudioBridgeEmptyRequest = Record<string, never>;

/**
 * Every AudioBridge request by its wire name, with its body and reply. `join`, `configure`, `changeroom`, `leave`
 * and `hangup` are asynchronous (`async: true`: `{ data, jsep? }`); the rest are synchronous (the reply data).
 * Requests added after Janus 1.1.2 carry `@since`.
 */
export interface AudioBridgeRequests {
  create: { body: AudioBridgeCreateRequest; reply: AudioBridgeCreatedReply };
  edit: { body: AudioBridgeEditRequest; reply: AudioBridgeEditedReply };
  destroy: { body: AudioBridgeDestroyRequest; reply: AudioBridgeDestroyedReply };
  exists: { body: AudioBridgeExistsRequest; reply: AudioBridgeExistsReply };
  list: { body: AudioBridgeListRequest; reply: AudioBridgeListReply };
  allowed: { body: AudioBridgeAllowedRequest; reply: AudioBridgeAllowedReply };
  kick: { body: AudioBridgeKickRequest; reply: AudioBridgeSuccessReply };
  kick_all: { body: AudioBridgeKickAllRequest; reply: AudioBridgeSuccessReply };
  listparticipants: { body: AudioBridgeListParticipantsRequest; reply: AudioBridgeParticipantsReply };
  resetdecoder: { body: AudioBridgeEmptyRequest; reply: AudioBridgeSuccessReply };
  rtp_forward: { body: AudioBridgeRtpForwardRequest; reply: AudioBridgeRtpForwardReply };
  stop_rtp_forward: { body: AudioBridgeStopRtpForwardRequest; reply: AudioBridgeStopRtpForwardReply };
  listforwarders: { body: AudioBridgeListForwardersRequest; reply: AudioBridgeForwardersReply };
  enable_recording: { body: AudioBridgeEnableRecordingRequest; reply: AudioBridgeSuccessReply };
  enable_mjrs: { body: AudioBridgeEnableMjrsRequest; reply: AudioBridgeSuccessReply };
  play_file: { body: AudioBridgePlayFileRequest; reply: AudioBridgePlayFileReply };
  is_playing: { body: AudioBridgeFileRequest; reply: AudioBridgeIsPlayingReply };
  stop_file: { body: AudioBridgeFileRequest; reply: AudioBridgeStopFileReply };
  mute: { body: AudioBridgeMuteRequest; reply: AudioBridgeSuccessReply };
  unmute: { body: AudioBridgeMuteRequest; reply: AudioBridgeSuccessReply };
  mute_room: { body: AudioBridgeMuteRoomRequest; reply: AudioBridgeSuccessReply };
  unmute_room: { body: AudioBridgeMuteRoomRequest; reply: AudioBridgeSuccessReply };
  /** @since Janus 1.2.1 */
  suspend: { body: AudioBridgeSuspendRequest; reply: AudioBridgeSuccessReply };
  /** @since Janus 1.2.1 */
  resume: { body: AudioBridgeResumeRequest; reply: AudioBridgeSuccessReply };
  /** @since Janus 1.2.4 */
  listannouncements: { body: AudioBridgeListAnnouncementsRequest; reply: AudioBridgeAnnouncementsReply };
  /** @since Janus 1.3.2 */
  stop_all_files: { body: AudioBridgeStopAllFilesRequest; reply: AudioBridgeStopAllFilesReply };
  /** @since Janus 1.2.3 (builds with RNNoise only) */
  denoise_enable: { body: AudioBridgeDenoiseRequest; reply: AudioBridgeSuccessReply };
  /** @since Janus 1.2.3 (builds with RNNoise only) */
  denoise_disable: { body: AudioBridgeDenoiseRequest; reply: AudioBridgeSuccessReply };
  join: { body: AudioBridgeJoinRequest; reply: AudioBridgeJoinedReply; async: true };
  configure: { body: AudioBridgeConfigureRequest; reply: AudioBridgeOkReply; async: true };
  changeroom: { body: AudioBridgeChangeRoomRequest; reply: AudioBridgeRoomChangedReply; async: true };
  leave: { body: AudioBridgeEmptyRequest; reply: AudioBridgeLeftReply; async: true };
  hangup: { body: AudioBridgeEmptyRequest; reply: AudioBridgeHangupReply; async: true };
}
