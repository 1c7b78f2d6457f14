import { Redis } from 'ioredis';
import { JanusService, type StreamingCreateRequest } from 'nestjs-janus';
import { firstValueFrom, filter } from 'rxjs';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { JanusPool, type PoolServer } from '../../../src/janus/index.js';
import { ScaleOut } from '../../../src/scale-out/index.js';
import { startJanus, type JanusInstance } from '../../../tools/janus-harness/index.js';
import {
  connectSocket,
  next,
  request,
  socketHandleInfosOf,
  startApp,
  TEST_JWT_SECRET,
  type AppUnderTest,
} from '../../support/app-harness.js';
import { startAppProcess, type AppProcess } from '../../support/app-process.js';
import { figure } from '../../support/figures.js';
import { httpClient } from '../../support/http.js';
import { staticOffer } from '../../support/sdp.js';
import { startRedis, type RedisInstance } from '../../../tools/redis-harness/index.js';

/**
 * `JANUS_POOL`: two app instances on one Redis and two independent Janus servers, all real processes on loopback.
 * The cases run in order: the first loads one server, which the next ones rely on.
 */
describe('a pool of two Janus servers behind two app instances', () => {
  let redis: RedisInstance;
  let janus: [JanusInstance, JanusInstance];
  let a: AppUnderTest;
  let b: AppUnderTest;
  let peek: Redis;
  const sockets: Socket[] = [];
  /** The room the racing joins go to (created on both servers, so either may get it). */
  const RACE_ROOM = 4711;
  /** The heartbeat TTL of the instances (the SIGKILL case's bound is TTL + TTL/3). */
  const TTL_S = 3;
  let childEnv: Record<string, string>;
  let child: AppProcess | undefined;
  /** The room the second case creates (on the server the first did not load). */
  let secondRoom: number;

  beforeAll(async () => {
    // The servers of a pool share their secrets (JANUS_API_SECRET, JANUS_ADMIN_SECRET, rooms' secrets).
    const shared = {
      apiSecret: 'pool-api-secret',
      adminSecret: 'pool-admin-secret',
      videoRoomSecret: 'pool-room-secret',
      textRoomAdminKey: 'pool-textroom-key',
    };
    const [r, j1, j2] = await Promise.all([startRedis(), startJanus(shared), startJanus(shared)]);
    redis = r;
    janus = [j1, j2];
    const env = {
      JANUS_URL: '',
      JANUS_ADMIN_URL: '',
      JANUS_POOL: janus.map((j) => `${j.wsUrl}|${j.adminUrl}`).join(','),
      REDIS_URL: redis.url,
      RATE_LIMIT_IP_POINTS: '1000',
      RATE_LIMIT_POINTS: '1000',
      INSTANCE_TTL_S: String(TTL_S),
    };
    childEnv = {
      ...env,
      JANUS_API_SECRET: shared.apiSecret,
      JANUS_ADMIN_SECRET: shared.adminSecret,
      JWT_SECRET: TEST_JWT_SECRET,
    };
    [a, b] = await Promise.all([startApp({ sharedJanus: j1, env }), startApp({ sharedJanus: j1, env })]);
    await Promise.all([a, b].flatMap((app) => pool(app).servers.map((s) => s.janus.ready)));
    peek = new Redis(redis.url, { lazyConnect: true });
    await peek.connect();
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await child?.kill();
    await Promise.all([a, b].map((app) => app?.close()));
    peek?.disconnect();
    await Promise.all([...(janus ?? []).map((j) => j?.stop()), redis?.stop()]);
  });

  function pool(app: AppUnderTest): JanusPool {
    return app.app.get(JanusPool);
  }

  async function socketOn(app: AppUnderTest, namespace = '/videoroom'): Promise<Socket> {
    const socket = await app.connect(namespace, { token: await app.token({ roles: ['admin'] }) });
    sockets.push(socket);
    return socket;
  }

  /** The server the placement record in Redis names for `room`. */
  async function placedOn(room: number): Promise<string | null> {
    return peek.get(`nestjs-janus:room:videoroom:${room}`);
  }

  /** How many participants `room` has on each server. */
  async function participantsByServer(room: number): Promise<number[]> {
    return Promise.all(
      pool(a).servers.map(async (s) =>
        (await s.videoRoom.exists({ room })).exists
          ? (await s.videoRoom.listParticipants({ room })).participants.length
          : 0,
      ),
    );
  }

  let loaded: PoolServer;

  it('new rooms joined at once spread over both servers (each placement counts until its participants do)', async () => {
    const rooms = [4801, 4802, 4803, 4804, 4805, 4806];
    for (const room of rooms) {
      for (const s of pool(a).servers) await s.videoRoom.create({ room, secret: 'pool-room-secret' });
    }
    const joiners = await Promise.all(rooms.map(() => socketOn(a)));
    const replies = await Promise.all(joiners.map((s, i) => request(s, 'join', { room: rooms[i], display: 'first' })));
    expect(replies.filter((r) => !r.ok)).toEqual([]);
    const placements = await Promise.all(rooms.map((room) => placedOn(room)));
    const perServer = pool(a).servers.map((s) => placements.filter((id) => id === s.id).length);
    expect(perServer.reduce((x, y) => x + y)).toBe(rooms.length);
    expect(Math.min(...perServer)).toBeGreaterThanOrEqual(2);
    for (const s of joiners) s.disconnect();
  });

  it('100 joins racing through both instances into a new room all land on one server, the one Redis names', async () => {
    for (const s of pool(a).servers) await s.videoRoom.create({ room: RACE_ROOM, secret: 'pool-room-secret' });
    const joiners = await Promise.all(Array.from({ length: 100 }, (_, i) => socketOn(i % 2 === 0 ? a : b)));
    const replies = await Promise.all(
      joiners.map((s, i) => request<{ room: number }>(s, 'join', { room: RACE_ROOM, display: `racer-${i}` })),
    );
    expect(replies.filter((r) => !r.ok)).toEqual([]);

    const counts = await participantsByServer(RACE_ROOM);
    expect([...counts].sort((x, y) => x - y)).toEqual([0, 100]);
    loaded = pool(a).servers[counts.indexOf(100)]!;
    expect(await placedOn(RACE_ROOM)).toBe(loaded.id);
  });

  it('a new room goes to the least-loaded server, and its participants follow it from either instance', async () => {
    const admin = await socketOn(b);
    const created = await request<{ room: number }>(admin, 'create', { description: 'second room' });
    expect(created.ok).toBe(true);
    const room = created.data.room;
    secondRoom = room;
    const other = pool(a).servers.find((s) => s !== loaded)!;
    expect(await placedOn(room)).toBe(other.id);
    expect((await other.videoRoom.exists({ room })).exists).toBe(true);
    expect((await loaded.videoRoom.exists({ room })).exists).toBe(false);

    const [viaA, viaB] = await Promise.all([socketOn(a), socketOn(b)]);
    expect((await request(viaA, 'join', { room, display: 'second-a' })).ok).toBe(true);
    expect((await request(viaB, 'join', { room, display: 'second-b' })).ok).toBe(true);
    expect(await participantsByServer(room)).toEqual(pool(a).servers.map((s) => (s === other ? 2 : 0)));

    // Listing merges the servers: both rooms, the racing one once (it exists on both Janus).
    const listed = await request<{ list: Array<{ room: number }> }>(viaA, 'list-rooms', {});
    const ids = listed.data.list.map((r) => r.room);
    expect(ids).toEqual(expect.arrayContaining([room, RACE_ROOM]));
    expect(ids.filter((id) => id === RACE_ROOM)).toHaveLength(1);

    // A session without a room (EchoTest) goes to the least-loaded server too.
    const echo = await socketOn(b, '/echotest');
    expect((await request(echo, 'start', {})).ok).toBe(true);
    const echoHandles = async (s: PoolServer): Promise<number> =>
      (await socketHandleInfosOf(s.janus.admin!)).filter((h) => h.opaque_id?.startsWith('socket:/echotest#')).length;
    expect(await echoHandles(other)).toBe(1);
    expect(await echoHandles(loaded)).toBe(0);

    // AudioBridge: a room on the other server cannot be reached with `changeroom` (a new PeerConnection: `join`).
    await loaded.audioBridge.create({ room: 5555, secret: 'pool-room-secret' });
    await pool(a).placeRoom('audiobridge', 5555, loaded);
    const listener = await socketOn(a, '/audiobridge');
    expect((await request(listener, 'join', { room: 1234, display: 'listener' })).ok).toBe(true);
    const moved = await request(listener, 'changeroom', { room: 5555 });
    expect(moved.error).toMatchObject({ code: 'CONFLICT' });
    expect((await request(listener, 'join', { room: 5555, display: 'listener' })).ok).toBe(true);

    // Streaming: `switch` to a mountpoint on the other server is refused the same way (`watch` it instead).
    const mountpoint = (id: number): StreamingCreateRequest => ({
      type: 'rtp',
      id,
      media: [{ type: 'video', mid: 'v', port: 0, pt: 100, codec: 'vp8', iface: '127.0.0.1' }],
    });
    await other.streaming.create(mountpoint(6001));
    await pool(a).placeRoom('streaming', 6001, other);
    await loaded.streaming.create(mountpoint(6002));
    await pool(a).placeRoom('streaming', 6002, loaded);
    const viewer = await socketOn(a, '/streaming');
    expect((await request(viewer, 'watch', { id: 6001 })).ok).toBe(true);
    expect((await request(viewer, 'switch', { id: 6002 })).error).toMatchObject({ code: 'CONFLICT' });
    expect((await request(viewer, 'watch', { id: 6002 })).ok).toBe(true);
  });

  it('an instance SIGKILLed: its sessions on both servers are destroyed by a survivor within TTL + TTL/3', async () => {
    child = startAppProcess(childEnv);
    const url = await child.url;
    const token = await a.token({ roles: [] });
    const joinVia = async (room: number): Promise<void> => {
      const socket = await connectSocket(`${url}/videoroom`, { auth: { token }, opened: sockets });
      expect((await request(socket, 'join', { room, display: 'doomed' })).ok).toBe(true);
    };
    // One socket in a room of each server: the child has a session on each.
    await Promise.all([joinVia(RACE_ROOM), joinVia(secondRoom)]);

    const registry = a.app.get(ScaleOut).registry!;
    const known = new Set([a, b].map((app) => app.app.get(ScaleOut).instanceId));
    const childId = (await peek.smembers('nestjs-janus:instances')).find((id) => !known.has(id))!;
    const childSessions = async (): Promise<Array<[number, string]>> => [...(await registry.record(childId)).sessions];
    await expect.poll(childSessions, { timeout: 5000, interval: 50 }).toHaveLength(2);
    const sessions = await childSessions();
    expect(sessions.map(([, on]) => on).sort()).toEqual(janus.map((j) => j.wsUrl).sort());
    const alive = async (): Promise<boolean[]> =>
      Promise.all(sessions.map(async ([id, on]) => (await pool(a).byId(on)!.janus.admin!.listSessions()).includes(id)));
    expect(await alive()).toEqual([true, true]);

    const killedAt = performance.now();
    await child.kill();
    child = undefined;
    await expect.poll(alive, { timeout: 20_000, interval: 100 }).toEqual([false, false]);
    const elapsed = performance.now() - killedAt;
    figure('janus-pool', 'SIGKILLed instance: its sessions on 2 Janus gone after (ms)', Math.round(elapsed));
    expect(elapsed).toBeLessThan(registry.boundMs + 2000);
  }, 60_000);

  it('a server killed: its clients are told within 5 s, a rejoin lands on the live one; back, it takes new rooms', async () => {
    const member = await socketOn(a);
    expect((await request(member, 'join', { room: RACE_ROOM, display: 'survivor' })).ok).toBe(true);
    const told = next<{ code: string }>(member, 'videoroom-error');
    const dead = janus[loaded.index];
    const killedAt = Date.now();
    await dead.kill();
    expect((await told).code).toBe('BACKEND_FAILURE');
    const toldMs = Date.now() - killedAt;
    figure('janus-pool', 'SIGKILLed Janus: its client told after (ms)', toldMs);
    expect(toldMs).toBeLessThan(5000);

    const rejoined = await request(member, 'join', { room: RACE_ROOM, display: 'survivor' });
    expect(rejoined.ok).toBe(true);
    const live = pool(a).servers.find((s) => s !== loaded)!;
    expect(await placedOn(RACE_ROOM)).toBe(live.id);
    expect((await live.videoRoom.listParticipants({ room: RACE_ROOM })).participants).toContainEqual(
      expect.objectContaining({ display: 'survivor' }),
    );

    // Ready while one server of the pool answers; the dead one is named under `error`.
    const keyOf = (s: PoolServer): string => (s.index === 0 ? 'janus' : `janus:pool-${s.index}`);
    const ready = await fetch(`${a.url}/health/ready`);
    expect(ready.status).toBe(200);
    const health = (await ready.json()) as { status: string; info: object; error: object };
    expect(health.status).toBe('ok');
    expect(Object.keys(health.info)).toEqual([keyOf(live)]);
    expect(Object.keys(health.error)).toEqual([keyOf(loaded)]);

    // Back (empty: Janus lost everything), it is the least-loaded server: the next new room goes there.
    await dead.restart();
    await Promise.all(
      [a, b].map((app) =>
        firstValueFrom(pool(app).servers[loaded.index].janus.state$.pipe(filter((state) => state === 'connected'))),
      ),
    );
    // Its old handles are gone once the claims of the lost sessions failed, and the other instance's record shows
    // that within a heartbeat: from then on it is the least-loaded server.
    await vi.waitFor(
      async () => {
        const loads = await pool(a).loads();
        expect(loads.get(pool(a).servers[loaded.index])).toBeLessThan(loads.get(live)!);
      },
      { timeout: 10_000, interval: 200 },
    );
    const created = await request<{ room: number }>(member, 'create', { description: 'after the restart' });
    expect(created.ok).toBe(true);
    expect(await placedOn(created.data.room)).toBe(loaded.id);
  }, 60_000);

  it('reads of rooms nobody placed leave no placement in Redis; a read of a placed room goes to its server', async () => {
    const token = await a.token({ roles: ['admin'] });
    const call = httpClient(
      () => a.url,
      () => token,
    );
    const ghost = 987_654;
    expect((await call('GET', `/api/rooms/${ghost}`)).status).toBe(404);
    expect((await call('GET', `/api/rooms/${ghost}/participants`)).status).toBe(404);
    expect((await call('GET', `/api/audiobridge/rooms/${ghost}`)).status).toBe(404);
    expect((await call('GET', `/api/streaming/mountpoints/${ghost}`)).status).toBe(404);
    const admin = await socketOn(b);
    expect((await request<{ exists: boolean }>(admin, 'exists', { room: ghost })).data.exists).toBe(false);
    expect(await peek.keys(`nestjs-janus:room:*:${ghost}`)).toEqual([]);

    // A room on the server a new room would not go to, placed there: read there.
    const farOnly = 987_655;
    const least = await pool(a).leastLoaded();
    const far = pool(a).servers.find((s) => s !== least)!;
    await far.videoRoom.create({ room: farOnly, secret: 'pool-room-secret' });
    await pool(a).placeRoom('videoroom', farOnly, far);
    expect((await call<{ room: number }>('GET', `/api/rooms/${farOnly}`)).body).toMatchObject({ room: farOnly });
    expect((await request<{ exists: boolean }>(admin, 'exists', { room: farOnly })).data.exists).toBe(true);
  });

  it('joins of rooms that do not exist leave no placement; a create with an id is placed where it was created', async () => {
    // A join (a watch, a subscription) of an id nobody created: NOT_FOUND, and nothing stays placed.
    const ghost = 987_656;
    const joins: Array<[string, string, object]> = [
      ['/videoroom', 'join', { room: ghost, display: 'ghost' }],
      ['/audiobridge', 'join', { room: ghost, display: 'ghost' }],
      ['/streaming', 'watch', { id: ghost }],
      // Subscriptions (classic and multistream) place nothing either.
      ['/videoroom', 'subscribe', { room: ghost, feed: 1 }],
      ['/videoroom', 'subscribe', { room: ghost, streams: [{ feed: 1 }] }],
    ];
    for (const [namespace, event, data] of joins) {
      const socket = await socketOn(a, namespace);
      expect((await request(socket, event, data)).error).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(await peek.keys(`nestjs-janus:room:*:${ghost}`)).toEqual([]);

    const admin = await socketOn(a);
    // On every server already, and placed nowhere: Janus refuses to create it again, and the room stays placed on
    // the server that said it has it (a concurrent create of the same id may be the one that made it).
    const clash = 987_658;
    for (const s of pool(a).servers) await s.videoRoom.create({ room: clash, secret: 'pool-room-secret' });
    expect((await request(admin, 'create', { room: clash })).ok).toBe(false);
    expect(pool(a).servers.map((s) => s.id)).toContain(await placedOn(clash));

    const fresh = 987_657;
    expect((await request(admin, 'create', { room: fresh })).ok).toBe(true);
    const holders: string[] = [];
    for (const s of pool(a).servers) if ((await s.videoRoom.exists({ room: fresh })).exists) holders.push(s.id);
    expect(holders).toHaveLength(1);
    expect(await placedOn(fresh)).toBe(holders[0]);
  });

  it('admin changes, WHIP publishes and WHEP plays of rooms that do not exist leave no placement', async () => {
    const token = await a.token({ roles: ['admin'] });
    const call = httpClient(
      () => a.url,
      () => token,
    );
    // One id per request, none of them created anywhere: Janus answers "no such room" (mountpoint) to each.
    const changes: Array<[number, string, string, object?]> = [
      [987_660, 'PATCH', '/api/rooms/987660', { description: 'ghost' }],
      [987_661, 'DELETE', '/api/rooms/987661'],
      [987_662, 'POST', '/api/rooms/987662/participants/1/kick'],
      [987_663, 'POST', '/api/audiobridge/rooms/987663/participants/1/kick'],
      [987_664, 'DELETE', '/api/audiobridge/rooms/987664'],
      [987_665, 'DELETE', '/api/streaming/mountpoints/987665'],
      [987_666, 'POST', '/api/streaming/mountpoints/987666/enable'],
    ];
    for (const [, method, path, body] of changes) {
      expect({ path, status: (await call(method, path, { body })).status }).toEqual({ path, status: 404 });
    }
    /** A WHIP (`sendonly`) or WHEP (`recvonly`) offer posted to `path`. */
    const offerTo = (path: string, direction: 'sendonly' | 'recvonly'): Promise<Response> =>
      fetch(`${a.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/sdp' },
        body: staticOffer().sdp.replaceAll('a=sendrecv', `a=${direction}`),
      });
    const whip = await offerTo('/whip/rooms/987667', 'sendonly');
    expect(whip.status).toBe(404);
    // WHEP of a room's current publisher: a read of the room first.
    const whep = await offerTo('/whep/rooms/987668', 'recvonly');
    expect(whep.status).toBe(404);
    const ghosts = [...changes.map(([id]) => id), 987_667, 987_668];
    const left = await Promise.all(ghosts.map((id) => peek.keys(`nestjs-janus:room:*:${id}`)));
    expect(left.flat()).toEqual([]);
  });

  it('the default connection is the first server of the pool', () => {
    expect(a.app.get(JanusService)).toBe(pool(a).servers[0].janus);
  });
});
