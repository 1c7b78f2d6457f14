import type { Jsep } from '../../interfaces/protocol.interface.js';
import { toPluginEvent, type JanusPluginErrorEvent, type JanusPluginUnknownEvent } from '../plugin.events.js';
import type {
  VideoRoomId,
  VideoRoomMetadata,
  VideoRoomPublisher,
  VideoRoomPublisherStream,
  VideoRoomSubscriptionStreamInfo,
} from './videoroom.types.js';
import { isRecord } from '../decode.js';

/**
 * Asynchronous VideoRoom events (what `VideoRoomHandle.events$` emits), discriminated by `type`. Replies to the
 * handle's own requests never appear here: they resolve the request's promise. Fields keep Janus's names; the
 * only rewrite is for fields Janus overloads with `"ok"` (the handle itself) or a participant id (someone
 * else): those become `self` + `id`. Members and fields added by Janus versions after 1.1.2 are tagged
 * `@since Janus x.y.z`; anything a server sends that no member describes arrives as `unknown`.
 */
export type VideoRoomEvent =
  | VideoRoomPublishersEvent
  | VideoRoomJoiningEvent
  | VideoRoomUnpublishedEvent
  | VideoRoomLeavingEvent
  | VideoRoomKickedEvent
  | VideoRoomDisplayEvent
  | VideoRoomMetadataEvent
  | VideoRoomTalkingEvent
  | VideoRoomDestroyedEvent
  | VideoRoomModerationEvent
  | VideoRoomConfiguredEvent
  | VideoRoomUpdatedEvent
  | VideoRoomUpdatingEvent
  | VideoRoomSimulcastEvent
  | VideoRoomSvcEvent
  | VideoRoomSlowLinkEvent
  | VideoRoomErrorEvent
  | VideoRoomUnknownEvent;

/** New or changed active publishers (Janus sends one per publisher that starts publishing or changes streams). */
export interface VideoRoomPublishersEvent {
  type: 'publishers';
  room: VideoRoomId;
  publishers: VideoRoomPublisher[];
}

/** Someone joined the room (sent only in rooms with `notify_joining`). */
export interface VideoRoomJoiningEvent {
  type: 'joining';
  room: VideoRoomId;
  /** Who joined (Janus's object: `id`, `display`, and what else Janus adds). */
  joining: {
    id: VideoRoomId;
    display?: string;
    /**
     * The participant's metadata, when it set some.
     * @since Janus 1.3.0
     */
    metadata?: VideoRoomMetadata;
  };
}

/** Who a participant event is about, besides its id (Janus 1.3.0+ sends these with someone else's events). */
export interface VideoRoomParticipantDetails {
  /**
   * The participant's display name, when it has one.
   * @since Janus 1.3.0
   */
  display?: string;
  /**
   * The participant's metadata, when it set some.
   * @since Janus 1.3.0
   */
  metadata?: VideoRoomMetadata;
}

/**
 * A feed is gone: another participant's (`self: false`, `id` set) or this handle's own (`self: true`, e.g. its
 * PeerConnection closed).
 */
export interface VideoRoomUnpublishedEvent extends VideoRoomParticipantDetails {
  type: 'unpublished';
  room: VideoRoomId;
  self: boolean;
  /** The participant whose feed is gone (when `self` is false). */
  id?: VideoRoomId;
}

/** A participant left (`self: false`, `id` set) or this handle was made to leave (`self: true`). */
export interface VideoRoomLeavingEvent extends VideoRoomParticipantDetails {
  type: 'leaving';
  room: VideoRoomId;
  self: boolean;
  /** The participant who left (when `self` is false). */
  id?: VideoRoomId;
  /** Janus's reason, when it gives one. */
  reason?: string;
}

/**
 * A participant was kicked: another one (`self: false`, `id` set; Janus's `kicked: <id>`) or this handle
 * (`self: true`; Janus's `leaving: "ok", reason: "kicked"`). A kicked handle cannot rejoin: attach a new one.
 */
export interface VideoRoomKickedEvent extends VideoRoomParticipantDetails {
  type: 'kicked';
  room: VideoRoomId;
  self: boolean;
  /** The kicked participant (when `self` is false). */
  id?: VideoRoomId;
}

/** A participant changed display name (Janus 1.1.2 sends no `room` with it). */
export interface VideoRoomDisplayEvent {
  type: 'display';
  room?: VideoRoomId;
  id: VideoRoomId;
  display: string;
  /**
   * The participant's metadata, when it set some.
   * @since Janus 1.4.1
   */
  metadata?: VideoRoomMetadata;
}

/**
 * A participant replaced its metadata (a `configure` with `metadata` when it had some already: setting it the
 * first time notifies nobody). Janus sends no `room` with it.
 * @since Janus 1.3.0
 */
export interface VideoRoomMetadataEvent {
  type: 'metadata';
  room?: VideoRoomId;
  id: VideoRoomId;
  metadata: VideoRoomMetadata;
}

/** Audio activity of a publisher's stream changed (rooms with `audiolevel_event`). */
export interface VideoRoomTalkingEvent {
  type: 'talking' | 'stopped-talking';
  room: VideoRoomId;
  /** The publisher. */
  id: VideoRoomId;
  mindex?: number;
  mid?: string;
  /** Average audio level in dBov (0 loud, 127 silent). */
  'audio-level-dBov-avg'?: number;
}

/** The room was destroyed (every participant gets it, including one that destroyed it). */
export interface VideoRoomDestroyedEvent {
  type: 'destroyed';
  room: VideoRoomId;
}

/** A moderator (un)muted a participant's stream (everyone in the room gets it, the participant too). */
export interface VideoRoomModerationEvent {
  type: 'moderation';
  room: VideoRoomId;
  id: VideoRoomId;
  mid: string;
  moderation: 'muted' | 'unmuted';
}

/** A `configured` that is not the reply to a request of this handle. */
export interface VideoRoomConfiguredEvent {
  type: 'configured';
  room: VideoRoomId;
  streams?: VideoRoomPublisherStream[];
  jsep?: Jsep;
}

/**
 * The subscription changed without a request of this handle (e.g. a subscribed feed went away): answer `jsep`
 * (a new offer) with `start`.
 */
export interface VideoRoomUpdatedEvent {
  type: 'updated';
  room: VideoRoomId;
  streams?: VideoRoomSubscriptionStreamInfo[];
  jsep?: Jsep;
}

/** A renegotiation of the subscription is pending; the offer will come in an `updated` event. */
export interface VideoRoomUpdatingEvent {
  type: 'updating';
  room: VideoRoomId;
}

/** Simulcast: the substream and/or temporal layer received on subscription stream `mid` changed. */
export interface VideoRoomSimulcastEvent {
  type: 'simulcast';
  room: VideoRoomId;
  mid?: string;
  substream?: number;
  temporal?: number;
}

/** SVC: the spatial and/or temporal layer received on subscription stream `mid` changed. */
export interface VideoRoomSvcEvent {
  type: 'svc';
  room: VideoRoomId;
  mid?: string;
  spatial_layer?: number;
  temporal_layer?: number;
}

/** Janus saw many NACKs: on what a publisher receives from it, or what a subscriber sends. */
export interface VideoRoomSlowLinkEvent {
  type: 'slow-link';
  /** The publisher's current bitrate cap (publishers only). */
  'current-bitrate'?: number;
}

/** An error Janus pushed outside the reply to a request (`error_code`: one of `VideoRoomErrorCode`). */
export type VideoRoomErrorEvent = JanusPluginErrorEvent;

/** A plugin event this wrapper does not recognise (kept, never dropped). */
export type VideoRoomUnknownEvent = JanusPluginUnknownEvent;

type Data = Record<string, unknown>;

/** An id as Janus sent it (numbers by default; strings with `string_ids`, passed through unchanged). */
function isId(value: unknown): value is VideoRoomId {
  return typeof value === 'number' || typeof value === 'string';
}

function room(data: Data): VideoRoomId {
  return isId(data.room) ? data.room : 0;
}

function withJsep<T extends object>(event: T, jsep: Jsep | undefined): T & { jsep?: Jsep } {
  return jsep ? { ...event, jsep } : event;
}

const isMetadata: (value: unknown) => value is VideoRoomMetadata = isRecord;

/** Copies the `display` and `metadata` Janus 1.3.0+ adds to someone else's unpublished/leaving/kicked events. */
function withDetails<T extends VideoRoomParticipantDetails>(event: T, data: Data): T {
  if (typeof data.display === 'string') event.display = data.display;
  if (isMetadata(data.metadata)) event.metadata = data.metadata;
  return event;
}

/**
 * What `VideoRoomHandle.events$` emits for one VideoRoom `plugindata.data` (and its JSEP, if any): the event
 * {@link mapVideoRoomEvent} makes of it, or the `error` / `unknown` event every plugin handle falls back to.
 */
export function toVideoRoomEvent(data: Data, jsep?: Jsep): VideoRoomEvent {
  return toPluginEvent(data, jsep, mapVideoRoomEvent);
}

/**
 * The VideoRoom mapper: one VideoRoom `plugindata.data` (and its JSEP, if any) to the VideoRoom event it is, or
 * `undefined` when it does not recognise it. Errors and unrecognised events are the handle's (`error`, `unknown`).
 */
export function mapVideoRoomEvent(data: Data, jsep?: Jsep): VideoRoomEvent | undefined {
  const kind = data.videoroom;
  // `event` first: every participant notification (joining, leaving, publishers...) is one.
  if (kind === 'event') return fromGenericEvent(data, jsep);
  switch (kind) {
    case 'destroyed':
      return { type: 'destroyed', room: room(data) };
    case 'talking':
    case 'stopped-talking': {
      const event: VideoRoomTalkingEvent = { type: kind, room: room(data), id: isId(data.id) ? data.id : 0 };
      if (typeof data.mindex === 'number') event.mindex = data.mindex;
      if (typeof data.mid === 'string') event.mid = data.mid;
      const level = data['audio-level-dBov-avg'];
      if (typeof level === 'number') event['audio-level-dBov-avg'] = level;
      return event;
    }
    case 'slow_link': {
      const bitrate = data['current-bitrate'];
      return typeof bitrate === 'number' ? { type: 'slow-link', 'current-bitrate': bitrate } : { type: 'slow-link' };
    }
    case 'updated': {
      const event: VideoRoomUpdatedEvent = { type: 'updated', room: room(data) };
      if (Array.isArray(data.streams)) event.streams = data.streams as VideoRoomSubscriptionStreamInfo[];
      return withJsep(event, jsep);
    }
    case 'updating':
      return { type: 'updating', room: room(data) };
    default:
      return undefined;
  }
}

/** `{"videoroom":"event", ...}`: the kind is told by which field is present. */
function fromGenericEvent(data: Data, jsep: Jsep | undefined): VideoRoomEvent | undefined {
  const r = room(data);
  if (Array.isArray(data.publishers)) {
    return { type: 'publishers', room: r, publishers: data.publishers as VideoRoomPublisher[] };
  }
  const joining = data.joining as { id?: unknown; display?: unknown } | undefined;
  if (joining && typeof joining === 'object' && isId(joining.id)) {
    // Janus's own object when it has the documented shape (every event of a room fan-out comes through here:
    // no copy); a copy of the two fields otherwise.
    if (joining.display === undefined || typeof joining.display === 'string') {
      return { type: 'joining', room: r, joining: joining as VideoRoomJoiningEvent['joining'] };
    }
    return { type: 'joining', room: r, joining: { id: joining.id } };
  }
  if ('unpublished' in data) {
    return data.unpublished === 'ok'
      ? { type: 'unpublished', room: r, self: true }
      : withDetails<VideoRoomUnpublishedEvent>(
          { type: 'unpublished', room: r, self: false, id: data.unpublished as VideoRoomId },
          data,
        );
  }
  if (isId(data.kicked)) {
    return withDetails<VideoRoomKickedEvent>({ type: 'kicked', room: r, self: false, id: data.kicked }, data);
  }
  if ('leaving' in data) {
    const reason = typeof data.reason === 'string' ? data.reason : undefined;
    if (data.leaving === 'ok') {
      if (reason === 'kicked') return { type: 'kicked', room: r, self: true };
      return reason ? { type: 'leaving', room: r, self: true, reason } : { type: 'leaving', room: r, self: true };
    }
    const event: VideoRoomLeavingEvent = { type: 'leaving', room: r, self: false, id: data.leaving as VideoRoomId };
    if (reason) event.reason = reason;
    return withDetails(event, data);
  }
  if (data.moderation === 'muted' || data.moderation === 'unmuted') {
    return {
      type: 'moderation',
      room: r,
      id: isId(data.id) ? data.id : 0,
      mid: typeof data.mid === 'string' ? data.mid : '',
      moderation: data.moderation,
    };
  }
  if (data.configured === 'ok') {
    const event: VideoRoomConfiguredEvent = { type: 'configured', room: r };
    if (Array.isArray(data.streams)) event.streams = data.streams as VideoRoomPublisherStream[];
    return withJsep(event, jsep);
  }
  if (typeof data.substream === 'number' || typeof data.temporal === 'number') {
    const event: VideoRoomSimulcastEvent = { type: 'simulcast', room: r };
    if (typeof data.mid === 'string') event.mid = data.mid;
    if (typeof data.substream === 'number') event.substream = data.substream;
    if (typeof data.temporal === 'number') event.temporal = data.temporal;
    return event;
  }
  if (typeof data.spatial_layer === 'number' || typeof data.temporal_layer === 'number') {
    const event: VideoRoomSvcEvent = { type: 'svc', room: r };
    if (typeof data.mid === 'string') event.mid = data.mid;
    if (typeof data.spatial_layer === 'number') event.spatial_layer = data.spatial_layer;
    if (typeof data.temporal_layer === 'number') event.temporal_layer = data.temporal_layer;
    return event;
  }
  if (isId(data.id) && typeof data.display === 'string') {
    const event: VideoRoomDisplayEvent = { type: 'display', id: data.id, display: data.display };
    if (isId(data.room)) event.room = data.room;
    if (isMetadata(data.metadata)) event.metadata = data.metadata;
    return event;
  }
  if (isId(data.id) && isMetadata(data.metadata)) {
    const event: VideoRoomMetadataEvent = { type: 'metadata', id: data.id, metadata: data.metadata };
    if (isId(data.room)) event.room = data.room;
    return event;
  }
  return undefined;
}
