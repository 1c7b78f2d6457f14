/**
 * Wire types of the Janus core API (WebSocket transport), as Janus 1.1.2 sends and receives them. Fields and messages
 * later versions (through 1.4.1) added are optional or extra union members, tagged `@since Janus x.y.z`.
 */

/** A session or handle id: an integer below 2^53, safe as a JS number. */
export type JanusId = number;

/** A WebRTC session description as Janus exchanges it (`jsep`). */
export interface Jsep {
  type: 'offer' | 'answer' | 'pranswer' | 'rollback';
  sdp?: string;
  /** `false` when the sender will not trickle. */
  trickle?: boolean;
  /** End-to-end encryption (insertable streams) in use. */
  e2ee?: boolean;
  /** Order of the simulcast rids in the offer: `hml` (high first, the default) or `lmh`. */
  rid_order?: 'hml' | 'lmh';
  /** Use only the TURN relay candidates (when Janus's `allow_force_relay` is on). */
  force_relay?: boolean;
  /**
   * SVC hints of an offer: which m-line (`mindex` or `mid`) sends SVC, with its scalability mode (e.g. `L3T3`).
   * @since Janus 1.1.4
   */
  svc?: Array<{ mindex?: number; mid?: string; svc: string }>;
  /** Other extensions. */
  [extra: string]: unknown;
}

/** One ICE candidate as a browser's `RTCIceCandidate.toJSON()` gives it. */
export interface IceCandidate {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

/** The end-of-candidates marker Janus understands. */
export interface IceCandidatesCompleted {
  completed: true;
}

/** Every frame Janus sends carries at least this. */
export interface JanusMessageBase {
  janus: string;
  transaction?: string;
  session_id?: JanusId;
  /** The handle id for handle events. */
  sender?: JanusId;
  /** The handle's `opaque_id` on handle events, when Janus runs with `opaqueid_in_api`. */
  opaque_id?: string;
}

/** `plugindata` of plugin replies and events. */
export interface JanusPluginData<T = Record<string, unknown>> {
  plugin: string;
  data: T;
}

/** `{"janus":"event"}`: a plugin event (asynchronous, or the final reply to an asynchronous request). */
export interface JanusPluginEventMessage<T = Record<string, unknown>> extends JanusMessageBase {
  janus: 'event';
  session_id: JanusId;
  sender: JanusId;
  plugindata: JanusPluginData<T>;
  jsep?: Jsep;
}

/** The PeerConnection of a handle is up (ICE and DTLS done). */
export interface JanusWebrtcUpMessage extends JanusMessageBase {
  janus: 'webrtcup';
  session_id: JanusId;
  sender: JanusId;
}

/** Janus started or stopped receiving a medium on a handle. */
export interface JanusMediaMessage extends JanusMessageBase {
  janus: 'media';
  session_id: JanusId;
  sender: JanusId;
  type: 'audio' | 'video';
  mid?: string;
  substream?: number;
  receiving: boolean;
  seconds?: number;
}

/** Janus saw many NACKs (lost packets) on a handle. */
export interface JanusSlowLinkMessage extends JanusMessageBase {
  janus: 'slowlink';
  session_id: JanusId;
  sender: JanusId;
  uplink: boolean;
  media?: 'audio' | 'video';
  mid?: string;
  lost: number;
}

/** The PeerConnection of a handle went down (`reason` is e.g. "DTLS alert", "ICE failed", "Close PC"). */
export interface JanusHangupMessage extends JanusMessageBase {
  janus: 'hangup';
  session_id: JanusId;
  sender: JanusId;
  reason: string;
}

/**
 * ICE failed on a handle's PeerConnection after it was up (Janus's consent freshness checks). A `hangup` with reason
 * "ICE failed" follows, at once or after a grace period, unless an ICE restart brings the PeerConnection back.
 * Janus 1.1.x sends only that `hangup`.
 * @since Janus 1.2.0
 */
export interface JanusIceFailedMessage extends JanusMessageBase {
  janus: 'ice-failed';
  session_id: JanusId;
  sender: JanusId;
  /** The handle's `opaque_id`, when Janus is configured with `opaqueid_in_api`. */
  opaque_id?: string;
}

/** The handle was detached (by request or by the plugin). */
export interface JanusDetachedMessage extends JanusMessageBase {
  janus: 'detached';
  session_id: JanusId;
  sender: JanusId;
}

/** A candidate (or the end of candidates) trickled by Janus to the client. */
export interface JanusTrickleMessage extends JanusMessageBase {
  janus: 'trickle';
  session_id: JanusId;
  sender: JanusId;
  candidate: IceCandidate | IceCandidatesCompleted;
}

/** The session timed out on Janus (no keepalive within `session_timeout`). */
export interface JanusTimeoutMessage extends JanusMessageBase {
  janus: 'timeout';
  session_id: JanusId;
}

/** Events about a handle that are not plugin events. */
export type JanusHandleCoreMessage =
  | JanusWebrtcUpMessage
  | JanusMediaMessage
  | JanusSlowLinkMessage
  | JanusHangupMessage
  | JanusIceFailedMessage
  | JanusDetachedMessage
  | JanusTrickleMessage;

/**
 * A message whose `janus` kind this library does not know (one a newer Janus added), as Janus sent it. Handles and
 * sessions emit them on `unknownMessages$` instead of dropping them.
 */
export interface JanusUnknownMessage extends JanusMessageBase {
  [field: string]: unknown;
}

/** Every asynchronous message Janus sends on the WebSocket API (what `events$` streams carry). */
export type JanusEventMessage = JanusPluginEventMessage | JanusHandleCoreMessage | JanusTimeoutMessage;

/** `{"janus":"success"}` reply. */
export interface JanusSuccessMessage extends JanusMessageBase {
  janus: 'success';
  data?: { id?: JanusId; [key: string]: unknown };
  plugindata?: JanusPluginData;
}

/** `{"janus":"error"}` reply. */
export interface JanusErrorMessage extends JanusMessageBase {
  janus: 'error';
  error: { code: number; reason: string };
}

/** One plugin or transport as listed by `info`. */
export interface JanusModuleInfo {
  name: string;
  author: string;
  description: string;
  version_string: string;
  version: number;
}

/** The `server_info` reply to `info` (every field Janus 1.1.2-1.4.1 sends; the newer ones tagged `@since`). */
export interface JanusServerInfo {
  janus: 'server_info';
  name: string;
  version: number;
  version_string: string;
  author: string;
  'commit-hash'?: string;
  'compile-time'?: string;
  'log-to-stdout'?: boolean;
  'log-to-file'?: boolean;
  /** The log file (when logging to a file). */
  'log-path'?: string;
  data_channels?: boolean;
  'accepting-new-sessions'?: boolean;
  'session-timeout'?: number;
  'reclaim-session-timeout'?: number;
  'candidates-timeout'?: number;
  'server-name'?: string;
  'local-ip'?: string;
  'public-ip'?: string;
  'public-ips'?: string[];
  ipv6?: boolean;
  /** Present when IPv6 is on. */
  'ipv6-link-local'?: boolean;
  'ice-lite'?: boolean;
  'ice-tcp'?: boolean;
  /** libnice nomination mode, e.g. `regular` (when libnice supports choosing it). */
  'ice-nomination'?: string;
  /**
   * ICE consent freshness checks are on: a PeerConnection whose peer went silent fails (`ice-failed`).
   * @since Janus 1.2.0
   */
  'ice-consent-freshness'?: boolean;
  /** Connectivity checks used as ICE keepalives. */
  'ice-keepalive-conncheck'?: boolean;
  /**
   * A failed ICE hangs the PeerConnection up at once instead of after a grace period.
   * @since Janus 1.2.1
   */
  'hangup-on-failed'?: boolean;
  'full-trickle'?: boolean;
  'mdns-enabled'?: boolean;
  'min-nack-queue'?: number;
  'nack-optimizations'?: boolean;
  'twcc-period'?: number;
  /** DSCP value set on outgoing packets (only when configured). */
  dscp?: number;
  'dtls-mtu'?: number;
  /** `host:port` of the configured STUN server. */
  'stun-server'?: string;
  /** `host:port` of the configured TURN server. */
  'turn-server'?: string;
  /** Present (true) when clients may ask for `force_relay`. */
  'allow-force-relay'?: boolean;
  'static-event-loops'?: number;
  /** Whether clients may pick an event loop (only with static event loops). */
  'loop-indication'?: boolean;
  api_secret?: boolean;
  auth_token?: boolean;
  event_handlers?: boolean;
  opaqueid_in_api?: boolean;
  /** Present (false) only when Janus runs with WebRTC encryption off (a debugging mode). */
  webrtc_encryption?: boolean;
  dependencies?: Record<string, string>;
  transports: Record<string, JanusModuleInfo>;
  events?: Record<string, JanusModuleInfo>;
  loggers?: Record<string, JanusModuleInfo>;
  plugins: Record<string, JanusModuleInfo>;
  [extra: string]: unknown;
}

/** What a plugin request resolves with: the plugin's `data` and, for negotiations, Janus's `jsep`. */
export interface JanusPluginReply<T = Record<string, unknown>> {
  data: T;
  jsep?: Jsep;
}
