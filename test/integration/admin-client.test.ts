import { once } from 'node:events';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { DEFAULT_PLUGINS, startJanus, type JanusInstance } from '../../tools/janus-harness/index.js';
import { JanusAdminClient } from 'nestjs-janus';
import { LogSink } from '../../libs/janus/src/core/logger.js';
import {
  JanusConnectError,
  JanusConnectionClosedError,
  JanusPluginError,
  JanusRequestError,
  JanusTimeoutError,
} from '../../libs/janus/src/errors/index.js';
import type { JanusLogger } from '../../libs/janus/src/interfaces/logger.interface.js';

type Json = Record<string, unknown>;

const silent = new LogSink(null);

/** A raw Janus API (`janus-protocol`) client: replies by transaction, events kept and awaitable. */
class ApiClient {
  private readonly pending = new Map<string, (msg: Json) => void>();
  private readonly events: Json[] = [];
  private waiters: Array<{ match: (msg: Json) => boolean; resolve: (msg: Json) => void }> = [];
  private next = 0;

  private constructor(
    private readonly ws: WebSocket,
    private readonly auth: Json,
  ) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as Json;
      const tx = msg.transaction;
      if (typeof tx === 'string' && this.pending.has(tx) && (msg.janus !== 'ack' || tx.startsWith('ack-'))) {
        this.pending.get(tx)!(msg);
        this.pending.delete(tx);
        return;
      }
      if (msg.janus === 'ack') return;
      this.events.push(msg);
      const matched = this.waiters.filter((waiter) => waiter.match(msg));
      if (matched.length === 0) return;
      this.waiters = this.waiters.filter((waiter) => !matched.includes(waiter));
      for (const waiter of matched) waiter.resolve(msg);
    });
  }

  static async open(url: string, auth: Json): Promise<ApiClient> {
    const ws = new WebSocket(url, 'janus-protocol');
    await once(ws, 'open');
    return new ApiClient(ws, auth);
  }

  /** Sends a request; resolves with its reply (`ack` too when `ack` is set, for keepalive). */
  request(body: Json, ack = false): Promise<Json> {
    const transaction = `${ack ? 'ack-' : 't'}${++this.next}`;
    return new Promise((resolve) => {
      this.pending.set(transaction, resolve);
      this.ws.send(JSON.stringify({ ...this.auth, ...body, transaction }));
    });
  }

  async create(): Promise<number> {
    return successId(await this.request({ janus: 'create' }));
  }

  async attach(sessionId: number, plugin: string): Promise<number> {
    return successId(await this.request({ janus: 'attach', session_id: sessionId, plugin, opaque_id: 'admin-test' }));
  }

  /** Resolves with the first event (past or future) that matches. */
  waitForEvent(match: (msg: Json) => boolean): Promise<Json> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  close(): void {
    this.ws.close();
  }
}

function successId(reply: Json): number {
  if (reply.janus !== 'success') throw new Error(`Janus API request failed: ${JSON.stringify(reply)}`);
  return (reply.data as { id: number }).id;
}

function portOf(server: WebSocketServer): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server not listening on TCP');
  return address.port;
}

function errorCode(reply: Json): number | undefined {
  return (reply.error as { code?: number } | undefined)?.code;
}

/** Expects `promise` to reject with a JanusRequestError carrying `code`. */
async function expectJanusError(promise: Promise<unknown>, code: number): Promise<JanusRequestError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(JanusRequestError);
  expect((err as JanusRequestError).janusCode).toBe(code);
  return err as JanusRequestError;
}

/** A tiny stand-in Admin API server on loopback: accepts `janus-admin-protocol`, hands each parsed frame to `onRequest`. */
async function fakeAdminServer(onRequest: (ws: WebSocket, msg: Json) => void): Promise<{
  url: string;
  connections: () => number;
  received: Json[];
  close: () => Promise<void>;
}> {
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (protocols) => (protocols.has('janus-admin-protocol') ? 'janus-admin-protocol' : false),
  });
  await once(wss, 'listening');
  let connections = 0;
  const received: Json[] = [];
  wss.on('connection', (ws) => {
    connections++;
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as Json;
      received.push(msg);
      onRequest(ws, msg);
    });
  });
  return {
    url: `ws://127.0.0.1:${portOf(wss)}`,
    connections: () => connections,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

function reply(ws: WebSocket, msg: Json, body: Json): void {
  ws.send(JSON.stringify({ ...body, transaction: msg.transaction }));
}

/** A UDP socket on loopback; `stun` makes it answer STUN Binding requests with the sender's address. */
async function udpServer(stun: boolean): Promise<UdpSocket> {
  const sock = createSocket('udp4');
  if (stun) {
    sock.on('message', (msg, rinfo) => {
      // Binding success: header (type, length 12, cookie + transaction id copied) + XOR-MAPPED-ADDRESS (IPv4).
      const res = Buffer.alloc(32);
      res.writeUInt16BE(0x0101, 0);
      res.writeUInt16BE(12, 2);
      msg.copy(res, 4, 4, 20);
      res.writeUInt16BE(0x0020, 20);
      res.writeUInt16BE(8, 22);
      res.writeUInt8(0x01, 25);
      res.writeUInt16BE(rinfo.port ^ 0x2112, 26);
      const ip = rinfo.address.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
      res.writeUInt32BE((ip ^ 0x2112a442) >>> 0, 28);
      sock.send(res, rinfo.port, rinfo.address);
    });
  }
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  return sock;
}

async function freeUdpPort(): Promise<number> {
  const sock = await udpServer(false);
  const port = sock.address().port;
  await new Promise<void>((resolve) => sock.close(resolve));
  return port;
}

describe('JanusAdminClient against a real Janus 1.1.2', () => {
  let janus: JanusInstance;
  let admin: JanusAdminClient;
  let api: ApiClient;
  let dumpDir: string;

  beforeAll(async () => {
    janus = await startJanus();
    admin = new JanusAdminClient({ url: janus.adminUrl, secret: janus.adminSecret, logger: silent });
    api = await ApiClient.open(janus.wsUrl, { apisecret: janus.apiSecret });
    dumpDir = mkdtempSync(join(tmpdir(), 'janus-admin-pcap-'));
  });
  afterAll(async () => {
    api?.close();
    await admin?.close();
    await janus?.stop();
    if (dumpDir) rmSync(dumpDir, { recursive: true, force: true });
  });

  it('info returns server_info and ping answers pong, over one lazily opened socket', async () => {
    expect(admin.connected).toBe(false);
    const info = await admin.info();
    expect(info.janus).toBe('server_info');
    expect(info.version_string).toBe('1.1.2');
    expect(info.transaction).toBeUndefined();
    expect(Object.keys(info.plugins)).toEqual(
      expect.arrayContaining(['janus.plugin.echotest', 'janus.plugin.videoroom']),
    );
    const rtt = await admin.ping();
    expect(rtt).toBeGreaterThanOrEqual(0);
    expect(admin.connected).toBe(true);
  });

  it('getStatus reports the runtime settings', async () => {
    const status = await admin.getStatus();
    expect(status).toMatchObject({ token_auth: false, session_timeout: 60, reclaim_session_timeout: 20, log_level: 4 });
    expect(typeof status['nack-optimizations']).toBe('boolean');
    expect(typeof status.no_media_timer).toBe('number');
  });

  it('setSessionTimeout changes the global timeout, which info and getStatus report', async () => {
    expect(await admin.setSessionTimeout(90)).toBe(90);
    expect((await admin.info())['session-timeout']).toBe(90);
    expect((await admin.getStatus()).session_timeout).toBe(90);
    expect(await admin.setSessionTimeout(60)).toBe(60);
    expect((await admin.info())['session-timeout']).toBe(60);
  });

  it('the runtime setters round-trip and show in getStatus', async () => {
    expect(await admin.setLogLevel(5)).toBe(5);
    expect((await admin.getStatus()).log_level).toBe(5);
    expect(await admin.setLogLevel(4)).toBe(4);
    await expectJanusError(admin.setLogLevel(9 as 7), 467);

    expect(await admin.setLogTimestamps(true)).toBe(true);
    expect((await admin.getStatus()).log_timestamps).toBe(true);
    expect(await admin.setLogTimestamps(false)).toBe(false);
    expect(await admin.setLogColors(false)).toBe(false);
    expect(await admin.setLockingDebug(false)).toBe(false);
    expect(await admin.setRefcountDebug(false)).toBe(false);
    expect(await admin.setLibniceDebug(false)).toBe(false);

    const before = await admin.getStatus();
    expect(await admin.setMinNackQueue(300)).toBe(300);
    expect(await admin.setNackOptimizations(true)).toBe(true);
    expect(await admin.setNoMediaTimer(3)).toBe(3);
    expect(await admin.setSlowlinkThreshold(4)).toBe(4);
    expect(await admin.getStatus()).toMatchObject({
      min_nack_queue: 300,
      'nack-optimizations': true,
      no_media_timer: 3,
      slowlink_threshold: 4,
    });
    await admin.setMinNackQueue(before.min_nack_queue);
    await admin.setNackOptimizations(before['nack-optimizations']);
    await admin.setNoMediaTimer(before.no_media_timer);
    await admin.setSlowlinkThreshold(before.slowlink_threshold);
    expect(await admin.getStatus()).toEqual(before);
  });

  it('loopsInfo is empty without static event loops', async () => {
    expect(await admin.loopsInfo()).toEqual([]);
  });

  it('listSessions sees a created session, listHandles an attached handle, handleInfo its plugin', async () => {
    const sessionId = await api.create();
    expect(await admin.listSessions()).toContain(sessionId);
    const handleId = await api.attach(sessionId, 'janus.plugin.echotest');
    expect(await admin.listHandles(sessionId)).toEqual([handleId]);

    const info = await admin.handleInfo(sessionId, handleId);
    expect(info).toMatchObject({
      session_id: sessionId,
      handle_id: handleId,
      plugin: 'janus.plugin.echotest',
      opaque_id: 'admin-test',
      session_transport: 'janus.transport.websockets',
      session_timeout: 60,
    });
    expect(info.flags?.negotiated).toBe(false);
    expect(info.plugin_specific).toBeTypeOf('object');

    const short = await admin.handleInfo(sessionId, handleId, { plugin_only: true });
    expect(short.plugin).toBe('janus.plugin.echotest');
    expect(short.plugin_specific).toBeTypeOf('object');
    expect(short.flags).toBeUndefined();
    expect(short.sdps).toBeUndefined();

    await expectJanusError(admin.listHandles(12345), 458);
    await expectJanusError(admin.handleInfo(sessionId, 999), 459);
    await api.request({ janus: 'destroy', session_id: sessionId });
  });

  it('setSessionTimeoutFor sets one session its own timeout (-1: back to the global one)', async () => {
    const sessionId = await api.create();
    const handleId = await api.attach(sessionId, 'janus.plugin.echotest');
    expect(await admin.setSessionTimeoutFor(sessionId, 33)).toBe(33);
    expect((await admin.handleInfo(sessionId, handleId)).session_timeout).toBe(33);
    expect(await admin.setSessionTimeoutFor(sessionId, -1)).toBe(-1);
    expect((await admin.handleInfo(sessionId, handleId)).session_timeout).toBe(60);
    await expectJanusError(admin.setSessionTimeoutFor(12345, 10), 458);
    await api.request({ janus: 'destroy', session_id: sessionId });
  });

  it('startPcap/stopPcap and startText2pcap/stopText2pcap dump a handle to files', async () => {
    const sessionId = await api.create();
    const handleId = await api.attach(sessionId, 'janus.plugin.echotest');
    await admin.startPcap(sessionId, handleId, { folder: dumpDir, filename: 'h.pcap', truncate: 0 });
    const info = await admin.handleInfo(sessionId, handleId);
    expect(info['dump-to-pcap']).toBe(true);
    expect(info['pcap-file']).toBe(join(dumpDir, 'h.pcap'));
    await expectJanusError(admin.startPcap(sessionId, handleId, { folder: dumpDir, filename: 'again.pcap' }), 490);
    await admin.stopPcap(sessionId, handleId);
    expect(existsSync(join(dumpDir, 'h.pcap'))).toBe(true);
    await expectJanusError(admin.stopPcap(sessionId, handleId), 490);

    await admin.startText2pcap(sessionId, handleId, { folder: dumpDir, filename: 'h.txt' });
    expect((await admin.handleInfo(sessionId, handleId))['dump-to-text2pcap']).toBe(true);
    await admin.stopText2pcap(sessionId, handleId);
    expect(existsSync(join(dumpDir, 'h.txt'))).toBe(true);
    await api.request({ janus: 'destroy', session_id: sessionId });
  });

  it('hangupWebrtc hangs up a handle, which stays attached', async () => {
    const sessionId = await api.create();
    const handleId = await api.attach(sessionId, 'janus.plugin.echotest');
    await admin.hangupWebrtc(sessionId, handleId);
    // The EchoTest plugin reports the hangup to the handle's owner.
    const event = await api.waitForEvent((m) => m.sender === handleId && m.janus === 'event');
    expect((event.plugindata as { data: Json }).data).toMatchObject({ echotest: 'event', result: 'done' });
    expect(await admin.listHandles(sessionId)).toContain(handleId);
    await api.request({ janus: 'destroy', session_id: sessionId });
  });

  it('detachHandle detaches a handle: its owner gets detached, listHandles loses it', async () => {
    const sessionId = await api.create();
    const handleId = await api.attach(sessionId, 'janus.plugin.echotest');
    await admin.detachHandle(sessionId, handleId);
    await api.waitForEvent((m) => m.janus === 'detached' && m.sender === handleId);
    expect(await admin.listHandles(sessionId)).toEqual([]);
    await expectJanusError(admin.detachHandle(sessionId, handleId), 459);
    await api.request({ janus: 'destroy', session_id: sessionId });
  });

  it('destroySession makes a session disappear from listSessions; its owner then gets 458', async () => {
    const sessionId = await api.create();
    await api.attach(sessionId, 'janus.plugin.echotest');
    expect(await admin.listSessions()).toContain(sessionId);
    await admin.destroySession(sessionId);
    expect(await admin.listSessions()).not.toContain(sessionId);
    expect(errorCode(await api.request({ janus: 'keepalive', session_id: sessionId }, true))).toBe(458);
    await expectJanusError(admin.destroySession(sessionId), 458);
  });

  it('acceptNewSessions(false) makes create fail with 472 until it is turned back on', async () => {
    expect(await admin.acceptNewSessions(false)).toBe(false);
    try {
      expect((await admin.info())['accepting-new-sessions']).toBe(false);
      expect(errorCode(await api.request({ janus: 'create' }))).toBe(472);
    } finally {
      expect(await admin.acceptNewSessions(true)).toBe(true);
    }
    const sessionId = await api.create();
    await api.request({ janus: 'destroy', session_id: sessionId });
  });

  it('messagePlugin reaches the VideoRoom Admin API hook (no admin_key configured)', async () => {
    const listed = await admin.messagePlugin<{ videoroom: string; list: Array<{ room: number }> }>(
      'janus.plugin.videoroom',
      { request: 'list' },
    );
    expect(listed.videoroom).toBe('success');
    expect(listed.list.map((r) => r.room)).toContain(1234);
    expect(await admin.messagePlugin('janus.plugin.videoroom', { request: 'exists', room: 999 })).toMatchObject({
      exists: false,
    });

    const pluginErr: unknown = await admin
      .messagePlugin('janus.plugin.videoroom', { request: 'nope' })
      .catch((e: unknown) => e);
    expect(pluginErr).toBeInstanceOf(JanusPluginError);
    expect((pluginErr as JanusPluginError).plugin).toBe('janus.plugin.videoroom');
    expect((pluginErr as JanusPluginError).janusCode).toBeGreaterThan(0);

    await expectJanusError(admin.messagePlugin('janus.plugin.nope', { request: 'list' }), 460);
  });

  it('queryTransport answers; queryEventHandler/queryLogger fail with 460 when none is loaded', async () => {
    const connections = await admin.queryTransport<{ result: number; connections: number }>(
      'janus.transport.websockets',
      { request: 'connections' },
    );
    expect(connections.result).toBe(200);
    expect(connections.connections).toBeGreaterThanOrEqual(2);
    await expectJanusError(admin.queryEventHandler('janus.eventhandler.sampleevh', { request: 'x' }), 460);
    await expectJanusError(admin.queryLogger('janus.logger.jsonlog', { request: 'x' }), 460);
  });

  it('customEvent succeeds without event handlers; customLogline writes to the Janus log', async () => {
    await admin.customEvent('nestjs-janus.test', { hello: 'world' });
    const marker = `admin-client-test-${Date.now()}`;
    await admin.customLogline(marker, 4);
    await vi.waitFor(() => expect(readFileSync(janus.logFile, 'utf8')).toContain(marker), { timeout: 5000 });
  });

  it('resolveAddress resolves localhost; an unresolvable name fails with 490', async () => {
    const resolved = await admin.resolveAddress('localhost');
    expect(['127.0.0.1', '::1']).toContain(resolved.ip);
    expect(resolved.elapsed).toBeGreaterThanOrEqual(0);
    expect((await admin.resolveAddress('127.0.0.1')).ip).toBe('127.0.0.1');
    await expectJanusError(admin.resolveAddress('no-such-host.invalid'), 490);
  });

  it('testStun reports the mapped address a STUN server sees', async () => {
    const stun = await udpServer(true);
    try {
      const localport = await freeUdpPort();
      const result = await admin.testStun('127.0.0.1', stun.address().port, localport);
      expect(result).toMatchObject({ public_ip: '127.0.0.1', public_port: localport });
      expect(result.elapsed).toBeGreaterThanOrEqual(0);
      expect((await admin.testStun('127.0.0.1', stun.address().port)).public_port).toBeGreaterThan(0);
    } finally {
      stun.close();
    }
  });

  it('token requests fail with 490 when token_auth is off', async () => {
    const err = await expectJanusError(admin.listTokens(), 490);
    expect(err.reason).toBe('Stored-Token based authentication disabled');
    await expectJanusError(admin.addToken('x'), 490);
  });

  it('a bad admin secret rejects with JanusRequestError 403 (info and ping need no secret)', async () => {
    const wrong = new JanusAdminClient({ url: janus.adminUrl, secret: 'wrong-secret', logger: silent });
    try {
      const err = await expectJanusError(wrong.listSessions(), 403);
      expect(err.request).toBe('list_sessions');
      await expectJanusError(wrong.getStatus(), 403);
      expect((await wrong.info()).version_string).toBe('1.1.2');
      await wrong.ping();
    } finally {
      await wrong.close();
    }
  });
});

describe('JanusAdminClient stored tokens (token_auth, no api_secret)', () => {
  let janus: JanusInstance;
  let admin: JanusAdminClient;

  beforeAll(async () => {
    janus = await startJanus({ tokenAuth: true, apiSecret: false, videoRoomAdminKey: 'room-admin-key' });
    admin = new JanusAdminClient({ url: janus.adminUrl, secret: janus.adminSecret, logger: silent });
  });
  afterAll(async () => {
    await admin?.close();
    await janus?.stop();
  });

  it('add/list/allow/disallow/remove tokens, and the Janus API honours them', async () => {
    // A token with no plugin list may use every plugin Janus has loaded.
    expect((await admin.addToken('t-all')).sort()).toEqual(DEFAULT_PLUGINS.map((p) => `janus.plugin.${p}`).sort());
    expect(await admin.addToken('t-echo', ['janus.plugin.echotest'])).toEqual(['janus.plugin.echotest']);
    const tokens = await admin.listTokens();
    expect(tokens).toEqual(
      expect.arrayContaining([
        { token: 't-echo', allowed_plugins: ['janus.plugin.echotest'] },
        expect.objectContaining({ token: 't-all' }),
      ]),
    );

    const anonymous = await ApiClient.open(janus.wsUrl, {});
    const withToken = await ApiClient.open(janus.wsUrl, { token: 't-echo' });
    try {
      expect(errorCode(await anonymous.request({ janus: 'create' }))).toBe(403);
      const sessionId = await withToken.create();
      await withToken.attach(sessionId, 'janus.plugin.echotest');
      expect(
        errorCode(
          await withToken.request({ janus: 'attach', session_id: sessionId, plugin: 'janus.plugin.videoroom' }),
        ),
      ).toBe(405);

      expect((await admin.allowToken('t-echo', ['janus.plugin.videoroom'])).sort()).toEqual([
        'janus.plugin.echotest',
        'janus.plugin.videoroom',
      ]);
      await withToken.attach(sessionId, 'janus.plugin.videoroom');

      expect(await admin.disallowToken('t-echo', ['janus.plugin.videoroom'])).toEqual(['janus.plugin.echotest']);
      expect(
        errorCode(
          await withToken.request({ janus: 'attach', session_id: sessionId, plugin: 'janus.plugin.videoroom' }),
        ),
      ).toBe(405);

      await admin.removeToken('t-echo');
      expect((await admin.listTokens()).map((t) => t.token)).not.toContain('t-echo');
      expect(errorCode(await withToken.request({ janus: 'keepalive', session_id: sessionId }, true))).toBe(403);
      expect(errorCode(await withToken.request({ janus: 'create' }))).toBe(403);
    } finally {
      anonymous.close();
      withToken.close();
    }
  });

  it('a token with no plugin left is hidden from listTokens but still authenticates create', async () => {
    await admin.addToken('t-none', ['janus.plugin.echotest']);
    expect(await admin.disallowToken('t-none', ['janus.plugin.echotest'])).toEqual([]);
    expect((await admin.listTokens()).map((t) => t.token)).not.toContain('t-none');
    const client = await ApiClient.open(janus.wsUrl, { token: 't-none' });
    try {
      const sessionId = await client.create();
      expect(
        errorCode(await client.request({ janus: 'attach', session_id: sessionId, plugin: 'janus.plugin.echotest' })),
      ).toBe(405);
    } finally {
      client.close();
      await admin.removeToken('t-none');
    }
  });

  it('token errors: unknown token 470 (allow/disallow), 490 (remove); empty plugin list 467', async () => {
    const err = await expectJanusError(admin.allowToken('missing', ['janus.plugin.echotest']), 470);
    expect(err.request).toBe('allow_token');
    await expectJanusError(admin.disallowToken('missing', ['janus.plugin.echotest']), 470);
    await expectJanusError(admin.removeToken('missing'), 490);
    await admin.addToken('t-x');
    await expectJanusError(admin.allowToken('t-x', []), 467);
    await expectJanusError(admin.allowToken('t-x', ['janus.plugin.nope']), 467);
    await admin.removeToken('t-x');
  });

  it('messagePlugin: VideoRoom create needs the admin_key when one is configured', async () => {
    const denied: unknown = await admin
      .messagePlugin('janus.plugin.videoroom', { request: 'create', room: 4321 })
      .catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(JanusPluginError);
    expect(denied).toMatchObject({ janusCode: 429, reason: 'Missing mandatory element (admin_key)' });
    const created = await admin.messagePlugin('janus.plugin.videoroom', {
      request: 'create',
      room: 4321,
      admin_key: 'room-admin-key',
    });
    expect(created).toMatchObject({ videoroom: 'created', room: 4321 });
    expect(await admin.messagePlugin('janus.plugin.videoroom', { request: 'destroy', room: 4321 })).toMatchObject({
      videoroom: 'destroyed',
    });
  });
});

describe('JanusAdminClient connection handling', () => {
  it('adds admin_secret and a unique transaction to every request', async () => {
    const server = await fakeAdminServer((ws, msg) =>
      reply(ws, msg, { janus: msg.janus === 'ping' ? 'pong' : 'success', sessions: [] }),
    );
    const client = new JanusAdminClient({ url: server.url, secret: 's3cret', logger: silent });
    try {
      await Promise.all([client.ping(), client.listSessions(), client.listSessions()]);
      await client.listHandles(42);
      expect(server.received).toHaveLength(4);
      for (const msg of server.received) {
        expect(msg.admin_secret).toBe('s3cret');
        expect(typeof msg.transaction).toBe('string');
      }
      expect(new Set(server.received.map((m) => m.transaction)).size).toBe(4);
      expect(server.received[3]).toMatchObject({ janus: 'list_handles', session_id: 42 });
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('concurrent first requests share one WebSocket open', async () => {
    const server = await fakeAdminServer((ws, msg) => reply(ws, msg, { janus: 'pong' }));
    const client = new JanusAdminClient({ url: server.url, secret: 's', logger: silent });
    try {
      await Promise.all(Array.from({ length: 8 }, () => client.ping()));
      expect(server.connections()).toBe(1);
      await client.ping();
      expect(server.connections()).toBe(1);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('a request with no reply rejects with JanusTimeoutError; per-call timeoutMs overrides the default', async () => {
    const server = await fakeAdminServer(() => undefined);
    const client = new JanusAdminClient({ url: server.url, secret: 's', requestTimeoutMs: 150, logger: silent });
    try {
      const err: unknown = await client.listSessions().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(JanusTimeoutError);
      expect((err as JanusTimeoutError).timeoutMs).toBe(150);
      expect((err as JanusTimeoutError).request).toBe('list_sessions');
      const quick: unknown = await client.ping({ timeoutMs: 40 }).catch((e: unknown) => e);
      expect(quick).toBeInstanceOf(JanusTimeoutError);
      expect((quick as JanusTimeoutError).timeoutMs).toBe(40);
      expect(client.connected).toBe(true);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('a late reply after a timeout is ignored and the next request still works', async () => {
    let stale: Json | undefined;
    const server = await fakeAdminServer((ws, msg) => {
      if (msg.janus === 'get_status') {
        stale = msg; // never answered in time
        return;
      }
      if (stale) reply(ws, stale, { janus: 'success', status: {} }); // the late reply, just before the real one
      reply(ws, msg, { janus: 'pong' });
    });
    const client = new JanusAdminClient({ url: server.url, secret: 's', logger: silent });
    try {
      await expect(client.getStatus({ timeoutMs: 50 })).rejects.toBeInstanceOf(JanusTimeoutError);
      await expect(client.ping()).resolves.toBeGreaterThanOrEqual(0);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('a drop rejects pending requests with JanusConnectionClosedError; the next request reconnects', async () => {
    const server = await fakeAdminServer((ws, msg) => {
      if (msg.janus === 'list_sessions') ws.terminate();
      else if (msg.janus === 'ping') reply(ws, msg, { janus: 'pong' });
      // get_status: left pending
    });
    const warnings: string[] = [];
    const logger: JanusLogger = { log: () => undefined, error: () => undefined, warn: (m) => warnings.push(m) };
    const client = new JanusAdminClient({ url: server.url, secret: 's', logger: new LogSink(logger, 'warn') });
    try {
      await client.ping();
      const pending = client.getStatus();
      const dropping = client.listSessions();
      const [a, b] = await Promise.all([pending.catch((e: unknown) => e), dropping.catch((e: unknown) => e)]);
      expect(a).toBeInstanceOf(JanusConnectionClosedError);
      expect((a as JanusConnectionClosedError).request).toBe('get_status');
      expect(b).toBeInstanceOf(JanusConnectionClosedError);
      expect(client.connected).toBe(false);
      expect(warnings.some((w) => w.includes('2 pending request(s) failed'))).toBe(true);

      await client.ping();
      expect(server.connections()).toBe(2);
      expect(client.connected).toBe(true);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('an unreachable URL rejects with JanusConnectError', async () => {
    const server = await fakeAdminServer(() => undefined);
    const url = server.url;
    await server.close(); // nothing listens there any more
    const client = new JanusAdminClient({ url, secret: 's', logger: silent });
    const err: unknown = await client.ping().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JanusConnectError);
    await client.close();
  });

  it('a server without the admin subprotocol is refused', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => false });
    await once(wss, 'listening');
    const client = new JanusAdminClient({
      url: `ws://127.0.0.1:${portOf(wss)}`,
      secret: 's',
      logger: silent,
    });
    try {
      await expect(client.ping()).rejects.toBeInstanceOf(JanusConnectError);
    } finally {
      await client.close();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    }
  });

  it('close() is idempotent, fails pending requests and every later one', async () => {
    const server = await fakeAdminServer((ws, msg) => {
      if (msg.janus === 'ping') reply(ws, msg, { janus: 'pong' });
    });
    const client = new JanusAdminClient({ url: server.url, secret: 's', logger: silent });
    try {
      await client.ping();
      const pending = client.listSessions().catch((e: unknown) => e);
      await vi.waitFor(() => expect(server.received).toHaveLength(2));
      const first = client.close();
      expect(client.close()).toBe(first);
      await first;
      expect(await pending).toBeInstanceOf(JanusConnectionClosedError);
      await expect(client.ping()).rejects.toBeInstanceOf(JanusConnectionClosedError);
      expect(client.closed).toBe(true);
      expect(client.connected).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('close() while the first connect is in flight fails that request and leaves no socket open', async () => {
    const server = await fakeAdminServer((ws, msg) => reply(ws, msg, { janus: 'pong' }));
    const client = new JanusAdminClient({ url: server.url, secret: 's', logger: silent });
    try {
      const request = client.ping().catch((e: unknown) => e);
      await client.close();
      expect(await request).toBeInstanceOf(JanusConnectionClosedError);
      expect(client.connected).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('accepts a plain Nest-style logger or false instead of a LogSink', async () => {
    const server = await fakeAdminServer((ws, msg) =>
      msg.janus === 'ping' ? reply(ws, msg, { janus: 'pong' }) : ws.terminate(),
    );
    const warnings: string[] = [];
    const logger: JanusLogger = { log: () => undefined, error: () => undefined, warn: (m) => warnings.push(m) };
    const logged = new JanusAdminClient({ url: server.url, secret: 's', logger });
    const quiet = new JanusAdminClient({ url: server.url, secret: 's', logger: false });
    try {
      await expect(logged.listSessions()).rejects.toBeInstanceOf(JanusConnectionClosedError);
      await expect(quiet.listSessions()).rejects.toBeInstanceOf(JanusConnectionClosedError);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('Janus Admin API connection');
    } finally {
      await logged.close();
      await quiet.close();
      await server.close();
    }
  });

  it('rejects invalid options', () => {
    expect(() => new JanusAdminClient({ url: 'http://x', secret: 's' })).toThrow(/url/);
    expect(() => new JanusAdminClient({ url: 'ws://x', secret: '' })).toThrow(/secret/);
    expect(() => new JanusAdminClient({ url: 'ws://x', secret: 's', requestTimeoutMs: 0 })).toThrow(/requestTimeoutMs/);
  });
});

describe('JanusAdminClient when the real Janus dies and comes back', () => {
  let janus: JanusInstance;
  let admin: JanusAdminClient;
  let silentUdp: UdpSocket;

  beforeAll(async () => {
    janus = await startJanus();
    admin = new JanusAdminClient({ url: janus.adminUrl, secret: janus.adminSecret, logger: silent });
    silentUdp = await udpServer(false); // a "STUN server" that never answers: Janus waits 5 s for it
  });
  afterAll(async () => {
    await admin?.close();
    await janus?.stop();
    silentUdp?.close();
  });

  it('pending requests reject with JanusConnectionClosedError on a crash; the next request reconnects', async () => {
    await admin.ping();
    const pending = admin.testStun('127.0.0.1', silentUdp.address().port, undefined, { timeoutMs: 20_000 });
    const outcome = pending.catch((e: unknown) => e);
    await janus.kill();
    const err = await outcome;
    expect(err).toBeInstanceOf(JanusConnectionClosedError);
    expect((err as JanusConnectionClosedError).request).toBe('test_stun');

    await janus.restart();
    expect(await admin.listSessions()).toEqual([]);
    expect(admin.connected).toBe(true);
  });
});
