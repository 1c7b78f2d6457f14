import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startApp, type AppUnderTest } from '../../support/app-harness.js';

/**
 * The per-address rate limit behind a reverse proxy (`TRUST_PROXY`), through the real app: every test client comes
 * from 127.0.0.1 and says, in `X-Forwarded-For`, that it forwards for some other client (documentation addresses,
 * never contacted). Only `start` on /echotest is used: it spends a point before it reaches Janus.
 */

/** A tight per-address budget; the per-socket one never gets in the way. */
const LIMITS = { RATE_LIMIT_IP_POINTS: '2', RATE_LIMIT_POINTS: '100', RATE_LIMIT_WINDOW_S: '600' };

describe.each([
  { trustProxy: undefined, separate: false },
  { trustProxy: 'loopback', separate: true },
])('TRUST_PROXY=$trustProxy: the per-address budget of clients behind a proxy', ({ trustProxy, separate }) => {
  let app: AppUnderTest;
  const open: Socket[] = [];

  beforeAll(async () => {
    app = await startApp({ env: { ...LIMITS, ...(trustProxy ? { TRUST_PROXY: trustProxy } : {}) } });
  });
  afterAll(async () => {
    for (const socket of open) socket.disconnect();
    await app?.close();
  });

  /** A socket on /echotest whose handshake carries `X-Forwarded-For: forwardedFor` (when given). */
  async function client(forwardedFor?: string): Promise<Socket> {
    const socket = io(`${app.url}/echotest`, {
      auth: { token: await app.token() },
      transports: ['websocket'],
      extraHeaders: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
      reconnection: false,
      forceNew: true,
    });
    open.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  }

  async function start(socket: Socket): Promise<string> {
    const ack = await request(socket, 'start');
    return ack.ok ? 'ok' : (ack.error?.code ?? 'no code');
  }

  it(
    separate
      ? 'gives clients with different forwarded addresses a budget each, and direct clients their own'
      : 'ignores X-Forwarded-For: a spoofed header shares the connection address’s budget',
    async () => {
      const a = await client('198.51.100.1');
      expect([await start(a), await start(a)]).toEqual(['ok', 'ok']);
      // a's address has spent its budget.
      expect(await start(a)).toBe('RATE_LIMITED');
      // Another client through the same proxy (from the same 127.0.0.1), a client claiming another address before
      // a's, and one that sends no X-Forwarded-For.
      const b = await client('198.51.100.2');
      const c = await client('203.0.113.7, 198.51.100.1');
      const direct = await client();
      if (separate) {
        expect(await start(b)).toBe('ok');
        // The proxy appended a's address after what c sent: c is a, whatever it claims before that.
        expect(await start(c)).toBe('RATE_LIMITED');
        // A client without the header is counted by its connection address, whose budget is untouched.
        expect(await start(direct)).toBe('ok');
      } else {
        // Everyone is 127.0.0.1, whose budget a spent.
        expect([await start(b), await start(c), await start(direct)]).toEqual([
          'RATE_LIMITED',
          'RATE_LIMITED',
          'RATE_LIMITED',
        ]);
      }
    },
  );
});
