import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket, request, startApp, type AppUnderTest } from '../../support/app-harness.js';

/**
 * The per-address rate limit behind a reverse proxy (`TRUST_PROXY`), through the real app: every test client comes
 * from 127.0.0.1 and says, in `X-Forwarded-For`, that it forwards for some other client (documentation addresses,
 * never contacted). Only `start` on /echotest is used: it spends a point before it reaches Janus.
 */

/** A tight per-address budget; the per-socket one never gets in the way. */
const LIMITS = { RATE_LIMIT_IP_POINTS: '2', RATE_LIMIT_POINTS: '100', RATE_LIMIT_WINDOW_S: '600' };

/** The app with `env` for one describe block, and /echotest clients that send `X-Forwarded-For`. */
function appWith(env: Record<string, string>): {
  client: (forwardedFor?: string) => Promise<Socket>;
  start: (socket: Socket) => Promise<string>;
} {
  let app: AppUnderTest | undefined;
  const open: Socket[] = [];

  beforeAll(async () => {
    app = await startApp({ env: { ...LIMITS, ...env } });
  });
  afterAll(async () => {
    for (const socket of open) socket.disconnect();
    await app?.close();
  });

  return {
    /** A socket on /echotest whose handshake carries `X-Forwarded-For: forwardedFor` (when given). */
    async client(forwardedFor) {
      return connectSocket(`${app!.url}/echotest`, {
        auth: { token: await app!.token() },
        headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
        opened: open,
      });
    },
    /** `start`, answered `ok` or with the error code. */
    async start(socket) {
      const ack = await request(socket, 'start');
      return ack.ok ? 'ok' : (ack.error?.code ?? 'no code');
    },
  };
}

describe('TRUST_PROXY unset: X-Forwarded-For is ignored', () => {
  const { client, start } = appWith({});

  it('a spoofed header shares the connection address’s budget', async () => {
    const a = await client('198.51.100.1');
    expect([await start(a), await start(a), await start(a)]).toEqual(['ok', 'ok', 'RATE_LIMITED']);
    // Everyone here is 127.0.0.1, whose budget a spent, whatever address they claim.
    const others = [await client('198.51.100.2'), await client('203.0.113.7, 198.51.100.3'), await client()];
    const answers = [];
    for (const socket of others) answers.push(await start(socket));
    expect(answers).toEqual(['RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
  });
});

describe('TRUST_PROXY=loopback: a proxy on 127.0.0.1 names the client', () => {
  const { client, start } = appWith({ TRUST_PROXY: 'loopback' });

  it('gives clients with different forwarded addresses a budget each, and direct clients their own', async () => {
    const a = await client('198.51.100.1');
    expect([await start(a), await start(a), await start(a)]).toEqual(['ok', 'ok', 'RATE_LIMITED']);
    // Another client through the same proxy (from the same 127.0.0.1) has its own budget.
    expect(await start(await client('198.51.100.2'))).toBe('ok');
    // The proxy appended a's address after what this client sent: it is a, whatever it claims before that.
    expect(await start(await client('203.0.113.7, 198.51.100.1'))).toBe('RATE_LIMITED');
    // A client without the header is counted by its connection address, whose budget is untouched.
    expect(await start(await client())).toBe('ok');
  });
});
