// The `scale` case: what running the app as several instances on Redis, or in front of a pool of Janus servers,
// does to a burst of connect+join, compared with one app in front of one Janus. One setup of lib/deployment.ts at a
// time, fresh for every repetition, driven by the socket.io driver of the `servers` case (lib/driver.ts).
import { appToken } from '../lib/app.js';
import { startDeployment, type Deployment, type SetupShape } from '../lib/deployment.js';
import type { DriverTarget } from '../lib/driver.js';
import { Driver } from '../lib/driver-process.js';
import { participantsPerRoom } from '../lib/janus.js';
import type { Metrics } from '../lib/jobs.js';
import { JOIN_ROOM } from '../lib/rooms.js';
import { procStats, quiet, threadCpuMs } from '../lib/util.js';

export interface ScalePlan {
  /** Clients that connect and join all at once, alternating between the app instances. */
  burst: number;
  /**
   * Rooms the clients are spread over (client i joins room JOIN_ROOM + i mod rooms): with a pool, each room is on
   * one server, so several rooms are needed to use both. The same layout in every setup.
   */
  rooms: number;
  /**
   * Warm-up of each app instance: `warmUpRounds` times, `warmUpSockets` clients connect, join and disconnect (the
   * rounds alternate between the instances, twice as many rounds for two).
   */
  warmUpRounds: number;
  warmUpSockets: number;
}

/**
 * The CPU (ms) of each group of processes of a setup. Node and Redis keep their threads: summed per thread, to the
 * nanosecond. Janus runs a thread per request in flight, and the per-thread sum would miss the ones that ended: its
 * process total instead, in clock ticks (10 ms, 0.05 ms per join at 200 joins).
 */
function cpuOf(deployment: Deployment): { apps: number; janus: number; redis: number } {
  const sum = (pids: number[], cpu: (pid: number) => number): number =>
    pids.reduce((total, pid) => total + cpu(pid), 0);
  return {
    apps: sum(
      deployment.apps.map((app) => app.pid),
      (pid) => threadCpuMs(pid),
    ),
    janus: sum(
      deployment.janus.map((j) => j.instance.pid),
      (pid) => procStats(pid).cpuMs,
    ),
    redis: deployment.redis ? threadCpuMs(deployment.redis.pid) : 0,
  };
}

function pidsOf(deployment: Deployment): number[] {
  return [
    ...deployment.apps.map((app) => app.pid),
    ...deployment.janus.map((j) => j.instance.pid),
    ...(deployment.redis ? [deployment.redis.pid] : []),
  ];
}

/**
 * Places the rooms: one client at a time joins each room through the first instance and stays until all rooms
 * are placed. A room is placed on the least-loaded server at its first join, and the instance counts its own
 * handles at once, so with a pool of two the rooms alternate between the servers (all joining at once, every first
 * join would see two empty servers and take the first). With one Janus it is the same few joins, for the same
 * steps in every setup.
 */
async function placeRooms(driver: Driver, target: DriverTarget, rooms: number): Promise<void> {
  for (let r = 0; r < rooms; r++) {
    const placed = await driver.call({ cmd: 'join', target, count: 1, firstRoom: JOIN_ROOM + r });
    if (placed.failed) throw new Error(`the first join into room ${JOIN_ROOM + r} failed`);
  }
  await driver.call({ cmd: 'disconnect' });
}

/**
 * One repetition of one setup: start it, place the rooms, warm it up, then the measured burst (all clients
 * connect and join at once, alternating between the instances), count where the participants are, disconnect
 * all and wait until every process is quiet again, stop it.
 *
 * Figures: joins/s (clients joined / wall time of the burst, connects included), the join latency as the client
 * sees it (`join` emitted → `joined`), failed joins, CPU per join of the apps, the Janus servers and Redis over the
 * burst, and the participants and rooms on each Janus.
 */
export async function scaleRep(
  shape: SetupShape,
  plan: ScalePlan,
  nodeFlags: readonly string[],
  log: (message: string) => void,
): Promise<{ metrics: Metrics; janusVersion: string }> {
  const t0 = Date.now();
  const deployment = await startDeployment(shape, plan.rooms, nodeFlags);
  const driver = new Driver(nodeFlags);
  try {
    const token = await appToken();
    const targets = deployment.apps.map((app) => ({ url: app.url, namespace: '/videoroom', token }));
    const spread = { target: targets, firstRoom: JOIN_ROOM, rooms: plan.rooms };
    await driver.ready;
    await placeRooms(driver, targets[0], plan.rooms);
    const warm = await driver.call({
      cmd: 'cycles',
      ...spread,
      sockets: plan.warmUpSockets,
      // The same warm-up for every instance: two instances share twice as many rounds.
      rounds: plan.warmUpRounds * deployment.apps.length,
    });
    const pids = pidsOf(deployment);
    await quiet(pids);
    log(
      `  ${shape.name}: started, rooms placed, warmed up (${warm.failed} failed) in ${Date.now() - t0} ms; ` +
        `burst of ${plan.burst}`,
    );

    const cpu0 = cpuOf(deployment);
    const joined = await driver.call({ cmd: 'join', ...spread, count: plan.burst });
    const cpu1 = cpuOf(deployment);
    const per = (ms: number): number => ms / plan.burst;
    const metrics: Metrics = {
      ...joined,
      joins_per_s: joined.joined / (joined.wall_ms / 1000),
      app_cpu_ms_per_join: per(cpu1.apps - cpu0.apps),
      janus_cpu_ms_per_join: per(cpu1.janus - cpu0.janus),
      redis_cpu_ms_per_join: per(cpu1.redis - cpu0.redis),
      cpu_ms_per_join: per(cpu1.apps + cpu1.janus + cpu1.redis - cpu0.apps - cpu0.janus - cpu0.redis),
      warm_up_failed: warm.failed,
    };

    // Where the rooms went: participants (and rooms with any) on each server.
    const roomIds = Array.from({ length: plan.rooms }, (_, r) => JOIN_ROOM + r);
    for (const [k, janus] of deployment.janus.entries()) {
      const counts = await participantsPerRoom(janus.target, roomIds);
      metrics[`janus${k + 1}_participants`] = counts.reduce((a, b) => a + b, 0);
      metrics[`janus${k + 1}_rooms`] = counts.filter((n) => n > 0).length;
    }

    const t1 = performance.now();
    await driver.call({ cmd: 'disconnect' });
    await quiet(pids);
    metrics.settle_ms = performance.now() - t1;
    log(
      `  ${shape.name}: ${metrics.joins_per_s.toFixed(0)} joins/s, p50 ${metrics.join_p50_ms.toFixed(1)} ` +
        `p95 ${metrics.join_p95_ms.toFixed(1)} ms, ${metrics.cpu_ms_per_join.toFixed(2)} ms CPU/join, ` +
        `${metrics.failed} failed, participants per Janus ${deployment.janus.map((_, k) => metrics[`janus${k + 1}_participants`]).join('/')}`,
    );
    return { metrics, janusVersion: deployment.janus[0].version };
  } finally {
    await driver.exit();
    await deployment.stop();
  }
}
