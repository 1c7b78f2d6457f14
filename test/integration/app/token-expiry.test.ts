import { SignJWT } from 'jose';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { next, request, startApp, TEST_JWT_SECRET, type AppUnderTest } from '../../support/app-harness.js';
import { janodeMountpoint } from '../../support/janode-client.js';

interface ErrorEvent {
  _id?: string | number;
  error: string;
  code: string;
}

const key = new TextEncoder().encode(TEST_JWT_SECRET);

/** An HS256 token the app's secret signs; `exp` in seconds since the epoch, or no `exp` at all. */
function signed(options: { exp?: number; roles?: string[] } = {}): Promise<string> {
  const jwt = new SignJWT({ roles: options.roles ?? [] }).setProtectedHeader({ alg: 'HS256' }).setSubject('expiring');
  if (options.exp !== undefined) jwt.setExpirationTime(options.exp);
  return jwt.setIssuedAt().sign(key);
}

/** The reason of the socket's next disconnect. */
function disconnected(socket: Socket): Promise<string> {
  return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

describe('JWT lifetime: tokens without exp, and tokens that expire on a live socket', () => {
  let app: AppUnderTest;

  beforeAll(async () => {
    app = await startApp();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses a token without exp on both namespaces and over HTTP (JWT_REQUIRE_EXP defaults to true)', async () => {
    const forever = await signed({ roles: ['admin'] });
    await expect(app.connect('/videoroom', { token: forever })).rejects.toThrow('unauthorized');
    await expect(app.connect('/echotest', { token: forever })).rejects.toThrow('unauthorized');
    const rest = await fetch(`${app.url}/api/rooms`, { headers: { authorization: `Bearer ${forever}` } });
    expect(rest.status).toBe(401);
    expect(await rest.json()).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('exp') });
  });

  it('tells a silent socket its token expired and disconnects it then; its Janus handles go; a fresh token reconnects', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const room = await app.connect('/videoroom', { token: await signed({ exp }) });
    const echo = await app.connect('/echotest', { token: await signed({ exp }) });
    expect((await request(room, 'join', { room: 1234, display: 'soon-expired' })).ok).toBe(true);
    expect((await request(echo, 'start')).ok).toBe(true);
    expect(await app.socketHandles()).toEqual([`socket:/videoroom#${room.id}`, `socket:/echotest#${echo.id}`].sort());

    const told = [next<ErrorEvent>(room, 'videoroom-error'), next<ErrorEvent>(echo, 'echo-error')];
    const reasons = [disconnected(room), disconnected(echo)];
    for (const event of await Promise.all(told)) {
      expect(event).toEqual({ code: 'UNAUTHORIZED', error: expect.stringMatching(/expired.*reconnect.*fresh token/) });
    }
    expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000 - 50);
    // `io server disconnect`: the server ended it (socket.io clients do not reconnect on their own then).
    expect(await Promise.all(reasons)).toEqual(['io server disconnect', 'io server disconnect']);
    await expect.poll(() => app.socketHandles(), { timeout: 5000, interval: 50 }).toEqual([]);

    const again = await app.connect('/videoroom', { token: await app.token() });
    expect((await request(again, 'join', { room: 1234, display: 'fresh' })).ok).toBe(true);
    again.disconnect();
    await expect.poll(() => app.socketHandles(), { timeout: 5000, interval: 50 }).toEqual([]);
  });

  it('refuses a request made after the token expired (ack and error event UNAUTHORIZED), then disconnects', async () => {
    const socket = await app.connect('/videoroom', { token: await app.token({ expiresInSeconds: 300 }) });
    expect((await request(socket, 'list-rooms')).ok).toBe(true);

    // The wall clock passes the token's exp before its timer fires (a clock jump, a busy event loop, an exp too far
    // away for one timer): only Date is faked, timers and sockets run for real. The request is on the wire before
    // the jump (the client checks its own ping deadline against the clock when it sends).
    const event = next<ErrorEvent>(socket, 'videoroom-error');
    const reason = disconnected(socket);
    const late = request(socket, 'list-rooms', undefined, 'late');
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 301_000);
    const refused = await late;
    expect(refused).toEqual({
      _id: 'late',
      ok: false,
      error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/expired/) },
    });
    expect(await event).toMatchObject({ _id: 'late', code: 'UNAUTHORIZED', error: expect.stringMatching(/expired/) });
    expect(await reason).toBe('io server disconnect');
  });

  it('runs nothing a request asks once the token has expired: an admin’s late create makes no mountpoint', async () => {
    const token = await app.token({ sub: 'late-admin', roles: ['admin'], expiresInSeconds: 300 });
    const socket = await app.connect('/streaming', { token });
    expect((await request(socket, 'create', janodeMountpoint('before-expiry'))).ok).toBe(true);

    const reason = disconnected(socket);
    const late = request(socket, 'create', janodeMountpoint('after-expiry'), 'late-create');
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 301_000);
    expect(await late).toMatchObject({ _id: 'late-create', ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await reason).toBe('io server disconnect');
    vi.useRealTimers();

    // Had the handler run, the mountpoint would be on Janus now (a mountpoint outlives the socket that made it, as
    // the one made before the expiry shows): the admin REST API lists what Janus has.
    const list = await fetch(`${app.url}/api/streaming/mountpoints`, {
      headers: { authorization: `Bearer ${await app.token({ roles: ['admin'] })}` },
    });
    expect(list.status).toBe(200);
    const { mountpoints } = (await list.json()) as { mountpoints: Array<{ description?: string }> };
    const descriptions = mountpoints.map((m) => m.description);
    expect(descriptions).toContain('this is before-expiry');
    expect(descriptions).not.toContain('this is after-expiry');
  });
});
