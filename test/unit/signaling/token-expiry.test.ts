import { EventEmitter } from 'node:events';
import type { Socket } from 'socket.io';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Principal } from '../../../src/auth/index.js';
import { enforceTokenExpiry, TOKEN_EXPIRED } from '../../../src/signaling/index.js';

type Middleware = (packet: unknown[], next: (err?: Error) => void) => void;

/** Just what enforceTokenExpiry uses of a socket.io socket: `data`, `use`, `emit`, `disconnect`, `once`. */
class FakeSocket extends EventEmitter {
  readonly data: { principal?: Principal } = {};
  readonly sent: Array<[string, unknown]> = [];
  disconnected = false;
  private readonly middlewares: Middleware[] = [];

  constructor(expiresAt?: number) {
    super();
    this.data.principal = { sub: 'user', roles: [], isAdmin: false, anonymous: false, expiresAt };
  }

  use(middleware: Middleware): this {
    this.middlewares.push(middleware);
    return this;
  }

  override emit(event: string, ...args: unknown[]): boolean {
    if (event === 'disconnect') return super.emit(event, ...args);
    this.sent.push([event, args[0]]);
    return true;
  }

  disconnect(): this {
    this.disconnected = true;
    super.emit('disconnect', 'server namespace disconnect');
    return this;
  }

  /** A packet from the client: `[event, payload, ack?]`; true when it reached the handlers. */
  receive(packet: unknown[]): boolean {
    let passed = false;
    for (const middleware of this.middlewares) middleware(packet, () => (passed = true));
    return passed;
  }

  asSocket(): Socket {
    return this as unknown as Socket;
  }
}

const DAY = 24 * 3600_000;

describe('enforceTokenExpiry: a socket held to its token’s exp', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tells a silent socket at exp and disconnects it; a 30-day token is not cut when setTimeout’s limit passes', () => {
    const socket = new FakeSocket(Date.now() + 30 * DAY);
    enforceTokenExpiry(socket.asSocket(), 'videoroom-error');

    // setTimeout fires at once for delays above 2^31-1 ms (about 24.8 days): the delay is capped, then re-armed.
    const start = Date.now();
    vi.advanceTimersToNextTimer();
    expect(Date.now() - start).toBe(2 ** 31 - 1);
    expect(socket.disconnected).toBe(false);
    expect(socket.receive(['list-rooms', { _id: 1 }])).toBe(true);

    vi.advanceTimersToNextTimer();
    expect(Date.now() - start).toBe(30 * DAY);
    expect(socket.sent).toEqual([['videoroom-error', { error: TOKEN_EXPIRED, code: 'UNAUTHORIZED' }]]);
    expect(socket.disconnected).toBe(true);
  });

  it('refuses a request that arrives after exp (ack and error event), then disconnects; the timer then stays quiet', () => {
    const socket = new FakeSocket(Date.now() + 60_000);
    enforceTokenExpiry(socket.asSocket(), 'echo-error');
    expect(socket.receive(['start', { _id: 'a' }])).toBe(true);

    // The wall clock passes exp before the timer runs (a clock jump, a busy loop).
    vi.setSystemTime(Date.now() + 61_000);
    const ack = vi.fn<(response: unknown) => void>();
    expect(socket.receive(['offer', { _id: 'b', data: { audio: true } }, ack])).toBe(false);
    expect(ack).toHaveBeenCalledWith({
      _id: 'b',
      ok: false,
      error: { code: 'UNAUTHORIZED', message: TOKEN_EXPIRED },
    });
    expect(socket.sent).toEqual([
      ['echo-error', { _id: 'b', error: TOKEN_EXPIRED, code: 'UNAUTHORIZED', request: { audio: true } }],
    ]);
    expect(socket.disconnected).toBe(true);
    vi.runAllTimers();
    expect(socket.sent).toHaveLength(1);
  });

  it('leaves sockets without an expiry alone, and clears the timer of a socket that disconnects', () => {
    const forever = new FakeSocket(undefined);
    enforceTokenExpiry(forever.asSocket(), 'videoroom-error');
    expect(vi.getTimerCount()).toBe(0);

    const leaving = new FakeSocket(Date.now() + 60_000);
    enforceTokenExpiry(leaving.asSocket(), 'videoroom-error');
    expect(vi.getTimerCount()).toBe(1);
    leaving.disconnect();
    expect(vi.getTimerCount()).toBe(0);
    expect(leaving.sent).toEqual([]);
  });
});
