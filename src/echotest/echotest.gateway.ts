import { UseFilters } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { EchoTestPlugin, type EchoTestHandle } from 'nestjs-janus';
import type { Socket } from 'socket.io';
import { JwtVerifier } from '../auth/index.js';
import { AppError, HANDLE_NOT_AVAILABLE } from '../errors/index.js';
import {
  AckOnly,
  afterReply,
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
import { toJsep, TrickleCandidateDto } from '../signaling/dto/webrtc.dto.js';
import { EchoOfferDto } from './dto/echotest.dto.js';
import { JanusPool } from '../janus/index.js';

const ERROR_EVENT = 'echo-error';

/** What one socket holds: its Janus session and its EchoTest handle. */
interface EchoClient extends SignalingClient {
  handle?: EchoTestHandle;
  relay?: HandleRelay;
}

/** EchoTest over socket.io (`/echotest`), as in docs/PROTOCOL.md. */
@WebSocketGateway({ namespace: '/echotest' })
@UseFilters(new SignalingExceptionFilter(ERROR_EVENT))
export class EchoTestGateway extends SignalingGateway<EchoClient> {
  constructor(pool: JanusPool, verifier: JwtVerifier, rateLimit: RateLimitService) {
    super(pool, verifier, rateLimit, ERROR_EVENT);
  }

  protected newClient(session: ClientSession): EchoClient {
    return { session };
  }

  protected releaseHandles(client: EchoClient): void {
    client.relay?.unsubscribe();
    client.relay = undefined;
    client.handle = undefined;
  }

  /** `start`: a Janus session (if none yet) and a fresh EchoTest handle for this socket. */
  @SubscribeMessage('start')
  @Reply('ready')
  async start(@ConnectedSocket() socket: Socket): Promise<object> {
    const client = this.client(socket);
    await this.rateLimit.consume(socket, 'start');
    const { handle, relay } = await this.freshHandle(
      socket,
      client,
      EchoTestPlugin,
      client.handle,
      await this.pool.leastLoaded(),
    );
    client.handle = handle;
    client.relay = relay;
    client.relay.add(handle.result$.subscribe(({ result }) => push(socket, 'result', { result })));
    return {};
  }

  /** `offer`: the browser's offer (and media settings) in, Janus's answer out. */
  @SubscribeMessage('offer')
  @Reply('answer')
  async offer(
    @ConnectedSocket() socket: Socket,
    @MessageBody('data', DataPipe) data: EchoOfferDto,
  ): Promise<AfterReply> {
    const handle = this.handle(socket);
    await this.rateLimit.consume(socket, 'offer');
    const { audio, video, bitrate, record, filename, jsep } = data;
    const reply = await handle.configure({ audio, video, bitrate, record, filename }, toJsep(jsep));
    return afterReply({ jsep: reply.jsep }, () => this.client(socket).relay?.releaseCandidates());
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

  /** `hangup`: closes the PeerConnection; the handle stays for another `offer`. */
  @SubscribeMessage('hangup')
  @Reply('hangup')
  async hangup(@ConnectedSocket() socket: Socket): Promise<object> {
    await this.handle(socket).hangup();
    return {};
  }

  private handle(socket: Socket): EchoTestHandle {
    const client = this.liveClient(socket);
    if (!client.handle || client.handle.isDetached) throw new AppError('NOT_FOUND', HANDLE_NOT_AVAILABLE);
    return client.handle;
  }
}
