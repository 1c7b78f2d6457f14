import type { Observable } from 'rxjs';
import type { JanusPluginClass, JanusRequestOptions } from '../../core/handle.js';
import type { JanusPluginReply, Jsep } from '../../interfaces/protocol.interface.js';
import { JanusPluginHandle } from '../plugin.js';
import {
  mapVideoRoomEvent,
  type VideoRoomConfiguredEvent,
  type VideoRoomDestroyedEvent,
  type VideoRoomDisplayEvent,
  type VideoRoomEvent,
  type VideoRoomJoiningEvent,
  type VideoRoomKickedEvent,
  type VideoRoomLeavingEvent,
  type VideoRoomModerationEvent,
  type VideoRoomPublishersEvent,
  type VideoRoomSimulcastEvent,
  type VideoRoomSvcEvent,
  type VideoRoomTalkingEvent,
  type VideoRoomUnpublishedEvent,
  type VideoRoomUpdatedEvent,
  type VideoRoomUpdatingEvent,
} from './videoroom.events.js';
import type {
  VideoRoomAddRemotePublisherRequest,
  VideoRoomAllowedReply,
  VideoRoomAllowedRequest,
  VideoRoomAttachedReply,
  VideoRoomConfigureRequest,
  VideoRoomConfiguredReply,
  VideoRoomCreateRequest,
  VideoRoomCreatedReply,
  VideoRoomDestroyedReply,
  VideoRoomDestroyRequest,
  VideoRoomEditedReply,
  VideoRoomEditRequest,
  VideoRoomEnableRecordingRequest,
  VideoRoomExistsReply,
  VideoRoomExistsRequest,
  VideoRoomForwardersReply,
  VideoRoomJoinAndConfigureRequest,
  VideoRoomJoinedReply,
  VideoRoomJoinPublisherRequest,
  VideoRoomJoinSubscriberRequest,
  VideoRoomKickRequest,
  VideoRoomLeaveReply,
  VideoRoomListForwardersRequest,
  VideoRoomListParticipantsRequest,
  VideoRoomListRemotesRequest,
  VideoRoomListReply,
  VideoRoomListRequest,
  VideoRoomModerateRequest,
  VideoRoomParticipantsReply,
  VideoRoomPausedReply,
  VideoRoomPublishRemotelyReply,
  VideoRoomPublishRemotelyRequest,
  VideoRoomPublishRequest,
  VideoRoomRecordingReply,
  VideoRoomRemotePublisherReply,
  VideoRoomRemotesReply,
  VideoRoomRemoveRemotePublisherRequest,
  VideoRoomRequests,
  VideoRoomRtpForwardReply,
  VideoRoomRtpForwardRequest,
  VideoRoomStartedReply,
  VideoRoomStopRtpForwardReply,
  VideoRoomStopRtpForwardRequest,
  VideoRoomSubscribeRequest,
  VideoRoomSuccessReply,
  VideoRoomSwitchedReply,
  VideoRoomSwitchRequest,
  VideoRoomUnpublishedReply,
  VideoRoomUnpublishRemotelyReply,
  VideoRoomUnpublishRemotelyRequest,
  VideoRoomUnsubscribeRequest,
  VideoRoomUpdatedReply,
  VideoRoomUpdateRemotePublisherRequest,
  VideoRoomUpdateRequest,
} from './videoroom.types.js';

/**
 * A handle on the VideoRoom plugin (`janus.plugin.videoroom`), the SFU. One handle is one participant
 * (publisher) or one subscription (subscriber); room management requests work on any handle.
 *
 * Synchronous requests (room management, forwarding, remote publishers) resolve with the reply data.
 * Asynchronous ones (joins, publishing, subscriptions) resolve with `{ data, jsep? }`: `jsep` is Janus's
 * answer to a publisher's offer, or Janus's offer to a subscriber (answer it with {@link start}). A VideoRoom
 * error rejects with `JanusPluginError` whose `janusCode` is one of `VideoRoomErrorCode` (426: no such room).
 *
 * Asynchronous events go to `events$` (a {@link VideoRoomEvent} union) and to the named streams below. Janus
 * 1.1.2 sends no event when recording starts or stops (`enable_recording` notifies nobody): the state is in
 * the reply of {@link enableRecording} and in {@link list}.
 *
 * ```ts
 * const alice = await session.attach(VideoRoomPlugin);
 * const { data } = await alice.joinPublisher({ room: 1234, display: 'Alice' });
 * alice.publishers$.subscribe((e) => e.publishers.forEach((p) => console.log('new feed', p.id)));
 * const { jsep: answer } = await alice.publish({ descriptions: [{ mid: '0', description: 'mic' }] }, offer);
 * ```
 */
export class VideoRoomHandle extends JanusPluginHandle<VideoRoomRequests, VideoRoomEvent> {
  /** Janus plugin package name. */
  static readonly pluginName = 'janus.plugin.videoroom';

  // ---- Participants: publishers -------------------------------------------------------------------------------

  /** Joins a room as a publisher (a participant that gets room events; publishing comes with {@link publish}). */
  joinPublisher(
    body: VideoRoomJoinPublisherRequest,
    options?: JanusRequestOptions,
  ): Promise<JanusPluginReply<VideoRoomJoinedReply>> {
    return this.request('join', { ...body, ptype: 'publisher' }, options) as Promise<
      JanusPluginReply<VideoRoomJoinedReply>
    >;
  }

  /** Joins as a publisher and publishes in one request; pass the JSEP offer, the reply carries the answer. */
  joinAndConfigure(
    body: VideoRoomJoinAndConfigureRequest,
    jsep?: Jsep,
    options?: JanusRequestOptions,
  ): Promise<JanusPluginReply<VideoRoomJoinedReply>> {
    return this.request('joinandconfigure', { ...body, ptype: 'publisher' }, { ...options, jsep });
  }

  /** Starts publishing: `jsep` is the offer, the reply carries Janus's answer. */
  publish(
    body: VideoRoomPublishRequest,
    jsep: Jsep,
    options?: JanusRequestOptions,
  ): Promise<JanusPluginReply<VideoRoomConfiguredReply>> {
    return this.request('publish', body, { ...options, jsep });
  }

  /**
   * Changes a publisher (bitrate, display, recording, per-stream `send`, descriptions, keyframe request;
   * renegotiation or ICE restart with an offer) or a subscriber (per-stream `send`, simulcast substream /
   * temporal layer, SVC layers, playout delay; `restart: true` for an ICE-restart offer to answer with `start`).
   */
  configure(
    body: VideoRoomConfigureRequest,
    jsep?: Jsep,
    options?: JanusRequestOptions,
  ): Promise<JanusPluginReply<VideoRoomConfiguredReply>> {
    return this.request('configure', body, { ...options, jsep });
  }

  /** Stops publishing (closes the PeerConnection); the handle stays in the room. 435 when not publishing. */
  unpublish(options?: JanusRequestOptions): Promise<JanusPluginReply<VideoRoomUnpublishedReply>> {
    return this.request('unpublish', {}, options);
  }

  /** Leaves the room (a publisher) or ends the subscription (a subscriber). */
  leave(options?: JanusRequestOptions): Promise<JanusPluginReply<VideoRoomLeaveReply>> {
    return this.request('leave', {}, options);
  }

  // ---- Participants: subscribers ------------------------------------------------------------------------------

  /**
   * Subscribes to feeds (multistream `streams`, or the legacy single `feed`); the reply carries Janus's offer:
   * answer it with {@link start}.
   */
  joinSubscriber(
    body: VideoRoomJoinSubscriberRequest,
    options?: JanusRequestOptions,
  ): Promise<JanusPluginReply<VideoRoomAttachedReply>> {
    return this.request('join', { ...body, ptype: 'subscriber' }, options) as Promise<
      JanusPluginReply<VideoRoomAttachedReply>
    >;
  }

  /** Adds streams to the subscription; answer the new offer (if any) with {@link start}. */
  subscribe(
    body: VideoRoomSubscribeRequest,
    options?: JanusRequestOptions,
  ): Promise<JanusPluginReply<VideoRoomUpdatedReply>> {
    return this.request('subscribe', body, options);
  }

  /** Removes streams from the subscription; answer the new offer (if any) with {@link start}. */
  unsubscribe(
    body: VideoRoomUnsubscribeRequest,
    options?: JanusRequestOptions,
  ): Promise<JanusPluginReply<VideoRoomUpdatedReply>> {
    return this.request('unsubscribe', body, options);
  }

  /** Adds and removes streams in one renegotiation; answer the new offer (if any) with {@link start}. */
  update(
    body: VideoRoomUpdateRequest,
    options?: JanusRequestOptions,
  ): Promise<JanusPluginReply<VideoRoomUpdatedReply>> {
    return this.request('update', body, options);
  }

  /** Completes a subscriber negotiation (with the JSEP answer) or resumes after {@link pause} (without). */
  start(jsep?: Jsep, options?: JanusRequestOptions): Promise<JanusPluginReply<VideoRoomStartedReply>> {
    return this.request('start', {}, { ...options, jsep });
  }

  /** Pauses all media of the subscription. */
  pause(options?: JanusRequestOptions): Promise<JanusPluginReply<VideoRoomPausedReply>> {
    return this.request('pause', {}, options);
  }

  /** Switches subscription m-lines to other sources without renegotiation (same codecs required). */
  switch(
    body: VideoRoomSwitchRequest,
    options?: JanusRequestOptions,
  ): Promise<JanusPluginReply<VideoRoomSwitchedReply>> {
    return this.request('switch', body, options);
  }

  // ---- Rooms ----------------------------------------------------------------------------------------------------

  /** Creates a room (every room option of Janus 1.1.2). 427 when the id is taken. */
  create(body: VideoRoomCreateRequest, options?: JanusRequestOptions): Promise<VideoRoomCreatedReply> {
    return this.request('create', body, options);
  }

  /** Edits a live room (description, secret, pin, privacy, bitrate, FIR, publishers, recording lock/folder). */
  edit(body: VideoRoomEditRequest, options?: JanusRequestOptions): Promise<VideoRoomEditedReply> {
    return this.request('edit', body, options);
  }

  /** Destroys a room; its participants get a `destroyed` event. */
  destroy(body: VideoRoomDestroyRequest, options?: JanusRequestOptions): Promise<VideoRoomDestroyedReply> {
    return this.request('destroy', body, options);
  }

  /** Tells whether a room exists. */
  exists(body: VideoRoomExistsRequest, options?: JanusRequestOptions): Promise<VideoRoomExistsReply> {
    return this.request('exists', body, options);
  }

  /** Lists the public rooms (and private ones with the right `admin_key`). */
  list(body: VideoRoomListRequest = {}, options?: JanusRequestOptions): Promise<VideoRoomListReply> {
    return this.request('list', body, options);
  }

  /** Lists a room's participants (publishers, active or not; not subscribers). */
  listParticipants(
    body: VideoRoomListParticipantsRequest,
    options?: JanusRequestOptions,
  ): Promise<VideoRoomParticipantsReply> {
    return this.request('listparticipants', body, options);
  }

  /** Kicks a participant (it gets `kicked`, the others get `kicked` with its id). */
  kick(body: VideoRoomKickRequest, options?: JanusRequestOptions): Promise<VideoRoomSuccessReply> {
    return this.request('kick', body, options);
  }

  /** Mutes or unmutes one stream of a participant for everyone; the room gets a `moderation` event. */
  moderate(body: VideoRoomModerateRequest, options?: JanusRequestOptions): Promise<VideoRoomSuccessReply> {
    return this.request('moderate', body, options);
  }

  /** Enables/disables the token ACL or adds/removes tokens; resolves with the complete token list. */
  allowed(body: VideoRoomAllowedRequest, options?: JanusRequestOptions): Promise<VideoRoomAllowedReply> {
    return this.request('allowed', body, options);
  }

  /** Starts or stops recording every participant of the room. */
  enableRecording(
    body: VideoRoomEnableRecordingRequest,
    options?: JanusRequestOptions,
  ): Promise<VideoRoomRecordingReply> {
    return this.request('enable_recording', body, options);
  }

  // ---- RTP forwarding -------------------------------------------------------------------------------------------

  /** Forwards a publisher's streams over RTP to a host; resolves with the forwarders (their `stream_id`s). */
  rtpForward(body: VideoRoomRtpForwardRequest, options?: JanusRequestOptions): Promise<VideoRoomRtpForwardReply> {
    return this.request('rtp_forward', body, options);
  }

  /** Stops one RTP forwarder. */
  stopRtpForward(
    body: VideoRoomStopRtpForwardRequest,
    options?: JanusRequestOptions,
  ): Promise<VideoRoomStopRtpForwardReply> {
    return this.request('stop_rtp_forward', body, options);
  }

  /** Lists a room's RTP forwarders by publisher. */
  listForwarders(
    body: VideoRoomListForwardersRequest,
    options?: JanusRequestOptions,
  ): Promise<VideoRoomForwardersReply> {
    return this.request('listforwarders', body, options);
  }

  // ---- Remote publishers ----------------------------------------------------------------------------------------

  /**
   * On the target Janus: adds a remote publisher mirroring one on another Janus; resolves with where that Janus
   * must send (pass it to {@link publishRemotely} there). Janus 1.1.2 replies before the feed is in the room:
   * it can be subscribed to, listed or removed once the room's `publishers` event announced it.
   */
  addRemotePublisher(
    body: VideoRoomAddRemotePublisherRequest,
    options?: JanusRequestOptions,
  ): Promise<VideoRoomRemotePublisherReply> {
    return this.request('add_remote_publisher', body, options);
  }

  /** On the target Janus: updates a remote publisher after its source renegotiated (`streams` required). */
  updateRemotePublisher(
    body: VideoRoomUpdateRemotePublisherRequest,
    options?: JanusRequestOptions,
  ): Promise<VideoRoomSuccessReply> {
    return this.request('update_remote_publisher', body, options);
  }

  /** On the target Janus: removes a remote publisher (participants get `leaving`). */
  removeRemotePublisher(
    body: VideoRoomRemoveRemotePublisherRequest,
    options?: JanusRequestOptions,
  ): Promise<VideoRoomSuccessReply> {
    return this.request('remove_remote_publisher', body, options);
  }

  /** On the source Janus: relays a local publisher to a remote publisher on another Janus. */
  publishRemotely(
    body: VideoRoomPublishRemotelyRequest,
    options?: JanusRequestOptions,
  ): Promise<VideoRoomPublishRemotelyReply> {
    return this.request('publish_remotely', body, options);
  }

  /** On the source Janus: stops one remotization (the remote publisher stays until removed on the target). */
  unpublishRemotely(
    body: VideoRoomUnpublishRemotelyRequest,
    options?: JanusRequestOptions,
  ): Promise<VideoRoomUnpublishRemotelyReply> {
    return this.request('unpublish_remotely', body, options);
  }

  /** On the source Janus: lists a local publisher's remotizations. */
  listRemotes(body: VideoRoomListRemotesRequest, options?: JanusRequestOptions): Promise<VideoRoomRemotesReply> {
    return this.request('listremotes', body, options);
  }

  // ---- Event streams --------------------------------------------------------------------------------------------

  /** Publishers that started publishing (or changed their streams). */
  get publishers$(): Observable<VideoRoomPublishersEvent> {
    return this.eventsOfType('publishers');
  }

  /** Participants that joined (rooms with `notify_joining`). */
  get joining$(): Observable<VideoRoomJoiningEvent> {
    return this.eventsOfType('joining');
  }

  /** Feeds that went away (someone else's, or this handle's own with `self: true`). */
  get unpublished$(): Observable<VideoRoomUnpublishedEvent> {
    return this.eventsOfType('unpublished');
  }

  /** Participants that left. */
  get leaving$(): Observable<VideoRoomLeavingEvent> {
    return this.eventsOfType('leaving');
  }

  /** Participants that changed display name. */
  get displayChanged$(): Observable<VideoRoomDisplayEvent> {
    return this.eventsOfType('display');
  }

  /** Talking / stopped-talking (rooms with `audiolevel_event`). */
  get talking$(): Observable<VideoRoomTalkingEvent> {
    return this.eventsOfType('talking', 'stopped-talking');
  }

  /** Kicks: of someone else, or of this handle (`self: true`). */
  get kicked$(): Observable<VideoRoomKickedEvent> {
    return this.eventsOfType('kicked');
  }

  /** The room was destroyed. */
  get roomDestroyed$(): Observable<VideoRoomDestroyedEvent> {
    return this.eventsOfType('destroyed');
  }

  /** Moderation (a stream muted or unmuted by a moderator). */
  get moderation$(): Observable<VideoRoomModerationEvent> {
    return this.eventsOfType('moderation');
  }

  /** `configured` events that are not replies to this handle's requests. */
  get configured$(): Observable<VideoRoomConfiguredEvent> {
    return this.eventsOfType('configured');
  }

  /** Subscription changes Janus started (a new offer to answer with {@link start}), or one pending. */
  get updated$(): Observable<VideoRoomUpdatedEvent | VideoRoomUpdatingEvent> {
    return this.eventsOfType('updated', 'updating');
  }

  /** Simulcast substream / temporal and SVC spatial / temporal layer changes on a subscription. */
  get layers$(): Observable<VideoRoomSimulcastEvent | VideoRoomSvcEvent> {
    return this.eventsOfType('simulcast', 'svc');
  }

  /** Maps VideoRoom plugin events to {@link VideoRoomEvent} (errors and unrecognised events are the base class's). */
  protected override toEvent(data: Record<string, unknown>, jsep: Jsep | undefined): VideoRoomEvent | undefined {
    return mapVideoRoomEvent(data, jsep);
  }
}

/** `session.attach(VideoRoomPlugin)` resolves with a {@link VideoRoomHandle}. */
export const VideoRoomPlugin: JanusPluginClass<VideoRoomHandle> = VideoRoomHandle;
