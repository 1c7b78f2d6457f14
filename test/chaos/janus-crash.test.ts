import { performance } from 'node:perf_hooks';
import { JanusService, VideoRoomService } from 'nestjs-janus';
import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { request, startApp, type AppUnderTest } from '../support/app-harness.js';
import { figure } from '../support/figures.js';

const CASE = 'janus-crash';
const CLIENTS = 50;
const ROOM = 1234;
/** Every socket must hear `backend-failure` within this long of the SIGKILL. */
const NOTICE_BOUND_MS = 1000;
/** How long the test waits for all notices before it reports who is missing (bounded, not a sleep). */
const NOTICE_DEADLINE_MS = 5000;
/** Janus restarts in about a second; the app's reconnect pause is at most 2 s here (reclaim timeout 20 s / 10). */
const LOST_DEADLINE_MS = 15_000;

type ErrorPush = { error: string; code: string };

/** When each socket first receives a `videoroom-error` with `code` (performance.now()), or undefined. */
function firstErrorWithCode(sockets: Socket[], code: string): { at: Array<number | undefined>; all: Promise<void> } {
  const at: Array<number | undefined> = sockets.map(() => undefined);
  let left = sockets.length;
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  sockets.forEach((socket, i) => {
    const listener = (payload: ErrorPush): void => {
      if (payload.code !== code) return;
      at[i] = performance.now();
      socket.off('videoroom-error', listener);
      if (--left === 0) done();
    };
    socket.on('videoroom-error', listener);
  });
  return { at, all };
}

/** Resolves when `promise` does or after `ms` (whichever first): the caller then checks what arrived. */
async function within(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

describe('chaos: Janus SIGKILL and restart with 50 clients in a room', () => {
  let app: AppUnderTest | undefined;

  afterAll(async () => {
    await app?.close();
  });

  it('every client hears backend-failure within 1 s of the kill, then session-not-available, and all rejoin', async () => {
    // 100 joins from one address in a few seconds: far above the default per-address limit (100 per 10 s).
    app = await startApp({ env: { RATE_LIMIT_IP_POINTS: '10000', RATE_LIMIT_POINTS: '100' } });
    const running = app;
    const rooms = running.app.get(VideoRoomService);
    const janus = running.app.get(JanusService);

    const sockets = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) =>
        running.connect('/videoroom', { token: await running.token({ sub: `crash-${i}` }) }),
      ),
    );
    // Every error a socket receives, in order: the first one after the kill must be backend-failure.
    const errors: ErrorPush[][] = sockets.map(() => []);
    sockets.forEach((socket, i) => socket.on('videoroom-error', (payload: ErrorPush) => errors[i].push(payload)));

    const joined = await Promise.all(
      sockets.map((socket, i) => request<{ feed: number }>(socket, 'join', { room: ROOM, display: `crash-${i}` })),
    );
    expect(joined.filter((reply) => reply.ok)).toHaveLength(CLIENTS);
    const before = await rooms.listParticipants({ room: ROOM });
    expect(before.participants.filter((p) => p.display?.startsWith('crash-'))).toHaveLength(CLIENTS);

    // ---- SIGKILL: the app's WebSocket to Janus closes; every socket holding a session is told at once.
    const failure = firstErrorWithCode(sockets, 'BACKEND_FAILURE');
    const killedAt = performance.now();
    await running.janus.kill();
    await within(failure.all, NOTICE_DEADLINE_MS);
    const delays = failure.at.flatMap((at) => (at === undefined ? [] : [at - killedAt]));
    figure(CASE, 'clients told backend-failure', `${delays.length}/${CLIENTS}`);
    if (delays.length) {
      figure(CASE, 'notice delay min (ms)', Math.min(...delays).toFixed(1));
      figure(CASE, 'notice delay median (ms)', median(delays).toFixed(1));
      figure(CASE, 'max notice delay (ms)', Math.max(...delays).toFixed(1));
    }
    expect(delays).toHaveLength(CLIENTS);
    expect(Math.max(...delays)).toBeLessThan(NOTICE_BOUND_MS);
    for (const received of errors) {
      expect(received[0]).toMatchObject({ error: 'backend-failure', code: 'BACKEND_FAILURE' });
    }

    // ---- Restart: all sessions are gone on Janus; the app's claims fail and each socket is told.
    const lost = firstErrorWithCode(sockets, 'SESSION_NOT_AVAILABLE');
    await running.janus.restart();
    const restartedAt = performance.now();
    await within(lost.all, LOST_DEADLINE_MS);
    const told = lost.at.filter((at) => at !== undefined);
    figure(CASE, 'clients told session-not-available', `${told.length}/${CLIENTS}`);
    if (told.length)
      figure(CASE, 'last session-lost notice after restart (ms)', (Math.max(...told) - restartedAt).toFixed(0));
    expect(told).toHaveLength(CLIENTS);
    for (const received of errors) {
      expect(received.map((e) => e.code)).toEqual(['BACKEND_FAILURE', 'SESSION_NOT_AVAILABLE']);
    }

    // ---- Every client joins again, on a new session.
    const rejoined = await Promise.all(
      sockets.map((socket, i) => request<{ feed: number }>(socket, 'join', { room: ROOM, display: `again-${i}` })),
    );
    const ok = rejoined.filter((reply) => reply.ok).length;
    figure(CASE, 'rejoined %', ((100 * ok) / CLIENTS).toFixed(1));
    expect(rejoined.filter((reply) => !reply.ok).map((reply) => reply.error)).toEqual([]);
    const after = await rooms.listParticipants({ room: ROOM });
    expect(after.participants.map((p) => p.display)).toEqual(
      expect.arrayContaining(Array.from({ length: CLIENTS }, (_, i) => `again-${i}`)),
    );
    expect(after.participants).toHaveLength(CLIENTS);

    // ---- Janus holds the app's shared session only (created again after the restart lost the first one), with one
    // handle per client on it; nothing else.
    const shared = await janus.sharedSession();
    const sessions = await running.sessions();
    expect(sessions.map(String)).toEqual([String(shared.id)]);
    expect(janus.connection.sessionCount).toBe(1);
    expect(new Set(await running.socketHandles()).size).toBe(CLIENTS);
    // No socket was told anything more after rejoining.
    expect(errors.every((received) => received.length === 2)).toBe(true);
  });
});
