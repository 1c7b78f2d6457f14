/**
 * Requests and replies of the VideoRoom plugin (`janus.plugin.videoroom`) as Janus 1.1.2 speaks them, checked
 * against the plugin's documentation and against the real server. Field names are Janus's own (snake_case).
 *
 * Fields later Janus versions added (through 1.4.1) are optional and tagged `@since Janus x.y.z`; Janus ignores
 * request fields it does not know, so an older server simply does not act on them. Things a later version removed
 * are tagged `@deprecated Removed in Janus x.y.z`.
 */

/** Error codes of the VideoRoom plugin (`JanusPluginError.janusCode`). */
export const VideoRoomErrorCode = {
  UNKNOWN_ERROR: 499,
  NO_MESSAGE: 421,
  INVALID_JSON: 422,
  /** Unknown request name. */
  INVALID_REQUEST: 423,
  /** The handle must join first (or is not the right kind of participant for this request). */
  JOIN_FIRST: 424,
  /** The handle already joined (or left / was kicked: attach a new handle). */
  ALREADY_JOINED: 425,
  /** No such room. */
  NO_SUCH_ROOM: 426,
  /** A room with this id exists already. */
  ROOM_EXISTS: 427,
  /** No such feed, participant, stream, mid, remote publisher or remotization. */
  NO_SUCH_FEED: 428,
  /** A mandatory field is missing. */
  MISSING_ELEMENT: 429,
  /** A field has the wrong type or value. */
  INVALID_ELEMENT: 430,
  INVALID_SDP_TYPE: 431,
  /** The room's `publishers` limit is reached. */
  PUBLISHERS_FULL: 432,
  /** Wrong secret, pin, token or admin key, or kicked. */
  UNAUTHORIZED: 433,
  ALREADY_PUBLISHED: 434,
  /** `unpublish` while not publishing (no PeerConnection up). */
  NOT_PUBLISHED: 435,
  /** The participant id is taken. */
  ID_EXISTS: 436,
  INVALID_SDP: 437,
} as const;
/** One of {@link VideoRoomErrorCode}. */
export type VideoRoomErrorCode = (typeof VideoRoomErrorCode)[keyof typeof VideoRoomErrorCode];

/**
 * A room or participant id. Janus uses integers unless the plugin config sets `string_ids = true`; these types
 * follow the default (with `string_ids`, Janus sends and expects strings where these types say number).
 */
export type VideoRoomId = number;

/** Media kind of a stream. */
export type VideoRoomMediaType = 'audio' | 'video' | 'data';

/**
 * Application metadata attached to a participant: any JSON object, relayed by Janus as given.
 * @since Janus 1.3.0
 */
export type VideoRoomMetadata = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------------------
// Shared shapes
// ---------------------------------------------------------------------------------------------------------------

/** A codec a dummy publisher offers (`dummy_streams`). */
export interface VideoRoomDummyStream {
  /** Codec name, e.g. `opus`, `vp8`. */
  codec: string;
  /** fmtp to match, e.g. `profile-id=2`. */
  fmtp?: string;
}

/** A text description of one published stream (`descriptions`). */
export interface VideoRoomStreamDescription {
  /** mid of the published stream. */
  mid: string;
  /** e.g. `Front camera`. */
  description: string;
}

/** One stream of a publisher, as listed in `joined`, `publishers` events and `configured` replies. */
export interface VideoRoomPublisherStream {
  type: VideoRoomMediaType;
  mindex: number;
  mid: string;
  /** The stream is inactive (codec and description are then missing). */
  disabled?: boolean;
  codec?: string;
  description?: string;
  /** A moderator muted this stream. */
  moderated?: boolean;
  /** Simulcast in use (VP8 / H.264; also VP9 / AV1 since Janus 1.2.0). */
  simulcast?: boolean;
  /** SVC in use (VP9; also AV1 since Janus 1.2.0). */
  svc?: boolean;
  /** Audio activity (when audio levels are used). */
  talking?: boolean;
  /** Opus in-band FEC negotiated. */
  fec?: boolean;
  /** Opus DTX negotiated. */
  dtx?: boolean;
  /** Opus stereo negotiated. */
  stereo?: boolean;
  /** Negotiated H.264 profile (the spelling Janus sends in publisher stream lists). */
  h264_profile?: string;
  /** Negotiated VP9 profile (the spelling Janus sends in publisher stream lists). */
  vp9_profile?: string;
  /** @deprecated Janus sends `h264_profile` in publisher stream lists; this spelling never arrives here. */
  'h264-profile'?: string;
  /** @deprecated Janus sends `vp9_profile` in publisher stream lists; this spelling never arrives here. */
  'vp9-profile'?: string;
  /**
   * Audio-level extension id (in `configured` only: what `add_remote_publisher` needs to mirror the stream).
   * @since Janus 1.3.2
   */
  audiolevel_ext_id?: number;
  /**
   * Video-orientation extension id (in `configured` only).
   * @since Janus 1.3.2
   */
  videoorient_ext_id?: number;
  /**
   * Playout-delay extension id (in `configured` only).
   * @since Janus 1.3.2
   */
  playoutdelay_ext_id?: number;
}

/** An active publisher (a feed others can subscribe to). */
export interface VideoRoomPublisher {
  id: VideoRoomId;
  display?: string;
  /** The room's dummy publisher (placeholder subscriptions). */
  dummy?: boolean;
  /** A remote publisher (cascaded from another Janus). */
  remote?: boolean;
  /**
   * The publisher's metadata, when it set some.
   * @since Janus 1.3.0
   */
  metadata?: VideoRoomMetadata;
  /** First audio codec (deprecated by Janus: use `streams`). */
  audio_codec?: string;
  /** First video codec (deprecated by Janus: use `streams`). */
  video_codec?: string;
  streams: VideoRoomPublisherStream[];
  /** Deprecated by Janus: use the per-stream `talking`. */
  talking?: boolean;
}

/** A participant that joined without publishing (listed only when the room has `notify_joining`). */
export interface VideoRoomAttendee {
  id: VideoRoomId;
  display?: string;
  /**
   * The attendee's metadata, when it set some (in `joined`'s `attendees`).
   * @since Janus 1.3.3
   */
  metadata?: VideoRoomMetadata;
}

/** A participant as `listparticipants` lists it. */
export interface VideoRoomParticipant {
  id: VideoRoomId;
  display?: string;
  /** A PeerConnection is up (an active publisher). */
  publisher: boolean;
  /** Talking (only for active publishers with audio levels). */
  talking?: boolean;
  /** The room's dummy publisher. */
  dummy?: boolean;
  /** A remote publisher. */
  remote?: boolean;
  /**
   * The participant's metadata, when it set some.
   * @since Janus 1.3.0
   */
  metadata?: VideoRoomMetadata;
}

/** A room as `list` describes it. */
export interface VideoRoomInfo {
  room: VideoRoomId;
  description: string;
  pin_required: boolean;
  is_private: boolean;
  max_publishers: number;
  bitrate: number;
  bitrate_cap?: boolean;
  fir_freq: number;
  require_pvtid: boolean;
  require_e2ee: boolean;
  dummy_publisher: boolean;
  notify_joining: boolean;
  audiocodec: string;
  videocodec: string;
  opus_fec?: boolean;
  opus_dtx?: boolean;
  /** @deprecated Removed in Janus 1.1.4 (SVC is detected from the publisher's offer). */
  video_svc?: boolean;
  record: boolean;
  rec_dir?: string;
  lock_record: boolean;
  /** Participants (publishers, active or not; not subscribers). */
  num_participants: number;
  audiolevel_ext: boolean;
  audiolevel_event: boolean;
  audio_active_packets?: number;
  audio_level_average?: number;
  videoorient_ext: boolean;
  playoutdelay_ext: boolean;
  transport_wide_cc_ext: boolean;
}

/** One stream of a subscription, as `attached`, `updated` and `switched` describe it. */
export interface VideoRoomSubscriptionStreamInfo {
  type: VideoRoomMediaType;
  /** False when the m-line is inactive (e.g. its source went away). */
  active: boolean;
  mindex: number;
  mid: string;
  /** The `crossrefid` given when subscribing. */
  crossrefid?: string;
  /** Media can flow (false until the answer is in). */
  ready: boolean;
  /** Janus relays media on this stream. */
  send: boolean;
  feed_id?: VideoRoomId;
  feed_display?: string;
  /**
   * The source publisher's metadata, when it set some.
   * @since Janus 1.4.1
   */
  feed_metadata?: VideoRoomMetadata;
  feed_mid?: string;
  feed_description?: string;
  codec?: string;
  'h264-profile'?: string;
  'vp9-profile'?: string;
  /** Simulcast state of a simulcast source (sent by 1.1.2 as well; documented since Janus 1.2.2). */
  simulcast?: VideoRoomSimulcastInfo;
  /** SVC state of an SVC source (sent by 1.1.2 as well; documented since Janus 1.2.2). */
  svc?: VideoRoomSvcInfo;
  /** Playout-delay settings, when set (sent by 1.1.2 as well; documented since Janus 1.2.2). */
  'playout-delay'?: { 'min-delay': number; 'max-delay': number };
  /** Data channel: the publishers feeding it. */
  sources?: number;
  source_ids?: VideoRoomId[];
}

/** Simulcast state of one subscription stream: the layers relayed now and the ones asked for. */
export interface VideoRoomSimulcastInfo {
  substream: number;
  'substream-target': number;
  'temporal-layer': number;
  'temporal-layer-target': number;
  /** Microseconds without packets before dropping to a lower substream (when set). */
  fallback?: number;
}

/** SVC state of one subscription stream: the layers relayed now and the ones asked for. */
export interface VideoRoomSvcInfo {
  'spatial-layer': number;
  'target-spatial-layer': number;
  'temporal-layer': number;
  'target-temporal-layer': number;
}

/** A stream to subscribe to: a whole feed (`feed`) or one of its streams (`feed` + `mid`). */
export interface VideoRoomSubscribeStream {
  /** Publisher id. */
  feed: VideoRoomId;
  /** Publisher stream mid (all streams of the feed when missing). */
  mid?: string;
  /** An application id echoed back in the stream info. */
  crossrefid?: string;
  /** Relay media at once (default true). */
  send?: boolean;
  /** Simulcast substream to receive (0-2). */
  substream?: number;
  /** Simulcast temporal layer to receive (0-2). */
  temporal?: number;
  /** Simulcast: microseconds without packets before dropping to a lower substream. */
  fallback?: number;
  /** SVC spatial layer to receive (0-2). */
  spatial_layer?: number;
  /** SVC temporal layer to receive (0-2). */
  temporal_layer?: number;
  /** Playout-delay extension: minimum delay in 10 ms units. */
  min_delay?: number;
  /** Playout-delay extension: maximum delay in 10 ms units. */
  max_delay?: number;
}

/**
 * Streams to drop from a subscription: by source (`feed`, or `feed` + `mid`) or by subscription m-line
 * (`sub_mid`).
 */
export interface VideoRoomUnsubscribeStream {
  feed?: VideoRoomId;
  mid?: string;
  sub_mid?: string;
}

/** A switch of one subscription m-line (`sub_mid`) to another source (`feed` + `mid`), without renegotiation. */
export interface VideoRoomSwitchStream {
  feed: VideoRoomId;
  mid: string;
  sub_mid: string;
  /**
   * Simulcast substream to receive from the new source (0-2).
   * @since Janus 1.1.4
   */
  substream?: number;
  /**
   * Simulcast temporal layer to receive from the new source (0-2).
   * @since Janus 1.1.4
   */
  temporal?: number;
  /**
   * SVC spatial layer to receive from the new source (0-2).
   * @since Janus 1.1.4
   */
  spatial_layer?: number;
  /**
   * SVC temporal layer to receive from the new source (0-2).
   * @since Janus 1.1.4
   */
  temporal_layer?: number;
}

/** Per-stream settings in a publisher `configure`. */
export interface VideoRoomPublisherStreamSettings {
  /** mid of the published stream (all streams when missing). */
  mid?: string;
  /** Relay this stream to subscribers. */
  send?: boolean;
  min_delay?: number;
  max_delay?: number;
}

/** Per-stream settings in a subscriber `configure`. */
export interface VideoRoomSubscriberStreamSettings {
  /** Subscription mid (all streams when missing). */
  mid?: string;
  /** Relay this stream. */
  send?: boolean;
  substream?: number;
  temporal?: number;
  fallback?: number;
  spatial_layer?: number;
  temporal_layer?: number;
  min_delay?: number;
  max_delay?: number;
}

/** One RTP forwarder as `rtp_forward` and `listforwarders` report it. */
export interface VideoRoomForwarder {
  stream_id: number;
  type: VideoRoomMediaType;
  host: string;
  port: number;
  local_rtcp_port?: number;
  remote_rtcp_port?: number;
  ssrc?: number;
  pt?: number;
  substream?: number;
  /** SRTP in use. */
  srtp?: boolean;
}

/** One stream to forward over RTP. */
export interface VideoRoomForwardStream {
  /** mid of the publisher stream. */
  mid: string;
  /** Destination port. */
  port: number;
  /** Destination host (the request's `host` when missing). */
  host?: string;
  host_family?: 'ipv4' | 'ipv6';
  /** SSRC to put in forwarded packets. */
  ssrc?: number;
  /** Payload type to put in forwarded packets. */
  pt?: number;
  /** Remote port to latch to for RTCP feedback (keyframe requests). */
  rtcp_port?: number;
  /** Simulcast: forward like a viewer (one substream at a time). */
  simulcast?: boolean;
  /** Simulcast: port for the second substream. */
  port_2?: number;
  ssrc_2?: number;
  pt_2?: number;
  /** Simulcast: port for the third substream. */
  port_3?: number;
  ssrc_3?: number;
  pt_3?: number;
}

/**
 * One stream of a remote publisher. It must mirror the source publisher on the other Janus (same `mindex` per
 * stream: Janus tells streams apart by SSRC `1000 + 10 * mindex`).
 */
export interface VideoRoomRemoteStream {
  type: VideoRoomMediaType;
  mindex: number;
  mid: string;
  codec?: string;
  description?: string;
  disabled?: boolean;
  stereo?: boolean;
  fec?: boolean;
  dtx?: boolean;
  /**
   * H.264 profile of the source stream (`h264_profile` of its `configured` stream).
   * @since Janus 1.2.1 (earlier versions reject a string here)
   */
  h264_profile?: string;
  /**
   * VP9 profile of the source stream (`vp9_profile` of its `configured` stream).
   * @since Janus 1.2.1 (earlier versions reject a string here)
   */
  vp9_profile?: string;
  /** @deprecated Janus reads `h264_profile` (1.2.1+) and ignores this spelling. */
  'h264-profile'?: string;
  /** @deprecated Janus reads `vp9_profile` (1.2.1+) and ignores this spelling. */
  'vp9-profile'?: string;
  simulcast?: boolean;
  svc?: boolean;
  audiolevel_ext_id?: number;
  videoorient_ext_id?: number;
  playoutdelay_ext_id?: number;
}

/** One remotization of a local publisher (`listremotes`). */
export interface VideoRoomRemotization {
  remote_id: string;
  host: string;
  port: number;
  rtcp_port?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Room management (synchronous)
// ---------------------------------------------------------------------------------------------------------------

/** `create`: every room option through Janus 1.4.1 (the same names as in `janus.plugin.videoroom.jcfg`). */
export interface VideoRoomCreateRequest {
  /** Room id (chosen by Janus when missing). */
  room?: VideoRoomId;
  /** Save the room in the plugin config file. */
  permanent?: boolean;
  /** Required when the plugin config sets `admin_key`. */
  admin_key?: string;
  description?: string;
  /** Needed to edit/destroy the room and for moderation requests. */
  secret?: string;
  /** Needed to join. */
  pin?: string;
  /** Hidden from `list`. */
  is_private?: boolean;
  /** Tokens participants must pass in `join` (the ACL is enabled when given). */
  allowed?: string[];
  /** Subscribers must give a valid `private_id`. */
  require_pvtid?: boolean;
  /** Require signed tokens (when the core uses them). */
  signed_tokens?: boolean;
  /** Max concurrent publishers (default 3). */
  publishers?: number;
  /** Max video bitrate for publishers in bit/s (0: none). */
  bitrate?: number;
  /** The bitrate cap also limits publishers' own bitrate changes. */
  bitrate_cap?: boolean;
  /** Send publishers a keyframe request every `fir_freq` seconds (0: never). */
  fir_freq?: number;
  /** Allowed audio codecs in order of preference, comma-separated: `opus`, `g722`, `pcmu`, `pcma`, `isac32`, `isac16`. */
  audiocodec?: string;
  /** Allowed video codecs in order of preference, comma-separated: `vp8`, `vp9`, `h264`, `av1`, `h265`. */
  videocodec?: string;
  /** VP9 profile to prefer, e.g. `2`. */
  vp9_profile?: string;
  /** H.264 profile-level-id to prefer, e.g. `42e01f`. */
  h264_profile?: string;
  /** Negotiate Opus in-band FEC (default true). */
  opus_fec?: boolean;
  /** Negotiate Opus DTX. */
  opus_dtx?: boolean;
  /** @deprecated Removed in Janus 1.1.4 (SVC is detected from the publisher's offer); 1.1.2 needs it for VP9 SVC. */
  video_svc?: boolean;
  /** Negotiate the audio-level RTP extension (default true). */
  audiolevel_ext?: boolean;
  /** Send `talking` / `stopped-talking` events. */
  audiolevel_event?: boolean;
  /** Packets of audio level to average (default 100, i.e. 2 s). */
  audio_active_packets?: number;
  /** Average level (dBov, 0 loud - 127 mute) below which one is talking (default 25). */
  audio_level_average?: number;
  /** Negotiate the video-orientation RTP extension (default true). */
  videoorient_ext?: boolean;
  /** Negotiate the playout-delay RTP extension (default true). */
  playoutdelay_ext?: boolean;
  /** Negotiate transport-wide congestion control (default true). */
  transport_wide_cc_ext?: boolean;
  /** Record every publisher. */
  record?: boolean;
  /** Folder for recordings. */
  rec_dir?: string;
  /** Recording state can only change with the room secret. */
  lock_record?: boolean;
  /** Tell participants about every join (`joining` events), not only about publishers. */
  notify_joining?: boolean;
  /** Require end-to-end encrypted media. */
  require_e2ee?: boolean;
  /** Create a dummy publisher (placeholder subscriptions). */
  dummy_publisher?: boolean;
  /** Codecs the dummy publisher offers (all room codecs when missing). */
  dummy_streams?: VideoRoomDummyStream[];
  /**
   * Advertise the dummy publisher's streams as end-to-end encrypted.
   * @since Janus 1.3.2
   */
  dummy_e2ee?: boolean;
  /**
   * Helper threads that relay the room's media to subscribers (0, the default: none).
   * @since Janus 1.2.3
   */
  threads?: number;
}

/** Reply to `create`. */
export interface VideoRoomCreatedReply {
  videoroom: 'created';
  room: VideoRoomId;
  /** Saved to the config file. */
  permanent: boolean;
}

/** `edit`: what can change on a live room. */
export interface VideoRoomEditRequest {
  room: VideoRoomId;
  /** Room secret (mandatory if configured). */
  secret?: string;
  new_description?: string;
  new_secret?: string;
  new_pin?: string;
  new_is_private?: boolean;
  new_require_pvtid?: boolean;
  new_bitrate?: number;
  new_fir_freq?: number;
  new_publishers?: number;
  new_lock_record?: boolean;
  new_rec_dir?: string;
  /** Also change the config file. */
  permanent?: boolean;
}

/** Reply to `edit`. */
export interface VideoRoomEditedReply {
  videoroom: 'edited';
  room: VideoRoomId;
  permanent?: boolean;
}

/** `destroy`: participants get a `destroyed` event. */
export interface VideoRoomDestroyRequest {
  room: VideoRoomId;
  secret?: string;
  /** Also remove the room from the config file. */
  permanent?: boolean;
}

/** Reply to `destroy`. */
export interface VideoRoomDestroyedReply {
  videoroom: 'destroyed';
  room: VideoRoomId;
  permanent?: boolean;
}

/** `exists`. */
export interface VideoRoomExistsRequest {
  room: VideoRoomId;
}

/** Reply to `exists`. */
export interface VideoRoomExistsReply {
  videoroom: 'success';
  room: VideoRoomId;
  exists: boolean;
}

/** `list`. */
export interface VideoRoomListRequest {
  /** With the right admin key, private rooms are listed too. */
  admin_key?: string;
}

/** Reply to `list`. */
export interface VideoRoomListReply {
  videoroom: 'success';
  list: VideoRoomInfo[];
}

/** `listparticipants`. */
export interface VideoRoomListParticipantsRequest {
  room: VideoRoomId;
}

/** Reply to `listparticipants`. */
export interface VideoRoomParticipantsReply {
  videoroom: 'participants';
  room: VideoRoomId;
  participants: VideoRoomParticipant[];
}

/** `allowed`: turn the token ACL on/off, or add/remove tokens. */
export interface VideoRoomAllowedRequest {
  room: VideoRoomId;
  secret?: string;
  action: 'enable' | 'disable' | 'add' | 'remove';
  /** Tokens to add or remove (for `add` / `remove`). */
  allowed?: string[];
}

/** Reply to `allowed`: the complete token list (except for `disable`). */
export interface VideoRoomAllowedReply {
  videoroom: 'success';
  room: VideoRoomId;
  allowed?: string[];
}

/** `kick`: the kicked handle leaves the room (it gets a `kicked` event here) and cannot rejoin on that handle. */
export interface VideoRoomKickRequest {
  room: VideoRoomId;
  secret?: string;
  /** Participant id. */
  id: VideoRoomId;
}

/** `moderate`: (un)mute one stream of a participant for everyone. */
export interface VideoRoomModerateRequest {
  room: VideoRoomId;
  secret?: string;
  /** Participant id. */
  id: VideoRoomId;
  /** mid of the participant's stream. */
  mid: string;
  mute: boolean;
}

/** Reply of requests that only succeed (`kick`, `moderate`, remote publisher updates/removals). */
export interface VideoRoomSuccessReply {
  videoroom: 'success';
}

/** `enable_recording`: start/stop recording every participant. */
export interface VideoRoomEnableRecordingRequest {
  room: VideoRoomId;
  secret?: string;
  record: boolean;
}

/** Reply to `enable_recording` (Janus 1.1.2 notifies no participant about the change). */
export interface VideoRoomRecordingReply {
  videoroom: 'success';
  record: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// RTP forwarding (synchronous)
// ---------------------------------------------------------------------------------------------------------------

/** `rtp_forward`: forward a publisher's streams over plain RTP (or SRTP) to a host. */
export interface VideoRoomRtpForwardRequest {
  room: VideoRoomId;
  publisher_id: VideoRoomId;
  /** Default destination host. */
  host: string;
  host_family?: 'ipv4' | 'ipv6';
  /** Room secret (needed when the plugin config locks RTP forwarding). */
  secret?: string;
  /** Needed when the plugin config sets `admin_key` and `lock_rtp_forward`. */
  admin_key?: string;
  streams: VideoRoomForwardStream[];
  /** SRTP authentication tag length: 32 or 80. */
  srtp_suite?: 32 | 80;
  /** SRTP key (base64, as in SDES). */
  srtp_crypto?: string;
}

/** Reply to `rtp_forward`. */
export interface VideoRoomRtpForwardReply {
  videoroom: 'rtp_forward';
  room: VideoRoomId;
  publisher_id: VideoRoomId;
  forwarders: VideoRoomForwarder[];
}

/** `stop_rtp_forward`. */
export interface VideoRoomStopRtpForwardRequest {
  room: VideoRoomId;
  publisher_id: VideoRoomId;
  stream_id: number;
  secret?: string;
  admin_key?: string;
}

/** Reply to `stop_rtp_forward`. */
export interface VideoRoomStopRtpForwardReply {
  videoroom: 'stop_rtp_forward';
  room: VideoRoomId;
  publisher_id: VideoRoomId;
  stream_id: number;
}

/** `listforwarders`. */
export interface VideoRoomListForwardersRequest {
  room: VideoRoomId;
  secret?: string;
}

/** Reply to `listforwarders` (remotizations are not listed here: see `listremotes`). */
export interface VideoRoomForwardersReply {
  videoroom: 'forwarders';
  room: VideoRoomId;
  publishers: Array<{
    publisher_id: VideoRoomId;
    display?: string;
    /**
     * The publisher's metadata, when it set some.
     * @since Janus 1.3.0
     */
    metadata?: VideoRoomMetadata;
    forwarders: VideoRoomForwarder[];
  }>;
}

// ---------------------------------------------------------------------------------------------------------------
// Remote publishers (cascading a room across Janus servers; synchronous)
// ---------------------------------------------------------------------------------------------------------------

/** `add_remote_publisher` (on the target Janus): the room announces the publisher at once. */
export interface VideoRoomAddRemotePublisherRequest {
  room: VideoRoomId;
  secret?: string;
  /** Id of the remote publisher here (chosen by Janus when missing). */
  id?: VideoRoomId;
  display?: string;
  /** Multicast group to receive on. */
  mcast?: string;
  /** Interface or IP to bind (all when missing); Janus then returns `ip`, and senders must use it. */
  iface?: string;
  /** Local port for all RTP (0 or missing: a free one). */
  port?: number;
  /**
   * Metadata of the remote publisher, as participants here will see it.
   * @since Janus 1.3.0
   */
  metadata?: VideoRoomMetadata;
  /**
   * SRTP authentication tag length of the incoming media (the source's `publish_remotely` must match).
   * @since Janus 1.3.0
   */
  srtp_suite?: 32 | 80;
  /**
   * SRTP key of the incoming media (base64, as in SDES).
   * @since Janus 1.3.0
   */
  srtp_crypto?: string;
  /** Must mirror the source publisher's streams. */
  streams: VideoRoomRemoteStream[];
}

/** Reply to `add_remote_publisher`: where the source Janus must send (`publish_remotely`). */
export interface VideoRoomRemotePublisherReply {
  videoroom: 'success';
  room: VideoRoomId;
  /** Feed id of the remote publisher in this room. */
  id: VideoRoomId;
  /** Bound address (only when `iface` was given). */
  ip?: string;
  port: number;
  rtcp_port?: number;
}

/** `update_remote_publisher`: Janus (1.1.2 through 1.4.1) requires `streams` even to only rename. */
export interface VideoRoomUpdateRemotePublisherRequest {
  room: VideoRoomId;
  id: VideoRoomId;
  secret?: string;
  display?: string;
  /**
   * New metadata of the remote publisher.
   * @since Janus 1.3.0
   */
  metadata?: VideoRoomMetadata;
  /**
   * SRTP authentication tag length.
   * @since Janus 1.3.0
   */
  srtp_suite?: 32 | 80;
  /**
   * SRTP key (base64).
   * @since Janus 1.3.0
   */
  srtp_crypto?: string;
  streams: VideoRoomRemoteStream[];
}

/** `remove_remote_publisher`: participants get `leaving`. */
export interface VideoRoomRemoveRemotePublisherRequest {
  room: VideoRoomId;
  id: VideoRoomId;
  secret?: string;
}

/** `publish_remotely` (on the source Janus): relay a local publisher to a remote publisher elsewhere. */
export interface VideoRoomPublishRemotelyRequest {
  room: VideoRoomId;
  /** The local publisher (a remote publisher cannot be remotized again: 430). */
  publisher_id: VideoRoomId;
  /** Your name for this remotization (to stop it later). */
  remote_id: string;
  secret?: string;
  /** Target address (`ip` from `add_remote_publisher` when it returned one). */
  host: string;
  host_family?: 'ipv4' | 'ipv6';
  port: number;
  /** Always pass it: keyframe requests flow back through it. */
  rtcp_port?: number;
  /**
   * Encrypt the relayed media with SRTP: authentication tag length (as given to `add_remote_publisher`).
   * @since Janus 1.3.0
   */
  srtp_suite?: 32 | 80;
  /**
   * SRTP key (base64, as in SDES).
   * @since Janus 1.3.0
   */
  srtp_crypto?: string;
}

/** Reply to `publish_remotely`. */
export interface VideoRoomPublishRemotelyReply {
  videoroom: 'success';
  room: VideoRoomId;
  /** The local publisher. */
  id: VideoRoomId;
  remote_id: string;
}

/** `unpublish_remotely` (does not remove the remote publisher on the target: use `remove_remote_publisher`). */
export interface VideoRoomUnpublishRemotelyRequest {
  room: VideoRoomId;
  publisher_id: VideoRoomId;
  remote_id: string;
  secret?: string;
}

/** Reply to `unpublish_remotely`. */
export interface VideoRoomUnpublishRemotelyReply {
  videoroom: 'success';
  room: VideoRoomId;
  id: VideoRoomId;
}

/**
 * `listremotes`. Janus's docs (since 1.2.4) spell it `list_remotes`, but every version through 1.4.1 only
 * accepts `listremotes` (and rejects the other spelling with 423).
 */
export interface VideoRoomListRemotesRequest {
  room: VideoRoomId;
  publisher_id: VideoRoomId;
  secret?: string;
}

/** Reply to `listremotes`. */
export interface VideoRoomRemotesReply {
  videoroom: 'success';
  room: VideoRoomId;
  id: VideoRoomId;
  list: VideoRoomRemotization[];
}

// ---------------------------------------------------------------------------------------------------------------
// Publishers (asynchronous)
// ---------------------------------------------------------------------------------------------------------------

/** Fields of `join` as a publisher. */
export interface VideoRoomJoinPublisherRequest {
  room: VideoRoomId;
  /** Participant id (chosen by Janus when missing). */
  id?: VideoRoomId;
  display?: string;
  /** Token from the room's `allowed` list. */
  token?: string;
  /** Room pin. */
  pin?: string;
  /**
   * Metadata other participants see with this participant (in `publishers`, `joining`, `listparticipants`...).
   * @since Janus 1.3.0
   */
  metadata?: VideoRoomMetadata;
}

/** Reply to a publisher `join` (and to `joinandconfigure`, which adds the negotiated streams). */
export interface VideoRoomJoinedReply {
  videoroom: 'joined';
  room: VideoRoomId;
  description?: string;
  /** This participant's id. */
  id: VideoRoomId;
  /** Private id, to pass as `private_id` when subscribing. */
  private_id: number;
  /** Active publishers. */
  publishers: VideoRoomPublisher[];
  /** Participants not publishing (only with `notify_joining`). */
  attendees?: VideoRoomAttendee[];
  audio_codec?: string;
  video_codec?: string;
  streams?: VideoRoomPublisherStream[];
}

/** `publish`: must carry a JSEP offer; the reply carries the answer. */
export interface VideoRoomPublishRequest {
  /** Audio codec to prefer among the negotiated ones. */
  audiocodec?: string;
  /** Video codec to prefer among the negotiated ones. */
  videocodec?: string;
  /** Bitrate cap in bit/s (overrides the room's, unless `bitrate_cap`). */
  bitrate?: number;
  record?: boolean;
  /** Base path of the recording. */
  filename?: string;
  /** New display name. */
  display?: string;
  /**
   * New metadata (with `configure`, participants get a `metadata` event when it replaces earlier metadata).
   * @since Janus 1.3.0
   */
  metadata?: VideoRoomMetadata;
  /** Overrides the room's `audio_level_average` for this publisher. */
  audio_level_average?: number;
  /** Overrides the room's `audio_active_packets` for this publisher. */
  audio_active_packets?: number;
  descriptions?: VideoRoomStreamDescription[];
}

/** `joinandconfigure`: join as a publisher and publish in one request (with a JSEP offer). */
export type VideoRoomJoinAndConfigureRequest = VideoRoomJoinPublisherRequest & VideoRoomPublishRequest;

/** A publisher `configure`: tweak an active publisher, renegotiate (with an offer) or restart ICE. */
export interface VideoRoomPublisherConfigureRequest extends VideoRoomPublishRequest {
  /** Send the publisher a keyframe request. */
  keyframe?: boolean;
  /** mid of the stream `send` applies to (1.1.x single-stream form; see `streams`). */
  mid?: string;
  /** Relay (true) or stop relaying (false) the stream `mid`. */
  send?: boolean;
  min_delay?: number;
  max_delay?: number;
  /** Per-stream settings (multistream form). */
  streams?: VideoRoomPublisherStreamSettings[];
  /** The JSEP offer is a renegotiation (streams added/removed). */
  update?: boolean;
  /** The JSEP offer restarts ICE. */
  restart?: boolean;
}

/** Reply to `publish` and `configure` (the streams come with a negotiation). */
export interface VideoRoomConfiguredReply {
  videoroom: 'event';
  room: VideoRoomId;
  configured: 'ok';
  audio_codec?: string;
  video_codec?: string;
  streams?: VideoRoomPublisherStream[];
}

/** Reply to `unpublish`. */
export interface VideoRoomUnpublishedReply {
  videoroom: 'event';
  room: VideoRoomId;
  unpublished: 'ok';
}

/** Reply to `leave`: `leaving` for a publisher, `left` for a subscriber. */
export type VideoRoomLeaveReply =
  { videoroom: 'event'; room?: VideoRoomId; leaving: 'ok' } | { videoroom: 'event'; room?: VideoRoomId; left: 'ok' };

// ---------------------------------------------------------------------------------------------------------------
// Subscribers (asynchronous)
// ---------------------------------------------------------------------------------------------------------------

/** Fields of a subscriber `join` besides what to subscribe to. */
export interface VideoRoomJoinSubscriberBase {
  room: VideoRoomId;
  pin?: string;
  /** The subscribing participant's private id (mandatory when the room has `require_pvtid`). */
  private_id?: number;
  /** Put the publisher's msid in the offer. */
  use_msid?: boolean;
  /** Renegotiate automatically when a subscribed feed goes away (default true). */
  autoupdate?: boolean;
  /** Legacy single-feed form: simulcast substream. */
  substream?: number;
  /** Legacy single-feed form: simulcast temporal layer. */
  temporal?: number;
  /** Legacy single-feed form: simulcast fallback in microseconds. */
  fallback?: number;
  /** Legacy single-feed form: SVC spatial layer. */
  spatial_layer?: number;
  /** Legacy single-feed form: SVC temporal layer. */
  temporal_layer?: number;
}

/**
 * A subscriber `join`: the multistream `streams` list, or the legacy single `feed` (deprecated by Janus, which
 * then adds `warning: "deprecated_api"` to the reply).
 */
export type VideoRoomJoinSubscriberRequest = VideoRoomJoinSubscriberBase &
  (
    | { streams: VideoRoomSubscribeStream[]; feed?: never }
    | {
        /** Publisher to subscribe to (legacy form). */
        feed: VideoRoomId;
        streams?: never;
        /** Legacy: subscribe to audio. */
        audio?: boolean;
        /** Legacy: subscribe to video. */
        video?: boolean;
        /** Legacy: subscribe to data. */
        data?: boolean;
        /** Legacy: offer audio. */
        offer_audio?: boolean;
        /** Legacy: offer video. */
        offer_video?: boolean;
        /** Legacy: offer data. */
        offer_data?: boolean;
      }
  );

/** Reply to a subscriber `join` (comes with Janus's JSEP offer). */
export interface VideoRoomAttachedReply {
  videoroom: 'attached';
  room: VideoRoomId;
  streams: VideoRoomSubscriptionStreamInfo[];
  /** Legacy form: the feed. */
  id?: VideoRoomId;
  /** Legacy form: the feed's display name. */
  display?: string;
  /**
   * Legacy form: the feed's metadata.
   * @since Janus 1.4.1
   */
  metadata?: VideoRoomMetadata;
  /** `deprecated_api` for the legacy form. */
  warning?: string;
}

/** `subscribe`: add streams (triggers a renegotiation). */
export interface VideoRoomSubscribeRequest {
  streams: VideoRoomSubscribeStream[];
}

/** `unsubscribe`: drop streams (triggers a renegotiation). */
export interface VideoRoomUnsubscribeRequest {
  streams: VideoRoomUnsubscribeStream[];
}

/** `update`: subscribe and unsubscribe at once (at least one of the two; 429 otherwise). */
export type VideoRoomUpdateRequest =
  | { subscribe: VideoRoomSubscribeStream[]; unsubscribe?: VideoRoomUnsubscribeStream[] }
  | { subscribe?: VideoRoomSubscribeStream[]; unsubscribe: VideoRoomUnsubscribeStream[] };

/**
 * Reply to `subscribe` / `unsubscribe` / `update`: `updated` (with a new JSEP offer to answer with `start`
 * when the SDP changed) or `updating` (a renegotiation is already under way; the offer comes later as an
 * `updated` event).
 */
export type VideoRoomUpdatedReply =
  | { videoroom: 'updated'; room: VideoRoomId; streams?: VideoRoomSubscriptionStreamInfo[] }
  | { videoroom: 'updating'; room: VideoRoomId };

/** A subscriber `configure`: per-stream relay, simulcast/SVC layers, playout delay, ICE restart. */
export interface VideoRoomSubscriberConfigureRequest {
  /** Subscription mid the single-stream fields apply to. */
  mid?: string;
  send?: boolean;
  substream?: number;
  temporal?: number;
  fallback?: number;
  spatial_layer?: number;
  temporal_layer?: number;
  audio_level_average?: number;
  audio_active_packets?: number;
  min_delay?: number;
  max_delay?: number;
  /** Per-stream settings (multistream form). */
  streams?: VideoRoomSubscriberStreamSettings[];
  /** Ask Janus for an ICE-restart offer (answer it with `start`). */
  restart?: boolean;
}

/** `configure` for either kind of handle. */
export type VideoRoomConfigureRequest = VideoRoomPublisherConfigureRequest | VideoRoomSubscriberConfigureRequest;

/** Reply to `start`. */
export interface VideoRoomStartedReply {
  videoroom: 'event';
  room: VideoRoomId;
  started: 'ok';
}

/** Reply to `pause`. */
export interface VideoRoomPausedReply {
  videoroom: 'event';
  room: VideoRoomId;
  paused: 'ok';
}

/** `switch`: change sources without renegotiation (same codecs required). */
export interface VideoRoomSwitchRequest {
  streams: VideoRoomSwitchStream[];
}

/** Reply to `switch`. */
export interface VideoRoomSwitchedReply {
  videoroom: 'event';
  room: VideoRoomId;
  switched: 'ok';
  /** How many switches were applied (may be fewer than asked). */
  changes: number;
  /** The whole subscription after the switch. */
  streams: VideoRoomSubscriptionStreamInfo[];
}

// ---------------------------------------------------------------------------------------------------------------
// The request map
// ---------------------------------------------------------------------------------------------------------------

/** A request without fields. */
export type VideoRoomEmptyRequest = Record<string, never>;

/**
 * Every VideoRoom request of Janus 1.1.2 by its wire name, with its body and reply (Janus 1.2 to 1.4.1 added no
 * request, only fields). `handle.request(name, body)`
 * is typed by it; the named methods of `VideoRoomHandle` are built on it. Room management, forwarding and remote
 * publishers are synchronous (they resolve with the reply data); the participant requests are asynchronous
 * (`async: true`: they resolve with `{ data, jsep? }`).
 */
export interface VideoRoomRequests {
  create: { body: VideoRoomCreateRequest; reply: VideoRoomCreatedReply };
  edit: { body: VideoRoomEditRequest; reply: VideoRoomEditedReply };
  destroy: { body: VideoRoomDestroyRequest; reply: VideoRoomDestroyedReply };
  exists: { body: VideoRoomExistsRequest; reply: VideoRoomExistsReply };
  list: { body: VideoRoomListRequest; reply: VideoRoomListReply };
  listparticipants: { body: VideoRoomListParticipantsRequest; reply: VideoRoomParticipantsReply };
  allowed: { body: VideoRoomAllowedRequest; reply: VideoRoomAllowedReply };
  kick: { body: VideoRoomKickRequest; reply: VideoRoomSuccessReply };
  moderate: { body: VideoRoomModerateRequest; reply: VideoRoomSuccessReply };
  enable_recording: { body: VideoRoomEnableRecordingRequest; reply: VideoRoomRecordingReply };
  rtp_forward: { body: VideoRoomRtpForwardRequest; reply: VideoRoomRtpForwardReply };
  stop_rtp_forward: { body: VideoRoomStopRtpForwardRequest; reply: VideoRoomStopRtpForwardReply };
  listforwarders: { body: VideoRoomListForwardersRequest; reply: VideoRoomForwardersReply };
  add_remote_publisher: { body: VideoRoomAddRemotePublisherRequest; reply: VideoRoomRemotePublisherReply };
  update_remote_publisher: { body: VideoRoomUpdateRemotePublisherRequest; reply: VideoRoomSuccessReply };
  remove_remote_publisher: { body: VideoRoomRemoveRemotePublisherRequest; reply: VideoRoomSuccessReply };
  publish_remotely: { body: VideoRoomPublishRemotelyRequest; reply: VideoRoomPublishRemotelyReply };
  unpublish_remotely: { body: VideoRoomUnpublishRemotelyRequest; reply: VideoRoomUnpublishRemotelyReply };
  listremotes: { body: VideoRoomListRemotesRequest; reply: VideoRoomRemotesReply };
  join: {
    body:
      | (VideoRoomJoinPublisherRequest & { ptype: 'publisher' })
      | (VideoRoomJoinSubscriberRequest & { ptype: 'subscriber' });
    reply: VideoRoomJoinedReply | VideoRoomAttachedReply;
    async: true;
  };
  joinandconfigure: {
    body: VideoRoomJoinAndConfigureRequest & { ptype: 'publisher' };
    reply: VideoRoomJoinedReply;
    async: true;
  };
  configure: { body: VideoRoomConfigureRequest; reply: VideoRoomConfiguredReply; async: true };
  publish: { body: VideoRoomPublishRequest; reply: VideoRoomConfiguredReply; async: true };
  unpublish: { body: VideoRoomEmptyRequest; reply: VideoRoomUnpublishedReply; async: true };
  start: { body: VideoRoomEmptyRequest; reply: VideoRoomStartedReply; async: true };
  pause: { body: VideoRoomEmptyRequest; reply: VideoRoomPausedReply; async: true };
  switch: { body: VideoRoomSwitchRequest; reply: VideoRoomSwitchedReply; async: true };
  subscribe: { body: VideoRoomSubscribeRequest; reply: VideoRoomUpdatedReply; async: true };
  unsubscribe: { body: VideoRoomUnsubscribeRequest; reply: VideoRoomUpdatedReply; async: true };
  update: { body: VideoRoomUpdateRequest; reply: VideoRoomUpdatedReply; async: true };
  leave: { body: VideoRoomEmptyRequest; reply: VideoRoomLeaveReply; async: true };
}
