import { filter, firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  JanusConnectError,
  JanusConnection,
  JanusInvalidRequestError,
  type JanusConnectionOptions,
} from 'nestjs-janus';
import { CaptureLogger } from '../../support/capture-logger.js';
import { FakeJanus, type FakeRequest } from '../../support/fake-janus.js';

/**
 * What the library does about outages and about requests Janus cannot parse, against a scripted fake Janus: the
 * keepalive period fitted to the server's timeouts, teardown the application asked for while Janus was unreachable,
 * a bounded close, and frames Janus would drop without an answer.
 */
describe('JanusConnection: outages, teardown and unparseable requests', () => {
  let fake: FakeJanus;
  let janus: JanusConnection | undefined;
  let logger: CaptureLogger;

  beforeEach(async () => {
    fake = await FakeJanus.start();
    fake.info = { 'session-timeout': 60, 'reclaim-session-timeout': 20 };
    logger = new CaptureLogger();
  });
  afterEach(async () => {
    await janus?.close();
    janus = undefined;
    await fake.close();
  });

  function connect(extra: Partial<JanusConnectionOptions> = {}): Promise<JanusConnection> {
    return JanusConnection.connect({
      servers: [{ url: fake.url }],
      logger,
      reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
      ...extra,
    }).then((c) => (janus = c));
  }

  function waitState(c: JanusConnection, state: string): Promise<unknown> {
    return firstValueFrom(c.state$.pipe(filter((s) => s === state)));
  }

  it('a wrong apiSecret fails connect at once (not after connectTimeoutMs), naming the option to check', async () => {
    fake.script = (request, socket) => {
      if (request.janus === 'create' && request.apisecret !== 'right') {
        socket.send({
          janus: 'error',
          transaction: request.transaction,
          error: { code: 403, reason: 'Unauthorized request (wrong or missing secret/token)' },
        });
        return;
      }
      fake.answer(request, socket);
    };
    const started = performance.now();
    const err = await JanusConnection.connect({
      servers: [{ url: fake.url, apiSecret: 'wrong' }],
      logger,
      connectTimeoutMs: 30_000,
    }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(err).toBeInstanceOf(JanusConnectError);
    expect(err).toMatchObject({ unauthorized: true, code: 'JANUS_CONNECT_FAILED' });
    expect((err as Error).message).toContain('servers[0].apiSecret');
    expect((err as Error).message).toContain('api_secret in janus.jcfg');

    // The right secret: the probe's session is destroyed again, nothing is left.
    const c = await connect({ servers: [{ url: fake.url, apiSecret: 'right' }] });
    const created = fake.requests.filter((r) => r.janus === 'create' && r.apisecret === 'right');
    const destroyed = fake.requests.filter((r) => r.janus === 'destroy');
    expect(created).toHaveLength(1);
    expect(destroyed).toHaveLength(1);
    expect(c.sessionCount).toBe(0);
  });

  it('fits the keepalive period to the server: a quarter of reclaim_session_timeout, a third of session_timeout', async () => {
    const c = await connect();
    expect(c.keepaliveIntervalMs).toBe(5000);
    // reclaim 20 s - keepalive 5 s - longest reconnect pause (50 ms here) - 1 s to reconnect and claim.
    expect(c.claimableOutageMs).toBe(20_000 - 5000 - 50 - 1000);
    await c.close();

    fake.info = { 'session-timeout': 3, 'reclaim-session-timeout': 0 };
    const d = await connect();
    expect(d.keepaliveIntervalMs).toBe(1000);
    expect(d.claimableOutageMs).toBe(0);
  });

  it('sends keepalives at the fitted period: an idle session is refreshed before reclaim_session_timeout/4', async () => {
    fake.info = { 'session-timeout': 60, 'reclaim-session-timeout': 0.8 };
    const c = await connect();
    const session = await c.createSession();
    const created = performance.now();
    const keepalive = await fake.next('keepalive');
    expect(keepalive.session_id).toBe(session.id);
    // The configured default is 25 s; the fitted period is 200 ms.
    expect(performance.now() - created).toBeLessThan(1000);
  });

  it('keepaliveIntervalMs: 0 sends no keepalives, whatever the server asks for (and promises no claim)', async () => {
    fake.info = { 'session-timeout': 0.3, 'reclaim-session-timeout': 20 };
    const c = await connect({ keepaliveIntervalMs: 0 });
    await c.createSession();
    expect(c.keepaliveIntervalMs).toBe(0);
    expect(c.claimableOutageMs).toBe(0);
    // With keepalives on, the fitted period would be 100 ms: five of them would have gone out.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fake.requests.filter((r) => r.janus === 'keepalive')).toEqual([]);
  });

  it('warns once, saying what to set, when Janus keeps no session after a drop (reclaim_session_timeout = 0)', async () => {
    fake.info = { 'session-timeout': 60, 'reclaim-session-timeout': 0 };
    const c = await connect();
    fake.sockets[0].drop();
    await waitState(c, 'reconnecting');
    await waitState(c, 'connected');
    const warnings = logger.at('warn').filter((w) => w.includes('reclaim_session_timeout = 0'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('janus.jcfg');
  });

  it('a session destroyed while the link is down ends at once and is destroyed on Janus after the reconnect', async () => {
    const c = await connect();
    const session = await c.createSession();
    // Janus is away: every new connection is refused until it comes back.
    let away = true;
    const claims: FakeRequest[] = [];
    fake.script = (request, socket) => {
      if (away) return socket.drop();
      if (request.janus === 'claim') claims.push(request);
      fake.answer(request, socket);
    };
    fake.sockets[0].drop();
    await waitState(c, 'reconnecting');

    await session.destroy();
    expect(session.isClosed).toBe(true);
    expect(session.closeInfo?.reason).toBe('destroyed');
    expect(c.pendingTeardownCount).toBe(1);

    const destroyed = fake.next('destroy', (r) => r.session_id === session.id);
    away = false;
    const request = await destroyed;
    expect(request.session_id).toBe(session.id);
    // Claimed first (it belonged to the dropped transport), then destroyed.
    expect(claims.map((r) => r.session_id)).toContain(session.id);
    // One more round trip: the destroy's reply (sent before it) has been handled by then.
    await c.info();
    expect(c.pendingTeardownCount).toBe(0);
  });

  it('a handle detached while the link is down is detached on Janus after the reconnect; its session stays', async () => {
    const c = await connect();
    const session = await c.createSession();
    const handle = await session.attach('janus.plugin.echotest');
    let away = true;
    fake.script = (request, socket) => (away ? socket.drop() : fake.answer(request, socket));
    fake.sockets[0].drop();
    await waitState(c, 'reconnecting');

    await handle.detach();
    expect(handle.isDetached).toBe(true);
    expect(c.pendingTeardownCount).toBe(1);

    const detached = fake.next('detach');
    away = false;
    expect(await detached).toMatchObject({ session_id: session.id, handle_id: handle.id });
    expect(session.isClosed).toBe(false);
  });

  it('a destroy that times out is carried out later too', async () => {
    const c = await connect({ requestTimeoutMs: 100, keepaliveIntervalMs: 200 });
    const session = await c.createSession();
    let silent = true;
    fake.script = (request, socket) => {
      if (silent && request.janus === 'destroy') return;
      fake.answer(request, socket);
    };
    await session.destroy();
    expect(session.isClosed).toBe(true);
    expect(c.pendingTeardownCount).toBe(1);
    silent = false;
    // The next keepalive tick retries it.
    const retried = await fake.next('destroy', (r) => r.session_id === session.id);
    expect(retried.session_id).toBe(session.id);
  });

  it('close() with Janus not answering ends within closeTimeoutMs and names the sessions it could not destroy', async () => {
    const c = await connect({ closeTimeoutMs: 300 });
    const sessions = await Promise.all([c.createSession(), c.createSession()]);
    fake.script = () => undefined;
    const started = performance.now();
    await c.close();
    // The destroys wait 300 ms; closing the socket takes at most 1 s more (close handshake, then terminate).
    expect(performance.now() - started).toBeLessThan(1500);
    const warning = logger.at('warn').find((w) => w.includes('not destroyed'));
    expect(warning).toBeDefined();
    for (const s of sessions) expect(warning).toContain(String(s.id));
  });

  it.each([
    ['a NUL character', 'a\u0000b'],
    ['a lone high surrogate', 'x\ud800y'],
    ['a lone low surrogate', '\udc00'],
  ])(
    'refuses to send a request with %s (Janus would drop it unanswered): JanusInvalidRequestError at once',
    async (_what, text) => {
      const c = await connect({ requestTimeoutMs: 5000 });
      const session = await c.createSession();
      const handle = await session.attach('janus.plugin.echotest');
      const sent = fake.requests.length;
      const started = performance.now();
      const err = await handle.message({ request: 'configure', display: text }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(JanusInvalidRequestError);
      expect(err).toMatchObject({
        name: 'JanusInvalidRequestError',
        code: 'JANUS_INVALID_REQUEST',
        request: 'message',
      });
      expect(performance.now() - started).toBeLessThan(100);
      expect(fake.requests.length).toBe(sent);
      expect(c.pendingRequestCount).toBe(0);
    },
  );

  it('sends strings Janus can parse: surrogate pairs (emoji) and a backslash followed by "u0000"', async () => {
    const c = await connect();
    const session = await c.createSession();
    const handle = await session.attach('janus.plugin.echotest');
    await handle.message({ request: 'configure', display: 'smile \ud83d\ude00', note: '\\u0000 \\ud800' });
    const last = fake.requests.at(-1) as FakeRequest & { body: Record<string, string> };
    expect(last.body.display).toBe('smile \ud83d\ude00');
    expect(last.body.note).toBe('\\u0000 \\ud800');
  });
});
