import { UseFilters } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import {
  AudioBridgeErrorCode,
  AudioBridgePlugin,
  JanusPluginError,
  type AudioBridgeEvent,
  type AudioBridgeHandle,
  type AudioBridgeParticipant,
} from 'nestjs-janus';
import type { Socket } from 'socket.io';
import { JwtVerifier } from '../auth/index.js';
import { AppError, HANDLE_NOT_AVAILABLE } from '../errors/index.js';
import {
  AckOnly,
  AdminOnly,
  afterJsepReply,
  DataPipe,
  HandleRelay,
  push,
  RateLimitService,
  Reply,
  SignalingExceptionFilter,
  SignalingGateway,
  trickleTo,
  type AfterReply,
  type ClientSession,
  type SignalingClient,
} from '../signaling/index.js';
import { AllowDto, DestroyRoomDto, PeerDto, RoomDto } from '../room-admin/dto/room-admin.dto.js';
import { toJsep, TrickleCandidateDto } from '../signaling/dto/webrtc.dto.js';
import { pinOf } from '../videoroom/room-pin.js';
import { AudioBridgeAdminService } from './audiobridge-admin.service.js';
import { toAudioParticipant } from './audiobridge-shapes.js';
import { changeRoomIsSafe, leaveAndJoin } from './change-room.js';
import {
  AudioForwardStartDto,
  AudioForwardStopDto,
  CreateAudioRoomDto,
  EnableRecordingDto,
  ResumePeerDto,
  SuspendPeerDto,
} from './dto/admin.dto.js';
import { ChangeRoomDto, ConfigureDto, JoinDto, LeaveDto } from './dto/participant.dto.js';
import { JanusPool, type PoolServer } from '../janus/index.js';

const ERROR_EVENT = 'audiobridge-error';

/** The socket's one participant: its handle, where it is and what it is called there. */
interface Participant {
  handle: AudioBridgeHandle;
  room: number;
  feed: number;
  display?: string;
  relay: HandleRelay;
  /** The Janus server of the room (the handle's). */
  server: PoolServer;
}

/** What one socket holds: its Janus session and at most one participant (as in Janode's front-end). */
interface AudioBridgeClient extends SignalingClient {
  participant?: Participant;
}

/** A participant's state as pushed to the others: `{ room, feed, display?, muted, setup, talking?, suspended? }`. */
function peerState(room: number, p: AudioBridgeParticipant): Record<string, unknown> {
  const { feed, display, muted, setup, talking, suspended } = toAudioParticipant(p);
  return { room, feed, display, muted, setup, talking, suspended };
}

/** AudioBridge over socket.io (`/audiobridge`), as in docs/PROTOCOL.md. */
@WebSocketGateway({ namespace: '/audiobridge' })
@UseFilters(new SignalingExceptionFilter(ERROR_EVENT))
export class AudioBridgeGateway extends SignalingGateway<AudioBridgeClient> {
  constructor(
    pool: JanusPool,
    private readonly rooms: AudioBridgeAdminService,
    verifier: JwtVerifier,
    rateLimit: RateLimitService,
  ) {
    super(pool, verifier, rateLimit, ERROR_EVENT);
  }

  protected newClient(session: ClientSession): AudioBridgeClient {
    return { session };
  }

  protected releaseHandles(client: AudioBridgeClient): void {
    client.participant?.relay.unsubscribe();
    client.participant = undefined;
  }

  // ---- the participant ------------------------------------------------------------------------------------------

  /** `join`: a fresh participant handle (the previous one, if any, is let go) joins `room` without media yet. */
  @SubscribeMessage('join')
  @Reply('joined')
  async join(@ConnectedSocket() socket: Socket, @MessageBody('data', DataPipe) data: JoinDto): Promise<object> {
    const client = this.client(socket);
    this.rooms.recordingDir(data.record);
    await this.rateLimit.consume(socket, 'join');
    return this.pool.inRoom('audiobridge', data.room, async (server) => {
      // The relay first: events that come while the join is under way are not lost.
      const { handle, relay } = await this.freshHandle(
        socket,
        client,
        AudioBridgePlugin,
        client.participant?.handle,
        server,
      );
      try {
        const { data: joined } = await handle.join({
          room: data.room,
          id: data.feed,
          display: data.display,
          muted: data.muted,
          token: data.token,
          ...pinOf(data.pin),
          ...this.settingsOf(data),
          suspended: data.suspended,
          pause_events: data.pause_events,
          codec: data.codec,
          record: data.record,
          filename: data.filename,
        });
        const participant: Participant = {
          handle,
          room: Number(joined.room),
          feed: Number(joined.id),
          display: data.display,
          relay,
          server,
        };
        // Out of the room before the handle goes, when the socket goes (see ClientSession.beforeDetach).
        client.session.beforeDetach(handle, () => handle.leave());
        this.track(socket, client, participant);
        return {
          room: participant.room,
          feed: participant.feed,
          ...(data.display !== undefined ? { display: data.display } : {}),
          participants: joined.participants.map(toAudioParticipant),
        };
      } catch (err) {
        relay.unsubscribe();
        await handle.detach().catch(() => undefined);
        throw err;
      }
    });
  }

  /**
   * `configure`: new settings, and with `jsep` the browser's offer (first one or a renegotiation); the reply echoes
   * the settings (Janus answers only `ok`) and carries Janus's answer.
   */
  @SubscribeMessage('configure')
  @Reply('configured')
  async configure(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: ConfigureDto,
  ): Promise<AfterReply> {
    const participant = this.participant(socket);
    this.rooms.recordingDir(data.record);
    if (data.jsep) await this.rateLimit.consume(socket, 'configure');
    const changes = {
      display: data.display,
      muted: data.muted,
      ...this.settingsOf(data),
      record: data.record,
      filename: data.filename,
    };
    const reply = await participant.handle.configure(changes, data.jsep && toJsep(data.jsep));
    if (data.display !== undefined) participant.display = data.display;
    const echoed = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    return afterJsepReply(
      { room: participant.room, feed: participant.feed, ...echoed, jsep: reply.jsep },
      participant.relay,
    );
  }

  /** `changeroom`: the participant moves to another room with its PeerConnection (a leave and a join in one). */
  @SubscribeMessage('changeroom')
  @Reply('roomchanged')
  async changeRoom(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: ChangeRoomDto,
  ): Promise<object> {
    const participant = this.participant(socket);
    await this.rateLimit.consume(socket, 'changeroom');
    const display = data.display ?? participant.display;
    const move = {
      room: data.room,
      id: data.feed,
      display,
      muted: data.muted,
      token: data.token,
      ...pinOf(data.pin),
      ...this.settingsOf(data),
    };
    // With a Janus pool the new room may be on another server: that takes a new PeerConnection, i.e. a `join`.
    const server = await this.pool.requireOn(participant.server, 'audiobridge', data.room, 'join it instead');
    const changed = changeRoomIsSafe(server.janus.serverInfo?.version_string)
      ? (await participant.handle.changeRoom(move)).data
      : await leaveAndJoin(participant, move);
    participant.room = Number(changed.room);
    participant.feed = Number(changed.id);
    participant.display = display;
    return {
      room: participant.room,
      feed: participant.feed,
      ...(display !== undefined ? { display } : {}),
      participants: changed.participants.map(toAudioParticipant),
    };
  }

  /** `hangup`: closes the PeerConnection; Janus then takes the participant out of the room. */
  @SubscribeMessage('hangup')
  @Reply('hangingup')
  async hangup(@ConnectedSocket() socket: Socket): Promise<object> {
    const participant = this.participant(socket);
    await participant.handle.hangupRequest();
    return { room: participant.room, feed: participant.feed };
  }

  /**
   * `leave`: the participant leaves the room and its handle is let go. After a `hangup` Janus has already taken the
   * participant out of the room (AudioBridge ties membership to the PeerConnection): the leave then only lets go.
   */
  @SubscribeMessage('leave')
  @Reply('leaving')
  async leave(@ConnectedSocket() socket: Socket, @MessageBody('data', DataPipe) data: LeaveDto): Promise<object> {
    const client = this.liveClient(socket);
    const participant = this.participant(socket);
    if (data.feed !== undefined && data.feed !== participant.feed)
      throw new AppError('NOT_FOUND', HANDLE_NOT_AVAILABLE);
    await participant.handle.leave().catch((err: unknown) => {
      if (!(err instanceof JanusPluginError && err.janusCode === AudioBridgeErrorCode.NOT_JOINED)) throw err;
    });
    await this.drop(client);
    return { room: participant.room, feed: participant.feed };
  }

  @SubscribeMessage('trickle')
  @AckOnly()
  async trickle(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: TrickleCandidateDto,
  ): Promise<void> {
    await trickleTo(this.participant(socket).handle, data.candidate);
  }

  @SubscribeMessage('trickle-complete')
  @AckOnly()
  async trickleComplete(@ConnectedSocket() socket: Socket): Promise<void> {
    await this.participant(socket).handle.trickleComplete();
  }

  // ---- rooms (any user) -----------------------------------------------------------------------------------------

  @SubscribeMessage('list-participants')
  @Reply('participants-list')
  async listParticipants(@MessageBody('data', DataPipe) data: RoomDto): Promise<object> {
    return this.rooms.listParticipants(data.room);
  }

  @SubscribeMessage('list-rooms')
  @Reply('rooms-list')
  async listRooms(): Promise<object> {
    // Any user may list the rooms: the public ones only.
    return { list: await this.rooms.listRooms('public') };
  }

  @SubscribeMessage('exists')
  @Reply('exists')
  async exists(@MessageBody('data', DataPipe) data: RoomDto): Promise<object> {
    return { room: data.room, exists: await this.rooms.exists(data.room) };
  }

  // ---- room administration (admin role): the AudioBridgeAdminService's, as the REST API's ------------------------

  @SubscribeMessage('create')
  @Reply('created')
  @AdminOnly()
  async create(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: CreateAudioRoomDto,
  ): Promise<object> {
    this.rooms.recordingDir(data.record);
    await this.rateLimit.consume(socket, 'create');
    return this.rooms.create(data);
  }

  @SubscribeMessage('destroy')
  @Reply('destroyed')
  @AdminOnly()
  async destroy(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: DestroyRoomDto,
  ): Promise<object> {
    await this.rooms.destroy(data.room, data.permanent);
    return { room: data.room, ...(data.permanent !== undefined ? { permanent: data.permanent } : {}) };
  }

  @SubscribeMessage('kick')
  @Reply('peer-kicked')
  @AdminOnly()
  async kick(@ConnectedSocket() socket: Socket, @MessageBody('data', DataPipe) data: PeerDto): Promise<object> {
    await this.rooms.kick(data.room, data.feed);
    return { room: data.room, feed: data.feed };
  }

  @SubscribeMessage('allow')
  @Reply('allowed')
  @AdminOnly()
  async allow(@ConnectedSocket() socket: Socket, @MessageBody('data', DataPipe) data: AllowDto): Promise<object> {
    return this.rooms.updateAllowed(data.room, data);
  }

  @SubscribeMessage('enable-recording')
  @Reply('recording-status')
  @AdminOnly()
  async enableRecording(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: EnableRecordingDto,
  ): Promise<object> {
    return this.rooms.setRecording(data.room, data.record, data.filename);
  }

  @SubscribeMessage('mute-peer')
  @Reply('peer-muted')
  @AdminOnly()
  async mutePeer(@ConnectedSocket() socket: Socket, @MessageBody('data', DataPipe) data: PeerDto): Promise<object> {
    await this.rooms.setMuted(data.room, data.feed, true);
    return { room: data.room, feed: data.feed };
  }

  @SubscribeMessage('unmute-peer')
  @Reply('peer-unmuted')
  @AdminOnly()
  async unmutePeer(@ConnectedSocket() socket: Socket, @MessageBody('data', DataPipe) data: PeerDto): Promise<object> {
    await this.rooms.setMuted(data.room, data.feed, false);
    return { room: data.room, feed: data.feed };
  }

  @SubscribeMessage('mute-room')
  @Reply('room-muted')
  @AdminOnly()
  async muteRoom(@ConnectedSocket() socket: Socket, @MessageBody('data', DataPipe) data: RoomDto): Promise<object> {
    await this.rooms.setRoomMuted(data.room, true);
    return { room: data.room };
  }

  @SubscribeMessage('unmute-room')
  @Reply('room-unmuted')
  @AdminOnly()
  async unmuteRoom(@ConnectedSocket() socket: Socket, @MessageBody('data', DataPipe) data: RoomDto): Promise<object> {
    await this.rooms.setRoomMuted(data.room, false);
    return { room: data.room };
  }

  @SubscribeMessage('suspend-peer')
  @Reply('peer-suspended')
  @AdminOnly()
  async suspendPeer(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: SuspendPeerDto,
  ): Promise<object> {
    await this.rooms.suspend(data.room, data.feed, data);
    return { room: data.room, feed: data.feed };
  }

  @SubscribeMessage('resume-peer')
  @Reply('peer-resumed')
  @AdminOnly()
  async resumePeer(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: ResumePeerDto,
  ): Promise<object> {
    await this.rooms.resume(data.room, data.feed, data);
    return { room: data.room, feed: data.feed };
  }

  @SubscribeMessage('rtp-fwd-start')
  @Reply('rtp-fwd-started')
  @AdminOnly()
  async rtpForwardStart(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: AudioForwardStartDto,
  ): Promise<object> {
    return this.rooms.startForwarding(data.room, data);
  }

  @SubscribeMessage('rtp-fwd-stop')
  @Reply('rtp-fwd-stopped')
  @AdminOnly()
  async rtpForwardStop(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: AudioForwardStopDto,
  ): Promise<object> {
    return this.rooms.stopForwarding(data.room, data.stream);
  }

  @SubscribeMessage('rtp-fwd-list')
  @Reply('rtp-fwd-list')
  @AdminOnly()
  async rtpForwardList(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: RoomDto,
  ): Promise<object> {
    return this.rooms.listForwarders(data.room);
  }

  // ---- internals ------------------------------------------------------------------------------------------------

  /** The Opus and mix settings `join`, `configure` and `changeroom` pass on as they are. */
  private settingsOf(data: ConfigureDto | JoinDto | ChangeRoomDto): Record<string, number | string | undefined> {
    return {
      quality: data.quality,
      volume: data.volume,
      bitrate: data.bitrate,
      expected_loss: data.expected_loss,
      spatial_position: data.spatial_position,
      group: data.group,
    };
  }

  /** The socket's participant, when it has one whose handle is live. */
  private participant(socket: Socket): Participant {
    const participant = this.liveClient(socket).participant;
    if (!participant || participant.handle.isDetached) throw new AppError('NOT_FOUND', HANDLE_NOT_AVAILABLE);
    return participant;
  }

  /** Makes `participant` the socket's, relays the room's events to it, and forgets it once its handle is gone. */
  private track(socket: Socket, client: AudioBridgeClient, participant: Participant): void {
    // A `join` that raced this one: the last to finish wins, the other handle goes.
    const raced = client.participant;
    client.participant = participant;
    if (raced) void this.release(raced);
    participant.relay.add(participant.handle.events$.subscribe((event) => this.onEvent(socket, participant, event)));
    participant.relay.add(
      participant.handle.detached$.subscribe(() => {
        if (client.participant === participant) client.participant = undefined;
        participant.relay.unsubscribe();
      }),
    );
  }

  /** Lets the socket's participant go: its relay stops and its handle is detached (Janus removes it from its room). */
  private async drop(client: AudioBridgeClient): Promise<void> {
    const participant = client.participant;
    client.participant = undefined;
    if (participant) await this.release(participant);
  }

  private async release(participant: Participant): Promise<void> {
    participant.relay.unsubscribe();
    await participant.handle.detach().catch(() => undefined);
  }

  /** What Janus says about the participant's room, relayed as docs/PROTOCOL.md's pushed events. */
  private onEvent(socket: Socket, participant: Participant, event: AudioBridgeEvent): void {
    const own = (id: unknown): boolean => Number(id) === participant.feed;
    const room = participant.room;
    switch (event.type) {
      case 'joined':
        // With an `id`, the handle's own join answered outside its request: the reply covers it.
        if (event.id !== undefined) break;
        for (const p of event.participants) push(socket, 'peer-joined', peerState(room, p));
        break;
      case 'participants':
        for (const p of event.participants) {
          if (own(p.id)) push(socket, 'configured', peerState(room, p));
          else push(socket, 'peer-configured', peerState(room, p));
        }
        break;
      case 'leaving':
        push(socket, 'peer-leaving', { room, feed: Number(event.id) });
        break;
      case 'kicked':
      case 'kicked-all':
        if (event.type === 'kicked-all' || own(event.id)) {
          push(socket, 'kicked', { room, feed: participant.feed });
          void this.release(participant);
        } else {
          push(socket, 'peer-kicked', { room, feed: Number(event.id) });
        }
        break;
      case 'room-muted':
        push(socket, 'room-muted-update', { room, muted: event.muted });
        break;
      case 'suspended':
        if (own(event.id)) push(socket, 'suspended', { room, feed: participant.feed });
        else push(socket, 'peer-suspended', { room, feed: Number(event.id) });
        break;
      case 'resumed':
        if (own(event.id)) {
          push(socket, 'resumed', {
            room,
            feed: participant.feed,
            ...(event.participants ? { participants: event.participants.map(toAudioParticipant) } : {}),
          });
        } else {
          push(socket, 'peer-resumed', { room, feed: Number(event.id) });
        }
        break;
      case 'talking':
      case 'stopped-talking': {
        const talking = { room, feed: Number(event.id), talking: event.type === 'talking' };
        if (own(event.id)) push(socket, 'talking', talking);
        else push(socket, 'peer-talking', talking);
        break;
      }
      case 'announcement-started':
      case 'announcement-stopped':
        push(socket, event.type, { room, file_id: event.file_id });
        break;
      case 'destroyed':
        push(socket, 'destroyed', { room });
        void this.release(participant);
        break;
      case 'left':
        push(socket, 'leaving', { room, feed: participant.feed });
        break;
      default:
        break;
    }
  }
}
