import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JanusPluginError, StreamingErrorCode, StreamingService } from 'nestjs-janus';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { next, request, startApp, type AppUnderTest } from '../../support/app-harness.js';
import { janodeMountpoint, rtpMountpointBody } from '../../support/janode-client.js';
import { httpClient } from '../../support/http.js';
import { answerFor, sdpIdentity } from '../../support/sdp.js';

type Json = Record<string, unknown>;
interface ErrorBody {
  code: string;
  message: string;
  janusCode?: number;
}

const SECRET = 'streaming-secret-from-config';
/** Watches per socket in a rate-limit window: the rate-limit case spends them all. */
const RATE_POINTS = 6;

describe('Streaming gateway (/streaming) and REST API (/api/streaming/mountpoints) against a real Janus', () => {
  let app: AppUnderTest;
  let recordings: string;
  let adminToken: string;
  let admin: Socket;

  /** A REST request as the admin (or with `token`; `null`: no Authorization header). */
  const call = httpClient<Json>(
    () => app.url,
    () => adminToken,
  );

  /** A viewer socket (no role). */
  async function viewer(): Promise<Socket> {
    return app.connect('/streaming', { token: await app.token({ sub: 'viewer' }) });
  }

  /** Creates a Janode-style mountpoint (through the REST API: the socket's `create` is rate limited); its id. */
  async function create(name: string): Promise<number> {
    const created = await call<{ id: number }>('POST', '/api/streaming/mountpoints', {
      body: rtpMountpointBody(name),
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  /** The app's own session (its managed Streaming handle's). */
  let ownSessions: number[] = [];
  /** How many handles sockets hold on Janus right now (Admin API; the app's managed Streaming handle is not one). */
  async function handles(): Promise<number> {
    return (await app.socketHandles()).length;
  }

  beforeAll(async () => {
    recordings = mkdtempSync(join(tmpdir(), 'streaming-recordings-'));
    app = await startApp({
      env: {
        STREAMING_DEFAULT_SECRET: SECRET,
        STREAMING_RECORDING_DIR: recordings,
        RATE_LIMIT_POINTS: String(RATE_POINTS),
      },
    });
    adminToken = await app.token({ sub: 'the-admin', roles: ['admin'] });
    admin = await app.connect('/streaming', { token: adminToken });
    // The app's managed Streaming handle (attached on first use, on the app's shared session).
    await request(admin, 'list');
    ownSessions = await app.sessions();
  });
  afterAll(async () => {
    await app?.close();
    if (recordings) rmSync(recordings, { recursive: true, force: true });
  });

  it('create as Janode shapes it: the ports to feed, the server-side secret, list and info by role', async () => {
    const createdEvent = next<{ _id: number; data: Json }>(admin, 'created');
    const created = await request<Json>(admin, 'create', janodeMountpoint('first'), 11);
    expect(created.ok).toBe(true);
    const id = created.data.id as number;
    expect(created.data).toMatchObject({
      id: expect.any(Number),
      name: 'first',
      description: 'this is first',
      type: 'live',
      is_private: false,
      permanent: false,
      audio_port: expect.any(Number),
      video_port: expect.any(Number),
    });
    expect((created.data.ports as Json[]).map((p) => [p.type, p.mid])).toEqual([
      ['audio', 'a'],
      ['video', 'v'],
    ]);
    expect((await createdEvent)._id).toBe(11);

    // The mountpoint has the server's secret: Janus refuses a destroy without it.
    const refused = await app.app
      .get(StreamingService)
      .destroy({ id })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(JanusPluginError);
    expect([StreamingErrorCode.MISSING_ELEMENT, StreamingErrorCode.UNAUTHORIZED]).toContain(
      (refused as JanusPluginError).janusCode,
    );

    const user = await viewer();
    const listed = await request<{ list: Json[] }>(user, 'list');
    expect(listed.data.list.find((m) => m.id === id)).toMatchObject({ description: 'this is first', enabled: true });
    // A viewer's info: the public details only.
    const publicInfo = await request<Json>(user, 'info', { id, secret: 'adminpwd' });
    expect(publicInfo.data).toMatchObject({ id, enabled: true, type: 'live' });
    expect(publicInfo.data).not.toHaveProperty('name');
    expect(publicInfo.data).not.toHaveProperty('viewers');
    // The admin's: with the server's secret, so with name and viewers; the secret itself never shows.
    const fullInfo = await request<Json>(admin, 'info', { id });
    expect(fullInfo.data).toMatchObject({ id, name: 'first', viewers: 0 });
    expect(JSON.stringify(fullInfo.data)).not.toContain(SECRET);
    user.disconnect();
  });

  it('administration needs the admin role: refused at once with FORBIDDEN', async () => {
    const id = await create('guarded');
    const user = await viewer();
    for (const [event, data] of [
      ['create', janodeMountpoint('nope')],
      ['destroy', { id }],
      ['enable', { id }],
      ['disable', { id, stop_recording: true }],
      ['start-rec', { id }],
      ['stop-rec', { id }],
      ['edit', { id, description: 'x' }],
      ['kick-all', { id }],
    ] as const) {
      const error = next<{ code: string; _id: number }>(user, 'streaming-error');
      const refused = await request(user, event, data, event);
      expect({ event, ok: refused.ok, code: refused.error?.code }).toEqual({ event, ok: false, code: 'FORBIDDEN' });
      expect(await error).toMatchObject({ _id: event, code: 'FORBIDDEN' });
    }
    expect((await request<Json>(admin, 'info', { id })).data).toMatchObject({ id, enabled: true });
    user.disconnect();
  });

  it('a viewer: watch -> offer, start -> starting, pause, resume, configure, switch, kick-all, stop', async () => {
    const first = await create('viewer-a');
    const second = await create('viewer-b');
    const socket = await viewer();
    // Janode's watch: `{ id, pin: null, restart: false }` (null = absent).
    const offerEvent = next<{ _id: number; data: Json }>(socket, 'offer');
    const watched = await request<{ jsep: { type: string; sdp: string }; restart: boolean }>(
      socket,
      'watch',
      { id: first, pin: null, restart: false },
      21,
    );
    expect(watched.ok).toBe(true);
    expect(watched.data.restart).toBe(false);
    expect(watched.data.jsep.type).toBe('offer');
    expect(watched.data.jsep.sdp).toContain('m=video');
    expect((await offerEvent)._id).toBe(21);
    expect(await handles()).toBe(1);

    const pc = sdpIdentity();
    const starting = next<{ data: Json }>(socket, 'starting');
    expect(await request(socket, 'start', { jsep: answerFor(watched.data.jsep.sdp, pc) })).toMatchObject({
      ok: true,
      data: { id: first },
    });
    expect((await starting).data).toEqual({ id: first });
    expect((await request<Json>(admin, 'info', { id: first })).data.viewers).toBe(1);

    // Janode's watch with `restart: true`: the same handle, an ICE-restart offer, answered with start.
    const restarted = await request<{ jsep: { type: string; sdp: string }; restart: boolean }>(socket, 'watch', {
      id: first,
      pin: null,
      restart: true,
    });
    expect(restarted.data).toMatchObject({ restart: true, jsep: { type: 'offer' } });
    expect(await handles()).toBe(1);
    const restartedPc = { ...sdpIdentity(), fingerprint: pc.fingerprint };
    expect((await request(socket, 'start', { jsep: answerFor(restarted.data.jsep.sdp, restartedPc) })).ok).toBe(true);

    const pausing = next<{ data: Json }>(socket, 'pausing');
    expect((await request(socket, 'pause')).ok).toBe(true);
    expect((await pausing).data).toEqual({ id: first });
    expect((await request(socket, 'start', {})).ok).toBe(true);

    const configured = await request<Json>(socket, 'configure', { audio: false, video: true, substream: null });
    expect(configured).toMatchObject({ ok: true, data: { audio: false, video: true } });
    expect(configured.data).not.toHaveProperty('substream');

    const switched = await request<Json>(socket, 'switch', { id: second });
    expect(switched.data).toEqual({ id: second, switched: 'ok' });
    expect((await request<Json>(admin, 'info', { id: second })).data.viewers).toBe(1);
    expect((await request<Json>(admin, 'info', { id: first })).data.viewers).toBe(0);

    const kicked = next<{ data: Json }>(socket, 'kicked');
    expect(await request(admin, 'kick-all', { id: second })).toMatchObject({ ok: true, data: { id: second } });
    expect((await kicked).data).toEqual({ id: second });

    // Watch again; `stop` before the PeerConnection is up (never here: no ICE): the handle goes, the reply comes.
    const again = await request<Json>(socket, 'watch', { id: first });
    expect(again.ok).toBe(true);
    expect(await request(socket, 'stop')).toMatchObject({ ok: true, data: { id: first } });
    expect(await handles()).toBe(0);
    const afterStop = await request(socket, 'pause');
    expect(afterStop.error).toMatchObject({ code: 'NOT_FOUND', message: 'handle-not-available' });
    socket.disconnect();
  });

  it('recording to STREAMING_RECORDING_DIR; disable with stop_recording stops it first (Janus survives); destroy', async () => {
    const id = await create('recorded');
    const started = await request<{ id: number; files: Array<{ mid: string; filename: string }> }>(admin, 'start-rec', {
      id,
      secret: 'adminpwd',
    });
    expect(started.ok).toBe(true);
    expect(started.data.files.map((f) => f.mid)).toEqual(['a', 'v']);
    for (const file of started.data.files) expect(file.filename.startsWith(`${recordings}/`)).toBe(true);
    const media = (await request<{ media: Json[] }>(admin, 'info', { id })).data.media;
    expect(media.map((m) => typeof m.recording)).toEqual(['string', 'string']);
    expect(readdirSync(recordings).filter((f) => f.endsWith('.mjr'))).toHaveLength(2);

    // Janode's disable sends stop_recording: true.
    const disabled = next<{ data: Json }>(admin, 'disabled');
    expect(await request(admin, 'disable', { id, stop_recording: true, secret: 'adminpwd' })).toMatchObject({
      ok: true,
    });
    expect((await disabled).data).toEqual({ id });
    const info = (await request<{ enabled: boolean; media: Json[] }>(admin, 'info', { id })).data;
    expect(info.enabled).toBe(false);
    expect(info.media.map((m) => m.recording)).toEqual([undefined, undefined]);
    // Disabling a mountpoint that records nothing, with stop_recording (Janus alone would crash on it).
    expect((await request(admin, 'disable', { id, stop_recording: true })).ok).toBe(true);
    expect(await request(admin, 'enable', { id })).toMatchObject({ ok: true, data: { id } });
    expect((await request(admin, 'stop-rec', { id })).ok).toBe(true);

    expect(await request(admin, 'destroy', { id })).toMatchObject({ ok: true, data: { id } });
    const gone = await request(admin, 'info', { id });
    expect(gone.error).toMatchObject({ code: 'NOT_FOUND', janusCode: 455 });
    expect(existsSync(recordings)).toBe(true);
  });

  it('validation: bad input is BAD_REQUEST at once, null is absent, requests without a viewer are handle-not-available', async () => {
    const socket = await viewer();
    const cases: Array<[string, unknown]> = [
      ['watch', { id: 'one' }],
      ['watch', { id: 0 }],
      ['watch', { id: 1.5 }],
      ['watch', { pin: 'x' }],
      ['watch', { id: 1, pin: 'a\u0000b' }],
      ['watch', { id: 1, media: ['ok', 'not a mid'] }],
      ['watch', 'not an object'],
      ['info', {}],
      ['switch', { id: -3 }],
      ['configure', { substream: 7 }],
      ['start', { jsep: { type: 'pranswer', sdp: 'v=0' } }],
      ['trickle', {}],
      ['trickle', { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' }],
    ];
    for (const [event, data] of cases) {
      const startedAt = Date.now();
      const refused = await request(socket, event, data);
      expect({ event, data, code: refused.error?.code }).toEqual({ event, data, code: 'BAD_REQUEST' });
      expect(Date.now() - startedAt).toBeLessThan(1000);
    }
    const adminCases: Array<[string, unknown]> = [
      ['create', { name: 'no media' }],
      ['create', { audio: { port: 70_000 } }],
      ['create', { video: { rtpmap: 'VP8' } }],
      ['create', { media: [{ type: 'video', mid: 'v', port: 0, codec: 'theora' }] }],
      ['destroy', { id: null }],
      ['edit', { id: 5, description: 7 }],
    ];
    for (const [event, data] of adminCases) {
      const refused = await request(admin, event, data);
      expect({ event, data, code: refused.error?.code }).toEqual({ event, data, code: 'BAD_REQUEST' });
    }
    // An answer to nothing: no viewer yet.
    for (const event of ['start', 'pause', 'stop', 'configure', 'switch', 'trickle-complete']) {
      const refused = await request(socket, event, event === 'switch' ? { id: 1 } : {});
      expect({ event, error: refused.error }).toMatchObject({
        event,
        error: { code: 'NOT_FOUND', message: 'handle-not-available' },
      });
    }
    // A mountpoint that does not exist: Janus's 455.
    const missing = await request(socket, 'watch', { id: 987_654_321 });
    expect(missing.error).toMatchObject({ code: 'NOT_FOUND', janusCode: 455 });
    expect(await handles()).toBe(0);
    socket.disconnect();
  });

  it('rate limit: watch requests beyond RATE_LIMIT_POINTS in the window are RATE_LIMITED', async () => {
    const id = await create('popular');
    const socket = await viewer();
    for (let i = 0; i < RATE_POINTS; i++) expect((await request(socket, 'watch', { id })).ok).toBe(true);
    const limited = await request(socket, 'watch', { id });
    expect(limited.error).toMatchObject({ code: 'RATE_LIMITED' });
    // Each watch replaced the previous handle: one is left.
    expect(await handles()).toBe(1);
    socket.disconnect();
  });

  it("a socket's viewer handle (and any session of its own) is gone from Janus when it disconnects", async () => {
    const id = await create('leaving');
    // The sockets of the cases before are gone with their sessions.
    await expect.poll(() => app.sessions(), { timeout: 5000, interval: 50 }).toEqual(ownSessions);
    const socket = await viewer();
    expect((await request(socket, 'watch', { id })).ok).toBe(true);
    expect(await handles()).toBe(1);
    socket.disconnect();
    await expect.poll(() => handles(), { timeout: 5000, interval: 50 }).toBe(0);
    await expect.poll(() => app.sessions(), { timeout: 5000, interval: 50 }).toEqual(ownSessions);
  });

  it('REST: admin only; create (rtp, file), list, describe, edit, disable/enable, recording, kick-all, destroy', async () => {
    const user = await app.token({ sub: 'plain', roles: ['viewer'] });
    expect((await call<ErrorBody>('GET', '/api/streaming/mountpoints', { token: null })).status).toBe(401);
    expect((await call<ErrorBody>('GET', '/api/streaming/mountpoints', { token: user })).body).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await call('POST', '/api/streaming/mountpoints', { token: user, body: { type: 'rtp' } })).status).toBe(403);

    const created = await call<{ id: number; ports: Array<{ mid: string; port: number }> }>(
      'POST',
      '/api/streaming/mountpoints',
      {
        body: {
          type: 'rtp',
          description: 'rest rtp',
          is_private: false,
          secret: 'ignored',
          media: [{ type: 'video', mid: 'v', port: 0, pt: 96, codec: 'vp8', iface: '127.0.0.1' }],
        },
      },
    );
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.headers.get('location')).toBe(`/api/streaming/mountpoints/${id}`);
    expect(created.body.ports).toEqual([expect.objectContaining({ mid: 'v', port: expect.any(Number) })]);

    const listed = await call<{ mountpoints: Json[] }>('GET', '/api/streaming/mountpoints');
    expect(listed.body.mountpoints.find((m) => m.id === id)).toMatchObject({ description: 'rest rtp' });
    expect((await call<Json>('GET', `/api/streaming/mountpoints/${id}`)).body).toMatchObject({ id, viewers: 0 });
    const edited = await call<Json>('PATCH', `/api/streaming/mountpoints/${id}`, {
      body: { description: 'renamed', metadata: 'm1', pin: null },
    });
    expect(edited).toMatchObject({ status: 200, body: { id, description: 'renamed', metadata: 'm1' } });

    expect((await call('POST', `/api/streaming/mountpoints/${id}/disable`, { body: {} })).status).toBe(204);
    expect((await call<Json>('GET', `/api/streaming/mountpoints/${id}`)).body.enabled).toBe(false);
    expect((await call('POST', `/api/streaming/mountpoints/${id}/enable`)).status).toBe(204);
    const recording = await call<{ files: Json[] }>('POST', `/api/streaming/mountpoints/${id}/recording`);
    expect(recording).toMatchObject({ status: 200, body: { id, files: [{ mid: 'v' }] } });
    expect((await call('DELETE', `/api/streaming/mountpoints/${id}/recording`)).status).toBe(204);
    expect((await call('POST', `/api/streaming/mountpoints/${id}/kick-all`)).status).toBe(204);

    for (const body of [
      { type: 'rtp' },
      { type: 'rtp', media: [] },
      { type: 'ondemand', filename: 'relative.opus' },
      { type: 'rtsp', url: 'http://127.0.0.1/x' },
      { type: 'srt' },
    ]) {
      const refused = await call<ErrorBody>('POST', '/api/streaming/mountpoints', { body });
      expect({ body, status: refused.status, code: refused.body.code }).toEqual({
        body,
        status: 400,
        code: 'BAD_REQUEST',
      });
    }
    expect((await call<ErrorBody>('GET', '/api/streaming/mountpoints/abc')).status).toBe(400);

    expect((await call('DELETE', `/api/streaming/mountpoints/${id}`)).status).toBe(204);
    expect((await call<ErrorBody>('GET', `/api/streaming/mountpoints/${id}`)).body).toMatchObject({
      code: 'NOT_FOUND',
      janusCode: 455,
    });
  });
});
