import type { Socket } from 'socket.io';
import { AppError } from '../errors/index.js';
import { requestIdOf, sendError, type Ack, type ClientEnvelope } from './envelope.js';
import { principalOf } from './socket-auth.js';

/** The `error` of the `UNAUTHORIZED` error a socket gets when its token expires, before the server disconnects it. */
export const TOKEN_EXPIRED = 'token expired: reconnect with a fresh token';

/** The longest delay `setTimeout` keeps (2^31-1 ms, about 24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Holds a namespace's connected sockets to their tokens' `exp`. A socket that sends nothing gets `UNAUTHORIZED`
 * ({@link TOKEN_EXPIRED}) on the namespace's error event when its token expires; a request that arrives after `exp`
 * is refused the same way (the error event and its ack) before any handler sees it (the signaling adapter asks
 * {@link TokenExpiry.refuses} first). Either way the server then disconnects the socket (`io server disconnect` on
 * the client). Sockets without an expiry (anonymous, or a token without `exp` under `JWT_REQUIRE_EXP=false`) are
 * left alone.
 *
 * One timer for the whole namespace, armed for the soonest `exp`, instead of a timer, a middleware and their
 * closures per socket (~0.7 KB each, and a wake-up per socket). Sockets are kept by `exp`: a JWT's `exp` is in whole
 * seconds, so sockets whose tokens were issued in the same second share one entry.
 */
export class TokenExpiry {
  /** The sockets by their token's `exp` (ms): the socket itself, or a Set when several share that `exp`. */
  private readonly due = new Map<number, Socket | Set<Socket>>();
  /** A binary min-heap of the keys of `due`; a key whose sockets all went stays until its time comes. */
  private readonly times: number[] = [];
  private timer?: NodeJS.Timeout;
  /** The `exp` the timer is armed for. */
  private armedFor = Infinity;

  constructor(private readonly errorEvent: string) {}

  /**
   * Holds `socket` to its token's `exp`. A token that expired since the handshake is told and disconnected on the
   * next turn of the event loop (never synchronously: the gateway is still setting the socket up).
   */
  track(socket: Socket): void {
    const exp = principalOf(socket)?.expiresAt;
    if (exp === undefined) return;
    const held = this.due.get(exp);
    if (held === undefined) {
      this.due.set(exp, socket);
      heapPush(this.times, exp);
    } else if (held instanceof Set) held.add(socket);
    else this.due.set(exp, new Set([held, socket]));
    if (exp < this.armedFor) this.arm();
  }

  /** Lets go of a socket that disconnected. */
  forget(socket: Socket): void {
    const exp = principalOf(socket)?.expiresAt;
    if (exp === undefined) return;
    const held = this.due.get(exp);
    if (held === socket || (held instanceof Set && held.delete(socket) && held.size === 0)) this.due.delete(exp);
    // Keys of sockets long gone are dropped from the heap when they are most of it (many short visits).
    if (this.times.length > 64 && this.times.length > 2 * this.due.size) this.rebuild();
  }

  /**
   * True when `socket`'s token has expired: the request (`payload`, its `ack`) is then refused and the socket
   * disconnected, and the caller must not handle it.
   */
  refuses(socket: Socket, payload: unknown, ack: Ack | undefined): boolean {
    const exp = principalOf(socket)?.expiresAt;
    if (exp === undefined || Date.now() < exp) return false;
    this.expire(socket, payload, ack);
    return true;
  }

  /** Stops the timer (the namespace is closing). */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
  }

  private expire(socket: Socket, payload?: unknown, ack?: Ack): void {
    if (!socket.connected) return;
    this.forget(socket);
    const request = payload && typeof payload === 'object' ? (payload as ClientEnvelope).data : undefined;
    sendError(socket, this.errorEvent, requestIdOf(payload), new AppError('UNAUTHORIZED', TOKEN_EXPIRED), request, ack);
    socket.disconnect();
  }

  /** Expires every socket whose `exp` has passed, then waits for the next one. */
  private fire(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    // The wall clock may lag the timer's clock: a key not yet due is simply waited for again.
    const now = Date.now();
    while (this.times.length > 0 && this.times[0] <= now) {
      const exp = heapPop(this.times);
      const held = this.due.get(exp);
      if (held === undefined) continue;
      this.due.delete(exp);
      if (held instanceof Set) for (const socket of held) this.expire(socket);
      else this.expire(held);
    }
    if (this.times.length > 0) this.arm();
  }

  private arm(): void {
    clearTimeout(this.timer);
    const exp = this.times[0];
    this.armedFor = exp;
    // The delay is capped: the timer then fires early, finds nothing due, and is armed again.
    this.timer = setTimeout(() => this.fire(), Math.min(Math.max(exp - Date.now(), 0), MAX_TIMER_MS));
    this.timer.unref();
  }

  private rebuild(): void {
    this.times.length = 0;
    for (const exp of this.due.keys()) heapPush(this.times, exp);
    if (this.times.length === 0) this.close();
    else if (this.times[0] !== this.armedFor) this.arm();
  }
}

/** Adds `value` to the binary min-heap `heap`. */
function heapPush(heap: number[], value: number): void {
  let i = heap.push(value) - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent] <= value) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = value;
}

/** Removes and returns the smallest value of the non-empty binary min-heap `heap`. */
function heapPop(heap: number[]): number {
  const top = heap[0];
  const last = heap.pop()!;
  const n = heap.length;
  if (n === 0) return top;
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= n) break;
    const child = left + 1 < n && heap[left + 1] < heap[left] ? left + 1 : left;
    if (heap[child] >= last) break;
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = last;
  return top;
}
