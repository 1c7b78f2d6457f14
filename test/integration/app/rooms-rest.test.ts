import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { JanusService, VideoRoomService } from 'nestjs-janus';
import { filter, firstValueFrom } from 'rxjs';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcedRemoteFeed, next, request, startApp, type AppUnderTest } from '../../support/app-harness.js';
import { httpClient } from '../../support/http.js';

const ROOM_SECRET = 'server-side-secret';
const ADMIN_KEY = 'server-side-admin-key';

interface ErrorBody {
  code: string;
  message: string;
  janusCode?: number;
}
type Json = Record<string, unknown>;

/** Every route of the room administration API, with a request that would pass validation. */
const ROUTES: ReadonlyArray<{ method: string; path: string; body?: Json }> = [
  { method: 'GET', path: '/api/rooms' },
  { method: 'POST', path: '/api/rooms', body: { description: 'denied' } },
  { method: 'GET', path: '/api/rooms/1234' },
  { method: 'PATCH', path: '/api/rooms/1234', body: { description: 'denied' } },
  { method: 'DELETE', path: '/api/rooms/1234' },
  { method: 'GET', path: '/api/rooms/1234/participants' },
  { method: 'POST', path: '/api/rooms/1234/participants/1/kick' },
  { method: 'POST', path: '/api/rooms/1234/participants/1/moderate', body: { mid: '0', mute: true } },
  { method: 'PUT', path: '/api/rooms/1234/allowed', body: { action: 'enable' } },
  { method: 'POST', path: '/api/rooms/1234/recording' },
  { method: 'DELETE', path: '/api/rooms/1234/recording' },
  { method: 'GET', path: '/api/rooms/1234/forwarders' },
  {
    method: 'POST',
    path: '/api/rooms/1234/forwarders',
    body: { feed: 1, host: '127.0.0.1', streams: [{ mid: '0', port: 9 }] },
  },
  { method: 'DELETE', path: '/api/rooms/1234/forwarders/1/2' },
];

describe('room administration REST API (/api/rooms) against a real Janus', () => {
  let app: AppUnderTest;
  let adminToken: string;
  const sockets: Socket[] = [];

  /** A request to the app; the body is sent as JSON. `token: null` sends no Authorization header. */
  const call = httpClient<Json>(
    () => app.url,
    () => adminToken,
  );

  async function newRoom(body: Json = {}): Promise<number> {
    const created = await call<{ room: number }>('POST', '/api/rooms', {
      body: { description: 'rest test room', publishers: 6, notify_joining: true, ...body },
    });
    expect(created.status).toBe(201);
    return created.body.room;
  }

  /** A socket.io participant that joined `room` (through the app's VideoRoom gateway). */
  async function participant(
    room: number,
    display: string,
    extra: Json = {},
  ): Promise<{ socket: Socket; feed: number }> {
    const socket = await app.connect('/videoroom', { token: await app.token({ sub: display }) });
    sockets.push(socket);
    const joined = await request<{ feed: number }>(socket, 'join', { room, display, ...extra });
    expect(joined.error).toBeUndefined();
    return { socket, feed: joined.data.feed };
  }

  /**
   * A live feed without a browser: a VideoRoom remote publisher. Janus answers add_remote_publisher before the
   * feed is in the room, so this waits until a participant of the room is told about it (`feed-list`).
   */
  async function remoteFeed(room: number, display: string): Promise<number> {
    const { socket } = await participant(room, `lobby-for-${display}`);
    return (await announcedRemoteFeed(app, socket, room, ROOM_SECRET, display)).id;
  }

  beforeAll(async () => {
    app = await startApp({
      janus: { videoRoomAdminKey: ADMIN_KEY },
      env: { VIDEOROOM_DEFAULT_SECRET: ROOM_SECRET, VIDEOROOM_ADMIN_KEY: ADMIN_KEY, RATE_LIMIT_POINTS: '1000' },
    });
    adminToken = await app.token({ sub: 'the-admin', roles: ['admin'] });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await app?.close();
  });

  it('refuses every route without a valid token (401, WWW-Authenticate: Bearer) and without the admin role (403)', async () => {
    const expired = await app.token({ roles: ['admin'], expiresInSeconds: -60 });
    const user = await app.token({ sub: 'plain-user', roles: ['viewer'] });
    for (const route of ROUTES) {
      for (const [token, headers] of [
        [null, {}],
        ['not-a-jwt', {}],
        [expired, {}],
        [null, { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }],
      ] as const) {
        const refused = await call<ErrorBody>(route.method, route.path, { body: route.body, token, headers });
        expect({ ...route, token, status: refused.status, body: refused.body }).toMatchObject({
          status: 401,
          body: { code: 'UNAUTHORIZED', message: expect.any(String) },
        });
        expect(refused.headers.get('www-authenticate')).toBe('Bearer');
      }
      const forbidden = await call<ErrorBody>(route.method, route.path, { body: route.body, token: user });
      expect({ ...route, status: forbidden.status, body: forbidden.body }).toMatchObject({
        status: 403,
        body: { code: 'FORBIDDEN', message: expect.stringContaining('admin role') },
      });
    }
    // Nothing was done: the demo room is still there with its description.
    const demo = await call<Json>('GET', '/api/rooms/1234');
    expect(demo.body).toMatchObject({ room: 1234, description: 'Demo Room' });
  });

  it('rooms: create (201 + Location), list, describe, edit, destroy (204); 404 and 409 map from Janus', async () => {
    const created = await call<{ room: number; permanent: boolean }>('POST', '/api/rooms', {
      body: { description: 'created over REST', publishers: 4, bitrate: 256000, secret: 'client-chosen' },
    });
    expect(created.status).toBe(201);
    const room = created.body.room;
    expect(created.body).toEqual({ room, permanent: false });
    expect(created.headers.get('location')).toBe(`/api/rooms/${room}`);

    // The client's `secret` was dropped: the room has the server's secret, which the client never sees.
    await expect(
      app.app.get(VideoRoomService).edit({ room, secret: 'client-chosen', new_description: 'hijacked' }),
    ).rejects.toMatchObject({ janusCode: 433 });

    const listed = await call<{ rooms: Array<{ room: number; description: string }> }>('GET', '/api/rooms');
    expect(listed.status).toBe(200);
    expect(listed.body.rooms.map((r) => r.room)).toEqual(expect.arrayContaining([1234, room]));
    expect(JSON.stringify(listed.body)).not.toContain(ROOM_SECRET);

    const described = await call<Json>('GET', `/api/rooms/${room}`);
    expect(described.status).toBe(200);
    expect(described.body).toMatchObject({
      room,
      description: 'created over REST',
      max_publishers: 4,
      bitrate: 256000,
      is_private: false,
    });
    expect(JSON.stringify(described.body)).not.toContain(ROOM_SECRET);

    const edited = await call<Json>('PATCH', `/api/rooms/${room}`, {
      body: { description: 'edited over REST', publishers: 2, is_private: true, secret: 'client-chosen' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ room, description: 'edited over REST', max_publishers: 2, is_private: true });
    // Private rooms are still described and listed: the server passes its admin key to Janus.
    expect((await call<Json>('GET', `/api/rooms/${room}`)).body).toMatchObject({ room, is_private: true });
    expect(
      (await call<{ rooms: Array<{ room: number }> }>('GET', '/api/rooms')).body.rooms.map((r) => r.room),
    ).toContain(room);

    const taken = await call<ErrorBody>('POST', '/api/rooms', { body: { room } });
    expect(taken).toMatchObject({ status: 409, body: { code: 'CONFLICT', janusCode: 427 } });

    const destroyed = await call('DELETE', `/api/rooms/${room}`);
    expect(destroyed.status).toBe(204);
    expect(destroyed.body).toBe('');
    for (const [method, path, body] of [
      ['GET', `/api/rooms/${room}`],
      ['PATCH', `/api/rooms/${room}`, { description: 'gone' }],
      ['DELETE', `/api/rooms/${room}`],
      ['GET', `/api/rooms/${room}/participants`],
      ['PUT', `/api/rooms/${room}/allowed`, { action: 'enable' }],
      ['POST', `/api/rooms/${room}/recording`],
      ['GET', `/api/rooms/${room}/forwarders`],
    ] as const) {
      const missing = await call<ErrorBody>(method, path, { body });
      expect({ method, path, status: missing.status, body: missing.body }).toMatchObject({
        status: 404,
        body: { code: 'NOT_FOUND', janusCode: 426, message: expect.stringContaining(String(room)) },
      });
    }
  });

  it('a permanent room is destroyed with ?permanent=true; a room id can be chosen', async () => {
    const wanted = 700_000 + Math.floor(Math.random() * 100_000);
    const created = await call<{ room: number; permanent: boolean }>('POST', '/api/rooms', {
      body: { room: wanted, permanent: true },
    });
    expect(created).toMatchObject({ status: 201, body: { room: wanted, permanent: true } });
    expect((await call('DELETE', `/api/rooms/${wanted}?permanent=true`)).status).toBe(204);
    expect((await call('GET', `/api/rooms/${wanted}`)).status).toBe(404);
  });

  it('participants: list, kick (the participant is told), moderate a stream', async () => {
    const room = await newRoom();
    const alice = await participant(room, 'alice');
    const carol = await remoteFeed(room, 'carol');

    const listed = await call<{ room: number; participants: Array<Json> }>('GET', `/api/rooms/${room}/participants`);
    expect(listed.status).toBe(200);
    expect(listed.body.room).toBe(room);
    expect(listed.body.participants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ feed: alice.feed, display: 'alice', publisher: false }),
        expect.objectContaining({ feed: carol, display: 'carol', publisher: true, remote: true }),
      ]),
    );

    const muted = await call('POST', `/api/rooms/${room}/participants/${carol}/moderate`, {
      body: { mid: '0', mute: true },
    });
    expect(muted.status).toBe(204);
    const unmuted = await call('POST', `/api/rooms/${room}/participants/${carol}/moderate`, {
      body: { mid: '0', mute: false },
    });
    expect(unmuted.status).toBe(204);
    const noMid = await call<ErrorBody>('POST', `/api/rooms/${room}/participants/${carol}/moderate`, {
      body: { mid: '9', mute: true },
    });
    expect(noMid).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', janusCode: 428 } });

    const kicked = next<{ data: Json }>(alice.socket, 'kicked');
    const kick = await call('POST', `/api/rooms/${room}/participants/${alice.feed}/kick`);
    expect(kick.status).toBe(204);
    expect((await kicked).data).toEqual({ room, feed: alice.feed });
    const again = await call<ErrorBody>('POST', `/api/rooms/${room}/participants/${alice.feed}/kick`);
    expect(again).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', janusCode: 428 } });
    const after = await call<{ participants: Array<{ feed: number }> }>('GET', `/api/rooms/${room}/participants`);
    expect(after.body.participants.map((p) => p.feed)).not.toContain(alice.feed);
  });

  it('allowed list: add, enable (joins need a token), remove, disable', async () => {
    const room = await newRoom();
    const added = await call<{ room: number; list: string[] }>('PUT', `/api/rooms/${room}/allowed`, {
      body: { action: 'add', list: ['invite-1', 'invite-2'] },
    });
    expect(added.status).toBe(200);
    expect(added.body.room).toBe(room);
    expect(added.body.list).toEqual(expect.arrayContaining(['invite-1', 'invite-2']));

    expect((await call('PUT', `/api/rooms/${room}/allowed`, { body: { action: 'enable' } })).status).toBe(200);
    const socket = await app.connect('/videoroom', { token: await app.token({ sub: 'uninvited' }) });
    sockets.push(socket);
    expect((await request(socket, 'join', { room, display: 'x' })).error).toMatchObject({
      code: 'FORBIDDEN',
      janusCode: 433,
    });
    await participant(room, 'invited', { token: 'invite-2' });

    const removed = await call<{ list: string[] }>('PUT', `/api/rooms/${room}/allowed`, {
      body: { action: 'remove', list: ['invite-1'] },
    });
    expect(removed.body.list).toEqual(['invite-2']);
    const disabled = await call<Json>('PUT', `/api/rooms/${room}/allowed`, { body: { action: 'disable' } });
    expect(disabled).toMatchObject({ status: 200, body: { room } });
    await participant(room, 'anyone');
  });

  it('recording: POST starts it, DELETE (204) stops it', async () => {
    const room = await newRoom();
    const started = await call('POST', `/api/rooms/${room}/recording`);
    expect(started).toMatchObject({ status: 200, body: { room, record: true } });
    expect((await call('GET', `/api/rooms/${room}`)).body).toMatchObject({ room, record: true });
    const stopped = await call('DELETE', `/api/rooms/${room}/recording`);
    expect(stopped.status).toBe(204);
    expect((await call('GET', `/api/rooms/${room}`)).body).toMatchObject({ room, record: false });
  });

  it('forwarders: POST (201) forwards RTP to a UDP port, GET lists it, DELETE /:feed/:streamId (204) stops it', async () => {
    const room = await newRoom();
    const feed = await remoteFeed(room, 'forwarded');
    const udp: UdpSocket = createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    try {
      const port = udp.address().port;
      const started = await call<{ room: number; feed: number; forwarders: Array<Json & { stream_id: number }> }>(
        'POST',
        `/api/rooms/${room}/forwarders`,
        { body: { feed, host: '127.0.0.1', streams: [{ mid: '1', port, pt: 96 }] } },
      );
      expect(started.status).toBe(201);
      expect(started.body).toMatchObject({
        room,
        feed,
        forwarders: [{ type: 'video', host: '127.0.0.1', port, stream_id: expect.any(Number) }],
      });
      const streamId = started.body.forwarders[0].stream_id;

      const listed = await call<{ room: number; publishers: Array<{ feed: number; forwarders: Json[] }> }>(
        'GET',
        `/api/rooms/${room}/forwarders`,
      );
      expect(listed.status).toBe(200);
      expect(listed.body.publishers).toEqual([
        expect.objectContaining({ feed, display: 'forwarded', forwarders: [expect.objectContaining({ port })] }),
      ]);

      const stopped = await call('DELETE', `/api/rooms/${room}/forwarders/${feed}/${streamId}`);
      expect(stopped.status).toBe(204);
      const none = await call<{ publishers: Array<{ forwarders: Json[] }> }>('GET', `/api/rooms/${room}/forwarders`);
      expect(none.body.publishers.flatMap((p) => p.forwarders)).toEqual([]);
      const gone = await call<ErrorBody>('DELETE', `/api/rooms/${room}/forwarders/${feed}/${streamId}`);
      expect(gone).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', janusCode: 428 } });
      const noFeed = await call<ErrorBody>('POST', `/api/rooms/${room}/forwarders`, {
        body: { feed: 424242, host: '127.0.0.1', streams: [{ mid: '0', port }] },
      });
      expect(noFeed).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', janusCode: 428 } });
    } finally {
      udp.close();
    }
  });

  it('one room administration: rtp-fwd-*, list-participants and allow answer the same data over the socket as over REST', async () => {
    const room = await newRoom();
    const feed = await remoteFeed(room, 'both-ways');
    const admin = await app.connect('/videoroom', { token: adminToken });
    sockets.push(admin);
    const udp: UdpSocket = createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    try {
      const port = udp.address().port;
      const forward = { feed, host: '127.0.0.1', streams: [{ mid: '1', port }] };
      const overRest = await call<Json & { forwarders: Array<{ stream_id: number }> }>(
        'POST',
        `/api/rooms/${room}/forwarders`,
        { body: forward },
      );
      const overSocket = await request<Json & { forwarders: Array<{ stream_id: number }> }>(admin, 'rtp-fwd-start', {
        room,
        ...forward,
      });
      // The same shape (only the new forwarder's id differs).
      const withoutIds = (reply: Json & { forwarders: Array<{ stream_id: number }> }): Json => ({
        ...reply,
        forwarders: reply.forwarders.map((f) => ({ ...f, stream_id: 0 })),
      });
      expect(overRest.status).toBe(201);
      expect(withoutIds(overSocket.data)).toEqual(withoutIds(overRest.body));
      expect(overRest.body).toMatchObject({ room, feed, host: '127.0.0.1' });

      const listedOverRest = await call<Json>('GET', `/api/rooms/${room}/forwarders`);
      const listedOverSocket = await request<Json>(admin, 'rtp-fwd-list', { room });
      expect(listedOverSocket.data).toEqual(listedOverRest.body);
      expect(listedOverRest.body).toEqual({
        room,
        publishers: [
          {
            feed,
            display: 'both-ways',
            forwarders: expect.arrayContaining([
              expect.objectContaining({ stream_id: overRest.body.forwarders[0].stream_id }),
              expect.objectContaining({ stream_id: overSocket.data.forwarders[0].stream_id }),
            ]),
          },
        ],
      });

      const participantsOverRest = await call<Json>('GET', `/api/rooms/${room}/participants`);
      const participantsOverSocket = await request<Json>(admin, 'list-participants', { room });
      expect(participantsOverSocket.data).toEqual(participantsOverRest.body);

      const allowedOverRest = await call<Json>('PUT', `/api/rooms/${room}/allowed`, {
        body: { action: 'add', list: ['t1'] },
      });
      const allowedOverSocket = await request<Json>(admin, 'allow', { room, action: 'add', list: ['t1'] });
      expect(allowedOverSocket.data).toEqual(allowedOverRest.body);
    } finally {
      udp.close();
    }
  });

  it('validation: 400 BAD_REQUEST naming the field, for path parameters, bodies and queries', async () => {
    const cases: Array<[string, string, unknown, string]> = [
      ['GET', '/api/rooms/lobby', undefined, 'room: must be an integer'],
      ['GET', '/api/rooms/0', undefined, 'room: must be an integer'],
      ['GET', '/api/rooms/99999999999999999999', undefined, 'room: must be an integer'],
      ['POST', '/api/rooms/1234/participants/x/kick', undefined, 'feed: must be an integer'],
      ['DELETE', '/api/rooms/1234/forwarders/1/-1', undefined, 'streamId: must be an integer'],
      ['POST', '/api/rooms', { publishers: 1000 }, 'publishers must not be greater than 100'],
      ['POST', '/api/rooms', { description: 42, videocodec: 'mpeg2' }, 'description must be a string'],
      ['POST', '/api/rooms', { videocodec: 'mpeg2' }, 'videocodec must match'],
      ['POST', '/api/rooms', [1, 2], 'body: must be a JSON object'],
      ['PATCH', '/api/rooms/1234', { bitrate: 'fast' }, 'bitrate must be an integer'],
      ['PATCH', '/api/rooms/1234', { lock_record: 'yes' }, 'lock_record must be a boolean'],
      ['POST', '/api/rooms/1234/participants/1/moderate', { mid: '0' }, 'mute must be a boolean'],
      ['PUT', '/api/rooms/1234/allowed', { action: 'open' }, 'action must be one of'],
      ['PUT', '/api/rooms/1234/allowed', { action: 'add', list: [1] }, 'each value in list must be a string'],
      ['POST', '/api/rooms/1234/forwarders', { feed: 1, streams: [] }, 'host must be a string'],
      [
        'POST',
        '/api/rooms/1234/forwarders',
        { feed: 1, host: '127.0.0.1', streams: [{ mid: '0', port: 70000 }] },
        'streams.0.port: port must not be greater than 65535',
      ],
      ['DELETE', '/api/rooms/1234?permanent=maybe', undefined, 'permanent must be a boolean'],
    ];
    for (const [method, path, body, message] of cases) {
      const refused = await call<ErrorBody>(method, path, { body });
      expect({ method, path, status: refused.status, body: refused.body }).toMatchObject({
        method,
        path,
        status: 400,
        body: { code: 'BAD_REQUEST', message: expect.stringContaining(message) },
      });
    }
    // The demo room is untouched by all of this.
    expect((await call('GET', '/api/rooms/1234')).body).toMatchObject({ room: 1234, description: 'Demo Room' });
  });

  it('OpenAPI: the JSON document lists every route with the Bearer scheme; the UI page loads', async () => {
    const doc = await call<{
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, Json>; schemas: Record<string, { properties?: Json }> };
    }>('GET', '/api/docs-json', { token: null });
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    const operations = Object.entries(doc.body.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const expected = ROUTES.map(
      ({ method, path }) =>
        `${method} ${path
          .replace('/1234', '/{room}')
          .replace('/participants/1/', '/participants/{feed}/')
          .replace('/forwarders/1/2', '/forwarders/{feed}/{streamId}')}`,
    );
    expect(operations).toEqual(expect.arrayContaining(expected));
    expect(expected).toHaveLength(14);
    for (const route of expected) {
      const [method, path] = route.split(' ');
      const operation = doc.body.paths[path][method.toLowerCase()];
      expect({ route, security: operation.security }).toEqual({ route, security: [{ bearer: [] }] });
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['400', '401', '403']));
    }
    expect(doc.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    // Schemas come from the DTOs; none has a secret.
    expect(Object.keys(doc.body.components.schemas.CreateRoomDto.properties ?? {})).toEqual(
      expect.arrayContaining(['room', 'description', 'publishers', 'videocodec']),
    );
    expect(Object.keys(doc.body.components.schemas.RtpForwardDto.properties ?? {})).toEqual(
      expect.arrayContaining(['feed', 'host', 'streams']),
    );
    expect(JSON.stringify(doc.body)).not.toMatch(/"(secret|admin_key)"/);

    const ui = await call<string>('GET', '/api/docs', { token: null });
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toContain('text/html');
    expect(ui.body).toContain('swagger-ui');
    const init = await call<string>('GET', '/api/docs/swagger-ui-init.js', { token: null });
    expect(init.status).toBe(200);
    expect(init.body).toContain('/api/rooms');
    const bundle = await fetch(`${app.url}/api/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    await bundle.arrayBuffer();
  });
});

describe('room administration REST API without VIDEOROOM_ADMIN_KEY, and when Janus goes away', () => {
  let app: AppUnderTest;
  let token: string;

  beforeAll(async () => {
    app = await startApp({ env: { VIDEOROOM_DEFAULT_SECRET: ROOM_SECRET } });
    token = await app.token({ roles: ['admin'] });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a private room Janus does not list (no admin key) is described by its id only', async () => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await fetch(`${app.url}/api/rooms`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ is_private: true, description: 'hidden' }),
    });
    expect(created.status).toBe(201);
    const { room } = (await created.json()) as { room: number };
    const described = await fetch(`${app.url}/api/rooms/${room}`, { headers });
    expect(described.status).toBe(200);
    expect(await described.json()).toEqual({ room, is_private: true });
    const listed = (await (await fetch(`${app.url}/api/rooms`, { headers })).json()) as {
      rooms: Array<{ room: number }>;
    };
    expect(listed.rooms.map((r) => r.room)).not.toContain(room);
    expect(listed.rooms.map((r) => r.room)).toContain(1234);
  });

  it('answers 503 BACKEND_FAILURE while Janus is unreachable', async () => {
    const janus = app.app.get(JanusService);
    await app.janus.kill();
    await firstValueFrom(janus.state$.pipe(filter((state) => state !== 'connected')));
    const response = await fetch(`${app.url}/api/rooms`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: 'BACKEND_FAILURE', message: 'backend-failure' });
  });
});
