// The socket.io load driver of the `servers` case: one child process that holds socket.io-client sockets and does
// what the parent (bench/cases/servers.ts) asks, one command at a time, against either server. Both servers speak
// the protocol of Janode's VideoRoom front-end: `join` { _id, data: { room, display } } -> `joined` { _id, data },
// `videoroom-error` { _id, error } on failure. Only the URL, the namespace and the token differ.
import { io, type Socket } from 'socket.io-client';
import { JOIN_ROOM_SIZE } from './rooms.js';
import { pool, quantile, sleep } from './util.js';
import type { Metrics } from './jobs.js';

/** Where a server takes its clients. */
export interface DriverTarget {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** `/videoroom` for the app, `/` for the Janode server. */
  namespace: string;
  /** JWT for the handshake's `auth.token` (the app), none for the Janode server. */
  token?: string;
}

/**
 * One server, or several instances of one (client i goes to instance i mod n: alternating), and the rooms: meetings
 * of JOIN_ROOM_SIZE from `firstRoom` on, or with `rooms` client i in room `firstRoom + i mod rooms`.
 */
interface Spread {
  target: DriverTarget | readonly DriverTarget[];
  firstRoom: number;
  rooms?: number;
}

export type DriverCommand =
  /** Warm-up: `rounds` times, `sockets` clients connect and join (at most `sockets` at once), then all disconnect. */
  | ({ cmd: 'cycles'; sockets: number; rounds: number } & Spread)
  /**
   * `count` clients connect and join, each emitting `join` as soon as it is connected; all started at once
   * (or at most `concurrency` connecting and joining at any moment). The joined sockets are held.
   */
  | ({ cmd: 'join'; count: number; concurrency?: number } & Spread)
  /** How the held sockets are: still connected, disconnected by the server, errors pushed since they joined. */
  | { cmd: 'check' }
  /**
   * Waits until every held socket has had a heartbeat (socket.io's ping from the server, answered) from now on, or
   * `timeoutMs` passed: how many had one and how many did not.
   */
  | { cmd: 'heartbeat'; timeoutMs: number }
  /** Every held socket disconnects, all in one go. */
  | { cmd: 'disconnect' }
  | { cmd: 'exit' };

export interface DriverRequest {
  driver: number;
  command: DriverCommand;
}
export type DriverReply = { driver: number; ok: true; result: Metrics } | { driver: number; ok: false; error: string };

/** One held client. */
interface Client {
  socket: Socket;
  /** The server disconnected it, or the transport closed. */
  dropped: boolean;
  /** `videoroom-error` pushed after the join. */
  errors: number;
  /** Heartbeats (server pings) so far. */
  pings: number;
  /** Called at each heartbeat. */
  onPing?: () => void;
}

const JOIN_TIMEOUT_MS = 60_000;
let held: Client[] = [];
let nextId = 0;

/**
 * The room of client `i`: meetings of JOIN_ROOM_SIZE from `firstRoom` on (no Janus fan-out to speak of), or, with
 * `rooms`, the rooms taken in turn.
 */
const roomOf = ({ firstRoom, rooms }: Spread, i: number): number =>
  firstRoom + (rooms ? i % rooms : Math.floor(i / JOIN_ROOM_SIZE));

/** The server (instance) of client `i`. */
function targetOf({ target }: Spread, i: number): DriverTarget {
  const targets: readonly DriverTarget[] = 'url' in target ? [target] : target;
  return targets[i % targets.length];
}

/**
 * Connects one client and joins: resolves with the join's latency (ms from the `join` emit to `joined`), when the
 * client was connected (`performance.now()`) and the socket, or rejects (connect error, `videoroom-error`, timeout).
 */
function connectAndJoin(
  target: DriverTarget,
  room: number,
  display: string,
): Promise<{ ms: number; connectedAt: number; client: Client }> {
  const socket = io(`${target.url}${target.namespace}`, {
    auth: target.token ? { token: target.token } : undefined,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const client: Client = { socket, dropped: false, errors: 0, pings: 0 };
  socket.io.on('ping', () => {
    client.pings++;
    client.onPing?.();
  });
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    let t0 = 0;
    const timer = setTimeout(() => fail(new Error('no joined within 60 s')), JOIN_TIMEOUT_MS);
    const fail = (err: Error): void => {
      clearTimeout(timer);
      socket.disconnect();
      reject(err);
    };
    socket.once('connect_error', (err) => fail(err));
    socket.once('connect', () => {
      t0 = performance.now();
      socket.emit('join', { _id: id, data: { room, display } });
    });
    socket.on('joined', (reply: { _id?: number }) => {
      if (reply._id !== id) return;
      clearTimeout(timer);
      resolve({ ms: performance.now() - t0, connectedAt: t0, client });
    });
    socket.on('videoroom-error', (reply: { _id?: number; error?: string; code?: string }) => {
      if (reply._id === id) fail(new Error(`join: ${reply.code ?? ''} ${reply.error}`));
      else client.errors++;
    });
    socket.on('disconnect', () => (client.dropped = true));
  });
}

/** Closes sockets and waits (at most 10 s) until each one's transport is closed on our side. */
async function closeAll(clients: Client[]): Promise<void> {
  for (const { socket } of clients) socket.disconnect();
  const deadline = Date.now() + 10_000;
  while (clients.some(({ socket }) => socket.io.engine?.readyState === 'open') && Date.now() < deadline)
    await sleep(10);
}

async function join(command: Extract<DriverCommand, { cmd: 'join' }>): Promise<Metrics> {
  const latencies: number[] = [];
  const connected: number[] = [];
  let failed = 0;
  let firstError = '';
  const t0 = performance.now();
  const one = async (i: number): Promise<void> => {
    try {
      const { ms, connectedAt, client } = await connectAndJoin(targetOf(command, i), roomOf(command, i), `c${i}`);
      latencies.push(ms);
      connected.push(connectedAt - t0);
      held.push(client);
    } catch (err) {
      failed++;
      firstError ||= err instanceof Error ? err.message : String(err);
    }
  };
  if (command.concurrency) await pool(command.count, command.concurrency, one);
  else await Promise.all(Array.from({ length: command.count }, (_, i) => one(i)));
  const wall = performance.now() - t0;
  latencies.sort((a, b) => a - b);
  connected.sort((a, b) => a - b);
  if (firstError) process.stderr.write(`driver: ${failed} join(s) failed, the first: ${firstError}\n`);
  return {
    joined: latencies.length,
    failed,
    wall_ms: wall,
    join_p50_ms: quantile(latencies, 0.5),
    join_p95_ms: quantile(latencies, 0.95),
    join_p99_ms: quantile(latencies, 0.99),
    join_max_ms: latencies.at(-1) ?? Number.NaN,
    // When the clients were connected (their `join` emitted), from the burst's start: how fast the server let
    // them in. `wall_ms` is when the last one had joined.
    connect_p50_ms: quantile(connected, 0.5),
    connect_p95_ms: quantile(connected, 0.95),
  };
}

/** Resolves once every held socket has had a heartbeat from now on, or after `timeoutMs`. */
async function heartbeat(timeoutMs: number): Promise<Metrics> {
  const clients = held;
  let waiting = clients.length;
  let timer: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
    if (waiting === 0) resolve();
    for (const client of clients) {
      const seen = client.pings;
      client.onPing = () => {
        if (client.pings !== seen + 1) return;
        if (--waiting === 0) resolve();
      };
    }
  });
  clearTimeout(timer);
  for (const client of clients) client.onPing = undefined;
  return { heartbeats: clients.length - waiting, missed_heartbeats: waiting };
}

/** Runs one driver command on this process's held sockets (the child's side, or in the caller's process). */
async function runDriverCommand(command: DriverCommand): Promise<Metrics> {
  switch (command.cmd) {
    case 'cycles': {
      let failed = 0;
      for (let round = 0; round < command.rounds; round++) {
        const clients: Client[] = [];
        await pool(command.sockets, command.sockets, async (i) => {
          try {
            clients.push((await connectAndJoin(targetOf(command, i), roomOf(command, i), 'warm-up')).client);
          } catch {
            failed++;
          }
        });
        await closeAll(clients);
      }
      return { failed };
    }
    case 'join':
      return join(command);
    case 'heartbeat':
      return heartbeat(command.timeoutMs);
    case 'check':
      return {
        held: held.length,
        connected: held.filter((c) => c.socket.connected).length,
        dropped: held.filter((c) => c.dropped).length,
        errors: held.reduce((sum, c) => sum + c.errors, 0),
      };
    case 'disconnect': {
      const clients = held;
      held = [];
      await closeAll(clients);
      return { closed: clients.length };
    }
    case 'exit':
      return {};
  }
}

/** The child's side: serves the parent's commands until `exit`. */
export function serveDriver(): Promise<Metrics> {
  return new Promise((resolve) => {
    process.on('message', (message: DriverRequest) => {
      if (typeof message?.driver !== 'number') return;
      runDriverCommand(message.command).then(
        (result) => {
          process.send!({ driver: message.driver, ok: true, result } satisfies DriverReply);
          if (message.command.cmd === 'exit') resolve({});
        },
        (err: unknown) =>
          process.send!({
            driver: message.driver,
            ok: false,
            error: err instanceof Error ? (err.stack ?? err.message) : String(err),
          } satisfies DriverReply),
      );
    });
    process.send!({ driver: 0, ok: true, result: {} } satisfies DriverReply);
  });
}
