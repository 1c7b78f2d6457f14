import { readFileSync } from 'node:fs';
import { filter, firstValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  JanusAdminClient,
  JanusConnectError,
  JanusConnection,
  JanusSessionClosedError,
  type JanusConnectionOptions,
  type JanusConnectionState,
} from 'nestjs-janus';
import { startJanus, type JanusInstance } from '../../tools/janus-harness/index.js';
import { TcpProxy } from '../support/tcp-proxy.js';

function waitState(c: JanusConnection, state: JanusConnectionState): Promise<unknown> {
  return firstValueFrom(c.state$.pipe(filter((s) => s === state)));
}

describe('JanusConnection against a real Janus', () => {
  let janus: JanusInstance;
  let admin: JanusAdminClient;
  const open: JanusConnection[] = [];

  async function connect(extra: Partial<JanusConnectionOptions> = {}): Promise<JanusConnection> {
    const c = await JanusConnection.connect({
      servers: [{ url: janus.wsUrl, apiSecret: janus.apiSecret }],
      logger: false,
      reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
      ...extra,
    });
    open.push(c);
    return c;
  }

  beforeAll(async () => {
    janus = await startJanus();
    admin = new JanusAdminClient({ url: janus.adminUrl, secret: janus.adminSecret });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await admin?.close();
    await janus?.stop();
  });

  it('runs a session and an EchoTest handle end to end, and destroys them on Janus', async () => {
    const c = await connect();
    const info = await c.info();
    expect(info.version_string).toBe('1.1.2');
    expect(info.plugins['janus.plugin.echotest']).toBeDefined();

    const session = await c.createSession();
    const handle = await session.attach('janus.plugin.echotest', { opaqueId: 'itest' });
    expect(await admin.listHandles(session.id)).toContain(handle.id);

    const reply = await handle.message({ audio: true, video: true });
    expect(reply.data).toMatchObject({ echotest: 'event', result: 'ok' });

    const detached = firstValueFrom(handle.detached$);
    await handle.detach();
    expect(await detached).toMatchObject({ reason: 'detached' });
    expect(await admin.listHandles(session.id)).not.toContain(handle.id);

    await session.destroy();
    expect(await admin.listSessions()).not.toContain(session.id);
    expect(c.sessionCount).toBe(0);
  });

  it('a VideoRoom error comes back as JanusPluginError with the plugin code', async () => {
    const c = await connect();
    const session = await c.createSession();
    const handle = await session.attach('janus.plugin.videoroom');
    await expect(handle.message({ request: 'join', ptype: 'publisher', room: 987654321 })).rejects.toMatchObject({
      name: 'JanusPluginError',
      janusCode: 426,
      request: 'join',
    });
    await session.destroy();
  });

  it('fails over at connect: the first server is dead, the second is Janus', async () => {
    const c = await connect({
      servers: [{ url: 'ws://127.0.0.1:1' }, { url: janus.wsUrl, apiSecret: janus.apiSecret }],
    });
    expect(c.serverUrl).toBe(janus.wsUrl);
    const session = await c.createSession();
    expect(await admin.listSessions()).toContain(session.id);
  });

  it('close() destroys every session it owns on Janus', async () => {
    const c = await connect();
    const ids = (await Promise.all([c.createSession(), c.createSession(), c.createSession()])).map((s) => s.id);
    await (await c.createSession()).attach('janus.plugin.echotest');
    await c.close();
    const left = await admin.listSessions();
    for (const id of ids) expect(left).not.toContain(id);
    expect(c.state).toBe('closed');
  });

  it('reconnects after a network cut, claims the session, and the same session and handle keep working', async () => {
    const proxy = await TcpProxy.start(Number(new URL(janus.wsUrl).port));
    try {
      const c = await connect({ servers: [{ url: proxy.wsUrl, apiSecret: janus.apiSecret }] });
      const session = await c.createSession();
      const publisher = await session.attach('janus.plugin.videoroom');
      const joined = await publisher.message<{ videoroom: string; id: number }>({
        request: 'join',
        ptype: 'publisher',
        room: 1234,
        display: 'survivor',
      });
      expect(joined.data.videoroom).toBe('joined');

      const reconnecting = waitState(c, 'reconnecting');
      proxy.cutAll();
      await reconnecting;
      await waitState(c, 'connected');
      expect(proxy.accepted).toBe(2);

      await session.keepalive();
      const list = await publisher.message<{ participants: Array<{ id: number; display?: string }> }>({
        request: 'listparticipants',
        room: 1234,
      });
      expect(list.data.participants.map((p) => p.id)).toContain(joined.data.id);
      expect(session.isClosed).toBe(false);
      await session.destroy();
    } finally {
      await proxy.close();
    }
  });

  it("claimAndDestroySession ends a session whose connection is gone (a dead process's), its participant too", async () => {
    const proxy = await TcpProxy.start(Number(new URL(janus.wsUrl).port));
    try {
      // The owner: a connection that will not come back (a process that died).
      const owner = await connect({
        servers: [{ url: proxy.wsUrl, apiSecret: janus.apiSecret }],
        reconnect: { enabled: false },
      });
      const session = await owner.createSession();
      const publisher = await session.attach('janus.plugin.videoroom');
      const joined = await publisher.message<{ id: number }>({
        request: 'join',
        ptype: 'publisher',
        room: 1234,
        display: 'orphan',
      });
      const closed = waitState(owner, 'closed');
      proxy.down();
      await closed;
      // Janus keeps the session for reclaim_session_timeout (20 s), the participant still in the room.
      expect(await admin.listSessions()).toContain(session.id);

      const survivor = await connect();
      expect(await survivor.claimAndDestroySession(session.id)).toBe(true);
      expect(await admin.listSessions()).not.toContain(session.id);
      const look = await (await survivor.createSession()).attach('janus.plugin.videoroom');
      const list = await look.message<{ participants: Array<{ id: number }> }>({
        request: 'listparticipants',
        room: 1234,
      });
      expect(list.data.participants.map((p) => p.id)).not.toContain(joined.data.id);
      // Once gone, there is nothing left to end.
      expect(await survivor.claimAndDestroySession(session.id)).toBe(false);
    } finally {
      await proxy.close();
    }
  });

  it('when Janus restarts, sessions end with reason lost, handles emit detached$, and a new session works', async () => {
    const c = await connect();
    const session = await c.createSession();
    const handle = await session.attach('janus.plugin.echotest');
    const closed = firstValueFrom(session.closed$);
    const detached = firstValueFrom(handle.detached$);
    await janus.restart();
    expect(await closed).toMatchObject({ reason: 'lost' });
    expect(await detached).toMatchObject({ reason: 'session-closed' });
    await waitState(c, 'connected');
    await expect(session.keepalive()).rejects.toBeInstanceOf(JanusSessionClosedError);
    const fresh = await c.createSession();
    expect(await admin.listSessions()).toContain(fresh.id);
  });

  it('connects over a Unix socket (ws+unix)', async () => {
    const unixJanus = await startJanus({ wsUnix: true });
    try {
      const c = await connect({ servers: [{ url: unixJanus.wsUnixUrl!, apiSecret: unixJanus.apiSecret }] });
      expect((await c.info()).version_string).toBe('1.1.2');
    } finally {
      await unixJanus.stop();
    }
  });

  it('requests sent in one turn leave in one write: 50 sessions created at once cost a few write calls, not 50', async () => {
    const c = await connect();
    await c.info(); // the socket is open and settled
    // The kernel's count of this process's write calls (write, writev): Janus is another process, so in this window
    // the only writer is the connection (nothing else of the test writes while it waits for Janus).
    const writeCalls = (): number => Number(/^syscw:\s+(\d+)/m.exec(readFileSync('/proc/self/io', 'utf8'))![1]);
    const before = writeCalls();
    const sessions = await Promise.all(Array.from({ length: 50 }, () => c.createSession()));
    const calls = writeCalls() - before;
    expect(new Set(sessions.map((s) => s.id)).size).toBe(50);
    expect(calls).toBeLessThan(10);
    await Promise.all(sessions.map((s) => s.destroy()));
    expect(c.sessionCount).toBe(0);
  });

  it('nothing leaks: 10 000 create/attach/detach/destroy cycles leave no pending request, session or subscriber', async () => {
    const c = await connect();
    const cycles = 10_000;
    const lanes = 50;
    let openSubscriptions = 0;
    const run = async (): Promise<void> => {
      for (let i = 0; i < cycles / lanes; i++) {
        const session = await c.createSession();
        const handle = await session.attach('janus.plugin.echotest');
        const subs = [
          session.closed$.subscribe(),
          session.events$.subscribe(),
          handle.events$.subscribe(),
          handle.detached$.subscribe(),
          handle.media$.subscribe(),
        ];
        openSubscriptions += subs.length;
        await handle.detach();
        await session.destroy();
        openSubscriptions -= subs.filter((s) => s.closed).length;
      }
    };
    await Promise.all(Array.from({ length: lanes }, run));
    expect(c.pendingRequestCount).toBe(0);
    expect(c.sessionCount).toBe(0);
    expect(openSubscriptions).toBe(0);
    expect(await admin.listSessions()).toEqual([]);
  }, 120_000);
});

describe('Janus features that need their own server config', () => {
  it('token auth: a token added through the Admin API lets the client in; none is refused', async () => {
    // With both api_secret and token_auth on, Janus accepts either: test the token alone.
    const janus = await startJanus({ tokenAuth: true, apiSecret: false });
    const admin = new JanusAdminClient({ url: janus.adminUrl, secret: janus.adminSecret });
    try {
      await admin.addToken('itest-token', ['janus.plugin.echotest']);
      const withToken = await JanusConnection.connect({
        servers: [{ url: janus.wsUrl, apiSecret: janus.apiSecret, token: 'itest-token' }],
        logger: false,
      });
      const session = await withToken.createSession();
      await session.attach('janus.plugin.echotest');
      await withToken.close();

      // Without a token, connect itself fails (its credential probe is refused), naming what is missing.
      const err = await JanusConnection.connect({
        servers: [{ url: janus.wsUrl, apiSecret: janus.apiSecret }],
        logger: false,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(JanusConnectError);
      expect(err).toMatchObject({ unauthorized: true });
      expect((err as Error).message).toContain('servers[0] has no apiSecret or token, and Janus asks for one');
      // A wrong token: named as such.
      const wrong = await JanusConnection.connect({
        servers: [{ url: janus.wsUrl, token: 'not-a-token' }],
        logger: false,
      }).catch((e: unknown) => e);
      expect((wrong as Error).message).toContain('check servers[0].token');
    } finally {
      await admin.close();
      await janus.stop();
    }
  });

  it('a session without keepalives is timed out by Janus and closes with reason timeout', async () => {
    const janus = await startJanus({ sessionTimeout: 1 });
    try {
      const c = await JanusConnection.connect({
        servers: [{ url: janus.wsUrl, apiSecret: janus.apiSecret }],
        keepaliveIntervalMs: 0,
        logger: false,
      });
      const session = await c.createSession();
      expect(await firstValueFrom(session.closed$)).toMatchObject({ reason: 'timeout' });
      await c.close();
    } finally {
      await janus.stop();
    }
  });

  it('keepalives keep a session alive past session_timeout', async () => {
    const janus = await startJanus({ sessionTimeout: 2 });
    const admin = new JanusAdminClient({ url: janus.adminUrl, secret: janus.adminSecret });
    try {
      const c = await JanusConnection.connect({
        servers: [{ url: janus.wsUrl, apiSecret: janus.apiSecret }],
        keepaliveIntervalMs: 500,
        logger: false,
      });
      const session = await c.createSession();
      // Janus's timeout watchdog runs every second; wait until a session created later without keepalives dies.
      const probe = await JanusConnection.connect({
        servers: [{ url: janus.wsUrl, apiSecret: janus.apiSecret }],
        keepaliveIntervalMs: 0,
        logger: false,
      });
      const idle = await probe.createSession();
      await firstValueFrom(idle.closed$);
      expect(session.isClosed).toBe(false);
      expect(await admin.listSessions()).toContain(session.id);
      await probe.close();
      await c.close();
    } finally {
      await admin.close();
      await janus.stop();
    }
  });
});
