import { setTimeout as delay } from 'node:timers/promises';
import { filter, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  JanusAdminClient,
  JanusConnection,
  JanusTimeoutError,
  VideoRoomPlugin,
  type JanusConnectionState,
  type JanusSession,
  type VideoRoomHandle,
} from 'nestjs-janus';
import { startJanus, type JanusInstance } from '../../tools/janus-harness/index.js';
import { CaptureLogger } from '../support/capture-logger.js';
import { figure, size } from '../support/figures.js';
import { TcpProxy } from '../support/tcp-proxy.js';

const ROOM = 1234;

/** One participant: a session with a VideoRoom handle joined to the room (no media). */
interface Participant {
  session: JanusSession;
  handle: VideoRoomHandle;
  display: string;
}

function state(c: JanusConnection, wanted: JanusConnectionState): Promise<unknown> {
  return firstValueFrom(c.state$.pipe(filter((s) => s === wanted)));
}

/**
 * The link between the library and a real Janus 1.1.2 (reclaim_session_timeout 20 s, session_timeout 60 s) breaks
 * while participants sit idle in a VideoRoom: nothing is lost while the outage is shorter than what the connection
 * reports as claimable (`claimableOutageMs`: reclaim minus a keepalive period, the longest reconnect pause and 1 s).
 */
describe('chaos: the link to Janus breaks (library, through a TCP proxy)', () => {
  let janus: JanusInstance;
  let proxy: TcpProxy;
  let admin: JanusAdminClient;

  beforeAll(async () => {
    janus = await startJanus({ reclaimSessionTimeout: 20, sessionTimeout: 60 });
    proxy = await TcpProxy.start(Number(new URL(janus.wsUrl).port));
    admin = new JanusAdminClient({ url: janus.adminUrl, secret: janus.adminSecret, logger: false });
  });
  afterAll(async () => {
    await admin?.close();
    await proxy?.close();
    await janus?.stop();
  });

  async function joinAll(connection: JanusConnection, prefix: string, count: number): Promise<Participant[]> {
    return Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const session = await connection.createSession();
        const handle = await session.attach(VideoRoomPlugin);
        const display = `${prefix}-${i}`;
        await handle.joinPublisher({ room: ROOM, display });
        return { session, handle, display };
      }),
    );
  }

  /** How many of `participants` Janus still has: their session listed and their display in the room. */
  async function survivors(connection: JanusConnection, participants: Participant[]): Promise<number> {
    const sessions = new Set(await admin.listSessions());
    const checker = participants.find((p) => !p.session.isClosed);
    const inRoom = checker
      ? new Set((await checker.handle.listParticipants({ room: ROOM })).participants.map((p) => p.display))
      : new Set<string | undefined>();
    return participants.filter((p) => !p.session.isClosed && sessions.has(p.session.id) && inRoom.has(p.display))
      .length;
  }

  it('cuts of 1, 3 and 10 s with participants idle for up to their keepalive period lose nothing', async () => {
    const connection = await JanusConnection.connect({
      servers: [{ url: proxy.wsUrl, apiSecret: janus.apiSecret }],
      logger: new CaptureLogger(),
    });
    try {
      // From Janus's info: a quarter of the reclaim timeout, and what that leaves for an outage.
      expect(connection.keepaliveIntervalMs).toBe(5000);
      figure('link cut', 'keepalive period (ms)', connection.keepaliveIntervalMs);
      figure('link cut', 'claimable outage (ms)', connection.claimableOutageMs);
      expect(connection.claimableOutageMs).toBeGreaterThan(10_000);

      const participants = await joinAll(connection, 'idle', size(20, 100));
      // The application sends nothing for 20 s: before the keepalive period was fitted to Janus (it was 25 s), these
      // sessions then had nothing sent for them for 20 s, and a 3 s cut lost them all.
      let idleMs = 20_000;
      for (const cutMs of [3000, 1000, 10_000]) {
        await delay(idleMs);
        const cutAt = performance.now();
        proxy.down();
        await state(connection, 'reconnecting');
        await delay(cutMs);
        proxy.up();
        await state(connection, 'connected');
        const back = performance.now() - cutAt;
        const alive = await survivors(connection, participants);
        figure('link cut', `${cutMs / 1000} s cut: sessions kept`, `${alive}/${participants.length}`);
        figure('link cut', `${cutMs / 1000} s cut: reconnected and claimed after (ms)`, Math.round(back));
        expect(alive).toBe(participants.length);
        // Every handle still answers.
        await Promise.all(participants.map((p) => p.handle.configure({ display: `${p.display}` })));
        // The sessions are idle for up to a keepalive period at the next cut.
        idleMs = connection.keepaliveIntervalMs;
      }
    } finally {
      await connection.close();
    }
  });

  it('a blackhole: requests end in TIMEOUT on time, ping finds the dead link, sessions are claimed on resume', async () => {
    const requestTimeoutMs = 1500;
    const ping = { intervalMs: 1000, timeoutMs: 1000 };
    const connection = await JanusConnection.connect({
      servers: [{ url: proxy.wsUrl, apiSecret: janus.apiSecret }],
      logger: new CaptureLogger(),
      requestTimeoutMs,
      ping,
    });
    try {
      const participants = await joinAll(connection, 'holed', size(10, 50));
      const reconnecting = state(connection, 'reconnecting');
      proxy.blackhole();
      const holedAt = performance.now();

      const err = await participants[0].handle.listParticipants({ room: ROOM }).catch((e: unknown) => e);
      const timedOutAfter = performance.now() - holedAt;
      expect(err).toBeInstanceOf(JanusTimeoutError);
      expect(timedOutAfter).toBeGreaterThanOrEqual(requestTimeoutMs - 5);
      expect(timedOutAfter).toBeLessThan(requestTimeoutMs + 500);
      figure('blackhole', 'request ended in TIMEOUT after (ms)', Math.round(timedOutAfter));

      await reconnecting;
      const detectedAfter = performance.now() - holedAt;
      // Pings go every second; a missing pong counts after one more.
      expect(detectedAfter).toBeLessThan(ping.intervalMs + ping.timeoutMs + 500);
      figure('blackhole', 'dead link detected by ping after (ms)', Math.round(detectedAfter));

      proxy.resume();
      await state(connection, 'connected');
      const alive = await survivors(connection, participants);
      figure('blackhole', 'sessions kept after resume', `${alive}/${participants.length}`);
      expect(alive).toBe(participants.length);
    } finally {
      proxy.resume();
      await connection.close();
    }
  });
});
