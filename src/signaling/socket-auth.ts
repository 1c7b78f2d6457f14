import type { Socket } from 'socket.io';
import type { JwtVerifier, Principal } from '../auth/index.js';

/**
 * socket.io middleware for a namespace: verifies `auth.token` of the handshake and stores the principal on the
 * socket; a missing, expired or bad token refuses the connection with `connect_error` "unauthorized".
 */
export function socketAuthMiddleware(verifier: JwtVerifier): (socket: Socket, next: (err?: Error) => void) => void {
  return (socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    verifier.authenticate(auth?.token).then(
      (principal) => {
        (socket.data as { principal?: Principal }).principal = principal;
        next();
      },
      () => next(new Error('unauthorized')),
    );
  };
}

/** The principal the auth middleware stored on a socket. */
export function principalOf(socket: Socket): Principal | undefined {
  return (socket.data as { principal?: Principal }).principal;
}
