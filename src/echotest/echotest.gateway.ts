import { Logger, UseFilters } from '@nestjs/common';
import {
  Ack,
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { JanusService, type JanusHandle } from 'nestjs-janus';
import type { Subscription } from 'rxjs';
import type { Namespace, Socket } from 'socket.io';
import { JwtVerifier } from '../auth/index.js';
import {
  ClientSession,
  DataPipe,
  HANDLE_NOT_AVAILABLE,
  push,
  RateLimitService,
  relayBackendFailures,
  relayHandleEvents,
  requestIdOf,
  sendError,
  sendAck,
  sendReply,
  trickleTo,
  SESSION_NOT_AVAILABLE,
  SignalingError,
  SignalingExceptionFilter,
  socketAuthMiddleware,
  type ClientEnvelope,
} from '../signaling/index.js';
import { toJsep } from '../signaling/dto/webrtc.dto.js';
import { EchoOfferDto, EchoTrickleDto } from './dto/echotest.dto.js';

const ERROR_EVENT = 'echo-error';

/** What one socket holds: its Janus session and its EchoTest handle. */
interface EchoClient {
  session: ClientSession;
  handle?: JanusHandle;
  relay?: Subscription;
}

/** EchoTest over socket.io (`/echotest`), as in PROTOCOL.md. */
@WebSocketGateway({ namespace: '/echotest' })
@UseFilters(new SignalingExceptionFilter(ERROR_EVENT))
export class EchoTestGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(EchoTestGateway.name);
  private readonly clients = new WeakMap<Socket, EchoClient>();
  private backend?: Subscription;

  constructor(
    private readonly janus: JanusService,
    private readonly verifier: JwtVerifier,
    private readonly rateLimit: RateLimitService,
  ) {}

  afterInit(namespace: Namespace): void {
    namespace.use(socketAuthMiddleware(this.verifier));
    this.backend = relayBackendFailures(
      namespace,
      this.janus.state$,
      ERROR_EVENT,
      (s) => !!this.clients.get(s)?.session.current,
    );
  }

  handleConnection(socket: Socket): void {
    const client: EchoClient = {
      session: new ClientSession(this.janus, () => {
        this.dropHandle(client);
        sendError(
          socket,
          ERROR_EVENT,
          undefined,
          new SignalingError('SESSION_NOT_AVAILABLE', SESSION_NOT_AVAILABLE),
          undefined,
        );
      }),
    };
    this.clients.set(socket, client);
  }

  async handleDisconnect(socket: Socket): Promise<void> {
    const client = this.clients.get(socket);
    if (!client) return;
    this.clients.delete(socket);
    this.dropHandle(client);
    await Promise.all([client.session.dispose(), this.rateLimit.forget(socket)]);
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
      this.dropHandle(client);
      await previous.detach().catch(() => undefined);
    }
    const session = await client.session.get();
    const handle = await session.attach('janus.plugin.echotest');
    client.handle = handle;
    client.relay = relayHandleEvents(socket, handle);
    client.relay.add(
      handle.events$.subscribe(({ data }) => {
        if (typeof data.result === 'string') push(socket, 'result', { result: data.result });
      }),
    );
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
    const { jsep, ...settings } = data;
    const reply = await handle.message({ ...settings }, toJsep(jsep));
    sendReply(socket, 'answer', requestIdOf(envelope), { jsep: reply.jsep }, ack);
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

  private client(socket: Socket): EchoClient {
    const client = this.clients.get(socket);
    if (!client) throw new SignalingError('SESSION_NOT_AVAILABLE', SESSION_NOT_AVAILABLE);
    return client;
  }

  private handle(socket: Socket): JanusHandle {
    const client = this.client(socket);
    if (!client.session.current) throw new SignalingError('SESSION_NOT_AVAILABLE', SESSION_NOT_AVAILABLE);
    if (!client.handle || client.handle.isDetached) throw new SignalingError('NOT_FOUND', HANDLE_NOT_AVAILABLE);
    return client.handle;
  }

  private dropHandle(client: EchoClient): void {
    client.relay?.unsubscribe();
    client.relay = undefined;
    client.handle = undefined;
  }

  onModuleDestroy(): void {
    this.backend?.unsubscribe();
    this.logger.debug('EchoTest gateway stopped');
  }
}
