import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SignJWT } from 'jose';
import {
  JanusAdminClient,
  JanusService,
  VideoRoomService,
  type JanusHandleInfo,
  type VideoRoomRemoteStream,
} from 'nestjs-janus';
import { io, type Socket } from 'socket.io-client';
import { SOCKET_OPAQUE_ID_PREFIX } from '../../src/signaling/index.js';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/index.js';
import { startJanus, type JanusInstance, type StartJanusOptions } from '../../tools/janus-harness/index.js';
import { TcpProxy } from './tcp-proxy.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';
const TEST_KEY = new TextEncoder().encode(TEST_JWT_SECRET);

/** An HS256 token signed with {@link TEST_JWT_SECRET} (see {@link AppUnderTest.token} for the claims). */
export function testToken(claims: { sub?: string; roles?: string[]; expiresInSeconds?: number } = {}): Promise<string> {
  return new SignJWT({ roles: claims.roles ?? [] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub ?? 'user-1')
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (claims.expiresInSeconds ?? 300))
    .sign(TEST_KEY);
}

/** The real app on a free loopback port, wired to its own real Janus. */
export interface AppUnderTest {
  readonly app: NestExpressApplication;
  readonly url: string;
  readonly janus: JanusInstance;
  readonly admin: JanusAdminClient;
  /** With `throughProxy`: the TCP proxy between the app and Janus (cut its connections to simulate a drop). */
  readonly proxy?: TcpProxy;
  /** Mints an HS256 token the app accepts (`roles` claim; `expiresIn` like "5m" or a negative number of seconds). */
  token(claims?: { sub?: string; roles?: string[]; expiresInSeconds?: number }): Promise<string>;
  /** Opens a socket.io client on a namespace and waits until it is connected (or refused). */
  connect(namespace: string, auth?: { token?: string }): Promise<Socket>;
  /** Janus sessions that exist right now (Admin API). */
  sessions(): Promise<number[]>;
  /**
   * The handles sockets hold on Janus right now (Admin API), as their `opaque_id`s (`socket:<namespace>#<socket
   * id>`, one entry per handle), sorted. The app's own handles (room administration) are not among them.
   */
  socketHandles(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Starts a Janus and the app against it. `env` overrides the app's environment. With `sharedJanus`, the app uses that
 * Janus instead (several app instances on one Janus), and `close()` leaves it running.
 */
export async function startApp(
  options: {
    env?: Record<string, string>;
    janus?: StartJanusOptions;
    throughProxy?: boolean;
    sharedJanus?: JanusInstance;
  } = {},
): Promise<AppUnderTest> {
  // A TextRoom admin key, so a browser cannot create rooms over its data channel (the app has the key, browsers don't).
  const janus =
    options.sharedJanus ?? (await startJanus({ textRoomAdminKey: `textroom-${randomUUID()}`, ...options.janus }));
  const proxy = options.throughProxy ? await TcpProxy.start(Number(new URL(janus.wsUrl).port)) : undefined;
  const config = loadConfig({
    JANUS_URL: proxy ? proxy.wsUrl : janus.wsUrl,
    JANUS_API_SECRET: janus.apiSecret ?? '',
    JANUS_ADMIN_URL: janus.adminUrl,
    JANUS_ADMIN_SECRET: janus.adminSecret,
    VIDEOROOM_ROOM_SECRETS: `1234=${janus.videoRoomSecret}`,
    AUDIOBRIDGE_ROOM_SECRETS: `1234=${janus.videoRoomSecret}`,
    TEXTROOM_ROOM_SECRETS: `1234=${janus.videoRoomSecret}`,
    TEXTROOM_ADMIN_KEY: janus.textRoomAdminKey ?? '',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'error',
    PORT: '0',
    ...options.env,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  // The app connects to Janus in the background (lazy): tests start once it is connected.
  await app.get(JanusService).ready;
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const admin = new JanusAdminClient({ url: janus.adminUrl, secret: janus.adminSecret, logger: false });
  const sockets: Socket[] = [];

  return {
    app,
    url,
    janus,
    admin,
    proxy,
    token: testToken,
    connect(namespace, auth) {
      return connectSocket(`${url}${namespace}`, { auth, opened: sockets });
    },
    sessions: () => admin.listSessions(),
    socketHandles: () => socketHandlesOf(admin),
    async close() {
      for (const s of sockets) s.disconnect();
      await app.close();
      await admin.close();
      await proxy?.close();
      if (!options.sharedJanus) await janus.stop();
    },
  };
}

/**
 * A socket.io client on `url` (a namespace URL), WebSocket only, no reconnection, its handshake carrying `auth` and
 * `headers` (e.g. `X-Forwarded-For`); resolves once connected, rejects with the `connect_error`. The socket is
 * pushed onto `opened` first (the caller's list of sockets to close).
 */
export function connectSocket(
  url: string,
  options: { auth?: object; headers?: Record<string, string>; opened?: Socket[] } = {},
): Promise<Socket> {
  const socket = io(url, {
    auth: options.auth,
    transports: ['websocket'],
    extraHeaders: options.headers ?? {},
    reconnection: false,
    forceNew: true,
  });
  options.opened?.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

/** Emits a request with an ack and resolves with the ack (`{ _id, ok, data | error }`). */
export async function request<T = Record<string, unknown>>(
  socket: Socket,
  event: string,
  data?: unknown,
  id: string | number = Math.floor(Math.random() * 1e9),
): Promise<{
  _id: string | number;
  ok: boolean;
  data: T;
  error?: { code: string; message: string; janusCode?: number };
}> {
  return socket.timeout(15_000).emitWithAck(event, data === undefined ? { _id: id } : { _id: id, data });
}

/** Resolves with the payload of the next `event` on the socket. */
export function next<T = { data: Record<string, unknown> }>(socket: Socket, event: string): Promise<T> {
  return new Promise((resolve) => socket.once(event, (payload: T) => resolve(payload)));
}

/** An audio+video stream set for VideoRoom remote publishers in tests. */
export const REMOTE_AV: VideoRoomRemoteStream[] = [
  { type: 'audio', mindex: 0, mid: '0', codec: 'opus' },
  { type: 'video', mindex: 1, mid: '1', codec: 'vp8' },
];

/**
 * A live feed without a browser: a VideoRoom remote publisher (as when cascading rooms; Janus announces a real
 * publisher only once its media is up). Janus answers add_remote_publisher before the feed is in the room, so this
 * waits until `lobby`, a socket that joined the room, is told about it (`feed-list`), as a real front-end would.
 * Resolves with the added id and the feed ids the announcement listed under `display`.
 */
export async function announcedRemoteFeed(
  app: AppUnderTest,
  lobby: Socket,
  room: number,
  secret: string,
  display: string,
): Promise<{ id: number; announced: number[] }> {
  const announced = new Promise<number[]>((resolve) =>
    lobby.on('feed-list', (payload: { data: { publishers: Array<{ feed: number; display?: string }> } }) => {
      const mine = payload.data.publishers.filter((p) => p.display === display).map((p) => p.feed);
      if (mine.length) resolve(mine);
    }),
  );
  const added = await app.app.get(VideoRoomService).addRemotePublisher({ room, secret, display, streams: REMOTE_AV });
  return { id: Number(added.id), announced: await announced };
}

/** What Janus says of each handle sockets hold, over every session it has (`plugin_only`: no WebRTC details). */
export async function socketHandleInfosOf(admin: JanusAdminClient): Promise<JanusHandleInfo[]> {
  const found: JanusHandleInfo[] = [];
  for (const session of await admin.listSessions()) {
    const handles = await admin.listHandles(session).catch(() => []);
    for (const handle of handles) {
      const info = await admin.handleInfo(session, handle, { plugin_only: true }).catch(() => undefined);
      if (info?.opaque_id?.startsWith(SOCKET_OPAQUE_ID_PREFIX)) found.push(info);
    }
  }
  return found;
}

/** The `opaque_id`s of the handles sockets hold, over every session Janus has (see `AppUnderTest.socketHandles`). */
export async function socketHandlesOf(admin: JanusAdminClient): Promise<string[]> {
  return (await socketHandleInfosOf(admin)).map((info) => info.opaque_id!).sort();
}

/** The VideoRoom kind of each socket's handles (`publisher`, `subscriber`), sorted and comma-joined per socket. */
export async function handleKindsBySocket(admin: JanusAdminClient): Promise<string[]> {
  const bySocket = new Map<string, string[]>();
  for (const info of await socketHandleInfosOf(admin)) {
    const kinds = bySocket.get(info.opaque_id!) ?? [];
    kinds.push(String(info.plugin_specific?.type));
    bySocket.set(info.opaque_id!, kinds);
  }
  return [...bySocket.values()].map((kinds) => kinds.sort().join(',')).sort();
}
