import { performance } from 'node:perf_hooks';
import { getHeapCodeStatistics } from 'node:v8';
import { setImmediate as nextTurn, setTimeout as pause } from 'node:timers/promises';
import { JanusService, VideoRoomService } from 'nestjs-janus';
import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { announcedRemoteFeed, connectSocket, request, startApp, type AppUnderTest } from '../support/app-harness.js';
import { figure, size } from '../support/figures.js';

const CASE = 'churn';
const ROOM = 1234;
const CYCLES = size(2000, 10_000);
/** Cycles in flight at once (each one socket): enough to overlap joins and teardowns, few enough for 2 cores. */
const CONCURRENCY = 25;
/**
 * Cycles run in batches, with a heap checkpoint after each batch once the warm-up batches are done (the first
 * checkpoint is the plateau the later ones are compared with).
 */
const BATCHES = 10;
const WARMUP_BATCHES = 2;
const BATCH = Math.ceil(CYCLES / BATCHES);
/**
 * Leak bound: the heap's growth per cycle after warm-up, as the least-squares slope over the checkpoints (9 in all,
 * so one noisy checkpoint cannot decide), of heapUsed after full GCs minus V8's compiled code and bytecode.
 *
 * The code is left out because V8 is still compiling the app when the quick run ends: heapUsed grows 500-950 B per
 * cycle over cycles 400-2000 here, and heap snapshots taken 800-1000 cycles apart differ only in code objects and
 * V8's own weak lists, not in any object of the app, the library, socket.io or Node; it flattens out after about 4000
 * cycles (full run). Without the code, what is left still grows 120-360 B per cycle here (compilation metadata the
 * code statistics do not count). A leak of 1 KB per cycle adds its 1 KB to that slope (an injected 1 KB-per-cycle
 * leak measured 1356 B/cycle); 640 B/cycle sits between the two, with a margin of ~1.8x on either side.
 */
const LEAK_BOUND_BYTES_PER_CYCLE = 640;
/** How long the app may take to finish tearing down what a batch left behind (bounded wait for a condition). */
const SETTLE_DEADLINE_MS = 15_000;

/** How a cycle ends: its socket disconnects right after one of these steps. */
const KINDS = ['mid-join', 'mid-join-late', 'after-join', 'after-subscribe', 'mid-subscribe'] as const;
type Kind = (typeof KINDS)[number];

interface Tally {
  cycles: number;
  byKind: Record<Kind, number>;
  /** Sockets that disconnected before the join reply came back. */
  midJoinDrops: number;
  /** Requests the test waited for that did not succeed (must stay empty). */
  failures: string[];
}

/** Waits (polling every 20 ms) until `condition` holds; fails naming `what` after `deadlineMs`. */
async function until(
  what: string,
  deadlineMs: number,
  condition: () => boolean | Promise<boolean>,
  state?: () => string,
): Promise<void> {
  const deadline = performance.now() + deadlineMs;
  while (!(await condition())) {
    if (performance.now() > deadline) {
      throw new Error(`not settled within ${deadlineMs} ms: ${what}${state ? ` (${state()})` : ''}`);
    }
    await pause(20);
  }
}

describe('chaos: connect/join/drop churn', () => {
  let app: AppUnderTest | undefined;

  afterAll(async () => {
    await app?.close();
  });

  it(`${CYCLES} cycles leave no session, no participant and no heap growth behind`, async () => {
    // vitest.config.ts passes --expose-gc to the chaos project's workers; without it heapUsed would be noise.
    if (typeof globalThis.gc !== 'function') throw new Error('global.gc is missing: run with node --expose-gc');
    const gc: NonNullable<typeof globalThis.gc> = globalThis.gc;

    app = await startApp({
      // Thousands of joins from one address: rate limits out of the way (1 s window: no per-socket counters linger).
      env: { RATE_LIMIT_IP_POINTS: '1000000', RATE_LIMIT_POINTS: '1000', RATE_LIMIT_WINDOW_S: '1' },
    });
    const running = app;
    const janus = running.app.get(JanusService);
    const rooms = running.app.get(VideoRoomService);
    const secret = running.janus.videoRoomSecret;
    const token = await running.token({ sub: 'churner' });

    /** TCP sockets open in this process (both ends of every socket.io connection, the links to Janus). */
    const tcpSockets = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    // The Admin API link the test reads Janus with is open from here on (the app's Janus link too): idle.
    await running.socketHandles();
    const idleTcpSockets = tcpSockets();

    // A feed to subscribe to without a browser: a remote publisher in the room (announced to a lobby socket).
    const lobby = await running.connect('/videoroom', { token });
    expect((await request(lobby, 'join', { room: ROOM, display: 'lobby' })).ok).toBe(true);
    const remote = await announcedRemoteFeed(running, lobby, ROOM, secret, 'churn-feed');
    lobby.disconnect();
    // The app keeps one session of its own: the shared session its room management (VideoRoomService) runs on.
    const shared = await janus.sharedSession();
    await until(
      'the lobby socket torn down',
      SETTLE_DEADLINE_MS,
      async () => (await running.socketHandles()).length === 0 && tcpSockets() === idleTcpSockets,
    );

    /** Opens a socket the way the harness does, but not kept by it (the harness keeps every socket it opens). */
    const open = (): Promise<Socket> => connectSocket(`${running.url}/videoroom`, { auth: { token } });

    const tally: Tally = {
      cycles: 0,
      byKind: Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>,
      midJoinDrops: 0,
      failures: [],
    };
    const fail = (what: string, reply: { ok: boolean; error?: { code: string; message: string } }): void => {
      if (!reply.ok && tally.failures.length < 20)
        tally.failures.push(`${what}: ${reply.error?.code} ${reply.error?.message}`);
    };

    async function cycle(i: number): Promise<void> {
      const kind = KINDS[i % KINDS.length];
      const socket = await open();
      const join = { _id: i, data: { room: ROOM, display: `churn-${i}` } };
      try {
        switch (kind) {
          case 'mid-join': {
            // Gone right after the join went out: the app is still creating the session (or has not started).
            socket.emit('join', join);
            tally.midJoinDrops++;
            break;
          }
          case 'mid-join-late': {
            // Gone once another request's reply comes back: the join is usually somewhere in its Janus round trips.
            let replied = false;
            socket.emit('join', join, () => (replied = true));
            fail('exists', await request(socket, 'exists', { room: ROOM }));
            if (!replied) tally.midJoinDrops++;
            break;
          }
          case 'after-join': {
            fail('join', await request(socket, 'join', join.data));
            break;
          }
          case 'after-subscribe':
          case 'mid-subscribe': {
            const joined = await request(socket, 'join', join.data);
            fail('join', joined);
            const subscribe = { room: ROOM, feed: remote.id };
            if (kind === 'after-subscribe') fail('subscribe', await request(socket, 'subscribe', subscribe));
            else socket.emit('subscribe', { _id: 's', data: subscribe });
            break;
          }
        }
      } finally {
        socket.disconnect();
      }
      tally.cycles++;
      tally.byKind[kind]++;
    }

    /** Runs cycles [from, to) with at most CONCURRENCY in flight. */
    async function batch(from: number, to: number): Promise<void> {
      let nextIndex = from;
      const worker = async (): Promise<void> => {
        while (nextIndex < to) await cycle(nextIndex++);
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    }

    /**
     * The heap once the app has torn down everything the batch left (only the shared session stays, every socket of
     * the batch closed at both ends), after full GCs: heapUsed, and heapUsed without V8's compiled code and bytecode.
     */
    async function checkpoint(label: string): Promise<{ used: number; data: number }> {
      const c = janus.connection;
      const state = (): string =>
        `sessions ${c.sessionCount}, pending teardowns ${c.pendingTeardownCount}, ` +
        `TCP sockets ${tcpSockets()} (idle ${idleTcpSockets})`;
      await until(
        `${label}: handles torn down in the app, sockets closed`,
        SETTLE_DEADLINE_MS,
        () => c.sessionCount === 1 && c.pendingTeardownCount === 0 && tcpSockets() === idleTcpSockets,
        state,
      );
      for (let i = 0; i < 3; i++) {
        gc();
        await nextTurn();
      }
      const used = process.memoryUsage().heapUsed;
      const code = getHeapCodeStatistics();
      const data = used - code.code_and_metadata_size - code.bytecode_and_metadata_size;
      figure(
        CASE,
        `heap ${label} (MB)`,
        `${(used / 2 ** 20).toFixed(2)} used, ${(data / 2 ** 20).toFixed(2)} without code`,
      );
      return { used, data };
    }

    const started = performance.now();
    const heaps: Array<{ cycles: number; used: number; data: number }> = [];
    for (let b = 0; b < BATCHES; b++) {
      const to = Math.min(CYCLES, (b + 1) * BATCH);
      await batch(b * BATCH, to);
      if (b + 1 >= WARMUP_BATCHES) heaps.push({ cycles: to, ...(await checkpoint(`after ${to} cycles`)) });
    }
    const seconds = (performance.now() - started) / 1000;

    figure(CASE, 'cycles', tally.cycles);
    figure(CASE, 'cycles by kind', KINDS.map((k) => `${k} ${tally.byKind[k]}`).join(', '));
    figure(CASE, 'mid-join drops', tally.midJoinDrops);
    figure(CASE, 'churn time (s)', seconds.toFixed(1));
    figure(CASE, 'cycles/s', (tally.cycles / seconds).toFixed(0));
    expect(tally.failures).toEqual([]);
    expect(tally.cycles).toBe(CYCLES);
    expect(tally.midJoinDrops).toBeGreaterThan(0);

    // ---- Janus: no socket's handle, no session but the app's shared one (Admin API), nobody left in the room but
    // the remote feed.
    const clientHandles = async (): Promise<number> => (await running.socketHandles()).length;
    await until('client handles gone on Janus', SETTLE_DEADLINE_MS, async () => (await clientHandles()) === 0);
    const handlesLeft = await clientHandles();
    figure(CASE, 'client handles left', handlesLeft);
    expect(handlesLeft).toBe(0);
    expect((await running.sessions()).map(String)).toEqual([String(shared.id)]);

    const others = async (): Promise<number> =>
      (await rooms.listParticipants({ room: ROOM })).participants.filter((p) => p.id !== remote.id).length;
    await until('participants gone from the room', SETTLE_DEADLINE_MS, async () => (await others()) === 0);
    const participantsLeft = await others();
    figure(CASE, 'participants left', participantsLeft);
    expect(participantsLeft).toBe(0);
    await rooms.removeRemotePublisher({ room: ROOM, secret, id: remote.id });
    await until(
      'the remote feed gone from the room',
      SETTLE_DEADLINE_MS,
      async () => (await rooms.listParticipants({ room: ROOM })).participants.length === 0,
    );

    // ---- The app's heap: flat after warm-up (see LEAK_BOUND_BYTES_PER_CYCLE).
    const slope = (ys: number[]): number => {
      const xs = heaps.map((h) => h.cycles);
      const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
      const my = ys.reduce((a, b) => a + b, 0) / ys.length;
      let num = 0;
      let den = 0;
      xs.forEach((x, i) => {
        num += (x - mx) * (ys[i] - my);
        den += (x - mx) ** 2;
      });
      return num / den;
    };
    const perCycleData = slope(heaps.map((h) => h.data));
    const perCycleUsed = slope(heaps.map((h) => h.used));
    figure(
      CASE,
      'heap growth per cycle after warm-up (B)',
      `${perCycleUsed.toFixed(0)} used, ${perCycleData.toFixed(0)} without code`,
    );
    expect(perCycleData).toBeLessThan(LEAK_BOUND_BYTES_PER_CYCLE);
  });
});
