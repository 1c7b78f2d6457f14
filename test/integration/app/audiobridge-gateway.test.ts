import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AudioBridgeHandle, AudioBridgeService, JanusHandle } from 'nestjs-janus';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { next, request, socketHandleInfosOf, startApp, type AppUnderTest } from '../../support/app-harness.js';
import type { AudioJoined } from '../../support/janode-client.js';
import { httpClient } from '../../support/http.js';
import { staticOffer } from '../../support/sdp.js';

type Data = Record<string, unknown>;
const ROOM_SECRET = 'audiobridge-server-secret';

type Joined = AudioJoined;

/** Every admin event of `/audiobridge`, with data that passes validation. */
const ADMIN_EVENTS: ReadonlyArray<readonly [string, Data]> = [
  ['create', {}],
  ['destroy', { room: 1234 }],
  ['kick', { room: 1234, feed: 1 }],
  ['allow', { room: 1234, action: 'enable' }],
  ['enable-recording', { room: 1234, record: false }],
  ['mute-peer', { room: 1234, feed: 1 }],
  ['unmute-peer', { room: 1234, feed: 1 }],
  ['mute-room', { room: 1234 }],
  ['unmute-room', { room: 1234 }],
  ['suspend-peer', { room: 1234, feed: 1 }],
  ['resume-peer', { room: 1234, feed: 1 }],
  ['rtp-fwd-start', { room: 1234, host: '127.0.0.1', audio_port: 9 }],
  ['rtp-fwd-stop', { room: 1234, stream: 1 }],
  ['rtp-fwd-list', { room: 1234 }],
];

/** Every REST route, with a request that passes validation. */
const ROUTES: ReadonlyArray<{ method: string; path: string; body?: Data }> = [
  { method: 'GET', path: '/api/audiobridge/rooms' },
  { method: 'POST', path: '/api/audiobridge/rooms', body: { description: 'denied' } },
  { method: 'GET', path: '/api/audiobridge/rooms/1234' },
  { method: 'PATCH', path: '/api/audiobridge/rooms/1234', body: { description: 'denied' } },
  { method: 'DELETE', path: '/api/audiobridge/rooms/1234' },
  { method: 'PUT', path: '/api/audiobridge/rooms/1234/allowed', body: { action: 'enable' } },
  { method: 'POST', path: '/api/audiobridge/rooms/1234/recording' },
  { method: 'DELETE', path: '/api/audiobridge/rooms/1234/recording' },
  { method: 'POST', path: '/api/audiobridge/rooms/1234/mute' },
  { method: 'DELETE', path: '/api/audiobridge/rooms/1234/mute' },
  { method: 'GET', path: '/api/audiobridge/rooms/1234/participants' },
  { method: 'POST', path: '/api/audiobridge/rooms/1234/participants/1/kick' },
  { method: 'POST', path: '/api/audiobridge/rooms/1234/participants/1/mute' },
  { method: 'DELETE', path: '/api/audiobridge/rooms/1234/participants/1/mute' },
  { method: 'POST', path: '/api/audiobridge/rooms/1234/participants/1/suspend' },
  { method: 'DELETE', path: '/api/audiobridge/rooms/1234/participants/1/suspend' },
  { method: 'GET', path: '/api/audiobridge/rooms/1234/forwarders' },
  { method: 'POST', path: '/api/audiobridge/rooms/1234/forwarders', body: { host: '127.0.0.1', audio_port: 9 } },
  { method: 'DELETE', path: '/api/audiobridge/rooms/1234/forwarders/1' },
];

describe('AudioBridge gateway (/audiobridge) and REST API (/api/audiobridge) against a real Janus', () => {
  let app: AppUnderTest;
  let adminToken: string;
  const open: Socket[] = [];
  /** AUDIOBRIDGE_RECORDING_DIR: Janus (same host, same user) writes the recordings here. */
  const recordings = mkdtempSync(join(tmpdir(), 'audiobridge-recordings-'));

  async function user(roles: string[] = []): Promise<Socket> {
    const socket = await app.connect('/audiobridge', { token: await app.token({ sub: `u${open.length}`, roles }) });
    open.push(socket);
    return socket;
  }

  async function joined(socket: Socket, room: number, display: string): Promise<Joined> {
    const reply = await request<Joined>(socket, 'join', { room, display });
    expect(reply.error).toBeUndefined();
    return reply.data;
  }

  /** A fresh room, created by an admin over the socket (the app gives it the server's default secret). */
  async function newRoom(extra: Data = {}): Promise<number> {
    const admin = await user(['admin']);
    const created = await request<{ room: number }>(admin, 'create', { description: 'test', ...extra });
    expect(created.error).toBeUndefined();
    admin.disconnect();
    return created.data.room;
  }

  /** The ids of the handles sockets hold on Janus right now, in every session (Admin API). */
  async function socketHandleIds(): Promise<number[]> {
    return (await socketHandleInfosOf(app.admin)).map((info) => Number(info.handle_id));
  }

  /** An HTTP request to the app as the admin (`token: null`: no Authorization header). */
  const call = httpClient<Data>(
    () => app.url,
    () => adminToken,
  );

  beforeAll(async () => {
    app = await startApp({
      env: {
        AUDIOBRIDGE_DEFAULT_SECRET: ROOM_SECRET,
        AUDIOBRIDGE_RECORDING_DIR: recordings,
        RATE_LIMIT_POINTS: '1000',
      },
    });
    adminToken = await app.token({ roles: ['admin'] });
  });
  afterAll(async () => {
    for (const s of open) s.disconnect();
    await app?.close();
    rmSync(recordings, { recursive: true, force: true });
  });

  it('every admin event needs the admin role (FORBIDDEN); a client-sent secret never reaches Janus', async () => {
    const plain = await user();
    for (const [event, data] of ADMIN_EVENTS) {
      const denied = await request(plain, event, data);
      expect({ event, error: denied.error }).toMatchObject({ event, error: { code: 'FORBIDDEN' } });
    }
    // Nothing happened to the demo room.
    expect((await request(plain, 'exists', { room: 1234 })).data).toEqual({ room: 1234, exists: true });

    // The room gets the server's secret, not the client's: Janus refuses the client's, the app's own requests work.
    const admin = await user(['admin']);
    const created = await request<{ room: number }>(admin, 'create', { description: 'x', secret: 'client-chosen' });
    const room = created.data.room;
    const withClientSecret = await app.app
      .get(AudioBridgeService)
      .destroy({ room, secret: 'client-chosen' })
      .catch((e: unknown) => e);
    expect(withClientSecret).toMatchObject({ janusCode: 489 });
    expect((await request(admin, 'destroy', { room, secret: 'client-chosen' })).data).toEqual({ room });
    expect((await request(admin, 'exists', { room })).data).toEqual({ room, exists: false });
  });

  it('bad input is refused at once with BAD_REQUEST naming the field; null is an absent field', async () => {
    const socket = await user();
    const admin = await user(['admin']);
    const bad: ReadonlyArray<readonly [Socket, string, unknown, string]> = [
      [socket, 'join', { room: 'lobby' }, 'room'],
      [socket, 'join', { room: 0 }, 'room'],
      [socket, 'join', {}, 'room'],
      [socket, 'join', { room: 1234, display: 42 }, 'display'],
      [socket, 'join', { room: 1234, display: 'a\u0000b' }, 'display'],
      [socket, 'join', { room: 1234, display: '\ud800' }, 'display'],
      [socket, 'join', { room: 1234, quality: 11 }, 'quality'],
      [socket, 'join', { room: 1234, codec: 'g722' }, 'codec'],
      [socket, 'join', { room: 1234, filename: '../../etc/x' }, 'filename'],
      [socket, 'join', { room: 1234, rtp_participant: { ip: '10.0.0.1', port: 5000 } }, 'rtp_participant'],
      [socket, 'join', [], 'data'],
      [socket, 'join', 'room', 'data'],
      [socket, 'configure', { jsep: [[]] }, 'jsep'],
      [socket, 'configure', { jsep: { type: 'pranswer', sdp: 'v=0' } }, 'jsep'],
      [socket, 'configure', { muted: 'yes' }, 'muted'],
      [socket, 'changeroom', { room: -1 }, 'room'],
      [socket, 'trickle', {}, 'candidate'],
      [socket, 'leave', { feed: 'mine' }, 'feed'],
      [socket, 'list-participants', {}, 'room'],
      [admin, 'create', { sampling_rate: 44100 }, 'sampling_rate'],
      [admin, 'create', { groups: 'a' }, 'groups'],
      [admin, 'mute-peer', { room: 1234 }, 'feed'],
      [admin, 'rtp-fwd-start', { room: 1234, host: 'example.com', audio_port: 9 }, 'host'],
      [admin, 'rtp-fwd-start', { room: 1234, host: '127.0.0.1', audio_port: 70000 }, 'audio_port'],
      [admin, 'rtp-fwd-stop', { room: 1234 }, 'stream'],
      [admin, 'enable-recording', { room: 1234 }, 'record'],
      [admin, 'allow', { room: 1234, action: 'grant' }, 'action'],
    ];
    for (const [client, event, data, field] of bad) {
      const started = Date.now();
      const reply = await request(client, event, data);
      expect({ event, data, error: reply.error }).toMatchObject({
        error: { code: 'BAD_REQUEST', message: expect.stringContaining(field) },
      });
      expect(Date.now() - started).toBeLessThan(2000);
    }

    // null for every optional field: as if absent (Janode's front-end sends them so).
    const room = await newRoom({ pin: null, groups: null, bitrate: null, talking_events: null, is_private: null });
    const join = await request<Joined>(socket, 'join', {
      room,
      feed: null,
      display: null,
      muted: null,
      token: null,
      pin: null,
      group: null,
      suspended: null,
      rtp_participant: null,
      quality: null,
    });
    expect(join.data).toEqual({ room, feed: expect.any(Number), participants: [] });
    const configured = await request<Data>(socket, 'configure', { display: null, muted: null, jsep: null });
    expect(configured.data).toEqual({ room, feed: join.data.feed });
    const trickled = await request(socket, 'trickle', {
      candidate: {
        candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host',
        sdpMid: '0',
        sdpMLineIndex: null,
      },
    });
    expect(trickled.ok).toBe(true);
    const changed = await request<Joined>(socket, 'changeroom', { room: 1234, feed: null, display: null });
    expect(changed.data).toMatchObject({ room: 1234, feed: expect.any(Number) });
  });

  it('errors from Janus and about the socket: NOT_FOUND (485), FORBIDDEN (489) for a PIN, handle-not-available', async () => {
    const socket = await user();
    // No session yet: nothing to configure.
    const early = await request(socket, 'configure', { muted: true });
    expect(early.error).toMatchObject({ code: 'SESSION_NOT_AVAILABLE', message: 'session-not-available' });

    const errorEvent = next<Data>(socket, 'audiobridge-error');
    const missing = await request(socket, 'join', { room: 987654321, display: 'x' }, 'r1');
    expect(missing).toMatchObject({ _id: 'r1', ok: false, error: { code: 'NOT_FOUND', janusCode: 485 } });
    expect(await errorEvent).toMatchObject({ _id: 'r1', code: 'NOT_FOUND', request: { room: 987654321 } });

    const pinned = await newRoom({ pin: 'open-sesame' });
    expect((await request(socket, 'join', { room: pinned })).error).toMatchObject({
      code: 'FORBIDDEN',
      janusCode: 489,
    });
    expect((await request(socket, 'join', { room: pinned, pin: 'wrong' })).error).toMatchObject({ code: 'FORBIDDEN' });
    const me = await request<Joined>(socket, 'join', { room: pinned, pin: 'open-sesame', display: 'me' });
    expect(me.ok).toBe(true);

    // leave names another feed: not this socket's.
    expect((await request(socket, 'leave', { feed: me.data.feed + 1 })).error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'handle-not-available',
    });
    expect((await request(socket, 'leave', { feed: me.data.feed })).data).toEqual({ room: pinned, feed: me.data.feed });
    // After leave, the socket has no participant.
    for (const event of ['configure', 'hangup', 'leave', 'trickle-complete', 'changeroom']) {
      const reply = await request(socket, event, event === 'changeroom' ? { room: 1234 } : {});
      expect({ event, error: reply.error }).toMatchObject({
        error: { code: 'NOT_FOUND', message: 'handle-not-available' },
      });
    }
    // Errors never escape as socket.io's `exception` event.
    let exceptions = 0;
    socket.on('exception', () => exceptions++);
    await request(socket, 'join', { room: 'x' });
    expect(exceptions).toBe(0);
  });

  it('changeroom: the old room sees the participant leave, the new one sees it join; destroy and kick are pushed', async () => {
    const roomA = await newRoom({ sampling_rate: 16000 });
    const roomB = await newRoom({ sampling_rate: 16000 });
    const mover = await user();
    const stayer = await user();
    const waiter = await user();
    const moverFeed = (await joined(mover, roomA, 'mover')).feed;
    await joined(stayer, roomA, 'stayer');
    const waiterFeed = (await joined(waiter, roomB, 'waiter')).feed;
    // The mover has media negotiated: its PeerConnection goes along.
    const offer = await request<{ jsep: { type: string } }>(mover, 'configure', {
      jsep: staticOffer({ video: false }),
    });
    expect(offer.data.jsep.type).toBe('answer');

    const leftA = next<{ data: Data }>(stayer, 'peer-leaving');
    const arrivedB = next<{ data: Data }>(waiter, 'peer-joined');
    const changed = await request<Joined>(mover, 'changeroom', { room: roomB, display: 'moved' });
    expect(changed.data).toMatchObject({ room: roomB, display: 'moved', feed: expect.any(Number) });
    expect(changed.data.participants).toEqual([{ feed: waiterFeed, display: 'waiter', muted: false, setup: false }]);
    expect((await leftA).data).toEqual({ room: roomA, feed: moverFeed });
    expect((await arrivedB).data).toMatchObject({ room: roomB, feed: changed.data.feed, display: 'moved' });

    // The mover's requests now concern room B.
    const renamed = await request<Data>(mover, 'configure', { display: 'moved-again' });
    expect(renamed.data).toMatchObject({ room: roomB, feed: changed.data.feed, display: 'moved-again' });

    // Kick (by REST): the kicked socket and the others are told; the kicked socket's participant is gone.
    const kickedSelf = next<{ data: Data }>(waiter, 'kicked');
    const peerKicked = next<{ data: Data }>(mover, 'peer-kicked');
    expect((await call('POST', `/api/audiobridge/rooms/${roomB}/participants/${waiterFeed}/kick`)).status).toBe(204);
    expect((await kickedSelf).data).toEqual({ room: roomB, feed: waiterFeed });
    expect((await peerKicked).data).toEqual({ room: roomB, feed: waiterFeed });
    await expect.poll(async () => (await request(waiter, 'configure', {})).error?.message).toBe('handle-not-available');

    // Destroy: the participants are told, and their participant is gone.
    const destroyed = next<{ data: Data }>(mover, 'destroyed');
    expect((await call('DELETE', `/api/audiobridge/rooms/${roomB}`)).status).toBe(204);
    expect((await destroyed).data).toEqual({ room: roomB });
    await expect.poll(async () => (await request(mover, 'configure', {})).error?.message).toBe('handle-not-available');
  });

  it('changeroom into a room with groups needs a valid group; a refused move leaves Janus answering and the participant home', async () => {
    // Janus 1.1.2's own changeroom, refused for the group, kept its room list locked: every AudioBridge request (and
    // soon every new handle) after it hung. The app moves with leave + join on Janus before 1.2.4.
    const home = await newRoom({ sampling_rate: 16000 });
    const grouped = await newRoom({ sampling_rate: 16000, groups: ['red', 'blue'] });
    const mover = await user();
    const feed = (await joined(mover, home, 'mover')).feed;
    const watcher = await user();
    await joined(watcher, home, 'watcher');

    const missing = await request(mover, 'changeroom', { room: grouped });
    expect(missing.error).toMatchObject({ code: 'BAD_REQUEST', janusCode: 483 });
    const unknown = await request(mover, 'changeroom', { room: grouped, group: 'green' });
    expect(unknown.error).toMatchObject({ code: 'NOT_FOUND', janusCode: 494 });
    // Janus still answers AudioBridge requests and new handles, and the mover is back home with its id.
    const participants = async (room: number): Promise<number[]> => {
      const reply = await request<Joined>(watcher, 'list-participants', { room });
      return reply.data.participants.map((p) => p.feed);
    };
    expect(await participants(home)).toContain(feed);
    const late = await user();
    expect((await request(late, 'join', { room: grouped, display: 'late', group: 'red' })).error).toBeUndefined();

    const moved = await request<Joined>(mover, 'changeroom', { room: grouped, group: 'blue' });
    expect(moved.error).toBeUndefined();
    expect(moved.data.room).toBe(grouped);
    expect(await participants(grouped)).toContain(moved.data.feed);
    expect(await participants(home)).not.toContain(feed);
  });

  it('REST: rooms, participants (mute, kick), room mute, allowed list, recording, forwarders; admin role only', async () => {
    // Every route needs a token (401) with the admin role (403).
    const plain = await app.token();
    for (const { method, path, body } of ROUTES) {
      expect({ method, path, status: (await call(method, path, { body, token: null })).status }).toEqual({
        method,
        path,
        status: 401,
      });
      expect({ method, path, status: (await call(method, path, { body, token: plain })).status }).toEqual({
        method,
        path,
        status: 403,
      });
    }

    const created = await call<{ room: number; permanent: boolean }>('POST', '/api/audiobridge/rooms', {
      body: { description: 'rest room', sampling_rate: 16000, talking_events: true, secret: 'client' },
    });
    expect(created.status).toBe(201);
    const room = created.body.room;
    expect(created.headers.get('location')).toBe(`/api/audiobridge/rooms/${room}`);
    expect(created.body).toEqual({ room, permanent: false });

    const listed = await call<{ rooms: Array<{ room: number }> }>('GET', '/api/audiobridge/rooms');
    expect(listed.body.rooms.map((r) => r.room)).toEqual(expect.arrayContaining([1234, room]));
    const described = await call('GET', `/api/audiobridge/rooms/${room}`);
    expect(described.body).toMatchObject({ room, description: 'rest room', sampling_rate: 16000 });
    const edited = await call('PATCH', `/api/audiobridge/rooms/${room}`, { body: { description: 'renamed' } });
    expect(edited.body).toMatchObject({ room, description: 'renamed' });

    const member = await user();
    const memberFeed = (await joined(member, room, 'member')).feed;
    const participants = await call('GET', `/api/audiobridge/rooms/${room}/participants`);
    expect(participants.body).toEqual({
      room,
      participants: [{ feed: memberFeed, display: 'member', muted: false, setup: false }],
    });

    const muted = next<{ data: Data }>(member, 'configured');
    expect((await call('POST', `/api/audiobridge/rooms/${room}/participants/${memberFeed}/mute`)).status).toBe(204);
    expect((await muted).data).toMatchObject({ room, feed: memberFeed, muted: true });
    expect((await call('DELETE', `/api/audiobridge/rooms/${room}/participants/${memberFeed}/mute`)).status).toBe(204);
    const roomMuted = next<{ data: Data }>(member, 'room-muted-update');
    expect((await call('POST', `/api/audiobridge/rooms/${room}/mute`)).status).toBe(204);
    expect((await roomMuted).data).toEqual({ room, muted: true });
    expect((await call('DELETE', `/api/audiobridge/rooms/${room}/mute`)).status).toBe(204);

    const allowed = await call('PUT', `/api/audiobridge/rooms/${room}/allowed`, {
      body: { action: 'add', list: ['t1'] },
    });
    expect(allowed.body).toEqual({ room, list: ['t1'] });
    const recording = await call('POST', `/api/audiobridge/rooms/${room}/recording`, {
      body: { filename: 'rest-mix' },
    });
    expect(recording.body).toEqual({ room, record: true });
    expect((await call('DELETE', `/api/audiobridge/rooms/${room}/recording`)).status).toBe(204);

    const forwarding = await call<{ forwarder: { audio_stream: number } }>(
      'POST',
      `/api/audiobridge/rooms/${room}/forwarders`,
      { body: { host: '127.0.0.1', audio_port: 9, always: true } },
    );
    expect(forwarding.status).toBe(201);
    const stream = forwarding.body.forwarder.audio_stream;
    expect((await call('GET', `/api/audiobridge/rooms/${room}/forwarders`)).body).toEqual({
      room,
      forwarders: [{ audio_stream: stream, host: '127.0.0.1', audio_port: 9, always: true }],
    });
    expect((await call('DELETE', `/api/audiobridge/rooms/${room}/forwarders/${stream}`)).status).toBe(204);

    // Janus 1.1.2 has no suspend (1.2.1+): its refusal with its code.
    const suspend = await call('POST', `/api/audiobridge/rooms/${room}/participants/${memberFeed}/suspend`);
    expect(suspend).toMatchObject({ status: 502, body: { code: 'JANUS_ERROR', janusCode: 482 } });

    // Errors of the one error table.
    expect(await call('GET', '/api/audiobridge/rooms/987654321')).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND', janusCode: 485 },
    });
    expect(await call('POST', `/api/audiobridge/rooms/${room}/participants/424242/kick`)).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND', janusCode: 492 },
    });
    expect(await call('POST', '/api/audiobridge/rooms', { body: { room } })).toMatchObject({
      status: 409,
      body: { code: 'CONFLICT', janusCode: 486 },
    });
    expect(await call('GET', '/api/audiobridge/rooms/lobby')).toMatchObject({
      status: 400,
      body: { code: 'BAD_REQUEST', message: expect.stringContaining('room') },
    });
    expect(await call('POST', '/api/audiobridge/rooms', { body: { sampling_rate: 1 } })).toMatchObject({
      status: 400,
      body: { code: 'BAD_REQUEST', message: expect.stringContaining('sampling_rate') },
    });

    // The OpenAPI document describes every route: Bearer security, the error responses, no secret anywhere.
    const openapi = await call<{
      paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>;
    }>('GET', '/api/docs-json', { token: null });
    for (const { method, path } of ROUTES) {
      const documented = path
        .replace('/1234', '/{room}')
        .replace('/participants/1/', '/participants/{feed}/')
        .replace('/forwarders/1', '/forwarders/{stream}');
      const operation = openapi.body.paths[documented]?.[method.toLowerCase()];
      expect({ method, documented, security: operation?.security }).toEqual({
        method,
        documented,
        security: [{ bearer: [] }],
      });
      expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['400', '401', '403']));
    }
    expect(JSON.stringify(openapi.body.paths)).not.toMatch(/"(secret|admin_key)"/);

    const destroyed = next<{ data: Data }>(member, 'destroyed');
    expect((await call('DELETE', `/api/audiobridge/rooms/${room}`)).status).toBe(204);
    expect((await destroyed).data).toEqual({ room });
  });

  it("a socket's participant handle (and any Janus session of its own) is gone when the socket goes, mid-join too", async () => {
    const sessionsBefore = await app.sessions();
    const handlesBefore = await socketHandleIds();
    const newHandles = async (): Promise<number[]> =>
      (await socketHandleIds()).filter((h) => !handlesBefore.includes(h));
    const socket = await user();
    const me = await joined(socket, 1234, 'leaving soon');
    await request(socket, 'configure', { jsep: staticOffer({ video: false }) });
    const [participant, ...others] = await newHandles();
    expect(others).toEqual([]);
    expect(participant).toBeTypeOf('number');

    // A second join on the same socket replaces its participant: one handle still.
    const again = await joined(socket, 1234, 'again');
    expect(again.feed).not.toBe(me.feed);
    const replaced = await newHandles();
    expect(replaced).toHaveLength(1);
    expect(replaced).not.toContain(participant);

    // Sockets that go away at once, while their join is under way.
    const quick = await Promise.all(Array.from({ length: 4 }, () => user()));
    for (const s of quick) {
      s.emit('join', { _id: 1, data: { room: 1234, display: 'gone' } });
      s.disconnect();
    }
    socket.disconnect();
    await expect.poll(newHandles, { timeout: 5000, interval: 50 }).toEqual([]);
    await expect
      .poll(async () => (await app.sessions()).filter((s) => !sessionsBefore.includes(s)), {
        timeout: 5000,
        interval: 50,
      })
      .toEqual([]);
    // None of their participants is left in the room.
    const theirs = async (): Promise<unknown[]> => {
      const { participants } = await app.app.get(AudioBridgeService).listParticipants({ room: 1234 });
      return participants.filter((p) => ['leaving soon', 'again', 'gone'].includes(p.display ?? ''));
    };
    await expect.poll(theirs, { timeout: 5000, interval: 50 }).toEqual([]);
  });

  it('a participant whose socket goes leaves its room before its handle is detached', async () => {
    // Detaching a handle that is still in a room races the room's notifications when many leave at once (Janus
    // logs `Invalid plugin session`): the app sends `leave` first, as it does for VideoRoom publishers.
    const leave = vi.spyOn(AudioBridgeHandle.prototype, 'leave');
    const detach = vi.spyOn(JanusHandle.prototype, 'detach');
    try {
      const socket = await user();
      await joined(socket, 1234, 'goes');
      expect(leave).not.toHaveBeenCalled();
      socket.disconnect();
      await expect.poll(() => leave.mock.contexts.length, { timeout: 5000, interval: 20 }).toBe(1);
      const participant = leave.mock.contexts[0];
      await expect.poll(() => detach.mock.contexts.includes(participant), { timeout: 5000, interval: 20 }).toBe(true);
      const detached = detach.mock.invocationCallOrder[detach.mock.contexts.indexOf(participant)];
      expect(leave.mock.invocationCallOrder[0]).toBeLessThan(detached);
    } finally {
      leave.mockRestore();
      detach.mockRestore();
    }
  });

  it('rate limits joins per socket with RATE_LIMITED; without AUDIOBRIDGE_RECORDING_DIR recording is FORBIDDEN', async () => {
    const limited = await startApp({ env: { RATE_LIMIT_POINTS: '2', RATE_LIMIT_WINDOW_S: '60' } });
    try {
      const socket = await limited.connect('/audiobridge', { token: await limited.token({ roles: ['admin'] }) });
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await request(socket, 'join', { room: 1234, display: `d${i}` }));
      expect(results.slice(0, 2).every((r) => r.ok)).toBe(true);
      expect(results[2].error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('join') });

      // No recording folder: Janus would write wherever it runs. Refused before anything reaches Janus.
      const off = { code: 'FORBIDDEN', message: expect.stringContaining('AUDIOBRIDGE_RECORDING_DIR') };
      expect((await request(socket, 'enable-recording', { room: 1234, record: true })).error).toMatchObject(off);
      expect((await request(socket, 'configure', { record: true })).error).toMatchObject(off);
      expect((await request(socket, 'create', { record: true })).error).toMatchObject(off);
      // Stopping needs no folder.
      expect((await request(socket, 'enable-recording', { room: 1234, record: false })).data).toEqual({
        room: 1234,
        record: false,
      });
    } finally {
      await limited.close();
    }
  });
});
