// The `heartbeat` case: what idle joined clients cost a server once the burst that brought them is over, for each
// socket.io ping interval of the plan. The app, the Janode-based server and socket.io with no application (the
// floor: what the heartbeat alone costs) hold their clients at the same time and are measured over the same window:
// at rest, each uses a few ms of CPU per second, so they do not disturb each other (a burst would; the bursts run
// one after the other).
import { Driver } from '../lib/driver-process.js';
import type { BenchJanus } from '../lib/janus.js';
import type { Metrics } from '../lib/jobs.js';
import { JOIN_ROOM, JOIN_ROOM_SIZE } from '../lib/rooms.js';
import { quiet, restMeter, sleep } from '../lib/util.js';
import { startServers, type ServerName, type ServersFigures } from './servers.js';

export interface HeartbeatPlan {
  /** Clients joined on each server. */
  clients: number;
  /** socket.io ping intervals to measure (s): each a job `heartbeat <s> s`, both servers started with it. */
  intervalsS: number[];
  /** The idle window with no client (ms), for the baseline. */
  idleWindowMs: number;
  /**
   * Wait after the bursts before the held window (ms). V8 runs a few full collections ("memory reducer") some 20-40
   * s after a burst ends; they belong to the burst, not to holding clients, so the window starts after them.
   */
  settleMs: number;
  /** The held window covers whole ping intervals, and at least this long (ms). */
  minHeldWindowMs: number;
}

/** The job name of one ping interval. */
export const heartbeatJob = (intervalS: number): string => `heartbeat ${intervalS} s`;

/**
 * One ping interval: both servers started with it; after `settleMs`, an idle window with no client (the baseline);
 * `plan.clients` connect and join on each server in turn; after `settleMs` again, a held window of whole ping
 * intervals, over which every held socket must have had its heartbeats. The cost of one heartbeat (a ping and its
 * pong, on the server) is the held CPU above the baseline, spread over the pings the window holds.
 */
async function oneInterval(
  janus: BenchJanus,
  plan: HeartbeatPlan,
  intervalS: number,
  nodeFlags: readonly string[],
  log: (message: string) => void,
): Promise<Partial<Record<ServerName, Metrics>>> {
  // Started as the servers case starts them, but without the heap probe (an IPC channel idle servers need not have).
  const servers = await startServers(janus, nodeFlags, {
    heapProbe: false,
    pingIntervalMs: intervalS * 1000,
    withSocketIo: true,
  });
  const pids = servers.map((s) => s.server.pid);
  const driver = new Driver(nodeFlags, { openFiles: servers.length * plan.clients + 1000 });
  try {
    await driver.ready;
    // A server just started runs the same collections as after a burst (its start-up is one): past them first.
    await sleep(plan.settleMs);
    await quiet(pids);
    const idle = restMeter(pids);
    await sleep(plan.idleWindowMs);
    const baseline = idle();

    for (const [i, { name, target }] of servers.entries()) {
      const joined = await driver.call({
        cmd: 'join',
        target,
        count: plan.clients,
        // Each server its own meetings.
        firstRoom: JOIN_ROOM + i * Math.ceil(plan.clients / JOIN_ROOM_SIZE),
      });
      if (joined.failed > 0) throw new Error(`${name}: ${joined.failed} of ${plan.clients} joins failed`);
    }
    await sleep(plan.settleMs);

    const intervals = Math.max(1, Math.ceil(plan.minHeldWindowMs / 1000 / intervalS));
    const held = restMeter(pids);
    // Every held socket has its ping within the window's first interval (the driver counts them meanwhile).
    const beats = driver.call({ cmd: 'heartbeat', timeoutMs: intervals * intervalS * 1000 });
    await sleep(intervals * intervalS * 1000);
    const window = held();
    const { missed_heartbeats } = await beats;
    const check = await driver.call({ cmd: 'check' });

    const figures: Partial<Record<ServerName, Metrics>> = {};
    for (const [i, { name }] of servers.entries()) {
      const base = baseline[i];
      const m = window[i];
      const pings = intervals * plan.clients;
      figures[name] = {
        idle_cpu_ms_per_s: base.cpu_ms_per_s,
        idle_wakeups_per_s: base.wakeups_per_s,
        held_cpu_ms_per_s: m.cpu_ms_per_s,
        held_main_thread_cpu_ms_per_s: m.main_thread_cpu_ms_per_s,
        held_wakeups_per_s: m.wakeups_per_s,
        cpu_ms_per_heartbeat: ((m.cpu_ms_per_s - base.cpu_ms_per_s) * intervals * intervalS) / pings,
        held_window_s: intervals * intervalS,
        missed_heartbeats,
        dropped: check.dropped,
      };
      log(
        `  heartbeat ${intervalS} s, ${name}: no client ${base.cpu_ms_per_s.toFixed(2)} ms/s, ${plan.clients} held ` +
          `${m.cpu_ms_per_s.toFixed(2)} ms/s (main thread ${m.main_thread_cpu_ms_per_s.toFixed(2)}), ` +
          `${m.wakeups_per_s.toFixed(1)} wake-ups/s, ${figures[name].cpu_ms_per_heartbeat.toFixed(3)} ms/heartbeat`,
      );
    }
    await driver.call({ cmd: 'disconnect' });
    return figures;
  } finally {
    await driver.exit();
    await Promise.all(servers.map((s) => s.server.stop()));
  }
}

/** One repetition of the `heartbeat` case: every ping interval of the plan, on fresh servers. */
export async function heartbeatRep(
  janus: BenchJanus,
  plan: HeartbeatPlan,
  nodeFlags: readonly string[],
  log: (message: string) => void,
): Promise<ServersFigures> {
  const figures: ServersFigures = {};
  for (const intervalS of plan.intervalsS) {
    figures[heartbeatJob(intervalS)] = await oneInterval(janus, plan, intervalS, nodeFlags, log);
  }
  return figures;
}
