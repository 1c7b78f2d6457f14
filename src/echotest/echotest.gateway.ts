import { UseFilters } from '@nestjs/common';
import { Ack, ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { EchoTestPlugin, JanusService, type EchoTestHandle } from 'nestjs-janus';
import type { Socket } from 'socket.io';
import { JwtVerifier } from '../auth/index.js';
import { AppError, HANDLE_NOT_AVAILABLE } from '../errors/index.js';
import {
  DataPipe,
  HandleRelay,
  push,
  RateLimitService,
  requestIdOf,
  sendAck,
  sendReply,
  SignalingExceptionFilter,
  SignalingGateway,
  trickleTo,
  type ClientEnvelope,
  type ClientSession,
  type SignalingClient,
} from '../signaling/index.js';
import { toJsep } from '../signaling/dto/webrtc.dto.js';
import { EchoOfferDto, EchoTrickleDto } from './dto/echotest.dto.js';

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
  constructor(janus: JanusService, verifier: JwtVerifier, rateLimit: RateLimitService) {
    super(janus, verifier, rateLimit, ERROR_EVENT);
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
  async start(
    @ConnectedSocket() socket: Socket,
    @MessageBody() envelope: ClientEnvelope,
    @Ack() ack?: (r: unknown) => void,
  ): Promise<void> {
    const client = this.client(socket);
    await this.rateLimit.consume(socket, 'start');
    if (client.handle) {
      const previous = client.handle;
      this.releaseHandles(client);
      await previous.detach().catch(() => undefined);
    }
    const session = await client.session.get();
    const handle = await session.attach(EchoTestPlugin);
    client.handle = handle;
    client.relay = new HandleRelay(socket, handle);
    client.relay.add(handle.result$.subscribe(({ result }) => push(socket, 'result', { result })));
    sendReply(socket, 'ready', requestIdOf(envelope), {}, ack);
  }

  /** `offer`: the browser's offer (and media settings) in, Janus's answer out. */
  @SubscribeMessage('offer')
  async offer(
    @ConnectedSocket() socket: Socket,
    @MessageBody() envelope: ClientEnvelope,
    @MessageBody('data', DataPipe) data: EchoOfferDto,
    @Ack() ack?: (r: unknown) => void,
  ): Promise<void> {
    const handle = this.handle(socket);
    await this.rateLimit.consume(socket, 'offer');
    const { audio, video, bitrate, record, filename, jsep } = data;
    const reply = await handle.configure({ audio, video, bitrate, record, filename }, toJsep(jsep));
    sendReply(socket, 'answer', requestIdOf(envelope), { jsep: reply.jsep }, ack);
    this.client(socket).relay?.releaseCandidates();
  }

  @SubscribeMessage('trickle')
  async trickle(
    @ConnectedSocket() socket: Socket,
    @MessageBody() envelope: ClientEnvelope,
    @MessageBody('data', DataPipe) data: EchoTrickleDto,
    @Ack() ack?: (r: unknown) => void,
  ): Promise<void> {
    await trickleTo(this.handle(socket), data.candidate);
    sendAck(requestIdOf(envelope), ack);
  }

  @SubscribeMessage('trickle-complete')
  async trickleComplete(
    @ConnectedSocket() socket: Socket,
    @MessageBody() envelope: ClientEnvelope,
    @Ack() ack?: (r: unknown) => void,
  ): Promise<void> {
    await this.handle(socket).trickleComplete();
    sendAck(requestIdOf(envelope), ack);
  }

  /** `hangup`: closes the PeerConnection; the handle stays for another `offer`. */
  @SubscribeMessage('hangup')
  async hangup(
    @ConnectedSocket() socket: Socket,
    @MessageBody() envelope: ClientEnvelope,
    @Ack() ack?: (r: unknown) => void,
  ): Promise<void> {
    await this.handle(socket).hangup();
    sendReply(socket, 'hangup', requestIdOf(envelope), {}, ack);
  }

  private handle(socket: Socket): EchoTestHandle {
    const client = this.liveClient(socket);
    if (!client.handle || client.handle.isDetached) throw new AppError('NOT_FOUND', HANDLE_NOT_AVAILABLE);
    return client.handle;
  }
}
