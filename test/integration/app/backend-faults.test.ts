import { createServer } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { JanusService } from 'nestjs-janus';
import { filter, firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { next, request, startApp, type AppUnderTest } from '../../support/app-harness.js';

type ErrorPush = { error: string; code: string };

describe('the app when Janus goes away', () => {
  let app: AppUnderTest | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('a network drop: sockets get backend-failure, sessions are claimed back and keep working', async () => {
    // The app reaches Janus through a proxy whose connections the test can cut.
    app = await startApp({ throughProxy: true });
    const socket = await app.connect('/videoroom', { token: await app.token() });
    const joined = await request<{ feed: number }>(socket, 'join', { room: 1234, display: 'steady' });

    const failure = next<ErrorPush>(socket, 'videoroom-error');
    app.proxy?.cutAll();
    expect(await failure).toMatchObject({ error: 'backend-failure', code: 'BACKEND_FAILURE' });

    // Once reconnected and claimed, the same publisher handle answers.
    await firstValueFrom(app.app.get(JanusService).state$.pipe(filter((state) => state === 'connected')));
    expect((await request(socket, 'configure', { feed: joined.data.feed, display: 'still here' })).ok).toBe(true);
    const list = await request<{ participants: Array<{ feed: number; display: string }> }>(
      socket,
      'list-participants',
      {
        room: 1234,
      },
    );
    expect(list.data.participants).toContainEqual(
      expect.objectContaining({ feed: joined.data.feed, display: 'still here' }),
    );
  });

  it('a Janus restart: sockets get backend-failure, then session-not-available, and can join again', async () => {
    app = await startApp();
    const socket = await app.connect('/videoroom', { token: await app.token() });
    await request(socket, 'join', { room: 1234, display: 'before' });

    const failure = next<ErrorPush>(socket, 'videoroom-error');
    await app.janus.kill();
    expect(await failure).toMatchObject({ error: 'backend-failure', code: 'BACKEND_FAILURE' });

    const lost = next<ErrorPush>(socket, 'videoroom-error');
    await app.janus.restart();
    expect(await lost).toMatchObject({ error: 'session-not-available', code: 'SESSION_NOT_AVAILABLE' });

    const again = await request<{ feed: number }>(socket, 'join', { room: 1234, display: 'after' });
    expect(again.ok).toBe(true);
    // On the app's new shared session (the old one died with Janus).
    expect(await app.sessions()).toHaveLength(1);
    expect(await app.socketHandles()).toEqual([`socket:/videoroom#${socket.id}`]);
  });

  it('JWKS: RS256 tokens verified with keys fetched from JWT_JWKS_URL; admin role from a custom claim', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    let fetches = 0;
    const idp = createServer((_req, res) => {
      fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    const port = (idp.address() as { port: number }).port;
    try {
      app = await startApp({
        env: {
          JWT_SECRET: '',
          JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
          JWT_ROLES_CLAIM: 'realm_roles',
          JWT_ADMIN_ROLE: 'room-admin',
        },
      });
      const sign = (roles: string[]): Promise<string> =>
        new SignJWT({ realm_roles: roles })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setSubject('idp-user')
          .setExpirationTime('5m')
          .sign(privateKey);

      const admin = await app.connect('/videoroom', { token: await sign(['room-admin']) });
      const created = await request<{ room: number }>(admin, 'create', { description: 'jwks' });
      expect(created.ok).toBe(true);
      const user = await app.connect('/videoroom', { token: await sign(['viewer']) });
      expect((await request(user, 'create', {})).error).toMatchObject({ code: 'FORBIDDEN' });
      // An HS256 token is not accepted when only JWKS is configured.
      await expect(app.connect('/videoroom', { token: await app.token() })).rejects.toThrow('unauthorized');
      // Keys are cached: one fetch served every verification.
      expect(fetches).toBe(1);
    } finally {
      idp.close();
    }
  });
});
