import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.factory.js';
import { loadConfig } from '../../../src/config/index.js';
import { RedisUnavailableError, ScaleOut, type InstanceRegistry } from '../../../src/scale-out/index.js';
import { VideoRoomGateway } from '../../../src/videoroom/videoroom.gateway.js';
import { freePort, startJanus, type JanusInstance } from '../../../tools/janus-harness/index.js';
import {
  connectSocket,
  next,
  request,
  startApp,
  TEST_JWT_SECRET,
  type AppUnderTest,
} from '../../support/app-harness.js';
import { startAppProcess, type AppProcess } from '../../support/app-process.js';
import { figure } from '../../support/figures.js';
import { startRedis, type RedisInstance } from '../../../tools/redis-harness/index.js';

/**
 * Two app instances (`REDIS_URL`) on one Redis and one Janus, all real processes on loopback; a third instance in a
 * child process for the SIGKILL case. Clients say which address they come from in `X-Forwarded-For` (the apps trust
 * their loopback proxy), so each case has its own rate-limit budget.
 */
const TTL_S = 3;
const ENV = {
  INSTANCE_TTL_S: String(TTL_S),
  TRUST_PROXY: 'loopback',
  RATE_LIMIT_IP_POINTS: '4',
  RATE_LIMIT_POINTS: '100',
  RATE_LIMIT_WINDOW_S: '600',
};

describe('several app instances on Redis', () => {
  let redis: RedisInstance;
  let janus: JanusInstance;
  let a: AppUnderTest;
  let b: AppUnderTest;
  let peek: Redis;
  const open: Socket[] = [];
  let child: AppProcess | undefined;

  beforeAll(async () => {
    // Janus keeps a session whose transport is gone for 60 s (and one without keepalives as long): what removes the
    // dead instance's session sooner is the survivors' sweep.
    [redis, janus] = await Promise.all([
      startRedis(),
      startJanus({ reclaimSessionTimeout: 60, sessionTimeout: 60, textRoomAdminKey: 'textroom-scale-out-key' }),
    ]);
    const env = { ...ENV, REDIS_URL: redis.url };
    [a, b] = await Promise.all([startApp({ sharedJanus: janus, env }), startApp({ sharedJanus: janus, env })]);
    peek = new Redis(redis.url, { lazyConnect: true });
    await peek.connect();
  });
  afterAll(async () => {
    for (const socket of open) socket.disconnect();
    await child?.kill();
    await Promise.all([a, b].map((app) => app && close(app)));
    peek?.disconnect();
    await Promise.all([janus?.stop(), redis?.stop()]);
  });

  const closing = new Map<AppUnderTest, Promise<void>>();
  /** Closes an app once, however often it is asked to. */
  function close(app: AppUnderTest): Promise<void> {
    if (!closing.has(app)) closing.set(app, app.close());
    return closing.get(app)!;
  }

  /** A connected socket on `namespace` of `app`, coming from `address` (as its proxy says). */
  async function client(app: AppUnderTest | string, namespace: string, address: string): Promise<Socket> {
    const url = typeof app === 'string' ? app : app.url;
    return connectSocket(`${url}${namespace}`, {
      auth: { token: await a.token({ sub: address }) },
      headers: { 'x-forwarded-for': address },
      opened: open,
    });
  }

  /** Resolves with the next `feed-joined` push on `socket` about `display`. */
  function feedJoined(socket: Socket, display: string): Promise<{ data: { display: string; feed: number } }> {
    return new Promise((resolve) => {
      const listener = (push: { data: { display: string; feed: number } }): void => {
        if (push.data.display !== display) return;
        socket.off('feed-joined', listener);
        resolve(push);
      };
      socket.on('feed-joined', listener);
    });
  }

  function registryOf(app: AppUnderTest): InstanceRegistry {
    const registry = app.app.get(ScaleOut).registry;
    if (!registry) throw new Error('the app runs alone');
    return registry;
  }

  it("relays a room's pushes to its participants on both instances (each socket's own handle hears Janus)", async () => {
    const onA = await client(a, '/videoroom', '198.51.100.10');
    const onB = await client(b, '/videoroom', '198.51.100.11');
    expect((await request(onA, 'join', { room: 1234, display: 'on-a' })).ok).toBe(true);
    const onBSeen = feedJoined(onA, 'on-b');
    expect((await request(onB, 'join', { room: 1234, display: 'on-b' })).ok).toBe(true);
    await onBSeen;

    const joinedSeen = [onA, onB].map((s) => feedJoined(s, 'newcomer'));
    const newcomer = await client(b, '/videoroom', '198.51.100.12');
    const joined = await request<{ feed: number }>(newcomer, 'join', { room: 1234, display: 'newcomer' });
    expect(joined.ok).toBe(true);
    for (const seen of await Promise.all(joinedSeen)) {
      expect(seen.data).toMatchObject({ room: 1234, feed: joined.data.feed, display: 'newcomer' });
    }

    const leavingSeen = [onA, onB].map((s) => next<{ data: { feed: number } }>(s, 'leaving'));
    expect((await request(newcomer, 'leave', { feed: joined.data.feed })).ok).toBe(true);
    for (const seen of await Promise.all(leavingSeen))
      expect(seen.data).toEqual({ room: 1234, feed: joined.data.feed });
  });

  it("puts socket.io on the Redis adapter: a namespace's broadcast and fetchSockets() reach the other instance's sockets", async () => {
    const onA = await client(a, '/echotest', '198.51.100.20');
    const onB = await client(b, '/echotest', '198.51.100.21');
    const namespace = a.app.get(VideoRoomGateway).server;
    expect(namespace).toBeDefined();
    const echoNamespace = namespace!.server.of('/echotest');

    const ids = (await echoNamespace.fetchSockets()).map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining([onA.id, onB.id]));
    const heard = [onA, onB].map((s) => next<{ data: { n: number } }>(s, 'broadcast-probe'));
    echoNamespace.emit('broadcast-probe', { data: { n: 1 } });
    expect(await Promise.all(heard)).toEqual([{ data: { n: 1 } }, { data: { n: 1 } }]);
  });

  it('counts the per-address rate limit once across instances, in Redis, and forgets a socket on disconnect', async () => {
    const address = '198.51.100.30';
    const onA = await client(a, '/echotest', address);
    const onB = await client(b, '/echotest', address);
    const start = async (socket: Socket): Promise<string> => {
      const ack = await request(socket, 'start');
      return ack.ok ? 'ok' : (ack.error?.code ?? 'no code');
    };
    // RATE_LIMIT_IP_POINTS=4: two instances counting alone would let 8 through.
    const answers = [];
    for (const socket of [onA, onB, onA, onB, onA, onB]) answers.push(await start(socket));
    expect(answers).toEqual(['ok', 'ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED']);
    // Another address has its own budget, on either instance.
    expect(await start(await client(a, '/echotest', '198.51.100.31'))).toBe('ok');

    // The counts are Redis keys that expire with the window; a socket's own key goes when it disconnects.
    expect(await peek.pttl(`nestjs-janus:rl:ip:${address}`)).toBeGreaterThan(0);
    const socketKey = `nestjs-janus:rl:socket:${onB.id}`;
    expect(await peek.get(socketKey)).toBe('3');
    onB.disconnect();
    await expect.poll(() => peek.exists(socketKey), { timeout: 5000, interval: 50 }).toBe(0);
  });

  it('destroys the Janus session of an instance killed with SIGKILL within TTL + TTL/3, from a survivor', async () => {
    child = startAppProcess({
      JANUS_URL: janus.wsUrl,
      JANUS_API_SECRET: janus.apiSecret ?? '',
      JWT_SECRET: TEST_JWT_SECRET,
      REDIS_URL: redis.url,
      ...ENV,
    });
    const url = await child.url;
    const socket = await client(url, '/videoroom', '198.51.100.40');
    expect((await request(socket, 'join', { room: 1234, display: 'doomed' })).ok).toBe(true);

    // The child's record names its one session (the one its sockets' handles share) on this Janus.
    const survivor = registryOf(a);
    const known = new Set([a.app.get(ScaleOut).instanceId, b.app.get(ScaleOut).instanceId]);
    const childId = (await peek.smembers('nestjs-janus:instances')).find((id) => !known.has(id));
    if (childId === undefined) throw new Error('the child instance wrote no record');
    const childSessions = async (): Promise<Array<[number, string]>> => [...(await survivor.record(childId)).sessions];
    await expect.poll(childSessions, { timeout: 5000, interval: 50 }).toHaveLength(1);
    const [[sessionId, onUrl]] = await childSessions();
    expect(onUrl).toBe(janus.wsUrl);
    expect(await a.sessions()).toContain(sessionId);

    const killedAt = performance.now();
    await child.kill();
    await expect
      .poll(async () => (await a.sessions()).includes(sessionId), { timeout: 20_000, interval: 100 })
      .toBe(false);
    const elapsed = performance.now() - killedAt;
    figure('scale-out', 'SIGKILLed instance: its Janus session gone after (ms)', Math.round(elapsed));
    // The bound: the heartbeat's TTL, plus the sweep period (a third of it); 2 s of slack for a busy machine.
    expect(survivor.boundMs).toBe(TTL_S * 1000 + 1000);
    expect(elapsed).toBeLessThan(survivor.boundMs + 2000);
    // Janus did not time it out (60 s): a survivor destroyed it, and deleted the dead instance's record.
    expect(await peek.sismember('nestjs-janus:instances', childId)).toBe(0);
    expect(await survivor.record(childId)).toEqual({ alive: false, sessions: new Map() });
    // The survivors' own records are there, each with its heartbeat.
    for (const id of known) expect((await survivor.record(id)).alive).toBe(true);
  }, 60_000); // starting the app from the sources in a process of its own takes a few CPU seconds

  it("on a clean shutdown, deletes the instance's record and closes its Redis connections", async () => {
    const id = b.app.get(ScaleOut).instanceId;
    const connectionsOf = async (): Promise<number> =>
      String(await peek.call('CLIENT', 'LIST'))
        .split('\n')
        .filter((line) => line.includes(`name=nestjs-janus:${id} `)).length;
    // Commands and socket.io's subscriptions.
    expect(await connectionsOf()).toBe(2);
    await close(b);
    expect(await peek.sismember('nestjs-janus:instances', id)).toBe(0);
    expect(await registryOf(a).record(id)).toEqual({ alive: false, sessions: new Map() });
    expect(await connectionsOf()).toBe(0);
  });
});

describe('REDIS_URL where no Redis answers', () => {
  it('fails startup with RedisUnavailableError (REDIS_UNAVAILABLE) naming REDIS_URL, never the password', async () => {
    const port = await freePort();
    const config = loadConfig({
      JANUS_URL: 'ws://127.0.0.1:1',
      JWT_SECRET: TEST_JWT_SECRET,
      REDIS_URL: `redis://:hunter2@127.0.0.1:${port}`,
      LOG_LEVEL: 'fatal',
    });
    const err = await createApp(config).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedisUnavailableError);
    expect(err).toMatchObject({ code: 'REDIS_UNAVAILABLE' });
    expect((err as Error).message).toMatch(
      new RegExp(`^REDIS_URL: Redis at redis://(:\\*+)?@?127\\.0\\.0\\.1:${port}/? did not answer .*ECONNREFUSED`),
    );
    expect((err as Error).message).not.toContain('hunter2');
  });
});
