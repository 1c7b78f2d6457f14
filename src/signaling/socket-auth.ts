import type { Socket } from 'socket.io';
import type { JwtVerifier, Principal } from '../auth/index.js';

/**
 * socket.io middleware for a namespace: verifies `auth.token` of the handshake and stores the principal on the
 * socket; a missing, expired or bad token refuses the connection with `connect_error` "unauthorized".
 */
export function socketAuthMiddleware(verifier: JwtVerifier): (socket: Socket, next: (err?: Error) => void) => void {
  return (socket, next) => {
    void (async () => {
      const auth = socket.handshake.auth as { token?: unknown } | undefined;
      let refused: Error | undefined;
      try {
        (socket.data as { principal?: Principal }).principal = await verifier.authenticate(auth?.token);
      } catch {
        refused = new Error('unauthorized');
      }
      next(refused);
    })();
  };
}

/** The principal the auth middleware stored on a socket. */
export function principalOf(socket: Socket): Principal | undefined {
  return (socket.data as { principal?: Principal }).principal;
}
