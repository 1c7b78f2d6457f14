/**
 * Types of the Streaming plugin (`janus.plugin.streaming`) as Janus 1.1.2 speaks it, with what 1.2 to 1.4 added
 * tagged `@since Janus x.y.z`. Field names are Janus's own (snake_case on the wire).
 */

/** Error codes of the Streaming plugin (`JanusPluginError.janusCode`). */
export const StreamingErrorCode = {
  NO_MESSAGE: 450,
  INVALID_JSON: 451,
  INVALID_REQUEST: 452,
  MISSING_ELEMENT: 453,
  INVALID_ELEMENT: 454,
  NO_SUCH_MOUNTPOINT: 455,
  CANT_CREATE: 456,
  UNAUTHORIZED: 457,
  CANT_SWITCH: 458,
  CANT_RECORD: 459,
  INVALID_STATE: 460,
  UNKNOWN_ERROR: 470,
} as const;

/** One of {@link StreamingErrorCode}. */
export type StreamingErrorCode = (typeof StreamingErrorCode)[keyof typeof StreamingErrorCode];

/** A mountpoint id: a number, or a string when the plugin runs with `string_ids = true`. */
export type StreamingMountpointId = number | string;

/** The kind of mountpoint to `create`. */
export type StreamingMountpointType = 'rtp' | 'live' | 'ondemand' | 'rtsp';

/**
 * The kind of a mountpoint as replies report it: `live` (RTP, RTSP and live files: one playout for all viewers)
 * or `on demand` (a file played for each viewer).
 */
export type StreamingPlayoutType = 'live' | 'on demand';

/** The kind of one stream of a mountpoint. */
export type StreamingMediaType = 'audio' | 'video' | 'data';

// ---- Synchronous requests ---------------------------------------------------------------------------------------

/**
 * `list`: the public mountpoints. Private ones are listed too when the plugin is configured with an `admin_key`
 * and the request carries it (without one configured, Janus never lists them).
 */
export interface StreamingListRequest {
  admin_key?: string;
}

/** One stream of a mountpoint as `list` reports it. */
export interface StreamingListedMedia {
  mid: string;
  label?: string;
  msid?: string;
  type: StreamingMediaType;
  /** Milliseconds since media last arrived for this stream (present once some did). */
  age_ms?: number;
}

/** One mountpoint in a `list` reply. */
export interface StreamingListedMountpoint {
  id: StreamingMountpointId;
  type: StreamingPlayoutType;
  description: string;
  metadata?: string;
  enabled: boolean;
  media?: StreamingListedMedia[];
}

/** Reply to `list`. */
export interface StreamingListReply {
  streaming: 'list';
  list: StreamingListedMountpoint[];
}

/** `info`: details of one mountpoint; more of them (ports, PIN, ...) with the right secret. */
export interface StreamingInfoRequest {
  id: StreamingMountpointId;
  secret?: string;
}

/** One stream in an `info` reply (port and codec details only for RTP, most only with the secret). */
export interface StreamingInfoMedia {
  mid: string;
  mindex: number;
  type: StreamingMediaType;
  label?: string;
  msid?: string;
  /** Milliseconds since media last arrived for this stream: shrinks while media flows. */
  age_ms?: number;
  pt?: number;
  codec?: string;
  rtpmap?: string;
  fmtp?: string;
  port?: number;
  rtcpport?: number;
  port2?: number;
  port3?: number;
  mcast?: string;
  iface?: string;
  /** Data streams: `text` or `binary`. @since Janus 1.1.4 */
  datatype?: string;
  /** Any other detail Janus adds (recording state, simulcast, ...). */
  [key: string]: unknown;
}

/** A mountpoint as `info` describes it. */
export interface StreamingMountpointInfo {
  id: StreamingMountpointId;
  name: string;
  description: string;
  metadata?: string;
  secret?: string;
  pin?: string;
  /** `true` for a private mountpoint (only with the secret; left out when public). */
  is_private?: boolean;
  /** Viewers watching (only with the secret). */
  viewers?: number;
  enabled: boolean;
  type: StreamingPlayoutType;
  media?: StreamingInfoMedia[];
  /** Other per-type details (`url` of RTSP, `filename` of file mountpoints, ...). */
  [key: string]: unknown;
}

/** Reply to `info`. */
export interface StreamingInfoReply {
  streaming: 'info';
  info: StreamingMountpointInfo;
}

/** One stream of a new RTP mountpoint (the multistream `media` array of Janus 1.x). */
export interface StreamingRtpMedia {
  type: StreamingMediaType;
  /** The mid viewers' PeerConnections use for this stream. */
  mid: string;
  label?: string;
  msid?: string;
  /** Multicast group to join. */
  mcast?: string;
  /** Interface or IP address to bind to. */
  iface?: string;
  /** UDP port to receive this stream's RTP on; 0 lets Janus pick one (reported in the `created` reply). */
  port: number;
  rtcpport?: number;
  /** Payload type (audio and video). */
  pt?: number;
  /** Codec name, e.g. `opus`, `vp8`, `h264`. */
  codec?: string;
  /** @deprecated Janus derives it from `codec`. */
  rtpmap?: string;
  fmtp?: string;
  /** Compensates clock drift of the source. */
  skew?: boolean;
  /** Video: keeps the last keyframe to send new viewers at once. */
  bufferkf?: boolean;
  /** Video: simulcast, with `port2` / `port3` for the other substreams. */
  simulcast?: boolean;
  port2?: number;
  port3?: number;
  /** Video: VP9-SVC / AV1-SVC. */
  svc?: boolean;
  /** Data: keeps the last message to send new viewers. */
  buffermsg?: boolean;
  /** Data: `text` (default) or `binary`. @since Janus 1.2.4 (1.1.2 reads it only from the legacy flat fields) */
  datatype?: 'text' | 'binary';
}

/** What every `create` takes, whatever the mountpoint type. */
export interface StreamingCreateCommon {
  /** Required when the plugin is configured with an `admin_key`. */
  admin_key?: string;
  /** Chosen by Janus when left out. */
  id?: StreamingMountpointId;
  name?: string;
  description?: string;
  metadata?: string;
  secret?: string;
  pin?: string;
  /** Left out of `list` (Janus's default when this is not given: private). */
  is_private?: boolean;
  /** Saves the mountpoint to the plugin's configuration file. */
  permanent?: boolean;
}

/** `create` of an RTP mountpoint: media another tool sends to Janus over RTP. */
export interface StreamingCreateRtpRequest extends StreamingCreateCommon {
  type: 'rtp';
  media: StreamingRtpMedia[];
  /** Milliseconds within which an SSRC change counts as a collision. */
  collision?: number;
  /** Helper threads relaying to viewers. */
  threads?: number;
  /** SRTP from the source: suite (32 or 80) and base64 key. */
  srtpsuite?: number;
  srtpcrypto?: string;
  /** The source encrypts end to end (Insertable Streams). */
  e2ee?: boolean;
  /** Negotiates the playout-delay RTP extension with viewers. */
  playoutdelay_ext?: boolean;
  /** Negotiates the abs-capture-time extension with viewers. @since Janus 1.2.2 */
  abscapturetime_src_ext_id?: number;
}

/** `create` of a file mountpoint: `live` (one shared playout) or `ondemand` (one per viewer); audio only. */
export interface StreamingCreateFileRequest extends StreamingCreateCommon {
  type: 'live' | 'ondemand';
  /** An `.alaw`, `.mulaw` or `.opus` (Ogg) file Janus can read; an `.opus` file needs `audiocodec: 'opus'`. */
  filename: string;
  audio?: boolean;
  video?: boolean;
  audiocodec?: string;
  /** @deprecated Janus derives it from `audiocodec`. */
  audiortpmap?: string;
  audiofmtp?: string;
  audiopt?: number;
}

/** `create` of an RTSP mountpoint: Janus pulls the media from an RTSP server (Janus built with libcurl). */
export interface StreamingCreateRtspRequest extends StreamingCreateCommon {
  type: 'rtsp';
  url: string;
  rtsp_user?: string;
  rtsp_pwd?: string;
  audio?: boolean;
  video?: boolean;
  /** Seconds between reconnect attempts. */
  rtsp_reconnect_delay?: number;
  rtsp_session_timeout?: number;
  rtsp_timeout?: number;
  rtsp_conn_timeout?: number;
  audiocodec?: string;
  /** @deprecated Janus derives it from `audiocodec`. */
  audiortpmap?: string;
  audiofmtp?: string;
  audiopt?: number;
  videocodec?: string;
  /** @deprecated Janus derives it from `videocodec`. */
  videortpmap?: string;
  videofmtp?: string;
  videopt?: number;
  videobufferkf?: boolean;
  threads?: number;
  /** Interface to bind the RTP sockets to. */
  rtspiface?: string;
  /** Checks the RTSP server answers before each reconnect. */
  rtsp_failcheck?: boolean;
  /** For RTSP servers that offer the stream by its path alone rather than the full URL. @since Janus 1.3.3 */
  rtsp_quirk?: boolean;
  /** Tells viewers when the RTSP source disconnects and reconnects (`rtsp` events). @since Janus 1.3.3 */
  rtsp_notify_changes?: boolean;
}

/** `create`: a new mountpoint, typed by its `type`. */
export type StreamingCreateRequest =
  StreamingCreateRtpRequest | StreamingCreateFileRequest | StreamingCreateRtspRequest;

/** A port a new RTP mountpoint listens on. */
export interface StreamingCreatedPort {
  type: StreamingMediaType;
  mid: string;
  msid?: string;
  port: number;
  rtcpport?: number;
  port2?: number;
  port3?: number;
}

/** Reply to `create`. */
export interface StreamingCreatedReply {
  streaming: 'created';
  /** The new mountpoint's name (Janus's documentation calls it `create`; the plugin sends `created`). */
  created: string;
  permanent: boolean;
  stream: {
    id: StreamingMountpointId;
    type: StreamingPlayoutType;
    description: string;
    is_private: boolean;
    /** RTP mountpoints only: where to send each stream. */
    ports?: StreamingCreatedPort[];
    [key: string]: unknown;
  };
}

/** `edit`: the generic properties of a mountpoint (the rest cannot change). */
export interface StreamingEditRequest {
  id: StreamingMountpointId;
  secret?: string;
  new_description?: string;
  new_metadata?: string;
  new_secret?: string;
  /** An empty string removes the PIN. */
  new_pin?: string;
  new_is_private?: boolean;
  permanent?: boolean;
  /** Sends viewers an `edited` event when the metadata changed. */
  edited_event?: boolean;
}

/** Reply to `edit`. */
export interface StreamingEditedReply {
  streaming: 'edited';
  id: StreamingMountpointId;
  permanent: boolean;
}

/** `destroy`: removes a mountpoint, hanging up its viewers. */
export interface StreamingDestroyRequest {
  id: StreamingMountpointId;
  secret?: string;
  permanent?: boolean;
}

/** Reply to `destroy`. */
export interface StreamingDestroyedReply {
  streaming: 'destroyed';
  /** The destroyed mountpoint's id. */
  destroyed: StreamingMountpointId;
}

/** `enable`: makes a disabled mountpoint watchable again. */
export interface StreamingEnableRequest {
  id: StreamingMountpointId;
  secret?: string;
}

/** `disable`: keeps the mountpoint but refuses viewers (and hangs up the current ones). */
export interface StreamingDisableRequest extends StreamingEnableRequest {
  /**
   * Also stops recording (Janus's default: true). Set it to false unless every stream records: Janus 1.1.2 to 1.4.1
   * crash on a stream without a recording.
   */
  stop_recording?: boolean;
}

/** `kick_all`: hangs up every viewer of a mountpoint (not on-demand ones); they may watch again. */
export interface StreamingKickAllRequest {
  id: StreamingMountpointId;
  secret?: string;
}

/** Reply to `kick_all`. */
export interface StreamingKickedAllReply {
  streaming: 'kicked_all';
}

/** One stream to start recording (`filename` without the `.mjr` Janus appends) or to stop. */
export interface StreamingRecordingMedia {
  mid: string;
  filename?: string;
}

/** `recording`: starts or stops recording streams of an RTP mountpoint to `.mjr` files. */
export interface StreamingRecordingRequest {
  id: StreamingMountpointId;
  action: 'start' | 'stop';
  secret?: string;
  media?: StreamingRecordingMedia[];
  /** @deprecated Start: base file name (string); stop: whether to stop (boolean). Use `media`. */
  audio?: string | boolean;
  /** @deprecated As `audio`. */
  video?: string | boolean;
  /** @deprecated As `audio`. */
  data?: string | boolean;
}

/** The generic success reply (`enable`, `disable`, `recording`). */
export interface StreamingOkReply {
  streaming: 'ok';
}

// ---- Asynchronous requests (viewers) ----------------------------------------------------------------------------

/** `watch`: asks for Janus's offer to receive a mountpoint. */
export interface StreamingWatchRequest {
  id: StreamingMountpointId;
  pin?: string;
  /** The mids to receive (all when left out or empty). */
  media?: string[];
  /** A new offer with an ICE restart, for a viewer already watching. */
  restart?: boolean;
  /** @deprecated Use `media`. */
  offer_audio?: boolean;
  /** @deprecated Use `media`. */
  offer_video?: boolean;
  /** @deprecated Use `media`. */
  offer_data?: boolean;
}

/** Per-stream settings a viewer can change. */
export interface StreamingStreamSettings {
  /** The stream the settings are for. */
  mid?: string;
  /** Whether Janus relays this stream. */
  send?: boolean;
  /** Simulcast: substream (0-2), temporal layer (0-2), microseconds without packets before dropping a substream. */
  substream?: number;
  temporal?: number;
  fallback?: number;
  /** SVC: spatial and temporal layer. */
  spatial_layer?: number;
  temporal_layer?: number;
  /** Playout-delay extension bounds, in blocks of 10 ms. */
  min_delay?: number;
  max_delay?: number;
}

/** `configure`: changes a viewer's subscription. */
export interface StreamingConfigureRequest extends StreamingStreamSettings {
  /** Several streams at once. @since Janus 1.2.0 */
  streams?: StreamingStreamSettings[];
  /** @deprecated Use `mid` + `send`. */
  audio?: boolean;
  /** @deprecated Use `mid` + `send`. */
  video?: boolean;
  /** @deprecated Use `mid` + `send`. */
  data?: boolean;
}

/** `switch`: moves a viewer to another RTP mountpoint with the same media, on the same PeerConnection. */
export interface StreamingSwitchRequest {
  id: StreamingMountpointId;
}

/**
 * A viewer's status: `preparing` (Janus's offer is in the JSEP), `updating` (an ICE-restart offer), `starting`,
 * `started`, `pausing`, `stopping`, `stopped`.
 */
export type StreamingStatus =
  | 'preparing'
  | 'updating'
  | 'starting'
  | 'started'
  | 'pausing'
  | 'stopping'
  | 'stopped'
  /** A `stop` while not watching. @since Janus 1.3.1 */
  | 'idle';

/** The `event` reply to `watch`, `start`, `pause` and `stop`. */
export interface StreamingStatusReply {
  streaming: 'event';
  result: { status: StreamingStatus };
}

/** The `event` reply to `configure`. */
export interface StreamingConfiguredReply {
  streaming: 'event';
  result: { event: 'configured' };
}

/** The `event` reply to `switch`. */
export interface StreamingSwitchedReply {
  streaming: 'event';
  result: { switched: 'ok'; id: StreamingMountpointId };
}

/** The Streaming plugin's requests: body, reply, and `async: true` for those Janus answers with an event. */
export interface StreamingRequests {
  list: { body: StreamingListRequest; reply: StreamingListReply };
  info: { body: StreamingInfoRequest; reply: StreamingInfoReply };
  create: { body: StreamingCreateRequest; reply: StreamingCreatedReply };
  edit: { body: StreamingEditRequest; reply: StreamingEditedReply };
  destroy: { body: StreamingDestroyRequest; reply: StreamingDestroyedReply };
  recording: { body: StreamingRecordingRequest; reply: StreamingOkReply };
  enable: { body: StreamingEnableRequest; reply: StreamingOkReply };
  disable: { body: StreamingDisableRequest; reply: StreamingOkReply };
  kick_all: { body: StreamingKickAllRequest; reply: StreamingKickedAllReply };
  watch: { body: StreamingWatchRequest; reply: StreamingStatusReply; async: true };
  start: { body: object; reply: StreamingStatusReply; async: true };
  pause: { body: object; reply: StreamingStatusReply; async: true };
  configure: { body: StreamingConfigureRequest; reply: StreamingConfiguredReply; async: true };
  switch: { body: StreamingSwitchRequest; reply: StreamingSwitchedReply; async: true };
  stop: { body: object; reply: StreamingStatusReply; async: true };
}
