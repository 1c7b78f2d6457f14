import type { JanusRequestOptions } from '../core/handle.js';
import type { JanusAttachOptions, JanusSession } from '../core/session.js';
import { VideoRoomPlugin, type VideoRoomHandle } from '../plugins/videoroom/videoroom.plugin.js';
import type {
  VideoRoomAddRemotePublisherRequest,
  VideoRoomAllowedReply,
  VideoRoomAllowedRequest,
  VideoRoomCreateRequest,
  VideoRoomCreatedReply,
  VideoRoomDestroyRequest,
  VideoRoomDestroyedReply,
  VideoRoomEditRequest,
  VideoRoomEditedReply,
  VideoRoomEnableRecordingRequest,
  VideoRoomExistsReply,
  VideoRoomExistsRequest,
  VideoRoomForwardersReply,
  VideoRoomKickRequest,
  VideoRoomListForwardersRequest,
  VideoRoomListParticipantsRequest,
  VideoRoomListRemotesRequest,
  VideoRoomListReply,
  VideoRoomListRequest,
  VideoRoomModerateRequest,
  VideoRoomParticipantsReply,
  VideoRoomPublishRemotelyReply,
  VideoRoomPublishRemotelyRequest,
  VideoRoomRecordingReply,
  VideoRoomRemotePublisherReply,
  VideoRoomRemotesReply,
  VideoRoomRemoveRemotePublisherRequest,
  VideoRoomRtpForwardReply,
  VideoRoomRtpForwardRequest,
  VideoRoomStopRtpForwardReply,
  VideoRoomStopRtpForwardRequest,
  VideoRoomSuccessReply,
  VideoRoomUnpublishRemotelyReply,
  VideoRoomUnpublishRemotelyRequest,
  VideoRoomUpdateRemotePublisherRequest,
} from '../plugins/videoroom/videoroom.types.js';
import type { JanusService } from './janus.service.js';
import { ManagedHandle } from './managed-handle.js';

/**
 * The VideoRoom plugin as a Nest provider, for business code: `attach()` gives participant handles, and the
 * room-management requests (no participant needed) go through one handle this service manages: attached on
 * first use to the connection's shared session, and attached again after it is lost (Janus restarted).
 *
 * Inject it by type for the default connection, or with `@InjectVideoRoom(name)`.
 *
 * ```ts
 * constructor(private readonly videoRoom: VideoRoomService) {}
 * await this.videoRoom.create({ room: 42, publishers: 6 });
 * const alice = await this.videoRoom.attach(); // a VideoRoomHandle; detach it when done
 * ```
 */
export class VideoRoomService {
  private readonly managed: ManagedHandle<VideoRoomHandle>;

  /** @internal Built by `JanusModule`. */
  constructor(
    /** The connection this service uses. */
    readonly janus: JanusService,
  ) {
    this.managed = new ManagedHandle(janus, VideoRoomPlugin, 'nestjs-janus:videoroom-admin');
  }

  /**
   * Attaches a new VideoRoom handle (a participant: publisher or subscriber) to `session`, or to the
   * connection's shared session when omitted. The caller owns it: detach it when done.
   */
  async attach(session?: JanusSession, options?: JanusAttachOptions): Promise<VideoRoomHandle> {
    return (session ?? (await this.janus.sharedSession())).attach(VideoRoomPlugin, options);
  }

  /** Creates a room (427 when the id is taken). */
  create(body: VideoRoomCreateRequest, options?: JanusRequestOptions): Promise<VideoRoomCreatedReply> {
    return this.managed.run((handle) => handle.create(body, options));
  }

  /** Edits a live room. */
  edit(body: VideoRoomEditRequest, options?: JanusRequestOptions): Promise<VideoRoomEditedReply> {
    return this.managed.run((handle) => handle.edit(body, options));
  }

  /** Destroys a room; its participants get a `destroyed` event. */
  destroy(body: VideoRoomDestroyRequest, options?: JanusRequestOptions): Promise<VideoRoomDestroyedReply> {
    return this.managed.run((handle) => handle.destroy(body, options));
  }

  /** Tells whether a room exists. */
  exists(body: VideoRoomExistsRequest, options?: JanusRequestOptions): Promise<VideoRoomExistsReply> {
    return this.managed.run((handle) => handle.exists(body, options));
  }

  /** Lists the public rooms (and private ones with the right `admin_key`). */
  list(body: VideoRoomListRequest = {}, options?: JanusRequestOptions): Promise<VideoRoomListReply> {
    return this.managed.run((handle) => handle.list(body, options));
  }

  /** Lists a room's participants (publishers). */
  listParticipants(
    body: VideoRoomListParticipantsRequest,
    options?: JanusRequestOptions,
  ): Promise<VideoRoomParticipantsReply> {
    return this.managed.run((handle) => handle.listParticipants(body, options));
  }

  /** Kicks a participant. */
  kick(body: VideoRoomKickRequest, options?: JanusRequestOptions): Promise<VideoRoomSuccessReply> {
    return this.managed.run((handle) => handle.kick(body, options));
  }

  /** Mutes or unmutes one stream of a participant for everyone. */
  moderate(body: VideoRoomModerateRequest, options?: JanusRequestOptions): Promise<VideoRoomSuccessReply> {
    return this.managed.run((handle) => handle.moderate(body, options));
  }

  /** Enables/disables the token ACL or adds/removes tokens. */
  allowed(body: VideoRoomAllowedRequest, options?: JanusRequestOptions): Promise<VideoRoomAllowedReply> {
    return this.managed.run((handle) => handle.allowed(body, options));
  }

  /** Starts or stops recording every participant of the room. */
  enableRecording(
    body: VideoRoomEnableRecordingRequest,
    options?: JanusRequestOptions,
  ): Promise<VideoRoomRecordingReply> {
    return this.managed.run((handle) => handle.enableRecording(body, options));
  }

  /** Forwards a publisher's streams over RTP to a host. */
  rtpForward(body: VideoRoomRtpForwardRequest, options?: JanusRequestOptions): Promise<VideoRoomRtpForwardReply> {
    return this.managed.run((handle) => handle.rtpForward(body, options));
  }

  /** Stops one RTP forwarder. */
  stopRtpForward(
    body: VideoRoomStopRtpForwardRequest,
    options?: JanusRequestOptions,
  ): Promise<VideoRoomStopRtpForwardReply> {
    return this.managed.run((handle) => handle.stopRtpForward(body, options));
  }

  /** Lists a room's RTP forwarders by publisher. */
  listForwarders(
    body: VideoRoomListForwardersRequest,
    options?: JanusRequestOptions,
  ): Promise<VideoRoomForwardersReply> {
    return this.managed.run((handle) => handle.listForwarders(body, options));
  }

  /** On the target Janus: adds a remote publisher mirroring one on another Janus. */
  addRemotePublisher(
    body: VideoRoomAddRemotePublisherRequest,
    options?: JanusRequestOptions,
  ): Promise<VideoRoomRemotePublisherReply> {
    return this.managed.run((handle) => handle.addRemotePublisher(body, options));
  }

  /** On the target Janus: updates a remote publisher. */
  updateRemotePublisher(
    body: VideoRoomUpdateRemotePublisherRequest,
    options?: JanusRequestOptions,
  ): Promise<VideoRoomSuccessReply> {
    return this.managed.run((handle) => handle.updateRemotePublisher(body, options));
  }

  /** On the target Janus: removes a remote publisher. */
  removeRemotePublisher(
    body: VideoRoomRemoveRemotePublisherRequest,
    options?: JanusRequestOptions,
  ): Promise<VideoRoomSuccessReply> {
    return this.managed.run((handle) => handle.removeRemotePublisher(body, options));
  }

  /** On the source Janus: relays a local publisher to a remote publisher on another Janus. */
  publishRemotely(
    body: VideoRoomPublishRemotelyRequest,
    options?: JanusRequestOptions,
  ): Promise<VideoRoomPublishRemotelyReply> {
    return this.managed.run((handle) => handle.publishRemotely(body, options));
  }

  /** On the source Janus: stops one remotization. */
  unpublishRemotely(
    body: VideoRoomUnpublishRemotelyRequest,
    options?: JanusRequestOptions,
  ): Promise<VideoRoomUnpublishRemotelyReply> {
    return this.managed.run((handle) => handle.unpublishRemotely(body, options));
  }

  /** On the source Janus: lists a local publisher's remotizations. */
  listRemotes(body: VideoRoomListRemotesRequest, options?: JanusRequestOptions): Promise<VideoRoomRemotesReply> {
    return this.managed.run((handle) => handle.listRemotes(body, options));
  }
}
