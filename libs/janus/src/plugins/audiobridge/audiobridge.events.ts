import type { Jsep } from '../../interfaces/protocol.interface.js';
import { toPluginEvent, type JanusPluginErrorEvent, type JanusPluginUnknownEvent } from '../plugin.events.js';
import type { AudioBridgeId, AudioBridgeParticipant, AudioBridgeRtpEndpoint } from './audiobridge.types.js';
import { isPluginId } from '../decode.js';

/**
 * Asynchronous AudioBridge events (what `AudioBridgeHandle.events$` emits), discriminated by `type`. Replies to
 * the handle's own requests resolve their promise and never show up here. Janus sends most notifications as
 * `{"audiobridge":"event", ...}` and tells them apart by the field present; each gets its own `type` here.
 */
export type AudioBridgeEvent =
  | AudioBridgeJoinedEvent
  | AudioBridgeParticipantsEvent
  | AudioBridgeLeavingEvent
  | AudioBridgeKickedEvent
  | AudioBridgeKickedAllEvent
  | AudioBridgeRoomMutedEvent
  | AudioBridgeSuspendedEvent
  | AudioBridgeResumedEvent
  | AudioBridgeTalkingEvent
  | AudioBridgeDestroyedEvent
  | AudioBridgeAnnouncementEvent
  | AudioBridgeLeftEvent
  | AudioBridgeRoomChangedEvent
  | AudioBridgeErrorEvent
  | AudioBridgeUnknownEvent;

/**
 * Someone else joined (`participants` holds only the newcomer). When the handle's own `join` answer arrives
 * outside its request, `id` (and `display`, `rtp`) are set too.
 */
export interface AudioBridgeJoinedEvent {
  type: 'joined';
  room: AudioBridgeId;
  participants: AudioBridgeParticipant[];
  id?: AudioBridgeId;
  display?: string;
  rtp?: AudioBridgeRtpEndpoint;
  jsep?: Jsep;
}

/** Participants changed (muted or unmuted, display or settings changed): their current state. */
export interface AudioBridgeParticipantsEvent {
  type: 'participants';
  room: AudioBridgeId;
  participants: AudioBridgeParticipant[];
}

/** Another participant left the room. */
export interface AudioBridgeLeavingEvent {
  type: 'leaving';
  room: AudioBridgeId;
  id: AudioBridgeId;
}

/** A participant was kicked (this handle's own participant too, when `id` is its id). */
export interface AudioBridgeKickedEvent {
  type: 'kicked';
  room: AudioBridgeId;
  id: AudioBridgeId;
}

/** `kick_all` removed this participant (`id`) with everyone else. */
export interface AudioBridgeKickedAllEvent {
  type: 'kicked-all';
  room: AudioBridgeId;
  id: AudioBridgeId;
}

/** The whole room was muted or unmuted (`mute_room` / `unmute_room`). */
export interface AudioBridgeRoomMutedEvent {
  type: 'room-muted';
  room: AudioBridgeId;
  muted: boolean;
}

/**
 * A participant was suspended.
 * @since Janus 1.2.1
 */
export interface AudioBridgeSuspendedEvent {
  type: 'suspended';
  room: AudioBridgeId;
  id: AudioBridgeId;
}

/**
 * A participant was resumed (`participants`: the room's, when Janus sends them to the resumed one).
 * @since Janus 1.2.1
 */
export interface AudioBridgeResumedEvent {
  type: 'resumed';
  room: AudioBridgeId;
  id: AudioBridgeId;
  participants?: AudioBridgeParticipant[];
}

/** Someone started or stopped talking (rooms with `audiolevel_event`). */
export interface AudioBridgeTalkingEvent {
  type: 'talking' | 'stopped-talking';
  room: AudioBridgeId;
  id: AudioBridgeId;
}

/** The room was destroyed. */
export interface AudioBridgeDestroyedEvent {
  type: 'destroyed';
  room: AudioBridgeId;
}

/** A file (`play_file`) started or stopped playing in the room. */
export interface AudioBridgeAnnouncementEvent {
  type: 'announcement-started' | 'announcement-stopped';
  room: AudioBridgeId;
  file_id: string;
}

/** This handle's participant left the room outside a `leave` request of its own. */
export interface AudioBridgeLeftEvent {
  type: 'left';
  room: AudioBridgeId;
  id: AudioBridgeId;
}

/** This handle's participant moved to another room outside a `changeroom` request of its own. */
export interface AudioBridgeRoomChangedEvent {
  type: 'roomchanged';
  room: AudioBridgeId;
  id: AudioBridgeId;
  display?: string;
  participants: AudioBridgeParticipant[];
}

/** An error Janus pushed outside the reply to a request (`error_code`: one of `AudioBridgeErrorCode`). */
export type AudioBridgeErrorEvent = JanusPluginErrorEvent;

/** A plugin event this wrapper does not recognise (kept, never dropped). */
export type AudioBridgeUnknownEvent = JanusPluginUnknownEvent;

type Data = Record<string, unknown>;

const isId: (value: unknown) => value is AudioBridgeId = isPluginId;

function room(data: Data): AudioBridgeId {
  return isId(data.room) ? data.room : 0;
}

function participants(data: Data): AudioBridgeParticipant[] {
  return Array.isArray(data.participants) ? (data.participants as AudioBridgeParticipant[]) : [];
}

/**
 * What `AudioBridgeHandle.events$` emits for one AudioBridge `plugindata.data` (and its JSEP): the event
 * {@link mapAudioBridgeEvent} makes of it, or the `error` / `unknown` event every plugin handle falls back to.
 */
export function toAudioBridgeEvent(data: Data, jsep?: Jsep): AudioBridgeEvent {
  return toPluginEvent(data, jsep, mapAudioBridgeEvent);
}

/**
 * The AudioBridge mapper: one `plugindata.data` to the event it is, or `undefined` when it is not recognised
 * (errors and unrecognised events are the handle's: `error`, `unknown`).
 */
export function mapAudioBridgeEvent(data: Data, jsep?: Jsep): AudioBridgeEvent | undefined {
  const kind = data.audiobridge;
  const r = room(data);
  switch (kind) {
    case 'event':
      return fromGenericEvent(data, r);
    case 'joined': {
      const event: AudioBridgeJoinedEvent = { type: 'joined', room: r, participants: participants(data) };
      if (isId(data.id)) event.id = data.id;
      if (typeof data.display === 'string') event.display = data.display;
      if (data.rtp && typeof data.rtp === 'object') event.rtp = data.rtp;
      if (jsep) event.jsep = jsep;
      return event;
    }
    case 'talking':
    case 'stopped-talking':
      return isId(data.id) ? { type: kind, room: r, id: data.id } : undefined;
    case 'destroyed':
      return { type: 'destroyed', room: r };
    case 'announcement-started':
    case 'announcement-stopped':
      return typeof data.file_id === 'string' ? { type: kind, room: r, file_id: data.file_id } : undefined;
    case 'left':
      return isId(data.id) ? { type: 'left', room: r, id: data.id } : undefined;
    case 'roomchanged': {
      if (!isId(data.id)) return undefined;
      const event: AudioBridgeRoomChangedEvent = {
        type: 'roomchanged',
        room: r,
        id: data.id,
        participants: participants(data),
      };
      if (typeof data.display === 'string') event.display = data.display;
      return event;
    }
    default:
      return undefined;
  }
}

/** `{"audiobridge":"event", ...}`: the kind is told by which field is present. */
function fromGenericEvent(data: Data, r: AudioBridgeId): AudioBridgeEvent | undefined {
  if (isId(data.resumed)) {
    const event: AudioBridgeResumedEvent = { type: 'resumed', room: r, id: data.resumed };
    if (Array.isArray(data.participants)) event.participants = participants(data);
    return event;
  }
  if (Array.isArray(data.participants)) return { type: 'participants', room: r, participants: participants(data) };
  if (isId(data.leaving)) return { type: 'leaving', room: r, id: data.leaving };
  if (isId(data.kicked)) return { type: 'kicked', room: r, id: data.kicked };
  if (isId(data.kicked_all)) return { type: 'kicked-all', room: r, id: data.kicked_all };
  if (isId(data.suspended)) return { type: 'suspended', room: r, id: data.suspended };
  if (typeof data.muted === 'boolean') return { type: 'room-muted', room: r, muted: data.muted };
  return undefined;
}
