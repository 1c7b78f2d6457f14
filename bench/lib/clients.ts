import Janode, { type JanodeConnection, type JanodeSession } from 'janode';
import EchoTestPluginJanode, { type EchoTestHandle as JanodeEchoTestHandle } from 'janode/plugins/echotest';
import VideoRoomPluginJanode, { type VideoRoomHandle as JanodeVideoRoomHandle } from 'janode/plugins/videoroom';
import {
  EchoTestPlugin,
  JanusConnection,
  VideoRoomPlugin,
  type EchoTestHandle,
  type JanusSession,
  type VideoRoomHandle,
} from 'nestjs-janus';
import type WebSocket from 'ws';
import { RawJanusClient, type RawMessage } from './raw-client.js';

/** The three clients compared. */
export type ClientName = 'raw' | 'janode' | 'nestjs-janus';
export const CLIENT_NAMES: readonly ClientName[] = ['raw', 'janode', 'nestjs-janus'];

/** A session as the bench sees it (each client's own session object). */
export interface SessionRef {
  readonly id: number;
}
/** A handle as the bench sees it (each client's own handle object). */
export interface HandleRef {
  readonly id: number;
}

export type RoomEventKind = 'joining' | 'leaving';
export type RoomEventListener = (kind: RoomEventKind, feed: number) => void;

/** Where the bench's Janus is. */
export interface JanusTarget {
  url: string;
  apiSecret?: string;
}

/**
 * The operations the cases need, implemented by each client with its own public API (a thin shim: one call
 * per operation). Session and handle values are the clients' own objects.
 */
export interface BenchClient {
  readonly name: ClientName;
  createSession(): Promise<SessionRef>;
  keepalive(session: SessionRef): Promise<void>;
  attachEchoTest(session: SessionRef): Promise<HandleRef>;
  /** One EchoTest message without a JSEP: Janus acks it, then sends `result: ok`. */
  echoMessage(handle: HandleRef): Promise<void>;
  attachVideoRoom(session: SessionRef): Promise<HandleRef>;
  roomExists(handle: HandleRef, room: number): Promise<boolean>;
  /** Joins a room as a publisher (no media); resolves with the feed id. */
  joinPublisher(handle: HandleRef, room: number, display: string): Promise<number>;
  leave(handle: HandleRef): Promise<void>;
  /** Listens to others' `joining` and `leaving` on a VideoRoom handle. */
  onRoomEvents(handle: HandleRef, listener: RoomEventListener): void;
  detach(handle: HandleRef): Promise<void>;
  destroy(session: SessionRef): Promise<void>;
  /** The client's WebSocket, to replay frames through its receive path (`ws.emit('message', ...)`). */
  socket(): WebSocket;
  close(): Promise<void>;
}

export async function connectClient(name: ClientName, target: JanusTarget): Promise<BenchClient> {
  switch (name) {
    case 'raw':
      return RawBenchClient.connect(target);
    case 'janode':
      return JanodeBenchClient.connect(target);
    case 'nestjs-janus':
      return LibraryBenchClient.connect(target);
  }
}

// ---- raw ws ---------------------------------------------------------------------------------------------------

interface RawHandle extends HandleRef {
  readonly sessionId: number;
}

function videoRoomData(message: RawMessage): Record<string, unknown> {
  const data = message.plugindata?.data ?? {};
  if (typeof data.error_code === 'number') throw new Error(`VideoRoom error ${data.error_code}: ${String(data.error)}`);
  return data;
}

class RawBenchClient implements BenchClient {
  readonly name = 'raw';
  private listeners?: Map<number, RoomEventListener>;

  private constructor(private readonly client: RawJanusClient) {}

  static async connect(target: JanusTarget): Promise<RawBenchClient> {
    return new RawBenchClient(await RawJanusClient.connect(target.url, target.apiSecret));
  }

  async createSession(): Promise<SessionRef> {
    const reply = await this.client.request({ janus: 'create' });
    return { id: reply.data!.id! };
  }

  async keepalive(session: SessionRef): Promise<void> {
    await this.client.request({ janus: 'keepalive', session_id: session.id }, true);
  }

  async attachEchoTest(session: SessionRef): Promise<HandleRef> {
    return this.attach(session, 'janus.plugin.echotest');
  }

  async echoMessage(handle: HandleRef): Promise<void> {
    const h = handle as RawHandle;
    await this.client.request({ janus: 'message', session_id: h.sessionId, handle_id: h.id, body: { audio: true } });
  }

  async attachVideoRoom(session: SessionRef): Promise<HandleRef> {
    return this.attach(session, 'janus.plugin.videoroom');
  }

  async roomExists(handle: HandleRef, room: number): Promise<boolean> {
    const h = handle as RawHandle;
    const reply = await this.client.request({
      janus: 'message',
      session_id: h.sessionId,
      handle_id: h.id,
      body: { request: 'exists', room },
    });
    return videoRoomData(reply).exists === true;
  }

  async joinPublisher(handle: HandleRef, room: number, display: string): Promise<number> {
    const h = handle as RawHandle;
    const reply = await this.client.request({
      janus: 'message',
      session_id: h.sessionId,
      handle_id: h.id,
      body: { request: 'join', ptype: 'publisher', room, display },
    });
    return videoRoomData(reply).id as number;
  }

  async leave(handle: HandleRef): Promise<void> {
    const h = handle as RawHandle;
    const reply = await this.client.request({
      janus: 'message',
      session_id: h.sessionId,
      handle_id: h.id,
      body: { request: 'leave' },
    });
    videoRoomData(reply);
  }

  onRoomEvents(handle: HandleRef, listener: RoomEventListener): void {
    if (!this.listeners) {
      const listeners = (this.listeners = new Map());
      this.client.onEvent = (message) => {
        const to = message.sender === undefined ? undefined : listeners.get(message.sender);
        const data = message.plugindata?.data;
        if (!to || !data) return;
        const joining = data.joining as { id: number } | undefined;
        if (joining) to('joining', joining.id);
        else if (typeof data.leaving === 'number') to('leaving', data.leaving);
      };
    }
    this.listeners.set(handle.id, listener);
  }

  async detach(handle: HandleRef): Promise<void> {
    const h = handle as RawHandle;
    this.listeners?.delete(h.id);
    await this.client.request({ janus: 'detach', session_id: h.sessionId, handle_id: h.id });
  }

  async destroy(session: SessionRef): Promise<void> {
    await this.client.request({ janus: 'destroy', session_id: session.id });
  }

  socket(): WebSocket {
    return this.client.ws;
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private async attach(session: SessionRef, plugin: string): Promise<RawHandle> {
    const reply = await this.client.request({ janus: 'attach', session_id: session.id, plugin });
    return { id: reply.data!.id!, sessionId: session.id };
  }
}

// ---- Janode ---------------------------------------------------------------------------------------------------

class JanodeBenchClient implements BenchClient {
  readonly name = 'janode';

  private constructor(private readonly connection: JanodeConnection) {}

  static async connect(target: JanusTarget): Promise<JanodeBenchClient> {
    // Logging off for every client: Janode logs each session and handle at its default level (info) and warns
    // on every event that arrives before its ack; the bench measures the protocol machinery, not console I/O.
    Janode.Logger.setLevel('none');
    const connection = await Janode.connect({
      address: { url: target.url, apisecret: target.apiSecret },
      retry_time_secs: 1,
      max_retries: 0,
    });
    return new JanodeBenchClient(connection);
  }

  createSession(): Promise<SessionRef> {
    return this.connection.create();
  }

  async keepalive(session: SessionRef): Promise<void> {
    // Janode has no public keepalive call; its own keepalive task sends exactly this request.
    await (session as JanodeSession).sendRequest({ janus: 'keepalive' });
  }

  attachEchoTest(session: SessionRef): Promise<HandleRef> {
    return (session as JanodeSession).attach(EchoTestPluginJanode);
  }

  async echoMessage(handle: HandleRef): Promise<void> {
    // EchoTestHandle.start() requires a JSEP offer (it dereferences jsep.type); message() is the same request.
    await (handle as JanodeEchoTestHandle).message({ audio: true });
  }

  attachVideoRoom(session: SessionRef): Promise<HandleRef> {
    return (session as JanodeSession).attach(VideoRoomPluginJanode);
  }

  async roomExists(handle: HandleRef, room: number): Promise<boolean> {
    return (await (handle as JanodeVideoRoomHandle).exists({ room })).exists;
  }

  async joinPublisher(handle: HandleRef, room: number, display: string): Promise<number> {
    return (await (handle as JanodeVideoRoomHandle).joinPublisher({ room, display })).feed;
  }

  async leave(handle: HandleRef): Promise<void> {
    await (handle as JanodeVideoRoomHandle).leave();
  }

  onRoomEvents(handle: HandleRef, listener: RoomEventListener): void {
    const h = handle as JanodeVideoRoomHandle;
    const { VIDEOROOM_PUB_PEER_JOINED, VIDEOROOM_LEAVING } = VideoRoomPluginJanode.EVENT;
    h.on(VIDEOROOM_PUB_PEER_JOINED, (event: { feed: number }) => listener('joining', event.feed));
    h.on(VIDEOROOM_LEAVING, (event: { feed: number }) => listener('leaving', event.feed));
  }

  async detach(handle: HandleRef): Promise<void> {
    await (handle as JanodeVideoRoomHandle).detach();
  }

  async destroy(session: SessionRef): Promise<void> {
    await (session as JanodeSession).destroy();
  }

  socket(): WebSocket {
    return (this.connection as unknown as { _transport: { _ws: WebSocket } })._transport._ws;
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

// ---- nestjs-janus ---------------------------------------------------------------------------------------------

class LibraryBenchClient implements BenchClient {
  readonly name = 'nestjs-janus';

  private constructor(private readonly connection: JanusConnection) {}

  static async connect(target: JanusTarget): Promise<LibraryBenchClient> {
    const connection = await JanusConnection.connect({
      servers: [{ url: target.url, apiSecret: target.apiSecret }],
      logger: false,
      requestTimeoutMs: 60_000,
    });
    return new LibraryBenchClient(connection);
  }

  createSession(): Promise<SessionRef> {
    return this.connection.createSession();
  }

  keepalive(session: SessionRef): Promise<void> {
    return (session as JanusSession).keepalive();
  }

  attachEchoTest(session: SessionRef): Promise<HandleRef> {
    return (session as JanusSession).attach(EchoTestPlugin);
  }

  async echoMessage(handle: HandleRef): Promise<void> {
    await (handle as EchoTestHandle).configure({ audio: true });
  }

  attachVideoRoom(session: SessionRef): Promise<HandleRef> {
    return (session as JanusSession).attach(VideoRoomPlugin);
  }

  async roomExists(handle: HandleRef, room: number): Promise<boolean> {
    return (await (handle as VideoRoomHandle).exists({ room })).exists;
  }

  async joinPublisher(handle: HandleRef, room: number, display: string): Promise<number> {
    return Number((await (handle as VideoRoomHandle).joinPublisher({ room, display })).data.id);
  }

  async leave(handle: HandleRef): Promise<void> {
    await (handle as VideoRoomHandle).leave();
  }

  onRoomEvents(handle: HandleRef, listener: RoomEventListener): void {
    (handle as VideoRoomHandle).events$.subscribe((event) => {
      if (event.type === 'joining') listener('joining', Number(event.joining.id));
      else if (event.type === 'leaving' && event.id !== undefined) listener('leaving', Number(event.id));
    });
  }

  detach(handle: HandleRef): Promise<void> {
    return (handle as VideoRoomHandle).detach();
  }

  destroy(session: SessionRef): Promise<void> {
    return (session as JanusSession).destroy();
  }

  socket(): WebSocket {
    return (this.connection as unknown as { transport: { ws: WebSocket } }).transport.ws;
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
