import type { Observable, Subscription } from 'rxjs';
import { filter } from 'rxjs';
import type { Namespace, Socket } from 'socket.io';
import { AppError, BACKEND_FAILURE } from '../errors/index.js';
import { sendError } from './envelope.js';

/**
 * Tells the sockets of a namespace that hold a Janus session when the connection to Janus drops
 * (`backend-failure`). Sessions claimed after the reconnect go on as before; lost ones are reported per socket.
 */
export function relayBackendFailures(
  namespace: Namespace,
  state$: Observable<string>,
  errorEvent: string,
  hasSession: (socket: Socket) => boolean,
): Subscription {
  return state$.pipe(filter((state) => state === 'reconnecting' || state === 'closed')).subscribe(() => {
    const error = new AppError('BACKEND_FAILURE', BACKEND_FAILURE);
    for (const socket of namespace.sockets.values()) {
      if (hasSession(socket)) sendError(socket, errorEvent, undefined, error, undefined);
    }
  });
}
