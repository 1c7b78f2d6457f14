import type { JanusPluginErrorEvent, JanusPluginUnknownEvent } from '../plugin.events.js';

/**
 * Types of the TextRoom plugin (`janus.plugin.textroom`) as Janus 1.1.2 speaks it, in two parts:
 *
 * - the **Janus API** requests (sent as plugin messages with `request`): room management, answered at once, and
 *   `setup` / `ack` / `restart`, which negotiate the PeerConnection that carries the data channel (acked, then
 *   answered with an event);
 * - the **data-channel protocol** the browser speaks once that channel is open (frames with `textroom` and
 *   `transaction`): joining, leaving, messages, and what participants receive. Janus never sends those over the
 *   Janus API; the types are here so an app can build or validate such frames.
 *
 * Through 1.4.1 the plugin's requests did not change. 1.3.2 fixed two replies (`listparticipants` gained
 * `textroom`, `kick` said `textbridge`); 1.4.1 sends data-channel frames as compact JSON (indented before): a JSON
 * parser reads both.
 */

/** A TextRoom room id: a number, or a string when the plugin runs with `string_ids = true`. */
export type TextRoomId = number | string;

/** Error codes of the TextRoom plugin (`JanusPluginError.janusCode`, or `error_code` in a data-channel error). */
export const TextRoomErrorCode = {
  /** No message body. */
  NO_MESSAGE: 411,
  /** The body is not a JSON object. */
  INVALID_JSON: 412,
  /** A mandatory field is missing. */
  MISSING_ELEMENT: 413,
  /** A field has the wrong type or value. */
  INVALID_ELEMENT: 414,
  /** Unknown request (e.g. `message` or `join` sent through the Janus API: they are data-channel only). */
  INVALID_REQUEST: 415,
  /** `setup` on a handle whose data channel is already negotiated. */
  ALREADY_SETUP: 416,
  /** No such room. */
  NO_SUCH_ROOM: 417,
  /** A room with this id already exists. */
  ROOM_EXISTS: 418,
  /** Wrong or missing secret, PIN, token or admin key. */
  UNAUTHORIZED: 419,
  /** The username is taken in that room. */
  USERNAME_EXISTS: 420,
  /** This participant already joined that room. */
  ALREADY_IN_ROOM: 421,
  /** This participant is not in that room. */
  NOT_IN_ROOM: 422,
  /** No participant with that username in the room. */
  NO_SUCH_USER: 423,
  /** Anything else. */
  UNKNOWN_ERROR: 499,
} as const;
/** One of {@link TextRoomErrorCode}. */
export type TextRoomErrorCode = (typeof TextRoomErrorCode)[keyof typeof TextRoomErrorCode];

// ---------------------------------------------------------------------------------------------------------------
// Janus API: requests and replies
// ---------------------------------------------------------------------------------------------------------------

/** `list`: the public rooms (private rooms are left out). */
export interface TextRoomListRequest {
  /** The plugin's admin key, when one is configured. */
  admin_key?: string;
}

/** One room of a `list` reply. */
export interface TextRoomListedRoom {
  room: TextRoomId;
  description: string;
  /** Whether joining needs a PIN. */
  pin_required: boolean;
  num_participants: number;
  /** How many messages the room keeps for newcomers (0: none). */
  history?: number;
}

/** Reply to `list`. Janus puts the rooms under `list` (its documentation says `rooms`). */
export interface TextRoomListReply {
  textroom: 'success';
  list: TextRoomListedRoom[];
}

/** `exists`: whether a room exists. */
export interface TextRoomExistsRequest {
  room: TextRoomId;
}

/** Reply to `exists`. */
export interface TextRoomExistsReply {
  textroom: 'success';
  room: TextRoomId;
  exists: boolean;
}

/** `create`: a new room (the same settings as a room of the configuration file). */
export interface TextRoomCreateRequest {
  /** The id to give the room; Janus picks one when left out. */
  room?: TextRoomId;
  /** The plugin's admin key, when one is configured. */
  admin_key?: string;
  description?: string;
  /** Needed later to edit, destroy, kick, announce or change the ACL. */
  secret?: string;
  /** Needed to join. */
  pin?: string;
  /** Left out of `list` (default true). */
  is_private?: boolean;
  /** How many messages to keep and replay to newcomers (default 0). */
  history?: number;
  /** HTTP backend every message of the room is also POSTed to (when Janus was built with libcurl). */
  post?: string;
  /** Tokens allowed to join; turns the ACL on. */
  allowed?: string[];
  /** Also save the room in the plugin's configuration file (default false). */
  permanent?: boolean;
}

/** Reply to `create`: `created` through the Janus API (`success` over the data channel). */
export interface TextRoomCreatedReply {
  textroom: 'created' | 'success';
  room: TextRoomId;
  /** Whether the room was saved to the configuration file. */
  permanent: boolean;
}

/** `edit`: changes a room's description, secret, PIN, privacy or backend. */
export interface TextRoomEditRequest {
  room: TextRoomId;
  secret?: string;
  new_description?: string;
  new_secret?: string;
  new_pin?: string;
  new_post?: string;
  new_is_private?: boolean;
  /** Also change the configuration file (default false). */
  permanent?: boolean;
}

/** Reply to `edit`: `edited` through the Janus API (`success` over the data channel). */
export interface TextRoomEditedReply {
  textroom: 'edited' | 'success';
  room: TextRoomId;
  permanent: boolean;
}

/** `destroy`: removes a room; its participants get a `destroyed` event. */
export interface TextRoomDestroyRequest {
  room: TextRoomId;
  secret?: string;
  /** Also remove it from the configuration file (default false). */
  permanent?: boolean;
}

/** Reply to `destroy`. */
export interface TextRoomDestroyedReply {
  textroom: 'destroyed' | 'success';
  room: TextRoomId;
  permanent: boolean;
}

/** `allowed`: the room's ACL of join tokens. */
export interface TextRoomAllowedRequest {
  room: TextRoomId;
  secret?: string;
  /** `enable`/`disable` turn the ACL on or off; `add`/`remove` change its tokens. */
  action: 'enable' | 'disable' | 'add' | 'remove';
  /** The tokens to add or remove (for `add` / `remove`). */
  allowed?: string[];
}

/** Reply to `allowed`. */
export interface TextRoomAllowedReply {
  textroom: 'success';
  room: TextRoomId;
  /** The whole updated list (not for `disable`). */
  allowed?: string[];
}

/** `kick`: removes a participant from a room (they may join again unless the ACL keeps them out). */
export interface TextRoomKickRequest {
  room: TextRoomId;
  secret?: string;
  username: string;
}

/** Reply to `announcement`, and the data channel's `leave` / acked `message`. */
export interface TextRoomSuccessReply {
  textroom: 'success';
}

/** Reply to `kick`: Janus before 1.3.2 misspells its one field `textbridge`. */
export interface TextRoomKickReply {
  /** @since Janus 1.3.2 */
  textroom?: 'success';
  /** @deprecated Removed in Janus 1.3.2 (replaced by `textroom`). */
  textbridge?: 'success';
}

/** `announcement`: a message from the room itself (no `from`), to every participant. */
export interface TextRoomAnnouncementRequest {
  room: TextRoomId;
  secret?: string;
  text: string;
}

/** `listparticipants`: who is in a room. */
export interface TextRoomListParticipantsRequest {
  room: TextRoomId;
}

/** A participant of a room. */
export interface TextRoomParticipant {
  username: string;
  /** Display name, when one was given. */
  display?: string;
}

/** Reply to `listparticipants`. */
export interface TextRoomParticipantsReply {
  /** @since Janus 1.3.2 */
  textroom?: 'success';
  room: TextRoomId;
  participants: TextRoomParticipant[];
}

/** Janus's answer to `setup`, `ack` and `restart` (with an offer for `setup` and `restart`). */
export interface TextRoomResultReply {
  textroom: 'event';
  result: 'ok';
}

/**
 * TextRoom's requests on the Janus API, by wire name: room management is answered at once; the data channel's
 * negotiation (`setup`, `ack`, `restart`) asynchronously. `join`, `leave` and `message` exist only on the data
 * channel (Janus answers 415 through the Janus API): see {@link TextRoomDataRequest}.
 */
export interface TextRoomRequests {
  list: { body: TextRoomListRequest; reply: TextRoomListReply };
  exists: { body: TextRoomExistsRequest; reply: TextRoomExistsReply };
  create: { body: TextRoomCreateRequest; reply: TextRoomCreatedReply };
  edit: { body: TextRoomEditRequest; reply: TextRoomEditedReply };
  destroy: { body: TextRoomDestroyRequest; reply: TextRoomDestroyedReply };
  allowed: { body: TextRoomAllowedRequest; reply: TextRoomAllowedReply };
  kick: { body: TextRoomKickRequest; reply: TextRoomKickReply };
  announcement: { body: TextRoomAnnouncementRequest; reply: TextRoomSuccessReply };
  listparticipants: { body: TextRoomListParticipantsRequest; reply: TextRoomParticipantsReply };
  /** Opens the PeerConnection: the reply's `jsep` is Janus's offer with the data channel. */
  setup: { body: Record<string, never>; reply: TextRoomResultReply; async: true };
  /** Completes the negotiation with the peer's answer (sent as the request's JSEP). */
  ack: { body: Record<string, never>; reply: TextRoomResultReply; async: true };
  /** An ICE restart: the reply's `jsep` is a new offer, to be answered with `ack`. */
  restart: { body: Record<string, never>; reply: TextRoomResultReply; async: true };
}

// ---------------------------------------------------------------------------------------------------------------
// Janus API: events
// ---------------------------------------------------------------------------------------------------------------

/** `result: "ok"` pushed outside a request (the answer to `setup` / `ack` / `restart` resolves the request). */
export interface TextRoomResultEvent {
  type: 'result';
  result: 'ok';
}

/** An error TextRoom pushed outside a reply. */
export type TextRoomErrorEvent = JanusPluginErrorEvent;
/** A TextRoom event this wrapper does not recognise. */
export type TextRoomUnknownEvent = JanusPluginUnknownEvent;

/**
 * What `TextRoomHandle.events$` emits. TextRoom sends its room events (joins, messages, ...) over the data
 * channel, not the Janus API; see {@link TextRoomDataEvent}.
 */
export type TextRoomEvent = TextRoomResultEvent | TextRoomErrorEvent | TextRoomUnknownEvent;

// ---------------------------------------------------------------------------------------------------------------
// Data channel: what the browser sends
// ---------------------------------------------------------------------------------------------------------------

/** What every data-channel request carries: its name and a transaction echoed in the answer. */
export interface TextRoomDataRequestBase {
  /** Any string; Janus copies it into the `success` / `error` answer. */
  transaction: string;
}

/** `join`: enter a room (a PeerConnection may join many rooms). */
export interface TextRoomDataJoinRequest extends TextRoomDataRequestBase {
  textroom: 'join';
  room: TextRoomId;
  /** Unique in the room. */
  username: string;
  display?: string;
  pin?: string;
  /** Invitation token, when the room has an ACL. */
  token?: string;
  /** Replay the room's history (default true). */
  history?: boolean;
}

/** `leave`: leave a room. */
export interface TextRoomDataLeaveRequest extends TextRoomDataRequestBase {
  textroom: 'leave';
  room: TextRoomId;
}

/** `message`: a public message, or a whisper with `to` or `tos` (not both). */
export interface TextRoomDataMessageRequest extends TextRoomDataRequestBase {
  textroom: 'message';
  room: TextRoomId;
  /** Any string (JSON, XML, ...). */
  text: string;
  /** One recipient. */
  to?: string;
  /** Several recipients. */
  tos?: string[];
  /** Ask for a `success` answer (default true). */
  ack?: boolean;
}

/** `announcement` over the data channel (same fields as on the Janus API). */
export interface TextRoomDataAnnouncementRequest extends TextRoomDataRequestBase {
  textroom: 'announcement';
  room: TextRoomId;
  secret?: string;
  text: string;
}

/**
 * A room-management request over the data channel: the Janus API's requests, with `textroom` and `transaction`.
 */
export type TextRoomDataAdminRequest = TextRoomDataRequestBase &
  (
    | ({ textroom: 'list' } & TextRoomListRequest)
    | ({ textroom: 'exists' } & TextRoomExistsRequest)
    | ({ textroom: 'create' } & TextRoomCreateRequest)
    | ({ textroom: 'edit' } & TextRoomEditRequest)
    | ({ textroom: 'destroy' } & TextRoomDestroyRequest)
    | ({ textroom: 'allowed' } & TextRoomAllowedRequest)
    | ({ textroom: 'kick' } & TextRoomKickRequest)
    | ({ textroom: 'listparticipants' } & TextRoomListParticipantsRequest)
  );

/** Any frame a browser sends on the TextRoom data channel. */
export type TextRoomDataRequest =
  | TextRoomDataJoinRequest
  | TextRoomDataLeaveRequest
  | TextRoomDataMessageRequest
  | TextRoomDataAnnouncementRequest
  | TextRoomDataAdminRequest;

/** The `textroom` names of {@link TextRoomDataRequest}. */
export type TextRoomDataRequestName = TextRoomDataRequest['textroom'];

// ---------------------------------------------------------------------------------------------------------------
// Data channel: what the browser receives
// ---------------------------------------------------------------------------------------------------------------

/**
 * The answer to a data-channel request that worked. Its other fields depend on the request: `participants` for
 * `join`, the room fields of the room-management replies, nothing for `leave` / `message` / `announcement`.
 */
export interface TextRoomDataSuccess {
  textroom: 'success';
  transaction: string;
  /** After `join`: who else is in the room. */
  participants?: TextRoomParticipant[];
  /** Fields of room-management replies (`room`, `exists`, `list`, `allowed`, `permanent`, ...). */
  [field: string]: unknown;
}

/** The answer to a data-channel request that failed. */
export interface TextRoomDataError {
  textroom: 'error';
  transaction?: string;
  /** One of {@link TextRoomErrorCode}. */
  error_code: number;
  error: string;
}

/** Someone joined a room this participant is in (the one who joined gets it too). */
export interface TextRoomDataJoinEvent {
  textroom: 'join';
  room: TextRoomId;
  username: string;
  display?: string;
}

/** Someone left a room this participant is in. */
export interface TextRoomDataLeaveEvent {
  textroom: 'leave';
  room: TextRoomId;
  username: string;
}

/** A message from a participant (public, or a whisper to this participant). */
export interface TextRoomDataMessageEvent {
  textroom: 'message';
  room: TextRoomId;
  /** The sender's username. */
  from: string;
  /** When it was sent (ISO 8601, as Janus formats it). */
  date: string;
  text: string;
  /** `true` for a private message; Janus leaves it out of public ones (its documentation shows `false`). */
  whisper?: boolean;
}

/** An announcement: a message from the room itself. */
export interface TextRoomDataAnnouncementEvent {
  textroom: 'announcement';
  room: TextRoomId;
  date: string;
  text: string;
}

/** A participant was kicked (sent to the others and to the one kicked). */
export interface TextRoomDataKickedEvent {
  textroom: 'kicked';
  room: TextRoomId;
  username: string;
}

/** The room was destroyed. */
export interface TextRoomDataDestroyedEvent {
  textroom: 'destroyed';
  room: TextRoomId;
}

/** An unsolicited data-channel event (no transaction). */
export type TextRoomDataEvent =
  | TextRoomDataJoinEvent
  | TextRoomDataLeaveEvent
  | TextRoomDataMessageEvent
  | TextRoomDataAnnouncementEvent
  | TextRoomDataKickedEvent
  | TextRoomDataDestroyedEvent;

/** Any frame a browser receives on the TextRoom data channel: an answer to its request, or an event. */
export type TextRoomDataIncoming = TextRoomDataSuccess | TextRoomDataError | TextRoomDataEvent;
