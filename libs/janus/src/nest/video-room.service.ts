import { VideoRoomPlugin } from '../plugins/videoroom/videoroom.plugin.js';
import { definePluginService } from './define-plugin-service.js';

/**
 * The VideoRoom plugin as a Nest provider, for business code: `attach()` gives participant handles, and the
 * room-management requests (no participant needed) run on a managed handle: attached on first use to the
 * connection's shared session, and attached again after it is lost (Janus restarted). Those methods are
 * `VideoRoomHandle`'s own (same names, bodies and replies); `request(name, body)` reaches any other request by its
 * wire name.
 *
 * `JanusModule.forRoot` registers it for every connection: inject it by type for the default connection, or with
 * `@InjectVideoRoom(name)` (or `@InjectPlugin(VideoRoomPlugin, name)`).
 *
 * ```ts
 * constructor(private readonly videoRoom: VideoRoomService) {}
 * await this.videoRoom.create({ room: 42, publishers: 6 });
 * const alice = await this.videoRoom.attach(); // a VideoRoomHandle; detach it when done
 * ```
 */
export class VideoRoomService extends definePluginService(VideoRoomPlugin, {
  opaqueId: 'nestjs-janus:videoroom-admin',
  methods: [
    'create',
    'edit',
    'destroy',
    'exists',
    'list',
    'listParticipants',
    'kick',
    'moderate',
    'allowed',
    'enableRecording',
    'rtpForward',
    'stopRtpForward',
    'listForwarders',
    'addRemotePublisher',
    'updateRemotePublisher',
    'removeRemotePublisher',
    'publishRemotely',
    'unpublishRemotely',
    'listRemotes',
  ],
}) {}
