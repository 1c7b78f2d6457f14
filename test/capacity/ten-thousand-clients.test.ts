// Issue 17's capacity goal as a test: 10,000 socket.io clients joined in VideoRooms on one instance of the app, held
// through a heartbeat each, then all gone at once, on loopback against a real Janus. The clients are the bench's
// load driver (bench/lib/driver.ts) in a process of its own; the app runs in another (one instance, as a user runs
// it). Each of the two holds one file descriptor per client: both get their soft limit raised (`ulimit -n`), which
// Debian's default of 1024 needs; the hard limit must allow it.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { JanusAdminClient } from 'nestjs-janus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Driver } from '../../bench/lib/driver-process.js';
import { JanusLog, startBenchJanus, type BenchJanus } from '../../bench/lib/janus.js';
import { JOIN_ROOM, JOIN_ROOM_SIZE } from '../../bench/lib/rooms.js';
import { TEST_JWT_SECRET, testToken } from '../support/app-harness.js';
import { hardOpenFilesLimit } from '../../tools/child-process.js';
import { REGISTER_HOOKS, startAppProcess, type AppProcess } from '../support/app-process.js';
import { figure } from '../support/figures.js';

const CASE = 'capacity';
const CLIENTS = 10_000;
/** Clients connecting and joining at any moment (a crowd arriving, not one burst of 10,000 handshakes). */
const CONCURRENCY = 200;
/** socket.io's ping interval (25 s) and ping timeout (20 s): every socket has had a heartbeat within their sum. */
const HEARTBEAT_WITHIN_MS = 45_000;
/** Open files for the app and for the driver: a socket per client, and room for the rest. */
const OPEN_FILES = CLIENTS + 1000;
const DRIVER_SCRIPT = fileURLToPath(new URL('../../bench/driver-child.ts', import.meta.url));

describe('10,000 joined clients on one instance', () => {
  let janus: BenchJanus;
  let app: AppProcess;
  let driver: Driver;
  let admin: JanusAdminClient;
  let url: string;
  let token: string;
  /** Handles on Janus before any client came: the app's own (room administration). */
  let ownHandles: number;

  /** How many handles Janus has over all its sessions (Admin API). */
  const handlesOnJanus = async (): Promise<number> => {
    let count = 0;
    for (const session of await admin.listSessions())
      count += (await admin.listHandles(session).catch(() => [])).length;
    return count;
  };

  beforeAll(async () => {
    const hard = hardOpenFilesLimit();
    if (hard < OPEN_FILES) {
      throw new Error(`this test needs ${OPEN_FILES} open files per process; the hard limit (ulimit -Hn) is ${hard}`);
    }
    driver = new Driver([], { script: DRIVER_SCRIPT, execArgv: ['--import', REGISTER_HOOKS], openFiles: OPEN_FILES });
    await driver.ready;
    janus = await startBenchJanus({ joinRooms: CLIENTS / JOIN_ROOM_SIZE });
    app = startAppProcess(
      {
        JANUS_URL: janus.instance.wsUrl,
        JANUS_API_SECRET: janus.instance.apiSecret ?? '',
        JWT_SECRET: TEST_JWT_SECRET,
        // Every client comes from 127.0.0.1: the per-address limits (100 connects and joins per 10 s) are for the
        // internet, not for one load driver.
        RATE_LIMIT_POINTS: '1000000',
        RATE_LIMIT_IP_POINTS: '1000000',
      },
      { openFiles: OPEN_FILES },
    );
    url = await app.url;
    admin = new JanusAdminClient({ url: janus.instance.adminUrl, secret: janus.instance.adminSecret, logger: false });
    token = await testToken({ sub: 'crowd', expiresInSeconds: 3600 });
    ownHandles = await handlesOnJanus();
  }, 120_000);

  afterAll(async () => {
    await driver?.exit();
    await admin?.close();
    await app?.kill();
    await janus?.stop();
  });

  it('joins them all, keeps them through a heartbeat each, and tears every handle down when they all leave at once', async () => {
    const target = { url, namespace: '/videoroom', token };
    const t0 = performance.now();
    const joined = await driver.call({
      cmd: 'join',
      target,
      count: CLIENTS,
      concurrency: CONCURRENCY,
      firstRoom: JOIN_ROOM,
    });
    figure(CASE, `${CLIENTS} clients: connected and joined in (ms)`, Math.round(performance.now() - t0));
    figure(CASE, 'join latency p50 / p95 (ms)', `${joined.join_p50_ms.toFixed(0)} / ${joined.join_p95_ms.toFixed(0)}`);
    expect({ joined: joined.joined, failed: joined.failed }).toEqual({ joined: CLIENTS, failed: 0 });

    // One VideoRoom handle per client on Janus, on top of the app's own.
    expect(await handlesOnJanus()).toBe(ownHandles + CLIENTS);

    // Held: each socket's heartbeat comes and is answered; none dropped, no error pushed meanwhile.
    const beats = await driver.call({ cmd: 'heartbeat', timeoutMs: HEARTBEAT_WITHIN_MS });
    expect(beats).toEqual({ heartbeats: CLIENTS, missed_heartbeats: 0 });
    const held = await driver.call({ cmd: 'check' });
    expect(held).toEqual({ held: CLIENTS, connected: CLIENTS, dropped: 0, errors: 0 });

    // The instance still serves a newcomer while it holds them.
    const newcomer = await driver.call({ cmd: 'join', target, count: 1, firstRoom: JOIN_ROOM });
    expect(newcomer.joined).toBe(1);

    // Everyone leaves at once: every handle goes, and the app sends nothing on a handle or session already gone.
    const janusLog = new JanusLog(janus.instance.logFile);
    const logMark = janusLog.mark();
    const t1 = performance.now();
    await driver.call({ cmd: 'disconnect' });
    await expect.poll(handlesOnJanus, { timeout: 60_000, interval: 250 }).toBe(ownHandles);
    figure(CASE, `${CLIENTS + 1} clients gone: handles destroyed after (ms)`, Math.round(performance.now() - t1));
    // The lines themselves, so that a failure shows what Janus complained about.
    const complaints = janusLog
      .textSince(logMark)
      .split('\n')
      .filter((line) => /Invalid plugin session|Couldn't find any (session|handle)/.test(line));
    expect(complaints).toEqual([]);
  }, 300_000);
});
