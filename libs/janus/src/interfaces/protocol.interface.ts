/** Wire types of the Janus 1.1.x core API (WebSocket transport), as Janus sends and receives them. */

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
  /** Janus 1.1 simulcast hints and other extensions. */
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
  | JanusDetachedMessage
  | JanusTrickleMessage;

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

/** The `server_info` reply to `info`. */
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
  'ice-lite'?: boolean;
  'ice-tcp'?: boolean;
  'full-trickle'?: boolean;
  'mdns-enabled'?: boolean;
  'min-nack-queue'?: number;
  'twcc-period'?: number;
  'static-event-loops'?: number;
  api_secret?: boolean;
  auth_token?: boolean;
  event_handlers?: boolean;
  opaqueid_in_api?: boolean;
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
