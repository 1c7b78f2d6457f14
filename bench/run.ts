// `npm run bench [-- --quick] [-- --reps=N] [-- --scale-burst=N]`
// `npm run bench -- --cases=latency,throughput,fanout,memory,app,servers,capacity,scale,heartbeat` (any of them)
//
// Starts private Janus instances with the project's harness, runs every (case, client) in a fresh child process
// with the client order rotating between repetitions, and writes the Markdown report to bench/results/.
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLIENT_NAMES, type ClientName } from './lib/clients.js';
import { appToken, startApp } from './lib/app.js';
import { startBenchJanus, type BenchJanus, type BenchJanusOptions } from './lib/janus.js';
import { DEMO_ROOM, FANOUT_ROOM, JOIN_ROOM, JOIN_ROOM_SIZE } from './lib/rooms.js';
import { scaleRep, type ScalePlan } from './cases/scale.js';
import { heartbeatJob, heartbeatRep, type HeartbeatPlan } from './cases/heartbeat.js';
import {
  capacityRep,
  ONE_AT_A_TIME,
  SERVER_NAMES,
  serversRep,
  type ServersFigures,
  type ServersPlan,
} from './cases/servers.js';
import { SETUPS } from './lib/deployment.js';
import type { ChildMessage, Job, JobOutcome, Metrics, ParentMessage } from './lib/jobs.js';
import {
  appTable,
  clientTable,
  scaleTable,
  serversTable,
  type Row,
  type RunData,
  type Runner,
  type Target,
} from './lib/report.js';

const here = dirname(fileURLToPath(import.meta.url));
/** dist/bench → the project root. */
const root = join(here, '..', '..');
/**
 * `capacity` and `scale` run only when asked for (`--cases=capacity`, `--cases=scale`): 10 000 clients on each
 * server, once; four deployments of the app started one after the other, every repetition.
 */
const CASES = [
  'latency',
  'throughput',
  'fanout',
  'memory',
  'app',
  'servers',
  'capacity',
  'scale',
  'heartbeat',
] as const;
const DEFAULT_CASES: readonly CaseName[] = ['latency', 'throughput', 'fanout', 'memory', 'app', 'servers', 'heartbeat'];
type CaseName = (typeof CASES)[number];

interface Plan {
  /** Repetitions of every job (at least 3 in a full run)... */
  reps: number;
  /** ...but more of the short, noisy ones (job name -> repetitions). */
  moreReps: Record<string, number>;
  keepalives: number;
  lifecycles: number;
  /** Case 1 runs the three clients' children side by side, taking turns in this many batches. */
  latencyBatches: number;
  flows: number[];
  /** Case 2 takes turns in at most this many batches of bursts. */
  throughputBatches: number;
  publishers: number[];
  recordPublishers: number;
  replayPasses: number;
  memory: number[];
  participants: number[];
  sequential: number;
  /** Case 5 takes turns in this many batches of sequential joins. */
  joinBatches: number;
  /** The `servers` and `capacity` cases. */
  servers: ServersPlan;
  /** The `scale` case. */
  scale: ScalePlan;
  /** The `heartbeat` case. */
  heartbeat: HeartbeatPlan;
}

const FULL: Plan = {
  reps: 3,
  moreReps: {
    keepalive: 7,
    lifecycle: 7,
    'throughput N=100': 5,
    'throughput N=1000': 5,
    replay: 5,
    'servers idle': 5,
    [ONE_AT_A_TIME]: 5,
    'servers M=200': 5,
    'servers M=1000': 5,
    'scale M=200': 5,
  },
  keepalives: 5000,
  lifecycles: 500,
  latencyBatches: 25,
  flows: [100, 1000, 5000],
  throughputBatches: 8,
  publishers: [300, 500],
  recordPublishers: 300,
  replayPasses: 6,
  memory: [1000, 5000],
  participants: [200, 1000],
  sequential: 200,
  joinBatches: 10,
  servers: {
    bursts: [200, 1000],
    oneAtATime: 200,
    idleWindowMs: 10_000,
    heldWindowMs: 25_000,
    warmUpRounds: 40,
    warmUpSockets: 50,
    rewarmRounds: 10,
    capacity: 10_000,
    capacityConcurrency: 200,
  },
  scale: { burst: 200, rooms: 8, warmUpRounds: 20, warmUpSockets: 50 },
  heartbeat: { clients: 1000, intervalsS: [25, 120], idleWindowMs: 10_000, settleMs: 45_000, minHeldWindowMs: 50_000 },
};

const QUICK: Plan = {
  reps: 1,
  moreReps: {},
  keepalives: 500,
  lifecycles: 100,
  latencyBatches: 5,
  flows: [100, 1000],
  throughputBatches: 4,
  publishers: [100],
  recordPublishers: 100,
  replayPasses: 10,
  memory: [1000],
  participants: [200],
  sequential: 50,
  joinBatches: 5,
  servers: {
    bursts: [50],
    oneAtATime: 20,
    idleWindowMs: 3000,
    heldWindowMs: 3000,
    warmUpRounds: 4,
    warmUpSockets: 50,
    rewarmRounds: 2,
    capacity: 500,
    capacityConcurrency: 100,
  },
  scale: { burst: 50, rooms: 8, warmUpRounds: 4, warmUpSockets: 50 },
  heartbeat: { clients: 100, intervalsS: [5], idleWindowMs: 3000, settleMs: 3000, minHeldWindowMs: 5000 },
};

function parseArgs(argv: string[]): { plan: Plan; quick: boolean; cases: CaseName[]; nodeFlags: string[] } {
  const quick = argv.includes('--quick');
  const plan = { ...(quick ? QUICK : FULL) };
  let cases: CaseName[] = [...DEFAULT_CASES];
  let nodeFlags: string[] = [];
  for (const arg of argv) {
    const eq = arg.indexOf('=');
    const [key, value] = eq < 0 ? [arg, ''] : [arg.slice(0, eq), arg.slice(eq + 1)];
    if (key === '--reps') {
      plan.reps = Math.max(1, Number(value));
      plan.moreReps = {};
    } else if (key === '--cases')
      cases = value.split(',').filter((c): c is CaseName => (CASES as readonly string[]).includes(c));
    else if (key === '--node-flags') nodeFlags = value.split(' ').filter(Boolean);
    else if (key === '--scale-burst') plan.scale = { ...plan.scale, burst: Math.max(1, Number(value)) };
    else if (key !== '--quick') throw new Error(`unknown argument ${arg}`);
  }
  return { plan, quick, cases, nodeFlags };
}

const { plan, quick, cases, nodeFlags } = parseArgs(process.argv.slice(2));
const work = mkdtempSync(join(tmpdir(), 'nestjs-janus-bench-'));
const recording = join(work, 'fanout-recording.json');
const repsOf = (job: string): number => Math.max(plan.reps, plan.moreReps[job] ?? 0);
const maxReps = Math.max(plan.reps, ...Object.values(plan.moreReps));
const data: RunData = Array.from({ length: maxReps }, () => ({}));
const started = Date.now();
let currentJanus: BenchJanus | undefined;
let janusVersionSeen = 'unknown';

function log(message: string): void {
  process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${message}\n`);
}

/** Runs one job in a fresh child process and resolves with its figures. */
/** A child whose messages can be awaited one by one (for jobs that take turns). */
class TurnTaker {
  private readonly queue: ChildMessage[] = [];
  private waiter?: (message: ChildMessage) => void;

  constructor(
    job: Job,
    private readonly child = fork(join(here, 'child.js'), [JSON.stringify(job)], {
      execArgv: ['--expose-gc', ...nodeFlags],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  ) {
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    let ended = false;
    child.on('message', (message: ChildMessage) => {
      if (!('waiting' in message)) ended = true;
      this.push(message);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!ended) this.push({ ok: false, error: `child exited with ${code ?? signal}` });
    });
  }

  next(): Promise<ChildMessage> {
    const message = this.queue.shift();
    if (message) return Promise.resolve(message);
    return new Promise((resolve) => (this.waiter = resolve));
  }

  run(): void {
    this.child.send({ run: true } satisfies ParentMessage);
  }

  private push(message: ChildMessage): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) waiter(message);
    else this.queue.push(message);
  }
}

/**
 * Runs one job per client at the same time, each in its own fresh child, taking turns batch by batch (rotating
 * the order every round): only one client works at any moment, and all of them see the same background load.
 */
async function runTogether(
  rep: number,
  jobName: string,
  jobs: Array<[Runner, Job]>,
  headline = 'p50_ms',
): Promise<void> {
  if (rep >= repsOf(jobName)) return;
  const t0 = Date.now();
  const takers = jobs.map(([, job]) => new TurnTaker(job));
  const states = await Promise.all(takers.map((t) => t.next()));
  for (let round = 0; states.some((s) => 'waiting' in s); round++) {
    for (const i of rotation(
      takers.map((_, k) => k),
      round + rep,
    )) {
      if (!('waiting' in states[i])) continue;
      takers[i].run();
      states[i] = await takers[i].next();
    }
  }
  states.forEach((state, i) => {
    const outcome = state as JobOutcome;
    const runner = jobs[i][0];
    if (outcome.ok) record(rep, jobName, runner, outcome.metrics);
    else log(`rep ${rep + 1} ${jobName} ${runner} FAILED: ${outcome.error}`);
  });
  const value = (runner: Runner): string => data[rep][jobName]?.[runner]?.[headline]?.toFixed(3) ?? '—';
  log(
    `rep ${rep + 1} ${jobName.padEnd(18)} together     ${headline} ${jobs.map(([r]) => `${r}=${value(r)}`).join(' ')} (${Date.now() - t0} ms)`,
  );
}

function runChild(job: Job, timeoutMs = 300_000): Promise<Metrics> {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, 'child.js'), [JSON.stringify(job)], {
      execArgv: ['--expose-gc', ...nodeFlags],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let outcome: JobOutcome | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('message', (message: JobOutcome) => (outcome = message));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (outcome?.ok) resolve(outcome.metrics);
      else reject(new Error(outcome && !outcome.ok ? outcome.error : `child exited with ${code ?? signal}`));
    });
  });
}

function record(rep: number, job: string, runner: Runner, metrics: Metrics): void {
  (data[rep][job] ??= {})[runner] = metrics;
}

async function measure(rep: number, jobName: string, runner: Runner, job: Job, headline: string): Promise<void> {
  if (rep >= repsOf(jobName)) return;
  const t0 = Date.now();
  try {
    const metrics = await runChild(job);
    record(rep, jobName, runner, metrics);
    log(
      `rep ${rep + 1} ${jobName.padEnd(18)} ${runner.padEnd(12)} ${headline}=${metrics[headline]?.toFixed(3)} (${Date.now() - t0} ms)`,
    );
  } catch (err) {
    log(`rep ${rep + 1} ${jobName} ${runner} FAILED: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The clients in this repetition's order: rotated by one each repetition. */
function rotation<T>(items: readonly T[], rep: number): T[] {
  const k = rep % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

async function withJanus(body: (janus: BenchJanus) => Promise<void>, options?: BenchJanusOptions): Promise<void> {
  const janus = await startBenchJanus(options);
  currentJanus = janus;
  janusVersionSeen = janus.version;
  try {
    await body(janus);
  } finally {
    currentJanus = undefined;
    await janus.stop();
  }
}

// ---- the cases --------------------------------------------------------------------------------------------

/** The jobs of each case, by the names the report uses. */
function jobsOf(name: CaseName): string[] {
  switch (name) {
    case 'latency':
      return ['keepalive', 'lifecycle'];
    case 'throughput':
      return plan.flows.map((n) => `throughput N=${n}`);
    case 'fanout':
      return [...plan.publishers.map((p) => `fanout P=${p}`), 'replay'];
    case 'memory':
      return plan.memory.map((n) => `memory N=${n}`);
    case 'app':
      return plan.participants.map((m) => `app M=${m}`);
    case 'servers':
      return ['servers idle', ONE_AT_A_TIME, ...plan.servers.bursts.map((m) => `servers M=${m}`)];
    case 'capacity':
      return [`capacity N=${plan.servers.capacity}`];
    case 'scale':
      return [`scale M=${plan.scale.burst}`];
    case 'heartbeat':
      return plan.heartbeat.intervalsS.map(heartbeatJob);
  }
}

function recordAll(rep: number, figures: ServersFigures): void {
  for (const [job, byServer] of Object.entries(figures)) {
    for (const [server, metrics] of Object.entries(byServer)) record(rep, job, server as Runner, metrics);
  }
}

/** The `servers` and `capacity` cases: the app and the Janode-based server, taking turns (order rotating). */
async function runServersCase(name: 'servers' | 'capacity', rep: number): Promise<void> {
  // The capacity check is bounded: once, whatever --reps says.
  if (name === 'capacity' ? rep > 0 : !jobsOf(name).some((job) => rep < repsOf(job))) return;
  const order = rotation(SERVER_NAMES, rep);
  const t0 = Date.now();
  log(`rep ${rep + 1} ${name}: ${order.join(', ')}`);
  const largest = name === 'capacity' ? plan.servers.capacity : Math.max(...plan.servers.bursts);
  await withJanus(
    async (janus) => {
      const run = name === 'servers' ? serversRep : capacityRep;
      try {
        recordAll(rep, await run(janus, plan.servers, order, nodeFlags, log));
      } catch (err) {
        log(`rep ${rep + 1} ${name} FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
    },
    // Enough meetings of JOIN_ROOM_SIZE for the largest number of clients.
    { joinRooms: Math.ceil(largest / JOIN_ROOM_SIZE) },
  );
  log(`rep ${rep + 1} ${name} done (${Date.now() - t0} ms)`);
}

/**
 * The `scale` case: the four setups (lib/deployment.ts) one after the other, each started fresh, in an order that
 * rotates every repetition (as the `servers` case rotates its servers): each setup meets the machine's load at
 * every position in turn.
 */
async function runScaleCase(rep: number): Promise<void> {
  const [job] = jobsOf('scale');
  if (rep >= repsOf(job)) return;
  const order = rotation(SETUPS, rep);
  const t0 = Date.now();
  log(`rep ${rep + 1} ${job}: ${order.map((s) => s.name).join(', ')}`);
  for (const shape of order) {
    try {
      const { metrics, janusVersion } = await scaleRep(shape, plan.scale, nodeFlags, log);
      janusVersionSeen = janusVersion;
      record(rep, job, shape.name, metrics);
    } catch (err) {
      log(
        `rep ${rep + 1} ${job} ${shape.name} FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    }
  }
  log(`rep ${rep + 1} ${job} done (${Date.now() - t0} ms)`);
}

/** The `heartbeat` case: once, whatever --reps says (minutes of held clients per ping interval). */
async function runHeartbeatCase(rep: number): Promise<void> {
  if (rep > 0) return;
  const t0 = Date.now();
  log(`heartbeat: ${plan.heartbeat.intervalsS.map((s) => `${s} s`).join(', ')}`);
  await withJanus(
    async (janus) => {
      try {
        recordAll(rep, await heartbeatRep(janus, plan.heartbeat, nodeFlags, log));
      } catch (err) {
        log(`heartbeat FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
    },
    // Meetings of JOIN_ROOM_SIZE for each server's clients.
    { joinRooms: 2 * Math.ceil(plan.heartbeat.clients / JOIN_ROOM_SIZE) },
  );
  log(`heartbeat done (${Date.now() - t0} ms)`);
}

async function runCase(name: CaseName, rep: number): Promise<void> {
  if (name === 'servers' || name === 'capacity') return runServersCase(name, rep);
  if (name === 'heartbeat') return runHeartbeatCase(rep);
  if (name === 'scale') return runScaleCase(rep);
  if (!jobsOf(name).some((job) => rep < repsOf(job))) return;
  const order: ClientName[] = rotation(CLIENT_NAMES, rep);
  await withJanus(async (janus) => {
    const target = janus.target;
    switch (name) {
      case 'latency': {
        const batches = plan.latencyBatches;
        for (const [kind, count] of [
          ['keepalive', plan.keepalives],
          ['lifecycle', plan.lifecycles],
        ] as const) {
          await runTogether(
            rep,
            kind,
            order.map((client) => [client, { kind, client, janus: target, count, batches }]),
          );
        }
        break;
      }
      case 'throughput':
        for (const flows of plan.flows) {
          // The three clients side by side, taking turns of back-to-back bursts (about 0.3 s each at N = 100), as
          // case 1 does. Each child warms up first (10 000 flows; the warm-ups overlap, the turns do not).
          const batches = Math.max(1, Math.min(plan.throughputBatches, Math.ceil(4000 / flows)));
          await runTogether(
            rep,
            `throughput N=${flows}`,
            order.map((client) => [
              client,
              { kind: 'throughput', client, janus: target, flows, room: DEMO_ROOM, batches },
            ]),
            'req_per_s',
          );
        }
        break;
      case 'fanout':
        if (rep === 0) {
          log(`recording fan-out frames (raw client, P=${plan.recordPublishers})`);
          await runChild({
            kind: 'fanout',
            client: 'raw',
            janus: target,
            publishers: plan.recordPublishers,
            room: FANOUT_ROOM,
            recordTo: recording,
          });
        }
        for (const publishers of plan.publishers) {
          for (const client of order) {
            const job: Job = { kind: 'fanout', client, janus: target, publishers, room: FANOUT_ROOM };
            await measure(rep, `fanout P=${publishers}`, client, job, 'events_per_s');
          }
        }
        await runTogether(
          rep,
          'replay',
          order.map((client) => [
            client,
            { kind: 'replay', client, janus: target, recording, passes: plan.replayPasses, turns: true },
          ]),
          'events_per_cpu_s',
        );
        break;
      case 'memory':
        for (const sessions of plan.memory) {
          for (const client of order) {
            await measure(
              rep,
              `memory N=${sessions}`,
              client,
              { kind: 'memory', client, janus: target, sessions },
              'heap_bytes_per_pair',
            );
          }
        }
        break;
      case 'app': {
        // The library directly and the app side by side, taking turns (the warm-up and burst as one turn, then
        // batches of sequential joins), as case 1 does: the sequential join p50s are compared within a second.
        const token = await appToken();
        for (const participants of plan.participants) {
          const jobName = `app M=${participants}`;
          const sequential = Math.min(plan.sequential, participants);
          if (rep >= repsOf(jobName)) continue;
          const app = await startApp(janus.target, nodeFlags).catch((err: unknown) => {
            log(`rep ${rep + 1} ${jobName} app FAILED to start: ${err instanceof Error ? err.message : String(err)}`);
            return undefined;
          });
          if (!app) continue;
          try {
            const batches = plan.joinBatches + 1;
            const jobs: Array<[Runner, Job]> = [
              [
                'nestjs-janus',
                {
                  kind: 'direct-join',
                  client: 'nestjs-janus',
                  janus: target,
                  participants,
                  room: JOIN_ROOM,
                  sequential,
                  batches,
                },
              ],
              [
                'app',
                {
                  kind: 'app-join',
                  appUrl: app.url,
                  appPid: app.pid,
                  token,
                  participants,
                  room: JOIN_ROOM,
                  sequential,
                  batches,
                },
              ],
            ];
            await runTogether(rep, jobName, rotation(jobs, rep), 'seq_join_p50_ms');
          } finally {
            await app.stop();
          }
        }
        break;
      }
    }
  });
}

// ---- the report -------------------------------------------------------------------------------------------

/** A table row; `target` when the issue sets one. */
const row = (job: string, label: string, metric: string, digits: number, target?: Target): Row => ({
  job,
  label,
  metric,
  digits,
  target,
});
const atMost = (max: number): Target => ({ kind: 'ratio', max, text: `<= ${max.toFixed(2).replace(/0$/, '')}x` });
const atLeast = (min: number): Target => ({ kind: 'ratio', min, text: `>= ${min.toFixed(2).replace(/0$/, '')}x` });
const none: Target = { kind: 'absolute', max: 0, text: '0' };

function clientRows(): Row[] {
  const rows: Row[] = [];
  if (cases.includes('latency')) {
    for (const [job, target] of [
      ['keepalive', atMost(1.05)],
      ['lifecycle', atMost(1.1)],
    ] as const) {
      rows.push(
        row(job, 'p50 (ms)', 'p50_ms', 3, target),
        row(job, 'p99 (ms)', 'p99_ms', 3),
        row(job, 'client CPU / op (µs)', 'cpu_us_per_op', 1),
      );
    }
  }
  if (cases.includes('throughput')) {
    for (const n of plan.flows) {
      const job = `throughput N=${n}`;
      rows.push(
        row(job, 'requests/s', 'req_per_s', 0, atLeast(0.95)),
        row(job, 'wall (ms)', 'wall_ms', 0),
        row(job, 'client CPU / request (µs)', 'cpu_us_per_req', 1, atMost(1.2)),
        row(job, 'failed flows', 'failed', 0, none),
      );
    }
  }
  if (cases.includes('fanout')) {
    for (const p of plan.publishers) {
      const job = `fanout P=${p}`;
      rows.push(
        row(job, 'events', 'events', 0),
        row(job, 'events/s delivered', 'events_per_s', 0),
        row(job, 'client CPU / event (µs)', 'cpu_us_per_event', 2, atMost(1.1)),
        row(job, 'lost', 'lost', 0, none),
        row(job, 'duplicated', 'duplicated', 0, none),
      );
    }
    rows.push(
      row('replay', 'events per CPU-second', 'events_per_cpu_s', 0, atLeast(0.9)),
      row('replay', 'events/s (wall)', 'events_per_s', 0),
      row('replay', 'CPU / event (µs)', 'cpu_us_per_event', 3),
    );
  }
  if (cases.includes('memory')) {
    for (const n of plan.memory) {
      const job = `memory N=${n}`;
      rows.push(
        row(job, 'heap / session+handle (B)', 'heap_bytes_per_pair', 0, {
          kind: 'absolute',
          max: 1536,
          text: '<= 1.5 KB',
        }),
        row(job, 'RSS / session+handle (B)', 'rss_bytes_per_pair', 0),
      );
    }
  }
  return rows;
}

function appRows(): Row[] {
  return plan.participants.flatMap((m) => {
    const job = `app M=${m}`;
    return [
      row(job, 'join p50, one at a time (ms)', 'seq_join_p50_ms', 2, { kind: 'diff', max: 1, text: '<= +1 ms' }),
      row(job, 'join p99, one at a time (ms)', 'seq_join_p99_ms', 2),
      row(job, 'CPU / join+leave, one at a time (ms)', 'seq_cpu_ms_per_cycle', 3),
      row(job, `join p50, all ${m} at once (ms)`, 'burst_join_p50_ms', 1),
      row(job, `join p99, all ${m} at once (ms)`, 'burst_join_p99_ms', 1),
      row(job, 'CPU / client, burst join+leave (ms)', 'cpu_ms_per_client', 3),
      row(job, 'RSS / connected client (B)', 'rss_bytes_per_client', 0),
      row(job, 'failed joins', 'failed', 0),
    ];
  });
}

const kib = (max: number): Target => ({ kind: 'absolute', max, text: `<= ${max} KiB` });
const msPerS = (max: number): Target => ({ kind: 'absolute', max, text: `<= ${max} ms/s` });

/**
 * The join rows of a `servers` job: latency p50 and p95, server CPU per connect + join and its main thread's part;
 * `goal`, when given, for all but the last.
 */
const joinRows = (job: string, joins: string, latencyDigits: number, goal?: Target): Row[] => [
  row(job, `${joins}: latency p50 (ms)`, 'join_p50_ms', latencyDigits, goal),
  row(job, `${joins}: latency p95 (ms)`, 'join_p95_ms', latencyDigits, goal),
  row(job, `${joins}: server CPU per connect + join (ms)`, 'cpu_ms_per_join', 2, goal),
  row(job, `${joins}: of which the main thread (ms)`, 'main_thread_cpu_ms_per_join', 2),
];

/** The rows of the `servers` table, grouped as issue 17 lists its goals. */
function serverRows(): Row[] {
  const { bursts, oneAtATime } = plan.servers;
  const rows: Row[] = joinRows(ONE_AT_A_TIME, `${oneAtATime} joins one at a time`, 2);
  for (const m of bursts) {
    const job = `servers M=${m}`;
    rows.push(
      ...joinRows(job, `${m} simultaneous joins`, 1, atMost(1)),
      row(job, `${m} simultaneous joins: connected p50, from the burst's start (ms)`, 'connect_p50_ms', 1),
      row(job, `${m} simultaneous joins: connected p95, from the burst's start (ms)`, 'connect_p95_ms', 1),
      row(job, `${m} simultaneous joins: all joined, from the burst's start (ms)`, 'wall_ms', 1),
    );
  }
  rows.push(
    row('servers idle', 'idle server CPU, no clients (ms/s)', 'cpu_ms_per_s', 2, msPerS(2)),
    row('servers idle', 'main-thread wake-ups/s, no clients', 'wakeups_per_s', 1),
  );
  rows.push(row(`servers M=${bursts[0]}`, 'heap after GC with no client (MiB)', 'heap_mib_before', 1));
  for (const m of bursts) {
    rows.push(
      row(`servers M=${m}`, `heap after GC per joined client, ${m} clients (KiB)`, 'heap_kib_per_client', 1, kib(25)),
    );
  }
  for (const m of bursts) {
    const job = `servers M=${m}`;
    rows.push(
      row(job, `${m} disconnect at once: Janus "Invalid plugin session"`, 'janus_invalid_plugin_session', 0, none),
      row(job, `${m} disconnect at once: Janus "No such session/handle"`, 'janus_no_such', 0, none),
      row(job, `${m} disconnect at once: server CPU per disconnect (ms)`, 'cpu_ms_per_disconnect', 2),
    );
  }
  for (const m of bursts) rows.push(row(`servers M=${m}`, `${m} simultaneous joins: failed`, 'failed', 0, none));
  return rows;
}

function capacityRows(): Row[] {
  const n = plan.servers.capacity;
  const job = `capacity N=${n}`;
  return [
    row(job, `${n} clients: joined`, 'joined', 0, { kind: 'absolute', min: n, text: `${n}` }),
    row(job, `${n} clients: failed joins`, 'failed', 0, none),
    row(job, `${n} clients: dropped while held`, 'dropped', 0, none),
    row(job, `${n} clients: errors pushed while held`, 'pushed_errors', 0, none),
    row(job, `${n} clients: time to connect and join all (ms)`, 'wall_ms', 0),
    row(job, `${n} clients: heap after GC per client (KiB)`, 'heap_kib_per_client', 1, kib(25)),
    row(job, `${n} clients: RSS per client (KiB)`, 'rss_kib_per_client', 1),
    row(job, `${n} clients held: idle server CPU (ms/s)`, 'held_cpu_ms_per_s', 2),
    row(job, `${n} clients held: main-thread wake-ups/s`, 'held_wakeups_per_s', 1),
    row(job, `${n} disconnect at once: Janus "Invalid plugin session"`, 'janus_invalid_plugin_session', 0, none),
    row(job, `${n} disconnect at once: Janus "No such session/handle"`, 'janus_no_such', 0, none),
  ];
}

function heartbeatRows(): Row[] {
  const n = plan.heartbeat.clients;
  return plan.heartbeat.intervalsS.flatMap((s) => {
    const job = heartbeatJob(s);
    return [
      row(job, `ping every ${s} s: idle server CPU, no clients (ms/s)`, 'idle_cpu_ms_per_s', 2, msPerS(2)),
      row(job, `ping every ${s} s: idle server CPU, ${n} joined clients (ms/s)`, 'held_cpu_ms_per_s', 2, msPerS(2)),
      row(job, `ping every ${s} s: of which the main thread (ms/s)`, 'held_main_thread_cpu_ms_per_s', 2),
      row(job, `ping every ${s} s: main-thread wake-ups/s, ${n} joined clients`, 'held_wakeups_per_s', 1),
      row(job, `ping every ${s} s: server CPU per heartbeat (ms)`, 'cpu_ms_per_heartbeat', 3),
      row(job, `ping every ${s} s: sockets without a ping in the window`, 'missed_heartbeats', 0, none),
      row(job, `ping every ${s} s: sockets dropped`, 'dropped', 0, none),
    ];
  });
}

function repetitions(): string {
  const more = Object.entries(plan.moreReps).filter(([job]) => cases.some((c) => jobsOf(c).includes(job)));
  const notes = more.map(([job, n]) => `${job}: ${n}`);
  if (cases.includes('capacity')) notes.push('capacity: once');
  if (cases.includes('heartbeat')) notes.push('heartbeat: once');
  return `${plan.reps} repetition(s)${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

function report(durationS: number): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const header = [
    `# nestjs-janus benchmark${quick ? ' (quick run)' : ''}`,
    '',
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${cpus().length} × ${cpu} · Node ${process.version} · Janus ${janusVersionSeen} · ` +
      `${repetitions()}, client order rotating · ${Math.round(durationS)} s`,
    '',
    'Medians over repetitions; ratios are the median of the per-repetition ratios (lower is better for times, CPU and',
    'memory; higher for rates). Each (case, client) ran in a fresh child process against the same Janus.',
  ];
  const parts = [header.join('\n')];
  const rows = clientRows();
  if (rows.length) parts.push(`## Cases 1-4: raw ws, Janode, nestjs-janus\n\n${clientTable(data, rows)}`);
  if (cases.includes('app')) {
    parts.push(
      `## Case 5: through the app (socket.io \`/videoroom\`) vs the library directly\n\n${appTable(data, appRows())}`,
    );
  }
  if (cases.includes('servers')) {
    parts.push(
      `## Case 6 \`servers\`: the app vs a Janode-based server (bench/janode-server), same Janus, same driver\n\n${serversTable(data, serverRows())}`,
    );
  }
  if (cases.includes('capacity')) {
    parts.push(
      `## \`capacity\`: ${plan.servers.capacity} idle joined clients on one instance (once)\n\n${serversTable(data, capacityRows())}`,
    );
  }
  if (cases.includes('heartbeat')) {
    const { clients, settleMs, minHeldWindowMs, idleWindowMs } = plan.heartbeat;
    parts.push(
      [
        `## \`heartbeat\`: ${clients} idle joined clients on each server, by socket.io ping interval (once)`,
        '',
        serversTable(data, heartbeatRows()),
        '',
        `For each ping interval the three servers start with it (the app's \`WS_PING_INTERVAL_MS\`, the other two's`,
        `\`pingInterval\`; "socket.io alone" is bench/socketio-server, which answers \`join\` at once and does nothing`,
        `else). ${settleMs / 1000} s later, no client for ${idleWindowMs / 1000} s (the baseline); then ${clients} clients`,
        `connect and join on each server in turn; ${settleMs / 1000} s later (past the full collections V8 runs`,
        `some 20-40 s after a start or a burst), all are measured over the same window of whole ping intervals, at`,
        `least ${minHeldWindowMs / 1000} s. CPU per heartbeat: the CPU above the baseline over the pings in the window (one ping and`,
        'its pong per socket and interval).',
      ].join('\n'),
    );
  }
  if (cases.includes('scale')) {
    const { burst, rooms, warmUpRounds, warmUpSockets } = plan.scale;
    parts.push(
      [
        `## \`scale\`: ${burst} clients connect and join at once, 1 or 2 app instances (Redis), 1 Janus or a pool of 2`,
        '',
        scaleTable(data, `scale M=${burst}`, SETUPS),
        '',
        `This machine has ${cpus().length} CPU cores, and every process of a setup shares them: the driver (one process`,
        'holding all the socket.io clients), the app instance(s), the Janus server(s) and Redis. More processes than',
        'cores compete for the cores: a second app instance or a second Janus adds no CPU, and the 2-instance and',
        '2-Janus setups are not expected to be faster than 1x1. One app is one JavaScript thread, so a second instance',
        'can at most take what the driver and Janus leave of the other core during a burst; that is not scaling. What',
        "the case shows is the cost of Redis (rate limits counted in Redis, the instances' records, socket.io's Redis",
        'adapter) and of placing rooms on a pool, per join, and that joins spread over instances and servers succeed.',
        'On a machine with a core per process the same case measures scaling.',
        '',
        `Each repetition starts every setup fresh, one after the other (order rotating), with the VideoRooms`,
        `${JOIN_ROOM}-${JOIN_ROOM + rooms - 1} on every Janus (same ids and secret); the rooms are placed first (one join per room,`,
        `one at a time, through the first instance: on a pool they alternate between the servers), then every instance`,
        `is warmed up (${warmUpRounds} x ${warmUpSockets} connect, join, disconnect), then the ${burst} clients (client i: instance`,
        `i mod instances, room i mod ${rooms}) connect and join at once. joins/s: clients joined / wall time of the`,
        'burst, connects included; latency: `join` emitted → `joined`; CPU: every process of the setup over the burst.',
        'Medians over repetitions; ratios: median of the per-repetition ratios to 1x1.',
      ].join('\n'),
    );
  }
  return `${parts.join('\n\n')}\n`;
}

// ---- main -------------------------------------------------------------------------------------------------

async function cleanup(): Promise<void> {
  await currentJanus?.stop();
  rmSync(work, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void cleanup().finally(() => process.exit(130));
  });
}

try {
  log(`plan: ${quick ? 'quick' : 'full'}, ${repetitions()}, cases ${cases.join(', ')}`);
  for (let rep = 0; rep < maxReps; rep++) {
    for (const name of cases) await runCase(name, rep);
  }
  const duration = (Date.now() - started) / 1000;
  const markdown = report(duration);
  const out = join(root, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  // A run of some cases only (e.g. --cases=servers) does not overwrite the full run's report.
  const partial = cases.join() !== DEFAULT_CASES.join();
  const base = `latest${partial ? `-${cases.join('-')}` : ''}${quick ? '-quick' : ''}`;
  writeFileSync(join(out, `${base}.md`), markdown);
  writeFileSync(join(out, `${base}.json`), `${JSON.stringify({ plan, cases, durationS: duration, data }, null, 1)}\n`);
  process.stdout.write(markdown);
  log(`wrote bench/results/${base}.md in ${Math.round(duration)} s`);
} finally {
  await cleanup();
}
