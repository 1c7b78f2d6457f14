import { UseFilters } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { TextRoomPlugin, type TextRoomHandle } from 'nestjs-janus';
import type { Socket } from 'socket.io';
import { JwtVerifier } from '../auth/index.js';
import { AppError, HANDLE_NOT_AVAILABLE } from '../errors/index.js';
import { AllowDto, DestroyRoomDto, RoomDto } from '../room-admin/dto/room-admin.dto.js';
import {
  AckOnly,
  AdminOnly,
  afterReply,
  DataPipe,
  HandleRelay,
  RateLimitService,
  Reply,
  SignalingExceptionFilter,
  SignalingGateway,
  trickleTo,
  type AfterReply,
  type ClientSession,
  type SignalingClient,
} from '../signaling/index.js';
import { toJsep, TrickleCandidateDto } from '../signaling/dto/webrtc.dto.js';
import {
  TextRoomAnnouncementDto,
  TextRoomAnswerDto,
  TextRoomCreateDto,
  TextRoomEditDto,
  TextRoomKickDto,
} from './dto/textroom.dto.js';
import { TextRoomAdminService } from './textroom-admin.service.js';
import { JanusPool, TEXTROOM_PLACEMENT } from '../janus/index.js';

const ERROR_EVENT = 'textroom-error';

/** What one socket holds: its Janus session and the TextRoom handle of its data channel. */
interface TextRoomClient extends SignalingClient {
  handle?: TextRoomHandle;
  relay?: HandleRelay;
}

/**
 * TextRoom over socket.io (`/textroom`), as in docs/PROTOCOL.md: the app negotiates the browser's data channel with
 * Janus (`setup` -> Janus's offer, `answer`, trickle), then chat flows browser <-> Janus on that channel. Rooms are
 * administered here (admin role) and over REST.
 */
@WebSocketGateway({ namespace: '/textroom' })
@UseFilters(new SignalingExceptionFilter(ERROR_EVENT))
export class TextRoomGateway extends SignalingGateway<TextRoomClient> {
  constructor(
    pool: JanusPool,
    verifier: JwtVerifier,
    rateLimit: RateLimitService,
    private readonly rooms: TextRoomAdminService,
  ) {
    super(pool, verifier, rateLimit, ERROR_EVENT);
  }

  protected newClient(session: ClientSession): TextRoomClient {
    return { session };
  }

  protected releaseHandles(client: TextRoomClient): void {
    client.relay?.unsubscribe();
    client.relay = undefined;
    client.handle = undefined;
  }

  // ---- the data channel ------------------------------------------------------------------------------------------

  /** `setup`: a fresh TextRoom handle for this socket (the previous one goes); replies with Janus's offer. */
  @SubscribeMessage('setup')
  @Reply('offer')
  async setup(@ConnectedSocket() socket: Socket): Promise<AfterReply> {
    const client = this.client(socket);
    await this.rateLimit.consume(socket, 'setup');
    // The data channel is set up before any room is named: with a Janus pool every TextRoom room is on one server.
    const server = await this.pool.serverForRoom('textroom', TEXTROOM_PLACEMENT);
    const { handle, relay } = await this.freshHandle(socket, client, TextRoomPlugin, client.handle, server);
    client.handle = handle;
    client.relay = relay;
    const { jsep } = await handle.setup();
    return afterReply({ jsep }, () => client.relay?.releaseCandidates());
  }

  /** `answer`: the browser's answer to the offer; the data channel opens once ICE and DTLS are done (`webrtcup`). */
  @SubscribeMessage('answer')
  @Reply('ready')
  async answer(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: TextRoomAnswerDto,
  ): Promise<object> {
    if (data.jsep.type !== 'answer') throw new AppError('BAD_REQUEST', 'jsep.type must be answer');
    await this.handle(socket).ack(toJsep(data.jsep));
    return {};
  }

  /** `restart`: an ICE restart; replies with Janus's new offer, to answer with `answer`. */
  @SubscribeMessage('restart')
  @Reply('offer')
  async restart(@ConnectedSocket() socket: Socket): Promise<object> {
    const handle = this.handle(socket);
    await this.rateLimit.consume(socket, 'restart');
    const { jsep } = await handle.restart();
    return { jsep, restart: true };
  }

  @SubscribeMessage('trickle')
  @AckOnly()
  async trickle(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: TrickleCandidateDto,
  ): Promise<void> {
    await trickleTo(this.handle(socket), data.candidate);
  }

  @SubscribeMessage('trickle-complete')
  @AckOnly()
  async trickleComplete(@ConnectedSocket() socket: Socket): Promise<void> {
    await this.handle(socket).trickleComplete();
  }

  /** `hangup`: closes the data channel's PeerConnection and its handle (the participant leaves its rooms). */
  @SubscribeMessage('hangup')
  @Reply('hangup')
  async hangup(@ConnectedSocket() socket: Socket): Promise<object> {
    const handle = this.handle(socket);
    this.releaseHandles(this.client(socket));
    await handle.detach();
    return {};
  }

  // ---- rooms (any user) -------------------------------------------------------------------------------------------

  @SubscribeMessage('list-rooms')
  @Reply('rooms-list')
  async listRooms(): Promise<object> {
    return { list: await this.rooms.listRooms() };
  }

  @SubscribeMessage('exists')
  @Reply('exists')
  async exists(@MessageBody('data', DataPipe) data: RoomDto): Promise<object> {
    return { room: data.room, exists: await this.rooms.exists(data.room) };
  }

  @SubscribeMessage('list-participants')
  @Reply('participants-list')
  async listParticipants(@MessageBody('data', DataPipe) data: RoomDto): Promise<object> {
    return this.rooms.listParticipants(data.room);
  }

  // ---- room administration (admin role): the TextRoomAdminService's, as the REST API's ---------------------------

  @SubscribeMessage('create')
  @Reply('created')
  @AdminOnly()
  async create(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: TextRoomCreateDto,
  ): Promise<object> {
    await this.rateLimit.consume(socket, 'create');
    return this.rooms.create(data);
  }

  @SubscribeMessage('edit')
  @Reply('edited')
  @AdminOnly()
  async edit(@ConnectedSocket() socket: Socket, @MessageBody('data', DataPipe) data: TextRoomEditDto): Promise<object> {
    return this.rooms.edit(data.room, data);
  }

  @SubscribeMessage('destroy')
  @Reply('destroyed')
  @AdminOnly()
  async destroy(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: DestroyRoomDto,
  ): Promise<object> {
    await this.rooms.destroy(data.room, data.permanent);
    return { room: data.room };
  }

  @SubscribeMessage('kick')
  @Reply('kicked')
  @AdminOnly()
  async kick(@ConnectedSocket() socket: Socket, @MessageBody('data', DataPipe) data: TextRoomKickDto): Promise<object> {
    await this.rooms.kick(data.room, data.username);
    return { room: data.room, username: data.username };
  }

  @SubscribeMessage('allow')
  @Reply('allowed')
  @AdminOnly()
  async allow(@ConnectedSocket() socket: Socket, @MessageBody('data', DataPipe) data: AllowDto): Promise<object> {
    return this.rooms.updateAllowed(data.room, data);
  }

  @SubscribeMessage('announcement')
  @Reply('announced')
  @AdminOnly()
  async announcement(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: TextRoomAnnouncementDto,
  ): Promise<object> {
    await this.rooms.announce(data.room, data.text);
    return { room: data.room };
  }

  private handle(socket: Socket): TextRoomHandle {
    const client = this.liveClient(socket);
    if (!client.handle || client.handle.isDetached) throw new AppError('NOT_FOUND', HANDLE_NOT_AVAILABLE);
    return client.handle;
  }
}
