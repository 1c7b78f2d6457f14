// The deployments of the `scale` case: one or two app instances (two share a Redis), in front of one Janus or of a
// pool of two. Starts and stops every process of one of them.
import { randomBytes } from 'node:crypto';
import { startApp, type RunningApp } from './app.js';
import { startBenchJanus, type BenchJanus } from './janus.js';
import { startRedis, type RedisInstance } from '../../tools/redis-harness/index.js';

export type SetupName = '1x1' | '2x1' | '1x2' | '2x2';

/** What runs in a setup: `apps` app instances (on Redis when more than one), `janus` Janus servers. */
export interface SetupShape {
  name: SetupName;
  label: string;
  apps: number;
  janus: number;
  redis: boolean;
}

/** The four setups, the baseline first (the ratios are against it). */
export const SETUPS: readonly SetupShape[] = [
  { name: '1x1', label: '1 app, 1 Janus', apps: 1, janus: 1, redis: false },
  { name: '2x1', label: '2 apps on Redis, 1 Janus', apps: 2, janus: 1, redis: true },
  { name: '1x2', label: '1 app, pool of 2 Janus', apps: 1, janus: 2, redis: false },
  { name: '2x2', label: '2 apps on Redis, pool of 2 Janus', apps: 2, janus: 2, redis: true },
];

export interface Deployment {
  readonly shape: SetupShape;
  readonly apps: readonly RunningApp[];
  readonly janus: readonly BenchJanus[];
  readonly redis?: RedisInstance;
  /** Stops everything it started (apps first, so that they leave Janus and Redis cleanly). */
  stop(): Promise<void>;
}

/** Resolves when all settle; if any failed, stops the ones that started and throws the first failure. */
async function allOrNothing<T>(starts: Array<Promise<T>>, stop: (started: T) => Promise<void>): Promise<T[]> {
  const settled = await Promise.allSettled(starts);
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const started = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (failure) {
    await Promise.all(started.map(stop));
    throw failure.reason instanceof Error ? failure.reason : new Error(String(failure.reason));
  }
  return started;
}

/**
 * Starts a setup: its Redis (if any), its Janus servers (configured alike, as a pool needs: the same API, admin
 * and room secrets, and the join rooms JOIN_ROOM..JOIN_ROOM+rooms-1 created on each with the same secret), then its
 * app instances. One Janus: the apps get `JANUS_URL`, as everywhere else in the bench. Two: `JANUS_POOL` with each
 * server's Admin API, and `JANUS_URL` empty. Nothing that is not asked for is inherited from the bench's own
 * environment (`REDIS_URL`, `JANUS_POOL`... are set, empty when unused).
 */
export async function startDeployment(
  shape: SetupShape,
  rooms: number,
  nodeFlags: readonly string[],
): Promise<Deployment> {
  const secret = (): string => randomBytes(12).toString('hex');
  const secrets = { apiSecret: secret(), adminSecret: secret(), videoRoomSecret: secret() };
  const redis = shape.redis ? await startRedis() : undefined;
  let janus: BenchJanus[] = [];
  try {
    janus = await allOrNothing(
      Array.from({ length: shape.janus }, () =>
        startBenchJanus({ joinRooms: rooms, secrets, roomSecret: secrets.videoRoomSecret }),
      ),
      (j) => j.stop(),
    );
    const pooled = janus.length > 1;
    const env: Record<string, string> = {
      REDIS_URL: redis?.url ?? '',
      JANUS_URL: pooled ? '' : janus[0].target.url,
      JANUS_POOL: pooled ? janus.map((j) => `${j.instance.wsUrl}|${j.instance.adminUrl}`).join(',') : '',
      JANUS_ADMIN_URL: '',
      JANUS_ADMIN_SECRET: pooled ? secrets.adminSecret : '',
    };
    const apps = await allOrNothing(
      Array.from({ length: shape.apps }, () => startApp(janus[0].target, nodeFlags, {}, env)),
      (app) => app.stop(),
    );
    return {
      shape,
      apps,
      janus,
      redis,
      stop: async () => {
        await Promise.all(apps.map((app) => app.stop()));
        await Promise.all(janus.map((j) => j.stop()));
        await redis?.stop();
      },
    };
  } catch (err) {
    await Promise.all(janus.map((j) => j.stop()));
    await redis?.stop();
    throw err;
  }
}
