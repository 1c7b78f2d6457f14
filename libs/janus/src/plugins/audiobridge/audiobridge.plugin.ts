import type { Observable } from 'rxjs';
import type { JanusPluginClass, JanusRequestOptions } from '../../core/handle.js';
import type { JanusPluginReply, Jsep } from '../../interfaces/protocol.interface.js';
import { JanusPluginHandle } from '../plugin.js';
import {
  mapAudioBridgeEvent,
  type AudioBridgeAnnouncementEvent,
  type AudioBridgeDestroyedEvent,
  type AudioBridgeEvent,
  type AudioBridgeJoinedEvent,
  type AudioBridgeKickedAllEvent,
  type AudioBridgeKickedEvent,
  type AudioBridgeLeavingEvent,
  type AudioBridgeParticipantsEvent,
  type AudioBridgeRoomMutedEvent,
  type AudioBridgeTalkingEvent,
} from './audiobridge.events.js';
import type {
  AudioBridgeAllowedReply,
  AudioBridgeAllowedRequest,
  AudioBridgeAnnouncementsReply,
  AudioBridgeChangeRoomRequest,
  AudioBridgeConfigureRequest,
  AudioBridgeCreatedReply,
  AudioBridgeCreateRequest,
  AudioBridgeDenoiseRequest,
  AudioBridgeDestroyedReply,
  AudioBridgeDestroyRequest,
  AudioBridgeEditedReply,
  AudioBridgeEditRequest,
  AudioBridgeEnableMjrsRequest,
  AudioBridgeEnableRecordingRequest,
  AudioBridgeExistsReply,
  AudioBridgeExistsRequest,
  AudioBridgeFileRequest,
  AudioBridgeForwardersReply,
  AudioBridgeHangupReply,
  AudioBridgeIsPlayingReply,
  AudioBridgeJoinedReply,
  AudioBridgeJoinRequest,
  AudioBridgeKickAllRequest,
  AudioBridgeKickRequest,
  AudioBridgeLeftReply,
  AudioBridgeListAnnouncementsRequest,
  AudioBridgeListForwardersRequest,
  AudioBridgeListParticipantsRequest,
  AudioBridgeListReply,
  AudioBridgeListRequest,
  AudioBridgeMuteRequest,
  AudioBridgeMuteRoomRequest,
  AudioBridgeOkReply,
  AudioBridgeParticipantsReply,
  AudioBridgePlayFileReply,
  AudioBridgePlayFileRequest,
  AudioBridgeRequests,
  AudioBridgeResumeRequest,
  AudioBridgeRoomChangedReply,
  AudioBridgeRtpForwardReply,
  AudioBridgeRtpForwardRequest,
  AudioBridgeStopAllFilesReply,
  AudioBridgeStopAllFilesRequest,
  AudioBridgeStopFileReply,
  AudioBridgeStopRtpForwardReply,
  AudioBridgeStopRtpForwardRequest,
  AudioBridgeSuccessReply,
  AudioBridgeSuspendRequest,
} from './audiobridge.types.js';

/**
 * A handle on the AudioBridge plugin (`janus.plugin.audiobridge`), the audio mixer. One handle is one participant;
 * room management requests work on any handle.
 *
 * `join`, `configure`, `changeroom`, `leave` and `hangup` are asynchronous and resolve with `{ data, jsep? }`
 * (`jsep`: Janus's answer to the offer sent with `join` or `configure`); every other request is synchronous and
 * resolves with the reply data. Errors reject with `JanusPluginError` (`janusCode`: one of `AudioBridgeErrorCode`,
 * e.g. 485 for no such room).
 *
 * ```ts
 * const alice = await session.attach(AudioBridgePlugin);
 * const { data } = await alice.join({ room: 1234, display: 'Alice' }, offer);
 * alice.joined$.subscribe((e) => console.log('joined', e.participants[0]?.display));
 * ```
 */
export class AudioBridgeHandle extends JanusPluginHandle<AudioBridgeRequests, AudioBridgeEvent> {
  /** Janus plugin package name. */
  static readonly pluginName = 'janus.plugin.audiobridge';

  /** The `join`, `configure` and `changeroom` requests Janus has not answered yet (see {@link detach}). */
  private readonly encoderRequests = new Set<Promise<unknown>>();

  // ---- Participant ----------------------------------------------------------------------------------------------

  /** Joins a room; send the JSEP offer here or later with {@link configure}. A participant without media works. */
  join(
    body: AudioBridgeJoinRequest,
    jsep?: Jsep,
    options?: JanusRequestOptions,
  ): Promise<JanusPluginReply<AudioBridgeJoinedReply>> {
    return this.touchingEncoder(this.request('join', body, { ...options, jsep }));
  }

  /** Changes this participant's settings (mute, display, bitrate, ...) or negotiates media with a JSEP. */
  configure(
    body: AudioBridgeConfigureRequest,
    jsep?: Jsep,
    options?: JanusRequestOptions,
  ): Promise<JanusPluginReply<AudioBridgeOkReply>> {
    return this.touchingEncoder(this.request('configure', body, { ...options, jsep }));
  }

  /** Moves this participant to another room (a leave and a join in one). */
  changeRoom(
    body: AudioBridgeChangeRoomRequest,
    options?: JanusRequestOptions,
  ): Promise<JanusPluginReply<AudioBridgeRoomChangedReply>> {
    return this.touchingEncoder(this.request('changeroom', body, options));
  }

  /**
   * Detaches the handle once Janus has answered this participant's `join`, `configure` and `changeroom` requests
   * still in flight (each ends by its reply, an error or its timeout; a lost link rejects them at once). Janus's
   * AudioBridge (1.1.2 and upstream's master alike) sets up the participant's Opus encoder while it handles them and
   * frees the encoder when the handle goes, without a lock between the two: a detach that overtakes one of them can
   * crash Janus on a NULL encoder in libopus (a segfault there during this project's fuzz test; upstream
   * meetecho/janus-gateway#3587).
   */
  override detach(options?: JanusRequestOptions): Promise<void> {
    if (this.encoderRequests.size === 0) return super.detach(options);
    return Promise.allSettled(this.encoderRequests).then(() => super.detach(options));
  }

  /** Keeps `reply` among {@link encoderRequests} until it settles. */
  private touchingEncoder<T>(reply: Promise<T>): Promise<T> {
    this.encoderRequests.add(reply);
    const settled = (): void => void this.encoderRequests.delete(reply);
    reply.then(settled, settled);
    return reply;
  }

  /** Leaves the room. */
  leave(options?: JanusRequestOptions): Promise<JanusPluginReply<AudioBridgeLeftReply>> {
    return this.request('leave', {}, options);
  }

  /** Closes the PeerConnection through the plugin (AudioBridge's `hangup` request); the participant stays. */
  hangupRequest(options?: JanusRequestOptions): Promise<JanusPluginReply<AudioBridgeHangupReply>> {
    return this.request('hangup', {}, options);
  }

  /** Has Janus create this participant's Opus decoder anew. */
  resetDecoder(options?: JanusRequestOptions): Promise<AudioBridgeSuccessReply> {
    return this.request('resetdecoder', {}, options);
  }

  // ---- Rooms ----------------------------------------------------------------------------------------------------

  /** Creates a room. */
  create(body: AudioBridgeCreateRequest, options?: JanusRequestOptions): Promise<AudioBridgeCreatedReply> {
    return this.request('create', body, options);
  }

  /** Edits a room's description, secret, pin, privacy or recording folders. */
  edit(body: AudioBridgeEditRequest, options?: JanusRequestOptions): Promise<AudioBridgeEditedReply> {
    return this.request('edit', body, options);
  }

  /** Destroys a room. */
  destroy(body: AudioBridgeDestroyRequest, options?: JanusRequestOptions): Promise<AudioBridgeDestroyedReply> {
    return this.request('destroy', body, options);
  }

  /** Whether a room exists. */
  exists(body: AudioBridgeExistsRequest, options?: JanusRequestOptions): Promise<AudioBridgeExistsReply> {
    return this.request('exists', body, options);
  }

  /** Lists the public rooms (all of them with the `admin_key`). */
  list(body: AudioBridgeListRequest = {}, options?: JanusRequestOptions): Promise<AudioBridgeListReply> {
    return this.request('list', body, options);
  }

  /** Changes a room's token ACL. */
  allowed(body: AudioBridgeAllowedRequest, options?: JanusRequestOptions): Promise<AudioBridgeAllowedReply> {
    return this.request('allowed', body, options);
  }

  /** Lists a room's participants. */
  listParticipants(
    body: AudioBridgeListParticipantsRequest,
    options?: JanusRequestOptions,
  ): Promise<AudioBridgeParticipantsReply> {
    return this.request('listparticipants', body, options);
  }

  /** Kicks a participant out (it gets `kicked`; Janus removes it from the room shortly after the reply). */
  kick(body: AudioBridgeKickRequest, options?: JanusRequestOptions): Promise<AudioBridgeSuccessReply> {
    return this.request('kick', body, options);
  }

  /** Kicks every participant out. */
  kickAll(body: AudioBridgeKickAllRequest, options?: JanusRequestOptions): Promise<AudioBridgeSuccessReply> {
    return this.request('kick_all', body, options);
  }

  /** Mutes a participant. */
  mute(body: AudioBridgeMuteRequest, options?: JanusRequestOptions): Promise<AudioBridgeSuccessReply> {
    return this.request('mute', body, options);
  }

  /** Unmutes a participant. */
  unmute(body: AudioBridgeMuteRequest, options?: JanusRequestOptions): Promise<AudioBridgeSuccessReply> {
    return this.request('unmute', body, options);
  }

  /** Mutes the whole room (participants who joined with the secret excepted). */
  muteRoom(body: AudioBridgeMuteRoomRequest, options?: JanusRequestOptions): Promise<AudioBridgeSuccessReply> {
    return this.request('mute_room', body, options);
  }

  /** Unmutes the whole room. */
  unmuteRoom(body: AudioBridgeMuteRoomRequest, options?: JanusRequestOptions): Promise<AudioBridgeSuccessReply> {
    return this.request('unmute_room', body, options);
  }

  /**
   * Suspends a participant: not mixed, gets no mix.
   * @since Janus 1.2.1
   */
  suspend(body: AudioBridgeSuspendRequest, options?: JanusRequestOptions): Promise<AudioBridgeSuccessReply> {
    return this.request('suspend', body, options);
  }

  /**
   * Resumes a suspended participant.
   * @since Janus 1.2.1
   */
  resume(body: AudioBridgeResumeRequest, options?: JanusRequestOptions): Promise<AudioBridgeSuccessReply> {
    return this.request('resume', body, options);
  }

  /** Starts or stops recording the room's mix. */
  enableRecording(
    body: AudioBridgeEnableRecordingRequest,
    options?: JanusRequestOptions,
  ): Promise<AudioBridgeSuccessReply> {
    return this.request('enable_recording', body, options);
  }

  /** Starts or stops recording each participant to its own .mjr file. */
  enableMjrs(body: AudioBridgeEnableMjrsRequest, options?: JanusRequestOptions): Promise<AudioBridgeSuccessReply> {
    return this.request('enable_mjrs', body, options);
  }

  // ---- RTP forwarding -------------------------------------------------------------------------------------------

  /** Forwards the room's mix (or a group's) as RTP to a host and port. */
  rtpForward(body: AudioBridgeRtpForwardRequest, options?: JanusRequestOptions): Promise<AudioBridgeRtpForwardReply> {
    return this.request('rtp_forward', body, options);
  }

  /** Stops a forwarder. */
  stopRtpForward(
    body: AudioBridgeStopRtpForwardRequest,
    options?: JanusRequestOptions,
  ): Promise<AudioBridgeStopRtpForwardReply> {
    return this.request('stop_rtp_forward', body, options);
  }

  /** Lists a room's forwarders. */
  listForwarders(
    body: AudioBridgeListForwardersRequest,
    options?: JanusRequestOptions,
  ): Promise<AudioBridgeForwardersReply> {
    return this.request('listforwarders', body, options);
  }

  // ---- Announcements --------------------------------------------------------------------------------------------

  /** Plays an .opus file into the room. */
  playFile(body: AudioBridgePlayFileRequest, options?: JanusRequestOptions): Promise<AudioBridgePlayFileReply> {
    return this.request('play_file', body, options);
  }

  /** Whether an announcement is playing. */
  isPlaying(body: AudioBridgeFileRequest, options?: JanusRequestOptions): Promise<AudioBridgeIsPlayingReply> {
    return this.request('is_playing', body, options);
  }

  /** Stops an announcement. */
  stopFile(body: AudioBridgeFileRequest, options?: JanusRequestOptions): Promise<AudioBridgeStopFileReply> {
    return this.request('stop_file', body, options);
  }

  /**
   * Lists a room's announcements.
   * @since Janus 1.2.4
   */
  listAnnouncements(
    body: AudioBridgeListAnnouncementsRequest,
    options?: JanusRequestOptions,
  ): Promise<AudioBridgeAnnouncementsReply> {
    return this.request('listannouncements', body, options);
  }

  /**
   * Stops every announcement of a room.
   * @since Janus 1.3.2
   */
  stopAllFiles(
    body: AudioBridgeStopAllFilesRequest,
    options?: JanusRequestOptions,
  ): Promise<AudioBridgeStopAllFilesReply> {
    return this.request('stop_all_files', body, options);
  }

  /**
   * Turns RNNoise denoising on for a participant (Janus built with RNNoise only; 482 otherwise).
   * @since Janus 1.2.3
   */
  enableDenoise(body: AudioBridgeDenoiseRequest, options?: JanusRequestOptions): Promise<AudioBridgeSuccessReply> {
    return this.request('denoise_enable', body, options);
  }

  /**
   * Turns RNNoise denoising off for a participant (Janus built with RNNoise only; 482 otherwise).
   * @since Janus 1.2.3
   */
  disableDenoise(body: AudioBridgeDenoiseRequest, options?: JanusRequestOptions): Promise<AudioBridgeSuccessReply> {
    return this.request('denoise_disable', body, options);
  }

  // ---- Event streams --------------------------------------------------------------------------------------------

  /** Others joining the room. */
  get joined$(): Observable<AudioBridgeJoinedEvent> {
    return this.eventsOfType('joined');
  }

  /** Participant updates (mute state, display, settings). */
  get participants$(): Observable<AudioBridgeParticipantsEvent> {
    return this.eventsOfType('participants');
  }

  /** Others leaving the room. */
  get leaving$(): Observable<AudioBridgeLeavingEvent> {
    return this.eventsOfType('leaving');
  }

  /** Kicks (one participant, or everyone with `kick_all`). */
  get kicked$(): Observable<AudioBridgeKickedEvent | AudioBridgeKickedAllEvent> {
    return this.eventsOfType('kicked', 'kicked-all');
  }

  /** The room muted or unmuted as a whole. */
  get roomMuted$(): Observable<AudioBridgeRoomMutedEvent> {
    return this.eventsOfType('room-muted');
  }

  /** Talking and stopped-talking. */
  get talking$(): Observable<AudioBridgeTalkingEvent> {
    return this.eventsOfType('talking', 'stopped-talking');
  }

  /** The room destroyed. */
  get roomDestroyed$(): Observable<AudioBridgeDestroyedEvent> {
    return this.eventsOfType('destroyed');
  }

  /** Announcements starting and stopping. */
  get announcements$(): Observable<AudioBridgeAnnouncementEvent> {
    return this.eventsOfType('announcement-started', 'announcement-stopped');
  }

  /** Maps AudioBridge events to {@link AudioBridgeEvent} (errors and unrecognised events are the base class's). */
  protected override toEvent(data: Record<string, unknown>, jsep: Jsep | undefined): AudioBridgeEvent | undefined {
    return mapAudioBridgeEvent(data, jsep);
  }
}

/** `session.attach(AudioBridgePlugin)` resolves with an {@link AudioBridgeHandle}. */
export const AudioBridgePlugin: JanusPluginClass<AudioBridgeHandle> = AudioBridgeHandle;
