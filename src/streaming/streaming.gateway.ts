import { UseFilters } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import {
  JanusPluginError,
  StreamingPlugin,
  type StreamingEvent,
  type StreamingHandle,
  type StreamingWatchRequest,
} from 'nestjs-janus';
import type { Socket } from 'socket.io';
import { JwtVerifier } from '../auth/index.js';
import { AppError, HANDLE_NOT_AVAILABLE, toAppError } from '../errors/index.js';
import {
  AckOnly,
  AdminOnly,
  afterReply,
  DataPipe,
  HandleRelay,
  principalOf,
  push,
  RateLimitService,
  Reply,
  replyAs,
  sendError,
  SignalingExceptionFilter,
  SignalingGateway,
  trickleTo,
  type AfterReply,
  type ClientSession,
  type SignalingClient,
} from '../signaling/index.js';
import { toJsep, TrickleCandidateDto } from '../signaling/dto/webrtc.dto.js';
import { createOptionsOf, SocketCreateMountpointDto, SocketEditMountpointDto } from './dto/socket-admin.dto.js';
import {
  ConfigureDto,
  DestroyDto,
  DisableDto,
  MountpointIdDto,
  StartDto,
  SwitchDto,
  WatchDto,
} from './dto/viewer.dto.js';
import { StreamingAdminService } from './streaming-admin.service.js';
import { JanusPool, type PoolServer } from '../janus/index.js';

const ERROR_EVENT = 'streaming-error';

/** The socket's viewer: one Streaming handle watching one mountpoint (one PeerConnection in the browser). */
interface Viewer {
  handle: StreamingHandle;
  relay: HandleRelay;
  /** The mountpoint it watches (changes with `switch`). */
  id: number;
  /** The Janus server of the viewer's handle. */
  server: PoolServer;
}

/** What one socket holds: its session and its viewer. */
interface StreamingClient extends SignalingClient {
  viewer?: Viewer;
}

/**
 * Streaming over socket.io (`/streaming`), as in docs/PROTOCOL.md: the events and fields of Janode's streaming
 * front-end (`examples/streaming`), so that it works here by changing only its namespace. Viewers `watch` a
 * mountpoint, answer Janus's offer with `start`, then `pause`, `configure`, `switch` and `stop`; anyone may `list`
 * and `info`; administration (create, destroy, enable, disable, recording, edit, kick-all) needs the admin role and
 * goes to the {@link StreamingAdminService}, as the REST API's does.
 */
@WebSocketGateway({ namespace: '/streaming' })
@UseFilters(new SignalingExceptionFilter(ERROR_EVENT))
export class StreamingGateway extends SignalingGateway<StreamingClient> {
  constructor(
    pool: JanusPool,
    private readonly admin: StreamingAdminService,
    verifier: JwtVerifier,
    rateLimit: RateLimitService,
  ) {
    super(pool, verifier, rateLimit, ERROR_EVENT);
  }

  protected newClient(session: ClientSession): StreamingClient {
    return { session };
  }

  protected releaseHandles(client: StreamingClient): void {
    client.viewer?.relay.unsubscribe();
    client.viewer = undefined;
  }

  // ---- viewer ---------------------------------------------------------------------------------------------------

  /**
   * `watch`: a fresh handle for this socket (the previous one is detached) and Janus's offer for the mountpoint,
   * replied as `offer` `{ jsep, restart: false }`. With `restart: true` and a viewer already there, the same handle
   * asks for an ICE-restart offer instead (`restart: true`).
   */
  @SubscribeMessage('watch')
  @Reply('offer')
  async watch(@ConnectedSocket() socket: Socket, @MessageBody('data', DataPipe) data: WatchDto): Promise<AfterReply> {
    const client = this.client(socket);
    await this.rateLimit.consume(socket, 'watch');
    const current = this.liveViewer(client);
    if (data.restart && current) {
      const reply = await current.handle.watch({ id: current.id, restart: true });
      return afterReply({ jsep: reply.jsep, restart: reply.data.result.status === 'updating' }, () => undefined);
    }
    return this.pool.inRoom('streaming', data.id, async (server) => {
      // The relay first: candidates Janus trickles before the reply are held until it has gone out.
      const { handle, relay } = await this.freshHandle(socket, client, StreamingPlugin, current?.handle, server);
      const viewer: Viewer = { handle, relay, id: data.id, server };
      viewer.relay.add(handle.events$.subscribe((event) => this.onEvent(socket, viewer, event)));
      viewer.relay.add(
        handle.detached$.subscribe(() => {
          if (client.viewer === viewer) client.viewer = undefined;
          viewer.relay.unsubscribe();
        }),
      );
      client.viewer = viewer;
      try {
        const request: StreamingWatchRequest = { id: data.id };
        if (data.pin !== undefined) request.pin = data.pin;
        if (data.media !== undefined) request.media = data.media;
        if (data.audio !== undefined) request.offer_audio = data.audio;
        if (data.video !== undefined) request.offer_video = data.video;
        if (data.data !== undefined) request.offer_data = data.data;
        const reply = await handle.watch(request);
        return afterReply({ jsep: reply.jsep, restart: false }, () => viewer.relay.releaseCandidates());
      } catch (err) {
        await this.dropViewer(client);
        throw err;
      }
    });
  }

  /** `start`: the browser's answer (or, without one, resume after `pause`); replied as Janus's status, `starting`. */
  @SubscribeMessage('start')
  @Reply('starting')
  async start(@ConnectedSocket() socket: Socket, @MessageBody('data', DataPipe) data: StartDto): Promise<AfterReply> {
    const viewer = this.viewer(socket);
    if (data.jsep && data.jsep.type !== 'answer') throw new AppError('BAD_REQUEST', 'jsep: must be an answer');
    const reply = await viewer.handle.start(data.jsep && toJsep(data.jsep));
    return replyAs(reply.data.result.status, { id: viewer.id });
  }

  @SubscribeMessage('pause')
  @Reply('pausing')
  async pause(@ConnectedSocket() socket: Socket): Promise<AfterReply> {
    const viewer = this.viewer(socket);
    const reply = await viewer.handle.pause();
    return replyAs(reply.data.result.status, { id: viewer.id });
  }

  /**
   * `stop`: stops watching (`stopping`). Janus 1.1.2-1.3.0 never answer a `stop` of a viewer whose PeerConnection
   * did not come up: such a viewer's handle is detached instead, with the same reply.
   */
  @SubscribeMessage('stop')
  @Reply('stopping')
  async stop(@ConnectedSocket() socket: Socket): Promise<AfterReply> {
    const client = this.client(socket);
    const viewer = this.viewer(socket);
    if (!viewer.relay.up) {
      await this.dropViewer(client);
      return replyAs('stopping', { id: viewer.id });
    }
    const reply = await viewer.handle.stop();
    return replyAs(reply.data.result.status, { id: viewer.id });
  }

  /** `configure`: what Janus relays to the viewer; the reply echoes the request (as Janode's does). */
  @SubscribeMessage('configure')
  @Reply('configured')
  async configure(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: ConfigureDto,
  ): Promise<object> {
    const viewer = this.viewer(socket);
    const settings = Object.assign({}, data);
    await viewer.handle.configure(settings);
    return settings;
  }

  /** `switch`: the viewer goes on with mountpoint `id` on the same PeerConnection (`switched` `{ id, switched }`). */
  @SubscribeMessage('switch')
  @Reply('switched')
  async switchMountpoint(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: SwitchDto,
  ): Promise<object> {
    const viewer = this.viewer(socket);
    // With a Janus pool the mountpoint may be on another server: that takes a new PeerConnection, i.e. a `watch`.
    await this.pool.requireOn(viewer.server, 'streaming', data.id, 'watch it instead');
    const reply = await viewer.handle.switch({ id: data.id });
    viewer.id = data.id;
    return { id: data.id, switched: reply.data.result.switched };
  }

  @SubscribeMessage('trickle')
  @AckOnly()
  async trickle(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: TrickleCandidateDto,
  ): Promise<void> {
    await trickleTo(this.viewer(socket).handle, data.candidate);
  }

  @SubscribeMessage('trickle-complete')
  @AckOnly()
  async trickleComplete(@ConnectedSocket() socket: Socket): Promise<void> {
    await this.viewer(socket).handle.trickleComplete();
  }

  // ---- mountpoints (any user) -----------------------------------------------------------------------------------

  /** `list`: the public mountpoints (every one for the admin role, when the server has the plugin's admin key). */
  @SubscribeMessage('list')
  @Reply('list')
  async list(@ConnectedSocket() socket: Socket): Promise<object> {
    return { list: await this.admin.list(principalOf(socket)?.isAdmin ? 'all' : 'public') };
  }

  /** `info`: one mountpoint; with the admin role also its name, PIN, viewers, ports and recordings. */
  @SubscribeMessage('info')
  @Reply('info')
  async info(@ConnectedSocket() socket: Socket, @MessageBody('data', DataPipe) data: MountpointIdDto): Promise<object> {
    return this.admin.describe(data.id, principalOf(socket)?.isAdmin ?? false);
  }

  // ---- administration (admin role): the StreamingAdminService's, as the REST API's ------------------------------

  @SubscribeMessage('create')
  @Reply('created')
  @AdminOnly()
  async create(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: SocketCreateMountpointDto,
  ): Promise<object> {
    await this.rateLimit.consume(socket, 'create');
    const created = await this.admin.create(createOptionsOf(data));
    // Janode's fields: the first port of each kind.
    const port = (type: string): { port?: number; rtcpport?: number; port2?: number; port3?: number } =>
      created.ports?.find((p) => p.type === type) ?? {};
    return Object.assign({}, created, {
      audio_port: port('audio').port,
      audio_rtcp_port: port('audio').rtcpport,
      video_port: port('video').port,
      video_port_2: port('video').port2,
      video_port_3: port('video').port3,
      video_rtcp_port: port('video').rtcpport,
      data_port: port('data').port,
    });
  }

  @SubscribeMessage('destroy')
  @Reply('destroyed')
  @AdminOnly()
  async destroy(@ConnectedSocket() socket: Socket, @MessageBody('data', DataPipe) data: DestroyDto): Promise<object> {
    await this.admin.destroy(data.id, data.permanent);
    return { id: data.id };
  }

  @SubscribeMessage('edit')
  @Reply('edited')
  @AdminOnly()
  async edit(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: SocketEditMountpointDto,
  ): Promise<object> {
    const { id, ...changes } = data;
    return this.admin.edit(id, changes);
  }

  @SubscribeMessage('enable')
  @Reply('enabled')
  @AdminOnly()
  async enable(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: MountpointIdDto,
  ): Promise<object> {
    await this.admin.enable(data.id);
    return { id: data.id };
  }

  @SubscribeMessage('disable')
  @Reply('disabled')
  @AdminOnly()
  async disable(@ConnectedSocket() socket: Socket, @MessageBody('data', DataPipe) data: DisableDto): Promise<object> {
    await this.admin.disable(data.id, data.stop_recording);
    return { id: data.id };
  }

  @SubscribeMessage('start-rec')
  @Reply('rec-started')
  @AdminOnly()
  async startRecording(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: MountpointIdDto,
  ): Promise<object> {
    return this.admin.startRecording(data.id);
  }

  @SubscribeMessage('stop-rec')
  @Reply('rec-stopped')
  @AdminOnly()
  async stopRecording(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: MountpointIdDto,
  ): Promise<object> {
    await this.admin.stopRecording(data.id);
    return { id: data.id };
  }

  @SubscribeMessage('kick-all')
  @Reply('kicked-all')
  @AdminOnly()
  async kickAll(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: MountpointIdDto,
  ): Promise<object> {
    await this.admin.kickAll(data.id);
    return { id: data.id };
  }

  // ---- internals ------------------------------------------------------------------------------------------------

  private liveViewer(client: StreamingClient): Viewer | undefined {
    const viewer = client.viewer;
    return viewer && !viewer.handle.isDetached ? viewer : undefined;
  }

  /** The socket's viewer, for requests about it (`handle-not-available` when there is none). */
  private viewer(socket: Socket): Viewer {
    // No session yet is no viewer either (Janode's front-end disconnects on `session-not-available`).
    const viewer = this.liveViewer(this.client(socket));
    if (!viewer) throw new AppError('NOT_FOUND', HANDLE_NOT_AVAILABLE);
    return viewer;
  }

  /** Detaches the socket's viewer handle. */
  private async dropViewer(client: StreamingClient): Promise<void> {
    const viewer = client.viewer;
    if (!viewer) return;
    client.viewer = undefined;
    viewer.relay.unsubscribe();
    await viewer.handle.detach().catch(() => undefined);
  }

  /** What Janus says on its own about the viewer, pushed as Janode's front-end expects it: the status as the event. */
  private onEvent(socket: Socket, viewer: Viewer, event: StreamingEvent): void {
    switch (event.type) {
      case 'preparing':
      case 'updating':
        push(socket, event.type, { id: viewer.id, jsep: event.jsep, restart: event.type === 'updating' });
        break;
      case 'starting':
      case 'started':
      case 'pausing':
      case 'stopping':
      case 'stopped':
      case 'idle':
      case 'kicked':
        push(socket, event.type, { id: viewer.id });
        break;
      case 'switched':
        viewer.id = Number(event.id);
        push(socket, 'switched', { id: viewer.id, switched: 'ok' });
        break;
      case 'edited':
        push(socket, 'edited', { id: Number(event.id), metadata: event.metadata });
        break;
      case 'rtsp':
        push(socket, event.event, { id: Number(event.id) });
        break;
      case 'simulcast':
      case 'svc': {
        const { type, ...layers } = event;
        push(socket, type, { id: viewer.id, ...layers });
        break;
      }
      case 'error': {
        const error = toAppError(new JanusPluginError(event.error_code, event.error, StreamingPlugin.pluginName));
        sendError(socket, ERROR_EVENT, undefined, error, undefined);
        break;
      }
      default:
        break;
    }
  }
}
