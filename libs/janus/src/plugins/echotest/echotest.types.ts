import type { JanusPluginErrorEvent, JanusPluginUnknownEvent } from '../plugin.events.js';

/**
 * Types of the EchoTest plugin (`janus.plugin.echotest`) as Janus 1.1.2 speaks it: a single unnamed,
 * asynchronous request whose every field is optional, answered by a `result` event. What later versions (through
 * 1.4.1) added is optional and tagged `@since Janus x.y.z`.
 */

/** Error codes of the EchoTest plugin (`JanusPluginError.janusCode`). */
export const EchoTestErrorCode = {
  /** No message body. */
  NO_MESSAGE: 411,
  /** The body is not a JSON object. */
  INVALID_JSON: 412,
  /** A field has the wrong type or value, or the request sets nothing Janus supports. */
  INVALID_ELEMENT: 413,
  /** The JSEP offer could not be parsed. */
  INVALID_SDP: 414,
} as const;
/** One of {@link EchoTestErrorCode}. */
export type EchoTestErrorCode = (typeof EchoTestErrorCode)[keyof typeof EchoTestErrorCode];

/**
 * Settings of the EchoTest's one request. Janus rejects a request that sets none of them and carries no JSEP
 * (413). The codec/profile fields only apply when a JSEP offer negotiates a PeerConnection; the others apply
 * at any time. EchoTest 1.1.2 takes no `data` field: data channels are echoed whenever they are negotiated.
 */
export interface EchoTestSettings {
  /** Echo audio back (default true). */
  audio?: boolean;
  /** Echo video back (default true); turning it back on sends the browser a PLI. */
  video?: boolean;
  /** Bitrate cap in bit/s forced on the sender via REMB; 0 removes the cap. */
  bitrate?: number;
  /** Start (true) or stop (false) recording this peer. */
  record?: boolean;
  /** Base path of the recording (`-audio.mjr`, `-video.mjr`, `-data.mjr` are appended). */
  filename?: string;
  /** Simulcast substream to send back (0-2). */
  substream?: number;
  /** Simulcast temporal layer to send back (0-2). */
  temporal?: number;
  /** Simulcast: microseconds without packets before falling back to a lower substream (default 250000). */
  fallback?: number;
  /**
   * Documented SVC switch. Janus 1.1.4-1.4.1 accept it but do not act on it: SVC is turned on by the offer's
   * JSEP `svc` hints (see `Jsep.svc`).
   * @since Janus 1.1.4
   */
  svc?: boolean;
  /**
   * SVC spatial layer to send back (0-2); Janus 1.1.2 ignores it (413 when nothing else is set).
   * @since Janus 1.1.4
   */
  spatial_layer?: number;
  /**
   * SVC temporal layer to send back (0-2).
   * @since Janus 1.1.4
   */
  temporal_layer?: number;
  /** Audio codec to prefer over the offer's first one (negotiation only), e.g. `opus`. */
  audiocodec?: string;
  /** Video codec to prefer over the offer's first one (negotiation only), e.g. `vp9`. */
  videocodec?: string;
  /** VP9 profile (`0`, `2`) or H.264 profile-level-id (e.g. `42e01f`) to force (negotiation only). */
  videoprofile?: string;
  /** Accept Opus RED (redundant audio) when offered (negotiation only). */
  opusred?: boolean;
  /** Minimum playout delay in 10 ms units (playout-delay extension); negative disables. */
  min_delay?: number;
  /** Maximum playout delay in 10 ms units (playout-delay extension); negative disables. */
  max_delay?: number;
}

/** The reply to a request: `result: "ok"` (with a JSEP answer when an offer was sent). */
export interface EchoTestResultReply {
  echotest: 'event';
  result: 'ok';
}

/** The EchoTest's request map (its one request has no name on the wire; `configure` names it here). */
export interface EchoTestRequests {
  configure: { body: EchoTestSettings; reply: EchoTestResultReply; async: true };
}

/** `result`: `ok` for a change applied outside a request, `done` when the PeerConnection went away. */
export interface EchoTestResultEvent {
  type: 'result';
  result: 'ok' | 'done';
}

/**
 * Simulcast: the substream and/or temporal layer sent back changed (Janus 1.1.2 sends one event per change;
 * 1.3.2+ sends both values in one).
 */
export interface EchoTestSimulcastEvent {
  type: 'simulcast';
  /** Video codec in use. */
  videocodec?: string;
  /** The substream now sent back. */
  substream?: number;
  /** The temporal layer now sent back. */
  temporal?: number;
  /**
   * Temporal layers the sender announces (video-layers-allocation extension, when negotiated).
   * @since Janus 1.3.2
   */
  tot_temporal_layers?: number;
}

/**
 * SVC: the spatial and/or temporal layer sent back changed (Janus 1.1.4-1.3.1 send one event per change; 1.3.2+
 * sends both values in one).
 * @since Janus 1.1.4
 */
export interface EchoTestSvcEvent {
  type: 'svc';
  /** Video codec in use. */
  videocodec?: string;
  /** The spatial layer now sent back. */
  spatial_layer?: number;
  /** The temporal layer now sent back. */
  temporal_layer?: number;
  /**
   * Spatial layers the sender announces (video-layers-allocation extension, when negotiated).
   * @since Janus 1.3.2
   */
  tot_spatial_layers?: number;
  /**
   * Temporal layers the sender announces (video-layers-allocation extension, when negotiated).
   * @since Janus 1.3.2
   */
  tot_temporal_layers?: number;
}

/** Janus saw many NACKs on what it sends back (a slow downlink). */
export interface EchoTestSlowLinkEvent {
  type: 'slow-link';
  /** The medium concerned. */
  media: 'audio' | 'video';
  /** The current bitrate cap (video only). */
  'current-bitrate'?: number;
}

/** An error Janus sent outside the reply to a request (`error_code`: one of {@link EchoTestErrorCode}). */
export type EchoTestErrorEvent = JanusPluginErrorEvent;

/** A plugin event this wrapper does not recognise (kept, never dropped). */
export type EchoTestUnknownEvent = JanusPluginUnknownEvent;

/** What `EchoTestHandle.events$` emits (discriminated by `type`). */
export type EchoTestEvent =
  | EchoTestResultEvent
  | EchoTestSimulcastEvent
  | EchoTestSvcEvent
  | EchoTestSlowLinkEvent
  | EchoTestErrorEvent
  | EchoTestUnknownEvent;
