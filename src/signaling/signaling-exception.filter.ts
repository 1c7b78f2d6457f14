import { Catch, Logger, type ArgumentsHost, type WsExceptionFilter } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { toAppError } from '../errors/index.js';
import { ackOf, requestIdOf, sendError, type ClientEnvelope } from './envelope.js';

/**
 * Turns every error thrown by a gateway handler (validation, auth, Janus, bugs) into the namespace's `*-error`
 * event and the failed ack, so nothing reaches the client as socket.io's `exception` or "Internal server error".
 */
@Catch()
export class SignalingExceptionFilter implements WsExceptionFilter {
  private readonly logger = new Logger('Signaling');

  constructor(private readonly errorEvent: string) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ws = host.switchToWs();
    const socket = ws.getClient<Socket>();
    const payload = ws.getData<ClientEnvelope | undefined>();
    const ack = ackOf(host.getArgs());
    const error = toAppError(exception);
    if (error.code === 'INTERNAL')
      this.logger.error(
        `unexpected error on ${this.errorEvent}`,
        exception instanceof Error ? exception.stack : String(exception),
      );
    const request = payload && typeof payload === 'object' ? payload.data : undefined;
    sendError(socket, this.errorEvent, requestIdOf(payload), error, request, ack);
  }
}
