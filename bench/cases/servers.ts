// The `servers` and `capacity` cases: the app against a Janode-based server (bench/janode-server/server.mjs), the
// same Janus, the same socket.io driver (lib/driver.ts, in a child process), the two servers taking turns phase by
// phase. Everything about the servers (CPU, wake-ups, heap, Janus's log) is measured here, from outside them.
import { appToken, startApp } from '../lib/app.js';
import type { DriverTarget } from '../lib/driver.js';
import { Driver } from '../lib/driver-process.js';
import { JanusLog, type BenchJanus } from '../lib/janus.js';
import type { Metrics } from '../lib/jobs.js';
import { JOIN_ROOM } from '../lib/rooms.js';
import { startJanodeServer, startSocketIoServer, type RunningServer } from '../lib/server-process.js';
import { procStats, quiet, restMeter, sleep, threadCpuMs } from '../lib/util.js';

/** The servers compared, and (heartbeat case only) socket.io with no application, the floor. */
export type ServerName = 'app' | 'janode-server' | 'socketio-server';
export const SERVER_NAMES: readonly ServerName[] = ['app', 'janode-server'];

export interface ServersPlan {
  /** Sizes of the simultaneous connect+join bursts. */
  bursts: number[];
  /**
   * Clients that connect and join one at a time (each once the previous one has joined): a join's latency and CPU
   * without the queueing of a burst, what a join costs on its own.
   */
  oneAtATime: number;
  /** Length of the idle window without clients. */
  idleWindowMs: number;
  /**
   * Length of the idle window with the capacity check's clients held: at least socket.io's ping interval (25 s), so
   * that every held socket's heartbeat falls in it once.
   */
  heldWindowMs: number;
  /** Warm-up of each server: `warmUpRounds` times, `warmUpSockets` clients connect, join and disconnect. */
  warmUpRounds: number;
  warmUpSockets: number;
  /**
   * Before each burst, after the heap probe: `rewarmRounds` more rounds of `warmUpSockets`, not measured. The probe's
   * full collections throw away optimized code that refers to objects they free (V8's "weak objects" deopts; about
   * 170 functions of the app in a traced run): without these rounds the burst measured the compiler re-optimizing
   * them, not a warm server.
   */
  rewarmRounds: number;
  /** The capacity check: this many clients joined on one server, `capacityConcurrency` connecting at a time. */
  capacity: number;
  capacityConcurrency: number;
}

/** The job of the joins one at a time ({@link ServersPlan.oneAtATime}). */
export const ONE_AT_A_TIME = 'servers one at a time';

/** Figures of one repetition: job name → server → metrics. */
export type ServersFigures = Record<string, Partial<Record<ServerName, Metrics>>>;

export interface ServerUnderTest {
  name: ServerName;
  server: RunningServer;
  target: DriverTarget;
}

/**
 * CPU (all threads, and the main thread alone) and main-thread wake-ups of `pid` per second over `ms`, with nothing
 * asked of it. Starts once the server is quiet, and 1 s later (V8's compiler and collector threads finishing).
 */
async function idleWindow(pid: number, ms: number): Promise<Metrics> {
  await quiet(pid);
  await sleep(1000);
  const meter = restMeter([pid]);
  await sleep(ms);
  return { ...meter()[0] };
}

/**
 * Starts the app and the Janode server on `janus`, with their driver targets. `pingIntervalMs`: socket.io's ping
 * interval of both (the app's `WS_PING_INTERVAL_MS`, the Janode server's `PING_INTERVAL_MS`); `heapProbe` as
 * {@link startApp}'s. `withSocketIo`: socket.io with no application as a third server (bench/socketio-server).
 */
export async function startServers(
  janus: BenchJanus,
  nodeFlags: readonly string[],
  {
    heapProbe = true,
    pingIntervalMs,
    withSocketIo = false,
  }: { heapProbe?: boolean; pingIntervalMs?: number; withSocketIo?: boolean } = {},
): Promise<ServerUnderTest[]> {
  const token = await appToken();
  /** The ping interval in the environment `variable`, when there is one. */
  const ping = (variable: string): Record<string, string> =>
    pingIntervalMs === undefined ? {} : { [variable]: String(pingIntervalMs) };
  const [app, janode, bare] = await Promise.all([
    startApp(janus.target, nodeFlags, { heapProbe }, ping('WS_PING_INTERVAL_MS')),
    startJanodeServer(janus.target, { heapProbe, nodeFlags }, ping('PING_INTERVAL_MS')),
    withSocketIo ? startSocketIoServer({ heapProbe, nodeFlags }, ping('PING_INTERVAL_MS')) : undefined,
  ]);
  const servers: ServerUnderTest[] = [
    { name: 'app', server: app, target: { url: app.url, namespace: '/videoroom', token } },
    { name: 'janode-server', server: janode, target: { url: janode.url, namespace: '/' } },
  ];
  if (bare) servers.push({ name: 'socketio-server', server: bare, target: { url: bare.url, namespace: '/' } });
  return servers;
}

/**
 * One burst on one server: `count` clients connect and join all at once (or `concurrency` at a time), optionally
 * held for an idle window, then all disconnect at once. Heap after full GCs before and with the clients, the
 * server's CPU over the connects+joins and over the disconnects, and Janus's errors during the disconnects. With
 * `rewarm`, that many unmeasured rounds of connects, joins and disconnects run between the first heap reading and
 * the burst (see {@link ServersPlan.rewarmRounds}).
 */
async function burst(
  driver: Driver,
  { name, server, target }: ServerUnderTest,
  log: JanusLog,
  count: number,
  options: { idleWindowMs?: number; concurrency?: number; rewarm?: { rounds: number; sockets: number } },
): Promise<Metrics> {
  const pid = server.pid;
  await quiet(pid);
  const heap0 = (await server.heap()).heapUsed;
  if (options.rewarm) {
    const { rounds, sockets } = options.rewarm;
    const warm = await driver.call({ cmd: 'cycles', target, sockets, rounds, firstRoom: JOIN_ROOM });
    if (warm.failed) throw new Error(`re-warm of ${name}: ${warm.failed} of ${rounds * sockets} joins failed`);
  }
  await quiet(pid);
  const rss0 = procStats(pid).rss;
  const cpu0 = threadCpuMs(pid);
  const main0 = threadCpuMs(pid, pid);
  const joined = await driver.call({
    cmd: 'join',
    target,
    count,
    firstRoom: JOIN_ROOM,
    concurrency: options.concurrency,
  });
  const clients = Math.max(1, joined.joined);
  const metrics: Metrics = {
    ...joined,
    cpu_ms_per_join: (threadCpuMs(pid) - cpu0) / count,
    // The main thread alone: what queues the joins. The rest is V8's helper threads (parallel and concurrent GC,
    // the optimizing compiler).
    main_thread_cpu_ms_per_join: (threadCpuMs(pid, pid) - main0) / count,
    // The heap the server holds before the burst (after full GCs): what every major GC of the burst marks.
    heap_mib_before: heap0 / 1024 / 1024,
  };
  await quiet(pid);
  if (options.idleWindowMs) {
    const idle = await idleWindow(pid, options.idleWindowMs);
    metrics.held_cpu_ms_per_s = idle.cpu_ms_per_s;
    metrics.held_wakeups_per_s = idle.wakeups_per_s;
    metrics.held_main_thread_cpu_ms_per_s = idle.main_thread_cpu_ms_per_s;
  }
  const check = await driver.call({ cmd: 'check' });
  metrics.dropped = check.dropped;
  metrics.pushed_errors = check.errors;
  metrics.rss_bytes_per_client = (procStats(pid).rss - rss0) / clients;
  metrics.rss_kib_per_client = metrics.rss_bytes_per_client / 1024;
  metrics.heap_bytes_per_client = ((await server.heap()).heapUsed - heap0) / clients;
  metrics.heap_kib_per_client = metrics.heap_bytes_per_client / 1024;
  await quiet(pid);

  const mark = log.mark();
  const cpu1 = threadCpuMs(pid);
  const t0 = performance.now();
  await driver.call({ cmd: 'disconnect' });
  await quiet(pid);
  metrics.disconnect_ms = performance.now() - t0;
  metrics.cpu_ms_per_disconnect = (threadCpuMs(pid) - cpu1) / clients;
  await sleep(500); // Janus's log thread
  Object.assign(metrics, log.countSince(mark));
  metrics.janus_no_such = metrics.janus_no_such_session + metrics.janus_no_such_handle;
  return metrics;
}

/**
 * One repetition of the `servers` case: a fresh app and Janode server on `janus`, one driver; each phase runs on
 * each server in `order`, one after the other (the other server idle meanwhile):
 * warm-up (connect, join, disconnect cycles), an idle window without clients, joins one at a time, then each burst.
 */
export async function serversRep(
  janus: BenchJanus,
  plan: ServersPlan,
  order: readonly ServerName[],
  nodeFlags: readonly string[],
  log: (message: string) => void,
): Promise<ServersFigures> {
  const figures: ServersFigures = {};
  const record = (job: string, name: ServerName, metrics: Metrics): void => {
    (figures[job] ??= {})[name] = metrics;
  };
  const servers = await startServers(janus, nodeFlags);
  const turns = order.map((name) => servers.find((s) => s.name === name)!);
  const driver = new Driver(nodeFlags);
  const janusLog = new JanusLog(janus.instance.logFile);
  try {
    await driver.ready;
    for (const s of turns) {
      const t0 = Date.now();
      const warm = await driver.call({
        cmd: 'cycles',
        target: s.target,
        sockets: plan.warmUpSockets,
        rounds: plan.warmUpRounds,
        firstRoom: JOIN_ROOM,
      });
      log(
        `  warm-up ${s.name}: ${plan.warmUpRounds} x ${plan.warmUpSockets} (${warm.failed} failed, ${Date.now() - t0} ms)`,
      );
    }
    for (const s of turns) {
      const idle = await idleWindow(s.server.pid, plan.idleWindowMs);
      record('servers idle', s.name, idle);
      log(
        `  idle, no clients, ${s.name}: ${idle.cpu_ms_per_s.toFixed(2)} ms/s, ${idle.wakeups_per_s.toFixed(1)} wake-ups/s`,
      );
    }
    for (const s of turns) {
      const metrics = await burst(driver, s, janusLog, plan.oneAtATime, {
        concurrency: 1,
        rewarm: { rounds: plan.rewarmRounds, sockets: plan.warmUpSockets },
      });
      record(ONE_AT_A_TIME, s.name, metrics);
      log(
        `  ${plan.oneAtATime} one at a time, ${s.name}: p50 ${metrics.join_p50_ms.toFixed(2)} p95 ${metrics.join_p95_ms.toFixed(2)} ms, ` +
          `${metrics.cpu_ms_per_join.toFixed(2)} ms CPU/join, ${metrics.failed} failed`,
      );
    }
    for (const count of plan.bursts) {
      for (const s of turns) {
        // Idle held clients are the `heartbeat` case's (measured once the burst's after-effects are over).
        const metrics = await burst(driver, s, janusLog, count, {
          rewarm: { rounds: plan.rewarmRounds, sockets: plan.warmUpSockets },
        });
        record(`servers M=${count}`, s.name, metrics);
        log(
          `  M=${count} ${s.name}: p50 ${metrics.join_p50_ms.toFixed(1)} p95 ${metrics.join_p95_ms.toFixed(1)} ms, ` +
            `${metrics.cpu_ms_per_join.toFixed(2)} ms CPU/join, heap ${(metrics.heap_bytes_per_client / 1024).toFixed(1)} KiB/client, ` +
            `${metrics.failed} failed, Janus 'Invalid plugin session' ${metrics.janus_invalid_plugin_session}`,
        );
      }
    }
  } finally {
    await driver.exit();
    await Promise.all(servers.map((s) => s.server.stop()));
  }
  return figures;
}

/**
 * The capacity check: `plan.capacity` clients joined on one server (connecting `capacityConcurrency` at a time),
 * held for an idle window, checked (none dropped, no error pushed), then all disconnected at once. Each server in
 * turn, on a fresh app and Janode server.
 */
export async function capacityRep(
  janus: BenchJanus,
  plan: ServersPlan,
  order: readonly ServerName[],
  nodeFlags: readonly string[],
  log: (message: string) => void,
): Promise<ServersFigures> {
  const figures: ServersFigures = {};
  const servers = await startServers(janus, nodeFlags);
  const driver = new Driver(nodeFlags);
  const janusLog = new JanusLog(janus.instance.logFile);
  try {
    await driver.ready;
    for (const name of order) {
      const s = servers.find((x) => x.name === name)!;
      const metrics = await burst(driver, s, janusLog, plan.capacity, {
        idleWindowMs: plan.heldWindowMs,
        concurrency: plan.capacityConcurrency,
      });
      (figures[`capacity N=${plan.capacity}`] ??= {})[name] = metrics;
      log(
        `  capacity ${name}: ${metrics.joined} joined in ${(metrics.wall_ms / 1000).toFixed(1)} s, ${metrics.failed} failed, ` +
          `${metrics.dropped} dropped, ${metrics.pushed_errors} errors, heap ${(metrics.heap_bytes_per_client / 1024).toFixed(1)} KiB/client`,
      );
    }
  } finally {
    await driver.exit();
    await Promise.all(servers.map((s) => s.server.stop()));
  }
  return figures;
}
