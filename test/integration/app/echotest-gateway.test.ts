import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { next, request, startApp, type AppUnderTest } from '../../support/app-harness.js';
import { staticOffer } from '../../support/sdp.js';

/** Polls the Admin API until no socket's handle is left (detaches on disconnect happen after the socket is gone). */
async function expectNoHandlesLeft(app: AppUnderTest): Promise<void> {
  await expect.poll(() => app.socketHandles(), { timeout: 5000, interval: 50 }).toEqual([]);
}

describe('EchoTest gateway (/echotest) against a real Janus', () => {
  let app: AppUnderTest;

  beforeAll(async () => {
    // full_trickle: Janus trickles its candidates (the default puts them in its answer), so relaying shows.
    app = await startApp({ janus: { fullTrickle: true } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('start -> ready, offer -> answer with Janus jsep, hangup -> hangup; replies carry _id and the ack', async () => {
    const socket = await app.connect('/echotest', { token: await app.token() });
    const ready = next(socket, 'ready');
    const ack = await request(socket, 'start', undefined, 'req-1');
    expect(ack).toEqual({ _id: 'req-1', ok: true, data: {} });
    expect(await ready).toEqual({ _id: 'req-1', data: {} });
    // Its handle, on the app's shared session, named after the socket.
    expect(await app.socketHandles()).toEqual([`socket:/echotest#${socket.id}`]);
    expect(await app.sessions()).toHaveLength(1);

    const answerEvent = next<{ _id: number; data: { jsep: { type: string; sdp: string } } }>(socket, 'answer');
    const answer = await request<{ jsep: { type: string; sdp: string } }>(
      socket,
      'offer',
      { audio: true, video: true, jsep: staticOffer() },
      7,
    );
    expect(answer.ok).toBe(true);
    expect(answer.data.jsep.type).toBe('answer');
    expect(answer.data.jsep.sdp).toContain('v=0');
    expect((await answerEvent)._id).toBe(7);

    const hangup = await request(socket, 'hangup');
    expect(hangup.ok).toBe(true);
    socket.disconnect();
    await expectNoHandlesLeft(app);
  });

  it('relays the candidates Janus trickles, never before the answer they belong to', async () => {
    const socket = await app.connect('/echotest', { token: await app.token() });
    await request(socket, 'start');
    const order: string[] = [];
    const trickles: Array<{ data: Record<string, unknown> }> = [];
    socket.on('answer', () => order.push('answer'));
    const completed = new Promise<void>((resolve) =>
      socket.on('trickle', (payload: { data: Record<string, unknown> }) => {
        order.push('trickle');
        trickles.push(payload);
        if (payload.data.completed) resolve();
      }),
    );
    await request(socket, 'offer', { audio: true, video: true, jsep: staticOffer() });
    await completed;
    const candidates = trickles.filter((t) => t.data.candidate);
    expect(candidates.length).toBeGreaterThan(0);
    expect(candidates[0].data.candidate).toMatchObject({ candidate: expect.stringContaining('candidate:') });
    expect(order[0]).toBe('answer');
    socket.disconnect();
    await expectNoHandlesLeft(app);
  });

  it('errors: handle-not-available before start, BAD_REQUEST naming the field, oversized SDP, as echo-error and ack', async () => {
    const socket = await app.connect('/echotest', { token: await app.token() });
    const errorEvent = next<Record<string, unknown>>(socket, 'echo-error');
    const early = await request(socket, 'offer', { jsep: staticOffer() }, 'x');
    expect(early).toMatchObject({
      _id: 'x',
      ok: false,
      error: { code: 'SESSION_NOT_AVAILABLE', message: 'session-not-available' },
    });
    expect(await errorEvent).toMatchObject({ _id: 'x', error: 'session-not-available', code: 'SESSION_NOT_AVAILABLE' });

    await request(socket, 'start');
    const bad = await request(socket, 'offer', { audio: 'yes', jsep: { type: 'offer' } });
    expect(bad.ok).toBe(false);
    expect(bad.error?.code).toBe('BAD_REQUEST');
    expect(bad.error?.message).toContain('audio');
    expect(bad.error?.message).toContain('jsep.sdp');

    const huge = await request(socket, 'offer', { jsep: { type: 'offer', sdp: 'v=0'.padEnd(70_000, 'x') } });
    expect(huge.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('65536 bytes') });

    const notObject = await request(socket, 'offer', 'just a string');
    expect(notObject.error?.code).toBe('BAD_REQUEST');

    const badFile = await request(socket, 'offer', { record: true, filename: '../../etc/passwd', jsep: staticOffer() });
    expect(badFile.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('filename') });
    socket.disconnect();
    await expectNoHandlesLeft(app);
  });

  it('auth: no token and a bad or expired token are refused with "unauthorized"; a valid one is accepted', async () => {
    await expect(app.connect('/echotest')).rejects.toThrow('unauthorized');
    await expect(app.connect('/echotest', { token: 'not.a.jwt' })).rejects.toThrow('unauthorized');
    await expect(app.connect('/echotest', { token: await app.token({ expiresInSeconds: -10 }) })).rejects.toThrow(
      'unauthorized',
    );
    const ok = await app.connect('/echotest', { token: await app.token() });
    expect(ok.connected).toBe(true);
    ok.disconnect();
  });

  it('a client that disconnects right after start leaves no session on Janus', async () => {
    const sockets = await Promise.all(
      Array.from({ length: 5 }, async () => app.connect('/echotest', { token: await app.token() })),
    );
    for (const s of sockets) {
      s.emit('start', { _id: 1 });
      s.disconnect();
    }
    await expectNoHandlesLeft(app);
  });
});

describe('payload size cap (WS_MAX_PAYLOAD_BYTES)', () => {
  it('drops a client that sends more than the cap; the app keeps serving the others', async () => {
    const app = await startApp({ env: { WS_MAX_PAYLOAD_BYTES: '4096' } });
    try {
      const big = await app.connect('/echotest', { token: await app.token() });
      const other = await app.connect('/echotest', { token: await app.token() });
      const dropped = new Promise<string>((resolve) => big.once('disconnect', (reason) => resolve(reason)));
      big.emit('offer', { _id: 1, data: { jsep: { type: 'offer', sdp: 'x'.repeat(10_000) } } });
      expect(await dropped).toBe('transport close');
      expect((await request(other, 'start')).ok).toBe(true);
    } finally {
      await app.close();
    }
  });
});

describe('heartbeat (WS_PING_INTERVAL_MS, WS_PING_TIMEOUT_MS)', () => {
  it('tells each client the configured ping interval and timeout, and pings it', async () => {
    const app = await startApp({ env: { WS_PING_INTERVAL_MS: '1500', WS_PING_TIMEOUT_MS: '4000' } });
    try {
      const socket = await app.connect('/echotest', { token: await app.token() });
      // engine.io-client keeps what the server's handshake said in these fields (it has no public accessor).
      const engine = socket.io.engine as unknown as { _pingInterval: number; _pingTimeout: number };
      expect({ interval: engine._pingInterval, timeout: engine._pingTimeout }).toEqual({
        interval: 1500,
        timeout: 4000,
      });
      // And the server pings it (within 1.5 s here, 25 s with socket.io's default).
      await new Promise<void>((resolve) => socket.io.once('ping', () => resolve()));
    } finally {
      await app.close();
    }
  });
});
