import { EventEmitter } from 'node:events';
import type { Socket } from 'socket.io';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Principal } from '../../../src/auth/index.js';
import { TOKEN_EXPIRED, TokenExpiry } from '../../../src/signaling/index.js';

/** Just what TokenExpiry uses of a socket.io socket: `data`, `connected`, `emit`, `disconnect`. */
class FakeSocket extends EventEmitter {
  readonly data: { principal?: Principal } = {};
  readonly sent: Array<[string, unknown]> = [];
  connected = true;

  constructor(expiresAt?: number) {
    super();
    this.data.principal = { sub: 'user', roles: [], isAdmin: false, anonymous: false, expiresAt };
  }

  override emit(event: string, ...args: unknown[]): boolean {
    this.sent.push([event, args[0]]);
    return true;
  }

  disconnect(): this {
    this.connected = false;
    return this;
  }

  asSocket(): Socket {
    return this as unknown as Socket;
  }
}

const DAY = 24 * 3600_000;
/** An `exp` as a JWT has it: whole seconds from now (in ms). */
const expIn = (ms: number): number => Math.ceil((Date.now() + ms) / 1000) * 1000;

describe('TokenExpiry: a namespace’s sockets held to their tokens’ exp', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tells a silent socket at exp and disconnects it; a 30-day token is not cut when setTimeout’s limit passes', () => {
    const expiry = new TokenExpiry('videoroom-error');
    const exp = expIn(30 * DAY);
    const socket = new FakeSocket(exp);
    expiry.track(socket.asSocket());

    // setTimeout fires at once for delays above 2^31-1 ms (about 24.8 days): the delay is capped, then re-armed.
    vi.advanceTimersToNextTimer();
    expect(exp - Date.now()).toBeGreaterThan(0);
    expect(socket.connected).toBe(true);
    expect(expiry.refuses(socket.asSocket(), { _id: 1 }, undefined)).toBe(false);

    vi.advanceTimersToNextTimer();
    expect(Date.now()).toBe(exp);
    expect(socket.sent).toEqual([['videoroom-error', { error: TOKEN_EXPIRED, code: 'UNAUTHORIZED' }]]);
    expect(socket.connected).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses a request that arrives after exp (ack and error event), then disconnects; the timer then stays quiet', () => {
    const expiry = new TokenExpiry('echo-error');
    const socket = new FakeSocket(expIn(60_000));
    expiry.track(socket.asSocket());
    expect(expiry.refuses(socket.asSocket(), { _id: 'a' }, undefined)).toBe(false);

    // The wall clock passes exp before the timer runs (a clock jump, a busy loop).
    vi.setSystemTime(Date.now() + 61_000);
    const ack = vi.fn<(response: unknown) => void>();
    expect(expiry.refuses(socket.asSocket(), { _id: 'b', data: { audio: true } }, ack)).toBe(true);
    expect(ack).toHaveBeenCalledWith({
      _id: 'b',
      ok: false,
      error: { code: 'UNAUTHORIZED', message: TOKEN_EXPIRED },
    });
    expect(socket.sent).toEqual([
      ['echo-error', { _id: 'b', error: TOKEN_EXPIRED, code: 'UNAUTHORIZED', request: { audio: true } }],
    ]);
    expect(socket.connected).toBe(false);
    // A second packet of the same read, after the disconnect: refused, nothing more sent.
    expect(expiry.refuses(socket.asSocket(), { _id: 'c' }, undefined)).toBe(true);
    vi.runAllTimers();
    expect(socket.sent).toHaveLength(1);
  });

  it('serves every socket with one timer, armed for the soonest exp; same-second tokens expire together', () => {
    const expiry = new TokenExpiry('videoroom-error');
    const late = new FakeSocket(expIn(90_000));
    const soon = [new FakeSocket(expIn(30_000)), new FakeSocket(expIn(30_000))];
    const middle = new FakeSocket(expIn(60_000));
    for (const s of [late, ...soon, middle]) expiry.track(s.asSocket());
    expect(vi.getTimerCount()).toBe(1);

    vi.advanceTimersToNextTimer();
    expect(soon.map((s) => s.connected)).toEqual([false, false]);
    expect([middle.connected, late.connected]).toEqual([true, true]);
    vi.advanceTimersToNextTimer();
    expect([middle.connected, late.connected]).toEqual([false, true]);
    vi.advanceTimersToNextTimer();
    expect(late.connected).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves sockets without an expiry alone, and forgets a socket that disconnects (nothing sent to it)', () => {
    const expiry = new TokenExpiry('videoroom-error');
    const forever = new FakeSocket(undefined);
    expiry.track(forever.asSocket());
    expect(vi.getTimerCount()).toBe(0);
    vi.setSystemTime(Date.now() + 365 * DAY);
    expect(expiry.refuses(forever.asSocket(), { _id: 1 }, undefined)).toBe(false);

    const leaving = new FakeSocket(expIn(60_000));
    const staying = new FakeSocket(expIn(60_000));
    expiry.track(leaving.asSocket());
    expiry.track(staying.asSocket());
    expiry.forget(leaving.asSocket());
    vi.runAllTimers();
    expect(leaving.sent).toEqual([]);
    expect(leaving.connected).toBe(true);
    expect(staying.connected).toBe(false);
  });

  it('keeps nothing of sockets long gone: many short visits leave no keys behind, the next exp is still kept', () => {
    const expiry = new TokenExpiry('videoroom-error');
    const stays = new FakeSocket(expIn(3600_000));
    expiry.track(stays.asSocket());
    for (let i = 1; i <= 1000; i++) {
      const visitor = new FakeSocket(expIn(i * 1000));
      expiry.track(visitor.asSocket());
      expiry.forget(visitor.asSocket());
    }
    const internals = expiry as unknown as { times: number[]; due: Map<number, unknown> };
    expect(internals.due.size).toBe(1);
    expect(internals.times.length).toBeLessThanOrEqual(65);
    vi.runAllTimers();
    expect(stays.connected).toBe(false);
    expect(stays.sent).toHaveLength(1);
  });

  it('disconnects a token that expired since the handshake on the next turn, not while the socket is set up', () => {
    const expiry = new TokenExpiry('videoroom-error');
    const socket = new FakeSocket(Date.now() - 1000);
    expiry.track(socket.asSocket());
    expect(socket.connected).toBe(true);
    vi.advanceTimersToNextTimer();
    expect(socket.connected).toBe(false);
    expect(socket.sent).toEqual([['videoroom-error', { error: TOKEN_EXPIRED, code: 'UNAUTHORIZED' }]]);
  });
});
