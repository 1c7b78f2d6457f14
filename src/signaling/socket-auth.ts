import type { Socket } from 'socket.io';
import type { JwtVerifier, Principal } from '../auth/index.js';
import { requestIdOf, sendError, type Ack, type ClientEnvelope } from './envelope.js';
import { AppError } from '../errors/index.js';

/** The `error` of the `UNAUTHORIZED` error a socket gets when its token expires, before the server disconnects it. */
export const TOKEN_EXPIRED = 'token expired: reconnect with a fresh token';

/** The longest delay `setTimeout` keeps (2^31-1 ms, about 24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

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

/**
 * Holds a connected socket to its token's `exp`: a request that arrives after it is refused with `UNAUTHORIZED`
 * ({@link TOKEN_EXPIRED}, as the ack and the `errorEvent`), and a socket that sends nothing gets the same error
 * when its token expires (a timer, cleared on disconnect). Either way the server then disconnects the
 * socket (`io server disconnect` on the client). Sockets without an expiry (anonymous, or a token without `exp`
 * under `JWT_REQUIRE_EXP=false`) are left alone.
 */
export function enforceTokenExpiry(socket: Socket, errorEvent: string): void {
  const exp = principalOf(socket)?.expiresAt;
  if (exp === undefined) return;
  const expiresAt: number = exp;
  let timer: NodeJS.Timeout | undefined;
  let ended = false;

  const expire = (payload?: unknown, ack?: Ack): void => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    const request = payload && typeof payload === 'object' ? (payload as ClientEnvelope).data : undefined;
    const error = new AppError('UNAUTHORIZED', TOKEN_EXPIRED);
    sendError(socket, errorEvent, requestIdOf(payload), error, request, ack);
    socket.disconnect();
  };
  // Never fires synchronously (the gateway is still setting the socket up), and checks again when it fires early:
  // the delay is capped, and the wall clock may drift from the timer's.
  function arm(): void {
    // Not unref'd: Node keeps the (empty) timer list of a cleared unref'd timer until that timer's due time, and each
    // socket's delay differs by a few ms, so every disconnect would leave ~120 bytes behind for the token's lifetime.
    // The socket's own connection keeps the process alive anyway, and the timer is cleared when it disconnects.
    timer = setTimeout(check, Math.min(Math.max(expiresAt - Date.now(), 0), MAX_TIMER_MS));
  }
  function check(): void {
    if (Date.now() >= expiresAt) expire();
    else arm();
  }

  socket.use((packet, next) => {
    if (Date.now() < expiresAt) return next();
    // The packet is `[event, ...args]`; socket.io appends the ack callback when the client asked for one.
    const args = (packet as unknown[]).slice(1);
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as Ack) : undefined;
    expire(args[0] === ack ? undefined : args[0], ack);
  });
  socket.once('disconnect', () => {
    ended = true;
    clearTimeout(timer);
  });
  arm();
}
