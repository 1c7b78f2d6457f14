import { io, type Socket } from 'socket.io-client';
import type { BenchClient, HandleRef, SessionRef } from '../lib/clients.js';
import type { Metrics, Turns } from '../lib/jobs.js';
import { JOIN_ROOM_SIZE } from '../lib/rooms.js';
import { cpuMs, latencySummary, pool, procStats } from '../lib/util.js';

/**
 * Join/leave cycles before measuring (the same for the library and the app). The app is a lot of code (Nest,
 * socket.io, class-validator, the gateway): V8 takes about 1500 cycles to compile it when they come back to back
 * (app CPU per join+leave 3.1 ms in the first 500 cycles, 2.1 ms in the next 500, 0.7-1.0 ms from 1500 on), and
 * more when they come in turns as here (with 3000, the M = 200 run, which has the smaller burst before its
 * sequential joins, still measured 1.5x the app CPU per join of the M = 1000 run). See bench/README.md, "Warm-up".
 */
const WARM_UP = 5000;
/**
 * The warm-up goes round this many sockets (sessions, direct): warmed up on one socket only, the app was compiled for
 * one socket and took another 500-1000 cycles to settle once the measurement went round 200 of them.
 */
const WARM_UP_PEERS = 100;

/** The latency figures both flows report: burst and sequential join p50/p99, CPU per sequential join+leave. */
function joinFigures(burst: number[], seq: number[], participants: number, seqCpuMs: number): Metrics {
  const b = latencySummary(burst);
  const s = latencySummary(seq);
  return {
    burst_join_p50_ms: b.p50,
    burst_join_p99_ms: b.p99,
    seq_join_p50_ms: s.p50,
    seq_join_p99_ms: s.p99,
    seq_cpu_ms_per_cycle: seqCpuMs / seq.length,
  };
}

/** With `turns`: the first turn is the warm-up and the burst, then one turn per batch of sequential joins. */
function batchSize(sequential: number, turns: Turns | undefined): number {
  return Math.max(1, Math.ceil(sequential / Math.max(1, (turns?.batches ?? 2) - 1)));
}
/** The room of participant `i`: meetings of JOIN_ROOM_SIZE from `firstRoom` on. */
const roomOf = (firstRoom: number, i: number): number => firstRoom + Math.floor(i / JOIN_ROOM_SIZE);

/**
 * Case 5 without the gateway: what the app does for each socket, done by the library in this process. Burst:
 * `participants` concurrent (create session, attach VideoRoom, join) then (leave, detach). Sequential: for the
 * first `sequential` sessions, one at a time, (attach, join) then (leave, detach). Then every session is destroyed.
 */
export async function directJoin(
  client: BenchClient,
  participants: number,
  room: number,
  sequential: number,
  turns?: Turns,
): Promise<Metrics> {
  await turns?.next();
  // Warm-up (as for the app): join/leave cycles over WARM_UP_PEERS sessions in turn, so that the JIT has compiled
  // the path as the measurement takes it.
  {
    const warm: SessionRef[] = [];
    for (let i = 0; i < WARM_UP; i++) {
      const k = i % WARM_UP_PEERS;
      warm[k] ??= await client.createSession();
      const handle = await client.attachVideoRoom(warm[k]);
      await client.joinPublisher(handle, roomOf(room, k), 'warm-up');
      await client.leave(handle);
      await client.detach(handle);
    }
    for (const session of warm) await client.destroy(session);
  }
  const base = procStats(process.pid);
  const sessions: SessionRef[] = [];
  const handles: HandleRef[] = [];
  const burst: number[] = [];
  let failed = 0;
  await Promise.all(
    Array.from({ length: participants }, async (_, i) => {
      try {
        const t0 = performance.now();
        const session = await client.createSession();
        sessions[i] = session;
        const handle = await client.attachVideoRoom(session);
        await client.joinPublisher(handle, roomOf(room, i), `c${i}`);
        burst.push(performance.now() - t0);
        handles[i] = handle;
      } catch {
        failed++;
      }
    }),
  );
  const peak = procStats(process.pid);
  await Promise.all(
    handles.map(async (handle) => {
      await client.leave(handle);
      await client.detach(handle);
    }),
  );
  const afterBurst = procStats(process.pid);

  const seq: number[] = [];
  const batch = batchSize(sequential, turns);
  let seqCpuMs = 0;
  for (let i = 0; i < sequential; i++) {
    if (turns && i % batch === 0) await turns.next();
    const cpu0 = cpuMs();
    const t0 = performance.now();
    const handle = await client.attachVideoRoom(sessions[i % participants]);
    await client.joinPublisher(handle, roomOf(room, i % participants), `s${i}`);
    seq.push(performance.now() - t0);
    await client.leave(handle);
    await client.detach(handle);
    seqCpuMs += cpuMs() - cpu0;
  }
  await pool(sessions.length, 200, async (i) => client.destroy(sessions[i]));

  return {
    ...joinFigures(burst, seq, participants, seqCpuMs),
    cpu_ms_per_client: (afterBurst.cpuMs - base.cpuMs) / participants,
    rss_bytes_per_client: (peak.rss - base.rss) / participants,
    failed,
  };
}

interface Ack {
  ok: boolean;
  data?: { feed?: number };
  error?: { code: string; message: string };
}

async function call(socket: Socket, event: string, id: number, data: object): Promise<Ack> {
  const ack = (await socket.timeout(60_000).emitWithAck(event, { _id: id, data })) as Ack;
  if (!ack.ok) throw new Error(`${event}: ${ack.error?.code} ${ack.error?.message}`);
  return ack;
}

function connect(url: string, token: string): Promise<Socket> {
  const socket = io(`${url}/videoroom`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/**
 * Case 5 through the app: `participants` socket.io clients connect to `/videoroom`, then the same burst and
 * sequential phases as {@link directJoin} with `join`/`leave` requests (the app creates the socket's Janus
 * session on its first join, attaches a handle per join and detaches it on leave, destroys the session on
 * disconnect). Latency as the socket.io client sees it; CPU and RSS of the app process.
 */
export async function appJoin(
  appUrl: string,
  appPid: number,
  token: string,
  participants: number,
  room: number,
  sequential: number,
  turns?: Turns,
): Promise<Metrics> {
  let id = 0;
  await turns?.next();
  // Warm-up (as for the library): join/leave cycles over WARM_UP_PEERS sockets in turn (the first join of each
  // creates its Janus session), so that the app's JIT has compiled the path as the measurement takes it.
  {
    const warm: Socket[] = [];
    for (let i = 0; i < WARM_UP; i++) {
      const k = i % WARM_UP_PEERS;
      warm[k] ??= await connect(appUrl, token);
      const joined = await call(warm[k], 'join', ++id, { room: roomOf(room, k), display: 'warm-up' });
      await call(warm[k], 'leave', ++id, { feed: joined.data!.feed });
    }
    for (const socket of warm) socket.disconnect();
  }
  const base = procStats(appPid);
  const sockets: Socket[] = [];
  await pool(participants, 50, async (i) => {
    sockets[i] = await connect(appUrl, token);
  });
  const connected = procStats(appPid);

  const feeds: number[] = [];
  const burst: number[] = [];
  let failed = 0;
  await Promise.all(
    sockets.map(async (socket, i) => {
      try {
        const t0 = performance.now();
        const ack = await call(socket, 'join', ++id, { room: roomOf(room, i), display: `c${i}` });
        burst.push(performance.now() - t0);
        feeds[i] = ack.data!.feed!;
      } catch {
        failed++;
      }
    }),
  );
  const peak = procStats(appPid);
  await Promise.all(
    sockets.map(async (socket, i) => {
      if (feeds[i] !== undefined) await call(socket, 'leave', ++id, { feed: feeds[i] });
    }),
  );
  const afterBurst = procStats(appPid);

  const seq: number[] = [];
  const batch = batchSize(sequential, turns);
  let seqCpuMs = 0;
  for (let i = 0; i < sequential; i += batch) {
    if (turns) await turns.next();
    const cpu0 = procStats(appPid).cpuMs;
    for (let k = i; k < Math.min(sequential, i + batch); k++) {
      const socket = sockets[k % participants];
      const t0 = performance.now();
      const ack = await call(socket, 'join', ++id, { room: roomOf(room, k % participants), display: `s${k}` });
      seq.push(performance.now() - t0);
      await call(socket, 'leave', ++id, { feed: ack.data!.feed });
    }
    seqCpuMs += procStats(appPid).cpuMs - cpu0;
  }
  for (const socket of sockets) socket.disconnect();

  return {
    ...joinFigures(burst, seq, participants, seqCpuMs),
    cpu_ms_per_client: (afterBurst.cpuMs - connected.cpuMs) / participants,
    connect_cpu_ms_per_client: (connected.cpuMs - base.cpuMs) / participants,
    rss_bytes_per_client: (peak.rss - base.rss) / participants,
    failed,
  };
}
