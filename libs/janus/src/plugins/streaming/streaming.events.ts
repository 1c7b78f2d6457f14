import type { Jsep } from '../../interfaces/protocol.interface.js';
import { toPluginEvent, type JanusPluginErrorEvent, type JanusPluginUnknownEvent } from '../plugin.events.js';
import type { StreamingMountpointId } from './streaming.types.js';
import { isPluginId, isRecord } from '../decode.js';

/**
 * Asynchronous Streaming events (what `StreamingHandle.events$` emits), discriminated by `type`. Replies to the
 * handle's own requests never appear here: they resolve the request's promise. Status events (`result.status`)
 * become one member per status; `kicked_all` becomes `kicked`. Members added after Janus 1.1.2 are tagged
 * `@since Janus x.y.z`; anything else a server sends arrives as `unknown`.
 */
export type StreamingEvent =
  | StreamingPreparingEvent
  | StreamingUpdatingEvent
  | StreamingStatusEvent
  | StreamingKickedEvent
  | StreamingSwitchedEvent
  | StreamingConfiguredEvent
  | StreamingEditedEvent
  | StreamingSimulcastEvent
  | StreamingSvcEvent
  | StreamingRtspEvent
  | StreamingErrorEvent
  | StreamingUnknownEvent;

/** Janus offers the mountpoint's media (the JSEP): answer it with `start`. */
export interface StreamingPreparingEvent {
  type: 'preparing';
  jsep?: Jsep;
}

/** Janus offers again with an ICE restart (a `watch` with `restart: true`): answer with `start`. */
export interface StreamingUpdatingEvent {
  type: 'updating';
  jsep?: Jsep;
}

/**
 * A change of the viewer's state: `starting` (answer accepted), `started` (PeerConnection up, media flowing),
 * `pausing`, `stopping`, `stopped` (the mountpoint went away, was disabled, or its file ended), `idle` (nothing
 * to stop; since Janus 1.3.1).
 */
export interface StreamingStatusEvent {
  type: 'starting' | 'started' | 'pausing' | 'stopping' | 'stopped' | 'idle';
}

/** Every viewer of the mountpoint was hung up (`kick_all`). */
export interface StreamingKickedEvent {
  type: 'kicked';
}

/** The viewer now receives mountpoint `id` (`switch`). */
export interface StreamingSwitchedEvent {
  type: 'switched';
  id: StreamingMountpointId;
}

/** A `configure` was applied. */
export interface StreamingConfiguredEvent {
  type: 'configured';
}

/** The mountpoint's metadata changed (an `edit` with `edited_event: true`). */
export interface StreamingEditedEvent {
  type: 'edited';
  id: StreamingMountpointId;
  metadata?: string;
}

/** The simulcast substream or temporal layer the viewer receives changed. */
export interface StreamingSimulcastEvent {
  type: 'simulcast';
  /** The stream it is about (left out by some 1.1.2 events). */
  mid?: string;
  substream?: number;
  temporal?: number;
}

/** The SVC spatial or temporal layer the viewer receives changed. */
export interface StreamingSvcEvent {
  type: 'svc';
  mid?: string;
  spatial_layer?: number;
  temporal_layer?: number;
}

/** The RTSP source of the mountpoint dropped or came back (`rtsp_notify_changes`). @since Janus 1.3.3 */
export interface StreamingRtspEvent {
  type: 'rtsp';
  event: 'rtsp-disconnected' | 'rtsp-reconnected';
  id: StreamingMountpointId;
}

/** An error Janus pushed outside the reply to a request (`error_code`: one of `StreamingErrorCode`). */
export type StreamingErrorEvent = JanusPluginErrorEvent;

/** A Streaming event this wrapper does not know, as Janus sent it. */
export type StreamingUnknownEvent = JanusPluginUnknownEvent;

type Data = Record<string, unknown>;

const STATUSES = new Set<string>(['starting', 'started', 'pausing', 'stopping', 'stopped', 'idle']);

const isId: (value: unknown) => value is StreamingMountpointId = isPluginId;

/**
 * What `StreamingHandle.events$` emits for one Streaming `plugindata.data`: the event {@link mapStreamingEvent}
 * makes of it, or the `error` / `unknown` fallback.
 */
export function toStreamingEvent(data: Data, jsep?: Jsep): StreamingEvent {
  return toPluginEvent(data, jsep, mapStreamingEvent);
}

/**
 * The Streaming mapper: one `plugindata.data` to the Streaming event it is, or `undefined` when it does not
 * recognise it (errors and unrecognised events are the handle's).
 */
export function mapStreamingEvent(data: Data, jsep?: Jsep): StreamingEvent | undefined {
  // Notifications pushed to viewers as they are, without `streaming` / `result`.
  if (data.event === 'edited' && isId(data.id)) {
    const event: StreamingEditedEvent = { type: 'edited', id: data.id };
    if (typeof data.metadata === 'string') event.metadata = data.metadata;
    return event;
  }
  if ((data.event === 'rtsp-disconnected' || data.event === 'rtsp-reconnected') && isId(data.id)) {
    return { type: 'rtsp', event: data.event, id: data.id };
  }
  if (data.streaming !== 'event' || !isRecord(data.result)) return undefined;
  const result = data.result;
  const status = result.status;
  if (status === 'preparing' || status === 'updating') return jsep ? { type: status, jsep } : { type: status };
  if (typeof status === 'string' && STATUSES.has(status)) return { type: status as StreamingStatusEvent['type'] };
  if (status === 'kicked_all') return { type: 'kicked' };
  if (result.switched === 'ok' && isId(result.id)) return { type: 'switched', id: result.id };
  if (result.event === 'configured') return { type: 'configured' };
  if (typeof result.substream === 'number' || typeof result.temporal === 'number') {
    const event: StreamingSimulcastEvent = { type: 'simulcast' };
    if (typeof result.mid === 'string') event.mid = result.mid;
    if (typeof result.substream === 'number') event.substream = result.substream;
    if (typeof result.temporal === 'number') event.temporal = result.temporal;
    return event;
  }
  if (typeof result.spatial_layer === 'number' || typeof result.temporal_layer === 'number') {
    const event: StreamingSvcEvent = { type: 'svc' };
    if (typeof result.mid === 'string') event.mid = result.mid;
    if (typeof result.spatial_layer === 'number') event.spatial_layer = result.spatial_layer;
    if (typeof result.temporal_layer === 'number') event.temporal_layer = result.temporal_layer;
    return event;
  }
  return undefined;
}
