import { filter, firstValueFrom, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  JanusConnectError,
  JanusConnection,
  JanusConnectionClosedError,
  JanusHandleDetachedError,
  JanusPluginError,
  JanusRequestError,
  JanusSessionClosedError,
  JanusTimeoutError,
  type JanusConnectionOptions,
} from 'nestjs-janus';
import { CaptureLogger } from '../../support/capture-logger.js';
import { FakeJanus } from '../../support/fake-janus.js';

/** Faults a real Janus cannot produce on demand, against a scripted fake Janus. */
describe('JanusConnection against a scripted fake Janus', () => {
  let fake: FakeJanus;
  let janus: JanusConnection | undefined;
  let logger: CaptureLogger;

  beforeEach(async () => {
    fake = await FakeJanus.start();
    logger = new CaptureLogger();
  });
  afterEach(async () => {
    await janus?.close();
    janus = undefined;
    await fake.close();
  });

  function connect(extra: Partial<JanusConnectionOptions> = {}): Promise<JanusConnection> {
    return JanusConnection.connect({
      servers: [{ url: fake.url, apiSecret: 's3cret' }],
      logger,
      reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
      ...extra,
    }).then((c) => (janus = c));
  }

  function waitState(c: JanusConnection, state: string): Promise<unknown> {
    return firstValueFrom(c.state$.pipe(filter((s) => s === state)));
  }

  it('sends apisecret and a unique transaction on every request', async () => {
    const c = await connect();
    await c.createSession();
    await c.createSession();
    const txs = fake.requests.map((r) => r.transaction);
    expect(new Set(txs).size).toBe(txs.length);
    expect(fake.requests.every((r) => r.apisecret === 's3cret')).toBe(true);
  });

  it('rejects with JanusTimeoutError when Janus never answers, and forgets the request', async () => {
    const c = await connect({ requestTimeoutMs: 100 });
    fake.script = () => undefined;
    const err = await c.createSession().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JanusTimeoutError);
    expect(err).toMatchObject({ code: 'JANUS_TIMEOUT', request: 'create', timeoutMs: 100, name: 'JanusTimeoutError' });
    expect(c.pendingRequestCount).toBe(0);
  });

  it('a per-call timeout overrides the default', async () => {
    const c = await connect({ requestTimeoutMs: 60_000 });
    fake.script = () => undefined;
    await expect(c.info({ timeoutMs: 50 })).rejects.toMatchObject({ code: 'JANUS_TIMEOUT', timeoutMs: 50 });
  });

  it('an ack with no final reply times out a plugin message', async () => {
    const c = await connect({ requestTimeoutMs: 150 });
    const session = await c.createSession();
    const handle = await session.attach('janus.plugin.echotest');
    fake.script = (req, socket) => (req.janus === 'message' ? socket.ack(req) : fake.answer(req, socket));
    await expect(handle.message({ audio: true })).rejects.toBeInstanceOf(JanusTimeoutError);
    expect(c.pendingRequestCount).toBe(0);
  });

  it('resolves an asynchronous plugin request when its event arrives before its ack', async () => {
    const c = await connect();
    const session = await c.createSession();
    const handle = await session.attach('janus.plugin.echotest');
    fake.script = (req, socket) => {
      if (req.janus !== 'message') return fake.answer(req, socket);
      socket.send({
        janus: 'event',
        session_id: req.session_id,
        sender: req.handle_id,
        transaction: req.transaction,
        plugindata: { plugin: 'janus.plugin.echotest', data: { echotest: 'event', result: 'ok' } },
        jsep: { type: 'answer', sdp: 'v=0' },
      });
      socket.ack(req);
    };
    const reply = await handle.message({ audio: true }, { type: 'offer', sdp: 'v=0' });
    expect(reply).toEqual({ data: { echotest: 'event', result: 'ok' }, jsep: { type: 'answer', sdp: 'v=0' } });
    // The late ack is neither an error nor a warning.
    await c.info();
    expect(logger.at('warn')).toEqual([]);
  });

  it('rejects a plugin error_code with JanusPluginError and a core error with JanusRequestError', async () => {
    const c = await connect();
    const session = await c.createSession();
    const handle = await session.attach('janus.plugin.videoroom');
    fake.script = (req, socket) => {
      if (req.janus === 'message') {
        socket.success(req, {
          sender: req.handle_id,
          plugindata: {
            plugin: 'janus.plugin.videoroom',
            data: { videoroom: 'event', error_code: 426, error: 'No such room (9)' },
          },
        });
      } else if (req.janus === 'hangup') {
        socket.send({ janus: 'error', transaction: req.transaction, error: { code: 459, reason: 'No such handle' } });
      } else fake.answer(req, socket);
    };
    const pluginErr = await handle.message({ request: 'exists', room: 9 }).catch((e: unknown) => e);
    expect(pluginErr).toBeInstanceOf(JanusPluginError);
    expect(pluginErr).toMatchObject({
      janusCode: 426,
      reason: 'No such room (9)',
      request: 'exists',
      plugin: 'janus.plugin.videoroom',
    });
    const coreErr = await handle.hangup().catch((e: unknown) => e);
    expect(coreErr).toBeInstanceOf(JanusRequestError);
    expect(coreErr).toMatchObject({ janusCode: 459, code: 'JANUS_REQUEST_FAILED', request: 'hangup' });
  });

  it('ignores garbage frames with rate-limited warnings and keeps serving', async () => {
    const c = await connect();
    const socket = fake.sockets[0];
    for (let i = 0; i < 50; i++) socket.send('not json {');
    socket.send({ no: 'janus field' });
    socket.send({ janus: 'success', transaction: 'nobody-sent-this' });
    socket.send({ janus: 'event', session_id: 424242, sender: 1, plugindata: { plugin: 'x', data: {} } });
    socket.send({ janus: 'something-new' });
    socket.send('null');
    const info = await c.info();
    expect(info.version_string).toBe('1.1.2');
    const warns = logger.at('warn');
    expect(warns.filter((w) => w.includes('not JSON'))).toHaveLength(5);
    expect(warns.some((w) => w.includes('without a "janus" kind'))).toBe(true);
    expect(warns.some((w) => w.includes('unknown transaction nobody-sent-this'))).toBe(true);
    expect(warns.some((w) => w.includes('unknown session 424242'))).toBe(true);
  });

  it('a drop in the middle of a request rejects it, reconnects, claims the session and keeps the same objects', async () => {
    const c = await connect();
    const session = await c.createSession();
    const handle = await session.attach('janus.plugin.echotest');
    const states: string[] = [];
    c.state$.subscribe((s) => states.push(s));
    fake.script = (req, socket) => (req.janus === 'message' ? socket.drop() : fake.answer(req, socket));
    const err = await handle.message({ audio: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JanusConnectionClosedError);
    fake.script = undefined;
    const claim = await fake.next('claim');
    expect(claim.session_id).toBe(session.id);
    await waitState(c, 'connected');
    expect(states).toEqual(['connected', 'reconnecting', 'connected']);
    // Events for the same handle still reach the same observable after the reconnect.
    const events = firstValueFrom(handle.events$);
    fake.sockets.at(-1)!.send({
      janus: 'event',
      session_id: session.id,
      sender: handle.id,
      plugindata: { plugin: 'janus.plugin.echotest', data: { echotest: 'event', result: 'done' } },
    });
    expect(await events).toEqual({ data: { echotest: 'event', result: 'done' } });
    await session.keepalive();
    expect(session.isClosed).toBe(false);
  });

  it('a session whose claim fails ends with reason lost, and its handles emit detached$', async () => {
    const c = await connect();
    const session = await c.createSession();
    const handle = await session.attach('janus.plugin.echotest');
    const closed = firstValueFrom(session.closed$);
    const detached = firstValueFrom(handle.detached$);
    fake.script = (req, socket) => {
      if (req.janus === 'claim')
        socket.send({ janus: 'error', transaction: req.transaction, error: { code: 458, reason: 'No such session' } });
      else fake.answer(req, socket);
    };
    fake.sockets[0].drop();
    expect(await closed).toMatchObject({ reason: 'lost' });
    expect(await detached).toMatchObject({ reason: 'session-closed' });
    await waitState(c, 'connected');
    await expect(handle.hangup()).rejects.toBeInstanceOf(JanusHandleDetachedError);
    await expect(session.keepalive()).rejects.toBeInstanceOf(JanusSessionClosedError);
    expect(c.sessionCount).toBe(0);
  });

  it('a Janus timeout event closes the session with reason timeout', async () => {
    const c = await connect();
    const session = await c.createSession();
    fake.sockets[0].send({ janus: 'timeout', session_id: session.id });
    expect(await firstValueFrom(session.closed$)).toMatchObject({ reason: 'timeout' });
    // Late subscribers get the reason too.
    expect(await firstValueFrom(session.closed$)).toMatchObject({ reason: 'timeout' });
  });

  it('detects a dead peer by ping timeout and reconnects', async () => {
    await fake.close();
    fake = await FakeJanus.start({ autoPong: false });
    const c = await connect({ ping: { intervalMs: 50, timeoutMs: 50 } });
    await waitState(c, 'reconnecting');
    expect(logger.at('warn').some((w) => w.includes('no pong within 50 ms'))).toBe(true);
  });

  it('gives up after reconnect.maxAttempts and closes the sessions', async () => {
    const c = await connect({ reconnect: { initialDelayMs: 5, maxDelayMs: 10, maxAttempts: 2 } });
    const session = await c.createSession();
    const closed = firstValueFrom(session.closed$);
    await fake.close();
    expect(await closed).toMatchObject({ reason: 'connection-closed' });
    expect(c.state).toBe('closed');
  });

  it('fails over at connect: a dead first server, then the fake', async () => {
    const dead = await FakeJanus.start();
    const deadUrl = dead.url;
    await dead.close();
    const c = await connect({ servers: [{ url: deadUrl }, { url: fake.url }] });
    expect(c.serverUrl).toBe(fake.url);
  });

  it('fails to connect with JanusConnectError naming each server when none answers in time', async () => {
    const dead = await FakeJanus.start();
    const deadUrl = dead.url;
    await dead.close();
    const err = await JanusConnection.connect({
      servers: [{ url: deadUrl }],
      logger: false,
      connectTimeoutMs: 200,
      reconnect: { initialDelayMs: 10, maxDelayMs: 20 },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JanusConnectError);
    expect((err as JanusConnectError).attempts[0]?.url).toBe(deadUrl);
  });

  it('close() destroys owned sessions first, completes streams, and is idempotent', async () => {
    const c = await connect();
    const s1 = await c.createSession();
    const s2 = await c.createSession();
    const states = firstValueFrom(c.state$.pipe(toArray()));
    const before = fake.requests.length;
    await Promise.all([c.close(), c.close()]);
    const destroyed = fake.requests
      .slice(before)
      .filter((r) => r.janus === 'destroy')
      .map((r) => r.session_id);
    expect(destroyed.sort((a, b) => Number(a) - Number(b))).toEqual([s1.id, s2.id].sort((a, b) => a - b));
    expect(await states).toEqual(['connected', 'closed']);
    await expect(c.createSession()).rejects.toBeInstanceOf(JanusConnectionClosedError);
  });

  it('keeps idle sessions alive with keepalives and skips busy ones', async () => {
    const c = await connect({ keepaliveIntervalMs: 100 });
    const session = await c.createSession();
    const keepalive = await fake.next('keepalive');
    expect(keepalive.session_id).toBe(session.id);
  });
});
