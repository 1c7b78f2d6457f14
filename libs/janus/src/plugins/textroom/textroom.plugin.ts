import type { Observable } from 'rxjs';
import type { JanusPluginClass, JanusRequestOptions } from '../../core/handle.js';
import type { JanusPluginReply, Jsep } from '../../interfaces/protocol.interface.js';
import { JanusPluginHandle } from '../plugin.js';
import { mapTextRoomEvent } from './textroom.events.js';
import type {
  TextRoomAllowedReply,
  TextRoomAllowedRequest,
  TextRoomAnnouncementRequest,
  TextRoomCreatedReply,
  TextRoomCreateRequest,
  TextRoomDestroyedReply,
  TextRoomDestroyRequest,
  TextRoomEditedReply,
  TextRoomEditRequest,
  TextRoomEvent,
  TextRoomExistsReply,
  TextRoomExistsRequest,
  TextRoomKickReply,
  TextRoomKickRequest,
  TextRoomListParticipantsRequest,
  TextRoomListReply,
  TextRoomListRequest,
  TextRoomParticipantsReply,
  TextRoomRequests,
  TextRoomResultEvent,
  TextRoomResultReply,
  TextRoomSuccessReply,
} from './textroom.types.js';

/**
 * A handle on the TextRoom plugin (`janus.plugin.textroom`): text chat rooms over WebRTC data channels.
 *
 * Room management (create, edit, destroy, ACL, kick, announcements, listings) resolves with the reply data.
 * {@link setup} resolves with `{ data, jsep }`, `jsep` being Janus's offer for the browser's data channel; the
 * browser's answer goes back with {@link ack}. Joining, leaving and messages then travel on the data channel
 * itself (see `TextRoomDataRequest`, `buildTextRoomFrame`, `parseTextRoomFrame`): Janus does not take them on
 * the Janus API. A TextRoom error rejects with `JanusPluginError` whose `janusCode` is one of `TextRoomErrorCode`
 * (417: no such room).
 *
 * ```ts
 * const chat = await session.attach(TextRoomPlugin);
 * const { room } = await chat.create({ description: 'lobby', secret: 's' });
 * const { jsep: offer } = await chat.setup(); // relay to the browser, get its answer back
 * await chat.ack(answerFromBrowser);
 * await chat.announcement({ room, secret: 's', text: 'welcome' });
 * ```
 */
export class TextRoomHandle extends JanusPluginHandle<TextRoomRequests, TextRoomEvent> {
  /** Janus plugin package name. */
  static readonly pluginName = 'janus.plugin.textroom';

  // ---- The data channel's PeerConnection -------------------------------------------------------------------------

  /** Asks Janus for a PeerConnection with a data channel: resolves with Janus's offer in `jsep`. */
  setup(options?: JanusRequestOptions): Promise<JanusPluginReply<TextRoomResultReply>> {
    return this.request('setup', {}, options);
  }

  /** Sends the peer's answer to the offer of {@link setup} (or {@link restart}). */
  ack(answer: Jsep, options?: JanusRequestOptions): Promise<JanusPluginReply<TextRoomResultReply>> {
    return this.request('ack', {}, { ...options, jsep: answer });
  }

  /** An ICE restart of the PeerConnection: resolves with a new offer in `jsep`, to answer with {@link ack}. */
  restart(options?: JanusRequestOptions): Promise<JanusPluginReply<TextRoomResultReply>> {
    return this.request('restart', {}, options);
  }

  // ---- Rooms -------------------------------------------------------------------------------------------------------

  /** Creates a room (`room` in the reply is its id, chosen by Janus when the body names none). */
  create(body: TextRoomCreateRequest = {}, options?: JanusRequestOptions): Promise<TextRoomCreatedReply> {
    return this.request('create', body, options);
  }

  /** Changes a room's description, secret, PIN, privacy or backend. */
  edit(body: TextRoomEditRequest, options?: JanusRequestOptions): Promise<TextRoomEditedReply> {
    return this.request('edit', body, options);
  }

  /** Destroys a room; its participants get `destroyed` on their data channel. */
  destroy(body: TextRoomDestroyRequest, options?: JanusRequestOptions): Promise<TextRoomDestroyedReply> {
    return this.request('destroy', body, options);
  }

  /** Whether a room exists. */
  exists(body: TextRoomExistsRequest, options?: JanusRequestOptions): Promise<TextRoomExistsReply> {
    return this.request('exists', body, options);
  }

  /** The public rooms, under `list`. */
  list(body: TextRoomListRequest = {}, options?: JanusRequestOptions): Promise<TextRoomListReply> {
    return this.request('list', body, options);
  }

  /** Who is in a room. */
  listParticipants(
    body: TextRoomListParticipantsRequest,
    options?: JanusRequestOptions,
  ): Promise<TextRoomParticipantsReply> {
    return this.request('listparticipants', body, options);
  }

  /** Turns a room's token ACL on or off, or changes its tokens. */
  allowed(body: TextRoomAllowedRequest, options?: JanusRequestOptions): Promise<TextRoomAllowedReply> {
    return this.request('allowed', body, options);
  }

  /** Removes a participant from a room (423 when no one has that username). */
  kick(body: TextRoomKickRequest, options?: JanusRequestOptions): Promise<TextRoomKickReply> {
    return this.request('kick', body, options);
  }

  /** Sends text to every participant of a room, from the room itself. */
  announcement(body: TextRoomAnnouncementRequest, options?: JanusRequestOptions): Promise<TextRoomSuccessReply> {
    return this.request('announcement', body, options);
  }

  // ---- Events ------------------------------------------------------------------------------------------------------

  /** `result: "ok"` events Janus pushes outside a request. */
  get result$(): Observable<TextRoomResultEvent> {
    return this.eventsOfType('result');
  }

  /** Maps TextRoom plugin events to {@link TextRoomEvent} (errors and unrecognised events are the base class's). */
  protected override toEvent(data: Record<string, unknown>): TextRoomEvent | undefined {
    return mapTextRoomEvent(data);
  }
}

/** `session.attach(TextRoomPlugin)` resolves with a {@link TextRoomHandle}. */
export const TextRoomPlugin: JanusPluginClass<TextRoomHandle> = TextRoomHandle;
