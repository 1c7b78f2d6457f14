import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppUnderTest } from '../../support/app-harness.js';
import { emit, janodeMountpoint, on } from '../../support/janode-client.js';
import { answerFor } from '../../support/sdp.js';

/**
 * Janode's streaming front-end against `/streaming`: the requests of `examples/streaming/html/streaming-client.js`
 * (Janode v1.8.0, github.com/meetecho/janode), sent as that script sends them (events without acks, `{ data, _id }`
 * or `{ _id }` alone, its exact fields, `null`s and its client-side `secret: 'adminpwd'` included), in the order its
 * handlers send them, and the replies read the way its handlers read them. Its viewer part runs as in the example
 * (no token: authentication off); its mountpoint management (`_createMp`, `_enable`, ...) is the admin role's here,
 * so that socket also carries an admin token in its handshake. Media is not exchanged (static SDP, no ICE): the
 * browser test is test/e2e/streaming.test.ts.
 */

interface Jsep {
  type: string;
  sdp: string;
}

describe("Janode's streaming front-end (examples/streaming) against /streaming", () => {
  let app: AppUnderTest;
  let recordings: string;
  /** Every `streaming-error` the script would have logged, by socket. */
  const errors: unknown[] = [];

  beforeAll(async () => {
    recordings = mkdtempSync(join(tmpdir(), 'janode-streaming-'));
    // Janode's example has no JWT: authentication off, as `npm run demo` runs.
    app = await startApp({ env: { AUTH_REQUIRED: 'false', STREAMING_RECORDING_DIR: recordings } });
  });
  afterAll(async () => {
    await app?.close();
    if (recordings) rmSync(recordings, { recursive: true, force: true });
  });

  it('_createMp, watch -> offer -> start, trickle, _pause, start, _configure, _list, _info, _stop, _enable, _disable, _startRec, _stopRec, _destroyMp', async () => {
    const manager = await app.connect('/streaming', { token: await app.token({ roles: ['admin'] }) });
    manager.on('streaming-error', (e: unknown) => errors.push(e));

    // _createMp({ audio: true, video: true }): its settings, `secret: null` and `pin: null` included.
    const name = `test_opus_vp8_${Date.now()}`;
    const createId = emit(manager, 'create', janodeMountpoint(name));
    const created = await on<Record<string, unknown>>(manager, 'created', createId);
    expect(created.data).toMatchObject({
      name,
      id: expect.any(Number),
      description: `this is ${name}`,
      audio_port: expect.any(Number),
      video_port: expect.any(Number),
    });
    const myStream = created.data.id as number;

    // The viewer page (`?stream=<id>`): `io({ ... })` with the namespace, no token.
    const socket = await app.connect('/streaming');
    socket.on('streaming-error', (e: unknown) => errors.push(e));
    // 'connect' -> scheduleConnection -> watch(): `{ id, pin: null, restart: false }`.
    const watchId = emit(socket, 'watch', { id: myStream, pin: null, restart: false });
    const offer = await on<{ jsep: Jsep; restart: boolean }>(socket, 'offer', watchId);
    expect(offer.data.restart).toBe(false);
    expect(offer.data.jsep.type).toBe('offer');
    expect(offer.data.jsep.sdp).toContain('m=audio');
    expect(offer.data.jsep.sdp).toContain('m=video');

    // 'offer' -> doAnswer(data.jsep) -> start({ jsep: answer }): `{ jsep }`. The reply is the status, `starting`.
    const startId = emit(socket, 'start', { jsep: answerFor(offer.data.jsep.sdp) });
    expect((await on<{ id: number }>(socket, 'starting', startId)).data).toEqual({ id: myStream });
    // pc.onicecandidate -> trickle({ candidate }): 'trickle' with `{ candidate }`, then 'trickle-complete' with `{}`.
    emit(socket, 'trickle', {
      candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: 'a', sdpMLineIndex: 0 },
    });
    emit(socket, 'trickle-complete', {});

    // _pause(): `{ _id }` alone; 'pausing'. start(): `{ data: {} }` resumes.
    const pauseId = emit(socket, 'pause');
    expect((await on<{ id: number }>(socket, 'pausing', pauseId)).data).toEqual({ id: myStream });
    const resumeId = emit(socket, 'start', {});
    expect((await on<{ id: number }>(socket, 'starting', resumeId)).data).toEqual({ id: myStream });

    // _configure({ audio: true, video: false }): the undefined fields vanish in JSON; 'configured' echoes the rest.
    const configureId = emit(socket, 'configure', { audio: true, video: false });
    expect((await on(socket, 'configured', configureId)).data).toEqual({ audio: true, video: false });

    // _list(): `{ _id }` alone; 'list' with data.list.
    const listId = emit(socket, 'list');
    const listed = await on<{ list: Array<{ id: number; description: string }> }>(socket, 'list', listId);
    expect(listed.data.list.find((m) => m.id === myStream)).toMatchObject({ description: `this is ${name}` });

    // _info({ id, secret: 'adminpwd' }): the client's secret is ignored; 'info' with the mountpoint.
    const infoId = emit(socket, 'info', { id: myStream, secret: 'adminpwd' });
    expect((await on<Record<string, unknown>>(socket, 'info', infoId)).data).toMatchObject({
      id: myStream,
      enabled: true,
      media: [expect.objectContaining({ mid: 'a' }), expect.objectContaining({ mid: 'v' })],
    });

    // _stop(): `{ _id }` alone; 'stopping'.
    const stopId = emit(socket, 'stop');
    expect((await on<{ id: number }>(socket, 'stopping', stopId)).data).toEqual({ id: myStream });

    // The management functions, each with `secret: 'adminpwd'` (dropped: the server's secret is used).
    const enableId = emit(manager, 'enable', { id: myStream, secret: 'adminpwd' });
    expect((await on(manager, 'enabled', enableId)).data).toEqual({ id: myStream });
    const startRecId = emit(manager, 'start-rec', { id: myStream, secret: 'adminpwd' });
    expect((await on<{ id: number }>(manager, 'rec-started', startRecId)).data.id).toBe(myStream);
    const stopRecId = emit(manager, 'stop-rec', { id: myStream, secret: 'adminpwd' });
    expect((await on(manager, 'rec-stopped', stopRecId)).data).toEqual({ id: myStream });
    // _disable() sends stop_recording: true (the default of its parameters).
    const disableId = emit(manager, 'disable', { id: myStream, stop_recording: true, secret: 'adminpwd' });
    expect((await on(manager, 'disabled', disableId)).data).toEqual({ id: myStream });
    const destroyId = emit(manager, 'destroy', { id: myStream, secret: 'adminpwd' });
    expect((await on(manager, 'destroyed', destroyId)).data).toEqual({ id: myStream });

    // Nothing the script sent was refused (its trickles have no reply to wait for: this is where they would fail).
    expect(errors).toEqual([]);

    // A request Janus refuses: 'streaming-error' with `error` (a string), the request and its `_id`.
    const failingId = emit(socket, 'watch', { id: myStream, pin: null, restart: false });
    const refused = await on<unknown>(socket, 'streaming-error', failingId);
    expect(refused).toMatchObject({
      _id: failingId,
      error: expect.any(String),
      code: 'NOT_FOUND',
      request: { id: myStream, pin: null, restart: false },
    });
    // The viewer's page has no admin role: its _createMp is refused.
    const forbiddenId = emit(socket, 'create', { name: 'x', audio: { port: 0, pt: 111, rtpmap: 'opus/48000/2' } });
    expect(await on<unknown>(socket, 'streaming-error', forbiddenId)).toMatchObject({ code: 'FORBIDDEN' });
    socket.disconnect();
    manager.disconnect();
  });
});
