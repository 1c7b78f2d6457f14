import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { JanusAdminClient } from 'nestjs-janus';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJanus, type JanusInstance } from '../../../tools/janus-harness/index.js';
import { connectSocket, request, socketHandlesOf, TEST_JWT_SECRET } from '../../support/app-harness.js';
import { startAppProcess } from '../../support/app-process.js';

function token(): Promise<string> {
  return new SignJWT({ roles: [] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('sigterm')
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(TEST_JWT_SECRET));
}

async function connect(url: string, namespace: string): Promise<Socket> {
  return connectSocket(`${url}${namespace}`, { auth: { token: await token() } });
}

describe('the app process on SIGTERM', () => {
  let janus: JanusInstance;
  let admin: JanusAdminClient;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    janus = await startJanus();
    admin = new JanusAdminClient({ url: janus.adminUrl, secret: janus.adminSecret, logger: false });
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await admin?.close();
    await janus?.stop();
  });

  it('tells its sockets (server-shutdown), disconnects them, detaches their Janus handles, then exits', async () => {
    const started = startAppProcess({
      JANUS_URL: janus.wsUrl,
      JANUS_API_SECRET: janus.apiSecret ?? '',
      JWT_SECRET: TEST_JWT_SECRET,
    });
    child = started.child;
    const url = await started.url;
    // Nest's startup lines (one per module, route and gateway) are debug output: the URL is not buried under them.
    const startup = started.output.join('');
    expect(startup).not.toMatch(/Mapped \{|InstanceLoader|RoutesResolver|RouterExplorer/);
    expect(startup.slice(0, startup.indexOf('listening on')).split('\n').length).toBeLessThanOrEqual(3);
    await expect.poll(async () => (await fetch(`${url}/health/ready`)).status, { timeout: 20_000 }).toBe(200);

    const echo = await connect(url, '/echotest');
    const room = await connect(url, '/videoroom');
    expect((await request(echo, 'start')).ok).toBe(true);
    expect((await request(room, 'join', { room: 1234, display: 'sigterm' })).ok).toBe(true);
    // The app's shared session, with one handle of each socket on it.
    expect(await admin.listSessions()).toHaveLength(1);
    expect(await socketHandlesOf(admin)).toHaveLength(2);

    const seen = [echo, room].map(
      (socket) =>
        new Promise<{ notice?: unknown; reason: string }>((resolve) => {
          let notice: unknown;
          socket.once('server-shutdown', (payload: unknown) => (notice = payload));
          socket.once('disconnect', (reason) => resolve({ notice, reason }));
        }),
    );
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child!.once('exit', (code, signal) => resolve({ code, signal })),
    );
    child.kill('SIGTERM');

    for (const { notice, reason } of await Promise.all(seen)) {
      expect({ notice, reason }).toEqual({
        notice: { data: { reason: 'the server is shutting down' } },
        reason: 'io server disconnect',
      });
    }
    // Nest closes the app, then ends the process with the signal it got.
    expect(await exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(await admin.listSessions()).toEqual([]);
  }, 90_000); // transpiling the sources at startup takes a few CPU seconds (more on a busy machine)

  it('takes a heap snapshot on SIGUSR2 with --heapsnapshot-signal and keeps serving (not a shutdown signal)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nestjs-janus-snapshot-'));
    try {
      const started = startAppProcess(
        { JANUS_URL: janus.wsUrl, JANUS_API_SECRET: janus.apiSecret ?? '', JWT_SECRET: TEST_JWT_SECRET },
        { nodeFlags: ['--heapsnapshot-signal=SIGUSR2'], cwd: dir },
      );
      child = started.child;
      const url = await started.url;
      const socket = await connect(url, '/echotest');
      expect((await request(socket, 'start')).ok).toBe(true);
      let disconnected = false;
      socket.once('disconnect', () => (disconnected = true));

      child.kill('SIGUSR2');
      // Node writes Heap.<date>.<time>.<pid>...heapsnapshot into the working folder; the app goes on.
      await expect
        .poll(() => readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot')), { timeout: 60_000, interval: 250 })
        .toHaveLength(1);
      expect((await fetch(`${url}/health`)).status).toBe(200);
      expect((await request(socket, 'start')).ok).toBe(true);
      expect(disconnected).toBe(false);
      expect(started.output.join('')).not.toContain('shutting down');
      child.kill('SIGTERM');
      await new Promise((resolve) => child!.once('exit', resolve));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
